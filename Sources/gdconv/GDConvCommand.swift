import ArgumentParser
import Foundation
import GDConvKit

/// Exit codes, documented in the README.
enum Exit {
    static let ok: Int32 = 0
    /// The input could not be read or converted.
    static let failed: Int32 = 1
    /// The command line is wrong.
    static let usage: Int32 = 2
}

@main
struct GDConv: ParsableCommand {

    static let configuration = CommandConfiguration(
        commandName: "gdconv",
        abstract: T("Convert 政府信息公开工作年度报告 between pipe-row text, JSON, XML and XLSX; read web pages, Word and PDF too; check, compare and add up reports."),
        discussion: T("""
        Examples:
          gdconv report.txt -o report.json          text → JSON
          gdconv report.json -o report.txt          JSON → pipe-row text
          gdconv report.txt -t facts                one `key<TAB>value` line per field
          cat report.txt | gdconv - -f text -t json
          gdconv fields --template 2021             the field registry
          gdconv diff 2023.txt 2024.txt             what changed (exit 1 when something did)
          gdconv sum county/ -o totals.xlsx         a county's totals in the official form

        Messages are in Chinese under a Chinese locale (LANG=zh_CN.UTF-8) or with --lang zh, in
        English otherwise (--lang en); machine-readable output keeps its English keys.

        Exit codes: 0 converted, 1 the input could not be converted, 2 usage error.
        """),
        version: GDConvVersion.string,
        subcommands: [Convert.self, Check.self, Collect.self, Diff.self, Sum.self, Fields.self, Schema.self, Generate.self],
        defaultSubcommand: Convert.self)

    static func main() {
        // `--lang zh|en` anywhere on the command line (before or after the subcommand) chooses
        // the language of what people read; the locale decides otherwise.
        var arguments = Array(CommandLine.arguments.dropFirst())
        var lang: String? = nil
        if let i = arguments.firstIndex(where: { $0 == "--lang" }), i + 1 < arguments.count {
            lang = arguments[i + 1]
            arguments.removeSubrange(i...(i + 1))
        } else if let i = arguments.firstIndex(where: { $0.hasPrefix("--lang=") }) {
            lang = String(arguments[i].dropFirst("--lang=".count))
            arguments.remove(at: i)
        }
        MessageLanguage.current = MessageLanguage.detect(flag: lang)
        do {
            var command = try parseAsRoot(arguments)
            try command.run()
        } catch let e as ConversionError {
            FileHandle.standardError.write(Data((MessageCatalogue.localise("gdconv: \(e)") + "\n").utf8))
            Foundation.exit(isUsage(e) ? Exit.usage : Exit.failed)
        } catch let e as ExitCode {
            Foundation.exit(e.rawValue)
        } catch {
            let code = exitCode(for: error)
            if code.isSuccess {
                print(fullMessage(for: error))
                Foundation.exit(Exit.ok)
            }
            FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
            Foundation.exit(Exit.usage)
        }
    }

    static func isUsage(_ e: ConversionError) -> Bool {
        switch e {
        case .usage, .unknownFormat: true
        default: false
        }
    }
}

/// Options shared by the commands that read reports.
struct ReadingOptions: ParsableArguments {
    @Option(name: [.short, .customLong("from")], help: H("Input format: \(Format.inputNames) (default: from the extension, else sniffed)."))
    var from: String?

    @Option(help: H("Read the tables as this template (2019 or 2021) instead of detecting it."))
    var template: String?

    @Option(name: .customLong("max-input-mb"), help: H("Refuse inputs larger than this many MB."))
    var maxInputMB: Int = 64

    @Option(name: .customLong("max-line-kb"), help: H("Refuse text inputs with a line longer than this many KB."))
    var maxLineKB: Int = 1024

    @Option(help: H("Read text in this encoding instead of detecting it (GB18030, GBK, UTF-16LE, BIG5, …)."))
    var encoding: String?

    func readerOptions(_ name: String) throws -> ReaderOptions {
        try checkEncoding()
        var o = ReaderOptions(template: try templateOverride(), sourceName: name, encoding: encoding)
        o.maxLineBytes = try maxLineBytes()
        o.maxInputBytes = try maxInputBytes()
        return o
    }

    /// An `--encoding` iconv does not know is a usage error (exit 2), found before any input is read.
    func checkEncoding() throws {
        guard let e = encoding else { return }
        let cd = iconv_open("UTF-8", e)
        if cd == iconv_t(bitPattern: -1) { throw ConversionError.usage("--encoding \(e): unknown encoding (try GB18030, GBK, BIG5, UTF-16LE)") }
        iconv_close(cd)
    }

    /// `--max-input-mb` in bytes; out of range (it once wrapped to "-1 MB") is a usage error.
    func maxInputBytes() throws -> Int {
        guard (1...1_048_576).contains(maxInputMB) else { throw ConversionError.usage("--max-input-mb must be between 1 and 1048576 (1 TB), not \(maxInputMB)") }
        return maxInputMB << 20
    }

    func maxLineBytes() throws -> Int {
        guard (1...1_048_576).contains(maxLineKB) else { throw ConversionError.usage("--max-line-kb must be between 1 and 1048576 (1 GB), not \(maxLineKB)") }
        return maxLineKB << 10
    }

    func inputFormat(for path: String) throws -> Format? {
        if let f = from {
            return try Format.require(f)
        }
        return path == "-" ? nil : Format.forPath(path)
    }

    func templateOverride() throws -> Template? {
        guard let t = template else { return nil }
        guard let v = Template(rawValue: t), v != .unknown else { throw ConversionError.usage("--template must be 2019 or 2021") }
        return v
    }
}

