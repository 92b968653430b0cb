import Foundation

/// The two byte-level primitives every reader's fast paths share: finding bytes in bytes, and
/// decoding the scalar at a position of valid UTF-8 (a Swift string's own bytes).
public enum UTF8Bytes {
    /// The offset of the first occurrence of `needle` in `haystack` at or after `from`; memchr
    /// finds each candidate first byte (vectorised), memcmp the rest.
    public static func firstOffset(of needle: UnsafeBufferPointer<UInt8>, in haystack: UnsafeBufferPointer<UInt8>, from: Int = 0) -> Int? {
        guard let first = needle.first else { return from <= haystack.count ? from : nil }
        guard let hb = haystack.baseAddress, let nb = needle.baseAddress, haystack.count >= needle.count else { return nil }
        let last = haystack.count - needle.count
        var i = from
        while i <= last {
            guard let p = memchr(hb + i, Int32(first), last - i + 1) else { return nil }
            i = hb.distance(to: p.assumingMemoryBound(to: UInt8.self))
            if memcmp(hb + i, nb, needle.count) == 0 { return i }
            i += 1
        }
        return nil
    }

    /// `firstOffset` for a needle known when compiling.
    public static func firstOffset(of needle: StaticString, in haystack: UnsafeBufferPointer<UInt8>, from: Int = 0) -> Int? {
        needle.withUTF8Buffer { firstOffset(of: $0, in: haystack, from: from) }
    }

    /// The scalar value starting at byte `i` of valid UTF-8 and its length in bytes.
    @inline(__always)
    public static func scalarValue(_ b: UnsafeBufferPointer<UInt8>, at i: Int) -> (value: UInt32, length: Int) {
        let c = UInt32(b[i])
        if c < 0x80 { return (c, 1) }
        if c < 0xE0 { return (((c & 0x1F) << 6) | (UInt32(b[i + 1]) & 0x3F), 2) }
        if c < 0xF0 { return (((c & 0x0F) << 12) | ((UInt32(b[i + 1]) & 0x3F) << 6) | (UInt32(b[i + 2]) & 0x3F), 3) }
        return (((c & 0x07) << 18) | ((UInt32(b[i + 1]) & 0x3F) << 12) | ((UInt32(b[i + 2]) & 0x3F) << 6) | (UInt32(b[i + 3]) & 0x3F), 4)
    }

    /// The scalar starting at byte `i` of valid UTF-8 and its length in bytes.
    @inline(__always)
    public static func scalar(_ b: UnsafeBufferPointer<UInt8>, at i: Int) -> (Unicode.Scalar, Int) {
        let (v, n) = scalarValue(b, at: i)
        return (Unicode.Scalar(v) ?? "\u{FFFD}", n)
    }
}
