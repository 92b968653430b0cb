import GDConvLibXML
internal import CLibXML2

/// What the reader needs to know about an element, decided from its name's bytes.
///
/// A page of site chrome has thousands of elements and each is asked several questions (is it
/// skipped? a block? a table row?); making a Swift `String` of every name and hashing it into a
/// `Set` was a tenth of an HTML conversion. libxml2's HTML parser lower-cases element names, so
/// the bytes compare exactly.
struct HTMLElement: OptionSet {
    let rawValue: UInt16

    /// Content that is never report text (`script`, `style`, `nav`, form controls …).
    static let skipped = HTMLElement(rawValue: 1 << 0)
    /// Starts a new line of prose.
    static let block = HTMLElement(rawValue: 1 << 1)
    static let table = HTMLElement(rawValue: 1 << 2)
    /// `thead`, `tbody`, `tfoot`: rows inside them are the table's own.
    static let rowGroup = HTMLElement(rawValue: 1 << 3)
    static let row = HTMLElement(rawValue: 1 << 4)
    /// `td` or `th`.
    static let cell = HTMLElement(rawValue: 1 << 5)
    static let meta = HTMLElement(rawValue: 1 << 6)
    static let body = HTMLElement(rawValue: 1 << 7)
    static let title = HTMLElement(rawValue: 1 << 8)
    /// Cannot be the report's box: when the anchors meet in one of these (a single table, a
    /// heading, an inline element), the report is its parent.
    static let notAContainer = HTMLElement(rawValue: 1 << 9)
    /// `a`.
    static let link = HTMLElement(rawValue: 1 << 10)

    /// Element names and what they are. The single source of these lists for the reader.
    static let names: [(String, HTMLElement)] = {
        var kinds: [String: HTMLElement] = [:]
        for n in ["head", "title", "script", "style", "noscript", "template", "iframe", "frame", "frameset", "object", "embed",
                  "svg", "math", "select", "option", "button", "input", "textarea", "nav", "audio", "video", "canvas", "map",
                  "link", "meta"] { kinds[n, default: []].insert(.skipped) }
        for n in ["p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd", "section", "article",
                  "header", "footer", "aside", "main", "blockquote", "pre", "center", "address", "hr", "table", "thead", "tbody",
                  "tfoot", "tr", "td", "th", "caption", "figure", "figcaption", "form", "fieldset", "legend", "br", "body", "html"] {
            kinds[n, default: []].insert(.block)
        }
        for n in ["table", "thead", "tbody", "tfoot", "tr", "p", "h1", "h2", "h3", "h4", "h5", "h6", "caption", "a", "b",
                  "strong", "em", "i", "u", "sup", "sub", "label", "span", "li"] { kinds[n, default: []].insert(.notAContainer) }
        kinds["table", default: []].insert(.table)
        kinds["a", default: []].insert(.link)
        for n in ["thead", "tbody", "tfoot"] { kinds[n, default: []].insert(.rowGroup) }
        kinds["tr", default: []].insert(.row)
        for n in ["td", "th"] { kinds[n, default: []].insert(.cell) }
        kinds["meta", default: []].insert(.meta)
        kinds["body", default: []].insert(.body)
        kinds["title", default: []].insert(.title)
        return kinds.map { ($0.key, $0.value) }
    }()

    /// Names of at most eight bytes packed into one word (little-endian), sorted, with their
    /// kinds beside them; the two longer names are compared as bytes.
    private static let packed: (names: [UInt64], kinds: [HTMLElement]) = {
        let short = names.filter { $0.0.utf8.count <= 8 }.map { (pack(Array($0.0.utf8)), $0.1) }.sorted { $0.0 < $1.0 }
        return (short.map(\.0), short.map(\.1))
    }()
    private static let long: [([UInt8], HTMLElement)] = names.filter { $0.0.utf8.count > 8 }.map { (Array($0.0.utf8), $0.1) }

    private static func pack(_ bytes: [UInt8]) -> UInt64 {
        var v: UInt64 = 0
        for (i, b) in bytes.enumerated() { v |= UInt64(b) << (8 * UInt64(i)) }
        return v
    }

    /// What `n` is; empty for elements the reader treats as plain inline markup, and for
    /// anything that is not an element.
    static func of(_ n: xmlNodePtr) -> HTMLElement {
        guard n.pointee.type == XML_ELEMENT_NODE, let name = n.pointee.name else { return [] }
        var v: UInt64 = 0
        var i = 0
        while name[i] != 0 {
            if i == 8 { return ofLong(name) }
            v |= UInt64(name[i]) << (8 * UInt64(i))
            i += 1
        }
        let table = packed
        var lo = 0, hi = table.names.count
        while lo < hi {
            let mid = (lo + hi) &>> 1
            if table.names[mid] < v { lo = mid + 1 } else { hi = mid }
        }
        return lo < table.names.count && table.names[lo] == v ? table.kinds[lo] : []
    }

    private static func ofLong(_ name: UnsafePointer<UInt8>) -> HTMLElement {
        for (bytes, kind) in long {
            var k = 0
            while k < bytes.count, name[k] == bytes[k] { k += 1 }
            if k == bytes.count, name[k] == 0 { return kind }
        }
        return []
    }
}
