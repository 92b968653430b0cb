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

/// Turns input bytes into text. UTF-8 (with or without BOM) and UTF-16 with a BOM; anything
/// else is an error naming the first bad byte, never mojibake.
enum TextDecoder {
    static func decode(_ data: Data, name: String) throws -> String {
        let bytes = [UInt8](data)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            return try utf8(Array(bytes.dropFirst(3)), name: name, offset: 3)
        }
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
            let enc: String.Encoding = bytes[0] == 0xFF ? .utf16LittleEndian : .utf16BigEndian
            guard let s = String(data: Data(bytes.dropFirst(2)), encoding: enc) else {
                throw ConversionError.malformed(file: name, location: nil, message: "invalid UTF-16 text")
            }
            return s
        }
        return try utf8(bytes, name: name, offset: 0)
    }

    private static func utf8(_ bytes: [UInt8], name: String, offset: Int) throws -> String {
        if let nul = bytes.firstIndex(of: 0) {
            throw ConversionError.malformed(file: name, location: nil, message: "NUL byte at offset \(nul + offset): this is not a text report")
        }
        if let s = String(validating: bytes, as: UTF8.self) { return s }
        // Find the first invalid byte for the message.
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            let len = b < 0x80 ? 1 : b >> 5 == 0b110 ? 2 : b >> 4 == 0b1110 ? 3 : b >> 3 == 0b11110 ? 4 : 0
            if len == 0 || i + len > bytes.count || String(validating: bytes[i..<(i + len)], as: UTF8.self) == nil { break }
            i += len
        }
        throw ConversionError.malformed(file: name, location: nil, message: "not valid UTF-8 at byte offset \(i + offset) (GBK/GB18030 input is not supported yet)")
    }
}
