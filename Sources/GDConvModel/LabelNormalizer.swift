import Foundation

/// Normalises labels for matching: the reports' labels differ in width, spacing, quotes and
/// list punctuation, so every comparison of a label goes through `normalizedLabel`.
public enum LabelNormalizer {
    /// NFKC (full-width → half-width), all whitespace removed (including U+3000 and NBSP,
    /// and zero-width characters), quotes unified to `"`, and `，` `、` `,` unified to `、`.
    public static func normalize(_ s: String) -> String {
        let nfkc = s.precomposedStringWithCompatibilityMapping
        var out = String.UnicodeScalarView()
        for u in nfkc.unicodeScalars {
            switch u.value {
            case 0x09...0x0D, 0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200F, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000, 0xFEFF:
                continue
            case 0x201C, 0x201D, 0x201E, 0x201F, 0x2033, 0x300C, 0x300D, 0x0027, 0x2018, 0x2019:
                out.append("\"")
            case 0x002C, 0xFF0C, 0x3001:
                out.append("、")
            default:
                out.append(u)
            }
        }
        return String(out)
    }
}

extension String {
    /// `LabelNormalizer.normalize(self)`.
    public var normalizedLabel: String { LabelNormalizer.normalize(self) }

    /// The string without leading and trailing white space (including U+3000 and NBSP).
    public var trimmed: String {
        var s = Substring(self)
        while let f = s.unicodeScalars.first, f.properties.isWhitespace || f.value == 0xFEFF { s = Substring(s.unicodeScalars.dropFirst()) }
        while let l = s.unicodeScalars.last, l.properties.isWhitespace || l.value == 0xFEFF { s = Substring(s.unicodeScalars.dropLast()) }
        return String(s)
    }
}
