import Charts

/// Maps semantic styles to colours: 256-colour, 8-colour or monochrome.
/// Colours are curses colour numbers; -1 is the terminal's default.
/// Thumbnails take as many of the 24 grays as the terminal has colour pairs
/// for (one pair per upper and lower gray), after the UI's own.
struct Theme {
    struct Look: Hashable {
        var foreground: Int16 = -1, background: Int16 = -1
        var bold = false, dim = false, reverse = false
    }

    let colors: Int
    /// Gray steps thumbnails use: 24, or fewer when colour pairs are short.
    let grayLevels: Int

    /// Pairs kept for every style but thumbnails (about 15 are used).
    static let reservedPairs = 32

    /// `pairs`: how many colour pairs the terminal can define (ColorPairs.capacity).
    init(colors: Int, pairs: Int) {
        self.colors = colors
        let free = max(pairs - Self.reservedPairs, 0)
        grayLevels = min(Int(Double(free).squareRoot()), 24)
    }

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
            return rich && grayLevels >= 2 ? Look(foreground: gray(top), background: gray(bottom)) : Look()
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

    /// Level 0...23 of the ramp, rounded to the nearest of `grayLevels` evenly spaced steps.
    private func gray(_ level: Int) -> Int16 {
        let l = Double(min(max(level, 0), 23)), steps = Double(grayLevels - 1)
        return Int16(232 + Int(((l * steps / 23).rounded() * 23 / steps).rounded()))
    }

    /// Thumbnails need the gray ramp (and pairs for at least two grays); without it they fall back to ASCII.
    var hasGrayRamp: Bool { colors >= 256 && grayLevels >= 2 }

    /// Cyan, magenta, green, yellow, red, blue: distinct on dark and light backgrounds.
    static let seriesColors: [Int16] = [6, 5, 2, 3, 1, 4]
}
