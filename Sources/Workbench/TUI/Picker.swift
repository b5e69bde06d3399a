import Dataset
import Experiments
import Foundation
import NN

/// The model and hyperparameter picker: a preset's config, edited field by
/// field, by steps (←→) or by typing a number (`=`).
struct Picker {
    enum Field: Int, CaseIterable {
        case preset, optimizer, learningRate, dropout, epochs, batchSize
        case earlyStopping, patience, lrDecay, decayFactor, decayEpochs
        // The augmentation's settings come last, under it: the fields before keep their places.
        case split, seed, profile, augmentation, rotation, widthShift, heightShift, shear, zoom, horizontalFlip, fillMode

        var label: String {
            ["preset", "optimizer", "learning rate", "dropout", "epochs", "batch size",
             "early stop", "  patience", "lr decay", "  factor", "  epochs",
             "split", "seed", "profile", "augmentation", "  rotation", "  w shift", "  h shift", "  shear", "  zoom", "  flip", "  fill"][rawValue]
        }

        /// The field's name in messages.
        var name: String {
            switch self {
            case .earlyStopping: return "early stopping"
            case .patience: return "early stopping patience"
            case .decayFactor: return "lr decay factor"
            case .decayEpochs: return "lr decay epochs"
            case .rotation: return "rotation range"
            case .widthShift: return "width shift range"
            case .heightShift: return "height shift range"
            case .shear: return "shear range"
            case .zoom: return "zoom range"
            case .horizontalFlip: return "horizontal flip"
            case .fillMode: return "fill mode"
            default: return label
            }
        }

        /// The fields that can change while a run trains (from its next batch).
        var isLive: Bool { self == .learningRate || self == .dropout }

        /// The fields a typed number can set.
        var isNumeric: Bool {
            [.learningRate, .dropout, .epochs, .batchSize, .patience, .decayFactor, .decayEpochs, .seed, .rotation, .widthShift, .heightShift, .shear, .zoom].contains(self)
        }
    }

    /// A value the picker refuses, and why.
    struct Refusal: Error, CustomStringConvertible {
        let description: String
    }

