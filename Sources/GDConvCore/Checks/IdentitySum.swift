import Foundation
import GDConvModel

/// One side of an identity: the exact sum of its numbers (absent fields and text left out, as
/// the workbook's SUM does) and whether every field held a number. The checker and the 校验
/// sheet both add through this. Integers are added as integers while they stay below 2^52, where
/// a Double shows them, and their difference, exactly; anything else is added as Decimal (adding
/// Decimals was a tenth of writing a workbook).
public struct IdentitySum: Sendable {
    let integer: Int?
    /// The exact sum.
    public let decimal: Decimal
    /// Every operand held a number.
    public let complete: Bool

    private static let limit = 1 << 52

    public init(_ numbers: [NumberReading?]) {
        complete = !numbers.contains(nil)
        var sum = 0
        var exact = true
        for n in numbers {
            guard let n else { continue }
            guard !n.literal.utf8.contains(UInt8(ascii: ".")), let v = Int(n.literal), abs(v) < IdentitySum.limit else { exact = false; break }
            sum += v
            if abs(sum) >= IdentitySum.limit { exact = false; break }
        }
        if exact {
            integer = sum
            decimal = Decimal(sum)
        } else {
            integer = nil
            decimal = numbers.compactMap { $0?.value }.reduce(0, +)
        }
    }

    /// The two sums are equal.
    public func equals(_ other: IdentitySum) -> Bool {
        if let a = integer, let b = other.integer { return a == b }
        return decimal == other.decimal
    }

    /// The sum as a Double (exact for integers below 2^52).
    public var double: Double { integer.map(Double.init) ?? NSDecimalNumber(decimal: decimal).doubleValue }

    /// This sum minus `other`, as a Double.
    public func difference(_ other: IdentitySum) -> Double {
        if let a = integer, let b = other.integer { return Double(a - b) }
        return NSDecimalNumber(decimal: decimal - other.decimal).doubleValue
    }
}
