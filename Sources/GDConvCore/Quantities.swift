import Foundation
import GDConvModel

/// A field's number in a unit two reports can share: counts as printed; amounts in 元 when
/// the cell (`836.5万元`) or its column (`本年收费金额（单位：万元）`) states the unit. Diff and
/// sum use it so `12万元` and `120000元` are the same amount, and an amount whose unit
/// nothing states is never added to one whose unit is known.
public struct Quantity: Sendable, Hashable {
    /// The value, in 元 when `inYuan`, else as printed.
    public let value: Decimal
    /// Whether `value` is in 元 (the unit was stated); false for counts and for amounts with no
    /// stated unit.
    public let inYuan: Bool

    public init(value: Decimal, inYuan: Bool) {
        self.value = value
        self.inYuan = inYuan
    }

    /// The quantity a number in `field`'s cell stands for.
    public init(_ n: NumberReading, field: FieldDefinition) {
        guard field.kind == .amount, let unit = n.unit ?? Quantity.columnUnit(field) else {
            self.init(value: n.value, inYuan: false)
            return
        }
        self.init(value: n.value * Quantity.yuan(per: unit), inYuan: true)
    }

    /// The unit a column's label states (`（单位：万元）`), nil when it states none.
    public static func columnUnit(_ field: FieldDefinition) -> String? {
        guard field.kind == .amount else { return nil }
        for u in ["亿元", "万元", "元"] where field.column.contains(u) { return u }
        return nil
    }

    /// 元 per unit: 1 for 元, 10⁴ for 万元, 10⁸ for 亿元.
    public static func yuan(per unit: String) -> Decimal {
        switch unit {
        case "万元": 10_000
        case "亿元": 100_000_000
        default: 1
        }
    }

    /// `value` as plain decimal text, no exponent (`5949.088667`, `-18`).
    public static func text(_ value: Decimal) -> String {
        var v = value
        var rounded = Decimal()
        NSDecimalRound(&rounded, &v, 12, .plain)
        return NSDecimalNumber(decimal: rounded).stringValue
    }
}
