import Foundation

/// What a grid reader hands the assembler: the document's content in reading order, before
/// any recognition. Text, HTML and (next) Word and PDF readers produce one of these; the
/// assembler does the rest the same way for all of them.
public struct RecognitionDocument {
    public enum Item {
        /// A section heading the reader found (`二、主动公开政府信息情况`), with its number and kind.
        case heading(Line, number: Int?, kind: SectionKind)
        /// A line of prose, as written.
        case paragraph(Line)
        /// A grid of cells: a table to recognise.
        case grid(GridItem)
        /// Blank lines: bytes that belong to whatever precedes them (layout only).
        case glue(String)
    }

    /// The items in reading order.
    public var items: [Item] = []
    /// Metadata the container states outright (a page's `<meta>` tags), which wins over what
    /// the prose suggests; `titleFallback` and `agencyFallback` are used only when the prose
    /// names none.
    public var published: String?
    public var titleFallback: String?
    public var agencyFallback: String?
    /// The 1-based source line of a paragraph item (by item index), where the reader knows it:
    /// cells rebuilt from a collapsed line are located in it.
    public var paragraphLines: [Int: Int] = [:]
    /// The kind of the last heading appended.
    private var lastHeading: SectionKind?

    public init() {}

    /// For laid-out documents (web pages, Word): a line that is a section heading is appended as
    /// one, any other as prose.
    public mutating func appendLine(_ text: String) {
        if let h = SectionHeading.detect(text) {
            items.append(.heading(Line(text), number: h.number, kind: h.kind))
            lastHeading = h.kind
        } else {
            items.append(.paragraph(Line(text)))
        }
    }

    /// Appends a table; one whose first row is a single cell holding a section heading (a title
    /// row spanning the table) opens that section first, unless it is the current one.
    public mutating func appendTable(firstRow: [String], _ grid: GridItem) {
        if firstRow.count == 1, let h = SectionHeading.detect(firstRow[0]), lastHeading != h.kind {
            items.append(.heading(Line(firstRow[0]), number: h.number, kind: h.kind))
            lastHeading = h.kind
        }
        items.append(.grid(grid))
    }

    public var hasGrid: Bool { items.contains { if case .grid = $0 { true } else { false } } }
}

/// A grid as a reader cut it into tokens, with the reader's own way to print the result.
public struct GridItem {
    /// The cells left to right, top to bottom.
    public var tokens: [GridToken]
    /// The tokens' `row` numbers are the printed rows (pipe lines, `<tr>`, sheet rows);
    /// otherwise the recogniser infers the rows from the labels.
    public var explicitRows: Bool
    /// Builds the printed table from what the recogniser bound: format-specific layout.
    public var build: (GridBindings) -> Table

    public init(tokens: [GridToken], explicitRows: Bool, build: @escaping (GridBindings) -> Table) {
        self.tokens = tokens
        self.explicitRows = explicitRows
        self.build = build
    }
}

/// What recognition made of one grid: its rows, the key bound to each value token, and the
/// standard table it is.
public struct GridBindings {
    public let rows: [RecognisedRow]
    /// Token index → field.
    public let keyOf: TokenValues<FieldID>
    /// Tokens of rows the recogniser could not place.
    public let unrecognised: TokenValues<Bool>
    /// The standard table most of the bound rows belong to (each row votes with its bound
    /// values plus one; a tie goes to the first table in the form's order), nil for none.
    public let kind: StandardTable?

    public init(rows: [RecognisedRow]) {
        self.rows = rows
        var keyOf = TokenValues<FieldID>()
        var unrecognised = TokenValues<Bool>()
        var votes: [StandardTable: Int] = [:]
        for r in rows {
            for (k, v) in r.keys { keyOf[k] = v }
            if r.role == .unrecognised { for t in r.tokens { unrecognised.insert(t) } }
            if let t = r.table { votes[t, default: 0] += r.keys.count + 1 }
        }
        self.keyOf = keyOf
        self.unrecognised = unrecognised
        var best: StandardTable? = nil
        for t in StandardTable.allCases { if let v = votes[t], v > (best.flatMap { votes[$0] } ?? 0) { best = t } }
        self.kind = best
    }

