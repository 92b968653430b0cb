import Foundation
import Testing
@testable import GDConvCore
@testable import GDConvKit

/// Tables whose cells a crawler joined with nothing between them (the 平潭 archive files):
/// cut only where the template's identities leave one way, never guessed.
@Suite("Digit-run recovery", .enabled(if: Paths.sharedIsPresent, "../shared is not beside the clone"))
struct DigitRunRecoveryTests {
    static let collapsedFiles = ["005-pingtan-2019.txt", "006-pingtan-2021.txt", "007-pingtan-2024.txt", "026-pingtan-2025.txt",
                                 "028-pingtan-2020.txt", "034-pingtan-2022.txt", "035-pingtan-2023.txt"]

    func run(_ s: String) -> DigitRun {
        var scalars: [Unicode.Scalar] = [], breaks = Set<Int>()
        for c in s.unicodeScalars { if c == " " { breaks.insert(scalars.count) } else { scalars.append(c) } }
        return DigitRun(scalars: scalars, breaks: breaks, offsets: Array(scalars.indices))
    }

    func cuts(_ s: String, _ kinds: [FieldKind], total: Bool = false) -> [[String]] {
        let r = run(s)
        let ids = total ? [DigitRunCutter.RowIdentity(lhs: Array(0..<(kinds.count - 1)), rhs: [kinds.count - 1])] : []
        return (DigitRunCutter(kinds: kinds, identities: ids).cuts(of: r) ?? []).map { $0.ranges.map { r.text($0) } }
    }

    func facts(_ name: String) throws -> (values: [String: String], diagnostics: [Diagnostic], report: Report) {
        let r = try readText(corpusData(name), name: name)
        return (factValues(r.report), r.diagnostics, r.report)
    }

    func values(_ f: [String: String], _ prefix: String, _ suffixes: [String]) -> [String?] { suffixes.map { f[prefix + $0] } }
    static let applicants = ["natural_person", "business", "research", "nonprofit", "legal_service", "other_org", "total"]

    // MARK: - One kind of cut each

    @Test func countsHaveNoLeadingZerosSoZerosAreForced() {
        #expect(cuts("000", [.count, .count, .count]) == [["0", "0", "0"]])
        #expect(cuts("1000", [.count, .count, .count]) == [["10", "0", "0"]])
        // Without an identity a longer run stays open: every cut is listed, none chosen.
        #expect(cuts("898989", [.count, .count, .count]).count == 10)
    }

    @Test func aSignedChangeStartsAtItsSignAndOnlyThere() {
        let c = cuts("2648-18538", [.count, .signed, .count])
        #expect(c.allSatisfy { $0[0] == "2648" && $0[1].hasPrefix("-") })
        #expect(c.count == 4)
        #expect(cuts("35-15", [.count, .signed]) == [["35", "-15"]])
        #expect(cuts("3-5", [.signed, .count]) == [])  // a sign inside a count is no cut
    }

    @Test func anAmountKeepsItsDecimalsAndUnitInOneCell() {
        let c = cuts("13575394432.52元", [.count, .amount])
        #expect(c.count == 10)
        #expect(c.allSatisfy { $0[1].hasSuffix(".52元") })
        #expect(cuts("350", [.count, .amount]) == [["3", "50"], ["35", "0"]])
        #expect(cuts("5949.088667", [.amount]) == [["5949.088667"]])
    }

    @Test func aStraySpaceIsACellBoundary() {
        // 005: `230 000023` is 23|0|0|0|0|0|23; without the space 2|30|0|0|0|0|... would be tried.
        #expect(cuts("230 000023", Array(repeating: .count, count: 7), total: true) == [["23", "0", "0", "0", "0", "0", "23"]])
        #expect(cuts("20 0 00 0 121", Array(repeating: .count, count: 7), total: true) == [["20", "0", "0", "0", "0", "1", "21"]])
    }

    @Test func aRowTotalDecidesTheCut() {
        #expect(cuts("491000050", Array(repeating: .count, count: 7), total: true) == [["49", "1", "0", "0", "0", "0", "50"]])
        #expect(cuts("6000017", Array(repeating: .count, count: 7), total: true) == [["6", "0", "0", "0", "0", "1", "7"]])
    }

    // MARK: - Real reports

