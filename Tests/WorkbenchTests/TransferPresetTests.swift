import XCTest
@testable import Experiments
@testable import Workbench

/// experiments/transfer/: the study's presets started from our pre-training.
final class TransferPresetTests: XCTestCase {
    let root = ScreenLayoutTests.root.path

    func testTransferPresetsAreTheStudyPresetsPlusWeightsAndTheStudysFreeze() throws {
        let weights = NSTemporaryDirectory() + "/weights-\(UUID().uuidString).safetensors"
        try Data("placeholder".utf8).write(to: URL(fileURLWithPath: weights))
        defer { try? FileManager.default.removeItem(atPath: weights) }
        for name in ["vgg16-v1", "vgg16-v2", "vgg16-v3", "resnet50"] {
            let study = try ConfigLoader.load("\(root)/experiments/\(name).yaml")
            var transfer = try ConfigLoader.load("\(root)/experiments/transfer/\(name).yaml", overrides: ["weights=\(weights)"])
            XCTAssertEqual(transfer.preset, name + "-transfer")
            XCTAssertEqual(transfer.weights, weights)
            XCTAssertEqual(transfer.freeze?.allButLast, name.hasPrefix("vgg16") ? 4 : nil, name)
            (transfer.preset, transfer.weights, transfer.freeze) = (study.preset, nil, nil)
            XCTAssertEqual(transfer, study, "\(name): nothing else differs")
        }
        // Decoding leaves the file to the run's start, which names it and the remedy.
        let missing = try ConfigLoader.load("\(root)/experiments/transfer/vgg16-v2.yaml", overrides: ["weights=/nowhere.safetensors", "data.profile=tiny"])
        XCTAssertThrowsError(try TrainingRun(config: missing, root: NSTemporaryDirectory() + "/never-\(UUID().uuidString)")) {
            XCTAssertTrue("\($0)".contains("--set weights=/nowhere.safetensors: key 'weights'") && "\($0)".contains("workbench pretrain"), "\($0)")
        }
    }

    func testPretrainingKeepsTheScheduleAndChangesOnlyTheTask() throws {
        let base = try ConfigLoader.load("\(root)/experiments/vgg16-v3.yaml")
        let pre = Pretraining.config(base)
        XCTAssertEqual(pre.data.task, .pretrain)
        XCTAssertEqual(pre.preset, "vgg16-v2-pretrain", "v3 trains the v2 network")
        XCTAssertEqual(pre.split, .trainVal80)
        XCTAssertEqual(pre.runs, 1)
        XCTAssertEqual(pre.optimizer, base.optimizer)
        XCTAssertEqual(pre.epochs, base.epochs)
        XCTAssertEqual(Pretraining.file(for: base), "pretrained/vgg16.safetensors")
    }

    func testOneVGG16BaseIsPretrainedWithV2sSettingsForAllThreeVGG16Presets() throws {
        for name in ["vgg16-v1", "vgg16-v2", "vgg16-v3"] {
            XCTAssertEqual(Pretraining.sourcePreset(for: try ConfigLoader.load("\(root)/experiments/\(name).yaml")), "vgg16-v2", name)
        }
        XCTAssertEqual(Pretraining.sourcePreset(for: try ConfigLoader.load("\(root)/experiments/resnet50.yaml")), "resnet50")
    }
}
