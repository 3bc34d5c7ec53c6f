import Foundation

/// Where the tests find what lives beside the sources: the repository (its scenarios/ and tools/) and the
/// shared fixtures in Tests/TestSupport/Fixtures. Every test target reads them through here, so that moving a
/// test file between targets never breaks a path.
package enum Paths {
    /// The repository root (this file is Tests/TestSupport/Paths.swift).
    package static let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    /// Tests/TestSupport/Fixtures: the bad-input corpus (`bad-inputs/`) and the damaged workbooks (`bad-workbooks/`).
    package static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
    /// An example scenario folder under scenarios/.
    package static func scenario(_ name: String) -> URL { repo.appendingPathComponent("scenarios").appendingPathComponent(name) }
}
