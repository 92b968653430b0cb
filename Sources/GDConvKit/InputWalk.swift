import Foundation
import GDConvEncoding

/// One input of a bulk run, as found on disk.
public struct InputFile: Sendable, Hashable {
    /// The path as messages and outputs show it. A name whose bytes are not UTF-8 (GBK names
    /// from zips made on Windows) is shown decoded as GB18030, or with `\xNN` escapes.
    public let input: String
    /// The path below the folder it was found in; the output tree mirrors it.
    public let relative: String
    /// The path's bytes, when they are not the UTF-8 of `input`: the file is opened with these.
    public let rawPath: [UInt8]?

    public init(input: String, relative: String, rawPath: [UInt8]? = nil) {
        self.input = input
        self.relative = relative
        self.rawPath = rawPath
    }
}

/// Finds the inputs of a bulk run. Names are read as bytes (`readdir`), so no file is left out
/// for its name; the output folder and gdconv's own temporary files are never inputs (a second
/// run must not convert the first run's outputs); a path that does not exist is kept, so that
/// its conversion fails on its own and the rest of the run goes on.
public enum InputWalk {
    /// The prefix of gdconv's temporary files (`AtomicFile`).
    public static let temporaryPrefix = ".gdconv-"

    public static func expand(_ args: [String], excluding outputDirectory: String? = nil, extensions: Set<String>) -> [InputFile] {
        var leftOut: [String] = []
        return expand(args, excluding: outputDirectory, extensions: extensions, leftOut: &leftOut)
    }

    /// The same, also listing in `leftOut` the files of folders walked that no reader reads
    /// (`.pdf`, `.md`, pictures; hidden files aside), so that a run can name what it did not read.
    public static func expand(_ args: [String], excluding outputDirectory: String?, extensions: Set<String>, leftOut: inout [String]) -> [InputFile] {
        let excluded = outputDirectory.flatMap(BatchRunner.realPath)
        var out: [InputFile] = []
        for a in args {
            // A name that is not UTF-8 reaches Swift repaired (U+FFFD); its bytes are in argv.
            let raw = RawArguments.bytes(of: a)
            var st = stat()
            let found = (raw.map { $0 + [0] } ?? Array(a.utf8) + [0]).withUnsafeBufferPointer {
                stat(UnsafeRawPointer($0.baseAddress!).assumingMemoryBound(to: CChar.self), &st)
            } == 0
            guard found, st.st_mode & S_IFMT == S_IFDIR else {
                if let raw {
                    let name = raw.split(separator: 0x2F).last.map(Array.init) ?? raw
                    out.append(InputFile(input: display(raw), relative: display(name), rawPath: raw))
                } else {
                    out.append(InputFile(input: a, relative: (a as NSString).lastPathComponent))
                }
                continue
            }
            var files: [InputFile] = []
            var root = raw ?? Array(a.utf8)
            while root.count > 1, root.last == 0x2F { root.removeLast() }
            walk(root, relative: [], excluded: excluded, extensions: extensions, depth: 0, into: &files, leftOut: &leftOut)
            out += files.sorted { $0.relative < $1.relative }
        }
        return out
    }

    private static func walk(_ dir: [UInt8], relative: [UInt8], excluded: String?, extensions: Set<String>, depth: Int,
                             into out: inout [InputFile], leftOut: inout [String]) {
        guard depth < 64 else { return }
        if let excluded, let path = String(validating: dir, as: UTF8.self), BatchRunner.realPath(path) == excluded { return }
        guard let d = (dir + [0]).withUnsafeBufferPointer({ opendir(UnsafeRawPointer($0.baseAddress!).assumingMemoryBound(to: CChar.self)) }) else { return }
        defer { closedir(d) }
        while let e = readdir(d) {
            let name: [UInt8] = withUnsafeBytes(of: e.pointee.d_name) { raw in Array(raw.prefix { $0 != 0 }) }
            if name == [0x2E] || name == [0x2E, 0x2E] { continue }
            if name.starts(with: Array(temporaryPrefix.utf8)) { continue }
            let full = (dir == [0x2F] ? [] : dir) + [0x2F] + name
            let rel = relative.isEmpty ? name : relative + [0x2F] + name
            var st = stat()
            // A symlink is followed to decide what it is; a symlinked folder is not descended
            // (no loops), as before.
            let isLink = Int32(e.pointee.d_type) == Int32(DT_LNK)
            guard (full + [0]).withUnsafeBufferPointer({ stat(UnsafeRawPointer($0.baseAddress!).assumingMemoryBound(to: CChar.self), &st) }) == 0 else { continue }
            switch st.st_mode & S_IFMT {
            case S_IFDIR:
                if !isLink { walk(full, relative: rel, excluded: excluded, extensions: extensions, depth: depth + 1, into: &out, leftOut: &leftOut) }
            case S_IFREG:
                let shownName = display(name)
                guard extensions.contains((shownName as NSString).pathExtension.lowercased()) else {
                    if name.first != 0x2E { leftOut.append(display(full)) }
                    continue
                }
                let shownFull = display(full), shownRel = display(rel)
                let utf8 = String(validating: full, as: UTF8.self) != nil
                out.append(InputFile(input: shownFull, relative: shownRel, rawPath: utf8 ? nil : full))
            default:
                continue
            }
        }
    }

    /// A path's bytes as text: UTF-8, else GB18030 (Windows zips of Chinese names), else UTF-8
    /// with each invalid byte as `\xNN`.
    public static func display(_ bytes: [UInt8]) -> String {
        if let s = String(validating: bytes, as: UTF8.self) { return s }
        if let converted = try? Transcoder.convert(bytes, from: "GB18030", to: "UTF-8"), let s = String(validating: converted, as: UTF8.self) { return s }
        var out = ""
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            let len = b < 0x80 ? 1 : b >> 5 == 0b110 ? 2 : b >> 4 == 0b1110 ? 3 : b >> 3 == 0b11110 ? 4 : 0
            if len > 0, i + len <= bytes.count, let s = String(validating: bytes[i..<(i + len)], as: UTF8.self) {
                out += s
                i += len
            } else {
                out += String(format: "\\x%02X", b)
                i += 1
            }
        }
        return out
    }
}

/// The command line as bytes. Swift decodes `argv` as UTF-8 and repairs what is not (a GBK file
/// name typed in a GBK terminal, or passed by a script); gdconv opens such a file by its bytes.
public enum RawArguments {
    /// The bytes of the argument that Swift shows as `argument`, when they are not its UTF-8.
    public static func bytes(of argument: String) -> [UInt8]? {
        guard argument.unicodeScalars.contains("\u{FFFD}") else { return nil }
        for i in 0..<Int(CommandLine.argc) {
            guard let p = CommandLine.unsafeArgv[i] else { continue }
            let b = Array(UnsafeBufferPointer(start: UnsafeRawPointer(p).assumingMemoryBound(to: UInt8.self), count: strlen(p)))
            if String(validating: b, as: UTF8.self) == nil, String(decoding: b, as: UTF8.self) == argument { return b }
        }
        return nil
    }
}
