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

    /// Segments of a pipe line: (leading ws, text, trailing ws) per cell, the bytes before the
    /// first cell and after the last. A leading `|` (markdown) and a trailing `|` are glue.
    /// One cell of a pipe line: its text and the white space around it.
    struct PipeCell {
        var lead: String
        var text: String
        var trail: String
    }

    static func pipeCells(_ content: String) -> (cells: [PipeCell], head: String, tail: String) {
        // `|` is ASCII and white space is decided per scalar, so the line is cut and trimmed on
        // its UTF-8 bytes; a String is made only of each piece (this was a tenth of reading).
        var content = content
        return content.withUTF8 { b in
            func text(_ lo: Int, _ hi: Int) -> String {
                lo == hi ? "" : String(decoding: UnsafeBufferPointer(rebasing: b[lo..<hi]), as: UTF8.self)
            }
            var segs: [(Int, Int)] = []
            var start = 0
            for i in 0..<b.count where b[i] == UInt8(ascii: "|") {
                segs.append((start, i))
                start = i + 1
            }
            segs.append((start, b.count))
            func blank(_ r: (Int, Int)) -> Bool { UTF8Spaces.trimStart(b, r.0, r.1) == r.1 }
            var head = "", tail = ""
            var first = 0, last = segs.count
            // A leading `|` (markdown) and a trailing `|` are glue, not cells.
            if segs.count > 1, blank(segs[0]) {
                head = text(segs[0].0, segs[0].1) + "|"
                first = 1
            }
            if last - first > 1, blank(segs[last - 1]) {
                tail = "|" + text(segs[last - 1].0, segs[last - 1].1)
                last -= 1
            }
            var cells: [PipeCell] = []
            cells.reserveCapacity(last - first)
            for (lo, hi) in segs[first..<last] {
                let a = UTF8Spaces.trimStart(b, lo, hi)
                if a == hi { cells.append(PipeCell(lead: text(lo, hi), text: "", trail: "")); continue }
                let z = UTF8Spaces.trimEnd(b, a, hi)
                cells.append(PipeCell(lead: text(lo, a), text: text(a, z), trail: text(z, hi)))
            }
            return (cells, head, tail)
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
                    let (cells, head, tail) = pipeCells(l.content)
                    var pending = head
                    var col = head.characterCount + 1
                    for c in cells {
                        let lead = c.lead.characterCount
                        add(c.text, line: l, column: col + lead, before: pending + c.lead)
                        col += lead + c.text.characterCount + c.trail.characterCount + 1
                        pending = c.trail + "|"
                    }
                    let lastTrail = cells.last?.trail ?? ""
                    r.lines.append(TokenizedRegion.PrintedLine(tokens: start..<r.tokens.count, end: lastTrail + tail + l.terminator))
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
                    let (cells, _, _) = pipeCells(l.content)
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

/// White space (`isTrimmable`: Unicode White_Space and the BOM) found on UTF-8 bytes.
enum UTF8Spaces {
    /// The scalar starting at byte `i` (valid UTF-8) and its length.
    static func scalar(_ b: UnsafeBufferPointer<UInt8>, at i: Int) -> (Unicode.Scalar, Int) {
        let lead = b[i]
        if lead < 0x80 { return (Unicode.Scalar(lead), 1) }
        var v: UInt32, n: Int
        if lead < 0xE0 { v = UInt32(lead & 0x1F); n = 2 } else if lead < 0xF0 { v = UInt32(lead & 0x0F); n = 3 } else { v = UInt32(lead & 0x07); n = 4 }
        for k in 1..<n { v = v << 6 | UInt32(b[i + k] & 0x3F) }
        return (Unicode.Scalar(v) ?? "\u{FFFD}", n)
    }

    /// The first byte in `lo..<hi` that starts a scalar which is not white space (`hi` if none).
    static func trimStart(_ b: UnsafeBufferPointer<UInt8>, _ lo: Int, _ hi: Int) -> Int {
        var i = lo
        while i < hi {
            let c = b[i]
            if c < 0x80 {
                guard c == 0x20 || (c >= 0x09 && c <= 0x0D) else { return i }
                i += 1
                continue
            }
            let (u, n) = scalar(b, at: i)
            guard u.isTrimmable else { return i }
            i += n
        }
        return hi
    }

    /// The end of the last scalar in `lo..<hi` which is not white space (`lo` if none).
    static func trimEnd(_ b: UnsafeBufferPointer<UInt8>, _ lo: Int, _ hi: Int) -> Int {
        var z = hi
        while z > lo {
            let c = b[z - 1]
            if c < 0x80 {
                guard c == 0x20 || (c >= 0x09 && c <= 0x0D) else { return z }
                z -= 1
                continue
            }
            var s = z - 1
            while s > lo, b[s] & 0xC0 == 0x80 { s -= 1 }
            guard scalar(b, at: s).0.isTrimmable else { return z }
            z = s
        }
        return lo
    }
}
