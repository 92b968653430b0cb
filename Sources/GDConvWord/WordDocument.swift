import Foundation
import GDConvCore
import GDConvLibXML
internal import CLibXML2

/// The body of a Word document (`word/document.xml`) in reading order: paragraphs as lines of
/// text and tables as grids, the way Word lays them out. Revisions read as accepted (insertions
/// kept, deletions dropped), fields as their shown result, text boxes after the paragraph that
/// anchors them, content controls and wrappers looked through, and a table that holds tables
/// read as the layout it is (its cells' content in order).
final class WordDocument {
    enum Item {
        case paragraph(String)
        case table(WordGrid)
    }

    private(set) var items: [Item] = []
    /// Grid cells laid out so far, against the budget.
    private(set) var cells = 0
    private let maxCells: Int
    private var tables = 0

    static let maxDepth = 120

    init(body: xmlNodePtr, maxCells: Int) {
        self.maxCells = maxCells
        blocks(body, depth: 0)
    }

    var overBudget: Bool { cells > maxCells }

    // MARK: - Block content

    /// Paragraphs and tables of a block container (the body, a cell of a layout table, a text box).
    private func blocks(_ n: xmlNodePtr, depth: Int) {
        guard depth < WordDocument.maxDepth, !overBudget else { return }
        for c in LibXMLNode.elements(n) {
            switch LibXMLNode.name(c) {
            case "p":
                var boxes: [xmlNodePtr] = []
                let text = WordDocument.paragraphText(c, textBoxes: &boxes, depth: depth)
                for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
                    let t = CellText.collapse(String(line))
                    if !t.isEmpty { items.append(.paragraph(t)) }
                }
                for b in boxes { blocks(b, depth: depth + 1) }
            case "tbl":
                tables += 1
                if WordDocument.holdsTable(c, depth: 0) {
                    // A layout table: its cells are the page's columns of text.
                    for tr in WordGrid.rows(c) { for tc in WordGrid.cellElements(tr) { blocks(tc, depth: depth + 1) } }
                } else {
                    let grid = WordGrid(c, number: tables, maxCells: maxCells - cells)
                    cells += grid.cellCount
                    if !grid.isEmpty { items.append(.table(grid)) }
                }
            case "sdt":
                for content in LibXMLNode.elements(c) where LibXMLNode.name(content) == "sdtContent" { blocks(content, depth: depth + 1) }
            case "ins", "moveTo", "customXml", "smartTag":
                blocks(c, depth: depth + 1)
            case "AlternateContent":
                if let choice = LibXMLNode.elements(c).first(where: { LibXMLNode.name($0) == "Choice" }) { blocks(choice, depth: depth + 1) }
            default:
                break   // deletions, section properties, bookmarks
            }
        }
    }

    static func holdsTable(_ n: xmlNodePtr, depth: Int) -> Bool {
        guard depth < maxDepth else { return false }
        for c in LibXMLNode.elements(n) {
            if LibXMLNode.name(c) == "tbl" || holdsTable(c, depth: depth + 1) { return true }
        }
        return false
    }

    // MARK: - Inline content

    /// The shown text of a paragraph: `\n` for line breaks; the content of its text boxes is
    /// returned in `textBoxes` (it is read after the paragraph).
    static func paragraphText(_ p: xmlNodePtr, textBoxes: inout [xmlNodePtr], depth: Int) -> String {
        var out = ""
        var field = FieldState()
        inline(p, into: &out, field: &field, textBoxes: &textBoxes, depth: depth)
        return out
    }

    /// Complex fields (`fldChar` begin … separate … end): the instruction is not text, the result is.
    struct FieldState {
        var depth = 0
        var inInstruction = false
    }

    private static func inline(_ n: xmlNodePtr, into out: inout String, field: inout FieldState, textBoxes: inout [xmlNodePtr], depth: Int) {
        guard depth < maxDepth else { return }
        for c in LibXMLNode.elements(n) {
            switch LibXMLNode.name(c) {
            case "r":
                run(c, into: &out, field: &field, textBoxes: &textBoxes, depth: depth + 1)
            case "ins", "moveTo", "hyperlink", "smartTag", "customXml", "fldSimple", "sdtContent", "dir", "bdo":
                inline(c, into: &out, field: &field, textBoxes: &textBoxes, depth: depth + 1)
            case "sdt":
                inline(c, into: &out, field: &field, textBoxes: &textBoxes, depth: depth + 1)
            case "AlternateContent":
                if let choice = LibXMLNode.elements(c).first(where: { LibXMLNode.name($0) == "Choice" }) {
                    inline(choice, into: &out, field: &field, textBoxes: &textBoxes, depth: depth + 1)
                }
            default:
                break   // del, moveFrom, pPr, bookmarks, proofErr
            }
        }
    }

    private static func run(_ r: xmlNodePtr, into out: inout String, field: inout FieldState, textBoxes: inout [xmlNodePtr], depth: Int) {
        for c in LibXMLNode.elements(r) {
            switch LibXMLNode.name(c) {
            case "fldChar":
                switch LibXMLNode.attribute(c, "fldCharType") ?? "" {
                case "begin": field.depth += 1; field.inInstruction = true
                case "separate": field.inInstruction = false
                case "end": field.depth = max(0, field.depth - 1); field.inInstruction = false
                default: break
                }
            case "t" where !field.inInstruction:
                out += LibXMLNode.text(c)
            case "tab", "ptab":
                if !field.inInstruction { out += " " }
            case "br", "cr":
                if !field.inInstruction { out += "\n" }
            case "noBreakHyphen":
                if !field.inInstruction { out += "-" }
            case "drawing", "pict", "AlternateContent", "object":
                findTextBoxes(c, into: &textBoxes, depth: depth + 1)
            default:
                break   // rPr, instrText, delText, footnote references
            }
        }
    }

    /// `txbxContent` elements under a drawing; of an `AlternateContent`, the choice only (its
    /// fallback repeats the same box for old readers).
    private static func findTextBoxes(_ n: xmlNodePtr, into out: inout [xmlNodePtr], depth: Int) {
        guard depth < maxDepth else { return }
        for c in LibXMLNode.elements(n) {
            switch LibXMLNode.name(c) {
            case "txbxContent": out.append(c)
            case "Fallback": continue
            default: findTextBoxes(c, into: &out, depth: depth + 1)
            }
        }
    }
}

