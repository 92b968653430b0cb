import Foundation
import Testing
@testable import GDConvKit
@testable import GDConvHTML
import GDConvLibXML

/// Issue 12: the hostile files and paths that once won. Each former hot path is checked for
/// linear growth (the input grown 4×, the work may grow ~5×; quadratic was 16×), measured as the
/// best of three CPU times of the test's own thread (other tests run in parallel), so a busy
/// machine does not decide the verdict; each bomb
/// stops with the budget's error. Timings and memory of the release build are printed by
/// `make hostile`.
@Suite("Resource bounds and data safety", .serialized)
struct ResourceBoundsTests {
    static let hostile = Paths.root.appendingPathComponent("Tests/GDConvTests/Hostile")

    /// CPU seconds of `body` on this thread (`RUSAGE_THREAD`), best of three.
    static func cpu(_ body: () throws -> Void) rethrows -> Double {
        var best = Double.infinity
        for _ in 0..<3 {
            var a = rusage(), b = rusage()
            getrusage(1 /* RUSAGE_THREAD */, &a)
            try body()
            getrusage(1 /* RUSAGE_THREAD */, &b)
            let s = Double(b.ru_utime.tv_sec - a.ru_utime.tv_sec) + Double(b.ru_utime.tv_usec - a.ru_utime.tv_usec) / 1e6
                + Double(b.ru_stime.tv_sec - a.ru_stime.tv_sec) + Double(b.ru_stime.tv_usec - a.ru_stime.tv_usec) / 1e6
            best = min(best, s)
        }
        return best
    }

    /// `work(n)` and `work(4n)`: the second may cost at most `limit` times the first.
    static func expectLinear(_ what: String, limit: Double = 8, _ work: (Int) throws -> Void, n: Int) rethrows {
        let small = try cpu { try work(n) }, large = try cpu { try work(4 * n) }
        #expect(large <= max(small, 0.01) * limit, "\(what): 4× the input took \(large / max(small, 1e-6))× the time (\(small) s → \(large) s)")
    }

    // MARK: - Former quadratic paths

    /// Blank lines after a paragraph or a table were appended to it one by one, copying it each
    /// time: 1 MB of blank lines took 12 s.
    @Test func blankLinesAreLinear() throws {
        for head in ["一、总体情况\n说明文字\n", "行政许可 | 1 | 2 | 3 |\n"] {
            try ResourceBoundsTests.expectLinear("blank lines after \(head.prefix(4))", { n in
                let r = try readText(Data((head + String(repeating: "\n", count: n)).utf8))
                #expect(TextWriter().render(r.report) == head + String(repeating: "\n", count: n))
            }, n: 60_000)
        }
    }

    /// A 100-column HTML table: each cell's XPath was computed by xmlGetNodePath, which counts
    /// the siblings of every ancestor again (4,000 rows took 7 s).
    @Test func wideHTMLTablesAreLinear() throws {
        func page(_ rows: Int) -> Data {
            let body = (0..<rows).map { r in "<tr>" + (0..<100).map { "<td>\((r * $0) % 97)</td>" }.joined() + "</tr>" }.joined()
            return Data("<html><head><meta charset=utf-8></head><body><p>二、主动公开政府信息情况</p><table>\(body)</table></body></html>".utf8)
        }
        try ResourceBoundsTests.expectLinear("100-column table", { n in
            _ = try HTMLReportReader().read(page(n), options: ReaderOptions(sourceName: "wide.html"))
        }, n: 150)
    }

