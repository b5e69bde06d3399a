import Foundation
import XCTest
@testable import Experiments

final class SearchSpecTests: XCTestCase {
    static let example = """
    base: vgg16-v2
    method: asha
    trials: 24
    seed: 1
    space:
      optimizer.lr: {log_uniform: [1.0e-5, 1.0e-2]}
      dropout: {uniform: [0.0, 0.7]}
      optimizer.kind: {choice: [adam, rmsprop, sgd]}
      batch_size: {choice: [32, 64, 128]}
    asha: {min_epochs: 2, max_epochs: 20, reduction: 3}
    pbt: {population: 8, interval_epochs: 2, quantile: 0.25, perturb: [0.8, 1.25]}
    """

    func testTheIssuesExampleParses() throws {
        let s = try SearchSpec.parse(Self.example, file: "s.yaml")
        XCTAssertEqual(s.base, "vgg16-v2")
        XCTAssertEqual(s.method, .asha)
        XCTAssertEqual(s.trials, 24)
        XCTAssertEqual(s.space.map(\.key), ["optimizer.lr", "dropout", "optimizer.kind", "batch_size"])
        XCTAssertEqual(s.space[0].domain, .logUniform(1e-5, 1e-2))
        XCTAssertEqual(s.space[2].domain, .choice(["adam", "rmsprop", "sgd"]))
        XCTAssertEqual(s.asha, SearchSpec.ASHA(minEpochs: 2, maxEpochs: 20, reduction: 3))
        XCTAssertEqual(s.pbt.perturb, [0.8, 1.25])
    }

    /// Each refusal names the file and the key, and says what is wrong.
    func testRefusalsNameTheKey() {
        func refusal(_ yaml: String) -> String {
            do {
                _ = try SearchSpec.parse(yaml, file: "s.yaml")
                return "accepted"
            } catch { return "\(error)" }
        }
        let head = "base: basic-cnn\nmethod: random\ntrials: 4\n"
        XCTAssertEqual(refusal(head + "space: {optimizer.lr: {uniform: [0.1, 0.1]}}"),
                       "s.yaml: key 'space.optimizer.lr.uniform': empty range [0.1, 0.1]: low must be below high")
        XCTAssertEqual(refusal(head + "space: {optimizer.lr: {log_uniform: [0.0, 0.1]}}"),
                       "s.yaml: key 'space.optimizer.lr.log_uniform': [0.0, 0.1] reaches zero or below; a log range needs low > 0")
        XCTAssertTrue(refusal(head + "space: {optimizer.lr: {log_uniform: [-1, 0.1]}}").contains("reaches zero or below"))
        XCTAssertTrue(refusal(head + "space: {seed: {choice: [1, 2]}}").hasPrefix("s.yaml: key 'space.seed': cannot be searched: every trial must train and test on the same images"))
        XCTAssertTrue(refusal(head + "space: {optimiser.lr: {choice: [1]}}").hasPrefix("s.yaml: key 'space.optimiser.lr': cannot be searched; the searchable keys are"))
        XCTAssertEqual(refusal(head + "space: {dropout: {normal: [0, 1]}}"), "s.yaml: key 'space.dropout.normal': unknown key; expected uniform, log_uniform, choice")
        XCTAssertEqual(refusal(head + "space: {dropout: {choice: []}}"), "s.yaml: key 'space.dropout.choice': is empty: list at least one value")
        XCTAssertEqual(refusal(head + "space: {}"), "s.yaml: key 'space': is empty: name at least one key to search")
        XCTAssertEqual(refusal(head + "space: {optimizer.kind: {uniform: [0, 1]}}"), "s.yaml: key 'space.optimizer.kind': takes named values: use {choice: [...]}")
        XCTAssertEqual(refusal("base: basic-cnn\nmethod: grid\nspace: {dropout: {uniform: [0, 0.5]}}"),
                       "s.yaml: key 'space.dropout': grid search needs the points themselves: use {choice: [...]} (a range has no grid points)")
        XCTAssertEqual(refusal("base: basic-cnn\nmethod: bayes\nspace: {dropout: {uniform: [0, 0.5]}}"),
                       "s.yaml: key 'method': unknown method 'bayes'; expected one of grid, random, asha, pbt")
        XCTAssertEqual(refusal(head + "space: {dropout: {uniform: [0, 0.5]}}\ntrails: 3"),
                       "s.yaml: key 'trails': unknown key; expected base, method, trials, seed, space, asha, pbt")
        XCTAssertTrue(refusal("base: basic-cnn\nmethod: asha\ntrials: 3\nspace: {epochs: {choice: [1, 2]}}").contains("the scheduler decides how long each trial trains"))
        XCTAssertTrue(refusal("base: basic-cnn\nmethod: pbt\nspace: {batch_size: {choice: [32, 64]}}").contains("pbt varies optimizer.lr and dropout"))
        XCTAssertEqual(refusal("base: basic-cnn\nmethod: asha\ntrials: 3\nspace: {dropout: {uniform: [0, 0.5]}}\nasha: {min_epochs: 4, max_epochs: 4}"),
                       "s.yaml: key 'asha.max_epochs': must be above min_epochs (4), got 4")
        XCTAssertTrue(refusal("base: basic-cnn\nmethod: pbt\nspace: {dropout: {uniform: [0, 0.5]}}\npbt: {population: 2, quantile: 0.25}").contains("is no member"))
        XCTAssertEqual(refusal("method: grid\nspace: {dropout: {choice: [0]}}"), "s.yaml: key 'base': required: a preset name (vgg16-v2) or a config path")
    }

