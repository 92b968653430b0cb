import ArgumentParser
import Foundation
import GDConvKit

/// Exit codes, documented in the README.
enum Exit {
    static let ok: Int32 = 0
    /// The input could not be read or converted.
    static let failed: Int32 = 1
    /// The command line is wrong.
    static let usage: Int32 = 2
}

@main
struct GDConv: ParsableCommand {

    static let configuration = CommandConfiguration(
        commandName: "gdconv",
        abstract: "Convert 政府信息公开工作年度报告 between pipe-row text, JSON, XML and XLSX.",
        discussion: """
        Examples:
          gdconv report.txt -o report.json          text → JSON
          gdconv report.json -o report.txt          JSON → pipe-row text
          gdconv report.txt -t facts                one `key<TAB>value` line per field
          cat report.txt | gdconv - -f text -t json
          gdconv fields --template 2021             the field registry

        Exit codes: 0 converted, 1 the input could not be converted, 2 usage error.
        """,
        version: GDConvVersion.string,
        subcommands: [Convert.self, Check.self, Collect.self, Fields.self, Schema.self, Generate.self],
        defaultSubcommand: Convert.self)

    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let e as ConversionError {
            FileHandle.standardError.write(Data("gdconv: \(e)\n".utf8))
            Foundation.exit(isUsage(e) ? Exit.usage : Exit.failed)
        } catch let e as ExitCode {
            Foundation.exit(e.rawValue)
        } catch {
            let code = exitCode(for: error)
            if code.isSuccess {
                print(fullMessage(for: error))
                Foundation.exit(Exit.ok)
            }
            FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
            Foundation.exit(Exit.usage)
        }
    }

    static func isUsage(_ e: ConversionError) -> Bool {
        switch e {
        case .usage, .unknownFormat: true
        default: false
        }
    }
}

/// Options shared by the commands that read reports.
struct ReadingOptions: ParsableArguments {
    @Option(name: [.short, .customLong("from")], help: ArgumentHelp("Input format: \(Format.inputNames) (default: from the extension, else sniffed)."))
    var from: String?

    @Option(help: "Read the tables as this template (2019 or 2021) instead of detecting it.")
    var template: String?

    @Option(name: .customLong("max-input-mb"), help: "Refuse inputs larger than this many MB.")
    var maxInputMB: Int = 64

    @Option(name: .customLong("max-line-kb"), help: "Refuse text inputs with a line longer than this many KB.")
    var maxLineKB: Int = 1024

    @Option(help: "Read text in this encoding instead of detecting it (GB18030, GBK, UTF-16LE, BIG5, …).")
    var encoding: String?

    func readerOptions(_ name: String) throws -> ReaderOptions {
        var o = ReaderOptions(template: try templateOverride(), sourceName: name, encoding: encoding)
        o.maxLineBytes = maxLineKB << 10
        return o
    }

    func inputFormat(for path: String) throws -> Format? {
        if let f = from {
            return try Format.require(f)
        }
        return path == "-" ? nil : Format.forPath(path)
    }

    func templateOverride() throws -> Template? {
        guard let t = template else { return nil }
        guard let v = Template(rawValue: t), v != .unknown else { throw ConversionError.usage("--template must be 2019 or 2021") }
        return v
    }
}

