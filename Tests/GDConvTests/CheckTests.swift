import Foundation
import Testing
@testable import GDConvKit

@Suite("gdconv check")
struct CheckTests {
    func results(_ text: String, template: Template? = nil) throws -> [CheckResult] {
        ReportChecker().check(try readText(text, template: template).report)
    }

    func corpus002(_ edit: (String) -> String) throws -> (report: Report, results: [CheckResult]) {
        let text = edit(String(decoding: try corpusData("002-shuyang-county-2025.txt"), as: UTF8.self))
        let r = try readText(Data(text.utf8), name: "002.txt").report
        return (r, ReportChecker().check(r))
    }

    func failing(_ rs: [CheckResult], _ rule: String) -> [CheckResult] { rs.filter { $0.rule == rule && $0.status == .fail } }

    @Test("consistent corpus reports pass every identity", arguments: ["seed-luojiang-2020.txt", "002-shuyang-county-2025.txt"])
    func consistentReportsPass(_ name: String) throws {
        let rs = ReportChecker().check(try readText(corpusData(name), name: name).report)
        for rule in ["BALANCE", "OUTCOME-TOTAL", "APPLICANT-TOTAL", "LITIGATION-TOTAL", "CELL-KIND", "STRUCTURE-TABLE", "STRUCTURE-ROW", "TEMPLATE-YEAR"] {
            #expect(failing(rs, rule).isEmpty, "\(name) \(rule): \(failing(rs, rule).map(\.message))")
            #expect(rs.contains { $0.rule == rule && $0.status == .pass }, "\(name) \(rule) never passed")
        }
        #expect(rs.filter { ["BALANCE", "OUTCOME-TOTAL", "APPLICANT-TOTAL", "LITIGATION-TOTAL"].contains($0.rule) }.allSatisfy { $0.status == .pass })
    }

    @Test func oneChangedCellIsCaughtWhereItIs() throws {
        let (_, rs) = try corpus002 { $0.replacingOccurrences(of: "| 本年新收政府信息公开申请数量 | 705 |", with: "| 本年新收政府信息公开申请数量 | 706 |") }
        let row = failing(rs, "APPLICANT-TOTAL")
        #expect(row.count == 1)
        #expect(row.first?.message.contains("off by 1") == true)
        #expect(row.first?.location == .text(line: 99, column: 46))
        let balance = failing(rs, "BALANCE")
        #expect(balance.map(\.message) == ["依申请 自然人: 一 706 + 二 36 = 742, but （七）总计 710 + 四 31 = 741 (off by 1)"])
    }

    /// Issue 14: a table 2 row one cell too wide is placed by its total at read time. `1 | 3` for
    /// 13: the rest of the row and its total are bound, the split pair left absent and named.
    @Test func twoSplitDigitsAreNamedAndTheTotalKept() throws {
        let text = String(decoding: try corpusData("002-shuyang-county-2025.txt"), as: UTF8.self)
            .replacingOccurrences(of: "| 5. 属于三类内部事务信息 | 13 |", with: "| 5. 属于三类内部事务信息 | 1 | 3 |")
        let r = try readText(text)
        #expect(r.diagnostics.contains { $0.message.contains("'1' and '3' look like one number 13 split in two (the total confirms it)") }, "\(r.diagnostics)")
        #expect(r.report.reading("requests.outcome.withheld.internal_affairs.total")?.number?.literal == "13")
        #expect(r.report.reading("requests.outcome.withheld.internal_affairs.natural_person") == nil)
        #expect(!ReportChecker().check(r.report).contains { $0.rule == "APPLICANT-TOTAL" && $0.status == .fail })
    }

    /// A stray cell that shifts the row (`0 | 705 …`): several readings add up (any of the row's
    /// zeros could be the stray one), so only what they agree on — the total — is bound; no value
    /// is ever shifted into the wrong column.
    @Test func aStrayCellNeverShiftsTheRow() throws {
        let text = String(decoding: try corpusData("002-shuyang-county-2025.txt"), as: UTF8.self)
            .replacingOccurrences(of: "| 本年新收政府信息公开申请数量 | 705 |", with: "| 本年新收政府信息公开申请数量 | 0 | 705 |")
        let r = try readText(text)
        #expect(r.report.reading("requests.new.total")?.number?.literal == "713")
        #expect(r.report.reading("requests.new.natural_person") == nil)
        #expect(r.diagnostics.contains { $0.message.contains("readings add up to the total; the cells they agree on are kept") })
        // With a row whose zeros are not interchangeable the stray cell is found outright.
        let one = text.replacingOccurrences(of: "| 本年新收政府信息公开申请数量 | 0 | 705 | 3 | 0 | 0 | 5 | 0 | 713 |", with: "| 本年新收政府信息公开申请数量 | 9 | 705 | 3 | 1 | 2 | 5 | 4 | 720 |")
        let r2 = try readText(one)
        #expect(r2.report.reading("requests.new.natural_person")?.number?.literal == "705")
        #expect(r2.report.reading("requests.new.total")?.number?.literal == "720")
        #expect(r2.diagnostics.contains { $0.message.contains("the cell '9' looks stray") })
    }

