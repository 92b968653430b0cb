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

    /// Splits `leading text trailing`, counting markdown heading marks as leading. White space
    /// here is a space, a tab, or any non-ASCII white space or BOM. Cut on the UTF-8 bytes (the
    /// scalar walk cost more than the line's classification); pinned to the rule on scalars by
    /// `LinePartsTests`.
    func parts(stripMarkdown: Bool = true) -> (leading: String, text: String, trailing: String) {
        var line = content
        return line.withUTF8 { b in
            // The byte length of the white-space scalar at `i`, nil when it is none.
            func space(at i: Int) -> Int? {
                let x = b[i]
                if x < 0x80 { return x == 0x20 || x == 0x09 ? 1 : nil }
                let (u, n) = UTF8Spaces.scalar(b, at: i)
                return u.isWhiteSpace || u.value == 0xFEFF ? n : nil
            }
            var a = 0
            while a < b.count, let n = space(at: a) { a += n }
            if stripMarkdown {
                var h = a
                while h < b.count, b[h] == UInt8(ascii: "#") { h += 1 }
                if h > a, h < b.count, b[h] == 0x20 {
                    a = h
                    while a < b.count, let n = space(at: a) { a += n }
                }
            }
            var z = b.count
            while z > a {
                var s = z - 1
                while s > a, b[s] & 0xC0 == 0x80 { s -= 1 }
                guard space(at: s) != nil else { break }
                z = s
            }
            return (UTF8Spaces.string(b, 0, a), UTF8Spaces.string(b, a, z), UTF8Spaces.string(b, z, b.count))
        }
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
