import Foundation
import GDConvCore

/// A JSON value that keeps object key order and number literals exactly, so documents are
/// written in a stable order and `836.5` is never routed through a binary float.
public indirect enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    /// A number, as its literal text.
    case number(String)
    case string(String)
    case array([JSONValue])
    /// An object with its keys in order.
    case object([(String, JSONValue)])

    public static func == (a: JSONValue, b: JSONValue) -> Bool {
        switch (a, b) {
        case (.null, .null): true
        case (.bool(let x), .bool(let y)): x == y
        case (.number(let x), .number(let y)): x == y
        case (.string(let x), .string(let y)): x == y
        case (.array(let x), .array(let y)): x == y
        case (.object(let x), .object(let y)): x.count == y.count && zip(x, y).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        default: false
        }
    }

    /// The value of `key` in an object.
    public subscript(key: String) -> JSONValue? {
        if case .object(let kv) = self { return kv.first { $0.0 == key }?.1 }
        return nil
    }

    // MARK: Serialisation

    /// The document as text: two-space indentation, or compact.
    public func serialized(pretty: Bool) -> String {
        String(decoding: serializedBytes(pretty: pretty), as: UTF8.self)
    }

    /// The document as UTF-8 bytes.
    public func serializedBytes(pretty: Bool) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(1 << 16)
        write(into: &out, pretty: pretty, indent: 0)
        if pretty { out.append(0x0A) }
        return out
    }

    private static func newline(_ out: inout [UInt8], _ indent: Int) {
        out.append(0x0A)
        for _ in 0..<(indent * 2) { out.append(0x20) }
    }

    private func write(into out: inout [UInt8], pretty: Bool, indent: Int) {
        switch self {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let b): out.append(contentsOf: (b ? "true" : "false").utf8)
        case .number(let n): out.append(contentsOf: n.utf8)
        case .string(let s): JSONValue.quote(s, into: &out)
        case .array(let a):
            if a.isEmpty { out.append(contentsOf: "[]".utf8); return }
            out.append(UInt8(ascii: "["))
            for (i, v) in a.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                if pretty { JSONValue.newline(&out, indent + 1) }
                v.write(into: &out, pretty: pretty, indent: indent + 1)
            }
            if pretty { JSONValue.newline(&out, indent) }
            out.append(UInt8(ascii: "]"))
        case .object(let kv):
            if kv.isEmpty { out.append(contentsOf: "{}".utf8); return }
            out.append(UInt8(ascii: "{"))
            for (i, (k, v)) in kv.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                if pretty { JSONValue.newline(&out, indent + 1) }
                JSONValue.quote(k, into: &out)
                out.append(UInt8(ascii: ":"))
                if pretty { out.append(0x20) }
                v.write(into: &out, pretty: pretty, indent: indent + 1)
            }
            if pretty { JSONValue.newline(&out, indent) }
            out.append(UInt8(ascii: "}"))
        }
    }

    static let hex: [UInt8] = Array("0123456789abcdef".utf8)

    /// Whether any byte of `w` is below 0x20, `"`, `\\` or 0xE2 (bit tricks on the word:
    /// "has a byte less than n" and "has a zero byte" after xor).
    @inline(__always)
    static func mayNeedEscape(_ w: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        func hasZero(_ x: UInt64) -> Bool { (x &- ones) & ~x & highs != 0 }
        let below20 = (w &- ones &* 0x20) & ~w & highs != 0
        return below20 || hasZero(w ^ (ones &* 0x22)) || hasZero(w ^ (ones &* 0x5C)) || hasZero(w ^ (ones &* 0xE2))
    }

    static func quote(_ s: String, into out: inout some JSONByteSink) {
        out.append(0x22)
        var s = s
        s.withUTF8 { u in
            // Runs of bytes that need no escape are copied at once.
            var runStart = 0
            var i = 0
            let n = u.count
            while i < n {
                // Eight bytes at a time while none of them can need an escape (no control
                // byte, `"`, `\\` or 0xE2, the lead byte of U+2028/2029): most text is passed over
                // by word.
                if i + 8 <= n, !JSONValue.mayNeedEscape(UnsafeRawPointer(u.baseAddress! + i).loadUnaligned(as: UInt64.self)) {
                    i += 8
                    continue
                }
                let b = u[i]
                let escape: Bool
                if b < 0x20 || b == 0x22 || b == 0x5C {
                    escape = true
                } else if b == 0xE2, i + 2 < n, u[i + 1] == 0x80, u[i + 2] == 0xA8 || u[i + 2] == 0xA9 {
                    escape = true
                } else {
                    escape = false
                }
                if !escape { i += 1; continue }
                if runStart < i { out.append(bytes: UnsafeBufferPointer(rebasing: u[runStart..<i])) }
                switch b {
                case 0x22: out.append(0x5C); out.append(0x22)
                case 0x5C: out.append(0x5C); out.append(0x5C)
                case 0x0A: out.append(0x5C); out.append(UInt8(ascii: "n"))
                case 0x0D: out.append(0x5C); out.append(UInt8(ascii: "r"))
                case 0x09: out.append(0x5C); out.append(UInt8(ascii: "t"))
                case 0xE2:
                    // U+2028 and U+2029 break JavaScript string literals.
                    for c in (u[i + 2] == 0xA8 ? "\\u2028" : "\\u2029").utf8 { out.append(c) }
                    i += 2
                default:
                    for c in "\\u00".utf8 { out.append(c) }
                    out.append(hex[Int(b >> 4)]); out.append(hex[Int(b & 0xF)])
                }
                i += 1
                runStart = i
            }
            if runStart < n { out.append(bytes: UnsafeBufferPointer(rebasing: u[runStart..<n])) }
        }
        out.append(0x22)
    }
}

