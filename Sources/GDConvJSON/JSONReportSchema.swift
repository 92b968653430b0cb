import Foundation
import GDConvCore

/// The JSON Schema of the report document, generated from the field registry so the schema
/// can never list a key the registry lacks or miss one it has. `schema/gdconv-report.schema.json`
/// is this output; a test fails when the two differ.
public enum JSONReportSchema {
    public static func document(registry: FieldRegistry = .shared) -> JSONValue {
        func s(_ v: String) -> JSONValue { .string(v) }
        func obj(_ kv: [(String, JSONValue)]) -> JSONValue { .object(kv) }
        func ref(_ name: String) -> JSONValue { obj([("$ref", s("#/$defs/\(name)"))]) }
        let string = obj([("type", s("string"))])
        let nullableString = obj([("type", .array([s("string"), s("null")]))])
        let allKeys = registry.definitions.map(\.key)
        var seen = Set<String>()
        let uniqueKeys = allKeys.filter { seen.insert($0).inserted }
        // A key part is what follows a row's keyPrefix: the key's own dot-separated names, as
        // the registry spells them (every registry key matches `keyPartPattern`).
        let name = "[A-Za-z0-9_]+"
        let keyPartPattern = "^\(name)(\\.\(name))*$"
        let keyPrefixPattern = "^(\(name)\\.)+$"
        func keysOf(_ t: Template) -> JSONValue { .array(registry.fields(t).map { s($0.key) }) }

        let field = obj([
            ("type", s("object")),
            ("required", .array([s("text")])),
            ("additionalProperties", .bool(false)),
            ("description", s("The cell text as written; value (and unit) when it is a number, placeholder when it is a dash or 无; neither for a blank or for text that is no number.")),
            ("properties", obj([
                ("text", string),
                ("value", obj([("type", s("number"))])),
                ("unit", string),
                ("placeholder", obj([("const", .bool(true))])),
            ])),
        ])
        let layout = obj([
            ("type", s("object")),
            ("required", .array([s("leading"), s("trailing")])),
            ("additionalProperties", .bool(false)),
            ("properties", obj([("leading", string), ("trailing", string)])),
        ])
        let line = obj([
            ("type", s("object")),
            ("required", .array([s("text")])),
            ("additionalProperties", .bool(false)),
            ("properties", obj([("text", string), ("layout", ref("layout"))])),
        ])
        let paragraph = obj([
            ("type", s("object")),
            ("required", .array([s("type"), s("text")])),
            ("additionalProperties", .bool(false)),
            ("properties", obj([("type", obj([("const", s("paragraph"))])), ("text", string), ("layout", ref("layout"))])),
        ])
        let row = obj([
            ("type", s("object")),
            ("required", .array([s("role"), s("cells")])),
            ("additionalProperties", .bool(false)),
            ("description", s("A printed row: cell texts left to right; keys and before, when present, are parallel to cells.")),
            ("properties", obj([
                ("role", obj([("enum", .array(["header", "data", "unrecognised"].map(s)))])),
                ("cells", obj([("type", s("array")), ("items", string)])),
                ("keyPrefix", obj([
                    ("type", s("string")), ("pattern", s(keyPrefixPattern)),
                    ("description", s("What the row's keys share, written once: a cell's field key is keyPrefix followed by its entry in keys.")),
                ])),
                ("keys", obj([
                    ("type", s("array")), ("items", obj([("type", .array([s("string"), s("null")])), ("pattern", s(keyPartPattern))])),
                    ("description", s("The field key of each cell (after keyPrefix), null for a cell that is no field.")),
                ])),
                ("before", obj([
                    ("type", s("array")), ("items", nullableString),
                    ("description", s("The separator printed before each cell; when shorter than cells, its last item stands for the cells after it.")),
                ])),
                ("end", string),
            ])),
        ])
        let table = obj([
            ("type", s("object")),
            ("required", .array([s("type"), s("table"), s("sourceLayout"), s("rows")])),
            ("additionalProperties", .bool(false)),
            ("properties", obj([
                ("type", obj([("const", s("table"))])),
                ("table", obj([("enum", .array(StandardTable.allCases.map { s($0.rawValue) } + [.null]))])),
                ("sourceLayout", obj([("type", s("boolean"))])),
                ("recovered", obj([("type", s("boolean")), ("description", s("rebuilt from digits run together in the paragraph before it; text output leaves it out"))])),
                ("rows", obj([("type", s("array")), ("items", ref("row"))])),
            ])),
        ])
        let section = obj([
            ("type", s("object")),
            ("required", .array([s("heading"), s("number"), s("kind"), s("blocks")])),
            ("additionalProperties", .bool(false)),
            ("properties", obj([
                ("heading", ref("line")),
                ("number", obj([("type", .array([s("integer"), s("null")])), ("minimum", .number("1"))])),
                ("kind", obj([("enum", .array(SectionKind.allCases.map { s($0.rawValue) }))])),
                ("blocks", obj([("type", s("array")), ("items", ref("block"))])),
            ])),
        ])
        let fieldsFor: (Template) -> JSONValue = { t in
            obj([
                ("if", obj([("properties", obj([("template", obj([("const", s(t.rawValue))]))]))])),
                ("then", obj([("properties", obj([("fields", obj([("propertyNames", obj([("enum", keysOf(t))]))]))]))])),
            ])
        }
        return obj([
            ("$schema", s("https://json-schema.org/draft/2020-12/schema")),
            ("$id", s("urn:gdconv:report:\(JSONReportFormat.version)")),
            ("title", s("gdconv report document, version \(JSONReportFormat.version)")),
            ("description", s("A 政府信息公开工作年度报告 as gdconv's canonical model. Field keys come from the field registry (fields.tsv).")),
            ("type", s("object")),
            ("required", .array(["format", "version", "template", "metadata", "fields", "front", "sections"].map(s))),
            ("additionalProperties", .bool(false)),
            ("properties", obj([
                ("format", obj([("const", s(JSONReportFormat.name))])),
                ("version", obj([("const", .number(String(JSONReportFormat.version)))])),
                ("template", obj([("enum", .array(Template.allCases.map { s($0.rawValue) }))])),
                ("metadata", obj([
                    ("type", s("object")),
                    ("additionalProperties", .bool(false)),
                    ("properties", obj([
                        ("title", nullableString),
                        ("agency", nullableString),
                        ("year", obj([("type", .array([s("integer"), s("null")]))])),
                        ("published", obj([("type", .array([s("string"), s("null")])), ("pattern", s("^[0-9]{4}-[0-9]{2}-[0-9]{2}$"))])),
                    ])),
                ])),
                ("fields", obj([
                    ("type", s("object")),
                    ("propertyNames", obj([("enum", .array(uniqueKeys.map(s)))])),
                    ("additionalProperties", ref("field")),
                ])),
                ("front", obj([("type", s("array")), ("items", ref("block"))])),
                ("sections", obj([("type", s("array")), ("items", ref("section"))])),
            ])),
            ("allOf", .array([fieldsFor(.y2019), fieldsFor(.y2021)])),
            ("$defs", obj([
                ("field", field), ("layout", layout), ("line", line),
                ("block", obj([("oneOf", .array([ref("paragraph"), ref("table")]))])),
                ("paragraph", paragraph), ("table", table), ("row", row), ("section", section),
            ])),
        ])
    }
}
