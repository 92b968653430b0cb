import Foundation

/// Infers title, agency, year and publication date from a report's prose. No template defines
/// them, so this follows the practice the golden files document: the signature first, then the
/// title, then the contact sentence, then the subject of the first sentence.
public struct MetadataExtractor: Sendable {
    public init() {}

    /// `front` are the lines before the first heading, `body` all section lines in order.
    public func extract(front: [String], body: [String]) -> Metadata {
        var m = Metadata()
        let all = front + body
        m.title = title(in: front) ?? title(in: Array(body.prefix(3)))
        m.published = published(front: front, body: body)
        m.agency = agency(title: m.title, front: front, body: body)
        m.year = year(title: m.title, all: all, published: m.published)
        return m
    }

    /// The first line that reads as a report title (政府信息公开…报告, 2020年报).
    public func title(in lines: [String]) -> String? {
        // Every title this accepts holds 报 (报告, 年度报, 年报), in its line or in the next one
        // when wrapped, and nothing normalises into 报: lines without it are passed over before
        // the costly normalisation (a web page has hundreds of navigation lines).
        let bao = "报"
        var holdsBao = lines.first?.includes(bao) ?? false
        for (i, l) in lines.enumerated() {
            let thisHolds = holdsBao
            holdsBao = i + 1 < lines.count && lines[i + 1].includes(bao)
            guard thisHolds || holdsBao else { continue }
            var t = stripMarkup(l)
            var n = t.normalizedLabel
            // A title wrapped over two lines (PDF extractions): `…政府信息公开` / `工作年度报告`.
            if n.includes("政府信息公开") || n.includes("政务公开"), !n.includes("报告"), i + 1 < lines.count {
                let next = stripMarkup(lines[i + 1])
                let nn = next.normalizedLabel
                if nn.startsWithBytes("工作") || nn.startsWithBytes("年度报告") || nn.startsWithBytes("报告"), (n + nn).scalarCount <= 60 {
                    t += next
                    n += nn
                }
            }
            guard n.count <= 60, !n.includes(">"), !MetadataExtractor.isSentence(n) else { continue }
            if n.includes("政府信息公开"), n.includes("报告") || n.includes("年度报") { return t }
            if MetadataExtractor.hasYearBefore("年报", in: n) { return t }
        }
        return nil
    }

    /// Whether `s` holds `(19|20)\d{2}` right before `suffix` (`2020年报`), by bytes: the
    /// regular expression this replaces was compiled anew for every line of a page.
    static func hasYearBefore(_ suffix: String, in s: String) -> Bool {
        let b = Array(s.utf8), n = Array(suffix.utf8)
        guard b.count >= n.count + 4, n.count > 0 else { return false }
        func digit(_ x: UInt8) -> Bool { x >= 0x30 && x <= 0x39 }
        for i in 4...(b.count - n.count) where b[i] == n[0] && b[i..<(i + n.count)].elementsEqual(n) {
            let y = b[(i - 4)..<i]
            if y.allSatisfy(digit), (y[i - 4] == 0x31 && y[i - 3] == 0x39) || (y[i - 4] == 0x32 && y[i - 3] == 0x30) { return true }
        }
        return false
    }

    /// A line of prose, never a title: it cites (根据《…》), addresses the reader (现将…), or has
    /// a sentence's punctuation.
    static func isSentence(_ n: String) -> Bool {
        for mark in ["根据", "现将", "，", "。", "；", ";"] where n.includes(mark) { return true }
        if let open = n.byteOffset(of: "《"), open > 0 { return true }
        return false
    }