    @Test(arguments: collapsedFiles)
    func everyValueOfTables2And3IsRecoveredAndNoTable1RowIsGuessed(_ name: String) throws {
        let (f, d, report) = try facts(name)
        let t = report.metadata.template
        for table in [StandardTable.requests, .litigation] {
            let missing = FieldRegistry.shared.fields(t, table: table).filter { f[$0.key] == nil }.map(\.key)
            #expect(missing.isEmpty, "\(name): \(table.rawValue) not recovered: \(missing.prefix(5))")
        }
        // Each table 1 row is all bound or warned about with its candidate cuts.
        let warned = d.filter { $0.category == "digit-run" }.map(\.message)
        for row in FieldRegistry.shared.rows(t, table: .active) where row.fields.contains(where: { f[$0.key] == nil }) {
            let label = row.label.normalizedLabel
            let named = warned.contains { $0.hasPrefix(label + " ") || $0.hasPrefix(String(label.dropFirst(2)) + " ") }
            #expect(named, "\(name): \(row.label) unbound without a warning")
        }
        let allRecovered = report.allTables.allSatisfy { $0.isRecovered }
        #expect(allRecovered)
        #expect(!d.contains { $0.category == "missing-table" || $0.category == "truncated" }, "\(name)")
    }

    @Test func pingtan2019ReadsTheRowsItsSpacesAndTotalsDecide() throws {
        let (f, d, _) = try facts("005-pingtan-2019.txt")
        #expect(values(f, "requests.new.", Self.applicants) == ["23", "0", "0", "0", "0", "0", "23"])
        #expect(values(f, "requests.outcome.total.", Self.applicants) == ["23", "0", "0", "0", "0", "0", "23"])
        #expect(values(f, "active.rules.", ["new_made", "new_published", "published_total"]) == ["0", "0", "0"])
        #expect(f["active.licensing.prior_items"] == nil)
        #expect(d.contains { $0.category == "digit-run" && $0.message.hasPrefix("规范性文件 898989: ") && $0.location != nil })
        #expect(ReportChecker().check(try readText(corpusData("005-pingtan-2019.txt")).report).filter { $0.status == .fail && $0.severity == .error }.isEmpty)
    }

    /// 028's （七）总计 is off by 6 from its leaf rows as published: the rows are bound as
    /// printed, the table is said not to add up, and no cell elsewhere is bent to make it add up.
    @Test func anInconsistentPublishedTableInventsNothing() throws {
        let (f, d, _) = try facts("028-pingtan-2020.txt")
        #expect(d.contains { $0.category == "digit-run" && $0.message.contains("does not add up") })
        #expect(values(f, "requests.outcome.total.", Self.applicants) == ["20", "0", "0", "0", "0", "1", "21"])
        #expect(values(f, "requests.outcome.granted.", Self.applicants) == ["6", "0", "0", "0", "0", "1", "7"])
        #expect(values(f, "requests.outcome.other.", Self.applicants) == ["4", "0", "0", "0", "0", "0", "4"])
        #expect(values(f, "requests.new.", Self.applicants) == ["20", "0", "0", "0", "0", "1", "21"])
        #expect(f["active.penalty.prior_items"] == "2648")
        #expect(f["active.penalty.change"] == nil && f["active.penalty.decisions"] == nil)
        #expect(values(f, "active.fees.", ["prior_items", "change"]) == ["35", "-15"])
    }

    @Test func litigationRunsAreCutByTheirBlockTotals() throws {
        let blocks = ["review.", "litigation.direct.", "litigation.after_review."]
        let cols = ["upheld", "corrected", "other", "pending", "total"]
        func t3(_ name: String) throws -> [String?] { let f = try facts(name).values; return blocks.flatMap { values(f, $0, cols) } }
        // 026: 25380363300630003 (17 digits, 15 cells)
        #expect(try t3("026-pingtan-2025.txt") == ["25", "3", "8", "0", "36", "3", "3", "0", "0", "6", "3", "0", "0", "0", "3"])
        // 035: 110024001510102
        #expect(try t3("035-pingtan-2023.txt") == ["1", "1", "0", "0", "2", "4", "0", "0", "1", "5", "1", "0", "1", "0", "2"])
        // 034: space-separated
        #expect(try t3("034-pingtan-2022.txt") == ["0", "1", "1", "0", "2", "1", "0", "0", "0", "1", "0", "0", "0", "0", "0"])
    }

