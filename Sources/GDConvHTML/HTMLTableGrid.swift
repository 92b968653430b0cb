import Foundation
import GDConvCore
import GDConvLibXML
internal import CLibXML2

/// One `<table>` expanded into its grid: every cell placed at the row and column it occupies
/// once rowspan and colspan are applied, the way a browser lays it out. The recogniser gets one
/// token per cell, at its own row; positions covered by another cell's span get no token
/// (the spanning cell speaks for them), just as merged cells in a workbook.
struct HTMLTableGrid {
    struct Cell {
        var text: String
        var row: Int
        var column: Int
        var rowSpan: Int
        var columnSpan: Int
        /// The `<td>`/`<th>`; its XPath is computed only for tables that become report tables.
        var node: xmlNodePtr
    }

    /// The cells, row by row, left to right.
    var rows: [[Cell]]
    /// The widest row, in grid columns.
    var width: Int
    let node: xmlNodePtr

    /// The HTML standard's limits: colspan ≤ 1000, rowspan ≤ 65534 (and never past the table).
    static let maxColumnSpan = 1000
    static let maxRowSpan = 65534
    static let trackedWidth = 4096

    /// How many cells the grid holds (it stops laying out rows past `maxCells`).
    private(set) var cellCount = 0

    init(_ table: xmlNodePtr, maxCells: Int = .max) {
        node = table
        let trs = HTMLTableGrid.rowElements(table)
        // For each tracked column, the last row a span from above covers (-1: free). Columns
        // past `trackedWidth` are not tracked: no real form is that wide, and a hostile page
        // must not make this quadratic.
        var busyUntil = [Int](repeating: -1, count: 64)
        var rows: [[Cell]] = []
        rows.reserveCapacity(trs.count)
        var width = 0
        // One buffer gathers every cell's text in turn.
        var scratch = CellText.Collector()
        for (r, tr) in trs.enumerated() {
            if cellCount > maxCells { break }
            var col = 0
            var cells: [Cell] = []
            var child = tr.pointee.children
            while let td = child {
                child = td.pointee.next
                guard HTMLElement.of(td).contains(.cell) else { continue }
                while col < busyUntil.count, busyUntil[col] >= r { col += 1 }
                let cs = HTMLTableGrid.span(td, "colspan", max: HTMLTableGrid.maxColumnSpan)
                var rs = HTMLTableGrid.span(td, "rowspan", max: HTMLTableGrid.maxRowSpan)
                // rowspan="0" spans to the end of the table; no span runs past it.
                if rs == 1, LibXMLNode.hasAttribute(td, "rowspan"), LibXMLNode.attribute(td, "rowspan")?.trimmingCharacters(in: .whitespaces) == "0" { rs = trs.count - r }
                rs = min(rs, trs.count - r)
                scratch.removeAll()
                HTMLTree.collectText(td, into: &scratch, depth: 0)
                cells.append(Cell(text: scratch.collapsed(), row: r, column: col, rowSpan: rs, columnSpan: cs, node: td))
                cellCount += 1
                let end = min(col + cs, HTMLTableGrid.trackedWidth)
                if end > busyUntil.count { busyUntil += [Int](repeating: -1, count: end - busyUntil.count) }
                if col < end { for c in col..<end { busyUntil[c] = r + rs - 1 } }
                col += cs
            }
            while col < busyUntil.count, busyUntil[col] >= r { col += 1 }
            width = max(width, col)
            rows.append(cells)
        }
        self.rows = rows
        self.width = width
    }

    /// A span attribute as the HTML standard parses it: leading digits, 1 when missing or 0,
    /// clamped to `max`.
    static func span(_ td: xmlNodePtr, _ name: String, max: Int) -> Int {
        guard LibXMLNode.hasAttribute(td, name), let raw = LibXMLNode.attribute(td, name) else { return 1 }
        let digits = raw.trimmingCharacters(in: .whitespaces).prefix { $0.isASCII && $0.isNumber }.prefix(6)
        guard let n = Int(digits), n > 0 else { return 1 }
        return Swift.min(n, max)
    }

