import Foundation
import Testing
@testable import GDConvKit
@testable import GDConvXLSX
import GDConvZip

/// Inputs that once crashed gdconv (found by fuzzing), each named after what it guards.
@Suite("Regressions")
struct RegressionTests {
    static let dir = Paths.root.appendingPathComponent("Tests/GDConvTests/Regressions")

    @Test func corruptArchiveWithAnOffsetPastTheEndIsAnErrorNotATrap() throws {
        let d = try Data(contentsOf: RegressionTests.dir.appendingPathComponent("xlsx-offset-past-end.xlsx"))
        #expect(throws: ConversionError.self) { try XLSXReportReader(modelCodec: JSONModelCodec()).read(d, options: ReaderOptions(sourceName: "fuzz.xlsx")) }
    }

    @Test func zipEntryWhoseDataRunsPastTheEndDoesNotHang() throws {
        let d = try Data(contentsOf: RegressionTests.dir.appendingPathComponent("xlsx-entry-past-end-hangs.xlsx"))
        do {
            _ = try XLSXReportReader(modelCodec: JSONModelCodec()).read(d, options: ReaderOptions(sourceName: "fuzz.xlsx"))
            Issue.record("no error")
        } catch let e as ConversionError {
            #expect("\(e)".contains("runs past the end") || "\(e)".contains("outside the file"), "\(e)")
        }
    }

    @Test func corruptDeflateStreamDoesNotHang() throws {
        let d = try Data(contentsOf: RegressionTests.dir.appendingPathComponent("xlsx-corrupt-deflate-hangs.xlsx"))
        #expect(throws: ConversionError.self) { try XLSXReportReader(modelCodec: JSONModelCodec()).read(d, options: ReaderOptions(sourceName: "fuzz.xlsx")) }
    }

    @Test func backwardsMergeRangeDoesNotTrap() throws {
        let d = try Data(contentsOf: RegressionTests.dir.appendingPathComponent("xlsx-backwards-merge-range.xlsx"))
        // Either a model or a clean error; before the fix a `B5:A1` merge trapped.
        _ = try? XLSXReportReader(modelCodec: JSONModelCodec()).read(d, options: ReaderOptions(sourceName: "fuzz.xlsx"))
        var delivered = 0
        let merges = try XLSXPackage.sheet(Data(#"<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c></row></sheetData><mergeCells><mergeCell ref="C5:A1"/></mergeCells></worksheet>"#.utf8), sheetName: "S", shared: [], name: "t.xlsx", budget: ResourceBudget(maxInputBytes: 64 << 20), delivered: &delivered).merges
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

    /// CI's `-j 1` vs `-j 4` outputs differed again after the fix above: libxlsxwriter formats
    /// docProps/core.xml's dates with `gmtime`, whose result is one static buffer per process, so
    /// workbooks closing at once in bulk workers took each other's dates (about 1 in 900). The
    /// race is a window of nanoseconds; a preloaded `gmtime` that sleeps after filling the buffer
    /// widens it, so without the fix most runs of this test fail (7 of 100 workbooks differed).
    @Test(.enabled(if: cCompiler != nil, "no C compiler to build the slow gmtime"))
    func parallelWorkbooksKeepTheirOwnCreationDates() throws {
        let dir = try tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let shim = dir.appendingPathComponent("slow-gmtime.c")
        try Data("""
        #define _GNU_SOURCE
        #include <dlfcn.h>
        #include <stdio.h>
        #include <time.h>
        #include <unistd.h>
        __attribute__((constructor)) static void loaded(void) { fputs("slow-gmtime loaded\\n", stderr); }
        struct tm *gmtime(const time_t *t) {
            static struct tm *(*real)(const time_t *);
            if (!real) real = (struct tm *(*)(const time_t *))dlsym(RTLD_NEXT, "gmtime");
            struct tm *r = real(t);
            usleep(3000);
            return r;
        }
        /* gdconv's own per-thread gmtime calls gmtime_r: slow it down the same way, so a shared
           buffer anywhere on the path would still be caught. */
        struct tm *gmtime_r(const time_t *t, struct tm *out) {
            static struct tm *(*real)(const time_t *, struct tm *);
            if (!real) real = (struct tm *(*)(const time_t *, struct tm *))dlsym(RTLD_NEXT, "gmtime_r");
            struct tm *r = real(t, out);
            usleep(3000);
            return r;
        }
        """.utf8).write(to: shim)
        let lib = dir.appendingPathComponent("slow-gmtime.so").path
        let cc = try #require(cCompiler)
        let built = try runTool([cc, "-shared", "-fPIC", "-o", lib, shim.path, "-ldl"])
        try #require(built.0 == 0, "\(built.1)")
        let r = try runGDConv(["generate", "--seed", "7", "--count", "48", "-d", dir.appendingPathComponent("in").path])
        try #require(r.code == 0)
        let j1 = try runGDConv([dir.appendingPathComponent("in").path, "-t", "xlsx", "-d", dir.appendingPathComponent("j1").path, "-j", "1", "-q"])
        let j8 = try runTool(["env", "LD_PRELOAD=\(lib)", Paths.binary.path, dir.appendingPathComponent("in").path, "-t", "xlsx",
                              "-d", dir.appendingPathComponent("j8").path, "-j", "8", "-q"])
        #expect(j1.code == 0 && j8.0 == 0)
        #expect(j8.1.contains("slow-gmtime loaded"), "the slow gmtime was not preloaded: \(j8.1)")
        let names = try FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent("j1").path).sorted()
        #expect(names.count == 48)
        let differing = names.filter {
            FileManager.default.contents(atPath: dir.appendingPathComponent("j1/\($0)").path)
                != FileManager.default.contents(atPath: dir.appendingPathComponent("j8/\($0)").path)
        }
        #expect(differing.isEmpty, "\(differing.count) workbooks written by 8 workers differ from the one-worker run: \(differing.prefix(5))")
    }
}

/// The first C compiler on PATH.
let cCompiler: String? = ["clang", "cc", "gcc"].first { toolIsInstalled($0) }
