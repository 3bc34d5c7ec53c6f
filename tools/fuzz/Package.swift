// swift-tools-version:6.0
// libFuzzer targets for the scenario readers. A package of its own so that the main build and `swift test`
// never see the fuzzer flags; build and run them with tools/fuzz/run.sh (docs/reliability.md).
import PackageDescription

// GNU gold (the default linker here) fails with an internal error on the sanitizer runtime; lld links them.
let fuzzerLinking: [LinkerSetting] = [.unsafeFlags(["-use-ld=lld"])]

let package = Package(
    name: "CommunityMatchFuzz",
    platforms: [.macOS(.v13)],
    dependencies: [
        .package(name: "CommunityMatch", path: "../.."),
    ],
    targets: [
        // Raw bytes into the CSV reader: decoding (BOMs, UTF-16, GB18030, invalid bytes) and parsing.
        .executableTarget(name: "FuzzCSVReader", dependencies: [
            .product(name: "CommunityMatch", package: "CommunityMatch"),
        ], linkerSettings: fuzzerLinking),
        // Bytes split into the files of a scenario folder, loaded by the real loader.
        .executableTarget(name: "FuzzScenarioReader", dependencies: [
            .product(name: "CommunityMatch", package: "CommunityMatch"),
        ], linkerSettings: fuzzerLinking),
        // Workbook parts packed into an .xlsx (or raw bytes as the file), loaded as a scenario given directly.
        .executableTarget(name: "FuzzWorkbookReader", dependencies: [
            .product(name: "CommunityMatch", package: "CommunityMatch"),
        ], linkerSettings: fuzzerLinking),
    ]
)
