import Foundation

/// Reads, converts and writes one report: the pipeline behind `gdconv IN -o OUT`.
public struct Conversion: Sendable {
    /// Largest input accepted, in bytes (an option: `--max-input-mb`).
    public var maxInputBytes: Int = 64 << 20

    public init() {}

    /// The result of a conversion before anything is written: the report, what the reader
    /// said, and the writer that will make the output (`bytes()` or `write(to:)`).
    public struct Output: Sendable {
        public var report: Report
        public var diagnostics: [Diagnostic]
        public var inputFormat: Format
        let writer: any ReportWriter
        let writerOptions: WriterOptions

        /// The output's bytes (standard output, tests).
        public func bytes() throws -> Data { try writer.write(report, options: writerOptions) }

        /// Writes the output to `path` atomically (see `AtomicFile`). A writer that writes files
        /// itself (the workbook) writes straight into the temporary file beside the target.
        public func write(to path: String, inputs: [String], durable: Bool) throws {
            if let fileWriter = writer as? any FileReportWriter {
                try AtomicFile.write(to: path, inputs: inputs, durable: durable) { _, tmpPath in
                    try fileWriter.write(report, options: writerOptions, toFile: tmpPath)
                }
            } else {
                try AtomicFile.write(bytes(), to: path, inputs: inputs, durable: durable)
            }
        }
    }

    /// Writes a report the program made itself (a sum, a diff's form) as `format` to `path`,
    /// atomically, or returns the bytes when `path` is nil.
    public static func write(_ report: Report, as format: Format, to path: String?, options: WriterOptions = WriterOptions(), inputs: [String] = []) throws -> Data? {
        guard let make = format.entry.writer else { throw ConversionError.usage("\(format.name) is an input-only format; write one of \(Format.outputNames)") }
        let out = Output(report: report, diagnostics: [], inputFormat: format, writer: make(), writerOptions: options)
        guard let path else { return try out.bytes() }
        try out.write(to: path, inputs: inputs, durable: true)
        return nil
    }

    /// Reads input bytes (a path, or `-` for standard input): one open, one fstat, reads into
    /// a buffer of the file's size.
    public func load(_ path: String, rawPath: [UInt8]? = nil) throws -> Data {
        let fd: Int32
        if path == "-" {
            fd = dup(0)
        } else if let raw = rawPath {
            // A name that is not UTF-8: opened by its bytes; `path` is how messages show it.
            fd = (raw + [0]).withUnsafeBufferPointer { open(UnsafeRawPointer($0.baseAddress!).assumingMemoryBound(to: CChar.self), O_RDONLY | O_CLOEXEC) }
        } else {
            fd = open(path, O_RDONLY | O_CLOEXEC)
        }
        guard fd >= 0 else {
            switch errno {
            case ENOENT, ENOTDIR: throw ConversionError.io(path: path, message: "no such file")
            case EACCES, EPERM: throw ConversionError.io(path: path, message: "permission denied")
            default: throw ConversionError.io(path: path, message: "cannot open: \(String(cString: strerror(errno)))")
            }
        }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw ConversionError.io(path: path, message: "cannot read: \(String(cString: strerror(errno)))") }
        if st.st_mode & S_IFMT == S_IFDIR { throw ConversionError.io(path: path, message: "is a directory, not a report file") }
        let size = Int(st.st_size)
        if size > maxInputBytes {
            throw ConversionError.limitExceeded(file: path, message: "input is \(size >> 20) MB, larger than the limit of \(maxInputBytes >> 20) MB (--max-input-mb)")
        }
        // Regular files are read to their stated size; anything else (a FIFO, /dev/stdin) in
        // chunks, never past the limit.
        var bytes = [UInt8](repeating: 0, count: max(size, 1 << 16))
        var used = 0
        while true {
            if used == bytes.count {
                // Grow up to one byte past the limit: reading that byte is the proof of excess,
                // so standard input is never read (or held) far beyond the limit.
                guard used <= maxInputBytes else {
                    throw ConversionError.limitExceeded(file: path, message: "input larger than the limit of \(maxInputBytes >> 20) MB (--max-input-mb)")
                }
                bytes.append(contentsOf: repeatElement(0, count: min(bytes.count, maxInputBytes + 1 - bytes.count)))
            }
            let n = bytes.withUnsafeMutableBytes { read(fd, $0.baseAddress! + used, $0.count - used) }
            if n < 0 {
                if errno == EINTR { continue }
                throw ConversionError.io(path: path, message: errno == EISDIR ? "is a directory, not a report file" : "cannot read: \(String(cString: strerror(errno)))")
            }
            if n == 0 { break }
            used += n
        }
        guard used > 0 else { throw ConversionError.malformed(file: path, location: nil, message: path == "-" ? "standard input is empty" : "the file is empty") }
        guard used <= maxInputBytes else {
            throw ConversionError.limitExceeded(file: path, message: "input larger than the limit of \(maxInputBytes >> 20) MB (--max-input-mb)")
        }
        return Data(bytes[0..<used])
    }

    /// Converts `data` from `from` (sniffed when nil) to `to`.
    public func convert(_ data: Data, from: Format?, to: Format, readerOptions: ReaderOptions, writerOptions: WriterOptions) throws -> Output {
        let inFormat = from ?? Format.sniff(data)
        let reader = try inFormat.reader()
        let writer = try to.writer()
        let read = try reader.read(data, options: readerOptions)
        return Output(report: read.report, diagnostics: read.diagnostics, inputFormat: inFormat, writer: writer, writerOptions: writerOptions)
    }
}

