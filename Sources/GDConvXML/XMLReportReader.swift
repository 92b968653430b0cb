import Foundation
import GDConvCore
import GDConvLibXML
internal import CLibXML2

/// Reads gdconv XML back into the model, safely: no network, no DTD (so no external entities
/// and no entity expansion), bounded size and depth, validated against the XSD with libxml2.
/// Errors name the line (and XPath) of the offending node.
public struct XMLReportReader: ReportReader {
    /// Largest document accepted, in bytes.
    public var maxBytes: Int
    /// Deepest element nesting accepted.
    public var maxDepth: Int

    public init(maxBytes: Int = 256 << 20, maxDepth: Int = 32) {
        self.maxBytes = maxBytes
        self.maxDepth = maxDepth
    }

    struct NodeError: Error { let line: Int; let path: String; let message: String }

    public func read(_ data: Data, options: ReaderOptions) throws -> ReadResult {
        let name = options.sourceName
        guard data.count <= maxBytes else { throw ConversionError.limitExceeded(file: name, message: "XML larger than \(maxBytes >> 20) MB") }
        if let line = XMLReportReader.doctypeLine(data) {
            throw ConversionError.malformed(file: name, location: .line(line), message: "a DOCTYPE is not allowed in gdconv XML (DTDs, external entities and entity expansion are refused)")
        }
        let sink = XMLErrorSink()
        guard let doc = XMLDocumentHandle.parse(data, name: name, sink: sink) else {
            let p = sink.problems.first
            throw ConversionError.malformed(file: name, location: p.map { .text(line: $0.line, column: max($0.column, 1)) }, message: p?.message ?? "not well-formed XML")
        }
        if doc.hasDTD { throw ConversionError.malformed(file: name, location: .line(1), message: "a DTD is not allowed in gdconv XML") }
        guard let root = doc.root else { throw ConversionError.malformed(file: name, location: nil, message: "empty XML document") }
        guard LibXMLNode.name(root) == "report", LibXMLNode.namespace(root) == XMLReportSchema.namespace else {
            throw ConversionError.malformed(file: name, location: .line(LibXMLNode.line(root)), message: "expected <report xmlns=\"\(XMLReportSchema.namespace)\">, found <\(LibXMLNode.name(root))>")
        }
        if let v = LibXMLNode.attribute(root, "version"), v != String(XMLReportSchema.version) {
            throw ConversionError.malformed(file: name, location: .line(LibXMLNode.line(root)), message: "unsupported version \(v) (this gdconv reads version \(XMLReportSchema.version))")
        }
        try checkDepth(root, depth: 0, name: name)
        try checkFieldKeysUnique(root, name: name)
        try validate(doc, name: name)
        do {
            return ReadResult(report: try decode(root, options: options), diagnostics: [])
        } catch let e as NodeError {
            throw ConversionError.malformed(file: name, location: .line(e.line), message: "\(e.message) (at \(e.path))")
        }
    }

    /// The line of a `<!DOCTYPE`, found before parsing so no DTD is ever processed.
    static func doctypeLine(_ data: Data) -> Int? {
        let needle = Array("<!DOCTYPE".utf8)
        return data.withUnsafeBytes { raw -> Int? in
            let b = raw.bindMemory(to: UInt8.self)
            var line = 1
            var i = 0
            while i + needle.count <= b.count {
                if b[i] == 0x0A { line += 1 }
                if b[i] == 0x3C, b[i + 1] == 0x21 {
                    var k = 0
                    while k < needle.count, b[i + k] == needle[k] || (k >= 2 && b[i + k] | 0x20 == needle[k] | 0x20) { k += 1 }
                    if k == needle.count { return line }
                }
                i += 1
            }
            return nil
        }
    }

    private func checkDepth(_ n: xmlNodePtr, depth: Int, name: String) throws {
        guard depth <= maxDepth else {
            throw ConversionError.limitExceeded(file: name, message: "XML nested deeper than \(maxDepth) levels at line \(LibXMLNode.line(n))")
        }
        for c in LibXMLNode.elements(n) { try checkDepth(c, depth: depth + 1, name: name) }
    }

    /// The schema's `xs:unique` on field keys is quadratic in libxml2 (16,000 fields took 20 s),
    /// so duplicates are found here first, in one pass; the schema then never sees more fields
    /// than there are keys.
    private func checkFieldKeysUnique(_ root: xmlNodePtr, name: String) throws {
        for fields in LibXMLNode.elements(root) where LibXMLNode.name(fields) == "fields" {
            var seen = Set<String>()
            for f in LibXMLNode.elements(fields) where LibXMLNode.name(f) == "field" {
                guard let key = LibXMLNode.attribute(f, "key") else { continue }
                guard FieldID(key) != nil else {
                    throw ConversionError.malformed(file: name, location: .line(LibXMLNode.line(f)), message: "does not match the gdconv XML schema: \"\(key)\" is not a field key of the registry")
                }
                if !seen.insert(key).inserted {
                    throw ConversionError.malformed(file: name, location: .line(LibXMLNode.line(f)), message: "does not match the gdconv XML schema: the field \(key) is given twice")
                }
            }
        }
    }

