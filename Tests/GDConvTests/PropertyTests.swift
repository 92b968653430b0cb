import Foundation
import Testing
@testable import GDConvKit
@testable import GDConvCore
@testable import GDConvModel

/// read(write(r)) == r over generated reports: random values, both templates, every layout the
/// text reader supports. Each case names its seed so a failure can be replayed.
@Suite("Generated reports")
struct PropertyTests {
    static let cases: [(UInt64, Template, SyntheticReport.Layout)] = {
        var out: [(UInt64, Template, SyntheticReport.Layout)] = []
        var seed: UInt64 = 1
        for t in Template.official {
            for l in SyntheticReport.Layout.lossless {
                for _ in 0..<6 { out.append((seed, t, l)); seed += 1 }
            }
        }
        return out
    }()

    static var seeds: [UInt64] { cases.map(\.0) }

    static func generated(_ seed: UInt64) -> SyntheticReport {
        let c = cases.first { $0.0 == seed }!
        return SyntheticReport(seed: seed, template: c.1, layout: c.2)
    }

    @Test("the reader recovers every generated value and the metadata", arguments: seeds)
    func readRecoversValues(_ seed: UInt64) throws {
        let g = PropertyTests.generated(seed)
        let r = try readText(g.text)
        let expected = g.values.mapValues { FactsWriter.value(CellReading(text: $0)) }
        #expect(factValues(r.report) == expected, "seed \(seed) (\(g.template.rawValue), \(g.layout.rawValue))")
        #expect(r.report.metadata.template == g.template, "seed \(seed)")
        #expect(r.report.metadata.agency == g.metadata.agency, "seed \(seed)")
        #expect(r.report.metadata.year == g.metadata.year, "seed \(seed)")
        #expect(r.report.metadata.published == g.metadata.published, "seed \(seed)")
        #expect(r.report.isComplete, "seed \(seed)")
        #expect(r.report.sections.map(\.kind) == [.overview, .active, .requests, .litigation, .problems, .other], "seed \(seed)")
    }

    @Test("read(write(r)) == r through text and through JSON", arguments: seeds)
    func writeReadIsIdentity(_ seed: UInt64) throws {
        let g = PropertyTests.generated(seed)
        let r = try readText(g.text).report
        // JSON is lossless: the whole model comes back.
        #expect(try readJSON(writeJSON(r)) == r, "seed \(seed)")
        // Text: pipe rows come back byte for byte; other layouts come back as the canonical
        // layout with the same fields, and the canonical text is a fixed point.
        let text = TextWriter().render(r)
        if g.layout == .pipeRows { #expect(text == g.text, "seed \(seed)") }
        let back = try readText(text).report
        #expect(factValues(back) == factValues(r), "seed \(seed)")
        #expect(back.metadata == r.metadata, "seed \(seed)")
        #expect(TextWriter().render(back) == text, "seed \(seed)")
    }
}

/// `CellText.collapse` works on UTF-8 bytes for speed; this pins it to the rule as written on
/// scalars (a run of white space is one space, or nothing when it holds a line break between
/// two characters that are not ASCII letters or digits; trimmed).
@Suite("Cell text white space")
struct CellTextCollapseTests {
    static func reference(_ s: String) -> String {
        func isSpace(_ u: Unicode.Scalar) -> Bool {
            [0x20, 0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x85, 0xA0, 0x1680, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000, 0xFEFF, 0x200B].contains(u.value)
                || (0x2000...0x200A).contains(u.value)
        }
        func word(_ u: Unicode.Scalar?) -> Bool { u.map { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0)) } ?? false }
        var out = String.UnicodeScalarView()
        var last: Unicode.Scalar? = nil
        var space = false, lineBreak = false
        for u in s.unicodeScalars {
            if isSpace(u) {
                space = true
                if u == "\u{2028}" || u == "\n" || u == "\r" { lineBreak = true }
                continue
            }
            if space, last != nil, !lineBreak || (word(last) && word(u)) { out.append(" ") }
            space = false
            lineBreak = false
            out.append(u)
            last = u
        }
        return String(out)
    }

    @Test("the byte-level collapse equals the rule on scalars, over 20,000 random strings")
    func collapseMatchesReference() {
        let alphabet: [String] = [" ", "\t", "\n", "\r", "\u{2028}", "\u{3000}", "\u{A0}", "\u{200B}", "\u{FEFF}", "\u{2003}", "\u{85}",
                                  "a", "Z", "0", "9", "-", "|", "本", "年", "（", "）", "é", "𠀀", "🙂", "\u{0301}"]
        var rng = SyntheticReport.RNG(state: 42)
        for _ in 0..<20_000 {
            let s = (0..<Int(rng.next() % 12)).map { _ in alphabet[Int(rng.next() % UInt64(alphabet.count))] }.joined()
            #expect(CellText.collapse(s) == CellTextCollapseTests.reference(s), "\(s.unicodeScalars.map { String($0.value, radix: 16) })")
        }
    }

    @Test("wrapped labels join, numbers on two lines stay two")
    func examples() {
        #expect(CellText.collapse("本年新\u{2028} 制作数量") == "本年新制作数量")
        #expect(CellText.collapse(" 0\n0 ") == "0 0")
        #expect(CellText.collapse("\u{3000}\u{3000}一、总体情况\u{A0}") == "一、总体情况")
        #expect(CellText.collapse("行政 许可") == "行政 许可")
    }
}

