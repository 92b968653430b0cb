import Foundation

/// Generates plausible reports with known field values, in any of the flattenings the text
/// reader supports: the property tests check `read(write(r)) == r` over them, and the
/// benchmark and bulk tests use them as input. Deterministic for a given seed.
public struct SyntheticReport: Sendable {
    /// The flattening to print the tables in.
    public enum Layout: String, CaseIterable, Sendable {
        /// One printed row per line (the seed's layout).
        case pipeRows
        /// One cell per line ending in ` |`, a lone `|` before each row.
        case cellLines
        /// Cell and `|` on alternating lines.
        case alternating
        /// One cell per line, blank lines between, no pipes.
        case bare
        /// The body on one line, every cell joined to the next with nothing between them (a
        /// crawler's archive: `行政许可3960181`), now and then a stray space. Values are made
        /// consistent (the identities hold), as in the reports this layout imitates.
        case collapsed

        /// The layouts every value of which reads back: all but `collapsed`, whose ambiguous
        /// cuts are left unbound by design.
        public static let lossless: [Layout] = [.pipeRows, .cellLines, .alternating, .bare]

        /// Whether the layout can express an empty cell.
        public var canWriteBlank: Bool { self == .pipeRows || self == .cellLines }
    }

    public let seed: UInt64
    public let template: Template
    public let layout: Layout
    /// The field values the text holds (key → cell text), all of the template's fields.
    public private(set) var values: [String: String] = [:]
    public private(set) var metadata = Metadata()
    /// The generated report text.
    public private(set) var text = ""

