import Foundation
import GDConvCore

/// The words of the terminal output, in Chinese or English (from the locale).
public struct DiffWords: Sendable {
    let chinese: Bool
    public init(chinese: Bool) { self.chinese = chinese }

    /// Chinese when `LC_ALL`, `LC_MESSAGES` or `LANG` names a Chinese locale.
    public static func fromEnvironment(_ env: [String: String] = ProcessInfo.processInfo.environment) -> DiffWords {
        let locale = env["LC_ALL"].flatMap { $0.isEmpty ? nil : $0 } ?? env["LC_MESSAGES"].flatMap { $0.isEmpty ? nil : $0 } ?? env["LANG"] ?? ""
        return DiffWords(chinese: locale.lowercased().hasPrefix("zh"))
    }

    func w(_ en: String, _ zh: String) -> String { chinese ? zh : en }
}

extension ReportDiff {
    /// Aligned lines for a terminal: the changes table by table, then fields present in one
    /// report only, metadata, rules and the carry-over link.
    public func text(_ words: DiffWords = DiffWords(chinese: false)) -> String {
        let w = words.w
        var out = ""
        let changed = changes.filter { $0.kind == .changed }
        out += "\(oldName) → \(newName): " + (isEmpty ? w("no differences", "没有差异") : w("\(changed.count) field(s) differ", "\(changed.count) 项数值不同")) + "\n"
        if oldTemplate != newTemplate {
            out += w("templates \(oldTemplate) → \(newTemplate): only the fields both define are compared", "模板 \(oldTemplate) → \(newTemplate)：只比较两版都有的项") + "\n"
        }
        var rows: [[String]] = []
        var lastTable = ""
        for c in changed {
            if c.table != lastTable { rows.append(["\u{1}" + c.table]); lastTable = c.table }
            let label = ([c.group, c.row].filter { !$0.isEmpty }.joined(separator: " ") + " · " + c.column)
            rows.append(["  " + label, c.old ?? "", "→", c.new ?? "", c.change.map(Self.signed) ?? "", c.percent.map { Self.signed($0) + "%" } ?? ""])
        }
        out += Self.aligned(rows)
        let onlyOld = changes.filter { $0.kind == .onlyOld }, onlyNew = changes.filter { $0.kind == .onlyNew }
        for (list, title) in [(onlyOld, w("only in \(oldName)", "仅 \(oldName) 有")), (onlyNew, w("only in \(newName)", "仅 \(newName) 有"))] where !list.isEmpty {
            out += "\(title) (\(list.count)):\n"
            out += Self.aligned(list.map { ["  " + [$0.group, $0.row].filter { !$0.isEmpty }.joined(separator: " ") + " · " + $0.column, $0.old ?? $0.new ?? ""] })
        }
        if !notComparable.isEmpty {
            out += w("not comparable (one template only)", "不可比（仅一版模板有）") + " (\(notComparable.count)): " + notComparable.prefix(8).joined(separator: ", ") + (notComparable.count > 8 ? ", …" : "") + "\n"
        }
        if !metadata.isEmpty {
            out += w("metadata", "基本信息") + ":\n"
            out += Self.aligned(metadata.map { ["  " + $0.name, $0.old ?? "—", "→", $0.new ?? "—"] })
        }
        if !rules.isEmpty {
            out += w("rules", "校验") + ":\n"
            out += Self.aligned(rules.map { ["  " + $0.rule, $0.old, "→", $0.new, $0.message] })
        }
        if !carryOver.isEmpty {
            out += w("carry-over (二、上年结转 of \(newName) against 四、结转下年度继续办理 of \(oldName))", "结转（\(newName) 的二、上年结转 对 \(oldName) 的四、结转下年度继续办理）") + ":\n"
            out += Self.aligned(carryOver.map { ["  " + $0.column, $0.oldCarriedForward ?? "—", "→", $0.newCarriedOver ?? "—", $0.agrees.map { $0 ? "✓" : w("✗ differs", "✗ 不一致") } ?? ""] })
        }
        return out
    }

    static func signed(_ d: Decimal) -> String { (d > 0 ? "+" : "") + Quantity.text(d) }

    /// Columns padded to their widest cell, counting a CJK character as two columns. A row
    /// starting with U+0001 is a heading printed as it is.
    static func aligned(_ rows: [[String]]) -> String {
        var widths: [Int] = []
        for r in rows where !(r.first?.hasPrefix("\u{1}") ?? false) {
            for (i, c) in r.enumerated() {
                if widths.count <= i { widths.append(0) }
                widths[i] = max(widths[i], width(c))
            }
        }
        var out = ""
        for r in rows {
            if let f = r.first, f.hasPrefix("\u{1}") { out += String(f.dropFirst()) + "\n"; continue }
            var line = ""
            for (i, c) in r.enumerated() {
                let pad = String(repeating: " ", count: max(0, widths[i] - width(c)))
                // Labels and text left-aligned, numbers right-aligned.
                let numeric = c.first.map { "0123456789+-.".contains($0) } ?? false
                line += i == 0 || !numeric ? c + pad : pad + c
                if i < r.count - 1 { line += "  " }
            }
            while line.hasSuffix(" ") { line.removeLast() }
            out += line + "\n"
        }
        return out
    }

    /// Terminal columns: East Asian wide characters take two.
    static func width(_ s: String) -> Int {
        s.unicodeScalars.reduce(0) { n, c in
            let v = c.value
            let wide = (0x1100...0x115F).contains(v) || (0x2E80...0xA4CF).contains(v) || (0xAC00...0xD7A3).contains(v) || (0xF900...0xFAFF).contains(v) || (0xFE30...0xFE4F).contains(v) || (0xFF00...0xFF60).contains(v) || (0xFFE0...0xFFE6).contains(v)
            return n + (wide ? 2 : 1)
        }
    }

    /// The JSON form (`{"old": …, "changes": [{key, old, new, change, percent, …}], …}`).
    public func json() throws -> Data {
        let e = JSONEncoder()
        e.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try e.encode(self)
    }
}
