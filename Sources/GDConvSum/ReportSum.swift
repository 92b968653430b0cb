import Foundation
import GDConvCore

/// The totals of many reports of one template (`gdconv sum`): every count and amount the exact
/// decimal sum of the inputs'. A blank or absent cell adds nothing, so blank + 3 is 3 and a
/// field blank everywhere stays absent; placeholders (`/`, `—`, `无`) count as absent and are
/// noted; amounts are added in 元 when their units are stated and never mixed with amounts
/// whose unit nothing states. Reports are added one at a time and not kept: memory holds one
/// accumulator per field and the inputs' names.
public struct ReportSum: Sendable {
    public enum SumError: Error, CustomStringConvertible, Sendable {
        case mixedTemplates(name: String, template: Template, expected: Template)
        case mixedYears(name: String, year: Int, expected: Int)
        case noTemplate(name: String)

        public var description: String {
            switch self {
            case .mixedTemplates(let n, let t, let e):
                "\(n) follows the \(t.rawValue) template, the first input the \(e.rawValue) template: reports of different templates are not added up (--template \(e.rawValue) adds the fields both templates define)"
            case .mixedYears(let n, let y, let e):
                "\(n) is the report on \(y), the first input on \(e): reports on different years are not added up (--allow-years to add them anyway)"
            case .noTemplate(let n):
                "\(n): no standard table recognised, so its template is unknown: nothing to add up"
            }
        }
    }

    /// One field's running total.
    enum Total: Sendable {
        case count(Int64)
        /// In 元 (`inYuan`) or in the unit-less numbers as printed; the unit cells stated, while
        /// they all stated the same one.
        case amount(Decimal, inYuan: Bool, unit: String?)
        /// Amounts with and without a stated unit: not added.
        case conflict
    }

    public private(set) var template: Template?
    public private(set) var year: Int?
    public private(set) var inputs: [(name: String, agency: String?, year: Int?)] = []
    /// Input names with the error rules they fail (rule → count).
    public private(set) var failing: [(name: String, rules: [String: Int])] = []
    /// Per field: how many inputs wrote a placeholder or text there.
    public private(set) var placeholders: [FieldID: Int] = [:]
    public let allowYears: Bool
    let forcedTemplate: Template?
    private var totals: [Total?]
    private let registry: FieldRegistry

    public init(template: Template? = nil, allowYears: Bool = false, registry: FieldRegistry = .shared) {
        forcedTemplate = template
        self.template = template
        self.allowYears = allowYears
        self.registry = registry
        totals = Array(repeating: nil, count: registry.keys.count)
    }

    /// Adds one report. Throws (and adds nothing) when its template or year does not fit.
    public mutating func add(_ report: Report, name: String) throws(SumError) {
        let m = report.metadata
        if forcedTemplate == nil {
            guard m.template != .unknown else { throw .noTemplate(name: name) }
            if let t = template, t != m.template { throw .mixedTemplates(name: name, template: m.template, expected: t) }
        }
        let t = template ?? m.template
        if !allowYears, let y = m.year {
            if let e = year, e != y { throw .mixedYears(name: name, year: y, expected: e) }
        }
        template = t
        if year == nil { year = m.year }
        inputs.append((name, m.agency, m.year))
        let failed = ReportChecker().check(report).filter { $0.status == .fail && $0.severity == .error }
        if !failed.isEmpty { failing.append((name, Dictionary(failed.map { ($0.rule, 1) }, uniquingKeysWith: +))) }

        let cells = report.fieldTable
        for d in registry.fields(t) {
            guard let cell = cells[d.id] else { continue }
            switch cell.reading {
            case .blank: continue
            case .placeholder, .text: placeholders[d.id, default: 0] += 1
            case .number(let n): add(n, to: d)
            }
        }
    }

