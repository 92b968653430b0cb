import Foundation

/// Checks a report's 勾稽关系 and structure. Every identity is derived from the field registry
/// (templates.md §7): rows, columns and blocks come from `FieldRegistry.rows`, never from a list
/// written here.
public struct ReportChecker: Sendable {
    let registry: FieldRegistry

    public init(registry: FieldRegistry = .shared) { self.registry = registry }

    /// Every rule id with what it checks, for `gdconv check --list` and the README.
    public static let rules: [(id: String, severity: Severity, description: String)] = [
        ("BALANCE", .error, "per applicant column: 一、本年新收 + 二、上年结转 = 三（七）总计 + 四、结转下年度继续办理"),
        ("OUTCOME-TOTAL", .error, "per column: （七）总计 = the sum of the leaf outcome rows (19 in 2019, 21 in 2021)"),
        ("APPLICANT-TOTAL", .error, "per row of table 2: 总计 = 自然人 + 商业企业 + 科研机构 + 社会公益组织 + 法律服务机构 + 其他"),
        ("LITIGATION-TOTAL", .error, "table 3, per block: 总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结"),
        ("CELL-KIND", .error, "a count is a non-negative whole number; only 2019 本年增/减 may be negative; amounts may be decimal"),
        ("STRUCTURE-TABLE", .error, "each standard table of the template is present"),
        ("STRUCTURE-ROW", .warning, "each row of a present table is present (a truncated report)"),
        ("STRUCTURE-EXTRA", .warning, "no row of a table is left unrecognised"),
        ("TEMPLATE-YEAR", .warning, "the template fits the report year (2019: 2019–2020 reports; 2021: 2021 on)"),
        ("NARRATIVE", .warning, "numbers of applications stated in the prose agree with table 2"),
        ("CARRYOVER", .warning, "across years: 二、上年结转 (year Y) = 四、结转下年度继续办理 (year Y−1), same agency"),
    ]

    // MARK: - Operands

    struct Sum {
        var operands: [CheckOperand] = []
        var total: Decimal = 0
        var assessable = true
    }

    func operand(_ report: FieldTable, _ key: String, _ label: String) -> CheckOperand {
        let c = report[key]
        return CheckOperand(key: key, label: label, text: c?.text, number: c?.reading.number, location: c?.location)
    }

    func operand(_ report: FieldTable, _ field: FieldID, _ label: String) -> CheckOperand {
        let c = report[field]
        return CheckOperand(key: field.key, label: label, text: c?.text, number: c?.reading.number, location: c?.location)
    }

    func sum(_ ops: [CheckOperand]) -> Sum {
        let exact = IdentitySum(ops.map(\.number))
        return Sum(operands: ops, total: exact.decimal, assessable: exact.complete)
    }

    static func fmt(_ d: Decimal) -> String { NSDecimalNumber(decimal: d).stringValue }

    static func describe(_ ops: [CheckOperand]) -> String {
        ops.map { "\($0.label) \($0.text.map { $0.isEmpty ? "(blank)" : $0 } ?? "(absent)")" }.joined(separator: " + ")
    }

    // MARK: - Rules

    /// Checks one report. `prose` rules read the report's paragraphs.
    public func check(_ report: Report) -> [CheckResult] {
        let t = report.metadata.template
        guard t != .unknown else {
            return [CheckResult(rule: "STRUCTURE-TABLE", status: .fail, severity: .error, message: "no standard table of either template was found", location: nil, operands: [], hint: nil)]
        }
        let cells = report.fieldTable
        var out: [CheckResult] = []
        out += structure(report, cells)
        out += cellKinds(report, cells)
        out += identities(report, t, cells)
        out += narrative(report, cells)
        return out
    }

