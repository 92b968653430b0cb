import ArgumentParser
import Foundation
import GDConvKit

struct Schema: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: T("Print the schema of an output format, generated from the field registry."))

    @Argument(help: H("json (the JSON Schema of the report document) or xsd (the XML schema)."))
    var format: String = "json"

    func run() throws {
        switch format {
        case "json": FileHandle.standardOutput.write(Data(JSONReportSchema.document().serialized(pretty: true).utf8))
        case "xsd", "xml": FileHandle.standardOutput.write(Data(XMLReportSchema.document().utf8))
        default: throw ConversionError.usage("unknown schema '\(format)'; known: json, xsd")
        }
    }
}

