import GDConvModel
/// Writes JSON straight into a byte buffer, in the layout `JSONValue.serializedBytes` gives
/// (two-space indent, `"key": value`, empty containers as `{}`/`[]`), without building a tree
/// first. The report writer streams through this: building a `JSONValue` tree and walking it
/// again took a third of a text → JSON conversion.
struct JSONEmitter: JSONByteSink {
    /// The bytes written so far, in memory the emitter owns until `finish()` hands them over:
    /// each byte is a store and a count, where an array checked its uniqueness and capacity
    /// per byte (a third of writing a report). Passed only `inout`, never copied.
    private var storage: UnsafeMutablePointer<UInt8>
    private var count = 0
    private var capacity: Int
    private let pretty: Bool
    private var depth = 0
    /// True right after a container opened: the next member needs no comma.
    private var atFirst = true
    /// Depth at which pretty output went on one line (`{"text": "37", "value": 37}`), 0 for none.
    private var inlineFrom = 0

    init(pretty: Bool, capacity: Int = 1 << 16) {
        self.pretty = pretty
        self.capacity = max(capacity, 64)
        storage = .allocate(capacity: self.capacity)
    }

    private mutating func reserve(_ n: Int) {
        guard count + n > capacity else { return }
        let grown = max(capacity * 2, count + n)
        let next = UnsafeMutablePointer<UInt8>.allocate(capacity: grown)
        next.update(from: storage, count: count)
        if capacity > 0 { storage.deallocate() }
        storage = next
        capacity = grown
    }

    @inline(__always)
    mutating func append(_ b: UInt8) {
        if count == capacity { reserve(1) }
        storage[count] = b
        count += 1
    }

    @inline(__always)
    mutating func append(bytes: UnsafeBufferPointer<UInt8>) {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        reserve(bytes.count)
        (storage + count).update(from: base, count: bytes.count)
        count += bytes.count
    }

    mutating func append(_ bytes: [UInt8]) { bytes.withUnsafeBufferPointer { append(bytes: $0) } }

    private mutating func newline() {
        reserve(1 + depth * 2)
        storage[count] = 0x0A
        (storage + count + 1).initialize(repeating: 0x20, count: depth * 2)
        count += 1 + depth * 2
    }

    private var breaksLines: Bool { pretty && inlineFrom == 0 }

    /// Starts the next member of the enclosing container.
    private mutating func separate() {
        if !atFirst { append(UInt8(ascii: ",")) }
        if breaksLines { newline() } else if pretty && !atFirst { append(0x20) }
        atFirst = false
    }

    /// Starts an object member: `"key": `. `key` is ASCII without escapes (our member names).
    mutating func key(_ key: StaticString) {
        separate()
        append(0x22)
        key.withUTF8Buffer { append(bytes: $0) }
        append(0x22)
        append(UInt8(ascii: ":"))
        if pretty { append(0x20) }
    }

    /// Starts an object member named by a field's key (quoted once per registry).
    mutating func key(_ id: FieldID) {
        separate()
        fieldKey(id, dropping: 0)
        append(UInt8(ascii: ":"))
        if pretty { append(0x20) }
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
        append(bracket)
        depth += 1
        if inline && inlineFrom == 0 { inlineFrom = depth }
        atFirst = true
    }

    private mutating func close(_ bracket: UInt8) {
        if !atFirst, breaksLines { depth -= 1; newline() } else { depth -= 1 }
        if inlineFrom > depth { inlineFrom = 0 }
        append(bracket)
        atFirst = false
    }

    mutating func string(_ s: String) { JSONValue.quote(s, into: &self) }

    private mutating func utf8(_ s: String) {
        var s = s
        s.withUTF8 { append(bytes: $0) }
    }
    /// A string known when compiling (`"paragraph"`): no escape scan. Named apart from
    /// `string(_:)` because a literal argument would pick the `String` overload.
    mutating func literal(_ s: StaticString) {
        append(0x22)
        s.withUTF8Buffer { append(bytes: $0) }
        append(0x22)
    }
    mutating func optionalString(_ s: String?) { if let s { string(s) } else { null() } }

