import Foundation

/// Recognises the six section headings (一、总体情况 … 六、其他需要报告的事项) in any reader's
/// lines, including the variants seen in real reports (templates.md V8).
public enum SectionHeading {
    /// Every heading names its part with one of these characters (总体情况, 概述, 主动公开,
    /// 收到和处理/申请, 复议/诉讼, 存在/问题, 报告); normalisation leaves CJK ideographs alone
    /// except compatibility forms, so a line without any of them is no heading and skips the
    /// normalisation. Most lines of a page (menus, links) are rejected here.
    static let keyScalars: [UInt32] = "总概主收申复诉存问报".unicodeScalars.map(\.value).sorted()

    static func mayNameASection(_ text: String) -> Bool {
        for u in text.unicodeScalars {
            let v = u.value
            if v >= 0x4E00, keyScalars.sortedContains(v) { return true }
            // Radicals and compatibility ideographs become ideographs under NFKC: decide after it.
            if (0x2E80...0x2FDF).contains(v) || (0x3200...0x33FF).contains(v) || (0xF900...0xFAFF).contains(v)
                || (0x1F200...0x1F2FF).contains(v) || (0x2F800...0x2FA1F).contains(v) { return true }
        }
        return false
    }

    /// The heading's number and kind, or nil when the line is not a section heading.
    /// `text` is the line without markup (`## ` removed) and trimmed.
    public static func detect(_ text: String) -> (number: Int?, kind: SectionKind)? {
        // At most 60 scalars: decided by the byte count alone for most lines (a scalar is at
        // least one byte), the slow count only between 60 and 240 bytes.
        let bytes = text.utf8.count
        guard bytes <= 60 || (bytes <= 240 && text.scalarCount <= 60), !text.includes("|"), mayNameASection(text) else { return nil }
        var n = text.normalizedLabel
        let characters = n.characterCount
        guard characters <= 40, characters >= 3 else { return nil }
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