    let presets: [String]
    private(set) var presetIndex = 0
    private(set) var config: ExperimentConfig
    var selected = Field.preset
    /// The settings augmentation had when it was turned off, to come back with it.
    private var augmentationOff: AugmentationConfig?

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
        // val_acc: the picker's column is 30 wide at 80 columns.
        case .earlyStopping: return config.earlyStopping.map { $0.monitor == .valLoss ? "val_loss" : "val_acc" } ?? "off"
        case .patience: return config.earlyStopping.map { String($0.patience) } ?? "-"
        case .lrDecay: return config.lrDecay?.kind.rawValue ?? "off"
        case .decayFactor: return config.lrDecay.map { String(format: "%g", $0.factor) } ?? "-"
        case .decayEpochs:
            guard let d = config.lrDecay else { return "-" }
            return d.kind == .step ? "every \(d.every ?? 0)" : "\(d.patience ?? 0) flat"
        case .split: return config.split.rawValue
        case .augmentation: return config.augmentation == nil ? "off" : "on"
        case .rotation, .widthShift, .heightShift, .shear, .zoom, .horizontalFlip, .fillMode: return config.augmentation.map { augmentationValue(f, $0) } ?? "-"
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
        case .earlyStopping:
            // off -> val_loss -> val_accuracy -> off; the patience stays across monitors.
            let monitors: [EarlyStoppingConfig.Monitor?] = [nil, .valLoss, .valAccuracy]
            let next = monitors[((monitors.firstIndex(of: config.earlyStopping?.monitor) ?? 0) + step % 3 + 3) % 3]
            if let next {
                var s = config.earlyStopping ?? EarlyStoppingConfig()
                s.monitor = next
                config.earlyStopping = s
            } else {
                config.earlyStopping = nil
            }
        case .patience:
            guard var s = config.earlyStopping else { throw Refusal(description: "early stopping is off: pick what it monitors first") }
            s.patience = max(s.patience + step, 1)
            config.earlyStopping = s
        case .lrDecay:
            let kinds: [LearningRateDecayConfig.Kind?] = [nil, .step, .plateau]
            let next = kinds[((kinds.firstIndex(of: config.lrDecay?.kind) ?? 0) + step % 3 + 3) % 3]
            config.lrDecay = next.map { LearningRateDecayConfig(kind: $0) }
        case .decayFactor:
            guard var d = config.lrDecay else { throw Refusal(description: "lr decay is off: pick step or plateau first") }
            d.factor = min(max(((d.factor + 0.1 * Double(step)) * 10).rounded() / 10, 0.1), 0.9)
            config.lrDecay = d
        case .decayEpochs: try setDecayEpochs { max($0 + step, 1) }
        case .split: config.split = config.split == .trainVal80 ? .halves : .trainVal80
        case .augmentation:
            if let a = config.augmentation {
                (augmentationOff, config.augmentation) = (a, nil)
            } else {
                config.augmentation = augmentationOff ?? AugmentationConfig(Augmentation.study)
            }
        case .rotation, .widthShift, .heightShift, .shear, .zoom, .horizontalFlip, .fillMode: try stepAugmentation(by: step)
        case .seed: config.seed = UInt64(max(Int64(config.seed) + Int64(step), 0))
        case .profile:
            let all = Profile.allCases
            config.data.profile = all[(all.firstIndex(of: config.data.profile)! + step + all.count) % all.count]
        }
    }

    /// Sets the selected field to a typed number, or refuses it saying why; nothing is clamped.
    mutating func set(typed text: String) throws {
        let field = selected, text = text.trimmingCharacters(in: .whitespaces)
        func refuse(_ why: String) -> Refusal { Refusal(description: "\(field.name): \(why)") }
        func whole(_ range: ClosedRange<Int>) throws -> Int {
            guard let n = Int(text) else { throw refuse("'\(text)' is not a whole number") }
            guard range.contains(n) else {
                throw refuse(range.upperBound == .max ? "must be at least \(range.lowerBound), got \(n)" : "must be in \(range.lowerBound)...\(range.upperBound), got \(n)")
            }
            return n
        }
        func number() throws -> Double {
            guard let x = Double(text), x.isFinite else { throw refuse("'\(text)' is not a number") }
            return x
        }
        switch field {
        case .learningRate:
            let lr = try number()
            // The optimizers run in Float: a rate that is 0 or infinite there is no rate.
            guard lr > 0, Float(lr) > 0, Float(lr).isFinite else { throw refuse("must be > 0 and a finite 32-bit float, got \(text)") }
            config.optimizer.lr = lr
        case .dropout:
            let p = try number()
            guard p >= 0, p < 1 else { throw refuse("must be in [0, 1), got \(text)") }
            config.dropout = p
        case .epochs: config.epochs = try whole(1...Int.max)
        case .batchSize: config.batchSize = try whole(1...4096)
        case .patience:
            guard var s = config.earlyStopping else { throw refuse("early stopping is off: pick what it monitors first") }
            s.patience = try whole(1...Int.max)
            config.earlyStopping = s
        case .decayFactor:
            guard var d = config.lrDecay else { throw refuse("lr decay is off: pick step or plateau first") }
            let f = try number()
            guard f > 0, f < 1 else { throw refuse("must be in (0, 1), got \(text)") }
            d.factor = f
            config.lrDecay = d
        case .decayEpochs:
            guard config.lrDecay != nil else { throw refuse("lr decay is off: pick step or plateau first") }
            let n = try whole(1...Int.max)
            try setDecayEpochs { _ in n }
        case .seed:
            guard let s = UInt64(text) else { throw refuse("'\(text)' is not a whole number from 0 to \(UInt64.max)") }
            config.seed = s
        case .rotation, .shear, .zoom, .widthShift, .heightShift:
            guard var a = config.augmentation else { throw refuse("augmentation is off: turn it on first") }
            let x = try number()
            try checkAugmentation(field, x, typed: text)
            a[range: field] = x
            config.augmentation = a
        default: throw refuse("pick a value with ← →")
        }
    }

    /// An augmentation setting as the picker shows it: ranges as ±, shifts of 1 or more in pixels (as Keras reads them).
    private func augmentationValue(_ f: Field, _ a: AugmentationConfig) -> String {
        switch f {
        case .rotation, .shear: return "±" + String(format: "%g", a[range: f]) + "°"
        case .widthShift, .heightShift: return "±" + String(format: "%g", a[range: f]) + (a[range: f] >= 1 ? " px" : "")
        case .zoom: return "±" + String(format: "%g", a.zoomRange)
        case .horizontalFlip: return a.horizontalFlip ? "on" : "off"
        default: return a.fillMode.rawValue
        }
    }

    /// A step of 5 degrees or 0.05; a step past the field's range is refused, as a typed value would be.
    private mutating func stepAugmentation(by step: Int) throws {
        let field = selected
        guard var a = config.augmentation else { throw Refusal(description: "\(field.name): augmentation is off: turn it on first") }
        switch field {
        case .horizontalFlip: a.horizontalFlip.toggle()
        case .fillMode:
            let all = Augmentation.FillMode.allCases
            a.fillMode = all[(all.firstIndex(of: a.fillMode)! + step % all.count + all.count) % all.count]
        default:
            let unit = field == .rotation || field == .shear ? 5.0 : 0.05
            // Shifts step as fractions; pixel shifts (1 or more) are typed.
            // To the next multiple of the unit up or down: 12.5 steps to 15 or 10.
            let x = a[range: field] / unit
            let next = ((step > 0 ? (x + 1e-9).rounded(.down) : (x - 1e-9).rounded(.up)) + Double(step)) * unit
            let rounded = (next * 100).rounded() / 100
            if (field == .widthShift || field == .heightShift) && rounded >= 1 {
                throw Refusal(description: "\(field.name): steps go up to 0.95 of the image; type (=) a shift of 1 or more pixels")
            }
            try checkAugmentation(field, rounded, typed: String(format: "%g", rounded))
            a[range: field] = rounded
        }
        config.augmentation = a
    }

    /// The ranges the config accepts, narrowed to what transforms an image usefully:
    /// rotation up to a half turn, shear below a right angle (which folds the image onto a line),
    /// zoom below 1 (factor 1 - z above 0), shifts a fraction below 1 or whole pixels up to the image's side.
    private func checkAugmentation(_ field: Field, _ x: Double, typed text: String) throws {
        func refuse(_ why: String) -> Refusal { Refusal(description: "\(field.name): \(why), got \(text)") }
        switch field {
        case .rotation: guard (0...180).contains(x) else { throw refuse("must be in 0...180 degrees") }
        case .shear: guard x >= 0, x < 90 else { throw refuse("must be in [0, 90) degrees") }
        case .zoom: guard x >= 0, x < 1 else { throw refuse("must be in [0, 1) (zoom factors 1 - z to 1 + z)") }
        default:
            let side = field == .widthShift ? config.input.width : config.input.height
            guard x >= 0, x < 1 || (x == x.rounded() && x <= Double(side)) else {
                throw refuse("must be a fraction in [0, 1) of the \(field == .widthShift ? "width" : "height") or whole pixels from 1 to \(side)")
            }
        }
    }

    /// Takes a rate found elsewhere (the range test's suggestion), checked as a typed one is.
    mutating func use(learningRate lr: Double) throws {
        guard lr > 0, lr.isFinite, Float(lr) > 0, Float(lr).isFinite else {
            throw Refusal(description: "learning rate: must be > 0 and a finite 32-bit float, got \(lr)")
        }
        config.optimizer.lr = lr
    }

    /// A step decay's `every`, a plateau's `patience`.
    private mutating func setDecayEpochs(_ change: (Int) -> Int) throws {
        guard var d = config.lrDecay else { throw Refusal(description: "lr decay is off: pick step or plateau first") }
        if d.kind == .step { d.every = change(d.every ?? 1) } else { d.patience = change(d.patience ?? 1) }
        config.lrDecay = d
    }

    /// Learning rates step through 1, 2, 5 x 10^k: a log scale with round values.
    static func stepRate(_ lr: Double, by step: Int) -> Double {
        let ladder = (-7...1).flatMap { e in [1.0, 2, 5].map { $0 * pow(10, Double(e)) } }
        if step > 0 { return ladder.first { $0 > lr * 1.0001 } ?? lr }
        return ladder.last { $0 < lr * 0.9999 } ?? lr
    }

    static func formatRate(_ lr: Double) -> String { String(format: "%g", lr) }
}

private extension AugmentationConfig {
    /// The range a picker field edits.
    subscript(range field: Picker.Field) -> Double {
        get {
            switch field {
            case .rotation: return rotationRange
            case .widthShift: return widthShiftRange
            case .heightShift: return heightShiftRange
            case .shear: return shearRange
            default: return zoomRange
            }
        }
        set {
            switch field {
            case .rotation: rotationRange = newValue
            case .widthShift: widthShiftRange = newValue
            case .heightShift: heightShiftRange = newValue
            case .shear: shearRange = newValue
            default: zoomRange = newValue
            }
        }
    }
}
