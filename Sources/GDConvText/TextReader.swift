import Foundation
import GDConvCore
import GDConvEncoding

/// Reads a flattened report: prose lines, section headings and tables in any of the
/// flattenings found in the wild (pipe rows, one cell per line, bare lines, markdown tables).
public struct TextReader: ReportReader {

    public init() {}

    public func read(_ data: Data, options: ReaderOptions) throws -> ReadResult {
        let (text, encoding) = try TextDecoder.decode(data, name: options.sourceName, encoding: options.encoding)
        var lineNo = 1, lineLen = 0
        for b in data {
            if b == 0x0A { lineNo += 1; lineLen = 0; continue }
            lineLen += 1
            if lineLen > options.maxLineBytes {
                throw ConversionError.limitExceeded(file: options.sourceName, message: "line \(lineNo) is longer than \(options.maxLineBytes >> 10) KB (--max-line-kb)")
            }
        }
        var result = read(text: text, options: options)
        var extra = [Diagnostic(.note, "encoding", "read as \(encoding)")]
        for w in TextDecoder.suspicious(text) { extra.append(Diagnostic(.warning, "encoding", w)) }
        result.diagnostics = extra + result.diagnostics
        return result
    }

    /// What each line is, for finding table regions.
    private enum LineClass { case blank, pipe, separator, value, label, fragment, prose }

    private struct Part {
        var heading: SourceLine?
        var headingInfo: (number: Int?, kind: SectionKind)?
        var lines: [SourceLine] = []
    }

    private struct Region {
        var lines: Range<Int>         // indices into the part's lines
        var tokens: TokenizedRegion
    }

    public func read(text: String, options: ReaderOptions) -> ReadResult {
        let diagnostics = DiagnosticCollector()
        let matcher = LabelMatcher.shared
        let lines = SourceLine.split(text)

        // 1. Cut the document at the section headings.
        var parts: [Part] = [Part()]
        for l in lines {
            if !l.isBlank, let h = SectionHeading.detect(l.parts().text) {
                parts.append(Part(heading: l, headingInfo: h))
            } else {
                parts[parts.count - 1].lines.append(l)
            }
        }

        // 2. Find the table regions of each part and cut them into tokens.
        var regions: [[Region]] = []
        var allTokenTexts: [String] = []
        for p in parts {
            let rs = findRegions(p.lines, matcher: matcher)
            regions.append(rs)
            for r in rs { allTokenTexts += r.tokens.tokens.map(\.text) }
        }

        // 3. Metadata from the prose, then the template from the labels.
        let extractor = MetadataExtractor()
        let frontTexts = regionFreeTexts(parts[0], regions[0])
        var bodyTexts: [String] = []
        for (i, p) in parts.enumerated().dropFirst() {
            bodyTexts.append(p.heading!.trimmed)
            bodyTexts += regionFreeTexts(p, regions[i])
        }
        var metadata = extractor.extract(front: frontTexts, body: bodyTexts)
        let detection = TemplateDetector().detect(allTokenTexts, year: metadata.year)
        metadata.template = options.template ?? detection.template
        if detection.isMixed {
            diagnostics.warning("template", "labels of both templates found (2019: \(detection.votes2019), 2021: \(detection.votes2021)); read as \(metadata.template.rawValue)")
        }
        warnCollapsedTables(lines, regions: regions, diagnostics: diagnostics)

        // 4. Recognise the tables and build the blocks.
        let recogniser = TableRecogniser(template: metadata.template, diagnostics: diagnostics)
        var report = Report(metadata: metadata)
        var pendingLeading = ""
        for (pi, p) in parts.enumerated() {
            var blocks: [Block] = []
            var heading: Line? = nil
            if let h = p.heading {
                let hp = h.parts()
                heading = Line(hp.text, layout: LineLayout(leading: pendingLeading + hp.leading, trailing: hp.trailing + h.terminator))
                pendingLeading = ""
            }
            var li = 0
            var regionIter = regions[pi].makeIterator()
            var nextRegion = regionIter.next()
            while li < p.lines.count {
                if let r = nextRegion, r.lines.lowerBound == li {
                    let rows = recogniser.recognise(r.tokens.tokens, explicitRows: r.tokens.style == .pipeRows, section: p.headingInfo?.kind)
                    var table = buildTable(r.tokens, rows: rows)
                    if r.tokens.style == .pipeRows, !pendingLeading.isEmpty {
                        prependGlue(pendingLeading, to: &table)
                        pendingLeading = ""
                    }
                    if table.kind == nil {
                        diagnostics.warning("unrecognised-table", "a table of \(table.rows.count) row(s) is no standard table; kept as written", at: r.tokens.tokens.first?.location)
                    }
                    blocks.append(.table(table))
                    li = r.lines.upperBound
                    nextRegion = regionIter.next()
                    continue
                }
                let l = p.lines[li]
                li += 1
                if l.isBlank {
                    let glue = l.content + l.terminator
                    if !appendGlue(glue, to: &blocks, heading: &heading) { pendingLeading += glue }
                    continue
                }
                let lp = l.parts(stripMarkdown: false)
                blocks.append(.paragraph(Line(lp.text, layout: LineLayout(leading: pendingLeading + lp.leading, trailing: lp.trailing + l.terminator))))
                pendingLeading = ""
            }
            if let heading, let info = p.headingInfo {
                report.sections.append(Section(heading: heading, number: info.number, kind: info.kind, blocks: blocks))
            } else {
                report.front = blocks
            }
        }
        if !pendingLeading.isEmpty {
            // Only blank lines in the whole file.
            report.front.append(.paragraph(Line("", layout: LineLayout(leading: pendingLeading, trailing: ""))))
        }
        recogniser.finish()
        return ReadResult(report: report, diagnostics: diagnostics.diagnostics)
    }

