import Foundation
import Testing
@testable import GDConvKit
@testable import GDConvHTML
import GDConvLibXML
import CLibXML2

/// The HTML reader on pages built from the official layouts (Tests/GDConvTests/HTMLPages,
/// made by make_pages.py from real reports' prose and golden values).
@Suite("HTML reader")
struct HTMLTests {
    static let pages = Paths.root.appendingPathComponent("Tests/GDConvTests/HTMLPages")

    /// Page → the golden file whose values it holds.
    static let goldenPages: [(page: String, golden: String)] = [
        ("luojiang-2020-in-site-chrome.html", "seed-luojiang-2020"),
        ("shuyang-2025-gbk.html", "002-shuyang-county-2025"),
        ("longgang-2024-cut-off.html", "033-shenzhen-longgang-dept-2024-excerpt"),
    ]
    static let allPages = goldenPages.map(\.page) + ["quirks-2025.html"]

    func page(_ name: String) throws -> Data { try Data(contentsOf: HTMLTests.pages.appendingPathComponent(name)) }

    func readHTML(_ data: Data, name: String = "page.html", encoding: String? = nil) throws -> ReadResult {
        try HTMLReportReader().read(data, options: ReaderOptions(sourceName: name, encoding: encoding))
    }

    @Test("a page gives exactly the golden values and metadata", arguments: goldenPages)
    func pageMatchesGolden(_ pair: (page: String, golden: String)) throws {
        let r = try readHTML(page(pair.page), name: pair.page)
        let facts = FactsWriter().render(r.report, sourceName: "\(pair.golden).txt")
        let expected = try String(contentsOf: Paths.golden.appendingPathComponent("\(pair.golden).golden.tsv"), encoding: .utf8)
        #expect(facts == expected, "\(pair.page):\n\(lineDiff(expected, facts))")
    }

    @Test func quirksPageGivesTheValuesPutIntoIt() throws {
        let r = try readHTML(page("quirks-2025.html"), name: "quirks-2025.html")
        let facts = FactsWriter().render(r.report, sourceName: "quirks-2025.html").split(separator: "\n").dropFirst().joined(separator: "\n") + "\n"
        let expected = try String(contentsOf: HTMLTests.pages.appendingPathComponent("quirks-2025.expected.tsv"), encoding: .utf8)
        #expect(facts == expected, "\(lineDiff(expected, facts))")
        let f = r.report.fields
        #expect(f["active.rules.in_force"]?.reading == .blank, "an &nbsp; cell is blank, not zero")
        #expect(f["requests.outcome.other.unpaid_fee.research"]?.reading == .blank, "a <p>&nbsp;</p> cell is blank")
        #expect(f["active.penalty.decisions"]?.text == "56", "a number inside <b><span>")
        #expect(f["active.normative.in_force"]?.text == "27", "a comment inside a cell is not text")
        #expect(f["review.upheld"]?.text == "1", "a display:none element inside a cell is not read")
        #expect(f["requests.outcome.withheld.security.natural_person"] != nil, "&ldquo;三安全一稳定&rdquo; matched its label")
        // The index table, and the fee table in 六, are kept where they are, as written.
        guard case .table(let index)? = r.report.front.first else { Issue.record("the index table is not first"); return }
        #expect(index.kind == nil && index.rows[0].cells.map(\.text) == ["索引号", "11000000/2026-00012", "发文字号", ""])
        let other = try #require(r.report.sections.first { $0.kind == .other })
        let fee = other.blocks.compactMap { if case .table(let t) = $0 { t } else { nil } }
        #expect(fee.count == 1 && fee[0].kind == nil && fee[0].rows.map { $0.cells.map(\.text) } == [["收费项目", "件数", "金额（元）"], ["信息处理费", "0", "0"]])
        // The heading in table 1's first row opened section 二, and 一 (written &#x4E00;) was found.
        #expect(r.report.sections.map(\.kind) == [.overview, .active, .requests, .litigation, .problems, .other])
        #expect(r.report.metadata.title == "某市某区审计局2025年政府信息公开工作年度报告")
    }