    /// Duplicate `<field>` keys: libxml2's `xs:unique` is quadratic (16,000 fields took 20 s);
    /// they are found in one pass first and named.
    @Test func manyXMLFieldsAreLinearAndDuplicatesNamed() throws {
        let seed = try XMLReportWriter().write(try readText(corpusData("seed-luojiang-2020.txt")).report, options: WriterOptions())
        let xml = String(decoding: seed, as: UTF8.self)
        let start = try #require(xml.range(of: "<field ")), end = try #require(xml.range(of: "</fields>"))
        let one = String(xml[start.lowerBound..<xml.range(of: "</field>", range: start.lowerBound..<end.lowerBound)!.upperBound])
        func doc(_ n: Int) -> Data { Data((xml[..<start.lowerBound] + String(repeating: one, count: n) + xml[end.lowerBound...]).utf8) }
        do {
            _ = try XMLReportReader().read(doc(2), options: ReaderOptions(sourceName: "dup.xml"))
            Issue.record("no error for a duplicate field")
        } catch {
            #expect("\(error)".contains("the field active.rules.new_made is given twice"), "\(error)")
        }
        try ResourceBoundsTests.expectLinear("duplicate fields", { n in
            #expect(throws: ConversionError.self) { try XMLReportReader().read(doc(n), options: ReaderOptions(sourceName: "dup.xml")) }
        }, n: 2_000)
    }

    // MARK: - Bombs: a small file must not expand without bound

    func readXLSX(_ name: String) throws -> Result<Report, Error> {
        let d = try Data(contentsOf: ResourceBoundsTests.hostile.appendingPathComponent(name))
        return Result { try XLSXReportReader(modelCodec: JSONModelCodec()).read(d, options: ReaderOptions(sourceName: name)).report }
    }

    func expectBudgetError(_ r: Result<Report, Error>, _ fragment: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        switch r {
        case .success: Issue.record("read without error", sourceLocation: sourceLocation)
        case .failure(let e):
            #expect("\(e)".contains(fragment), "\(e)", sourceLocation: sourceLocation)
            #expect("\(e)".contains("--max-input-mb"), "the error says how to raise the limit: \(e)", sourceLocation: sourceLocation)
        }
    }

    /// 60,000 rows each with one cell in column IV (297 KB): every row became 256 grid cells.
    @Test func sparseWorkbookRowsStayWithinTheBudget() throws {
        expectBudgetError(try readXLSX("xlsx-sparse-column-iv.xlsx"), "cells to read")
    }

    /// 2,000 merged ranges of 1001 × 201 cells: each was expanded cell by cell (78 s, 3 GB).
    @Test func mergedRangesAreNotExpandedCellByCell() throws {
        expectBudgetError(try readXLSX("xlsx-many-merges.xlsx"), "merged ranges cover")
    }

    /// One 9 MB shared string used by 100 cells: the zip limits saw 9 MB once.
    @Test func sharedStringsCountOncePerCellThatUsesThem() throws {
        expectBudgetError(try readXLSX("xlsx-shared-string-bomb.xlsx"), "MB of text")
    }

    /// A wide table in text stops at the budget while it is being cut into cells.
    @Test func hugeTextTablesStopAtTheBudget() throws {
        let row = "| " + (0..<100).map(String.init).joined(separator: " | ") + " |\n"
        let text = "二、主动公开政府信息情况\n" + String(repeating: row, count: 3_000)
        var o = ReaderOptions(sourceName: "wide.txt")
        o.maxInputBytes = 16 << 20
        #expect(throws: ConversionError.self) { try TextReader().read(Data(text.utf8), options: o) }
    }

    /// A page with more cells than the budget is refused on its bytes, before libxml2 builds a
    /// tree of it (20,000 rows of 100 cells took 745 MB as a tree).
    @Test func hugeHTMLPagesAreRefusedBeforeParsing() throws {
        let row = "<tr>" + String(repeating: "<td>1</td>", count: 100) + "</tr>"
        let page = Data(("<html><body><table>" + String(repeating: row, count: 3_000) + "</table></body></html>").utf8)
        #expect(HTMLReportReader.cellTags(page) == 300_000)
        var o = ReaderOptions(sourceName: "big.html")
        o.maxInputBytes = 64 << 20
        do {
            _ = try HTMLReportReader().read(page, options: o)
            Issue.record("no error")
        } catch {
            #expect("\(error)".contains("the page has 300000 table cells"), "\(error)")
        }
        #expect(HTMLReportReader.cellTags(Data("<TD class=x><th>a</th><table><thead>".utf8)) == 2)
    }

    // MARK: - The command line

