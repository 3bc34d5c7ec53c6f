import Foundation

/// Thrown when an output cannot be written (exit 73).
public struct OutputError: Error, Sendable, CustomStringConvertible {
    public var path: String
    public var reason: String
    public init(path: String, reason: String) { self.path = path; self.reason = reason }
    public var description: String { "\(path): cannot be written: \(reason)" }
}

/// Writes a set of files as one folder that appears whole or not at all: the files go into a temporary
/// sibling folder, which is then renamed into place. A failed run leaves no half-written plan and no
/// temporary folder behind.
public enum AtomicFolder {
    public static func write(_ files: [(name: String, data: Data)], to folder: String) throws {
        let fm = FileManager.default
        let target = URL(fileURLWithPath: folder).standardizedFileURL
        let parent = target.deletingLastPathComponent()
        let pid = ProcessInfo.processInfo.processIdentifier
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

    /// One file written under a temporary name and renamed.
    public static func writeFile(_ data: Data, to path: String) throws {
        do { try data.write(to: URL(fileURLWithPath: path), options: .atomic) }
        catch {
            throw OutputError(path: path, reason: (error as NSError).localizedDescription)
        }
    }
}
