import Foundation
import Testing
@testable import GDConvKit
@testable import GDConvText
@testable import GDConvHTML
import GDConvEncoding
@testable import GDConvJSON
@testable import GDConvCore

/// The pipe-row tokenizer cuts lines on bytes; this pins it to the rule it replaced, written
/// on strings: a cell's `before` is the previous cell's trailing white space, the `|`, and its
/// own leading white space (the head before the first); its column is the sum of the pieces'
/// character counts before it.
@Suite("Pipe lines on bytes")
struct PipeLineTests {
    static func reference(_ line: String) -> (cells: [(text: String, before: String, column: Int)], end: String) {
        func isSpace(_ u: Unicode.Scalar) -> Bool { u.isTrimmable }
        let segs = line.unicodeScalars.split(separator: "|", omittingEmptySubsequences: false).map { String(String.UnicodeScalarView($0)) }
        func parts(_ s: String) -> (String, String, String) {
            let u = Array(s.unicodeScalars)
            var a = 0, z = u.count
            while a < z, isSpace(u[a]) { a += 1 }
            while z > a, isSpace(u[z - 1]) { z -= 1 }
            func str(_ r: Range<Int>) -> String { String(String.UnicodeScalarView(u[r])) }
            return (str(0..<a), str(a..<z), str(z..<u.count))
        }
        func blank(_ s: String) -> Bool { s.unicodeScalars.allSatisfy(isSpace) }
        var head = "", tail = ""
        var first = 0, last = segs.count
        if segs.count > 1, blank(segs[0]) { head = segs[0] + "|"; first = 1 }
        if last - first > 1, blank(segs[last - 1]) { tail = "|" + segs[last - 1]; last -= 1 }
        var out: [(String, String, Int)] = []
        var pending = head
        var col = head.count + 1
        var lastTrail = ""
        for seg in segs[first..<last] {
            var (lead, text, trail) = parts(seg)
            if text.isEmpty { lead = seg; trail = "" }
            out.append((text, pending + lead, col + lead.count))
            col += lead.count + text.count + trail.count + 1
            pending = trail + "|"
            lastTrail = trail
        }
        return (out, lastTrail + tail)
    }

    @Test("cells, before, columns and end equal the string rule over 20,000 random lines")
    func pipeCellsMatchReference() {
        let pieces = ["|", "|", " | ", " ", "\t", "\u{3000}", "\u{A0}", "行政许可", "0", "12", "—", "（一）", "e\u{301}", "\u{301}", "🇨🇳", "a", "\u{FEFF}", "、"]
        var rng = SyntheticReport.RNG(state: 23)
        for _ in 0..<20_000 {
            let line = (0..<rng.int(1...9)).map { _ in pieces[rng.int(0...(pieces.count - 1))] }.joined()
            guard line.unicodeScalars.contains("|") else { continue }
            let got = TableRegionTokenizer.pipeCells(line)
            let want = PipeLineTests.reference(line)
            #expect(got.cells.map(\.text) == want.cells.map(\.text), "\(line.debugDescription)")
            #expect(got.cells.map(\.before) == want.cells.map(\.before), "\(line.debugDescription)")
            #expect(got.cells.map(\.column) == want.cells.map(\.column), "\(line.debugDescription)")
            #expect(got.end == want.end, "\(line.debugDescription)")
        }
        let example = TableRegionTokenizer.pipeCells("| 行政许可 | 0 |  |")
        #expect(example.cells.map(\.column) == [3, 10, 15])
        #expect(example.cells.map(\.before) == ["| ", " | ", " |  "])
        #expect(example.end == "|")
    }
}

/// Hidden cells are found by their `style` on bytes; pinned to the rule on strings.
@Suite("Hidden styles on bytes")
struct HiddenStyleTests {
    static func reference(_ style: String) -> Bool {
        let s = String(String.UnicodeScalarView(style.lowercased().unicodeScalars.filter { !$0.isTrimmable }))
        return s.includes("display:none") || s.includes("visibility:hidden")
    }

