import Foundation
import Testing
@testable import GDConvKit
@testable import GDConvWord

/// The Word reader on documents made from real reports' prose and golden values in the official
/// table geometry (Tests/GDConvTests/WordDocs, made by make_docs.py), one of them with the quirks
/// agencies' documents have (wrapped labels, tracked changes, a field, a text box, a layout
/// table, spaced characters).
@Suite("Word reader")
struct WordTests {
    static let docs = Paths.root.appendingPathComponent("Tests/GDConvTests/WordDocs")
    static let golden: [(doc: String, golden: String)] = [
        ("luojiang-2020.docx", "seed-luojiang-2020"),
        ("shuyang-2025-quirks.docx", "002-shuyang-county-2025"),
    ]

    func doc(_ name: String) throws -> Data { try Data(contentsOf: WordTests.docs.appendingPathComponent(name)) }

    func read(_ name: String) throws -> ReadResult {
        try WordReportReader().read(doc(name), options: ReaderOptions(sourceName: name))
    }

    @Test("a document gives exactly the golden values and metadata", .enabled(if: Paths.sharedIsPresent), arguments: golden)
    func documentMatchesGolden(_ pair: (doc: String, golden: String)) throws {
        let r = try read(pair.doc)
        let facts = FactsWriter().render(r.report, sourceName: "\(pair.golden).txt")
        let expected = try String(contentsOf: Paths.golden.appendingPathComponent("\(pair.golden).golden.tsv"), encoding: .utf8)
        #expect(facts == expected, "\(pair.doc):\n\(lineDiff(expected, facts))")
        #expect(!r.diagnostics.contains { $0.severity >= .warning }, "\(r.diagnostics)")
    }

    @Test func quirksAreReadAsAPersonReadsThem() throws {
        let r = try read("shuyang-2025-quirks.docx").report
        #expect(r.metadata.title == "沐阳县人民政府2025年政府信息公开工作年度报告", "the title in a text box, read once")
        #expect(r.metadata.published == "2026-01-23", "the date field's shown result")
        let text = TextWriter().render(r)
        #expect(!text.contains("DATE"), "a field's instruction is not text")
        #expect(text.components(separatedBy: "沐阳县人民政府2025年政府信息公开工作年度报告").count == 2, "the text box's fallback copy is not read")
        let active = try #require(r.sections.first { $0.kind == .active })
        guard case .table(let t)? = active.blocks.first(where: { if case .table = $0 { true } else { false } }) else {
            Issue.record("no table in 二"); return
        }
        #expect(t.rows.contains { $0.cells.contains { $0.text == "本年制发件数" } }, "a label wrapped over two paragraphs is one label")
        #expect(try ReportChecker().check(r).allSatisfy { $0.status != .fail }, "the golden values are consistent")
    }

