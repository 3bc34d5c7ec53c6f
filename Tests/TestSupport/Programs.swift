import Foundation
import Testing

/// Programs some tests hand files to (LibreOffice, python3, headless Chromium, pdftotext, glpsol), and whether
/// the run is CI. A test that needs a missing program is skipped when CI is unset and fails when CI is set:
/// `.ci/run` installs them all, so a missing one there is a broken machine, not a reason to pass quietly.
package enum Programs {
    /// `CI` is set to something other than empty, `false` or `0`.
    package static var ci: Bool {
        let v = (ProcessInfo.processInfo.environment["CI"] ?? "").lowercased()
        return !v.isEmpty && v != "false" && v != "0"
    }

    /// The first candidate found: an absolute path as is, a bare name on PATH (or /usr/bin, /usr/local/bin).
    package static func executable(_ candidates: [String]) -> String? {
        let path = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":").map(String.init)
        for c in candidates {
            if c.hasPrefix("/") { if FileManager.default.isExecutableFile(atPath: c) { return c } else { continue } }
            for dir in path + ["/usr/bin", "/usr/local/bin"] {
                let p = dir + "/" + c
                if FileManager.default.isExecutableFile(atPath: p) { return p }
            }
        }
        return nil
    }

    package static let soffice = executable(["soffice", "libreoffice"])
    package static let chromium = executable(["chromium-headless-shell", "/usr/lib/chromium/chromium-headless-shell", "chromium", "google-chrome"])
    package static let pdftotext = executable(["pdftotext"])
    package static let python = executable(["python3"])
    package static let icalendar: Bool = {
        guard let python else { return false }
        return (try? CLI.run(["-c", "import icalendar"], executable: URL(fileURLWithPath: python)))?.status == 0
    }()

    /// Runs `exe args…` the way `CLI.run` runs cmatch.
    package static func run(_ exe: String, _ args: [String]) throws -> CLI.Run {
        try CLI.run(args, executable: URL(fileURLWithPath: exe))
    }
}
