import Foundation

/// A number read from a cell: its exact decimal value, the numeral as written, and the unit
/// the cell wrote after it (`836.5万元` → 836.5, "836.5", "万元").
public struct NumberReading: Sendable, Hashable {
    /// The numeral as written, half-width, without grouping commas or unit (`-417`, `0.092`).
    public let literal: String
    /// The unit written in the cell, if any.
    public let unit: String?

    public init(literal: String, unit: String?) {
        self.literal = literal
        self.unit = unit
    }

    /// The exact value; never a binary float. (Computed from the literal on demand: most
    /// conversions never need it.)
    public var value: Decimal {
        // The literal is `-?digits(.digits)?` (parseNumber made it so): up to 18 digits are an
        // exact integer mantissa and a decimal exponent, without a Locale or a string parser.
        var mantissa: UInt64 = 0, digits = 0, scale = 0, negative = false, inFraction = false
        for b in literal.utf8 {
            switch b {
            case UInt8(ascii: "-"): negative = true
            case UInt8(ascii: "."): inFraction = true
            default:
                guard digits < 18 else { return Decimal(string: literal, locale: NumberReading.posix) ?? 0 }
                mantissa = mantissa * 10 + UInt64(b - 0x30)
                digits += 1
                if inFraction { scale += 1 }
            }
        }
        return Decimal(sign: negative && mantissa != 0 ? .minus : .plus, exponent: -scale, significand: Decimal(mantissa))
    }

    private static let posix = Locale(identifier: "en_US_POSIX")

    /// True when the numeral has no fractional part.
    public var isIntegral: Bool { !literal.utf8.contains(UInt8(ascii: ".")) }
}

/// What a cell's text means. Derived from the text, so a cell has one truth: its text.
public enum CellReading: Sendable, Hashable {
    /// A number, possibly signed, decimal, or with a unit.
    case number(NumberReading)
    /// The cell is present but empty — not zero.
    case blank
    /// A placeholder the report writes instead of a number (`/`, `-`, `—`, `无`, `不适用`).
    case placeholder(String)
    /// Text that is not a number.
    case text(String)

    /// Placeholders seen in the reports (compared after trimming).
    public static let placeholders: Set<String> = ["/", "／", "-", "－", "—", "——", "–", "―", "无", "不适用", "N/A", "n/a", "NA", "\\"]

    /// The placeholders' bytes: none has another canonical form, so comparing bytes is
    /// `placeholders.contains` without hashing every cell's text.
    private static let placeholderBytes: [[UInt8]] = placeholders.map { Array($0.utf8) }
    private static let longestPlaceholder = placeholderBytes.map(\.count).max() ?? 0

    static func isPlaceholder(_ t: String) -> Bool {
        let u = t.utf8
        guard u.count <= longestPlaceholder else { return false }
        return placeholderBytes.contains { $0.count == u.count && $0.elementsEqual(u) }
    }

    /// Units that may follow a number inside a cell.
    public static let units: [String] = ["万元", "亿元", "元", "件", "个", "项", "条", "次", "人次", "家", "%"]
    /// Longest first: `人次` must be tried before `次`, which would leave `3人` behind (a cell
    /// `3人次` read as text before this order).
    private static let unitBytes: [(String, [UInt8])] = units.map { ($0, Array($0.utf8)) }.sorted { $0.1.count > $1.1.count }
    /// The ideographs the units are written with, sorted.
    private static let unitIdeographs: [UInt32] = Array(Set(units.flatMap { $0.unicodeScalars.map(\.value) })).sorted()

    /// Reads a cell's text.
    public init(text raw: String) {
        let t = raw.trimmed
        if t.isEmpty { self = .blank; return }
        // Fast path: a label (starts with a CJK ideograph) is text; no placeholder or number
        // starts with one except 无 and 不适用.
        if let f = t.utf8.first, f >= 0xE4, f <= 0xE9 {
            if CellReading.isIdeographPlaceholder(t) { self = .placeholder(t); return }
            self = .text(t); return
        }
        if let n = CellReading.parseNumber(t) { self = .number(n); return }
        if CellReading.isPlaceholder(t) { self = .placeholder(t); return }
        self = .text(t)
    }

    /// `无` or `不适用`, compared as strings (canonical equivalence) only when the byte count
    /// allows it: an ideograph is three bytes in every canonically equivalent spelling, and
    /// comparing every label with both words cost more than reading it.
    public static func isIdeographPlaceholder(_ t: String) -> Bool {
        let n = t.utf8.count
        return (n == 3 && t == "无") || (n == 9 && t == "不适用")
    }

