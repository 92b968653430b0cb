import Foundation

/// A format gdconv reads or writes, known by its name (`text`, `json`, …). Everything about a
/// format — names, extensions, how to recognise its bytes, its reader and writer — is one entry
/// in `Format.registry`; the CLI help, the bulk walk, the messages and the pipeline read that
/// list. Adding a format is a new target and one entry there (pandoc's reader/writer lists).
public struct Format: Hashable, Sendable, CustomStringConvertible {
    /// The canonical name (`-f`/`-t` value).
    public let name: String

    /// The canonical name (kept for callers written when formats were an enum).
    public var rawValue: String { name }
    public var description: String { name }

    init(_ name: String) { self.name = name }

    /// The pipe-row text report (`.txt`).
    public static let text = Format("text")
    /// The versioned JSON document (`.json`).
    public static let json = Format("json")
    /// XML with a published XSD (`.xml`).
    public static let xml = Format("xml")
    /// The official form as a workbook (`.xlsx`).
    public static let xlsx = Format("xlsx")
    /// The flat `key<TAB>value` listing of the golden files (`.facts`), output only.
    public static let facts = Format("facts")
    /// A report's web page (`.html`, …), input only.
    public static let html = Format("html")
    /// A Word document (`.docx`), input only.
    public static let docx = Format("docx")
    /// Word 97–2003 and WPS documents (`.doc`, `.wps`): recognised, to say how to convert them.
    public static let doc = Format("doc")
    /// A PDF (`.pdf`), input only.
    public static let pdf = Format("pdf")
}

/// One entry of the format list.
public struct FormatEntry: Sendable {
    public let format: Format
    /// Other names accepted by `-f`/`-t`.
    public let aliases: [String]
    /// File extensions, lower case, without the dot; the first is what outputs are named with.
    public let extensions: [String]
    /// Whether the content is this format, from its first bytes (nil: never sniffed; text is
    /// the fallback). Entries are tried in list order.
    public let sniff: (@Sendable (Data) -> Bool)?
    /// Makes the reader, nil for an output-only format.
    public let reader: (@Sendable () -> any ReportReader)?
    /// Makes the writer, nil for an input-only format.
    public let writer: (@Sendable () -> any ReportWriter)?
}

extension Format {
    /// Every format, in the order help texts list them and sniffing tries them.
    public static let registry: [FormatEntry] = [
        // `.md` is read as text when named, but not picked up by directory walks.
        FormatEntry(format: .text, aliases: ["txt", "md"], extensions: ["txt"], sniff: nil,
                    reader: { TextReader() }, writer: { TextWriter() }),
        FormatEntry(format: .json, aliases: [], extensions: ["json"], sniff: { firstNonSpace(head($0)) == UInt8(ascii: "{") },
                    reader: { JSONReportReader() }, writer: { JSONReportWriter() }),
        FormatEntry(format: .xml, aliases: [], extensions: ["xml"], sniff: { d in
                        guard firstNonSpace(head(d)) == UInt8(ascii: "<") else { return false }
                        let s = lowerText(head(d))
                        return s.hasPrefix("<?xml") && !s.contains("<html")
                    },
                    reader: { XMLReportReader() }, writer: { XMLReportWriter() }),
        // Before the workbook: both are zip archives; a Word document has word/document.xml.
        FormatEntry(format: .docx, aliases: ["word"], extensions: ["docx"], sniff: { isZip($0) && zipHolds($0, "word/document.xml") },
                    reader: { WordReportReader() }, writer: nil),
        FormatEntry(format: .xlsx, aliases: [], extensions: ["xlsx"], sniff: { isZip($0) },
                    reader: { XLSXReportReader(modelCodec: JSONModelCodec()) }, writer: { XLSXReportWriter(modelCodec: JSONModelCodec()) }),
        FormatEntry(format: .doc, aliases: ["wps"], extensions: ["doc", "wps"], sniff: { $0.starts(with: LegacyWordReader.signature) },
                    reader: { LegacyWordReader() }, writer: nil),
        FormatEntry(format: .pdf, aliases: [], extensions: ["pdf"], sniff: { head($0).starts(with: Array("%PDF-".utf8)) },
                    reader: { PDFReportReader() }, writer: nil),
        FormatEntry(format: .html, aliases: ["htm", "shtml", "xhtml"], extensions: ["html", "htm", "shtml", "xhtml"],
                    sniff: { firstNonSpace(head($0)) == UInt8(ascii: "<") },
                    reader: { HTMLReportReader() }, writer: nil),
        FormatEntry(format: .facts, aliases: ["tsv"], extensions: ["facts"], sniff: nil,
                    reader: nil, writer: { FactsWriter() }),
    ]

