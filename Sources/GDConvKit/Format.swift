import Foundation

/// The formats gdconv knows, looked up by name or file extension. Adding a format is one case
/// here and one line in `reader`/`writer`.
public enum Format: String, CaseIterable, Sendable {
    /// The pipe-row text report (`.txt`).
    case text
    /// The versioned JSON document (`.json`).
    case json
    /// XML with a published XSD (`.xml`).
    case xml
    /// The official form as a workbook (`.xlsx`).
    case xlsx
    /// The flat `key<TAB>value` listing of the golden files (`.facts`, `.tsv`).
    case facts
    /// A report's web page (`.html`, `.htm`, `.shtml`), read only.
    case html

    /// Names accepted by `-f` and `-t`.
    public static func named(_ name: String) -> Format? {
        switch name.lowercased() {
        case "text", "txt", "md": .text
        case "json": .json
        case "xml": .xml
        case "xlsx": .xlsx
        case "facts", "tsv": .facts
        case "html", "htm", "shtml", "xhtml": .html
        default: nil
        }
    }

    /// The format a file name implies, from its extension.
    public static func forPath(_ path: String) -> Format? {
        let ext = (path as NSString).pathExtension
        return ext.isEmpty ? nil : named(ext)
    }

    /// Guesses an input's format from its first bytes.
    public static func sniff(_ data: Data) -> Format {
        let head = [UInt8](data.prefix(512))
        if head.starts(with: [0x50, 0x4B, 0x03, 0x04]) { return .xlsx }
        var i = head.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        while i < head.count, [0x20, 0x0A, 0x0D, 0x09].contains(head[i]) { i += 1 }
        if i < head.count, head[i] == UInt8(ascii: "{") { return .json }
        if i < head.count, head[i] == UInt8(ascii: "<") {
            let s = String(decoding: head[i...], as: UTF8.self).lowercased()
            return s.hasPrefix("<?xml") && !s.contains("<html") ? .xml : .html
        }
        return .text
    }

    /// The reader for this format.
    public func reader() throws -> any ReportReader {
        switch self {
        case .text: return TextReader()
        case .json: return JSONReportReader()
        case .xml: return XMLReportReader()
        case .xlsx: return XLSXReportReader()
        case .html: return HTMLReportReader()
        case .facts: throw ConversionError.unsupported("facts is an output-only format")
        }
    }

    /// The writer for this format.
    public func writer() throws -> any ReportWriter {
        switch self {
        case .text: return TextWriter()
        case .json: return JSONReportWriter()
        case .facts: return FactsWriter()
        case .xml: return XMLReportWriter()
        case .xlsx: return XLSXReportWriter()
        case .html: throw ConversionError.unsupported("html is an input-only format: write text, json, xml or xlsx")
        }
    }
}
