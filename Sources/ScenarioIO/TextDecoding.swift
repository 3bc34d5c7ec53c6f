import CommunityMatch
import Foundation

/// The encodings a street office's lists arrive in: UTF-8 (WPS, LibreOffice, Excel's "CSV UTF-8"), GB18030/GBK
/// (Excel's plain "CSV" on a Chinese Windows) and UTF-16 (Excel's "Unicode text").
public enum TextEncoding: String, Sendable {
    case utf8, gb18030, utf16le, utf16be

    /// Reads the `encoding:` value of scenario.yaml. GBK, GB2312 and CP936 map to GB18030 because each is a
    /// subset of it, and Linux Foundation can decode only GB18030 (FACTS.md).
    public init?(name: String) {
        let key = name.trimmingCharacters(in: .whitespaces).lowercased()
            .replacingOccurrences(of: "_", with: "-")
        switch key {
        case "utf-8", "utf8", "utf-8-bom", "utf-8-sig": self = .utf8
        case "gb18030", "gb-18030", "gbk", "gb2312", "gb-2312", "cp936", "ms936", "windows-936", "euc-cn":
            self = .gb18030
        case "utf-16", "utf16", "utf-16le", "utf16le", "unicode": self = .utf16le
        case "utf-16be", "utf16be": self = .utf16be
        default: return nil
        }
    }

    /// The name people see in messages, spelled as Excel and WPS spell it.
    public var displayName: String {
        switch self {
        case .utf8: return "UTF-8"
        case .gb18030: return "GB18030"
        case .utf16le: return "UTF-16LE"
        case .utf16be: return "UTF-16BE"
        }
    }
}

/// Turns the bytes of a list into text, and when that is impossible says exactly where, because Foundation's
/// decoders only answer nil and a person needs a line to look at.
///
/// Line endings are left as they are (CRLF, CR or LF); the CSV parser treats all three as one line break, and
/// the line numbers here count them the same way so the two agree. A column in a decoding message counts
/// characters within the line, since a file that cannot be decoded has no trustworthy cells yet.
public enum TextDecoder {
    static let gb18030 = String.Encoding(rawValue: 0x8000_0632)
    /// `encoding:` in scenario.yaml applies to the CSV files only, so it is no advice for scenario.yaml itself.
    static func hint(_ file: String) -> Message {
        isCSV(file) ? Message(.hintSaveUTF8OrEncoding) : Message(.hintSaveUTF8)
    }

    static func isCSV(_ file: String) -> Bool {
        let lower = file.lowercased()
        return !(lower.hasSuffix(".yaml") || lower.hasSuffix(".yml"))
    }