    /// The printed table of a laid-out grid whose rows hold `rowSizes` tokens each, in order:
    /// each cell with the field bound to it, each row with its role.
    public func table(rowSizes: [Int], tokens: [GridToken]) -> Table {
        var out: [Row] = []
        var next = 0
        for n in rowSizes {
            let range = next..<(next + n)
            next = range.upperBound
            out.append(Row(cells: range.map { Cell(tokens[$0].text, field: keyOf[$0], location: tokens[$0].location) }, role: role(of: range)))
        }
        return Table(kind: kind, rows: out)
    }

    /// The role of a printed row made of `tokens`: data when it holds a bound value,
    /// unrecognised when the recogniser could not place it, a header otherwise.
    public func role(of tokens: Range<Int>) -> RowRole {
        var unplaced = false
        for t in tokens {
            if keyOf[t] != nil { return .data }
            if unrecognised.contains(t) { unplaced = true }
        }
        return unplaced ? .unrecognised : .header
    }
}

/// The one assembly every grid reader shares: headings → metadata → template → tables →
/// warnings. Readers only say what their input holds (`RecognitionDocument`).
public struct ReportAssembler {
    public init() {}

    public func assemble(_ doc: RecognitionDocument, options: ReaderOptions, diagnostics: DiagnosticCollector) -> Report {
        // 1. Metadata from the prose (front matter, then the body with its headings).
        var front: [String] = [], body: [String] = []
        var grids: [GridItem] = []
        var inBody = false
        for item in doc.items {
            switch item {
            case .heading(let l, _, _): inBody = true; body.append(l.text)
            case .paragraph(let l): if inBody { body.append(l.text) } else { front.append(l.text) }
            case .grid(let g): grids.append(g)
            case .glue: break
            }
        }
        let extractor = MetadataExtractor()
        var metadata = extractor.extract(front: front, body: body)
        if let d = doc.published { metadata.published = d }
        if metadata.title == nil { metadata.title = doc.titleFallback }
        if metadata.agency == nil, let a = doc.agencyFallback, extractor.looksLikeAgency(a) { metadata.agency = a }

        // 2. The template from every grid's labels; with no grid at all, from the column labels
        // of lines whose tables ran together (`…信息内容本年制发件数…规章000…`).
        metadata.template = detectTemplate(grids.flatMap { $0.tokens.map(\.text) }, year: metadata.year, options: options, diagnostics: diagnostics)
        var collapsed = Set<Int>()
        if grids.isEmpty, !(metadata.year.map { $0 < 2019 } ?? false) {
            for (i, item) in doc.items.enumerated() {
                if case .paragraph(let l) = item, CollapsedTableRecovery.looksCollapsed(l.text) { collapsed.insert(i) }
            }
            if options.template == nil, let t = collapsed.sorted().lazy.compactMap({ i -> Template? in
                if case .paragraph(let l) = doc.items[i] { return CollapsedTableRecovery.template(of: l.text) } else { return nil }
            }).first {
                metadata.template = t
            }
        }

        // 3. Tables, blocks and sections; blank-line glue goes to what precedes it.
        let recogniser = TableRecogniser(template: metadata.template, diagnostics: diagnostics)
        var report = Report(metadata: metadata)
        var layout = GlueLayout()
        var section: (number: Int?, kind: SectionKind)? = nil
        var warnedCollapsed = false
        func close() {
            let part = layout.close()
            if let s = section, let h = part.heading {
                report.sections.append(Section(heading: h, number: s.number, kind: s.kind, blocks: part.blocks))
            } else {
                report.front = part.blocks
            }
        }
        for (index, item) in doc.items.enumerated() {
            switch item {
            case .heading(var l, let n, let k):
                close()
                layout.lead(&l)
                section = (n, k)
                layout.setHeading(l)
            case .paragraph(var l):
                layout.lead(&l)
                layout.append(.paragraph(l))
                if collapsed.contains(index) {
                    let tables = CollapsedTableRecovery(template: metadata.template).recover(l.text, line: doc.paragraphLines[index], diagnostics: diagnostics)
                    for t in tables {
                        if let k = t.kind { recogniser.markRecovered(k, bound: t.rows.lazy.flatMap(\.cells).compactMap(\.field)) }
                        layout.append(.table(t))
                    }
                    if tables.isEmpty, !warnedCollapsed {
                        warnedCollapsed = true
                        diagnostics.warning("collapsed-table", "the tables' digits run together with no separator and no template's rows could be found in them; kept as prose", at: doc.paragraphLines[index].map { .text(line: $0, column: 1) })
                    }
                }
            case .grid(let g):
                var table = g.build(GridBindings(rows: recogniser.recognise(g.tokens, explicitRows: g.explicitRows, section: section?.kind)))
                layout.lead(&table)
                if table.kind == nil {
                    diagnostics.warning("unrecognised-table", "a table of \(table.rows.count) row(s) is no standard table; kept as written", at: g.tokens.first?.location)
                }
                layout.append(.table(table))
            case .glue(let g):
                layout.glue(g)
            }
        }
        close()
        if !layout.pending.isEmpty {
            // Only blank lines in the whole file.
            report.front.append(.paragraph(Line("", layout: LineLayout(leading: layout.pending, trailing: ""))))
        }
        recogniser.finish()
        return report
    }