    /// A field's key without its first `dropping` bytes (the row's `keyPrefix`), or null. Keys
    /// are escaped once per registry, not once per cell.
    mutating func fieldKey(_ id: FieldID?, dropping: Int) {
        guard let id else { return null() }
        let key = JSONEmitter.keyBytes.key(Int(id.index))
        append(0x22)
        append(bytes: UnsafeBufferPointer(rebasing: key[dropping...]))
        append(0x22)
    }

    /// Writes `"keyPrefix": "…"` for the fields of a row's cells and returns its length in
    /// bytes: the longest prefix ending in "." that every key shares (0, and nothing written,
    /// when they share none). A row's keys differ only in their last part or two, so the shared
    /// part is written once instead of in every cell (a third of a document was its rows' keys).
    mutating func keyPrefix(of cells: UnsafeBufferPointer<Cell>) -> Int {
        let keys = JSONEmitter.keyBytes
        var first: UnsafeBufferPointer<UInt8>? = nil
        var shared = 0
        for i in cells.indices {
            guard let id = cells[i].field else { continue }
            let key = keys.key(Int(id.index))
            guard let f = first else { first = key; shared = key.count; continue }
            let n = min(shared, key.count)
            var k = 0
            while k < n && f[k] == key[k] { k += 1 }
            shared = k
        }
        guard let first else { return 0 }
        // Cut back to just after the last "." of the shared part (a key is never cut mid-name).
        while shared > 0 && first[shared - 1] != UInt8(ascii: ".") { shared -= 1 }
        if shared > 0 {
            key("keyPrefix")
            append(0x22)
            append(bytes: UnsafeBufferPointer(rebasing: first[..<shared]))
            append(0x22)
        }
        return shared
    }

    /// The keys as they appear between the quotes (escaped, should a key ever need it; a "." is
    /// never escaped, so a prefix cut after one is still valid JSON), in one block of memory
    /// allocated once per process: comparing a row's keys touches no reference counts.
    private static let keyBytes = KeyBytes(FieldRegistry.shared.keys.map { key in
        var quoted: [UInt8] = []
        JSONValue.quote(key, into: &quoted)
        return quoted.dropFirst().dropLast()
    })

    struct KeyBytes: @unchecked Sendable {
        private let bytes: UnsafeMutableBufferPointer<UInt8>
        private let starts: [Int]

        init(_ keys: [ArraySlice<UInt8>]) {
            var starts = [0]
            for k in keys { starts.append(starts.last! + k.count) }
            bytes = .allocate(capacity: max(starts.last!, 1))
            var at = 0
            for k in keys { for b in k { bytes[at] = b; at += 1 } }
            self.starts = starts
        }

        /// The bytes of key `i` (valid for the life of the process).
        func key(_ i: Int) -> UnsafeBufferPointer<UInt8> {
            UnsafeBufferPointer(rebasing: bytes[starts[i]..<starts[i + 1]])
        }
    }
    mutating func number(_ literal: String) { utf8(literal) }
    mutating func number(_ n: Int) { utf8(String(n)) }
    mutating func bool(_ b: Bool) { if b { literalBytes("true") } else { literalBytes("false") } }
    mutating func null() { literalBytes("null") }

    private mutating func literalBytes(_ s: StaticString) { s.withUTF8Buffer { append(bytes: $0) } }

    /// Ends the document (pretty output ends with a line break, as `serializedBytes` does).
    /// The memory is released here: an emitter is finished once, then dropped. (Its storage is
    /// then the shared empty sentinel, never written and never freed: a fresh byte allocated
    /// here leaked once per document, as the fuzzer's leak check showed.)
    mutating func finish() -> [UInt8] {
        if pretty { append(0x0A) }
        let out = [UInt8](UnsafeBufferPointer(start: storage, count: count))
        storage.deallocate()
        storage = JSONEmitter.released
        count = 0
        capacity = 0
        return out
    }

    /// Whether the emitter still owns memory (false once finished).
    var ownsMemory: Bool { capacity > 0 }

    nonisolated(unsafe) private static let released = UnsafeMutablePointer<UInt8>.allocate(capacity: 1)
}
