import Foundation
import GDConvCore

/// What changed from one report to another (`gdconv diff OLD NEW`): fields whose value
/// differs, fields present in one only, metadata, rules that pass in one and fail in the other,
/// and the carry-over link between consecutive years. Fields are paired by registry key only,
/// never by a shared label: across templates (2019 → 2021) the keys both templates define are
/// compared and the others listed as not comparable.
public struct ReportDiff: Sendable, Codable {
    /// One field that differs.
    public struct FieldChange: Sendable, Codable, Hashable {
        public enum Kind: String, Sendable, Codable { case changed, onlyOld = "only-old", onlyNew = "only-new" }
        public let kind: Kind
        public let key: String
        /// The table, group, row and column labels as the form prints them (NEW's template first).
        public let table: String
        public let group: String
        public let row: String
        public let column: String
        /// The cell texts as written; nil when the field is absent on that side.
        public let old: String?
        public let new: String?
        /// NEW − OLD when both are numbers in the same unit.
        public let change: Decimal?
        /// The change in per cent of OLD, when OLD is a non-zero number.
        public let percent: Decimal?
    }

    /// A metadata item that differs (`year`, `agency`, …).
    public struct MetadataChange: Sendable, Codable, Hashable {
        public let name: String
        public let old: String?
        public let new: String?
    }

    /// A rule that passes in one report and fails in the other.
    public struct RuleChange: Sendable, Codable, Hashable {
        public let rule: String
        public let old: String
        public let new: String
        /// NEW's message for it (OLD's when NEW has none).
        public let message: String
    }

    /// NEW's 二、上年结转 against OLD's 四、结转下年度继续办理, one applicant column each, when
    /// NEW is the year after OLD.
    public struct CarryOver: Sendable, Codable, Hashable {
        public let column: String
        public let oldCarriedForward: String?
        public let newCarriedOver: String?
        /// Whether they agree; nil when either is not a number.
        public let agrees: Bool?
    }

    public let oldName: String
    public let newName: String
    public let oldTemplate: String
    public let newTemplate: String
    public var changes: [FieldChange] = []
    /// Keys bound in one report whose template the other report does not have.
    public var notComparable: [String] = []
    public var metadata: [MetadataChange] = []
    public var rules: [RuleChange] = []
    public var carryOver: [CarryOver] = []

    /// True when nothing differs (the carry-over link is information, not a difference).
    public var isEmpty: Bool { changes.isEmpty && notComparable.isEmpty && metadata.isEmpty && rules.isEmpty }

    public init(old: Report, new: Report, oldName: String = "OLD", newName: String = "NEW", registry: FieldRegistry = .shared) {
        self.oldName = oldName
        self.newName = newName
        oldTemplate = old.metadata.template.rawValue
        newTemplate = new.metadata.template.rawValue
        let a = old.fieldTable, b = new.fieldTable
        let ta = old.metadata.template, tb = new.metadata.template

        // Fields, in NEW's form order, then OLD's keys NEW's template lacks.
        var seen = Set<FieldID>()
        var order = registry.fields(tb) + registry.fields(ta).filter { registry.definition(of: $0.id, in: tb) == nil }
        if order.isEmpty { order = registry.fields(.y2021) + registry.fields(.y2019).filter { registry.definition(of: $0.id, in: .y2021) == nil } }
        for d in order where seen.insert(d.id).inserted {
            let ca = a[d.id], cb = b[d.id]
            guard ca != nil || cb != nil else { continue }
            let inA = registry.definition(of: d.id, in: ta) != nil || ta == .unknown
            let inB = registry.definition(of: d.id, in: tb) != nil || tb == .unknown
            guard inA && inB else { notComparable.append(d.key); continue }
            let def = registry.definition(of: d.id, in: tb) ?? d
            switch (ca, cb) {
            case (let x?, let y?):
                guard !ReportDiff.same(x.reading, y.reading, def) else { continue }
                let (change, percent) = ReportDiff.delta(x.reading, y.reading, def)
                changes.append(FieldChange(kind: .changed, key: d.key, table: def.table.rawValue, group: def.group, row: def.row, column: def.column, old: x.text, new: y.text, change: change, percent: percent))
            case (let x?, nil):
                changes.append(FieldChange(kind: .onlyOld, key: d.key, table: def.table.rawValue, group: def.group, row: def.row, column: def.column, old: x.text, new: nil, change: nil, percent: nil))
            case (nil, let y?):
                changes.append(FieldChange(kind: .onlyNew, key: d.key, table: def.table.rawValue, group: def.group, row: def.row, column: def.column, old: nil, new: y.text, change: nil, percent: nil))
            case (nil, nil): break
            }
        }

        let ma = old.metadata, mb = new.metadata
        for (name, x, y) in [("title", ma.title, mb.title), ("agency", ma.agency, mb.agency), ("year", ma.year.map(String.init), mb.year.map(String.init)),
                             ("published", ma.published, mb.published), ("template", ta.rawValue, tb.rawValue)] where x != y {
            metadata.append(MetadataChange(name: name, old: x, new: y))
        }

        rules = ReportDiff.ruleChanges(ReportChecker().check(old), ReportChecker().check(new))

        if let ya = ma.year, let yb = mb.year, yb == ya + 1 {
            let forward = registry.rows(ta, table: .requests).first { $0.key.hasSuffix(".carried_forward") }
            let carried = registry.rows(tb, table: .requests).first { $0.key.hasSuffix(".carried_over") }
            if let forward, let carried {
                for (f, c) in zip(forward.fields, carried.fields) {
                    let x = a[f.id], y = b[c.id]
                    guard x != nil || y != nil else { continue }
                    var agrees: Bool? = nil
                    if let p = x?.reading.number, let q = y?.reading.number { agrees = p.value == q.value }
                    carryOver.append(CarryOver(column: c.column, oldCarriedForward: x?.text, newCarriedOver: y?.text, agrees: agrees))
                }
            }
        }
    }

