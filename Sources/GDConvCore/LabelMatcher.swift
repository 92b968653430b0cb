import Foundation

/// The numbering in front of a label: `一、`, `(一)`, `1.`.
public struct LabelNumbering: Sendable, Hashable {
    public enum Level: Sendable, Hashable { case top, paren, arabic }
    public let level: Level
    public let number: Int
}

/// What a token of a table means, decided from its normalised label.
public enum LabelMatch: Sendable, Hashable {
    /// A data row label: the registry row it opens, in the template whose labels matched.
    case row(RegistryRow, template: Template)
    /// A group label of table 2 (`三、本年度办理结果`, `（三）不予公开`); its normalised label.
    case requestGroup(String)
    /// A `第二十条第（X）项` group header of table 1.
    case activeGroup
    /// A column header of table 1 (normalised official label, template).
    case activeColumn(String, template: Template)
    /// A header word of table 2 (applicant columns, the identity note).
    case requestHeader
    /// A block or column header of table 3; the block key when it names one.
    case litigationHeader(block: String?)
    /// `信息内容`, the first cell of a table 1 header row.
    case infoContentHeader
}

/// Matches labels against the field registry after normalisation. Everything it knows about
/// row and column labels comes from `FieldRegistry`; the few words it adds are structural
/// header cells that hold no field (`信息内容`, `申请人情况`, `法人或其他组织`).
public struct LabelMatcher: Sendable {
    let registry: FieldRegistry

    /// A class, not a struct: the matcher walks every candidate for every new text, and
    /// copying a struct of strings and arrays retained each of them per step.
    final class Candidate: Sendable {
        let row: RegistryRow
        let template: Template
        let table: StandardTable
        let core: String
        let numbering: LabelNumbering?
        let groupCore: String?
        /// `core` as scalars, for the fuzzy comparison (computed once, not per comparison).
        let coreScalars: [Unicode.Scalar]
        /// `core`'s scalar values sorted: the multiset for the mistyped-label comparison.
        let coreBag: [UInt32]

        init(row: RegistryRow, template: Template, table: StandardTable, core: String, numbering: LabelNumbering?, groupCore: String?) {
            self.row = row
            self.template = template
            self.table = table
            self.core = core
            self.numbering = numbering
            self.groupCore = groupCore
            coreScalars = Array(core.unicodeScalars)
            coreBag = coreScalars.map(\.value).sorted()
        }
    }

    private var candidates: [Candidate] = []
    private var requestGroups: [(core: String, numbering: LabelNumbering?, label: String, templates: Set<Template>, coreScalars: [Unicode.Scalar], coreBag: [UInt32])] = []
    private var activeColumns: [(label: String, template: Template)] = []
    /// `activeColumns`' labels without brackets, computed once.
    private var strippedActiveColumns: [String] = []
    private var requestColumns: Set<String> = []
    private var litigationBlocks: [(component: String, block: String)] = []
    private var litigationColumns: Set<String> = []
    /// Table 3's header words and every piece of a column label (`结果`, `维持`, `结`): flipbook
    /// and PDF pages print the header one word or one character per line.
    private var litigationPieces: Set<String> = []
    /// Every scalar of a piece, sorted: a line holding any other scalar is no split header.
    private var litigationPieceScalars: [UInt32] = []

    public static let shared = LabelMatcher(registry: .shared)

    /// Labels repeat across reports and rows: results are memoised (bounded).
    private let cache = MatchCache()