    /// Validates against the XSD generated from the registry, with libxml2's schema validator.
    private func validate(_ doc: XMLDocumentHandle, name: String) throws {
        let sink = XMLErrorSink()
        let xsd = XMLReportSchema.document()
        let ok: Bool = sink.capturing {
            xsd.withCString { p -> Bool in
                guard let pctx = xmlSchemaNewMemParserCtxt(p, Int32(strlen(p))) else { return false }
                defer { xmlSchemaFreeParserCtxt(pctx) }
                xmlSchemaSetParserStructuredErrors(pctx, XMLErrorSink.handler, sink.context)
                guard let schema = xmlSchemaParse(pctx) else { return false }
                defer { xmlSchemaFree(schema) }
                guard let vctx = xmlSchemaNewValidCtxt(schema) else { return false }
                defer { xmlSchemaFreeValidCtxt(vctx) }
                xmlSchemaSetValidStructuredErrors(vctx, XMLErrorSink.handler, sink.context)
                return xmlSchemaValidateDoc(vctx, doc.doc) == 0
            }
        }
        if !ok {
            let p = sink.problems.first
            throw ConversionError.malformed(file: name, location: p.map { .line($0.line) }, message: "does not match the gdconv XML schema: \(p?.message ?? "validation failed")")
        }
    }

    // MARK: - Mapping

    private func fail(_ n: xmlNodePtr, _ message: String) -> NodeError {
        NodeError(line: LibXMLNode.line(n), path: LibXMLNode.path(n), message: message)
    }

    private func decode(_ root: xmlNodePtr, options: ReaderOptions) throws -> Report {
        var report = Report()
        guard let t = Template(rawValue: LibXMLNode.attribute(root, "template") ?? "") else { throw fail(root, "bad template") }
        report.metadata.template = options.template ?? t
        var fieldTexts: [(key: String, text: String)] = []
        for e in LibXMLNode.elements(root) {
            switch LibXMLNode.name(e) {
            case "metadata":
                for m in LibXMLNode.elements(e) {
                    let v = LibXMLNode.text(m)
                    switch LibXMLNode.name(m) {
                    case "title": report.metadata.title = v
                    case "agency": report.metadata.agency = v
                    case "year": report.metadata.year = Int(v)
                    case "published": report.metadata.published = v
                    default: throw fail(m, "unknown metadata element")
                    }
                }
            case "fields":
                for f in LibXMLNode.elements(e) {
                    guard let key = LibXMLNode.attribute(f, "key") else { throw fail(f, "field without key") }
                    let source = LibXMLNode.elements(f).first { LibXMLNode.name($0) == "source" }.map(LibXMLNode.text) ?? ""
                    fieldTexts.append((key, source))
                }
            case "front":
                report.front = try LibXMLNode.elements(e).map(block)
            case "section":
                let els = LibXMLNode.elements(e)
                guard let h = els.first, LibXMLNode.name(h) == "heading" else { throw fail(e, "a section starts with <heading>") }
                guard let kind = SectionKind(rawValue: LibXMLNode.attribute(e, "kind") ?? "") else { throw fail(e, "bad section kind") }
                report.sections.append(Section(heading: line(h), number: LibXMLNode.attribute(e, "number").flatMap { Int($0) }, kind: kind,
                                               blocks: try els.dropFirst().map(block)))
            default:
                throw fail(e, "unknown element <\(LibXMLNode.name(e))>")
            }
        }
        do { try report.applyFieldTexts(fieldTexts) } catch {
            throw NodeError(line: LibXMLNode.line(root), path: "/report/fields/field[@key='\(error.key)']", message: error.message)
        }
        return report
    }

    private func line(_ n: xmlNodePtr) -> Line {
        var l = Line(LibXMLNode.text(n))
        if let lead = LibXMLNode.attribute(n, "leading"), let trail = LibXMLNode.attribute(n, "trailing") {
            l.layout = LineLayout(leading: lead, trailing: trail)
        }
        return l
    }

    private func block(_ n: xmlNodePtr) throws -> Block {
        switch LibXMLNode.name(n) {
        case "paragraph": return .paragraph(line(n))
        case "table":
            let kind = LibXMLNode.attribute(n, "kind").flatMap(StandardTable.init(rawValue:))
            let layout = LibXMLNode.attribute(n, "source-layout") == "true" || LibXMLNode.attribute(n, "source-layout") == "1"
            var rows: [Row] = []
            for r in LibXMLNode.elements(n) {
                guard let role = RowRole(rawValue: LibXMLNode.attribute(r, "role") ?? "") else { throw fail(r, "bad row role") }
                let cells = try LibXMLNode.elements(r).map { c in
                    var field: FieldID? = nil
                    if let key = LibXMLNode.attribute(c, "key") {
                        // The schema lists the keys; this holds even when validation is off.
                        guard let id = FieldID(key) else { throw fail(c, "\"\(key)\" is not a field key of the registry") }
                        field = id
                    }
                    return Cell(LibXMLNode.text(c), field: field, before: LibXMLNode.attribute(c, "before"), location: .line(LibXMLNode.line(c)))
                }
                rows.append(Row(cells: cells, role: role, end: LibXMLNode.attribute(r, "end")))
            }
            let recovered = LibXMLNode.attribute(n, "recovered") == "true" || LibXMLNode.attribute(n, "recovered") == "1"
            return .table(Table(kind: kind, rows: rows, hasSourceLayout: layout, isRecovered: recovered))
        default:
            throw fail(n, "unknown block <\(LibXMLNode.name(n))>")
        }
    }
}
