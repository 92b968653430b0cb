import Foundation
import Testing
@testable import GDConvKit

func writeXLSX(_ r: Report) throws -> Data { try XLSXReportWriter(modelCodec: JSONModelCodec()).write(r, options: WriterOptions()) }
func readXLSX(_ d: Data, name: String = "test.xlsx") throws -> ReadResult {
    try XLSXReportReader(modelCodec: JSONModelCodec()).read(d, options: ReaderOptions(sourceName: name))
}

@Suite("XLSX", .serialized)
struct XLSXTests {
    @Test("golden values survive text → XLSX → JSON", arguments: Paths.goldenNames)
    func goldenThroughXLSX(_ name: String) throws {
        let r = try readText(corpusData("\(name).txt"), name: "\(name).txt").report
        let back = try readJSON(writeJSON(try readXLSX(writeXLSX(r)).report))
        let golden = try String(contentsOf: Paths.golden.appendingPathComponent("\(name).golden.tsv"), encoding: .utf8)
        #expect(FactsWriter().render(back, sourceName: "\(name).txt") == golden)
    }

    @Test("text → XLSX → text keeps every field, the prose and the metadata", arguments: Paths.corpusFiles)
    func semanticRoundTrip(_ name: String) throws {
        let r = try readText(corpusData(name), name: name).report
        let back = try readXLSX(writeXLSX(r)).report
        #expect(factValues(back) == factValues(r), "\(name)")
        #expect(back.metadata == r.metadata, "\(name)")
        #expect(TextWriter().render(back) == TextWriter().render(r), "\(name)")
    }

    @Test func formSheetsFollowTheOfficialLayout() throws {
        let r = try readText(corpusData("seed-luojiang-2020.txt")).report
        let dir = try tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let f = dir.appendingPathComponent("seed.xlsx")
        try writeXLSX(r).write(to: f)
        let script = """
        import sys, openpyxl
        wb = openpyxl.load_workbook(sys.argv[1])
        print(wb.sheetnames)
        ws = wb['依申请']
        print(sorted(str(m) for m in ws.merged_cells.ranges)[:6])
        print(repr(ws['D4'].value), type(ws['D4'].value).__name__)
        a = wb['主动公开']
        print(repr(a['C18'].value), a['C18'].number_format)
        print(ws.freeze_panes, ws.page_setup.paperSize, ws['A1'].font.name)
        print(wb.properties.creator, wb.properties.created.date())
        print(wb['_gdconv'].sheet_state)
        """
        let (status, out) = try python(script, [f.path])
        #expect(status == 0, "python3 with openpyxl (`make deps`):\n\(out)")
        let lines = out.split(separator: "\n").map(String.init)
        #expect(lines.first == "['报告', '主动公开', '依申请', '复议诉讼', '数据', '校验', '_gdconv']")
        #expect(lines.count > 1 && lines[1].contains("A1:C3") && lines[1].contains("A6:A25"), "\(out)")
        #expect(lines.contains("0 int"), "an integral number must come back as an integer:\n\(out)")
        #expect(lines.contains("836.5 General\"万元\""), "the unit stays visible through the number format:\n\(out)")
        #expect(lines.contains("D4 9 宋体"), "\(out)")
        #expect(lines.contains("德阳市罗江区教育局 2021-01-22"), "\(out)")
        #expect(lines.last == "hidden")
    }

    @Test func editingTheFormInAnotherClientIsRead() throws {
        let r = try readText(corpusData("002-shuyang-county-2025.txt")).report
        let dir = try tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let f = dir.appendingPathComponent("r.xlsx")
        try writeXLSX(r).write(to: f)
        // openpyxl changes 依申请 一、本年新收 自然人 (D4) from 705 to 706 and saves.
        let (status, out) = try python("""
        import sys, openpyxl
        wb = openpyxl.load_workbook(sys.argv[1])
        ws = wb['依申请']
        assert ws['D4'].value == 705, ws['D4'].value
        ws['D4'] = 706
        wb.save(sys.argv[1])
        """, [f.path])
        #expect(status == 0, "\(out)")
        let back = try readXLSX(try Data(contentsOf: f)).report
        #expect(factValues(back)["requests.new.natural_person"] == "706")
        #expect(TextWriter().render(back).contains("| 本年新收政府信息公开申请数量 | 706 |"))
        // And the check sees the edit.
        #expect(ReportChecker().check(back).contains { $0.rule == "BALANCE" && $0.status == .fail })
    }

    @Test func foreignWorkbookInTheOfficialLayoutIsReadByLabels() throws {
        let dir = try tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let f = dir.appendingPathComponent("foreign.xlsx")
        let (status, out) = try python("""
        import sys, openpyxl
        wb = openpyxl.Workbook()
        ws = wb.active
        ws.title = 'Sheet1'
        ws.append(['（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）', None, None, '申请人情况'])
        ws.append([None, None, None, '自 然 人', '法人或其他组织', None, None, None, None, '总计'])
        ws.append([None, None, None, None, '商业 企业', '科研机构', '社会公益组织', '法律服务机构', '其他'])
        ws.append(['一、本年新收政府信息公开申请数量', None, None, 5, 1, 0, 0, 0, 0, 6])
        ws.append(['二、上年转结政府信息公开申请数量', None, None, 1, 0, 0, 0, 0, None, 1])
        ws.merge_cells('A4:C4'); ws.merge_cells('A5:C5'); ws.merge_cells('A1:C3')
        t = wb.create_sheet('表二')
        t.append(['行政复议', None, None, None, None, '行政诉讼'])
        t.append([0, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])
        wb.save(sys.argv[1])
        """, [f.path])
        #expect(status == 0, "\(out)")
        let r = try readXLSX(try Data(contentsOf: f), name: "foreign.xlsx")
        let v = factValues(r.report)
        #expect(r.report.metadata.template == .y2021)
        #expect(v["requests.new.total"] == "6")
        #expect(v["requests.carried_over.natural_person"] == "1")
        #expect(v["requests.carried_over.other_org"] == "blank")
        #expect(v["review.corrected"] == "1")
        #expect(v["review.total"] == "1")
    }

