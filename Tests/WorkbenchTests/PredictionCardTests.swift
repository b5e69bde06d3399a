import Charts
import XCTest
@testable import Experiments
@testable import Workbench

/// `workbench predict` on a terminal: each image drawn beside its answer.
final class PredictionCardTests: XCTestCase {
    func testTheImageIsDrawnLeftOfTheFileAndItsTopClasses() {
        // 4x4: the left half black, the right half white.
        let pixels: [Float] = (0..<16).map { $0 % 4 < 2 ? 0 : 1 }
        let p = Predictor.Prediction(file: "a.png", probabilities: [0.2, 0.7, 0.1], pixels: pixels)
        let card = PredictionCard(columns: 4, rows: 2)
        let ascii = card.render(p, classNames: ["dress", "pullover", "shirt"], top: 2, height: 4, width: 4, channels: 1, mode: .ascii)
        XCTAssertEqual(ascii.text, """
          @@  a.png         
          @@  pullover 0.700
              dress 0.200   
        """)
        let blocks = card.render(p, classNames: ["dress", "pullover", "shirt"], top: 1, height: 4, width: 4, channels: 1, mode: .halfBlocks)
        XCTAssertEqual(blocks[0, 0].style, .grays(top: 0, bottom: 0))
        XCTAssertEqual(blocks[3, 1].style, .grays(top: 23, bottom: 23))
        XCTAssertEqual(blocks.height, 2, "as tall as the thumbnail when the text is shorter")
    }
}
