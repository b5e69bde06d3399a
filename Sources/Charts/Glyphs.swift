/// Unicode or ASCII drawing characters, chosen once from the locale.
public struct Glyphs: Sendable {
    public let unicode: Bool

    public init(unicode: Bool) { self.unicode = unicode }

    var horizontal: Character { unicode ? "─" : "-" }
    var vertical: Character { unicode ? "│" : "|" }
    var corner: Character { unicode ? "└" : "+" }
    var tick: Character { unicode ? "┴" : "+" }
    var marker: Character { unicode ? "▲" : "^" }
    var best: Character { unicode ? "★" : "*" }
    var barFull: Character { unicode ? "█" : "#" }
    var barEmpty: Character { unicode ? "░" : "." }
}
