import Foundation
import GDConvCore

/// White space as a browser renders it: see `CellText`, which the Word reader shares.
enum HTMLText {
    static let lineBreak = CellText.lineBreak
    static func collapse(_ s: String) -> String { CellText.collapse(s) }
}
