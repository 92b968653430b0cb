import Foundation

/// What the recogniser reports once every grid of a report is read: label-only rows, missing
/// tables and rows, and the fields bound outside the grids.
extension TableRecogniser {
    /// Fields bound outside the grids (a table recovered from a collapsed line).
    /// Its undecided rows are warned about by the recovery, not as a truncation.
    public func markRecovered(_ table: StandardTable, bound fields: some Sequence<FieldID>) {
        boundKeys.formUnion(fields)
        recoveredTables.insert(table)
    }

    /// Report-level findings: missing standard tables and rows, label-only rows.
    public func finish() {
        guard template != .unknown else { return }
        for (key, label, loc) in labelOnlyRows {
            let rowFields = registry.fields(template).filter { RegistryRow.rowKeyOf($0.key) == key }
            if !rowFields.contains(where: { boundKeys.contains($0.id) }) {
                diagnostics.warning("missing-value", "row \(label) has a label but no values; its fields are absent", at: loc)
            }
        }
        for table in StandardTable.allCases {
            let rows = registry.rows(template, table: table)
            let present = rows.filter { r in r.fields.contains { boundKeys.contains($0.id) } }
            if present.isEmpty {
                diagnostics.warning("missing-table", "table \(table.rawValue): no values found; its fields are absent")
            } else if present.count < rows.count, !recoveredTables.contains(table) {
                let missing = rows.filter { r in !r.fields.contains { boundKeys.contains($0.id) } }
                let names = missing.prefix(4).map { $0.label.isEmpty ? $0.key : $0.label }.joined(separator: ", ")
                diagnostics.warning("truncated", "table \(table.rawValue): \(missing.count) row(s) missing (\(names)\(missing.count > 4 ? ", …" : ""))")
            }
        }
    }
}

/// The normalised core of a registry group's last part (`三、本年度办理结果 （三）不予公开` →
/// `不予公开`), per group: the registry has a few dozen and rows ask for them again and again.
struct GroupCores {
    private var cores: [BytesKey: String?] = [:]

    mutating func core(of group: String) -> String? {
        let key = BytesKey(group)
        if let c = cores[key] { return c }
        let core = GroupCores.lastWord(group).map { LabelMatcher.splitNumbering($0.normalizedLabel).core }
        cores[key] = .some(core)
        return core
    }

    /// `group.split(separator: " ").last`, cut on the bytes when every scalar is its own
    /// Character (then a space Character is the byte 0x20); splitting by Characters cost more
    /// than the rest of a row's step.
    static func lastWord(_ group: String) -> String? {
        var g = group
        let cut = g.withUTF8 { b -> String?? in
            guard CharacterCount.isStandalone(b) else { return nil }
            var end = b.count
            while end > 0, b[end - 1] == 0x20 { end -= 1 }
            if end == 0 { return .some(nil) }
            var start = end
            while start > 0, b[start - 1] != 0x20 { start -= 1 }
            return .some(UTF8Spaces.string(b, start, end))
        }
        if let cut { return cut }
        return group.split(separator: " ").last.map(String.init)
    }
}
