import Foundation
import Testing
@testable import GDConvKit

/// Every golden line of every corpus report with a golden, through every path a user takes.
@Suite("Golden values")
struct GoldenTests {
    static let names = Paths.goldenNames

    func golden(_ name: String) throws -> String {
        try String(contentsOf: Paths.golden.appendingPathComponent("\(name).golden.tsv"), encoding: .utf8)
    }

    @Test("facts output equals the golden file", arguments: names)
    func factsMatchGolden(_ name: String) throws {
        let r = try readText(corpusData("\(name).txt"), name: "\(name).txt")
        let facts = FactsWriter().render(r.report, sourceName: "\(name).txt")
        let expected = try golden(name)
        #expect(facts == expected, "\(name):\n\(lineDiff(expected, facts))")
    }

    @Test("golden values survive text → JSON → model", arguments: names)
    func goldenSurvivesJSON(_ name: String) throws {
        let r = try readText(corpusData("\(name).txt"), name: "\(name).txt").report
        let back = try readJSON(writeJSON(r))
        let facts = FactsWriter().render(back, sourceName: "\(name).txt")
        #expect(facts == (try golden(name)))
    }

    @Test("golden values survive text → canonical text → model", arguments: names)
    func goldenSurvivesCanonicalText(_ name: String) throws {
        var r = try readText(corpusData("\(name).txt"), name: "\(name).txt").report
        // Force the canonical layout everywhere.
        r = r.droppingTableLayout()
        let text = TextWriter().render(r)
        let back = try readText(Data(text.utf8), name: "\(name).txt", template: r.metadata.template).report
        #expect(factValues(back) == factValues(r), "\(name): canonical text:\n\(text.prefix(3000))")
    }

    @Test func goldensAreAllPresent() {
        #expect(GoldenTests.names.count >= 16)
    }
}
