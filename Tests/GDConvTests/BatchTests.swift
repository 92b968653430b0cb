import Foundation
import Testing
@testable import GDConvKit

@Suite("Bulk conversion and datasets", .serialized)
struct BatchTests {
    /// A generated tree of a few hundred reports (both templates, every layout) with corrupt files.
    func makeTree() throws -> URL {
        let dir = try tempDir()
        for (i, sub) in ["a", "b/c", "b/d"].enumerated() {
            let r = try runGDConv(["generate", "--seed", String(1 + i * 1000), "--count", "100", "-d", dir.appendingPathComponent(sub).path])
            #expect(r.code == 0, "\(r.err)")
        }
        var junk = Data(count: 4000)
        for i in junk.indices { junk[i] = UInt8((i * 131 + 7) % 256) }
        try junk.write(to: dir.appendingPathComponent("a/binary-junk.txt"))
        try Data("{\"format\": \"gdconv-report\", oops".utf8).write(to: dir.appendingPathComponent("b/c/broken.json"))
        try Data("PK\u{3}\u{4}not really".utf8).write(to: dir.appendingPathComponent("b/d/truncated.xlsx"))
        return dir
    }

    func files(_ dir: URL) -> [String: Data] {
        var out: [String: Data] = [:]
        let e = FileManager.default.enumerator(atPath: dir.path)!
        while let rel = e.nextObject() as? String {
            var d: ObjCBool = false
            let p = dir.appendingPathComponent(rel).path
            if FileManager.default.fileExists(atPath: p, isDirectory: &d), !d.boolValue { out[rel] = FileManager.default.contents(atPath: p) }
        }
        return out
    }

    @Test func oneWorkerAndFourWorkersWriteTheSameBytes() throws {
        let tree = try makeTree()
        let out = try tempDir()
        defer { try? FileManager.default.removeItem(at: tree); try? FileManager.default.removeItem(at: out) }
        for format in ["json", "xlsx"] {
            let o1 = out.appendingPathComponent("\(format)-j1"), o4 = out.appendingPathComponent("\(format)-j4")
            let r1 = try runGDConv([tree.path, "-t", format, "-d", o1.path, "-j", "1", "--report", out.appendingPathComponent("\(format).jsonl").path])
            let r4 = try runGDConv([tree.path, "-t", format, "-d", o4.path, "-j", "4", "-q"])
            #expect(r1.code == 1 && r4.code == 1, "corrupt inputs make the run exit 1")
            let f1 = files(o1), f4 = files(o4)
            #expect(f1.count == 300, "\(format): every good input has its output")
            #expect(f1 == f4, "\(format): outputs differ between -j 1 and -j 4")
            #expect(f1.keys.contains("b/c/report-001001.\(format)"), "the tree is mirrored")
            #expect(!f1.keys.contains { $0.contains("binary-junk") || $0.contains("broken") || $0.contains("truncated") }, "nothing is written for failed inputs")
            #expect(r1.err.contains("300 converted, 0 skipped, 3 failed"))
            #expect(r1.err.contains("binary-junk.txt: error: NUL byte") || r1.err.contains("binary-junk.txt: error: not valid UTF-8"), "\(r1.err.suffix(600))")
            #expect(r1.err.contains("broken.json:1:"))
            #expect(r1.err.contains("truncated.xlsx: error: not an XLSX workbook"))
            let report = try String(contentsOf: out.appendingPathComponent("\(format).jsonl"), encoding: .utf8).split(separator: "\n")
            #expect(report.count == 303)
            #expect(report.filter { $0.contains("\"status\":\"failed\"") }.count == 3)
        }
    }

    @Test func existingOutputsAreSkippedUnlessForced() throws {
        let tree = try makeTree()
        let out = try tempDir()
        defer { try? FileManager.default.removeItem(at: tree); try? FileManager.default.removeItem(at: out) }
        _ = try runGDConv([tree.appendingPathComponent("a").path, "-t", "facts", "-d", out.path, "-q"])
        let again = try runGDConv([tree.appendingPathComponent("a").path, "-t", "facts", "-d", out.path])
        #expect(again.err.contains("0 converted, 100 skipped"))
        let forced = try runGDConv([tree.appendingPathComponent("a").path, "-t", "facts", "-d", out.path, "--force"])
        #expect(forced.err.contains("100 converted, 0 skipped"))
    }

