import Foundation
import GDConvCore

/// The official printed form of a standard table as a grid with merged cells
/// (templates.md §3–5 geometry), built from the field registry.
struct OfficialForm {
    enum Content: Equatable {
        case label(String)
        case field(String)
    }

    struct Placed {
        let row: Int
        let col: Int
        let rowSpan: Int
        let colSpan: Int
        let content: Content
        let isHeader: Bool
    }

    let table: StandardTable
    let columns: Int
    let headerRows: Int
    var cells: [Placed] = []

    /// Where each field's cell is.
    var fieldPositions: [String: (row: Int, col: Int)] {
        var d: [String: (Int, Int)] = [:]
        for c in cells { if case .field(let k) = c.content { d[k] = (c.row, c.col) } }
        return d
    }

    var rowCount: Int { (cells.map { $0.row + $0.rowSpan }.max() ?? 0) }

    init(_ table: StandardTable, template: Template, registry: FieldRegistry = .shared) {
        self.table = table
        let t = template == .unknown ? Template.y2021 : template
        let rows = registry.rows(t, table: table)
        switch table {
        case .active:
            columns = 4
            headerRows = 0
            var r = 0
            var lastGroup = ""
            for row in rows {
                if row.group != lastGroup {
                    lastGroup = row.group
                    cells.append(Placed(row: r, col: 0, rowSpan: 1, colSpan: 4, content: .label(row.group), isHeader: true))
                    r += 1
                    cells.append(Placed(row: r, col: 0, rowSpan: 1, colSpan: 1, content: .label("信息内容"), isHeader: true))
                    for (i, span) in OfficialForm.spans(row.fields.count).enumerated() {
                        cells.append(Placed(row: r, col: span.col, rowSpan: 1, colSpan: span.width, content: .label(row.fields[i].column), isHeader: true))
                    }
                    r += 1
                }
                cells.append(Placed(row: r, col: 0, rowSpan: 1, colSpan: 1, content: .label(row.label), isHeader: false))
                for (i, span) in OfficialForm.spans(row.fields.count).enumerated() {
                    cells.append(Placed(row: r, col: span.col, rowSpan: 1, colSpan: span.width, content: .field(row.fields[i].key), isHeader: false))
                }
                r += 1
            }
        case .requests:
            columns = 10
            headerRows = 3
            let cols = rows.first?.fields.map(\.column) ?? []
            cells.append(Placed(row: 0, col: 0, rowSpan: 3, colSpan: 3, content: .label(CanonicalLayout.requestsNote), isHeader: true))
            cells.append(Placed(row: 0, col: 3, rowSpan: 1, colSpan: 7, content: .label("申请人情况"), isHeader: true))
            if cols.count == 7 {
                cells.append(Placed(row: 1, col: 3, rowSpan: 2, colSpan: 1, content: .label(cols[0]), isHeader: true))
                cells.append(Placed(row: 1, col: 4, rowSpan: 1, colSpan: 5, content: .label("法人或其他组织"), isHeader: true))
                cells.append(Placed(row: 1, col: 9, rowSpan: 2, colSpan: 1, content: .label(cols[6]), isHeader: true))
                for i in 1...5 { cells.append(Placed(row: 2, col: 3 + i, rowSpan: 1, colSpan: 1, content: .label(cols[i]), isHeader: true)) }
            }
            var r = 3
            var placedGroups = Set<String>()
            for row in rows {
                let groups = row.group.split(separator: " ").map(String.init)
                if groups.isEmpty {
                    cells.append(Placed(row: r, col: 0, rowSpan: 1, colSpan: 3, content: .label(row.label), isHeader: false))
                } else {
                    let outer = groups[0]
                    if placedGroups.insert(outer).inserted {
                        let n = rows.filter { $0.group.hasPrefix(outer) }.count
                        cells.append(Placed(row: r, col: 0, rowSpan: n, colSpan: 1, content: .label(outer), isHeader: false))
                    }
                    if groups.count > 1 {
                        let inner = groups[1]
                        if placedGroups.insert(row.group).inserted {
                            let n = rows.filter { $0.group == row.group }.count
                            cells.append(Placed(row: r, col: 1, rowSpan: n, colSpan: 1, content: .label(inner), isHeader: false))
                        }
                        cells.append(Placed(row: r, col: 2, rowSpan: 1, colSpan: 1, content: .label(row.label), isHeader: false))
                    } else {
                        cells.append(Placed(row: r, col: 1, rowSpan: 1, colSpan: 2, content: .label(row.label), isHeader: false))
                    }
                }
                for (i, f) in row.fields.enumerated() {
                    cells.append(Placed(row: r, col: 3 + i, rowSpan: 1, colSpan: 1, content: .field(f.key), isHeader: false))
                }
                r += 1
            }
        case .litigation:
            columns = 15
            headerRows = 3
            var c = 0
            var topStart: [String: (col: Int, width: Int)] = [:]
            var topOrder: [String] = []
            for b in rows {
                let parts = b.group.split(separator: " ").map(String.init)
                let top = parts.first ?? ""
                if topStart[top] == nil { topStart[top] = (c, 0); topOrder.append(top) }
                topStart[top]!.width += b.fields.count
                if parts.count == 1 {
                    for (i, f) in b.fields.enumerated() {
                        cells.append(Placed(row: 1, col: c + i, rowSpan: 2, colSpan: 1, content: .label(f.column), isHeader: true))
                    }
                } else {
                    cells.append(Placed(row: 1, col: c, rowSpan: 1, colSpan: b.fields.count, content: .label(parts[1]), isHeader: true))
                    for (i, f) in b.fields.enumerated() {
                        cells.append(Placed(row: 2, col: c + i, rowSpan: 1, colSpan: 1, content: .label(f.column), isHeader: true))
                    }
                }
                for (i, f) in b.fields.enumerated() {
                    cells.append(Placed(row: 3, col: c + i, rowSpan: 1, colSpan: 1, content: .field(f.key), isHeader: false))
                }
                c += b.fields.count
            }
            for top in topOrder {
                let s = topStart[top]!
                cells.append(Placed(row: 0, col: s.col, rowSpan: 1, colSpan: s.width, content: .label(top), isHeader: true))
            }
        }
    }

    /// Value columns 1…3 of table 1: three cells, two (1 and 2–3), or one spanning all three.
    static func spans(_ n: Int) -> [(col: Int, width: Int)] {
        switch n {
        case 1: [(1, 3)]
        case 2: [(1, 1), (2, 2)]
        default: (0..<n).map { (1 + $0, 1) }
        }
    }

    /// `A1`-style reference (0-based row and column).
    static func reference(row: Int, col: Int) -> String {
        var c = col
        var letters = ""
        repeat {
            letters = String(UnicodeScalar(UInt8(65 + c % 26))) + letters
            c = c / 26 - 1
        } while c >= 0
        return "\(letters)\(row + 1)"
    }
}