struct Convert: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Convert reports (the default command): one file, or many into an output directory.",
        discussion: """
        Bulk: gdconv DIR... -t xlsx -d OUT [-j N] [--report run.jsonl]
              find . -name '*.txt' -print0 | gdconv --files-from - -0 -t json -d OUT
        Exit codes: 0 converted, 1 an input could not be converted, 2 usage error.
        """)

    @Argument(help: "Input reports or directories; - for standard input.")
    var inputs: [String] = []

    @Option(name: .shortAndLong, help: "The output file, or - for standard output (default). One input only.")
    var output: String?

    @Option(name: [.customShort("d"), .customLong("output-dir")], help: "Convert every input into this directory, mirroring the input tree.")
    var outputDir: String?

    @OptionGroup var reading: ReadingOptions

    @Option(name: [.short, .customLong("to")], help: ArgumentHelp("Output format: \(Format.outputNames) (default: from the output extension, else json)."))
    var to: String?

    @Flag(help: "Compact JSON instead of indented.")
    var compact = false

    @Flag(name: .shortAndLong, help: "Print nothing but errors.")
    var quiet = false

    @Flag(name: .shortAndLong, help: "Also print notes (template detection, layout).")
    var verbose = false

    @Flag(help: "Refuse to write a report that fails a check rule (exit 1, nothing written).")
    var strict = false

    @OptionGroup var many: ManyInputs

    @Flag(help: "Overwrite outputs that exist (default: skip them).")
    var force = false

    @Flag(name: .customLong("fail-fast"), help: "Stop at the first input that fails.")
    var failFast = false

    @Option(help: "Write one JSON line per input (input, output, status, warnings, errors, checks, elapsed).")
    var report: String?

    @Option(help: "Take only shard I of N of the inputs (I/N, 1-based), chosen by a hash of each path.")
    var shard: String?

    func validate() throws {
        if quiet && verbose { throw ValidationError("--quiet and --verbose exclude each other") }
    }

    var isBatch: Bool { outputDir != nil || many.filesFrom != nil || inputs.count > 1 }

    func outFormat() throws -> Format {
        if let t = to {
            return try Format.require(t)
        }
        if !isBatch, let o = output, o != "-" {
            guard let f = Format.forPath(o) else { throw ConversionError.usage("cannot tell the output format from '\(o)'; give -t") }
            return f
        }
        return .json
    }

    func run() throws {
        if isBatch { return try runBatch() }
        guard let input = inputs.first else { throw ConversionError.usage("give an input report (or - for standard input); see --help") }
        let outFormat = try outFormat()
        if outFormat == .xlsx, output == nil || output == "-", isatty(1) != 0 {
            throw ConversionError.usage("refusing to write a workbook to a terminal; give -o FILE.xlsx")
        }
        var conversion = Conversion()
        conversion.maxInputBytes = reading.maxInputMB << 20
        let data = try conversion.load(input)
        let result = try conversion.convert(
            data, from: try reading.inputFormat(for: input), to: outFormat,
            readerOptions: try reading.readerOptions(input),
            writerOptions: WriterOptions(compact: compact, sourceName: input))
        // The checks run only when something uses them: printed warnings or --strict.
        let failed = (!quiet || strict) ? ReportChecker().check(result.report).filter { $0.status == .fail } : []
        if !quiet {
            for d in result.diagnostics where verbose || d.severity >= .warning {
                FileHandle.standardError.write(Data((d.rendered(file: input) + "\n").utf8))
            }
            // Failed 勾稽关系 and structure rules are warnings of every conversion.
            for r in failed {
                var d = r.diagnostic
                d.severity = .warning
                FileHandle.standardError.write(Data((d.rendered(file: input) + "\n").utf8))
            }
            if verbose {
                FileHandle.standardError.write(Data("\(input): note: read as \(result.inputFormat.rawValue), template \(result.report.metadata.template.rawValue), \(result.report.fieldCells.count) field(s)\n".utf8))
            }
        }
        if strict, let first = failed.first(where: { $0.severity == .error }) {
            throw ConversionError.unsupported("\(input): --strict: not written, \(failed.count) check rule(s) fail, first: [\(first.rule)] \(first.message)")
        }
        if let o = output, o != "-" {
            try AtomicFile.write(result.data, to: o, inputs: [input])
        } else {
            FileHandle.standardOutput.write(result.data)
        }
    }

    func runBatch() throws {
        guard let dir = outputDir else { throw ConversionError.usage("several inputs need -d OUTDIR") }
        guard output == nil else { throw ConversionError.usage("-o is for one input; use -d OUTDIR") }
        var options = BatchRunner.Options(to: try outFormat(), outputDirectory: dir)
        options.from = try reading.from.map { f in
            return try Format.require(f)
        }
        options.jobs = many.jobs
        options.force = force
        options.failFast = failFast
        options.strict = strict
        // Check results are used by --strict, --report and the summary; a quiet run without
        // them does not compute them (they were a quarter of a bulk run).
        options.runChecks = strict || report != nil || !quiet
        options.template = try reading.templateOverride()
        options.maxInputBytes = reading.maxInputMB << 20
        options.encoding = reading.encoding
        options.maxLineBytes = reading.maxLineKB << 10
        var expanded = try BatchRunner.expand(inputs + many.listed())
        if let sh = shard {
            let p = sh.split(separator: "/").compactMap { Int($0) }
            guard p.count == 2, p[1] >= 1, (1...p[1]).contains(p[0]) else { throw ConversionError.usage("--shard takes I/N with 1 ≤ I ≤ N") }
            expanded = expanded.filter { BatchRunner.inShard($0.input, index: p[0], count: p[1]) }
        }
        let runner = BatchRunner(options: options)
        let jobs = try runner.plan(expanded)
        let progress = ProgressLine(total: jobs.count, enabled: !quiet && isatty(2) != 0)
        let outcomes = runner.run(jobs) { _, _ in progress.tick() }
        progress.finish()
        if let r = report {
            var lines = ""
            for o in outcomes {
                let v = JSONValue.object([
                    ("input", .string(o.job.input)), ("output", .string(o.job.output)), ("status", .string(o.status.rawValue)),
                    ("warnings", .array(o.warnings.map { .string($0) })), ("errors", .array(o.errors.map { .string($0) })),
                    ("failedChecks", .array(o.failedChecks.map { .string($0) })), ("elapsed", .number(String(format: "%.4f", o.elapsed))),
                ])
                lines += v.serialized(pretty: false) + "\n"
            }
            try AtomicFile.write(Data(lines.utf8), to: r)
        }
        let count = { (s: BatchRunner.Outcome.Status) in outcomes.filter { $0.status == s }.count }
        let failed = outcomes.filter { $0.status == .failed }
        if !quiet {
            let warnings = outcomes.reduce(0) { $0 + $1.warnings.count }
            let checks = outcomes.filter { !$0.failedChecks.isEmpty }.count
            var summary = "gdconv: \(jobs.count) input(s): \(count(.converted)) converted, \(count(.skipped)) skipped\(count(.skipped) > 0 ? " (outputs exist; --force overwrites)" : ""), \(failed.count) failed"
            if count(.notRun) > 0 { summary += ", \(count(.notRun)) not run (--fail-fast)" }
            summary += "; \(warnings) warning(s), \(checks) report(s) with failed checks\n"
            for f in failed.prefix(50) { summary += "  failed: \(f.errors.first ?? f.job.input)\n" }
            if failed.count > 50 { summary += "  … and \(failed.count - 50) more (see --report)\n" }
            FileHandle.standardError.write(Data(summary.utf8))
        }
        if !failed.isEmpty { throw ExitCode(Exit.failed) }
    }
}

