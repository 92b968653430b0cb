import Foundation
import GDConvCore

/// Writes the pipe-row text report. A table that came from pipe rows is written with its own
/// separators, byte for byte; any other table is written in the canonical layout (the seed's:
/// one printed row per line, ` | ` between cells, filler pipes for merged cells) with the
/// official labels.
public struct TextWriter: ReportWriter {
    public init() {}

    public func write(_ report: Report, options: WriterOptions) throws -> Data {
        Data(render(report).utf8)
    }

    public func render(_ report: Report) -> String {
        var out = ""
        let template = report.metadata.template
        func line(_ l: Line) {
            if let lay = l.layout { out += lay.leading + l.text + lay.trailing } else { out += l.text + "\n" }
        }
        func blocks(_ bs: [Block]) {
            for b in bs {
                switch b {
                case .paragraph(let l): line(l)
                // A recovered table is the reader's reading of the line before it, which is
                // written as printed; reading the output again recovers it again.
                case .table(let t): if !t.isRecovered { out += renderTable(t, template: template) }
                }
            }
        }
        blocks(report.front)
        for s in report.sections {
            line(s.heading)
            blocks(s.blocks)
        }
        return out
    }

    /// One canonical row: cells joined by ` | `; trailing empty filler cells as a run of pipes.
    public static func canonicalRow(_ cells: [Cell]) -> String {
        var n = cells.count
        while n > 0, cells[n - 1].text.isEmpty, cells[n - 1].key == nil { n -= 1 }
        let fillers = cells.count - n
        let body = cells[..<n].map { $0.text.replacingOccurrences(of: "\n", with: " ") }.joined(separator: " | ")
        // A leading empty cell needs a leading pipe: a line starting with `|` has its first pipe
        // read as markdown's row marker.
        let lead = cells.first.map { $0.text.isEmpty && n > 0 } == true ? "| " : ""
        return lead + body + (fillers > 0 ? " | " + String(repeating: "|", count: fillers) : " |") + "\n"
    }

    func renderTable(_ t: Table, template: Template) -> String {
        if t.hasSourceLayout {
            var out = ""
            for r in t.rows {
                for (i, c) in r.cells.enumerated() { out += (c.before ?? (i == 0 ? "" : " | ")) + c.text }
                out += r.end ?? " |\n"
            }
            return out
        }
        // Canonical: the standard tables whose fields this block holds, then what was not
        // recognised, as written.
        var values: [StandardTable: [String: String]] = [:]
        for r in t.rows { for c in r.cells { if let k = c.key, let d = FieldRegistry.shared.anyDefinition(k) { values[d.table, default: [:]][k] = c.text } } }
        var out = ""
        let kinds = StandardTable.allCases.filter { values[$0] != nil }
        for k in kinds {
            for r in CanonicalLayout.rows(k, template: template, values: values[k] ?? [:]) { out += TextWriter.canonicalRow(r.cells) }
        }
        // A table without values (a header left by a cut-off page) is written as it was read.
        for r in t.rows where r.role == .unrecognised || kinds.isEmpty {
            out += TextWriter.canonicalRow(r.cells)
        }
        return out
    }
}
