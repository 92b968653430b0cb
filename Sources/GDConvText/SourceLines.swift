import Foundation
import GDConvCore

/// A line of the input with its terminator kept, so the text can be rebuilt byte for byte.
struct SourceLine {
    /// 0-based index.
    let index: Int
    /// The line without its terminator.
    let content: String
    /// `\n`, `\r\n`, `\r`, or empty for a last line without one.
    let terminator: String

    var trimmed: String { content.trimmed }
    var isBlank: Bool { trimmed.isEmpty }
    /// The line number people see (1-based).
    var number: Int { index + 1 }

    /// Splits `leading text trailing`, counting markdown heading marks as leading.
    func parts(stripMarkdown: Bool = true) -> (leading: String, text: String, trailing: String) {
        let u = content.unicodeScalars
        var a = u.startIndex
        func isSpace(_ s: Unicode.Scalar) -> Bool { s == " " || s == "\t" || (s.value > 0x7F && (s.isWhiteSpace || s.value == 0xFEFF)) }
        while a < u.endIndex, isSpace(u[a]) { a = u.index(after: a) }
        if stripMarkdown {
            var b = a
            while b < u.endIndex, u[b] == "#" { b = u.index(after: b) }
            if b > a, b < u.endIndex, u[b] == " " {
                a = b
                while a < u.endIndex, isSpace(u[a]) { a = u.index(after: a) }
            }
        }
        var z = u.endIndex
        while z > a, isSpace(u[u.index(before: z)]) { z = u.index(before: z) }
        return (String(u[u.startIndex..<a]), String(u[a..<z]), String(u[z..<u.endIndex]))
    }

    /// The lines of `text`. Line breaks are ASCII, so the cut is found on the UTF-8 bytes and
    /// each line is copied once (no per-scalar appends).
    static func split(_ text: String) -> [SourceLine] {
        var out: [SourceLine] = []
        var text = text
        text.withUTF8 { b in
            let end = b.count
            var start = 0, i = 0
            while i < end {
                let c = b[i]
                guard c == 0x0A || c == 0x0D else { i += 1; continue }
                let content = UTF8Spaces.string(b, start, i)
                var next = i + 1
                var terminator = "\n"
                if c == 0x0D {
                    if next < end, b[next] == 0x0A { next += 1; terminator = "\r\n" } else { terminator = "\r" }
                }
                out.append(SourceLine(index: out.count, content: content, terminator: terminator))
                start = next
                i = next
            }
            if start < end { out.append(SourceLine(index: out.count, content: UTF8Spaces.string(b, start, end), terminator: "")) }
        }
        return out
    }
}
