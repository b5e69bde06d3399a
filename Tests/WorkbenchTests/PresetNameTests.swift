import XCTest
@testable import Workbench

/// A preset name with a typo lists the presets and suggests the nearest (issue 11, "preset typos").
final class PresetNameTests: XCTestCase {
    func testATypoListsThePresetsAndSuggestsTheNearest() throws {
        XCTAssertEqual(Presets.editDistance("vgg16v2", "vgg16-v2"), 1)
        XCTAssertEqual(Presets.editDistance("", "abc"), 3)
        XCTAssertEqual(Presets.editDistance("kitten", "sitting"), 3)
        let all = ["basic-cnn", "resnet50", "vgg16-v1", "vgg16-v2", "vgg16-v3"]
        XCTAssertEqual(Presets.nearest(to: "vgg16v2", in: all), "vgg16-v2")
        XCTAssertEqual(Presets.nearest(to: "ResNet-50", in: all), "resnet50", "case is no difference")
        XCTAssertEqual(Presets.nearest(to: "basiccnn", in: all), "basic-cnn")
        XCTAssertNil(Presets.nearest(to: "mobilenet", in: all), "nothing near: no guess")

        XCTAssertThrowsError(try Presets.existingPath(for: "vgg16v2")) { error in
            let text = "\(error)"
            XCTAssertTrue(text.hasPrefix("no preset named 'vgg16v2' in "), text)
            XCTAssertTrue(text.contains("the presets are basic-cnn, resnet50, vgg16-v1, vgg16-v2, vgg16-v3") && text.hasSuffix("Did you mean vgg16-v2?"), text)
        }
        XCTAssertEqual(try Presets.existingPath(for: "vgg16-v2"), Presets.directory + "/vgg16-v2.yaml")
        // A path names the configs beside it.
        XCTAssertThrowsError(try Presets.existingPath(for: Presets.directory + "/resnet-50.yaml")) { error in
            XCTAssertTrue("\(error)".hasSuffix("Did you mean \(Presets.directory)/resnet50.yaml?"), "\(error)")
        }
        XCTAssertThrowsError(try Presets.existingPath(for: "/nonexistent-dir/x.yaml")) { XCTAssertEqual("\($0)", "/nonexistent-dir/x.yaml: no such file") }
    }

    /// Started away from the project (a copied binary in another folder), the error says there are no presets there, not "the presets are ".
    func testNoPresetsFolderSaysSoAndWhatToDo() {
        XCTAssertEqual(Presets.unknownPreset("vgg16-v2", in: "/nonexistent-dir/experiments", presets: []),
                       "no preset named 'vgg16-v2': /nonexistent-dir/experiments/ has no presets (*.yaml), there is no such folder; "
                       + "start the workbench in the project's folder, or give a config's path")
        XCTAssertEqual(Presets.unknownPreset("x", in: NSTemporaryDirectory(), presets: []).hasSuffix("has no presets (*.yaml); start the workbench in the project's folder, or give a config's path"), true)
    }
}
