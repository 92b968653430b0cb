import Foundation

/// Turns grids of cells into the standard tables: it finds row labels, groups and column
/// headers by their normalised labels and binds each value cell to its registry key.
///
/// One instance reads one report: call `recognise` for each table region in document order,
/// then `finish` for the report-level findings (missing tables, truncation).
public final class TableRecogniser {
    public let template: Template
    private let matcher: LabelMatcher
    let registry: FieldRegistry
    let diagnostics: DiagnosticCollector

    /// Keys bound so far in this report.
    public internal(set) var boundKeys = FieldIDSet()
    /// Row keys whose label was seen without any value.
    var labelOnlyRows: [(key: String, label: String, location: SourceLocation?)] = []
    private var lastActiveRowKey: String?

    public init(template: Template, diagnostics: DiagnosticCollector, matcher: LabelMatcher = .shared, registry: FieldRegistry = .shared) {
        self.template = template
        self.matcher = matcher
        self.registry = registry
        self.diagnostics = diagnostics
    }

    // MARK: - Per-region state

    private struct OpenRow {
        var row: RegistryRow
        var foreign: Bool            // the label belongs to the other template only
        var labelToken: Int
        var values: [Int] = []       // token indices
        var extras: [Int] = []       // value tokens past the row's width (pipe rows)
        var columnOrder: [Int]?      // fields[i] takes values[columnOrder[i]]
        var expected: Int
        var location: SourceLocation?
    }

    private enum TokenRole { case value, label, header, text, empty }

    private var tokens: [GridToken] = []
    private var roles: [TokenRole] = []
    // Per token of the region, indexed by token (sets and dictionaries of token numbers hashed
    // every insert and lookup).
    private var keys: [FieldID?] = []
    private var rowStarts: [Bool] = []
    private var unrecognisedValueTokens = TokenValues<Bool>()
    private var open: OpenRow?
    private var context: StandardTable?
    private var groupContext: String?
    private var activeColumns: [String] = []
    private var collectingColumns = false
    private var pendingEmptyLabel = false
    private var litigationRun: [Int] = []
    private var litigationBlockHint: String?
    private var explicitRows = false
    private var groupCores = GroupCores()

    /// The table context each token was read in.
    private var tokenContext: [StandardTable?] = []

    /// Recognises one region. `explicitRows` says the tokens' `row` numbers are the printed rows
    /// (pipe-row lines, sheet rows); otherwise rows are inferred from the labels.
    /// `section` seeds the table context (a region under 四 is table 3).
    public func recognise(_ regionTokens: [GridToken], explicitRows: Bool, section: SectionKind?) -> [RecognisedRow] {
        tokens = regionTokens
        roles = Array(repeating: .text, count: tokens.count)
        tokenContext = Array(repeating: nil, count: tokens.count)
        keys = Array(repeating: nil, count: tokens.count)
        rowStarts = Array(repeating: false, count: tokens.count)
        if !tokens.isEmpty { rowStarts[0] = true }
        unrecognisedValueTokens = TokenValues<Bool>()
        open = nil
        groupContext = nil
        activeColumns = []
        collectingColumns = false
        pendingEmptyLabel = false
        litigationRun = []
        litigationBlockHint = nil
        self.explicitRows = explicitRows
        switch section {
        case .active: context = .active
        case .requests: context = .requests
        case .litigation: context = .litigation
        default: context = nil
        }

        var i = 0
        while i < tokens.count {
            let lineStart = i == 0 || tokens[i - 1].row != tokens[i].row
            if explicitRows && lineStart && i > 0 {
                closeRow()
                flushLitigation()
                rowStarts[i] = true
            }
            step(i)
            tokenContext[i] = context
            i += 1
        }
        closeRow()
        flushLitigation()
        return buildRows()
    }

