import Foundation
import GDConvCore

/// Reads a workbook. The form sheets are the truth for values: each sheet becomes a grid of
/// tokens read by the same recogniser as the text reader, so a gdconv workbook edited in Excel,
/// WPS or LibreOffice, and a workbook in the official layout made by someone else, are read by
/// their labels. A gdconv workbook also carries its model (prose, metadata, layout) in a hidden
/// sheet, which is the base the form values are applied to.
public struct XLSXReportReader: ReportReader {
    /// How the hidden sheet holds the model (the JSON document, given by the format list).
    public let modelCodec: any ModelCodec

    public init(modelCodec: any ModelCodec) { self.modelCodec = modelCodec }

    public func read(_ data: Data, options: ReaderOptions) throws -> ReadResult {
        let name = options.sourceName
        let package = try XLSXPackage(data: data, name: name, budget: options.budget)
        let diagnostics = DiagnosticCollector()
        var base: Report? = nil
        if let model = package.sheets.first(where: { $0.name == XLSXReportWriter.modelSheet }) {
            let json = (0...max(model.maxRow, 0)).map { model.cells[$0]?[0] ?? "" }.joined()
            do {
                base = try modelCodec.decode(Array(json.utf8), options: ReaderOptions(template: options.template, sourceName: "\(name)!\(XLSXReportWriter.modelSheet)"))
            } catch {
                diagnostics.warning("xlsx-model", "the hidden model sheet could not be read (\(error)); reading the form sheets only")
            }
        }
        let sheets = package.sheets.filter { $0.name != XLSXReportWriter.modelSheet && $0.name != XLSXReportWriter.dataSheet && $0.name != XLSXReportWriter.checkSheet }
        // The prose sheet of a gdconv workbook holds no table; the model has its prose.
        var tokenCount = 0
        let grids = try sheets.filter { base == nil || $0.name != XLSXReportWriter.proseSheet }.map {
            ($0, try XLSXReportReader.tokens($0, budget: options.budget, used: &tokenCount, file: name))
        }
        let allTexts = grids.flatMap { $0.1.map(\.text) }
        let template = options.template ?? base?.metadata.template
            ?? ReportAssembler().detectTemplate(allTexts, year: nil, options: options, diagnostics: diagnostics)
        let recogniser = TableRecogniser(template: template, diagnostics: diagnostics)
        var formValues: [(key: String, text: String)] = []
        var formLocations: [FieldID: SourceLocation] = [:]
        var tables: [(sheet: String, table: Table)] = []
        for (sheet, tokens) in grids where !tokens.isEmpty {
            let kind = XLSXReportWriter.sheetNames.first { $0.value == sheet.name }?.key
            let rows = recogniser.recognise(tokens, explicitRows: true, section: kind.map { $0 == .active ? .active : $0 == .requests ? .requests : .litigation })
            var out: [Row] = []
            for r in rows {
                out.append(Row(cells: r.tokens.map { Cell(tokens[$0].text, field: r.keys[$0], location: tokens[$0].location) }, role: r.role))
                for (i, k) in r.keys.sorted(by: { $0.key < $1.key }) {
                    formValues.append((k.key, tokens[i].text))
                    if let l = tokens[i].location { formLocations[k] = l }
                }
            }
            tables.append((sheet.name, Table(kind: GridBindings(rows: rows).kind, rows: out)))
        }
        var report: Report
        if var b = base {
            b.metadata.template = template
            // The form sheets win: apply what the cells say now.
            let current = b.fields
            var edits: [(key: String, text: String)] = []
            for (k, text) in formValues {
                if let old = current[k] {
                    if let n = XLSXReportReader.merged(old: old, new: text) { edits.append((k, n)) }
                } else if !text.isEmpty {
                    edits.append((k, text))
                }
            }
            do { try b.applyFieldTexts(edits) } catch {
                throw ConversionError.malformed(file: name, location: nil, message: "\(error.key): \(error.message)")
            }
            // Diagnostics point at the form cell a person can open (`依申请!D7`), not at the
            // hidden model's JSON path.
            XLSXReportReader.relocate(&b, formLocations)
            report = b
        } else {
            report = Report(metadata: Metadata(template: template))
            for (sheetName, t) in tables {
                if let k = t.kind {
                    let kind: SectionKind = k == .active ? .active : k == .requests ? .requests : .litigation
                    let n = kind.officialNumber!
                    if let si = report.sections.firstIndex(where: { $0.kind == kind }) {
                        report.sections[si].blocks.append(.table(t))
                    } else {
                        report.sections.append(Section(heading: Line("\(["一", "二", "三", "四", "五", "六"][n - 1])、\(kind.officialTitle)"), number: n, kind: kind, blocks: [.table(t)]))
                    }
                } else if sheetName != XLSXReportWriter.proseSheet {
                    report.front.append(.table(t))
                }
            }
            report.sections.sort { ($0.kind.officialNumber ?? 9) < ($1.kind.officialNumber ?? 9) }
            let texts = sheets.flatMap { s in s.cells.keys.sorted().flatMap { r in s.cells[r]!.keys.sorted().map { s.cells[r]![$0]! } } }
            var m = MetadataExtractor().extract(front: texts, body: [])
            m.template = template
            report.metadata = m
        }
        recogniser.finish()
        return ReadResult(report: report, diagnostics: diagnostics.diagnostics)
    }

