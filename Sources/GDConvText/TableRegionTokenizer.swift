import Foundation
import GDConvCore

/// How a flattened table writes its cells.
enum TableStyle: String {
    /// One printed row per line, ` | ` between cells (the seed, markdown tables).
    case pipeRows
    /// One cell per line ending in ` |`; a lone `|` is an empty cell or a row start.
    case cellLines
    /// Cell and `|` on alternating lines; the pipes are only separators.
    case alternating
    /// No pipes: one cell per line, often with blank lines between.
    case bare
}

/// A table region's lines cut into grid tokens, with the bytes between them kept for a
/// byte-exact rewrite of pipe-row tables.
struct TokenizedRegion {
    /// A printed line of a pipe-row table: its tokens and the bytes after the last one.
    struct PrintedLine {
        var tokens: Range<Int>
        var end: String
    }

    var style: TableStyle
    var tokens: [GridToken] = []
    /// For each token, the bytes between the previous token's text and its own (pipe rows).
    var before: [String] = []
    /// Pipe rows: for each printed line holding tokens, its token range and the bytes after
    /// its last token through the line break and any glue-only lines that follow.
    var lines: [PrintedLine] = []
    /// Bytes of glue-only lines before the first row (rare).
    var leadingGlue: String = ""
}

enum TableRegionTokenizer {
    static func isSeparatorLine(_ t: String) -> Bool {
        guard t.includes("---") else { return false }
        return t.unicodeScalars.allSatisfy { "|-: \t".unicodeScalars.contains($0) }
    }

    static func isPipeOnly(_ t: String) -> Bool {
        !t.isEmpty && t.unicodeScalars.allSatisfy { $0 == "|" || $0.isWhiteSpace }
    }

    /// One cell of a pipe line: its text (trimmed), the bytes between the previous cell's text
    /// (or the line start) and its own, and the 1-based column where the text starts.
    struct PipeCell {
        var text: String
        var before: String
        var column: Int
    }

    /// The cells of a pipe line and the bytes after the last one's text. A leading `|`
    /// (markdown) and a trailing `|` are glue, not cells. The line is cut and trimmed on its
    /// UTF-8 bytes (`|` is ASCII, white space is decided per scalar) and each string made once
    /// from its bytes: building `before` by joining the pieces around each `|`, and counting
    /// each piece's characters as a string, was a fifth of reading a report.
    static func pipeCells(_ content: String) -> (cells: [PipeCell], end: String) {
        var content = content
        return content.withUTF8 { b in
            func text(_ lo: Int, _ hi: Int) -> String { UTF8Spaces.string(b, lo, hi) }
            // Characters of a piece, counted piece by piece as the columns always were.
            func width(_ lo: Int, _ hi: Int) -> Int {
                lo == hi ? 0 : CharacterCount.standalone(UnsafeBufferPointer(rebasing: b[lo..<hi])) ?? text(lo, hi).count
            }
            var segs: [(Int, Int)] = []
            segs.reserveCapacity(16)
            var start = 0
            for i in 0..<b.count where b[i] == UInt8(ascii: "|") {
                segs.append((start, i))
                start = i + 1
            }
            segs.append((start, b.count))
            func blank(_ r: (Int, Int)) -> Bool { UTF8Spaces.trimStart(b, r.0, r.1) == r.1 }
            var first = 0, last = segs.count
            var column = 1
            if segs.count > 1, blank(segs[0]) {
                // The head: the glue before a leading `|`, and the `|` itself.
                column += width(segs[0].0, segs[0].1) + 1
                first = 1
            }
            if last - first > 1, blank(segs[last - 1]) { last -= 1 }
            var cells: [PipeCell] = []
            cells.reserveCapacity(last - first)
            var previousEnd = 0    // where the previous cell's text ends (a blank cell: its `|`)
            for (lo, hi) in segs[first..<last] {
                let a = UTF8Spaces.trimStart(b, lo, hi)
                let z = a == hi ? hi : UTF8Spaces.trimEnd(b, a, hi)
                let lead = width(lo, a)
                cells.append(PipeCell(text: text(a, z), before: text(previousEnd, a), column: column + lead))
                column += lead + width(a, z) + width(z, hi) + 1
                previousEnd = z
            }
            return (cells, text(previousEnd, b.count))
        }
    }

