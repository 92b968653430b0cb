import Foundation
import GDConvCore
internal import CPoppler

/// Reads a report published as PDF, through poppler: each page's characters with their boxes are
/// rebuilt into lines, a line into cells where a column gap separates them, and runs of lines of
/// several cells into grids whose columns come from the positions of the data rows' values — so a
/// cell the extraction lost leaves its column empty instead of shifting the row. Page numbers
/// (`— 4 —`) are dropped. Lines and grids go to the assembler every grid reader shares.
public struct PDFReportReader: ReportReader {
    public init() {}

    public func read(_ data: Data, options: ReaderOptions) throws -> ReadResult {
        let name = options.sourceName
        var code: Int32 = 0
        var message: UnsafeMutablePointer<CChar>? = nil
        let doc = data.withUnsafeBytes { raw in
            gdconv_pdf_open(raw.baseAddress, UInt(raw.count), &code, &message)
        }
        guard let doc else {
            let m = message.map { String(cString: $0) } ?? "cannot open"
            message.map { gdconv_g_free($0) }
            if code == gdconv_pdf_error_encrypted() {
                throw ConversionError.malformed(file: name, location: nil, message: "the PDF is encrypted; gdconv cannot read it (save an unprotected copy first)")
            }
            throw ConversionError.malformed(file: name, location: nil, message: "not a readable PDF: \(m)")
        }
        defer { gdconv_g_object_unref(UnsafeMutableRawPointer(doc)) }
        let pages = Int(poppler_document_get_n_pages(doc))
        guard pages <= 2_000 else { throw options.budget.exceeded(name, "the PDF has \(pages) pages") }
        var lines: [PDFLine] = []
        var glyphCount = 0
        for p in 0..<pages {
            guard let page = poppler_document_get_page(doc, Int32(p)) else { continue }
            defer { gdconv_g_object_unref(UnsafeMutableRawPointer(page)) }
            let glyphs = PDFReportReader.glyphs(page)
            glyphCount += glyphs.count
            guard glyphCount <= options.budget.textBytes / 4 else { throw options.budget.exceeded(name, "the PDF holds more than \(options.budget.textBytes / 4) characters") }
            lines += PDFLayout.lines(glyphs, page: p + 1)
        }
        if glyphCount == 0 {
            throw ConversionError.malformed(file: name, location: nil, message: "the PDF has no text layer (a scan?): it needs OCR before gdconv can read it")
        }
        var doc2 = RecognitionDocument()
        for block in PDFLayout.blocks(lines) {
            switch block {
            case .line(let l):
                doc2.appendLine(l.text)
            case .grid(let rows):
                let tokens = rows.flatMap { $0.tokens }
                doc2.appendTable(firstRow: rows.first.map { r in r.tokens.map(\.text).filter { !$0.isEmpty } } ?? [], GridItem(tokens: tokens, explicitRows: true) {
                    $0.table(rowSizes: rows.map(\.tokens.count), tokens: tokens)
                })
            }
        }
        let diagnostics = DiagnosticCollector()
        let report = ReportAssembler().assemble(doc2, options: options, diagnostics: diagnostics)
        return ReadResult(report: report, diagnostics: diagnostics.diagnostics)
    }

    /// A page's characters with their boxes (white space left out).
    static func glyphs(_ page: OpaquePointer) -> [PDFGlyph] {
        guard let raw = poppler_page_get_text(page) else { return [] }
        defer { gdconv_g_free(raw) }
        let text = String(cString: raw)
        var rects: UnsafeMutablePointer<PopplerRectangle>? = nil
        var n: guint = 0
        guard poppler_page_get_text_layout(page, &rects, &n) != 0, let rects else { return [] }
        defer { gdconv_g_free(rects) }
        var out: [PDFGlyph] = []
        var i = 0
        for u in text.unicodeScalars {
            defer { i += 1 }
            guard i < Int(n) else { break }
            if u.isWhiteSpace || u.value < 0x20 { continue }
            let r = rects[i]
            out.append(PDFGlyph(scalar: u, x1: r.x1, y1: r.y1, x2: r.x2, y2: r.y2))
        }
        return out
    }
}

