import Foundation
import Testing
@testable import GDConvKit

/// Regression tests, one per behaviour the text reader must keep; each is named after what it guards.
@Suite("Text reader")
struct ReaderTests {
    func facts(_ s: String, template: Template? = nil) throws -> [String: String] {
        factValues(try readText(s, template: template).report)
    }

    @Test func emptyCellWithinRowIsBlankNotZero() throws {
        let f = try facts("二、主动公开政府信息情况\n第二十条第(一)项 | |||\n信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |\n规章 | 0 |  | 3 |\n")
        #expect(f["active.rules.repealed"] == "blank")
        #expect(f["active.rules.in_force"] == "3")
    }

    @Test func mergedCellFillerIsNotAField() throws {
        // 2019 (八) has two columns: the third empty cell is the merged filler.
        let f = try facts("二、主动公开政府信息情况\n第二十条第(八)项 | |||\n信息内容 | 上一年项目数量 | 本年增/减 | |\n行政事业性收费 | 8 | -3 | |\n")
        #expect(f["active.fees.prior_items"] == "8")
        #expect(f["active.fees.change"] == "-3")
        #expect(f.count == 2)
    }

    @Test func loneTrailingPipeInCellLinesIsABlankCell() throws {
        // 009: `规章 |`, `0 |`, `0 |`, then `|` (the empty third cell) and `|` (next row).
        let f = try facts("二、主动公开政府信息情况\n|\n第二十条第(一)项 | |||\n|\n信息内容 |\n本年制发件数 |\n本年废止件数 |\n现行有效件数 |\n|\n规章 |\n0 |\n0 |\n|\n|\n行政规范性文件 |\n5 |\n12 |\n8 |\n")
        #expect(f["active.rules.in_force"] == "blank")
        #expect(f["active.normative.in_force"] == "8")
    }

    @Test func alternatingPipesAreSeparatorsNotBlanks() throws {
        let f = try facts("二、主动公开政府信息情况\n第二十条第(五)项\n|\n||||\n信息内容\n|\n本年处理决定数量\n|\n|||\n行政许可\n|\n2910\n|\n|||\n")
        #expect(f == ["active.licensing.decisions": "2910"])
    }

    @Test func labelWithoutValueIsAbsentNotBlank() throws {
        // 016: the value of 行政强制 was dropped by the flattening.
        let r = try readText("二、主动公开政府信息情况\n第二十条第(六)项\n\n信息内容\n\n本年处理决定数量\n\n行政处罚\n\n0\n\n行政强制\n\n第二十条第(八)项\n")
        let f = factValues(r.report)
        #expect(f["active.penalty.decisions"] == "0")
        #expect(f["active.coercion.decisions"] == nil)
        #expect(r.diagnostics.contains { $0.category == "missing-value" && $0.message.contains("行政强制") })
    }

    @Test func groupLabelOnlyOnFirstRowOfGroup() throws {
        let text = """
        三、收到和处理政府信息公开申请情况
        三、本年度办理结果 | (一)予以公开 | 1 | 0 | 0 | 0 | 0 | 0 | 1 | |
        (三)不予 公开 | 1. 属于国家秘密 | 2 | 0 | 0 | 0 | 0 | 0 | 2 | |
        2.其他法律行政法规禁止公开 | 3 | 0 | 0 | 0 | 0 | 0 | 3 | ||
        """
        let f = try facts(text)
        #expect(f["requests.outcome.granted.total"] == "1")
        #expect(f["requests.outcome.withheld.state_secret.natural_person"] == "2")
        #expect(f["requests.outcome.withheld.prohibited.total"] == "3")
    }

    @Test func typosAndSpacesInLabelsAreMatched() throws {
        let f = try facts("三、收到和处理政府信息公开申请情况\n二、上年转结政府信息公开申请数量 | 1 | 2 | 3 | 4 | 5 | 6 | 21 |\n自 然 人 | 法人或其他组织 | 总计 |\n")
        #expect(f["requests.carried_over.other_org"] == "6")
        #expect(f["requests.carried_over.total"] == "21")
    }

