import ArgumentParser
import Foundation
import GDConvKit

struct Fields: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: T("Print the field registry: every field key with its table, group, row and column labels."))

    @Option(help: H("Only this template's fields (2019 or 2021)."))
    var template: String?

    @Option(help: H("tsv (default) or json."))
    var format: String = "tsv"

    func run() throws {
        var defs = FieldRegistry.shared.definitions
        if let t = template {
            guard let v = Template(rawValue: t), v != .unknown else { throw ConversionError.usage("--template must be 2019 or 2021") }
            defs = defs.filter { $0.template == v }
        }
        switch format {
        case "tsv":
            var out = "key\ttemplate\ttable\tgroup\trow\tcolumn\tkind\n"
            for d in defs { out += [d.key, d.template.rawValue, d.table.rawValue, d.group, d.row, d.column, d.kind.rawValue].joined(separator: "\t") + "\n" }
            FileHandle.standardOutput.write(Data(out.utf8))
        case "json":
            let arr = JSONValue.array(defs.map { d in
                .object([("key", .string(d.key)), ("template", .string(d.template.rawValue)), ("table", .string(d.table.rawValue)),
                         ("group", .string(d.group)), ("row", .string(d.row)), ("column", .string(d.column)), ("kind", .string(d.kind.rawValue))])
            })
            FileHandle.standardOutput.write(Data(arr.serialized(pretty: true).utf8))
        default:
            throw ConversionError.usage("--format must be tsv or json")
        }
    }
}