    public static func decode(_ data: Data, file: String, declared: TextEncoding?)
        -> (text: String?, encoding: TextEncoding, diagnostics: [Diagnostic])
    {
        let bytes = [UInt8](data)
        var diagnostics: [Diagnostic] = []
        let whole = SourceLocation(file: file, line: 1, column: 1)

        // A byte order mark is the file's own statement and beats anything scenario.yaml says.
        if let bom = byteOrderMark(bytes) {
            if let declared, declared != bom.encoding, isCSV(file) {
                diagnostics.append(.warning(whole, Message(.encodingBOMMismatch, ["declared": declared.rawValue, "bom": bom.encoding.displayName])))
            }
            let body = bytes[bom.length...]
            let result: (String?, [Diagnostic])
            switch bom.encoding {
            case .utf8:
                if let nul = body.firstIndex(of: 0) {
                    return (nil, .utf8, diagnostics + [nulError(at: nul, in: body, encoding: .utf8, file: file)])
                }
                result = decodeUTF8(body, file: file, otherwise: nil)
            case .utf16le, .utf16be: result = decodeUTF16(body, bigEndian: bom.encoding == .utf16be, file: file)
            case .gb18030: result = decodeGB18030(body, file: file)
            }
            return (result.0, bom.encoding, diagnostics + result.1)
        }

        if let container = containerFormat(bytes) {
            return (nil, declared ?? .utf8, [.error(whole, Message(.containerNotCSV, nested: ["container": container]))])
        }

        // Excel always writes a BOM with UTF-16, but a file passed through another tool may have lost it.
        let encoding = declared ?? guessUTF16WithoutBOM(bytes) ?? .utf8
        if encoding == .utf16le || encoding == .utf16be {
            let result = decodeUTF16(bytes[...], bigEndian: encoding == .utf16be, file: file)
            return (result.0, encoding, result.1)
        }

        if let nul = bytes.firstIndex(of: 0) {
            return (nil, encoding, [nulError(at: nul, in: bytes[...], encoding: encoding, file: file)])
        }

        switch declared {
        case .gb18030?:
            if bytes.contains(where: { $0 >= 0x80 }), String(validating: bytes, as: UTF8.self) != nil {
                diagnostics.append(.warning(whole, Message(.declaredGBButUTF8)))
            }
            let result = decodeGB18030(bytes[...], file: file)
            return (result.0, .gb18030, diagnostics + result.1)
        case .utf8?:
            let result = decodeUTF8(bytes[...], file: file, otherwise: nil)
            return (result.0, .utf8, result.1)
        default:
            break
        }

        // Undeclared: UTF-8 first, because GB18030 accepts almost any byte sequence, valid UTF-8 included, and
        // would turn a UTF-8 file into nonsense without complaint.
        if let text = String(validating: bytes, as: UTF8.self) {
            return (text, .utf8, [])
        }
        if let text = String(data: data, encoding: gb18030) {
            return (text, .gb18030, [])
        }
        // Neither fits: report the encoding that got further, since that is most likely what the file was
        // meant to be and its first bad byte is the one to fix.
        let utf8Bad = firstInvalidUTF8(bytes[...]) ?? bytes.count
        let gbBad = firstInvalidGB18030(bytes[...]) ?? bytes.count
        if gbBad > utf8Bad {
            let result = decodeGB18030(bytes[...], file: file, alsoNot: .utf8)
            return (nil, .gb18030, result.1)
        }
        let result = decodeUTF8(bytes[...], file: file, otherwise: .gb18030)
        return (nil, .utf8, result.1)
    }

    // MARK: - Byte order marks and non-text files

    static func byteOrderMark(_ b: [UInt8]) -> (encoding: TextEncoding, length: Int)? {
        if b.count >= 3, b[0] == 0xEF, b[1] == 0xBB, b[2] == 0xBF { return (.utf8, 3) }
        if b.count >= 2, b[0] == 0xFF, b[1] == 0xFE { return (.utf16le, 2) }
        if b.count >= 2, b[0] == 0xFE, b[1] == 0xFF { return (.utf16be, 2) }
        return nil
    }

