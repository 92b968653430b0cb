import ArgumentParser
import Foundation
import GDConvKit

struct Convert: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: T("Convert reports (the default command): one file, or many into an output directory."),
        discussion: T("""
        Bulk: gdconv DIR... -t xlsx -d OUT [-j N] [--report run.jsonl]
              find . -name '*.txt' -print0 | gdconv --files-from - -0 -t json -d OUT
        Exit codes: 0 converted, 1 an input could not be converted, 2 usage error.
        """))

    @Argument(help: H("Input reports or directories; - for standard input."))
    var inputs: [String] = []

    @Option(name: .shortAndLong, help: H("The output file, or - for standard output (default). One input only."))
    var output: String?

    @Option(name: [.customShort("d"), .customLong("output-dir")], help: H("Convert every input into this directory, mirroring the input tree."))
    var outputDir: String?

    @OptionGroup var reading: ReadingOptions

    @Option(name: [.short, .customLong("to")], help: H("Output format: \(Format.outputNames) (default: from the output extension, else json)."))
    var to: String?

    @Flag(help: H("Compact JSON instead of indented."))
    var compact = false

    @Flag(name: .shortAndLong, help: H("Print nothing but errors."))
    var quiet = false

    @Flag(name: .shortAndLong, help: H("Also print notes (template detection, layout)."))
    var verbose = false

    @Flag(help: H("Refuse to write a report that fails a check rule (exit 1, nothing written)."))
    var strict = false

    @OptionGroup var many: ManyInputs

    @Flag(help: H("Overwrite outputs that exist (default: skip them)."))
    var force = false

    @Flag(name: .customLong("fail-fast"), help: H("Stop at the first input that fails."))
    var failFast = false

    @Option(help: H("Write one JSON line per input (input, output, status, warnings, errors, checks, elapsed)."))
    var report: String?

    @Flag(name: .customLong("list-formats"), help: H("List the formats gdconv reads and writes, with their names and extensions, and exit."))
    var listFormats = false

    @Option(help: H("Take only shard I of N of the inputs (I/N, 1-based), chosen by a hash of each path."))
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
            // No extension: JSON, as the help says. An extension of no writable format is a
            // mistake worth naming (`-o report.pdf`).
            if (o as NSString).pathExtension.isEmpty { return .json }
            guard let f = Format.forPath(o), f.entry.writer != nil else {
                throw ConversionError.usage("cannot write '\(o)': gdconv writes \(Format.outputNames); give -t or another extension")
            }
            return f
        }
        return .json
    }

    func run() throws {
        if listFormats { return printFormats() }
        if isBatch { return try runBatch() }
        // No file given and input piped in (`cat r.txt | gdconv -t json`): read standard input,
        // as pandoc and csvkit do. On a terminal, say what is missing instead of waiting.
        guard let typed = inputs.first ?? (isatty(0) == 0 ? "-" : nil) else {
            throw ConversionError.usage("give an input report (or - for standard input); see --help")
        }
        // A name that is not UTF-8 is opened by its bytes and shown decoded (GB18030) or escaped.
        let raw = RawArguments.bytes(of: typed)
        let input = raw.map(InputWalk.display) ?? typed
        let outFormat = try outFormat()
        if outFormat == .xlsx, output == nil || output == "-", isatty(1) != 0 {
            throw ConversionError.usage("refusing to write a workbook to a terminal; give -o FILE.xlsx")
        }
        var conversion = Conversion()
        conversion.maxInputBytes = try reading.maxInputBytes()
        let data = try conversion.load(input, rawPath: raw)
        let result = try conversion.convert(
            data, from: try reading.inputFormat(for: input), to: outFormat,
            readerOptions: try reading.readerOptions(input),
            writerOptions: WriterOptions(compact: compact, sourceName: input))
        // The checks run only when something uses them: printed warnings or --strict.
        let failed = (!quiet || strict) ? ReportChecker().check(result.report).filter { $0.status == .fail } : []
        if !quiet {
            // One line per problem: the reader's warnings and the failed rules merged, repeats
            // summarised. Failed 勾稽关系 and structure rules are warnings of every conversion.
            for var d in DiagnosticDigest.merge(result.diagnostics.filter { verbose || $0.severity >= .warning }, failed: failed) {
                if d.severity > .warning { d.severity = .warning }
                FileHandle.standardError.write(Data((MessageCatalogue.localise(d.rendered(file: input)) + "\n").utf8))
            }
            if verbose {
                FileHandle.standardError.write(Data((MessageCatalogue.localise("\(input): note: read as \(result.inputFormat.rawValue), template \(result.report.metadata.template.rawValue), \(result.report.fieldCells.count) field(s)") + "\n").utf8))
            }
        }
        if strict, let first = failed.first(where: { $0.severity == .error }) {
            throw ConversionError.unsupported("\(input): --strict: not written, \(failed.filter { $0.severity == .error }.count) error rule(s) fail, first: [\(first.rule)] \(first.message)")
        }
        if let o = output, o != "-" {
            AtomicFile.removeStaleTemporaries(in: AtomicFile.split(o).dir)
            try result.write(to: o, inputs: [input], durable: true)
        } else {
            FileHandle.standardOutput.write(try result.bytes())
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
        options.maxInputBytes = try reading.maxInputBytes()
        try reading.checkEncoding()
        options.encoding = reading.encoding
        options.maxLineBytes = try reading.maxLineBytes()
        options.compact = compact
        var leftOut: [String] = []
        var expanded = BatchRunner.expand(try inputs + many.listed(), excluding: dir, leftOut: &leftOut)
        if let sh = shard {
            let p = sh.split(separator: "/").compactMap { Int($0) }
            guard p.count == 2, p[1] >= 1, (1...p[1]).contains(p[0]) else { throw ConversionError.usage("--shard takes I/N with 1 ≤ I ≤ N") }
            expanded = expanded.filter { BatchRunner.inShard($0.input, index: p[0], count: p[1]) }
        }
        let runner = BatchRunner(options: options)
        let jobs = try runner.plan(expanded)
        if let r = report {
            // The report must be none of the run's inputs or outputs: refused before anything runs.
            let target = URL(fileURLWithPath: r).standardizedFileURL.path
            if let clash = jobs.first(where: { URL(fileURLWithPath: $0.output).standardizedFileURL.path == target }) {
                throw ConversionError.usage("--report \(r) is where \(clash.input) is to be converted to; give another path")
            }
            var st = stat(), other = stat()
            if stat(r, &st) == 0, let clash = jobs.first(where: { stat($0.input, &other) == 0 && other.st_dev == st.st_dev && other.st_ino == st.st_ino }) {
                throw ConversionError.usage("--report \(r) is the input \(clash.input); give another path")
            }
        }
        AtomicFile.removeStaleTemporaries(under: dir)
        let progress = ProgressLine(total: jobs.count, enabled: !quiet && isatty(2) != 0)
        // SIGINT and SIGTERM stop taking inputs; what is in flight finishes, then the summary and
        // a complete --report are written and the exit status says which signal it was.
        let stop = BatchStop()
        let watchers = SignalWatch.start(stop)
        let outcomes = runner.run(jobs, stop: stop) { _, _ in progress.tick() }
        watchers.end()
        progress.finish()
        if verbose {
            // -v: each report's warnings, as a single conversion prints them.
            for o in outcomes { for w in o.warnings { FileHandle.standardError.write(Data((MessageCatalogue.localise(w) + "\n").utf8)) } }
        }
        if let r = report {
            var lines = ""
            for o in outcomes {
                // Paths absolute, both; warnings as printed and structured; failed rules counted.
                var counts: [(String, Int)] = []
                for r in o.failedChecks {
                    if let k = counts.firstIndex(where: { $0.0 == r }) { counts[k].1 += 1 } else { counts.append((r, 1)) }
                }
                let v = JSONValue.object([
                    ("input", .string(URL(fileURLWithPath: o.job.input).standardizedFileURL.path)), ("output", .string(o.job.output)),
                    ("status", .string(o.status.rawValue)),
                    ("warnings", .array(o.warnings.map { .string($0) })),
                    ("diagnostics", .array(o.diagnostics.map { d in
                        .object([("severity", .string(d.severity.rawValue)), ("category", .string(d.category)), ("message", .string(d.message)),
                                 ("location", d.location.map { .string("\($0)") } ?? .null)])
                    })),
                    ("errors", .array(o.errors.map { .string($0) })),
                    ("checksFailed", .object(counts.map { ($0.0, .number(String($0.1))) })),
                    ("elapsed", .number(String(format: "%.4f", o.elapsed))),
                ])
                lines += v.serialized(pretty: false) + "\n"
            }
            try AtomicFile.write(Data(lines.utf8), to: r, inputs: jobs.map(\.input) + jobs.map(\.output))
        }
        let count = { (s: BatchRunner.Outcome.Status) in outcomes.filter { $0.status == s }.count }
        let failed = outcomes.filter { $0.status == .failed }
        if !quiet {
            let warnings = outcomes.reduce(0) { $0 + $1.warnings.count }
            let checks = outcomes.filter { !$0.failedChecks.isEmpty }.count
            var summary = "gdconv: \(jobs.count) input(s): \(count(.converted)) converted, \(count(.skipped)) skipped\(count(.skipped) > 0 ? " (outputs exist; --force overwrites)" : ""), \(failed.count) failed"
            if count(.notRun) > 0 { summary += ", \(count(.notRun)) not run (\(stop.reason ?? "--fail-fast"))" }
            summary += "; \(warnings) warning(s), \(checks) report(s) with failed checks\n"
            for f in failed.prefix(50) { summary += "  failed: \(f.errors.first ?? f.job.input)\n" }
            let withFailed = outcomes.filter { !$0.failedChecks.isEmpty }
            if !withFailed.isEmpty {
                for o in withFailed.prefix(10) {
                    var counts: [String: Int] = [:]
                    for r in o.failedChecks { counts[r, default: 0] += 1 }
                    let rules = counts.sorted { $0.key < $1.key }.map { $0.value > 1 ? "\($0.key) ×\($0.value)" : $0.key }
                    summary += "  failed checks: \(o.job.input) (\(rules.joined(separator: ", ")))\n"
                }
                if withFailed.count > 10 { summary += "  … and \(withFailed.count - 10) more report(s) with failed checks (see --report, or gdconv check)\n" }
            }
            if let note = BatchRunner.leftOutSummary(leftOut) {
                summary += "  \(note)\n"
                if verbose { for f in leftOut.prefix(50) { summary += "    left out: \(f)\n" } }
            }
            if failed.count > 50 { summary += "  … and \(failed.count - 50) more (see --report)\n" }
            FileHandle.standardError.write(Data(MessageCatalogue.localiseLines(summary).utf8))
        }
        if let sig = stop.signal { throw ExitCode(128 + sig) }
        if !failed.isEmpty || count(.notRun) > 0 { throw ExitCode(Exit.failed) }
    }
}