    func error(_ d: Data) -> String {
        do { _ = try readXLSX(d, name: "bad.xlsx"); return "no error" } catch { return "\(error)" }
    }

    @Test func hostileArchivesAreRefused() throws {
        #expect(error(Data("not a zip".utf8)).contains("bad.xlsx: error: not an XLSX workbook"))
        let good = try writeXLSX(try readText(corpusData("seed-luojiang-2020.txt")).report)
        #expect(error(good.prefix(good.count / 2)).contains("bad.xlsx"))
        // A zip with an entry path escaping the archive, and one without a workbook part.
        let dir = try tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let evil = dir.appendingPathComponent("evil.xlsx"), empty = dir.appendingPathComponent("empty.xlsx"), bomb = dir.appendingPathComponent("bomb.xlsx")
        let (status, out) = try python("""
        import sys, zipfile
        with zipfile.ZipFile(sys.argv[1], 'w') as z:
            z.writestr('../../etc/evil.xml', '<x/>')
            z.writestr('xl/workbook.xml', '<workbook/>')
        with zipfile.ZipFile(sys.argv[2], 'w') as z:
            z.writestr('hello.txt', 'hi')
        with zipfile.ZipFile(sys.argv[3], 'w', zipfile.ZIP_DEFLATED) as z:
            z.writestr('xl/workbook.xml', b'<workbook>' + b' ' * (200 << 20) + b'</workbook>')
        """, [evil.path, empty.path, bomb.path])
        #expect(status == 0, "\(out)")
        #expect(error(try Data(contentsOf: evil)).contains("unsafe entry path '../../etc/evil.xml'"))
        #expect(error(try Data(contentsOf: empty)).contains("xl/workbook.xml is missing"))
        #expect(error(try Data(contentsOf: bomb)).contains("over the limit"))
    }

    @Test func missingSheetPartIsAnError() throws {
        let dir = try tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let f = dir.appendingPathComponent("nosheet.xlsx")
        let (status, out) = try python("""
        import sys, zipfile
        with zipfile.ZipFile(sys.argv[1], 'w') as z:
            z.writestr('xl/workbook.xml', '<workbook xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="依申请" sheetId="1" r:id="rId1"/></sheets></workbook>')
            z.writestr('xl/_rels/workbook.xml.rels', '<Relationships><Relationship Id="rId1" Target="worksheets/sheet1.xml"/></Relationships>')
        """, [f.path])
        #expect(status == 0, "\(out)")
        #expect(error(try Data(contentsOf: f)).contains("sheet '依申请': part xl/worksheets/sheet1.xml is missing"))
    }

    /// LibreOffice opens the workbook (PDF and CSV). Skipped, visibly, where LibreOffice Calc is
    /// not installed (apt-get install libreoffice-calc-nogui; Writer alone cannot open a workbook).
    @Test(.enabled(if: toolIsInstalled("soffice") && FileManager.default.fileExists(atPath: "/usr/lib/libreoffice/program/libsclo.so"),
                   "LibreOffice Calc is not installed"))
    func libreOfficeOpensTheWorkbook() throws {
        let dir = try tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let f = dir.appendingPathComponent("seed.xlsx")
        try writeXLSX(try readText(corpusData("seed-luojiang-2020.txt")).report).write(to: f)
        for target in ["pdf", "csv"] {
            let (status, out) = try runTool(["soffice", "--headless", "--convert-to", target, "--outdir", dir.path, f.path])
            #expect(status == 0, "\(out)")
            #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("seed.\(target)").path))
        }
        // The print layout: the seed's workbook prints on 10 pages (26 before the row heights and
        // the one-page-wide 数据 and 校验).
        if toolIsInstalled("pdfinfo") {
            let (_, info) = try runTool(["pdfinfo", dir.appendingPathComponent("seed.pdf").path])
            let pages = info.split(separator: "\n").first { $0.hasPrefix("Pages:") }.flatMap { Int($0.split(separator: " ").last ?? "") }
            #expect((pages ?? 99) <= 12, "\(info)")
        }
    }

    /// Issue 15: spreadsheets do not fit wrapped rows when they open a file, so every prose
    /// paragraph showed as one cut line; the rows now carry the height their text needs.
    @Test(.enabled(if: Paths.sharedIsPresent)) func wrappedRowsHaveTheirHeight() throws {
        let dir = try tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let f = dir.appendingPathComponent("seed.xlsx")
        try writeXLSX(try readText(corpusData("seed-luojiang-2020.txt")).report).write(to: f)
        let (status, out) = try python("""
        import sys, openpyxl
        wb = openpyxl.load_workbook(sys.argv[1])
        ws = wb["报告"]
        tall = [r for r in range(1, ws.max_row + 1) if (ws.row_dimensions[r].height or 0) > 15 and len(str(ws.cell(r, 2).value or "")) > 90]
        long = [r for r in range(1, ws.max_row + 1) if len(str(ws.cell(r, 2).value or "")) > 90]
        print("ok" if long and tall == long else f"long {long} tall {tall}")
        """, [f.path])
        #expect(status == 0 && out.contains("ok"), "\(out)")
    }
}
