import Foundation

/// Recognises the six section headings (一、总体情况 … 六、其他需要报告的事项) in any reader's
/// lines, including the variants seen in real reports (templates.md V8).
public enum SectionHeading {
    /// The heading's number and kind, or nil when the line is not a section heading.
    /// `text` is the line without markup (`## ` removed) and trimmed.
    public static func detect(_ text: String) -> (number: Int?, kind: SectionKind)? {
        guard text.unicodeScalars.count <= 60, !text.includes("|") else { return nil }
        var n = text.normalizedLabel
        guard n.count <= 40, n.count >= 3 else { return nil }
        while n.hasPrefix("、") || n.hasPrefix(".") { n.removeFirst() }
        let (numbering, core) = LabelMatcher.splitNumbering(n)
        if let numbering, numbering.level != .top { return nil }
        // Table 2's own 一/二/三/四 rows are not headings.
        for rowWord in ["数量", "办理结果", "结转下年度", "继续办理"] where core.includes(rowWord) { return nil }
        if core.hasSuffix("。") { return nil }
        let kind: SectionKind
        if core.hasPrefix("总体情况") || core == "概述" {
            kind = .overview
        } else if core.includes("主动公开") {
            kind = .active
        } else if core.includes("收到和处理") || (core.includes("申请") && core.hasSuffix("情况")) {
            kind = .requests
        } else if core.includes("复议") || core.includes("行政诉讼") {
            kind = .litigation
        } else if core.includes("存在的主要问题") || core.includes("存在问题") || core.includes("主要问题") {
            kind = .problems
        } else if core.includes("其他需要报告") {
            kind = .other
        } else {
            return nil
        }
        if numbering == nil {
            // Without a number only the official wording itself counts as a heading.
            let official = kind.officialTitle.normalizedLabel
            guard core == official || core == official.replacingOccurrences(of: "情况", with: "工作情况") else { return nil }
        }
        return (numbering?.number, kind)
    }
}
