import Foundation
import GDConvCore

/// The versioned JSON document: the whole model, in a stable key order. See README
/// ("JSON document") and `schema/gdconv-report.schema.json`.
public enum JSONReportFormat {
    /// The `format` member of every document.
    public static let name = "gdconv-report"
    /// The `version` member; a reader refuses other major versions.
    public static let version = 1
}

/// Writes a report as the JSON document.
public struct JSONReportWriter: ReportWriter {
    public init() {}

    public func write(_ report: Report, options: WriterOptions) throws -> Data {
        Data(document(report).serializedBytes(pretty: !options.compact))
    }

    public func document(_ r: Report) -> JSONValue {
        var top: [(String, JSONValue)] = [
            ("format", .string(JSONReportFormat.name)),
            ("version", .number(String(JSONReportFormat.version))),
            ("template", .string(r.metadata.template.rawValue)),
            ("metadata", metadata(r.metadata)),
        ]
        var fields: [(String, JSONValue)] = []
        for f in r.fieldCellsInRegistryOrder { fields.append((f.key, fieldValue(f.cell))) }
        top.append(("fields", .object(fields)))
        top.append(("front", .array(r.front.map(block))))
        top.append(("sections", .array(r.sections.map(section))))
        return .object(top)
    }

    func opt(_ s: String?) -> JSONValue { s.map { .string($0) } ?? .null }

    func metadata(_ m: Metadata) -> JSONValue {
        .object([
            ("title", opt(m.title)),
            ("agency", opt(m.agency)),
            ("year", m.year.map { .number(String($0)) } ?? .null),
            ("published", opt(m.published)),
        ])
    }

    /// `{"text": "836.5万元", "reading": {"kind": "number", "value": 836.5, "unit": "万元"}}`.
    func fieldValue(_ c: Cell) -> JSONValue {
        .object([("text", .string(c.text)), ("reading", JSONReportWriter.reading(c.reading))])
    }

    static func reading(_ r: CellReading) -> JSONValue {
        switch r {
        case .number(let n):
            var kv: [(String, JSONValue)] = [("kind", .string("number")), ("value", .number(n.literal))]
            if let u = n.unit { kv.append(("unit", .string(u))) }
            return .object(kv)
        case .blank: return .object([("kind", .string("blank"))])
        case .placeholder(let p): return .object([("kind", .string("placeholder")), ("text", .string(p))])
        case .text(let t): return .object([("kind", .string("text")), ("text", .string(t))])
        }
    }

    func line(_ l: Line) -> JSONValue {
        var kv: [(String, JSONValue)] = [("text", .string(l.text))]
        if let lay = l.layout { kv.append(("layout", .object([("leading", .string(lay.leading)), ("trailing", .string(lay.trailing))]))) }
        return .object(kv)
    }

    func section(_ s: Section) -> JSONValue {
        .object([
            ("heading", line(s.heading)),
            ("number", s.number.map { .number(String($0)) } ?? .null),
            ("kind", .string(s.kind.rawValue)),
            ("blocks", .array(s.blocks.map(block))),
        ])
    }

    func block(_ b: Block) -> JSONValue {
        switch b {
        case .paragraph(let l):
            if case .object(let kv) = line(l) { return .object([("type", .string("paragraph"))] + kv) }
            return .null
        case .table(let t):
            return .object([
                ("type", .string("table")),
                ("table", t.kind.map { .string($0.rawValue) } ?? .null),
                ("sourceLayout", .bool(t.hasSourceLayout)),
                ("rows", .array(t.rows.map(row))),
            ])
        }
    }

    func row(_ r: Row) -> JSONValue {
        var kv: [(String, JSONValue)] = [("role", .string(r.role.rawValue)), ("cells", .array(r.cells.map(cell)))]
        if let e = r.end { kv.append(("end", .string(e))) }
        return .object(kv)
    }

    func cell(_ c: Cell) -> JSONValue {
        var kv: [(String, JSONValue)] = [("text", .string(c.text))]
        if let k = c.key { kv.append(("key", .string(k))) }
        if let b = c.before { kv.append(("before", .string(b))) }
        return .object(kv)
    }
}
