import Foundation
import Testing
@testable import GDConvKit
@testable import GDConvCore
@testable import GDConvXLSX

/// What a new user meets: one line per problem, machine-readable output with places and numbers,
/// datasets on standard output, one naming style, a man page.
@Suite("Everyday use", .enabled(if: Paths.sharedIsPresent, "../shared is not beside the clone"))
struct EverydayUseTests {
    static func corpus(_ name: String) -> String { Paths.corpus.appendingPathComponent(name).path }

    /// 014 (labels only) printed 37 lines, each missing table twice (`missing-table` and
    /// `STRUCTURE-TABLE`).
    @Test func aLabelsOnlyExcerptPrintsOneLinePerProblem() throws {
        let r = try runGDConv([Self.corpus("014-xiongxian-township-2019-excerpt.txt"), "-t", "json", "-o", try tempDir().appendingPathComponent("o.json").path])
        let lines = r.err.split(separator: "\n")
        #expect(lines.count <= 8, "\(r.err)")
        #expect(!r.err.contains("[missing-table]") && r.err.contains("[STRUCTURE-TABLE] table 依申请"))
        #expect(r.err.contains("more like this"))
    }

    @Test func theDigestKeepsReaderWarningsNoRuleRepeats() {
        let reader = [Diagnostic(.warning, "missing-table", "table 依申请: no values found; its fields are absent"),
                      Diagnostic(.warning, "missing-table", "table 复议诉讼: no values found; its fields are absent")]
        let failed = [CheckResult(rule: "STRUCTURE-TABLE", status: .fail, severity: .error, message: "table 依申请 is missing", location: nil, operands: [], hint: nil)]
        let merged = DiagnosticDigest.merge(reader, failed: failed)
        let categories = merged.map { $0.category }
        #expect(categories == ["missing-table", "STRUCTURE-TABLE"])
        #expect(merged[0].message.contains("复议诉讼"))
    }

    @Test func checkJSONHasStructuredPlacesAndTheNumbers() throws {
        let dir = try tempDir()
        let edited = dir.appendingPathComponent("seed.txt")
        let text = try String(contentsOfFile: Self.corpus("seed-luojiang-2020.txt"), encoding: .utf8)
            .replacingOccurrences(of: "一、本年新收政府信息公开申请数量 | 0 ", with: "一、本年新收政府信息公开申请数量 | 1 ")
        try text.write(to: edited, atomically: true, encoding: .utf8)
        let r = try runGDConv(["check", edited.path, "--format", "json"])
        #expect(r.code == 1)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [String: Any])
        let results = try #require(json["results"] as? [[String: Any]])
        let balance = try #require(results.first { $0["rule"] as? String == "BALANCE" })
        let location = try #require(balance["location"] as? [String: Any])
        #expect(location["line"] as? Int != nil && location["column"] as? Int != nil && location["text"] as? String != nil)
        #expect(balance["left"] as? Int == 1 && balance["right"] as? Int == 0 && balance["difference"] as? Int == 1)
        let summary = try #require(json["summary"] as? [String: Any])
        #expect(summary["notAssessable"] != nil)
    }

    @Test func collectWritesToStandardOutput() throws {
        let r = try runGDConv(["collect", Self.corpus("seed-luojiang-2020.txt"), "-o", "-", "-q"])
        #expect(r.code == 0)
        // RFC 4180: CRLF line ends (one Character in Swift).
        let lines = r.out.split(separator: "\r\n")
        #expect(lines.count == 2 && lines[0].hasPrefix("source,agency,publisher,year"))
        #expect(lines[0].hasSuffix("checksFailed,checksFailedRules,checksNotAssessable"))
        let jsonl = try runGDConv(["collect", Self.corpus("seed-luojiang-2020.txt"), "-o", "-", "--format", "jsonl", "-q"])
        #expect(jsonl.out.hasPrefix("{\"source\""))
        #expect(try runGDConv(["collect", Self.corpus("seed-luojiang-2020.txt"), "-o", "-", "--format", "xlsx"]).code == 2)
    }

