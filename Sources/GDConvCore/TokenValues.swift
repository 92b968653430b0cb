/// A value per token index, in an array: the grid's lookups ran per token of every row, and a
/// dictionary or set hashed each index.
public struct TokenValues<Value> {
    private var slots: [Value?] = []

    public init() {}

    /// The value of token `t`, nil when it has none (or lies outside every bound row).
    public subscript(_ t: Int) -> Value? {
        get { t >= 0 && t < slots.count ? slots[t] : nil }
        set {
            guard t >= 0 else { return }
            if t >= slots.count { slots.append(contentsOf: repeatElement(nil, count: t + 1 - slots.count)) }
            slots[t] = newValue
        }
    }
}

extension TokenValues where Value == Bool {
    /// Marks token `t` (a set of token numbers).
    public mutating func insert(_ t: Int) { self[t] = true }

    /// Whether token `t` is marked.
    public func contains(_ t: Int) -> Bool { self[t] != nil }
}