    // MARK: - Regions

    private func classify(_ l: SourceLine, matcher: LabelMatcher) -> LineClass {
        let t = l.trimmed
        if t.isEmpty { return .blank }
        if t.includes("|") { return TableRegionTokenizer.isSeparatorLine(t) ? .separator : .pipe }
        let text = l.parts().text
        if GridToken(text, row: 0).isValue { return .value }
        if let run = TableRegionTokenizer.numberRun(text, matcher: matcher) {
            return GridToken(run[0], row: 0).isValue ? .value : .label
        }
        let sentenceEnd = text.includes("。") || text.includes("；") || text.includes(";") || text.includes("！") || text.includes("？")
        let n = text.normalizedLabel
        if !sentenceEnd, n.count <= 60, matcher.match(text, template: .unknown, groupContext: nil) != nil { return .label }
        if n.count <= 12, !n.contains(where: { "。、,:;!?“\"".contains($0) }) { return .fragment }
        return .prose
    }

    private func findRegions(_ lines: [SourceLine], matcher: LabelMatcher) -> [Region] {
        let classes = lines.map { classify($0, matcher: matcher) }
        var out: [Region] = []
        var i = 0
        while i < lines.count {
            guard [.pipe, .label, .value].contains(classes[i]) else { i += 1; continue }
            var j = i
            while j < lines.count, classes[j] != .prose { j += 1 }
            // Trim trailing blank lines and fragments.
            var end = j
            while end > i, [.blank, .fragment].contains(classes[end - 1]) { end -= 1 }
            let slice = i..<end
            if slice.contains(where: { classes[$0] == .pipe || classes[$0] == .label }) {
                out.append(Region(lines: slice, tokens: TableRegionTokenizer.tokenize(Array(lines[slice]), matcher: matcher)))
            }
            i = max(j, i + 1)
        }
        return out
    }

    private func regionFreeTexts(_ p: Part, _ regions: [Region]) -> [String] {
        var out: [String] = []
        for (i, l) in p.lines.enumerated() where !l.isBlank && !regions.contains(where: { $0.lines.contains(i) }) {
            out.append(l.trimmed)
        }
        return out
    }

    /// The 平潭 archives collapse whole tables into digit runs with no separator at all
    /// (`规范性文件898989`); their numbers cannot be split safely, so say so.
    private func warnCollapsedTables(_ lines: [SourceLine], regions: [[Region]], diagnostics: DiagnosticCollector) {
        guard regions.allSatisfy({ $0.isEmpty }) else { return }
        for l in lines where l.content.count > 200 {
            let n = l.content.normalizedLabel
            if n.includes("信息内容"), n.range(of: #"[\p{Han}][0-9]{4,}"#, options: .regularExpression) != nil {
                diagnostics.warning("collapsed-table", "the tables' digits run together with no separator (e.g. 规范性文件898989); they cannot be read without guessing and were kept as prose", at: .text(line: l.number, column: 1))
                return
            }
        }
    }

    // MARK: - Blocks

    private func buildTable(_ r: TokenizedRegion, rows: [RecognisedRow]) -> Table {
        var keyOf: [Int: String] = [:]
        var roleOfToken: [Int: RowRole] = [:]
        var tableVotes: [StandardTable: Int] = [:]
        for row in rows {
            for (k, v) in row.keys { keyOf[k] = v }
            for k in row.tokens { roleOfToken[k] = row.role }
            if let t = row.table { tableVotes[t, default: 0] += row.keys.count + 1 }
        }
        let kind = tableVotes.max { $0.value < $1.value }?.key
        func cell(_ k: Int, layout: Bool) -> Cell {
            let tk = r.tokens[k]
            return Cell(tk.text, key: keyOf[k], before: layout ? r.before[k] : nil, location: tk.location)
        }
        if r.style == .pipeRows {
            var out: [Row] = []
            for line in r.lines {
                let cells = line.tokens.map { cell($0, layout: true) }
                let role: RowRole = line.tokens.contains { keyOf[$0] != nil } ? .data
                    : line.tokens.contains { roleOfToken[$0] == .unrecognised } ? .unrecognised : .header
                out.append(Row(cells: cells, role: role, end: line.end))
            }
            var t = Table(kind: kind, rows: out, hasSourceLayout: true)
            if !r.leadingGlue.isEmpty { prependGlue(r.leadingGlue, to: &t) }
            return t
        }
        let out = rows.map { row in Row(cells: row.tokens.map { cell($0, layout: false) }, role: row.role) }
        return Table(kind: kind, rows: out, hasSourceLayout: false)
    }

    private func prependGlue(_ glue: String, to t: inout Table) {
        guard !t.rows.isEmpty, !t.rows[0].cells.isEmpty else { return }
        t.rows[0].cells[0].before = glue + (t.rows[0].cells[0].before ?? "")
    }

    /// Blank lines belong to what precedes them. Returns false when nothing precedes them.
    private func appendGlue(_ glue: String, to blocks: inout [Block], heading: inout Line?) -> Bool {
        if let last = blocks.last {
            switch last {
            case .paragraph(var l):
                l.layout?.trailing += glue
                blocks[blocks.count - 1] = .paragraph(l)
            case .table(var t):
                if t.hasSourceLayout, !t.rows.isEmpty { t.rows[t.rows.count - 1].end = (t.rows[t.rows.count - 1].end ?? "") + glue }
                blocks[blocks.count - 1] = .table(t)
            }
            return true
        }
        if heading != nil {
            heading!.layout?.trailing += glue
            return true
        }
        return false
    }
}
