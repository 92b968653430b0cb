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
}
