import Foundation
import Testing
@testable import GDConvKit

func writeXML(_ r: Report) throws -> Data { try XMLReportWriter().write(r, options: WriterOptions()) }
func readXML(_ d: Data, name: String = "test.xml") throws -> Report {
    try XMLReportReader().read(d, options: ReaderOptions(sourceName: name)).report
}

@Suite("XML")
struct XMLTests {
    static let files = Paths.corpusFiles

    @Test func committedXSDIsTheGeneratedOne() throws {
        let committed = try String(contentsOf: Paths.root.appendingPathComponent("schema/gdconv-report.xsd"), encoding: .utf8)
        #expect(committed == XMLReportSchema.document(), "schema/gdconv-report.xsd is stale: run `gdconv schema xsd > schema/gdconv-report.xsd`")
    }

    @Test func xsdListsExactlyTheRegistryKeys() throws {
        let xsd = XMLReportSchema.document()
        let start = try #require(xsd.range(of: "<xs:simpleType name=\"FieldKey\">"))
        let end = try #require(xsd.range(of: "</xs:simpleType>", range: start.upperBound..<xsd.endIndex))
        let block = xsd[start.upperBound..<end.lowerBound]
        var listed = Set<String>()
        for line in block.split(separator: "\n") where line.contains("xs:enumeration") {
            listed.insert(String(line.split(separator: "\"")[1]))
        }
        #expect(listed == Set(FieldRegistry.shared.definitions.map(\.key)))
    }

    @Test("XML → model → XML is byte-identical; text → XML → text equals text → text", arguments: files)
    func roundTrips(_ name: String) throws {
        let r = try readText(corpusData(name), name: name).report
        let xml = try writeXML(r)
        let back = try readXML(xml)
        #expect(back == r, "\(name): XML round trip changed the model")
        #expect(try writeXML(back) == xml, "\(name): XML not stable")
        #expect(TextWriter().render(back) == TextWriter().render(r))
        if r.allTables.allSatisfy(\.hasSourceLayout) {
            #expect(TextWriter().render(back) == String(decoding: try corpusData(name), as: UTF8.self), "\(name): text → XML → text not byte-identical")
        }
    }

    @Test("golden values survive text → XML → JSON", arguments: Paths.goldenNames)
    func goldenThroughXML(_ name: String) throws {
        let r = try readText(corpusData("\(name).txt"), name: "\(name).txt").report
        let viaXML = try readXML(writeXML(r))
        let viaJSON = try readJSON(writeJSON(viaXML))
        let golden = try String(contentsOf: Paths.golden.appendingPathComponent("\(name).golden.tsv"), encoding: .utf8)
        #expect(FactsWriter().render(viaJSON, sourceName: "\(name).txt") == golden)
    }

    /// `xmllint --noout --schema` on every XML gdconv writes in the tests.
    @Test func xmllintValidatesEveryOutput() throws {
        let dir = try tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        var paths: [String] = []
        for name in XMLTests.files {
            let out = dir.appendingPathComponent(name + ".xml")
            try writeXML(try readText(corpusData(name), name: name).report).write(to: out)
            paths.append(out.path)
        }
        for seed in UInt64(1)...8 {
            let out = dir.appendingPathComponent("gen-\(seed).xml")
            try writeXML(try readText(SyntheticReport(seed: seed).text).report).write(to: out)
            paths.append(out.path)
        }
        let (status, out) = try runTool(["xmllint", "--noout", "--schema", Paths.root.appendingPathComponent("schema/gdconv-report.xsd").path] + paths)
        #expect(status == 0, "xmllint (libxml2-utils, `make deps`):\n\(out.prefix(2000))")
        #expect(out.components(separatedBy: " validates").count - 1 == paths.count)
    }

    func error(_ xml: String) -> String {
        do { _ = try readXML(Data(xml.utf8), name: "bad.xml"); return "no error" } catch { return "\(error)" }
    }