/// Dates are scanned on scalars; pinned to the regular expression they replace, on random text.
@Suite("Dates in text")
struct DateScanTests {
    static let regex = try! NSRegularExpression(pattern: #"((?:19|20)\d{2})\s*[年\-/.]\s*(\d{1,2})\s*[月\-/.]\s*(\d{1,2})\s*日?"#)

    static func reference(_ s: String) -> String? {
        let ns = s as NSString
        guard let m = regex.firstMatch(in: s, range: NSRange(location: 0, length: ns.length)) else { return nil }
        let y = ns.substring(with: m.range(at: 1)), mo = Int(ns.substring(with: m.range(at: 2))) ?? 0, d = Int(ns.substring(with: m.range(at: 3))) ?? 0
        guard (1...12).contains(mo), (1...31).contains(d) else { return nil }
        return String(format: "%@-%02d-%02d", y, mo, d)
    }

    @Test("the scan finds what the regular expression finds, over 30,000 random strings")
    func scanMatchesRegex() {
        let pieces = ["19", "20", "2021", "1999", "0", "1", "2", "3", "9", "12", "31", "年", "月", "日", "-", "/", ".", " ", "\u{3000}",
                      "\t", "\u{B}", "\u{85}", "\u{A0}", "１", "٣", "a", "发布时间:", "（", "）", "123"]
        var rng = SyntheticReport.RNG(state: 7)
        for _ in 0..<30_000 {
            let s = (0..<rng.int(0...12)).map { _ in pieces[rng.int(0...(pieces.count - 1))] }.joined()
            #expect(MetadataExtractor.date(in: s) == DateScanTests.reference(s), "\(s.unicodeScalars.map { String($0.value, radix: 16) })")
        }
        #expect(MetadataExtractor.date(in: "发布时间：2021年1月22日") == "2021-01-22")
        #expect(MetadataExtractor.date(in: "2021-01-22 09:30") == "2021-01-22")
        #expect(MetadataExtractor.date(in: "2021-13-01, 2021-01-02") == nil, "the first match decides")
    }
}

/// `LabelNormalizer.normalize` works on UTF-8 bytes for speed; this pins it to the rule as it is
/// written on scalars (`normalizeScalars`: NFKC when a compatibility character needs it, white
/// space and zero-width characters dropped, quotes unified to `"`, `，` `、` `,` to `、`).
@Suite("Label normalisation")
struct LabelNormalizerTests {
    static func reference(_ s: String) -> String { LabelNormalizer.normalizeScalars(s) }