/// A Word table laid out on its grid: `gridSpan` widens a cell, `vMerge` continues the cell
/// above (a continuation gets no token: the merge's first cell speaks for it, as a rowspan does
/// in a web page), `gridBefore` leaves empty columns at a row's start.
struct WordGrid {
    struct Cell {
        var text: String
        var row: Int
        var column: Int
    }

    /// The cells, row by row, left to right (continuations of vertical merges left out).
    var rows: [[Cell]] = []
    private(set) var cellCount = 0
    /// The table's number in the document (1-based), for locations.
    let number: Int

    var isEmpty: Bool { rows.allSatisfy { $0.allSatisfy { $0.text.isEmpty } } }

    init(_ tbl: xmlNodePtr, number: Int, maxCells: Int) {
        self.number = number
        for (r, tr) in WordGrid.rows(tbl).enumerated() {
            if cellCount > maxCells { break }
            var col = WordGrid.intProperty(tr, "trPr", "gridBefore") ?? 0
            var out: [Cell] = []
            for tc in WordGrid.cellElements(tr) {
                let span = max(1, min(WordGrid.intProperty(tc, "tcPr", "gridSpan") ?? 1, 1000))
                if !WordGrid.continuesMerge(tc) {
                    out.append(Cell(text: WordGrid.cellText(tc), row: r, column: col))
                    cellCount += 1
                }
                col += span
            }
            rows.append(out)
        }
    }

    /// The table's rows, also those wrapped in content controls or revisions.
    static func rows(_ tbl: xmlNodePtr) -> [xmlNodePtr] { wrapped(tbl, "tr") }

    /// A row's cells, likewise.
    static func cellElements(_ tr: xmlNodePtr) -> [xmlNodePtr] { wrapped(tr, "tc") }

    /// The `name` children of `n`, looking through `sdt`, `customXml` and `ins` wrappers.
    private static func wrapped(_ n: xmlNodePtr, _ name: String) -> [xmlNodePtr] {
        var out: [xmlNodePtr] = []
        for c in LibXMLNode.elements(n) {
            switch LibXMLNode.name(c) {
            case name: out.append(c)
            case "sdt", "sdtContent", "customXml", "ins": out += wrapped(c, name)
            default: break
            }
        }
        return out
    }

    /// `<w:tcPr><w:gridSpan w:val="3"/>`-style integer properties.
    static func intProperty(_ n: xmlNodePtr, _ container: String, _ name: String) -> Int? {
        guard let pr = LibXMLNode.elements(n).first(where: { LibXMLNode.name($0) == container }),
              let p = LibXMLNode.elements(pr).first(where: { LibXMLNode.name($0) == name }),
              let v = LibXMLNode.attribute(p, "val") else { return nil }
        return Int(v.prefix(6))
    }

    /// A `vMerge` without `val="restart"` continues the cell above.
    static func continuesMerge(_ tc: xmlNodePtr) -> Bool {
        guard let pr = LibXMLNode.elements(tc).first(where: { LibXMLNode.name($0) == "tcPr" }),
              let m = LibXMLNode.elements(pr).first(where: { LibXMLNode.name($0) == "vMerge" }) else { return false }
        return LibXMLNode.attribute(m, "val") != "restart"
    }

    /// A cell's text: its paragraphs as lines, white space collapsed as a reader sees it
    /// (`本年新` / `制作数量` on two lines is one label; `0` / `0` stays two numbers).
    static func cellText(_ tc: xmlNodePtr) -> String {
        var raw = ""
        collect(tc, into: &raw, depth: 0)
        return CellText.collapse(raw)
    }

    private static func collect(_ n: xmlNodePtr, into raw: inout String, depth: Int) {
        guard depth < WordDocument.maxDepth else { return }
        for c in LibXMLNode.elements(n) {
            switch LibXMLNode.name(c) {
            case "p":
                var boxes: [xmlNodePtr] = []
                raw.append(CellText.lineBreak)
                raw += WordDocument.paragraphText(c, textBoxes: &boxes, depth: depth + 1).replacingOccurrences(of: "\n", with: String(CellText.lineBreak))
                for b in boxes { collect(b, into: &raw, depth: depth + 1) }
            case "tbl", "sdt", "sdtContent", "customXml", "ins", "tr", "tc":
                collect(c, into: &raw, depth: depth + 1)
            default:
                break
            }
        }
    }

    /// The grid as recogniser tokens: one per cell, its row the table row.
    var tokens: [GridToken] {
        rows.flatMap { $0.map { GridToken($0.text, row: $0.row, location: .path("table \(number) row \($0.row + 1) column \($0.column + 1)")) } }
    }
}
