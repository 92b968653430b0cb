import Foundation
import GDConvCore

/// Checks a zip archive's directory before ZIPFoundation reads it: every entry's data must lie
/// inside the file. ZIPFoundation 0.9.20 traps (in-memory) or loops forever (on a file) when an
/// entry's offset or compressed size points past the end; both were found by fuzzing.
enum ZipStructure {
    static func u16(_ b: [UInt8], _ i: Int) -> Int { Int(b[i]) | Int(b[i + 1]) << 8 }
    static func u32(_ b: [UInt8], _ i: Int) -> Int { u16(b, i) | u16(b, i + 2) << 16 }

    static func validate(_ data: Data, name: String) throws {
        let b = [UInt8](data)
        func fail(_ m: String) -> ConversionError { .malformed(file: name, location: nil, message: "not an XLSX workbook: \(m)") }
        guard b.count >= 22 else { throw fail("too short to be a zip archive") }
        // End of central directory: signature 0x06054b50 within the last 64 KiB + 22 bytes.
        var eocd = -1
        var i = b.count - 22
        let lowest = max(0, b.count - 22 - 65_535)
        while i >= lowest {
            if b[i] == 0x50, b[i + 1] == 0x4B, b[i + 2] == 0x05, b[i + 3] == 0x06 { eocd = i; break }
            i -= 1
        }
        guard eocd >= 0 else { throw fail("no zip directory (truncated or not a zip archive)") }
        let count = u16(b, eocd + 10), cdSize = u32(b, eocd + 12), cdOffset = u32(b, eocd + 16)
        guard count != 0xFFFF, cdSize != 0xFFFF_FFFF, cdOffset != 0xFFFF_FFFF else { throw fail("ZIP64 archives are not supported") }
        guard cdOffset + cdSize <= eocd else { throw fail("the zip directory lies outside the file") }
        var p = cdOffset
        for _ in 0..<count {
            guard p + 46 <= cdOffset + cdSize, u32(b, p) == 0x0201_4B50 else { throw fail("damaged zip directory") }
            let compressed = u32(b, p + 20), nameLen = u16(b, p + 28), extraLen = u16(b, p + 30), commentLen = u16(b, p + 32)
            let local = u32(b, p + 42)
            guard compressed != 0xFFFF_FFFF, local != 0xFFFF_FFFF else { throw fail("ZIP64 entries are not supported") }
            guard local + 30 <= b.count, u32(b, local) == 0x0403_4B50 else { throw fail("an entry's header lies outside the file") }
            let dataStart = local + 30 + u16(b, local + 26) + u16(b, local + 28)
            guard dataStart + compressed <= b.count else { throw fail("an entry's data runs past the end of the file (truncated?)") }
            p += 46 + nameLen + extraLen + commentLen
        }
    }
}