    @Test("the byte-level normalisation equals the rule on scalars, over 30,000 random strings")
    func normalizeMatchesReference() {
        let alphabet: [String] = [" ", "\t", "\n", "\r", "\u{85}", "\u{A0}", "\u{1680}", "\u{2003}", "\u{200B}", "\u{200F}", "\u{2028}",
                                  "\u{202F}", "\u{205F}", "\u{3000}", "\u{FEFF}", "\u{201C}", "\u{201D}", "\u{201E}", "\u{2033}", "「", "」",
                                  "'", "\u{2018}", "\u{2019}", "\"", ",", "，", "、", "＂", "＇", "（", "）", "１", "Ａ", "～", "｟", "ｶ",
                                  "①", "㈠", "⺀", "﹐", "²", "¼", "丽", "a", "0", "-", "|", "本", "年", "é", "e\u{301}", "𠀀", "🙂", "ß"]
        var rng = SyntheticReport.RNG(state: 11)
        for _ in 0..<30_000 {
            let s = (0..<rng.int(0...10)).map { _ in alphabet[rng.int(0...(alphabet.count - 1))] }.joined()
            #expect(LabelNormalizer.normalize(s) == LabelNormalizerTests.reference(s), "\(s.unicodeScalars.map { String($0.value, radix: 16) })")
            #expect(LabelNormalizer.normalize(s).utf8.elementsEqual(LabelNormalizerTests.reference(s).utf8))
        }
        #expect(LabelNormalizer.normalize("（一）予以公开") == "(一)予以公开")
        #expect(LabelNormalizer.normalize("“三安全一稳定”，其他") == "\"三安全一稳定\"、其他")
        #expect(LabelNormalizer.normalize("\u{3000}本年 新收\u{200B}１２Ａ") == "本年新收12A")
        #expect(LabelNormalizer.normalize("①项") == "1项")
    }
}

/// Numbers are rejected early when an ideograph outside the units appears; these pin the cells
/// on both sides of that test.
@Suite("Number cells")
struct NumberCellTests {
    @Test("a label that starts with a digit is text; numbers with their units still read")
    func ideographsOutsideUnitsAreNoNumber() {
        #expect(CellReading.parseNumber("1.属于国家秘密") == nil)
        #expect(CellReading.parseNumber("3年") == nil)
        #expect(CellReading.parseNumber("12万元")?.unit == "万元")
        #expect(CellReading.parseNumber("12 万元")?.literal == "12")
        #expect(CellReading.parseNumber("１,２３４.５亿元")?.literal == "1234.5")
        #expect(CellReading.parseNumber("-7件")?.literal == "-7")
        #expect(CellReading.parseNumber("5家")?.unit == "家")
    }

    @Test("a count in 人次 reads as a number: the unit 次 was tried first and left 3人 behind")
    func longestUnitIsTriedFirst() {
        #expect(CellReading.parseNumber("3人次")?.literal == "3")
        #expect(CellReading.parseNumber("３ 人次")?.unit == "人次")
        #expect(CellReading.parseNumber("12次")?.unit == "次")
    }
}

/// Columns in diagnostics count Characters; `characterCount` decides most texts on bytes.
@Suite("Character counts")
struct CharacterCountTests {
    @Test("characterCount equals count over 30,000 random strings, combining marks and CR LF among them")
    func characterCountMatchesCount() {
        let alphabet: [String] = ["a", " ", "\t", "\r", "\n", "\r\n", "|", "0", "本", "年", "（", "）", "，", "、", "\u{3000}", "\u{302A}",
                                  "\u{302E}", "\u{3099}", "あ", "ｶ", "\u{FF9E}", "“", "”", "—", "…", "é", "e", "\u{301}", "\u{200D}",
                                  "\u{200B}", "👍", "\u{1F3FB}", "🇨", "🇳", "ᄀ", "ᅡ", "한", "\u{0E33}", "\u{0600}", "𠀀", "\u{FEFF}"]
        var rng = SyntheticReport.RNG(state: 5)
        for _ in 0..<30_000 {
            let s = (0..<rng.int(0...10)).map { _ in alphabet[rng.int(0...(alphabet.count - 1))] }.joined()
            #expect(s.characterCount == s.count, "\(s.unicodeScalars.map { String($0.value, radix: 16) })")
        }
    }
}

/// A title's year is found by a scan; pinned to the expression it stands in for.
@Suite("Years in titles")
struct YearScanTests {
    @Test("the scan answers as the expression (19|20)\\d{2}年 does, over 30,000 random strings")
    func scanMatchesExpression() {
        let pieces = ["19", "20", "2021", "1999", "0", "1", "2", "9", "年", "年度", "报告", "政府", "１", "２０", "٣", "a", " ", "（", "）",
                      "\u{301}", "é", "〇", "\r", "\n"]
        let extractor = MetadataExtractor()
        var rng = SyntheticReport.RNG(state: 19)
        var decided = 0
        for _ in 0..<30_000 {
            let s = (0..<rng.int(0...9)).map { _ in pieces[rng.int(0...(pieces.count - 1))] }.joined()
            let expression = extractor.firstYear(s, pattern: #"(19|20)\d{2}年"#)
            if let scanned = MetadataExtractor.scanYear(s) {
                decided += 1
                #expect(scanned == expression, "\(s.unicodeScalars.map { String($0.value, radix: 16) })")
            }
        }
        #expect(decided > 10_000, "the scan decides the common texts")
        #expect(MetadataExtractor.scanYear("平潭综合实验区2021年政府信息公开工作年度报告") == .some(2021))
        #expect(MetadataExtractor.scanYear("20２１年") == .some(nil))
    }
}
