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
        func isSpace(_ s: Unicode.Scalar) -> Bool { s == " " || s == "\t" || (s.value > 0x7F && (s.properties.isWhitespace || s.value == 0xFEFF)) }
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

    static func split(_ text: String) -> [SourceLine] {
        var out: [SourceLine] = []
        var current = String.UnicodeScalarView()
        var it = Array(text.unicodeScalars)[...]
        while let u = it.first {
            it = it.dropFirst()
            if u == "\n" {
                out.append(SourceLine(index: out.count, content: String(current), terminator: "\n"))
                current = String.UnicodeScalarView()
            } else if u == "\r" {
                if it.first == "\n" {
                    it = it.dropFirst()
                    out.append(SourceLine(index: out.count, content: String(current), terminator: "\r\n"))
                } else {
                    out.append(SourceLine(index: out.count, content: String(current), terminator: "\r"))
                }
                current = String.UnicodeScalarView()
            } else {
                current.append(u)
            }
        }
        if !current.isEmpty { out.append(SourceLine(index: out.count, content: String(current), terminator: "")) }
        return out
    }
}
