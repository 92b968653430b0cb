import Foundation

/// The 勾稽关系 of one template, derived once from the field registry (templates.md §7) and
/// shared by everything that evaluates them: the checker (`gdconv check`, conversion warnings,
/// `--strict`) and the workbook's live 校验 sheet. Neither keeps a list of its own.
public struct Identities: Sendable {
    /// One identity: the sum of `lhs` equals the sum of `rhs`.
    public struct Identity: Sendable {
        /// The rule id (`BALANCE`, `OUTCOME-TOTAL`, `APPLICANT-TOTAL`, `LITIGATION-TOTAL`).
        public let rule: String
        /// What it is about, as the checker's messages name it (`依申请 自然人`).
        public let subject: String
        /// The same, with the identity spelt out, for the 校验 sheet (`依申请 自然人：一+二 = （七）+四`).
        public let sheetSubject: String
        /// Operands as (field, short label for messages).
        public let lhs: [(field: FieldID, label: String)]
        public let rhs: [(field: FieldID, label: String)]
        /// Messages name the left side by its count ("the 19 leaf rows") when it is long.
        public let compactLeft: Bool
        /// A failure may be explained by a repair of the printed row (split digits, an extra cell).
        public let rowHint: Bool
    }

    /// Per applicant column: 一 + 二 = （七）总计 + 四.
    public let balance: [Identity]
    /// Per applicant column: the leaf outcome rows add up to （七）总计.
    public let outcomeTotal: [Identity]
    /// Per row of table 2: the applicant columns add up to 总计.
    public let applicantTotal: [Identity]
    /// Per block of table 3: the four results add up to 总计.
    public let litigationTotal: [Identity]

    /// In the workbook's order: rule by rule.
    public var all: [Identity] { balance + outcomeTotal + applicantTotal + litigationTotal }

    /// The identities of `template`, computed once per template and process.
    public static func of(_ template: Template) -> Identities {
        switch template {
        case .y2019: y2019
        case .y2021: y2021
        case .unknown: Identities(balance: [], outcomeTotal: [], applicantTotal: [], litigationTotal: [])
        }
    }

    private static let y2019 = Identities(compiling: .y2019, registry: .shared)
    private static let y2021 = Identities(compiling: .y2021, registry: .shared)

    init(balance: [Identity], outcomeTotal: [Identity], applicantTotal: [Identity], litigationTotal: [Identity]) {
        self.balance = balance
        self.outcomeTotal = outcomeTotal
        self.applicantTotal = applicantTotal
        self.litigationTotal = litigationTotal
    }

    init(compiling t: Template, registry: FieldRegistry) {
        var balance: [Identity] = [], outcome: [Identity] = [], applicant: [Identity] = [], litigation: [Identity] = []
        let rows = registry.rows(t, table: .requests)
        if let newRow = rows.first(where: { $0.key.hasSuffix(".new") }),
           let carried = rows.first(where: { $0.key.hasSuffix(".carried_over") }),
           let total = rows.first(where: { $0.key.hasSuffix(".outcome.total") }),
           let forward = rows.first(where: { $0.key.hasSuffix(".carried_forward") }) {
            let leaves = rows.filter { $0.key.contains(".outcome.") && $0.key != total.key }
            func short(_ r: RegistryRow) -> String {
                let (num, core) = LabelMatcher.splitNumbering(r.label.normalizedLabel)
                if let num, num.level == .top { return ["", "一", "二", "三", "四"][min(num.number, 4)] }
                return String(core.prefix(6))
            }
            for (ci, f) in newRow.fields.enumerated() {
                let col = f.column
                balance.append(Identity(rule: "BALANCE", subject: "依申请 \(col)", sheetSubject: "依申请 \(col)：一+二 = （七）+四",
                                        lhs: [(f.id, "一"), (carried.fields[ci].id, "二")],
                                        rhs: [(total.fields[ci].id, "（七）总计"), (forward.fields[ci].id, "四")], compactLeft: false, rowHint: false))
                outcome.append(Identity(rule: "OUTCOME-TOTAL", subject: "依申请 \(col)", sheetSubject: "依申请 \(total.fields[ci].column)：各项之和 = （七）总计",
                                        lhs: leaves.map { ($0.fields[ci].id, short($0)) },
                                        rhs: [(total.fields[ci].id, "（七）总计")], compactLeft: true, rowHint: false))
            }
            for r in rows {
                applicant.append(Identity(rule: "APPLICANT-TOTAL", subject: "依申请 \(r.label)", sheetSubject: "依申请 \(r.label)：各申请人之和 = 总计",
                                          lhs: r.fields.dropLast().map { ($0.id, $0.column) },
                                          rhs: [(r.fields.last!.id, r.fields.last!.column)], compactLeft: false, rowHint: true))
            }
        }
        for b in registry.rows(t, table: .litigation) {
            litigation.append(Identity(rule: "LITIGATION-TOTAL", subject: "复议诉讼 \(b.group.replacingOccurrences(of: " ", with: "·"))", sheetSubject: "复议诉讼 \(b.group)：四项之和 = 总计",
                                       lhs: b.fields.dropLast().map { ($0.id, $0.column) },
                                       rhs: [(b.fields.last!.id, b.fields.last!.column)], compactLeft: false, rowHint: true))
        }
        self.init(balance: balance, outcomeTotal: outcome, applicantTotal: applicant, litigationTotal: litigation)
    }
}