    public init(registry: FieldRegistry) {
        self.registry = registry
        var seenGroups = Set<String>()
        for t in Template.official {
            for table in StandardTable.allCases {
                for r in registry.rows(t, table: table) {
                    let (num, core) = LabelMatcher.splitNumbering(r.label.normalizedLabel)
                    let groupParts = r.group.split(separator: " ").map { String($0).normalizedLabel }
                    let gcore = groupParts.last.map { LabelMatcher.splitNumbering($0).core }
                    if table != .litigation {
                        candidates.append(Candidate(row: r, template: t, table: table, core: core, numbering: num, groupCore: gcore))
                    }
                    if table == .requests {
                        for g in groupParts {
                            if seenGroups.insert(g).inserted {
                                let (gn, gc) = LabelMatcher.splitNumbering(g)
                                requestGroups.append((gc, gn, g, [t], Array(gc.unicodeScalars), gc.unicodeScalars.map(\.value).sorted()))
                            } else if let k = requestGroups.firstIndex(where: { $0.label == g }) {
                                requestGroups[k].templates.insert(t)
                            }
                        }
                        for f in r.fields { requestColumns.insert(f.column.normalizedLabel) }
                    }
                    if table == .active {
                        for f in r.fields where !activeColumns.contains(where: { $0.label == f.column.normalizedLabel && $0.template == t }) {
                            activeColumns.append((f.column.normalizedLabel, t))
                        }
                    }
                    if table == .litigation {
                        if let comp = groupParts.last, !litigationBlocks.contains(where: { $0.block == r.key }) {
                            litigationBlocks.append((comp, r.key))
                        }
                        for f in r.fields {
                            let c = f.column.normalizedLabel
                            litigationColumns.insert(c)
                            let u = Array(c.unicodeScalars)
                            for a in u.indices { for b in (a + 1)...u.count { litigationPieces.insert(String(String.UnicodeScalarView(u[a..<b]))) } }
                        }
                        for g in groupParts { litigationColumns.insert(g); litigationPieces.insert(g) }
                    }
                }
            }
        }
        litigationPieceScalars = Set(litigationPieces.flatMap { $0.unicodeScalars.map(\.value) }).sorted()
        // A group that is a data row in one template (2019 （六）其他处理) is not a group there.
        strippedActiveColumns = activeColumns.map { LabelMatcher.stripBrackets($0.label) }
    }

    /// Splits `(一)予以公开` into its numbering and the rest.
    public static func splitNumbering(_ normalized: String) -> (LabelNumbering?, core: String) {
        // On scalars: labels are normalised, so numbering marks are single scalars.
        let u = normalized.unicodeScalars
        var it = u.makeIterator()
        guard let s0 = it.next() else { return (nil, normalized) }
        guard let s1 = it.next() else { return (nil, normalized) }
        let s2 = it.next()
        func cjk(_ s: Unicode.Scalar) -> Int? {
            switch s {
            case "一": 1
            case "二": 2
            case "三": 3
            case "四": 4
            case "五": 5
            case "六": 6
            case "七": 7
            case "八": 8
            case "九": 9
            case "十": 10
            default: nil
            }
        }
        func rest(_ k: Int) -> String { String(u[u.index(u.startIndex, offsetBy: k)...]) }
        if s0 == "(", let n = cjk(s1), s2 == ")" {
            return (LabelNumbering(level: .paren, number: n), rest(3))
        }
        if let n = cjk(s0), s1 == "、" || s1 == "." {
            return (LabelNumbering(level: .top, number: n), rest(2))
        }
        if s0.value >= 0x30, s0.value <= 0x39, s1 == "." || s1 == "、" || s1 == ")" {
            return (LabelNumbering(level: .arabic, number: Int(s0.value - 0x30)), rest(2))
        }
        return (nil, normalized)
    }

    /// Classifies one cell's text. `groupContext` is the normalised core of the current table 2
    /// group, used to tell `3.其他` under （六） from other items.
    public func match(_ text: String, template: Template, groupContext: String?, context: StandardTable? = nil) -> LabelMatch? {
        let key = MatchQuery(template: template, context: context, groupContext: groupContext, text: text)
        if let hit = cache.get(key) { return hit }
        let result = uncachedMatch(text, template: template, groupContext: groupContext, context: context)
        cache.set(key, result)
        return result
    }