    @Test func outcomeTotalFailsWhenALeafChanges() throws {
        let (_, rs) = try corpus002 { $0.replacingOccurrences(of: "| 2. 重复申请 | 6 | 1 |", with: "| 2. 重复申请 | 7 | 1 |") }
        #expect(failing(rs, "OUTCOME-TOTAL").map(\.message).contains { $0.hasPrefix("依申请 自然人:") })
        #expect(failing(rs, "APPLICANT-TOTAL").count == 1)
    }

    @Test func litigationBlockTotal() throws {
        let (_, ok) = try corpus002 { $0 }
        #expect(ok.filter { $0.rule == "LITIGATION-TOTAL" }.allSatisfy { $0.status == .pass })
        let (_, rs) = try corpus002 { $0.replacingOccurrences(of: "| 27 | 10 | 9 | 15 | 61 |", with: "| 27 | 10 | 9 | 15 | 60 |") }
        #expect(failing(rs, "LITIGATION-TOTAL").map(\.message) == ["复议诉讼 行政复议: 结果维持 27 + 结果纠正 10 + 其他结果 9 + 尚未审结 15 = 61, but 总计 60 (off by 1)"])
    }

    @Test func blankOperandIsNotAssessableNeverPassOrFail() throws {
        let rs = try results("三、收到和处理政府信息公开申请情况\n一、本年新收政府信息公开申请数量 | 1 |  | 0 | 0 | 0 | 0 | 1 |\n", template: .y2021)
        let row = rs.first { $0.rule == "APPLICANT-TOTAL" && $0.message.contains("本年新收") }
        #expect(row?.status == .notAssessable)
        #expect(row?.message.contains("商业企业 blank") == true)
    }

    @Test func cellKinds() throws {
        let neg = try results("二、主动公开政府信息情况\n规章 | -1 | 0.5 | 3 |\n", template: .y2021)
        #expect(failing(neg, "CELL-KIND").count == 2)
        let signed = try results("二、主动公开政府信息情况\n第二十条第(五)项 | |||\n信息内容 | 上一年项目数量 | 本年增/减 | 处理决定数量 |\n行政许可 | 3 | -2 | 4 |\n")
        #expect(failing(signed, "CELL-KIND").isEmpty)
        let text = try results("二、主动公开政府信息情况\n规章 | 约3件 | 0 | 3 |\n", template: .y2021)
        #expect(failing(text, "CELL-KIND").first?.message.contains("'约3件' is not a number") == true)
    }

    @Test func structureAndTemplateYear() throws {
        let rs = ReportChecker().check(try readText(corpusData("033-shenzhen-longgang-dept-2024-excerpt.txt")).report)
        #expect(failing(rs, "STRUCTURE-TABLE").map(\.message) == ["table 复议诉讼 is missing"])
        #expect(failing(rs, "STRUCTURE-ROW").first?.message.contains("cut off") == true)
        let old = try results("某局2023年政府信息公开工作年度报告\n二、主动公开政府信息情况\n第二十条第(一)项 | |||\n信息内容 | 本年新制作数量 | 本年新公开数量 | 对外公开总数量 |\n规章 | 1 | 2 | 3 |\n")
        #expect(failing(old, "TEMPLATE-YEAR").first?.message.contains("a 2023 report uses the 2019 template") == true)
    }

    @Test func narrativeAgainstTable() throws {
        let (_, ok) = try corpus002 { $0 }
        #expect(ok.contains { $0.rule == "NARRATIVE" && $0.status == .pass })
        #expect(failing(ok, "NARRATIVE").isEmpty)
        let (_, bad) = try corpus002 { $0.replacingOccurrences(of: "共受理政府信息公开申请 749 件", with: "共受理政府信息公开申请 750 件") }
        #expect(failing(bad, "NARRATIVE").first?.severity == .warning)
        #expect(failing(bad, "NARRATIVE").first?.message.contains("750") == true)
    }

