import Foundation

/// Converts many inputs in parallel into an output tree, for bulk scripts: outputs mirror the
/// inputs, collisions are refused before anything is written, existing outputs are skipped
/// unless forced, nothing is written outside the output directory, and the bytes written do not
/// depend on the number of workers.
public struct BatchRunner: Sendable {
    public struct Options: Sendable {
        public var to: Format
        public var from: Format?
        public var outputDirectory: String
        public var jobs: Int = ProcessInfo.processInfo.activeProcessorCount
        public var force = false
        public var failFast = false
        public var strict = false
        /// Whether to run the checks (their results go to `Outcome.failedChecks`); `strict`
        /// runs them whatever this says.
        public var runChecks = true
        public var template: Template?
        public var maxInputBytes = 64 << 20
        public var encoding: String?
        public var maxLineBytes = 1 << 20
        /// Compact rather than pretty output (`--compact`).
        public var compact = false

        public init(to: Format, outputDirectory: String) {
            self.to = to
            self.outputDirectory = outputDirectory
        }
    }

    /// One planned conversion.
    public struct Job: Sendable {
        public let input: String
        public let output: String
        /// The input path's bytes when its name is not UTF-8.
        public var rawInput: [UInt8]? = nil
    }

    /// What happened to one input.
    public struct Outcome: Sendable {
        public enum Status: String, Sendable { case converted, skipped, failed, notRun = "not-run" }
        public let job: Job
        public var status: Status
        public var warnings: [String] = []
        /// The same warnings, structured (for --report).
        public var diagnostics: [Diagnostic] = []
        public var errors: [String] = []
        public var failedChecks: [String] = []
        public var elapsed: Double = 0
    }

    public let options: Options

    public init(options: Options) { self.options = options }

    /// The extensions the readers accept, for directory walks.
    public static var readableExtensions: Set<String> { Format.readableExtensions }

    /// Expands files and directories (recursively, readable extensions only, sorted; see
    /// `InputWalk`). A path that does not exist is kept: its conversion fails, the rest goes on.
    public static func expand(_ args: [String], excluding outputDirectory: String? = nil) -> [InputFile] {
        InputWalk.expand(args, excluding: outputDirectory, extensions: readableExtensions)
    }

    /// The same, naming in `leftOut` the files found that no reader reads.
    public static func expand(_ args: [String], excluding outputDirectory: String?, leftOut: inout [String]) -> [InputFile] {
        InputWalk.expand(args, excluding: outputDirectory, extensions: readableExtensions, leftOut: &leftOut)
    }

    /// `3 file(s) of no format gdconv reads were left out: .pdf ×2, .png` — or nil.
    public static func leftOutSummary(_ files: [String]) -> String? {
        guard !files.isEmpty else { return nil }
        var byExt: [String: Int] = [:]
        for f in files { byExt[(f as NSString).pathExtension.lowercased(), default: 0] += 1 }
        let parts = byExt.sorted { $0.value > $1.value || ($0.value == $1.value && $0.key < $1.key) }
            .map { ($0.key.isEmpty ? "(no extension)" : "." + $0.key) + ($0.value > 1 ? " ×\($0.value)" : "") }
        return "\(files.count) file(s) of no format gdconv reads were left out: \(parts.joined(separator: ", ")) (gdconv reads \(Format.readableExtensions.sorted().map { "." + $0 }.joined(separator: ", ")))"
    }

    /// Deterministic shard membership: shard `index` (1-based) of `count`, by a hash of the path.
    public static func inShard(_ path: String, index: Int, count: Int) -> Bool {
        var h: UInt64 = 0xcbf29ce484222325
        for b in path.utf8 { h = (h ^ UInt64(b)) &* 0x100000001b3 }
        return Int(h % UInt64(count)) == index - 1
    }

    /// Plans the jobs: output paths under the output directory, collisions refused up front.
    public func plan(_ inputs: [InputFile]) throws -> [Job] {
        let ext = options.to.outputExtension
        do { try FileManager.default.createDirectory(atPath: options.outputDirectory, withIntermediateDirectories: true) } catch {
            throw ConversionError.io(path: options.outputDirectory, message: "cannot create the output directory: \(error.localizedDescription)")
        }
        var seen: [String: String] = [:]
        var jobs: [Job] = []
        let root = URL(fileURLWithPath: options.outputDirectory).standardizedFileURL.path
        for f in inputs {
            let input = f.input, rel = f.relative
            let relOut = ((rel as NSString).deletingPathExtension as NSString).appendingPathExtension(ext)!
            let out = URL(fileURLWithPath: root).appendingPathComponent(relOut).standardizedFileURL.path
            guard out.hasPrefix(root + "/") else { throw ConversionError.usage("output for \(input) would leave the output directory") }
            if let other = seen[out] {
                throw ConversionError.usage("\(input) and \(other) would both be written to \(out); nothing was written")
            }
            seen[out] = input
            jobs.append(Job(input: input, output: out, rawInput: f.rawPath))
        }
        return jobs
    }

