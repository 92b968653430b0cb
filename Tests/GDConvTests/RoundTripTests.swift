import Foundation
import Testing
@testable import GDConvKit

@Suite("Round trips over the corpus")
struct RoundTripTests {
    static let files = Paths.corpusFiles

    /// Corpus files whose tables are all pipe rows (or that have none but those recovered from
    /// collapsed lines, which are written back as the line): written back byte for byte.
    static func isPipeRowInput(_ r: Report) -> Bool {
        r.allTables.allSatisfy { $0.hasSourceLayout || $0.isRecovered }
    }

    @Test("no corpus file crashes the reader, and each gives a model", arguments: files)
    func readsEveryCorpusFile(_ name: String) throws {
        let r = try readText(corpusData(name), name: name)
        #expect(!r.report.sections.isEmpty || !r.report.front.isEmpty)
    }

    /// The corpus files whose tables are all pipe rows, decided by reading them once.
    static let pipeRowFiles: [String] = files.filter { name in
        (try? readText(corpusData(name), name: name).report).map(isPipeRowInput) ?? false
    }

    @Test("pipe-row inputs round-trip byte-identical through text and through JSON", arguments: pipeRowFiles)
    func pipeRowByteIdentical(_ name: String) throws {
        let data = try corpusData(name)
        let r = try readText(data, name: name).report
        #expect(RoundTripTests.isPipeRowInput(r))
        let source = String(decoding: data, as: UTF8.self)
        let text = TextWriter().render(r)
        #expect(text == source, "\(name) text → text:\n\(lineDiff(source, text))")
        let viaJSON = TextWriter().render(try readJSON(writeJSON(r)))
        #expect(viaJSON == source, "\(name) text → JSON → text:\n\(lineDiff(source, viaJSON))")
    }

    @Test("the seed and the samples are pipe-row inputs")
    func samplesArePipeRows() throws {
        #expect(RoundTripTests.pipeRowFiles.count >= 10, "\(RoundTripTests.pipeRowFiles)")
        for name in ["seed-luojiang-2020.txt", "002-shuyang-county-2025.txt", "008-yangling-audit-2022-excerpt.txt", "033-shenzhen-longgang-dept-2024-excerpt.txt"] {
            let r = try readText(corpusData(name), name: name).report
            #expect(RoundTripTests.isPipeRowInput(r), "\(name)")
        }
    }

    @Test("JSON model round trip: model → JSON → model is the same model, JSON is stable", arguments: files)
    func jsonModelRoundTrip(_ name: String) throws {
        let r = try readText(corpusData(name), name: name).report
        let json = try writeJSON(r)
        let back = try readJSON(json)
        #expect(back == r, "\(name): JSON round trip changed the model")
        #expect(try writeJSON(back) == json)
    }

    @Test("text → JSON → text equals text → text for every corpus file", arguments: files)
    func textViaJSONEqualsDirect(_ name: String) throws {
        let r = try readText(corpusData(name), name: name).report
        #expect(TextWriter().render(try readJSON(writeJSON(r))) == TextWriter().render(r))
    }

    @Test("canonical text output reads back to the same fields", arguments: files)
    func canonicalTextStable(_ name: String) throws {
        let r = try readText(corpusData(name), name: name).report
        let text = TextWriter().render(r)
        let back = try readText(Data(text.utf8), template: r.metadata.template).report
        #expect(factValues(back) == factValues(r), "\(name)")
        // Writing again is a fixed point, whatever layout the source had.
        #expect(TextWriter().render(back) == text, "\(name):\n\(lineDiff(text, TextWriter().render(back)))")
    }
}
