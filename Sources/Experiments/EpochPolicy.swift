/// What a run decides at each epoch end from its validation figures: Keras'
/// EarlyStopping and ReduceLROnPlateau (or a step decay) as one small state
/// machine. It is a function of the metrics history alone, so a resumed run
/// rebuilds it by replaying metrics.csv and decides exactly as before.
public struct EpochPolicy: Sendable {
    public struct Decision: Equatable, Sendable {
        /// The monitored value improved: these weights are the best so far.
        public var improved = false
        /// Train the next epochs at this rate.
        public var learningRate: Float?
        public var stop = false
        /// Why, for events.log.
        public var reasons: [String] = []
    }

    let stopping: EarlyStoppingConfig?
    let decay: LearningRateDecayConfig?
    private(set) var bestEpoch: Int?
    private var best = Double.infinity, wait = 0
    private var plateauBest = Double.infinity, plateauWait = 0, cooldown = 0

    public init(stopping: EarlyStoppingConfig?, decay: LearningRateDecayConfig?) {
        self.stopping = stopping
        self.decay = decay
    }

    /// Keras' EarlyStopping.on_epoch_end then its ReduceLROnPlateau / scheduler:
    /// improvement means `monitored < best - min_delta` (accuracy is negated, Keras' 'max' mode).
    public mutating func epochEnded(_ epoch: Int, validationLoss: Double, validationAccuracy: Double, learningRate: Float) -> Decision {
        var d = Decision()
        if let s = stopping {
            let value = s.monitor == .valLoss ? validationLoss : -validationAccuracy
            wait += 1
            if value < best - s.minDelta {
                (best, wait, bestEpoch, d.improved) = (value, 0, epoch, true)
            } else if wait >= s.patience {
                d.stop = true
                d.reasons.append("early stopping: \(s.monitor.rawValue) has not improved by more than \(s.minDelta) for \(wait) epochs (best at epoch \(bestEpoch ?? 0))")
            }
        }
        guard let decay, !d.stop else { return d }
        switch decay.kind {
        case .step:
            if epoch % decay.every! == 0 {
                d.learningRate = learningRate * Float(decay.factor)
                d.reasons.append("step decay: every \(decay.every!) epochs times \(decay.factor)")
            }
        case .plateau:
            if cooldown > 0 { (cooldown, plateauWait) = (cooldown - 1, 0) }
            if validationLoss < plateauBest - decay.minDelta! {
                (plateauBest, plateauWait) = (validationLoss, 0)
            } else if cooldown == 0 {
                plateauWait += 1
                if plateauWait >= decay.patience!, Double(learningRate) > decay.minLR! {
                    d.learningRate = max(learningRate * Float(decay.factor), Float(decay.minLR!))
                    d.reasons.append("reduce on plateau: val_loss has not improved by more than \(decay.minDelta!) for \(plateauWait) epochs")
                    (cooldown, plateauWait) = (decay.cooldown!, 0)
                }
            }
        }
        return d
    }
}
