import Foundation
import GDConvCore
import GDConvLibXML
import GDConvZip
internal import CLibXML2

/// Reads a report written in Word or WPS and saved as `.docx`: the zip container, then
/// `word/document.xml` laid out by `WordDocument` (paragraphs in reading order, tables on their
/// grid with spans and vertical merges), handed to the assembler every grid reader shares.
/// `docProps/core.xml` gives a title and author when the text names none.
public struct WordReportReader: ReportReader {
    public init() {}

    static let documentPart = "word/document.xml"

    public func read(_ data: Data, options: ReaderOptions) throws -> ReadResult {
        let name = options.sourceName
        let budget = options.budget
        let zip = try ZipArchive(data, name: name, maxEntries: 10_000, container: "a Word document (.docx)")
        func part(_ path: String) throws -> Data? {
            guard let e = zip.entries.first(where: { $0.path == path }) else { return nil }
            return try zip.read(e, limit: min(budget.textBytes * 2, 256 << 20), name: name)
        }
        guard let xml = try part(WordReportReader.documentPart) else {
            throw ConversionError.malformed(file: name, location: nil, message: "\(WordReportReader.documentPart) is missing: not a Word document")
        }
        let sink = XMLErrorSink()
        guard let doc = XMLDocumentHandle.parse(xml, name: "\(name)!\(WordReportReader.documentPart)", sink: sink) else {
            let p = sink.problems.first
            throw ConversionError.malformed(file: name, location: p.map { .path("\(WordReportReader.documentPart):\($0.line)") },
                                            message: "\(WordReportReader.documentPart) is not well-formed XML: \(p?.message ?? "cannot parse")")
        }
        guard let root = doc.root, LibXMLNode.name(root) == "document",
              let body = LibXMLNode.elements(root).first(where: { LibXMLNode.name($0) == "body" }) else {
            throw ConversionError.malformed(file: name, location: nil, message: "\(WordReportReader.documentPart) has no document body")
        }
        let word = WordDocument(body: body, maxCells: budget.gridCells)
        if word.overBudget { throw budget.exceeded(name, "the document's tables hold more than \(budget.gridCells) cells") }

        var rdoc = RecognitionDocument()
        for item in word.items {
            switch item {
            case .paragraph(let t):
                rdoc.appendLine(t)
            case .table(let g):
                let tokens = g.tokens
                rdoc.appendTable(firstRow: g.rows.first?.map(\.text) ?? [], GridItem(tokens: tokens, explicitRows: true) {
                    $0.table(rowSizes: g.rows.map(\.count), tokens: tokens)
                })
            }
        }
        if let core = try part("docProps/core.xml") {
            let props = WordReportReader.coreProperties(core)
            rdoc.titleFallback = props["title"].flatMap { $0.isEmpty ? nil : $0 }
            rdoc.agencyFallback = props["creator"]
        }
        let diagnostics = DiagnosticCollector()
        let report = ReportAssembler().assemble(rdoc, options: options, diagnostics: diagnostics)
        if !rdoc.hasGrid {
            diagnostics.warning("no-tables", "the document has no table; if the report's tables are pictures, they cannot be read from it")
        }
        return ReadResult(report: report, diagnostics: diagnostics.diagnostics)
    }

    /// `dc:title`, `dc:creator` … of `docProps/core.xml`, by local name.
    static func coreProperties(_ data: Data) -> [String: String] {
        let sink = XMLErrorSink()
        guard let doc = XMLDocumentHandle.parse(data, name: "docProps/core.xml", sink: sink), let root = doc.root else { return [:] }
        var out: [String: String] = [:]
        for c in LibXMLNode.elements(root) {
            out[LibXMLNode.name(c)] = LibXMLNode.text(c).trimmingCharacters(in: .whitespacesAndNewlines)
        }
        return out
    }
}

/// The binary Word 97–2003 (`.doc`) and WPS (`.wps`) formats: named, with the way to convert
/// them, rather than taken for something else.
public struct LegacyWordReader: ReportReader {
    public init() {}

    /// An OLE2 compound file (`D0 CF 11 E0 A1 B1 1A E1`), the container of `.doc` and `.wps`.
    public static let signature: [UInt8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]

    public func read(_ data: Data, options: ReaderOptions) throws -> ReadResult {
        throw ConversionError.unsupported("\(options.sourceName): error: this is a Word 97–2003 (.doc) or WPS (.wps) document, which gdconv does not read; convert it to .docx first, e.g. `soffice --headless --convert-to docx \(options.sourceName)`, then read the .docx")
    }
}
