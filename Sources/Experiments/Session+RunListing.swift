extension Session.Snapshot {
    /// A recorded run as the dashboard draws it: its curves per epoch and, once
    /// tested, the test confusion matrix. Read-only: nothing trains behind it.
    public init(_ run: RunListing) {
        self.init()
        state = run.state == .done ? .done : run.state == .failed ? .failed("recorded as failed") : .stopped
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
        testConfusion = run.summary?.testConfusion
        summary = run.summary
    }
}