    @Test func standardInputIsNotReadPastTheLimit() throws {
        let r = try runGDConv(["-", "-f", "text", "-t", "json", "--max-input-mb", "1"], stdin: Data(count: 3 << 20))
        #expect(r.code == 1)
        #expect(r.err.contains("-: error: input larger than the limit of 1 MB"))
        let empty = try runGDConv(["-", "-t", "json"], stdin: Data())
        #expect(empty.code == 1 && empty.err.contains("standard input is empty"))
        let range = try runGDConv([Paths.corpus.appendingPathComponent("seed-luojiang-2020.txt").path, "--max-input-mb", "9999999999999", "-t", "json"])
        #expect(range.code == 2 && range.err.contains("--max-input-mb must be between"))
    }

    /// --report may be no input and no output of the run; replacing a file keeps its mode.
    @Test func reportNeverOverwritesAnInputOrAnOutputAndModesAreKept() throws {
        let dir = try tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = dir.appendingPathComponent("r.txt")
        try corpusData("seed-luojiang-2020.txt").write(to: input)
        let original = try Data(contentsOf: input)
        let asInput = try runGDConv([input.path, "-t", "json", "-d", dir.appendingPathComponent("out").path, "--report", input.path])
        #expect(asInput.code == 2 && asInput.err.contains("is the input"), "\(asInput.err)")
        #expect(try Data(contentsOf: input) == original)
        let asOutput = try runGDConv([input.path, "-t", "json", "-d", dir.appendingPathComponent("out").path, "--report", dir.appendingPathComponent("out/r.json").path])
        #expect(asOutput.code == 2 && asOutput.err.contains("is where"), "\(asOutput.err)")
        let out = dir.appendingPathComponent("x.json")
        try Data("{}".utf8).write(to: out)
        chmod(out.path, 0o600)
        #expect(try runGDConv([input.path, "-o", out.path, "-q"]).code == 0)
        var st = stat()
        stat(out.path, &st)
        #expect(st.st_mode & 0o777 == 0o600)
    }

    /// A missing input fails alone; the output folder is never an input; a name that is not
    /// UTF-8 (GBK, as zips made on Windows write them) is read and its output named readably.
    @Test func noSilentSkipNoDoubleCount() throws {
        let dir = try tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let seed = try corpusData("seed-luojiang-2020.txt")
        try seed.write(to: dir.appendingPathComponent("a.txt"))
        // 罗江.txt in GBK.
        let gbkName: [UInt8] = Array(dir.path.utf8) + [0x2F, 0xC2, 0xDE, 0xBD, 0xAD] + Array(".txt".utf8)
        let fd = (gbkName + [0]).withUnsafeBufferPointer { open(UnsafeRawPointer($0.baseAddress!).assumingMemoryBound(to: CChar.self), O_WRONLY | O_CREAT, 0o644) }
        #expect(fd >= 0)
        _ = seed.withUnsafeBytes { write(fd, $0.baseAddress!, $0.count) }
        close(fd)
        let out = dir.appendingPathComponent("out")
        for _ in 0..<2 {
            let r = try runGDConv([dir.path, "-t", "json", "-d", out.path, "--force"])
            #expect(r.code == 0, "\(r.err)")
            #expect(r.err.contains("2 input(s): 2 converted"), "\(r.err)")
        }
        #expect(Set(try FileManager.default.contentsOfDirectory(atPath: out.path)) == ["a.json", "罗江.json"])
        // Named on the command line (through a shell: Process takes only UTF-8 arguments).
        let (status, named) = try runTool(["sh", "-c", "cd '\(dir.path)' && '\(Paths.binary.path)' \"$(printf '\\302\\336\\275\\255.txt')\" -t facts -q"])
        #expect(status == 0, "\(named)")
        #expect(named.hasPrefix("# source: 罗江.txt\n"), "\(named)")
        let missing = try runGDConv([dir.appendingPathComponent("a.txt").path, dir.appendingPathComponent("nope.txt").path, "-t", "json", "-d", dir.appendingPathComponent("o2").path])
        #expect(missing.code == 1)
        #expect(missing.err.contains("1 converted") && missing.err.contains("nope.txt: no such file"), "\(missing.err)")
    }

