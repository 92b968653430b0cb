import ArgumentParser
import Foundation
import GDConvKit

struct Generate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: T("Write synthetic reports with known values (for benchmarks and tests)."),
        shouldDisplay: false)

    @Option(help: H("First seed.")) var seed: UInt64 = 1
    @Option(help: H("How many reports.")) var count: Int = 1
    @Option(help: H("2019 or 2021 (default: mixed).")) var template: String?
    @Option(help: H("pipeRows, cellLines, alternating, bare or collapsed (default: mixed, not collapsed).")) var layout: String?
    @Option(name: .shortAndLong, help: H("Directory to write into (default: standard output).")) var directory: String?
    @Flag(help: H("Write the expected facts beside each report (NAME.facts).")) var facts = false
    @Flag(help: H("Values under which every identity holds (default: random).")) var consistent = false

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
            let g = SyntheticReport(seed: seed + UInt64(i), template: t, layout: l, consistent: consistent)
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