    @Test("hidesByStyle equals the string rule over 30,000 random styles")
    func styleMatchesReference() {
        let pieces = ["display", "DISPLAY", "Display", ":", " ", "\t", "\u{3000}", "\u{A0}", "none", "NONE", "visibility", "hidden", "Hidden",
                      ";", "color:red", "dİsplay", "İ", "\u{212A}", "é", "ｄｉｓｐｌａｙ", "\u{FEFF}", "d", "isplay", "-", "n", "one", "display:none", "visibility: hidden", "display :\u{3000}none"]
        var rng = SyntheticReport.RNG(state: 31)
        var hidden = 0
        for _ in 0..<30_000 {
            let s = (0..<rng.int(0...6)).map { _ in pieces[rng.int(0...(pieces.count - 1))] }.joined()
            let want = HiddenStyleTests.reference(s)
            if want { hidden += 1 }
            #expect(HTMLTree.hidesByStyle(s) == want, "\(s.debugDescription)")
        }
        #expect(hidden > 100, "the strings exercise both answers")
        #expect(HTMLTree.hidesByStyle("COLOR: red; Display : None"))
        #expect(!HTMLTree.hidesByStyle("display:block"))
    }
}

/// Pages are validated as UTF-8 by a word-at-a-time scan; pinned to the standard library's.
@Suite("UTF-8 validation")
struct UTF8ValidationTests {
    @Test("the scan accepts exactly what String(validating:) accepts, over 50,000 random byte strings")
    func validationMatchesStandardLibrary() {
        let pieces: [[UInt8]] = [[0x41], [0x3C, 0x70, 0x3E], Array("abcdefgh".utf8), Array("本年".utf8), [0xC2, 0x80], [0xC1, 0xBF], [0xE0, 0x9F, 0x80],
                                 [0xE0, 0xA0, 0x80], [0xED, 0x9F, 0xBF], [0xED, 0xA0, 0x80], [0xEF, 0xBF, 0xBF], [0xF0, 0x8F, 0x80, 0x80],
                                 [0xF0, 0x90, 0x80, 0x80], [0xF4, 0x8F, 0xBF, 0xBF], [0xF4, 0x90, 0x80, 0x80], [0xF5, 0x80, 0x80, 0x80],
                                 [0x80], [0xBF], [0xC2], [0xE4, 0xB8], [0xF0, 0x9F, 0x99], [0xFF], [0xFE], [0x00], [0x7F]]
        var rng = SyntheticReport.RNG(state: 47)
        var valid = 0
        for _ in 0..<50_000 {
            let bytes = (0..<rng.int(0...7)).flatMap { _ in pieces[rng.int(0...(pieces.count - 1))] }
            let want = String(validating: bytes, as: UTF8.self) != nil
            if want { valid += 1 }
            #expect(bytes.withUnsafeBufferPointer { UTF8Validation.isValid($0) } == want, "\(bytes.map { String($0, radix: 16) })")
        }
        #expect(valid > 1_000 && valid < 49_000, "both answers are exercised")
    }
}

/// A request group's last word is cut on bytes; pinned to `split(separator: " ").last`.
@Suite("Group words on bytes")
struct GroupWordTests {
    @Test("lastWord equals split(separator:).last over 20,000 random group labels")
    func lastWordMatchesSplit() {
        let pieces = [" ", "  ", "三、本年度办理结果", "（三）不予公开", "a", "\u{301}", " \u{301}", "é", "\u{3000}", "（六）其他处理"]
        var rng = SyntheticReport.RNG(state: 53)
        for _ in 0..<20_000 {
            let g = (0..<rng.int(0...5)).map { _ in pieces[rng.int(0...(pieces.count - 1))] }.joined()
            #expect(GroupCores.lastWord(g) == g.split(separator: " ").last.map(String.init), "\(g.debugDescription)")
        }
    }
}

