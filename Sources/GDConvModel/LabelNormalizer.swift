import Foundation

/// Normalises labels for matching: the reports' labels differ in width, spacing, quotes and
/// list punctuation, so every comparison of a label goes through `normalizedLabel`.
public enum LabelNormalizer {
    /// NFKC (full-width → half-width), all whitespace removed (including U+3000 and NBSP,
    /// and zero-width characters), quotes unified to `"`, and `，` `、` `,` unified to `、`.
    public static func normalize(_ s: String) -> String {
        var copy = s
        return copy.withUTF8 { normalizedBytes($0) } ?? normalizeScalars(s)
    }

    /// The rule on UTF-8 bytes, for the strings NFKC leaves alone (every label and line of a
    /// report but the rare one with a compatibility character): nil when one needs NFKC, and
    /// `normalizeScalars` decides. The scalar walk and `UnicodeScalarView.append` cost ~7,000
    /// instructions a label; this is pinned to the scalar rule by `LabelNormalizerTests`.
    static func normalizedBytes(_ b: UnsafeBufferPointer<UInt8>) -> String? {
        let n = b.count
        // First pass: does anything change? Most labels come back as they are, without a copy.
        var i = 0
        var changes = false
        while i < n {
            let c = b[i]
            if c < 0x80 {
                if c == 0x27 || c == 0x2C || c == 0x20 || (c >= 0x09 && c <= 0x0D) { changes = true }
                i += 1
                continue
            }
            let (v, len) = UTF8Bytes.scalarValue(b, at: i)
            if needsNFKC(v) { return nil }
            if action(v) != .keep { changes = true }
            i += len
        }
        if !changes { return String(decoding: b, as: UTF8.self) }
        // Second pass: write the mapped scalars (a comma becomes three bytes: `、`).
        return String(unsafeUninitializedCapacity: n * 3) { out in
            var o = 0
            func put(_ x: UInt8) { out[o] = x; o += 1 }
            func putComma() { put(0xE3); put(0x80); put(0x81) }
            var i = 0
            while i < n {
                let c = b[i]
                if c < 0x80 {
                    if c == 0x20 || (c >= 0x09 && c <= 0x0D) {
                    } else if c == 0x27 { put(0x22) } else if c == 0x2C { putComma() } else { put(c) }
                    i += 1
                    continue
                }
                let (v, len) = UTF8Bytes.scalarValue(b, at: i)
                switch action(v) {
                case .keep: for k in 0..<len { put(b[i + k]) }
                case .drop: break
                case .quote: put(0x22)
                case .comma: putComma()
                case .halfWidth:
                    let half = UInt8(v - 0xFEE0)
                    if half == 0x2C { putComma() } else if half == 0x22 || half == 0x27 { put(0x22) } else { put(half) }
                }
                i += len
            }
            return o
        }
    }

    private enum Action { case keep, drop, quote, comma, halfWidth }

    /// What the rule does with a scalar above ASCII (the cases of `normalizeScalars`).
    @inline(__always)
    private static func action(_ v: UInt32) -> Action {
        switch v {
        case 0x85, 0x1680, 0x2000...0x200F, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000, 0xFEFF: return .drop
        case 0x201C, 0x201D, 0x201E, 0x201F, 0x2033, 0x300C, 0x300D, 0x2018, 0x2019: return .quote
        case 0xFF0C, 0x3001: return .comma
        case 0xFF01...0xFF5E: return .halfWidth
        default: return .keep
        }
    }

    /// Scalars outside the common ranges, which only NFKC maps right.
    @inline(__always)
    private static func needsNFKC(_ v: UInt32) -> Bool {
        (0xA0...0xBF).contains(v) || (0x2100...0x2BFF).contains(v) || (0x2E80...0x2FDF).contains(v)
            || (0x3200...0x33FF).contains(v) || (0xF900...0xFAFF).contains(v) || (0xFE10...0xFE6F).contains(v) || (0xFF5F...0xFFEF).contains(v)
    }

    /// The rule on scalars: NFKC when a character needs it, then the mapping.
    static func normalizeScalars(_ s: String) -> String {
        // NFKC only when a character outside the common ranges needs it; full-width ASCII and
        // the ideographic space are mapped below without it.
        let compatibility = s.unicodeScalars.contains { needsNFKC($0.value) }
        let nfkc = compatibility ? s.precomposedStringWithCompatibilityMapping : s
        var out = String.UnicodeScalarView()
        for u in nfkc.unicodeScalars {
            switch u.value {
            case 0x09...0x0D, 0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200F, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000, 0xFEFF:
                continue
            case 0x201C, 0x201D, 0x201E, 0x201F, 0x2033, 0x300C, 0x300D, 0x0027, 0x2018, 0x2019:
                out.append("\"")
            case 0x002C, 0xFF0C, 0x3001:
                out.append("、")
            case 0xFF01...0xFF5E:
                let half = Unicode.Scalar(u.value - 0xFEE0)!
                if half == "," { out.append("、") } else if half == "\"" || half == "'" { out.append("\"") } else { out.append(half) }
            default:
                out.append(u)
            }
        }
        return String(out)
    }
}

extension String {
    /// `LabelNormalizer.normalize(self)`.
    public var normalizedLabel: String { LabelNormalizer.normalize(self) }