/// Writes a file all at once: into a temporary file beside it, then renamed into place, so a
/// failure never leaves a partial file and a previous file survives a failed write.
///
/// Durability: with `durable` (one conversion) the temporary file is flushed to disk
/// (`fsync`) before the rename, so a power cut leaves the old file or the new one. A bulk run
/// passes `durable: false` and calls `syncFileSystem(of:)` once at the end instead: an fsync
/// per report cost more than converting it, and a run is not done (exit status, `--report`)
/// until that one sync returns.
public enum AtomicFile {
    /// Writes `data` to `path`. Refuses to replace one of `inputs` (the same file, by device
    /// and inode, under whatever name), a directory, or a symlink (it is never followed: the
    /// file it points to stays untouched). The path is resolved by the kernel as written
    /// (`y/../x` goes through `y` as it really is), and the temporary file has a short name of its
    /// own, so any name the file system accepts can be written.
    public static func write(_ data: Data, to path: String, inputs: [String] = [], durable: Bool = true) throws {
        try write(to: path, inputs: inputs, durable: durable, needsPath: false) { fd, _ in
            var failure: String? = nil
            data.withUnsafeBytes { (buf: UnsafeRawBufferPointer) in
                var done = 0
                while done < buf.count {
                    let n = Foundation.write(fd, buf.baseAddress! + done, buf.count - done)
                    if n < 0 {
                        if errno == EINTR { continue }
                        failure = String(cString: strerror(errno)); return
                    }
                    done += n
                }
            }
            if let failure { throw ConversionError.io(path: path, message: "cannot write: \(failure)") }
        }
    }

    /// The same, for content that `body` writes into the temporary file: through its open
    /// descriptor, or by its path (libxlsxwriter opens the file itself).
    public static func write(to path: String, inputs: [String] = [], durable: Bool = true, needsPath: Bool = true,
                             _ body: (_ fd: Int32, _ tmpPath: String) throws -> Void) throws {
        let (dir, name) = split(path)
        var target = stat()
        let replacing = lstat(path, &target) == 0
        if replacing {
            switch target.st_mode & S_IFMT {
            case S_IFLNK: throw ConversionError.usage("refusing to write \(path): it is a symlink (gdconv never writes through one)")
            case S_IFDIR: throw ConversionError.io(path: path, message: "is a directory")
            default: break
            }
            for i in inputs where i != "-" {
                var st = stat()
                if stat(i, &st) == 0, st.st_dev == target.st_dev, st.st_ino == target.st_ino {
                    throw ConversionError.usage("refusing to overwrite the input \(i)")
                }
            }
        }
        let dirfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard dirfd >= 0 else {
            let why = errno == ENOENT ? "the folder \(dir) does not exist" : errno == ENOTDIR ? "\(dir) is not a folder" : "cannot open the folder \(dir): \(String(cString: strerror(errno)))"
            throw ConversionError.io(path: path, message: why)
        }
        defer { close(dirfd) }
        // A new file whose content is written through its descriptor is made without a name
        // (O_TMPFILE) and linked in complete: one change to the folder instead of a create and a
        // rename, which is what parallel workers wait on each other for.
        if !replacing, !needsPath, try linkComplete(dirfd: dirfd, name: name, durable: durable, body) { return }
        let tmp = ".gdconv-\(getpid())-\(UInt64.random(in: 0...UInt64.max)).tmp"
        let fd = openat(dirfd, tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw ConversionError.io(path: path, message: "cannot write in \(dir): \(String(cString: strerror(errno)))")
        }
        if replacing {
            // The new file keeps the mode (and, for root, the owner) of the one it replaces: a
            // private 0600 report must not become readable by all.
            _ = fchmod(fd, target.st_mode & 0o7777)
            if geteuid() == 0 { _ = fchown(fd, target.st_uid, target.st_gid) }
        }
        var failure: String? = nil
        do { try body(fd, dir == "/" ? "/" + tmp : dir + "/" + tmp) } catch {
            close(fd)
            unlinkat(dirfd, tmp, 0)
            throw error
        }
        if durable, fsync(fd) != 0 { failure = String(cString: strerror(errno)) }
        if close(fd) != 0, failure == nil { failure = String(cString: strerror(errno)) }
        // rename replaces a symlink that appeared since the check, never its target.
        if failure == nil, renameat(dirfd, tmp, dirfd, name) != 0 { failure = String(cString: strerror(errno)) }
        if let failure {
            unlinkat(dirfd, tmp, 0)
            throw ConversionError.io(path: path, message: "cannot write: \(failure)")
        }
    }

