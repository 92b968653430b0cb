import ArgumentParser
import Foundation
import GDConvKit

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: T("Check reports: the 勾稽关系 (accounting identities) and structure, like a compiler."),
        discussion: T("""
        Exit codes: 0 no error-severity rule fails (warnings may be printed), 1 an error-severity rule fails,
        2 usage error or an input that cannot be read.
        Rules: \(ReportChecker.rules.map(\.id).joined(separator: ", ")) (gdconv check --list).
        """))

    @Argument(help: H("Reports in any input format, or folders of them (walked as a bulk conversion walks them)."))
    var inputs: [String] = []

    @OptionGroup var many: ManyInputs

    @Option(name: .customLong("rule"), help: H("Run only this rule (repeatable): e.g. --rule BALANCE --rule OUTCOME-TOTAL."))
    var onlyRules: [String] = []

    @Option(name: .customLong("skip-rule"), help: H("Do not run this rule (repeatable): e.g. --skip-rule STRUCTURE-TABLE for excerpts."))
    var skipRules: [String] = []

    @Flag(name: .shortAndLong, help: H("Print only failing error-severity rules; no summary."))
    var quiet = false

    @OptionGroup var reading: ReadingOptions

    @Option(help: H("text (default) or json."))
    var format: String = "text"

    @Flag(help: H("Also print the rules that pass or cannot be assessed."))
    var all = false

    @Flag(help: H("List the rules and exit."))
    var list = false

    func run() throws {
        if list {
            for r in ReportChecker.rules { print("\(r.id)\t\(r.severity.rawValue)\t\(r.description)") }
            return
        }
        let known = Set(ReportChecker.rules.map(\.id))
        for r in onlyRules + skipRules where !known.contains(r) {
            throw ConversionError.usage("gdconv check: unknown rule \(r) (see gdconv check --list)")
        }
        let found = BatchRunner.expand(try inputs + many.listed())
        guard !found.isEmpty else { throw ConversionError.usage("gdconv check: give at least one report (files, folders or --files-from)") }
        func wanted(_ rule: String) -> Bool { (onlyRules.isEmpty || onlyRules.contains(rule)) && !skipRules.contains(rule) }
        guard format == "text" || format == "json" else { throw ConversionError.usage("--format must be text or json") }
        let conversion = Conversion()
        var reports: [(name: String, report: Report)] = []
        var results: [(name: String, result: CheckResult)] = []
        var unreadable = false
        for file in found {
            let input = file.input
            do {
                let data = try conversion.load(input, rawPath: file.rawPath)
                let from = try reading.inputFormat(for: input) ?? Format.sniff(data)
                let read = try from.reader().read(data, options: try reading.readerOptions(input))
                reports.append((input, read.report))
                results += ReportChecker().check(read.report).filter { wanted($0.rule) }.map { (input, $0) }
            } catch let e as ConversionError {
                FileHandle.standardError.write(Data((MessageCatalogue.localise("gdconv: \(e)") + "\n").utf8))
                unreadable = true
            }
        }
        results += ReportChecker().checkAcrossYears(reports).filter { wanted($0.result.rule) }
        let failed = results.filter { $0.result.status == .fail }
        if format == "json" {
            let arr = JSONValue.array(results.filter { all || $0.result.status == .fail }.map { name, r in
                .object([
                    ("file", .string(name)), ("rule", .string(r.rule)), ("status", .string(r.status.rawValue)),
                    ("severity", .string(r.severity.rawValue)), ("location", Check.json(r.location)),
                    ("message", .string(r.message)), ("hint", r.hint.map { .string($0) } ?? .null),
                    ("left", r.left.map { .number(NSDecimalNumber(decimal: $0).stringValue) } ?? .null),
                    ("right", r.right.map { .number(NSDecimalNumber(decimal: $0).stringValue) } ?? .null),
                    ("difference", r.difference.map { .number(NSDecimalNumber(decimal: $0).stringValue) } ?? .null),
                    ("operands", .array(r.operands.map { o in
                        .object([("key", .string(o.key)), ("label", .string(o.label)), ("text", o.text.map { .string($0) } ?? .null),
                                 ("value", o.value.map { .number(NSDecimalNumber(decimal: $0).stringValue) } ?? .null),
                                 ("location", Check.json(o.location))])
                    })),
                ])
            })
            let summary = JSONValue.object([
                ("files", .number(String(found.count))), ("rules", .number(String(results.count))),
                ("passed", .number(String(results.filter { $0.result.status == .pass }.count))),
                ("failed", .number(String(failed.count))),
                ("notAssessable", .number(String(results.filter { $0.result.status == .notAssessable }.count))),
            ])
            FileHandle.standardOutput.write(Data(JSONValue.object([("results", arr), ("summary", summary)]).serialized(pretty: true).utf8))
        } else {
            for (name, r) in results where (all && !quiet) || (r.status == .fail && (!quiet || r.severity == .error)) {
                print(MessageCatalogue.localise(r.diagnostic.rendered(file: name)))
            }
            if !quiet {
                let na = results.filter { $0.result.status == .notAssessable }.count
                // Per report: an error rule failing, only warnings, or clean.
                let names = reports.map(\.name)
                let withErrors = Set(failed.filter { $0.result.severity == .error }.map(\.name))
                let withWarnings = Set(failed.filter { $0.result.severity < .error }.map(\.name)).subtracting(withErrors)
                print(MessageCatalogue.localise("gdconv check: \(found.count) file(s), \(results.count) rule result(s): \(results.count - failed.count - na) pass, \(failed.count) fail, \(na) not assessable"))
                print(MessageCatalogue.localise("gdconv check: \(names.count) report(s): \(withErrors.count) with a failing error rule, \(withWarnings.count) with warnings only, \(names.count - withErrors.count - withWarnings.count) clean"))
            }
        }
        if unreadable { throw ExitCode(Exit.usage) }
        // Warnings (structure hints, narrative, cross-year) are printed but do not fail.
        if failed.contains(where: { $0.result.severity == .error }) { throw ExitCode(Exit.failed) }
    }

    /// A location as JSON: its text as printed in diagnostics, and its parts (`line`/`column`
    /// for text, XML and JSON; `sheet`/`cell` for workbooks; `path` for a JSON path or XPath).
    static func json(_ l: SourceLocation?) -> JSONValue {
        guard let l else { return .null }
        var kv: [(String, JSONValue)] = [("text", .string(l.description))]
        switch l {
        case .text(let line, let column): kv += [("line", .number(String(line))), ("column", .number(String(column)))]
        case .line(let line): kv += [("line", .number(String(line)))]
        case .cell(let sheet, let ref): kv += [("sheet", .string(sheet)), ("cell", .string(ref))]
        case .path(let p): kv += [("path", .string(p))]
        }
        return .object(kv)
    }
}