    /// Same value: equal numbers (in 元 for amounts whose units are stated), else equal text.
    static func same(_ x: CellReading, _ y: CellReading, _ d: FieldDefinition) -> Bool {
        if case .number(let p) = x, case .number(let q) = y {
            let qa = Quantity(p, field: d), qb = Quantity(q, field: d)
            if qa.inYuan == qb.inYuan { return qa.value == qb.value }
            return p.literal == q.literal && p.unit == q.unit
        }
        return x == y
    }

    static func delta(_ x: CellReading, _ y: CellReading, _ d: FieldDefinition) -> (Decimal?, Decimal?) {
        guard case .number(let p) = x, case .number(let q) = y else { return (nil, nil) }
        let qa = Quantity(p, field: d), qb = Quantity(q, field: d)
        guard qa.inYuan == qb.inYuan else { return (nil, nil) }
        // In the unit NEW's cell is printed in, so 万元 stay 万元.
        let scale = qb.inYuan ? Quantity.yuan(per: q.unit ?? Quantity.columnUnit(d) ?? "元") : 1
        let change = (qb.value - qa.value) / scale
        guard qa.value != 0 else { return (change, nil) }
        var pct = (qb.value - qa.value) / qa.value * 100
        var rounded = Decimal()
        NSDecimalRound(&rounded, &pct, 1, .plain)
        return (change, rounded)
    }

    /// Rules whose outcome differs. Identities are paired by their operands' keys; rules
    /// without operands (structure, narrative) by the rule, failing when any result fails.
    static func ruleChanges(_ a: [CheckResult], _ b: [CheckResult]) -> [RuleChange] {
        func index(_ rs: [CheckResult]) -> [(String, CheckResult)] {
            var out: [(String, CheckResult)] = []
            var byRule: [String: Int] = [:]
            for r in rs {
                if r.operands.isEmpty {
                    if let i = byRule[r.rule] {
                        if r.status == .fail { out[i].1 = r }
                    } else {
                        byRule[r.rule] = out.count
                        out.append((r.rule, r))
                    }
                } else {
                    out.append((r.rule + "|" + r.operands.map(\.key).joined(separator: ","), r))
                }
            }
            return out
        }
        let ia = Dictionary(index(a), uniquingKeysWith: { x, _ in x })
        var out: [RuleChange] = []
        for (k, r) in index(b) {
            guard let o = ia[k], o.status != r.status, o.status == .fail || r.status == .fail else { continue }
            out.append(RuleChange(rule: r.rule, old: o.status.rawValue, new: r.status.rawValue, message: r.status == .fail ? r.message : o.message))
        }
        return out
    }
}
