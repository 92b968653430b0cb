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

/// Writes a report as the JSON document, streamed into one byte buffer (no tree in between).
public struct JSONReportWriter: ReportWriter {
    public init() {}

    public func write(_ report: Report, options: WriterOptions) throws -> Data {
        Data(bytes(report, pretty: !options.compact))
    }

    /// The document's bytes: pretty (two-space indent, final line break) or compact.
    public func bytes(_ r: Report, pretty: Bool) -> [UInt8] {
        var j = JSONEmitter(pretty: pretty)
        j.beginObject()
        j.key("format"); j.string(JSONReportFormat.name)
        j.key("version"); j.number(JSONReportFormat.version)
        j.key("template"); j.string(r.metadata.template.rawValue)
        j.key("metadata"); metadata(r.metadata, &j)
        j.key("fields"); j.beginObject()
        for f in r.fieldCellsInRegistryOrder {
            j.key(f.key)
            j.beginObject()
            j.key("text"); j.string(f.cell.text)
            j.key("reading"); JSONReportWriter.reading(f.cell.reading, &j)
            j.endObject()
        }
        j.endObject()
        j.key("front"); blocks(r.front, &j)
        j.key("sections"); j.beginArray()
        for s in r.sections { j.element(); section(s, &j) }
        j.endArray()
        j.endObject()
        return j.finish()
    }

    func metadata(_ m: Metadata, _ j: inout JSONEmitter) {
        j.beginObject()
        j.key("title"); j.optionalString(m.title)
        j.key("agency"); j.optionalString(m.agency)
        j.key("year"); if let y = m.year { j.number(y) } else { j.null() }
        j.key("published"); j.optionalString(m.published)
        j.endObject()
    }

    /// `{"kind": "number", "value": 836.5, "unit": "万元"}` and the other kinds.
    static func reading(_ r: CellReading, _ j: inout JSONEmitter) {
        j.beginObject()
        switch r {
        case .number(let n):
            j.key("kind"); j.string("number")
            j.key("value"); j.number(n.literal)
            if let u = n.unit { j.key("unit"); j.string(u) }
        case .blank:
            j.key("kind"); j.string("blank")
        case .placeholder(let p):
            j.key("kind"); j.string("placeholder")
            j.key("text"); j.string(p)
        case .text(let t):
            j.key("kind"); j.string("text")
            j.key("text"); j.string(t)
        }
        j.endObject()
    }

    /// A line's members (`text`, `layout`), inside an object the caller opened.
    func lineMembers(_ l: Line, _ j: inout JSONEmitter) {
        j.key("text"); j.string(l.text)
        if let lay = l.layout {
            j.key("layout"); j.beginObject()
            j.key("leading"); j.string(lay.leading)
            j.key("trailing"); j.string(lay.trailing)
            j.endObject()
        }
    }

    func section(_ s: Section, _ j: inout JSONEmitter) {
        j.beginObject()
        j.key("heading"); j.beginObject(); lineMembers(s.heading, &j); j.endObject()
        j.key("number"); if let n = s.number { j.number(n) } else { j.null() }
        j.key("kind"); j.string(s.kind.rawValue)
        j.key("blocks"); blocks(s.blocks, &j)
        j.endObject()
    }

    func blocks(_ bs: [Block], _ j: inout JSONEmitter) {
        j.beginArray()
        for b in bs {
            j.element()
            j.beginObject()
            switch b {
            case .paragraph(let l):
                j.key("type"); j.string("paragraph")
                lineMembers(l, &j)
            case .table(let t):
                j.key("type"); j.string("table")
                j.key("table"); if let k = t.kind { j.string(k.rawValue) } else { j.null() }
                j.key("sourceLayout"); j.bool(t.hasSourceLayout)
                j.key("rows"); j.beginArray()
                for r in t.rows { j.element(); row(r, &j) }
                j.endArray()
            }
            j.endObject()
        }
        j.endArray()
    }

    func row(_ r: Row, _ j: inout JSONEmitter) {
        j.beginObject()
        j.key("role"); j.string(r.role.rawValue)
        j.key("cells"); j.beginArray()
        for c in r.cells {
            j.element()
            j.beginObject()
            j.key("text"); j.string(c.text)
            if let k = c.key { j.key("key"); j.string(k) }
            if let b = c.before { j.key("before"); j.string(b) }
            j.endObject()
        }
        j.endArray()
        if let e = r.end { j.key("end"); j.string(e) }
        j.endObject()
    }
}

/// The JSON document as the model codec of formats that embed the model (the workbook's hidden
/// sheet): compact bytes out, the same reader back.
public struct JSONModelCodec: ModelCodec {
    public init() {}

    public func encode(_ report: Report) -> [UInt8] { JSONReportWriter().bytes(report, pretty: false) }

    public func decode(_ bytes: [UInt8], options: ReaderOptions) throws -> Report {
        try JSONReportReader().read(Data(bytes), options: options).report
    }
}