    /// The entry of this format.
    public var entry: FormatEntry {
        // Every Format value is made from the list's names, so the lookup cannot fail; the
        // fallback only keeps the signature total.
        Format.registry.first { $0.format == self } ?? Format.registry[0]
    }

    /// Names accepted by `-f` and `-t`.
    public static func named(_ name: String) -> Format? {
        let n = name.lowercased()
        return registry.first { $0.format.name == n || $0.aliases.contains(n) }?.format
    }

    /// `named`, or the usage error that lists the known names.
    public static func require(_ name: String) throws -> Format {
        guard let f = named(name) else {
            throw ConversionError.usage("unknown format '\(name)' (known: \(registry.map(\.format.name).joined(separator: ", ")); see --help)")
        }
        return f
    }

    /// The format a file name implies, from its extension.
    public static func forPath(_ path: String) -> Format? {
        let ext = (path as NSString).pathExtension.lowercased()
        guard !ext.isEmpty else { return nil }
        return registry.first { $0.extensions.contains(ext) }?.format ?? named(ext)
    }

    /// Guesses an input's format from its first bytes; text when nothing else claims them.
    public static func sniff(_ data: Data) -> Format {
        registry.first { $0.sniff?(data) == true }?.format ?? .text
    }

    /// Extensions of the formats that can be read, for directory walks.
    public static var readableExtensions: Set<String> {
        Set(registry.filter { $0.reader != nil }.flatMap(\.extensions))
    }

    /// Names of the readable / writable formats, for help texts and messages.
    public static var inputNames: String { registry.filter { $0.reader != nil }.map(\.format.name).joined(separator: ", ") }
    public static var outputNames: String { registry.filter { $0.writer != nil }.map(\.format.name).joined(separator: ", ") }

    /// The extension outputs of this format are named with.
    public var outputExtension: String { entry.extensions.first ?? name }

    /// The reader for this format.
    public func reader() throws -> any ReportReader {
        guard let make = entry.reader else {
            throw ConversionError.usage("\(name) is an output-only format: read \(Format.inputNames)")
        }
        return make()
    }

    /// The writer for this format.
    public func writer() throws -> any ReportWriter {
        guard let make = entry.writer else {
            throw ConversionError.usage("\(name) is an input-only format: write \(Format.outputNames)")
        }
        return make()
    }
}

/// The first 512 bytes, where markup formats show themselves.
private func head(_ d: Data) -> ArraySlice<UInt8> { ArraySlice([UInt8](d.prefix(512))) }

private func isZip(_ d: Data) -> Bool { d.starts(with: [0x50, 0x4B, 0x03, 0x04]) }

/// Whether a zip archive names `path`: looked for in its central directory (the last 64 KB) and
/// its first local headers, without inflating anything.
private func zipHolds(_ d: Data, _ path: String) -> Bool {
    let needle = Array(path.utf8)
    func find(_ s: Data) -> Bool {
        s.withUnsafeBytes { raw in
            let b = raw.bindMemory(to: UInt8.self)
            guard b.count >= needle.count else { return false }
            for i in 0...(b.count - needle.count) where b[i] == needle[0] {
                if b[i..<(i + needle.count)].elementsEqual(needle) { return true }
            }
            return false
        }
    }
    return find(d.suffix(65_536)) || find(d.prefix(65_536))
}

/// The first byte after a BOM and white space.
private func firstNonSpace(_ head: ArraySlice<UInt8>) -> UInt8? {
    var i = head.startIndex
    if head.starts(with: [0xEF, 0xBB, 0xBF]) { i += 3 }
    while i < head.endIndex, [0x20, 0x0A, 0x0D, 0x09].contains(head[i]) { i += 1 }
    return i < head.endIndex ? head[i] : nil
}

/// The head from its first non-space byte, lower-cased, for markup sniffing.
private func lowerText(_ head: ArraySlice<UInt8>) -> String {
    var i = head.startIndex
    if head.starts(with: [0xEF, 0xBB, 0xBF]) { i += 3 }
    while i < head.endIndex, [0x20, 0x0A, 0x0D, 0x09].contains(head[i]) { i += 1 }
    return String(decoding: head[i...], as: UTF8.self).lowercased()
}
