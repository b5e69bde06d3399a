import Charts
import XCTest
@testable import Workbench

/// Colour pairs within what the terminal has (issue 11 item 10: a page of
/// thumbnails at 200x60 used about 255 pairs, and numbers past the last
/// wrapped onto the UI's own colours).
final class ColorPairTests: XCTestCase {
    /// Every style a screen can use: the UI's roles and every pair of grays.
    static let allStyles: [Style] = [.plain, .title, .axis, .label, .dim, .highlight, .warning, .marker]
        + (0..<8).flatMap { [Style.series($0), .faint($0)] } + (0...4).map(Style.heat)
        + (0..<24).flatMap { top in (0..<24).map { Style.grays(top: top, bottom: $0) } }

    private func distinctColors(_ theme: Theme, _ styles: [Style]) -> Set<ColorPairs.Colors> {
        Set(styles.map { theme.look($0) }.filter { $0.foreground != -1 || $0.background != -1 }
            .map { ColorPairs.Colors(foreground: $0.foreground, background: $0.background) })
    }

    func testEveryStyleGetsAPairWithinTheTerminalsBudget() {
        for reported in [64, 256, 512, 65536] {
            let pairs = ColorPairs(reported: reported)
            let theme = Theme(colors: 256, pairs: pairs.capacity)
            let used = distinctColors(theme, Self.allStyles)
            XCTAssertLessThanOrEqual(used.count, pairs.capacity, "COLOR_PAIRS \(reported): \(theme.grayLevels) gray levels")
        }
        XCTAssertEqual(Theme(colors: 256, pairs: ColorPairs(reported: 65536).capacity).grayLevels, 24, "enough pairs: the whole ramp")
        XCTAssertEqual(Theme(colors: 256, pairs: ColorPairs(reported: 256).capacity).grayLevels, 14, "255 pairs: fewer grays, evenly spaced")
        XCTAssertFalse(Theme(colors: 256, pairs: ColorPairs(reported: 16).capacity).hasGrayRamp, "too few for two grays: ASCII thumbnails")
        let fewer = Theme(colors: 256, pairs: 255)
        XCTAssertEqual(fewer.look(.grays(top: 0, bottom: 23)).foreground, 232, "black stays black")
        XCTAssertEqual(fewer.look(.grays(top: 0, bottom: 23)).background, 255, "white stays white")
    }

    func testAPageOfThumbnailsAt200x60LeavesTheUIItsColours() {
        var browser = ErrorBrowser(mode: .halfBlocks)
        browser.label = nil
        let grid = ErrorsScreen.render(ScreenLayoutTests.training(), browser, width: 200, height: 60, glyphs: ScreenLayoutTests.glyphs)
        var pairs = ColorPairs(reported: 256)
        let theme = Theme(colors: 256, pairs: pairs.capacity)
        for cell in grid.cells {
            let look = theme.look(cell.style)
            guard look.foreground != -1 || look.background != -1 else { continue }
            XCTAssertNotNil(pairs.number(for: .init(foreground: look.foreground, background: look.background)), "out of pairs at \(cell.style)")
        }
        for style in Self.allStyles {
            let look = theme.look(style)
            guard look.foreground != -1 || look.background != -1 else { continue }
            XCTAssertNotNil(pairs.number(for: .init(foreground: look.foreground, background: look.background)), "no pair left for \(style)")
        }
    }

    func testEqualColoursShareAPairAndNoNumberPassesTheLast() {
        var pairs = ColorPairs(reported: 3)
        XCTAssertEqual(pairs.capacity, 2, "pair 0 is the terminal's default")
        let a = ColorPairs.Colors(foreground: 1, background: -1), b = ColorPairs.Colors(foreground: 2, background: 4)
        XCTAssertEqual(pairs.number(for: a)?.number, 1)
        XCTAssertEqual(pairs.number(for: a)?.isNew, false)
        XCTAssertEqual(pairs.number(for: b)?.number, 2)
        XCTAssertNil(pairs.number(for: .init(foreground: 3, background: -1)), "full: default colours, not a wrapped number")
        XCTAssertEqual(pairs.count, 2)
        XCTAssertEqual(ColorPairs(reported: 65536).capacity, 32767, "curses takes pair numbers as a short")
    }
}