/// A JSON parser that reports errors by line and column, bounds nesting depth, and keeps key
/// order and number literals. Foundation's parsers do neither of the last two.
public struct JSONParser {
    public struct Failure: Error {
        public let line: Int
        public let column: Int
        public let message: String
    }

    public var maxDepth = 128
    private var bytes: [UInt8] = []
    private var pos = 0

    public init(maxDepth: Int = 128) { self.maxDepth = maxDepth }

    public mutating func parse(_ data: Data) throws(Failure) -> JSONValue {
        bytes = [UInt8](data)
        pos = 0
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { pos = 3 }
        skipSpace()
        let v = try value(depth: 0)
        skipSpace()
        guard pos == bytes.count else { throw fail("unexpected content after the document") }
        return v
    }

    private func location(_ at: Int) -> (Int, Int) {
        var line = 1, col = 1
        var i = 0
        while i < at && i < bytes.count {
            if bytes[i] == 0x0A { line += 1; col = 1 } else if bytes[i] & 0xC0 != 0x80 { col += 1 }
            i += 1
        }
        return (line, col)
    }

    private func fail(_ m: String, at: Int? = nil) -> Failure {
        let (l, c) = location(at ?? pos)
        return Failure(line: l, column: c, message: m)
    }

    private mutating func skipSpace() {
        while pos < bytes.count, [0x20, 0x0A, 0x0D, 0x09].contains(bytes[pos]) { pos += 1 }
    }

    private mutating func value(depth: Int) throws(Failure) -> JSONValue {
        guard depth <= maxDepth else { throw fail("nesting deeper than \(maxDepth) levels") }
        guard pos < bytes.count else { throw fail("unexpected end of document") }
        switch bytes[pos] {
        case UInt8(ascii: "{"):
            pos += 1
            var kv: [(String, JSONValue)] = []
            skipSpace()
            if pos < bytes.count, bytes[pos] == UInt8(ascii: "}") { pos += 1; return .object(kv) }
            while true {
                skipSpace()
                guard pos < bytes.count, bytes[pos] == UInt8(ascii: "\"") else { throw fail("expected a quoted key") }
                let k = try string()
                skipSpace()
                guard pos < bytes.count, bytes[pos] == UInt8(ascii: ":") else { throw fail("expected ':' after key \"\(k)\"") }
                pos += 1
                skipSpace()
                if kv.contains(where: { $0.0 == k }) { throw fail("duplicate key \"\(k)\"") }
                kv.append((k, try value(depth: depth + 1)))
                skipSpace()
                guard pos < bytes.count else { throw fail("unexpected end of document in an object") }
                if bytes[pos] == UInt8(ascii: ",") { pos += 1; continue }
                if bytes[pos] == UInt8(ascii: "}") { pos += 1; return .object(kv) }
                throw fail("expected ',' or '}'")
            }
        case UInt8(ascii: "["):
            pos += 1
            var a: [JSONValue] = []
            skipSpace()
            if pos < bytes.count, bytes[pos] == UInt8(ascii: "]") { pos += 1; return .array(a) }
            while true {
                skipSpace()
                a.append(try value(depth: depth + 1))
                skipSpace()
                guard pos < bytes.count else { throw fail("unexpected end of document in an array") }
                if bytes[pos] == UInt8(ascii: ",") { pos += 1; continue }
                if bytes[pos] == UInt8(ascii: "]") { pos += 1; return .array(a) }
                throw fail("expected ',' or ']'")
            }
        case UInt8(ascii: "\""):
            return .string(try string())
        case UInt8(ascii: "t"): return try literal("true", .bool(true))
        case UInt8(ascii: "f"): return try literal("false", .bool(false))
        case UInt8(ascii: "n"): return try literal("null", .null)
        default:
            return .number(try number())
        }
    }

