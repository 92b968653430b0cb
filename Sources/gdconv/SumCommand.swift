import ArgumentParser
import Foundation
import GDConvKit
import GDConvSum

struct Sum: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: T("Add up many reports of one template into one report (a county's totals)."),
        discussion: T("""
        Every count and amount of the output is the exact decimal sum of the inputs' (blank + 3 is 3; a
        field blank or absent everywhere stays absent; placeholders such as / and — add nothing and are
        noted; amounts are added in 元 when their units are stated). Inputs of different templates or
        years are refused unless --template or --allow-years asks for them. The output names its inputs
        and can be any output format: the official-form workbook of the totals is -o totals.xlsx.
        The checks run on the sum; inputs that fail a check are named.
          gdconv sum reports/ -o county-2024.xlsx
          gdconv sum --files-from list.txt -o totals.json

        Exit codes: 0 summed, 1 an input could not be read or the sum fails a check, 2 usage error.
        """))

    @Argument(help: H("Reports or directories."))
    var inputs: [String] = []

    @Option(name: .shortAndLong, help: H("The sum: .json, .xml, .xlsx, .txt or .facts (default: JSON on standard output)."))
    var output: String?

    @Option(help: H("Add up the fields of this template (2019 or 2021), whatever template each input follows."))
    var template: String?

    @Flag(name: .customLong("allow-years"), help: H("Add up reports on different years."))
    var allowYears = false

    @Option(help: H("The agency to name in the sum's metadata (a county, a department)."))
    var agency: String?

    @Option(help: H("The sum's title (default: the year and the number of reports)."))
    var title: String?

    @OptionGroup var many: ManyInputs

    @Flag(name: .shortAndLong, help: H("Print nothing but errors."))
    var quiet = false

    func run() throws {
        let forced = try template.map { v -> Template in
            guard let t = Template(rawValue: v), t != .unknown else { throw ConversionError.usage("--template must be 2019 or 2021") }
            return t
        }
        let format: Format
        if let o = output {
            guard let f = Format.forPath(o), f.entry.writer != nil else { throw ConversionError.usage("\(o): write the sum as one of \(Format.outputNames)") }
            format = f
        } else {
            format = .json
        }
        let found = BatchRunner.expand(try inputs + many.listed())
        guard !found.isEmpty else { throw ConversionError.usage("sum: no inputs") }
        var sum = ReportSum(template: forced, allowYears: allowYears)
        var unreadable: [String] = [], skippedSums: [String] = []
        // Read in parallel chunks, add in input order: memory holds a chunk of reports at a time.
        let chunk = max(many.jobs * 8, 16)
        var start = 0
        while start < found.count {
            let slice = Array(found[start..<min(start + chunk, found.count)])
            let results = OrderedResults<Report>(count: slice.count)
            DispatchQueue.concurrentPerform(iterations: slice.count) { i in
                do {
                    let conversion = Conversion()
                    let data = try conversion.load(slice[i].input, rawPath: slice[i].rawPath)
                    let from = Format.forPath(slice[i].input) ?? Format.sniff(data)
                    guard let reader = from.entry.reader else { throw ConversionError.usage("\(slice[i].input): \(from.name) cannot be read") }
                    let r = try reader().read(data, options: ReaderOptions(template: forced, sourceName: slice[i].input)).report
                    results.set(i, .success(r))
                } catch {
                    results.set(i, .failure(ResultMessage(text: "\(error)")))
                }
            }
            for (i, r) in results.items.enumerated() {
                switch r {
                case .success(let report)? where ReportSum.isSum(report):
                    skippedSums.append(slice[i].input)
                case .success(let report)?:
                    do { try sum.add(report, name: slice[i].input) } catch {
                        throw ConversionError.usage("sum: \(error)")
                    }
                case .failure(let e)?: unreadable.append(e.text)
                case nil: break
                }
            }
            start += chunk
        }
        guard !sum.inputs.isEmpty else { throw ConversionError.usage("sum: none of the \(found.count) input(s) could be read") }
        let report = sum.report(title: title, agency: agency)
        if let data = try Conversion.write(report, as: format, to: output, options: WriterOptions(sourceName: output ?? "-"), inputs: found.map(\.input)) {
            FileHandle.standardOutput.write(data)
        }
        let failed = ReportChecker().check(report).filter { $0.status == .fail && $0.severity == .error }
        if !quiet {
            var msg = "gdconv sum: \(sum.inputs.count) report(s) of the \(sum.template?.rawValue ?? "?") template added up" + (output.map { " → \($0)" } ?? "") + "\n"
            for e in unreadable.prefix(50) { msg += "  not read: \(e)\n" }
            for s in skippedSums.prefix(20) { msg += "  skipped: \(s) is itself a gdconv sum\n" }
            let placeholders = sum.placeholders.values.reduce(0, +)
            if placeholders > 0 { msg += "  \(placeholders) placeholder or text cell(s) (/, —, 无) counted as absent in \(sum.placeholders.count) field(s)\n" }
            if !sum.conflicts.isEmpty { msg += "  left out (amounts with and without a stated unit): \(sum.conflicts.joined(separator: ", "))\n" }
            if sum.failing.isEmpty {
                msg += failed.isEmpty ? "  checks: every input passes, and so does the sum\n" : "  checks: every input passes, but the sum fails \(failed.count) rule(s) — please report this\n"
            } else {
                msg += "  checks: \(sum.failing.count) input(s) fail a rule, so the sum may too (\(failed.count) rule(s) fail on the sum):\n"
                for f in sum.failing.prefix(20) {
                    msg += "    \(f.name): " + f.rules.sorted { $0.key < $1.key }.map { $0.value > 1 ? "\($0.key) ×\($0.value)" : $0.key }.joined(separator: ", ") + "\n"
                }
                if sum.failing.count > 20 { msg += "    … and \(sum.failing.count - 20) more\n" }
            }
            FileHandle.standardError.write(Data(MessageCatalogue.localiseLines(msg).utf8))
        }
        if !unreadable.isEmpty || !failed.isEmpty { throw ExitCode(Exit.failed) }
    }
}
