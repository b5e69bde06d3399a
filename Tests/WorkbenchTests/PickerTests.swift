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

    private func refusal(_ picker: inout Picker, _ text: String) -> String? {
        do {
            try picker.set(typed: text)
            return nil
        } catch {
            return "\(error)"
        }
    }

    /// Typed numbers set a field exactly; a bad one is refused with its reason and nothing changes (issue 11, picker).
    func testTypedNumbersAreSetOrRefusedWithTheReasonNeverClamped() throws {
        var picker = try ScreenLayoutTests.picker()
        picker.selected = .batchSize
        XCTAssertNil(refusal(&picker, "48"))
        XCTAssertEqual(picker.config.batchSize, 48, "any size, not only the powers of two ← → step through")
        XCTAssertEqual(refusal(&picker, "5000"), "batch size: must be in 1...4096, got 5000")
        XCTAssertEqual(refusal(&picker, "0"), "batch size: must be in 1...4096, got 0")
        XCTAssertEqual(refusal(&picker, "3x"), "batch size: '3x' is not a whole number")
        XCTAssertEqual(picker.config.batchSize, 48)
        picker.selected = .epochs
        XCTAssertEqual(refusal(&picker, "2.5"), "epochs: '2.5' is not a whole number")
        XCTAssertEqual(refusal(&picker, "-3"), "epochs: must be at least 1, got -3")
        XCTAssertNil(refusal(&picker, " 35 "))
        XCTAssertEqual(picker.config.epochs, 35)
        picker.selected = .learningRate
        XCTAssertNil(refusal(&picker, "3e-4"))
        XCTAssertEqual(picker.config.optimizer.lr, 3e-4, "off the 1-2-5 ladder")
        XCTAssertEqual(refusal(&picker, "0"), "learning rate: must be > 0 and a finite 32-bit float, got 0")
        XCTAssertEqual(refusal(&picker, "1e-60"), "learning rate: must be > 0 and a finite 32-bit float, got 1e-60", "0 in Float")
        XCTAssertEqual(refusal(&picker, "nan"), "learning rate: 'nan' is not a number")
        XCTAssertEqual(picker.config.optimizer.lr, 3e-4)
        picker.selected = .dropout
        XCTAssertEqual(refusal(&picker, "1"), "dropout: must be in [0, 1), got 1")
        XCTAssertNil(refusal(&picker, "0.33"))
        XCTAssertEqual(picker.config.dropout, 0.33)
        picker.selected = .seed
        XCTAssertEqual(refusal(&picker, "-1"), "seed: '-1' is not a whole number from 0 to \(UInt64.max)")
        picker.selected = .optimizer
        XCTAssertEqual(refusal(&picker, "2"), "optimizer: pick a value with ← →")
        XCTAssertNoThrow(try picker.config.validate())
    }

    /// Early stopping and lr decay are set in the picker, and the run's config.yaml keeps them as the YAML keys would.
    func testEarlyStoppingAndLrDecayAreSetInThePickerAndRecorded() throws {
        var picker = try ScreenLayoutTests.picker()
        let load = { (name: String) in try ConfigLoader.load(ScreenLayoutTests.root.appendingPathComponent("experiments/\(name).yaml").path) }
        XCTAssertNil(picker.config.earlyStopping)
        picker.selected = .patience
        XCTAssertThrowsError(try picker.adjust(by: 1, load: load)) { XCTAssertEqual("\($0)", "early stopping is off: pick what it monitors first") }
        XCTAssertEqual(refusal(&picker, "3"), "early stopping patience: early stopping is off: pick what it monitors first")
        picker.selected = .earlyStopping
        try picker.adjust(by: 1, load: load)
        XCTAssertEqual(picker.config.earlyStopping?.monitor, .valLoss)
        picker.selected = .patience
        XCTAssertEqual(refusal(&picker, "0"), "early stopping patience: must be at least 1, got 0")
        XCTAssertNil(refusal(&picker, "3"))
        picker.selected = .earlyStopping
        try picker.adjust(by: 1, load: load)
        XCTAssertEqual(picker.value(.earlyStopping), "val_acc")
        XCTAssertEqual(picker.config.earlyStopping?.patience, 3, "the patience stays when the monitor changes")

        picker.selected = .lrDecay
        try picker.adjust(by: 1, load: load)
        XCTAssertEqual(picker.config.lrDecay?.kind, .step)
        picker.selected = .decayFactor
        XCTAssertEqual(refusal(&picker, "1.5"), "lr decay factor: must be in (0, 1), got 1.5")
        XCTAssertNil(refusal(&picker, "0.25"))
        picker.selected = .decayEpochs
        XCTAssertNil(refusal(&picker, "4"))
        XCTAssertEqual(picker.value(.decayEpochs), "every 4")

        // The record: what config.yaml says decodes back to the same schedule, and trains by it.
        let recorded = try ConfigLoader.parse(try ConfigLoader.encode(picker.config), file: "config.yaml")
        XCTAssertEqual(recorded.earlyStopping, picker.config.earlyStopping)
        XCTAssertEqual(recorded.lrDecay, picker.config.lrDecay)
        var policy = EpochPolicy(stopping: recorded.earlyStopping, decay: recorded.lrDecay)
        XCTAssertEqual(policy.epochEnded(4, validationLoss: 1, validationAccuracy: 0.5, learningRate: 0.1).learningRate, 0.025)

        picker.selected = .lrDecay
        try picker.adjust(by: 1, load: load)
        XCTAssertEqual(picker.config.lrDecay?.kind, .plateau)
        XCTAssertEqual(picker.config.lrDecay?.factor, 0.1, "ReduceLROnPlateau's default")
        picker.selected = .decayEpochs
        XCTAssertNil(refusal(&picker, "2"))
        XCTAssertEqual(picker.config.lrDecay?.patience, 2)
        XCTAssertEqual(try ConfigLoader.parse(try ConfigLoader.encode(picker.config), file: "config.yaml").lrDecay, picker.config.lrDecay)
        picker.selected = .lrDecay
        try picker.adjust(by: 1, load: load)
        XCTAssertNil(picker.config.lrDecay)
        XCTAssertEqual(picker.value(.decayFactor), "-")
    }

    /// At 80x24 the picker has 10 rows for 15 fields: they scroll to keep the selected one in view.
    func testThePickerScrollsToTheSelectedFieldAndShowsWhatIsTyped() throws {
        var ui = DashboardState(picker: try ScreenLayoutTests.picker())
        ui.picker.selected = .profile
        var text = DashboardScreen.picker(ui, locked: false, width: 30, height: 12).text
        XCTAssertTrue(text.contains("> profile       ‹ report ›") && !text.contains("preset") && text.contains("↑"), text)
        ui.picker.selected = .batchSize
        ui.typed = "12"
        text = DashboardScreen.picker(ui, locked: false, width: 80, height: 12).text
        XCTAssertTrue(text.contains("> batch size    ‹ 12_ ›"), text)
        let bar = DashboardScreen.helpLine(ui, state: .idle, width: 80).text
        XCTAssertTrue(bar.hasPrefix("type the batch size (now 32):  Enter keep  Esc clear  Backspace delete"), bar)
        // A refusal takes the whole bottom line: its reason is never cut at the picker's width.
        ui.message = "batch size: must be in 1...4096, got 5000"
        let lines = DashboardScreen.render(ScreenLayoutTests.training(), ui, width: 80, height: 24, glyphs: ScreenLayoutTests.glyphs).text.split(separator: "\n")
        XCTAssertEqual(lines[23].trimmingCharacters(in: .whitespaces), "batch size: must be in 1...4096, got 5000")
    }
}
