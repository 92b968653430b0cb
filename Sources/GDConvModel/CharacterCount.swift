/// Character counts (columns in diagnostics) without the grapheme walk for the text reports
/// are made of. `String.count` walks grapheme clusters; the tokenizer asked it for every cell,
/// its white space and its separator (a twentieth of reading a report).
extension String {
    /// `count`, decided on the UTF-8 bytes when every scalar is one that always forms a
    /// Character by itself; `count` otherwise.
    public var characterCount: Int {
        if let n = utf8.withContiguousStorageIfAvailable({ CharacterCount.standalone($0) }), let n { return n }
        return count
    }
}

public enum CharacterCount {
    /// Whether every scalar of the UTF-8 bytes is its own Character (see `standalone`).
    public static func isStandalone(_ b: UnsafeBufferPointer<UInt8>) -> Bool { standalone(b) != nil }

    /// The number of scalars when each one is its own grapheme cluster, else nil. Such scalars:
    /// ASCII but CR (which joins a following LF), and from the three-byte range the CJK
    /// ideographs, the CJK symbols but the combining tone marks U+302A–302F, the general
    /// punctuation dashes and quotes U+2010–2027, and the full-width forms U+FF01–FF5E. None is
    /// Extend, ZWJ, SpacingMark, Prepend, a Hangul jamo or a regional indicator, so a break
    /// falls between any two of them (UAX #29, GB999).
    public static func standalone(_ b: UnsafeBufferPointer<UInt8>) -> Int? {
        var i = 0, n = 0
        let end = b.count
        while i < end {
            let c = b[i]
            if c < 0x80 {
                if c == 0x0D { return nil }
                i += 1; n += 1
                continue
            }
            guard c >= 0xE0, c < 0xF0, i + 2 < end else { return nil }
            let v = (UInt32(c & 0x0F) << 12) | (UInt32(b[i + 1] & 0x3F) << 6) | UInt32(b[i + 2] & 0x3F)
            switch v {
            case 0x4E00...0x9FFF, 0x3000...0x3029, 0x3030...0x303F, 0x2010...0x2027, 0xFF01...0xFF5E: break
            default: return nil
            }
            i += 3; n += 1
        }
        return n
    }
}
