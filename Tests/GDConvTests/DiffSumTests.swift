import Foundation
import Testing
@testable import GDConvDiff
@testable import GDConvKit
@testable import GDConvSum

@Suite("gdconv diff", .enabled(if: Paths.sharedIsPresent, "../shared is not beside the clone"))
struct DiffTests {
    @Test(arguments: Paths.goldenNames)
    func aReportDiffedWithItselfHasNoDifferences(_ name: String) throws {
        let r = try readText(corpusData(name + ".txt"), name: name).report
        let d = ReportDiff(old: r, new: r)
        #expect(d.isEmpty, "\(name): \(d.changes.prefix(3))")
    }

    @Test func editingOneCellNamesExactlyThatCell() throws {
        let r = try readText(corpusData("002-shuyang-county-2025.txt")).report
        var edited = r
        let set = edited.setFieldText("requests.outcome.granted.natural_person", "999")
        #expect(set)
        let d = ReportDiff(old: r, new: edited)
        #expect(d.changes.map(\.key) == ["requests.outcome.granted.natural_person"])
        let c = try #require(d.changes.first)
        #expect(c.old == r.fieldTable[FieldID("requests.outcome.granted.natural_person")!]?.text)
        #expect(c.new == "999")
        #expect(c.change == Decimal(999) - Decimal(string: c.old ?? "0")!)
        #expect(c.row == "（一）予以公开" && c.column == "自然人")
        // The identities it breaks are listed as rules that now fail.
        #expect(d.rules.contains { $0.rule == "OUTCOME-TOTAL" && $0.old == "pass" && $0.new == "fail" })
    }

    @Test func aFieldAbsentOnOneSideIsListedNotCountedAsZero() throws {
        let r = try readText(corpusData("002-shuyang-county-2025.txt")).report
        let excerpt = try readText(corpusData("033-shenzhen-longgang-dept-2024-excerpt.txt")).report
        let d = ReportDiff(old: r, new: excerpt)
        #expect(d.changes.contains { $0.kind == .onlyOld && $0.new == nil && $0.change == nil })
    }

    /// 2019 → 2021: table 1's fields differ between the templates; they are listed as not
    /// comparable, never paired because a label looks alike (行政许可 is in both).
    @Test func acrossTemplatesOnlyKeysBothDefineArePaired() throws {
        let old = try readText(corpusData("seed-luojiang-2020.txt")).report
        let new = try readText(corpusData("002-shuyang-county-2025.txt")).report
        #expect(old.metadata.template == .y2019 && new.metadata.template == .y2021)
        let d = ReportDiff(old: old, new: new)
        #expect(d.notComparable.contains("active.rules.new_made"))
        #expect(d.notComparable.contains("active.rules.issued"))
        let reg = FieldRegistry.shared
        for c in d.changes {
            let id = FieldID(c.key)!
            #expect(reg.definition(of: id, in: .y2019) != nil && reg.definition(of: id, in: .y2021) != nil, "\(c.key)")
        }
    }

    @Test func consecutiveYearsShowTheCarryOverLink() throws {
        let a = try readText(corpusData("035-pingtan-2023.txt")).report
        let b = try readText(corpusData("007-pingtan-2024.txt")).report
        let d = ReportDiff(old: a, new: b)
        #expect(d.carryOver.count == 7)
        #expect(d.carryOver.allSatisfy { $0.agrees == true })
        #expect(ReportDiff(old: b, new: a).carryOver.isEmpty)
    }

    @Test func amountsInDifferentUnitsAreTheSameAmount() throws {
        let d = FieldRegistry.shared.definition("active.procurement.amount", in: .y2019)!
        #expect(ReportDiff.same(CellReading(text: "12万元"), CellReading(text: "120000元"), d))
        #expect(!ReportDiff.same(CellReading(text: "12万元"), CellReading(text: "12"), d))
    }