    func structure(_ report: Report, _ cells: FieldTable) -> [CheckResult] {
        var out: [CheckResult] = []
        let t = report.metadata.template
        for table in StandardTable.allCases {
            let rows = registry.rows(t, table: table)
            let present = rows.filter { r in r.fields.contains { cells[$0.id] != nil } }
            if present.isEmpty {
                out.append(CheckResult(rule: "STRUCTURE-TABLE", status: .fail, severity: .error, message: "table \(table.rawValue) is missing", location: nil, operands: [], hint: nil))
                continue
            }
            out.append(CheckResult(rule: "STRUCTURE-TABLE", status: .pass, severity: .error, message: "table \(table.rawValue) is present", location: nil, operands: [], hint: nil))
            let missingRows = rows.filter { r in !r.fields.contains { cells[$0.id] != nil } }
            let missingCells = rows.flatMap(\.fields).filter { cells[$0.id] == nil }
            if missingCells.isEmpty {
                out.append(CheckResult(rule: "STRUCTURE-ROW", status: .pass, severity: .warning, message: "table \(table.rawValue): every row is present", location: nil, operands: [], hint: nil))
            } else {
                let names = missingRows.prefix(3).map { $0.label.isEmpty ? $0.key : $0.label }
                let what = missingRows.isEmpty ? "\(missingCells.count) cell(s) missing" : "\(missingRows.count) row(s) missing (\(names.joined(separator: ", "))\(missingRows.count > 3 ? ", …" : ""))"
                // Cells a collapsed line did not decide are not a truncation.
                let recovered = report.allTables.contains { $0.isRecovered && $0.kind == table }
                let why = recovered ? "their digits run together and could not be cut with certainty" : "the report is cut off, or these could not be read in its layout"
                out.append(CheckResult(rule: "STRUCTURE-ROW", status: .fail, severity: .warning, message: "table \(table.rawValue): \(what): \(why)", location: nil, operands: [], hint: nil))
            }
        }
        var unrecognised = 0
        var firstLoc: SourceLocation? = nil
        for tb in report.allTables where tb.kind != nil {
            for r in tb.rows where r.role == .unrecognised {
                unrecognised += 1
                if firstLoc == nil { firstLoc = r.cells.first?.location }
            }
        }
        out.append(CheckResult(rule: "STRUCTURE-EXTRA", status: unrecognised == 0 ? .pass : .fail, severity: .warning,
                               message: unrecognised == 0 ? "every row of the standard tables was recognised" : "\(unrecognised) row(s) of the standard tables were not recognised and were kept as written",
                               location: firstLoc, operands: [], hint: nil))
        if let y = report.metadata.year {
            let fits = (t == .y2019 && (2019...2020).contains(y)) || (t == .y2021 && y >= 2021)
            out.append(CheckResult(rule: "TEMPLATE-YEAR", status: fits ? .pass : .fail, severity: .warning,
                                   message: fits ? "the \(t.rawValue) template fits a \(y) report" : "a \(y) report uses the \(t.rawValue) template (2019: reports on 2019–2020; 2021: from 2021)",
                                   location: nil, operands: [], hint: nil))
        } else {
            out.append(CheckResult(rule: "TEMPLATE-YEAR", status: .notAssessable, severity: .warning, message: "the report year is unknown", location: nil, operands: [], hint: nil))
        }
        return out
    }

    func cellKinds(_ report: Report, _ cells: FieldTable) -> [CheckResult] {
        var out: [CheckResult] = []
        var checked = 0
        for f in report.fieldCellsInRegistryOrder {
            guard let d = registry.definition(of: f.field, in: report.metadata.template) ?? registry.anyDefinition(of: f.field) else { continue }
            var label: String { "\(d.table.rawValue) \(d.row.isEmpty ? d.group : d.row) \(d.column)" }
            switch f.cell.reading {
            case .number(let n):
                checked += 1
                let negative = n.literal.hasPrefix("-")
                if d.kind == .count && (negative || !n.isIntegral) || d.kind == .signed && !n.isIntegral || d.kind == .amount && negative {
                    let why = d.kind == .amount ? "an amount cannot be negative" : d.kind == .signed ? "must be a whole number" : "a count must be a non-negative whole number"
                    out.append(CheckResult(rule: "CELL-KIND", status: .fail, severity: .error, message: "\(label): '\(f.cell.text)': \(why)", location: f.cell.location,
                                           operands: [operand(cells, f.key, d.column)], hint: nil))
                }
            case .text(let s):
                out.append(CheckResult(rule: "CELL-KIND", status: .fail, severity: .error, message: "\(label): '\(s)' is not a number", location: f.cell.location,
                                       operands: [operand(cells, f.key, d.column)], hint: nil))
            case .blank, .placeholder:
                break
            }
        }
        if out.isEmpty {
            out.append(CheckResult(rule: "CELL-KIND", status: .pass, severity: .error, message: "\(checked) numeric cell(s) hold what their fields allow", location: nil, operands: [], hint: nil))
        }
        return out
    }