/// One character of a page and its box (points, origin at the top left).
struct PDFGlyph {
    let scalar: Unicode.Scalar
    let x1, y1, x2, y2: Double
    var height: Double { y2 - y1 }
}

/// A line of a page: its cells (runs of characters separated by a column gap), left to right.
struct PDFLine {
    struct Cell { var text: String; var x1: Double; var x2: Double; var glyphs: [PDFGlyph] }
    let page: Int
    let number: Int
    var cells: [Cell]
    var glyphs: [PDFGlyph] { cells.flatMap(\.glyphs) }
    var text: String { cells.map(\.text).joined(separator: " ") }
}

/// A printed row of a rebuilt grid: one token per column.
struct PDFRow { var tokens: [GridToken] }

enum PDFLayout {
    enum Block {
        case line(PDFLine)
        case grid([PDFRow])
    }

    /// Characters into lines (by their vertical middle), lines into cells (a gap wider than a
    /// character's height separates cells).
    static func lines(_ glyphs: [PDFGlyph], page: Int) -> [PDFLine] {
        guard !glyphs.isEmpty else { return [] }
        let sorted = glyphs.sorted { ($0.y1 + $0.y2) / 2 < ($1.y1 + $1.y2) / 2 }
        var groups: [[PDFGlyph]] = []
        for g in sorted {
            let mid = (g.y1 + g.y2) / 2
            if let last = groups.last?.last, abs((last.y1 + last.y2) / 2 - mid) < max(last.height, g.height) * 0.5 {
                groups[groups.count - 1].append(g)
            } else {
                groups.append([g])
            }
        }
        var out: [PDFLine] = []
        for (k, group) in groups.enumerated() {
            let row = group.sorted { $0.x1 < $1.x1 }
            let heights = row.map(\.height).sorted()
            let gap = max(heights[heights.count / 2], 1) * 1.0
            var cells: [PDFLine.Cell] = []
            for g in row {
                if var c = cells.last, g.x1 - c.x2 <= gap {
                    c.text.unicodeScalars.append(g.scalar)
                    c.x2 = max(c.x2, g.x2)
                    c.glyphs.append(g)
                    cells[cells.count - 1] = c
                } else {
                    cells.append(PDFLine.Cell(text: String(g.scalar), x1: g.x1, x2: g.x2, glyphs: [g]))
                }
            }
            let line = PDFLine(page: page, number: k + 1, cells: cells)
            if !isPageNumber(line.text) { out.append(line) }
        }
        return out
    }

    /// `— 4 —`, `- 4 -`, `4`, `第 4 页`, `P. 9`: a page number, not report text.
    static func isPageNumber(_ s: String) -> Bool {
        let core = s.unicodeScalars.filter { !"—–-·　 ()（）第页Pp.".unicodeScalars.contains($0) }
        return !core.isEmpty && core.count <= 3 && core.allSatisfy { $0.value >= 0x30 && $0.value <= 0x39 } && s.unicodeScalars.count <= 12
    }

    /// Lines of one cell are prose; runs of lines of several cells (with single-cell lines
    /// between them: labels wrapped inside a cell) are grids.
    static func blocks(_ lines: [PDFLine]) -> [Block] {
        var out: [Block] = []
        var i = 0
        while i < lines.count {
            guard lines[i].cells.count >= 2 else { out.append(.line(lines[i])); i += 1; continue }
            var j = i + 1
            while j < lines.count {
                if lines[j].cells.count >= 2 { j += 1; continue }
                // Wrapped labels between rows (short lines, up to a dozen in a narrow column)
                // belong to the table when a row of several cells follows; prose and headings never.
                var k = j
                while k < lines.count, k - j < 12, lines[k].cells.count < 2, isFragment(lines[k].text) { k += 1 }
                if k > j, k < lines.count, lines[k].cells.count >= 2 { j = k; continue }
                break
            }
            out.append(.grid(grid(Array(lines[i..<j]))))
            i = j
        }
        return out
    }

