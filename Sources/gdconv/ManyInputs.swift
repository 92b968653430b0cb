import ArgumentParser
import Foundation
import GDConvKit

/// Options of the commands that take many inputs.
struct ManyInputs: ParsableArguments {
    @Option(name: .customLong("files-from"), help: H("Read input paths from this file (- for standard input), one per line."))
    var filesFrom: String?

    @Flag(name: [.customShort("0"), .customLong("null")], help: H("With --files-from: paths are NUL-separated (find -print0)."))
    var nul = false

    @Option(name: .shortAndLong, help: H("Parallel workers (default: the number of cores)."))
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    func validate() throws {
        if jobs < 1 { throw ValidationError("--jobs must be at least 1") }
    }

    /// The paths of `--files-from`, in order.
    func listed() throws -> [String] {
        guard let list = filesFrom else { return [] }
        let data = list == "-" ? FileHandle.standardInput.readDataToEndOfFile() : try Conversion().load(list)
        return String(decoding: data, as: UTF8.self).split(separator: nul ? "\0" : "\n", omittingEmptySubsequences: true)
            .map { String($0).trimmingCharacters(in: nul ? [] : .init(charactersIn: "\r")) }.filter { !$0.isEmpty }
    }
}

/// Results of a parallel chunk, kept in input order (collect, sum).
final class OrderedResults<T: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var items: [Result<T, ResultMessage>?]
    init(count: Int) { items = Array(repeating: nil, count: count) }
    func set(_ i: Int, _ r: Result<T, ResultMessage>) { lock.lock(); items[i] = r; lock.unlock() }
}

/// An error as the message a summary prints.
struct ResultMessage: Error, Sendable { let text: String }

/// Help text in the language of the messages (`--lang`, the locale): the English is the key
/// into the one message catalogue.
func T(_ en: String) -> String { MessageCatalogue.text(en) }
func H(_ en: String) -> ArgumentHelp { ArgumentHelp(T(en)) }
