import Foundation
import CommunityMatch

/// Reads a whole input file with POSIX calls.
///
/// Not `Data(contentsOf:)`: on Linux it leaks a 4 KiB buffer on every empty file (found by the scenario
/// fuzzer; an empty list is a common input), and its error texts do not say whether a folder stood where a
/// file was expected.
enum FileBytes {
    struct Failure: Error {
        var reason: String
        var why: Message?
        init(reason: String) { self.reason = reason }
        init(_ why: Message) { self.reason = why.text(.en); self.why = why }
        /// The system's text for `code`, with a sentence of the catalogue for the errors people meet.
        init(errno code: Int32) {
            let text = String(cString: strerror(code))
            switch code {
            case ENOENT: self.init(Message(.errNoSuchFile, ["system": text]))
            case EACCES, EPERM: self.init(Message(.errNoPermission, ["system": text]))
            default: self.init(reason: text)
            }
        }
    }

    static func read(_ path: String) throws(Failure) -> Data {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw Failure(errno: errno) }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw Failure(errno: errno) }
        if (st.st_mode & S_IFMT) == S_IFDIR { throw Failure(Message(.isAFolder)) }
        // The size is a hint only: a file may grow while read, and /proc files report 0.
        var bytes = [UInt8](repeating: 0, count: max(Int(st.st_size), 0) + 1)
        var count = 0
        while true {
            if count == bytes.count { bytes.append(contentsOf: repeatElement(0, count: max(bytes.count, 4096))) }
            let n = bytes.withUnsafeMutableBytes { buffer in
                Foundation.read(fd, buffer.baseAddress! + count, buffer.count - count)
            }
            if n < 0 {
                if errno == EINTR { continue }
                throw Failure(errno: errno)
            }
            if n == 0 { break }
            count += n
        }
        return Data(bytes[..<count])
    }
}