/// The JSON emitter owns its buffer; finishing hands the bytes over and frees it.
@Suite("JSON emitter memory")
struct JSONEmitterMemoryTests {
    @Test("a finished emitter owns no memory: finishing allocated a byte that leaked once per document")
    func finishingReleasesTheBuffer() {
        var e = JSONEmitter(pretty: true, capacity: 8)
        e.beginObject()
        e.key("text"); e.string(String(repeating: "本年新收", count: 40))
        e.endObject()
        #expect(e.ownsMemory)
        let bytes = e.finish()
        #expect(!e.ownsMemory)
        #expect(String(decoding: bytes, as: UTF8.self).hasPrefix("{\n  \"text\": \"本年新收"))
    }
}

/// A line's leading white space, text and trailing white space are cut on bytes; pinned to the
/// rule on scalars (space, tab, non-ASCII white space or BOM; `#`s then a space are leading).
@Suite("Line parts on bytes")
struct LinePartsTests {
    static func reference(_ line: String, markdown: Bool) -> [String] {
        let u = Array(line.unicodeScalars)
        let blank: (Unicode.Scalar) -> Bool = { $0 == " " || $0 == "\t" || ($0.value > 0x7F && ($0.isWhiteSpace || $0.value == 0xFEFF)) }
        var lead = u.prefix(while: blank).count
        if markdown {
            let hashes = u[lead...].prefix(while: { $0 == "#" }).count
            if hashes > 0, lead + hashes < u.count, u[lead + hashes] == " " {
                lead += hashes
                lead += u[lead...].prefix(while: blank).count
            }
        }
        let trail = u[lead...].reversed().prefix(while: blank).count
        let piece = { (r: Range<Int>) in String(String.UnicodeScalarView(u[r])) }
        return [piece(0..<lead), piece(lead..<(u.count - trail)), piece((u.count - trail)..<u.count)]
    }

    @Test("parts equal the scalar rule over 20,000 random lines, with and without markdown marks")
    func partsMatchReference() {
        let pieces = [" ", "\t", "\u{3000}", "\u{A0}", "\u{FEFF}", "\u{85}", "\u{B}", "#", "##", "# ", "本年", "a", "é", "\u{301}", "|", "0"]
        var rng = SyntheticReport.RNG(state: 61)
        for _ in 0..<20_000 {
            let s = (0..<rng.int(0...7)).map { _ in pieces[rng.int(0...(pieces.count - 1))] }.joined()
            for markdown in [true, false] {
                let p = SourceLine(index: 0, content: s, terminator: "").parts(stripMarkdown: markdown)
                #expect([p.leading, p.text, p.trailing].map { Array($0.utf8) } == LinePartsTests.reference(s, markdown: markdown).map { Array($0.utf8) }, "\(s.debugDescription)")
            }
        }
    }
}

/// `trimmed` decides on the end scalars' bytes whether anything is to be cut; pinned to
/// trimming the scalars.
@Suite("Trimming on bytes")
struct TrimmingTests {
    @Test("trimmed equals cutting the white-space scalars at both ends, over 20,000 random strings")
    func trimmedMatchesScalars() {
        let pieces = [" ", "\t", "\n", "\r", "\u{B}", "\u{1}", "\u{7F}", "\u{85}", "\u{A0}", "\u{3000}", "\u{2003}", "\u{FEFF}", "\u{200B}",
                      "a", "本", "年", "é", "\u{301}", "🙂", "1"]
        var rng = SyntheticReport.RNG(state: 67)
        for _ in 0..<20_000 {
            let s = (0..<rng.int(0...6)).map { _ in pieces[rng.int(0...(pieces.count - 1))] }.joined()
            let u = Array(s.unicodeScalars)
            let lead = u.prefix(while: \.isTrimmable).count
            let trail = u[lead...].reversed().prefix(while: \.isTrimmable).count
            let want = String(String.UnicodeScalarView(u[lead..<(u.count - trail)]))
            #expect(Array(s.trimmed.utf8) == Array(want.utf8), "\(s.debugDescription)")
        }
    }
}
