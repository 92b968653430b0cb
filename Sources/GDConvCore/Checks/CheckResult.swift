import Foundation

/// The outcome of one rule on one report (or a pair of reports).
public enum CheckStatus: String, Sendable, Hashable, Codable {
    /// The rule holds.
    case pass
    /// The rule is broken.
    case fail
    /// An operand is blank, a placeholder, text or absent: the rule could not be evaluated.
    /// Never a silent pass, never a failure.
    case notAssessable = "not-assessable"
}

/// One operand of a rule, as found in the report.
public struct CheckOperand: Sendable, Hashable {
    /// The field key.
    public let key: String
    /// A short label for messages (`一`, `（七）总计`, `自然人`).
    public let label: String
    /// The cell text, nil when the field is absent.
    public let text: String?
    /// The number as read, when the cell holds one.
    public let number: NumberReading?
    /// The number's value, when the cell holds one.
    public var value: Decimal? { number?.value }
    /// Where the cell is.
    public let location: SourceLocation?
}

/// The result of one rule: what was checked, how it came out, and where to look.
public struct CheckResult: Sendable, Hashable {
    /// The stable rule id (`BALANCE`, `OUTCOME-TOTAL`, …).
    public let rule: String
    public let status: CheckStatus
    /// How serious a failure is (identities are errors, narrative and cross-year are warnings).
    public let severity: Severity
    /// What was checked, for people: `依申请 自然人: 一 32 + 二 2 = 34, but （七）总计 33 + 四 0 = 33 (off by 1)`.
    public let message: String
    /// The cell to look at.
    public let location: SourceLocation?
    /// The operands, for scripts.
    public let operands: [CheckOperand]
    /// A repair that would make the rule hold, when one is likely.
    public let hint: String?
    /// For an identity that could be assessed: the sums of its two sides.
    public var left: Decimal? = nil
    public var right: Decimal? = nil
    /// `left − right`, nil when the rule is no identity or could not be assessed.
    public var difference: Decimal? { left.flatMap { l in right.map { l - $0 } } }

    /// A diagnostic line for the report's file.
    public var diagnostic: Diagnostic {
        let sev: Severity = status == .fail ? severity : .note
        var m = message
        if let h = hint { m += "; hint: \(h)" }
        return Diagnostic(sev, rule, m, at: location)
    }
}
