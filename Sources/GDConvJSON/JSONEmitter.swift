import GDConvModel
/// Writes JSON straight into a byte buffer, in the layout `JSONValue.serializedBytes` gives
/// (two-space indent, `"key": value`, empty containers as `{}`/`[]`), without building a tree
/// first. The report writer streams through this: building a `JSONValue` tree and walking it
/// again took a third of a text → JSON conversion.
struct JSONEmitter {
    private(set) var bytes: [UInt8] = []
    private let pretty: Bool
    private var depth = 0
    /// True right after a container opened: the next member needs no comma.
    private var atFirst = true
    /// Depth at which pretty output went on one line (`{"text": "37", "value": 37}`), 0 for none.
    private var inlineFrom = 0

    init(pretty: Bool, capacity: Int = 1 << 16) {
        self.pretty = pretty
        bytes.reserveCapacity(capacity)
    }

    private mutating func newline() {
        bytes.append(0x0A)
        for _ in 0..<(depth * 2) { bytes.append(0x20) }
    }

    private var breaksLines: Bool { pretty && inlineFrom == 0 }

    /// Starts the next member of the enclosing container.
    private mutating func separate() {
        if !atFirst { bytes.append(UInt8(ascii: ",")) }
        if breaksLines { newline() } else if pretty && !atFirst { bytes.append(0x20) }
        atFirst = false
    }

    /// Starts an object member: `"key": `. `key` is ASCII without escapes (our member names).
    mutating func key(_ key: StaticString) {
        separate()
        bytes.append(0x22)
        key.withUTF8Buffer { bytes.append(contentsOf: $0) }
        bytes.append(0x22)
        bytes.append(UInt8(ascii: ":"))
        if pretty { bytes.append(0x20) }
    }

    /// Starts an object member named by a field's key (quoted once per registry).
    mutating func key(_ id: FieldID) {
        separate()
        bytes.append(contentsOf: JSONEmitter.quotedKeys[Int(id.index)])
        bytes.append(UInt8(ascii: ":"))
        if pretty { bytes.append(0x20) }
    }

    /// Starts an array element.
    mutating func element() { separate() }

    /// Opens an object; `inline` keeps it and everything in it on one line in pretty output
    /// (small leaf objects: a field, a row, a layout).
    mutating func beginObject(inline: Bool = false) { open(UInt8(ascii: "{"), inline) }
    mutating func endObject() { close(UInt8(ascii: "}")) }
    mutating func beginArray(inline: Bool = false) { open(UInt8(ascii: "["), inline) }
    mutating func endArray() { close(UInt8(ascii: "]")) }

    private mutating func open(_ bracket: UInt8, _ inline: Bool) {
        bytes.append(bracket)
        depth += 1
        if inline && inlineFrom == 0 { inlineFrom = depth }
        atFirst = true
    }

    private mutating func close(_ bracket: UInt8) {
        if !atFirst, breaksLines { depth -= 1; newline() } else { depth -= 1 }
        if inlineFrom > depth { inlineFrom = 0 }
        bytes.append(bracket)
        atFirst = false
    }

    mutating func string(_ s: String) { JSONValue.quote(s, into: &bytes) }
    /// A string known when compiling (`"paragraph"`): no escape scan. Named apart from
    /// `string(_:)` because a literal argument would pick the `String` overload.
    mutating func literal(_ s: StaticString) {
        bytes.append(0x22)
        s.withUTF8Buffer { bytes.append(contentsOf: $0) }
        bytes.append(0x22)
    }
    mutating func optionalString(_ s: String?) { if let s { string(s) } else { null() } }

    /// A field's key, or null: keys are quoted once per registry, not once per cell.
    mutating func fieldKey(_ id: FieldID?) {
        guard let id else { return null() }
        bytes.append(contentsOf: JSONEmitter.quotedKeys[Int(id.index)])
    }

    private static let quotedKeys: [[UInt8]] = FieldRegistry.shared.keys.map { key in
        var quoted: [UInt8] = []
        JSONValue.quote(key, into: &quoted)
        return quoted
    }
    mutating func number(_ literal: String) { bytes.append(contentsOf: literal.utf8) }
    mutating func number(_ n: Int) { bytes.append(contentsOf: String(n).utf8) }
    mutating func bool(_ b: Bool) { bytes.append(contentsOf: (b ? "true" : "false").utf8) }
    mutating func null() { bytes.append(contentsOf: "null".utf8) }

    /// Ends the document (pretty output ends with a line break, as `serializedBytes` does).
    mutating func finish() -> [UInt8] {
        if pretty { bytes.append(0x0A) }
        return bytes
    }
}
