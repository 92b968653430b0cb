import Foundation
import Testing
@testable import GDConvKit

@Suite("Field registry")
struct RegistryTests {
    @Test func embeddedCopyIsTheSharedRegistry() throws {
        let shared = try String(contentsOf: Paths.shared.appendingPathComponent("spec/fields.tsv"), encoding: .utf8)
        #expect(FieldRegistry.tsvText == shared, "Sources/GDConvModel/Registry/fields.tsv differs from ../shared/spec/fields.tsv")
    }

    @Test func sizesPerTemplate() {
        let r = FieldRegistry.shared
        #expect(r.definitions.count == 398)
        #expect(r.fields(.y2019).count == 198)
        #expect(r.fields(.y2021).count == 200)
        #expect(r.rows(.y2019, table: .requests).count == 23)
        #expect(r.rows(.y2021, table: .requests).count == 25)
        #expect(r.rows(.y2019, table: .active).count == 8)
        #expect(r.rows(.y2021, table: .active).count == 6)
        #expect(r.fields(.y2021, table: .litigation).count == 15)
    }

    @Test func keysAreUniquePerTemplate() {
        for t in Template.official {
            let keys = FieldRegistry.shared.fields(t).map(\.key)
            #expect(Set(keys).count == keys.count)
        }
    }

    @Test func malformedRegistryIsAnError() {
        #expect(throws: FieldRegistry.ParseError.self) { try FieldRegistry(tsv: "key\ttemplate\na\t2019\n") }
    }

    @Test func fieldsCommandPrintsTheRegistry() throws {
        let all = try runGDConv(["fields"])
        #expect(all.code == 0)
        #expect(all.out == FieldRegistry.tsvText)
        let t21 = try runGDConv(["fields", "--template", "2021", "--format", "json"])
        #expect(t21.code == 0)
        #expect(t21.out.components(separatedBy: "\"key\"").count - 1 == 200)
    }

    /// The hand-written White_Space table (used instead of the Unicode property tables on the
    /// hot paths) must agree with Unicode for every scalar.
    @Test func whiteSpaceTableMatchesUnicode() {
        var differ: [String] = []
        for v in UInt32(0)...0x10FFFF {
            guard let u = Unicode.Scalar(v) else { continue }
            if u.isWhiteSpace != u.properties.isWhitespace { differ.append(String(v, radix: 16)) }
        }
        #expect(differ.isEmpty, "differ at U+\(differ.prefix(5).joined(separator: ", U+"))")
    }

    /// Field ids round-trip through their keys, are dense and agree with the definitions.
    @Test func fieldIDsInternEveryKeyOnce() {
        let reg = FieldRegistry.shared
        #expect(Set(reg.keys).count == reg.keys.count)
        for d in reg.definitions {
            #expect(FieldID(d.key) == d.id)
            #expect(d.id.key == d.key)
            #expect(reg.order(of: d.id, in: d.template) == d.order)
        }
        #expect(FieldID("no.such.key") == nil)
    }
}
