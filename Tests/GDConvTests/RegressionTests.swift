import Foundation
import Testing
@testable import GDConvKit
@testable import GDConvXLSX

/// Inputs that once crashed gdconv (found by fuzzing), each named after what it guards.
@Suite("Regressions")
struct RegressionTests {
    static let dir = Paths.root.appendingPathComponent("Tests/GDConvTests/Regressions")

    @Test func corruptArchiveWithAnOffsetPastTheEndIsAnErrorNotATrap() throws {
        let d = try Data(contentsOf: RegressionTests.dir.appendingPathComponent("xlsx-offset-past-end.xlsx"))
        #expect(throws: ConversionError.self) { try XLSXReportReader().read(d, options: ReaderOptions(sourceName: "fuzz.xlsx")) }
    }

    @Test func zipEntryWhoseDataRunsPastTheEndDoesNotHang() throws {
        let d = try Data(contentsOf: RegressionTests.dir.appendingPathComponent("xlsx-entry-past-end-hangs.xlsx"))
        do {
            _ = try XLSXReportReader().read(d, options: ReaderOptions(sourceName: "fuzz.xlsx"))
            Issue.record("no error")
        } catch let e as ConversionError {
            #expect("\(e)".contains("runs past the end") || "\(e)".contains("outside the file"), "\(e)")
        }
    }

    @Test func corruptDeflateStreamDoesNotHang() throws {
        let d = try Data(contentsOf: RegressionTests.dir.appendingPathComponent("xlsx-corrupt-deflate-hangs.xlsx"))
        #expect(throws: ConversionError.self) { try XLSXReportReader().read(d, options: ReaderOptions(sourceName: "fuzz.xlsx")) }
    }

    @Test func backwardsMergeRangeDoesNotTrap() throws {
        let d = try Data(contentsOf: RegressionTests.dir.appendingPathComponent("xlsx-backwards-merge-range.xlsx"))
        // Either a model or a clean error; before the fix a `B5:A1` merge trapped.
        _ = try? XLSXReportReader().read(d, options: ReaderOptions(sourceName: "fuzz.xlsx"))
        let merges = try XLSXPackage.sheet(Data(#"<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c></row></sheetData><mergeCells><mergeCell ref="C5:A1"/></mergeCells></worksheet>"#.utf8), sheetName: "S", shared: [], name: "t.xlsx").merges
        #expect(merges.count == 1 && merges[0].r1 == 0 && merges[0].c1 == 0 && merges[0].r2 == 4 && merges[0].c2 == 2)
    }

    /// `-j 1` and `-j 4` wrote different XLSX bytes on CI: libxlsxwriter stamps "now" into
    /// docProps/core.xml when a report has no publication date.
    @Test func workbookWithoutPublicationDateIsReproducibleAcrossSeconds() throws {
        var report = try readText(try corpusData("seed-luojiang-2020.txt")).report
        report.metadata.published = nil
        let first = try writeXLSX(report)
        Thread.sleep(forTimeInterval: 1.1)
        let second = try writeXLSX(report)
        #expect(first == second)
        let zip = try ZipArchive(first, name: "t.xlsx", maxEntries: 100)
        let entry = try #require(zip.entries.first { $0.path == "docProps/core.xml" })
        let core = String(decoding: try zip.read(entry, limit: 1 << 20, name: "t.xlsx"), as: UTF8.self)
        #expect(core.contains("1980-01-01T00:00:00Z"), "\(core)")
    }
}
