import Foundation

/// One table with a row per report (or, in long form, per field), for pandas and R.
public struct Dataset: Sendable {
    public enum Format: String, Sendable { case csv, tsv, xlsx, jsonl }

    /// The field keys that get columns: one template's, or the union in registry order.
    public static func keys(_ template: Template?) -> [String] {
        if let t = template { return FieldRegistry.shared.fields(t).map(\.key) }
        var seen = Set<String>()
        return FieldRegistry.shared.definitions.map(\.key).filter { seen.insert($0).inserted }
    }

    /// `agency` as the report writes it; `publisher` one normalised name per publisher, to
    /// group one agency's reports across years (see `Metadata.publisher`).
    public static let leading = ["source", "agency", "publisher", "year", "published", "template"]
    public static let trailing = ["checksFailed", "checksFailedRules", "checksNotAssessable"]

    /// A field's value as a dataset cell: the numeral, empty for blank or absent, the
    /// placeholder or text as written.
    public static func cell(_ r: CellReading?) -> String {
        switch r {
        case .number(let n)?: n.literal
        case .placeholder(let p)?: p
        case .text(let t)?: t
        case .blank?, nil: ""
        }
    }

    /// The wide row of one report.
    public static func row(source: String, report: Report, keys: [String]) -> [String] {
        let m = report.metadata
        let fields = report.fields
        let checks = ReportChecker().check(report)
        let failed = checks.filter { $0.status == .fail }
        var out = [source, m.agency ?? "", m.publisher ?? "", m.year.map(String.init) ?? "", m.published ?? "", m.template.rawValue]
        out += keys.map { cell(fields[$0]?.reading) }
        out += [String(failed.count), Array(Set(failed.map(\.rule))).sorted().joined(separator: " "), String(checks.filter { $0.status == .notAssessable }.count)]
        return out
    }

    /// The long rows of one report: (source, key, value) for each field present.
    public static func longRows(source: String, report: Report) -> [[String]] {
        report.fieldCellsInRegistryOrder.map { [source, $0.key, cell($0.cell.reading)] }
    }

    /// RFC 4180: quoted when needed, quotes doubled, CRLF line ends.
    public static func csvLine(_ fields: [String], separator: Character = ",") -> String {
        fields.map { f -> String in
            if separator == "\t" { return f.replacingOccurrences(of: "\t", with: " ").replacingOccurrences(of: "\r\n", with: " ").replacingOccurrences(of: "\n", with: " ") }
            guard f.contains(separator) || f.contains("\"") || f.contains("\n") || f.contains("\r") else { return f }
            return "\"" + f.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }.joined(separator: String(separator)) + (separator == "\t" ? "\n" : "\r\n")
    }

    /// One JSON line: metadata, fields (numbers as JSON numbers), check summary.
    public static func jsonLine(header: [String], row: [String]) -> String {
        var kv: [(String, JSONValue)] = []
        for (h, v) in zip(header, row) {
            if v.isEmpty { kv.append((h, .null)); continue }
            if h == "year" || (h == "checksFailed" || h == "checksNotAssessable") { kv.append((h, .number(v))); continue }
            if let n = CellReading(text: v).number, n.unit == nil, !Dataset.leading.contains(h) { kv.append((h, .number(n.literal))) } else { kv.append((h, .string(v))) }
        }
        return JSONValue.object(kv).serialized(pretty: false) + "\n"
    }
}