    private func step(_ i: Int) {
        let t = tokens[i]
        if t.isEmpty {
            roles[i] = .empty
            if open.map({ $0.values.count < $0.expected }) == true {
                if explicitRows || nextIsNotOpener(after: i) { open!.values.append(i) }
            } else if open == nil, context == .litigation, blankInLitigationRun(i) {
                litigationRun.append(i)
            } else if open == nil {
                pendingEmptyLabel = true
            }
            return
        }
        if t.isValue {
            roles[i] = .value
            takeValue(i)
            pendingEmptyLabel = false
            return
        }
        pendingEmptyLabel = false
        flushLitigation()
        guard let m = matcher.match(t.text, template: template, groupContext: groupContext, context: context) else {
            roles[i] = .text
            // In a pipe row, text with a digit where the row still needs a value is that value:
            // a cell that holds text instead of a number (`约3件`) is kept and bound, not
            // dropped. (Words without digits are label fragments of broken rowspans.)
            if explicitRows, open.map({ $0.values.count < $0.expected && tokens[$0.labelToken].row == t.row }) == true,
               t.text.unicodeScalars.contains(where: { $0.properties.numericType != nil }) {
                open!.values.append(i)
                roles[i] = .value
            }
            return
        }
        switch m {
        case .row(let r, let tpl):
            if explicitRows && !opensRowInLine(i) {
                roles[i] = .header
                return
            }
            closeRow()
            roles[i] = .label
            rowStarts[i] = true
            let table = r.fields.first?.table
            context = table
            if table == .requests {
                let (num, _) = LabelMatcher.splitNumbering(t.text.normalizedLabel)
                if num?.level != .arabic {
                    groupContext = nil
                } else if let group = r.fields.first?.group, let core = groupCores.core(of: group) {
                    groupContext = core
                }
            }
            let foreign = template != .unknown && tpl != template && registry.definition(of: r.fields[0].id, in: template) == nil
            if foreign {
                diagnostics.warning("template", "row '\(t.text)' belongs to the \(tpl.rawValue) template, not \(template.rawValue); kept as written", at: t.location)
            }
            var o = OpenRow(row: r, foreign: foreign, labelToken: i, expected: r.fields.count, location: t.location)
            if table == .active { applyColumns(&o); lastActiveRowKey = r.key }
            open = o
        case .requestGroup(let g):
            closeRow()
            roles[i] = .label
            rowStarts[i] = true
            context = .requests
            let (num, _) = LabelMatcher.splitNumbering(t.text.normalizedLabel)
            groupContext = num?.level == .paren ? g : nil
        case .activeGroup:
            closeRow()
            roles[i] = .header
            rowStarts[i] = true
            context = .active
            activeColumns = []
            collectingColumns = false
        case .infoContentHeader:
            closeRow()
            roles[i] = .header
            rowStarts[i] = true
            context = .active
            activeColumns = []
            collectingColumns = true
        case .activeColumn(let label, _):
            roles[i] = .header
            if open != nil, !explicitRows { closeRow(); rowStarts[i] = true }
            context = .active
            if collectingColumns { activeColumns.append(label) }
        case .requestHeader:
            if open != nil || (i > 0 && roles[i - 1] == .value) { closeRow(); rowStarts[i] = true }
            roles[i] = .header
            context = .requests
        case .litigationHeader(let block):
            if open != nil || (i > 0 && roles[i - 1] == .value) { closeRow(); rowStarts[i] = true }
            roles[i] = .header
            context = .litigation
            if let b = block { litigationBlockHint = b }
        }
    }

    /// In a pipe row a label opens a data row unless a value or another row label stands
    /// before it in the row (then it is a header word, as in 002's mislabelled header row);
    /// a group label before it (`（三）不予公开 | 1.属于国家秘密 | …`) or a broken rowspan
    /// fragment (`三、`) does not count.
    private func opensRowInLine(_ i: Int) -> Bool {
        var j = i - 1
        while j >= 0, tokens[j].row == tokens[i].row {
            if !tokens[j].isEmpty {
                switch roles[j] {
                case .value: return false
                case .label:
                    // A row label with no value yet before this one was really a group label
                    // (a 2019 reader meeting `（六）其他处理 | 1.申请人…`).
                    if let o = open, !o.values.isEmpty { return false }
                case .header:
                    if case .row? = matcher.match(tokens[j].text, template: template, groupContext: groupContext, context: context) { return false }
                default: break
                }
            }
            j -= 1
        }
        return true
    }

    /// Table 3's values have no row label, so an empty cell there is a blank when it stands
    /// between values, or (pipe rows) before a value of the same row, or (one cell per line)
    /// right after the lone `|` that starts the row.
    private func blankInLitigationRun(_ i: Int) -> Bool {
        if !litigationRun.isEmpty { return true }
        if explicitRows {
            var j = i + 1
            while j < tokens.count, tokens[j].row == tokens[i].row {
                if tokens[j].isValue { return true }
                if !tokens[j].isEmpty { return false }
                j += 1
            }
            return false
        }
        guard i > 0, tokens[i - 1].isEmpty, i + 1 < tokens.count else { return false }
        return tokens[i + 1].isValue || tokens[i + 1].isEmpty
    }

