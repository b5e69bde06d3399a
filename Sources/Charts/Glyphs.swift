/// Unicode or ASCII drawing characters, chosen once from the locale.
public struct Glyphs: Sendable {
    public let unicode: Bool

    public init(unicode: Bool) { self.unicode = unicode }

    public var horizontal: Character { unicode ? "─" : "-" }
    public var vertical: Character { unicode ? "│" : "|" }
    public var corner: Character { unicode ? "└" : "+" }
    public var tick: Character { unicode ? "┴" : "+" }
    public var marker: Character { unicode ? "▲" : "^" }
    public var best: Character { unicode ? "★" : "*" }
    public var barFull: Character { unicode ? "█" : "#" }
    public var barEmpty: Character { unicode ? "░" : "." }
}