/// A progress line on a terminal: count, rate and ETA.
final class ProgressLine: @unchecked Sendable {
    private let lock = NSLock()
    private let total: Int
    private let enabled: Bool
    private var done = 0
    private let start = Date()
    private var last = Date.distantPast

    init(total: Int, enabled: Bool) {
        self.total = total
        self.enabled = enabled
    }

    func tick() {
        lock.lock(); defer { lock.unlock() }
        done += 1
        guard enabled, Date().timeIntervalSince(last) > 0.1 || done == total else { return }
        last = Date()
        let secs = max(Date().timeIntervalSince(start), 0.001)
        let rate = Double(done) / secs
        let eta = rate > 0 ? Double(total - done) / rate : 0
        let width = 30
        let filled = total > 0 ? width * done / total : width
        let bar = String(repeating: "=", count: filled) + String(repeating: " ", count: width - filled)
        FileHandle.standardError.write(Data(String(format: "\r[%@] %d/%d %.0f/s ETA %dm%02ds", bar, done, total, rate, Int(eta) / 60, Int(eta) % 60).utf8))
    }

    func finish() {
        if enabled { FileHandle.standardError.write(Data("\n".utf8)) }
    }
}

struct Fields: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print the field registry: every field key with its table, group, row and column labels.")

    @Option(help: "Only this template's fields (2019 or 2021).")
    var template: String?

    @Option(help: "tsv (default) or json.")
    var format: String = "tsv"

    func run() throws {
        var defs = FieldRegistry.shared.definitions
        if let t = template {
            guard let v = Template(rawValue: t), v != .unknown else { throw ConversionError.usage("--template must be 2019 or 2021") }
            defs = defs.filter { $0.template == v }
        }
        switch format {
        case "tsv":
            var out = "key\ttemplate\ttable\tgroup\trow\tcolumn\tkind\n"
            for d in defs { out += [d.key, d.template.rawValue, d.table.rawValue, d.group, d.row, d.column, d.kind.rawValue].joined(separator: "\t") + "\n" }
            FileHandle.standardOutput.write(Data(out.utf8))
        case "json":
            let arr = JSONValue.array(defs.map { d in
                .object([("key", .string(d.key)), ("template", .string(d.template.rawValue)), ("table", .string(d.table.rawValue)),
                         ("group", .string(d.group)), ("row", .string(d.row)), ("column", .string(d.column)), ("kind", .string(d.kind.rawValue))])
            })
            FileHandle.standardOutput.write(Data(arr.serialized(pretty: true).utf8))
        default:
            throw ConversionError.usage("--format must be tsv or json")
        }
    }
}