    /// Runs the jobs with `options.jobs` workers. `progress` is called after each job (from any
    /// thread, serialised). Returns the outcomes in job order.
    public func run(_ jobs: [Job], stop: BatchStop = BatchStop(), progress: (@Sendable (Int, Outcome) -> Void)? = nil) -> [Outcome] {
        let state = BatchState(jobs.map { Outcome(job: $0, status: .notRun) }, stop: stop)
        let workers = max(1, min(options.jobs, jobs.count))
        let root = BatchRunner.realPath(options.outputDirectory) ?? options.outputDirectory
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            while let i = state.next() {
                let o = convert(jobs[i], root: root, stop: stop)
                state.finish(i, o, failFast: options.failFast)
                progress?(i, o)
            }
        }
        // One flush of everything written instead of an fsync per output (see AtomicFile).
        AtomicFile.syncFileSystem(of: options.outputDirectory)
        return state.outcomes
    }

    /// Converts one job; `root` is the output directory with its symlinks resolved.
    func convert(_ job: Job, root: String, stop: BatchStop? = nil) -> Outcome {
        let start = Date()
        var o = convertUntimed(job, root: root)
        // Set here, not in a `defer`: a defer ran after the outcome was copied out, so every
        // `elapsed` in --report read 0.
        o.elapsed = Date().timeIntervalSince(start)
        // A full disk fails every following write too: stop taking inputs.
        if o.errors.contains(where: { $0.contains(String(cString: strerror(ENOSPC))) }) { stop?.request("the disk is full") }
        return o
    }

    private func convertUntimed(_ job: Job, root: String) -> Outcome {
        var o = Outcome(job: job, status: .converted)
        var st = stat()
        if !options.force, lstat(job.output, &st) == 0 {
            o.status = .skipped
            return o
        }
        do {
            var conversion = Conversion()
            conversion.maxInputBytes = options.maxInputBytes
            let data = try conversion.load(job.input, rawPath: job.rawInput)
            let from = options.from ?? Format.forPath(job.input)
            let result = try conversion.convert(data, from: from, to: options.to,
                                                readerOptions: readerOptions(job.input),
                                                writerOptions: WriterOptions(compact: options.compact, sourceName: job.input))
            o.diagnostics = result.diagnostics.filter { $0.severity >= .warning }
            let failed = (options.runChecks || options.strict) ? ReportChecker().check(result.report).filter { $0.status == .fail } : []
            // What -v prints: one line per problem (see DiagnosticDigest); --report keeps every diagnostic.
            o.warnings = DiagnosticDigest.merge(o.diagnostics, failed: failed).map { d in
                var w = d
                if w.severity > .warning { w.severity = .warning }
                return w.rendered(file: job.input)
            }
            o.failedChecks = failed.map(\.rule)
            if options.strict, failed.contains(where: { $0.severity == .error }) {
                throw ConversionError.unsupported("\(job.input): --strict: \(failed.filter { $0.severity == .error }.count) error rule(s) fail")
            }
            let dir = AtomicFile.split(job.output).dir
            if BatchRunner.realPath(dir) == nil {
                // Check the deepest existing ancestor before creating anything under it.
                try BatchRunner.ensureInside(job.output, root: root)
                try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            }
            try BatchRunner.ensureInside(job.output, root: root)
            try result.write(to: job.output, inputs: [job.input], durable: false)
        } catch let e as ConversionError {
            o.status = .failed
            o.errors = ["\(e)"]
        } catch {
            o.status = .failed
            o.errors = ["\(job.input): \(error)"]
        }
        return o
    }

    func readerOptions(_ name: String) -> ReaderOptions {
        var o = ReaderOptions(template: options.template, sourceName: name, encoding: options.encoding)
        o.maxLineBytes = options.maxLineBytes
        o.maxInputBytes = options.maxInputBytes
        return o
    }

    /// Refuses an output whose folder, symlinks resolved by the kernel, lies outside the output
    /// directory (`root`, resolved). A folder not yet created is judged by its deepest existing
    /// ancestor.
    static func ensureInside(_ output: String, root: String) throws {
        var dir = AtomicFile.split(output).dir
        var resolved = realPath(dir)
        while resolved == nil, dir != "/", dir != "." {
            dir = AtomicFile.split(dir).dir
            resolved = realPath(dir)
        }
        guard let r = resolved, r == root || r.hasPrefix(root == "/" ? "/" : root + "/") else {
            throw ConversionError.usage("refusing to write \(output): it resolves outside the output directory \(root) (symlink?)")
        }
    }

    /// `realpath(3)`: the path with every symlink and `..` resolved, nil when it does not exist.
    static func realPath(_ path: String) -> String? {
        guard let p = realpath(path, nil) else { return nil }
        defer { free(p) }
        return String(cString: p)
    }
}

/// Asks a running batch to stop taking new inputs: a signal (SIGINT, SIGTERM), a full disk.
/// What is in flight finishes (or fails and is removed); the rest is "not run".
public final class BatchStop: @unchecked Sendable {
    private let lock = NSLock()
    private var why: String?
    private var sig: Int32?

    public init() {}

    /// The first request wins.
    public func request(_ reason: String, signal: Int32? = nil) {
        lock.lock(); defer { lock.unlock() }
        if why == nil { why = reason; sig = signal }
    }

    public var reason: String? { lock.lock(); defer { lock.unlock() }; return why }
    /// The signal that stopped the run, if one did.
    public var signal: Int32? { lock.lock(); defer { lock.unlock() }; return sig }
}

/// Shared state of a batch run.
final class BatchState: @unchecked Sendable {
    private let lock = NSLock()
    private var cursor = 0
    private var stopped = false
    private let stop: BatchStop
    private(set) var outcomes: [BatchRunner.Outcome]

    init(_ o: [BatchRunner.Outcome], stop: BatchStop) {
        outcomes = o
        self.stop = stop
    }

    func next() -> Int? {
        lock.lock(); defer { lock.unlock() }
        guard !stopped, stop.reason == nil, cursor < outcomes.count else { return nil }
        cursor += 1
        return cursor - 1
    }

    func finish(_ i: Int, _ o: BatchRunner.Outcome, failFast: Bool) {
        lock.lock(); defer { lock.unlock() }
        outcomes[i] = o
        if failFast, o.status == .failed { stopped = true; stop.request("--fail-fast") }
    }
}
