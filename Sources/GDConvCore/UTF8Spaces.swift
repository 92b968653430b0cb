import GDConvModel

/// White space (`isTrimmable`: Unicode White_Space and the BOM) found on UTF-8 bytes.
public enum UTF8Spaces {
    /// The string of bytes `lo..<hi` (valid UTF-8 cut at scalar boundaries). One ASCII byte —
    /// the space around most `|` — is taken from a table instead of being validated.
    public static func string(_ b: UnsafeBufferPointer<UInt8>, _ lo: Int, _ hi: Int) -> String {
        if lo == hi { return "" }
        if hi - lo == 1, b[lo] < 0x80 { return asciiStrings[Int(b[lo])] }
        return String(decoding: UnsafeBufferPointer(rebasing: b[lo..<hi]), as: UTF8.self)
    }

    private static let asciiStrings: [String] = (0..<128).map { String(Unicode.Scalar(UInt8($0))) }

    /// The scalar starting at byte `i` (valid UTF-8) and its length.
    public static func scalar(_ b: UnsafeBufferPointer<UInt8>, at i: Int) -> (Unicode.Scalar, Int) { UTF8Bytes.scalar(b, at: i) }

    /// The first byte in `lo..<hi` that starts a scalar which is not white space (`hi` if none).
    public static func trimStart(_ b: UnsafeBufferPointer<UInt8>, _ lo: Int, _ hi: Int) -> Int {
        var i = lo
        while i < hi {
            let c = b[i]
            if c < 0x80 {
                guard c == 0x20 || (c >= 0x09 && c <= 0x0D) else { return i }
                i += 1
                continue
            }
            let (u, n) = scalar(b, at: i)
            guard u.isTrimmable else { return i }
            i += n
        }
        return hi
    }

    /// The end of the last scalar in `lo..<hi` which is not white space (`lo` if none).
    public static func trimEnd(_ b: UnsafeBufferPointer<UInt8>, _ lo: Int, _ hi: Int) -> Int {
        var z = hi
        while z > lo {
            let c = b[z - 1]
            if c < 0x80 {
                guard c == 0x20 || (c >= 0x09 && c <= 0x0D) else { return z }
                z -= 1
                continue
            }
            var s = z - 1
            while s > lo, b[s] & 0xC0 == 0x80 { s -= 1 }
            guard scalar(b, at: s).0.isTrimmable else { return z }
            z = s
        }
        return lo
    }
}