    /// The table's own rows: `<tr>` children of the table or of its thead/tbody/tfoot, never
    /// those of a nested table.
    static func rowElements(_ table: xmlNodePtr) -> [xmlNodePtr] {
        var out: [xmlNodePtr] = []
        for c in LibXMLNode.elements(table) {
            let kind = HTMLElement.of(c)
            if kind.contains(.row) {
                out.append(c)
            } else if kind.contains(.rowGroup) {
                out += LibXMLNode.elements(c).filter { HTMLElement.of($0).contains(.row) }
            }
        }
        return out
    }

    /// A cell's text: nested `<p>`, `<span>`, `<font>`, `<br>` flattened, white space collapsed
    /// (`&nbsp;` alone is an empty cell), scripts and hidden elements left out.
    static func cellText(_ td: xmlNodePtr) -> String {
        var raw = CellText.Collector()
        HTMLTree.collectText(td, into: &raw, depth: 0)
        return raw.collapsed()
    }

    /// A table of links — ten rows or more, at least half of them holding a link, no cell with
    /// more than 300 bytes of text — is navigation (a site's lists of related documents), never
    /// a standard table: its rows and cells are counted, but its text is read only if it turns
    /// out to be inside the report. A page's chrome is mostly such tables. nil for any other
    /// table. (No long cell means the walk would have kept it as a table, as it does now.)
    static func navigationShape(_ table: xmlNodePtr) -> (rows: Int, cells: Int)? {
        let trs = rowElements(table)
        guard trs.count >= 10 else { return nil }
        var linked = 0, cells = 0
        for tr in trs {
            var hasLink = false
            var child = tr.pointee.children
            while let td = child {
                child = td.pointee.next
                guard HTMLElement.of(td).contains(.cell) else { continue }
                cells += 1
                var bytes = 0
                guard scan(td, depth: 0, bytes: &bytes, link: &hasLink), bytes <= 300 else { return nil }
            }
            if hasLink { linked += 1 }
        }
        return linked * 2 >= trs.count ? (trs.count, cells) : nil
    }

    /// Adds the bytes of the text under `n` and notes a link (`<a href>`); false past 300 bytes.
    private static func scan(_ n: xmlNodePtr, depth: Int, bytes: inout Int, link: inout Bool) -> Bool {
        guard depth < HTMLTree.maxDepth else { return false }
        var c = n.pointee.children
        while let x = c {
            c = x.pointee.next
            switch x.pointee.type {
            case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                if let p = x.pointee.content { bytes += strlen(UnsafeRawPointer(p).assumingMemoryBound(to: CChar.self)) }
                if bytes > 300 { return false }
            case XML_ELEMENT_NODE:
                if HTMLTree.isLink(x) { link = true }
                if !scan(x, depth: depth + 1, bytes: &bytes, link: &link) { return false }
            default:
                break
            }
        }
        return true
    }

    /// Whether the table has a table inside it: then it lays out a page, it holds no data.
    static func containsTable(_ n: xmlNodePtr, depth: Int = 0) -> Bool {
        guard depth < HTMLTree.maxDepth else { return false }
        var c = n.pointee.children
        while let x = c {
            if x.pointee.type == XML_ELEMENT_NODE, HTMLElement.of(x).contains(.table) || containsTable(x, depth: depth + 1) { return true }
            c = x.pointee.next
        }
        return false
    }

    /// The grid as recogniser tokens, one per cell, its row the grid row, its location the
    /// cell's XPath (while the page's document is alive).
    var tokens: [GridToken] {
        let xpaths = XPathBuilder()
        return rows.flatMap { $0.map { GridToken($0.text, row: $0.row, location: .path(xpaths.path($0.node))) } }
    }
}
