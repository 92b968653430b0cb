import Foundation
import GDConvCore

/// Reads the JSON document back into the model. Errors name the JSON path (and the line and
/// column for syntax errors). The cells are the truth for layout; the `fields` object is the
/// place to edit values: a field whose text differs from its cell's replaces it, and a field
/// with no cell is added in the template's canonical layout.
public struct JSONReportReader: ReportReader {
    /// Deepest nesting accepted.
    public var maxDepth: Int

    public init(maxDepth: Int = 64) { self.maxDepth = maxDepth }

    struct PathError: Error { let path: String; let message: String }

    public func read(_ data: Data, options: ReaderOptions) throws -> ReadResult {
        var parser = JSONParser(maxDepth: maxDepth)
        let doc: JSONValue
        do { doc = try parser.parse(data) } catch {
            throw ConversionError.malformed(file: options.sourceName, location: .text(line: error.line, column: error.column), message: error.message)
        }
        do {
            return try decode(doc, options: options)
        } catch let e as PathError {
            throw ConversionError.malformed(file: options.sourceName, location: .path(e.path), message: e.message)
        }
    }

    // MARK: - Typed access with paths

    private func object(_ v: JSONValue?, _ path: String) throws -> [(String, JSONValue)] {
        guard case .object(let kv)? = v else { throw PathError(path: path, message: "expected an object") }
        return kv
    }

    private func array(_ v: JSONValue?, _ path: String) throws -> [JSONValue] {
        guard case .array(let a)? = v else { throw PathError(path: path, message: "expected an array") }
        return a
    }

    private func string(_ v: JSONValue?, _ path: String) throws -> String {
        guard case .string(let s)? = v else { throw PathError(path: path, message: "expected a string") }
        return s
    }

    private func optString(_ v: JSONValue?, _ path: String) throws -> String? {
        if v == nil || v == .null { return nil }
        return try string(v, path)
    }

    private func optInt(_ v: JSONValue?, _ path: String) throws -> Int? {
        if v == nil || v == .null { return nil }
        guard case .number(let n)? = v, let i = Int(n) else { throw PathError(path: path, message: "expected a whole number") }
        return i
    }

    private func checkKeys(_ kv: [(String, JSONValue)], allowed: Set<String>, _ path: String) throws {
        for (k, _) in kv where !allowed.contains(k) { throw PathError(path: "\(path).\(k)", message: "unknown member") }
    }

    // MARK: - Decoding

    private func decode(_ doc: JSONValue, options: ReaderOptions) throws -> ReadResult {
        let top = try object(doc, "$")
        try checkKeys(top, allowed: ["format", "version", "template", "metadata", "fields", "front", "sections"], "$")
        guard try string(doc["format"], "$.format") == JSONReportFormat.name else {
            throw PathError(path: "$.format", message: "expected \"\(JSONReportFormat.name)\"")
        }
        guard case .number(let v)? = doc["version"], let version = Int(v), JSONReportFormat.readable.contains(version) else {
            throw PathError(path: "$.version", message: "unsupported version (this gdconv reads versions \(JSONReportFormat.readable.dropLast().map(String.init).joined(separator: ", ")) and \(JSONReportFormat.readable.last!))")
        }
        let tname = try string(doc["template"], "$.template")
        guard let template = Template(rawValue: tname) else { throw PathError(path: "$.template", message: "expected \"2019\", \"2021\" or \"unknown\"") }
        var report = Report()
        let md = try object(doc["metadata"] ?? .object([]), "$.metadata")
        try checkKeys(md, allowed: ["title", "agency", "year", "published"], "$.metadata")
        let m = doc["metadata"] ?? .object([])
        report.metadata = Metadata(
            title: try optString(m["title"], "$.metadata.title"),
            agency: try optString(m["agency"], "$.metadata.agency"),
            year: try optInt(m["year"], "$.metadata.year"),
            published: try optString(m["published"], "$.metadata.published"),
            template: options.template ?? template)
        if let p = report.metadata.published, p.range(of: #"^\d{4}-\d{2}-\d{2}$"#, options: .regularExpression) == nil {
            throw PathError(path: "$.metadata.published", message: "expected a date YYYY-MM-DD")
        }
        report.front = try array(doc["front"] ?? .array([]), "$.front").enumerated().map { try block($1, "$.front[\($0)]", version: version) }
        report.sections = try array(doc["sections"] ?? .array([]), "$.sections").enumerated().map { try section($1, "$.sections[\($0)]", version: version) }
        let diags = DiagnosticCollector()
        if let f = doc["fields"] { try applyFields(f, to: &report, version: version, diagnostics: diags) }
        return ReadResult(report: report, diagnostics: diags.diagnostics)
    }