struct Schema: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print the schema of an output format, generated from the field registry.")

    @Argument(help: "json (the JSON Schema of the report document) or xsd (the XML schema).")
    var format: String = "json"

    func run() throws {
        switch format {
        case "json": FileHandle.standardOutput.write(Data(JSONReportSchema.document().serialized(pretty: true).utf8))
        case "xsd", "xml": FileHandle.standardOutput.write(Data(XMLReportSchema.document().utf8))
        default: throw ConversionError.usage("unknown schema '\(format)'; known: json, xsd")
        }
    }
}

struct Generate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write synthetic reports with known values (for benchmarks and tests).",
        shouldDisplay: false)

    @Option(help: "First seed.") var seed: UInt64 = 1
    @Option(help: "How many reports.") var count: Int = 1
    @Option(help: "2019 or 2021 (default: mixed).") var template: String?
    @Option(help: "pipeRows, cellLines, alternating or bare (default: mixed).") var layout: String?
    @Option(name: .shortAndLong, help: "Directory to write into (default: standard output).") var directory: String?
    @Flag(help: "Write the expected facts beside each report (NAME.facts).") var facts = false

    func run() throws {
        let t = try template.map { v -> Template in
            guard let t = Template(rawValue: v), t != .unknown else { throw ConversionError.usage("--template must be 2019 or 2021") }
            return t
        }
        let l = try layout.map { v -> SyntheticReport.Layout in
            guard let l = SyntheticReport.Layout(rawValue: v) else { throw ConversionError.usage("unknown layout \(v)") }
            return l
        }
        for i in 0..<count {
            let g = SyntheticReport(seed: seed + UInt64(i), template: t, layout: l)
            if let d = directory {
                try FileManager.default.createDirectory(atPath: d, withIntermediateDirectories: true)
                let name = String(format: "report-%06d", Int(seed) + i)
                try AtomicFile.write(Data(g.text.utf8), to: "\(d)/\(name).txt")
                if facts {
                    let lines = FieldRegistry.shared.fields(g.template).map { "\($0.key)\t\(FactsWriter.value(CellReading(text: g.values[$0.key] ?? "")))" }
                    try AtomicFile.write(Data((lines.joined(separator: "\n") + "\n").utf8), to: "\(d)/\(name).facts")
                }
            } else {
                FileHandle.standardOutput.write(Data(g.text.utf8))
            }
        }
    }
}

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check reports: the 勾稽关系 (accounting identities) and structure, like a compiler.",
        discussion: """
        Exit codes: 0 no error-severity rule fails (warnings may be printed), 1 an error-severity rule fails,
        2 usage error or an input that cannot be read.
        Rules: \(ReportChecker.rules.map(\.id).joined(separator: ", ")) (gdconv check --list).
        """)

    @Argument(help: "Reports in any input format.")
    var inputs: [String] = []

    @OptionGroup var reading: ReadingOptions

    @Option(help: "text (default) or json.")
    var format: String = "text"

    @Flag(help: "Also print the rules that pass or cannot be assessed.")
    var all = false

    @Flag(help: "List the rules and exit.")
    var list = false

    func run() throws {
        if list {
            for r in ReportChecker.rules { print("\(r.id)\t\(r.severity.rawValue)\t\(r.description)") }
            return
        }
        guard !inputs.isEmpty else { throw ConversionError.usage("gdconv check: give at least one report") }
        guard format == "text" || format == "json" else { throw ConversionError.usage("--format must be text or json") }
        let conversion = Conversion()
        var reports: [(name: String, report: Report)] = []
        var results: [(name: String, result: CheckResult)] = []
        var unreadable = false
        for input in inputs {
            do {
                let data = try conversion.load(input)
                let from = try reading.inputFormat(for: input) ?? Format.sniff(data)
                let read = try from.reader().read(data, options: try reading.readerOptions(input))
                reports.append((input, read.report))
                results += ReportChecker().check(read.report).map { (input, $0) }
            } catch let e as ConversionError {
                FileHandle.standardError.write(Data("gdconv: \(e)\n".utf8))
                unreadable = true
            }
        }
        results += ReportChecker().checkAcrossYears(reports)
        let failed = results.filter { $0.result.status == .fail }
        if format == "json" {
            let arr = JSONValue.array(results.filter { all || $0.result.status == .fail }.map { name, r in
                .object([
                    ("file", .string(name)), ("rule", .string(r.rule)), ("status", .string(r.status.rawValue)),
                    ("severity", .string(r.severity.rawValue)), ("location", r.location.map { .string($0.description) } ?? .null),
                    ("message", .string(r.message)), ("hint", r.hint.map { .string($0) } ?? .null),
                    ("operands", .array(r.operands.map { o in
                        .object([("key", .string(o.key)), ("label", .string(o.label)), ("text", o.text.map { .string($0) } ?? .null),
                                 ("value", o.value.map { .number(NSDecimalNumber(decimal: $0).stringValue) } ?? .null),
                                 ("location", o.location.map { .string($0.description) } ?? .null)])
                    })),
                ])
            })
            let summary = JSONValue.object([
                ("files", .number(String(inputs.count))), ("rules", .number(String(results.count))),
                ("passed", .number(String(results.filter { $0.result.status == .pass }.count))),
                ("failed", .number(String(failed.count))),
                ("notAssessable", .number(String(results.filter { $0.result.status == .notAssessable }.count))),
            ])
            FileHandle.standardOutput.write(Data(JSONValue.object([("results", arr), ("summary", summary)]).serialized(pretty: true).utf8))
        } else {
            for (name, r) in results where all || r.status == .fail {
                print(r.diagnostic.rendered(file: name))
            }
            let na = results.filter { $0.result.status == .notAssessable }.count
            print("gdconv check: \(inputs.count) file(s), \(results.count) rule result(s): \(results.count - failed.count - na) pass, \(failed.count) fail, \(na) not assessable")
        }
        if unreadable { throw ExitCode(Exit.usage) }
        // Warnings (structure hints, narrative, cross-year) are printed but do not fail.
        if failed.contains(where: { $0.result.severity == .error }) { throw ExitCode(Exit.failed) }
    }
}

