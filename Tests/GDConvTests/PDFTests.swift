import Foundation
import Testing
@testable import GDConvKit
@testable import GDConvPDF

/// The PDF reader on the Word test documents printed to PDF by a word processor (PDFDocs,
/// make_pdfs.sh): narrow table columns, labels wrapped over several lines, a table that breaks
/// across pages, page numbers, text boxes.
@Suite("PDF reader")
struct PDFTests {
    static let docs = Paths.root.appendingPathComponent("Tests/GDConvTests/PDFDocs")
    static let golden: [(pdf: String, golden: String)] = [
        ("luojiang-2020.pdf", "seed-luojiang-2020"),
        ("shuyang-2025-quirks.pdf", "002-shuyang-county-2025"),
        // The same report with its values centred in their cells, as most Word forms print them.
        ("shuyang-2025-centred.pdf", "002-shuyang-county-2025"),
    ]

    func pdf(_ name: String) throws -> Data { try Data(contentsOf: PDFTests.docs.appendingPathComponent(name)) }

    @Test("a PDF gives exactly the golden values and metadata", .enabled(if: Paths.sharedIsPresent), arguments: golden)
    func pdfMatchesGolden(_ pair: (pdf: String, golden: String)) throws {
        let r = try PDFReportReader().read(pdf(pair.pdf), options: ReaderOptions(sourceName: pair.pdf))
        let facts = FactsWriter().render(r.report, sourceName: "\(pair.golden).txt")
        let expected = try String(contentsOf: Paths.golden.appendingPathComponent("\(pair.golden).golden.tsv"), encoding: .utf8)
        #expect(facts == expected, "\(pair.pdf):\n\(lineDiff(expected, facts))")
        #expect(try ReportChecker().check(r.report).allSatisfy { $0.status != .fail || $0.severity < .error })
    }

    @Test func sniffedAndLocatedByPage() throws {
        #expect(Format.sniff(try pdf("luojiang-2020.pdf")) == .pdf)
        let r = try runGDConv(["-", "-t", "facts", "-q"], stdin: try pdf("luojiang-2020.pdf"))
        #expect(r.code == 0 && r.out.contains("active.fees.prior_items\t8"), "\(r.err)")
        let report = try PDFReportReader().read(pdf("shuyang-2025-quirks.pdf"), options: ReaderOptions(sourceName: "s.pdf")).report
        let cell = try #require(report.fieldCells.first { $0.key == "requests.new.total" })
        #expect("\(cell.cell.location.map { "\($0)" } ?? "")".hasPrefix("page "))
    }

    /// A page of lines only: the column rule keeps prose as prose; a page number is dropped.
    @Test func pageNumbersAreNotText() {
        for s in ["— 4 —", "- 12 -", "4", "第 4 页", "P. 9"] { #expect(PDFLayout.isPageNumber(s), "\(s)") }
        for s in ["2020", "一、总体情况", "行政许可 0 0 0"] { #expect(!PDFLayout.isPageNumber(s), "\(s)") }
    }

    @Test func scansAndBrokenFilesAreClearErrors() throws {
        func error(_ d: Data) -> String {
            do { _ = try PDFReportReader().read(d, options: ReaderOptions(sourceName: "x.pdf")); return "no error" } catch { return "\(error)" }
        }
        // A page with no text at all, as a scan is.
        let scan = Data("%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n".utf8)
        #expect(error(scan).contains("x.pdf: error: the PDF has no text layer (a scan?): it needs OCR"), "\(error(scan))")
        #expect(error(Data("%PDF-1.7\ngarbage".utf8)).contains("x.pdf: error:"))
        let good = try pdf("luojiang-2020.pdf")
        #expect(error(good.prefix(good.count / 3)).contains("x.pdf: error:") || error(good.prefix(good.count / 3)) == "no error")
    }

    /// Three cells of the seed left empty: an empty cell prints nothing, and the row's other values
    /// stay in their columns (positions decide, not counts).
    @Test(.enabled(if: Paths.sharedIsPresent))
    func lostCellsLeaveTheirColumnEmpty() throws {
        let r = try PDFReportReader().read(pdf("luojiang-2020-blanks.pdf"), options: ReaderOptions(sourceName: "b.pdf"))
        let facts = FactsWriter().render(r.report, sourceName: "seed-luojiang-2020.txt")
        var expected = try String(contentsOf: Paths.golden.appendingPathComponent("seed-luojiang-2020.golden.tsv"), encoding: .utf8)
        for key in ["active.normative.new_published", "requests.outcome.granted.research", "requests.carried_over.natural_person"] {
            expected = expected.replacingOccurrences(of: "\n\(key)\t0\n", with: "\n\(key)\tblank\n")
        }
        #expect(facts == expected, "\(lineDiff(expected, facts))")
    }

    /// A PDF of thousands of empty pages stops at the budget, quickly.
    @Test func thousandsOfPagesAreOverBudget() throws {
        var pdf = "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
        let n = 2_500
        pdf += "2 0 obj<</Type/Pages/Kids[" + (0..<n).map { "\($0 + 3) 0 R" }.joined(separator: " ") + "]/Count \(n)>>endobj\n"
        for k in 0..<n { pdf += "\(k + 3) 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n" }
        pdf += "trailer<</Root 1 0 R>>\n%%EOF\n"
        do {
            _ = try PDFReportReader().read(Data(pdf.utf8), options: ReaderOptions(sourceName: "pages.pdf"))
            Issue.record("no error")
        } catch {
            #expect("\(error)".contains("the PDF has 2500 pages"), "\(error)")
        }
    }
}