    private func uncachedMatch(_ text: String, template: Template, groupContext: String?, context: StandardTable?) -> LabelMatch? {
        let n = text.normalizedLabel
        guard !n.isEmpty, n.scalarCount <= 80 else { return nil }
        if context == .litigation, litigationColumns.contains(n) || isLitigationHeaderLine(n) { return .litigationHeader(block: nil) }
        if n.startsWithBytes("第二十") && (n.includes("条") || n.scalarCount <= 6) { return .activeGroup }
        if n == "信息内容" { return .infoContentHeader }
        // Table 1 rows: the row label, possibly followed by an annotation.
        if let r = bestActiveRow(n, template: template) { return r }
        if let c = activeColumn(n) { return c }
        if let r = bestRequestRow(n, template: template, groupContext: groupContext) { return r }
        if n.startsWithBytes("(本列数据") || n.startsWithBytes("本列数据") || n == "申请人情况" || n == "法人或其他组织" || requestColumns.contains(n) {
            return .requestHeader
        }
        if n.scalarCount <= 20 {
            var best: (len: Int, block: String)? = nil
            for b in litigationBlocks where n.includes(b.component) {
                if best == nil || b.component.scalarCount > best!.len { best = (b.component.scalarCount, b.block) }
            }
            if let b = best { return .litigationHeader(block: b.block) }
            if litigationColumns.contains(n) { return .litigationHeader(block: nil) }
        }
        // Several header words of table 3 on one line (`结果 结果 其他 尚未 总计 未经复议直接起诉`).
        if n.scalarCount >= 4, isLitigationHeaderLine(n) { return .litigationHeader(block: nil) }
        return nil
    }

    /// Whether `n` (normalised) is nothing but table 3's header words and pieces of them, run
    /// together: a split header line. Pieces only of the litigation labels, so no other
    /// table's header can pass.
    func isLitigationHeaderLine(_ n: String) -> Bool {
        let u = Array(n.unicodeScalars)
        guard !u.isEmpty, u.count <= 80 else { return false }
        // Cheap rejection: a scalar no piece has (most texts are rejected here).
        for s in u where !litigationPieceScalars.sortedContains(s.value) { return false }
        var reachable = [Bool](repeating: false, count: u.count + 1)
        reachable[0] = true
        for i in 0..<u.count where reachable[i] {
            for len in 1...min(8, u.count - i) where !reachable[i + len] {
                if litigationPieces.contains(String(String.UnicodeScalarView(u[i..<(i + len)]))) { reachable[i + len] = true }
            }
        }
        return reachable[u.count]
    }

    private func bestActiveRow(_ n: String, template: Template) -> LabelMatch? {
        let (_, core) = LabelMatcher.splitNumbering(n)
        var best: (Candidate, Int)? = nil
        for c in candidates where c.table == .active {
            guard core.startsWithBytes(c.core) else { continue }
            var score = c.core.scalarCount * 10
            if c.template == template { score += 5 }
            if best == nil || score > best!.1 { best = (c, score) }
        }
        guard let b = best?.0 else { return nil }
        return .row(rowOf(b, in: template), template: b.template)
    }

    /// The same printed row in the report's template when it has one (2019 `规范性文件` and
    /// 2021 `行政规范性文件` are one row), else the matched template's row.
    private func rowOf(_ c: Candidate, in template: Template) -> RegistryRow {
        if c.template != template, let same = registry.rows(template, table: c.table).first(where: { $0.key == c.row.key }) {
            return same
        }
        return c.row
    }

