import ArgumentParser
import Foundation
import GDConvDiff
import GDConvKit

struct Diff: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: T("Show what changed between two reports, or list several reports' fields year by year."),
        discussion: T("""
        Two inputs (any formats): every field whose value differs, with its labels as the form prints
        them, the old and new values, the change and the percentage change; fields present in one report
        only; metadata differences; rules that pass in one and fail in the other; and, when NEW is the
        year after OLD, 二、上年结转 of NEW against 四、结转下年度继续办理 of OLD. Fields are paired by
        registry key, so a 2019 report and a 2021 report compare the fields both templates define.
          gdconv diff 2023.txt 2024.txt                 on the terminal (Chinese under a zh locale)
          gdconv diff 2023.txt 2024.txt --format json   for programs
          gdconv diff 2023.txt 2024.txt -o diff.xlsx    NEW's official form, changed cells marked, old values as notes
        More than two inputs: one row per field, one column per report in year order (-o .csv, .json or
        .xlsx; CSV on standard output without -o).

        Exit codes (as diff(1)): 0 no differences, 1 differences, 2 trouble.
        """))

    @Argument(help: H("OLD NEW, or several reports of one agency."))
    var inputs: [String]

    @Option(help: H("text or json (two inputs); csv or json (a series)."))
    var format: String?

    @Option(name: .shortAndLong, help: H("Write to this file: .xlsx (the form of NEW, changes marked), .json, .txt; for a series .csv, .json or .xlsx."))
    var output: String?

    @OptionGroup var reading: ReadingOptions

    func run() throws {
        do {
            try compare()
        } catch let e as ExitCode {
            throw e
        } catch {
            // Trouble is 2, as diff(1) has it: 1 means "different".
            FileHandle.standardError.write(Data((MessageCatalogue.localise("gdconv diff: \(error)") + "\n").utf8))
            throw ExitCode(2)
        }
    }

    private func compare() throws {
        guard inputs.count >= 2 else { throw ConversionError.usage("diff needs two reports (OLD NEW), or more for a series") }
        let reports = try inputs.map { path in (name: path, report: try readReport(path, reading)) }
        if reports.count > 2 { return try series(reports) }
        let d = ReportDiff(old: reports[0].report, new: reports[1].report, oldName: inputs[0], newName: inputs[1])
        let ext = output.map { ($0 as NSString).pathExtension.lowercased() }
        switch (ext, format) {
        case ("xlsx"?, _):
            var notes: [String: String] = [:]
            for c in d.changes where c.kind != .onlyOld {
                notes[c.key] = c.kind == .onlyNew ? "\(inputs[0])：无此项" : "\(inputs[0])：\(c.old ?? "")" + (c.change.map { "（变化 \($0 > 0 ? "+" : "")\($0)）" } ?? "")
            }
            _ = try Conversion.write(reports[1].report, as: .xlsx, to: output!, options: WriterOptions(sourceName: inputs[1], annotations: notes), inputs: inputs)
        case ("json"?, _), (_, "json"?):
            try emit(try d.json())
        case (_, nil), (_, "text"?):
            try emit(Data(d.text(DiffWords(chinese: MessageLanguage.current == .zh)).utf8))
        case (_, let f?):
            throw ConversionError.usage("--format \(f): diff writes text or json")
        }
        if !d.isEmpty { throw ExitCode(1) }
    }

    private func series(_ reports: [(name: String, report: Report)]) throws {
        let s = FieldSeries(reports)
        let ext = output.map { ($0 as NSString).pathExtension.lowercased() } ?? format ?? "csv"
        switch ext {
        case "csv": try emit(Data(([s.header] + s.rows).map { Dataset.csvLine($0) }.joined().utf8))
        case "json", "jsonl": try emit(Data(s.rows.map { Dataset.jsonLine(header: s.header, row: $0) }.joined().utf8))
        case "xlsx":
            guard let o = output else { throw ConversionError.usage("a workbook needs -o FILE.xlsx") }
            try AtomicFile.write(try DatasetWorkbook.data(header: s.header, rows: s.rows), to: o, inputs: inputs)
        default: throw ConversionError.usage("a series is written as .csv, .json or .xlsx, not .\(ext)")
        }
    }

    private func emit(_ data: Data) throws {
        if let o = output { try AtomicFile.write(data, to: o, inputs: inputs) } else { FileHandle.standardOutput.write(data) }
    }
}

/// Reads one report of any format, as `convert` would.
func readReport(_ path: String, _ reading: ReadingOptions) throws -> Report {
    let conversion = Conversion()
    let data = try conversion.load(path)
    let from = try reading.inputFormat(for: path) ?? Format.sniff(data)
    guard let reader = from.entry.reader else { throw ConversionError.usage("\(from.name) cannot be read") }
    return try reader().read(data, options: try reading.readerOptions(path)).report
}