    private func nextIsNotOpener(after i: Int) -> Bool {
        guard i + 1 < tokens.count else { return true }
        let n = tokens[i + 1]
        if n.isEmpty || n.isValue { return true }
        return matcher.match(n.text, template: template, groupContext: groupContext, context: context) == nil
    }

    private func applyColumns(_ o: inout OpenRow) {
        guard !activeColumns.isEmpty else { return }
        var order: [Int] = []
        for f in o.row.fields {
            let col = f.column.normalizedLabel
            guard let pos = activeColumns.firstIndex(where: { $0 == col }) else {
                let others = activeColumns.filter { c in !o.row.fields.contains { $0.column.normalizedLabel == c } }
                if !others.isEmpty {
                    diagnostics.warning("template", "column header \(others.joined(separator: "/")) does not belong to the \(template.rawValue) row \(o.row.label); values read in template order", at: o.location)
                }
                return
            }
            order.append(pos)
        }
        o.columnOrder = order
        o.expected = max(o.expected, (order.max() ?? -1) + 1)
    }

    private func takeValue(_ i: Int) {
        // The open row is changed in place: a copy taken out and stored back copied its
        // arrays at every value.
        if open != nil {
            if open!.values.count < open!.expected {
                open!.values.append(i)
                return
            }
            if explicitRows {
                open!.extras.append(i)
                return
            }
            closeRow()
        }
        if context == .litigation {
            if litigationRun.isEmpty, i > 0, !(explicitRows && tokens[i - 1].row == tokens[i].row && roles[i - 1] == .value) {
                rowStarts[i] = true
            }
            if let first = litigationRun.first, tokens[first].isEmpty, !rowStarts[first] { rowStarts[first] = true }
            litigationRun.append(i)
            return
        }
        if context == .active, pendingEmptyLabel || (i > 0 && roles[i - 1] == .empty && !explicitRows),
           let r = nextActiveRow() {
            diagnostics.warning("row-label", "values without a row label; assigned to \(r.label) by position", at: tokens[i].location)
            rowStarts[i] = true
            var o = OpenRow(row: r, foreign: false, labelToken: i, expected: r.fields.count, location: tokens[i].location)
            applyColumns(&o)
            o.values.append(i)
            lastActiveRowKey = r.key
            open = o
            return
        }
        if i > 0, roles[i - 1] != .value { rowStarts[i] = true }
        unrecognisedValueTokens.insert(i)
    }

    /// The table 1 row after the last one read, for a row whose label is missing.
    private func nextActiveRow() -> RegistryRow? {
        let rows = registry.rows(template, table: .active)
        let start = lastActiveRowKey.flatMap { k in rows.firstIndex { $0.key == k }.map { $0 + 1 } } ?? 0
        return rows[min(start, rows.count)...].first { r in !r.fields.contains { boundKeys.contains($0.id) } }
    }

    private func closeRow() {
        guard let o = open else { return }
        open = nil
        if o.values.isEmpty {
            // A label with no value cell after it: its fields are absent. (In a pipe row an
            // empty cell after the label is a present, blank cell.)
            labelOnlyRows.append((o.row.key, o.row.label, o.location))
            return
        }
        if o.foreign {
            for v in o.values where !tokens[v].isEmpty { unrecognisedValueTokens.insert(v) }
            return
        }
        if o.row.fields.first?.table == .requests, explicitRows, o.columnOrder == nil,
           !o.extras.isEmpty, let kept = placeByRowTotal(o) {
            bind(o, kept)
            return
        }
        for x in o.extras {
            unrecognisedValueTokens.insert(x)
            diagnostics.warning("row-width", "row \(o.row.label): extra value '\(tokens[x].text)' beyond the \(o.expected) the template has", at: tokens[x].location)
        }
        if o.values.count < o.expected, explicitRows, o.values.count > 1, o.columnOrder == nil,
           o.row.fields.first?.table == .active {
            // A printed row that lost a cell inside it (a PDF extraction dropping an empty-looking
            // cell: `规章 | 22 | 235` for three columns): which column is missing cannot be told
            // (table 1 has no identities), and left to right would put 235 under the wrong
            // column. Nothing is bound; the row is reported with its candidates.
            let texts = o.values.map { tokens[$0].text.isEmpty ? "(blank)" : tokens[$0].text }
            let columns = o.row.fields.map(\.column)
            diagnostics.warning("row-width", "row \(o.row.label): \(o.values.count) value(s) for \(o.expected) columns (\(columns.joined(separator: ", "))); which one is missing cannot be told, so none is bound: \(texts.joined(separator: " | "))", at: o.location)
            for v in o.values where !tokens[v].isEmpty { unrecognisedValueTokens.insert(v) }
            return
        }
        if o.values.count < o.expected {
            diagnostics.warning("row-width", "row \(o.row.label): \(o.values.count) value(s), expected \(o.expected); the rest are absent", at: o.location)
        }
        bind(o, o.values.map { Optional($0) })
    }