    /// Parses `-417`, `836.5万元`, `1,234`, `＋3`, `０.５` and the like; nil for anything else.
    public static func parseNumber(_ text: String) -> NumberReading? {
        // Fast path: plain ASCII digits, the common cell.
        let u8 = text.utf8
        if !u8.isEmpty, u8.count <= 18, u8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) {
            return NumberReading(literal: text, unit: nil)
        }
        // Quick reject: a number starts with a digit or a sign (half- or full-width).
        guard let first = text.unicodeScalars.first(where: { !$0.isTrimmable }),
              (0x30...0x39).contains(first.value) || (0xFF10...0xFF19).contains(first.value) || "+-－＋−".unicodeScalars.contains(first) else { return nil }
        // An ideograph that is in no unit (`1.属于国家秘密`) can be neither a digit nor part of the
        // unit suffix, whatever the mapping below does (NFKC leaves unified ideographs alone).
        if text.unicodeScalars.contains(where: { (0x4E00...0x9FFF).contains($0.value) && !unitIdeographs.sortedContains($0.value) }) {
            return nil
        }
        var s = CellReading.halfWidth(text).trimmed
        var unit: String? = nil
        // Units end in a non-ASCII byte or `%`: most cells skip the search.
        if let lastByte = s.utf8.last, lastByte >= 0x80 || lastByte == UInt8(ascii: "%") {
            for (u, bytes) in unitBytes where s.utf8.count > bytes.count && s.utf8.reversed().starts(with: bytes.reversed()) {
                unit = u
                s = String(decoding: s.utf8.dropLast(bytes.count), as: UTF8.self).trimmed
                break
            }
        }
        guard !s.isEmpty, s.utf8.count <= 64 else { return nil }
        var sign = false
        if let f = s.unicodeScalars.first, f == "-" || f == "+" || f.value == 0x2212 {
            sign = f != "+"
            s = String(s.unicodeScalars.dropFirst())
        }
        // Digits, optional grouping commas in threes, optional fraction; ASCII only (full-width
        // digits were made half-width above), so the bytes decide without Unicode tables.
        var literal: [UInt8] = sign ? [UInt8(ascii: "-")] : []
        literal.reserveCapacity(s.utf8.count + 1)
        var intDigits = 0, fracDigits = -1      // -1: no fraction point yet
        var sawComma = false
        var groupLen = 0
        for c in s.utf8 {
            if c >= 0x30 && c <= 0x39 {
                literal.append(c)
                if fracDigits >= 0 { fracDigits += 1 } else { intDigits += 1; groupLen += 1 }
            } else if c == UInt8(ascii: ","), fracDigits < 0 {
                guard intDigits > 0, !sawComma || groupLen == 3 else { return nil }
                if !sawComma, groupLen > 3 { return nil }
                sawComma = true; groupLen = 0
            } else if c == UInt8(ascii: "."), fracDigits < 0 {
                guard intDigits > 0 else { return nil }
                literal.append(c)
                fracDigits = 0
            } else {
                return nil
            }
        }
        if sawComma, groupLen != 3 { return nil }
        guard intDigits > 0, fracDigits != 0 else { return nil }
        return NumberReading(literal: String(decoding: literal, as: UTF8.self), unit: unit)
    }

    /// `text` with full-width forms made half-width, as NFKC would for a numeral: done by hand
    /// for ASCII, full-width forms and CJK (units), else by NFKC itself (`①`, superscripts),
    /// which goes through NSString and was a tenth of a conversion.
    static func halfWidth(_ text: String) -> String {
        if text.utf8.allSatisfy({ $0 < 0x80 }) { return text }
        // ASCII and CJK ideographs only (`12.75万元`): nothing to map, no copy.
        if text.unicodeScalars.allSatisfy({ $0.value < 0x80 || (0x4E00...0x9FFF).contains($0.value) }) { return text }
        var out = String.UnicodeScalarView()
        for u in text.unicodeScalars {
            let v = u.value
            if v < 0x80 || (0x4E00...0x9FFF).contains(v) { out.append(u) } else if (0xFF01...0xFF5E).contains(v) {
                out.append(Unicode.Scalar(v - 0xFEE0)!)
            } else if v == 0x3000 {
                out.append(" ")
            } else {
                return text.precomposedStringWithCompatibilityMapping
            }
        }
        return String(out)
    }

    /// The number, if this reading is one.
    public var number: NumberReading? { if case .number(let n) = self { return n } else { return nil } }
}
