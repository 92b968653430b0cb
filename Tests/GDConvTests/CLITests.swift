import Foundation
import Testing
@testable import GDConvKit

/// Runs the built binary: arguments, standard input and output, exit codes, files on disk.
@Suite("gdconv command line", .serialized)
struct CLITests {
    let seed = Paths.corpus.appendingPathComponent("seed-luojiang-2020.txt").path

    @Test func seedThroughJSONFilesIsByteIdentical() throws {
        let dir = try tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let json = dir.appendingPathComponent("x.json").path, txt = dir.appendingPathComponent("y.txt").path
        #expect(try runGDConv([seed, "-o", json, "-q"]).code == 0)
        #expect(try runGDConv([json, "-o", txt, "-q"]).code == 0)
        #expect(try Data(contentsOf: URL(fileURLWithPath: txt)) == (try Data(contentsOf: URL(fileURLWithPath: seed))))
    }

    @Test func stdinToStdout() throws {
        let r = try runGDConv(["-", "-f", "text", "-t", "facts", "-q"], stdin: try Data(contentsOf: URL(fileURLWithPath: seed)))
        #expect(r.code == 0)
        #expect(r.out.contains("active.procurement.amount\t836.5\n# unit active.procurement.amount 万元\n"))
        #expect(r.out.hasPrefix("# source: -\n# template: 2019\n"))
    }

    @Test func factsMatchTheGoldenThroughTheBinary() throws {
        let r = try runGDConv([seed, "-t", "facts"])
        #expect(r.code == 0)
        #expect(r.out == (try String(contentsOf: Paths.golden.appendingPathComponent("seed-luojiang-2020.golden.tsv"), encoding: .utf8)))
    }

    @Test func warningsNameFileAndLine() throws {
        let f = Paths.corpus.appendingPathComponent("033-shenzhen-longgang-dept-2024-excerpt.txt").path
        let r = try runGDConv([f, "-t", "facts"])
        #expect(r.code == 0)
        #expect(r.err.contains("033-shenzhen-longgang-dept-2024-excerpt.txt:32:1: warning: [row-width]"))
        let quiet = try runGDConv([f, "-t", "facts", "-q"])
        #expect(quiet.err.isEmpty)
    }

    @Test func missingFileIsExitOneWithItsName() throws {
        let r = try runGDConv(["/nonexistent/report.txt", "-t", "json"])
        #expect(r.code == 1)
        #expect(r.err.contains("/nonexistent/report.txt: no such file"))
    }

    @Test func directoryAsInputIsAnError() throws {
        let r = try runGDConv([Paths.corpus.path, "-t", "json"])
        #expect(r.code == 1)
        #expect(r.err.contains("is a directory"))
    }

    @Test func usageErrorsExitTwo() throws {
        #expect(try runGDConv([seed, "-t", "pdf"]).code == 2)
        #expect(try runGDConv([seed, "--template", "2020"]).code == 2)
        #expect(try runGDConv([seed, "-o", "/tmp/out.unknownext"]).code == 2)
        #expect(try runGDConv(["--no-such-flag"]).code == 2)
    }

    /// Asking to write a format gdconv only reads is a usage error (exit 2), like any other.
    @Test func inputOnlyFormatAsOutputIsAClearError() throws {
        let r = try runGDConv([seed, "-t", "html"])
        #expect(r.code == 2)
        #expect(r.err.contains("html is an input-only format"))
    }

    @Test func malformedInputLeavesNoOutputFile() throws {
        let dir = try tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let bad = dir.appendingPathComponent("bad.json")
        try Data("{\"format\": \"gdconv-report\", \"version\": 1, oops".utf8).write(to: bad)
        let out = dir.appendingPathComponent("out.txt")
        let r = try runGDConv([bad.path, "-o", out.path])
        #expect(r.code == 1)
        #expect(r.err.contains("bad.json:1:"))
        #expect(!FileManager.default.fileExists(atPath: out.path))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["bad.json"], "no temporary file left behind")
    }

