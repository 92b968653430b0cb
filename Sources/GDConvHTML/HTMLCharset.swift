import Foundation
import GDConvCore
import GDConvEncoding

/// Turns a page's bytes into text. The order follows the HTML standard's sniffing, narrowed to
/// what government sites serve: a BOM, then the page's own `<meta charset>` or `http-equiv`
/// declaration, then detection as for text (strict UTF-8, else GB18030). A declaration that the
/// bytes contradict is a common fault (a page re-saved as UTF-8 that still says gb2312), so the
/// bytes win and the reader says so.
enum HTMLCharset {
    struct Decoded {
        let text: String
        let encoding: String
        let warnings: [String]
    }

    /// The encoding `decode` would name when the page can be parsed from its own bytes: valid
    /// UTF-8 without a BOM or NUL, declared UTF-8 or not declared, no encoding forced, and no
    /// Word conditional markers to remove; nil otherwise (then `decode` decides). Such a page
    /// needs no string made of it: validating it into one was a tenth of reading a page.
    static func plainUTF8(_ data: Data, forced: String?) -> String? {
        guard forced == nil, binaryKind(data) == nil else { return nil }
        if data.starts(with: [0xEF, 0xBB, 0xBF]) || data.starts(with: [0xFF, 0xFE]) || data.starts(with: [0xFE, 0xFF]) { return nil }
        let declared = declaredCharset(data)
        if let d = declared, canonicalName(d) != "UTF-8" { return nil }
        let plain = data.withUnsafeBytes { raw -> Bool in
            let b = raw.bindMemory(to: UInt8.self)
            guard let base = b.baseAddress, b.count > 0, memchr(base, 0, b.count) == nil else { return false }
            return UTF8Validation.isValid(b) && !HTMLPage.hasConditionalMarkers(b)
        }
        guard plain else { return nil }
        return declared == nil ? "UTF-8 (no charset declared)" : "UTF-8"
    }

    /// Decodes strictly; when that fails on a few bad bytes (a truncated character, a corrupted
    /// byte in a footer), decodes as a browser would, replacing them, and says so. Binary data
    /// (more bad bytes than a page could hold by accident) stays an error.
    static func decode(_ data: Data, name: String, forced: String?) throws -> Decoded {
        if let kind = binaryKind(data) {
            throw ConversionError.malformed(file: name, location: nil, message: "this is \(kind), not a web page")
        }
        do {
            return try strictDecode(data, name: name, forced: forced)
        } catch let error as ConversionError {
            let budget = max(16, data.count / 1000)
            let declared = declaredCharset(data).map(canonicalName)
            let candidates = [forced, declared == "ASCII" ? nil : declared, "UTF-8", "GB18030"].compactMap { $0 }
            let best = candidates.compactMap { enc in
                TextDecoder.decodeReplacing(data, encoding: enc, budget: budget).map { (enc, $0) }
            }.min { $0.1.replaced < $1.1.replaced }
            guard let (encoding, d) = best, !data.isEmpty else { throw error }
            return Decoded(text: d.text, encoding: encoding, warnings: [
                "\(d.replaced) byte sequence(s) that are not valid \(encoding) (the first at byte offset \(d.firstOffset)) were replaced with U+FFFD, as a browser shows them",
            ])
        }
    }

    /// What a crawled "page" really is when it is a download: crawlers save PDFs and Office
    /// files under .html names. A NUL byte in the first kilobyte means binary data too.
    static func binaryKind(_ data: Data) -> String? {
        let head = [UInt8](data.prefix(1024))
        if head.starts(with: Array("%PDF".utf8)) { return "a PDF document (its tables would have to be extracted to text first)" }
        if head.starts(with: [0x50, 0x4B, 0x03, 0x04]) { return "a zip archive (an XLSX or DOCX file?)" }
        if head.starts(with: [0xD0, 0xCF, 0x11, 0xE0]) { return "an old Office document (DOC or XLS)" }
        if head.starts(with: [0x89, 0x50, 0x4E, 0x47]) || head.starts(with: [0xFF, 0xD8, 0xFF]) || head.starts(with: Array("GIF8".utf8)) { return "an image" }
        let utf16 = head.starts(with: [0xFF, 0xFE]) || head.starts(with: [0xFE, 0xFF])
        if !utf16, let nul = head.firstIndex(of: 0) { return "binary data (a NUL byte at offset \(nul))" }
        return nil
    }

