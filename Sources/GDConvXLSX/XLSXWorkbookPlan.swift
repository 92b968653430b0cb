import Foundation
import GDConvCore

/// What a workbook holds that depends on the template alone: the form sheets' geometry, where
/// each field's cell is, the data sheet's label columns and formulas, the check sheet's rules and
/// formulas. Computed once per template and process (every workbook of a bulk run rebuilt them,
/// and built each formula string again: a fifth of writing a workbook); a report adds only its
/// values.
struct XLSXWorkbookPlan: Sendable {
    /// A field's cell on a form sheet.
    struct Position: Sendable {
        let sheet: String
        let row: Int
        let col: Int
        /// `'依申请'!D4`.
        var reference: String { "'\(sheet)'!\(OfficialForm.reference(row: row, col: col))" }
    }

    /// One row of the data sheet.
    struct DataRow: Sendable {
        let field: FieldID
        /// Key, table, group, row, column.
        let labels: [String]
        /// `=IF(ISBLANK(ref),"",ref)`.
        let formula: String
    }

    /// One row of the check sheet.
    struct CheckRow: Sendable {
        let rule: String
        let subject: String
        let lhs: [FieldID]
        let rhs: [FieldID]
        let leftSum: String
        let rightSum: String
        let difference: String
        let verdict: String
    }

    let forms: [(table: StandardTable, form: OfficialForm)]
    let positions: [String: Position]
    let dataRows: [DataRow]
    let checkRows: [CheckRow]

    init(_ template: Template) {
        var forms: [(StandardTable, OfficialForm)] = []
        var positions: [String: Position] = [:]
        for table in StandardTable.allCases {
            let form = OfficialForm(table, template: template)
            forms.append((table, form))
            let sheet = XLSXReportWriter.sheetNames[table]!
            for (k, p) in form.fieldPositions { positions[k] = Position(sheet: sheet, row: p.row, col: p.col) }
        }
        self.forms = forms
        self.positions = positions
        dataRows = FieldRegistry.shared.fields(template).compactMap { d in
            guard let p = positions[d.key] else { return nil }
            let ref = p.reference
            return DataRow(field: d.id, labels: [d.key, d.table.rawValue, d.group, d.row, d.column], formula: "=IF(ISBLANK(\(ref)),\"\",\(ref))")
        }
        var checks: [CheckRow] = []
        for id in Identities.of(template).all {
            let l = id.lhs.compactMap { positions[$0.field.key]?.reference }, r = id.rhs.compactMap { positions[$0.field.key]?.reference }
            guard l.count == id.lhs.count, r.count == id.rhs.count else { continue }
            // The sheet's row of this check: the header is row 0.
            let row = checks.count + 1
            let c = OfficialForm.reference(row: row, col: 2), d = OfficialForm.reference(row: row, col: 3)
            let all = (l + r).joined(separator: ",")
            checks.append(CheckRow(rule: id.rule, subject: id.sheetSubject, lhs: id.lhs.map(\.field), rhs: id.rhs.map(\.field),
                                   leftSum: "=SUM(\(l.joined(separator: ",")))", rightSum: "=SUM(\(r.joined(separator: ",")))",
                                   difference: "=\(c)-\(d)",
                                   verdict: "=IF(COUNT(\(all))<\(l.count + r.count),\"无法判断\",IF(ABS(\(c)-\(d))<0.000001,\"通过\",\"不符\"))"))
        }
        checkRows = checks
    }

    /// The plan of `template`, built on first use.
    static func of(_ template: Template) -> XLSXWorkbookPlan {
        switch template {
        case .y2019: y2019
        case .y2021: y2021
        case .unknown: unknown
        }
    }

    private static let y2019 = XLSXWorkbookPlan(.y2019)
    private static let y2021 = XLSXWorkbookPlan(.y2021)
    private static let unknown = XLSXWorkbookPlan(.unknown)
}
