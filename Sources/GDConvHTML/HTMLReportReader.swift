import Foundation
import GDConvCore
internal import CLibXML2

/// Reads a report's web page as published. The page holds the tables' exact geometry, which
/// every flattening loses: each table's rowspan/colspan is expanded into a grid and read by the
/// same recogniser as pipe rows and workbook sheets; prose lines become paragraphs and every
/// other table is kept as written, so HTML → text gives a faithful pipe-row report.
public struct HTMLReportReader: ReportReader {
    public init() {}

    public func read(_ data: Data, options: ReaderOptions) throws -> ReadResult {
        let name = options.sourceName
        // Cells are counted on the bytes before libxml2 builds its tree: a page of 2 million
        // cells would take gigabytes as a tree before any check could see it.
        let cells = HTMLReportReader.cellTags(data)
        if cells > options.budget.gridCells {
            throw options.budget.exceeded(name, "the page has \(cells) table cells, more than \(options.budget.gridCells)")
        }
        let page: HTMLPage
        let encoding: String, encodingWarnings: [String]
        if let plain = HTMLCharset.plainUTF8(data, forced: options.encoding) {
            page = try HTMLPage(utf8: data, name: name)
            (encoding, encodingWarnings) = (plain, [])
        } else {
            let decoded = try HTMLCharset.decode(data, name: name, forced: options.encoding)
            page = try HTMLPage(text: decoded.text, name: name)
            (encoding, encodingWarnings) = (decoded.encoding, decoded.warnings)
        }
        let article = try HTMLArticle(page, budget: options.budget, file: name)
        let diagnostics = DiagnosticCollector()
        diagnostics.note("encoding", "read as \(encoding)")
        for w in encodingWarnings { diagnostics.warning("encoding", w) }
        if article.skippedItems > 0 {
            diagnostics.note("html-content", "the report is \(article.rootPath); \(article.skippedItems) line(s) or table(s) of site chrome around it were left out")
        }

        // 1. Headings, prose and grids in reading order. A table whose first row is a heading
        //    (a title row spanning the table) opens that section.
        var doc = RecognitionDocument()
        if let t = article.detachedTitle { doc.items.append(.paragraph(Line(t))) }
        for item in article.items {
            switch item {
            case .paragraph(let t, _):
                doc.appendLine(t)
            case .table(let g):
                let tokens = g.tokens
                doc.appendTable(firstRow: g.rows.first?.map(\.text) ?? [], GridItem(tokens: tokens, explicitRows: true) {
                    $0.table(rowSizes: g.rows.map(\.count), tokens: tokens)
                })
            }
        }

        // 2. The page's own metadata wins over what the prose suggests.
        let meta = article.meta
        doc.published = (meta["pubdate"] ?? meta["publishdate"] ?? meta["firstpublishedtime"] ?? meta["dc.date"]).flatMap(MetadataExtractor.date(in:))
        doc.titleFallback = article.detachedTitle
        doc.agencyFallback = meta["contentsource"]

        // 3. Metadata, template, tables and warnings, as for every grid reader.
        let report = ReportAssembler().assemble(doc, options: options, diagnostics: diagnostics)
        if !doc.hasGrid {
            diagnostics.warning("no-tables", "the page has no table; if the report's tables are images or a linked PDF, they cannot be read from it")
        }
        return ReadResult(report: report, diagnostics: diagnostics.diagnostics)
    }

    /// `<td` and `<th` tags (any case) in the raw bytes: an upper bound of the page's cells.
    static func cellTags(_ data: Data) -> Int {
        data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) -> Int in
            var n = 0, i = 0
            let b = raw.bindMemory(to: UInt8.self)
            guard let base = b.baseAddress else { return 0 }
            while i + 3 < b.count {
                // Jump to the next `<` (memchr is vectorised; pages are mostly text and attributes).
                guard let p = memchr(base + i, 0x3C, b.count - 3 - i) else { break }
                i = base.distance(to: p.assumingMemoryBound(to: UInt8.self))
                if b[i + 1] | 0x20 == 0x74, b[i + 2] | 0x20 == 0x64 || b[i + 2] | 0x20 == 0x68 {
                    let next = b[i + 3]
                    if next == 0x3E || next == 0x20 || next == 0x2F || next == 0x09 || next == 0x0A || next == 0x0D { n += 1 }
                }
                i += 1
            }
            return n
        }
    }
}