extension Convert {
    /// `--list-formats`: one line per format, from the format list itself.
    func printFormats() {
        var out = "format  read     write  extensions                 also named\n"
        for e in Format.registry {
            let name = e.format.name.padding(toLength: 8, withPad: " ", startingAt: 0)
            // .doc/.wps are recognised only to say how to convert them.
            let read = e.format == .doc ? "refused" : e.reader != nil ? "yes" : "-"
            let exts = e.extensions.map { "." + $0 }.joined(separator: " ").padding(toLength: 26, withPad: " ", startingAt: 0)
            out += "\(name)\(read.padding(toLength: 9, withPad: " ", startingAt: 0))\(e.writer != nil ? "yes    " : "-      ")\(exts) \(e.aliases.joined(separator: ", "))\n"
        }
        print(out, terminator: "")
    }
}

/// Turns SIGINT and SIGTERM into a request to stop the batch. A second signal ends the process
/// at once (a later run removes the temporary files it leaves).
struct SignalWatch {
    let sources: [DispatchSourceSignal]

    static func start(_ stop: BatchStop) -> SignalWatch {
        var sources: [DispatchSourceSignal] = []
        for (sig, why) in [(SIGINT, "interrupted by SIGINT"), (SIGTERM, "terminated by SIGTERM")] {
            signal(sig, SIG_IGN)
            let s = DispatchSource.makeSignalSource(signal: sig, queue: .global())
            s.setEventHandler {
                if stop.signal != nil { _exit(128 + sig) }
                stop.request(why, signal: sig)
                FileHandle.standardError.write(Data((MessageCatalogue.localise("gdconv: \(why): finishing the reports in progress, then stopping") + "\n").utf8))
            }
            s.resume()
            sources.append(s)
        }
        return SignalWatch(sources: sources)
    }

    func end() {
        for s in sources { s.cancel() }
        signal(SIGINT, SIG_DFL)
        signal(SIGTERM, SIG_DFL)
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

