import Foundation
import GDConvCore
import GDConvEncoding

/// Reads a flattened report: prose lines, section headings and tables in any of the
/// flattenings found in the wild (pipe rows, one cell per line, bare lines, markdown tables).
public struct TextReader: ReportReader {

    public init() {}

    public func read(_ data: Data, options: ReaderOptions) throws -> ReadResult {
        let (text, encoding) = try TextDecoder.decode(data, name: options.sourceName, encoding: options.encoding)
        if let tooLong = TextReader.firstLineLonger(than: options.maxLineBytes, in: data) {
            throw ConversionError.limitExceeded(file: options.sourceName, message: "line \(tooLong) is longer than \(options.maxLineBytes >> 10) KB (--max-line-kb)")
        }
        var result = try read(text: text, options: options)
        var extra = [Diagnostic(.note, "encoding", "read as \(encoding)")]
        for w in TextDecoder.suspicious(text) { extra.append(Diagnostic(.warning, "encoding", w)) }
        result.diagnostics = extra + result.diagnostics
        return result
    }

    /// The number of the first line longer than `limit` bytes, nil when none is.
    static func firstLineLonger(than limit: Int, in data: Data) -> Int? {
        data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) -> Int? in
            var lineNo = 1, lineStart = 0
            for (i, b) in raw.enumerated() where b == 0x0A {
                if i - lineStart > limit { return lineNo }
                lineNo += 1
                lineStart = i + 1
            }
            return raw.count - lineStart > limit ? lineNo : nil
        }
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

    public func read(text: String, options: ReaderOptions) throws -> ReadResult {
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

        // 2. Find the table regions of each part; everything else is prose or blank-line glue.
        var doc = RecognitionDocument()
        var tokenCount = 0
        var glue = ""
        func flushGlue() {
            if !glue.isEmpty { doc.items.append(.glue(glue)); glue = "" }
        }
        for p in parts {
            if let h = p.heading, let info = p.headingInfo {
                flushGlue()
                let hp = h.parts()
                doc.items.append(.heading(Line(hp.text, layout: LineLayout(leading: hp.leading, trailing: hp.trailing + h.terminator)), number: info.number, kind: info.kind))
            }
            var li = 0
            let regions = findRegions(p.lines, matcher: matcher, maxTokens: options.budget.gridCells - tokenCount)
            for r in regions {
                tokenCount += r.tokens.tokens.count
                guard tokenCount <= options.budget.gridCells else {
                    throw options.budget.exceeded(options.sourceName, "the tables hold more than \(options.budget.gridCells) cells (at line \(p.lines[r.lines.lowerBound].number))")
                }
            }
            for r in regions + [nil] {
                let upTo = r?.lines.lowerBound ?? p.lines.count
                while li < upTo {
                    let l = p.lines[li]
                    li += 1
                    if l.isBlank {
                        // Consecutive blank lines become one glue item.
                        glue += l.content
                        glue += l.terminator
                    } else {
                        flushGlue()
                        let lp = l.parts(stripMarkdown: false)
                        if l.content.utf8.count > 200 { doc.paragraphLines[doc.items.count] = l.number }
                        doc.items.append(.paragraph(Line(lp.text, layout: LineLayout(leading: lp.leading, trailing: lp.trailing + l.terminator))))
                    }
                }
                guard let r else { break }
                flushGlue()
                let tokens = r.tokens
                doc.items.append(.grid(GridItem(tokens: tokens.tokens, explicitRows: tokens.style == .pipeRows) { buildTable(tokens, $0) }))
                li = r.lines.upperBound
            }
        }
        flushGlue()

        // 3. Metadata, template, tables and warnings, as for every grid reader.
        let report = ReportAssembler().assemble(doc, options: options, diagnostics: diagnostics)
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
        let length = n.characterCount
        if !sentenceEnd, length <= 60, matcher.match(text, template: .unknown, groupContext: nil) != nil { return .label }
        if length <= 12, !n.contains(where: { "。、,:;!?“\"".contains($0) }) { return .fragment }
        return .prose
    }

    private func findRegions(_ lines: [SourceLine], matcher: LabelMatcher, maxTokens: Int) -> [Region] {
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
                let region = Region(lines: slice, tokens: TableRegionTokenizer.tokenize(Array(lines[slice]), matcher: matcher, maxTokens: maxTokens))
                out.append(region)
                if region.tokens.tokens.count > maxTokens { break }
            }
            i = max(j, i + 1)
        }
        return out
    }

    // MARK: - Blocks

    /// The printed table: pipe rows keep their lines and separators byte for byte; the other
    /// flattenings become the rows the recogniser found.
    private func buildTable(_ r: TokenizedRegion, _ b: GridBindings) -> Table {
        func cell(_ k: Int, layout: Bool) -> Cell {
            let tk = r.tokens[k]
            return Cell(tk.text, field: b.keyOf[k], before: layout ? r.before[k] : nil, location: tk.location)
        }
        if r.style == .pipeRows {
            var out: [Row] = []
            for line in r.lines {
                out.append(Row(cells: line.tokens.map { cell($0, layout: true) }, role: b.role(of: line.tokens), end: line.end))
            }
            var t = Table(kind: b.kind, rows: out, hasSourceLayout: true)
            if !r.leadingGlue.isEmpty, !t.rows.isEmpty, !t.rows[0].cells.isEmpty {
                t.rows[0].cells[0].before = r.leadingGlue + (t.rows[0].cells[0].before ?? "")
            }
            return t
        }
        return Table(kind: b.kind, rows: b.rows.map { row in Row(cells: row.tokens.map { cell($0, layout: false) }, role: row.role) }, hasSourceLayout: false)
    }
}
