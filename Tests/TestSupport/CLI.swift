import Foundation
import Testing

/// The built `cmatch` executable, run as a user runs it: every test target that checks exit codes, stdout and
/// stderr, or what lands on disk, spawns it through `CLI.run`.
package enum CLI {
    // MARK: - Finding and running the binary

    /// `cmatch` sits in the same products directory as the test bundle (`.build…/debug/`); SwiftPM builds every
    /// product with `swift build --build-tests`.
    package static let cmatch: URL? = {
        var dirs: [URL] = []
        if let exe = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            dirs.append(URL(fileURLWithPath: exe).deletingLastPathComponent())
        }
        if let first = CommandLine.arguments.first {
            dirs.append(URL(fileURLWithPath: first).standardizedFileURL.deletingLastPathComponent())
        }
        dirs.append(Bundle.main.bundleURL)
        dirs.append(Bundle.main.bundleURL.deletingLastPathComponent())
        for dir in dirs {
            var d = dir
            for _ in 0..<4 {
                let candidate = d.appendingPathComponent("cmatch")
                var isDir: ObjCBool = false
                if FileManager.default.fileExists(atPath: candidate.path, isDirectory: &isDir), !isDir.boolValue,
                   FileManager.default.isExecutableFile(atPath: candidate.path) {
                    return candidate
                }
                d = d.deletingLastPathComponent()
            }
        }
        return nil
    }()

    package static let glpsol: String? = ["/usr/bin/glpsol", "/usr/local/bin/glpsol"].first {
        FileManager.default.isExecutableFile(atPath: $0)
    }

    package struct Run {
        package var status: Int32
        package var signalled: Bool
        package var stdout: String
        package var stderr: String
        package var stderrLines: [String] { stderr.split(separator: "\n").map(String.init) }
    }

    /// Collects one pipe on a background thread, so a chatty stderr cannot block the child while stdout is read.
    private final class Drain: @unchecked Sendable {
        private let lock = NSLock()
        private var data = Data()
        private let done = DispatchSemaphore(value: 0)
        init(_ handle: FileHandle) {
            DispatchQueue.global().async { [self] in
                let d = handle.readDataToEndOfFile()
                lock.lock(); data = d; lock.unlock()
                done.signal()
            }
        }
        func text() -> String {
            done.wait()
            lock.lock(); defer { lock.unlock() }
            return String(decoding: data, as: UTF8.self)
        }
    }

    /// Runs `cmatch args…`, or `executable args…` when given (e.g. /bin/sh to set limits first).
    package static func run(_ args: [String], executable: URL? = nil, sourceLocation: SourceLocation = #_sourceLocation) throws -> Run {
        let exe: URL
        if let executable {
            exe = executable
        } else {
            exe = try #require(cmatch, "cmatch was not found next to the test bundle; run swift build --build-tests",
                               sourceLocation: sourceLocation)
        }
        let p = Process()
        p.executableURL = exe
        p.arguments = args
        var env = ProcessInfo.processInfo.environment
        env["SWIFT_BACKTRACE"] = "enable=no"
        p.environment = env
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        p.standardInput = FileHandle.nullDevice
        try p.run()
        let o = Drain(out.fileHandleForReading), e = Drain(err.fileHandleForReading)
        p.waitUntilExit()
        return Run(status: p.terminationStatus, signalled: p.terminationReason == .uncaughtSignal,
                   stdout: o.text(), stderr: e.text())
    }

    package static func describe(_ r: Run) -> String {
        "exit \(r.status)\(r.signalled ? " (signal)" : "")\n--- stdout\n\(r.stdout)--- stderr\n\(r.stderr)"
    }

    package static func contents(_ dir: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).sorted()
    }

    // MARK: - Fixtures

    /// Three communities, two pledging units, six members, five needs, a project, two resources: enough ties
    /// (members of equal travel, interchangeable slots) that a nondeterministic writer or model would show.
    package static let good: [String: String?] = [
        "scenario.yaml": """
            name: cli-fixture
            week: 2026-W48

            """,
        "communities.csv": """
            id,name,street,lat,lon
            C1,Nanguan,Nanguan,39.9000,116.4000
            C2,Beiguan,Nanguan,39.9040,116.4000
            C3,Xiguan,Nanguan,39.9000,116.3950

            """,
        "units.csv": """
            id,name,kind,pledge_hours
            U1,City Hospital,hospital,6
            U2,Tax Bureau,government,2

            """,
        "members.csv": """
            id,name,unit,community,skills,slots,max_hours
            M1,李明,U1,C1,medical,weekend,4
            M2,王芳,U1,C2,medical|driving,Sat,4
            M3,张伟,U2,C1,,weekend-AM|Sun-PM,6
            M4,刘洋,U2,C3,legal,Sat-AM|Sat-PM,4
            M5,陈静,U1,C2,,any,2
            M6,Zhao Lei,U2,C1,"driving; first-aid",Sun,4

            """,
        "resources.csv": """
            id,unit,kind,name,community,capacity,slots,quantity,tags
            R1,U1,vehicle,Hospital van,C1,1,weekend,,
            R2,U2,venue,Meeting room,C2,30,Sat-AM|Sun-AM,,

            """,
        "needs.csv": """
            id,community,category,title,headcount,hours,slots,skills,priority,vulnerable,resources,preferred_member
            N1,C1,medical,陪老人看病,1,2,Sat-AM|Sun-AM,medical,1,是,vehicle,M1
            N2,C1,chores,买菜,1,2,weekend,,3,否,,
            N3,C2,legal,Legal advice,1,2,Sat-PM,legal,2,no,,
            N4,C3,chores,"Clean, then cook",2,2,Sat-AM|Sun-PM,,4,no,,
            N5,C2,repair,Fix a tap,1,2,Wed-PM,plumbing,3,no,,

            """,
        "projects.csv": """
            id,community,title,category,slots,hours,roles,resources,beneficiaries,priority
            P1,C2,Health clinic,medical,Sat-AM|Sun-AM,3,medical:1-2;any:1-3,venue>=20,40,2

            """,
    ]

    package static let planFiles = ["assignments.csv", "plan.json", "resources.csv", "summary.json", "units.csv", "unmet.csv"]

}
