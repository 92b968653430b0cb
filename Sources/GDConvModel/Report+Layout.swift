import Foundation

extension Report {
    /// The same report with its tables' source separators dropped, so writers print them in
    /// the canonical layout. Prose keeps its line layout.
    public func droppingTableLayout() -> Report {
        func strip(_ blocks: [Block]) -> [Block] {
            blocks.map { b in
                guard case .table(var t) = b else { return b }
                t.hasSourceLayout = false
                for r in t.rows.indices {
                    t.rows[r].end = nil
                    for c in t.rows[r].cells.indices { t.rows[r].cells[c].before = nil }
                }
                return .table(t)
            }
        }
        var r = self
        r.front = strip(front)
        for i in r.sections.indices { r.sections[i].blocks = strip(r.sections[i].blocks) }
        return r
    }
}
