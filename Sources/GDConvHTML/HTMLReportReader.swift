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
        let decoded = try HTMLCharset.decode(data, name: name, forced: options.encoding)
        let page = try HTMLPage(text: decoded.text, name: name)
        let article = HTMLArticle(page)
        let diagnostics = DiagnosticCollector()
        diagnostics.note("encoding", "read as \(decoded.encoding)")
        for w in decoded.warnings { diagnostics.warning("encoding", w) }
        if article.skippedItems > 0 {
            diagnostics.note("html-content", "the report is \(article.rootPath); \(article.skippedItems) line(s) or table(s) of site chrome around it were left out")
        }

        // 1. Cut the items at the section headings. A table whose first row is a heading (a
        //    title row spanning the table) opens that section.
        struct Part {
            var heading: (text: String, number: Int?, kind: SectionKind)?
            var items: [HTMLArticle.Item] = []
        }
        var parts = [Part()]
        if let t = article.detachedTitle { parts[0].items.append(.paragraph(t, location: nil)) }
        for item in article.items {
            switch item {
            case .paragraph(let t, _):
                if let h = SectionHeading.detect(t) {
                    parts.append(Part(heading: (t, h.number, h.kind)))
                    continue
                }
            case .table(let g):
                if let first = g.rows.first, first.count == 1, let h = SectionHeading.detect(first[0].text),
                   parts.last?.heading?.kind != h.kind {
                    parts.append(Part(heading: (first[0].text, h.number, h.kind)))
                }
            }
            parts[parts.count - 1].items.append(item)
        }

        // 2. Metadata from the prose and the page's meta tags, then the template from the labels.
        func texts(_ p: Part) -> [String] {
            p.items.compactMap { if case .paragraph(let t, _) = $0 { t } else { nil } }
        }
        let extractor = MetadataExtractor()
        var metadata = extractor.extract(front: texts(parts[0]), body: parts.dropFirst().flatMap { [$0.heading!.text] + texts($0) })
        let meta = article.meta
        if let d = (meta["pubdate"] ?? meta["publishdate"] ?? meta["firstpublishedtime"] ?? meta["dc.date"]).flatMap(MetadataExtractor.date(in:)) {
            metadata.published = d
        }
        if metadata.title == nil { metadata.title = article.detachedTitle }
        if metadata.agency == nil, let source = meta["contentsource"], extractor.looksLikeAgency(source) { metadata.agency = source }
        var tokensByTable: [[GridToken]] = []
        for p in parts {
            for case .table(let g) in p.items { tokensByTable.append(g.tokens) }
        }
        let detection = TemplateDetector().detect(tokensByTable.flatMap { $0.map(\.text) }, year: metadata.year)
        metadata.template = options.template ?? detection.template
        if detection.isMixed {
            diagnostics.warning("template", "labels of both templates found (2019: \(detection.votes2019), 2021: \(detection.votes2021)); read as \(metadata.template.rawValue)")
        }

        // 3. Recognise the tables and build the blocks.
        let recogniser = TableRecogniser(template: metadata.template, diagnostics: diagnostics)
        var report = Report(metadata: metadata)
        var tableIndex = 0
        for p in parts {
            var blocks: [Block] = []
            for item in p.items {
                switch item {
                case .paragraph(let t, _):
                    blocks.append(.paragraph(Line(t)))
                case .table(let grid):
                    let tokens = tokensByTable[tableIndex]
                    tableIndex += 1
                    let table = HTMLReportReader.table(grid, tokens, recogniser.recognise(tokens, explicitRows: true, section: p.heading?.kind))
                    if table.kind == nil {
                        diagnostics.warning("unrecognised-table", "a table of \(table.rows.count) row(s) is no standard table; kept as written", at: tokens.first?.location)
                    }
                    blocks.append(.table(table))
                }
            }
            if let h = p.heading {
                report.sections.append(Section(heading: Line(h.text), number: h.number, kind: h.kind, blocks: blocks))
            } else {
                report.front = blocks
            }
        }
        recogniser.finish()
        if tokensByTable.isEmpty {
            diagnostics.warning("no-tables", "the page has no table; if the report's tables are images or a linked PDF, they cannot be read from it")
        }
        return ReadResult(report: report, diagnostics: diagnostics.diagnostics)
    }

    /// A table as the page prints it: one row per grid row (`<tr>`), each cell with the key the
    /// recogniser bound to it; the kind is the standard table most of its bound rows belong to.
    static func table(_ grid: HTMLTableGrid, _ tokens: [GridToken], _ rows: [RecognisedRow]) -> Table {
        var keyOf: [Int: String] = [:]
        var unrecognised = Set<Int>()
        for r in rows {
            for (k, v) in r.keys { keyOf[k] = v }
            if r.role == .unrecognised { unrecognised.formUnion(r.tokens) }
        }
        var out: [Row] = []
        var next = 0
        for gridRow in grid.rows {
            let range = next..<(next + gridRow.count)
            next = range.upperBound
            let cells = range.map { Cell(tokens[$0].text, key: keyOf[$0], location: tokens[$0].location) }
            let role: RowRole = range.contains { keyOf[$0] != nil } ? .data : range.contains { unrecognised.contains($0) } ? .unrecognised : .header
            out.append(Row(cells: cells, role: role))
        }
        // As the text reader weighs them: a row votes with its bound values, plus one.
        var votes: [StandardTable: Int] = [:]
        for r in rows { if let t = r.table { votes[t, default: 0] += r.keys.count + 1 } }
        return Table(kind: votes.max { $0.value < $1.value || ($0.value == $1.value && $0.key.rawValue < $1.key.rawValue) }?.key, rows: out)
    }
}
