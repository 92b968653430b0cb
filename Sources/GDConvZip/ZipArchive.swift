import Foundation
import GDConvCore
internal import CZlib

/// Reads the entries of a zip archive (an XLSX workbook, a Word document) with zlib, defensively: the central
/// directory is checked before anything is read (every entry's data must lie inside the file),
/// inflation is bounded and stops when zlib makes no progress. ZIPFoundation 0.9.20 trapped on a
/// corrupt offset and looped forever on a truncated entry and on a corrupt deflate stream (all
/// found by fuzzing), so the container is read here directly.
package struct ZipArchive {
    package struct Entry {
        package let path: String
        let method: Int
        let compressedSize: Int
        package let uncompressedSize: Int
        let dataStart: Int
    }

    let bytes: [UInt8]
    package let entries: [Entry]

    static func u16(_ b: [UInt8], _ i: Int) -> Int { Int(b[i]) | Int(b[i + 1]) << 8 }
    static func u32(_ b: [UInt8], _ i: Int) -> Int { u16(b, i) | u16(b, i + 2) << 16 }

    /// `container` names what the archive should be, for errors (`an XLSX workbook`).
    package init(_ data: Data, name: String, maxEntries: Int, container: String = "an XLSX workbook") throws {
        let b = [UInt8](data)
        bytes = b
        func fail(_ m: String) -> ConversionError { .malformed(file: name, location: nil, message: "not \(container): \(m)") }
        guard b.count >= 22 else { throw fail("too short to be a zip archive") }
        var eocd = -1
        var i = b.count - 22
        let lowest = max(0, b.count - 22 - 65_535)
        while i >= lowest {
            if b[i] == 0x50, b[i + 1] == 0x4B, b[i + 2] == 0x05, b[i + 3] == 0x06 { eocd = i; break }
            i -= 1
        }
        guard eocd >= 0 else { throw fail("no zip directory (truncated, or not a zip archive)") }
        let count = ZipArchive.u16(b, eocd + 10), cdSize = ZipArchive.u32(b, eocd + 12), cdOffset = ZipArchive.u32(b, eocd + 16)
        guard count != 0xFFFF, cdSize != 0xFFFF_FFFF, cdOffset != 0xFFFF_FFFF else { throw fail("ZIP64 archives are not supported") }
        guard count <= maxEntries else { throw ConversionError.limitExceeded(file: name, message: "more than \(maxEntries) entries in the archive") }
        guard cdOffset + cdSize <= eocd else { throw fail("the zip directory lies outside the file") }
        var out: [Entry] = []
        var p = cdOffset
        for _ in 0..<count {
            guard p + 46 <= cdOffset + cdSize, ZipArchive.u32(b, p) == 0x0201_4B50 else { throw fail("damaged zip directory") }
            let flags = ZipArchive.u16(b, p + 8), method = ZipArchive.u16(b, p + 10)
            let compressed = ZipArchive.u32(b, p + 20), uncompressed = ZipArchive.u32(b, p + 24)
            let nameLen = ZipArchive.u16(b, p + 28), extraLen = ZipArchive.u16(b, p + 30), commentLen = ZipArchive.u16(b, p + 32)
            let local = ZipArchive.u32(b, p + 42)
            guard compressed != 0xFFFF_FFFF, uncompressed != 0xFFFF_FFFF, local != 0xFFFF_FFFF else { throw fail("ZIP64 entries are not supported") }
            guard p + 46 + nameLen <= b.count else { throw fail("damaged zip directory") }
            guard flags & 1 == 0 else { throw fail("encrypted entries are not supported") }
            let path = String(decoding: b[(p + 46)..<(p + 46 + nameLen)], as: UTF8.self)
            guard local + 30 <= b.count, ZipArchive.u32(b, local) == 0x0403_4B50 else { throw fail("the header of \(path) lies outside the file") }
            let dataStart = local + 30 + ZipArchive.u16(b, local + 26) + ZipArchive.u16(b, local + 28)
            guard dataStart + compressed <= b.count else { throw fail("the data of \(path) runs past the end of the file (truncated?)") }
            out.append(Entry(path: path, method: method, compressedSize: compressed, uncompressedSize: uncompressed, dataStart: dataStart))
            p += 46 + nameLen + extraLen + commentLen
        }
        entries = out
    }

    /// An entry's bytes, at most `limit` of them (checked on what actually comes out).
    package func read(_ e: Entry, limit: Int, name: String) throws -> Data {
        let raw = bytes[e.dataStart..<(e.dataStart + e.compressedSize)]
        switch e.method {
        case 0:
            guard raw.count <= limit else { throw ConversionError.limitExceeded(file: name, message: "\(e.path) is larger than the limit of \(limit >> 20) MB") }
            return Data(raw)
        case 8:
            return try inflate(Array(raw), limit: limit, path: e.path, name: name)
        default:
            throw ConversionError.malformed(file: name, location: nil, message: "\(e.path) uses zip compression method \(e.method), which is not supported")
        }
    }

    private func inflate(_ input: [UInt8], limit: Int, path: String, name: String) throws -> Data {
        var stream = z_stream()
        guard gdconv_inflate_init_raw(&stream) == Z_OK else { throw ConversionError.library(name: "zlib", message: "inflateInit failed") }
        defer { inflateEnd(&stream) }
        var out = Data()
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        var input = input
        let total = input.count
        return try input.withUnsafeMutableBufferPointer { ib -> Data in
            stream.next_in = ib.baseAddress
            stream.avail_in = uInt(total)
            while true {
                let before = (stream.avail_in, out.count)
                let status: Int32 = chunk.withUnsafeMutableBufferPointer { cb in
                    stream.next_out = cb.baseAddress
                    stream.avail_out = uInt(cb.count)
                    let rc = CZlib.inflate(&stream, Z_NO_FLUSH)
                    out.append(cb.baseAddress!, count: cb.count - Int(stream.avail_out))
                    return rc
                }
                if out.count > limit {
                    throw ConversionError.limitExceeded(file: name, message: "\(path) expands beyond the limit of \(limit >> 20) MB (zip bomb?)")
                }
                if status == Z_STREAM_END { return out }
                guard status == Z_OK || status == Z_BUF_ERROR else {
                    throw ConversionError.malformed(file: name, location: nil, message: "\(path) cannot be decompressed (corrupt deflate data)")
                }
                // No input consumed and no output produced: the stream is cut off or corrupt.
                if stream.avail_in == before.0 && out.count == before.1 {
                    throw ConversionError.malformed(file: name, location: nil, message: "\(path) cannot be decompressed (truncated deflate data)")
                }
            }
        }
    }
}