    /// The identities of the template, in the checker's order: per column BALANCE then
    /// OUTCOME-TOTAL, then APPLICANT-TOTAL per row, then LITIGATION-TOTAL per block.
    func identities(_ report: Report, _ t: Template, _ cells: FieldTable) -> [CheckResult] {
        let ids = Identities.of(t)
        var ordered: [Identities.Identity] = []
        for (b, o) in zip(ids.balance, ids.outcomeTotal) { ordered += [b, o] }
        ordered += ids.applicantTotal + ids.litigationTotal
        var printedRows: [FieldID: Row]? = nil      // built on the first failure that wants a hint
        return ordered.map { id in
            let lhs = sum(id.lhs.map { operand(cells, $0.field, $0.label) })
            let rhs = sum(id.rhs.map { operand(cells, $0.field, $0.label) })
            let location = id.rule == "BALANCE" ? rhs.operands[0].location ?? lhs.operands[0].location : rhs.operands[0].location
            let res = identity(id.rule, id.subject, lhs, rhs, location: location, compact: id.compactLeft)
            guard id.rowHint, res.status == .fail else { return res }
            if printedRows == nil { printedRows = ReportChecker.rowsByField(report) }
            return withHint(res, rowHint(printedRows!, lhs.operands, rhs.operands[0]))
        }
    }

    /// `lhs = rhs`, pass/fail/not-assessable, with a compiler-style message.
    func identity(_ rule: String, _ subject: String, _ lhs: Sum, _ rhs: Sum, location: SourceLocation?, compact: Bool = false) -> CheckResult {
        let all = lhs.operands + rhs.operands
        let l = compact && lhs.operands.count > 3 ? "the \(lhs.operands.count) leaf rows" : ReportChecker.describe(lhs.operands)
        guard lhs.assessable && rhs.assessable else {
            let missing = all.filter { $0.value == nil }.map { "\($0.label) \($0.text.map { $0.isEmpty ? "blank" : $0 } ?? "absent")" }
            return CheckResult(rule: rule, status: .notAssessable, severity: .error,
                               message: "\(subject): not assessable (\(missing.prefix(3).joined(separator: ", "))\(missing.count > 3 ? ", …" : ""))",
                               location: location, operands: all, hint: nil)
        }
        let ok = lhs.total == rhs.total
        let lhsText = "\(l) = \(ReportChecker.fmt(lhs.total))"
        let rhsText = "\(ReportChecker.describe(rhs.operands))\(rhs.operands.count > 1 ? " = \(ReportChecker.fmt(rhs.total))" : "")"
        let diff = lhs.total - rhs.total
        let message = ok ? "\(subject): \(lhsText), \(rhsText)" : "\(subject): \(lhsText), but \(rhsText) (off by \(ReportChecker.fmt(diff < 0 ? -diff : diff)))"
        return CheckResult(rule: rule, status: ok ? .pass : .fail, severity: .error, message: message, location: location, operands: all, hint: nil, left: lhs.total, right: rhs.total)
    }

    func withHint(_ r: CheckResult, _ hint: String?) -> CheckResult {
        CheckResult(rule: r.rule, status: r.status, severity: r.severity, message: r.message, location: r.location, operands: r.operands, hint: hint, left: r.left, right: r.right)
    }

