import Foundation
import GDConvCore

/// The versioned JSON document: the whole model, in a stable key order. See README
/// ("JSON document") and `schema/gdconv-report.schema.json`.
public enum JSONReportFormat {
    /// The `format` member of every document.
    public static let name = "gdconv-report"
    /// The `version` member written. Version 2 is version 1 made lean: a field is
    /// `{"text", "value"?, "unit"?, "placeholder"?}` instead of a nested reading object, a row is
    /// one object of parallel arrays (`cells`, `keys`, and for pipe-row sources `before`, `end`)
    /// instead of an object per cell, and pretty output keeps each field, row and layout on one
    /// line. Version 3 writes what a row's keys share once (`keyPrefix`, each key then only its
    /// own part), and `before` may be shorter than `cells`: its last separator stands for the
    /// rest (`["", " | "]`). Nothing is lost: every version carries the same model.
    public static let version = 3
    /// The versions a reader accepts.
    public static let readable = [1, 2, 3]
}

/// Writes a report as the JSON document, streamed into one byte buffer (no tree in between).
public struct JSONReportWriter: ReportWriter {
    public init() {}

    public func write(_ report: Report, options: WriterOptions) throws -> Data {
        Data(bytes(report, pretty: !options.compact))
    }

    /// The document's bytes: pretty (two-space indent, leaf objects on one line, final line
    /// break) or compact.
    public func bytes(_ r: Report, pretty: Bool) -> [UInt8] {
        var j = JSONEmitter(pretty: pretty)
        j.beginObject()
        j.key("format"); j.string(JSONReportFormat.name)
        j.key("version"); j.number(JSONReportFormat.version)
        j.key("template"); j.string(r.metadata.template.rawValue)
        j.key("metadata"); metadata(r.metadata, &j)
        j.key("fields"); j.beginObject()
        for f in r.fieldCellsInRegistryOrder {
            j.key(f.field)
            JSONReportWriter.field(f.cell.text, f.cell.reading, &j)
        }
        j.endObject()
        j.key("front"); blocks(r.front, &j)
        j.key("sections"); j.beginArray()
        for s in r.sections { j.element(); section(s, &j) }
        j.endArray()
        j.endObject()
        return j.finish()
    }

    func metadata(_ m: Metadata, _ j: inout JSONEmitter) {
        j.beginObject()
        j.key("title"); j.optionalString(m.title)
        j.key("agency"); j.optionalString(m.agency)
        j.key("year"); if let y = m.year { j.number(y) } else { j.null() }
        j.key("published"); j.optionalString(m.published)
        j.endObject()
    }

    /// `{"text": "836.5万元", "value": 836.5, "unit": "万元"}`, `{"text": "—", "placeholder": true}`,
    /// `{"text": ""}` (blank), `{"text": "约3件"}` (text that is no number).
    static func field(_ text: String, _ r: CellReading, _ j: inout JSONEmitter) {
        j.beginObject(inline: true)
        j.key("text"); j.string(text)
        switch r {
        case .number(let n):
            j.key("value"); j.number(n.literal)
            if let u = n.unit { j.key("unit"); j.string(u) }
        case .placeholder:
            j.key("placeholder"); j.bool(true)
        case .blank, .text:
            break
        }
        j.endObject()
    }

    /// A line's members (`text`, `layout`), inside an object the caller opened.
    func lineMembers(_ l: Line, _ j: inout JSONEmitter) {
        j.key("text"); j.string(l.text)
        if let lay = l.layout {
            j.key("layout"); j.beginObject(inline: true)
            j.key("leading"); j.string(lay.leading)
            j.key("trailing"); j.string(lay.trailing)
            j.endObject()
        }
    }

    func section(_ s: Section, _ j: inout JSONEmitter) {
        j.beginObject()
        j.key("heading"); j.beginObject(inline: true); lineMembers(s.heading, &j); j.endObject()
        j.key("number"); if let n = s.number { j.number(n) } else { j.null() }
        j.key("kind"); j.string(s.kind.rawValue)
        j.key("blocks"); blocks(s.blocks, &j)
        j.endObject()
    }

    func blocks(_ bs: [Block], _ j: inout JSONEmitter) {
        j.beginArray()
        for b in bs {
            j.element()
            switch b {
            case .paragraph(let l):
                j.beginObject(inline: true)
                j.key("type"); j.literal("paragraph")
                lineMembers(l, &j)
                j.endObject()
            case .table(let t):
                j.beginObject()
                j.key("type"); j.literal("table")
                j.key("table"); if let k = t.kind { j.string(k.rawValue) } else { j.null() }
                j.key("sourceLayout"); j.bool(t.hasSourceLayout)
                if t.isRecovered { j.key("recovered"); j.bool(true) }
                j.key("rows"); j.beginArray()
                for r in t.rows { j.element(); row(r, &j) }
                j.endArray()
                j.endObject()
            }
        }
        j.endArray()
    }

    /// `{"role": "data", "cells": [...], "keyPrefix": "active.rules.", "keys": [null,
    /// "new_made", ...]}`, with `before` and `end` when the row keeps a pipe-row source's
    /// separators.
    func row(_ r: Row, _ j: inout JSONEmitter) {
        j.beginObject(inline: true)
        j.key("role"); j.string(r.role.rawValue)
        // The cells are read in place: `for c in r.cells` copied every cell (three strings and
        // a location) for each of the five passes.
        r.cells.withUnsafeBufferPointer { cells in
            var hasField = false, hasBefore = false
            j.key("cells"); j.beginArray()
            for i in cells.indices {
                j.element(); j.string(cells[i].text)
                if cells[i].field != nil { hasField = true }
                if cells[i].before != nil { hasBefore = true }
            }
            j.endArray()
            if hasField {
                let prefix = j.keyPrefix(of: cells)
                j.key("keys"); j.beginArray()
                for i in cells.indices { j.element(); j.fieldKey(cells[i].field, dropping: prefix) }
                j.endArray()
            }
            if hasBefore {
                j.key("before"); j.beginArray()
                for i in 0..<JSONReportWriter.separatorsWritten(cells) { j.element(); j.optionalString(cells[i].before) }
                j.endArray()
            }
        }
        if let e = r.end { j.key("end"); j.string(e) }
        j.endObject()
    }
}

extension JSONReportWriter {
    /// How many of a row's separators `before` lists: up to the first of the last run of equal
    /// ones, which stands for the rest (`["", " | "]` for `["", " | ", " | ", " | "]`, `["", " | ",
    /// "|"]` for a row padded with empty cells). Rows print the same separator again and again.
    static func separatorsWritten(_ cells: UnsafeBufferPointer<Cell>) -> Int {
        var n = cells.count
        while n >= 2 && cells[n - 2].before == cells[n - 1].before { n -= 1 }
        return n
    }
}

/// The JSON document as the model codec of formats that embed the model (the workbook's hidden
/// sheet): compact bytes out, the same reader back.
public struct JSONModelCodec: ModelCodec {
    public init() {}

    public func encode(_ report: Report) -> [UInt8] { JSONReportWriter().bytes(report, pretty: false) }

    public func decode(_ bytes: [UInt8], options: ReaderOptions) throws -> Report {
        try JSONReportReader().read(Data(bytes), options: options).report
    }
}
