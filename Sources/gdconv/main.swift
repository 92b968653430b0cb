import Foundation
import GDConvText
import GDConvCore
let path = CommandLine.arguments[1]
let data = try Data(contentsOf: URL(fileURLWithPath: path))
let r = try TextReader().read(data, options: ReaderOptions(sourceName: path))
if CommandLine.arguments.count > 2 { print(TextWriter().render(r.report), terminator: "") } else {
print(FactsWriter().render(r.report, sourceName: path), terminator: "") }
for d in r.diagnostics { FileHandle.standardError.write(Data((d.rendered(file: path) + "\n").utf8)) }
