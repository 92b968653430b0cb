import Foundation
import Testing
@testable import GDConvKit

/// Paths the tests use: the package root and `../shared` beside it (as CI lays it out).
enum Paths {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let shared = root.deletingLastPathComponent().appendingPathComponent("shared")
    static let corpus = shared.appendingPathComponent("corpus")
    static let golden = shared.appendingPathComponent("golden")

    /// Whether `../shared` is laid out beside the clone. Suites over the corpus fail, not pass
    /// empty, when it is missing (see `CorpusPresenceTests`).
    static var sharedIsPresent: Bool { FileManager.default.fileExists(atPath: corpus.path) }

    /// Every corpus report (`*.txt`), sorted.
    static var corpusFiles: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: corpus.path)) ?? []).filter { $0.hasSuffix(".txt") }.sorted()
    }

    /// Corpus reports with a golden file.
    static var goldenNames: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: golden.path)) ?? []).filter { $0.hasSuffix(".golden.tsv") }
            .map { String($0.dropLast(".golden.tsv".count)) }.sorted()
    }

    /// The built `gdconv` executable (built by `swift test`).
    static var binary: URL {
        let debug = root.appendingPathComponent(".build/debug/gdconv")
        if FileManager.default.fileExists(atPath: debug.path) { return debug }
        return root.appendingPathComponent(".build/release/gdconv")
    }
}

func corpusData(_ name: String) throws -> Data {
    try Data(contentsOf: Paths.corpus.appendingPathComponent(name))
}

func readText(_ data: Data, name: String = "test.txt", template: Template? = nil) throws -> ReadResult {
    try TextReader().read(data, options: ReaderOptions(template: template, sourceName: name))
}

func readText(_ s: String, template: Template? = nil) throws -> ReadResult {
    try readText(Data(s.utf8), template: template)
}

func writeJSON(_ r: Report) throws -> Data {
    try JSONReportWriter().write(r, options: WriterOptions())
}

func readJSON(_ d: Data) throws -> Report {
    try JSONReportReader().read(d, options: ReaderOptions(sourceName: "test.json")).report
}

/// Reads a mutated input and writes it back out in every way a user would: true for a model,
/// false for a clean `ConversionError`; a crash or any other error fails the test.
func readsOrFailsCleanly(_ read: () throws -> Report, name: String = "") throws -> Bool {
    do {
        let r = try read()
        _ = TextWriter().render(r)
        // Whatever was read survives the JSON round trip: a model, not debris.
        let back = try readJSON(try writeJSON(r))
        #expect(factValues(back) == factValues(r), "\(name): a mutated input's fields changed through JSON")
        _ = ReportChecker().check(r)
        return true
    } catch let e as ConversionError {
        // A clean error names the input it is about.
        #expect(name.isEmpty || "\(e)".contains(name), "\(name): error does not name the file: \(e)")
        return false
    }
}

/// Field key → facts value, for comparisons with a readable failure.
func factValues(_ r: Report) -> [String: String] {
    var d: [String: String] = [:]
    for f in r.fieldCells { d[f.key] = FactsWriter.value(f.cell.reading) }
    return d
}

/// A readable line diff for failure messages.
func lineDiff(_ a: String, _ b: String) -> String {
    let x = a.split(separator: "\n", omittingEmptySubsequences: false), y = b.split(separator: "\n", omittingEmptySubsequences: false)
    var out: [String] = []
    for i in 0..<max(x.count, y.count) {
        let l = i < x.count ? String(x[i]) : "<none>", r = i < y.count ? String(y[i]) : "<none>"
        if l != r { out.append("line \(i + 1):\n  - \(l)\n  + \(r)") }
        if out.count >= 10 { break }
    }
    return out.joined(separator: "\n")
}

/// Runs the binary; returns exit code, stdout, stderr.
@discardableResult
func runGDConv(_ args: [String], stdin: Data? = nil, cwd: URL? = nil, environment: [String: String] = [:]) throws -> (code: Int32, out: String, err: String) {
    let p = Process()
    p.executableURL = Paths.binary
    p.arguments = args
    if let cwd { p.currentDirectoryURL = cwd }
    if !environment.isEmpty { p.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 } }
    let o = Pipe(), e = Pipe(), i = Pipe()
    p.standardOutput = o
    p.standardError = e
    p.standardInput = i
    // A child that stops reading early (an input over the limit) closes the pipe: that must
    // be an error for the write, not SIGPIPE for the test process.
    signal(SIGPIPE, SIG_IGN)
    try p.run()
    if let stdin { try? i.fileHandleForWriting.write(contentsOf: stdin) }
    try? i.fileHandleForWriting.close()
    let od = o.fileHandleForReading.readDataToEndOfFile()
    let ed = e.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    return (p.terminationStatus, String(decoding: od, as: UTF8.self), String(decoding: ed, as: UTF8.self))
}

/// A fresh directory for one test. All of them live under one directory of this test process,
/// removed when the process exits: tests that forgot their `defer` left hundreds of
/// directories in /tmp across runs.
func tempDir() throws -> URL {
    let u = scratchRoot.appendingPathComponent(UUID().uuidString)
    try FileManager.default.createDirectory(at: u, withIntermediateDirectories: true)
    return u
}

private let scratchRoot: URL = {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("gdconv-test-\(getpid())")
    atexit {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("gdconv-test-\(getpid())")
        try? FileManager.default.removeItem(at: root)
    }
    return root
}()

/// Runs a tool found on PATH; returns (status, stdout and stderr together).
func runTool(_ args: [String]) throws -> (Int32, String) {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    p.arguments = args
    let pipe = Pipe()
    p.standardOutput = pipe
    p.standardError = pipe
    try p.run()
    let out = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    p.waitUntilExit()
    return (p.terminationStatus, out)
}

/// Runs a Python snippet with arguments.
func python(_ script: String, _ args: [String]) throws -> (Int32, String) { try runTool(["python3", "-c", script] + args) }

/// A parameterised suite over an empty list passes with zero cases; this one fails instead when
/// the corpus or the golden files are missing, so a CI without `../shared` is red, not green.
@Suite("Corpus presence")
struct CorpusPresenceTests {
    @Test func corpusAndGoldenFilesArePresent() {
        #expect(Paths.sharedIsPresent, "../shared is missing beside the clone (\(Paths.shared.path))")
        #expect(Paths.corpusFiles.count >= 20, "corpus: \(Paths.corpusFiles.count) report(s)")
        #expect(Paths.goldenNames.count >= 10, "golden: \(Paths.goldenNames.count) file(s)")
        #expect(Paths.goldenNames.allSatisfy { Paths.corpusFiles.contains("\($0).txt") })
    }
}

/// Whether `tool` is on PATH (for `.enabled(if:)`: a missing tool shows as a skip).
func toolIsInstalled(_ tool: String) -> Bool {
    ((try? runTool(["sh", "-c", "command -v \(tool)"]))?.0 ?? 1) == 0
}
