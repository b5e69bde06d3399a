import XCTest
@testable import Experiments
@testable import Workbench

/// Changing the preset in the picker keeps what the user chose for the
/// session (issue 11 item 7: `--profile tiny` was dropped, and the next run
/// trained on `report`).
final class PickerTests: XCTestCase {
    func testANewPresetKeepsTheCommandLineOptionsAndThePickedProfileAndSeed() throws {
        let command = try UICommand.parseAsRoot(["--preset", "basic-cnn", "--profile", "tiny", "--epochs", "7", "--set", "batch_size=16"]) as! UICommand
        let load = { (name: String) in try command.options.load(ScreenLayoutTests.root.appendingPathComponent("experiments/\(name).yaml").path) }
        var picker = Picker(presets: ["basic-cnn", "vgg16-v2"], initial: try load("basic-cnn"))
        XCTAssertEqual(picker.config.data.profile, .tiny)
        try picker.adjust(by: 1, load: load)
        XCTAssertEqual(picker.value(.preset), "vgg16-v2")
        XCTAssertEqual(picker.config.network, try load("vgg16-v2").network)
        XCTAssertEqual(picker.config.data.profile, .tiny, "--profile tiny")
        XCTAssertEqual(picker.config.epochs, 7, "--epochs 7")
        XCTAssertEqual(picker.config.batchSize, 16, "--set batch_size=16")

        // Profile and seed picked here choose the data and the draw: they stay too.
        picker.selected = .profile
        try picker.adjust(by: 1, load: load)
        let profile = picker.config.data.profile
        XCTAssertNotEqual(profile, .tiny)
        picker.selected = .seed
        try picker.adjust(by: 5, load: load)
        let seed = picker.config.seed
        picker.selected = .preset
        try picker.adjust(by: -1, load: load)
        XCTAssertEqual(picker.value(.preset), "basic-cnn")
        XCTAssertEqual(picker.config.data.profile, profile)
        XCTAssertEqual(picker.config.seed, seed)
        XCTAssertEqual(picker.config.optimizer.lr, try load("basic-cnn").optimizer.lr, "the model's settings are the preset's")
    }
}