struct Collect: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a dataset with one row per report (or one per field with --long).",
        discussion: """
        Columns: source, agency, year, published, template, one per registry key (of --template, default
        the union of both templates), then checks_failed, checks_failed_rules, checks_not_assessable.
        Numbers as numbers, blank and absent cells empty, placeholders as written.
        Formats from the output extension: .csv (RFC 4180, UTF-8), .tsv, .xlsx, .jsonl.
        """)

    @Argument(help: "Reports or directories.")
    var inputs: [String] = []

    @Option(name: .shortAndLong, help: "dataset.csv, .tsv, .xlsx or .jsonl")
    var output: String

    @Option(help: "Only this template's keys as columns (2019 or 2021).")
    var template: String?

    @Flag(help: "The tidy form instead: source, key, value.")
    var long = false

    @Flag(help: "Start a CSV with a UTF-8 byte order mark (for Excel).")
    var bom = false

    @OptionGroup var many: ManyInputs

    @Flag(name: .shortAndLong, help: "Print nothing but errors.")
    var quiet = false

    func run() throws {
        let ext = (output as NSString).pathExtension.lowercased()
        guard let format = Dataset.Format(rawValue: ext) else { throw ConversionError.usage("the dataset must be .csv, .tsv, .xlsx or .jsonl") }
        let tpl = try template.map { v -> Template in
            guard let t = Template(rawValue: v), t != .unknown else { throw ConversionError.usage("--template must be 2019 or 2021") }
            return t
        }
        let files = try BatchRunner.expand(inputs + many.listed()).map(\.input)
        guard !files.isEmpty else { throw ConversionError.usage("gdconv collect: no inputs") }
        let keys = Dataset.keys(tpl)
        let header = long ? ["source", "key", "value"] : Dataset.leading + keys + Dataset.trailing
        var rows: [[String]] = []
        var failures: [String] = []
        // In chunks, so memory holds a chunk of reports at a time, rows in input order.
        let chunk = max(many.jobs * 8, 16)
        var start = 0
        while start < files.count {
            let slice = Array(files[start..<min(start + chunk, files.count)])
            let results = CollectChunk(count: slice.count)
            DispatchQueue.concurrentPerform(iterations: slice.count) { i in
                do {
                    let conversion = Conversion()
                    let data = try conversion.load(slice[i])
                    let from = Format.forPath(slice[i]) ?? Format.sniff(data)
                    let r = try from.reader().read(data, options: ReaderOptions(sourceName: slice[i])).report
                    results.set(i, .success(long ? Dataset.longRows(source: slice[i], report: r) : [Dataset.row(source: slice[i], report: r, keys: keys)]))
                } catch {
                    results.set(i, .failure("\(error)"))
                }
            }
            for r in results.items {
                switch r {
                case .success(let rs)?: rows += rs
                case .failure(let e)?: failures.append(e)
                case nil: break
                }
            }
            start += chunk
        }
        let data: Data
        switch format {
        case .csv: data = Data(((bom ? "\u{FEFF}" : "") + ([header] + rows).map { Dataset.csvLine($0) }.joined()).utf8)
        case .tsv: data = Data(([header] + rows).map { Dataset.csvLine($0, separator: "\t") }.joined().utf8)
        case .jsonl: data = Data(rows.map { Dataset.jsonLine(header: header, row: $0) }.joined().utf8)
        case .xlsx: data = try DatasetWorkbook.data(header: header, rows: rows)
        }
        try AtomicFile.write(data, to: output, inputs: files)
        if !quiet {
            var msg = "gdconv collect: \(files.count - failures.count) report(s), \(rows.count) row(s) → \(output)\n"
            for f in failures.prefix(50) { msg += "  failed: \(f)\n" }
            FileHandle.standardError.write(Data(msg.utf8))
        }
        if !failures.isEmpty { throw ExitCode(Exit.failed) }
    }
}