    /// SIGINT stops taking inputs: the summary, a complete --report (every input, the rest "not
    /// run") and exit 130; no temporary file stays; a later run removes one a killed run left.
    @Test func interruptedRunsEndCleanly() throws {
        let dir = try tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let inputs = dir.appendingPathComponent("in"), out = dir.appendingPathComponent("out"), report = dir.appendingPathComponent("r.jsonl")
        #expect(try runGDConv(["generate", "--seed", "5", "--count", "600", "-d", inputs.path]).code == 0)
        let p = Process()
        p.executableURL = Paths.binary
        p.arguments = [inputs.path, "-t", "xlsx", "-d", out.path, "-j", "1", "--report", report.path, "-q"]
        p.standardError = Pipe()
        try p.run()
        Thread.sleep(forTimeInterval: 0.5)
        kill(p.processIdentifier, SIGINT)
        p.waitUntilExit()
        #expect(p.terminationStatus == 130)
        let lines = try String(contentsOf: report, encoding: .utf8).split(separator: "\n")
        let txt = try FileManager.default.contentsOfDirectory(atPath: inputs.path).filter { $0.hasSuffix(".txt") }
        #expect(lines.count == txt.count)
        #expect(lines.contains { $0.contains("\"not-run\"") })
        #expect(lines.contains { $0.contains("\"converted\"") && !$0.contains("\"elapsed\":0.0000") })
        #expect(!(try FileManager.default.contentsOfDirectory(atPath: out.path)).contains { $0.hasPrefix(".gdconv-") })
        // A temporary file of a process that is gone is removed by the next run.
        let stale = out.appendingPathComponent(".gdconv-999999-1.tmp")
        try Data("partial".utf8).write(to: stale)
        _ = try runGDConv([inputs.appendingPathComponent(txt.sorted()[0]).path, "-t", "json", "-d", out.path, "-q"])
        #expect(!FileManager.default.fileExists(atPath: stale.path))
    }

    // MARK: - Smaller

    /// One category's diagnostics are kept up to a bound and the rest summed up in one line.
    @Test func diagnosticsOfOneKindAreBounded() {
        let c = DiagnosticCollector(perCategory: 3)
        for i in 0..<10 { c.warning("row-width", "row \(i)") }
        c.note("encoding", "read as UTF-8")
        let d = c.diagnostics
        #expect(d.count == 5)
        #expect(d.last?.message == "… and 7 more like these, not shown" && d.last?.category == "row-width")
    }

    /// `--compact` applies to a bulk run as to one conversion.
    @Test func compactAppliesInBulk() throws {
        let dir = try tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try runGDConv([Paths.corpus.appendingPathComponent("seed-luojiang-2020.txt").path, Paths.corpus.appendingPathComponent("002-shuyang-county-2025.txt").path,
                               "-t", "json", "-d", dir.path, "--compact", "-q"])
        #expect(r.code == 0, "\(r.err)")
        let json = try String(contentsOf: dir.appendingPathComponent("seed-luojiang-2020.json"), encoding: .utf8)
        #expect(!json.contains("\n"))
    }

    /// An edit to a field's `value` alone was ignored without a word; now it is named.
    @Test func editingOnlyTheValueIsAWarning() throws {
        let json = String(decoding: try writeJSON(try readText(corpusData("seed-luojiang-2020.txt")).report), as: UTF8.self)
            .replacingOccurrences(of: #""requests.new.natural_person": {"text": "0", "value": 0}"#, with: #""requests.new.natural_person": {"text": "0", "value": 5}"#)
        let r = try JSONReportReader().read(Data(json.utf8), options: ReaderOptions(sourceName: "e.json"))
        #expect(r.diagnostics.contains { $0.category == "json-value" && $0.message.contains("value 5 disagrees with text \"0\"") })
        #expect(r.report.reading("requests.new.natural_person")?.number?.literal == "0")
    }
}
