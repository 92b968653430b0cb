import Foundation
import GDConvLibXML
internal import CLibXML2

/// What the reader knows about HTML elements.
enum HTMLTree {
    /// Deeper nesting than this is read as plain text: no report needs it, and recursion over
    /// a hostile page must stay bounded.
    static let maxDepth = 200

    /// Elements whose content is never report text.
    static let skipped: Set<String> = [
        "head", "title", "script", "style", "noscript", "template", "iframe", "frame", "frameset", "object", "embed",
        "svg", "math", "select", "option", "button", "input", "textarea", "nav", "audio", "video", "canvas", "map", "link", "meta",
    ]

    /// Elements that start a new line of prose.
    static let blocks: Set<String> = [
        "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd", "section", "article", "header",
        "footer", "aside", "main", "blockquote", "pre", "center", "address", "hr", "table", "thead", "tbody", "tfoot", "tr",
        "td", "th", "caption", "figure", "figcaption", "form", "fieldset", "legend", "br", "body", "html",
    ]

    /// Whether an element is hidden from readers of the page (share widgets, print-only copies).
    static func isHidden(_ n: xmlNodePtr) -> Bool {
        if LibXMLNode.attribute(n, "hidden") != nil { return true }
        guard let style = LibXMLNode.attribute(n, "style") else { return false }
        let s = String(String.UnicodeScalarView(style.lowercased().unicodeScalars.filter { !$0.isTrimmable }))
        return s.includes("display:none") || s.includes("visibility:hidden")
    }

    /// Appends the text under `n`: `<br>` and block edges become line breaks, skipped and
    /// hidden elements are left out.
    static func collectText(_ n: xmlNodePtr, into out: inout String, depth: Int) {
        var c = n.pointee.children
        while let x = c {
            switch x.pointee.type {
            case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                out += LibXMLNode.text(x)
            case XML_ELEMENT_NODE:
                let name = LibXMLNode.name(x)
                if skipped.contains(name) || isHidden(x) { break }
                let block = blocks.contains(name)
                if block { out.append(HTMLText.lineBreak) }
                if depth < maxDepth { collectText(x, into: &out, depth: depth + 1) } else { out += LibXMLNode.text(x) }
                if block { out.append(HTMLText.lineBreak) }
            default:
                break
            }
            c = x.pointee.next
        }
    }
}