    /// A piece of a wrapped cell: short, no sentence's end, no section heading.
    static func isFragment(_ s: String) -> Bool {
        s.unicodeScalars.count <= 24 && !s.includes("。") && SectionHeading.detect(s) == nil
    }

    /// The columns of a run of lines, from where the data rows' values lie: the left edges of the
    /// value cells of rows holding two or more values, clustered, are the value columns (their
    /// borders half-way between neighbours); everything left of the first is the label area,
    /// cut into cells at wide gaps. Every character of every line goes to the column its middle
    /// falls in — a label that runs up to a value and a value the extraction lost decide nothing
    /// by themselves — and a column a line has nothing in is an empty cell.
    static func grid(_ lines: [PDFLine]) -> [PDFRow] {
        let data = lines.filter { l in l.cells.filter { GridToken.isValueText($0.text) }.count >= 2 }
        let heights = lines.flatMap { $0.glyphs.map(\.height) }.sorted()
        let h = heights.isEmpty ? 10 : heights[heights.count / 2]
        // The value cells' left edges (shared exactly when values are left-aligned) and middles
        // (shared when they are centred); whichever falls into fewer, tighter clusters is how this
        // table aligns its values — a misread alignment splits one column into several.
        let valueCells = data.flatMap { l in l.cells.filter { GridToken.isValueText($0.text) } }
        func cluster(_ xs: [Double]) -> [[Double]] {
            var out: [[Double]] = []
            for c in xs.sorted() {
                if let last = out.last?.last, c - last <= h { out[out.count - 1].append(c) } else { out.append([c]) }
            }
            return out
        }
        let byLeft = cluster(valueCells.map(\.x1))
        let byMiddle = cluster(valueCells.map { ($0.x1 + $0.x2) / 2 })
        func spread(_ cs: [[Double]]) -> Double { cs.reduce(0) { $0 + (($1.max() ?? 0) - ($1.min() ?? 0)) } }
        let centred = byMiddle.count < byLeft.count || (byMiddle.count == byLeft.count && spread(byMiddle) < spread(byLeft))
        let clusters = centred ? byMiddle : byLeft
        let mids = clusters.map { $0.reduce(0, +) / Double($0.count) }
        guard mids.count >= 2 else {
            // No value columns to go by: the cells as the gaps cut them.
            return lines.map { l in PDFRow(tokens: l.cells.enumerated().map { GridToken($1.text, row: l.number + l.page * 10_000, location: .path("page \(l.page) line \(l.number) column \($0 + 1)")) }) }
        }
        let borders: [Double]
        if centred {
            // Centred: columns part half-way between neighbouring middles; the first starts a
            // little before the leftmost value in it.
            let firstLeft = valueCells.filter { abs(($0.x1 + $0.x2) / 2 - mids[0]) <= h }.map(\.x1).min() ?? mids[0]
            borders = [firstLeft - h / 4] + zip(mids, mids.dropFirst()).map { ($0 + $1) / 2 }
        } else {
            // Left-aligned: each column starts a little before the leftmost value in it; a wide
            // number in the column to its left ends before that.
            borders = clusters.map { ($0.min() ?? 0) - h / 4 }
        }
        let rows: [(line: PDFLine, labels: [PDFLine.Cell], values: [String])] = lines.map { l in
            var labels: [PDFLine.Cell] = []
            var values = Array(repeating: "", count: mids.count)
            func addLabel(_ glyphs: [PDFGlyph]) {
                for g in glyphs {
                    if var c = labels.last, g.x1 - c.x2 <= h { c.text.unicodeScalars.append(g.scalar); c.x2 = g.x2; labels[labels.count - 1] = c } else {
                        labels.append(PDFLine.Cell(text: String(g.scalar), x1: g.x1, x2: g.x2, glyphs: []))
                    }
                }
            }
            func addValue(_ glyphs: [PDFGlyph]) {
                guard let first = glyphs.first, let last = glyphs.last else { return }
                if centred {
                    // Centred values keep clear of each other: a cell goes whole to the column
                    // its middle is in (a wide number under a wide header is not cut up).
                    let mid = (first.x1 + last.x2) / 2
                    let k = borders.lastIndex { mid >= $0 } ?? 0
                    values[k].unicodeScalars.append(contentsOf: glyphs.map(\.scalar))
                    return
                }
                // Left-aligned, character by character: two values the gaps did not separate
                // (a wide number running up to the next column) part at the border.
                for g in glyphs {
                    let k = borders.lastIndex { (g.x1 + g.x2) / 2 >= $0 } ?? 0
                    values[k].unicodeScalars.append(g.scalar)
                }
            }
            for c in l.cells {
                if c.x2 <= borders[0] + h / 2 {
                    addLabel(c.glyphs)
                } else if c.x1 < borders[0] {
                    // A label run up against the first value: cut at the border.
                    addLabel(c.glyphs.filter { ($0.x1 + $0.x2) / 2 < borders[0] })
                    addValue(c.glyphs.filter { ($0.x1 + $0.x2) / 2 >= borders[0] })
                } else {
                    addValue(c.glyphs)
                }
            }
            return (l, labels, values)
        }
        // A cell's wrapped lines: a line with no value under a row that has values continues
        // that row's labels (and its wrapped headers' words), column by column.
        var merged: [(line: PDFLine, labels: [PDFLine.Cell], values: [String])] = []
        for r in rows {
            let hasValue = r.values.contains { GridToken.isValueText($0) }
            // Only a line with text in the label area alone, that starts no numbered item and no
            // group heading, continues the row above.
            let labelText = r.labels.map(\.text).joined()
            let startsItem = LabelMatcher.splitNumbering(labelText.normalizedLabel).0 != nil
                || labelText.hasPrefix("第二十") || labelText.hasPrefix("信息内容")
            if !hasValue, r.values.allSatisfy(\.isEmpty), !startsItem, let last = merged.last, last.values.contains(where: { GridToken.isValueText($0) }) {
                var m = last
                for c in r.labels {
                    // Into the label cell whose left edge is nearest.
                    if let k = m.labels.indices.min(by: { abs(m.labels[$0].x1 - c.x1) < abs(m.labels[$1].x1 - c.x1) }), abs(m.labels[k].x1 - c.x1) <= h * 1.5 {
                        m.labels[k].text += c.text
                    } else {
                        m.labels.append(c)
                        m.labels.sort { $0.x1 < $1.x1 }
                    }
                }
                for (k, v) in r.values.enumerated() where !v.isEmpty { m.values[k] += v }
                merged[merged.count - 1] = m
                continue
            }
            merged.append(r)
        }
        // A part of the table under its own header whose rows hold one value each (2021 table
        // 1's 行政许可 | 本年处理决定数量) has one value column, whatever the columns of the
        // parts around it: its value, centred under a wide header, is that column's.
        // It is told by its header: one header word over the value columns, and one value in
        // each of its rows (a row of blanks and one value under a three-column header stays
        // as it is).
        var single = Array(repeating: false, count: merged.count)
        var start = 0
        var headerWords = 0
        for i in 0...merged.count {
            let isHeader = i == merged.count || !merged[i].values.contains { GridToken.isValueText($0) }
            guard isHeader else { continue }
            let part = merged[start..<i]
            if headerWords == 1, !part.isEmpty, part.allSatisfy({ r in r.values.filter { !$0.isEmpty }.count == 1 }) {
                for k in start..<i { single[k] = true }
            }
            headerWords = i < merged.count ? merged[i].values.filter { !$0.isEmpty }.count : 0
            start = i + 1
        }
        return merged.enumerated().map { i, r in
            // A row with nothing in the label area (table 3's values) starts with its values.
            let texts = r.labels.map(\.text) + (single[i] ? r.values.filter { !$0.isEmpty } : r.values)
            let row = r.line.number + r.line.page * 10_000
            return PDFRow(tokens: texts.enumerated().map { GridToken($1, row: row, location: .path("page \(r.line.page) line \(r.line.number) column \($0 + 1)")) })
        }
    }
}