    @Test func externalEntityIsRefusedAndNothingLeaks() throws {
        let xxe = """
        <?xml version="1.0"?>
        <!DOCTYPE report [<!ENTITY x SYSTEM "file:///etc/passwd">]>
        <report xmlns="urn:gdconv:report:1" version="1" template="2021"><metadata><agency>&x;</agency></metadata><fields/><front/></report>
        """
        let e = error(xxe)
        #expect(e.hasPrefix("bad.xml:2: error: a DOCTYPE is not allowed"))
        #expect(!e.contains("root:"))
        // Through the binary too: no output file, nothing of /etc/passwd on any stream.
        let dir = try tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let f = dir.appendingPathComponent("xxe.xml"), out = dir.appendingPathComponent("out.json")
        try Data(xxe.utf8).write(to: f)
        let r = try runGDConv([f.path, "-o", out.path])
        #expect(r.code == 1)
        #expect(!r.out.contains("root:") && !r.err.contains("root:"))
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }

    @Test func billionLaughsIsRefused() {
        var dtd = "<!ENTITY l0 \"lol\">"
        for i in 1...9 { dtd += "<!ENTITY l\(i) \"" + String(repeating: "&l\(i - 1);", count: 10) + "\">" }
        let bomb = "<?xml version=\"1.0\"?>\n<!DOCTYPE report [\(dtd)]>\n<report xmlns=\"urn:gdconv:report:1\" version=\"1\" template=\"2021\"><metadata><agency>&l9;</agency></metadata><fields/><front/></report>"
        #expect(error(bomb).contains("DOCTYPE is not allowed"))
    }

    @Test func truncatedDocumentNamesLineAndColumn() throws {
        let r = try readText(corpusData("seed-luojiang-2020.txt")).report
        let xml = String(decoding: try writeXML(r), as: UTF8.self)
        let cut = String(xml.prefix(xml.count / 2))
        let e = error(cut)
        #expect(e.hasPrefix("bad.xml:"))
        #expect(e.contains("error:"))
        #expect(e.range(of: #"^bad\.xml:\d+:\d+: error: "#, options: .regularExpression) != nil, "\(e)")
    }

    @Test func schemaInvalidDocumentIsRefusedWithItsLine() {
        let invalid = """
        <?xml version="1.0"?>
        <report xmlns="urn:gdconv:report:1" version="1" template="2021">
          <metadata/>
          <fields>
            <field key="no.such.key"><source>1</source></field>
          </fields>
          <front/>
        </report>
        """
        let e = error(invalid)
        #expect(e.hasPrefix("bad.xml:5: error: does not match the gdconv XML schema"), "\(e)")
        #expect(error("<other/>").contains("expected <report"))
        #expect(error("<report xmlns=\"urn:gdconv:report:1\" version=\"2\" template=\"2021\"/>").contains("unsupported version 2"))
    }

    @Test func deepNestingIsRefused() {
        let deep = "<report xmlns=\"urn:gdconv:report:1\" version=\"1\" template=\"2021\">" + String(repeating: "<a>", count: 100) + String(repeating: "</a>", count: 100) + "</report>"
        #expect(error(deep).contains("nested deeper"))
    }

    @Test func editingASourceInXMLChangesTheValue() throws {
        let r = try readText(corpusData("seed-luojiang-2020.txt")).report
        var xml = String(decoding: try writeXML(r), as: UTF8.self)
        let old = "<field key=\"active.procurement.amount\" table=\"主动公开\" group=\"第二十条第（九）项\" row=\"政府集中采购\" column=\"采购总金额\">\n      <source>836.5万元</source>"
        #expect(xml.contains(old))
        xml = xml.replacingOccurrences(of: old, with: old.replacingOccurrences(of: "836.5万元", with: "900万元"))
        let edited = try readXML(Data(xml.utf8))
        #expect(edited.reading("active.procurement.amount")?.number?.literal == "900")
        #expect(TextWriter().render(edited).contains("政府集中采购 | 22 | 900万元 |"))
    }

    @Test func controlCharacterIsAClearWriterError() throws {
        var r = try readText("一、总体情况\n正文\u{1}。\n").report
        r.metadata.template = .y2021
        #expect(throws: ConversionError.self) { try writeXML(r) }
    }

    @Test func layoutWhitespaceSurvivesInAttributes() throws {
        let text = "  一、总体情况  \r\n\t正文。\r\n\r\n二、主动公开政府信息情况\n规章 |\t0 | 0 | 0 |  \n"
        let r = try readText(text, template: .y2021).report
        #expect(TextWriter().render(try readXML(writeXML(r))) == text)
    }
}