    static func strictDecode(_ data: Data, name: String, forced: String?) throws -> Decoded {
        if forced != nil || data.starts(with: [0xEF, 0xBB, 0xBF]) || data.starts(with: [0xFF, 0xFE]) || data.starts(with: [0xFE, 0xFF]) {
            let (text, encoding) = try TextDecoder.decode(data, name: name, encoding: forced)
            return Decoded(text: text, encoding: encoding, warnings: [])
        }
        guard let declared = declaredCharset(data) else {
            let (text, encoding) = try TextDecoder.decode(data, name: name)
            return Decoded(text: text, encoding: encoding + " (no charset declared)", warnings: [])
        }
        let label = canonicalName(declared)
        // Whether undeclared UTF-8 bytes are valid is asked only when the declaration says
        // otherwise: a page declared UTF-8 is validated once, by the decoder.
        func isUTF8() -> Bool { data.withUnsafeBytes { String(validating: $0.bindMemory(to: UInt8.self), as: UTF8.self) != nil } }
        if label == "UTF-8" || (data.contains(where: { $0 >= 0x80 }) && isUTF8()) {
            let (text, encoding) = try TextDecoder.decode(data, name: name)
            let agrees = (label == "UTF-8") == (encoding == "UTF-8")
            return Decoded(text: text, encoding: encoding, warnings: agrees ? [] : ["the page declares charset \(declared) but its bytes are \(encoding); read as \(encoding)"])
        }
        if label == "ASCII" || !data.contains(where: { $0 >= 0x80 }) {
            return Decoded(text: String(decoding: data, as: UTF8.self), encoding: "\(declared) (ASCII only)", warnings: [])
        }
        do {
            let (text, _) = try TextDecoder.decode(data, name: name, encoding: label)
            return Decoded(text: text, encoding: "\(label) (declared \(declared))", warnings: [])
        } catch {
            // The declaration is wrong or names something iconv lacks: fall back to detection.
            let (text, encoding) = try TextDecoder.decode(data, name: name)
            return Decoded(text: text, encoding: encoding, warnings: ["the page declares charset \(declared) but is not valid \(label); read as \(encoding)"])
        }
    }

    /// GB2312 and GBK pages are read as GB18030, their superset: pages declared GB2312 routinely
    /// hold GBK-only characters (生僻字 in names).
    static func canonicalName(_ declared: String) -> String {
        switch declared.lowercased() {
        case "utf-8", "utf8", "unicode-1-1-utf-8": return "UTF-8"
        case "gb2312", "gbk", "x-gbk", "gb18030", "cp936", "ms936", "windows-936", "csgb2312", "gb_2312-80", "euc-cn", "chinese": return "GB18030"
        case "big5", "big5-hkscs", "x-x-big5", "cn-big5": return "BIG5-HKSCS"
        case "us-ascii", "ascii": return "ASCII"
        case "iso-8859-1", "latin1", "windows-1252": return "WINDOWS-1252"
        default: return declared.uppercased()
        }
    }

    /// The charset a page declares in its first 4 KB: `<meta charset=…>`, or
    /// `<meta http-equiv="Content-Type" content="…; charset=…">`, or an XML declaration's
    /// `encoding`. Byte-level, because the text cannot be decoded before this is known.
    static func declaredCharset(_ data: Data) -> String? {
        // The first 4 KB, non-ASCII bytes as spaces, lower-cased: built on the bytes (mapping
        // `Data` element by element cost more than the expressions).
        let headBytes = data.prefix(4096).withUnsafeBytes { raw in
            raw.map { b -> UInt8 in b >= 0x80 ? 0x20 : (b >= 0x41 && b <= 0x5A ? b | 0x20 : b) }
        }
        let head = String(decoding: headBytes, as: UTF8.self)
        // Each expression needs its keyword: a page without it is not searched.
        for (keyword, p) in [("charset", declarationPatterns[0]), ("encoding", declarationPatterns[1])] where head.includes(keyword) {
            if let r = firstMatch(p, in: head) {
                let m = String(head[r])
                if let eq = firstMatch(assignmentPattern, in: m) {
                    let value = m[eq.upperBound...].trimmingCharacters(in: CharacterSet(charactersIn: "\"' "))
                    if !value.isEmpty { return value }
                }
            }
        }
        return nil
    }

    /// Compiled once (`range(of:options: .regularExpression)` compiled them for every page);
    /// matching with a compiled expression is thread-safe.
    private static let declarationPatterns = [
        try! NSRegularExpression(pattern: #"<meta[^>]*?charset\s*=\s*["']?\s*([a-z0-9_.:\-]+)"#),
        try! NSRegularExpression(pattern: #"<\?xml[^>]*encoding\s*=\s*["']([a-z0-9_.:\-]+)"#),
    ]
    private static let assignmentPattern = try! NSRegularExpression(pattern: #"(charset|encoding)\s*=\s*["']?\s*"#)

    private static func firstMatch(_ p: NSRegularExpression, in s: String) -> Range<String.Index>? {
        p.firstMatch(in: s, range: NSRange(s.startIndex..., in: s)).flatMap { Range($0.range, in: s) }
    }
}