    /// The line without markdown marks and without the chrome archives and viewers put before a
    /// title: `标题:` (a crawler's metadata block), `Page 9 - ` (a flipbook page).
    func stripMarkup(_ l: String) -> String {
        var s = l.trimmed
        while s.hasPrefix("#") { s.removeFirst() }
        s = s.trimmed
        for prefix in ["标题:", "标题：", "题名:", "题名："] where s.hasPrefix(prefix) {
            s = String(s.dropFirst(prefix.count)).trimmed
        }
        if s.hasPrefix("Page ") || s.hasPrefix("page ") {
            let rest = s.dropFirst(5)
            let digits = rest.prefix { $0.isASCII && $0.isNumber }
            let after = rest.dropFirst(digits.count).trimmingCharacters(in: .whitespaces)
            if !digits.isEmpty, let dash = after.first, "-–—:".contains(dash) {
                s = String(after.dropFirst()).trimmed
            }
        }
        return s
    }

    // MARK: dates

    /// The first date in `s` (`2021年1月22日`, `2021-01-22 09:30`) as `YYYY-MM-DD`: the leftmost
    /// match of `((?:19|20)\d{2})\s*[年\-/.]\s*(\d{1,2})\s*[月\-/.]\s*(\d{1,2})\s*日?` as ICU reads
    /// it (`\d` any decimal digit, `\s` tab to carriage return and Unicode's separators), nil when
    /// that match is no valid month and day; a test pins it to the expression. Scanned on scalars: an
    /// NSRegularExpression match cost more than the rest of a line's metadata checks.
    public static func date(in s: String) -> String? {
        // Every match starts with ASCII 19 or 20.
        guard s.utf8.count >= 8, s.includes("19") || s.includes("20") else { return nil }
        let u = Array(s.unicodeScalars)
        func digit(_ k: Int) -> Bool { k < u.count && u[k].properties.generalCategory == .decimalNumber }
        func space(_ k: Int) -> Bool {
            guard k < u.count else { return false }
            switch u[k].value {
            case 0x09...0x0D: return true
            default:
                let c = u[k].properties.generalCategory
                return c == .spaceSeparator || c == .lineSeparator || c == .paragraphSeparator
            }
        }
        func separator(_ k: Int, _ word: Unicode.Scalar) -> Bool {
            k < u.count && (u[k] == word || u[k] == "-" || u[k] == "/" || u[k] == ".")
        }
        /// From `i`: white space, a separator (`word`, `-`, `/` or `.`), white space, then one
        /// or two digits — their range (a third digit makes the next separator fail).
        func part(from i: Int, after word: Unicode.Scalar) -> Range<Int>? {
            var k = i
            while space(k) { k += 1 }
            guard separator(k, word) else { return nil }
            k += 1
            while space(k) { k += 1 }
            let first = k
            while digit(k), k - first < 2 { k += 1 }
            return k > first ? first..<k : nil
        }
        for start in 0..<u.count {
            guard start + 4 <= u.count else { break }
            guard (u[start] == "1" && u[start + 1] == "9") || (u[start] == "2" && u[start + 1] == "0"), digit(start + 2), digit(start + 3),
                  let month = part(from: start + 4, after: "年"), let day = part(from: month.upperBound, after: "月") else { continue }
            func text(_ r: Range<Int>) -> String { String(String.UnicodeScalarView(u[r])) }
            let mo = Int(text(month)) ?? 0, d = Int(text(day)) ?? 0
            guard (1...12).contains(mo), (1...31).contains(d) else { return nil }
            func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
            return "\(text(start..<(start + 4)))-\(two(mo))-\(two(d))"
        }
        return nil
    }

    func published(front: [String], body: [String]) -> String? {
        // 发布时间/发布日期/时间: in the page chrome.
        for l in front + body.prefix(4) {
            let n = l.normalizedLabel
            if let at = n.byteOffset(of: "发布时间") ?? n.byteOffset(of: "发布日期") ?? n.byteOffset(of: "时间:") ?? n.byteOffset(of: "成文日期") {
                if let d = MetadataExtractor.date(in: String(decoding: n.utf8.dropFirst(at), as: UTF8.self)) { return d }
            }
        }
        // A signature date: a short line that is only a date, near the end.
        for l in body.suffix(6).reversed() {
            let n = l.normalizedLabel.trimmingCharacters(in: CharacterSet(charactersIn: "()"))
            if n.count <= 14, let d = MetadataExtractor.date(in: n), n.hasSuffix("日") { return d }
        }
        // A date line under the title: （2026年1月23日）.
        for l in front {
            let n = l.normalizedLabel.trimmingCharacters(in: CharacterSet(charactersIn: "()"))
            if n.count <= 14, let d = MetadataExtractor.date(in: n), n.hasSuffix("日") { return d }
        }
        return nil
    }

