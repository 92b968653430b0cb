import Foundation

extension Metadata {
    /// The publisher as one normalised name, for grouping one agency's reports across years
    /// (`collect`'s `publisher` column, CARRYOVER). The same publisher signs as 平潭综合实验区,
    /// 平潭综合实验区管委会 or 平潭综合实验区管委会办公室 in different years, but titles every
    /// report `平潭综合实验区20XX年度政府信息公开工作年度报告`: the title's subject is the name
    /// the report gives itself, so it wins; the agency as written is the fallback. `agency` keeps
    /// the name as written. Abbreviations are expanded (管委会 → 管理委员会, 县政府 →
    /// 县人民政府) and white space removed; nil when neither names anyone.
    public var publisher: String? {
        let name = title.flatMap(Metadata.titleSubject) ?? agency
        guard let n = name.map(Metadata.normaliseAgency), n.count >= 2 else { return nil }
        return n
    }

    /// `平潭综合实验区` in `平潭综合实验区2024年度政府信息公开工作年度报告`, `上海市人民政府办公厅`
    /// in `2025 年上海市人民政府办公厅政府信息公开工作年度报告`; nil when the title names no one.
    static func titleSubject(_ title: String) -> String? {
        let t = String(String.UnicodeScalarView(title.unicodeScalars.filter { !$0.properties.isWhitespace }))
        let u = Array(t.unicodeScalars)
        // The year: four digits and 年.
        var yearStart: Int? = nil, yearEnd = 0
        var i = 0
        while i + 4 < u.count {
            if (i..<(i + 4)).allSatisfy({ ("0"..."9").contains(u[$0]) }), u[i + 4] == "年", i == 0 || !("0"..."9").contains(u[i - 1]) {
                yearStart = i
                yearEnd = i + 5
                if yearEnd < u.count, u[yearEnd] == "度" { yearEnd += 1 }
                break
            }
            i += 1
        }
        guard let ys = yearStart else { return nil }
        let before = String(String.UnicodeScalarView(u[..<ys]))
        if before.count >= 2 { return before }
        let after = String(String.UnicodeScalarView(u[yearEnd...]))
        guard let r = after.range(of: "政府信息公开") else { return nil }
        let subject = String(after[..<r.lowerBound])
        return subject.count >= 2 ? subject : nil
    }

    static func normaliseAgency(_ s: String) -> String {
        var n = String(String.UnicodeScalarView(s.unicodeScalars.filter { !$0.properties.isWhitespace }))
        n = n.replacingOccurrences(of: "管委会", with: "管理委员会")
        for level in ["省", "市", "县", "区", "州", "旗", "镇", "乡"] {
            n = n.replacingOccurrences(of: level + "政府", with: level + "人民政府")
        }
        return n
    }
}
