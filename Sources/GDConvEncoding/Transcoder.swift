import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Converts between encodings with the C library's iconv (glibc knows GB18030, GBK, GB2312,
/// Big5, UTF-16…), strictly: an invalid sequence is an error at its byte offset, never a
/// replacement character.
package enum Transcoder {
    package struct Failure: Error { package let offset: Int; package let message: String }

    package static func convert(_ bytes: [UInt8], from: String, to: String) throws(Failure) -> [UInt8] {
        let cd = iconv_open(to, from)
        if cd == iconv_t(bitPattern: -1) { throw Failure(offset: 0, message: "unknown encoding \(from)") }
        defer { iconv_close(cd) }
        var out = [UInt8](repeating: 0, count: max(bytes.count * 4, 16))
        var input = bytes
        let total = input.count
        var inLeft = total
        var outLeft = out.count
        var failure: Failure? = nil
        input.withUnsafeMutableBufferPointer { ib in
            out.withUnsafeMutableBufferPointer { ob in
                var ip: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(ib.baseAddress!).assumingMemoryBound(to: CChar.self)
                var op: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(ob.baseAddress!).assumingMemoryBound(to: CChar.self)
                if total == 0 { return }
                let rc = iconv(cd, &ip, &inLeft, &op, &outLeft)
                if rc == -1 {
                    let offset = total - inLeft
                    failure = Failure(offset: offset, message: errno == EINVAL ? "truncated character at the end" : "invalid byte sequence")
                }
            }
        }
        if let f = failure { throw f }
        return Array(out[0..<(out.count - outLeft)])
    }
}
