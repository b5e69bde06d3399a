/// `early_stopping:` Keras' EarlyStopping: stop when `monitor` has not improved
/// by more than `min_delta` for `patience` epochs; then restore the weights of
/// the best epoch (Keras' restore_best_weights, on by default here).
public struct EarlyStoppingConfig: Codable, Equatable, Sendable {
    public enum Monitor: String, Codable, Sendable { case valLoss = "val_loss", valAccuracy = "val_accuracy" }

    public var monitor = Monitor.valLoss
    public var patience = 5
    public var minDelta = 0.0
    public var restoreBestWeights = true

    enum CodingKeys: String, CodingKey, CaseIterable {
        case monitor, patience, minDelta = "min_delta", restoreBestWeights = "restore_best_weights"
    }

    public init() {}

    public init(from decoder: Decoder) throws {
        try rejectUnknownKeys(decoder, allowed: CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        monitor = try c.decodeIfPresent(Monitor.self, forKey: .monitor) ?? .valLoss
        patience = try c.decodeIfPresent(Int.self, forKey: .patience) ?? 5
        minDelta = try c.decodeIfPresent(Double.self, forKey: .minDelta) ?? 0
        restoreBestWeights = try c.decodeIfPresent(Bool.self, forKey: .restoreBestWeights) ?? true
        guard patience >= 1 else { throw KeyProblem(key: keyPath(decoder, CodingKeys.patience), problem: "must be at least 1, got \(patience)") }
        guard minDelta >= 0, minDelta.isFinite else { throw KeyProblem(key: keyPath(decoder, CodingKeys.minDelta), problem: "must be >= 0, got \(minDelta)") }
    }
}

/// `lr_decay:` either `step` (lr times `factor` after every `every` epochs, as a
/// Keras LearningRateScheduler with a step function) or `plateau` (Keras'
/// ReduceLROnPlateau on val_loss: factor, patience, min_delta, cooldown, min_lr).
public struct LearningRateDecayConfig: Codable, Equatable, Sendable {
    public enum Kind: String, Codable, Sendable { case step, plateau }

    public var kind: Kind
    public var factor: Double
    /// step: epochs between reductions.
    public var every: Int?
    /// plateau: Keras' defaults 10, 1e-4, 0, 0.
    public var patience: Int?, minDelta: Double?, cooldown: Int?, minLR: Double?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case kind, factor, every, patience, cooldown, minDelta = "min_delta", minLR = "min_lr"
    }

    /// A decay of `kind` with the defaults its keys have in YAML; `every`, which
    /// YAML requires for `step`, is `every` here.
    public init(kind: Kind, every: Int = 10) {
        self.kind = kind
        factor = kind == .step ? 0.5 : 0.1
        if kind == .step {
            self.every = every
        } else {
            (patience, minDelta, cooldown, minLR) = (10, 1e-4, 0, 0)
        }
    }

    public init(from decoder: Decoder) throws {
        try rejectUnknownKeys(decoder, allowed: CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        kind = try c.decode(Kind.self, forKey: .kind)
        factor = try c.decodeIfPresent(Double.self, forKey: .factor) ?? (kind == .step ? 0.5 : 0.1)
        guard factor > 0, factor < 1 else { throw KeyProblem(key: keyPath(decoder, CodingKeys.factor), problem: "must be in (0, 1), got \(factor)") }
        func refuse(_ keys: [CodingKeys]) throws {
            for k in keys where c.contains(k) { throw KeyProblem(key: keyPath(decoder, k), problem: "does not apply to lr_decay kind '\(kind.rawValue)'") }
        }
        switch kind {
        case .step:
            try refuse([.patience, .minDelta, .cooldown, .minLR])
            every = try c.decode(Int.self, forKey: .every)
            guard every! >= 1 else { throw KeyProblem(key: keyPath(decoder, CodingKeys.every), problem: "must be at least 1, got \(every!)") }
        case .plateau:
            try refuse([.every])
            patience = try c.decodeIfPresent(Int.self, forKey: .patience) ?? 10
            minDelta = try c.decodeIfPresent(Double.self, forKey: .minDelta) ?? 1e-4
            cooldown = try c.decodeIfPresent(Int.self, forKey: .cooldown) ?? 0
            minLR = try c.decodeIfPresent(Double.self, forKey: .minLR) ?? 0
            guard patience! >= 1 else { throw KeyProblem(key: keyPath(decoder, CodingKeys.patience), problem: "must be at least 1, got \(patience!)") }
            guard cooldown! >= 0, minDelta! >= 0, minLR! >= 0 else { throw KeyProblem(key: keyPath(decoder, CodingKeys.cooldown), problem: "cooldown, min_delta and min_lr must be >= 0") }
        }
    }
}

/// `freeze:` the layers that keep their (loaded) weights: named ones, and/or
/// every layer of the convolutional base but the last `all_but_last` (Keras'
/// `for layer in base.layers[:-n]: layer.trainable = False`).
public struct FreezeConfig: Codable, Equatable, Sendable {
    public var layers: [String] = []
    public var allButLast: Int?

    enum CodingKeys: String, CodingKey, CaseIterable { case layers, allButLast = "all_but_last" }

    public init(from decoder: Decoder) throws {
        try rejectUnknownKeys(decoder, allowed: CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        layers = try c.decodeIfPresent([String].self, forKey: .layers) ?? []
        allButLast = try c.decodeIfPresent(Int.self, forKey: .allButLast)
        if let n = allButLast, n < 0 { throw KeyProblem(key: keyPath(decoder, CodingKeys.allButLast), problem: "must be >= 0, got \(n)") }
    }
}
