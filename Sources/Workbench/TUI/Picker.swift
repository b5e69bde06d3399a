import Dataset
import Experiments
import NN

/// The model and hyperparameter picker: a preset's config, edited field by field.
struct Picker {
    enum Field: Int, CaseIterable {
        case preset, optimizer, learningRate, dropout, epochs, batchSize, split, augmentation, seed, profile

        var label: String {
            ["preset", "optimizer", "learning rate", "dropout", "epochs", "batch size", "split", "augmentation", "seed", "profile"][rawValue]
        }

        /// The fields that can change while a run trains (from its next batch).
        var isLive: Bool { self == .learningRate || self == .dropout }
    }

    let presets: [String]
    private(set) var presetIndex = 0
    private(set) var config: ExperimentConfig
    var selected = Field.preset

    /// Starts on `initial`, whose preset joins `presets` if it is not among them.
    init(presets: [String], initial: ExperimentConfig) {
        self.presets = presets.contains(initial.preset) ? presets : presets + [initial.preset]
        presetIndex = self.presets.firstIndex(of: initial.preset)!
        config = initial
    }

    /// Takes a recorded run's settings, to launch it again.
    mutating func adopt(_ recorded: ExperimentConfig) {
        self = Picker(presets: presets, initial: recorded)
    }

    func value(_ f: Field) -> String {
        switch f {
        case .preset: return presets[presetIndex]
        case .optimizer: return config.optimizer.kind.rawValue
        case .learningRate: return Self.formatRate(config.optimizer.lr)
        case .dropout: return String(format: "%.2f", config.dropout)
        case .epochs: return String(config.epochs)
        case .batchSize: return String(config.batchSize)
        case .split: return config.split.rawValue
        case .augmentation: return config.augmentation == nil ? "off" : "on"
        case .seed: return String(config.seed)
        case .profile: return config.data.profile.rawValue
        }
    }

    /// Moves the selected field's value one step. A new preset comes from `load`
    /// (which applies the command line's options to it) and keeps the data
    /// profile and seed picked here: they choose the data and the draw, not the model.
    mutating func adjust(by step: Int, load: (String) throws -> ExperimentConfig) throws {
        switch selected {
        case .preset:
            let index = (presetIndex + step + presets.count) % presets.count
            var next = try load(presets[index])
            next.data.profile = config.data.profile
            next.seed = config.seed
            (presetIndex, config) = (index, next)
        case .optimizer:
            let all = OptimizerKind.allCases
            config.optimizer.kind = all[(all.firstIndex(of: config.optimizer.kind)! + step + all.count) % all.count]
            config.optimizer.momentum = nil
        case .learningRate: config.optimizer.lr = Self.stepRate(config.optimizer.lr, by: step)
        case .dropout: config.dropout = min(max((config.dropout + 0.05 * Double(step)) * 100, 0).rounded() / 100, 0.95)
        case .epochs: config.epochs = max(config.epochs + step, 1)
        case .batchSize: config.batchSize = min(max(step > 0 ? config.batchSize * 2 : config.batchSize / 2, 1), 1024)
        case .split: config.split = config.split == .trainVal80 ? .halves : .trainVal80
        case .augmentation: config.augmentation = config.augmentation == nil ? AugmentationConfig(Augmentation.study) : nil
        case .seed: config.seed = UInt64(max(Int64(config.seed) + Int64(step), 0))
        case .profile:
            let all = Profile.allCases
            config.data.profile = all[(all.firstIndex(of: config.data.profile)! + step + all.count) % all.count]
        }
    }

    /// Learning rates step through 1, 2, 5 x 10^k: a log scale with round values.
    static func stepRate(_ lr: Double, by step: Int) -> Double {
        let ladder = (-7...1).flatMap { e in [1.0, 2, 5].map { $0 * pow(10, Double(e)) } }
        if step > 0 { return ladder.first { $0 > lr * 1.0001 } ?? lr }
        return ladder.last { $0 < lr * 0.9999 } ?? lr
    }

    static func formatRate(_ lr: Double) -> String { String(format: "%g", lr) }
}

import Foundation
