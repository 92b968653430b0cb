// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "gdconv",
    platforms: [.macOS(.v13)],
    products: [
        .library(name: "GDConvKit", targets: ["GDConvKit"]),
        .executable(name: "gdconv", targets: ["gdconv"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        // The C libraries, through header-only shims (module map + pkg-config).
        .systemLibrary(name: "CLibXML2", pkgConfig: "libxml-2.0", providers: [.apt(["libxml2-dev"])]),
        .systemLibrary(name: "CXLSXWriter", pkgConfig: "xlsxwriter", providers: [.apt(["libxlsxwriter-dev"])]),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(name: "CPoppler", pkgConfig: "poppler-glib", providers: [.apt(["libpoppler-glib-dev"])]),
        // A per-thread gmtime that libxlsxwriter's calls resolve to, so workbooks close in parallel.
        .target(name: "CReentrantTime"),
        // The canonical report model and the field registry. Foundation only.
        .target(
            name: "GDConvModel",
            resources: [.embedInCode("Registry/fields.tsv")]
        ),
        // Reader/writer protocols, diagnostics, the table recogniser shared by every grid reader.
        .target(name: "GDConvCore", dependencies: ["GDConvModel"]),
        // Support targets: services several formats share, so that no format target imports another.
        // Bytes to text (BOMs, UTF-8, GB18030, iconv).
        .target(name: "GDConvEncoding", dependencies: ["GDConvCore"]),
        // libxml2 set-up, error capture, safe parsing, node accessors, the stream writer.
        .target(name: "GDConvLibXML", dependencies: ["GDConvCore", "CLibXML2"]),
        // The zip container (XLSX today, Word next), read defensively with zlib.
        .target(name: "GDConvZip", dependencies: ["GDConvCore", "CZlib"]),
        // The formats: each depends on the core and support targets only.
        .target(name: "GDConvText", dependencies: ["GDConvCore", "GDConvEncoding"]),
        .target(name: "GDConvJSON", dependencies: ["GDConvCore"]),
        .target(name: "GDConvXML", dependencies: ["GDConvCore", "GDConvLibXML", "CLibXML2"]),
        .target(name: "GDConvXLSX", dependencies: [
            "GDConvCore", "GDConvLibXML", "GDConvZip", "CLibXML2", "CXLSXWriter", "CReentrantTime",
        ]),
        .target(name: "GDConvHTML", dependencies: ["GDConvCore", "GDConvEncoding", "GDConvLibXML", "CLibXML2"]),
        .target(name: "GDConvWord", dependencies: ["GDConvCore", "GDConvLibXML", "GDConvZip", "CLibXML2"]),
        .target(name: "GDConvPDF", dependencies: ["GDConvCore", "CPoppler"]),
        // The standard format list and the conversion pipeline.
        // Over the model only: comparing and adding up reports.
        .target(name: "GDConvDiff", dependencies: ["GDConvCore"]),
        .target(name: "GDConvSum", dependencies: ["GDConvCore"]),
        .target(name: "GDConvKit", dependencies: ["GDConvText", "GDConvJSON", "GDConvXML", "GDConvXLSX", "GDConvHTML", "GDConvWord", "GDConvPDF", "GDConvEncoding"]),
        .executableTarget(
            name: "gdconv",
            dependencies: ["GDConvKit", "GDConvText", "GDConvDiff", "GDConvSum", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        // Throughput benchmark (scripts/bench.py); not part of the tests.
        .executableTarget(name: "gdconv-bench", dependencies: ["GDConvKit"], path: "Benchmarks/GDConvBench"),
        // libFuzzer target over every reader (scripts/fuzz.sh); a replay tool otherwise.
        .executableTarget(name: "gdconv-fuzz", dependencies: ["GDConvKit"], path: "Fuzz/GDConvFuzz"),
        .testTarget(
            name: "GDConvTests",
            dependencies: ["GDConvKit", "GDConvEncoding", "GDConvZip", "GDConvLibXML", "GDConvDiff", "GDConvSum"],
            // Test inputs and reference files, read by path (fuzz-found inputs, pages, documents,
            // the golden dumps of GoldenFileTests).
            exclude: ["Regressions", "HTMLPages", "Fixtures", "Hostile", "WordDocs", "PDFDocs", "Goldens"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