    /// The printed row holding each field (its first one), indexed once per report.
    static func rowsByField(_ report: Report) -> [FieldID: Row] {
        var out: [FieldID: Row] = [:]
        for t in report.allTables {
            for r in t.rows { for c in r.cells { if let f = c.field, out[f] == nil { out[f] = r } } }
        }
        return out
    }

    /// The value cells of the printed row holding `key`, from its first field cell on (extra
    /// values the recogniser left unbound included, trailing fillers dropped).
    func printedValues(_ rows: [FieldID: Row], rowOf key: String) -> [Cell] {
        guard let f = FieldID(key), let r = rows[f], let first = r.cells.firstIndex(where: { $0.field != nil }) else { return [] }
        var cells = Array(r.cells[first...])
        while let l = cells.last, l.text.isEmpty, l.field == nil { cells.removeLast() }
        return cells
    }

    /// Likely repairs of a failed row sum, tried on the printed row: two adjacent single digits
    /// that were one number (`2 | 0` where the source meant `20`), or a spurious cell that
    /// shifted the rest of the row one column to the right.
    func rowHint(_ rows: [FieldID: Row], _ parts: [CheckOperand], _ total: CheckOperand) -> String? {
        let cells = printedValues(rows, rowOf: total.key)
        // Only a row that starts with these operands (table 3's later blocks share a row).
        guard cells.first?.key == parts.first?.key else { return nil }
        let n = parts.count + 1
        let values = cells.map { $0.reading.number?.value }
        func holds(_ q: [Decimal?]) -> Bool {
            guard q.count >= n, q[..<n].allSatisfy({ $0 != nil }) else { return false }
            return q[..<(n - 1)].reduce(Decimal(0)) { $0 + $1! } == q[n - 1]!
        }
        func name(_ i: Int) -> String { i < parts.count ? parts[i].label : i == parts.count ? total.label : "the extra cell \(i + 1)" }
        for i in 0..<max(0, values.count - 1) {
            guard let a = values[i], let b = values[i + 1], (1...9).contains(a), (0...9).contains(b) else { continue }
            var q = values
            q.replaceSubrange(i...(i + 1), with: [a * 10 + b])
            if holds(q) {
                return "\(name(i)) '\(cells[i].text)' and \(name(i + 1)) '\(cells[i + 1].text)' may be one number \(ReportChecker.fmt(a * 10 + b)) split in two"
            }
        }
        for j in 0..<values.count where values.count > n {
            var q = values
            q.remove(at: j)
            if holds(q) {
                return "the cell '\(cells[j].text)' at \(name(j)) looks spurious: without it the rest of the row, shifted one column left, adds up"
            }
        }
        return nil
    }

    // MARK: - Narrative

