import Foundation
import GDConvCore

/// Script and style contents emptied before parsing.
///
/// A served page carries tens of kilobytes of inline scripts and style sheets, which libxml2
/// reads character by character into text nodes that the reader then skips (they are never
/// report text). Emptying them first leaves the same tree for everything the reader looks at,
/// at a fraction of the parse. The scan follows libxml2's own rules, so it never empties what
/// libxml2 would have read as markup: comments, `<!…>` and `<?…>` are passed over; a start tag's
/// attributes are read as libxml2 reads them (a quote opens a value only after `=`); an end tag
/// runs to the next `>`; `<script/>` is an empty element; the content runs to the first `</`
/// followed by the element's name in any case (libxml2 in recovery mode), or to the end of the
/// page. Where libxml2's reading depends on the open elements — content that starts with an end
/// tag, or ends at `</scripts` rather than a whole `</script>` — the element is left as it is.
/// Line breaks are kept, so the line numbers of everything after are unchanged.
/// `HTMLTests.emptyingScriptsAndStylesLeavesTheSameReport` compares the two readings.
enum HTMLRawText {
    /// The page with its script and style contents emptied; nil when there were none.
    static func emptied(_ page: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        guard let base = page.baseAddress else { return nil }
        let n = page.count
        var out: [UInt8]? = nil
        var copied = 0          // bytes of `page` before this are already in `out`
        // Read once here: a static's lazy-initialisation check ran for every tag of the page.
        let script = HTMLRawText.script, style = HTMLRawText.style
        var i = 0
        func at(_ k: Int) -> UInt8 { k < n ? page[k] : 0 }
        func find(_ needle: StaticString, from: Int) -> Int? { UTF8Bytes.firstOffset(of: needle, in: page, from: from) }
        while i < n {
            guard let p = memchr(base + i, 0x3C, n - i) else { break }
            i = base.distance(to: p.assumingMemoryBound(to: UInt8.self))
            let next = at(i + 1)
            if next == 0x21, at(i + 2) == 0x2D, at(i + 3) == 0x2D {                 // <!-- … -->
                guard let end = find("-->", from: i + 4) else { break }
                i = end + 3
                continue
            }
            if next == 0x21 || next == 0x3F {                                         // <!…> <?…>
                guard let end = find(">", from: i + 2) else { break }
                i = end + 1
                continue
            }
            if next == 0x2F {
                // An end tag: its name, then (libxml2 recovering) everything to the next `>`.
                var k = i + 2
                guard isNameStart(at(k)) else { i = k; continue }
                while k < n, isNameByte(page[k]) { k += 1 }
                while k < n, isBlank(page[k]) { k += 1 }
                if at(k) != 0x3E {
                    guard let gt = memchr(base + k, 0x3E, n - k) else { break }
                    k = base.distance(to: gt.assumingMemoryBound(to: UInt8.self))
                }
                i = k + 1
                continue
            }
            guard isNameStart(next) else { i += 1; continue }
            // A start tag: its name, then its attributes as libxml2 reads them (a quote opens a
            // value only right after `=`; anything else runs to a blank or the tag's end).
            var j = i + 1
            while j < n, isNameByte(page[j]) { j += 1 }
            let name = isNamed(script, base + i + 1, j - i - 1) ? script : isNamed(style, base + i + 1, j - i - 1) ? style : nil
            var k = j
            var empty = false
            while k < n {
                let c = page[k]
                if c == 0x3E { break }
                if c == 0x2F, at(k + 1) == 0x3E { empty = true; k += 1; break }
                if isBlank(c) { k += 1; continue }
                if isNameStart(c) {
                    while k < n, isNameByte(page[k]) { k += 1 }
                    while k < n, isBlank(page[k]) { k += 1 }
                    guard at(k) == 0x3D else { continue }
                    k += 1
                    while k < n, isBlank(page[k]) { k += 1 }
                    let q = at(k)
                    if q == 0x22 || q == 0x27 {
                        k += 1
                        guard let close = memchr(base + k, Int32(q), n - k) else { k = n; break }
                        k = base.distance(to: close.assumingMemoryBound(to: UInt8.self)) + 1
                    } else {
                        while k < n, !isBlank(page[k]), page[k] != 0x3E { k += 1 }
                    }
                } else {
                    // A bogus attribute: dropped up to a blank or the tag's end.
                    while k < n, !isBlank(page[k]), page[k] != 0x3E, !(page[k] == 0x2F && at(k + 1) == 0x3E) { k += 1 }
                }
            }
            guard k < n else { break }
            i = k + 1
            guard !empty, let name else { continue }
            // Content that starts with an end tag is left to libxml2: it reads that tag first,
            // and whether it closes the element depends on the open elements.
            if at(i) == 0x3C, at(i + 1) == 0x2F { continue }
            // The content runs to the first `</name` in any case (libxml2 in recovery mode),
            // or to the end of the page. Only a whole end tag (`</script>`, `</style >`) is
            // taken: after `</scripts` libxml2 drops that tag and reads on as script.
            var end = n
            var s = i
            var whole = true
            while let lt = find("</", from: s) {
                if lt + 2 + name.count <= n, isNamed(name, base + lt + 2, name.count) {
                    let after = at(lt + 2 + name.count)
                    whole = after == 0x3E || after == 0x2F || isBlank(after) || lt + 2 + name.count == n
                    end = lt
                    break
                }
                s = lt + 2
            }
            guard whole else { continue }
            if end > i {
                if out == nil { out = []; out!.reserveCapacity(n) }
                out!.append(contentsOf: UnsafeBufferPointer(rebasing: page[copied..<i]))
                for c in page[i..<end] where c == 0x0A { out!.append(c) }
                copied = end
            }
            i = end
        }
        guard var result = out else { return nil }
        result.append(contentsOf: UnsafeBufferPointer(rebasing: page[copied..<n]))
        return result
    }

    /// Whether the `count` bytes at `p` are `name` in any case.
    private static func isNamed(_ name: [UInt8], _ p: UnsafePointer<UInt8>, _ count: Int) -> Bool {
        guard count == name.count else { return false }
        for k in 0..<count where (p[k] >= 0x41 && p[k] <= 0x5A ? p[k] | 0x20 : p[k]) != name[k] { return false }
        return true
    }

    private static let script = Array("script".utf8)
    private static let style = Array("style".utf8)

    private static func isBlank(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D }

    /// What a tag or attribute name may start with in libxml2: a letter, `_`, `:` or `.`.
    private static func isNameStart(_ c: UInt8) -> Bool {
        let l = c | 0x20
        return (l >= 0x61 && l <= 0x7A) || c == 0x5F || c == 0x3A || c == 0x2E
    }

    /// Bytes of a tag name as libxml2 reads it (letters, digits, `:`, `-`, `_`, `.`).
    private static func isNameByte(_ c: UInt8) -> Bool {
        let l = c | 0x20
        return (l >= 0x61 && l <= 0x7A) || (c >= 0x30 && c <= 0x39) || c == 0x3A || c == 0x2D || c == 0x5F || c == 0x2E
    }
}
