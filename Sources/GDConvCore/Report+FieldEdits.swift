import Foundation

/// Why a field edit was refused.
public struct FieldEditError: Error, Sendable {
    /// The key the edit named.
    public let key: String
    public let message: String
}

extension Report {
    /// Applies field texts from a document's field list (JSON `fields`, XML `<fields>`), the
    /// place where people edit values: a text that differs from its cell's replaces it, and a
    /// field with no cell is added in the template's canonical layout, in its section.
    public mutating func applyFieldTexts(_ texts: [(key: String, text: String)]) throws(FieldEditError) {
        let existing = fields
        var missing: [StandardTable: [String: String]] = [:]
        for (key, text) in texts {
            guard let def = FieldRegistry.shared.anyDefinition(key) else { throw FieldEditError(key: key, message: "not a field key of the registry") }
            if metadata.template != .unknown, FieldRegistry.shared.definition(key, in: metadata.template) == nil {
                throw FieldEditError(key: key, message: "not a field of the \(metadata.template.rawValue) template")
            }
            if let cell = existing[key] {
                if cell.text != text { setFieldText(key, text) }
            } else {
                missing[def.table, default: [:]][key] = text
            }
        }
        for table in StandardTable.allCases { if let v = missing[table] { addCanonical(table, values: v) } }
    }

    private mutating func addCanonical(_ table: StandardTable, values: [String: String]) {
        let kind: SectionKind = table == .active ? .active : table == .requests ? .requests : .litigation
        if let si = sections.firstIndex(where: { $0.kind == kind }) {
            // Merge into an existing layout-free table of that kind, else add one.
            if let bi = sections[si].blocks.firstIndex(where: { if case .table(let t) = $0 { t.kind == table && !t.hasSourceLayout } else { false } }),
               case .table(let old) = sections[si].blocks[bi] {
                var merged = values
                for r in old.rows { for c in r.cells { if let k = c.key { merged[k] = merged[k] ?? c.text } } }
                var t = CanonicalLayout.table(table, template: metadata.template, values: merged)
                t.rows += old.rows.filter { $0.role == .unrecognised }
                sections[si].blocks[bi] = .table(t)
            } else {
                sections[si].blocks.append(.table(CanonicalLayout.table(table, template: metadata.template, values: values)))
            }
            return
        }
        let num = kind.officialNumber!
        let numeral = ["一", "二", "三", "四", "五", "六"][num - 1]
        let s = Section(heading: Line("\(numeral)、\(kind.officialTitle)"), number: num, kind: kind,
                        blocks: [.table(CanonicalLayout.table(table, template: metadata.template, values: values))])
        let at = sections.firstIndex { ($0.kind.officialNumber ?? 0) > num } ?? sections.count
        sections.insert(s, at: at)
    }
}
