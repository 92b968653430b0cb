import Foundation
import GDConvCore
import GDConvLibXML
internal import CLibXML2

/// The report inside a government web page: its prose lines and tables in reading order, with
/// the site's navigation, headers, footers and side bars left out.
///
/// The report is found by what it contains, not by the site's class names (every CMS names its
/// article box differently): the section headings (一、总体情况 …) and the standard tables are
/// anchors, and the report is the smallest element holding all of them.
struct HTMLArticle {
    enum Item {
        case paragraph(String, location: SourceLocation?)
        case table(HTMLTableGrid)
    }

    /// What the report says, in order.
    var items: [Item]
    /// The article heading when it sits outside the report's element (a page title bar), or
    /// comes only from the page's meta tags or `<title>`; nil when the report's own first
    /// lines hold it.
    var detachedTitle: String?
    /// `<meta name=… content=…>`, names lower-cased.
    var meta: [String: String]
    /// Where the report was found (an XPath), for the reader's note.
    var rootPath: String
    /// How many prose lines and tables of the page were left out as site chrome.
    var skippedItems: Int

    /// Reads the page's report; stops with the budget's error when its tables hold more cells
    /// than `budget.gridCells` (a 100-column table of 20,000 rows must not fill memory).
    init(_ page: HTMLPage, budget: ResourceBudget = ResourceBudget(maxInputBytes: 64 << 20), file: String = "-") throws {
        meta = page.metaTags()
        let body = page.first(.body) ?? page.root
        let walker = Linearizer(maxCells: budget.gridCells)
        if let body { walker.walk(body, depth: 0) }
        if walker.cells > budget.gridCells {
            throw budget.exceeded(file, "the page's tables hold more than \(budget.gridCells) cells")
        }
        walker.flush()
        let entries = walker.entries

        let isAnchor = entries.map { e in
            switch e.content {
            case .item(.paragraph(let t, _)): return SectionHeading.detect(t) != nil
            case .item(.table(let g)): return HTMLArticle.holdsStandardLabels(g)
            case .navigationTable: return false
            }
        }
        let anchors = zip(entries, isAnchor).filter(\.1).map(\.0.node)
        var root = HTMLArticle.commonAncestor(anchors) ?? body
        while let r = root, HTMLElement.of(r).contains(.notAContainer), let p = r.pointee.parent, p.pointee.type == XML_ELEMENT_NODE {
            root = p
        }
        var inside: [Linearizer.Entry] = []
        var insideIsAnchor: [Bool] = []
        for (e, a) in zip(entries, isAnchor) where root.map({ HTMLArticle.isDescendant(e.node, of: $0) }) ?? true {
            inside.append(e)
            insideIsAnchor.append(a)
        }
        if let r = root { inside = HTMLArticle.withoutChromeBlocks(inside, isAnchor: insideIsAnchor, root: r) }
        // Navigation tables inside the report are laid out now, as the walk would have.
        items = inside.compactMap { e in
            switch e.content {
            case .item(let item): return item
            case .navigationTable:
                let grid = HTMLTableGrid(e.node)
                return grid.rows.allSatisfy({ $0.allSatisfy { $0.text.isEmpty } }) ? nil : .table(grid)
            }
        }
        skippedItems = entries.count - inside.count
        rootPath = root.map(HTMLArticle.describe) ?? "/"

        // The heading: in the report's own lines before its first section, else a title line
        // of the page before the report, else the meta tags, else <title>.
        let extractor = MetadataExtractor()
        var frontLines: [String] = []
        for item in items {
            guard case .paragraph(let t, _) = item else { continue }
            if SectionHeading.detect(t) != nil { break }
            frontLines.append(t)
        }
        if extractor.title(in: frontLines) != nil {
            detachedTitle = nil
        } else {
            let firstInside = inside.first.map(\.node)
            var before: [String] = []
            for e in entries {
                if let f = firstInside, e.node == f { break }
                if case .item(.paragraph(let t, _)) = e.content { before.append(t) }
            }
            let titleTag = page.documentTitle.map { t in
                t.components(separatedBy: CharacterSet(charactersIn: "_|｜-—–")).map(\.trimmed)
            } ?? []
            detachedTitle = extractor.title(in: before.reversed())
                ?? [meta["articletitle"], meta["og:title"], meta["title"]].compactMap { $0 }.first { extractor.title(in: [$0]) != nil }
                ?? extractor.title(in: titleTag)
                ?? meta["articletitle"]
        }
    }

    /// Whether at least three cells of a table are labels of the standard tables (a standard
    /// table, or part of one). Stops counting at three.
    static func holdsStandardLabels(_ g: HTMLTableGrid) -> Bool {
        var n = 0
        // One copy of the matcher for the table, not one per cell.
        let matcher = LabelMatcher.shared
        for row in g.rows {
            // Every standard label has a CJK character; cells without one (dates, numbers,
            // Latin) are not looked up.
            for c in row where !c.text.isEmpty && c.text.utf8.contains(where: { $0 >= 0xE3 }) && (c.text.utf8.count <= 80 || c.text.unicodeScalars.count <= 80) {
                if matcher.match(c.text, template: .unknown, groupContext: nil) != nil {
                    n += 1
                    if n >= 3 { return true }
                }
            }
        }
        return false
    }