    /// Word → JSON → text → JSON keeps values, metadata, headings and prose, as HTML does.
    @Test func roundTripKeepsEverything() throws {
        let r = try read("shuyang-2025-quirks.docx").report
        let json = try readJSON(writeJSON(r))
        #expect(json == r)
        let back = try readText(TextWriter().render(json)).report
        #expect(factValues(back) == factValues(r))
        #expect(back.metadata == r.metadata)
        #expect(back.sections.map(\.heading.text) == r.sections.map(\.heading.text))
        #expect(back.sections.map { $0.blocks.compactMap { if case .paragraph(let l) = $0 { l.text } else { nil } } }
                == r.sections.map { $0.blocks.compactMap { if case .paragraph(let l) = $0 { l.text } else { nil } } })
    }

    @Test func sniffedByContentAndWalkedInBulk() throws {
        #expect(Format.sniff(try doc("luojiang-2020.docx")) == .docx)
        let piped = try runGDConv(["-", "-t", "facts", "-q"], stdin: try doc("luojiang-2020.docx"))
        #expect(piped.code == 0 && piped.out.contains("requests.new.total\t0"), "\(piped.err)")
        let dir = try tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        try doc("luojiang-2020.docx").write(to: dir.appendingPathComponent("a.docx"))
        // A Word 97–2003 file: named and counted, with the way to convert it.
        try Data(LegacyWordReader.signature + [UInt8](repeating: 0, count: 504)).write(to: dir.appendingPathComponent("old.doc"))
        // Files no reader reads are named in the summary, never skipped silently.
        try Data([0x89, 0x50, 0x4E, 0x47]).write(to: dir.appendingPathComponent("scan.png"))
        let r = try runGDConv([dir.path, "-t", "json", "-d", dir.appendingPathComponent("out").path])
        #expect(r.err.contains("1 file(s) of no format gdconv reads were left out: .png"), "\(r.err)")
        #expect(r.code == 1)
        #expect(r.err.contains("2 input(s): 1 converted"), "\(r.err)")
        #expect(r.err.contains("old.doc: error: this is a Word 97–2003 (.doc) or WPS (.wps) document") && r.err.contains("soffice --headless --convert-to docx"), "\(r.err)")
    }

    @Test func brokenDocumentsAreClearErrors() throws {
        let good = try doc("luojiang-2020.docx")
        func error(_ d: Data) -> String {
            do { _ = try WordReportReader().read(d, options: ReaderOptions(sourceName: "x.docx")); return "no error" } catch { return "\(error)" }
        }
        #expect(error(good.prefix(good.count / 2)).contains("x.docx: error: not a Word document (.docx)"))
        #expect(error(Data("PK\u{3}\u{4}".utf8)).contains("x.docx: error:"))
        // A workbook is no Word document.
        let xlsx = try XLSXReportWriter(modelCodec: JSONModelCodec()).write(try readText(corpusData("seed-luojiang-2020.txt")).report, options: WriterOptions())
        #expect(error(xlsx).contains("word/document.xml is missing"))
        // A document part that inflates past the budget (a zip bomb) stops at the limit.
        var o = ReaderOptions(sourceName: "bomb.docx")
        o.maxInputBytes = 1 << 20
        let bomb = try WordTests.zip(["word/document.xml": Data(repeating: 0x20, count: 8 << 20)])
        #expect(throws: ConversionError.self) { try WordReportReader().read(bomb, options: o) }
    }

    /// A table inside a text box (agencies put the 复议诉讼 table in one to keep it on a page) is
    /// read where its paragraph anchors it.
    @Test func aTableInsideATextBoxIsRead() throws {
        func cell(_ t: String) -> String { "<w:tc><w:p><w:r><w:t>\(t)</w:t></w:r></w:p></w:tc>" }
        let heads = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
        let header = "<w:tr>" + (heads + heads + heads).map(cell).joined() + "</w:tr>"
        let values = "<w:tr>" + (1...15).map { cell($0 % 5 == 0 ? "4" : "1") }.joined() + "</w:tr>"
        let box = "<w:txbxContent><w:tbl>\(header)\(values)</w:tbl></w:txbxContent>"
        let xml = """
        <w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>
        <w:p><w:r><w:t>四、政府信息公开行政复议、行政诉讼情况</w:t></w:r></w:p>
        <w:p><w:r><w:drawing><wp:anchor xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"><a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><a:graphicData>\(box)</a:graphicData></a:graphic></wp:anchor></w:drawing></w:r></w:p>
        </w:body></w:document>
        """
        let d = try WordTests.zip(["word/document.xml": Data(xml.utf8)])
        let r = try WordReportReader().read(d, options: ReaderOptions(template: .y2021, sourceName: "box.docx")).report
        #expect(r.reading("review.total")?.number?.literal == "4")
        #expect(r.reading("litigation.after_review.upheld")?.number?.literal == "1")
    }

    /// A zip of `entries`, deflated, through Python's zipfile (the tests already use python3).
    static func zip(_ entries: [String: Data]) throws -> Data {
        let dir = try tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        var args: [String] = []
        for (i, (name, data)) in entries.enumerated() {
            let f = dir.appendingPathComponent("e\(i)")
            try data.write(to: f)
            args += [name, f.path]
        }
        let out = dir.appendingPathComponent("out.zip")
        let (status, err) = try python("""
        import sys, zipfile
        z = zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED)
        a = sys.argv[2:]
        for i in range(0, len(a), 2): z.write(a[i + 1], a[i])
        z.close()
        """, [out.path] + args)
        #expect(status == 0, "\(err)")
        return try Data(contentsOf: out)
    }
}
