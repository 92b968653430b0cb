import GDConvCore
import GDConvLibXML
internal import CLibXML2

extension HTMLArticle {
    /// The report's box can hold site chrome too: a page whose report is written straight into
    /// `<body>` (or into a column shared with a link list) makes that element the smallest one
    /// holding every anchor, navigation and "related documents" tables included.
    ///
    /// The box's children are taken as blocks in order. The report runs from the block of its
    /// first anchor to the block of its last, and on over neighbouring blocks (the title before,
    /// the closing prose and signature after) until a block of navigation: ten lines or rows or
    /// more, at least half of them links. Blocks between anchors are always kept.
    static func withoutChromeBlocks(_ entries: [Linearizer.Entry], isAnchor: [Bool], root: xmlNodePtr) -> [Linearizer.Entry] {
        guard let firstAnchor = isAnchor.firstIndex(of: true), let lastAnchor = isAnchor.lastIndex(of: true) else { return entries }
        // Blocks: runs of entries under the same child of the box (nil: text right in the box).
        var blockOf: [Int] = []
        var blocks: [(child: xmlNodePtr?, lines: Int)] = []
        for e in entries {
            let child = childOfRoot(holding: e.node, root: root)
            let lines: Int
            switch e.content {
            case .item(.table(let g)): lines = g.rows.count
            case .navigationTable(let rows): lines = rows
            case .item(.paragraph): lines = 1
            }
            if let last = blocks.last, last.child == child, child != nil {
                blocks[blocks.count - 1].lines += lines
            } else {
                blocks.append((child, lines))
            }
            blockOf.append(blocks.count - 1)
        }
        func isNavigation(_ b: Int) -> Bool {
            guard let child = blocks[b].child, blocks[b].lines >= 10 else { return false }
            return links(under: child, depth: 0) * 2 >= blocks[b].lines
        }
        var start = blockOf[firstAnchor], end = blockOf[lastAnchor]
        while start > 0, !isNavigation(start - 1) { start -= 1 }
        while end + 1 < blocks.count, !isNavigation(end + 1) { end += 1 }
        return zip(entries, blockOf).filter { (start...end).contains($0.1) }.map(\.0)
    }

    /// The child of `root` that holds `n`; nil when `n` is `root` itself or not under it.
    static func childOfRoot(holding n: xmlNodePtr, root: xmlNodePtr) -> xmlNodePtr? {
        var c = n
        while c != root {
            guard let p = c.pointee.parent else { return nil }
            if p == root { return c }
            c = p
        }
        return nil
    }

    /// Links (`<a href>`) under `n`.
    static func links(under n: xmlNodePtr, depth: Int) -> Int {
        guard depth < HTMLTree.maxDepth else { return 0 }
        var count = 0
        var c = n.pointee.children
        while let x = c {
            if x.pointee.type == XML_ELEMENT_NODE {
                if HTMLTree.isLink(x) { count += 1 }
                count += links(under: x, depth: depth + 1)
            }
            c = x.pointee.next
        }
        return count
    }
}
