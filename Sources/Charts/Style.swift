/// What a cell means, not its colour: one theme in the terminal layer maps
/// roles to colour pairs and degrades to 8 colours or none.
public enum Style: Hashable, Sendable {
    case plain, title, axis, label, dim, highlight, warning
    /// The n-th data series (stable colour per run or phase).
    case series(Int)
    /// A series drawn faintly behind its smoothed version.
    case faint(Int)
    /// Interactive-change markers on the x axis, and the best epoch.
    case marker
    /// Heat-map intensity 0...4.
    case heat(Int)
    /// A half-block thumbnail cell: upper and lower pixel, gray levels 0...23
    /// of xterm's 256-colour ramp.
    case grays(top: Int, bottom: Int)
}

public struct Cell: Equatable, Sendable {
    public var character: Character
    public var style: Style

    public init(_ character: Character = " ", _ style: Style = .plain) {
        self.character = character
        self.style = style
    }
}