    private func bestRequestRow(_ n: String, template: Template, groupContext: String?) -> LabelMatch? {
        let (num, core) = LabelMatcher.splitNumbering(n)
        guard !core.isEmpty else { return nil }
        let coreScalars = Array(core.unicodeScalars)
        let coreBag = coreScalars.map(\.value).sorted()
        var best: (score: Int, result: LabelMatch)? = nil
        func consider(_ score: Int, _ result: LabelMatch) {
            if best == nil || score > best!.score { best = (score, result) }
        }
        for c in candidates where c.table == .requests {
            // A two-character item (`3.其他`, `（七）总计`) is also a column header word; only its
            // numbering makes it a row.
            if c.coreScalars.count <= 2, num == nil || num != c.numbering { continue }
            guard var s = LabelMatcher.similarity(coreScalars, c.coreScalars, sameNumbering: num != nil && num == c.numbering, bags: (coreBag, c.coreBag)) else { continue }
            if let num, let cn = c.numbering { s += (num == cn) ? 15 : -30 }
            if num?.level == .arabic, let g = groupContext, c.groupCore == g { s += 10 }
            if c.template == template { s += 3 }
            consider(s, .row(rowOf(c, in: template), template: c.template))
        }
        for g in requestGroups {
            // A label that is a data row in this template (2019 （六）其他处理) is not a group here.
            guard var s = LabelMatcher.similarity(coreScalars, g.coreScalars, sameNumbering: num != nil && num == g.numbering, bags: (coreBag, g.coreBag)) else { continue }
            if let num, let gn = g.numbering { s += (num == gn) ? 15 : -30 }
            if g.templates.contains(template) { s += 3 }
            consider(s - 1, .requestGroup(g.core))
        }
        guard let b = best, b.score >= 55 else { return nil }
        if case .requestGroup(let core) = b.result,
           candidates.contains(where: { $0.table == .requests && $0.template == template && $0.core == core }) {
            // In this template the group label is itself a data row.
            return bestRequestRowOnly(n, template: template)
        }
        return b.result
    }

    private func bestRequestRowOnly(_ n: String, template: Template) -> LabelMatch? {
        let (_, core) = LabelMatcher.splitNumbering(n)
        guard let c = candidates.first(where: { $0.table == .requests && $0.template == template && $0.core == core }) else { return nil }
        return .row(c.row, template: template)
    }

    private func activeColumn(_ n: String) -> LabelMatch? {
        for c in activeColumns where n == c.label { return .activeColumn(c.label, template: c.template) }
        let stripped = LabelMatcher.stripBrackets(n)
        guard stripped.scalarCount >= 4 else { return nil }
        for (c, cl) in zip(activeColumns, strippedActiveColumns) {
            if stripped == cl || (cl.startsWithBytes(stripped) && stripped.scalarCount >= 4) || (stripped.startsWithBytes(cl) && cl.scalarCount >= 4) {
                return .activeColumn(c.label, template: c.template)
            }
        }
        return nil
    }

    /// A column label of table 1 in `template` that `label` (normalised) names, if any.
    public func activeColumnLabel(_ label: String, template: Template) -> String? {
        if case .activeColumn(let l, _)? = activeColumn(label.normalizedLabel) { return l }
        return nil
    }

    static func stripBrackets(_ s: String) -> String {
        // On scalars: brackets and colons are single scalars in a normalised label.
        var out = String.UnicodeScalarView()
        var depth = 0
        for u in s.unicodeScalars {
            if u == "(" { depth += 1; continue }
            if u == ")" { depth = max(0, depth - 1); continue }
            if depth == 0, u != ":" { out.append(u) }
        }
        let stripped = String(out)
        return stripped.includes("单位万元") ? stripped.replacingOccurrences(of: "单位万元", with: "") : stripped
    }

    /// A score for `token` naming `label` (both cores, normalised), nil when unrelated.
    static func similarity(_ token: String, _ label: String, sameNumbering: Bool) -> Int? {
        similarity(Array(token.unicodeScalars), Array(label.unicodeScalars), sameNumbering: sameNumbering)
    }

