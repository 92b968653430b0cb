import Foundation
import GDConvCore
import GDConvLibXML
import GDConvZip
internal import CLibXML2

/// The OOXML container of a workbook, read into plain grids. Knows nothing of reports.
struct XLSXPackage {
    /// One worksheet: its cells by (row, column), 0-based, and its merged ranges.
    struct Sheet {
        let name: String
        var cells: [Int: [Int: String]] = [:]
        var merges: [(r1: Int, c1: Int, r2: Int, c2: Int)] = []
        var maxRow: Int { cells.keys.max() ?? -1 }
        var maxCol: Int { cells.values.flatMap(\.keys).max() ?? -1 }
    }

    /// Limits against hostile archives (zip bombs, huge sheets).
    struct Limits {
        var maxEntryBytes: UInt64 = 128 << 20
        var maxTotalBytes: UInt64 = 512 << 20
        var maxEntries = 10_000
    }

    let sheets: [Sheet]

    static func fail(_ name: String, _ m: String) -> ConversionError { .malformed(file: name, location: nil, message: m) }

    init(data: Data, name: String, limits: Limits = Limits(), budget: ResourceBudget = ResourceBudget(maxInputBytes: 64 << 20)) throws {
        let archive = try ZipArchive(data, name: name, maxEntries: limits.maxEntries)
        var entries: [String: ZipArchive.Entry] = [:]
        for e in archive.entries {
            let p = e.path
            if p.hasPrefix("/") || p.split(separator: "/").contains("..") || p.contains("\\") {
                throw XLSXPackage.fail(name, "unsafe entry path '\(p)' in the archive")
            }
            entries[p] = e
        }
        var total: UInt64 = 0
        func read(_ path: String) throws -> Data? {
            guard let e = entries[path] else { return nil }
            guard UInt64(e.uncompressedSize) <= limits.maxEntryBytes else {
                throw ConversionError.limitExceeded(file: name, message: "\(path) expands to \(e.uncompressedSize >> 20) MB, over the limit of \(limits.maxEntryBytes >> 20) MB")
            }
            // The declared size may lie: the limit is enforced on what actually comes out.
            let budget = Int(min(limits.maxEntryBytes, limits.maxTotalBytes - min(total, limits.maxTotalBytes)))
            let out = try archive.read(e, limit: budget, name: name)
            total += UInt64(out.count)
            return out
        }
        guard let workbook = try read("xl/workbook.xml") else { throw XLSXPackage.fail(name, "xl/workbook.xml is missing: not an XLSX workbook") }
        let rels = try read("xl/_rels/workbook.xml.rels").map { try XLSXPackage.relationships($0, name: name) } ?? [:]
        let shared = try read("xl/sharedStrings.xml").map { try XLSXPackage.sharedStrings($0, name: name) } ?? []
        let dateStyles = try read("xl/styles.xml").map { try XLSXPackage.dateStyles($0, name: name) } ?? []
        var sheets: [Sheet] = []
        var delivered = 0
        for (sheetName, rid) in try XLSXPackage.sheetList(workbook, name: name) {
            guard var target = rels[rid] else { throw XLSXPackage.fail(name, "sheet '\(sheetName)' has no part") }
            if target.hasPrefix("/") { target.removeFirst() } else { target = "xl/" + target }
            guard let xml = try read(target) else { throw XLSXPackage.fail(name, "sheet '\(sheetName)': part \(target) is missing") }
            sheets.append(try XLSXPackage.sheet(xml, sheetName: sheetName, shared: shared, dateStyles: dateStyles, name: name, budget: budget, delivered: &delivered))
        }
        self.sheets = sheets
    }

    // MARK: - Parts (libxml2 streaming reader)

    static func pull(_ data: Data, name: String, part: String, _ visit: (OpaquePointer, Int32) throws -> Void) throws {
        LibXML.ensureInitialised()
        let sink = XMLPullErrors()
        try data.withUnsafeBytes { raw in
            guard let base = raw.bindMemory(to: CChar.self).baseAddress,
                  let r = xmlReaderForMemory(base, Int32(raw.count), part, nil, Int32(XML_PARSE_NONET.rawValue)) else {
                throw fail(name, "\(part) is not XML")
            }
            defer { xmlFreeTextReader(r) }
            xmlTextReaderSetStructuredErrorHandler(r, XMLPullErrors.handler, Unmanaged.passUnretained(sink).toOpaque())
            while true {
                let rc = xmlTextReaderRead(r)
                if rc == 0 { break }
                if rc < 0 { throw fail(name, "\(part): \(sink.first ?? "malformed XML")") }
                try visit(r, xmlTextReaderNodeType(r))
            }
        }
    }

