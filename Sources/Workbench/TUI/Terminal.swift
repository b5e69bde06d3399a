import CNCurses
import Charts
import Foundation

/// The one place that talks to the terminal: starts and restores curses,
/// blits grids, reads keys. Everything else renders into `Grid`s.
final class Terminal {
    struct Unusable: Error, CustomStringConvertible {
        let description: String
    }

    let glyphs: Glyphs
    private let theme: Theme
    private var pairs: ColorPairs
    private var line: [wchar_t] = []
    private var lastFrame: Grid?

    /// Refuses without a terminal on stdin and stdout, or with a TERM curses does not know.
    init() throws {
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else {
            throw Unusable(description: "the workbench needs a terminal (stdin and stdout are not both a tty); for headless training use `workbench train`")
        }
        setlocale(LC_ALL, "")
        let term = ProcessInfo.processInfo.environment["TERM"] ?? ""
        guard !term.isEmpty, term != "dumb", newterm(nil, stdout, stdin) != nil else {
            throw Unusable(description: "TERM='\(term)' is not a terminal curses can drive; set TERM (e.g. xterm-256color) or use `workbench train`")
        }
        Terminal.active = true
        atexit { Terminal.restore() }
        // A crash must not leave the shell in raw mode: restore, then die as we would have.
        for sig in [SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGTRAP] {
            signal(sig) { sig in
                Terminal.restore()
                signal(sig, SIG_DFL)
                raise(sig)
            }
        }
        // Esc alone is a key here: wait 25 ms (not curses' 1 s) for the rest of an escape sequence.
        if ProcessInfo.processInfo.environment["ESCDELAY"] == nil { set_escdelay(25) }
        cbreak()
        noecho()
        keypad(cn_stdscr(), true)
        curs_set(0)
        if has_colors() {
            start_color()
            use_default_colors()
        }
        pairs = ColorPairs(reported: has_colors() ? Int(cn_color_pairs()) : 0)
        theme = Theme(colors: has_colors() ? Int(cn_colors()) : 0, pairs: pairs.capacity)
        glyphs = Glyphs(unicode: String(cString: nl_langinfo(nl_item(CODESET))) == "UTF-8")
    }

    private static var active = false

    /// Half-block thumbnails need Unicode and xterm's 24-step gray ramp.
    var canDrawGrays: Bool { grayRampProblem == nil }

    /// Why half-block thumbnails cannot be drawn here, for the status line; nil if they can.
    var grayRampProblem: String? {
        let env = ProcessInfo.processInfo.environment
        if !glyphs.unicode { return "a UTF-8 locale (this one is \(String(cString: nl_langinfo(nl_item(CODESET)))), e.g. LANG=C.UTF-8" }
        if !theme.hasGrayRamp { return "a 256-colour terminal (TERM=\(env["TERM"] ?? "") has \(theme.colors) colours), e.g. TERM=xterm-256color" }
        return nil
    }

    /// Leaves curses mode; safe to call more than once (atexit, signals, normal exit).
    static func restore() {
        guard active else { return }
        active = false
        endwin()
    }

    var size: (width: Int, height: Int) { (Int(cn_cols()), Int(cn_lines())) }

    /// Draws `grid` over the whole screen, one attribute change per run of equal
    /// style; rows equal to the last frame's are skipped (curses would find them
    /// unchanged too, but only after being handed every cell again).
    func draw(_ grid: Grid, clearFirst: Bool = false) {
        if clearFirst { clear() }
        let previous = clearFirst || lastFrame?.width != grid.width || lastFrame?.height != grid.height ? nil : lastFrame
        defer { lastFrame = grid }
        for y in 0..<grid.height {
            if let previous, previous.cells[y * grid.width..<(y + 1) * grid.width] == grid.cells[y * grid.width..<(y + 1) * grid.width] { continue }
            var x = 0
            while x < grid.width {
                let style = grid[x, y].style
                line.removeAll(keepingCapacity: true)
                let start = x
                while x < grid.width, grid[x, y].style == style {
                    for scalar in grid[x, y].character.unicodeScalars.prefix(1) {
                        line.append(wchar_t(bitPattern: glyphs.unicode ? scalar.value : Self.ascii(scalar).value))
                    }
                    x += 1
                }
                // Writing the bottom-right cell would scroll: stop one short there.
                let count = (y == grid.height - 1 && x == grid.width) ? line.count - 1 : line.count
                let (attrs, pair) = attributes(style)
                _ = cn_attr_set(attrs, pair)
                _ = cn_mvaddnwstr(Int32(y), Int32(start), line, Int32(count))
            }
        }
        refresh()
    }

    /// Without a UTF-8 locale the few symbols screens use outside `Glyphs`
    /// become their ASCII look-alikes; anything else unknown becomes '?'.
    static func ascii(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        if scalar.isASCII { return scalar }
        switch scalar {
        case "│", "┃": return "|"
        case "─", "━", "┴", "└": return "-"
        case "→", "›", "▶": return ">"
        case "‹", "←": return "<"
        case "↑", "▲": return "^"
        case "↓": return "v"
        case "●", "★", "█", "▀": return "*"
        case "·": return "."
        case "…": return "_"
        default: return "?"
        }
    }

    /// The next key, or nil after `milliseconds` without one.
    func readKey(milliseconds: Int32) -> Key? {
        timeout(milliseconds)
        var ch: wint_t = 0
        let status = cn_get_wch(&ch)
        if status == ERR { return nil }
        if status == cn_key_code_yes() {
            switch Int32(ch) {
            case KEY_UP: return .up
            case KEY_DOWN: return .down
            case KEY_LEFT: return .left
            case KEY_RIGHT: return .right
            case KEY_ENTER: return .enter
            case KEY_BACKSPACE: return .backspace
            case KEY_NPAGE: return .pageDown
            case KEY_PPAGE: return .pageUp
            case KEY_RESIZE: return .resize
            default: return nil
            }
        }
        switch ch {
        case 10, 13: return .enter
        case 27: return .escape
        case 8, 127: return .backspace
        case 9: return .tab
        default: return Unicode.Scalar(UInt32(ch)).map { .character(Character($0)) }
        }
    }

    /// Curses attributes and colour pair of a style. A look whose colours get
    /// no pair (the terminal has run out) is drawn in the default colours.
    private func attributes(_ style: Style) -> (Int32, Int16) {
        let look = theme.look(style)
        var attrs: Int32 = 0
        if look.bold { attrs |= cn_a_bold() }
        if look.dim { attrs |= cn_a_dim() }
        if look.reverse { attrs |= cn_a_reverse() }
        guard look.foreground != -1 || look.background != -1,
              let (pair, isNew) = pairs.number(for: .init(foreground: look.foreground, background: look.background)) else { return (attrs, 0) }
        if isNew { init_pair(pair, look.foreground, look.background) }
        return (attrs, pair)
    }
}
