import Charts

/// Maps semantic styles to colours: 256-colour, 8-colour or monochrome.
/// Colours are curses colour numbers; -1 is the terminal's default.
struct Theme {
    struct Look: Hashable {
        var foreground: Int16 = -1, background: Int16 = -1
        var bold = false, dim = false, reverse = false
    }

    let colors: Int

    func look(_ style: Style) -> Look {
        guard colors >= 8 else { return monochrome(style) }
        let rich = colors >= 256
        switch style {
        case .plain, .label: return Look()
        case .title: return Look(foreground: 3, bold: true)
        case .axis: return Look(foreground: rich ? 244 : 4)
        case .dim: return Look(foreground: rich ? 242 : -1, dim: !rich)
        case .highlight: return Look(reverse: true)
        case .warning: return Look(foreground: 1, bold: true)
        case .marker: return Look(foreground: 3, bold: true)
        case .series(let i): return Look(foreground: Self.seriesColors[i % Self.seriesColors.count])
        case .faint(let i): return Look(foreground: Self.seriesColors[i % Self.seriesColors.count], dim: true)
        case .heat(let level):
            let l = min(max(level, 0), 4)
            return rich ? Look(foreground: 255, background: [236, 238, 24, 31, 37][l]) : Look(foreground: 7, background: [-1, -1, 4, 4, 6][l])
        case .grays(let top, let bottom):
            return rich ? Look(foreground: Self.gray(top), background: Self.gray(bottom)) : Look()
        }
    }

    private func monochrome(_ style: Style) -> Look {
        switch style {
        case .title, .marker, .warning: return Look(bold: true)
        case .highlight: return Look(reverse: true)
        case .dim, .faint: return Look(dim: true)
        case .heat(let l): return Look(reverse: l >= 3)
        default: return Look()
        }
    }

    private static func gray(_ level: Int) -> Int16 { Int16(232 + min(max(level, 0), 23)) }

    /// Thumbnails need the 24 grays; with fewer colours they fall back to ASCII.
    var hasGrayRamp: Bool { colors >= 256 }

    /// Cyan, magenta, green, yellow, red, blue: distinct on dark and light backgrounds.
    static let seriesColors: [Int16] = [6, 5, 2, 3, 1, 4]
}