    static func local(_ r: OpaquePointer) -> String { xmlTextReaderConstLocalName(r).map { String(cString: $0) } ?? "" }
    static func attr(_ r: OpaquePointer, _ n: String) -> String? {
        guard let v = xmlTextReaderGetAttribute(r, n) else { return nil }
        defer { gdconv_xml_free(v) }
        return String(cString: v)
    }
    static func value(_ r: OpaquePointer) -> String { xmlTextReaderConstValue(r).map { String(cString: $0) } ?? "" }

    static func relationships(_ d: Data, name: String) throws -> [String: String] {
        var out: [String: String] = [:]
        try pull(d, name: name, part: "workbook.xml.rels") { r, t in
            if t == 1, local(r) == "Relationship", let id = attr(r, "Id"), let target = attr(r, "Target") { out[id] = target }
        }
        return out
    }

    static func sheetList(_ d: Data, name: String) throws -> [(String, String)] {
        var out: [(String, String)] = []
        try pull(d, name: name, part: "workbook.xml") { r, t in
            if t == 1, local(r) == "sheet", let n = attr(r, "name"), let id = attr(r, "r:id") ?? attr(r, "id") { out.append((n, id)) }
        }
        return out
    }

    static func sharedStrings(_ d: Data, name: String) throws -> [String] {
        var out: [String] = []
        var current = ""
        var inT = false, inPhonetic = false
        try pull(d, name: name, part: "sharedStrings.xml") { r, t in
            switch (t, local(r)) {
            case (1, "si"): current = ""
            case (15, "si"): out.append(current)
            case (1, "rPh"): inPhonetic = true
            case (15, "rPh"): inPhonetic = false
            case (1, "t"): inT = xmlTextReaderIsEmptyElement(r) == 0
            case (15, "t"): inT = false
            case (3, _), (14, _): if inT && !inPhonetic { current += value(r) }
            default: break
            }
        }
        return out
    }

    /// `B12` → (11, 1).
    static func position(_ ref: String) -> (row: Int, col: Int)? {
        var col = 0, row = 0, letters = 0
        for u in ref.unicodeScalars {
            if (65...90).contains(u.value) { col = col * 26 + Int(u.value - 64); letters += 1 }
            else if (97...122).contains(u.value) { col = col * 26 + Int(u.value - 96); letters += 1 }
            else if (48...57).contains(u.value) { row = row * 10 + Int(u.value - 48) }
            else if u != "$" { return nil }
        }
        guard letters > 0, row > 0, col <= 16_384, row <= 1_048_576 else { return nil }
        return (row - 1, col - 1)
    }

