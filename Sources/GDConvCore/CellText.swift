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
    public static func collapse(_ s: String) -> String {
        var s = s
        return s.withUTF8 { collapse(utf8: $0) }
    }

    /// `collapse` on valid UTF-8. Works on the bytes, decoding a scalar only to ask whether it
    /// is white space: web pages have thousands of cells and prose runs, and building Swift
    /// strings scalar by scalar cost more than the rest of reading them.
    public static func collapse(utf8 b: UnsafeBufferPointer<UInt8>) -> String {
        let n = b.count
        return String(unsafeUninitializedCapacity: n) { out in
            var o = 0, i = 0
            var lastWord = false, hasLast = false
            var pendingSpace = false, pendingBreak = false
            while i < n {
                let lead = b[i]
                var v = UInt32(lead), len = 1
                if lead >= 0xC0 {
                    if lead < 0xE0, i + 1 < n { v = UInt32(lead & 0x1F) << 6 | UInt32(b[i + 1] & 0x3F); len = 2 }
                    else if lead < 0xF0, i + 2 < n { v = UInt32(lead & 0x0F) << 12 | UInt32(b[i + 1] & 0x3F) << 6 | UInt32(b[i + 2] & 0x3F); len = 3 }
                    else if i + 3 < n { v = UInt32(lead & 0x07) << 18 | UInt32(b[i + 1] & 0x3F) << 12 | UInt32(b[i + 2] & 0x3F) << 6 | UInt32(b[i + 3] & 0x3F); len = 4 }
                }
                if isSpace(value: v) {
                    pendingSpace = true
                    if v == 0x2028 || v == 0x0A || v == 0x0D { pendingBreak = true }
                    i += len
                    continue
                }
                let word = isASCIIWord(value: v)
                if pendingSpace, hasLast, !pendingBreak || (lastWord && word) {
                    out[o] = 0x20
                    o += 1
                }
                pendingSpace = false
                pendingBreak = false
                for k in 0..<len { out[o + k] = b[i + k] }
                o += len
                i += len
                lastWord = word
                hasLast = true
            }
            return o
        }
    }

    static func isSpace(value v: UInt32) -> Bool {
        if v < 0x80 { return v == 0x20 || (v >= 0x09 && v <= 0x0D) }
        switch v {
        case 0x85, 0xA0, 0x1680, 0x2000...0x200B, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000, 0xFEFF: return true
        default: return false
        }
    }

    static func isASCIIWord(value v: UInt32) -> Bool {
        (v >= 0x30 && v <= 0x39) || (v >= 0x41 && v <= 0x5A) || (v >= 0x61 && v <= 0x7A)
    }

    /// Text gathered from a laid-out document's nodes as UTF-8 bytes, collapsed once at the end.
    public struct Collector {
        public private(set) var bytes: [UInt8] = []

        public init() {}

        public var isEmpty: Bool { bytes.isEmpty }

        /// Appends a NUL-terminated UTF-8 string (a libxml2 node's text).
        public mutating func append(cString p: UnsafePointer<UInt8>) {
            let n = strlen(UnsafeRawPointer(p).assumingMemoryBound(to: CChar.self))
            bytes.append(contentsOf: UnsafeBufferPointer(start: p, count: n))
        }

        public mutating func append(_ s: String) { bytes.append(contentsOf: s.utf8) }

        /// A line break (`<br>`, a block edge).
        public mutating func appendBreak() { bytes.append(contentsOf: [0xE2, 0x80, 0xA8]) }

        public func collapsed() -> String { bytes.withUnsafeBufferPointer { CellText.collapse(utf8: $0) } }

        public mutating func removeAll() { bytes.removeAll(keepingCapacity: true) }
    }
}
