import Foundation

/// The official report template a report follows, decided from its table labels.
public enum Template: String, Sendable, Hashable, Codable, CaseIterable {
    /// 国办公开办函〔2019〕60号, used for the 2019 and 2020 reports.
    case y2019 = "2019"
    /// 国办公开办函〔2021〕30号, used from the 2021 reports on.
    case y2021 = "2021"
    /// Neither template could be recognised (no standard table, or an older format).
    case unknown = "unknown"

    /// The two official templates, in the order the registry lists them.
    public static let official: [Template] = [.y2019, .y2021]

    /// Hashed by case, not by raw value: the default for a raw-valued enum hashes the string,
    /// and label memo keys hash a template for every cell.
    public func hash(into h: inout Hasher) {
        switch self {
        case .y2019: h.combine(0 as UInt8)
        case .y2021: h.combine(1 as UInt8)
        case .unknown: h.combine(2 as UInt8)
        }
    }
}

/// The three standard tables of a report, named as the registry names them.
public enum StandardTable: String, Sendable, Hashable, Codable, CaseIterable {
    /// 二、主动公开政府信息情况.
    case active = "主动公开"
    /// 三、收到和处理政府信息公开申请情况.
    case requests = "依申请"
    /// 四、政府信息公开行政复议、行政诉讼情况.
    case litigation = "复议诉讼"

    /// Hashed by case: the raw values are Chinese, and hashing them normalises each time.
    public func hash(into h: inout Hasher) {
        switch self {
        case .active: h.combine(0 as UInt8)
        case .requests: h.combine(1 as UInt8)
        case .litigation: h.combine(2 as UInt8)
        }
    }
}

/// What a field may hold.
public enum FieldKind: String, Sendable, Hashable, Codable {
    /// A non-negative whole number.
    case count
    /// A whole number that may be negative (2019 `本年增/减`).
    case signed
    /// A money amount, possibly decimal, possibly with a unit in the cell.
    case amount
}

/// One row of the field registry: a cell of a standard table in one template.
public struct FieldDefinition: Sendable, Hashable {
    /// The stable key, e.g. `requests.new.natural_person`.
    public let key: String
    /// The template this definition belongs to.
    public let template: Template
    /// The standard table holding the field.
    public let table: StandardTable
    /// The group label(s) above the row, space-separated (may be empty).
    public let group: String
    /// The official row label.
    public let row: String
    /// The official column label.
    public let column: String
    /// What the cell may hold.
    public let kind: FieldKind
    /// Position in the registry file (registry order is output order).
    public let order: Int
    /// The key interned (the same id in both templates).
    public let id: FieldID
}

/// A field key interned as a small integer: cells, the recogniser and the writers compare, hash
/// and index fields by it rather than by the key's string. Ids index the distinct keys of the
/// shared registry in file order; they are stable within a build, not across builds — the key
/// string stays the product API.
public struct FieldID: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let index: UInt16

    init(index: Int) { self.index = UInt16(index) }

    /// The id of a registry key, nil for a string that is no key.
    public init?(_ key: String) {
        guard let id = FieldRegistry.shared.id(of: key) else { return nil }
        self = id
    }

    /// The key this id stands for.
    public var key: String { FieldRegistry.shared.keys[Int(index)] }

    public var description: String { key }

    public static func < (a: FieldID, b: FieldID) -> Bool { a.index < b.index }
}

/// A set of fields as bits indexed by id: the recogniser asks "bound yet?" for every field of
/// every row it considers, and a `Set<FieldID>` hashed each question.
public struct FieldIDSet: Sendable, Equatable {
    private var words: [UInt64] = []

    public init() {}

    public func contains(_ id: FieldID) -> Bool {
        let w = Int(id.index) >> 6
        return w < words.count && words[w] & (1 << UInt64(id.index & 63)) != 0
    }

