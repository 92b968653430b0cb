import Foundation
import GDConvCore
package import CLibXML2

/// libxml2 must be initialised once, before any thread uses it (tests and bulk runs are
/// multi-threaded); every module that calls libxml2 goes through here first.
public enum LibXML {
    static let initialised: Bool = {
        xmlInitParser()
        return true
    }()

    public static func ensureInitialised() { _ = initialised }
}

/// Collects libxml2's structured errors (and keeps libxml2 quiet on stderr).
package final class XMLErrorSink {
    package struct Problem { package let line: Int; package let column: Int; package let message: String }
    package var problems: [Problem] = []

    package static let handler: xmlStructuredErrorFunc = { ctx, err in
        guard let ctx, let err else { return }
        let sink = Unmanaged<XMLErrorSink>.fromOpaque(ctx).takeUnretainedValue()
        let msg = err.pointee.message.map { String(cString: $0).trimmingCharacters(in: .whitespacesAndNewlines) } ?? "XML error"
        sink.problems.append(Problem(line: Int(err.pointee.line), column: Int(err.pointee.int2), message: msg))
    }

    package init() { LibXML.ensureInitialised() }

    package var context: UnsafeMutableRawPointer { Unmanaged.passUnretained(self).toOpaque() }

    /// Runs `body` with this sink installed as libxml2's structured error handler.
    package func capturing<T>(_ body: () throws -> T) rethrows -> T {
        xmlSetStructuredErrorFunc(context, XMLErrorSink.handler)
        defer { xmlSetStructuredErrorFunc(nil, nil) }
        return try body()
    }
}

/// A parsed libxml2 document, freed with its owner. Not Sendable: libxml2 trees are not.
package final class XMLDocumentHandle {
    package let doc: xmlDocPtr

    package init(_ doc: xmlDocPtr) { self.doc = doc }
    deinit { xmlFreeDoc(doc) }

    /// Parses untrusted bytes: no network, no DTD loading, no entity substitution.
    package static func parse(_ data: Data, name: String, sink: XMLErrorSink) -> XMLDocumentHandle? {
        sink.capturing {
            data.withUnsafeBytes { raw -> XMLDocumentHandle? in
                guard let base = raw.bindMemory(to: CChar.self).baseAddress else { return nil }
                guard let d = xmlReadMemory(base, Int32(raw.count), name, nil, gdconv_xml_safe_options()) else { return nil }
                return XMLDocumentHandle(d)
            }
        }
    }

    package var root: xmlNodePtr? { xmlDocGetRootElement(doc) }
    package var hasDTD: Bool { doc.pointee.intSubset != nil || doc.pointee.extSubset != nil }
}

/// Small accessors over libxml2 nodes. Strings returned by libxml2 are copied and freed here.
/// Shared with the HTML reader, which walks libxml2's HTML trees.
package enum LibXMLNode {
    package static func name(_ n: xmlNodePtr) -> String { n.pointee.name.map { String(cString: $0) } ?? "" }

    package static func namespace(_ n: xmlNodePtr) -> String? { n.pointee.ns?.pointee.href.map { String(cString: $0) } }

    package static func attribute(_ n: xmlNodePtr, _ name: String) -> String? {
        guard let v = xmlGetProp(n, name) else { return nil }
        defer { gdconv_xml_free(v) }
        return String(cString: v)
    }

    package static func text(_ n: xmlNodePtr) -> String {
        guard let v = xmlNodeGetContent(n) else { return "" }
        defer { gdconv_xml_free(v) }
        return String(cString: v)
    }

    /// Whether `n` has an attribute called `name`, without copying its value.
    package static func hasAttribute(_ n: xmlNodePtr, _ name: String) -> Bool {
        n.pointee.properties != nil && xmlHasProp(n, name) != nil
    }

    package static func line(_ n: xmlNodePtr) -> Int { Int(xmlGetLineNo(n)) }

    package static func path(_ n: xmlNodePtr) -> String {
        guard let p = xmlGetNodePath(n) else { return "" }
        defer { gdconv_xml_free(p) }
        return String(cString: p)
    }

    /// The element children of `n`, in order.
    package static func elements(_ n: xmlNodePtr) -> [xmlNodePtr] {
        var out: [xmlNodePtr] = []
        var c = n.pointee.children
        while let x = c {
            if x.pointee.type == XML_ELEMENT_NODE { out.append(x) }
            c = x.pointee.next
        }
        return out
    }
}

/// Writes XML through libxml2's xmlTextWriter into memory.
package final class XMLStreamWriter {
    private let buffer: xmlBufferPtr
    private let writer: xmlTextWriterPtr
    package private(set) var failed = false

    package init?() {
        LibXML.ensureInitialised()
        guard let b = xmlBufferCreate() else { return nil }
        guard let w = xmlNewTextWriterMemory(b, 0) else { xmlBufferFree(b); return nil }
        buffer = b
        writer = w
        xmlTextWriterSetIndent(w, 1)
        xmlTextWriterSetIndentString(w, "  ")
    }

    deinit {
        xmlFreeTextWriter(writer)
        xmlBufferFree(buffer)
    }

    private func check(_ rc: Int32) { if rc < 0 { failed = true } }

    package func startDocument() { check(xmlTextWriterStartDocument(writer, "1.0", "UTF-8", nil)) }
    package func start(_ name: String) { check(xmlTextWriterStartElement(writer, name)) }
    package func startNS(_ name: String, uri: String) { check(xmlTextWriterStartElementNS(writer, nil, name, uri)) }
    package func attribute(_ name: String, _ value: String) { check(xmlTextWriterWriteAttribute(writer, name, value)) }
    package func text(_ s: String) { check(xmlTextWriterWriteString(writer, s)) }
    package func end() { check(xmlTextWriterEndElement(writer)) }
    package func element(_ name: String, _ text: String) { start(name); self.text(text); end() }

    /// Finishes the document and returns its bytes.
    package func finish() -> Data? {
        check(xmlTextWriterEndDocument(writer))
        xmlTextWriterFlush(writer)
        guard !failed, let content = buffer.pointee.content else { return nil }
        return Data(bytes: content, count: Int(buffer.pointee.use))
    }
}

/// XPaths exactly as libxml2's `xmlGetNodePath` writes them, for the many cells of one table:
/// `xmlGetNodePath` counts every ancestor's siblings again for each cell, which made a table of
/// 900 rows quadratic. Here each parent's children are numbered once.
package final class XPathBuilder {
    private var paths: [xmlNodePtr: String] = [:]

    package init() {}

    package func path(_ n: xmlNodePtr) -> String {
        if let p = paths[n] { return p }
        guard n.pointee.type == XML_ELEMENT_NODE, n.pointee.ns == nil, let parent = n.pointee.parent,
              parent.pointee.type == XML_ELEMENT_NODE else {
            let p = LibXMLNode.path(n)
            paths[n] = p
            return p
        }
        let base = path(parent)
        // Number all of the parent's element children: `name[k]` when several share the name.
        var kids: [(xmlNodePtr, String)] = []
        var totals: [String: Int] = [:]
        var c = parent.pointee.children
        while let x = c {
            if x.pointee.type == XML_ELEMENT_NODE {
                let name = LibXMLNode.name(x)
                kids.append((x, name))
                totals[name, default: 0] += 1
            }
            c = x.pointee.next
        }
        var seen: [String: Int] = [:]
        for (x, name) in kids {
            seen[name, default: 0] += 1
            paths[x] = totals[name]! > 1 ? "\(base)/\(name)[\(seen[name]!)]" : "\(base)/\(name)"
        }
        return paths[n] ?? LibXMLNode.path(n)
    }
}