    static let receivedPattern = try! NSRegularExpression(pattern: #"(?:共|累计|全年)?(?:收到|受理|接到|新收)[^。；;，,]{0,16}?申请\s*(?:共计?)?\s*(\d+)\s*(?:件|份|个|条)"#)
    static let receivedPattern2 = try! NSRegularExpression(pattern: #"(?:共|累计)?(?:收到|受理|接到|新收)\s*(\d+)\s*(?:件|份|个|条)[^。；;]{0,10}?申请"#)
    static let forwardPattern = try! NSRegularExpression(pattern: #"结转(?:至|到)?下一?年度?(?:继续办理)?\s*(\d+)\s*(?:件|份|个)"#)

    func narrative(_ report: Report, _ cells: FieldTable) -> [CheckResult] {
        var out: [CheckResult] = []
        func num(_ k: String) -> Decimal? { cells[k]?.reading.number?.value }
        let newTotal = num("requests.new.total"), carried = num("requests.carried_over.total"), forward = num("requests.carried_forward.total")
        for s in report.sections {
            for b in s.blocks {
                guard case .paragraph(let p) = b else { continue }
                let text = p.text
                let ns = text as NSString
                let range = NSRange(location: 0, length: ns.length)
                for re in [ReportChecker.receivedPattern, ReportChecker.receivedPattern2] {
                    guard let m = re.firstMatch(in: text, range: range), let n = Decimal(string: ns.substring(with: m.range(at: 1))) else { continue }
                    let quote = ns.substring(with: m.range)
                    guard let nt = newTotal else {
                        out.append(CheckResult(rule: "NARRATIVE", status: .notAssessable, severity: .warning, message: "the prose says \"\(quote)\" but 一 总计 is not a number", location: nil, operands: [operand(cells, "requests.new.total", "一 总计")], hint: nil))
                        break
                    }
                    let withCarry = carried.map { nt + $0 }
                    let ok = n == nt || n == withCarry
                    out.append(CheckResult(rule: "NARRATIVE", status: ok ? .pass : .fail, severity: .warning,
                                           message: ok ? "the prose \"\(quote)\" agrees with table 2" : "the prose says \"\(quote)\" (\(ReportChecker.fmt(n))) but table 2 has 一 总计 \(ReportChecker.fmt(nt))\(withCarry.map { " (with 二: \(ReportChecker.fmt($0)))" } ?? "")",
                                           location: cells["requests.new.total"]?.location, operands: [operand(cells, "requests.new.total", "一 总计")], hint: nil))
                    break
                }
                if let m = ReportChecker.forwardPattern.firstMatch(in: text, range: range), let n = Decimal(string: ns.substring(with: m.range(at: 1))), let f = forward {
                    let quote = ns.substring(with: m.range)
                    out.append(CheckResult(rule: "NARRATIVE", status: n == f ? .pass : .fail, severity: .warning,
                                           message: n == f ? "the prose \"\(quote)\" agrees with table 2" : "the prose says \"\(quote)\" (\(ReportChecker.fmt(n))) but table 2 has 四 总计 \(ReportChecker.fmt(f))",
                                           location: cells["requests.carried_forward.total"]?.location, operands: [operand(cells, "requests.carried_forward.total", "四 总计")], hint: nil))
                }
            }
        }
        return out
    }

    // MARK: - Across years

    /// CARRYOVER for each pair of reports of the same agency in consecutive years.
    public func checkAcrossYears(_ reports: [(name: String, report: Report)]) -> [(name: String, result: CheckResult)] {
        var out: [(String, CheckResult)] = []
        for (an, a) in reports {
            // One publisher across years, however it signed (see `Metadata.publisher`).
            guard let publisher = a.metadata.publisher, let y = a.metadata.year else { continue }
            guard let (pn, prev) = reports.first(where: { $0.report.metadata.publisher == publisher && $0.report.metadata.year == y - 1 }) else { continue }
            let cur = a.fieldTable, old = prev.fieldTable
            for f in registry.rows(a.metadata.template, table: .requests).first(where: { $0.key.hasSuffix(".carried_over") })?.fields ?? [] {
                let fk = f.key.replacingOccurrences(of: ".carried_over.", with: ".carried_forward.")
                let thisYear = operand(cur, f.key, "\(y) 二 \(f.column)")
                let lastYear = CheckOperand(key: fk, label: "\(y - 1) 四 \(f.column)", text: old[fk]?.text, number: old[fk]?.reading.number, location: old[fk]?.location)
                let status: CheckStatus = thisYear.value == nil || lastYear.value == nil ? .notAssessable : thisYear.value == lastYear.value ? .pass : .fail
                let msg = "\(f.column): \(y) 二、上年结转 \(thisYear.text ?? "absent") vs \(y - 1) (\(pn)) 四、结转下年度继续办理 \(lastYear.text ?? "absent")"
                out.append((an, CheckResult(rule: "CARRYOVER", status: status, severity: .warning, message: msg, location: thisYear.location, operands: [thisYear, lastYear], hint: nil)))
            }
        }
        return out
    }
}
