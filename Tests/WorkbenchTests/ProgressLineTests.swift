import XCTest
@testable import Workbench

/// The headless progress bar fits the terminal (issue 11 item 14: at 70
/// columns it wrapped, and every redraw left a line behind).
final class ProgressLineTests: XCTestCase {
    private func line(_ width: Int, batch: Int = 3, batches: Int = 60) -> String {
        ProgressPrinter.batchLine(epoch: 12, batch: batch, batches: batches, eta: 125, loss: 1.0986, accuracy: 0.3333, rate: 1234.5, width: width)
    }

    func testTheLineFitsEveryWidthKeepingTheFiguresLongest() {
        for width in 1...240 { XCTAssertLessThan(line(width).count, width, "width \(width): \(line(width))") }
        XCTAssertEqual(line(200), "Epoch 12  3/60 [>" + String(repeating: ".", count: 29) + "] - ETA: 2m05s - loss: 1.0986 - accuracy: 0.3333 - 1234.5 img/s")
        let seventy = line(70)
        XCTAssertTrue(seventy.contains("[") && seventy.contains("loss: 1.0986"), seventy)
        let keras = ProgressPrinter.batchLine(epoch: 1, batch: 3, batches: 8, eta: 0.4, loss: 1.0986, accuracy: 0.3333, rate: 120.3, width: 70)
        XCTAssertTrue(keras.hasPrefix("Epoch 1 3/8 [") && keras.hasSuffix("] - ETA: 0s - loss: 1.0986 - accuracy: 0.3333"), keras)
        XCTAssertTrue(line(50).contains("loss: 1.0986"), line(50))
        XCTAssertEqual(line(200, batch: 60).filter { $0 == "=" }.count, 30, "a full bar at the last batch")
    }

    func testTheWidthComesFromTheTerminalElseColumns() throws {
        try XCTSkipIf(isatty(STDOUT_FILENO) == 1, "stdout is a terminal here: its own width wins")
        setenv("COLUMNS", "70", 1)
        defer { unsetenv("COLUMNS") }
        XCTAssertEqual(ProgressPrinter.terminalWidth(), 70)
        setenv("COLUMNS", "junk", 1)
        XCTAssertEqual(ProgressPrinter.terminalWidth(), 80)
    }
}
