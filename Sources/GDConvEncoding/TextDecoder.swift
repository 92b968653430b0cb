import Foundation
import GDConvCore

/// Turns input bytes into text: a BOM (UTF-8, UTF-16 LE/BE) first, then strict UTF-8, then
/// GB18030 (a superset of GBK and GB2312), or the encoding the user names. Anything else is an
/// error naming the byte offset, never mojibake. Output is always UTF-8.
public enum TextDecoder {
    /// The text and the encoding it was read as.
    public static func decode(_ data: Data, name: String, encoding: String? = nil) throws -> (text: String, encoding: String) {
        // The common case, valid UTF-8 without a BOM or NUL, is validated in place: no copy of
        // the input before the one the text is made of.
        if encoding == nil, let text = data.withUnsafeBytes({ raw -> String? in
            let b = raw.bindMemory(to: UInt8.self)
            guard let base = b.baseAddress, b.count > 0, memchr(base, 0, b.count) == nil else { return nil }
            if b.starts(with: [0xEF, 0xBB, 0xBF]) || b.starts(with: [0xFF, 0xFE]) || b.starts(with: [0xFE, 0xFF]) { return nil }
            return String(validating: b, as: UTF8.self)
        }) {
            return (text, "UTF-8")
        }
        let bytes = [UInt8](data)
        if let enc = encoding {
            do {
                let utf8 = try Transcoder.convert(bytes, from: enc, to: "UTF-8")
                return (try utf8Text(utf8, name: name, offset: 0), enc)
            } catch let f as Transcoder.Failure {
                throw ConversionError.malformed(file: name, location: nil, message: "not valid \(enc) at byte offset \(f.offset): \(f.message)")
            }
        }
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            return (try utf8Text(Array(bytes.dropFirst(3)), name: name, offset: 3), "UTF-8 (BOM)")
        }
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
            let enc = bytes[0] == 0xFF ? "UTF-16LE" : "UTF-16BE"
            do {
                let utf8 = try Transcoder.convert(Array(bytes.dropFirst(2)), from: enc, to: "UTF-8")
                return (try utf8Text(utf8, name: name, offset: 2), enc)
            } catch let f as Transcoder.Failure {
                throw ConversionError.malformed(file: name, location: nil, message: "not valid \(enc) at byte offset \(f.offset + 2): \(f.message)")
            }
        }
        if let nul = bytes.firstIndex(of: 0) {
            throw ConversionError.malformed(file: name, location: nil, message: "NUL byte at offset \(nul): this is not a text report")
        }
        if let s = String(validating: bytes, as: UTF8.self) { return (s, "UTF-8") }
        let badUTF8 = firstInvalidUTF8(bytes)
        do {
            let utf8 = try Transcoder.convert(bytes, from: "GB18030", to: "UTF-8")
            return (try utf8Text(utf8, name: name, offset: 0), "GB18030")
        } catch let f as Transcoder.Failure {
            throw ConversionError.malformed(file: name, location: nil,
                message: "neither UTF-8 (invalid at byte offset \(badUTF8)) nor GB18030 (invalid at byte offset \(f.offset)); give --encoding if you know it")
        }
    }

    /// Decodes as `encoding` (`UTF-8`, `GB18030`, any iconv name), replacing each invalid byte
    /// sequence and each NUL with U+FFFD, as a browser does. For web pages, where one stray byte
    /// in a footer must not lose the report; the caller warns with the count and first offset.
    /// Nil when more than `budget` replacements would be needed: then it is not text at all.
    public static func decodeReplacing(_ data: Data, encoding: String, budget: Int) -> (text: String, replaced: Int, firstOffset: Int)? {
        let bytes = [UInt8](data)
        var out = ""
        var replaced = 0, first = -1
        var start = 0
        let utf8 = encoding.uppercased().replacingOccurrences(of: "-", with: "") == "UTF8"
        while start < bytes.count {
            let rest = Array(bytes[start...])
            var bad: Int? = rest.firstIndex(of: 0)
            if utf8 {
                let i = firstInvalidUTF8(rest)
                if i < rest.count { bad = min(bad ?? i, i) }
                let end = bad ?? rest.count
                out += String(decoding: rest[..<end], as: UTF8.self)
            } else {
                let end = bad ?? rest.count
                do {
                    out += String(decoding: try Transcoder.convert(Array(rest[..<end]), from: encoding, to: "UTF-8"), as: UTF8.self)
                } catch {
                    if error.message.hasPrefix("unknown encoding") { return nil }
                    bad = error.offset
                    out += String(decoding: (try? Transcoder.convert(Array(rest[..<error.offset]), from: encoding, to: "UTF-8")) ?? [], as: UTF8.self)
                }
            }
            guard let b = bad else { break }
            replaced += 1
            if first < 0 { first = start + b }
            if replaced > budget { return nil }
            out += "\u{FFFD}"
            start += b + 1
        }
        return (out, replaced, max(first, 0))
    }

    static func utf8Text(_ bytes: [UInt8], name: String, offset: Int) throws -> String {
        if let nul = bytes.firstIndex(of: 0) {
            throw ConversionError.malformed(file: name, location: nil, message: "NUL character after decoding (at byte \(nul + offset) of the UTF-8): this is not a text report")
        }
        guard let s = String(validating: bytes, as: UTF8.self) else {
            throw ConversionError.malformed(file: name, location: nil, message: "not valid UTF-8 at byte offset \(firstInvalidUTF8(bytes) + offset)")
        }
        return s
    }

    static func firstInvalidUTF8(_ bytes: [UInt8]) -> Int {
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            let len = b < 0x80 ? 1 : b >> 5 == 0b110 ? 2 : b >> 4 == 0b1110 ? 3 : b >> 3 == 0b11110 ? 4 : 0
            if len == 0 || i + len > bytes.count || String(validating: bytes[i..<(i + len)], as: UTF8.self) == nil { return i }
            i += len
        }
        return i
    }

    /// Signs of trouble in decoded text: UTF-8 that was once read as GBK (鈥, 鏈, 鍙 …), and
    /// zero-width characters or BOMs in the middle.
    public static func suspicious(_ text: String) -> [String] {
        var out: [String] = []
        var hits = 0
        var zeroWidth = 0
        // On the UTF-8 bytes: every scalar asked about is a three-byte sequence (U+200B–U+FFFF),
        // looked up in a bitmap.
        var text = text
        text.withUTF8 { b in
            let marks = TextDecoder.mojibakeBitmap
            var i = 0
            while i < b.count {
                let lead = b[i]
                guard lead >= 0xE2 else { i += 1; continue }
                guard lead < 0xF0, i + 2 < b.count else { i += lead < 0xF0 ? 3 : 4; continue }
                let v = UInt32(lead & 0x0F) << 12 | UInt32(b[i + 1] & 0x3F) << 6 | UInt32(b[i + 2] & 0x3F)
                if marks[Int(v >> 6)] & (1 << UInt64(v & 63)) != 0 { hits += 1 }
                if v == 0x200B || v == 0x200C || v == 0x200D || v == 0x2060 || (v == 0xFEFF && i > 0) { zeroWidth += 1 }
                i += 3
            }
        }
        if hits >= 5 { out.append("the text looks like mojibake (UTF-8 once read as GBK: \(hits) characters such as 鈥 鏈 鍙); the source file may be damaged") }
        if zeroWidth > 0 { out.append("\(zeroWidth) zero-width character(s) or stray BOM(s) in the text; labels are matched without them") }
        return out
    }

    /// Characters typical of UTF-8 read as GBK, as a bitmap of the Basic Multilingual Plane (a
    /// Set hashed every scalar of every report).
    static let mojibakeBitmap: [UInt64] = {
        var bits = [UInt64](repeating: 0, count: 0x10000 / 64)
        for u in "鈥鏈鍙鐨锛銆涓鍦鏄绗鍏鎯鍐璇宸".unicodeScalars { bits[Int(u.value >> 6)] |= 1 << UInt64(u.value & 63) }
        return bits
    }()
}