    /// O_TMPFILE, which Swift's Glibc module does not export (`__O_TMPFILE | O_DIRECTORY`).
    static let openTmpFile: Int32 = 0o20200000

    /// Writes an unnamed file in `dirfd` and links it as `name`. False when the file system
    /// cannot (no O_TMPFILE) or the name appeared meanwhile: the caller then writes the usual way.
    private static func linkComplete(dirfd: Int32, name: String, durable: Bool, _ body: (Int32, String) throws -> Void) throws -> Bool {
        let fd = openat(dirfd, ".", openTmpFile | O_WRONLY | O_CLOEXEC, 0o644)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        try body(fd, "")
        if durable, fsync(fd) != 0 { throw ConversionError.io(path: name, message: "cannot write: \(String(cString: strerror(errno)))") }
        return linkat(AT_FDCWD, "/proc/self/fd/\(fd)", dirfd, name, AT_SYMLINK_FOLLOW) == 0
    }

    /// Removes temporary files a killed run left in `dir` (`.gdconv-PID-….tmp` whose process is
    /// gone). Files of a run still going are left alone.
    public static func removeStaleTemporaries(in dir: String) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: dir) else { return }
        for name in names where name.hasPrefix(".gdconv-") && name.hasSuffix(".tmp") {
            let parts = name.split(separator: "-")
            guard parts.count >= 3, let pid = Int32(parts[1]) else { continue }
            if pid == getpid() { continue }
            if kill(pid, 0) == -1 && errno == ESRCH { unlink(dir + "/" + name) }
        }
    }

    /// The same for every folder of an output tree.
    public static func removeStaleTemporaries(under root: String) {
        removeStaleTemporaries(in: root)
        guard let e = FileManager.default.enumerator(atPath: root) else { return }
        while let rel = e.nextObject() as? String {
            var isDir: ObjCBool = false
            let full = root + "/" + rel
            if FileManager.default.fileExists(atPath: full, isDirectory: &isDir), isDir.boolValue { removeStaleTemporaries(in: full) }
        }
    }

    /// `a/b/c.json` → (`a/b`, `c.json`); `c.json` → (`.`, `c.json`); `/c` → (`/`, `c`).
    public static func split(_ path: String) -> (dir: String, name: String) {
        guard let slash = path.lastIndex(of: "/") else { return (".", path) }
        let dir = String(path[..<slash])
        return (dir.isEmpty ? "/" : dir, String(path[path.index(after: slash)...]))
    }

    /// Flushes the file system holding `path` to disk (`syncfs`), once at the end of a bulk run.
    public static func syncFileSystem(of path: String) {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return }
        #if os(Linux)
        _ = gdconv_syncfs(fd)
        #else
        _ = fsync(fd)
        #endif
        close(fd)
    }
}

#if os(Linux)
/// glibc's `syncfs(2)`, which Swift's Glibc module hides behind `_GNU_SOURCE`.
@_silgen_name("syncfs")
private func gdconv_syncfs(_ fd: Int32) -> Int32
#endif