    private mutating func literal(_ word: String, _ v: JSONValue) throws(Failure) -> JSONValue {
        let w = Array(word.utf8)
        guard pos + w.count <= bytes.count, Array(bytes[pos..<(pos + w.count)]) == w else { throw fail("unexpected character") }
        pos += w.count
        return v
    }

    private mutating func number() throws(Failure) -> String {
        let start = pos
        if pos < bytes.count, bytes[pos] == UInt8(ascii: "-") { pos += 1 }
        var digits = 0
        while pos < bytes.count, (0x30...0x39).contains(bytes[pos]) { pos += 1; digits += 1 }
        guard digits > 0 else { pos = start; throw fail("unexpected character") }
        if pos < bytes.count, bytes[pos] == UInt8(ascii: ".") {
            pos += 1
            var f = 0
            while pos < bytes.count, (0x30...0x39).contains(bytes[pos]) { pos += 1; f += 1 }
            guard f > 0 else { throw fail("a digit must follow the decimal point") }
        }
        if pos < bytes.count, bytes[pos] == UInt8(ascii: "e") || bytes[pos] == UInt8(ascii: "E") {
            pos += 1
            if pos < bytes.count, bytes[pos] == UInt8(ascii: "+") || bytes[pos] == UInt8(ascii: "-") { pos += 1 }
            var e = 0
            while pos < bytes.count, (0x30...0x39).contains(bytes[pos]) { pos += 1; e += 1 }
            guard e > 0 else { throw fail("a digit must follow the exponent") }
        }
        return String(decoding: bytes[start..<pos], as: UTF8.self)
    }

    private mutating func string() throws(Failure) -> String {
        let start = pos
        pos += 1
        var out = [UInt8]()
        while true {
            guard pos < bytes.count else { throw fail("unterminated string", at: start) }
            let b = bytes[pos]
            if b == UInt8(ascii: "\"") { pos += 1; break }
            if b < 0x20 { throw fail("control character in a string") }
            if b == UInt8(ascii: "\\") {
                pos += 1
                guard pos < bytes.count else { throw fail("unterminated string", at: start) }
                let e = bytes[pos]
                pos += 1
                switch e {
                case UInt8(ascii: "\""): out.append(0x22)
                case UInt8(ascii: "\\"): out.append(0x5C)
                case UInt8(ascii: "/"): out.append(0x2F)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "u"):
                    var code = try hex4()
                    if (0xD800...0xDBFF).contains(code) {
                        guard pos + 1 < bytes.count, bytes[pos] == UInt8(ascii: "\\"), bytes[pos + 1] == UInt8(ascii: "u") else { throw fail("unpaired surrogate") }
                        pos += 2
                        let low = try hex4()
                        guard (0xDC00...0xDFFF).contains(low) else { throw fail("unpaired surrogate") }
                        code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                    } else if (0xDC00...0xDFFF).contains(code) { throw fail("unpaired surrogate") }
                    guard let u = Unicode.Scalar(code) else { throw fail("invalid \\u escape") }
                    out.append(contentsOf: Array(String(Character(u)).utf8))
                default: throw fail("invalid escape")
                }
                continue
            }
            out.append(b)
            pos += 1
        }
        guard let s = String(validating: out, as: UTF8.self) else { throw fail("string is not valid UTF-8", at: start) }
        return s
    }

    private mutating func hex4() throws(Failure) -> UInt32 {
        guard pos + 4 <= bytes.count, let v = UInt32(String(decoding: bytes[pos..<(pos + 4)], as: UTF8.self), radix: 16) else { throw fail("invalid \\u escape") }
        pos += 4
        return v
    }
}

/// Where `JSONValue.quote` writes: a byte array, or the report writer's emitter.
protocol JSONByteSink {
    mutating func append(_ b: UInt8)
    mutating func append(bytes: UnsafeBufferPointer<UInt8>)
}

extension Array: JSONByteSink where Element == UInt8 {
    mutating func append(bytes: UnsafeBufferPointer<UInt8>) { append(contentsOf: bytes) }
}