    private func line(_ v: JSONValue, _ path: String) throws -> Line {
        let kv = try object(v, path)
        try checkKeys(kv, allowed: ["type", "text", "layout"], path)
        var l = Line(try string(v["text"], "\(path).text"))
        if let lay = v["layout"], lay != .null {
            let lkv = try object(lay, "\(path).layout")
            try checkKeys(lkv, allowed: ["leading", "trailing"], "\(path).layout")
            l.layout = LineLayout(leading: try string(lay["leading"], "\(path).layout.leading"), trailing: try string(lay["trailing"], "\(path).layout.trailing"))
        }
        return l
    }

    private func section(_ v: JSONValue, _ path: String, version: Int) throws -> Section {
        let kv = try object(v, path)
        try checkKeys(kv, allowed: ["heading", "number", "kind", "blocks"], path)
        let kindName = try string(v["kind"], "\(path).kind")
        guard let kind = SectionKind(rawValue: kindName) else { throw PathError(path: "\(path).kind", message: "unknown section kind \"\(kindName)\"") }
        guard let h = v["heading"] else { throw PathError(path: "\(path).heading", message: "missing") }
        return Section(
            heading: try line(h, "\(path).heading"),
            number: try optInt(v["number"], "\(path).number"),
            kind: kind,
            blocks: try array(v["blocks"] ?? .array([]), "\(path).blocks").enumerated().map { try block($1, "\(path).blocks[\($0)]", version: version) })
    }

    private func block(_ v: JSONValue, _ path: String, version: Int) throws -> Block {
        _ = try object(v, path)
        switch try string(v["type"], "\(path).type") {
        case "paragraph": return .paragraph(try line(v, path))
        case "table": return .table(try table(v, path, version: version))
        case let other: throw PathError(path: "\(path).type", message: "unknown block type \"\(other)\"")
        }
    }

    private func table(_ v: JSONValue, _ path: String, version: Int) throws -> Table {
        let kv = try object(v, path)
        try checkKeys(kv, allowed: ["type", "table", "sourceLayout", "recovered", "rows"], path)
        var kind: StandardTable? = nil
        if let k = try optString(v["table"], "\(path).table") {
            guard let t = StandardTable(rawValue: k) else { throw PathError(path: "\(path).table", message: "unknown table \"\(k)\"") }
            kind = t
        }
        var layout = false
        if let l = v["sourceLayout"] {
            guard case .bool(let b) = l else { throw PathError(path: "\(path).sourceLayout", message: "expected true or false") }
            layout = b
        }
        var recovered = false
        if let r = v["recovered"] {
            guard case .bool(let b) = r else { throw PathError(path: "\(path).recovered", message: "expected true or false") }
            recovered = b
        }
        let rows = try array(v["rows"] ?? .array([]), "\(path).rows").enumerated().map { (ri, rv) -> Row in
            let rp = "\(path).rows[\(ri)]"
            let rkv = try object(rv, rp)
            try checkKeys(rkv, allowed: version == 1 ? ["role", "cells", "end"] : version == 2 ? ["role", "cells", "keys", "before", "end"]
                                                : ["role", "cells", "keyPrefix", "keys", "before", "end"], rp)
            let roleName = try string(rv["role"] ?? .string("unrecognised"), "\(rp).role")
            guard let role = RowRole(rawValue: roleName) else { throw PathError(path: "\(rp).role", message: "unknown role \"\(roleName)\"") }
            let cells = version == 1 ? try cellsV1(rv, rp) : try cellsV2(rv, rp, version: version)
            return Row(cells: cells, role: role, end: try optString(rv["end"], "\(rp).end"))
        }
        return Table(kind: kind, rows: rows, hasSourceLayout: layout, isRecovered: recovered)
    }