    // MARK: agency

    static let agencySuffixes = ["人民政府办公室", "人民政府", "办公室", "办事处", "委员会", "局", "厅", "委", "办", "乡", "镇", "街道", "中心", "院", "所", "署", "会"]

    /// Whether a name ends like an agency (…局, …人民政府, …街道) and is nothing else.
    public func looksLikeAgency(_ s: String) -> Bool { looksLikeAgency(s, areas: false) }

    /// `areas`: also an administrative area's name (…区, …县, …市, …州, …旗), which names a
    /// government only where a title says it publishes the report.
    func looksLikeAgency(_ s: String, areas: Bool) -> Bool {
        let n = s.normalizedLabel
        guard (2...30).contains(n.count), !n.includes("年"), !n.hasPrefix("我"), !n.hasPrefix("本") else { return false }
        guard n.unicodeScalars.allSatisfy({ $0.properties.isIdeographic || "()".unicodeScalars.contains($0) }) else { return false }
        if areas, n.count >= 3, ["区", "县", "市", "州", "旗"].contains(where: { n.hasSuffix($0) }) { return true }
        return MetadataExtractor.agencySuffixes.contains { n.hasSuffix($0) }
    }

    func agency(title: String?, front: [String], body: [String]) -> String? {
        // Signature: an agency line followed by a date line, at the end.
        let tail = Array(body.suffix(6))
        for (i, l) in tail.enumerated().reversed() where i + 1 < tail.count {
            let next = tail[i + 1].normalizedLabel
            if MetadataExtractor.date(in: next) != nil, next.count <= 14, looksLikeAgency(l.trimmed) { return l.trimmed }
        }
        // A page's metadata block names the publisher (`发布机构: 审计局`).
        for l in front.prefix(12) {
            let n = l.normalizedLabel
            for label in ["发布机构:", "发文机关:", "发布单位:"] where n.startsWithBytes(label) {
                let name = String(n.dropFirst(label.count))
                if looksLikeAgency(name) { return name }
            }
        }
        if let t = title {
            var n = t.replacingOccurrences(of: " ", with: "")
            if let r = n.range(of: #"^(19|20)\d{2}年度?"#, options: .regularExpression), let g = n.range(of: "政府信息公开") ?? n.range(of: "政务公开"), r.upperBound < g.lowerBound {
                // `2024年上海市科委政府信息公开工作年度报告`: the name follows the year.
                n = String(n[r.upperBound..<g.lowerBound])
            } else if let r = n.range(of: #"(19|20)\d{2}年"#, options: .regularExpression) { n = String(n[..<r.lowerBound]) } else if let r = n.range(of: "政府信息公开") {
                n = String(n[..<r.lowerBound])
            } else if let r = n.range(of: "年报_") {
                n = String(n[r.upperBound...])
            }
            n = n.trimmingCharacters(in: CharacterSet(charactersIn: "《》\"“”_-—: "))
            if let r = n.range(of: "年报_") { n = String(n[r.upperBound...]) }
            if looksLikeAgency(n) { return n }
            if let r = t.range(of: "年报_") {
                let rest = String(t[r.upperBound...]).trimmed
                if looksLikeAgency(rest) { return rest }
            }
        }
        let text = (front + body).joined(separator: "\n")
        // 请与XX办公室联系 / 请联系XX办公室.
        if let r = text.range(of: #"请(与|联系)[^，。,\n]{2,24}?办公室"#, options: .regularExpression) {
            var s = String(text[r]).replacingOccurrences(of: "请与", with: "").replacingOccurrences(of: "请联系", with: "")
            s = String(s.dropLast("办公室".count))
            if looksLikeAgency(s) { return s }
        }
        // The subject of the first sentence: 2022年,区政府办公室认真贯彻…
        let verbs = "认真|紧紧|严格|深入|坚持|全面|积极|高度|始终|持续|不断|切实|扎实"
        if let r = text.range(of: #"(19|20)\d{2}\s*年度?\s*[,，]\s*[^\s,，。、我本]{2,20}?("# + verbs + ")", options: .regularExpression) {
            var s = String(text[r])
            if let c = s.firstIndex(where: { $0 == "," || $0 == "，" }) { s = String(s[s.index(after: c)...]).trimmed }
            for v in verbs.split(separator: "|") where s.hasSuffix(v) { s = String(s.dropLast(v.count)); break }
            if looksLikeAgency(s) { return s }
        }
        // Last, a title that names an administrative area (平潭综合实验区2019年度…): the area's
        // government publishes the report.
        if let t = title?.replacingOccurrences(of: " ", with: ""),
           let r = t.range(of: #"(19|20)\d{2}年"#, options: .regularExpression), r.lowerBound > t.startIndex {
            let n = String(t[..<r.lowerBound]).trimmingCharacters(in: CharacterSet(charactersIn: "《》\"“”_-—: "))
            if looksLikeAgency(n, areas: true) { return n }
        }
        return nil
    }

