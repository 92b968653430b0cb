import Foundation
@_exported import GDConvModel

/// How serious a diagnostic is.
public enum Severity: String, Sendable, Hashable, Codable, Comparable {
    case note, warning, error

    private var rank: Int { self == .note ? 0 : self == .warning ? 1 : 2 }
    public static func < (a: Severity, b: Severity) -> Bool { a.rank < b.rank }
}

/// A recoverable finding about an input: a warning from a reader, or a check result.
/// Fatal problems are `ConversionError`s instead.
public struct Diagnostic: Sendable, Hashable, CustomStringConvertible {
    /// How serious it is.
    public var severity: Severity
    /// A short stable category or rule id (`row-width`, `template`, `BALANCE`).
    public var category: String
    /// What happened, in one sentence.
    public var message: String
    /// Where, when known.
    public var location: SourceLocation?

    public init(_ severity: Severity, _ category: String, _ message: String, at location: SourceLocation? = nil) {
        self.severity = severity
        self.category = category
        self.message = message
        self.location = location
    }

    public var description: String { rendered(file: nil) }

    /// `file:12:5: warning: [row-width] 8 values, expected 7`, as compilers print.
    public func rendered(file: String?) -> String {
        var place = file ?? ""
        if let l = location {
            place += place.isEmpty ? "\(l)" : ":\(l)"
        }
        return (place.isEmpty ? "" : place + ": ") + "\(severity.rawValue): [\(category)] \(message)"
    }
}

/// Collects diagnostics while a reader works, separately from fatal errors.
/// At most `perCategory` diagnostics of one category are kept; the rest are counted and summed
/// up in one line (a 10 MB line of cells once printed 2.6 million warnings).
public final class DiagnosticCollector: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [Diagnostic] = []
    private var counts: [String: Int] = [:]
    private var suppressed: [(category: String, severity: Severity, count: Int)] = []
    public let perCategory: Int

    public init(perCategory: Int = 100) { self.perCategory = perCategory }

    public func emit(_ d: Diagnostic) {
        lock.lock(); defer { lock.unlock() }
        let n = counts[d.category, default: 0] + 1
        counts[d.category] = n
        if n <= perCategory { items.append(d); return }
        if let i = suppressed.firstIndex(where: { $0.category == d.category }) {
            suppressed[i].count += 1
            if d.severity > suppressed[i].severity { suppressed[i].severity = d.severity }
        } else {
            suppressed.append((d.category, d.severity, 1))
        }
    }

    public func warning(_ category: String, _ message: String, at location: SourceLocation? = nil) {
        emit(Diagnostic(.warning, category, message, at: location))
    }

    public func note(_ category: String, _ message: String, at location: SourceLocation? = nil) {
        emit(Diagnostic(.note, category, message, at: location))
    }

    public var diagnostics: [Diagnostic] {
        lock.lock(); defer { lock.unlock() }
        return items + suppressed.map { Diagnostic($0.severity, $0.category, "… and \($0.count) more like these, not shown") }
    }
}

/// The one fatal error type: the conversion cannot go on.
public enum ConversionError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The format name or file extension is not one gdconv knows.
    case unknownFormat(String)
    /// The format is known but this direction is not implemented yet.
    case unsupported(String)
    /// The input is malformed at a place.
    case malformed(file: String, location: SourceLocation?, message: String)
    /// A configured limit was exceeded.
    case limitExceeded(file: String, message: String)
    /// A C library reported an error.
    case library(name: String, message: String)
    /// Reading or writing a file failed.
    case io(path: String, message: String)
    /// The command line asked for something impossible.
    case usage(String)

    public var description: String {
        switch self {
        case .unknownFormat(let f): "unknown format '\(f)' (see --help for the known ones)"
        case .unsupported(let m): m
        case .malformed(let f, let l, let m): l.map { "\(f):\($0): error: \(m)" } ?? "\(f): error: \(m)"
        case .limitExceeded(let f, let m): "\(f): error: \(m)"
        case .library(let n, let m): "\(n): \(m)"
        case .io(let p, let m): "\(p): \(m)"
        case .usage(let m): m
        }
    }
}

/// What a person reads after a conversion: the reader's warnings and the failed rules as one
/// list, one line per problem. A reader warning that a failed structure rule says again
/// (`missing-table` and `STRUCTURE-TABLE`, `truncated` and `STRUCTURE-ROW`) is left out: the rule
/// line, with its stable id, stays. A category that repeats (31 label-only rows) keeps its
/// first line and one line naming where the others are.
public enum DiagnosticDigest {
    public static func merge(_ reader: [Diagnostic], failed: [CheckResult], repeatLimit: Int = 3) -> [Diagnostic] {
        func tables(_ rule: String) -> [String] {
            failed.filter { $0.rule == rule }.compactMap { r in StandardTable.allCases.first { r.message.contains("table \($0.rawValue)") }?.rawValue }
        }
        let missingTables = tables("STRUCTURE-TABLE"), truncatedTables = tables("STRUCTURE-ROW")
        let kept = reader.filter { d in
            switch d.category {
            case "missing-table": !missingTables.contains { d.message.contains("table \($0)") }
            case "truncated": !truncatedTables.contains { d.message.contains("table \($0)") }
            default: true
            }
        }
        var byCategory: [String: [Diagnostic]] = [:]
        for d in kept { byCategory[d.category, default: []].append(d) }
        var out: [Diagnostic] = []
        var summarised = Set<String>()
        for d in kept {
            let group = byCategory[d.category]!
            guard group.count > repeatLimit else { out.append(d); continue }
            guard summarised.insert(d.category).inserted else { continue }
            out.append(d)
            let rest = group.dropFirst()
            let places = rest.compactMap { $0.location?.description }
            let shown = places.prefix(12).joined(separator: ", ") + (places.count > 12 ? ", …" : "")
            out.append(Diagnostic(d.severity, d.category, "\(rest.count) more like this\(places.isEmpty ? "" : " (at \(shown))")", at: nil))
        }
        return out + failed.map(\.diagnostic)
    }
}
