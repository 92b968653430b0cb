import Foundation
import GDConvCore
import GDConvLibXML

/// Writes the report as XML on libxml2's xmlTextWriter: UTF-8, one namespace, a format version,
/// indented. The structure maps one-to-one onto the model (see README, "XML").
public struct XMLReportWriter: ReportWriter {
    public init() {}

    public func write(_ report: Report, options: WriterOptions) throws -> Data {
        try XMLReportWriter.checkCharacters(report)
        guard let w = XMLStreamWriter() else { throw ConversionError.library(name: "libxml2", message: "cannot create an XML writer") }
        let m = report.metadata
        w.startDocument()
        w.startNS("report", uri: XMLReportSchema.namespace)
        w.attribute("version", String(XMLReportSchema.version))
        w.attribute("template", m.template.rawValue)
        w.start("metadata")
        if let t = m.title { w.element("title", t) }
        if let a = m.agency { w.element("agency", a) }
        if let y = m.year { w.element("year", String(format: "%04d", y)) }
        if let p = m.published { w.element("published", p) }
        w.end()
        w.start("fields")
        let reg = FieldRegistry.shared
        for f in report.fieldCellsInRegistryOrder {
            w.start("field")
            w.attribute("key", f.key)
            if let d = reg.definition(f.key, in: m.template) ?? reg.anyDefinition(f.key) {
                w.attribute("table", d.table.rawValue)
                if !d.group.isEmpty { w.attribute("group", d.group) }
                if !d.row.isEmpty { w.attribute("row", d.row) }
                w.attribute("column", d.column)
            }
            w.element("source", f.cell.text)
            switch f.cell.reading {
            case .number(let n):
                w.start("number")
                if let u = n.unit { w.attribute("unit", u) }
                w.text(n.literal)
                w.end()
            case .blank: w.start("blank"); w.end()
            case .placeholder(let p): w.element("placeholder", p)
            case .text(let t): w.element("text", t)
            }
            w.end()
        }
        w.end()
        w.start("front")
        for b in report.front { block(b, w) }
        w.end()
        for s in report.sections {
            w.start("section")
            if let n = s.number { w.attribute("number", String(n)) }
            w.attribute("kind", s.kind.rawValue)
            line("heading", s.heading, w)
            for b in s.blocks { block(b, w) }
            w.end()
        }
        w.end()
        guard let data = w.finish() else { throw ConversionError.library(name: "libxml2", message: "writing XML failed") }
        return data
    }

    func line(_ name: String, _ l: Line, _ w: XMLStreamWriter) {
        w.start(name)
        if let lay = l.layout {
            w.attribute("leading", lay.leading)
            w.attribute("trailing", lay.trailing)
        }
        w.text(l.text)
        w.end()
    }

    func block(_ b: Block, _ w: XMLStreamWriter) {
        switch b {
        case .paragraph(let l): line("paragraph", l, w)
        case .table(let t):
            w.start("table")
            if let k = t.kind { w.attribute("kind", k.rawValue) }
            w.attribute("source-layout", t.hasSourceLayout ? "true" : "false")
            if t.isRecovered { w.attribute("recovered", "true") }
            for r in t.rows {
                w.start("row")
                w.attribute("role", r.role.rawValue)
                if let e = r.end { w.attribute("end", e) }
                for c in r.cells {
                    w.start("cell")
                    if let k = c.key { w.attribute("key", k) }
                    if let b = c.before { w.attribute("before", b) }
                    w.text(c.text)
                    w.end()
                }
                w.end()
            }
            w.end()
        }
    }

    /// XML 1.0 cannot carry most control characters; say which one and where instead of
    /// silently dropping it.
    static func checkCharacters(_ r: Report) throws {
        func check(_ s: String, _ place: String) throws {
            for u in s.unicodeScalars where (u.value < 0x20 && u != "\n" && u != "\r" && u != "\t") || u.value == 0xFFFE || u.value == 0xFFFF {
                throw ConversionError.unsupported("XML cannot carry the control character U+\(String(format: "%04X", u.value)) in \(place)")
            }
        }
        func lines(_ l: Line, _ place: String) throws {
            try check(l.text, place)
            if let lay = l.layout { try check(lay.leading, place); try check(lay.trailing, place) }
        }
        func blocks(_ bs: [Block], _ place: String) throws {
            for b in bs {
                switch b {
                case .paragraph(let l): try lines(l, "a paragraph of \(place)")
                case .table(let t):
                    for r in t.rows {
                        try check(r.end ?? "", "a table of \(place)")
                        for c in r.cells { try check(c.text, "a table cell of \(place)"); try check(c.before ?? "", "a table of \(place)") }
                    }
                }
            }
        }
        try check([r.metadata.title, r.metadata.agency].compactMap { $0 }.joined(), "the metadata")
        try blocks(r.front, "the front matter")
        for s in r.sections {
            try lines(s.heading, "the heading \(s.heading.text)")
            try blocks(s.blocks, s.heading.text)
        }
    }
}
