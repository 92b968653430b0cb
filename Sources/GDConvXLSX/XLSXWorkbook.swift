import Foundation
import GDConvCore
internal import CXLSXWriter
internal import CReentrantTime

/// One libxlsxwriter workbook. `close()` writes the file; `workbook_close` is called exactly
/// once, by `close()` or by `deinit` when an error left the workbook unfinished.
final class XLSXWorkbook {
    private var workbook: UnsafeMutablePointer<lxw_workbook>?
    private var formats: [String: UnsafeMutablePointer<lxw_format>] = [:]
    let path: String

    init(path: String) throws {
        self.path = path
        guard let wb = workbook_new(path) else { throw ConversionError.library(name: "libxlsxwriter", message: "cannot create a workbook at \(path)") }
        workbook = wb
    }

    deinit { if let wb = workbook { workbook_close(wb) } }

    /// libxlsxwriter formats docProps/core.xml's dates with `gmtime`, whose C result is one
    /// static buffer per process; `CReentrantTime` gives the process a per-thread `gmtime`, so
    /// workbooks close in parallel (no lock). Checked once per process that it is in place.
    static let reentrantTimeLinked: Bool = gdconv_reentrant_time_linked() == 1

    func close() throws {
        guard let wb = workbook else { return }
        workbook = nil
        _ = XLSXWorkbook.reentrantTimeLinked
        let rc = workbook_close(wb)
        if rc != LXW_NO_ERROR { throw ConversionError.library(name: "libxlsxwriter", message: String(cString: lxw_strerror(rc))) }
    }

    func addSheet(_ name: String) throws -> XLSXSheet {
        guard let wb = workbook else { throw ConversionError.library(name: "libxlsxwriter", message: "workbook closed") }
        let rc = workbook_validate_sheet_name(wb, name)
        guard rc == LXW_NO_ERROR, let ws = workbook_add_worksheet(wb, name) else {
            throw ConversionError.library(name: "libxlsxwriter", message: "sheet name '\(name)': \(String(cString: lxw_strerror(rc)))")
        }
        return XLSXSheet(ws, workbook: self)
    }

    /// 1980-01-01T00:00:00Z: the creation time of a workbook whose report has no publication date.
    static let reproducibleEpoch: TimeInterval = 315_532_800

    func setProperties(title: String?, author: String?, created: Date?) {
        guard let wb = workbook else { return }
        var props = lxw_doc_properties()
        let t = strdup(title ?? ""), a = strdup(author ?? ""), c = strdup("gdconv")
        defer { free(t); free(a); free(c) }
        props.title = t
        props.author = a
        props.comments = c
        // libxlsxwriter stamps "now" when `created` is 0, which made two runs over the same input
        // differ; a report without a publication date gets a fixed epoch (1980-01-01, the zip epoch).
        props.created = time_t(created?.timeIntervalSince1970 ?? XLSXWorkbook.reproducibleEpoch)
        workbook_set_properties(wb, &props)
    }

    /// A format, built once per distinct description.
    func format(_ key: String, _ configure: (UnsafeMutablePointer<lxw_format>) -> Void) -> UnsafeMutablePointer<lxw_format>? {
        if let f = formats[key] { return f }
        guard let wb = workbook, let f = workbook_add_format(wb) else { return nil }
        configure(f)
        formats[key] = f
        return f
    }

    enum Style: Hashable { case title, header, label, value, absent, changed, prose, heading, plain, date, check, red }

