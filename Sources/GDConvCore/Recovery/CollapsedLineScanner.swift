import Foundation
import GDConvModel

/// A row of a standard table found in a collapsed line: the registry row it is, and the run of
/// digits printed after its label.
struct CollapsedRow {
    let table: StandardTable
    /// The row as messages name it (the registry label; `复议诉讼` for table 3's one run).
    let label: String
    let fields: [FieldDefinition]
    let run: DigitRun
}

/// Finds the rows of the three standard tables in a line whose cells were joined with nothing
/// between them (`…规章000行政规范性文件77132470第二十条第（五）项…`). Labels are found in the
/// registry's order, each after the one before, ignoring white space (`三、本年度办 理结果`);
/// a row's run is what lies between its label and the next one found. A run followed by
/// anything but header words (a placeholder, another number) is not a clean run: that row is
/// left out rather than cut wrongly.
struct CollapsedLineScanner {
    let template: Template
    let registry: FieldRegistry

    /// The source line as scalars; `squeezed` is it without white space, normalised
    /// (full-width forms to ASCII, curly quotes to `"`), with each scalar's source offset.
    private let source: [Unicode.Scalar]
    private let squeezed: [Unicode.Scalar]
    private let origin: [Int]

    init(_ text: String, template: Template, registry: FieldRegistry = .shared) {
        self.template = template
        self.registry = registry
        source = Array(text.unicodeScalars)
        var sq: [Unicode.Scalar] = [], org: [Int] = []
        for (i, c) in source.enumerated() {
            let n = Self.normalise(c)
            if Self.isSpace(n) { continue }
            sq.append(n)
            org.append(i)
        }
        squeezed = sq
        origin = org
    }

    static func normalise(_ c: Unicode.Scalar) -> Unicode.Scalar {
        switch c.value {
        case 0xFF01...0xFF5E: Unicode.Scalar(c.value - 0xFEE0)!
        case 0x3000, 0x00A0: " "
        case 0x201C, 0x201D: "\""
        default: c
        }
    }

    static func isSpace(_ c: Unicode.Scalar) -> Bool { c == " " || c == "\t" || c == "\r" || c == "\n" }

    static func squeeze(_ s: String) -> [Unicode.Scalar] {
        s.unicodeScalars.map(normalise).filter { !isSpace($0) }
    }

    private static func isDigit(_ c: Unicode.Scalar) -> Bool { ("0"..."9").contains(c) }

    /// The squeezed index of the first occurrence of `p` in `from..<to`.
    private func find(_ p: [Unicode.Scalar], from: Int, to: Int) -> Int? {
        guard !p.isEmpty, to - from >= p.count else { return nil }
        var i = from
        while i + p.count <= to {
            if squeezed[i] == p[0] {
                var j = 1
                while j < p.count, squeezed[i + j] == p[j] { j += 1 }
                if j == p.count { return i }
            }
            i += 1
        }
        return nil
    }

    /// The ways a row's label may be printed: as in the registry, without its `（一）`/`一、`
    /// numbering, and `规范性文件` for 2021's `行政规范性文件`. Arabic sub-row numbering
    /// (`3.其他`) is kept: without it the short labels would match header words.
    private func spellings(_ label: String) -> [[Unicode.Scalar]] {
        let full = Self.squeeze(label)
        var out = [full]
        let (num, core) = LabelMatcher.splitNumbering(label.normalizedLabel)
        let coreScalars = Self.squeeze(core)
        if let num, num.level != .arabic, coreScalars.count >= 2 { out.append(coreScalars) }
        if let num, num.level == .arabic { out.append(Self.squeeze("\(num.number)、") + coreScalars) }
        if coreScalars.starts(with: Self.squeeze("行政")), coreScalars.count > 4 { out.append(Array(coreScalars.dropFirst(2))) }
        return out
    }

    /// A label found: squeezed range.
    private struct Found { let row: RegistryRow; let range: Range<Int> }

