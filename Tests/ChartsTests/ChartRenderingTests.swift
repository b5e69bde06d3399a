import XCTest
@testable import Charts

/// Charts rendered from fixed data and compared as text (trailing spaces ignored).
final class ChartRenderingTests: XCTestCase {
    static let train = Series(name: "train", points: [(1, 1.0), (2, 0.6), (3, 0.4), (4, 0.3), (5, 0.25)], style: .series(0))
    static let val = Series(name: "val", points: [(1, 0.9), (2, 0.7), (3, 0.55), (4, 0.6), (5, 0.65)], style: .series(1))
    static let chart = LineChart(title: "loss", series: [train, val], markers: [3], best: 3)

    private func assertText(_ grid: Grid, _ expected: String, line: UInt = #line) {
        let actual = grid.text.split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression) }
        XCTAssertEqual(actual.joined(separator: "\n"), expected, "\n" + grid.text, line: line)
    }

    func testTwoSeriesInBraille() {
        let grid = Self.chart.render(width: 40, height: 10, glyphs: Glyphs(unicode: true))
        assertText(grid, #"""
        loss  ━ train  ━ val
          0.979│⠢⣀
               │⠒⠤⣑⣄
               │   ⠈⠉⠲⡤⢄⣀
          0.625│      ⠈⠑⠤⣉⠑⠒⠤⠤⣀⡀  ⣀⣀⣀⣀⠤⠤⠤⠤⠤⠔⠒⠒⠒⠒
               │          ⠉⠒⠤⢄⡀⠈⠉⠉
               │              ⠈⠑⠒⠢⠤⠤⣀⣀⡀
          0.271│                      ⠈⠉⠉⠑⠒⠒⠒⠢⠤⠤
               └────────┴───────★──────┴────────
                        2              4
        """#)
        XCTAssertEqual(grid[8, 1].style, .series(0), "the train line starts top left")
        XCTAssertEqual(grid[39, 4].style, .series(1), "the val line ends higher than train, at the right")
        XCTAssertEqual(grid[24, 8].style, .marker, "the best epoch (3) is starred on the axis")
    }

    func testAsciiFallback() {
        assertText(Self.chart.render(width: 40, height: 10, glyphs: Glyphs(unicode: false)), #"""
        loss  - train  - val
          0.979|**
               |****
               |    ******
          0.625|       *******      ************
               |          **********
               |              *************
          0.271|                           *****
               +--------+-------*------+--------
                        2              4
        """#)
    }

    func testLogScale() {
        var chart = Self.chart
        chart.logScale = true
        assertText(chart.render(width: 40, height: 10, glyphs: Glyphs(unicode: true)), #"""
        loss (log)  ━ train  ━ val
          0.961│⣢⢄⡀
               │ ⠉⠙⠓⠤⣤⣀⡀
               │      ⠉⠚⠭⣒⠒⠤⠤⣀⣀   ⣀⣀⣀⣀⠤⠤⠤⠤⠤⠔⠒⠒⠒⠒
          0.500│          ⠉⠒⠤⢄⡀⠉⠉⠉
               │              ⠈⠑⠒⠤⣀⡀
               │                   ⠈⠑⠒⠤⣀⣀
          0.260│                         ⠉⠉⠑⠒⠒⠢⠤
               └────────┴───────★──────┴────────
                        2              4
        """#)
    }

    func testMarkersApartFromTheBestEpoch() {
        var chart = Self.chart
        chart.best = nil
        chart.markers = [2, 4]
        let grid = chart.render(width: 40, height: 10, glyphs: Glyphs(unicode: true))
        let axis = String((0..<40).map { grid[$0, 8].character })
        XCTAssertEqual(axis.filter { $0 == "▲" }.count, 2, axis)
    }

    func testEmptyChartSaysItWaits() {
        let grid = LineChart(title: "accuracy", series: []).render(width: 30, height: 6, glyphs: Glyphs(unicode: true))
        XCTAssertTrue(grid.text.contains("waiting for data"))
    }

    func testConfusionMatrixHeatMap() {
        let view = ConfusionMatrixView(classNames: ["dress", "pullover", "shirt"], counts: [[150, 10, 40], [5, 160, 35], [30, 45, 125]],
                                       accuracyLine: "accuracy 0.725 (Wilson 95% 0.688-0.759, n=600)")
        let grid = view.render(width: 50, height: 10)
        assertText(grid, #"""
        true\pred  dress       pullover    shirt
        dress        150  75%     10   5%     40  20%
        pullover       5   2%    160  80%     35  18%
        shirt         30  15%     45  22%    125  62%
        
        class      precision  recall     f1
        dress          0.811   0.750  0.779
        pullover       0.744   0.800  0.771
        shirt          0.625   0.625  0.625
        accuracy 0.725 (Wilson 95% 0.688-0.759, n=600)
        """#)
        XCTAssertEqual(grid[23, 2].style, .heat(4), "80 % of pullovers right: hottest")
        XCTAssertEqual(grid[35, 1].style, .heat(1), "20 % of dresses called shirts")
        var selected = view
        selected.cursor = (row: 2, column: 1)
        XCTAssertEqual(selected.render(width: 50, height: 10)[23, 3].style, .highlight)
    }

    func testProgressBar() {
        let bar = ProgressBar(label: "epoch 3/20", fraction: 0.5).render(width: 21, glyphs: Glyphs(unicode: false))
        XCTAssertEqual(bar.text, "epoch 3/20 #####.....")
    }
}

extension ChartRenderingTests {
    /// Axis labels differ from their neighbours and share one notation, on a narrow y range and a fractional x axis.
    func testAxisLabelsAreDistinctAndReadable() {
        let narrow = LineChart.distinctLabels([1.09855, 1.09862, 1.09869], width: 7, significant: true)
        XCTAssertEqual(Set(narrow).count, 3, "\(narrow)")
        XCTAssertTrue(narrow.allSatisfy { $0.count <= 7 }, "\(narrow)")
        XCTAssertEqual(LineChart.distinctLabels([0.5, 1, 1.5], width: 7), ["0.5", "1.0", "1.5"])
        XCTAssertEqual(LineChart.distinctLabels([2, 4, 6], width: 7), ["2", "4", "6"])
        XCTAssertEqual(LineChart.distinctLabels([0.979, 0.625, 0.271], width: 7, significant: true), ["0.979", "0.625", "0.271"])
        let chart = LineChart(title: "loss", series: [Series(name: "val", points: [(0.5, 1.0986), (1, 1.0987), (1.5, 1.0986)], style: .series(0))])
        let text = chart.render(width: 40, height: 10, glyphs: Glyphs(unicode: true)).text
        let yLabels = text.split(separator: "\n").compactMap { $0.split(separator: "│").first?.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        XCTAssertEqual(Set(yLabels).count, yLabels.count, text)
        XCTAssertFalse(text.contains("0.500"), text)
    }

    /// The cursor: a line at its x, and each named series' value there in the legend (names dropped when they do not fit).
    func testTheCursorReadsEverySeriesAtItsEpoch() {
        let batch = (1...40).map { (x: Double($0) / 10, y: 2 - Double($0) / 40) }
        let train = [(x: 1.0, y: 0.9), (x: 2.0, y: 0.7), (x: 3.0, y: 0.6), (x: 4.0, y: 0.55)]
        let overlay = [(x: 1.0, y: 1.2), (x: 2.0, y: 1.1)]
        var chart = LineChart(title: "loss", series: [Series(name: "batch", points: batch, style: .faint(0)), Series(name: "train", points: train, style: .series(0)),
                                                       Series(name: "", points: train, style: .faint(1)), Series(name: "run b", points: overlay, style: .series(3))],
                              xRange: 0...4, cursor: 3)
        let wide = chart.render(width: 80, height: 12, glyphs: Glyphs(unicode: true))
        let legend = wide.text.split(separator: "\n")[0]
        XCTAssertEqual(legend.trimmingCharacters(in: .whitespaces), "loss @3  ━ batch 1.250  ━ train 0.600  ━ run b -", "batch: its value at the end of epoch 3; the overlay has none")
        XCTAssertEqual(chart.series[1].value(at: 2.5), 0.7)
        XCTAssertNil(chart.series[1].value(at: 0.5))
        // The line is at x = 3 of 0...4, in every row of the plot a curve does not cross.
        let column = 8 + Int((3.0 / 4 * Double(80 - 8 - 1)).rounded())
        let marked = (1..<10).filter { wide[column, $0].style == .highlight && wide[column, $0].character == "│" }
        XCTAssertGreaterThan(marked.count, 5)
        chart.cursor = 2
        let narrow = chart.render(width: 36, height: 12, glyphs: Glyphs(unicode: true)).text.split(separator: "\n")[0]
        XCTAssertTrue(narrow.hasPrefix("loss @2  ━ 1.500  ━ 0.700  ━ 1.100"), String(narrow))
    }

    /// A group's mean curve with its t interval per epoch: the band widens from
    /// epoch 1 to 3 and narrows to nothing at 5 (one run left), behind the line.
    static let banded: LineChart = {
        var chart = LineChart(title: "val acc", series: [Series(name: "mean of 3", points: [(1, 0.5), (3, 0.6), (5, 0.7)], style: .series(3))])
        chart.bands = [Band(points: [(1, 0.45, 0.55), (3, 0.4, 0.8), (5, 0.7, 0.7)], style: .faint(3))]
        return chart
    }()

    func testABandShadesBetweenItsLowAndHighCurvesBehindTheLine() {
        let grid = Self.banded.render(width: 40, height: 10, glyphs: Glyphs(unicode: false))
        assertText(grid, #"""
        val acc  - mean of 3
          0.789|               ....
               |           ...................
               |      ..................********
          0.600| .......****************....
               |********.................
               |.....................
          0.411|           ......
               +--------+--------------+--------
                        2              4
        """#)
        XCTAssertEqual(grid[8, 5].style, .series(3), "the line at epoch 1 (0.5)")
        XCTAssertEqual(grid[8, 6].style, .faint(3), "the band below it (down to 0.45)")
        XCTAssertEqual(grid[39, 3].character, "*", "at epoch 5 the band has no width: the line alone")
    }

    func testABandInBrailleIsAStippleTheLineCrosses() {
        assertText(Self.banded.render(width: 40, height: 10, glyphs: Glyphs(unicode: true)), #"""
        val acc  ━ mean of 3
          0.789│              ⢀⢄⢔⢄⢄⢄⢀⢀
               │         ⢀⢀⢄⢔⢕⢕⢕⢕⢕⢕⢕⢕⢕⢕⢕⢕⢔⢔⢄⢄⢄⢀⣀
               │     ⢀⢀⢔⢔⢕⢕⢕⢕⢕⢕⢕⢕⢕⢕⢕⢕⢕⣀⣀⠤⠤⠒⠒⠊⠉⠁⠁
          0.600│ ⢀⢀⢔⢔⢕⢕⢕⢕⢕⢕⢕⣀⣀⣀⠤⠤⠔⠒⠊⠉⠉⢕⢕⢕⠕⠕⠁⠁
               │⢔⢀⣀⣀⠤⠤⠤⠒⠒⠊⠉⠉⢕⢕⢕⢕⢕⢕⢕⢕⢕⢕⠕⠑⠁
               │⠉⠁⢕⢕⢕⢕⢕⢕⢕⢕⢕⢕⢕⢕⢕⢕⢕⢕⢕⠕⠁⠁
          0.411│     ⠁⠁⠁⠁⠑⠑⠑⠑⠑⠑⠕⠕⠁
               └────────┴──────────────┴────────
                        2              4
        """#)
    }
}