    func style(_ s: Style, unit: String? = nil) -> UnsafeMutablePointer<lxw_format>? {
        // Keyed by value: interpolating the enum went through reflection on every cell.
        let key = StyleKey(style: s, unit: unit)
        if let f = styles[key] { return f }
        let f = format("\(s)|\(unit ?? "")") { f in
            format_set_font_name(f, "宋体")
            format_set_font_size(f, 11)
            switch s {
            case .title: format_set_bold(f); format_set_font_size(f, 16)
            case .heading: format_set_bold(f); format_set_font_size(f, 12)
            case .prose: format_set_text_wrap(f); format_set_align(f, UInt8(LXW_ALIGN_VERTICAL_TOP.rawValue))
            case .plain: break
            case .date: format_set_num_format(f, "yyyy-mm-dd"); format_set_align(f, UInt8(LXW_ALIGN_LEFT.rawValue))
            case .check: format_set_border(f, UInt8(LXW_BORDER_THIN.rawValue))
            case .red: format_set_bg_color(f, 0xFFC7CE); format_set_font_color(f, 0x9C0006)
            case .header, .label, .value, .absent, .changed:
                format_set_border(f, UInt8(LXW_BORDER_THIN.rawValue))
                format_set_text_wrap(f)
                format_set_align(f, UInt8(LXW_ALIGN_VERTICAL_CENTER.rawValue))
                if s == .header { format_set_bold(f); format_set_align(f, UInt8(LXW_ALIGN_CENTER.rawValue)); format_set_bg_color(f, 0xF2F2F2) }
                if s == .value || s == .absent || s == .changed { format_set_align(f, UInt8(LXW_ALIGN_CENTER.rawValue)) }
                if s == .changed { format_set_bg_color(f, 0xFFEB9C); format_set_bold(f) }
                if s == .absent { format_set_pattern(f, UInt8(LXW_PATTERN_GRAY_125.rawValue)) }
                if let u = unit { format_set_num_format(f, "General\"\(u.replacingOccurrences(of: "\"", with: ""))\"") }
            }
        }
        styles[key] = f
        return f
    }

    private struct StyleKey: Hashable { let style: Style; let unit: String? }
    private var styles: [StyleKey: UnsafeMutablePointer<lxw_format>] = [:]
}

/// A worksheet of an `XLSXWorkbook`; owned by the workbook.
final class XLSXSheet {
    let sheet: UnsafeMutablePointer<lxw_worksheet>
    unowned let workbook: XLSXWorkbook
    private(set) var error: lxw_error = LXW_NO_ERROR

    init(_ s: UnsafeMutablePointer<lxw_worksheet>, workbook: XLSXWorkbook) {
        sheet = s
        self.workbook = workbook
    }

    private func check(_ rc: lxw_error) { if rc != LXW_NO_ERROR && error == LXW_NO_ERROR { error = rc } }

    func throwIfFailed() throws {
        if error != LXW_NO_ERROR { throw ConversionError.library(name: "libxlsxwriter", message: String(cString: lxw_strerror(error))) }
    }

    func string(_ r: Int, _ c: Int, _ s: String, _ f: UnsafeMutablePointer<lxw_format>?) {
        // Excel's cell limit is 32,767 characters; counting bytes first spares the walk by
        // characters for every ordinary cell.
        // `withCString` lends a short string's bytes from the stack; passing the string itself
        // made an array for every cell of a workbook.
        let text = s.utf8.count <= 32_000 ? s : String(s.prefix(32_000))
        text.withCString { check(worksheet_write_string(sheet, lxw_row_t(r), lxw_col_t(c), $0, f)) }
    }

    /// A cell of valid UTF-8 bytes without NUL, given as they are: the hidden model's chunks
    /// (cut at 30,000 bytes by the writer), which a string would validate again byte by byte.
    func utf8(_ r: Int, _ c: Int, _ bytes: ArraySlice<UInt8>) {
        var z = Array(bytes.prefix(32_000))
        z.append(0)
        z.withUnsafeBufferPointer { b in
            b.baseAddress!.withMemoryRebound(to: CChar.self, capacity: b.count) {
                check(worksheet_write_string(sheet, lxw_row_t(r), lxw_col_t(c), $0, nil))
            }
        }
    }

    func number(_ r: Int, _ c: Int, _ v: Double, _ f: UnsafeMutablePointer<lxw_format>?) {
        check(worksheet_write_number(sheet, lxw_row_t(r), lxw_col_t(c), v, f))
    }

    /// A date cell (a serial number shown through a date format), so sorting and filtering work.
    func date(_ r: Int, _ c: Int, year: Int, month: Int, day: Int, _ f: UnsafeMutablePointer<lxw_format>?) {
        var dt = lxw_datetime(year: Int32(year), month: Int32(month), day: Int32(day), hour: 0, min: 0, sec: 0)
        check(worksheet_write_datetime(sheet, lxw_row_t(r), lxw_col_t(c), &dt, f))
    }

    /// A note on a cell (Excel's comment), shown on hover.
    func comment(_ r: Int, _ c: Int, _ text: String) {
        check(worksheet_write_comment(sheet, lxw_row_t(r), lxw_col_t(c), text))
    }