    @Test func carryOverAcrossYears() throws {
        let y2024 = "某局2024年政府信息公开工作年度报告\n三、收到和处理政府信息公开申请情况\n四、结转下年度继续办理 | 3 | 0 | 0 | 0 | 0 | 0 | 3 |\n"
        let y2025ok = "某局2025年政府信息公开工作年度报告\n三、收到和处理政府信息公开申请情况\n二、上年结转政府信息公开申请数量 | 3 | 0 | 0 | 0 | 0 | 0 | 3 |\n"
        let a = try readText(y2024, template: .y2021).report, b = try readText(y2025ok, template: .y2021).report
        #expect(a.metadata.agency == "某局")
        let ok = ReportChecker().checkAcrossYears([("a", a), ("b", b)])
        #expect(ok.count == 7 && ok.allSatisfy { $0.result.status == .pass })
        let c = try readText(y2025ok.replacingOccurrences(of: "| 3 | 0 | 0 | 0 | 0 | 0 | 3 |", with: "| 2 | 0 | 0 | 0 | 0 | 0 | 2 |"), template: .y2021).report
        let bad = ReportChecker().checkAcrossYears([("a", a), ("c", c)])
        #expect(bad.filter { $0.result.status == .fail }.count == 2)
    }

    @Test func everyRuleHasAnIdAndEveryIdIsUsed() {
        let ids = ReportChecker.rules.map(\.id)
        #expect(Set(ids).count == ids.count)
        #expect(ids.contains("BALANCE") && ids.contains("CARRYOVER"))
    }

    /// Issue 15: `check` takes folders and --files-from, runs or skips named rules (excerpts
    /// can skip STRUCTURE-TABLE), refuses unknown rule ids, and counts reports, not only rules.
    @Test(.enabled(if: Paths.sharedIsPresent)) func checkFoldersRulesAndReportCounts() throws {
        let excerpt = Paths.corpus.appendingPathComponent("014-xiongxian-township-2019-excerpt.txt").path
        let strict = try runGDConv(["check", excerpt])
        #expect(strict.code == 1 && strict.out.contains("[STRUCTURE-TABLE]"))
        let skipped = try runGDConv(["check", excerpt, "--skip-rule", "STRUCTURE-TABLE", "--skip-rule", "STRUCTURE-ROW"])
        #expect(skipped.code == 0 && !skipped.out.contains("STRUCTURE-TABLE"), "\(skipped.out)")
        #expect(skipped.out.contains("1 report(s): 0 with a failing error rule"))
        let folder = try runGDConv(["check", Paths.corpus.path, "--rule", "BALANCE", "-q"])
        #expect(!folder.out.contains("gdconv check:"), "quiet prints no summary")
        let all = try runGDConv(["check", Paths.corpus.path, "--rule", "BALANCE"])
        #expect(all.out.contains("\(Paths.corpusFiles.count) report(s)"), "\(all.out)")
        let unknown = try runGDConv(["check", excerpt, "--rule", "NO-SUCH-RULE"])
        #expect(unknown.code == 2 && unknown.err.contains("unknown rule NO-SUCH-RULE"))
    }

    @Test func cliExitCodesAndFormats() throws {
        let seed = Paths.corpus.appendingPathComponent("seed-luojiang-2020.txt").path
        let ok = try runGDConv(["check", seed])
        #expect(ok.code == 0)
        #expect(ok.out.contains("0 fail"))
        let dir = try tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let bad = dir.appendingPathComponent("bad.txt")
        let text = String(decoding: try corpusData("002-shuyang-county-2025.txt"), as: UTF8.self)
            .replacingOccurrences(of: "| 本年新收政府信息公开申请数量 | 705 |", with: "| 本年新收政府信息公开申请数量 | 706 |")
        try Data(text.utf8).write(to: bad)
        let r = try runGDConv(["check", bad.path])
        #expect(r.code == 1)
        #expect(r.out.contains("bad.txt:99:46: error: [APPLICANT-TOTAL]"))
        let j = try runGDConv(["check", "--format", "json", bad.path])
        #expect(j.code == 1)
        #expect(j.out.contains("\"rule\": \"BALANCE\"") && j.out.contains("\"status\": \"fail\"") && j.out.contains("\"summary\""))
        #expect(try runGDConv(["check", "/nonexistent.txt"]).code == 2)
        // --strict refuses to write; a normal conversion warns.
        let out = dir.appendingPathComponent("out.json")
        let strict = try runGDConv([bad.path, "-o", out.path, "--strict"])
        #expect(strict.code == 1)
        #expect(!FileManager.default.fileExists(atPath: out.path))
        let loose = try runGDConv([bad.path, "-o", out.path])
        #expect(loose.code == 0)
        #expect(loose.err.contains("warning: [BALANCE]"))
    }
}