    @Test func otherUnderGroupSixIsTheThirdSubRow() throws {
        let text = """
        三、收到和处理政府信息公开申请情况
        (六)其他处理 | 1.申请人无正当理由逾期不补正，行政机关不再处理其政府信息公开申请 | 1 | 0 | 0 | 0 | 0 | 0 | 1 | |
        2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请 | 2 | 0 | 0 | 0 | 0 | 0 | 2 | ||
        3.其他 | 3 | 0 | 0 | 0 | 0 | 0 | 3 | ||
        """
        let r = try readText(text)
        let f = factValues(r.report)
        #expect(r.report.metadata.template == .y2021)
        #expect(f["requests.outcome.other.overdue_correction.total"] == "1")
        #expect(f["requests.outcome.other.unpaid_fee.total"] == "2")
        #expect(f["requests.outcome.other.other.total"] == "3")
    }

    @Test func templateIsDetectedFromLabelsNotYear() throws {
        // A 2022 report that still uses the 2019 table.
        let r = try readText("某局2022年政府信息公开工作年度报告\n二、主动公开政府信息情况\n第二十条第(一)项 | |||\n信息内容 | 本年新制作数量 | 本年新公开数量 | 对外公开总数量 |\n规章 | 1 | 2 | 3 |\n")
        #expect(r.report.metadata.template == .y2019)
        #expect(r.report.metadata.year == 2022)
        #expect(factValues(r.report)["active.rules.published_total"] == "3")
    }

    @Test func templateOverrideWins() throws {
        let r = try readText("二、主动公开政府信息情况\n规章 | 1 | 2 | 3 |\n", template: .y2021)
        #expect(r.report.metadata.template == .y2021)
        #expect(factValues(r.report)["active.rules.issued"] == "1")
    }

    @Test func mixedTemplateTableIsReadWithWarning() throws {
        let text = """
        二、主动公开政府信息情况
        第二十条第(一)项 | |||
        信息内容 | 本年新制作数量 | 本年新公开数量 | 对外公开总数量 |
        规章 | 1 | 2 | 3 |
        三、收到和处理政府信息公开申请情况
        (六)其他处理 | 1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请 | 1 | 0 | 0 | 0 | 0 | 0 | 1 | |
        """
        let r = try readText(text, template: .y2019)
        #expect(r.diagnostics.contains { $0.category == "template" })
        #expect(factValues(r.report)["active.rules.new_made"] == "1")
        // The 2021-only row is kept as written, not forced into a 2019 key.
        #expect(r.report.allTables.flatMap(\.rows).contains { $0.role == .unrecognised && $0.cells.contains { $0.text.contains("逾期不补正") } })
    }

    @Test func signedDecimalUnitAndPlaceholderReadings() {
        #expect(CellReading(text: "-417").number?.literal == "-417")
        #expect(CellReading(text: "－8").number?.literal == "-8")
        #expect(CellReading(text: "836.5万元").number == NumberReading(literal: "836.5", unit: "万元"))
        #expect(CellReading(text: "836.5万元").number?.value == Decimal(string: "836.5"))
        #expect(CellReading(text: "251000元").number?.unit == "元")
        #expect(CellReading(text: "1,234").number?.literal == "1234")
        #expect(CellReading(text: "０.０９２").number?.literal == "0.092")
        #expect(CellReading(text: "/") == .placeholder("/"))
        #expect(CellReading(text: "—") == .placeholder("—"))
        #expect(CellReading(text: "不适用") == .placeholder("不适用"))
        #expect(CellReading(text: "  ") == .blank)
        #expect(CellReading(text: "约5件") == .text("约5件"))
        #expect(CellReading(text: "1,23") == .text("1,23"))
        #expect(CellReading(text: "12.") == .text("12."))
    }

    @Test func pageMetadataTableIsNotTableOne() throws {
        let r = try readText(corpusData("036-ganzhou-beijie-street-2025-header-excerpt.txt"))
        #expect(r.report.fieldCells.isEmpty)
        #expect(r.report.front.contains { if case .table(let t) = $0 { t.kind == nil } else { false } })
        #expect(r.diagnostics.contains { $0.category == "unrecognised-table" })
    }

    @Test func truncatedReportWarnsWhichRowsAreMissing() throws {
        let r = try readText(corpusData("033-shenzhen-longgang-dept-2024-excerpt.txt"))
        #expect(r.diagnostics.contains { $0.category == "truncated" && $0.message.contains("依申请") })
        #expect(r.diagnostics.contains { $0.category == "row-width" && $0.location == .text(line: 32, column: 1) })
        #expect(factValues(r.report)["requests.outcome.withheld.enforcement_files.total"] == nil)
    }

    @Test func missingRowLabelAssignedByPositionWithWarning() throws {
        let r = try readText(corpusData("025-hantai-xuwang-town-2025-excerpt.txt"))
        #expect(r.diagnostics.contains { $0.category == "row-label" && $0.message.contains("规章") })
    }