    @Test func failedConversionKeepsThePreviousOutput() throws {
        let dir = try tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("out.json")
        try Data("previous".utf8).write(to: out)
        let bad = dir.appendingPathComponent("bad.txt")
        try Data([0x41, 0xFF, 0xFE, 0x00]).write(to: bad)
        let r = try runGDConv([bad.path, "-o", out.path])
        #expect(r.code == 1)
        #expect(try String(contentsOf: out, encoding: .utf8) == "previous")
    }

    @Test func refusesToOverwriteTheInput() throws {
        let dir = try tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let f = dir.appendingPathComponent("r.txt")
        try Data(contentsOf: URL(fileURLWithPath: seed)).write(to: f)
        let r = try runGDConv([f.path, "-o", f.path])
        #expect(r.code == 2)
        #expect(r.err.contains("refusing to overwrite the input"))
        #expect(try Data(contentsOf: f) == (try Data(contentsOf: URL(fileURLWithPath: seed))))
    }

    @Test func unwritableOutputDirectoryIsAnError() throws {
        let r = try runGDConv([seed, "-o", "/nonexistent-dir/out.json"])
        #expect(r.code == 1)
        #expect(r.err.contains("/nonexistent-dir/out.json: the folder /nonexistent-dir does not exist"))
    }

    /// The temporary file's name no longer grows with the output's: a name of 240 bytes (80
    /// Chinese characters) is written like any other.
    @Test func longOutputNamesAreWritten() throws {
        let dir = try tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent(String(repeating: "报", count: 80) + ".json")
        let r = try runGDConv([seed, "-o", out.path, "-q"])
        #expect(r.code == 0, "\(r.err)")
        #expect(try readJSON(Data(contentsOf: out)).metadata.year == 2020)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).count == 1)
    }

