import Foundation
import GDConvModel

/// Rebuilds the standard tables of a line whose cells were joined with nothing between them,
/// as a crawler left many archived reports (`行政许可3960181`, `（七）总计801000081`).
///
/// Each row's run is cut every way its cells allow (`DigitRunCutter`), keeping only the cuts
/// under which the row's own identities hold (applicant columns add up to 总计; the four results
/// of a 复议诉讼 block add up to its 总计). Then the table is solved as a whole: the cuts left
/// for each row must together satisfy the identities across rows (the leaf rows add up to
/// （七）总计 per column, 一 + 二 = （七） + 四). A cell is bound only when every surviving
/// solution cuts it the same way; the others are left unbound and the warning lists the cuts.
///
/// A wrong number is worse than a missing one. A table whose fully determined rows already
/// break an identity was published inconsistent: the identities across rows are then not used
/// at all, so the solver cannot "repair" one row by inventing numbers in another.
public struct CollapsedTableRecovery {
    public let template: Template
    let registry: FieldRegistry

    public init(template: Template, registry: FieldRegistry = .shared) {
        self.template = template
        self.registry = registry
    }

    /// True when `text` looks like tables run together: long, with `信息内容` and a Chinese
    /// character followed by four or more digits.
    public static func looksCollapsed(_ text: String) -> Bool {
        guard text.utf8.count > 200, text.includes("信息内容") else { return false }
        var previousHan = false, digits = 0
        for c in text.unicodeScalars {
            if ("0"..."9").contains(c) {
                if previousHan || digits > 0 { digits += 1; if digits >= 4 { return true } }
            } else {
                digits = 0
                previousHan = c.value >= 0x4E00 && c.value <= 0x9FFF
            }
        }
        return false
    }

    /// The template whose own column labels a collapsed line prints (`本年制发件数` for 2021,
    /// `本年新制作数量` for 2019), nil when it prints neither or both as often.
    public static func template(of text: String, registry: FieldRegistry = .shared) -> Template? {
        let squeezed = String(String.UnicodeScalarView(CollapsedLineScanner.squeeze(text)))
        var votes: [Template: Int] = [:]
        for (t, labels) in ownColumnLabels {
            votes[t] = labels.reduce(0) { $0 + (squeezed.includes($1) ? 1 : 0) }
        }
        let a = votes[.y2019] ?? 0, b = votes[.y2021] ?? 0
        return a == b ? nil : (a > b ? .y2019 : .y2021)
    }

    /// Table 1's column labels that only one template prints, squeezed like the line.
    private static let ownColumnLabels: [Template: [String]] = {
        func columns(_ t: Template) -> Set<String> {
            Set(FieldRegistry.shared.fields(t, table: .active).map { String(String.UnicodeScalarView(CollapsedLineScanner.squeeze($0.column))) })
        }
        let a = columns(.y2019), b = columns(.y2021)
        return [.y2019: Array(a.subtracting(b)), .y2021: Array(b.subtracting(a))]
    }()

    /// The standard tables `text` holds, rebuilt with the cells that could be decided bound;
    /// empty when it holds none. `line` locates the cells (a 1-based source line).
    public func recover(_ text: String, line: Int?, diagnostics: DiagnosticCollector) -> [Table] {
        guard Template.official.contains(template) else { return [] }
        let rows = CollapsedLineScanner(text, template: template, registry: registry).rows()
        // A sentence of prose that names a row and a number (`行政许可2024件`) is no table: a
        // collapsed table prints several rows, and its header words.
        guard rows.count >= 3, text.includes("第二十条") || text.includes("申请人情况") || text.includes("行政复议") else { return [] }
        var tables: [Table] = []
        for table in StandardTable.allCases {
            let tableRows = rows.filter { $0.table == table }
            guard !tableRows.isEmpty else { continue }
            let solved = solve(tableRows, table: table, line: line, diagnostics: diagnostics)
            tables.append(build(tableRows, solved, table: table, line: line, diagnostics: diagnostics))
        }
        return tables
    }

