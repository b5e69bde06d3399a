import Dataset
import NN

/// One experiment: network, optimizer, data, schedule. Read from
/// `experiments/*.yaml`; written resolved into each run's `config.yaml`.
public struct ExperimentConfig: Codable, Equatable, Sendable {
    public var preset: String
    public var network: Architecture
    public var optimizer: OptimizerConfig
    public var dropout: Double
    public var epochs: Int
    public var batchSize: Int
    public var runs: Int
    public var split: SplitScheme
    public var augmentation: AugmentationConfig?
    public var input: InputConfig
    public var data: DataConfig
    public var seed: UInt64
    /// Off unless given (the study used neither).
    public var earlyStopping: EarlyStoppingConfig?
    public var lrDecay: LearningRateDecayConfig?
    /// Start from this checkpoint of ours (tensors matched by name and shape).
    public var weights: String?
    public var freeze: FreezeConfig?
    /// Not a key: the file and overrides it was read from, for errors found at run start.
    public var origin = ConfigOrigin.unknown

    enum CodingKeys: String, CodingKey, CaseIterable {
        case preset, network, optimizer, dropout, epochs, runs, split, augmentation, input, data, seed
        case batchSize = "batch_size", earlyStopping = "early_stopping", lrDecay = "lr_decay", weights, freeze
    }

    public init(from decoder: Decoder) throws {
        try rejectUnknownKeys(decoder, allowed: CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        preset = try c.decode(String.self, forKey: .preset)
        network = try c.decode(Architecture.self, forKey: .network)
        optimizer = try c.decode(OptimizerConfig.self, forKey: .optimizer)
        dropout = try c.decodeIfPresent(Double.self, forKey: .dropout) ?? 0
        epochs = try c.decodeIfPresent(Int.self, forKey: .epochs) ?? 20
        batchSize = try c.decodeIfPresent(Int.self, forKey: .batchSize) ?? 32
        runs = try c.decodeIfPresent(Int.self, forKey: .runs) ?? 1
        split = try c.decodeIfPresent(SplitScheme.self, forKey: .split) ?? .trainVal80
        augmentation = try c.decodeIfPresent(AugmentationConfig.self, forKey: .augmentation)
        input = try c.decodeIfPresent(InputConfig.self, forKey: .input) ?? InputConfig()
        data = try c.decodeIfPresent(DataConfig.self, forKey: .data) ?? DataConfig()
        seed = try c.decodeIfPresent(UInt64.self, forKey: .seed) ?? 1
        earlyStopping = try c.decodeIfPresent(EarlyStoppingConfig.self, forKey: .earlyStopping)
        lrDecay = try c.decodeIfPresent(LearningRateDecayConfig.self, forKey: .lrDecay)
        weights = try c.decodeIfPresent(String.self, forKey: .weights)
        freeze = try c.decodeIfPresent(FreezeConfig.self, forKey: .freeze)
        try validate()
    }

    /// Keys and ranges only: cheap enough for the UI thread and for every run
    /// folder the runs table lists. Whether the network fits the input, which
    /// layers can be frozen and whether the weights file is there are checked
    /// when a run starts (`buildNetwork`, `requireWeightsFile`).
    public func validate() throws {
        // Training runs in Float32: a rate that rounds to 0 learns nothing, one that rounds to inf diverges.
        let lr32 = Float(optimizer.lr)
        guard optimizer.lr > 0, lr32 > 0, lr32.isFinite else {
            throw KeyProblem(key: "optimizer.lr", problem: "must be > 0 and a finite 32-bit float (\(Float.leastNonzeroMagnitude) to \(Float.greatestFiniteMagnitude)), got \(optimizer.lr)"
                             + (optimizer.lr > 0 ? ", which rounds to \(lr32)" : ""))
        }
        guard dropout >= 0, dropout < 1 else { throw KeyProblem(key: "dropout", problem: "must be in [0, 1), got \(dropout)") }
        guard epochs >= 1 else { throw KeyProblem(key: "epochs", problem: "must be at least 1, got \(epochs)") }
        guard batchSize >= 1, batchSize <= 4096 else { throw KeyProblem(key: "batch_size", problem: "must be in 1...4096, got \(batchSize)") }
        guard runs >= 1 else { throw KeyProblem(key: "runs", problem: "must be at least 1, got \(runs)") }
        if let m = optimizer.momentum, !(m >= 0 && m < 1) { throw KeyProblem(key: "optimizer.momentum", problem: "must be in [0, 1), got \(m)") }
        guard [1, 3].contains(input.channels) else { throw KeyProblem(key: "input.channels", problem: "must be 1 (gray) or 3 (RGB), got \(input.channels)") }
        guard input.height <= 512, input.width <= 512 else { throw KeyProblem(key: "input", problem: "\(input.height)x\(input.width) is larger than the 512x512 this CPU tool allows") }
    }
}

public struct OptimizerConfig: Codable, Equatable, Sendable {
    public var kind: OptimizerKind
    public var lr: Double
    /// SGD only.
    public var momentum: Double?

    enum CodingKeys: String, CodingKey, CaseIterable { case kind, lr, momentum }

    public init(kind: OptimizerKind, lr: Double, momentum: Double? = nil) {
        self.kind = kind
        self.lr = lr
        self.momentum = momentum
    }