    @Test func pingtan2021ReadsItsSplitRowAndItsFee() throws {
        let (f, _, _) = try facts("006-pingtan-2021.txt")
        #expect(values(f, "requests.outcome.partial.", Self.applicants) == ["5", "0", "0", "0", "0", "0", "5"])
        #expect(f["active.fees.amount"] == "24252.311082")
        #expect(values(f, "active.rules.", ["issued", "repealed", "in_force"]) == ["0", "0", "0"])
        #expect(f["active.normative.issued"] == nil)
    }

    // MARK: - Round trips

    @Test(arguments: collapsedFiles)
    func theCollapsedLineIsWrittenBackAsPrintedAndRecoveredAgain(_ name: String) throws {
        let data = try corpusData(name)
        let r = try readText(data, name: name).report
        #expect(TextWriter().render(r) == String(decoding: data, as: UTF8.self), "\(name): text round trip")
        let back = try readJSON(try writeJSON(r))
        #expect(back == r, "\(name): JSON round trip")
        #expect(factValues(try readText(TextWriter().render(back)).report) == factValues(r))
    }

    // MARK: - Synthetic reports whose values are known

    /// 300 generated collapsed reports (see `scripts/digit_runs.py` for thousands): nothing is
    /// bound wrong, and nearly every value of tables 2 and 3 is recovered.
    @Test func generatedCollapsedReportsBindNothingWrong() throws {
        var total = 0, recovered = 0, wrong: [String] = []
        for seed in UInt64(1)...300 {
            let g = SyntheticReport(seed: seed, layout: .collapsed)
            let read = factValues(try readText(g.text).report)
            for f in FieldRegistry.shared.fields(g.template) {
                let truth = FactsWriter.value(CellReading(text: g.values[f.key] ?? ""))
                if f.table != .active { total += 1 }
                guard let v = read[f.key] else { continue }
                if v != truth { wrong.append("seed \(seed) \(f.key): \(v) ≠ \(truth)") } else if f.table != .active { recovered += 1 }
            }
        }
        #expect(wrong.isEmpty, "\(wrong.prefix(5))")
        #expect(Double(recovered) >= 0.95 * Double(total), "\(recovered) of \(total)")
    }
}

/// Flipbook and PDF pages print table 3's header one word (or several words) per line and
/// the fifteen values on one line after it (issue: 0 of 15 were read).
@Suite("Split table 3 headers")
struct SplitLitigationHeaderTests {
    static let expected = ["1", "0", "0", "0", "1", "2", "0", "0", "0", "2", "0", "0", "1", "0", "1"]

    @Test(arguments: ["flipbook-litigation-header-one-word-per-line.txt", "flipbook-litigation-header-words-per-line.txt"])
    func theFifteenValuesAfterASplitHeaderAreRead(_ name: String) throws {
        let data = try Data(contentsOf: Paths.root.appendingPathComponent("Tests/GDConvTests/Fixtures/\(name)"))
        let r = try readText(data, name: name, template: .y2021)
        let f = factValues(r.report)
        let keys = FieldRegistry.shared.fields(.y2021, table: .litigation).map(\.key)
        #expect(keys.map { f[$0] } == Self.expected.map { Optional($0) }, "\(name)")
        #expect(!r.diagnostics.contains { $0.category == "unrecognised-row" })
    }

    @Test func splitHeaderWordsAreTable3HeadersOnlyInPieces() {
        let m = LabelMatcher.shared
        #expect(m.isLitigationHeaderLine("结果结果其他尚未总计未经复议直接起诉复议后起诉"))
        #expect(m.isLitigationHeaderLine("结结其尚"))
        // Words of other tables are not pieces of table 3's header.
        #expect(!m.isLitigationHeaderLine("本年新收政府信息公开申请数量"))
        #expect(!m.isLitigationHeaderLine("商业企业科研机构"))
    }
}

@Suite("Digit runs: what is no collapsed table")
struct CollapsedFalsePositiveTests {
    /// Prose that names a row and a number is not a table, even beside `信息内容`.
    @Test func aProseSentenceWithARowLabelAndANumberBindsNothing() throws {
        let prose = "二、主动公开政府信息情况 本机关按照信息内容分类公开，全年办理行政许可2024件，行政处罚事项均已公开，" + String(repeating: "持续推进政务公开工作，", count: 12) + "运行平稳。"
        let r = try readText(prose + "\n", template: .y2021)
        #expect(r.report.fieldCells.isEmpty)
        #expect(!r.report.allTables.contains { $0.isRecovered })
    }
}
