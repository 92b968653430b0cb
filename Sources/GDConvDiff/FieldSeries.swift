import Foundation
import GDConvCore

/// Several reports of one agency as one table, year by year (`gdconv diff 2019.txt … 2025.txt`):
/// one row per field, one column per report in year order, cells as written (empty when the
/// field is absent). Fields are matched by key, so a row never mixes two templates' fields
/// that only share a label.
public struct FieldSeries: Sendable {
    /// `key, table, group, row, column`, then one header per report (its year, or its name when
    /// the year is missing or repeated).
    public let header: [String]
    public let rows: [[String]]

    public init(_ reports: [(name: String, report: Report)], registry: FieldRegistry = .shared) {
        let ordered = reports.enumerated().sorted { a, b in
            (a.element.report.metadata.year ?? Int.max, a.offset) < (b.element.report.metadata.year ?? Int.max, b.offset)
        }.map(\.element)
        let years = ordered.map { $0.report.metadata.year }
        let yearsUnique = !years.contains(nil) && Set(years.compactMap { $0 }).count == years.count
        header = ["key", "table", "group", "row", "column"] + ordered.map { yearsUnique ? String($0.report.metadata.year!) : $0.name }
        // Keys in the newest report's form order, then the older template's own keys.
        var order: [FieldDefinition] = []
        var seen = Set<FieldID>()
        for t in ordered.reversed().map(\.report.metadata.template) + [.y2021, .y2019] {
            for d in registry.fields(t) where seen.insert(d.id).inserted { order.append(d) }
        }
        let tables = ordered.map(\.report.fieldTable)
        rows = order.compactMap { d in
            let values = tables.map { $0[d.id]?.text ?? "" }
            guard tables.contains(where: { $0[d.id] != nil }) else { return nil }
            return [d.key, d.table.rawValue, d.group, d.row, d.column] + values
        }
    }
}
