import Foundation

/// A table as printed: rows of cells as written. A cell that holds a registry field carries
/// its key, so the report's field values are a view over these cells, never a second copy.
public struct Table: Sendable, Hashable {
    /// The standard table this is, or nil for a table that is none of them.
    public var kind: StandardTable?
    /// The rows, top to bottom.
    public var rows: [Row]
    /// Whether the cells carry the separators of a pipe-row source (`before`/`end`), so a text
    /// writer can reproduce it byte for byte.
    public var hasSourceLayout: Bool
    /// Rebuilt by the reader from digits the source ran together in the line before it
    /// (`行政许可3960181`): no source printed it as a table, so writers that reproduce the
    /// source (text) leave it out, and reading that source again rebuilds it.
    public var isRecovered: Bool

    public init(kind: StandardTable?, rows: [Row], hasSourceLayout: Bool = false, isRecovered: Bool = false) {
        self.kind = kind
        self.rows = rows
        self.hasSourceLayout = hasSourceLayout
        self.isRecovered = isRecovered
    }
}

/// What a row is to the recogniser.
public enum RowRole: String, Sendable, Hashable, Codable {
    /// Column or group labels; no values.
    case header
    /// A row whose value cells are bound to registry fields.
    case data
    /// A row the recogniser could not place; kept as written.
    case unrecognised
}

/// A printed row.
public struct Row: Sendable, Hashable {
    /// The cells left to right, including empty filler cells of merged spans.
    public var cells: [Cell]
    /// What the row is.
    public var role: RowRole
    /// In a pipe-row source: the bytes after the last cell through the line break (` |\n`).
    public var end: String?

    public init(cells: [Cell], role: RowRole, end: String? = nil) {
        self.cells = cells
        self.role = role
        self.end = end
    }
}

/// A cell as written.
public struct Cell: Sendable, Hashable {
    /// The text as written, trimmed; empty for a blank or filler cell.
    public var text: String
    /// The registry field this cell holds, if any.
    public var field: FieldID?
    /// In a pipe-row source: the bytes between the previous cell's text and this one's.
    public var before: String?
    /// Where the cell came from, for diagnostics. Not part of the value: equality ignores it.
    public var location: SourceLocation?

    public init(_ text: String, field: FieldID?, before: String? = nil, location: SourceLocation? = nil) {
        self.text = text
        self.field = field
        self.before = before
        self.location = location
    }

    /// A cell holding the field `key`. Readers validate keys they are given before building
    /// cells (the JSON reader names the path, the XML reader validates against its schema); a
    /// string that is no registry key holds no field.
    public init(_ text: String, key: String? = nil, before: String? = nil, location: SourceLocation? = nil) {
        self.init(text, field: key.flatMap(FieldID.init), before: before, location: location)
    }

    /// The registry key of the field this cell holds, if any.
    public var key: String? {
        get { field?.key }
        set { field = newValue.flatMap(FieldID.init) }
    }

    /// What the text means.
    public var reading: CellReading { CellReading(text: text) }

    public static func == (a: Cell, b: Cell) -> Bool {
        a.text == b.text && a.field == b.field && a.before == b.before
    }

    public func hash(into h: inout Hasher) {
        h.combine(text)
        h.combine(field)
        h.combine(before)
    }
}

/// A place in an input file: line and column for text, XML and JSON; a sheet cell for XLSX.
public enum SourceLocation: Sendable, Hashable, CustomStringConvertible {
    /// 1-based line and column.
    case text(line: Int, column: Int)
    /// A 1-based line (XML nodes know their line, not their column).
    case line(Int)
    /// A worksheet cell such as `依申请!C7`.
    case cell(sheet: String, reference: String)
    /// A JSON path or XPath.
    case path(String)

    public var description: String {
        switch self {
        case .text(let l, let c): "\(l):\(c)"
        case .line(let l): "\(l)"
        case .cell(let s, let r): "\(s)!\(r)"
        case .path(let p): p
        }
    }
}