    @Test func collidingOutputsAreRefusedBeforeWriting() throws {
        let dir = try tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let seed = try corpusData("seed-luojiang-2020.txt")
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("in"), withIntermediateDirectories: true)
        try seed.write(to: dir.appendingPathComponent("in/r.txt"))
        try writeJSON(try readText(seed).report).write(to: dir.appendingPathComponent("in/r.json"))
        let out = dir.appendingPathComponent("out")
        let r = try runGDConv([dir.appendingPathComponent("in").path, "-t", "xml", "-d", out.path])
        #expect(r.code == 2)
        #expect(r.err.contains("would both be written to"))
        #expect((try? FileManager.default.contentsOfDirectory(atPath: out.path))?.isEmpty ?? true)
    }

    @Test func filesFromNulSeparatedAndFailFast() throws {
        let tree = try makeTree()
        let out = try tempDir()
        defer { try? FileManager.default.removeItem(at: tree); try? FileManager.default.removeItem(at: out) }
        let list = ["a/report-000001.txt", "a/report-000002.txt", "b/c/report-001001.txt"].map { tree.appendingPathComponent($0).path }.joined(separator: "\0")
        let r = try runGDConv(["--files-from", "-", "-0", "-t", "json", "-d", out.path], stdin: Data(list.utf8))
        #expect(r.code == 0)
        #expect(r.err.contains("3 converted"))
        let ff = try runGDConv([tree.appendingPathComponent("a").path, "-t", "json", "-d", out.appendingPathComponent("ff").path, "-j", "1", "--fail-fast"])
        #expect(ff.code == 1)
        #expect(ff.err.contains("not run (--fail-fast)"))
    }

    @Test func symlinkOutOfTheOutputDirectoryIsRefused() throws {
        let dir = try tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = dir.appendingPathComponent("in/sub"), out = dir.appendingPathComponent("out"), elsewhere = dir.appendingPathComponent("elsewhere")
        try FileManager.default.createDirectory(at: input, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: elsewhere, withIntermediateDirectories: true)
        try corpusData("seed-luojiang-2020.txt").write(to: input.appendingPathComponent("r.txt"))
        try FileManager.default.createSymbolicLink(at: out.appendingPathComponent("sub"), withDestinationURL: elsewhere)
        let r = try runGDConv([dir.appendingPathComponent("in").path, "-t", "json", "-d", out.path])
        #expect(r.code == 1)
        #expect(r.err.contains("resolves outside the output directory"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: elsewhere.path).isEmpty)
    }

    /// A file symlink inside the output directory is refused, even with --force: the file it
    /// points to (outside) is never overwritten.
    @Test func fileSymlinkInTheOutputDirectoryIsNotFollowed() throws {
        let dir = try tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = dir.appendingPathComponent("in"), out = dir.appendingPathComponent("out"), victim = dir.appendingPathComponent("victim.json")
        try FileManager.default.createDirectory(at: input, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        try corpusData("seed-luojiang-2020.txt").write(to: input.appendingPathComponent("r.txt"))
        try Data("precious".utf8).write(to: victim)
        try FileManager.default.createSymbolicLink(at: out.appendingPathComponent("r.json"), withDestinationURL: victim)
        let r = try runGDConv([input.path, "-t", "json", "-d", out.path, "--force"])
        #expect(r.code == 1)
        #expect(r.err.contains("it is a symlink"))
        #expect(try Data(contentsOf: victim) == Data("precious".utf8))
        #expect(try FileManager.default.contentsOfDirectory(atPath: out.path) == ["r.json"])
    }

    @Test func shardsPartitionTheInputs() throws {
        let paths = (0..<1000).map { "dir/report-\($0).txt" }
        var seen = 0
        for i in 1...4 { seen += paths.filter { BatchRunner.inShard($0, index: i, count: 4) }.count }
        #expect(seen == 1000)
        #expect(paths.filter { BatchRunner.inShard($0, index: 1, count: 4) }.count > 150)
    }

    @Test func collectWritesADatasetPythonReads() throws {
        let dir = try tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let csv = dir.appendingPathComponent("d.csv")
        let r = try runGDConv(["collect", Paths.corpus.path, "-o", csv.path, "--bom"])
        #expect(r.code == 0, "\(r.err)")
        let (status, out) = try python("""
        import csv, sys
        rows = list(csv.DictReader(open(sys.argv[1], encoding='utf-8-sig', newline='')))
        seed = [r for r in rows if r['source'].endswith('seed-luojiang-2020.txt')][0]
        s002 = [r for r in rows if r['source'].endswith('002-shuyang-county-2025.txt')][0]
        s009 = [r for r in rows if r['source'].endswith('009-hanyang-district-office-2022-excerpt.txt')][0]
        print(len(rows), seed['agency'], seed['year'], seed['active.procurement.amount'], s002['requests.new.natural_person'], s002['active.fees.amount'], repr(s009['active.rules.in_force']), s002['template'])
        try:
            import pandas
            df = pandas.read_csv(sys.argv[1], encoding='utf-8-sig')
            print('pandas', df.loc[df['source'].str.endswith('002-shuyang-county-2025.txt'), 'review.total'].iloc[0])
        except ImportError:
            print('pandas absent')
        """, [csv.path])
        #expect(status == 0, "\(out)")
        #expect(out.hasPrefix("30 德阳市罗江区教育局 2020 836.5 705 4068.208 '' 2021"), "\(out)")
        #expect(out.contains("pandas 61") || out.contains("pandas absent"))
        let long = dir.appendingPathComponent("d.tsv")
        #expect(try runGDConv(["collect", Paths.corpus.appendingPathComponent("seed-luojiang-2020.txt").path, "-o", long.path, "--long", "-q"]).code == 0)
        let lines = try String(contentsOf: long, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 199)
        #expect(lines.contains { $0.hasSuffix("\tactive.procurement.amount\t836.5") })
        let xlsx = dir.appendingPathComponent("d.xlsx")
        #expect(try runGDConv(["collect", Paths.corpus.path, "-o", xlsx.path, "-q"]).code == 0)
        let (s2, o2) = try python("""
        import openpyxl, sys
        ws = openpyxl.load_workbook(sys.argv[1])['dataset']
        head = [c.value for c in ws[1]]
        row = [c.value for c in ws[2]]
        v = row[head.index('requests.new.natural_person')]
        print(ws.max_row, row[0].split('/')[-1], v, type(v).__name__)
        """, [xlsx.path])
        #expect(s2 == 0 && o2.hasPrefix("31 002-shuyang-county-2025.txt 705 int"), "\(o2)")
    }
}