    @Test func theCommandExitsAsDiffDoes() throws {
        let seed = Paths.corpus.appendingPathComponent("seed-luojiang-2020.txt").path
        #expect(try runGDConv(["diff", seed, seed]).code == 0)
        let dir = try tempDir()
        let edited = dir.appendingPathComponent("edited.txt").path
        let text = try String(contentsOfFile: seed, encoding: .utf8).replacingOccurrences(of: "行政许可 | 0 | 0 | 0 |", with: "行政许可 | 3 | 0 | 0 |")
        try text.write(toFile: edited, atomically: true, encoding: .utf8)
        let r = try runGDConv(["diff", seed, edited, "--format", "json"])
        #expect(r.code == 1)
        let json = try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [String: Any]
        let changes = json?["changes"] as? [[String: Any]]
        #expect(changes?.count == 1 && changes?.first?["key"] as? String == "active.licensing.prior_items")
        #expect(try runGDConv(["diff", seed, dir.appendingPathComponent("missing.txt").path]).code == 2)
        // The workbook: NEW's form with the changed cell marked and noted.
        let xlsx = dir.appendingPathComponent("diff.xlsx").path
        #expect(try runGDConv(["diff", seed, edited, "-o", xlsx]).code == 1)
        let back = try runGDConv([xlsx, "-t", "facts", "-q"])
        #expect(back.out.contains("active.licensing.prior_items\t3"))
        let comments = try runTool(["unzip", "-p", xlsx, "xl/comments1.xml"])
        #expect(comments.1.contains("0"), "the old value is in the note")
    }

    @Test func severalReportsMakeAYearByYearSeries() throws {
        let names = ["007-pingtan-2024.txt", "035-pingtan-2023.txt", "034-pingtan-2022.txt"]
        let reports = try names.map { (name: $0, report: try readText(corpusData($0)).report) }
        let s = FieldSeries(reports)
        #expect(Array(s.header.suffix(3)) == ["2022", "2023", "2024"])
        let row = try #require(s.rows.first { $0[0] == "requests.new.natural_person" })
        #expect(Array(row.suffix(3)) == ["71", "80", "217"])
    }
}

@Suite("gdconv sum")
struct SumTests {
    static func truthSum(_ reports: [SyntheticReport]) -> [String: Decimal] {
        var out: [String: Decimal] = [:]
        for g in reports {
            for (k, v) in g.values {
                guard case .number(let n) = CellReading(text: v) else { continue }
                let d = FieldRegistry.shared.definition(k, in: g.template)!
                out[k, default: 0] += Quantity(n, field: d).value
            }
        }
        return out
    }

