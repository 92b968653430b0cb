import Foundation
import GDConvCore

/// Writes the flat `facts` listing: header lines, then one `key<TAB>value` line per field
/// present, in registry order — the format of the hand-written goldens, so
/// `diff <(gdconv r.txt -t facts) r.golden.tsv` checks a conversion.
public struct FactsWriter: ReportWriter {
    public init() {}

    public func write(_ report: Report, options: WriterOptions) throws -> Data {
        Data(render(report, sourceName: options.sourceName).utf8)
    }

    /// The value column for a reading: the numeral as written, `blank`, `na:…` or `text:…`.
    public static func value(_ r: CellReading) -> String {
        switch r {
        case .number(let n): n.literal
        case .blank: "blank"
        case .placeholder(let p): "na:" + p
        case .text(let t): "text:" + t.replacingOccurrences(of: "\t", with: " ").replacingOccurrences(of: "\n", with: " ")
        }
    }

    public func render(_ report: Report, sourceName: String) -> String {
        let m = report.metadata
        func header(_ name: String, _ v: String?) -> String {
            guard let v, !v.isEmpty else { return "# \(name):\n" }
            return "# \(name): \(v)\n"
        }
        var out = header("source", (sourceName as NSString).lastPathComponent)
        out += header("template", m.template.rawValue)
        out += header("agency", m.agency)
        out += header("year", m.year.map(String.init))
        out += header("published", m.published)
        out += header("complete", report.isComplete ? "yes" : "no")
        for f in report.fieldCellsInRegistryOrder {
            let r = f.cell.reading
            out += "\(f.key)\t\(FactsWriter.value(r))\n"
            if let unit = r.number?.unit { out += "# unit \(f.key) \(unit)\n" }
        }
        return out
    }
}
