import Foundation
import GDConvCore
import GDConvLibXML
internal import CLibXML2

/// What the reader knows about HTML elements (their kinds are in `HTMLElement`).
enum HTMLTree {
    /// Deeper nesting than this is read as plain text: no report needs it, and recursion over
    /// a hostile page must stay bounded.
    static let maxDepth = 200

    /// Whether an element is a link (`<a href>`): what navigation blocks and tables are made of.
    static func isLink(_ n: xmlNodePtr) -> Bool {
        HTMLElement.of(n).contains(.link) && LibXMLNode.hasAttribute(n, "href")
    }

    /// Whether an element is hidden from readers of the page (share widgets, print-only copies).
    static func isHidden(_ n: xmlNodePtr) -> Bool {
        // Most elements have no attributes at all: no lookup then.
        guard n.pointee.properties != nil else { return false }
        if LibXMLNode.hasAttribute(n, "hidden") { return true }
        guard LibXMLNode.hasAttribute(n, "style"), let style = LibXMLNode.attribute(n, "style") else { return false }
        return hidesByStyle(style)
    }

    /// Whether a `style` attribute holds `display:none` or `visibility:hidden`, ignoring case
    /// and white space. Decided on bytes: ASCII letters lowercased, white space scalars dropped,
    /// any other scalar a byte that matches nothing — no other scalar lowercases into these
    /// ASCII words (İ → i̇ leaves a combining dot after the i). Pinned to the rule on strings
    /// by a test; lowercasing and filtering each style string was most of reading a cell.
    static func hidesByStyle(_ style: String) -> Bool {
        var style = style
        return style.withUTF8 { b in
            var folded: [UInt8] = []
            folded.reserveCapacity(b.count)
            var i = 0
            while i < b.count {
                let c = b[i]
                if c < 0x80 {
                    if !(c == 0x20 || (c >= 0x09 && c <= 0x0D)) { folded.append(c >= 0x41 && c <= 0x5A ? c + 0x20 : c) }
                    i += 1
                    continue
                }
                let (u, len) = UTF8Spaces.scalar(b, at: i)
                if !u.isTrimmable { folded.append(0x80) }
                i += len
            }
            return folded.withUnsafeBufferPointer { f in
                UTF8Bytes.firstOffset(of: "display:none", in: f) != nil || UTF8Bytes.firstOffset(of: "visibility:hidden", in: f) != nil
            }
        }
    }

    /// Appends the text under `n`: `<br>` and block edges become line breaks, skipped and
    /// hidden elements are left out.
    static func collectText(_ n: xmlNodePtr, into out: inout CellText.Collector, depth: Int) {
        var c = n.pointee.children
        while let x = c {
            switch x.pointee.type {
            case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                appendText(of: x, to: &out)
            case XML_ELEMENT_NODE:
                let kind = HTMLElement.of(x)
                if kind.contains(.skipped) || isHidden(x) { break }
                let block = kind.contains(.block)
                if block { out.appendBreak() }
                if depth < maxDepth { collectText(x, into: &out, depth: depth + 1) } else { out.append(LibXMLNode.text(x)) }
                if block { out.appendBreak() }
            default:
                break
            }
            c = x.pointee.next
        }
    }

    /// A text or CDATA node's text, read in place.
    static func appendText(of x: xmlNodePtr, to out: inout CellText.Collector) {
        if let p = x.pointee.content { out.append(cString: p) } else { out.append(LibXMLNode.text(x)) }
    }
}
