import Foundation
import GDConvCore
import GDConvLibXML
internal import CLibXML2

/// A page parsed by libxml2's HTML parser: recovering from broken markup (unclosed cells,
/// stray end tags), never touching the network, entities decoded. The text is handed over as
/// UTF-8 and the page's own charset declaration is ignored: `HTMLCharset` has already decoded it.
final class HTMLPage {
    let doc: htmlDocPtr

    /// `emptyRawText`: script and style contents are emptied before parsing (`HTMLRawText`);
    /// tests turn it off to show the tree is the same either way.
    init(text: String, name: String, emptyRawText: Bool = true) throws {
        var source = HTMLPage.withoutConditionalMarkers(text)
        // The text's own UTF-8 storage is handed to libxml2: no copy of a page of several hundred KB.
        doc = try source.withUTF8 { try HTMLPage.parse($0, name: name, emptyRawText: emptyRawText) }
    }

    /// A page from its bytes, valid UTF-8 without conditional markers (`HTMLCharset.plainUTF8`).
    init(utf8 data: Data, name: String) throws {
        doc = try data.withUnsafeBytes { try HTMLPage.parse($0.bindMemory(to: UInt8.self), name: name, emptyRawText: true) }
    }

    private static func parse(_ buf: UnsafeBufferPointer<UInt8>, name: String, emptyRawText: Bool) throws -> htmlDocPtr {
        LibXML.ensureInitialised()
        guard buf.count < Int(Int32.max) else {
            throw ConversionError.limitExceeded(file: name, message: "the page is larger than 2 GB")
        }
        let options = Int32(HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NONET.rawValue | HTML_PARSE_NOERROR.rawValue
            | HTML_PARSE_NOWARNING.rawValue | HTML_PARSE_IGNORE_ENC.rawValue | HTML_PARSE_COMPACT.rawValue)
        func read(_ buf: UnsafeBufferPointer<UInt8>) -> htmlDocPtr? {
            guard let base = buf.baseAddress else { return nil }
            return base.withMemoryRebound(to: CChar.self, capacity: buf.count) {
                htmlReadMemory($0, Int32(buf.count), name, "UTF-8", options)
            }
        }
        let parsed: htmlDocPtr?
        if emptyRawText, let emptied = HTMLRawText.emptied(buf) { parsed = emptied.withUnsafeBufferPointer(read) } else { parsed = read(buf) }
        guard let parsed else {
            throw ConversionError.malformed(file: name, location: nil, message: "not an HTML page: libxml2 found no document in it")
        }
        return parsed
    }

    deinit { xmlFreeDoc(doc) }

    /// Word's "downlevel-revealed" conditional markers (`<![if !supportLists]>一、<![endif]>`),
    /// which every report exported from Word carries around list numbers: libxml2 would keep them
    /// as text; browsers drop the markers and show what is between them.
    /// Whether the bytes hold `<![`, where a conditional marker would start.
    static func hasConditionalMarkers(_ b: UnsafeBufferPointer<UInt8>) -> Bool { UTF8Bytes.firstOffset(of: "<![", in: b) != nil }

    static func withoutConditionalMarkers(_ text: String) -> String {
        guard text.includes("<![") else { return text }
        return text.replacingOccurrences(of: #"<!\[(?:if[^\]>]*|endif)\]>"#, with: "", options: [.regularExpression, .caseInsensitive])
    }

    var root: xmlNodePtr? { xmlDocGetRootElement(doc) }

    /// The first element of kind `kind` (`.body`, `.title`) in document order.
    func first(_ kind: HTMLElement, under start: xmlNodePtr? = nil, depth: Int = 0) -> xmlNodePtr? {
        guard let start = start ?? root, depth < HTMLTree.maxDepth else { return nil }
        if HTMLElement.of(start).contains(kind) { return start }
        var c = start.pointee.children
        while let x = c {
            if x.pointee.type == XML_ELEMENT_NODE, let f = first(kind, under: x, depth: depth + 1) { return f }
            c = x.pointee.next
        }
        return nil
    }

    /// `<meta name=… content=…>` pairs, names lower-cased (`articletitle`, `pubdate`,
    /// `contentsource`, `og:title` …); the first of each name wins.
    func metaTags() -> [String: String] {
        var out: [String: String] = [:]
        guard let root else { return out }
        // Meta tags live in <head>; some CMSs print them in the body too, so every element is
        // looked at, in document order, down to depth 63. A walk along the tree's own links:
        // a recursive visit through a closure cost more per node than the test itself.
        var node = root, depth = 0
        while true {
            if HTMLElement.of(node).contains(.meta), let k = LibXMLNode.attribute(node, "name") ?? LibXMLNode.attribute(node, "property"),
               let v = LibXMLNode.attribute(node, "content") {
                let key = k.lowercased().trimmingCharacters(in: .whitespaces)
                let value = HTMLText.collapse(v)
                if out[key] == nil, !value.isEmpty { out[key] = value }
            }
            if depth < 63, let child = HTMLPage.elementSibling(from: node.pointee.children) {
                node = child
                depth += 1
                continue
            }
            while true {
                if node == root { return out }
                if let next = HTMLPage.elementSibling(from: node.pointee.next) { node = next; break }
                guard let parent = node.pointee.parent else { return out }
                node = parent
                depth -= 1
            }
        }
    }

    /// The first element node from `n` on along the sibling links.
    private static func elementSibling(from n: xmlNodePtr?) -> xmlNodePtr? {
        var c = n
        while let x = c {
            if x.pointee.type == XML_ELEMENT_NODE { return x }
            c = x.pointee.next
        }
        return nil
    }

    /// The text of `<title>`.
    var documentTitle: String? {
        guard let t = first(.title) else { return nil }
        let s = HTMLText.collapse(LibXMLNode.text(t))
        return s.isEmpty ? nil : s
    }
}