    @Test("HTML → JSON → text → JSON keeps every value, line and heading", arguments: allPages)
    func htmlJSONTextJSONIsStable(_ name: String) throws {
        let fromHTML = try readHTML(page(name), name: name).report
        let json1 = try writeJSON(fromHTML)
        let viaJSON = try readJSON(json1)
        #expect(viaJSON == fromHTML, "\(name): the JSON model round trip")
        let text = TextWriter().render(viaJSON)
        let fromText = try readText(Data(text.utf8), name: "\(name).txt").report
        let json2 = try writeJSON(fromText)
        let back = try readJSON(json2)
        #expect(factValues(back) == factValues(fromHTML), "\(name): values after text:\n\(text.prefix(2000))")
        #expect(back.metadata == fromHTML.metadata, "\(name): metadata")
        #expect(back.sections.map(\.heading.text) == fromHTML.sections.map(\.heading.text))
        func lines(_ r: Report) -> [String] {
            (r.front + r.sections.flatMap(\.blocks)).compactMap { if case .paragraph(let l) = $0 { l.text } else { nil } }
        }
        #expect(lines(back) == lines(fromHTML), "\(name): prose lines")
        // And from there on it is a fixed point: text → JSON → text gives the same text.
        #expect(TextWriter().render(back) == text)
    }

    @Test func reportIsFoundInsideSiteChrome() throws {
        let r = try readHTML(page("luojiang-2020-in-site-chrome.html"))
        let text = TextWriter().render(r.report)
        for chrome in ["首页", "当前位置", "热点信息", "网站标识码", "打印本页", "相关信息", "分享到", "浏览次数", "document.write", "搜索"] {
            #expect(!text.contains(chrome), "site chrome '\(chrome)' leaked into the report")
        }
        // The title bar above the article box is the report's first line.
        guard case .paragraph(let first)? = r.report.front.first else { Issue.record("no title line"); return }
        #expect(first.text == "德阳市罗江区教育局2020年政府信息公开工作年度报告")
        #expect(text.hasSuffix("德阳市罗江区教育局\n2021年1月22日\n责任编辑:区教体局\n"))
        #expect(r.diagnostics.contains { $0.category == "html-content" && $0.message.contains("site chrome") })
    }

