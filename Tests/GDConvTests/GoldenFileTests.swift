import Foundation
import Testing
@testable import GDConvKit
import GDConvZip

/// Reference files, as libxlsxwriter tests its output: the model each corpus file reads into
/// (structure and warnings, not only field values), what each writer makes of a few of them, and
/// the `--help` texts. A difference fails with the first differing line. To refresh them on
/// purpose, after a change whose new output you have read:
///
///     GDCONV_RECORD=1 swift test --filter GoldenFileTests
///
/// and review `git diff Tests/GDConvTests/Goldens`.
enum GoldenFiles {
    static let dir = Paths.root.appendingPathComponent("Tests/GDConvTests/Goldens")
    static var recording: Bool { ProcessInfo.processInfo.environment["GDCONV_RECORD"] != nil }

    /// Compares `actual` with the golden at `relative` (text, line by line); records it instead
    /// in record mode.
    static func check(_ actual: String, _ relative: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
        let url = dir.appendingPathComponent(relative)
        if recording {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(actual.utf8).write(to: url)
            return
        }
        guard let expected = try? String(contentsOf: url, encoding: .utf8) else {
            Issue.record("no golden \(relative): record it with GDCONV_RECORD=1 swift test --filter GoldenFileTests", sourceLocation: sourceLocation)
            return
        }
        if let d = firstDifference(expected, actual) {
            Issue.record("\(relative) differs from its golden at line \(d.line):\n  golden: \(d.expected)\n  now:    \(d.actual)\n(if the change is intended: GDCONV_RECORD=1 swift test --filter GoldenFileTests)", sourceLocation: sourceLocation)
        }
    }

    static func firstDifference(_ a: String, _ b: String) -> (line: Int, expected: String, actual: String)? {
        let x = a.split(separator: "\n", omittingEmptySubsequences: false), y = b.split(separator: "\n", omittingEmptySubsequences: false)
        for i in 0..<max(x.count, y.count) {
            let l = i < x.count ? String(x[i]) : "(end of file)", r = i < y.count ? String(y[i]) : "(end of file)"
            if l != r { return (i + 1, l, r) }
        }
        return nil
    }
}

/// A format-free dump of the model: one line per block and per row, each field cell marked with
/// its key, then the reader's diagnostics. Readable in a diff.
func modelDump(_ r: Report, diagnostics: [Diagnostic]) -> String {
    let m = r.metadata
    var out = "template \(m.template.rawValue) | title \(m.title ?? "-") | agency \(m.agency ?? "-") | year \(m.year.map(String.init) ?? "-") | published \(m.published ?? "-")\n"
    func blocks(_ bs: [Block], _ indent: String) {
        for b in bs {
            switch b {
            case .paragraph(let l):
                out += "\(indent)P \(l.text)\n"
            case .table(let t):
                out += "\(indent)T \(t.kind?.rawValue ?? "(none)")\(t.hasSourceLayout ? " (source layout)" : "")\n"
                for row in t.rows {
                    let role = row.role == .data ? "D" : row.role == .header ? "H" : "U"
                    let cells = row.cells.map { c in c.field.map { "\(c.text)«\($0.key)»" } ?? c.text }
                    out += "\(indent)  \(role) \(cells.joined(separator: " | "))\n"
                }
            }
        }
    }
    if !r.front.isEmpty { out += "front\n"; blocks(r.front, "  ") }
    for s in r.sections {
        out += "section \(s.number.map(String.init) ?? "-") \(s.kind.rawValue): \(s.heading.text)\n"
        blocks(s.blocks, "  ")
    }
    for d in diagnostics { out += "! \(d.rendered(file: nil))\n" }
    return out
}

@Suite("Goldens")
struct GoldenFileTests {
    /// The model of every corpus file: structure, bindings and warnings are pinned.
    @Test("model of each corpus file", .enabled(if: Paths.sharedIsPresent), arguments: Paths.corpusFiles)
    func corpusModel(_ name: String) throws {
        let r = try readText(corpusData(name), name: name)
        try GoldenFiles.check(modelDump(r.report, diagnostics: r.diagnostics), "model/\(name.dropLast(4)).model.txt")
    }

    static let writerSamples = ["seed-luojiang-2020.txt", "002-shuyang-county-2025.txt", "004-shanghai-office-2025-pdfextract.txt"]

    /// What each text-based writer makes of a few reports, byte for byte.
    @Test("text, JSON, XML and facts writers", .enabled(if: Paths.sharedIsPresent), arguments: writerSamples)
    func writers(_ name: String) throws {
        let r = try readText(corpusData(name), name: name).report
        let base = String(name.dropLast(4))
        for format in [Format.text, .json, .xml, .facts] {
            let data = try format.writer().write(r, options: WriterOptions(sourceName: name))
            try GoldenFiles.check(String(decoding: data, as: UTF8.self), "writers/\(base).\(format.outputExtension)")
        }
    }

    /// The workbook compared part by part, as libxlsxwriter compares against Excel's files: every
    /// XML part of the zip with its markup split one tag per line, so a difference names the
    /// part and the element.
    @Test("XLSX writer, part by part", .enabled(if: Paths.sharedIsPresent), arguments: writerSamples)
    func workbook(_ name: String) throws {
        let r = try readText(corpusData(name), name: name).report
        let data = try XLSXReportWriter(modelCodec: JSONModelCodec()).write(r, options: WriterOptions(sourceName: name))
        let zip = try ZipArchive(data, name: name, maxEntries: 1000)
        var parts = ""
        for e in zip.entries.sorted(by: { $0.path < $1.path }) {
            let xml = String(decoding: try zip.read(e, limit: 64 << 20, name: name), as: UTF8.self)
            parts += "== \(e.path)\n" + xml.replacingOccurrences(of: "><", with: ">\n<") + "\n"
        }
        try GoldenFiles.check(parts, "writers/\(name.dropLast(4)).xlsx.txt")
    }

    static let helpCommands: [[String]] = [[], ["convert"], ["check"], ["collect"], ["diff"], ["sum"], ["fields"], ["schema"], ["generate"]]

    /// The help a user reads is part of the interface: a change to it is deliberate.
    @Test("--help texts", arguments: helpCommands)
    func help(_ command: [String]) throws {
        let r = try runGDConv(command + ["--help"], environment: ["COLUMNS": "100", "LANG": "C.UTF-8", "LC_ALL": "", "LC_MESSAGES": ""])
        #expect(r.code == 0)
        try GoldenFiles.check(r.out, "help/\(command.first ?? "gdconv").txt")
    }
}