    private func fieldKey(_ v: JSONValue?, _ path: String, prefix: String = "") throws -> String? {
        let key = try optString(v, path).map { prefix + $0 }
        if let key, FieldRegistry.shared.anyDefinition(key) == nil {
            throw PathError(path: path, message: "\"\(key)\" is not a field key of the registry")
        }
        return key
    }

    /// Version 1: `cells` is an array of `{"text", "key"?, "before"?}`.
    private func cellsV1(_ rv: JSONValue, _ rp: String) throws -> [Cell] {
        try array(rv["cells"] ?? .array([]), "\(rp).cells").enumerated().map { (ci, cv) -> Cell in
            let cp = "\(rp).cells[\(ci)]"
            let ckv = try object(cv, cp)
            try checkKeys(ckv, allowed: ["text", "key", "before"], cp)
            return Cell(try string(cv["text"], "\(cp).text"), key: try fieldKey(cv["key"], "\(cp).key"), before: try optString(cv["before"], "\(cp).before"), location: .path(cp))
        }
    }

    /// Versions 2 and 3: `cells` is an array of strings; `keys` and `before`, when present, are
    /// arrays of the same length (null where a cell has none). Version 3 adds `keyPrefix`, put
    /// before each key, and lets `before` be shorter: its last item stands for the rest.
    private func cellsV2(_ rv: JSONValue, _ rp: String, version: Int) throws -> [Cell] {
        let texts = try array(rv["cells"] ?? .array([]), "\(rp).cells")
        let prefix = version >= 3 ? try optString(rv["keyPrefix"], "\(rp).keyPrefix") ?? "" : ""
        func parallel(_ name: String) throws -> [JSONValue]? {
            guard let a = rv[name], a != .null else { return nil }
            var items = try array(a, "\(rp).\(name)")
            if version >= 3, name == "before", let last = items.last, items.count < texts.count {
                items += repeatElement(last, count: texts.count - items.count)
            }
            guard items.count == texts.count else {
                throw PathError(path: "\(rp).\(name)", message: "has \(items.count) item(s) for \(texts.count) cell(s)")
            }
            return items
        }
        let keys = try parallel("keys"), before = try parallel("before")
        return try texts.enumerated().map { (ci, tv) -> Cell in
            let cp = "\(rp).cells[\(ci)]"
            return Cell(try string(tv, cp), key: try keys.flatMap { try fieldKey($0[ci], "\(rp).keys[\(ci)]", prefix: prefix) },
                        before: try before.flatMap { try optString($0[ci], "\(rp).before[\(ci)]") }, location: .path(cp))
        }
    }

    /// Applies the `fields` object: edits win over the cells; new fields get canonical cells.
    private func applyFields(_ v: JSONValue, to report: inout Report, version: Int, diagnostics: DiagnosticCollector) throws {
        let kv = try object(v, "$.fields")
        var texts: [(key: String, text: String)] = []
        for (key, fv) in kv {
            let path = "$.fields[\"\(key)\"]"
            let fkv = try object(fv, path)
            try checkKeys(fkv, allowed: version == 1 ? ["text", "reading"] : ["text", "value", "unit", "placeholder"], path)
            let text = try string(fv["text"], "\(path).text")
            texts.append((key, text))
            // `value` is derived from `text`; an edit to it alone would be lost without a word.
            let given = version == 1 ? fv["reading"]?["value"] : fv["value"]
            if case .number(let literal)? = given {
                let fromText = CellReading(text: text).number.map { $0.value }
                if fromText != Decimal(string: literal, locale: Locale(identifier: "en_US_POSIX")) {
                    diagnostics.warning("json-value", "value \(literal) disagrees with text \"\(text)\"; the text is what counts (edit text to change a value)", at: .path("\(path).value"))
                }
            }
        }
        do { try report.applyFieldTexts(texts) } catch {
            throw PathError(path: "$.fields[\"\(error.key)\"]", message: error.message)
        }
    }
}
