import ArgumentParser
import Foundation
import GDConvKit

struct Collect: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: T("Write a dataset with one row per report (or one per field with --long)."),
        discussion: T("""
        Columns: source, agency, publisher, year, published, template, one per registry key (of --template, default
        the union of both templates), then checksFailed, checksFailedRules, checksNotAssessable.
        Numbers as numbers, blank and absent cells empty, placeholders as written.
        Formats from the output extension: .csv (RFC 4180, UTF-8), .tsv, .xlsx, .jsonl.
        """))

    @Argument(help: H("Reports or directories."))
    var inputs: [String] = []

    @Option(name: .shortAndLong, help: H("dataset.csv, .tsv, .xlsx or .jsonl; - for standard output (CSV unless --format says otherwise)."))
    var output: String

    @Option(help: H("csv, tsv or jsonl: the format when writing to standard output (-o -)."))
    var format: String?

    @Option(help: H("Only this template's keys as columns (2019 or 2021)."))
    var template: String?

    @Flag(help: H("The tidy form instead: source, key, value."))
    var long = false

    @Flag(help: H("Start a CSV with a UTF-8 byte order mark (for Excel)."))
    var bom = false

    @OptionGroup var many: ManyInputs

    @Flag(name: .shortAndLong, help: H("Print nothing but errors."))
    var quiet = false

    func run() throws {
        let toStdout = output == "-"
        let ext = toStdout ? (self.format ?? "csv").lowercased() : (self.format ?? (output as NSString).pathExtension).lowercased()
        guard let format = Dataset.Format(rawValue: ext) else { throw ConversionError.usage("the dataset must be .csv, .tsv, .xlsx or .jsonl") }
        if toStdout, format == .xlsx { throw ConversionError.usage("a workbook is not written to standard output: -o dataset.xlsx") }
        let tpl = try template.map { v -> Template in
            guard let t = Template(rawValue: v), t != .unknown else { throw ConversionError.usage("--template must be 2019 or 2021") }
            return t
        }
        let found = BatchRunner.expand(try inputs + many.listed())
        let files = found.map(\.input)
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
            let raw = found[start..<min(start + chunk, files.count)].map(\.rawPath)
            let results = OrderedResults<[[String]]>(count: slice.count)
            DispatchQueue.concurrentPerform(iterations: slice.count) { i in
                do {
                    let conversion = Conversion()
                    let data = try conversion.load(slice[i], rawPath: raw[i])
                    let from = Format.forPath(slice[i]) ?? Format.sniff(data)
                    let r = try from.reader().read(data, options: ReaderOptions(sourceName: slice[i])).report
                    results.set(i, .success(long ? Dataset.longRows(source: slice[i], report: r) : [Dataset.row(source: slice[i], report: r, keys: keys)]))
                } catch {
                    results.set(i, .failure(ResultMessage(text: "\(error)")))
                }
            }
            for r in results.items {
                switch r {
                case .success(let rs)?: rows += rs
                case .failure(let e)?: failures.append(e.text)
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
        if toStdout { FileHandle.standardOutput.write(data) } else { try AtomicFile.write(data, to: output, inputs: files) }
        if !quiet {
            var msg = "gdconv collect: \(files.count - failures.count) report(s), \(rows.count) row(s) → \(toStdout ? "standard output" : output)\n"
            for f in failures.prefix(50) { msg += "  failed: \(f)\n" }
            FileHandle.standardError.write(Data(MessageCatalogue.localiseLines(msg).utf8))
        }
        if !failures.isEmpty { throw ExitCode(Exit.failed) }
    }
}