    public init(from decoder: Decoder) throws {
        try rejectUnknownKeys(decoder, allowed: CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        kind = try c.decode(OptimizerKind.self, forKey: .kind)
        lr = try c.decode(Double.self, forKey: .lr)
        momentum = try c.decodeIfPresent(Double.self, forKey: .momentum)
        if momentum != nil && kind != .sgd { throw KeyProblem(key: "optimizer.momentum", problem: "applies to sgd only, not \(kind.rawValue)") }
    }

    public func make() -> Optimizer {
        kind == .sgd ? SGD(learningRate: Float(lr), momentum: Float(momentum ?? 0)) : makeOptimizer(kind, learningRate: Float(lr))
    }
}

/// ImageDataGenerator's arguments, under Keras' names.
public struct AugmentationConfig: Codable, Equatable, Sendable {
    public var rotationRange: Double = 0
    public var widthShiftRange: Double = 0
    public var heightShiftRange: Double = 0
    public var shearRange: Double = 0
    public var zoomRange: Double = 0
    public var horizontalFlip = false
    public var fillMode = Augmentation.FillMode.nearest

    enum CodingKeys: String, CodingKey, CaseIterable {
        case rotationRange = "rotation_range", widthShiftRange = "width_shift_range", heightShiftRange = "height_shift_range"
        case shearRange = "shear_range", zoomRange = "zoom_range", horizontalFlip = "horizontal_flip", fillMode = "fill_mode"
    }

    public init() {}

    /// The config that reproduces `a`.
    public init(_ a: Augmentation) {
        (rotationRange, widthShiftRange, heightShiftRange) = (a.rotationRange, a.widthShiftRange, a.heightShiftRange)
        (shearRange, zoomRange, horizontalFlip, fillMode) = (a.shearRange, a.zoomRange, a.horizontalFlip, a.fillMode)
    }

    public init(from decoder: Decoder) throws {
        try rejectUnknownKeys(decoder, allowed: CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        rotationRange = try c.decodeIfPresent(Double.self, forKey: .rotationRange) ?? 0
        widthShiftRange = try c.decodeIfPresent(Double.self, forKey: .widthShiftRange) ?? 0
        heightShiftRange = try c.decodeIfPresent(Double.self, forKey: .heightShiftRange) ?? 0
        shearRange = try c.decodeIfPresent(Double.self, forKey: .shearRange) ?? 0
        zoomRange = try c.decodeIfPresent(Double.self, forKey: .zoomRange) ?? 0
        horizontalFlip = try c.decodeIfPresent(Bool.self, forKey: .horizontalFlip) ?? false
        let fill = try c.decodeIfPresent(String.self, forKey: .fillMode) ?? "nearest"
        guard let mode = Augmentation.FillMode(rawValue: fill) else {
            let modes = Augmentation.FillMode.allCases.map { "'\($0.rawValue)'" }.joined(separator: ", ")
            throw KeyProblem(key: keyPath(decoder, CodingKeys.fillMode), problem: "must be one of \(modes), got '\(fill)'")
        }
        fillMode = mode
        for (k, v) in [(CodingKeys.rotationRange, rotationRange), (.widthShiftRange, widthShiftRange), (.heightShiftRange, heightShiftRange), (.shearRange, shearRange), (.zoomRange, zoomRange)] where v < 0 || !v.isFinite {
            throw KeyProblem(key: keyPath(decoder, k), problem: "must be >= 0, got \(v)")
        }
        guard zoomRange < 1 else { throw KeyProblem(key: keyPath(decoder, CodingKeys.zoomRange), problem: "must be < 1 (zoom factors 1 - z ... 1 + z), got \(zoomRange)") }
    }

    public var augmentation: Augmentation {
        Augmentation(rotationRange: rotationRange, widthShiftRange: widthShiftRange, heightShiftRange: heightShiftRange,
                     shearRange: shearRange, zoomRange: zoomRange, horizontalFlip: horizontalFlip, fillMode: fillMode)
    }
}

public struct InputConfig: Codable, Equatable, Sendable {
    public var height = 32, width = 32, channels = 1
    enum CodingKeys: String, CodingKey, CaseIterable { case height, width, channels }

    public init() {}

    public init(from decoder: Decoder) throws {
        try rejectUnknownKeys(decoder, allowed: CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        height = try c.decodeIfPresent(Int.self, forKey: .height) ?? 32
        width = try c.decodeIfPresent(Int.self, forKey: .width) ?? 32
        channels = try c.decodeIfPresent(Int.self, forKey: .channels) ?? 1
        guard height >= 1, width >= 1 else { throw KeyProblem(key: "input", problem: "height and width must be positive") }
    }
}

/// Where the images come from: Fashion-MNIST by profile, or a folder of
/// class sub-folders (`folder`), which wins when given.
public struct DataConfig: Codable, Equatable, Sendable {
    public var profile: Profile = .report
    public var folder: String?
    public var fashionMNISTDirectory: String?
    /// `pretrain`: the seven Fashion-MNIST classes the study does not use.
    public var task = FashionMNIST.Task.study

    enum CodingKeys: String, CodingKey, CaseIterable {
        case profile, folder, task
        case fashionMNISTDirectory = "fashion_mnist_dir"
    }

    public init() {}

    public init(from decoder: Decoder) throws {
        try rejectUnknownKeys(decoder, allowed: CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        profile = try c.decodeIfPresent(Profile.self, forKey: .profile) ?? .report
        folder = try c.decodeIfPresent(String.self, forKey: .folder)
        fashionMNISTDirectory = try c.decodeIfPresent(String.self, forKey: .fashionMNISTDirectory)
        task = try c.decodeIfPresent(FashionMNIST.Task.self, forKey: .task) ?? .study
    }
}
