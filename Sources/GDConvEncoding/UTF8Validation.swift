/// UTF-8 well-formedness (Unicode Table 3-7: no overlong forms, no surrogates, nothing past
/// U+10FFFF), eight ASCII bytes at a time. Served pages are mostly ASCII markup; the standard
/// library's validator went byte by byte (eight instructions a byte). Pinned to
/// `String(validating:)` by a test.
public enum UTF8Validation {
    public static func isValid(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = b.baseAddress else { return true }
        let n = b.count
        var i = 0
        while i < n {
            if i + 8 <= n, UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self) & 0x8080_8080_8080_8080 == 0 {
                i += 8
                continue
            }
            let c = b[i]
            if c < 0x80 { i += 1; continue }
            func cont(_ k: Int) -> Bool { i + k < n && b[i + k] & 0xC0 == 0x80 }
            switch c {
            case 0xC2...0xDF:
                guard cont(1) else { return false }
                i += 2
            case 0xE0...0xEF:
                guard cont(1), cont(2) else { return false }
                let c1 = b[i + 1]
                if c == 0xE0, c1 < 0xA0 { return false }          // overlong
                if c == 0xED, c1 > 0x9F { return false }          // surrogates
                i += 3
            case 0xF0...0xF4:
                guard cont(1), cont(2), cont(3) else { return false }
                let c1 = b[i + 1]
                if c == 0xF0, c1 < 0x90 { return false }          // overlong
                if c == 0xF4, c1 > 0x8F { return false }          // past U+10FFFF
                i += 4
            default:
                return false
            }
        }
        return true
    }
}
