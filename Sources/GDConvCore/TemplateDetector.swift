import Foundation

/// Decides the template from the labels, never from the year (templates.md §1): a label that
/// exists in only one template's part of the registry votes for it.
public struct TemplateDetector: Sendable {
    public struct Result: Sendable {
        public var template: Template
        public var votes2019: Int
        public var votes2021: Int
        /// Both templates' own labels were found.
        public var isMixed: Bool { votes2019 > 0 && votes2021 > 0 }
    }

    let matcher: LabelMatcher
    let registry: FieldRegistry

    public init(matcher: LabelMatcher = .shared, registry: FieldRegistry = .shared) {
        self.matcher = matcher
        self.registry = registry
    }

    /// Counts the votes of `texts`; falls back on `year` (≤2020 → 2019, ≥2021 → 2021) when no
    /// label decides.
    public func detect(_ texts: [String], year: Int?) -> Result {
        var v19 = 0, v21 = 0
        var sawTableLabels = false
        var group: String? = nil
        for t in texts where !t.isEmpty && !GridToken.isValueText(t) {
            guard let m = matcher.match(t, template: .unknown, groupContext: group) else { continue }
            if case .row = m { sawTableLabels = true }
            switch m {
            case .activeColumn(let label, let tpl):
                if onlyIn(tpl, column: label) { tpl == .y2019 ? (v19 += 1) : (v21 += 1) }
            case .row(let r, let tpl):
                if let id = r.fields.first?.id, let t = Template.official.firstIndex(of: tpl), TemplateDetector.uniqueRowFields[t][Int(id.index)] {
                    tpl == .y2019 ? (v19 += 1) : (v21 += 1)
                }
            case .requestGroup(let g): group = g
            default: break
            }
        }
        let template: Template
        if v19 > v21 { template = .y2019 } else if v21 > v19 { template = .y2021 } else if let y = year {
            // A report on a year before 2019 follows neither template (the older statistics
            // table): nothing may be bound as if it did.
            template = y < 2019 ? .unknown : y <= 2020 ? .y2019 : .y2021
        } else {
            // Only rows both templates share, and no year: the current template.
            template = v19 > 0 || sawTableLabels ? .y2021 : .unknown
        }
        return Result(template: template, votes2019: v19, votes2021: v21)
    }

    /// Row keys that exist in one template only, and are not the parent of a row of the other
    /// (2019's leaf `requests.outcome.other` is 2021's group of three rows).
    static let uniqueRowKeys: [Template: Set<String>] = {
        let reg = FieldRegistry.shared
        var out: [Template: Set<String>] = [:]
        for t in Template.official {
            let other = t == .y2019 ? Template.y2021 : .y2019
            let otherRows = Set(reg.fields(other).map { RegistryRow.rowKeyOf($0.key) })
            for table in StandardTable.allCases {
                for r in reg.rows(t, table: table) where !otherRows.contains(r.key) && !otherRows.contains(where: { $0.hasPrefix(r.key + ".") }) {
                    out[t, default: []].insert(r.key)
                }
            }
        }
        return out
    }()

    /// `uniqueRowKeys` by field id, one flag per field of each official template: the
    /// detector asks for every label of a report, and hashing the row's key cost more than the
    /// rest of the vote. A key belongs to one row of a template, so its field ids decide.
    static let uniqueRowFields: [[Bool]] = Template.official.map { t in
        var flags = [Bool](repeating: false, count: FieldRegistry.shared.keys.count)
        for f in FieldRegistry.shared.fields(t) where uniqueRowKeys[t]?.contains(RegistryRow.rowKeyOf(f.key)) == true {
            flags[Int(f.id.index)] = true
        }
        return flags
    }

    private func onlyIn(_ t: Template, column: String) -> Bool {
        let other = t == .y2019 ? Template.y2021 : .y2019
        return !(TemplateDetector.activeColumns[other]?.contains(BytesKey(column)) ?? false)
    }

    /// The normalised table 1 column labels of each template, computed once; keyed by their
    /// bytes (`String` hashing normalises non-ASCII text first).
    static let activeColumns: [Template: Set<BytesKey>] = {
        var out: [Template: Set<BytesKey>] = [:]
        for t in Template.official {
            out[t] = Set(FieldRegistry.shared.fields(t, table: .active).map { BytesKey($0.column.normalizedLabel) })
        }
        return out
    }()
}

extension RegistryRow {
    /// The row key of a field key (`requests.new.total` → `requests.new`).
    public static func rowKeyOf(_ key: String) -> String {
        guard let dot = key.lastIndex(of: ".") else { return key }
        return String(key[..<dot])
    }
}
