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
}
