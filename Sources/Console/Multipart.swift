import Foundation

/// multipart/form-data (RFC 7578) read from a collected body: the parts, each with its field name, file
/// name (as the browser sent it: reduced by `Workspace.baseName` before use) and bytes. Malformed input
/// gives nil, never a crash.
public struct MultipartForm: Sendable {
    public struct Part: Sendable {
        public var name: String
        public var filename: String?
        public var data: Data
    }
    public var parts: [Part]

    public func value(_ name: String) -> String? {
        parts.first { $0.name == name && $0.filename == nil }.map { String(decoding: $0.data, as: UTF8.self) }
    }
    public func files(_ name: String) -> [Part] { parts.filter { $0.name == name && $0.filename != nil } }

    /// The boundary of a `Content-Type: multipart/form-data; boundary=…` header.
    public static func boundary(contentType: String) -> String? {
        guard contentType.lowercased().hasPrefix("multipart/form-data") else { return nil }
        for item in contentType.split(separator: ";").dropFirst() {
            let kv = item.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            if kv.count == 2, kv[0].lowercased() == "boundary" {
                let b = kv[1].trimmingCharacters(in: CharacterSet(charactersIn: "\""))
                return b.isEmpty || b.count > 200 ? nil : b
            }
        }
        return nil
    }

    public init?(data: Data, boundary: String) {
        let bytes = [UInt8](data)
        let delimiter = Array(("--" + boundary).utf8)
        var starts: [Int] = []
        var i = 0
        while let k = Self.find(delimiter, in: bytes, from: i) { starts.append(k); i = k + delimiter.count }
        guard starts.count >= 2 else { return nil }
        var parts: [Part] = []
        for (a, b) in zip(starts, starts.dropFirst()) {
            var s = a + delimiter.count
            guard s + 2 <= bytes.count, bytes[s] == 13, bytes[s + 1] == 10 else { continue }
            s += 2
            var e = b
            if e >= 2, bytes[e - 2] == 13, bytes[e - 1] == 10 { e -= 2 }
            guard e >= s, let headerEnd = Self.find([13, 10, 13, 10], in: Array(bytes[s..<e]), from: 0) else { continue }
            let header = String(decoding: bytes[s..<(s + headerEnd)], as: UTF8.self)
            let body = Data(bytes[(s + headerEnd + 4)..<e])
            var name: String? = nil, filename: String? = nil
            for line in header.components(separatedBy: "\r\n") where line.lowercased().hasPrefix("content-disposition:") {
                name = Self.parameter("name", in: line)
                filename = Self.parameter("filename", in: line)
            }
            guard let name else { continue }
            parts.append(Part(name: name, filename: filename, data: body))
        }
        self.parts = parts
    }

    static func parameter(_ key: String, in line: String) -> String? {
        // name="files"; filename="../needs.csv" — quoted values may hold ';'.
        var rest = Substring(line)
        while let r = rest.range(of: key + "=") {
            let before = rest[rest.startIndex..<r.lowerBound].last
            rest = rest[r.upperBound...]
            guard before == nil || before == " " || before == ";" else { continue }
            if rest.first == "\"" {
                let body = rest.dropFirst()
                guard let end = body.firstIndex(of: "\"") else { return String(body) }
                return String(body[body.startIndex..<end])
            }
            return String(rest.prefix { $0 != ";" }).trimmingCharacters(in: .whitespaces)
        }
        return nil
    }

    static func find(_ needle: [UInt8], in hay: [UInt8], from: Int) -> Int? {
        guard !needle.isEmpty, hay.count >= needle.count, from <= hay.count - needle.count else { return nil }
        let first = needle[0]
        var i = from
        let last = hay.count - needle.count
        while i <= last {
            if hay[i] == first {
                var j = 1
                while j < needle.count && hay[i + j] == needle[j] { j += 1 }
                if j == needle.count { return i }
            }
            i += 1
        }
        return nil
    }
}