    /// The cell formats (`cellXfs` indices) that show a number as a date: the built-in date
    /// formats 14–22 and 45–47, and custom formats with a year or day in them.
    static func dateStyles(_ d: Data, name: String) throws -> Set<Int> {
        var custom: [Int: String] = [:]
        var formats: [Int] = []
        var inCellXfs = false
        try pull(d, name: name, part: "styles.xml") { r, t in
            switch (t, local(r)) {
            case (1, "numFmt"):
                if let id = attr(r, "numFmtId").flatMap({ Int($0) }), let code = attr(r, "formatCode") { custom[id] = code }
            case (1, "cellXfs"): inCellXfs = xmlTextReaderIsEmptyElement(r) == 0
            case (15, "cellXfs"): inCellXfs = false
            case (1, "xf") where inCellXfs: formats.append(attr(r, "numFmtId").flatMap { Int($0) } ?? 0)
            default: break
            }
        }
        func isDate(_ id: Int) -> Bool {
            if (14...22).contains(id) || (45...47).contains(id) { return true }
            guard var code = custom[id]?.lowercased() else { return false }
            // Quoted text and [colour]/[$-locale] sections are not date parts.
            code = code.replacingOccurrences(of: #""[^"]*"|\[[^\]]*\]"#, with: "", options: .regularExpression)
            return code.contains("y") || code.contains("d")
        }
        return Set(formats.indices.filter { isDate(formats[$0]) })
    }

    /// `YYYY-MM-DD` of an Excel serial date (the 1900 system), nil when out of range.
    static func dateText(_ serial: Double) -> String? {
        guard serial.isFinite, serial >= 1, serial < 2_958_466 else { return nil }
        // Serial 60 is Excel's 29 Feb 1900, a day that did not exist; 61 is 1 Mar 1900.
        var days = Int(serial.rounded(.down))
        if days < 60 { days += 1 }
        // Days since 1899-12-31 → civil date (H. Hinnant's algorithm on days since 1970-01-01).
        let z = days - 25_569 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yoe + era * 400 + (month <= 2 ? 1 : 0)
        return String(format: "%04d-%02d-%02d", year, month, day)
    }

    /// A number as Excel stores it, written as people write it: `95`, not `95.0`.
    static func numberText(_ v: String) -> String {
        guard let d = Double(v), d.isFinite else { return v }
        if d == d.rounded(), abs(d) < 1e15 { return String(Int64(d)) }
        let s = "\(d)"
        if s.contains("e") { return String(format: "%.15g", d) }
        return s
    }

    /// One worksheet. `delivered` counts the text its cells hold, a shared string once per cell
    /// that uses it: the zip limits see a 9 MB string once, a sheet may use it a hundred times.
    static func sheet(_ d: Data, sheetName: String, shared: [String], dateStyles: Set<Int> = [], name: String, budget: ResourceBudget, delivered: inout Int) throws -> Sheet {
        var s = Sheet(name: sheetName)
        var ref: (row: Int, col: Int)? = nil
        var type = "n"
        var style = 0
        var text = ""
        var inValue = false
        var nextRow = 0, nextCol = 0
        try pull(d, name: name, part: "sheet \(sheetName)") { r, t in
            switch (t, local(r)) {
            case (1, "row"):
                if let rr = attr(r, "r"), let n = Int(rr) { nextRow = n - 1 }
                nextCol = 0
            case (15, "row"): nextRow += 1
            case (1, "c"):
                ref = attr(r, "r").flatMap(position) ?? (nextRow, nextCol)
                type = attr(r, "t") ?? "n"
                style = attr(r, "s").flatMap { Int($0) } ?? 0
                text = ""
                if xmlTextReaderIsEmptyElement(r) != 0 { nextCol = ref!.col + 1; ref = nil }
            case (1, "v"), (1, "t"):
                inValue = xmlTextReaderIsEmptyElement(r) == 0
            case (15, "v"), (15, "t"): inValue = false
            case (3, _), (14, _), (13, _): if inValue { text += value(r) }
            case (15, "c"):
                guard let p = ref else { break }
                let v: String
                switch type {
                case "s": v = Int(text).flatMap { $0 >= 0 && $0 < shared.count ? shared[$0] : nil } ?? ""
                case "str", "inlineStr", "e": v = text
                case "b": v = text == "1" ? "TRUE" : "FALSE"
                default:
                    // A number shown as a date (a publication date) reads as the date people see.
                    if dateStyles.contains(style), let serial = Double(text), let date = dateText(serial) { v = date } else { v = text.isEmpty ? "" : numberText(text) }
                }
                if !v.isEmpty {
                    delivered += v.utf8.count
                    guard delivered <= budget.textBytes else {
                        throw budget.exceeded(name, "the cells hold more than \(budget.textBytes >> 20) MB of text (at \(sheetName)!\(OfficialForm.reference(row: p.row, col: p.col)))")
                    }
                    s.cells[p.row, default: [:]][p.col] = v
                }
                nextCol = p.col + 1
                ref = nil
            case (1, "mergeCell"):
                if let range = attr(r, "ref") {
                    let parts = range.split(separator: ":").map(String.init)
                    // A range may be written backwards (`B5:A1`); keep it normalised.
                    if parts.count == 2, let a = position(parts[0]), let b = position(parts[1]) {
                        guard s.merges.count < budget.mergedRanges else {
                            throw budget.exceeded(name, "sheet \(sheetName) has more than \(budget.mergedRanges) merged ranges")
                        }
                        s.merges.append((min(a.row, b.row), min(a.col, b.col), max(a.row, b.row), max(a.col, b.col)))
                    }
                }
            default: break
            }
        }
        return s
    }
}

/// Errors of the streaming reader, kept off stderr.
final class XMLPullErrors {
    var first: String?
    static let handler: xmlStructuredErrorFunc = { ctx, err in
        guard let ctx, let err else { return }
        let s = Unmanaged<XMLPullErrors>.fromOpaque(ctx).takeUnretainedValue()
        if s.first == nil { s.first = err.pointee.message.map { String(cString: $0).trimmingCharacters(in: .whitespacesAndNewlines) } }
    }
}
