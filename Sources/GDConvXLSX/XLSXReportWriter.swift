import Foundation
import GDConvCore

/// Writes the report as a workbook that looks like the official form: a sheet of metadata and
/// prose, one sheet per standard table in its template's layout (merged headers, borders,
/// SimSun, A4 one page wide), a tidy data sheet whose values are formulas over the form cells,
/// a check sheet that recomputes the 勾稽关系 live, unknown tables on their own sheets, and a
/// hidden sheet holding the model, so prose and layout come back exactly.
public struct XLSXReportWriter: FileReportWriter {
    /// How the hidden sheet holds the model (the JSON document, given by the format list).
    public let modelCodec: any ModelCodec

    public init(modelCodec: any ModelCodec) { self.modelCodec = modelCodec }

    static let sheetNames: [StandardTable: String] = [.active: "主动公开", .requests: "依申请", .litigation: "复议诉讼"]
    static let modelSheet = "_gdconv"
    static let dataSheet = "数据"
    static let checkSheet = "校验"
    static let proseSheet = "报告"

    /// The workbook's bytes, through a temporary file (libxlsxwriter writes only to files).
    public func write(_ report: Report, options: WriterOptions) throws -> Data {
        let tmp = FileManager.default.temporaryDirectory.appendingPathComponent("gdconv-\(UUID().uuidString).xlsx").path
        defer { try? FileManager.default.removeItem(atPath: tmp) }
        try write(report, options: options, toFile: tmp)
        guard let data = FileManager.default.contents(atPath: tmp) else { throw ConversionError.io(path: tmp, message: "cannot read the written workbook") }
        return data
    }

    /// Writes the workbook to `path`.
    public func write(_ report: Report, options: WriterOptions, toFile tmp: String) throws {
        let wb = try XLSXWorkbook(path: tmp)
        let m = report.metadata
        let created = m.published.flatMap(XLSXReportWriter.noonUTC)
        wb.setProperties(title: m.title ?? m.agency.map { "\($0)政府信息公开工作年度报告" }, author: m.agency, created: created)

        try writeProse(report, wb)
        let plan = XLSXWorkbookPlan.of(m.template)
        let cells = report.fieldTable
        for (table, form) in plan.forms {
            let sheet = try wb.addSheet(XLSXReportWriter.sheetNames[table]!)
            try writeForm(form, cells, sheet, wb, annotations: options.annotations)
        }
        try writeData(plan, cells, wb)
        try writeChecks(plan, cells, wb)
        var n = 0
        for t in report.allTables where t.kind == nil || t.rows.contains(where: { $0.role == .unrecognised }) {
            n += 1
            try writeUnknown(t, name: "表格\(n)", wb)
        }
        // The model itself, for a lossless read back (the form sheets stay the truth for values).
        let model = try wb.addSheet(XLSXReportWriter.modelSheet)
        // In cells of at most 30,000 characters (Excel's limit is 32,767), cut on the bytes at
        // a character's first byte: at most 30,000 bytes, so at most 30,000 characters.
        let json = modelCodec.encode(report)
        var row = 0
        var start = 0
        while start < json.count {
            var end = min(start + 30_000, json.count)
            while end < json.count, json[end] & 0xC0 == 0x80 { end -= 1 }
            model.utf8(row, 0, json[start..<end])
            start = end
            row += 1
        }
        model.hide()
        try model.throwIfFailed()
        try wb.close()
    }

    /// `YYYY-MM-DD` at 12:00 UTC (the same calendar day wherever the file is opened), computed
    /// arithmetically: DateFormatter is not safe to use from parallel workers.
    static func noonUTC(_ ymd: String) -> Date? {
        let p = ymd.split(separator: "-").compactMap { Int($0) }
        guard p.count == 3, (1...12).contains(p[1]), (1...31).contains(p[2]) else { return nil }
        // Days from the civil date (H. Hinnant's algorithm).
        let y = p[1] <= 2 ? p[0] - 1 : p[0]
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (p[1] + 9) % 12
        let doy = (153 * mp + 2) / 5 + p[2] - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        let days = era * 146_097 + doe - 719_468
        return Date(timeIntervalSince1970: TimeInterval(days * 86_400 + 12 * 3600))
    }