    @Test func proseBetweenHeadingAndTableStaysProse() throws {
        let r = try readText(corpusData("009-hanyang-district-office-2022-excerpt.txt")).report
        let s = try #require(r.sections.first { $0.kind == .requests })
        guard case .paragraph(let p) = s.blocks.first else { Issue.record("expected a paragraph first"); return }
        #expect(p.text.hasPrefix("2022年,区政府办公室共收到8份"))
    }

    @Test func sectionHeadingsAndTheirVariants() {
        #expect(SectionHeading.detect("二、主动公开政府信息情况")?.kind == .active)
        #expect(SectionHeading.detect("二、主动公开政府信息工作情况")?.kind == .active)
        #expect(SectionHeading.detect("五、政府信息公开工作存在的主要问题及改进情况")?.kind == .problems)
        #expect(SectionHeading.detect("四、政府信息公开行政法复议、行政诉讼情况")?.kind == .litigation)
        #expect(SectionHeading.detect("、主动公开政府信息情况")?.kind == .active)
        #expect(SectionHeading.detect("三、本年度办理结果") == nil)
        #expect(SectionHeading.detect("一、本年新收政府信息公开申请数量") == nil)
        #expect(SectionHeading.detect("四、结转下年度继续办理") == nil)
        #expect(SectionHeading.detect("(一)主动公开政府信息情况。") == nil)
    }

    @Test func metadataFromSignatureTitleAndPeriod() throws {
        let seed = try readText(corpusData("seed-luojiang-2020.txt")).report.metadata
        #expect(seed.agency == "德阳市罗江区教育局")
        #expect(seed.published == "2021-01-22")
        #expect(seed.year == 2020)
        let m = try readText(corpusData("010-shijiazhuang-zhongshan-street-2021-excerpt.txt")).report.metadata
        #expect(m.agency == "石家庄市桥西区中山街道办事处")
        #expect(m.published == "2022-01-30")
    }

    @Test func crlfLineEndingsRoundTrip() throws {
        let text = "一、总体情况\r\n正文。\r\n二、主动公开政府信息情况\r\n规章 | 1 | 2 | 3 |\r\n"
        let r = try readText(text, template: .y2021)
        #expect(TextWriter().render(r.report) == text)
        #expect(factValues(r.report)["active.rules.in_force"] == "3")
    }

    @Test func invalidUTF8IsAnErrorWithOffset() {
        #expect(throws: ConversionError.self) { try readText(Data([0x41, 0x42, 0xFF, 0x43])) }
        do { _ = try readText(Data([0x41, 0x42, 0xFF, 0x43]), name: "x.txt") } catch let e as ConversionError {
            #expect(e.description.contains("x.txt"))
            #expect(e.description.contains("offset 2"))
        } catch { Issue.record("unexpected \(error)") }
    }

    @Test func emptyInputGivesAnEmptyReport() throws {
        let r = try readText("")
        #expect(r.report.sections.isEmpty)
        #expect(TextWriter().render(r.report) == "")
    }
}

/// Issue 14 (metadata part): titles and agencies as a person reads them from the text.
@Suite("Metadata", .enabled(if: Paths.sharedIsPresent))
struct MetadataTests {
    func metadata(_ name: String) throws -> (Metadata, [Diagnostic]) {
        let r = try readText(corpusData(name), name: name)
        return (r.report.metadata, r.diagnostics)
    }

    /// A crawler's `标题:` and a flipbook's `Page 9 - ` are chrome, not part of the title.
    @Test func titlesDropArchiveAndViewerChrome() throws {
        #expect(try metadata("005-pingtan-2019.txt").0.title == "平潭综合实验区2019年度政府信息公开工作年度报告")
        #expect(try metadata("021-audit-bureau-2020-flipbook-p9-excerpt.txt").0.title == "2020年报_审计局")
        let wendeng = try metadata("031-wendeng-district-office-2022-flipbook-p9-excerpt.txt").0
        #expect(wendeng.title == "威海市文登人民政府办公室2022年政府信息公开工作年度报告")
        #expect(wendeng.agency == "威海市文登人民政府办公室")
    }