    /// The input is recognised by device and inode, not by its spelling: a hard link to it or a
    /// path through `..` is still the input.
    @Test func refusesToOverwriteTheInputUnderAnotherName() throws {
        let dir = try tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let f = dir.appendingPathComponent("r.txt"), link = dir.appendingPathComponent("same.txt")
        try Data(contentsOf: URL(fileURLWithPath: seed)).write(to: f)
        try FileManager.default.linkItem(at: f, to: link)
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("sub"), withIntermediateDirectories: true)
        for target in [link.path, dir.path + "/sub/../r.txt"] {
            let r = try runGDConv([f.path, "-o", target, "-t", "txt"])
            #expect(r.code == 2, "\(target)")
            #expect(r.err.contains("refusing to overwrite the input"), "\(target)")
        }
        #expect(try Data(contentsOf: f) == (try Data(contentsOf: URL(fileURLWithPath: seed))))
    }

    @Test func helpAndVersion() throws {
        let h = try runGDConv(["--help"])
        #expect(h.code == 0)
        #expect(h.out.contains("gdconv report.txt -o report.json"))
        #expect(h.out.contains("Exit codes"))
        let v = try runGDConv(["--version"])
        #expect(v.code == 0)
        #expect(v.out.trimmingCharacters(in: .whitespacesAndNewlines) == GDConvVersion.string)
    }

    @Test func formatIsSniffedWithoutExtension() throws {
        let dir = try tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let j = dir.appendingPathComponent("noext")
        #expect(try runGDConv([seed, "-o", j.path, "-t", "json", "-q"]).code == 0)
        let r = try runGDConv([j.path, "-t", "facts", "-q"])
        #expect(r.code == 0)
        #expect(r.out.contains("# agency: 德阳市罗江区教育局"))
    }

    // MARK: - Everyday use (issue 15)

    /// `-o out` without an extension writes JSON, as the help says; an extension no writer has
    /// is named (exit 2); an unknown --encoding is a usage error (exit 2), not a failed input.
    @Test func outputFormatAndEncodingUsage() throws {
        let dir = try tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("report")
        #expect(try runGDConv([seed, "-o", out.path, "-q"]).code == 0)
        #expect(try readJSON(Data(contentsOf: out)).metadata.year == 2020)
        let pdf = try runGDConv([seed, "-o", dir.appendingPathComponent("r.pdf").path])
        #expect(pdf.code == 2 && pdf.err.contains("cannot write") && pdf.err.contains("gdconv writes text, json"), "\(pdf.err)")
        let enc = try runGDConv([seed, "-t", "json", "--encoding", "NO-SUCH-ENCODING"])
        #expect(enc.code == 2 && enc.err.contains("unknown encoding"), "\(enc.err)")
    }

    /// A bulk summary names the reports whose checks fail, with the rules and their counts; -v
    /// prints each report's warnings.
    @Test func bulkSummaryNamesFailedChecksAndVerboseShowsWarnings() throws {
        let dir = try tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let inputs = dir.appendingPathComponent("in")
        #expect(try runGDConv(["generate", "--seed", "7", "--count", "3", "-d", inputs.path]).code == 0)
        let r = try runGDConv([inputs.path, "-t", "json", "-d", dir.appendingPathComponent("out").path])
        #expect(r.err.contains("failed checks: \(inputs.path)/report-"), "\(r.err)")
        #expect(r.err.range(of: #"\((APPLICANT|BALANCE|LITIGATION|OUTCOME)[A-Z-]* ×\d+"#, options: .regularExpression) != nil, "\(r.err)")
        let excerpt = Paths.corpus.appendingPathComponent("033-shenzhen-longgang-dept-2024-excerpt.txt").path
        let v = try runGDConv([excerpt, seed, "-t", "json", "-d", dir.appendingPathComponent("v").path, "-v"])
        #expect(v.err.contains("033-shenzhen-longgang-dept-2024-excerpt.txt:32:1: warning: [row-width]"), "\(v.err)")
    }

    /// Piped input with no file named is read, as pandoc and csvkit read it; the format list is
    /// printed from the registry.
    @Test func pipedInputWithoutDashAndTheFormatList() throws {
        let r = try runGDConv(["-t", "facts", "-q"], stdin: try Data(contentsOf: URL(fileURLWithPath: seed)))
        #expect(r.code == 0 && r.out.hasPrefix("# source: -\n# template: 2019"), "\(r.err)")
        let f = try runGDConv(["--list-formats"])
        #expect(f.code == 0)
        for e in Format.registry { #expect(f.out.contains("\n\(e.format.name) "), "\(e.format.name)") }
        #expect(f.out.contains("docx    yes      -      .docx"))
    }

    /// --report: absolute paths both, warnings structured beside the printed form, failed rules
    /// counted, real elapsed times.
    @Test(.enabled(if: Paths.sharedIsPresent)) func reportLinesAreStructured() throws {
        let dir = try tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let excerpt = Paths.corpus.appendingPathComponent("033-shenzhen-longgang-dept-2024-excerpt.txt").path
        let report = dir.appendingPathComponent("r.jsonl")
        _ = try runGDConv([excerpt, seed, "-t", "json", "-d", dir.appendingPathComponent("o").path, "--report", report.path, "-q"])
        let lines = try String(contentsOf: report, encoding: .utf8).split(separator: "\n").map(String.init)
        #expect(lines.count == 2)
        let first = try #require(lines.first)
        #expect(first.hasPrefix("{\"input\":\"/"))
        #expect(first.contains("\"output\":\"/"))
        #expect(first.contains("\"diagnostics\":[{\"severity\":\"warning\",\"category\":\"row-width\""))
        #expect(first.range(of: #"\"checksFailed\":\{"[A-Z-]+":\d+"#, options: .regularExpression) != nil, "\(first)")
        #expect(!lines.contains { $0.contains("\"elapsed\":0.0000") })
    }
}
