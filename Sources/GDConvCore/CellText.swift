import Foundation

/// White space inside a table cell or a line of a document, made into the text a report's reader
/// expects. Shared by the readers of laid-out documents (web pages, Word), whose cells hold
/// wrapped lines: `本年新<br>制作数量` is one label.
public enum CellText {
    /// Marks a line break (`<br>`, a block edge, a paragraph inside a cell) in collected text.
    public static let lineBreak: Character = "\u{2028}"

    /// Whether a scalar is white space on a web page: ASCII spaces and breaks, `&nbsp;`, the
    /// ideographic space of Chinese indentation, zero-width spaces and stray BOMs.
    public static func isSpace(_ u: Unicode.Scalar) -> Bool {
        switch u.value {
        case 0x20, 0x09, 0x0A, 0x0C, 0x0D, 0xA0, 0x3000, 0x200B, 0xFEFF, 0x2028: true
        default: u.isWhiteSpace
        }
    }

    static func isASCIIWord(_ u: Unicode.Scalar?) -> Bool {
        guard let v = u?.value, v < 0x80 else { return false }
        return (v >= 0x30 && v <= 0x39) || (v >= 0x41 && v <= 0x5A) || (v >= 0x61 && v <= 0x7A)
    }

    /// Collapses white space: a run becomes one space, except that a run holding a line break
    /// (a `<br>`, a block edge, a wrapped source line) between two characters that are not
    /// ASCII letters or digits disappears. Chinese has no spaces between words, so `本年新<br>
    /// 制作数量` is `本年新制作数量`, while `0<br>0` stays two numbers. Trimmed at both ends.
    /// Works on scalars (white space and line breaks are single scalars): walking the text by
    /// grapheme clusters cost more than the rest of reading a cell.
    public static func collapse(_ s: String) -> String {
        var out = String.UnicodeScalarView()
        var last: Unicode.Scalar? = nil
        var pendingSpace = false, pendingBreak = false
        for u in s.unicodeScalars {
            if isSpace(u) {
                pendingSpace = true
                if u == "\u{2028}" || u == "\n" || u == "\r" { pendingBreak = true }
                continue
            }
            if pendingSpace, last != nil {
                if !pendingBreak || (isASCIIWord(last) && isASCIIWord(u)) { out.append(" ") }
            }
            pendingSpace = false
            pendingBreak = false
            out.append(u)
            last = u
        }
        return String(out)
    }
}
