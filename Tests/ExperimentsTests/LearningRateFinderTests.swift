import NN
import XCTest
@testable import Experiments

/// The range test on a problem with a known answer, and on a real network:
/// seeded, and the weights as they were afterwards.
final class LearningRateFinderTests: XCTestCase {
    /// Gradient descent on f(w) = a w^2 / 2 converges for lr < 2/a and diverges above:
    /// the test must stop past 2/a and suggest rates below it.
    func testOnAQuadraticTheSuggestionConvergesAndTheStopComesPastTheDivergenceBound() {
        let a = 50.0, bound = 2 / a
        var w = 1.0
        let sweep = LearningRateSweep.run(minimum: 1e-5, maximum: 10, steps: 200) { lr in
            let loss = a * w * w / 2
            w -= lr * a * w
            return loss
        }
        let stopped = try! XCTUnwrap(sweep.stoppedEarly)
        XCTAssertTrue(stopped.contains("4 times its minimum"), stopped)
        let last = sweep.points.last!.learningRate
        XCTAssertGreaterThan(last, bound, "no rate below 2/a makes the loss grow")
        XCTAssertLessThan(last, 10 * bound, "and it grows fast once past it")
        let suggested = try! XCTUnwrap(sweep.steepest(plannedSteps: 200)).learningRate
        let lowest = try! XCTUnwrap(sweep.minimum).learningRate
        XCTAssertLessThan(suggested, bound)
        // The smoothed minimum lags past the bound (the average remembers the start): why its tenth, not it, is the rule.
        XCTAssertLessThan(lowest / 10, bound, "a tenth of the lowest smoothed loss's rate converges")
        XCTAssertGreaterThan(suggested, 1e-4, "the loss falls fastest well above the start, where steps do nothing")
        // Rates rise exponentially from min to max over the planned steps.
        XCTAssertEqual(sweep.points[0].learningRate, 1e-5, accuracy: 1e-18)
        XCTAssertEqual(sweep.points[1].learningRate / sweep.points[0].learningRate, pow(1e6, 1.0 / 199), accuracy: 1e-12)
        // Debiased smoothing: the first smoothed loss is the first loss.
        XCTAssertEqual(sweep.points[0].smoothedLoss, sweep.points[0].loss, accuracy: 1e-12)
    }

    /// A loss that never falls (a network that does not train within the steps) gets no suggestion.
    func testAFlatLossGetsNoSuggestion() {
        let sweep = LearningRateSweep.run(minimum: 1e-6, maximum: 1, steps: 50) { lr in 1.0986 + (lr > 0.1 ? lr : 0) }
        XCTAssertFalse(sweep.lossFell)
        XCTAssertNil(sweep.steepest(plannedSteps: 50))
    }

    func testANonFiniteLossStopsTheTest() {
        let sweep = LearningRateSweep.run(minimum: 1e-3, maximum: 1, steps: 10) { lr in lr > 0.05 ? .nan : 1 }
        XCTAssertEqual(sweep.stoppedEarly, "the loss was not finite")
        XCTAssertFalse(sweep.points.last!.smoothedLoss.isFinite)
    }

    func testOnARealNetworkTheWeightsAreUnchangedAndTheCurveIsReproducible() throws {
        let config = try TinyRun.config(epochs: 1)
        let manifest = RunManifest(config: config, runIndex: 1, trainingSeed: config.seed, dataFingerprint: "", blasThreads: GEMM.threadCount)
        let data = try TrainingRun.prepareData(manifest)
        let network = try config.buildNetwork(classes: data.classNames.count)
        Initializers.initialize(network.model, rng: RandomSource(seed: 3))
        let before = network.model.parameters.map(\.value.values)
        let trainer = Trainer(network: network, optimizer: config.optimizer.make())
        var steps = 0
        // More steps than one epoch has batches: the test goes on into a second, reshuffled epoch.
        let sweep = LearningRateFinder.sweep(trainer, data.train, config: config, minimum: 1e-6, maximum: 1, steps: 12) { _, _, _ in steps += 1 }
        XCTAssertGreaterThan(12, ImageBatches(data.train, batchSize: config.batchSize, shuffleWith: nil).batchCount)
        XCTAssertEqual(steps, sweep.points.count)
        XCTAssertEqual(network.model.parameters.map(\.value.values), before, "the weights are put back")
        XCTAssertNotEqual(sweep.points.first!.loss, sweep.points.last!.loss, "the steps trained")

        var finder = LearningRateFinder(config: config)
        (finder.minimum, finder.maximum, finder.steps) = (1e-6, 1, 12)
        let (first, second) = (try finder.sweep(), try finder.sweep())
        XCTAssertEqual(first.points, second.points, "seeded: the same config gives the same curve")
        let root = TinyRun.root()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let (folder, result) = try finder.record(first, root: root)
        let csv = try TinyRun.read(folder + "/lr_find.csv").split(separator: "\n")
        XCTAssertEqual(csv.first, "step,lr,loss,smoothed_loss")
        XCTAssertEqual(csv.count, 1 + first.points.count)
        XCTAssertEqual(result.suggestedLR, first.steepest(plannedSteps: 12)?.learningRate)
        XCTAssertTrue(try TinyRun.read(folder + "/lr_find.json").contains("\"suggested_lr\""))
    }

    func testBadRangesAreRefusedNamingTheOption() throws {
        var finder = LearningRateFinder(config: try TinyRun.config(epochs: 1))
        (finder.minimum, finder.maximum) = (1, 0.1)
        XCTAssertThrowsError(try finder.sweep()) { XCTAssertTrue("\($0)".contains("--min and --max"), "\($0)") }
        (finder.minimum, finder.maximum, finder.steps) = (1e-3, 1, 1)
        XCTAssertThrowsError(try finder.sweep()) { XCTAssertTrue("\($0)".contains("--batches must be in 2...100000"), "\($0)") }
    }
}
