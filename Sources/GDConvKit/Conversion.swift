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
public enum AtomicFile {
    public static func write(_ data: Data, to path: String, inputs: [String] = []) throws {
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
        let tmp = dir.appendingPathComponent(".\(url.lastPathComponent).gdconv-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).tmp")
        guard FileManager.default.createFile(atPath: tmp.path, contents: data) else {
            throw ConversionError.io(path: path, message: "cannot write (is \(dir.path) writable?)")
        }
        if rename(tmp.path, url.path) != 0 {
            let err = String(cString: strerror(errno))
            try? FileManager.default.removeItem(at: tmp)
            throw ConversionError.io(path: path, message: "cannot write: \(err)")
        }
    }
}