    /// Values are checked against the base config before any trial: a choice the config refuses names the key and the value.
    func testValuesTheBaseConfigRefusesAreNamed() throws {
        let base = try writeBase()
        func plan(_ space: String, method: String = "random") throws -> SearchPlan {
            let spec = try SearchSpec.parse("base: x\nmethod: \(method)\ntrials: 3\nspace: {\(space)}", file: "s.yaml")
            return try SearchPlan(spec: spec, specFile: "s.yaml", basePath: base, overrides: [])
        }
        XCTAssertThrowsError(try plan("dropout: {uniform: [0.0, 1.5]}")) {
            XCTAssertTrue("\($0)".hasPrefix("s.yaml: key 'space.dropout': value 1.5 does not suit the base config"), "\($0)")
            XCTAssertTrue("\($0)".contains("must be in [0, 1)"), "\($0)")
        }
        XCTAssertThrowsError(try plan("optimizer.kind: {choice: [adam, adamw]}")) {
            XCTAssertTrue("\($0)".hasPrefix("s.yaml: key 'space.optimizer.kind': value adamw does not suit the base config"), "\($0)")
        }
        XCTAssertThrowsError(try plan("batch_size: {uniform: [10.2, 10.8]}")) { XCTAssertTrue("\($0)".contains("holds no whole number"), "\($0)") }
        XCTAssertThrowsError(try plan("dropout: {choice: [0.1, 0.2]}", method: "grid")) {
            XCTAssertEqual("\($0)", "s.yaml: key 'trials': 3 trials asked of a grid of 2 points; each point is one trial")
        }
        XCTAssertNoThrow(try plan("dropout: {uniform: [0.0, 0.5]}"))
    }

