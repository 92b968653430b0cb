import Foundation
import Testing
@testable import GDConvCore
@testable import GDConvKit

/// Messages in Chinese under a Chinese locale or `--lang zh`: one catalogue, every entry with
/// both languages, and no line gdconv prints for people left without its Chinese form.
@Suite("Message catalogue", .enabled(if: Paths.sharedIsPresent, "../shared is not beside the clone"))
struct MessageCatalogueTests {
    @Test func everyEntryHasBothLanguagesAndTheSamePlaceholders() {
        for (en, zh) in MessageCatalogue.entries {
            let captures = en.components(separatedBy: "{}").count - 1 + en.components(separatedBy: "{m}").count - 1
            let used = Set((1...max(captures, 1)).filter { zh.contains("{\($0)}") })
            #expect(used.count == captures, "\(en) → \(zh)")
            #expect(zh.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) || (0x3000...0x303F).contains($0.value) || (0xFF00...0xFFEF).contains($0.value) }, "no Chinese in \(zh)")
            // The English side must match itself with sample values.
            var sample = en
            while let r = sample.range(of: "{m}") ?? sample.range(of: "{}") { sample.replaceSubrange(r, with: "X1") }
            #expect(MessageCatalogue.chinese(sample) != nil, "\(en) does not match its own shape")
        }
    }

    static let strictZh = ["LANG": "zh_CN.UTF-8", "LC_ALL": "", "LC_MESSAGES": "", "GDCONV_MESSAGES_STRICT": "1"]

    /// Every line printed while converting the corpus, the samples, the Word/PDF/HTML test files and
    /// the hostile inputs in bulk with -v, checking them, collecting and summing them, and the
    /// usage errors people make, has its Chinese form.
    @Test func noPrintedLineIsLeftUntranslated() throws {
        let root = Paths.root.appendingPathComponent("Tests/GDConvTests")
        let inputs = [Paths.corpus.path, Paths.root.appendingPathComponent("samples").path] +
            ["HTMLPages", "WordDocs", "PDFDocs", "Hostile", "Regressions"].map { root.appendingPathComponent($0).path }
        let out = try tempDir()
        var printed = ""
        let runs: [[String]] = [
            inputs + ["-t", "json", "-d", out.appendingPathComponent("bulk").path, "-v"],
            ["check"] + [Paths.corpus.path, "--all"],
            ["collect", Paths.corpus.path, "-o", out.appendingPathComponent("d.csv").path],
            ["sum", Paths.corpus.appendingPathComponent("005-pingtan-2019.txt").path, Paths.corpus.appendingPathComponent("028-pingtan-2020.txt").path, "-o", out.appendingPathComponent("s.json").path],
            ["sum", Paths.corpus.appendingPathComponent("005-pingtan-2019.txt").path, Paths.corpus.appendingPathComponent("006-pingtan-2021.txt").path],
            ["no-such-report.txt"], [Paths.root.appendingPathComponent("samples").path, "-o", "x.json"],
            [Paths.corpus.appendingPathComponent("seed-luojiang-2020.txt").path, "-t", "bogus"],
            ["--encoding", "FOO", Paths.corpus.appendingPathComponent("seed-luojiang-2020.txt").path],
            ["diff", Paths.corpus.appendingPathComponent("seed-luojiang-2020.txt").path], ["check"],
        ]
        for args in runs {
            let r = try runGDConv(args, environment: Self.strictZh)
            printed += r.out + r.err
        }
        let empty = try runGDConv(["-", "-f", "text"], stdin: Data(), environment: Self.strictZh)
        printed += empty.err
        let gaps = printed.split(separator: "\n").filter { $0.contains("⟦untranslated⟧") }
        #expect(gaps.isEmpty, "\(gaps.prefix(10).joined(separator: "\n"))")
        #expect(printed.contains("警告：") && printed.contains("文件不存在") && printed.contains("份输入"))
    }

    @Test func englishIsTheDefaultAndLangChoosesExplicitly() throws {
        let seed = Paths.corpus.appendingPathComponent("014-xiongxian-township-2019-excerpt.txt").path
        let dir = try tempDir()
        let en = try runGDConv([seed, "-o", dir.appendingPathComponent("a.json").path], environment: ["LANG": "C.UTF-8", "LC_ALL": ""])
        #expect(en.err.contains("warning: [") && !en.err.contains("警告"))
        let zh = try runGDConv(["--lang", "zh", seed, "-o", dir.appendingPathComponent("b.json").path], environment: ["LANG": "C.UTF-8", "LC_ALL": ""])
        #expect(zh.err.contains("警告：[missing-value] 行 规范性文件 只有标签没有数值"))
        let forcedEnglish = try runGDConv(["--lang=en", seed, "-o", dir.appendingPathComponent("c.json").path], environment: ["LANG": "zh_CN.UTF-8", "LC_ALL": ""])
        #expect(!forcedEnglish.err.contains("警告"))
        // Rule ids and field keys stay as they are.
        #expect(zh.err.contains("[STRUCTURE-TABLE]"))
    }

    @Test(arguments: [[], ["convert"], ["check"], ["collect"], ["diff"], ["sum"], ["fields"], ["schema"], ["generate"]])
    func everyHelpTextHasItsChineseForm(_ command: [String]) throws {
        let r = try runGDConv(command + ["--help"], environment: Self.strictZh)
        #expect(r.code == 0)
        #expect(!r.out.contains("⟦untranslated⟧"), "\(r.out.prefix(400))")
        #expect(r.out.contains("。"), "\(command): no Chinese in the help")
    }
}
