import Foundation
import GDConvModel

/// The characters of one collapsed row as printed after its label (`2648-18538`, `230 000023`,
/// `13575394432.52元`): what can be cut into cells, and where the crawler left a space.
struct DigitRun: Sendable {
    /// The run without its spaces.
    let scalars: [Unicode.Scalar]
    /// Positions `p` (0 < p < count) where a space stood between `scalars[p-1]` and
    /// `scalars[p]`. A space the crawler left is a cell boundary, so no cell spans one.
    let breaks: Set<Int>
    /// The 0-based offset in the source line of each scalar, for locations.
    let offsets: [Int]

    var text: String { String(String.UnicodeScalarView(scalars)) }

    func text(_ r: Range<Int>) -> String { String(String.UnicodeScalarView(scalars[r])) }

    /// The run as printed, spaces kept where the crawler left them (for messages).
    var printed: String {
        var s = String.UnicodeScalarView()
        for (i, c) in scalars.enumerated() {
            if breaks.contains(i) { s.append(" ") }
            s.append(c)
        }
        return String(s)
    }
}

/// One way to cut a run into the cells of a row: a range of the run per cell, and the integer
/// value of each cell (nil for an amount with decimals, which no identity adds up).
struct RunCut: Sendable, Hashable {
    let ranges: [Range<Int>]
    let values: [Int64?]
}

/// Cuts a digit run into a row's cells: every cut in which each cell is a well-formed value
/// of its kind (no leading zeros except `0` itself, a sign only at the start of a signed cell,
/// a decimal point and a unit only in an amount), no cell spans a space the crawler left,
/// and the row's own identities hold.
struct DigitRunCutter {
    /// An identity between cells of the row: the sum of `lhs` equals the sum of `rhs` (indices
    /// into the row's cells).
    struct RowIdentity {
        let lhs: [Int]
        let rhs: [Int]
        /// The last cell it needs: it is checked as soon as that cell is cut.
        var lastCell: Int { max(lhs.max() ?? 0, rhs.max() ?? 0) }
    }

    let kinds: [FieldKind]
    let identities: [RowIdentity]
    /// More cuts than this and the row is left unsolved: a run that long says nothing reliable.
    var limit = 20_000

    /// Every valid cut, nil when there are more than `limit`.
    func cuts(of run: DigitRun) -> [RunCut]? {
        let n = run.scalars.count
        let k = kinds.count
        guard k > 0, n >= k else { return [] }
        var out: [RunCut] = []
        var ranges: [Range<Int>] = []
        var values: [Int64?] = []
        var steps = 0
        let checksAt = Dictionary(grouping: identities, by: \.lastCell)
        var overflow = false

        func holds(_ id: RowIdentity) -> Bool {
            var l: Int64 = 0, r: Int64 = 0
            for i in id.lhs { guard let v = values[i] else { return false }; l += v }
            for i in id.rhs { guard let v = values[i] else { return false }; r += v }
            return l == r
        }

        func place(_ cell: Int, from start: Int) {
            if overflow { return }
            steps += 1
            if steps > limit * 20 { overflow = true; return }
            let remainingCells = k - cell - 1
            // The last cell takes the rest; the others leave at least one character per cell.
            let ends: ClosedRange<Int> = cell == k - 1 ? n...n : (start + 1)...(n - remainingCells)
            guard ends.lowerBound <= ends.upperBound else { return }
            for end in ends {
                if run.breaks.contains(where: { $0 > start && $0 < end }) { break }
                guard let v = Self.value(run.scalars[start..<end], kind: kinds[cell], isLast: cell == k - 1) else { continue }
                ranges.append(start..<end)
                values.append(v)
                var ok = true
                for id in checksAt[cell] ?? [] where !holds(id) { ok = false; break }
                if ok {
                    if cell == k - 1 {
                        out.append(RunCut(ranges: ranges, values: values))
                        if out.count > limit { overflow = true }
                    } else {
                        place(cell + 1, from: end)
                    }
                }
                ranges.removeLast()
                values.removeLast()
                if overflow { return }
            }
        }
        place(0, from: 0)
        return overflow ? nil : out
    }

    /// The value of `s` read as a cell of `kind`: `.some(v)` for a well-formed count or signed
    /// count, `.some(nil)` for a well-formed amount with decimals or a unit, nil when `s` cannot
    /// be such a cell.
    static func value(_ s: ArraySlice<Unicode.Scalar>, kind: FieldKind, isLast: Bool) -> Int64?? {
        var body = s[...]
        var negative = false
        if kind == .signed, let f = body.first, f == "-" || f == "+" {
            negative = f == "-"
            body = body.dropFirst()
        }
        var hasUnit = false
        if kind == .amount, isLast {
            if body.last == "元" { body = body.dropLast(); hasUnit = true; if body.last == "万" { body = body.dropLast() } }
        }
        guard let first = body.first, ("0"..."9").contains(first) else { return nil }
        var intPart = body[...]
        var fraction: ArraySlice<Unicode.Scalar> = []
        if kind == .amount, let dot = body.firstIndex(of: ".") {
            intPart = body[body.startIndex..<dot]
            fraction = body[(dot + 1)...]
            guard !fraction.isEmpty, fraction.allSatisfy({ ("0"..."9").contains($0) }) else { return nil }
        }
        guard !intPart.isEmpty, intPart.allSatisfy({ ("0"..."9").contains($0) }) else { return nil }
        if intPart.count > 1, intPart.first == "0" { return nil }
        // A count of more than 12 digits is not a count any report prints; it also keeps the
        // sums far from overflow.
        guard intPart.count <= 12 else { return nil }
        if negative, intPart.count == 1, intPart.first == "0" { return nil }
        if !fraction.isEmpty || hasUnit { return .some(nil) }
        var v: Int64 = 0
        for c in intPart { v = v * 10 + Int64(c.value - 48) }
        return .some(negative ? -v : v)
    }
}