    /// Gives each bound cell the location of its form cell, where the form has one.
    static func relocate(_ r: inout Report, _ locations: [FieldID: SourceLocation]) {
        guard !locations.isEmpty else { return }
        func walk(_ blocks: inout [Block]) {
            for i in blocks.indices {
                guard case .table(var t) = blocks[i] else { continue }
                for ri in t.rows.indices {
                    for ci in t.rows[ri].cells.indices {
                        if let f = t.rows[ri].cells[ci].field, let l = locations[f] { t.rows[ri].cells[ci].location = l }
                    }
                }
                blocks[i] = .table(t)
            }
        }
        walk(&r.front)
        for si in r.sections.indices { walk(&r.sections[si].blocks) }
    }

    /// The text a field gets from its form cell, or nil to keep the model's text (the same
    /// value written differently: `836.5万元` shown as 836.5 with a 万元 number format).
    static func merged(old: Cell, new: String) -> String? {
        if old.text == new { return nil }
        let o = old.reading, n = CellReading(text: new)
        if let on = o.number, let nn = n.number, on.value == nn.value { return nil }
        if let unit = o.number?.unit, let nn = n.number, nn.unit == nil { return nn.literal + unit }
        return new
    }

    /// A sheet as grid tokens, one printed row per sheet row; cells hidden under a merge are
    /// skipped (their merge's first cell speaks for them), empty cells in between are empty
    /// tokens up to the width a form can have (64 columns), present cells only beyond it: a cell
    /// at column IV must not make 256 tokens of its row. Merges are looked up per present row,
    /// never expanded cell by cell, and the tokens of all sheets count against the budget.
    static func tokens(_ s: XLSXPackage.Sheet, budget: ResourceBudget, used: inout Int, file: String) throws -> [GridToken] {
        let denseWidth = 64
        let rows = s.cells.keys.sorted()
        // For each present row, the column ranges merges cover there (top-left cells excepted).
        var covered: [Int: [(c1: Int, c2: Int, topLeft: Int?)]] = [:]
        var work = 0
        for m in s.merges {
            var lo = 0, hi = rows.count
            while lo < hi { let mid = (lo + hi) / 2; if rows[mid] < m.r1 { lo = mid + 1 } else { hi = mid } }
            var i = lo
            while i < rows.count, rows[i] <= m.r2 {
                covered[rows[i], default: []].append((m.c1, m.c2, rows[i] == m.r1 ? m.c1 : nil))
                work += 1
                guard work <= budget.gridCells else {
                    throw budget.exceeded(file, "sheet \(s.name): its merged ranges cover more than \(budget.gridCells) rows of cells")
                }
                i += 1
            }
        }
        func isCovered(_ r: Int, _ c: Int) -> Bool {
            guard let spans = covered[r] else { return false }
            return spans.contains { c >= $0.c1 && c <= $0.c2 && c != $0.topLeft }
        }
        var out: [GridToken] = []
        for r in rows {
            let row = s.cells[r]!
            guard let last = row.keys.max() else { continue }
            let dense = 0...min(last, denseWidth - 1)
            let sparse = last >= denseWidth ? row.keys.filter { $0 >= denseWidth }.sorted() : []
            for c in Array(dense) + sparse where !isCovered(r, c) {
                used += 1
                guard used <= budget.gridCells else {
                    throw budget.exceeded(file, "the sheets hold more than \(budget.gridCells) cells to read (at \(s.name)!\(OfficialForm.reference(row: r, col: c)))")
                }
                out.append(GridToken(row[c]?.trimmed ?? "", row: r, location: .cell(sheet: s.name, reference: OfficialForm.reference(row: r, col: c))))
            }
        }
        return out
    }
}