    public mutating func insert(_ id: FieldID) {
        let w = Int(id.index) >> 6
        if w >= words.count { words.append(contentsOf: repeatElement(0, count: w + 1 - words.count)) }
        words[w] |= 1 << UInt64(id.index & 63)
    }

    public mutating func formUnion(_ ids: some Sequence<FieldID>) { for id in ids { insert(id) } }
}

/// The field dictionary, parsed once from the `fields.tsv` copy embedded in this module.
///
/// Every reader, writer, schema and check derives its keys and labels from here; there is no
/// second list anywhere in the code.
public final class FieldRegistry: Sendable {
    /// All definitions, in file order (2019 first, then 2021).
    public let definitions: [FieldDefinition]
    /// The distinct keys in file order; a `FieldID` indexes this.
    public let keys: [String]
    private let ids: [String: FieldID]
    /// Per official template, per id: the definition, nil when the template lacks it.
    private let byID: [[FieldDefinition?]]
    private let byTemplate: [Template: [FieldDefinition]]
    private let index: [Template: [String: FieldDefinition]]
    /// Rows per template and table, computed once: [template index][table index].
    private let rowTable: [[[RegistryRow]]]

    /// The registry of this build.
    public static let shared: FieldRegistry = {
        let text = String(decoding: PackageResources.fields_tsv, as: UTF8.self)
        // The embedded file is part of the build; a malformed copy is a build defect, so the
        // parse below degrades to an empty registry only in theory and tests pin its size.
        return (try? FieldRegistry(tsv: text)) ?? FieldRegistry(definitions: [])
    }()

    /// The registry file exactly as embedded, for `gdconv fields --format tsv`.
    public static var tsvText: String { String(decoding: PackageResources.fields_tsv, as: UTF8.self) }

    public struct ParseError: Error, CustomStringConvertible {
        public let line: Int
        public let message: String
        public var description: String { "fields.tsv:\(line): \(message)" }
    }

    public convenience init(tsv: String) throws {
        var defs: [FieldDefinition] = []
        var ids: [String: FieldID] = [:]
        // Cut on the UTF-8 bytes in place (tab and line feed are ASCII): splitting the String
        // walked every character of 59 KB at each start-up, and splitting its UTF-8 view went
        // through the view's indices byte by byte.
        var text = tsv
        let lines: [[String]] = text.withUTF8 { b in
            var out: [[String]] = []
            var start = 0
            while start <= b.count {
                var end = start
                while end < b.count, b[end] != UInt8(ascii: "\n") { end += 1 }
                var cells: [String] = []
                var c = start
                for k in start...end where k == end || b[k] == UInt8(ascii: "\t") {
                    cells.append(String(decoding: UnsafeBufferPointer(rebasing: b[c..<k]), as: UTF8.self))
                    c = k + 1
                }
                out.append(end > start ? cells : [])
                start = end + 1
            }
            return out
        }
        for (i, p) in lines.enumerated() where i > 0 && !p.isEmpty {
            guard p.count == 7 else { throw ParseError(line: i + 1, message: "expected 7 columns, found \(p.count)") }
            guard let t = Template(rawValue: p[1]), t != .unknown else { throw ParseError(line: i + 1, message: "bad template \(p[1])") }
            guard let table = StandardTable(rawValue: p[2]) else { throw ParseError(line: i + 1, message: "bad table \(p[2])") }
            guard let kind = FieldKind(rawValue: p[6]) else { throw ParseError(line: i + 1, message: "bad kind \(p[6])") }
            let id = ids[p[0]] ?? FieldID(index: ids.count)
            ids[p[0]] = id
            defs.append(FieldDefinition(key: p[0], template: t, table: table, group: p[3], row: p[4], column: p[5], kind: kind, order: defs.count, id: id))
        }
        self.init(definitions: defs)
    }

