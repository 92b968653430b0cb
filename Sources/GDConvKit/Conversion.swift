import Foundation

/// Reads, converts and writes one report: the pipeline behind `gdconv IN -o OUT`.
public struct Conversion: Sendable {
    /// Largest input accepted, in bytes (an option: `--max-input-mb`).
    public var maxInputBytes: Int = 64 << 20

    public init() {}

    /// The result of a conversion before anything is written.
    public struct Output: Sendable {
        public var data: Data
        public var report: Report
        public var diagnostics: [Diagnostic]
        public var inputFormat: Format
    }

    /// Reads input bytes (a path, or `-` for standard input).
    public func load(_ path: String) throws -> Data {
        if path == "-" {
            let d = FileHandle.standardInput.readDataToEndOfFile()
            guard d.count <= maxInputBytes else { throw ConversionError.limitExceeded(file: "-", message: "input larger than \(maxInputBytes >> 20) MB") }
            return d
        }
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else { throw ConversionError.io(path: path, message: "no such file") }
        guard !isDir.boolValue else { throw ConversionError.io(path: path, message: "is a directory, not a report file") }
        guard FileManager.default.isReadableFile(atPath: path) else { throw ConversionError.io(path: path, message: "permission denied") }
        if let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int, size > maxInputBytes {
            throw ConversionError.limitExceeded(file: path, message: "input is \(size >> 20) MB, larger than the limit of \(maxInputBytes >> 20) MB (--max-input-mb)")
        }
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw ConversionError.io(path: path, message: "cannot read: \(error.localizedDescription)")
        }
        guard !data.isEmpty else { throw ConversionError.malformed(file: path, location: nil, message: "the file is empty") }
        return data
    }

    /// Converts `data` from `from` (sniffed when nil) to `to`.
    public func convert(_ data: Data, from: Format?, to: Format, readerOptions: ReaderOptions, writerOptions: WriterOptions) throws -> Output {
        let inFormat = from ?? Format.sniff(data)
        let reader = try inFormat.reader()
        let writer = try to.writer()
        let read = try reader.read(data, options: readerOptions)
        let out = try writer.write(read.report, options: writerOptions)
        return Output(data: out, report: read.report, diagnostics: read.diagnostics, inputFormat: inFormat)
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
    public static func write(_ data: Data, to path: String, inputs: [String] = [], durable: Bool = true) throws {
        let url = URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath()
        for i in inputs where i != "-" {
            let iu = URL(fileURLWithPath: i).standardizedFileURL.resolvingSymlinksInPath()
            if iu.path == url.path { throw ConversionError.usage("refusing to overwrite the input \(i)") }
        }
        var isDir: ObjCBool = false
        if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDir), isDir.boolValue {
            throw ConversionError.io(path: path, message: "is a directory")
        }
        let dir = url.deletingLastPathComponent()
        let tmp = dir.appendingPathComponent(".\(url.lastPathComponent).gdconv-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).tmp").path
        let fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw ConversionError.io(path: path, message: "cannot write (is \(dir.path) writable?): \(String(cString: strerror(errno)))")
        }
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
        if failure == nil, durable, fsync(fd) != 0 { failure = String(cString: strerror(errno)) }
        if close(fd) != 0, failure == nil { failure = String(cString: strerror(errno)) }
        if failure == nil, rename(tmp, url.path) != 0 { failure = String(cString: strerror(errno)) }
        if let failure {
            unlink(tmp)
            throw ConversionError.io(path: path, message: "cannot write: \(failure)")
        }
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