    func writeProse(_ report: Report, _ wb: XLSXWorkbook) throws {
        let s = try wb.addSheet(XLSXReportWriter.proseSheet)
        let m = report.metadata
        s.column(0, width: 16)
        s.column(1, width: 90)
        var r = 0
        s.string(r, 0, m.title ?? "政府信息公开工作年度报告", wb.style(.title)); r += 2
        for (k, v) in [("发布机关", m.agency), ("报告年度", m.year.map(String.init)), ("发布日期", m.published), ("模板", m.template.rawValue)] {
            s.string(r, 0, k, wb.style(.heading))
            let ymd = k == "发布日期" ? v.map { $0.split(separator: "-").compactMap { Int($0) } } : nil
            if let d = ymd, d.count == 3, (1900...9999).contains(d[0]) {
                s.date(r, 1, year: d[0], month: d[1], day: d[2], wb.style(.date))
            } else if let v {
                s.string(r, 1, v, wb.style(.plain))
            }
            r += 1
        }
        r += 1
        func lines(_ blocks: [Block]) {
            for b in blocks {
                switch b {
                case .paragraph(let l) where !l.text.isEmpty:
                    // Markdown heading marks of a flattened source (`### (一)…`) are not text a
                    // reader of the form should see; the model keeps the line as written.
                    var shown = Substring(l.text)
                    while shown.hasPrefix("#") { shown = shown.dropFirst() }
                    let text = shown.trimmingCharacters(in: .whitespaces)
                    s.string(r, 1, text.isEmpty ? l.text : text, wb.style(.prose))
                    s.rowHeight(r, XLSXSheet.wrappedHeight(l.text, width: 90))
                    r += 1
                case .table(let t) where t.kind != nil:
                    s.string(r, 1, "（见工作表「\(XLSXReportWriter.sheetNames[t.kind!]!)」）", wb.style(.plain)); r += 1
                default: break
                }
            }
        }
        lines(report.front)
        for sec in report.sections {
            s.string(r, 0, sec.kind == .unknown ? "" : "第\(sec.number.map(String.init) ?? "")部分", wb.style(.plain))
            s.string(r, 1, sec.heading.text, wb.style(.heading)); r += 1
            lines(sec.blocks)
        }
        s.printSetup(landscape: false)
        try s.throwIfFailed()
    }

    func writeForm(_ form: OfficialForm, _ cells: FieldTable, _ s: XLSXSheet, _ wb: XLSXWorkbook, annotations: [String: String] = [:]) throws {
        var widths = Array(repeating: 6.0, count: form.columns)
        for p in form.cells {
            switch p.content {
            case .label(let text):
                let f = wb.style(p.isHeader ? .header : .label)
                if p.rowSpan > 1 || p.colSpan > 1 {
                    s.merge(p.row, p.col, p.row + p.rowSpan - 1, p.col + p.colSpan - 1, text, f)
                } else {
                    s.string(p.row, p.col, text, f)
                }
                if p.colSpan == 1 && p.rowSpan == 1 || !p.isHeader && p.colSpan == 1 {
                    // Item labels get the room they need (they would wrap into unreadable rows);
                    // group labels spanning rows and header words wrap within a narrower column.
                    let cap: Double = p.isHeader || p.rowSpan > 1 ? 14 : 50
                    widths[p.col] = max(widths[p.col], min(displayWidth(text) * 1.05 + 2, cap))
                }
            case .field(let key):
                let cell = cells[key]
                let reading = cell?.reading
                let unit = reading?.number?.unit
                let note = annotations[key]
                let f = wb.style(note != nil ? .changed : cell == nil ? .absent : .value, unit: unit)
                if let note { s.comment(p.row, p.col, note) }
                if p.colSpan > 1 { s.merge(p.row, p.col, p.row, p.col + p.colSpan - 1, "", f) }
                switch reading {
                case .number(let n)?: s.number(p.row, p.col, Double(n.literal) ?? 0, f)
                case .placeholder(let t)?, .text(let t)?: s.string(p.row, p.col, t, f)
                case .blank?, nil: s.blank(p.row, p.col, f)
                }
                if let t = cell?.text { widths[p.col] = max(widths[p.col], displayWidth(t) + 2) }
            }
        }
        for (c, w) in widths.enumerated() { s.column(c, width: w) }
        // Rows of long labels (（六）其他处理's items) get the height their wrapped text needs.
        var heights: [Int: Double] = [:]
        for p in form.cells where p.rowSpan == 1 {
            guard case .label(let text) = p.content else { continue }
            let width = widths[p.col..<min(p.col + p.colSpan, widths.count)].reduce(0, +)
            let h = XLSXSheet.wrappedHeight(text, width: width)
            if h > 15 { heights[p.row] = max(heights[p.row] ?? 0, h) }
        }
        for (r, h) in heights { s.rowHeight(r, h) }
        // What the cell styles mean, under the form.
        let legend = form.rowCount + 1
        s.blank(legend, 0, wb.style(.absent))
        s.string(legend, 1, "原文没有此项（缺失，不是 0）", wb.style(.plain))
        s.blank(legend + 1, 0, wb.style(.value))
        s.string(legend + 1, 1, "空白格：原文此格为空（不是 0）；数字、“—”“/”等照原文填写", wb.style(.plain))
        if !annotations.isEmpty {
            s.blank(legend + 2, 0, wb.style(.changed))
            s.string(legend + 2, 1, "与对比的报告不同（批注为对比报告的值）", wb.style(.plain))
        }
        if form.headerRows > 0 { s.freeze(rows: form.headerRows, cols: form.table == .requests ? 3 : 0) }
        s.printSetup(landscape: form.table != .active)
        try s.throwIfFailed()
    }