    /// A report written straight into `<body>` makes the body its box; the navigation list
    /// before it and the related-documents table after it were read as report text (1,300
    /// lines of chrome in the text output of such a page).
    @Test func navigationBlocksAroundAReportInTheBodyAreLeftOut() throws {
        let plain = try String(decoding: page("quirks-2025.html"), as: UTF8.self)
        let nav = (0..<40).map { #"<li><a href="/col/\#($0).html">政务公开栏目\#($0)</a></li>"# }.joined()
        let related = (0..<30).map { #"<tr><td><a href="/art/\#($0).html">关于印发第\#($0)号通知的通知</a></td><td>2024-01-1\#($0 % 9)</td></tr>"# }.joined()
        // A short list of links inside the report (fewer than ten) stays.
        let attachments = #"<p>附件：<a href="/a1.pdf">收费标准</a></p>"#
        let page = "<html><head><meta charset=utf-8></head><body><div class=top><ul>\(nav)</ul></div>" + plain
            + attachments + "<div class=more><table>\(related)</table></div><div class=foot>主办单位 网站标识码</div></body></html>"
        let wrapped = try readHTML(Data(page.utf8))
        let alone = try readHTML(Data(plain.utf8))
        let text = TextWriter().render(wrapped.report)
        #expect(text == TextWriter().render(alone.report) + "附件：收费标准\n")
        #expect(!text.contains("政务公开栏目") && !text.contains("关于印发") && !text.contains("网站标识码"))
        #expect(wrapped.diagnostics.contains { $0.category == "html-content" && $0.message.contains("42 line(s) or table(s)") })
    }

    /// Tables of links are laid out only when they are inside the report (a page's chrome is
    /// mostly such tables): one between two sections is still read as a table, cell by cell.
    @Test func aTableOfLinksInsideTheReportIsStillRead() throws {
        let links = (0..<12).map { #"<tr><td><a href="/a/\#($0).html">附件\#($0)</a></td><td>2025-01-0\#($0 % 9 + 1)</td></tr>"# }.joined()
        let page = "<html><body><div id=nav><table>\(links)</table></div><div id=main><p>一、总体情况</p><p>本机关……</p>"
            + "<table>\(links)</table><p>二、主动公开政府信息情况</p><p>六、其他需要报告的事项</p></div></body></html>"
        let r = try readHTML(Data(page.utf8))
        let text = TextWriter().render(r.report)
        #expect(text.contains("附件0 | 2025-01-01 |") && text.contains("附件11 | 2025-01-03 |"), "\(text)")
        // The same table in the navigation box before the report is left out: each row once.
        #expect(text.components(separatedBy: "附件5 |").count == 2)
    }

    /// Script and style contents are emptied before libxml2 parses a page (a served page has
    /// tens of KB of them); what the reader sees must be the same as from the full parse, also
    /// where `<script` is not a start tag (in a comment, a quoted attribute, a bogus attribute)
    /// and where a script holds markup or runs to the end of the page.
    @Test func emptyingScriptsAndStylesLeavesTheSameReport() throws {
        func article(_ text: String, empty: Bool) throws -> String {
            let a = try HTMLArticle(HTMLPage(text: text, name: "t.html", emptyRawText: empty))
            let items = a.items.map { item -> String in
                switch item {
                case .paragraph(let t, let loc): return "P \(t) @\(loc.map { "\($0)" } ?? "-")"
                case .table(let g): return "T " + g.rows.map { $0.map { "\($0.text)@\($0.row),\($0.column)" }.joined(separator: "|") }.joined(separator: "/")
                }
            }
            return (items + ["\(a.detachedTitle ?? "-") \(a.meta.sorted { $0.key < $1.key }) \(a.rootPath) \(a.skippedItems)"]).joined(separator: "\n")
        }
        var pages = try HTMLTests.allPages.map { try String(decoding: page($0), as: UTF8.self) }
        pages += [
            "<p>一、总体情况</p><!-- <script> --><p>二、主动公开</p><script>var s = '</p><p>x';</script><p>三、申请</p>",
            "<div title='<script>'>一、总体情况</div><style>p{}</style><p>二、主动公开</p><SCRIPT type=x>document.write('<td>9</td>')</Script><p>尾</p>",
            "<p>一、总体情况</p><a \"x<script>\" href=y>链接</a><script/><p>二、主动公开</p><style>\n.a{}\n\n</style><p>第三行</p>",
            "<p>一、总体情况</p><script>\nvar a = 1;\n<p>not a paragraph</p>\n",
            "<p>一、总体情况</p><script src=\"a.js\"></scripts><p>二、主动公开</p></script><p>三</p>",
            "<!DOCTYPE html><?xml x?><p>一、总体情况</p><style media=\"a>b\">td{}</style><p>二、主动公开</p>",
        ]
        for text in pages {
            #expect(try article(text, empty: true) == article(text, empty: false), "\(text.prefix(80))")
        }
        // Pages cut and spliced with the pieces the scan must read as libxml2 does.
        let pieces = ["<script>", "</script>", "<style>", "</STYLE>", "<!--", "-->", "'", "\"", "/>", "<script/>", "=", "<", ">", "\n", "<a ", " x='", "<?", "<!x"]
        var seed: UInt64 = 7
        func next() -> Int { seed = seed &* 6364136223846793005 &+ 1442695040888963407; return Int(seed >> 33) }
        let bases = pages.prefix(4).map { Array($0.utf8) }
        let rounds = Int(ProcessInfo.processInfo.environment["GDCONV_RAWTEXT_ROUNDS"] ?? "") ?? 300
        for round in 0..<rounds {
            var b = bases[round % bases.count]
            for _ in 0..<(1 + next() % 6) {
                let at = next() % (b.count + 1)
                if next() % 3 == 0, at < b.count { b.removeSubrange(at..<min(b.count, at + next() % 400)) } else { b.insert(contentsOf: Array(pieces[next() % pieces.count].utf8), at: at) }
            }
            let text = String(decoding: b, as: UTF8.self)
            #expect(try article(text, empty: true) == article(text, empty: false), "round \(round)")
        }
    }

    @Test func titleComesFromTheReportThenTheTitleBarThenTheMetaTagsThenTheTitleTag() throws {
        // The report's own first line (shuyang), the title bar above the article box (luojiang),
        // <title> (longgang: no heading anywhere on the page).
        #expect(try readHTML(page("shuyang-2025-gbk.html")).report.metadata.title == "沐阳县人民政府 2025 年 政府信息公开工作年度报告")
        #expect(try readHTML(page("luojiang-2020-in-site-chrome.html")).report.metadata.title == "德阳市罗江区教育局2020年政府信息公开工作年度报告")
        #expect(try readHTML(page("longgang-2024-cut-off.html")).report.metadata.title == "2024年政府信息公开工作年度报告")
        let metaOnly = """
        <html><head><title>首页 - 某某网</title><meta name="ArticleTitle" content="某镇人民政府2022年政府信息公开工作年度报告">
        <meta name="PubDate" content="2023/01/18 09:00:00"><meta name="ContentSource" content="某镇人民政府"></head>
        <body><div id=c><p>一、总体情况</p><p>我镇……</p></div></body></html>
        """
        let m = try readHTML(Data(metaOnly.utf8)).report.metadata
        #expect(m.title == "某镇人民政府2022年政府信息公开工作年度报告")
        #expect(m.published == "2023-01-18")
        #expect(m.agency == "某镇人民政府")
        #expect(m.year == 2022)
    }

    @Test func charsetComesFromTheDeclarationOrTheBytes() throws {
        let gbk = try page("shuyang-2025-gbk.html")
        let expected = factValues(try readHTML(gbk).report)
        #expect(expected["requests.new.total"] == "713")
        let declared = try readHTML(gbk)
        #expect(declared.diagnostics.contains { $0.category == "encoding" && $0.message.contains("declared gb2312") })
        // No declaration: detected as for text.
        let undeclared = try readHTML(replacing(gbk, "charset=gb2312", with: ""))
        #expect(factValues(undeclared.report) == expected)
        #expect(undeclared.diagnostics.contains { $0.message.contains("GB18030 (no charset declared)") })
        // A wrong declaration: the bytes win, with a warning.
        let lying = try readHTML(replacing(gbk, "charset=gb2312", with: "charset=utf-8"))
        #expect(factValues(lying.report) == expected)
        #expect(lying.diagnostics.contains { $0.severity == .warning && $0.message.contains("declares charset utf-8") })
        let utf8 = try page("luojiang-2020-in-site-chrome.html")
        let resaved = try readHTML(replacing(utf8, "<meta charset=\"utf-8\">", with: "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=GB2312\">"))
        #expect(factValues(resaved.report) == factValues(try readHTML(utf8).report))
        #expect(resaved.diagnostics.contains { $0.severity == .warning && $0.message.contains("declares charset gb2312 but its bytes are UTF-8") })
        // --encoding overrides everything.
        #expect(factValues(try readHTML(gbk, encoding: "GB18030").report) == expected)
    }

    func replacing(_ d: Data, _ a: String, with b: String) throws -> Data {
        let range = try #require(d.range(of: Data(a.utf8)))
        var out = d
        out.replaceSubrange(range, with: Data(b.utf8))
        return out
    }

    @Test func spansAreExpandedIntoAGrid() throws {
        let html = """
        <table><tr><td rowspan=2>A</td><td colspan=2>B</td><td>C</td></tr>
        <tr><td>D</td><td rowspan=0>E</td><td>F</td></tr>
        <tr><td>G</td><td colspan=99999>H</td></tr></table>
        """
        let doc = try HTMLPage(text: html, name: "t.html")
        let grid = HTMLTableGrid(try #require(doc.first(.table)))
        let placed = grid.rows.flatMap { $0.map { "\($0.text)@\($0.row),\($0.column)" } }
        // D sits right of A's rowspan; E spans to the end (rowspan=0), so G and H flow around it.
        #expect(placed == ["A@0,0", "B@0,1", "C@0,3", "D@1,1", "E@1,2", "F@1,3", "G@2,0", "H@2,1"])
        #expect(grid.rows[2][1].columnSpan == HTMLTableGrid.maxColumnSpan, "colspan is clamped to the HTML limit")
        #expect(grid.rows[1][1].rowSpan == 2)
    }

    @Test func cellTextFlattensMarkup() throws {
        let html = """
        <table><tr><td><p>本年新<br />制作数量</p></td><td><span>5</span><span>17</span></td><td> <p>&nbsp;</p> </td>
        <td>商业 企业</td><td>0<br>0</td><td><font color=red>1</font>2万元</td></tr></table>
        """
        let doc = try HTMLPage(text: html, name: "t.html")
        let grid = HTMLTableGrid(try #require(doc.first(.table)))
        #expect(grid.rows[0].map(\.text) == ["本年新制作数量", "517", "", "商业 企业", "0 0", "12万元"])
    }

    @Test func wordExportedPageKeepsItsListNumbers() throws {
        let html = """
        <html><body><div class=WordSection1>
        <p class=MsoNormal align=center><b><span style='font-size:16pt'>某县审计局2021年政府信息公开工作年度报告<o:p></o:p></span></b></p>
        <p class=MsoNormal><![if !supportLists]><span>一、</span><![endif]><span>总体情况</span></p>
        <p class=MsoNormal><span>本年度</span><span lang=EN-US>2021</span><span>年无申请。</span></p>
        <p class=MsoNormal><![if !supportLists]>二、<![endif]>主动公开政府信息情况</p>
        <table class=MsoNormalTable border=1><tr><td colspan=4><p class=MsoNormal><span>第二十条第（一）项<o:p></o:p></span></p></td></tr>
        <tr><td><p><span>信息内容</span></p></td><td><p><span>本年制发件数</span></p></td><td><p>本年废止件数</p></td><td><p>现行有效件数</p></td></tr>
        <tr><td><p><span>规章</span></p></td><td><p><span lang=EN-US>0<o:p></o:p></span></p></td><td><p><span lang=EN-US>0</span></p></td><td>0</td></tr>
        </table></div></body></html>
        """
        let r = try readHTML(Data(html.utf8)).report
        #expect(r.sections.map(\.heading.text) == ["一、总体情况", "二、主动公开政府信息情况"])
        #expect(factValues(r) == ["active.rules.issued": "0", "active.rules.repealed": "0", "active.rules.in_force": "0"])
        #expect(!TextWriter().render(r).contains("<!["))
    }

    @Test func hostilePagesGiveAModelOrAClearError() throws {
        let deep = String(repeating: "<div>", count: 20_000) + "一、总体情况" + String(repeating: "</div>", count: 20_000)
        _ = try? readHTML(Data(deep.utf8))
        let wide = "<table>" + String(repeating: "<tr><td rowspan=65534 colspan=1000>1</td></tr>", count: 2_000) + "</table>"
        _ = try? readHTML(Data(wide.utf8))
        #expect(throws: ConversionError.self) { try readHTML(Data()) }
        #expect(throws: ConversionError.self) { try readHTML(Data([0x3C, 0x68, 0x00, 0x01])) }
        do {
            _ = try readHTML(Data("%PDF-1.7\n%âãÏÓ\n1 0 obj".utf8), name: "download.html")
            Issue.record("a PDF read as a page")
        } catch let e as ConversionError {
            #expect("\(e)".contains("download.html") && "\(e)".contains("a PDF document"), "\(e)")
        }
        // A page with a few bad bytes (a truncated GBK character, a corrupted byte) is read as a
        // browser shows it, with a warning naming the first offset.
        var gbk = [UInt8](try page("shuyang-2025-gbk.html"))
        let at = gbk.count - 40
        gbk.insert(0xFF, at: at)
        let damaged = try readHTML(Data(gbk))
        #expect(factValues(damaged.report)["requests.new.total"] == "713")
        #expect(damaged.diagnostics.contains { $0.severity == .warning && $0.message.contains("byte offset \(at)") && $0.message.contains("U+FFFD") })
        let noTables = try readHTML(Data("<html><body><p>一、总体情况</p><p>本年无申请。</p></body></html>".utf8))
        #expect(noTables.diagnostics.contains { $0.category == "no-tables" })
        #expect(noTables.report.sections.count == 1)
    }

    @Test func cliConvertsAPageToAWorkbookAndChecksIt() throws {
        let dir = try tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let src = HTMLTests.pages.appendingPathComponent("luojiang-2020-in-site-chrome.html")
        let out = dir.appendingPathComponent("out.xlsx")
        let r = try runGDConv([src.path, "-o", out.path])
        #expect(r.code == 0, "\(r.err)")
        let back = try runGDConv([out.path, "-t", "facts"])
        let golden = try String(contentsOf: Paths.golden.appendingPathComponent("seed-luojiang-2020.golden.tsv"), encoding: .utf8)
        #expect(back.out.split(separator: "\n").dropFirst() == golden.split(separator: "\n").dropFirst())
        for page in ["luojiang-2020-in-site-chrome.html", "shuyang-2025-gbk.html"] {
            let check = try runGDConv(["check", HTMLTests.pages.appendingPathComponent(page).path])
            #expect(check.code == 0, "\(page): \(check.err)")
            #expect((check.out + check.err).contains("pass, 0 fail, 0 not assessable"), "\(page): \(check.out) \(check.err)")
        }
        // .htm, and -f html on standard input.
        let htm = dir.appendingPathComponent("page.htm")
        try FileManager.default.copyItem(at: src, to: htm)
        #expect(try runGDConv([htm.path, "-t", "facts"]).out.contains("requests.new.total\t0"))
        let piped = try runGDConv(["-", "-f", "html", "-t", "facts"], stdin: try Data(contentsOf: src))
        #expect(piped.code == 0 && piped.out.contains("active.procurement.amount\t836.5"))
        let sniffed = try runGDConv(["-", "-t", "facts"], stdin: try page("shuyang-2025-gbk.html"))
        #expect(sniffed.code == 0 && sniffed.out.contains("requests.new.total\t713"), "a page on standard input is recognised by its markup")
    }

    @Test func mutatedPagesNeverCrash() throws {
        var rng = SyntheticReport.RNG(state: 20261129)
        let junk = ["<td>", "</tr>", "<tr>", "<table>", "</table>", "<td rowspan=0>", "<td colspan=1000>", "<p>", "<br>", "&nbsp;", "<!--", "<script>", "<div style=display:none>", "一、总体情况"]
        var models = 0, errors = 0
        for name in HTMLTests.allPages {
            let original = [UInt8](try page(name))
            for round in 0..<16 {
                var b = original
                switch round % 4 {
                case 0: b = Array(b.prefix(rng.int(0...max(0, b.count - 1))))                 // truncation
                case 1: for _ in 0..<8 where !b.isEmpty { b[rng.int(0...(b.count - 1))] ^= UInt8(1 << rng.int(0...7)) } // byte flips
                case 2:                                                                       // tag deletions
                    for _ in 0..<10 {
                        let opens = b.indices.filter { b[$0] == 0x3C }
                        guard !opens.isEmpty else { break }
                        let lt = opens[rng.int(0...(opens.count - 1))]
                        guard let gt = b[lt...].firstIndex(of: 0x3E) else { break }
                        b.removeSubrange(lt...gt)
                    }
                default:                                                                      // markup insertions
                    for _ in 0..<10 { b.insert(contentsOf: Array(junk[rng.int(0...(junk.count - 1))].utf8), at: rng.int(0...b.count)) }
                }
                if try readsOrFailsCleanly({ try readHTML(Data(b), name: name).report }, name: name) { models += 1 } else { errors += 1 }
            }
        }
        #expect(!HTMLTests.allPages.isEmpty)
        #expect(models > HTMLTests.allPages.count * 8, "most mutated pages still read (\(models) models, \(errors) clean errors)")
    }

    /// Cell locations are built per table instead of by `xmlGetNodePath` per cell (which was
    /// quadratic in a table's rows); they must be the same strings, including `[k]` only where
    /// siblings share a name.
    @Test func cellXPathsAreLibxml2s() throws {
        var compared = 0
        for name in HTMLTests.allPages {
            let decoded = try HTMLCharset.decode(try page(name), name: name, forced: nil)
            let p = try HTMLPage(text: decoded.text, name: name)
            let builder = XPathBuilder()
            func visit(_ n: xmlNodePtr) {
                for c in LibXMLNode.elements(n) {
                    #expect(builder.path(c) == LibXMLNode.path(c), "\(name)")
                    compared += 1
                    visit(c)
                }
            }
            if let root = xmlDocGetRootElement(p.doc) { visit(root) }
        }
        #expect(compared > 500)
    }
}
