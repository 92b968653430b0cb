import Foundation

/// A government information disclosure annual report: the one model every reader fills and
/// every writer reads. It knows nothing of any file format.
public struct Report: Sendable, Hashable {
    /// Title, agency, year, date and template.
    public var metadata: Metadata
    /// Lines and tables before the first section heading (title, page metadata), as written.
    public var front: [Block]
    /// The sections 一…六 in document order.
    public var sections: [Section]

    public init(metadata: Metadata = Metadata(), front: [Block] = [], sections: [Section] = []) {
        self.metadata = metadata
        self.front = front
        self.sections = sections
    }
}

/// What the report says about itself. No template defines these; readers infer them.
public struct Metadata: Sendable, Hashable {
    /// The report's title as written, if it has one.
    public var title: String?
    /// The issuing agency as the text names it.
    public var agency: String?
    /// The year the report is about.
    public var year: Int?
    /// The publication date, `YYYY-MM-DD`.
    public var published: String?
    /// The template its tables follow.
    public var template: Template

    public init(title: String? = nil, agency: String? = nil, year: Int? = nil, published: String? = nil, template: Template = .unknown) {
        self.title = title
        self.agency = agency
        self.year = year
        self.published = published
        self.template = template
    }
}

/// Which of the six standard parts a section is.
public enum SectionKind: String, Sendable, Hashable, Codable, CaseIterable {
    /// 一、总体情况.
    case overview
    /// 二、主动公开政府信息情况.
    case active
    /// 三、收到和处理政府信息公开申请情况.
    case requests
    /// 四、政府信息公开行政复议、行政诉讼情况.
    case litigation
    /// 五、存在的主要问题及改进情况.
    case problems
    /// 六、其他需要报告的事项.
    case other
    /// A heading that is none of the six.
    case unknown

    /// The official number of the part (1…6), nil for `.unknown`.
    public var officialNumber: Int? {
        switch self {
        case .overview: 1
        case .active: 2
        case .requests: 3
        case .litigation: 4
        case .problems: 5
        case .other: 6
        case .unknown: nil
        }
    }

    /// The official heading text, without its number.
    public var officialTitle: String {
        switch self {
        case .overview: "总体情况"
        case .active: "主动公开政府信息情况"
        case .requests: "收到和处理政府信息公开申请情况"
        case .litigation: "政府信息公开行政复议、行政诉讼情况"
        case .problems: "存在的主要问题及改进情况"
        case .other: "其他需要报告的事项"
        case .unknown: ""
        }
    }
}

/// One of the six parts of a report.
public struct Section: Sendable, Hashable {
    /// The heading line as written (`二、主动公开政府信息情况`).
    public var heading: Line
    /// The number the heading writes (一 → 1), nil when it writes none.
    public var number: Int?
    /// Which standard part this is.
    public var kind: SectionKind
    /// Paragraphs and tables in document order.
    public var blocks: [Block]

    public init(heading: Line, number: Int?, kind: SectionKind, blocks: [Block] = []) {
        self.heading = heading
        self.number = number
        self.kind = kind
        self.blocks = blocks
    }
}

/// A block of a section: a line of prose or a table.
public enum Block: Sendable, Hashable {
    /// A line of prose (a paragraph, a sub-heading, a signature line).
    case paragraph(Line)
    /// A table, standard or not.
    case table(Table)
}

/// A line of text with, when it came from a text file, the exact bytes around it.
public struct Line: Sendable, Hashable {
    /// The text, without surrounding white space.
    public var text: String
    /// White space and markup before and after the text in the source, for a byte-exact rewrite.
    public var layout: LineLayout?

    public init(_ text: String, layout: LineLayout? = nil) {
        self.text = text
        self.layout = layout
    }
}

/// The bytes around a line's text in its source: `leading + text + trailing` is the source.
public struct LineLayout: Sendable, Hashable {
    /// Indentation and markup before the text (`  `, `## `).
    public var leading: String
    /// White space after the text, the line break, and any blank lines that follow.
    public var trailing: String

    public init(leading: String, trailing: String) {
        self.leading = leading
        self.trailing = trailing
    }
}