    // MARK: year

    func firstYear(_ s: String, pattern: String) -> Int? {
        guard let r = s.range(of: pattern, options: .regularExpression) else { return nil }
        let digits = s[r].filter(\.isNumber).prefix(4)
        return Int(String(digits))
    }

    /// `firstYear(s, pattern: #"(19|20)\d{2}年"#)` by a scan on scalars: `.some` with its answer
    /// when every scalar of `s` is its own Character (`String.characterCount`'s fast case, where
    /// scalars and Characters agree), nil when the expression must decide. Compiling the
    /// expression cost more than the rest of a report's metadata. Pinned to the expression by
    /// `YearScanTests`.
    static func scanYear(_ s: String) -> Int?? {
        guard s.utf8.withContiguousStorageIfAvailable({ CharacterCount.isStandalone($0) }) == true else { return nil }
        let u = Array(s.unicodeScalars)
        func decimal(_ x: Unicode.Scalar) -> Bool { x.properties.generalCategory == .decimalNumber }
        var i = 0
        while i + 4 < u.count {
            let a = u[i], b = u[i + 1]
            if (a == "1" && b == "9") || (a == "2" && b == "0"), decimal(u[i + 2]), decimal(u[i + 3]), u[i + 4] == "年" {
                // The first match decides, as `range(of:)` does; `Int` reads ASCII digits only.
                return .some(Int(String(String.UnicodeScalarView(u[i..<(i + 4)]))))
            }
            i += 1
        }
        return .some(nil)
    }

    func year(title: String?, all: [String], published: String?) -> Int? {
        if let t = title {
            let spaceless = t.replacingOccurrences(of: " ", with: "")
            if let y = MetadataExtractor.scanYear(spaceless) ?? firstYear(spaceless, pattern: #"(19|20)\d{2}年"#) { return y }
        }
        let text = all.joined(separator: "\n").replacingOccurrences(of: " ", with: "")
        if let y = firstYear(text, pattern: #"统计期限[^。\n]{0,12}?(19|20)\d{2}年"#) { return y % 10000 }
        if let y = firstYear(text, pattern: #"(19|20)\d{2}年度?政府信息公开"#) { return y }
        if let y = firstYear(text, pattern: #"(19|20)\d{2}年报"#) { return y }
        if let y = firstYear(text, pattern: #"(19|20)\d{2}年"#) { return y }
        if let p = published, let y = Int(p.prefix(4)) { return y - 1 }
        return nil
    }
}
