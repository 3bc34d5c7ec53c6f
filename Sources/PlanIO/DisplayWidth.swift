/// Terminal column widths, so that a table mixing Chinese and Latin text lines up.
///
/// East Asian Wide and Fullwidth characters (Unicode UAX #11: CJK ideographs, kana, Hangul, full-width
/// forms, CJK punctuation) take two columns in a terminal; combining marks and zero-width characters
/// none; everything else one. The ranges are the main blocks, not the whole table of UAX #11: enough for
/// the Chinese names, communities and units a plan holds, with no dependency.
public enum DisplayWidth {
    public static func of(_ s: String) -> Int {
        s.unicodeScalars.reduce(0) { $0 + of($1) }
    }

    public static func of(_ u: Unicode.Scalar) -> Int {
        let v = u.value
        switch v {
        case 0x0300...0x036F, 0x200B...0x200F, 0x2060, 0xFE00...0xFE0F, 0xFEFF: return 0   // combining, zero-width
        case 0x1100...0x115F,          // Hangul Jamo initials
             0x2E80...0x303E,          // CJK radicals, Kangxi, CJK symbols and punctuation (、。「」)
             0x3041...0x33FF,          // kana, Bopomofo, CJK compatibility
             0x3400...0x4DBF,          // CJK extension A
             0x4E00...0x9FFF,          // CJK unified ideographs
             0xA000...0xA4CF,          // Yi
             0xAC00...0xD7A3,          // Hangul syllables
             0xF900...0xFAFF,          // CJK compatibility ideographs
             0xFE30...0xFE4F,          // CJK compatibility forms
             0xFF00...0xFF60,          // full-width forms (，：０-９)
             0xFFE0...0xFFE6,
             0x1F300...0x1F64F, 0x1F900...0x1F9FF,   // emoji shown wide
             0x20000...0x3FFFD:        // CJK extensions B and beyond
            return 2
        default:
            return v < 0x20 || (v >= 0x7F && v < 0xA0) ? 0 : 1
        }
    }

    /// `s` padded with spaces to `width` columns, on the right (left-aligned) or the left.
    public static func pad(_ s: String, to width: Int, right: Bool = false) -> String {
        let fill = String(repeating: " ", count: max(0, width - of(s)))
        return right ? fill + s : s + fill
    }
}
