import CommunityMatch
import Foundation

/// Thrown when an output cannot be written (exit 73).
public struct OutputError: Error, Sendable, CustomStringConvertible {
    public var path: String
    public var reason: String
    public init(path: String, reason: String) { self.path = path; self.reason = reason }
    public var description: String { text(.en) }

    /// In `lang`: the sentence is the catalogue's, the reason the system's own words unless it is one of ours.
    public func text(_ lang: Language) -> String {
        let why: String
        switch reason {
        case "a file of that name exists and is not a folder": why = lang(.outputNotAFolder)
        case "it exists and is not a regular file": why = lang(.outputNotAFile)
        default: why = reason
        }
        return lang(.cannotBeWritten, ["path": path, "reason": why])
    }
}

/// Writes a set of files as one folder that appears whole or not at all: the files go into a temporary
/// sibling folder, which is then renamed into place. A failed run leaves no half-written plan and no
/// temporary folder behind.
///
/// A run killed outright (SIGKILL, power loss) cannot clean up: it may leave `.NAME.tmp-PID`, a hidden
/// folder that was never the plan, or, killed between its two renames, `.NAME.old-PID`, the previous plan
/// moved aside. The next write to the same folder, and `cleanUpAfterDeadWriters`, remove the first and put
/// the second back when no plan took its place, once the process PID no longer exists.
public enum AtomicFolder {
    /// Called after each file of a folder is written; nil except in the fault tests of the solve worker,
    /// which use it to die in the middle of a write.
    nonisolated(unsafe) public static var afterEachFile: ((String) -> Void)? = nil

    public static func write(_ files: [(name: String, data: Data)], to folder: String) throws {
        let fm = FileManager.default
        let target = URL(fileURLWithPath: folder).standardizedFileURL
        let parent = target.deletingLastPathComponent()
        let pid = ProcessInfo.processInfo.processIdentifier
        cleanUpAfterDeadWriters(of: folder)
        let temp = parent.appendingPathComponent(".\(target.lastPathComponent).tmp-\(pid)")
        let old = parent.appendingPathComponent(".\(target.lastPathComponent).old-\(pid)")
        var isDir: ObjCBool = false
        if fm.fileExists(atPath: target.path, isDirectory: &isDir), !isDir.boolValue {
            throw OutputError(path: folder, reason: "a file of that name exists and is not a folder")
        }
        do {
            try? fm.removeItem(at: temp)
            try fm.createDirectory(at: temp, withIntermediateDirectories: false)
            for f in files {
                try f.data.write(to: temp.appendingPathComponent(f.name), options: [])
                afterEachFile?(f.name)
            }
            if fm.fileExists(atPath: target.path) {
                try fm.moveItem(at: target, to: old)
                do { try fm.moveItem(at: temp, to: target) } catch {
                    try? fm.moveItem(at: old, to: target)
                    throw error
                }
                try? fm.removeItem(at: old)
            } else {
                try fm.moveItem(at: temp, to: target)
            }
        } catch {
            try? fm.removeItem(at: temp)
            let ns = error as NSError
            let reason = (ns.userInfo[NSUnderlyingErrorKey] as? NSError)?.localizedDescription ?? ns.localizedDescription
            throw OutputError(path: folder, reason: reason)
        }
    }

    /// Removes what writers of `folder` that no longer run left behind (see the type's comment), and puts a
    /// previous plan moved aside back in place when nothing replaced it. Entries of a live process are left
    /// alone: that process may still be writing.
    /// - Returns: the names removed or restored, for messages and tests.
    @discardableResult
    public static func cleanUpAfterDeadWriters(of folder: String) -> [String] {
        let fm = FileManager.default
        let target = URL(fileURLWithPath: folder).standardizedFileURL
        let parent = target.deletingLastPathComponent()
        let name = target.lastPathComponent
        guard let entries = try? fm.contentsOfDirectory(atPath: parent.path) else { return [] }
        var done: [String] = []
        // Sorted so that, of several previous plans moved aside, the same one is restored on every machine.
        for entry in entries.sorted() {
            for kind in ["tmp", "old"] {
                let prefix = ".\(name).\(kind)-"
                guard entry.hasPrefix(prefix), let pid = Int32(entry.dropFirst(prefix.count)), pid > 0,
                      pid != ProcessInfo.processInfo.processIdentifier, !isRunning(pid) else { continue }
                let url = parent.appendingPathComponent(entry)
                if kind == "old", !fm.fileExists(atPath: target.path), (try? fm.moveItem(at: url, to: target)) != nil {
                    done.append(entry)
                } else if (try? fm.removeItem(at: url)) != nil {
                    done.append(entry)
                }
            }
        }
        return done
    }

    /// kill(pid, 0) fails with ESRCH only when no such process exists; EPERM means it exists under another
    /// user, so it counts as running.
    static func isRunning(_ pid: Int32) -> Bool {
        kill(pid, 0) == 0 || errno != ESRCH
    }

    /// One file written under a temporary name and renamed.
    ///
    /// The rename replaces whatever has that name, so anything but a regular file is refused: as root,
    /// `--write-model /dev/full` would otherwise replace the device node itself with a file. A symbolic link
    /// to a regular file is followed, so the link stays and its target gets the new content.
    public static func writeFile(_ data: Data, to path: String) throws {
        var path = path
        if let target = try? FileManager.default.destinationOfSymbolicLink(atPath: path) {
            path = (target as NSString).isAbsolutePath ? target
                : ((path as NSString).deletingLastPathComponent as NSString).appendingPathComponent(target)
        }
        var st = stat()
        if lstat(path, &st) == 0, (st.st_mode & S_IFMT) != S_IFREG {
            throw OutputError(path: path, reason: "it exists and is not a regular file")
        }
        do { try data.write(to: URL(fileURLWithPath: path), options: .atomic) }
        catch {
            throw OutputError(path: path, reason: (error as NSError).localizedDescription)
        }
    }
}