    /// The first spelling of `row` at or after `from`, before `to`, that a digit follows.
    private func locate(_ row: RegistryRow, from: Int, to: Int) -> Found? {
        var best: Found? = nil
        for s in spellings(row.label) {
            var at = from
            while let i = find(s, from: at, to: min(to, best?.range.lowerBound ?? to)) {
                let end = i + s.count
                if end < squeezed.count, Self.isDigit(squeezed[end]) {
                    best = Found(row: row, range: i..<end)
                    break
                }
                at = i + 1
            }
        }
        return best
    }

    /// The rows of every standard table the line holds, in order.
    func rows() -> [CollapsedRow] {
        let sq = squeezed
        guard let t1Start = find(Self.squeeze("信息内容"), from: 0, to: sq.count) else { return [] }
        let t2Anchor = find(Self.squeeze("本年新收政府信息公开申请数量"), from: t1Start, to: sq.count) ?? sq.count
        let t3Anchor = find(Self.squeeze("复议后起诉"), from: t2Anchor, to: sq.count)
        var out: [CollapsedRow] = []
        var cursor = t1Start
        for (table, limit) in [(StandardTable.active, t2Anchor), (.requests, t3Anchor ?? sq.count)] {
            var found: [Found] = []
            for r in registry.rows(template, table: table) {
                if let f = locate(r, from: cursor, to: limit) {
                    found.append(f)
                    cursor = f.range.upperBound
                }
            }
            for (i, f) in found.enumerated() {
                let start = origin[f.range.upperBound - 1] + 1
                let end = i + 1 < found.count ? origin[found[i + 1].range.lowerBound] : (limit < sq.count ? origin[limit] : source.count)
                // The next table's first label ends table 1's last run; the section heading
                // before it holds no digits, so the check below still applies.
                guard let run = run(from: start, to: end, restMayHoldDigits: false) else { continue }
                out.append(CollapsedRow(table: table, label: f.row.label, fields: f.row.fields, run: run))
            }
        }
        // Table 3 prints one run after its last column header (`…尚未审结总计25380363300630003`).
        if let a = t3Anchor, let firstDigit = (a..<sq.count).first(where: { Self.isDigit(sq[$0]) }),
           sq[a..<firstDigit].reversed().starts(with: Self.squeeze("总计").reversed()) {
            let fields = registry.rows(template, table: .litigation).flatMap(\.fields)
            if !fields.isEmpty, let run = run(from: origin[firstDigit], to: source.count, restMayHoldDigits: true) {
                out.append(CollapsedRow(table: .litigation, label: "复议诉讼", fields: fields, run: run))
            }
        }
        return out
    }

    /// The run that starts at source offset `from`: digits, signs, decimal points and spaces,
    /// and a unit (`元`, `万元`) that ends it. Nil when it is empty, or when what follows it up
    /// to `to` holds another digit (the row was not a clean run).
    private func run(from: Int, to: Int, restMayHoldDigits: Bool) -> DigitRun? {
        var scalars: [Unicode.Scalar] = [], offsets: [Int] = [], breaks = Set<Int>()
        var i = from
        var spaced = false
        while i < to {
            let c = Self.normalise(source[i])
            if Self.isSpace(c) { spaced = !scalars.isEmpty; i += 1; continue }
            if Self.isDigit(c) || c == "." || c == "-" || c == "+" {
                if spaced { breaks.insert(scalars.count) }
                spaced = false
                scalars.append(c)
                offsets.append(i)
                i += 1
                continue
            }
            if c == "元" || (c == "万" && i + 1 < to && source[i + 1] == "元"), !scalars.isEmpty, !spaced {
                let n = c == "元" ? 1 : 2
                for k in 0..<n { scalars.append(source[i + k]); offsets.append(i + k) }
                i += n
            }
            break
        }
        guard !scalars.isEmpty else { return nil }
        if !restMayHoldDigits, (i..<to).contains(where: { Self.isDigit(Self.normalise(source[$0])) }) { return nil }
        if restMayHoldDigits, i < to, Self.isDigit(Self.normalise(source[i])) { return nil }
        return DigitRun(scalars: scalars, breaks: breaks, offsets: offsets)
    }
}
