// gdconv-bench: converts every file of a directory in one process and prints throughput.
// Run by scripts/bench.py, which also measures `cat` of the same files as the floor.
//   gdconv-bench DIR OUTDIR [--from text|json|xml] [--to json|text|facts|xml]
import Foundation
import GDConvKit

var args = Array(CommandLine.arguments.dropFirst())
func option(_ name: String, _ args: inout [String]) -> String? {
    guard let i = args.firstIndex(of: name), i + 1 < args.count else { return nil }
    defer { args.removeSubrange(i...(i + 1)) }
    return args[i + 1]
}
let phases = args.contains("--phases")
args.removeAll { $0 == "--phases" }
let from = option("--from", &args).flatMap(Format.named) ?? .text
let to = option("--to", &args).flatMap(Format.named) ?? .json
guard args.count == 2 else {
    FileHandle.standardError.write(Data("usage: gdconv-bench DIR OUTDIR [--from F] [--to F]\n".utf8))
    exit(2)
}
let (dir, outDir) = (args[0], args[1])
let ext = from.outputExtension
let files = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasSuffix("." + ext) }.sorted()
try FileManager.default.createDirectory(atPath: outDir, withIntermediateDirectories: true)
let conversion = Conversion()
if phases {
    // In memory, no output files: where a conversion's time goes (best of 3 per phase).
    let inputs = try files.map { try conversion.load("\(dir)/\($0)") }
    let reader = try from.reader(), writer = try to.writer()
    func best(_ body: () throws -> Void) rethrows -> Double {
        var b = Double.infinity
        for _ in 0..<3 { let t = Date(); try body(); b = min(b, Date().timeIntervalSince(t)) }
        return b / Double(inputs.count) * 1e6
    }
    var reports: [Report] = []
    let read = try best { reports = try inputs.enumerated().map { try reader.read($1, options: ReaderOptions(sourceName: files[$0])).report } }
    let onlyRead = ProcessInfo.processInfo.environment["GDCONV_BENCH_ONLY_READ"] != nil
    let write = onlyRead ? 0 : try best { for r in reports { _ = try writer.write(r, options: WriterOptions()) } }
    let check = onlyRead ? 0 : best { for r in reports { _ = ReportChecker().check(r) } }
    print(String(format: "per report: read %.0f µs, write %.0f µs, check %.0f µs", read, write, check))
    exit(0)
}
var bytes = 0
var failures = 0
let start = Date()
for f in files {
    let data = try conversion.load("\(dir)/\(f)")
    bytes += data.count
    do {
        let out = try conversion.convert(data, from: from, to: to, readerOptions: ReaderOptions(sourceName: f), writerOptions: WriterOptions(sourceName: f))
        let outExt = to.outputExtension
        try out.write(to: "\(outDir)/\((f as NSString).deletingPathExtension).\(outExt)", inputs: [], durable: true)
    } catch { failures += 1 }
}
let secs = Date().timeIntervalSince(start)
print(String(format: "gdconv %@→%@: %d reports, %.1f MB in %.3f s: %.0f reports/s, %.2f MB/s, %d failed",
             from.rawValue, to.rawValue, files.count, Double(bytes) / 1e6, secs, Double(files.count) / secs, Double(bytes) / 1e6 / secs, failures))
