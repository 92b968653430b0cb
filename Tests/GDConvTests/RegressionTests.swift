import Foundation
import Testing
@testable import GDConvKit

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
}