    /// The template the options name, or the one the labels vote for (with a warning when
    /// both templates' own labels are present).
    public func detectTemplate(_ texts: [String], year: Int?, options: ReaderOptions, diagnostics: DiagnosticCollector) -> Template {
        let detection = TemplateDetector().detect(texts, year: year)
        let template = options.template ?? detection.template
        if detection.isMixed {
            diagnostics.warning("template", "labels of both templates found (2019: \(detection.votes2019), 2021: \(detection.votes2021)); read as \(template.rawValue)")
        }
        if template == .unknown, let y = year, y < 2019 {
            diagnostics.warning("template", "a report on \(y) follows the form before the 2019 template: its tables are kept as written and no field is bound")
        }
        return template
    }
}

/// Where blank lines go in a source with layout: after the block (or heading) before them,
/// or, when nothing precedes them, before the next line or pipe-row table. Glue is gathered in
/// `tail` and attached once, when the next item comes: appending to the last block's layout
/// line by line copied that block each time (1 MB of blank lines took 12 s).
private struct GlueLayout {
    private(set) var blocks: [Block] = []
    private(set) var heading: Line?
    var pending = ""
    private var tail = ""

    mutating func glue(_ g: String) {
        if blocks.isEmpty && heading == nil { pending += g } else { tail += g }
    }

    /// Attaches the gathered glue to the last block, or to the heading when there is none.
    private mutating func attachTail() {
        guard !tail.isEmpty else { return }
        defer { tail = "" }
        // A recovered table is not in the source: the bytes belong to the line it came from.
        if let at = blocks.lastIndex(where: { if case .table(let t) = $0 { !t.isRecovered } else { true } }) {
            var last = blocks.remove(at: at)
            defer { blocks.insert(last, at: at) }
            switch last {
            case .paragraph(var l):
                l.layout?.trailing += tail
                last = .paragraph(l)
            case .table(var t):
                if t.hasSourceLayout, !t.rows.isEmpty { t.rows[t.rows.count - 1].end = (t.rows[t.rows.count - 1].end ?? "") + tail }
                last = .table(t)
            }
        } else if heading != nil {
            heading!.layout?.trailing += tail
        }
    }

    mutating func append(_ b: Block) {
        attachTail()
        blocks.append(b)
    }

    mutating func setHeading(_ h: Line) {
        heading = h
    }

    /// The blocks and heading of the part that ends, glue attached.
    mutating func close() -> (heading: Line?, blocks: [Block]) {
        attachTail()
        defer { blocks = [] }
        return (heading, blocks)
    }

    mutating func lead(_ l: inout Line) {
        guard !pending.isEmpty, l.layout != nil else { return }
        l.layout!.leading = pending + l.layout!.leading
        pending = ""
    }

    mutating func lead(_ t: inout Table) {
        guard !pending.isEmpty, t.hasSourceLayout, !t.rows.isEmpty, !t.rows[0].cells.isEmpty else { return }
        t.rows[0].cells[0].before = pending + (t.rows[0].cells[0].before ?? "")
        pending = ""
    }
}