    /// The fuzzy score of a token against a label, on scalars (labels are normalised, so a
    /// character is a scalar): exact 100, cut off 80, shortened with the same numbering 75,
    /// annotated 70, transposed or mistyped 60, else nil.
    /// `bags`: both sides' scalar values sorted, when the caller has them (computed per side
    /// once rather than a dictionary per comparison: a page's hundreds of link texts each met
    /// every request label).
    static func similarity(_ token: [Unicode.Scalar], _ label: [Unicode.Scalar], sameNumbering: Bool, bags: ([UInt32], [UInt32])? = nil) -> Int? {
        let tn = token.count, ln = label.count
        // Cheap rejection first: no shared first character and lengths far apart.
        if token.first != label.first && abs(tn - ln) > 2 { return nil }
        if token == label { return 100 }
        if tn < 2 || ln < 2 { return nil }
        if tn >= 4, label.starts(with: token) { return 80 }          // cut off
        if ln >= 4, token.starts(with: label) { return 70 }          // annotated
        if sameNumbering, label.starts(with: token) { return 75 }    // shortened: （六）其他
        if abs(tn - ln) <= 2, tn >= 6 {
            // Transposed or mistyped characters (上年转结): compare character multisets, as
            // sorted lists merged.
            let (a, b) = bags ?? (token.map(\.value).sorted(), label.map(\.value).sorted())
            var common = 0, i = 0, j = 0
            while i < a.count, j < b.count {
                if a[i] == b[j] { common += 1; i += 1; j += 1 } else if a[i] < b[j] { i += 1 } else { j += 1 }
            }
            if Double(common) / Double(max(tn, ln)) >= 0.85 { return 60 }
        }
        return nil
    }
}

/// The question a label match answers; the memo's key (hashing four fields is cheaper than
/// building one string of them, as this once did per cell).
/// A memo key. Strings are hashed and compared as UTF-8 bytes: Swift's own String hashing
/// normalises to NFC first, which made the memo cost more than some matches. Two texts that
/// differ only in normalisation form are two entries, each with the right answer.
struct MatchQuery: Hashable {
    let template: Template
    let context: StandardTable?
    let groupContext: String?
    let text: String

    static func == (a: MatchQuery, b: MatchQuery) -> Bool {
        a.template == b.template && a.context == b.context
            && a.text.bytesEqual(b.text)
            && (a.groupContext == nil) == (b.groupContext == nil)
            && (a.groupContext.map { g in b.groupContext!.bytesEqual(g) } ?? true)
    }

    func hash(into h: inout Hasher) {
        h.combine(template)
        h.combine(context)
        MatchQuery.hashBytes(text, into: &h)
        if let g = groupContext { MatchQuery.hashBytes(g, into: &h) } else { h.combine(0xFF as UInt8) }
    }

    static func hashBytes(_ s: String, into h: inout Hasher) {
        var s = s
        s.withUTF8 { h.combine(bytes: UnsafeRawBufferPointer($0)) }
        h.combine(s.utf8.count)
    }
}

/// A bounded memo of label matches, one per thread: bulk workers each keep their own, so no
/// lock is taken per cell (a shared memo behind a lock held `-j 2` to 1.35×).
final class MatchCache: @unchecked Sendable {
    /// One dictionary per thread, reached through a pthread key.
    private final class Table {
        var entries: [MatchQuery: LabelMatch?] = [:]
    }

    private var key = pthread_key_t()

    init() {
        pthread_key_create(&key) { raw in
            // The thread ends: release its table.
            #if os(Linux)
            if let raw { Unmanaged<AnyObject>.fromOpaque(raw).release() }
            #else
            Unmanaged<AnyObject>.fromOpaque(raw).release()
            #endif
        }
    }

    private var table: Table {
        if let raw = pthread_getspecific(key) { return Unmanaged<Table>.fromOpaque(raw).takeUnretainedValue() }
        let t = Table()
        pthread_setspecific(key, Unmanaged.passRetained(t).toOpaque())
        return t
    }

    func get(_ q: MatchQuery) -> LabelMatch?? { table.entries[q] }

    func set(_ q: MatchQuery, _ value: LabelMatch?) {
        let t = table
        if t.entries.count > 50_000 { t.entries.removeAll(keepingCapacity: true) }
        t.entries[q] = .some(value)
    }
}
