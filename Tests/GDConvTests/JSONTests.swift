import Foundation
import Testing
@testable import GDConvKit
@testable import GDConvJSON

@Suite("JSON document")
struct JSONTests {
    @Test func committedSchemaIsTheGeneratedOne() throws {
        let committed = try String(contentsOf: Paths.root.appendingPathComponent("schema/gdconv-report.schema.json"), encoding: .utf8)
        let generated = JSONReportSchema.document().serialized(pretty: true)
        #expect(committed == generated, "schema/gdconv-report.schema.json is stale: run `gdconv schema json > schema/gdconv-report.schema.json`")
    }

    @Test func schemaListsExactlyTheRegistryKeys() throws {
        let schema = JSONReportSchema.document()
        guard case .array(let keys)? = schema["properties"]?["fields"]?["propertyNames"]?["enum"] else { Issue.record("no key enum"); return }
        let listed = Set(keys.compactMap { if case .string(let s) = $0 { s } else { nil } })
        #expect(listed == Set(FieldRegistry.shared.definitions.map(\.key)))
    }

    /// Validates every corpus file's JSON (and a generated report of each template) with
    /// Python's jsonschema against the committed schema.
    @Test func everyOutputValidatesAgainstTheSchema() throws {
        let dir = try tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        var files: [String] = []
        for name in Paths.corpusFiles {
            let r = try readText(corpusData(name), name: name).report
            let out = dir.appendingPathComponent(name + ".json")
            try writeJSON(r).write(to: out)
            files.append(out.path)
        }
        for (i, t) in Template.official.enumerated() {
            let g = SyntheticReport(seed: UInt64(900 + i), template: t)
            let out = dir.appendingPathComponent("gen-\(t.rawValue).json")
            try writeJSON(try readText(g.text).report).write(to: out)
            files.append(out.path)
        }
        let script = """
        import json, sys, jsonschema
        schema = json.load(open(sys.argv[1]))
        jsonschema.Draft202012Validator.check_schema(schema)
        v = jsonschema.Draft202012Validator(schema)
        bad = 0
        for f in sys.argv[2:]:
            for e in v.iter_errors(json.load(open(f))):
                bad += 1; print(f, list(e.absolute_path), e.message[:200])
        print("validated", len(sys.argv) - 2)
        sys.exit(1 if bad else 0)
        """
        let (status, out) = try python(script, [Paths.root.appendingPathComponent("schema/gdconv-report.schema.json").path] + files)
        #expect(status == 0, "schema validation failed (is python3-jsonschema installed? `make deps`):\n\(out)")
        #expect(out.contains("validated \(files.count)"))
    }

    @Test func keyOrderIsStableAndDocumentIsVersioned() throws {
        let r = try readText(corpusData("seed-luojiang-2020.txt")).report
        let s = String(decoding: try writeJSON(r), as: UTF8.self)
        #expect(s.hasPrefix("{\n  \"format\": \"gdconv-report\",\n  \"version\": 3,\n  \"template\": \"2019\",\n  \"metadata\": {"))
        let compact = String(decoding: try JSONReportWriter().write(r, options: WriterOptions(compact: true)), as: UTF8.self)
        #expect(!compact.contains("\n"))
        #expect(try readJSON(Data(compact.utf8)) == r)
    }

    @Test func exactDecimalsSurvive() throws {
        let r = try readText(corpusData("010-shijiazhuang-zhongshan-street-2021-excerpt.txt")).report
        let s = String(decoding: try writeJSON(r), as: UTF8.self)
        #expect(s.contains("\"value\": 0.092"))
        #expect(try readJSON(writeJSON(r)).reading("active.fees.amount") == CellReading(text: "0.092"))
    }

    func error(_ json: String) -> String {
        do {
            _ = try JSONReportReader().read(Data(json.utf8), options: ReaderOptions(sourceName: "bad.json"))
            return "no error"
        } catch { return "\(error)" }
    }

    @Test func syntaxErrorsNameLineAndColumn() {
        #expect(error("{\n  \"format\": \"gdconv-report\",\n  \"version\": 1,\n  oops\n}") == "bad.json:4:3: error: expected a quoted key")
        #expect(error("{\"a\": [1, 2") .contains("bad.json:1:"))
        #expect(error("").contains("unexpected end"))
        #expect(error(String(repeating: "[", count: 500)).contains("nesting deeper"))
    }

