/// A string as a dictionary key hashed and compared on its UTF-8 bytes: `String`'s own hashing
/// normalises non-ASCII text first, which cost more than the memoised work. Two spellings of
/// one text in different normalisation forms are two keys, each with the right value.
struct BytesKey: Hashable {
    let text: String

    init(_ text: String) { self.text = text }

    static func == (a: BytesKey, b: BytesKey) -> Bool { a.text.bytesEqual(b.text) }

    func hash(into h: inout Hasher) { MatchQuery.hashBytes(text, into: &h) }
}