    /// Workbooks saved with a .csv name are a common mistake; naming the format tells the person what to do.
    static func containerFormat(_ b: [UInt8]) -> Message? {
        if b.starts(with: [0x50, 0x4B, 0x03, 0x04]) { return Message(.containerXLSX) }
        if b.starts(with: [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) { return Message(.containerXLS) }
        return nil
    }

    /// UTF-16 text of mostly ASCII has a zero in every other byte; binary files rarely keep that rhythm.
    static func guessUTF16WithoutBOM(_ b: [UInt8]) -> TextEncoding? {
        let n = min(b.count, 512) & ~1
        guard n >= 4 else { return nil }
        var evenZeros = 0, oddZeros = 0
        for i in stride(from: 0, to: n, by: 2) {
            if b[i] == 0 { evenZeros += 1 }
            if b[i + 1] == 0 { oddZeros += 1 }
        }
        let pairs = n / 2
        if oddZeros * 2 >= pairs && evenZeros == 0 { return .utf16le }
        if evenZeros * 2 >= pairs && oddZeros == 0 { return .utf16be }
        return nil
    }

    // MARK: - UTF-8

    static func decodeUTF8(_ bytes: ArraySlice<UInt8>, file: String, otherwise alternative: TextEncoding?)
        -> (String?, [Diagnostic])
    {
        if let text = String(validating: bytes, as: UTF8.self) { return (text, []) }
        let bad = firstInvalidUTF8(bytes) ?? bytes.endIndex
        var note = Message(.noHint)
        if alternative == .gb18030 { note = Message(.noteNorGB18030) }
        else if isCSV(file), String(data: Data(bytes), encoding: gb18030) != nil {
            note = Message(.noteReadsAsGB18030)
        }
        return (nil, [invalidByte(at: bad, in: bytes, encoding: .utf8, file: file, note: note)])
    }

    /// The offset of the first byte that does not begin or continue a well-formed UTF-8 sequence.
    static func firstInvalidUTF8(_ bytes: ArraySlice<UInt8>) -> Int? {
        var i = bytes.startIndex
        let end = bytes.endIndex
        while i < end {
            let b = bytes[i]
            if b < 0x80 { i += 1; continue }
            let length: Int
            var lo: UInt8 = 0x80, hi: UInt8 = 0xBF  // the allowed range of the second byte
            switch b {
            case 0xC2...0xDF: length = 2
            case 0xE0: length = 3; lo = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED: length = 3; hi = 0x9F
            case 0xF0: length = 4; lo = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4: length = 4; hi = 0x8F
            default: return i
            }
            for k in 1..<length {
                guard i + k < end else { return i }
                let c = bytes[i + k]
                if k == 1 ? !(lo...hi).contains(c) : !(0x80...0xBF).contains(c) { return i }
            }
            i += length
        }
        return nil
    }

    // MARK: - GB18030

    static func decodeGB18030(_ bytes: ArraySlice<UInt8>, file: String, alsoNot: TextEncoding? = nil)
        -> (String?, [Diagnostic])
    {
        if let text = String(data: Data(bytes), encoding: gb18030) { return (text, []) }
        let bad = firstInvalidGB18030(bytes) ?? bytes.startIndex
        var note = Message(.noHint)
        if alsoNot == .utf8 { note = Message(.noteNorUTF8) }
        else if isCSV(file), String(validating: bytes, as: UTF8.self) != nil {
            note = Message(.noteReadsAsUTF8)
        }
        return (nil, [invalidByte(at: bad, in: bytes, encoding: .gb18030, file: file, note: note)])
    }

    /// Foundation rejects a whole GB18030 file without saying where, so find the first line it rejects (CR and LF
    /// never occur inside a GB18030 character, so splitting there is safe), then the first character of that line
    /// it rejects on its own. Nil when Foundation accepts everything.
    static func firstInvalidGB18030(_ bytes: ArraySlice<UInt8>) -> Int? {
        var start = bytes.startIndex
        let end = bytes.endIndex
        while start < end {
            var stop = start
            while stop < end, bytes[stop] != 0x0A, bytes[stop] != 0x0D { stop += 1 }
            let line = bytes[start..<stop]
            if line.contains(where: { $0 >= 0x80 }), String(data: Data(line), encoding: gb18030) == nil {
                return firstInvalidGB18030Character(line)
            }
            start = stop + 1
        }
        return nil
    }

    /// Characters are one byte below 0x81, four bytes when the second byte is a digit, two bytes otherwise;
    /// each is decoded alone so that Foundation stays the judge of which sequences are valid.
    static func firstInvalidGB18030Character(_ line: ArraySlice<UInt8>) -> Int {
        var i = line.startIndex
        while i < line.endIndex {
            let b = line[i]
            var length = 1
            if b >= 0x81 && b <= 0xFE {
                length = i + 1 < line.endIndex && (0x30...0x39).contains(line[i + 1]) ? 4 : 2
            }
            guard i + length <= line.endIndex else { return i }
            if b >= 0x80, String(data: Data(line[i..<(i + length)]), encoding: gb18030) == nil { return i }
            i += length
        }
        return line.startIndex
    }

    // MARK: - UTF-16

    /// Decodes by hand because the position of a lone surrogate or a NUL is wanted, and Foundation gives none.
    static func decodeUTF16(_ bytes: ArraySlice<UInt8>, bigEndian: Bool, file: String)
        -> (String?, [Diagnostic])
    {
        let name = bigEndian ? "UTF-16BE" : "UTF-16LE"
        var units: [UInt16] = []
        units.reserveCapacity(bytes.count / 2)
        var i = bytes.startIndex
        while i + 1 < bytes.endIndex {
            let a = UInt16(bytes[i]), b = UInt16(bytes[i + 1])
            units.append(bigEndian ? a << 8 | b : b << 8 | a)
            i += 2
        }
        var scalars = String.UnicodeScalarView()
        scalars.reserveCapacity(units.count)
        var line = 1, column = 1
        var previousCR = false
        var iterator = units.makeIterator()
        var codec = UTF16()
        loop: while true {
            switch codec.decode(&iterator) {
            case .scalarValue(let s):
                if s.value == 0 {
                    return (nil, [.error(SourceLocation(file: file, line: line, column: column),
                        Message(.nulCharacter))])
                }
                scalars.append(s)
                if s == "\n" {
                    if !previousCR { line += 1 }
                    column = 1
                } else if s == "\r" {
                    line += 1; column = 1
                } else {
                    column += 1
                }
                previousCR = s == "\r"
            case .emptyInput:
                break loop
            case .error:
                return (nil, [.error(SourceLocation(file: file, line: line, column: column),
                    Message(.loneSurrogate, ["encoding": name], nested: ["hint": hint(file)]))])
            }
        }
        if bytes.count % 2 != 0 {
            return (nil, [.error(SourceLocation(file: file, line: line, column: column),
                Message(.oddUTF16, ["encoding": name], nested: ["hint": hint(file)]))])
        }
        return (String(scalars), [])
    }

    // MARK: - Positions

    static func nulError(at offset: Int, in bytes: ArraySlice<UInt8>, encoding: TextEncoding, file: String) -> Diagnostic {
        let (line, column) = position(of: offset, in: bytes, encoding: encoding)
        return .error(SourceLocation(file: file, line: line, column: column),
                      Message(.nulByte))
    }

    static func invalidByte(at offset: Int, in bytes: ArraySlice<UInt8>, encoding: TextEncoding, file: String,
                            note: Message) -> Diagnostic
    {
        let (line, column) = position(of: offset, in: bytes, encoding: encoding)
        let byte = offset < bytes.endIndex ? bytes[offset] : 0
        let hex = "0x" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
        return .error(SourceLocation(file: file, line: line, column: column),
                      Message(.invalidByte, ["encoding": encoding.displayName, "hex": hex], nested: ["note": note, "hint": hint(file)]))
    }

    /// Line and character column of a byte offset. Everything before the offset is valid in `encoding`, so
    /// characters can be counted by their lead bytes alone.
    static func position(of offset: Int, in bytes: ArraySlice<UInt8>, encoding: TextEncoding) -> (line: Int, column: Int) {
        var line = 1, column = 1
        var i = bytes.startIndex
        while i < offset {
            let b = bytes[i]
            var length = 1
            if b == 0x0A {
                line += 1; column = 1
            } else if b == 0x0D {
                line += 1; column = 1
                if i + 1 < offset, bytes[i + 1] == 0x0A { length = 2 }
            } else {
                column += 1
                switch encoding {
                case .utf8:
                    length = b < 0xC0 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4
                case .gb18030:
                    if b >= 0x81 && b <= 0xFE {
                        length = i + 1 < bytes.endIndex && (0x30...0x39).contains(bytes[i + 1]) ? 4 : 2
                    }
                case .utf16le, .utf16be:
                    break
                }
            }
            i += length
        }
        return (line, column)
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