    /// An element as a person finds it in the page source: its XPath, with its id and classes.
    static func describe(_ n: xmlNodePtr) -> String {
        var tag = LibXMLNode.name(n)
        if let id = LibXMLNode.attribute(n, "id"), !id.isEmpty { tag += "#" + id }
        if let cls = LibXMLNode.attribute(n, "class") { tag += cls.split(separator: " ").map { "." + $0 }.joined() }
        return "\(LibXMLNode.path(n)) (\(tag))"
    }

    static func ancestors(_ n: xmlNodePtr) -> [xmlNodePtr] {
        var chain: [xmlNodePtr] = []
        var c: xmlNodePtr? = n
        while let x = c, x.pointee.type == XML_ELEMENT_NODE {
            chain.append(x)
            c = x.pointee.parent
        }
        return chain.reversed()
    }

    static func commonAncestor(_ nodes: [xmlNodePtr]) -> xmlNodePtr? {
        guard let first = nodes.first else { return nil }
        var common = ancestors(first)
        for n in nodes.dropFirst() {
            let chain = ancestors(n)
            var k = 0
            while k < common.count, k < chain.count, common[k] == chain[k] { k += 1 }
            common.removeLast(common.count - k)
        }
        return common.last
    }

    static func isDescendant(_ n: xmlNodePtr, of root: xmlNodePtr) -> Bool {
        var c: xmlNodePtr? = n
        while let x = c {
            if x == root { return true }
            c = x.pointee.parent
        }
        return false
    }

    /// Walks the page in reading order. Text between block edges and `<br>`s is one prose
    /// line; a table without tables inside is a data table; a table that lays out the page is
    /// read as blocks.
    final class Linearizer {
        struct Entry {
            enum Content {
                case item(Item)
                /// A table of links (see `navigationRows`): its grid is laid out only if it
                /// turns out to be inside the report; it is never one of the report's anchors.
                case navigationTable(rows: Int)
            }
            var content: Content
            var node: xmlNodePtr

            init(item: Item, node: xmlNodePtr) { content = .item(item); self.node = node }
            init(navigationTable node: xmlNodePtr, rows: Int) { content = .navigationTable(rows: rows); self.node = node }
        }

        private(set) var entries: [Entry] = []
        private var buffer = CellText.Collector()
        private var bufferNode: xmlNodePtr?
        /// Cells of the tables laid out so far; the walk stops past `maxCells`.
        private(set) var cells = 0
        let maxCells: Int

        init(maxCells: Int) { self.maxCells = maxCells }

        func walk(_ n: xmlNodePtr, depth: Int) {
            var c = n.pointee.children
            while let x = c, cells <= maxCells {
                defer { c = x.pointee.next }
                switch x.pointee.type {
                case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                    if bufferNode == nil { bufferNode = n }
                    HTMLTree.appendText(of: x, to: &buffer)
                case XML_ELEMENT_NODE:
                    let kind = HTMLElement.of(x)
                    if kind.contains(.skipped) || HTMLTree.isHidden(x) { continue }
                    if depth >= HTMLTree.maxDepth {
                        if bufferNode == nil { bufferNode = n }
                        buffer.append(LibXMLNode.text(x))
                        continue
                    }
                    if kind.contains(.table), !HTMLTableGrid.containsTable(x) {
                        if let nav = HTMLTableGrid.navigationShape(x) {
                            cells += nav.cells
                            flush()
                            entries.append(Entry(navigationTable: x, rows: nav.rows))
                            continue
                        }
                        let grid = HTMLTableGrid(x, maxCells: maxCells - cells)
                        cells += grid.cellCount
                        if Linearizer.holdsData(grid) {
                            flush()
                            if !grid.rows.allSatisfy({ $0.allSatisfy { $0.text.isEmpty } }) {
                                entries.append(Entry(item: .table(grid), node: x))
                            }
                            continue
                        }
                    }
                    if kind.contains(.block) {
                        flush()
                        walk(x, depth: depth + 1)
                        flush()
                    } else {
                        walk(x, depth: depth + 1)
                    }
                default:
                    break
                }
            }
        }

        /// A table that holds long prose in a cell wraps the page's text rather than data,
        /// unless it carries the standard labels.
        static func holdsData(_ g: HTMLTableGrid) -> Bool {
            // Characters counted only where the bytes could hold more than 300.
            let longCell = g.rows.contains { $0.contains { $0.text.utf8.count > 300 && $0.text.count > 300 } }
            return !longCell || holdsStandardLabels(g)
        }

        func flush() {
            let t = buffer.collapsed()
            if !t.isEmpty, let node = bufferNode {
                entries.append(Entry(item: .paragraph(t, location: .line(Int(xmlGetLineNo(node)))), node: node))
            }
            buffer.removeAll()
            bufferNode = nil
        }
    }
}