    /// Binds field `fi` of the row to `tokens[fi]` (nil: the field stays absent).
    private func bind(_ o: OpenRow, _ slots: [Int?]) {
        let already = o.row.fields.contains { boundKeys.contains($0.id) }
        if already {
            diagnostics.warning("duplicate-row", "row \(o.row.label) appears again; the first one is kept", at: o.location)
            for v in o.values where !tokens[v].isEmpty { unrecognisedValueTokens.insert(v) }
            return
        }
        for (fi, f) in o.row.fields.enumerated() {
            let pos = o.columnOrder?[fi] ?? fi
            guard pos < slots.count, let t = slots[pos] else { continue }
            keys[t] = f.id
            boundKeys.insert(f.id)
        }
    }

    /// A table 2 row printed one cell too wide (a number split in two, a stray cell): its total
    /// decides. (One cell too narrow is read left to right, as a row cut off at the end of an
    /// excerpt is: the golden files read it so.) Returns the token for each field (nil: left
    /// absent), or nil when nothing can be decided, after saying so; never a shifted value.
    private func placeByRowTotal(_ o: OpenRow) -> [Int?]? {
        let all = o.values + o.extras
        func number(_ t: Int) -> Decimal? { CellReading(text: tokens[t].text).number?.value }
        func holds(_ q: [Decimal?]) -> Bool {
            guard q.count == o.expected, q.allSatisfy({ $0 != nil }) else { return false }
            return q.dropLast().reduce(Decimal(0)) { $0 + $1! } == q.last!!
        }
        let shown = all.map { tokens[$0].text.isEmpty ? "(blank)" : tokens[$0].text }.joined(separator: " | ")
        var found: [(slots: [Int?], note: String)] = []
        if all.count == o.expected + 1 {
            // A stray cell: the row adds up without it.
            for j in all.indices {
                var rest = all
                rest.remove(at: j)
                if holds(rest.map(number)) { found.append((rest.map { Optional($0) }, "the cell '\(tokens[all[j]].text)' looks stray: without it the row adds up to its total")) }
            }
            // A number split in two (`70 | 5` for 705): the row adds up with them joined.
            for j in 0..<(all.count - 1) {
                let joined = tokens[all[j]].text + tokens[all[j + 1]].text
                // No leading zero: `0 | 705` is a stray 0, not 0705.
                guard let a = number(all[j]), number(all[j + 1]) != nil, a > 0, let v = CellReading(text: joined).number?.value else { continue }
                var q = all.map(number)
                q.replaceSubrange(j...(j + 1), with: [v])
                if holds(q) {
                    var slots: [Int?] = all.map { Optional($0) }
                    slots.replaceSubrange(j...(j + 1), with: [nil])
                    found.append((slots, "'\(tokens[all[j]].text)' and '\(tokens[all[j + 1]].text)' look like one number \(joined) split in two (the total confirms it); that cell is left absent"))
                }
            }
        } else {
            return nil
        }
        guard !found.isEmpty else {
            for t in all where !tokens[t].isEmpty { unrecognisedValueTokens.insert(t) }
            diagnostics.warning("row-width", "row \(o.row.label): \(all.count) values for \(o.expected) columns and no reading adds up to the row total; none is bound: \(shown)", at: o.location)
            return []
        }
        // The cells left out stay in the printed row as written; the warning says why.
        if found.count == 1 {
            diagnostics.warning("row-width", "row \(o.row.label): \(all.count) values for \(o.expected) columns (\(shown)): \(found[0].note)", at: o.location)
            return found[0].slots
        }
        // Several readings add up (a stray 0 could be any of the zeros): keep what they all agree
        // on — the total at least — and leave the rest absent.
        let agreed: [Int?] = (0..<o.expected).map { fi in
            let t = found[0].slots[fi]
            return found.allSatisfy { $0.slots[fi] == t } ? t : nil
        }
        diagnostics.warning("row-width", "row \(o.row.label): \(all.count) values for \(o.expected) columns (\(shown)): \(found.count) readings add up to the total; the cells they agree on are kept, the others left absent", at: o.location)
        return agreed
    }