    func blank(_ r: Int, _ c: Int, _ f: UnsafeMutablePointer<lxw_format>?) {
        check(worksheet_write_blank(sheet, lxw_row_t(r), lxw_col_t(c), f))
    }

    func formula(_ r: Int, _ c: Int, _ formula: String, number: Double, _ f: UnsafeMutablePointer<lxw_format>?) {
        formula.withCString { check(worksheet_write_formula_num(sheet, lxw_row_t(r), lxw_col_t(c), $0, f, number)) }
    }

    func formula(_ r: Int, _ c: Int, _ formula: String, string: String, _ f: UnsafeMutablePointer<lxw_format>?) {
        formula.withCString { fp in string.withCString { check(worksheet_write_formula_str(sheet, lxw_row_t(r), lxw_col_t(c), fp, f, $0)) } }
    }

    func merge(_ r1: Int, _ c1: Int, _ r2: Int, _ c2: Int, _ s: String, _ f: UnsafeMutablePointer<lxw_format>?) {
        check(worksheet_merge_range(sheet, lxw_row_t(r1), lxw_col_t(c1), lxw_row_t(r2), lxw_col_t(c2), s, f))
    }

    func column(_ c: Int, width: Double) { check(worksheet_set_column(sheet, lxw_col_t(c), lxw_col_t(c), width, nil)) }

    /// Prints the first row on every page.
    func repeatHeaderRow() { check(worksheet_repeat_rows(sheet, 0, 0)) }

    /// A filter on the header row over rows 0…lastRow.
    func autofilter(lastRow: Int, lastColumn: Int) {
        check(worksheet_autofilter(sheet, 0, 0, lxw_row_t(max(lastRow, 0)), lxw_col_t(lastColumn)))
    }

    /// A row's height in points. Spreadsheets do not fit wrapped text's rows when they open a
    /// file (LibreOffice showed every paragraph cut to one line), so the writer sets them.
    func rowHeight(_ r: Int, _ points: Double) { check(worksheet_set_row(sheet, lxw_row_t(r), points, nil)) }

    /// The height `text` needs when wrapped in a column `width` characters wide (11-point 宋体,
    /// 15 points a line).
    static func wrappedHeight(_ text: String, width: Double) -> Double {
        let lines = max(1, Int((displayWidth(text) * 1.05 / max(width - 1, 1)).rounded(.up)))
        return Double(lines) * 15
    }
    func freeze(rows: Int, cols: Int) { worksheet_freeze_panes(sheet, lxw_row_t(rows), lxw_col_t(cols)) }
    func printSetup(landscape: Bool) {
        worksheet_set_paper(sheet, 9) // A4
        if landscape { worksheet_set_landscape(sheet) }
        worksheet_fit_to_pages(sheet, 1, 0)
    }
    func hide() { worksheet_hide(sheet) }

    /// Turns cells equal to `text` red: a failing check shows live while a person edits.
    func highlight(_ r1: Int, _ c: Int, _ r2: Int, equalTo text: String, _ f: UnsafeMutablePointer<lxw_format>?) {
        var cf = lxw_conditional_format()
        cf.type = UInt8(LXW_CONDITIONAL_TYPE_CELL.rawValue)
        cf.criteria = UInt8(LXW_CONDITIONAL_CRITERIA_EQUAL_TO.rawValue)
        let v = strdup("\"\(text)\"")
        defer { free(v) }
        cf.value_string = v
        cf.format = f
        check(worksheet_conditional_format_range(sheet, lxw_row_t(r1), lxw_col_t(c), lxw_row_t(r2), lxw_col_t(c), &cf))
    }
}

/// Display width of text: East Asian wide characters count double.
func displayWidth(_ s: String) -> Double {
    var w = 0.0
    for u in s.unicodeScalars {
        let v = u.value
        let wide = (0x1100...0x115F).contains(v) || (0x2E80...0xA4CF).contains(v) || (0xAC00...0xD7A3).contains(v)
            || (0xF900...0xFAFF).contains(v) || (0xFE30...0xFE4F).contains(v) || (0xFF00...0xFF60).contains(v) || (0xFFE0...0xFFE6).contains(v)
        w += wide ? 2 : 1
    }
    return w
}