    /// The string without leading and trailing white space (including U+3000 and NBSP).
    public var trimmed: String {
        // Fast path: nothing to trim. Decided on the first and last scalars' bytes in place —
        // a Chinese line ends in an ideograph, which the ASCII test alone sent the long way.
        let untouched = utf8.withContiguousStorageIfAvailable { b -> Bool in
            guard let f = b.first, let l = b.last else { return true }
            func scalar(at i: Int) -> Unicode.Scalar { UTF8Bytes.scalar(b, at: i).0 }
            if f < 0x80 ? (f <= 0x20) : scalar(at: 0).isTrimmable { return false }
            if l < 0x80 { return l > 0x20 }
            var s = b.count - 1
            while s > 0, b[s] & 0xC0 == 0x80 { s -= 1 }
            return !scalar(at: s).isTrimmable
        }
        if untouched == true { return self }
        if isEmpty { return self }
        let u = unicodeScalars
        var a = u.startIndex, z = u.endIndex
        while a < z, u[a].isTrimmable { a = u.index(after: a) }
        while z > a, u[u.index(before: z)].isTrimmable { z = u.index(before: z) }
        if a == u.startIndex, z == u.endIndex { return self }
        return String(u[a..<z])
    }
}

extension Unicode.Scalar {
    /// White space or a BOM: what `trimmed` removes. ASCII is decided without the Unicode
    /// property tables, which dominated profiles.
    @inlinable
    public var isTrimmable: Bool {
        let v = value
        if v < 0x80 { return v == 0x20 || (v >= 0x09 && v <= 0x0D) }
        if v == 0x3000 || v == 0xA0 || v == 0xFEFF { return true }
        if v < 0x1680 { return v == 0x85 }
        return isWhiteSpaceAbove1680
    }

    /// Unicode's White_Space property, spelt out (PropList.txt, stable since Unicode 6.3):
    /// the property tables cost more than everything else a label check does.
    @inlinable
    public var isWhiteSpace: Bool {
        let v = value
        if v < 0x80 { return v == 0x20 || (v >= 0x09 && v <= 0x0D) }
        if v < 0x1680 { return v == 0x85 || v == 0xA0 }
        return isWhiteSpaceAbove1680
    }

    @usableFromInline
    var isWhiteSpaceAbove1680: Bool {
        let v = value
        if v > 0x3000 { return false }
        return v == 0x1680 || (v >= 0x2000 && v <= 0x200A) || v == 0x2028 || v == 0x2029 || v == 0x202F || v == 0x205F || v == 0x3000
    }
}

extension StringProtocol {
    /// Whether `needle` occurs in the string, compared as UTF-8 bytes. Foundation's
    /// `contains(_:)` goes through NSString and dominated the reader's profile.
    public func includes(_ needle: String) -> Bool { byteOffset(of: needle) != nil }

    /// `hasPrefix` on the UTF-8 bytes. Labels are normalised before they are compared, so
    /// the bytes decide; `hasPrefix` walks grapheme clusters and was a hot spot.
    public func startsWithBytes(_ prefix: String) -> Bool { utf8.starts(with: prefix.utf8) }

    /// Equality of the UTF-8 bytes (memcmp). `==` on strings that are not ASCII compares by
    /// canonical equivalence, which is slower; labels and memo keys need only the bytes.
    public func bytesEqual(_ other: String) -> Bool {
        let a = utf8, b = other.utf8
        guard a.count == b.count else { return false }
        return a.withContiguousStorageIfAvailable { pa in
            b.withContiguousStorageIfAvailable { pb in pa.count == 0 || memcmp(pa.baseAddress!, pb.baseAddress!, pa.count) == 0 }
        }.flatMap { $0 } ?? a.elementsEqual(b)
    }

    /// The number of Unicode scalars: a label's length for the matcher's bounds, without the
    /// grapheme walk `count` does (a normalised label's characters are single scalars).
    public var scalarCount: Int { unicodeScalars.count }

    /// The UTF-8 offset of the first occurrence of `needle`, compared as bytes.
    public func byteOffset(of needle: String) -> Int? {
        // memchr finds each candidate first byte (vectorised); long pages are searched this way.
        let found = utf8.withContiguousStorageIfAvailable { h -> Int?? in
            needle.utf8.withContiguousStorageIfAvailable { n in UTF8Bytes.firstOffset(of: n, in: h) }
        }
        if let f = found, let r = f { return r }
        return String(self).byteOffset(ofCopied: Array(needle.utf8))
    }

    /// `byteOffset(of:)` for texts without contiguous storage (bridged or sliced).
    private func byteOffset(ofCopied n: [UInt8]) -> Int? {
        guard let first = n.first else { return 0 }
        let h = Array(utf8)
        guard h.count >= n.count else { return nil }
        var i = 0
        let last = h.count - n.count
        while i <= last {
            if h[i] == first {
                var k = 1
                while k < n.count, h[i + k] == n[k] { k += 1 }
                if k == n.count { return i }
            }
            i += 1
        }
        return nil
    }
}

extension Array where Element: Comparable {
    /// Whether a sorted array holds `value`, by binary search: small fixed sets of scalars
    /// asked about every character of a text, where hashing each one cost more.
    public func sortedContains(_ value: Element) -> Bool {
        var lo = 0, hi = count
        while lo < hi {
            let mid = (lo + hi) / 2
            if self[mid] < value { lo = mid + 1 } else { hi = mid }
        }
        return lo < count && self[lo] == value
    }
}