enum CollectResult: Sendable {
    case success([[String]])
    case failure(String)
}

final class CollectChunk: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var items: [CollectResult?]
    init(count: Int) { items = Array(repeating: nil, count: count) }
    func set(_ i: Int, _ r: CollectResult) { lock.lock(); items[i] = r; lock.unlock() }
}

/// Options of the commands that take many inputs.
struct ManyInputs: ParsableArguments {
    @Option(name: .customLong("files-from"), help: "Read input paths from this file (- for standard input), one per line.")
    var filesFrom: String?

    @Flag(name: [.customShort("0"), .customLong("null")], help: "With --files-from: paths are NUL-separated (find -print0).")
    var nul = false

    @Option(name: .shortAndLong, help: "Parallel workers (default: the number of cores).")
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    func validate() throws {
        if jobs < 1 { throw ValidationError("--jobs must be at least 1") }
    }

    /// The paths of `--files-from`, in order.
    func listed() throws -> [String] {
        guard let list = filesFrom else { return [] }
        let data = list == "-" ? FileHandle.standardInput.readDataToEndOfFile() : try Conversion().load(list)
        return String(decoding: data, as: UTF8.self).split(separator: nul ? "\0" : "\n", omittingEmptySubsequences: true)
            .map { String($0).trimmingCharacters(in: nul ? [] : .init(charactersIn: "\r")) }.filter { !$0.isEmpty }
    }
}