    /// `notAssessable` in check, `checksFailed` in --report and collect: one camelCase style.
    @Test func machineReadableKeysShareOneStyle() throws {
        let dir = try tempDir()
        let report = dir.appendingPathComponent("run.jsonl").path
        _ = try runGDConv([Self.corpus("seed-luojiang-2020.txt"), Self.corpus("002-shuyang-county-2025.txt"), "-t", "json", "-d", dir.appendingPathComponent("out").path, "--report", report, "-q"])
        let text = try String(contentsOfFile: report, encoding: .utf8)
        var keys = Set<String>()
        func walk(_ v: Any) {
            if let d = v as? [String: Any] { for (k, x) in d { keys.insert(k); walk(x) } }
            if let a = v as? [Any] { a.forEach(walk) }
        }
        for line in text.split(separator: "\n") { walk(try JSONSerialization.jsonObject(with: Data(line.utf8))) }
        #expect(!keys.isEmpty)
        // Rule ids (`OUTCOME-TOTAL`) are keys of the counts; no key is snake_case.
        #expect(keys.allSatisfy { !$0.contains("_") }, "\(keys.filter { $0.contains("_") })")
        #expect(keys.contains("checksFailed") || text.contains("\"checksFailed\""))
    }

    @Test func theManPageCoversEverySubcommand() throws {
        let man = try String(contentsOfFile: Paths.root.appendingPathComponent("docs/man/gdconv.1").path, encoding: .utf8)
        for sub in ["convert", "check", "collect", "diff", "sum", "fields", "schema"] {
            #expect(man.contains(sub), "docs/man/gdconv.1 lacks \(sub): run make man")
        }
    }

    /// A workbook's rules pointed at the hidden model (`$.sections[2]…`), not at a cell to open.
    @Test func workbookDiagnosticsNameTheFormCell() throws {
        let dir = try tempDir()
        let xlsx = dir.appendingPathComponent("seed.xlsx").path
        #expect(try runGDConv([Self.corpus("seed-luojiang-2020.txt"), "-o", xlsx, "-q"]).code == 0)
        let r = try runGDConv(["check", xlsx, "--all", "--rule", "BALANCE"])
        #expect(r.out.contains("seed.xlsx:依申请!D"), "\(r.out.prefix(300))")
        #expect(!r.out.contains("$.sections"))
    }

    /// `--strict` said "3 check rule(s) fail" when one of them was an error and two warnings.
    @Test func strictCountsTheErrorRulesOnly() throws {
        let dir = try tempDir()
        let edited = dir.appendingPathComponent("seed.txt")
        let text = try String(contentsOfFile: Self.corpus("seed-luojiang-2020.txt"), encoding: .utf8)
            .replacingOccurrences(of: "一、本年新收政府信息公开申请数量 | 0 ", with: "一、本年新收政府信息公开申请数量 | 1 ")
        try text.write(to: edited, atomically: true, encoding: .utf8)
        let r = try runGDConv([edited.path, "-o", dir.appendingPathComponent("o.json").path, "--strict", "-q"])
        #expect(r.code == 1)
        #expect(r.err.contains("error rule(s) fail, first: [APPLICANT-TOTAL]") || r.err.contains("error rule(s) fail, first: [BALANCE]"), "\(r.err)")
        let all = try runGDConv(["check", edited.path, "--format", "json"])
        let errors = (try JSONSerialization.jsonObject(with: Data(all.out.utf8)) as? [String: Any])?["results"] as? [[String: Any]] ?? []
        let n = errors.filter { $0["severity"] as? String == "error" && $0["status"] as? String == "fail" }.count
        #expect(r.err.contains("not written, \(n) error rule(s)"), "\(r.err)")
    }

    /// `published` was text on 报告; a date cell sorts and filters as a date, and reads back.
    @Test func thePublicationDateIsADateCell() throws {
        let dir = try tempDir()
        let xlsx = dir.appendingPathComponent("seed.xlsx").path
        #expect(try runGDConv([Self.corpus("seed-luojiang-2020.txt"), "-o", xlsx, "-q"]).code == 0)
        let (status, out) = try python("""
        import sys, openpyxl, datetime
        ws = openpyxl.load_workbook(sys.argv[1])["报告"]
        cell = [r[1] for r in ws.iter_rows() if r[0].value == "发布日期"][0]
        print(isinstance(cell.value, datetime.datetime), cell.value.date(), cell.number_format)
        """, [xlsx])
        #expect(status == 0 && out.contains("True 2021-01-22 yyyy-mm-dd"), "\(out)")
        #expect(try runGDConv([xlsx, "-t", "facts"]).out.contains("# published: 2021-01-22"))
    }

    @Test func excelSerialDatesReadAsCivilDates() {
        #expect(XLSXPackage.dateText(44218) == "2021-01-22")
        #expect(XLSXPackage.dateText(25569) == "1970-01-01")
        #expect(XLSXPackage.dateText(61) == "1900-03-01")
        #expect(XLSXPackage.dateText(1) == "1900-01-01")
        #expect(XLSXPackage.dateText(-3) == nil)
    }
}
