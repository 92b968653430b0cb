import Foundation

/// The official printed layout of the standard tables, built from the registry: the rows a
/// form has, with group labels inline on the first row of their group and empty filler cells
/// where the form merges cells (the seed's layout). Used wherever a report arrives without a
/// layout of its own (hand-written JSON, a workbook) and by writers that print the form.
public enum CanonicalLayout {
    /// The note printed in table 2's corner cell (template text, not a field).
    public static let requestsNote = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"

    /// Width of each table in cells.
    public static func width(_ table: StandardTable) -> Int {
        switch table {
        case .active: 4
        case .requests: 10
        case .litigation: 15
        }
    }

    static func filled(_ cells: [Cell], to width: Int) -> [Cell] {
        cells + Array(repeating: Cell(""), count: max(0, width - cells.count))
    }

    /// A data row gets its merged-cell fillers only when none of its fields is absent: empty
    /// cells after a short row would read back as blanks, and absent is not blank.
    static func dataRow(_ cells: [Cell], values: [Cell], fields: [FieldDefinition], width: Int) -> Row {
        let complete = values.count == fields.count
        return Row(cells: complete ? filled(cells + values, to: width) : cells + values, role: .data)
    }

    /// The value cells of a row: present fields up to the last present one; an absent field
    /// before a present one becomes an empty unbound cell.
    static func valueCells(_ fields: [FieldDefinition], _ values: [String: String]) -> [Cell] {
        guard let last = fields.lastIndex(where: { values[$0.key] != nil }) else { return [] }
        return fields[...last].map { f in values[f.key].map { Cell($0, key: f.key) } ?? Cell("") }
    }

    /// The rows of `table` in `template`, filled from `values` (key → cell text). Rows whose
    /// fields are all absent are left out; with no value at all only the header rows remain.
    public static func rows(_ table: StandardTable, template: Template, values: [String: String], registry: FieldRegistry = .shared) -> [Row] {
        let t = template == .unknown ? Template.y2021 : template
        let rrows = registry.rows(t, table: table)
        let w = width(table)
        var out: [Row] = []
        switch table {
        case .active:
            var lastGroup = ""
            for (i, r) in rrows.enumerated() {
                let group = r.group
                let groupRows = rrows.filter { $0.group == group }
                let present = groupRows.contains { gr in gr.fields.contains { values[$0.key] != nil } }
                if group != lastGroup {
                    lastGroup = group
                    if present || values.isEmpty {
                        out.append(Row(cells: filled([Cell(group)], to: w), role: .header))
                        out.append(Row(cells: filled([Cell("信息内容")] + r.fields.map { Cell($0.column) }, to: w), role: .header))
                    }
                }
                _ = i
                let v = valueCells(r.fields, values)
                if !v.isEmpty { out.append(dataRow([Cell(r.label)], values: v, fields: r.fields, width: w)) }
            }
        case .requests:
            let cols = rrows.first?.fields.map(\.column) ?? []
            out.append(Row(cells: filled([Cell(requestsNote), Cell("申请人情况")], to: w), role: .header))
            if cols.count == 7 {
                out.append(Row(cells: filled([Cell(cols[0]), Cell("法人或其他组织"), Cell(cols[6])], to: w), role: .header))
                out.append(Row(cells: filled(cols[1...5].map { Cell($0) }, to: w), role: .header))
            }
            var printedGroups = Set<String>()
            for r in rrows {
                let v = valueCells(r.fields, values)
                guard !v.isEmpty else { continue }
                var cells: [Cell] = []
                let groups = r.group.split(separator: " ").map(String.init)
                for g in groups where !printedGroups.contains(g) {
                    // A group label is printed once, on the first of its rows that is printed.
                    printedGroups.insert(g)
                    if g == groups.last || groups.count == 1 || !printedGroups.contains(groups.last!) { cells.append(Cell(g)) }
                }
                cells.append(Cell(r.label))
                out.append(dataRow(cells, values: v, fields: r.fields, width: w))
            }
        case .litigation:
            let blocks = rrows
            var top: [Cell] = []
            var second: [Cell] = []
            var third: [Cell] = []
            var seenTop = Set<String>()
            for b in blocks {
                let parts = b.group.split(separator: " ").map(String.init)
                if let p = parts.first, seenTop.insert(p).inserted { top.append(Cell(p)) }
                if parts.count == 1 { second += b.fields.map { Cell($0.column) } } else {
                    second.append(Cell(parts[1]))
                    third += b.fields.map { Cell($0.column) }
                }
            }
            out.append(Row(cells: filled(top, to: w), role: .header))
            out.append(Row(cells: filled(second, to: w), role: .header))
            out.append(Row(cells: filled(third, to: w), role: .header))
            let v = valueCells(blocks.flatMap(\.fields), values)
            if !v.isEmpty { out.append(dataRow([], values: v, fields: blocks.flatMap(\.fields), width: w)) }
        }
        return out
    }

    /// A whole table in the canonical layout.
    public static func table(_ table: StandardTable, template: Template, values: [String: String]) -> Table {
        Table(kind: table, rows: rows(table, template: template, values: values), hasSourceLayout: false)
    }
}
