extension Session.Snapshot {
    /// A recorded run as the dashboard draws it: its curves per epoch and, once
    /// tested, the test confusion matrix. Read-only: nothing this session runs
    /// trains behind it (another process may: then it says training).
    public init(_ run: RunListing) {
        self.init()
        switch run.state {
        case .done: state = .done
        case .failed: state = .failed("recorded as failed")
        case .training: state = .training
        case .stopped: state = .stopped
        case .diverged: state = .diverged
        }
        preset = run.config.preset
        runID = run.id
        runDirectory = run.directory
        epoch = run.epochsCompleted
        epochs = run.config.epochs
        elapsed = run.seconds
        imagesPerSecond = run.summary?.trainImagesPerSecond ?? 0
        let last = run.metrics.last
        learningRate = last?.lr ?? run.config.optimizer.lr
        dropout = last?.dropout ?? run.config.dropout
        trainLoss = run.series("train", \.loss)
        validationLoss = run.series("val", \.loss)
        trainAccuracy = run.series("train", \.accuracy)
        validationAccuracy = run.series("val", \.accuracy)
        changes = run.changes.map { ($0.position, $0.text) }
        testConfusion = run.summary?.testConfusion
        summary = run.summary
    }
}
