import Foundation

/// One cell of a grid as a reader saw it, before recognition. Text, XLSX and HTML readers all
/// turn their input into these, so one recogniser serves them all.
public struct GridToken: Sendable, Hashable {
    /// The cell text, trimmed. Empty for an empty cell (a blank value or a merged-cell filler).
    public let text: String
    /// Where it came from.
    public var location: SourceLocation?
    /// The printed row (source line, sheet row, `<tr>`) the token belongs to.
    public var row: Int

    public init(_ text: String, row: Int, location: SourceLocation? = nil) {
        self.text = text
        self.row = row
        self.location = location
        isValue = GridToken.isValueText(text)
    }

    /// Whether `text` is a number or a placeholder. The common cells are decided on their bytes
    /// (a label starts with an ideograph; a count is ASCII digits) without building a reading.
    public static func isValueText(_ text: String) -> Bool {
        // On the bytes in place (the views' `first`/`last` walked the string for every token).
        let quick = text.utf8.withContiguousStorageIfAvailable { b -> Bool? in
            guard let f = b.first, let l = b.last, f > 0x20, l > 0x20 else { return nil }
            if f >= 0xE4 && f <= 0xE9 {
                var s = b.count - 1
                while s > 0, b[s] & 0xC0 == 0x80 { s -= 1 }
                return UTF8Spaces.scalar(b, at: s).0.isTrimmable ? nil : CellReading.isIdeographPlaceholder(text)
            }
            if b.count <= 18, b.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) { return true }
            return nil
        }
        if let quick, let answer = quick { return answer }
        switch CellReading(text: text) {
        case .number, .placeholder: return true
        case .blank, .text: return false
        }
    }

    /// An empty cell: a blank value where a row still needs one, a filler elsewhere.
    public var isEmpty: Bool { text.isEmpty }

    /// A number or a placeholder: something that fills a value cell.
    public let isValue: Bool
}

/// A row as the recogniser grouped the tokens: a range of token indices, its role, and the
/// registry keys of its value tokens.
public struct RecognisedRow: Sendable, Hashable {
    /// The tokens of the row, as indices into the region's token list.
    public var tokens: Range<Int>
    /// What the row is.
    public var role: RowRole
    /// Token index → field, for the tokens that hold one.
    public var keys: [Int: FieldID]
    /// The standard table the row belongs to, when known.
    public var table: StandardTable?
}
