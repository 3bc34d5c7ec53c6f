// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "CommunityMatch",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "cmatch", targets: ["cmatch"]),
        .library(name: "CommunityMatch", targets: ["CommunityMatch", "ScenarioIO", "MIPModel", "MatchModel", "MatchSearch", "GLPKSolver", "PlanIO", "PlanVerify", "Planning", "PlanExport", "Ledger", "Planner"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/swiftlang/swift-subprocess", from: "1.0.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.6.0"),
    ],
    targets: [
        // GLPK 5.0 from Debian's libglpk-dev; it ships no pkg-config file, so the module map links it.
        .systemLibrary(name: "CGLPK", path: "Sources/CGLPK", providers: [.apt(["libglpk-dev"])]),
        // Domain: knows no solver and no file format.
        .target(name: "CommunityMatch"),
        // Readers of scenario folders (CSV, YAML) and workbooks (.xlsx through ZIPFoundation and FoundationXML,
        // which needs Debian's libxml2): know no solver.
        .target(name: "ScenarioIO", dependencies: [
            "CommunityMatch", .product(name: "Yams", package: "Yams"), .product(name: "ZIPFoundation", package: "ZIPFoundation"),
        ]),
        // The solver-neutral MIP: variables, rows, the validator, the LP/MPS writers, the MIPSolver contract.
        .target(name: "MIPModel", dependencies: ["CommunityMatch"]),
        // The week's MIP built from a scenario, one function per rule of SPEC.md, and the plan read back.
        .target(name: "MatchModel", dependencies: ["CommunityMatch", "MIPModel"]),
        // The search (lexicographic driver, parts, restricted MIPs, windows, bounds, greedy dispatch, the
        // re-planning model) and the bottleneck analysis built on it.
        .target(name: "MatchSearch", dependencies: ["CommunityMatch", "MIPModel", "MatchModel"]),
        // The only module that imports GLPK; it sees nothing but the solver-neutral model.
        .target(name: "GLPKSolver", dependencies: ["MIPModel", "CGLPK"]),
        // Plan files: writers and the plan.json reader.
        .target(name: "PlanIO", dependencies: ["CommunityMatch"]),
        // The plan verifier and reason certificates: shares the domain and the readers, never the model
        // builder, so it stays a second opinion.
        .target(name: "PlanVerify", dependencies: ["CommunityMatch", "ScenarioIO"]),
        // Exports for the street office (xlsx, csv, json, ics, html): read a plan and its scenario, write files.
        .target(name: "PlanExport", dependencies: [
            "CommunityMatch", "ScenarioIO", "PlanIO", "PlanVerify", .product(name: "ZIPFoundation", package: "ZIPFoundation"),
        ]),
        // Operations on a loaded week that combine the model, the verifier and the plan files (re-planning);
        // solver-neutral: the caller hands in a MIPSolver.
        .target(name: "Planning", dependencies: ["CommunityMatch", "MIPModel", "MatchModel", "MatchSearch", "PlanIO", "PlanVerify"]),
        // The ledger of accepted weeks: the only module that imports GRDB (SQLite; Debian's libsqlite3-dev).
        .target(name: "Ledger", dependencies: ["CommunityMatch", .product(name: "GRDB", package: "GRDB.swift")]),
        // The product's operations behind one API (solve, verify, explain, replan, compare, export, accept) with
        // the shipped solver configuration: the command line and the web console only parse, call and render.
        .target(name: "Planner", dependencies: [
            "CommunityMatch", "ScenarioIO", "MIPModel", "MatchModel", "MatchSearch", "GLPKSolver", "PlanIO", "PlanVerify", "PlanExport",
            "Ledger", "Planning",
        ]),
        // The street office's web console and its JSON API (cmatch serve): Hummingbird 2 and Mustache templates
        // held in the binary. Every call into the library goes through Operations.swift (the Planner).
        .target(name: "Console", dependencies: [
            "CommunityMatch", "ScenarioIO", "MIPModel", "MatchModel", "MatchSearch", "GLPKSolver", "PlanIO", "PlanVerify", "PlanExport",
            "Ledger", "Planning", "Planner",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "Mustache", package: "swift-mustache"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "ZIPFoundation", package: "ZIPFoundation"),
        ]),
        .executableTarget(name: "cmatch", dependencies: [
            "CommunityMatch", "ScenarioIO", "MIPModel", "MatchModel", "MatchSearch", "GLPKSolver", "PlanIO", "PlanVerify", "PlanExport",
            "Ledger", "Planning", "Planner", "Console",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            // Runs the solve in a child process for solve --isolate.
            .product(name: "Subprocess", package: "swift-subprocess"),
        ]),
        // Tests: one target per module, sharing Tests/TestSupport (the `cmatch` runner, scenario folders, the
        // random scenario generator, the plan checker, the paths of the repository and the fixtures).
        .target(name: "TestSupport", dependencies: ["CommunityMatch", "PlanVerify"], path: "Tests/TestSupport", exclude: ["Fixtures"]),
        .testTarget(name: "CommunityMatchTests", dependencies: ["CommunityMatch", "TestSupport"]),
        .testTarget(name: "ScenarioIOTests", dependencies: ["CommunityMatch", "ScenarioIO", "MIPModel", "MatchModel", "PlanExport", "TestSupport"]),
        .testTarget(name: "MIPModelTests", dependencies: ["MIPModel", "GLPKSolver", "TestSupport"]),
        .testTarget(name: "MatchModelTests", dependencies: [
            "CommunityMatch", "ScenarioIO", "MIPModel", "MatchModel", "MatchSearch", "GLPKSolver", "PlanIO", "PlanVerify", "TestSupport",
        ]),
        .testTarget(name: "GLPKSolverTests", dependencies: ["CommunityMatch", "MIPModel", "MatchModel", "MatchSearch", "GLPKSolver", "TestSupport"]),
        .testTarget(name: "PlanIOTests", dependencies: ["CommunityMatch", "PlanIO", "TestSupport"]),
        .testTarget(name: "PlanVerifyTests", dependencies: ["CommunityMatch", "ScenarioIO", "PlanVerify", "TestSupport"]),
        .testTarget(name: "PlanExportTests", dependencies: [
            "CommunityMatch", "PlanIO", "PlanVerify", "PlanExport", "TestSupport", .product(name: "ZIPFoundation", package: "ZIPFoundation"),
        ]),
        .testTarget(name: "LedgerTests", dependencies: ["CommunityMatch", "ScenarioIO", "PlanIO", "PlanVerify", "Ledger", "TestSupport"]),
        .testTarget(name: "PlanningTests", dependencies: [
            "CommunityMatch", "ScenarioIO", "MIPModel", "MatchModel", "MatchSearch", "GLPKSolver", "PlanVerify", "Planning", "TestSupport",
        ]),
        .testTarget(name: "PlannerTests", dependencies: [
            "CommunityMatch", "Ledger", "PlanIO", "Planner", "Planning", "ScenarioIO", "TestSupport",
        ]),
        .testTarget(name: "CLITests", dependencies: ["CommunityMatch", "PlanIO", "TestSupport"]),
        .testTarget(name: "ConsoleTests", dependencies: [
            "Console", "CommunityMatch", "TestSupport",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "HummingbirdTesting", package: "hummingbird"),
        ]),
    ]
)