    // MARK: - Solving

    /// Per row: the cuts still possible (nil when the row could not be cut at all).
    typealias Candidates = [[RunCut]?]

    private func solve(_ rows: [CollapsedRow], table: StandardTable, line: Int?, diagnostics: DiagnosticCollector) -> Candidates {
        // Where each field is: (row, cell).
        var place: [FieldID: (row: Int, cell: Int)] = [:]
        for (r, row) in rows.enumerated() { for (c, f) in row.fields.enumerated() { place[f.id] = (r, c) } }
        var rowIdentities = [[DigitRunCutter.RowIdentity]](repeating: [], count: rows.count)
        var across: [(identity: Identities.Identity, lhs: [(Int, Int)], rhs: [(Int, Int)])] = []
        for id in Identities.of(template).all {
            let l = id.lhs.compactMap { place[$0.field] }, r = id.rhs.compactMap { place[$0.field] }
            guard l.count == id.lhs.count, r.count == id.rhs.count else { continue }
            let rowsUsed = Set((l + r).map(\.row))
            if rowsUsed.count == 1, let only = rowsUsed.first {
                rowIdentities[only].append(.init(lhs: l.map(\.cell), rhs: r.map(\.cell)))
            } else {
                across.append((id, l.map { ($0.row, $0.cell) }, r.map { ($0.row, $0.cell) }))
            }
        }
        var candidates: Candidates = rows.enumerated().map { i, row in
            DigitRunCutter(kinds: row.fields.map(\.kind), identities: rowIdentities[i]).cuts(of: row.run)
        }
        guard !across.isEmpty else { return candidates }

        // Identities across rows, only between rows that can be cut at all.
        let usable = across.filter { a in (a.lhs + a.rhs).allSatisfy { candidates[$0.0].map { !$0.isEmpty } ?? false } }
        func holds(_ a: (identity: Identities.Identity, lhs: [(Int, Int)], rhs: [(Int, Int)]), _ choice: [Int]) -> Bool {
            var l: Int64 = 0, r: Int64 = 0
            for (row, cell) in a.lhs { guard let v = candidates[row]![choice[row]].values[cell] else { return false }; l += v }
            for (row, cell) in a.rhs { guard let v = candidates[row]![choice[row]].values[cell] else { return false }; r += v }
            return l == r
        }
        // A table that does not add up where every row is decided was published inconsistent.
        let fixedChoice = candidates.map { _ in 0 }
        for a in usable where (a.lhs + a.rhs).allSatisfy({ candidates[$0.0]!.count == 1 }) && !holds(a, fixedChoice) {
            diagnostics.warning("digit-run", "\(table.rawValue) as published does not add up (\(a.identity.rule) \(a.identity.subject)): only cells a row's own digits decide were bound", at: line.map { .text(line: $0, column: 1) })
            return candidates
        }
        let open = Array(Set(usable.flatMap { ($0.lhs + $0.rhs).map(\.0) })).filter { candidates[$0]!.count > 1 }.sorted()
        guard !open.isEmpty else { return candidates }
        let combinations = open.reduce(1.0) { $0 * Double(candidates[$1]!.count) }
        guard combinations <= 2_000_000 else {
            diagnostics.warning("digit-run", "\(table.rawValue): too many ways to cut its rows (\(Int(combinations))) to solve the table as a whole; only cells a row decides on its own were bound", at: line.map { .text(line: $0, column: 1) })
            return candidates
        }
        // Each identity is checked once its last open row has a cut.
        let position = Dictionary(uniqueKeysWithValues: open.enumerated().map { ($1, $0) })
        var checksAfter = [[Int]](repeating: [], count: open.count)
        for (k, a) in usable.enumerated() {
            let last = (a.lhs + a.rhs).compactMap { position[$0.0] }.max()
            if let last { checksAfter[last].append(k) }
        }
        var choice = fixedChoice
        var survived = [Set<Int>](repeating: [], count: rows.count)
        var solutions = 0
        func assign(_ k: Int) {
            if k == open.count {
                solutions += 1
                for r in open { survived[r].insert(choice[r]) }
                return
            }
            let r = open[k]
            for c in candidates[r]!.indices {
                choice[r] = c
                if checksAfter[k].allSatisfy({ holds(usable[$0], choice) }) { assign(k + 1) }
            }
        }
        assign(0)
        guard solutions > 0 else {
            diagnostics.warning("digit-run", "\(table.rawValue): no way to cut its rows makes the table add up, so it was published inconsistent; only cells a row's own digits decide were bound", at: line.map { .text(line: $0, column: 1) })
            return candidates
        }
        for r in open { candidates[r] = survived[r].sorted().map { candidates[r]![$0] } }
        return candidates
    }

