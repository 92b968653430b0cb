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
        // A per-thread gmtime that libxlsxwriter's calls resolve to, so workbooks close in parallel.
        .target(name: "CReentrantTime"),
        // The canonical report model and the field registry. Foundation only.
        .target(
            name: "GDConvModel",
            resources: [.embedInCode("Registry/fields.tsv")]
        ),
        // Reader/writer protocols, diagnostics, the table recogniser shared by every grid reader.
        .target(name: "GDConvCore", dependencies: ["GDConvModel"]),
        .target(name: "GDConvText", dependencies: ["GDConvCore"]),
        .target(name: "GDConvJSON", dependencies: ["GDConvCore"]),
        .target(name: "GDConvXML", dependencies: ["GDConvCore", "CLibXML2"]),
        .target(name: "GDConvXLSX", dependencies: [
            "GDConvCore", "GDConvJSON", "GDConvXML", "CLibXML2", "CXLSXWriter", "CZlib", "CReentrantTime",
        ]),
        // The standard format list and the conversion pipeline.
        .target(name: "GDConvHTML", dependencies: ["GDConvText", "GDConvXML", "CLibXML2"]),
        .target(name: "GDConvKit", dependencies: ["GDConvText", "GDConvJSON", "GDConvXML", "GDConvXLSX", "GDConvHTML"]),
        .executableTarget(
            name: "gdconv",
            dependencies: ["GDConvKit", "GDConvText", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        // Throughput benchmark (scripts/bench.py); not part of the tests.
        .executableTarget(name: "gdconv-bench", dependencies: ["GDConvKit"], path: "Benchmarks/GDConvBench"),
        // libFuzzer target over every reader (scripts/fuzz.sh); a replay tool otherwise.
        .executableTarget(name: "gdconv-fuzz", dependencies: ["GDConvKit"], path: "Fuzz/GDConvFuzz"),
        .testTarget(
            name: "GDConvTests",
            dependencies: ["GDConvKit"],
            // Fuzz-found inputs, read by path from the regression tests.
            exclude: ["Regressions", "HTMLPages"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