    init(definitions: [FieldDefinition]) {
        self.definitions = definitions
        var keys: [String] = []
        var ids: [String: FieldID] = [:]
        for d in definitions where ids[d.key] == nil {
            ids[d.key] = d.id
            keys.append(d.key)
        }
        self.keys = keys
        self.ids = ids
        byID = Template.official.map { t in
            var o = [FieldDefinition?](repeating: nil, count: keys.count)
            for d in definitions where d.template == t { o[Int(d.id.index)] = d }
            return o
        }
        var by: [Template: [FieldDefinition]] = [:]
        var idx: [Template: [String: FieldDefinition]] = [:]
        for d in definitions {
            by[d.template, default: []].append(d)
            idx[d.template, default: [:]][d.key] = d
        }
        byTemplate = by
        index = idx
        var rt: [[[RegistryRow]]] = []
        for t in Template.official {
            var perTable: [[RegistryRow]] = []
            for table in StandardTable.allCases {
                var out: [RegistryRow] = []
                for d in (by[t] ?? []) where d.table == table {
                    let rowKey = RegistryRow.rowKey(of: d)
                    if let last = out.last, last.key == rowKey { out[out.count - 1].fields.append(d) } else {
                        out.append(RegistryRow(key: rowKey, group: d.group, label: d.row, fields: [d]))
                    }
                }
                perTable.append(out)
            }
            rt.append(perTable)
        }
        rowTable = rt
    }

    /// The fields of one template in registry order (empty for `.unknown`).
    public func fields(_ template: Template) -> [FieldDefinition] { byTemplate[template] ?? [] }

    /// The fields of one table of one template, in registry order.
    public func fields(_ template: Template, table: StandardTable) -> [FieldDefinition] {
        fields(template).filter { $0.table == table }
    }

    /// The definition of `key` in `template`, if the template has that field.
    public func definition(_ key: String, in template: Template) -> FieldDefinition? { index[template]?[key] }

    /// The registry position of `key` in `template`, if the template has that field.
    public func order(of key: String, in template: Template) -> Int? { index[template]?[key]?.order }

    /// The id of `key`, nil for a string that is no key of this registry.
    public func id(of key: String) -> FieldID? { ids[key] }

    /// The registry position of a field in `template`, nil when the template lacks it.
    public func order(of id: FieldID, in template: Template) -> Int? { definition(of: id, in: template)?.order }

    /// The definition of a field in `template`, nil when the template lacks it.
    public func definition(of id: FieldID, in template: Template) -> FieldDefinition? {
        switch template {
        case .y2019: byID[0][Int(id.index)]
        case .y2021: byID[1][Int(id.index)]
        case .unknown: nil
        }
    }

    /// The definition of a field in whichever template has it (2021 first, then 2019).
    public func anyDefinition(of id: FieldID) -> FieldDefinition? { byID[1][Int(id.index)] ?? byID[0][Int(id.index)] }

    /// The definition of `key` in whichever template has it (2021 first, then 2019).
    public func anyDefinition(_ key: String) -> FieldDefinition? {
        index[.y2021]?[key] ?? index[.y2019]?[key]
    }

    /// The distinct rows of a table in a template, in registry order: (row key prefix, fields).
    public func rows(_ template: Template, table: StandardTable) -> [RegistryRow] {
        guard let ti = Template.official.firstIndex(of: template), let bi = StandardTable.allCases.firstIndex(of: table) else { return [] }
        return rowTable[ti][bi]
    }
}

/// One printed data row of a standard table: the fields it holds, left to right.
public struct RegistryRow: Sendable, Hashable {
    /// The key prefix shared by the row's fields (`requests.outcome.granted`), or for table 3
    /// the block (`review`, `litigation.direct`).
    public let key: String
    /// The group label(s) of the row.
    public let group: String
    /// The official row label (empty for table 3's single data row blocks).
    public let label: String
    /// The fields in column order.
    public var fields: [FieldDefinition]

    static func rowKey(of d: FieldDefinition) -> String {
        guard let dot = d.key.lastIndex(of: ".") else { return d.key }
        return String(d.key[..<dot])
    }
}