    @Test func theSumOfGeneratedReportsIsTheSumOfTheirTruthAndPassesEveryCheck() throws {
        let gs = (UInt64(1)...40).map { SyntheticReport(seed: $0, template: .y2021, consistent: true) }
        var sum = ReportSum(allowYears: true)
        for (i, g) in gs.enumerated() { try sum.add(try readText(g.text).report, name: "r\(i)") }
        let report = sum.report()
        let truth = Self.truthSum(gs)
        for d in FieldRegistry.shared.fields(.y2021) {
            let cell = report.fieldTable[d.id]
            guard let t = truth[d.key] else { #expect(cell == nil, "\(d.key)"); continue }
            let got = try #require(cell?.reading.number, "\(d.key) missing")
            #expect(Quantity(got, field: d).value == t, "\(d.key): \(got.literal) ≠ \(t)")
        }
        #expect(sum.failing.isEmpty)
        #expect(ReportChecker().check(report).allSatisfy { $0.status != .fail || $0.severity < .error })
        // The sum names its inputs.
        #expect(report.front.count == 2 + gs.count)
    }

    @Test func theSumOfOneReportIsThatReport() throws {
        let r = try readText(corpusData("002-shuyang-county-2025.txt")).report
        var sum = ReportSum()
        try sum.add(r, name: "002")
        let got = sum.report().fieldTable
        for f in r.fieldCells {
            switch f.cell.reading {
            case .number(let n): #expect(got[f.field]?.reading.number?.value == n.value, "\(f.key)")
            case .blank, .placeholder, .text: #expect(got[f.field] == nil, "\(f.key): blank stays absent")
            }
        }
    }

    @Test func mixedTemplatesAndYearsAreRefusedUnlessAskedFor() throws {
        let a = try readText(corpusData("seed-luojiang-2020.txt")).report
        let b = try readText(corpusData("002-shuyang-county-2025.txt")).report
        var sum = ReportSum()
        try sum.add(b, name: "002")
        #expect(throws: ReportSum.SumError.self) { try sum.add(a, name: "seed") }
        var years = ReportSum()
        try years.add(b, name: "002")
        var later = b
        later.metadata.year = 2024
        #expect(throws: ReportSum.SumError.self) { try years.add(later, name: "2024") }
        var allowed = ReportSum(template: .y2021, allowYears: true)
        try allowed.add(b, name: "002")
        try allowed.add(a, name: "seed")
        // A 2019 report adds only the keys the 2021 template defines too.
        #expect(allowed.values["requests.new.natural_person"] != nil)
        #expect(allowed.values["active.rules.new_made"] == nil)
    }

    @Test func amountsAreAddedInYuanAndUnitlessOnesAreNotMixedIn() throws {
        func report(_ amount: String) throws -> Report {
            try readText("""
            二、主动公开政府信息情况
            第二十条第（九）项 | | |
            信息内容 | 采购项目数量 | 采购总金额 |
            政府集中采购 | 1 | \(amount) |
            """, template: .y2019).report
        }
        var sum = ReportSum()
        try sum.add(try report("12万元"), name: "a")
        try sum.add(try report("30000元"), name: "b")
        #expect(sum.values["active.procurement.amount"] == "150000元")
        #expect(sum.values["active.procurement.items"] == "2")
        try sum.add(try report("5"), name: "c")
        #expect(sum.values["active.procurement.amount"] == nil)
        #expect(sum.conflicts == ["active.procurement.amount"])
    }

    @Test func placeholdersAddNothingAndAreCounted() throws {
        var r = try readText(corpusData("002-shuyang-county-2025.txt")).report
        let set = r.setFieldText("requests.new.business", "—")
        #expect(set)
        var sum = ReportSum()
        try sum.add(r, name: "a")
        #expect(sum.values["requests.new.business"] == nil)
        #expect(sum.placeholders[FieldID("requests.new.business")!] == 1)
    }

    @Test func theCommandWritesTheFormAndNamesFailingInputs() throws {
        let dir = try tempDir()
        for seed in UInt64(1)...5 {
            try SyntheticReport(seed: seed, template: .y2021, consistent: true).text.write(toFile: dir.appendingPathComponent("r\(seed).txt").path, atomically: true, encoding: .utf8)
        }
        let out = dir.appendingPathComponent("total.xlsx").path
        let r = try runGDConv(["sum", dir.path, "--allow-years", "-o", out])
        #expect(r.code == 0, "\(r.err)")
        #expect(r.err.contains("5 report(s)"))
        #expect(try runGDConv([out, "-t", "facts", "-q"]).out.contains("requests.new.total\t"))
        // Run again: the first sum, now in the folder, is not added to itself.
        let again = try runGDConv(["sum", dir.path, "--allow-years", "-o", dir.appendingPathComponent("total2.json").path])
        #expect(again.err.contains("5 report(s)") && again.err.contains("is itself a gdconv sum"), "\(again.err)")
        // One input that does not add up is named.
        let r1 = dir.appendingPathComponent("r1.txt")
        var broken = try readText(try Data(contentsOf: r1)).report
        let key = "requests.outcome.total.natural_person"
        let v = Int(broken.fieldTable[FieldID(key)!]?.text ?? "0") ?? 0
        _ = broken.setFieldText(key, String(v + 1))
        try FileManager.default.removeItem(at: r1)
        try writeJSON(broken).write(to: dir.appendingPathComponent("r1.json"))
        try FileManager.default.removeItem(atPath: out)
        try FileManager.default.removeItem(atPath: dir.appendingPathComponent("total2.json").path)
        let r2 = try runGDConv(["sum", dir.path, "--allow-years", "-o", dir.appendingPathComponent("t2.json").path])
        #expect(r2.err.contains("r1.json"), "\(r2.err)")
        #expect(r2.code == 1)
        let mixed = try runGDConv(["sum", Paths.corpus.appendingPathComponent("seed-luojiang-2020.txt").path, Paths.corpus.appendingPathComponent("002-shuyang-county-2025.txt").path])
        #expect(mixed.code == 2 && mixed.err.contains("template"))
    }
}