    /// The tidy sheet: one row per field; the value is a formula over the form cell, so it stays
    /// right when a person edits the form.
    func writeData(_ plan: XLSXWorkbookPlan, _ cells: FieldTable, _ wb: XLSXWorkbook) throws {
        let s = try wb.addSheet(XLSXReportWriter.dataSheet)
        // Chinese headers (the field key column keeps its English name: it is the key).
        let head = ["字段键 key", "表格", "分组", "行", "列", "数值", "原文"]
        for (i, h) in head.enumerated() { s.string(0, i, h, wb.style(.header)) }
        for (i, w) in [40.0, 10, 30, 40, 24, 12, 16].enumerated() { s.column(i, width: w) }
        let plain = wb.style(.plain)
        var r = 1
        for d in plan.dataRows {
            for (i, v) in d.labels.enumerated() { s.string(r, i, v, plain) }
            let cell = cells[d.field]
            switch cell?.reading {
            case .number(let n)?: s.formula(r, 5, d.formula, number: Double(n.literal) ?? 0, plain)
            case .placeholder(let t)?, .text(let t)?: s.formula(r, 5, d.formula, string: t, plain)
            default: s.formula(r, 5, d.formula, string: "", plain)
            }
            if let c = cell { s.string(r, 6, c.text, plain) }
            r += 1
        }
        s.freeze(rows: 1, cols: 1)
        s.autofilter(lastRow: r - 1, lastColumn: head.count - 1)
        // Printed one page wide, the header on every page (it took 20 pages before).
        s.printSetup(landscape: true)
        s.repeatHeaderRow()
        try s.throwIfFailed()
    }

    /// The 勾稽关系 as formulas over the form cells, red when they fail.
    func writeChecks(_ plan: XLSXWorkbookPlan, _ cells: FieldTable, _ wb: XLSXWorkbook) throws {
        let s = try wb.addSheet(XLSXReportWriter.checkSheet)
        for (i, h) in ["规则", "对象", "左边", "右边", "差额", "结果"].enumerated() { s.string(0, i, h, wb.style(.header)) }
        for (i, w) in [18.0, 44, 12, 12, 10, 10].enumerated() { s.column(i, width: w) }
        let style = wb.style(.check)
        var r = 1
        for c in plan.checkRows {
            let left = IdentitySum(c.lhs.map { cells[$0]?.reading.number }), right = IdentitySum(c.rhs.map { cells[$0]?.reading.number })
            let status = !(left.complete && right.complete) ? "无法判断" : left.equals(right) ? "通过" : "不符"
            s.string(r, 0, c.rule, style)
            s.string(r, 1, c.subject, style)
            s.formula(r, 2, c.leftSum, number: left.double, style)
            s.formula(r, 3, c.rightSum, number: right.double, style)
            s.formula(r, 4, c.difference, number: left.difference(right), style)
            s.formula(r, 5, c.verdict, string: status, style)
            r += 1
        }
        if r > 1 { s.highlight(1, 5, r - 1, equalTo: "不符", wb.style(.red)) }
        s.freeze(rows: 1, cols: 0)
        // One page wide, so a 不符 is printed beside its rule.
        s.printSetup(landscape: true)
        s.repeatHeaderRow()
        try s.throwIfFailed()
    }

    func writeUnknown(_ t: Table, name: String, _ wb: XLSXWorkbook) throws {
        let s = try wb.addSheet(name)
        var r = 0
        var widths: [Int: Double] = [:]
        for row in t.rows where t.kind == nil || row.role == .unrecognised {
            for (c, cell) in row.cells.enumerated() {
                if let n = CellReading(text: cell.text).number, n.unit == nil, let d = Double(n.literal) { s.number(r, c, d, wb.style(.value)) } else { s.string(r, c, cell.text, wb.style(.label)) }
                widths[c] = max(widths[c] ?? 6, min(displayWidth(cell.text) + 2, 40))
            }
            r += 1
        }
        for (c, w) in widths { s.column(c, width: w) }
        try s.throwIfFailed()
    }
}

/// A dataset as a workbook: one sheet, a header row, numbers as numeric cells.
public enum DatasetWorkbook {
    public static func data(header: [String], rows: [[String]]) throws -> Data {
        let tmp = FileManager.default.temporaryDirectory.appendingPathComponent("gdconv-\(UUID().uuidString).xlsx").path
        defer { try? FileManager.default.removeItem(atPath: tmp) }
        let wb = try XLSXWorkbook(path: tmp)
        wb.setProperties(title: "gdconv dataset", author: nil, created: nil)
        let s = try wb.addSheet("dataset")
        for (c, h) in header.enumerated() { s.string(0, c, h, wb.style(.header)) }
        for (r, row) in rows.enumerated() {
            for (c, v) in row.enumerated() where !v.isEmpty {
                if c >= 5, c < header.count - 3, let n = CellReading(text: v).number, n.unit == nil, let d = Double(n.literal) {
                    s.number(r + 1, c, d, nil)
                } else if header[c] == "year" || header[c] == "checksFailed" || header[c] == "checksNotAssessable", let d = Double(v) {
                    s.number(r + 1, c, d, nil)
                } else {
                    s.string(r + 1, c, v, nil)
                }
            }
        }
        s.freeze(rows: 1, cols: 1)
        try s.throwIfFailed()
        try wb.close()
        guard let data = FileManager.default.contents(atPath: tmp) else { throw ConversionError.io(path: tmp, message: "cannot read the written workbook") }
        return data
    }
}