    private mutating func add(_ n: NumberReading, to d: FieldDefinition) {
        let i = Int(d.id.index)
        if d.kind != .amount, n.isIntegral, n.unit == nil || n.unit == "件" || n.unit == "个" || n.unit == "项" || n.unit == "次",
           let v = Int64(n.literal) {
            switch totals[i] {
            case nil: totals[i] = .count(v)
            case .count(let s)?: totals[i] = .count(s &+ v)
            case .amount(let s, let y, let u)?: totals[i] = .amount(s + Decimal(v), inYuan: y, unit: u)
            case .conflict?: break
            }
            return
        }
        let q = Quantity(n, field: d)
        switch totals[i] {
        case nil: totals[i] = .amount(q.value, inYuan: q.inYuan, unit: n.unit)
        case .count(let s)?: totals[i] = q.inYuan ? .conflict : .amount(Decimal(s) + q.value, inYuan: false, unit: n.unit)
        case .amount(let s, let y, let u)?:
            totals[i] = y == q.inYuan ? .amount(s + q.value, inYuan: y, unit: u == n.unit ? u : nil) : .conflict
        case .conflict?: break
        }
    }

    /// Field key → the total's text: counts as integers; amounts in the unit the inputs all
    /// stated (or the column's), else in 元 with the unit written.
    public var values: [String: String] {
        guard let t = template else { return [:] }
        var out: [String: String] = [:]
        for d in registry.fields(t) {
            switch totals[Int(d.id.index)] {
            case nil, .conflict?: continue
            case .count(let s)?: out[d.key] = String(s)
            case .amount(let s, let inYuan, let unit)?:
                if !inYuan { out[d.key] = Quantity.text(s); continue }
                if let column = Quantity.columnUnit(d), unit == nil || unit == column {
                    out[d.key] = Quantity.text(s / Quantity.yuan(per: column))
                } else if let u = unit {
                    out[d.key] = Quantity.text(s / Quantity.yuan(per: u)) + u
                } else {
                    out[d.key] = Quantity.text(s) + "元"
                }
            }
        }
        return out
    }

    /// Fields some inputs printed with a unit and others without: left out of the sum.
    public var conflicts: [String] {
        guard let t = template else { return [] }
        return registry.fields(t).filter { if case .conflict? = totals[Int($0.id.index)] { true } else { false } }.map(\.key)
    }

    /// The line that names a sum's inputs: a report that has it is itself a sum (an earlier
    /// run's output in the same folder) and is not added again.
    public static let provenanceMarker = "份报告的合计（gdconv sum）"

    public static func isSum(_ r: Report) -> Bool {
        r.front.contains { if case .paragraph(let l) = $0 { l.text.hasSuffix(provenanceMarker + "：") } else { false } }
    }

    /// The sum as a report of the inputs' template: the three tables in the official layout, and
    /// the inputs named in the front matter (provenance).
    public func report(title: String? = nil, agency: String? = nil) -> Report {
        let t = template ?? .y2021
        let y = allowYears && Set(inputs.compactMap(\.year)).count > 1 ? nil : year
        let name = title ?? "\(y.map { "\($0)年" } ?? "")政府信息公开工作年度报告（\(inputs.count)份报告合计）"
        var front: [Block] = [.paragraph(Line(name)), .paragraph(Line("本报告为以下 \(inputs.count) \(ReportSum.provenanceMarker)："))]
        for i in inputs {
            let about = [i.agency, i.year.map { "\($0)年" }].compactMap { $0 }.joined(separator: "，")
            front.append(.paragraph(Line(about.isEmpty ? i.name : "\(i.name)（\(about)）")))
        }
        let v = values
        var sections: [Section] = []
        for (table, kind) in [(StandardTable.active, SectionKind.active), (.requests, .requests), (.litigation, .litigation)] {
            let number = kind.officialNumber!
            let heading = Line("\(["一", "二", "三", "四", "五", "六"][number - 1])、\(kind.officialTitle)")
            sections.append(Section(heading: heading, number: number, kind: kind, blocks: [.table(CanonicalLayout.table(table, template: t, values: v))]))
        }
        return Report(metadata: Metadata(title: name, agency: agency, year: y, published: nil, template: t), front: front, sections: sections)
    }
}