    /// The same spec and seed give the same trials; each trial's values come from its own stream.
    func testRandomTrialsAreReproducibleAndInRange() throws {
        let base = try writeBase()
        let text = "base: x\nmethod: random\ntrials: 20\nseed: 5\nspace:\n  optimizer.lr: {log_uniform: [1.0e-5, 1.0e-2]}\n  dropout: {uniform: [0.0, 0.7]}\n  batch_size: {uniform: [16, 64]}\n  optimizer.kind: {choice: [adam, rmsprop, sgd]}"
        let plan = try SearchPlan(spec: try SearchSpec.parse(text, file: "s"), specFile: "s", basePath: base, overrides: [])
        let again = try SearchPlan(spec: try SearchSpec.parse(text, file: "s"), specFile: "s", basePath: base, overrides: [])
        let trials = (0..<20).map(plan.settings(ofTrial:))
        XCTAssertEqual(trials, (0..<20).map(again.settings(ofTrial:)))
        var kinds = Set<String>()
        for t in trials {
            let lr = try XCTUnwrap(Double(t[0].value)), dropout = try XCTUnwrap(Double(t[1].value)), batch = try XCTUnwrap(Int(t[2].value))
            XCTAssert((1e-5...1e-2).contains(lr) && (0...0.7).contains(dropout) && (16...64).contains(batch), "\(t)")
            kinds.insert(t[3].value)
            // The value given is the value trained: the config reads it back exactly.
            XCTAssertEqual(try plan.config(for: t).optimizer.lr, lr)
        }
        XCTAssertEqual(kinds, ["adam", "rmsprop", "sgd"])
        let otherSeed = try SearchPlan(spec: try SearchSpec.parse(text.replacingOccurrences(of: "seed: 5", with: "seed: 6"), file: "s"), specFile: "s", basePath: base, overrides: [])
        XCTAssertNotEqual(trials, (0..<20).map(otherSeed.settings(ofTrial:)))
        // Log-uniform: about half the draws below the geometric middle (1e-3.5), not a tenth as uniform would give.
        let low = trials.filter { Double($0[0].value)! < pow(10, -3.5) }.count
        XCTAssert((5...15).contains(low), "\(low) of 20 below 10^-3.5")
    }

    func testGridEnumeratesEveryPointLastKeyFastest() throws {
        let base = try writeBase()
        let spec = try SearchSpec.parse("base: x\nmethod: grid\nspace:\n  optimizer.kind: {choice: [adam, sgd]}\n  dropout: {choice: [0.0, 0.25, 0.5]}", file: "s")
        let plan = try SearchPlan(spec: spec, specFile: "s", basePath: base, overrides: [])
        XCTAssertEqual(plan.trialCount, 6)
        XCTAssertEqual((0..<6).map { plan.settings(ofTrial: $0).map(\.value) },
                       [["adam", "0.0"], ["adam", "0.25"], ["adam", "0.5"], ["sgd", "0.0"], ["sgd", "0.25"], ["sgd", "0.5"]])
    }

    func testFourSignificantDigits() {
        XCTAssertEqual(SearchPlan.format(0.000123456), "0.0001235")
        XCTAssertEqual(SearchPlan.format(0.41372), "0.4137")
        XCTAssertEqual(SearchPlan.format(1.0e-5), "1e-05")
        XCTAssertEqual(SearchPlan.format(0), "0.0")
    }

    func testAFormattedRateReadsBackAsThatRate() throws {
        let plan = try SearchPlan(spec: try SearchSpec.parse("base: x\nmethod: random\ntrials: 1\nspace: {optimizer.lr: {log_uniform: [1.0e-6, 1.0]}}", file: "s"),
                                  specFile: "s", basePath: try writeBase(), overrides: [])
        for v in [1e-5, 1.235e-6, 0.0001235, 0.5] {
            XCTAssertEqual(try plan.config(for: [SearchSetting(key: "optimizer.lr", value: SearchPlan.format(v))]).optimizer.lr, Double(SearchPlan.format(v)))
        }
    }

    /// The README's example spec, on the real vgg16-v2 preset: it parses, plans 24 trials of 20 epochs, rungs 2, 6, 20.
    func testTheCommittedExampleSpecPlansOnItsPreset() throws {
        let experiments = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("experiments").path
        let path = experiments + "/search/vgg16-v2-asha.yaml"
        let spec = try SearchSpec.load(path)
        let plan = try SearchPlan(spec: spec, specFile: path, basePath: experiments + "/\(spec.base).yaml", overrides: [.set("data.profile=report")])
        XCTAssertEqual(plan.trialCount, 24)
        XCTAssertEqual(plan.base.epochs, 20)
        XCTAssertEqual(plan.base.network, try ConfigLoader.load(experiments + "/vgg16-v2.yaml").network)
        XCTAssertEqual(SearchScheduler.rungs(spec.asha), [2, 6, 20])
        XCTAssertEqual(Set((0..<24).map { plan.settings(ofTrial: $0)[2].value }), ["adam", "rmsprop", "sgd"])
    }

    private func writeBase() throws -> String { try SearchRunnerTests.files("").base }
}
