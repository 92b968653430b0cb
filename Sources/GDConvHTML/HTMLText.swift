import Foundation

/// White space as a browser renders it, made into the text a report's reader expects.
enum HTMLText {
    /// Marks a `<br>` or a block boundary inside collected text.
    static let lineBreak: Character = "\u{2028}"

    /// Whether a scalar is white space on a web page: ASCII spaces and breaks, `&nbsp;`, the
    /// ideographic space of Chinese indentation, zero-width spaces and stray BOMs.
    static func isSpace(_ u: Unicode.Scalar) -> Bool {
        switch u.value {
        case 0x20, 0x09, 0x0A, 0x0C, 0x0D, 0xA0, 0x3000, 0x200B, 0xFEFF, 0x2028: true
        default: u.isWhiteSpace
        }
    }

    static func isASCIIWord(_ c: Character?) -> Bool {
        guard let c, c.isASCII else { return false }
        return c.isLetter || c.isNumber
    }

    /// Collapses white space: a run becomes one space, except that a run holding a line break
    /// (a `<br>`, a block edge, a wrapped source line) between two characters that are not
    /// ASCII letters or digits disappears. Chinese has no spaces between words, so `本年新<br>
    /// 制作数量` is `本年新制作数量`, while `0<br>0` stays two numbers. Trimmed at both ends.
    static func collapse(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        var pendingSpace = false, pendingBreak = false
        for ch in s {
            if ch.unicodeScalars.allSatisfy(isSpace) {
                pendingSpace = true
                if ch == lineBreak || ch == "\n" || ch == "\r\n" || ch == "\r" { pendingBreak = true }
                continue
            }
            if pendingSpace, !out.isEmpty {
                if !pendingBreak || (isASCIIWord(out.last) && isASCIIWord(ch)) { out.append(" ") }
            }
            pendingSpace = false
            pendingBreak = false
            out.append(ch)
        }
        return out
    }
}
