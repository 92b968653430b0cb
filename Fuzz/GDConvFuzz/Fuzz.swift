// A libFuzzer target for every reader (scripts/fuzz.sh builds it with -sanitize=fuzzer,address
// and -DFUZZING). Without FUZZING it is a replay tool: `gdconv-fuzz FORMAT FILE...` runs the
// same code on saved inputs, which is how crash inputs become regression tests.
import Foundation
import GDConvKit

/// Reads `data` as `format` and, when it reads, writes it back out and checks it: no input may
/// crash, trap or hang any of that; errors are fine.
func exercise(_ data: Data, _ format: Format) {
    guard let reader = try? format.reader() else { return }
    guard let r = try? reader.read(data, options: ReaderOptions(sourceName: "fuzz")) else { return }
    _ = TextWriter().render(r.report)
    _ = try? JSONReportWriter().write(r.report, options: WriterOptions())
    _ = try? XMLReportWriter().write(r.report, options: WriterOptions())
    _ = FactsWriter().render(r.report, sourceName: "fuzz")
    _ = ReportChecker().check(r.report)
}

let fuzzFormat: Format = Format.named(ProcessInfo.processInfo.environment["GDCONV_FUZZ_FORMAT"] ?? "text") ?? .text

#if FUZZING
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ bytes: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    exercise(Data(bytes: bytes, count: size), fuzzFormat)
    return 0
}

@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(_ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
                         _ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> CInt) -> CInt

/// SwiftPM links an executable's entry point as `<target>_main`; hand control to libFuzzer.
@_cdecl("gdconv_fuzz_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var c = argc
    var v = argv
    return LLVMFuzzerRunDriver(&c, &v) { bytes, size in
        exercise(Data(bytes: bytes, count: size), fuzzFormat)
        return 0
    }
}
#else
@main
struct Replay {
    static func main() {
        let args = CommandLine.arguments.dropFirst()
        guard let f = args.first.flatMap(Format.named), args.count >= 2 else {
            FileHandle.standardError.write(Data("usage: gdconv-fuzz text|json|xml|xlsx|html FILE...\n".utf8))
            exit(2)
        }
        for path in args.dropFirst() {
            guard let d = FileManager.default.contents(atPath: path) else { continue }
            exercise(d, f)
            print("ok \(path)")
        }
    }
}
#endif
