// gdconv-bench: converts every .txt file of a directory text → JSON in one process and prints
// throughput. Run by scripts/bench.py, which also measures `cat` of the same files as the floor.
import Foundation
import GDConvKit

let args = CommandLine.arguments
guard args.count >= 3 else {
    FileHandle.standardError.write(Data("usage: gdconv-bench DIR OUTDIR [--to json|text|facts]\n".utf8))
    exit(2)
}
let dir = args[1], outDir = args[2]
let to = args.count >= 5 && args[3] == "--to" ? (Format.named(args[4]) ?? .json) : .json
let files = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasSuffix(".txt") }.sorted()
try FileManager.default.createDirectory(atPath: outDir, withIntermediateDirectories: true)
let conversion = Conversion()
var bytes = 0
var failures = 0
let start = Date()
for f in files {
    let data = try conversion.load("\(dir)/\(f)")
    bytes += data.count
    do {
        let out = try conversion.convert(data, from: .text, to: to, readerOptions: ReaderOptions(sourceName: f), writerOptions: WriterOptions(sourceName: f))
        try AtomicFile.write(out.data, to: "\(outDir)/\(f).\(to.rawValue)")
    } catch { failures += 1 }
}
let secs = Date().timeIntervalSince(start)
print(String(format: "gdconv text→%@: %d reports, %.1f MB in %.3f s: %.0f reports/s, %.2f MB/s, %d failed",
             to.rawValue, files.count, Double(bytes) / 1e6, secs, Double(files.count) / secs, Double(bytes) / 1e6 / secs, failures))