    private func flushLitigation() {
        guard !litigationRun.isEmpty else { return }
        var run = litigationRun
        litigationRun = []
        guard run.contains(where: { !tokens[$0].isEmpty }) else { return }
        let blocks = registry.rows(template == .unknown ? .y2021 : template, table: .litigation)
        var targets: [RegistryRow]
        // A run of five is one block (002 prints each block as its own table); a longer run is
        // the whole 15-value row.
        if run.filter({ !tokens[$0].isEmpty }).count <= 5 && run.count <= 5 {
            let hinted = blocks.first { $0.key == litigationBlockHint }
            let next = blocks.first { b in !b.fields.contains { boundKeys.contains($0.id) } }
            targets = [hinted ?? next].compactMap { $0 }
        } else {
            targets = blocks
        }
        litigationBlockHint = nil
        let fields = targets.flatMap(\.fields)
        // Empty cells after the last value are fillers once every field has a cell.
        while run.count > fields.count, let last = run.last, tokens[last].isEmpty { run.removeLast() }
        if run.count != fields.count {
            diagnostics.warning("row-width", "复议诉讼: \(run.count) value(s), expected \(fields.count)\(run.count < fields.count ? "; the rest are absent" : "; extra values kept as written")", at: tokens[run[0]].location)
        }
        for (k, f) in zip(run, fields) where !boundKeys.contains(f.id) {
            keys[k] = f.id
            boundKeys.insert(f.id)
        }
        for k in run.dropFirst(fields.count) { unrecognisedValueTokens.insert(k) }
    }

    private func buildRows() -> [RecognisedRow] {
        if tokens.isEmpty { return [] }
        let starts = rowStarts.indices.filter { rowStarts[$0] }
        var out: [RecognisedRow] = []
        for (n, s) in starts.enumerated() {
            let e = n + 1 < starts.count ? starts[n + 1] : tokens.count
            guard s < e else { continue }
            let range = s..<e
            var bound = 0
            for k in range where keys[k] != nil { bound += 1 }
            var rowKeys = [Int: FieldID](minimumCapacity: bound)
            var firstKey: FieldID? = nil
            var hasUnplaced = false
            var hasLabel = false
            for k in range {
                if let key = keys[k] { rowKeys[k] = key; if firstKey == nil { firstKey = key } }
                if unrecognisedValueTokens.contains(k) { hasUnplaced = true }
                if roles[k] == .label || roles[k] == .header { hasLabel = true }
            }
            let role: RowRole
            // The table of the row's first bound field (in token order: the dictionary's order
            // changed from run to run).
            let table = firstKey.flatMap { registry.anyDefinition(of: $0)?.table }
                ?? range.lazy.filter { self.roles[$0] == .header || self.roles[$0] == .label }.compactMap { self.tokenContext[$0] }.first
            // Unrecognised means values that could not be placed; a row of words is a header.
            if !rowKeys.isEmpty { role = .data } else if hasUnplaced { role = .unrecognised } else { role = .header }
            if hasUnplaced {
                let texts = range.map { tokens[$0].text }.filter { !$0.isEmpty }
                diagnostics.warning("unrecognised-row", "row not recognised, kept as written: \(texts.prefix(8).joined(separator: " | "))", at: tokens[s].location)
            }
            _ = hasLabel
            out.append(RecognisedRow(tokens: range, role: role, keys: rowKeys, table: table))
        }
        return out
    }

    /// Tables recovered from a collapsed line (see `markRecovered`).
    var recoveredTables: Set<StandardTable> = []
}