    // MARK: - The table

    private func build(_ rows: [CollapsedRow], _ candidates: Candidates, table: StandardTable, line: Int?, diagnostics: DiagnosticCollector) -> Table {
        var out: [Row] = []
        var bound = 0, total = 0
        for (r, row) in rows.enumerated() {
            total += row.fields.count
            func at(_ offset: Int) -> SourceLocation? { line.map { .text(line: $0, column: offset + 1) } }
            var cells = [Cell(row.label, field: nil)]
            let cuts = candidates[r] ?? []
            // A cell is decided when every cut left places it the same way.
            let decided: [Range<Int>?] = row.fields.indices.map { c in
                guard let first = cuts.first, cuts.allSatisfy({ $0.ranges[c] == first.ranges[c] }) else { return nil }
                return first.ranges[c]
            }
            var c = 0
            while c < row.fields.count {
                if let range = decided[c] {
                    cells.append(Cell(row.run.text(range), field: row.fields[c].id, location: at(row.run.offsets[range.lowerBound])))
                    bound += 1
                    c += 1
                    continue
                }
                // Undecided cells: the digits between the decided neighbours, unbound, as printed.
                var e = c
                while e < row.fields.count, decided[e] == nil { e += 1 }
                let from = c == 0 ? 0 : decided[c - 1]!.upperBound
                let to = e == row.fields.count ? row.run.scalars.count : decided[e]!.lowerBound
                if from < to { cells.append(Cell(row.run.text(from..<to), field: nil, location: at(row.run.offsets[from]))) }
                c = e
            }
            if decided.contains(where: { $0 == nil }) {
                diagnostics.warning("digit-run", undecidedMessage(row, cuts: candidates[r]), at: at(row.run.offsets[0]))
            }
            out.append(Row(cells: cells, role: .data))
        }
        diagnostics.note("digit-run", "\(table.rawValue): \(bound) of \(total) values cut from digits run together with no separator; each is the only cut the template's identities leave", at: line.map { .text(line: $0, column: 1) })
        return Table(kind: table, rows: out, hasSourceLayout: false, isRecovered: true)
    }

    /// `规范性文件 898989: 89|89|89 or 8|98|989 or … (10 cuts); not bound`.
    private func undecidedMessage(_ row: CollapsedRow, cuts: [RunCut]?) -> String {
        let head = "\(row.label.normalizedLabel) \(row.run.printed)"
        guard let cuts else { return "\(head): too many ways to cut it into \(row.fields.count) cells; not bound" }
        guard !cuts.isEmpty else { return "\(head): no cut into \(row.fields.count) cells fits the row; not bound" }
        let shown = cuts.prefix(3).map { c in c.ranges.map { row.run.text($0) }.joined(separator: "|") }
        let more = cuts.count > 3 ? " or … (\(cuts.count) cuts)" : ""
        return "\(head): \(shown.joined(separator: " or "))\(more); the cells these differ in are not bound"
    }
}