    /// A title wrapped over two lines is joined; a sentence of prose is never a title.
    @Test func wrappedTitlesAreJoinedAndProseIsNoTitle() throws {
        #expect(try metadata("004-shanghai-office-2025-pdfextract.txt").0.title == "2025 年上海市人民政府办公厅政府信息公开工作年度报告")
        #expect(try metadata("009-hanyang-district-office-2022-excerpt.txt").0.title == nil)
        #expect(MetadataExtractor().title(in: ["根据《中华人民共和国政府信息公开条例》，现将我办2022年度政府信息公开工作年度报告如下"]) == nil)
    }

    /// The agency a title names after its year (`2024年上海市科委…`), or an administrative area
    /// as the last resort; a name the text states elsewhere still comes first.
    @Test func agencyFromTheTitle() throws {
        #expect(try metadata("003-shanghai-stcsm-2024-pdfextract.txt").0.agency == "上海市科委")
        #expect(try metadata("005-pingtan-2019.txt").0.agency == "平潭综合实验区")
        #expect(try metadata("034-pingtan-2022.txt").0.agency == "平潭综合实验区管委会")
    }

    /// 027 is a 2017 report in the form before 2019: not the 2019 template, and said so.
    @Test func preTemplateReportsAreNotCalled2019() throws {
        let (m, d) = try metadata("027-pingtan-2017-older-template.txt")
        #expect(m.template == .unknown)
        #expect(d.contains { $0.category == "template" && $0.message.contains("before the 2019 template") })
        // Forced to 2019, the template does not fit the year.
        let forced = try readText(corpusData("027-pingtan-2017-older-template.txt"), template: .y2019).report
        #expect(ReportChecker().check(forced).contains { $0.rule == "TEMPLATE-YEAR" && $0.status == .fail })
    }
}

/// Issue 14 (short rows): a printed row of table 1 that lost a cell is never shifted.
@Suite("Short rows", .enabled(if: Paths.sharedIsPresent))
struct ShortRowTests {
    /// 004's `| 规章 | 22 | 235 |`: three columns, the PDF dropped one (本年废止 55 is printed
    /// above). Left to right put 235 under 本年废止件数; now nothing is bound and the row is named.
    @Test func shortTable1RowBindsNothing() throws {
        let r = try readText(corpusData("004-shanghai-office-2025-pdfextract.txt"), name: "004.txt")
        let f = r.report.fields
        #expect(f["active.rules.issued"] == nil && f["active.rules.repealed"] == nil && f["active.rules.in_force"] == nil)
        #expect(r.diagnostics.contains { $0.category == "row-width" && $0.message.contains("which one is missing cannot be told, so none is bound: 22 | 235") })
        // A complete row is still read as printed.
        let ok = try readText("二、主动公开政府信息情况\n信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |\n规章 | 22 | 55 | 235 |\n").report
        #expect(ok.reading("active.rules.in_force")?.number?.literal == "235")
    }
}

/// One agency, three signatures across years (平潭综合实验区, …管委会, …管委会办公室): one
/// publisher, so collect rows and CARRYOVER group them.
@Suite("Publisher", .enabled(if: Paths.sharedIsPresent, "../shared is not beside the clone"))
struct PublisherTests {
    @Test func theArchivesSevenReportsHaveOnePublisher() throws {
        let names = ["005-pingtan-2019.txt", "006-pingtan-2021.txt", "007-pingtan-2024.txt", "026-pingtan-2025.txt", "028-pingtan-2020.txt", "034-pingtan-2022.txt", "035-pingtan-2023.txt"]
        let reports = try names.map { try readText(corpusData($0)).report }
        #expect(Set(reports.compactMap(\.metadata.agency)).count > 1, "the signatures differ")
        #expect(Set(reports.map(\.metadata.publisher)) == ["平潭综合实验区"])
        // CARRYOVER now pairs 2023 with 2024 although they sign differently.
        let pairs = ReportChecker().checkAcrossYears(zip(names, reports).map { ($0, $1) })
        #expect(pairs.contains { $0.name == "007-pingtan-2024.txt" && $0.result.rule == "CARRYOVER" })
    }

    @Test func titlesAndSignaturesNormalise() {
        #expect(Metadata(title: "2025 年上海市人民政府办公厅政府信息公开工作年度报告").publisher == "上海市人民政府办公厅")
        #expect(Metadata(title: "2020年政府信息公开工作年度报告", agency: "沭阳县政府").publisher == "沭阳县人民政府")
        #expect(Metadata(agency: "平潭综合实验区管委会").publisher == "平潭综合实验区管理委员会")
        #expect(Metadata().publisher == nil)
    }
}
