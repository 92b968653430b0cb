import Foundation

/// Options every reader receives.
public struct ReaderOptions: Sendable {
    /// Forces the template instead of detecting it from the labels.
    public var template: Template?
    /// The name the input is known by in messages (a path, or `-`).
    public var sourceName: String
    /// The text encoding to read with instead of detecting it (`GB18030`, `UTF-16LE`, …).
    public var encoding: String?
    /// Longest text line accepted, in bytes.
    public var maxLineBytes: Int = 1 << 20
    /// The input limit (`--max-input-mb`), from which each reader derives its budget for what
    /// an input may expand into: see `ResourceBudget`.
    public var maxInputBytes: Int = 64 << 20

    /// What this input may expand into.
    public var budget: ResourceBudget { ResourceBudget(maxInputBytes: maxInputBytes) }

    public init(template: Template? = nil, sourceName: String = "-", encoding: String? = nil) {
        self.template = template
        self.sourceName = sourceName
        self.encoding = encoding
    }
}

/// Options every writer receives.
public struct WriterOptions: Sendable {
    /// Compact rather than pretty output, where the format has both.
    public var compact: Bool
    /// The name the input was known by, for formats that record it (facts `# source:`).
    public var sourceName: String
    /// Field key → a note, for cells to draw attention to (`gdconv diff -o diff.xlsx`: the
    /// changed cells, noted with the old value). Formats without notes ignore it.
    public var annotations: [String: String]

    public init(compact: Bool = false, sourceName: String = "-", annotations: [String: String] = [:]) {
        self.compact = compact
        self.sourceName = sourceName
        self.annotations = annotations
    }
}

/// What a reader returns: the report and what it noticed.
public struct ReadResult: Sendable {
    public var report: Report
    public var diagnostics: [Diagnostic]

    public init(report: Report, diagnostics: [Diagnostic]) {
        self.report = report
        self.diagnostics = diagnostics
    }
}

/// Reads one format into the model.
public protocol ReportReader: Sendable {
    func read(_ data: Data, options: ReaderOptions) throws -> ReadResult
}

/// Writes the model out as one format.
public protocol ReportWriter: Sendable {
    func write(_ report: Report, options: WriterOptions) throws -> Data
}

/// A writer whose library writes files by path (libxlsxwriter): the pipeline gives it the
/// temporary file beside the target, then renames that into place, instead of reading a
/// temporary file back into memory only to write it again.
public protocol FileReportWriter: ReportWriter {
    func write(_ report: Report, options: WriterOptions, toFile path: String) throws
}

/// A lossless serialisation of the whole model, for a format that carries the model inside
/// itself (the workbook's hidden sheet). The format list hands the JSON document's codec to the
/// XLSX target, so that neither format target imports the other.
public protocol ModelCodec: Sendable {
    /// The model's bytes.
    func encode(_ report: Report) -> [UInt8]
    /// The model back; errors name `options.sourceName` and the place.
    func decode(_ bytes: [UInt8], options: ReaderOptions) throws -> Report
}

/// What one input may expand into, derived from the input limit so that raising
/// `--max-input-mb` raises it: a reader that would exceed it stops with a clear error instead
/// of exhausting memory (a 51 KB workbook once asked for 9 GB). A real report is far below each
/// figure: some 600 cells, 50 merges and 100 KB of text.
public struct ResourceBudget: Sendable {
    public let maxInputBytes: Int

    public init(maxInputBytes: Int) { self.maxInputBytes = maxInputBytes }

    /// Text delivered by a container's cells, counting a shared string once per cell that uses
    /// it (64 MB for the default limit).
    public var textBytes: Int { maxInputBytes }
    /// Grid cells handed to the recogniser, empty positions included (262,144 by default).
    public var gridCells: Int { max(maxInputBytes / 256, 4096) }
    /// Merged ranges in one workbook (65,536 by default).
    public var mergedRanges: Int { max(maxInputBytes / 1024, 1024) }

    /// The error for an input over one of these, naming the limit and how to raise it.
    public func exceeded(_ file: String, _ what: String) -> ConversionError {
        .limitExceeded(file: file, message: "\(what), more than this input's budget allows (it grows with --max-input-mb, now \(maxInputBytes >> 20) MB); a report is far smaller")
    }
}