    struct RNG {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E3779B97F4A7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58476D1CE4E5B9
            z = (z ^ (z >> 27)) &* 0x94D049BB133111EB
            return z ^ (z >> 31)
        }
        mutating func int(_ r: ClosedRange<Int>) -> Int { r.lowerBound + Int(next() % UInt64(r.count)) }
        mutating func chance(_ p: Double) -> Bool { Double(next() % 10_000) / 10_000 < p }
    }

    static let agencies = ["德阳市罗江区教育局", "沭阳县人民政府", "益阳市大通湖区审计局", "昌图县七家子镇人民政府", "汉台区徐望镇人民政府", "武汉市汉阳区人民政府办公室", "石家庄市桥西区中山街道办事处"]

    /// `consistent`: values under which every identity holds (as in `collapsed`), for tests
    /// that add reports up or check them.
    public init(seed: UInt64, template: Template? = nil, layout: Layout? = nil, consistent: Bool = false) {
        self.seed = seed
        var rng = RNG(state: seed)
        let t = template ?? (rng.chance(0.5) ? .y2019 : .y2021)
        let l = layout ?? Layout.lossless[rng.int(0...3)]
        self.template = t
        self.layout = l
        let year = t == .y2019 ? rng.int(2019...2020) : rng.int(2021...2025)
        let agency = SyntheticReport.agencies[rng.int(0...(SyntheticReport.agencies.count - 1))]
        let published = String(format: "%04d-%02d-%02d", year + 1, rng.int(1...3), rng.int(1...28))
        metadata = Metadata(title: "\(agency)\(year)年政府信息公开工作年度报告", agency: agency, year: year, published: published, template: t)
        if l == .collapsed {
            values = SyntheticReport.consistentValues(t, rng: &rng)
            text = renderCollapsed(rng: &rng)
        } else if consistent {
            values = SyntheticReport.consistentValues(t, rng: &rng)
            text = render(rng: &rng)
        } else {
            for f in FieldRegistry.shared.fields(t) { values[f.key] = SyntheticReport.value(for: f, rng: &rng, blanks: l.canWriteBlank) }
            text = render(rng: &rng)
        }
    }

    static func value(for f: FieldDefinition, rng: inout RNG, blanks: Bool) -> String {
        if blanks, rng.chance(0.04) { return "" }
        if rng.chance(0.03) { return ["/", "-", "—", "无"][rng.int(0...3)] }
        switch f.kind {
        case .count: return String(rng.chance(0.6) ? 0 : rng.int(0...(rng.chance(0.9) ? 99 : 99_999)))
        case .signed: return String(rng.int(-50...50))
        case .amount:
            let whole = rng.int(0...99_999)
            let frac = rng.chance(0.5) ? "" : "." + String(rng.int(1...9999))
            let unit = f.template == .y2019 && rng.chance(0.3) ? "万元" : ""
            return "\(whole)\(frac)\(unit)"
        }
    }

    private func render(rng: inout RNG) -> String {
        let m = metadata
        var out = "\(m.title!)\n"
        let sentences = ["认真贯彻落实《中华人民共和国政府信息公开条例》，持续推进政务公开工作。", "进一步规范政府信息公开申请办理流程，提升答复质量。", "加强政府网站和政务新媒体建设，及时发布权威信息。"]
        func prose(_ n: Int) -> String { (0..<n).map { _ in sentences[rng.int(0...2)] }.joined() + "\n" }
        for kind in SectionKind.allCases where kind != .unknown {
            let n = kind.officialNumber!
            out += "\(["一", "二", "三", "四", "五", "六"][n - 1])、\(kind.officialTitle)\n"
            switch kind {
            case .overview: out += "\(m.year!)年，\(m.agency!)" + prose(2)
            case .active: out += tableText(.active)
            case .requests:
                if rng.chance(0.5) { out += prose(1) }
                out += tableText(.requests)
            case .litigation: out += tableText(.litigation)
            default: out += prose(1)
            }
        }
        let parts = m.published!.split(separator: "-").map { Int($0)! }
        out += "\(m.agency!)\n\(parts[0])年\(parts[1])月\(parts[2])日\n"
        return out
    }

    private func tableText(_ table: StandardTable) -> String {
        let rows = CanonicalLayout.rows(table, template: template, values: values)
        var out = ""
        for r in rows {
            var n = r.cells.count
            while n > 0, r.cells[n - 1].text.isEmpty, r.cells[n - 1].key == nil { n -= 1 }
            let cells = r.cells[..<n].map(\.text)
            switch layout {
            case .pipeRows:
                out += TextWriter.canonicalRow(r.cells)
            case .cellLines:
                out += "|\n" + cells.map { $0.isEmpty ? "|\n" : "\($0) |\n" }.joined()
            case .alternating:
                out += cells.map { "\($0)\n|\n" }.joined()
            case .bare:
                out += cells.map { "\($0)\n\n" }.joined()
            case .collapsed:
                out += cells.joined()
            }
        }
        return out
    }

    // MARK: - Collapsed

    /// Values under which every identity holds: leaf rows add up to （七）总计 and each row to
    /// its 总计, 一 + 二 = （七） + 四, each 复议诉讼 block to its 总计. Mostly zeros and small
    /// counts, now and then a large one, as real reports print.
    static func consistentValues(_ t: Template, rng: inout RNG) -> [String: String] {
        let reg = FieldRegistry.shared
        var v: [String: String] = [:]
        func count() -> Int { rng.chance(0.65) ? 0 : (rng.chance(0.9) ? rng.int(1...40) : rng.int(41...9_999)) }
        for f in reg.fields(t, table: .active) {
            switch f.kind {
            case .count: v[f.key] = String(count())
            case .signed: v[f.key] = String(rng.int(-50...50))
            case .amount:
                let frac = rng.chance(0.5) ? "" : "." + String(rng.int(1...99))
                v[f.key] = "\(rng.int(0...99_999))\(frac)" + (t == .y2019 && rng.chance(0.3) ? "万元" : "")
            }
        }
        let rows = reg.rows(t, table: .requests)
        guard let newRow = rows.first(where: { $0.key.hasSuffix(".new") }), let carried = rows.first(where: { $0.key.hasSuffix(".carried_over") }),
              let total = rows.first(where: { $0.key.hasSuffix(".outcome.total") }), let forward = rows.first(where: { $0.key.hasSuffix(".carried_forward") }) else { return v }
        let leaves = rows.filter { $0.key.contains(".outcome.") && $0.key != total.key }
        let columns = newRow.fields.count - 1
        var columnTotal = [Int](repeating: 0, count: columns)
        func setRow(_ r: RegistryRow, _ cells: [Int]) {
            for (i, x) in cells.enumerated() { v[r.fields[i].key] = String(x) }
            v[r.fields[columns].key] = String(cells.reduce(0, +))
        }
        for leaf in leaves {
            // Most leaves are empty rows; applicants are mostly natural persons.
            let cells = (0..<columns).map { c in rng.chance(c == 0 ? 0.5 : 0.1) ? count() : 0 }
            for (i, x) in cells.enumerated() { columnTotal[i] += x }
            setRow(leaf, cells)
        }
        setRow(total, columnTotal)
        let fwd = columnTotal.map { _ in rng.chance(0.7) ? 0 : rng.int(0...9) }
        let car = (0..<columns).map { i in rng.chance(0.7) ? 0 : rng.int(0...(columnTotal[i] + fwd[i])) }
        setRow(forward, fwd)
        setRow(carried, car)
        setRow(newRow, (0..<columns).map { columnTotal[$0] + fwd[$0] - car[$0] })
        for block in reg.rows(t, table: .litigation) {
            let cells = (0..<(block.fields.count - 1)).map { _ in rng.chance(0.6) ? 0 : rng.int(1...30) }
            for (i, x) in cells.enumerated() { v[block.fields[i].key] = String(x) }
            v[block.fields.last!.key] = String(cells.reduce(0, +))
        }
        return v
    }

    /// Title and archive lines, then the whole body on one line, cells joined with nothing
    /// and a stray space between about one cell in twenty.
    private func renderCollapsed(rng: inout RNG) -> String {
        let m = metadata
        var body = ""
        for kind in SectionKind.allCases where kind != .unknown {
            let n = kind.officialNumber!
            body += "\(["一", "二", "三", "四", "五", "六"][n - 1])、\(kind.officialTitle)"
            switch kind {
            case .overview: body += "\(m.year!)年，\(m.agency!)认真贯彻落实《中华人民共和国政府信息公开条例》，持续推进政务公开工作。"
            case .active, .requests, .litigation:
                for r in CanonicalLayout.rows(kind == .active ? .active : kind == .requests ? .requests : .litigation, template: template, values: values) {
                    for c in r.cells where !c.text.isEmpty {
                        if c.key != nil, rng.chance(0.05) { body += " " }
                        body += c.text
                    }
                }
            default: body += "进一步规范政府信息公开申请办理流程，提升答复质量。"
            }
        }
        return "标题: \(m.title!)\n发布时间: \(m.published!)\n==== 正文 ====\n\(m.title!)\(body)\n"
    }
}