    @Test func schemaViolationsNameTheJSONPath() {
        let base = #"{"format":"gdconv-report","version":1,"template":"2021","metadata":{},"fields":{},"front":[],"sections":[%@]}"#
        func doc(_ sections: String) -> String { base.replacingOccurrences(of: "%@", with: sections) }
        #expect(error(doc(#"{"heading":{"text":"x"},"number":1,"kind":"bogus","blocks":[]}"#)) == "bad.json:$.sections[0].kind: error: unknown section kind \"bogus\"")
        #expect(error(doc(#"{"heading":{"text":"x"},"number":1,"kind":"active","blocks":[{"type":"table","table":"主动公开","sourceLayout":false,"rows":[{"role":"data","cells":[{"text":"1","key":"no.such.key"}]}]}]}"#))
            == "bad.json:$.sections[0].blocks[0].rows[0].cells[0].key: error: \"no.such.key\" is not a field key of the registry")
        #expect(error(#"{"format":"gdconv-report","version":4}"#) == "bad.json:$.version: error: unsupported version (this gdconv reads versions 1, 2 and 3)")
        #expect(error(#"{"format":"other","version":1}"#).contains("$.format"))
        #expect(error(#"{"format":"gdconv-report","version":1,"template":"2021","extra":1}"#).contains("$.extra: error: unknown member"))
        #expect(error(#"{"format":"gdconv-report","version":1,"template":"2021","fields":{"requests.outcome.other.total":{"text":"1"}}}"#).contains("not a field of the 2021 template"))
    }

    @Test func editingAFieldInJSONChangesTheCellAndTheText() throws {
        let r = try readText(corpusData("seed-luojiang-2020.txt")).report
        var s = String(decoding: try writeJSON(r), as: UTF8.self)
        let old = "\"requests.new.natural_person\": {\"text\": \"0\", \"value\": 0}"
        #expect(s.contains(old))
        s = s.replacingOccurrences(of: old, with: "\"requests.new.natural_person\": {\"text\": \"12\"}")
        let edited = try readJSON(Data(s.utf8))
        #expect(edited.reading("requests.new.natural_person")?.number?.literal == "12")
        let text = TextWriter().render(edited)
        #expect(text.contains("一、本年新收政府信息公开申请数量 | 12 | 0 |"))
    }

    @Test func handWrittenFieldsOnlyDocumentGetsTheCanonicalLayout() throws {
        let json = #"{"format":"gdconv-report","version":1,"template":"2021","metadata":{"agency":"某局","year":2023},"fields":{"active.licensing.decisions":{"text":"12"},"review.total":{"text":"3"},"requests.new.total":{"text":""}},"front":[],"sections":[]}"#
        let r = try readJSON(Data(json.utf8))
        #expect(factValues(r) == ["active.licensing.decisions": "12", "review.total": "3", "requests.new.total": "blank"])
        #expect(r.sections.map(\.kind) == [.active, .requests, .litigation])
        let text = TextWriter().render(r)
        #expect(text.contains("行政许可 | 12 | ||"))
        let back = factValues(try readText(text, template: .y2021).report)
        // Every present field comes back; an absent field printed between present ones can only
        // be an empty cell in text, so it reads as blank (README, "What each format cannot carry").
        for (k, v) in factValues(r) { #expect(back[k] == v, "\(k)") }
        #expect(back["review.upheld"] == "blank")
    }

    // MARK: - Versions

    static let fixtures = Paths.root.appendingPathComponent("Tests/GDConvTests/Fixtures")

    /// Documents of earlier versions (committed, each made by the last binary that wrote that
    /// version: version 1 before the lean version 2, version 2 at 4d28088) read into the same
    /// model as their sources do today.
    @Test("documents of earlier versions still read", arguments: [1, 2])
    func earlierVersionsStillRead(_ version: Int) throws {
        let seed = try readText(corpusData("seed-luojiang-2020.txt")).report
        let old = try readJSON(Data(contentsOf: JSONTests.fixtures.appendingPathComponent("seed-luojiang-2020.v\(version).json")))
        #expect(old == seed)
        #expect(TextWriter().render(old) == String(decoding: try corpusData("seed-luojiang-2020.txt"), as: UTF8.self))
        let page = try Data(contentsOf: Paths.root.appendingPathComponent("Tests/GDConvTests/HTMLPages/longgang-2024-cut-off.html"))
        let html = try HTMLReportReader().read(page, options: ReaderOptions(sourceName: "p.html")).report
        #expect(try readJSON(Data(contentsOf: JSONTests.fixtures.appendingPathComponent("html-page.v\(version).json"))) == html)
    }

    /// Version 2 keeps a row on one line and says what a field is without a nested object;
    /// version 3 writes a row's shared key prefix once and its repeated separators once.
    @Test func currentVersionIsLeanAndLosesNothing() throws {
        let r = try readText(corpusData("seed-luojiang-2020.txt")).report
        let v3 = try writeJSON(r)
        let v1 = try Data(contentsOf: JSONTests.fixtures.appendingPathComponent("seed-luojiang-2020.v1.json"))
        let v2 = try Data(contentsOf: JSONTests.fixtures.appendingPathComponent("seed-luojiang-2020.v2.json"))
        #expect(v2.count * 2 < v1.count, "v2 \(v2.count) bytes, v1 \(v1.count)")
        #expect(v3.count * 10 < v2.count * 9, "v3 \(v3.count) bytes, v2 \(v2.count)")
        let s = String(decoding: v3, as: UTF8.self)
        #expect(s.contains(#"{"role": "data", "cells": ["规章", "0", "0", "0"], "keyPrefix": "active.rules.", "keys": [null, "new_made", "new_published", "published_total"], "before": ["", " | "], "end": " |\n"}"#))
        #expect(!s.contains("\"reading\""))
        #expect(try readJSON(v3) == r)
    }

    /// Every corpus file's model survives version 3 (pretty and compact), whatever its rows'
    /// keys and separators look like: the prefix and the shortened `before` lose nothing.
    @Test func version3RoundTripsEveryCorpusModel() throws {
        #expect(!Paths.corpusFiles.isEmpty, "no corpus files")
        for name in Paths.corpusFiles {
            let r = try readText(corpusData(name)).report
            #expect(try readJSON(writeJSON(r)) == r, "\(name)")
            let compact = try JSONReportWriter().write(r, options: WriterOptions(compact: true))
            #expect(try readJSON(compact) == r, "\(name) compact")
        }
    }

    @Test func version3KeyPartsAndSeparators() {
        func doc(_ row: String, version: Int = 3) -> String {
            #"{"format":"gdconv-report","version":\#(version),"template":"2021","metadata":{},"fields":{},"front":[],"sections":[{"heading":{"text":"x"},"number":2,"kind":"active","blocks":[{"type":"table","table":"主动公开","sourceLayout":true,"rows":[\#(row)]}]}]}"#
        }
        // A key part that makes no registry key with the prefix is named in full, at its place.
        #expect(error(doc(#"{"role":"data","cells":["规章","1"],"keyPrefix":"active.rules.","keys":[null,"new_mode"]}"#))
            == "bad.json:$.sections[0].blocks[0].rows[0].keys[1]: error: \"active.rules.new_mode\" is not a field key of the registry")
        // More separators than cells is an error; fewer is version 3's shorthand, not version 2's.
        #expect(error(doc(#"{"role":"data","cells":["规章","1"],"before":["","|","|"]}"#))
            == "bad.json:$.sections[0].blocks[0].rows[0].before: error: has 3 item(s) for 2 cell(s)")
        #expect(error(doc(#"{"role":"data","cells":["规章","1","2"],"before":[""]}"#, version: 2))
            == "bad.json:$.sections[0].blocks[0].rows[0].before: error: has 1 item(s) for 3 cell(s)")
        #expect(error(doc(#"{"role":"data","cells":["规章","1"],"keyPrefix":"active.rules.","keys":[null,"new_made"]}"#, version: 2))
            .contains("rows[0].keyPrefix: error: unknown member"))
        // The shorthand's last separator stands for every cell after it.
        let r = try? JSONReportReader().read(Data(doc(#"{"role":"data","cells":["规章","1","2","3"],"keyPrefix":"active.rules.","keys":[null,"new_made","new_published",null],"before":["", " | ", "|"],"end":"|\n"}"#).utf8), options: ReaderOptions(sourceName: "x.json")).report
        let row = r?.sections.first.flatMap { s -> Row? in if case .table(let t)? = s.blocks.first { return t.rows.first }; return nil }
        #expect(row?.cells.map(\.before) == ["", " | ", "|", "|"])
        #expect(row?.cells.map { $0.field?.key } == [nil, "active.rules.new_made", "active.rules.new_published", nil])
    }

    /// Rows the readers rarely make still come back whole: separators missing for some cells,
    /// a first cell with one, a last run of one cell, a row of one cell, keys of two groups.
    @Test func version3ShorthandsKeepUnusualRows() throws {
        let befores: [[String?]] = [
            ["", " | ", nil, nil], [nil, " | ", " | "], ["", "|", "|", " | "], [""], [nil, nil],
            ["", " | ", " | ", " | "], ["|", "|", "|"],
        ]
        var rows = befores.map { b in
            Row(cells: b.enumerated().map { Cell("c\($0.offset)", before: $0.element) }, role: .header, end: "|\n")
        }
        rows.append(Row(cells: [Cell("0", key: "review.upheld", before: ""), Cell("1", key: "litigation.direct.upheld", before: " | ")], role: .data))
        rows.append(Row(cells: [Cell("x"), Cell("2", key: "requests.new.natural_person", before: " | ")], role: .data))
        let r = Report(metadata: Metadata(template: .y2021), sections: [
            Section(heading: Line("二、主动公开政府信息情况"), number: 2, kind: .active, blocks: [.table(Table(kind: .active, rows: rows, hasSourceLayout: true))]),
        ])
        let json = try writeJSON(r)
        #expect(try readJSON(json) == r)
        let s = String(decoding: json, as: UTF8.self)
        #expect(s.contains(#""cells": ["c0", "c1", "c2", "c3"], "before": ["", " | ", null], "end""#))
        #expect(s.contains(#""cells": ["c0", "c1", "c2", "c3"], "before": ["", " | "], "end""#))
        #expect(s.contains(#""cells": ["c0", "c1", "c2"], "before": ["|"], "end""#))
        #expect(s.contains(#""keys": ["review.upheld", "litigation.direct.upheld"]"#), "keys of two groups share no prefix")
        #expect(s.contains(#""keyPrefix": "requests.new.", "keys": [null, "natural_person"]"#))
    }

    /// The schema describes a row's key parts with a pattern: every registry key must match it,
    /// or a valid document would fail its own schema.
    @Test func everyRegistryKeyIsAKeyPart() {
        let pattern = #"^[A-Za-z0-9_]+(\.[A-Za-z0-9_]+)*$"#
        for key in FieldRegistry.shared.keys {
            #expect(key.range(of: pattern, options: .regularExpression) != nil, "\(key)")
        }
    }

    @Test func version2ParallelArraysMustMatchTheCells() {
        let doc = #"{"format":"gdconv-report","version":2,"template":"2021","metadata":{},"fields":{},"front":[],"sections":[{"heading":{"text":"x"},"number":2,"kind":"active","blocks":[{"type":"table","table":"主动公开","sourceLayout":false,"rows":[{"role":"data","cells":["规章","1"],"keys":[null]}]}]}]}"#
        #expect(error(doc) == "bad.json:$.sections[0].blocks[0].rows[0].keys: error: has 1 item(s) for 2 cell(s)")
        let v1Cells = doc.replacingOccurrences(of: #""version":2"#, with: #""version":1"#)
        #expect(error(v1Cells).contains("$.sections[0].blocks[0].rows[0].keys: error: unknown member"))
    }
}

/// Strings are escaped eight bytes at a time where no byte can need it; pinned to the rule
/// written per scalar.
@Suite("JSON string escapes")
struct JSONStringEscapeTests {
    static func reference(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{2028}": out += "\\u2028"
            case "\u{2029}": out += "\\u2029"
            default:
                if u.value < 0x20 { out += String(format: "\\u%04x", u.value) } else { out.unicodeScalars.append(u) }
            }
        }
        return out + "\""
    }

    @Test("quoting equals the per-scalar rule over 20,000 random strings")
    func quoteMatchesReference() {
        let alphabet = ["a", "Z", "0", " ", "\"", "\\", "\n", "\r", "\t", "\u{1}", "\u{1F}", "\u{7F}", "\u{2028}", "\u{2029}", "\u{2027}",
                        "\u{202A}", "\u{20AC}", "中", "报", "é", "🙂", "aaaaaaaa", "本年新收政府信息公开申请数量"]
        var seed: UInt64 = 99
        for _ in 0..<20_000 {
            var s = ""
            for _ in 0..<(Int(seed % 9)) {
                seed = seed &* 6364136223846793005 &+ 1442695040888963407
                s += alphabet[Int(seed >> 33) % alphabet.count]
            }
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            var out: [UInt8] = []
            JSONValue.quote(s, into: &out)
            #expect(String(decoding: out, as: UTF8.self) == JSONStringEscapeTests.reference(s), "\(s.unicodeScalars.map { String($0.value, radix: 16) })")
        }
    }
}