    /// `四、结转下年度继续办理 0 0 0 0 0 0 0` or `0 0 0 0 0`: a label (or nothing) and a run
    /// of space-separated values.
    static func numberRun(_ text: String, matcher: LabelMatcher) -> [String]? {
        guard text.unicodeScalars.contains(where: { $0 == " " || $0 == "\t" || $0 == "\u{3000}" }) else { return nil }
        let parts = text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\u{3000}" }).map(String.init)
        guard parts.count >= 2 else { return nil }
        var k = parts.count
        while k > 0, GridToken(parts[k - 1], row: 0).isValue { k -= 1 }
        let values = Array(parts[k...])
        guard !values.isEmpty else { return nil }
        if k == 0 { return values.count >= 2 ? values : nil }
        let label = parts[..<k].joined(separator: " ")
        // One value needs a row label before it (`行政许可 97`); a run may follow any label.
        guard let m = matcher.match(label, template: .unknown, groupContext: nil) else { return nil }
        if values.count == 1, case .row = m {} else if values.count == 1 { return nil }
        return [label] + values
    }

    static func style(of lines: [SourceLine]) -> TableStyle {
        var cellLine = false, pipeOnly = false
        for l in lines {
            let t = l.trimmed
            guard t.includes("|"), !isSeparatorLine(t) else { continue }
            if isPipeOnly(t) { pipeOnly = true; continue }
            let nonEmpty = pipeCells(l.content).cells.filter { !$0.text.isEmpty }.count
            if nonEmpty >= 2 { return .pipeRows }
            cellLine = true
        }
        return cellLine ? .cellLines : pipeOnly ? .alternating : .bare
    }

    /// Cuts a region into tokens; stops once more than `maxTokens` are made (the caller then
    /// reports the budget exceeded, before memory grows with the rest).
    static func tokenize(_ lines: [SourceLine], matcher: LabelMatcher, maxTokens: Int = .max) -> TokenizedRegion {
        var r = TokenizedRegion(style: style(of: lines))
        func add(_ text: String, line: SourceLine, column: Int, before: String = "") {
            r.tokens.append(GridToken(text, row: line.index, location: .text(line: line.number, column: column)))
            r.before.append(before)
        }
        for l in lines {
            if r.tokens.count > maxTokens { break }
            let t = l.trimmed
            switch r.style {
            case .pipeRows:
                if t.isEmpty || isSeparatorLine(t) || isPipeOnly(t) {
                    if r.lines.isEmpty { r.leadingGlue += l.content + l.terminator } else { r.lines[r.lines.count - 1].end += l.content + l.terminator }
                    continue
                }
                let start = r.tokens.count
                if t.includes("|") {
                    let (cells, end) = pipeCells(l.content)
                    for c in cells { add(c.text, line: l, column: c.column, before: c.before) }
                    r.lines.append(TokenizedRegion.PrintedLine(tokens: start..<r.tokens.count, end: end + l.terminator))
                } else {
                    let p = l.parts()
                    add(p.text, line: l, column: p.leading.characterCount + 1, before: p.leading)
                    r.lines.append(TokenizedRegion.PrintedLine(tokens: start..<r.tokens.count, end: p.trailing + l.terminator))
                }
            case .cellLines, .alternating, .bare:
                if t.isEmpty {
                    if r.style == .bare, !l.content.isEmpty { add("", line: l, column: 1) }
                    continue
                }
                if isSeparatorLine(t) { continue }
                if isPipeOnly(t) {
                    if r.style == .cellLines { for _ in t.filter({ $0 == "|" }) { add("", line: l, column: 1) } }
                    continue
                }
                if t.includes("|") {
                    let (cells, _) = pipeCells(l.content)
                    for c in cells { add(c.text, line: l, column: 1) }
                    continue
                }
                let p = l.parts()
                if let run = numberRun(p.text, matcher: matcher) {
                    for v in run { add(v, line: l, column: p.leading.characterCount + 1) }
                } else {
                    add(p.text, line: l, column: p.leading.characterCount + 1)
                }
            }
        }
        return r
    }
}
