import Foundation

/// A field's cell found in a report.
public struct FieldCell: Sendable {
    /// The field.
    public let field: FieldID
    /// The cell holding it.
    public let cell: Cell
    /// The registry key.
    public var key: String { field.key }
}

extension Report {
    /// Every bound cell in document order. A key bound twice keeps its first cell.
    public var fieldCells: [FieldCell] {
        var seen = [Bool](repeating: false, count: FieldRegistry.shared.keys.count)
        var out: [FieldCell] = []
        for t in allTables {
            for r in t.rows {
                for c in r.cells {
                    guard let f = c.field, !seen[Int(f.index)] else { continue }
                    seen[Int(f.index)] = true
                    out.append(FieldCell(field: f, cell: c))
                }
            }
        }
        return out
    }

    /// Every bound cell in registry order (the report's template first, then other keys).
    public var fieldCellsInRegistryOrder: [FieldCell] {
        let reg = FieldRegistry.shared
        let t = metadata.template
        func order(_ f: FieldID) -> Int {
            if let o = reg.order(of: f, in: t) { return o }
            return 100_000 + (reg.order(of: f, in: .y2021) ?? reg.order(of: f, in: .y2019) ?? 0)
        }
        // Sorted as (order, position) pairs of integers, the cells moved once: sorting the
        // cells themselves copied each one (three strings) at every step.
        let cells = fieldCells
        let sorted = cells.indices.map { (order(cells[$0].field), $0) }.sorted { $0 < $1 }
        return sorted.map { cells[$0.1] }
    }

    /// The report's fields indexed by id: what checks look up, without hashing key strings.
    public var fieldTable: FieldTable {
        var t = FieldTable(cells: [Cell?](repeating: nil, count: FieldRegistry.shared.keys.count))
        for f in fieldCells { t.cells[Int(f.field.index)] = f.cell }
        return t
    }

    /// The report's fields: key → cell. A key that is absent from the source is absent here.
    public var fields: [String: Cell] {
        var d: [String: Cell] = [:]
        for f in fieldCells { d[f.key] = f.cell }
        return d
    }

    /// The reading of one field, nil when the field is absent.
    public func reading(_ key: String) -> CellReading? { fields[key]?.reading }

    /// Every table in document order (front matter first).
    public var allTables: [Table] {
        var out: [Table] = []
        for b in front { if case .table(let t) = b { out.append(t) } }
        for s in sections { for b in s.blocks { if case .table(let t) = b { out.append(t) } } }
        return out
    }

    /// True when every field of the report's template has a cell.
    public var isComplete: Bool {
        let keys = Set(fieldCells.map(\.key))
        let all = FieldRegistry.shared.fields(metadata.template)
        return !all.isEmpty && all.allSatisfy { keys.contains($0.key) }
    }

    /// Replaces the text of a bound field's cell. Returns false when no cell holds the key.
    @discardableResult
    public mutating func setFieldText(_ key: String, _ text: String) -> Bool {
        func patch(_ blocks: inout [Block]) -> Bool {
            for i in blocks.indices {
                guard case .table(var t) = blocks[i] else { continue }
                for r in t.rows.indices {
                    for c in t.rows[r].cells.indices where t.rows[r].cells[c].key == key {
                        t.rows[r].cells[c].text = text
                        blocks[i] = .table(t)
                        return true
                    }
                }
            }
            return false
        }
        if patch(&front) { return true }
        for s in sections.indices where patch(&sections[s].blocks) { return true }
        return false
    }
}

/// A report's field cells by `FieldID` (nil for an absent field).
public struct FieldTable: Sendable {
    var cells: [Cell?]

    public subscript(_ field: FieldID) -> Cell? { cells[Int(field.index)] }

    /// By key; nil for an absent field and for a string that is no key.
    public subscript(_ key: String) -> Cell? { FieldID(key).flatMap { self[$0] } }
}
