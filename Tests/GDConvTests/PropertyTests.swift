import Foundation
import Testing
@testable import GDConvKit

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
