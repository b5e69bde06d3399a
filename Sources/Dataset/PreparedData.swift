/// The three parts of a run's data, converted to the model's input size.
public struct PreparedData: Sendable {
    public let train: ImageSet, validation: ImageSet, test: ImageSet
    public let source: String
    /// Files found but not used (not images, or images that do not decode
    /// cleanly, with the reason), reported by `data info`.
    public let skippedFiles: [String]

    public var classNames: [String] { train.classNames }

    /// Hex FNV-1a over all three parts, in order: same fingerprint, same data.
    public var fingerprint: String {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for part in [train, validation, test] { part.fingerprint(into: &h) }
        let hex = String(h, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }

    /// Fashion-MNIST by profile. 20 % of the sampled data is held back as the
    /// test set first (stratified) for `report` and `tiny`; `full` uses the
    /// official test file. The rest splits by `scheme`; `swapHalves` exchanges
    /// training and validation (the second run of a 50/50 config).
    public static func fashionMNIST<G: RandomNumberGenerator>(
        directory: String = FashionMNIST.defaultDirectory, task: FashionMNIST.Task = .study, profile: Profile, scheme: SplitScheme, swapHalves: Bool,
        height: Int, width: Int, channels: Int, using rng: inout G
    ) throws -> PreparedData {
        let source = try FashionMNIST.load(.train, task: task, directory: directory)
        let classes = task.classNames.count
        let pool: ImageSet, test: ImageSet
        if let perClass = profile.imagesPerClass {
            let sampled = source.subset(StratifiedSplit.sample(labels: source.labels, classes: classes, perClass: perClass, using: &rng))
            let (rest, held) = StratifiedSplit.split(labels: sampled.labels, classes: classes, fraction: 0.8, using: &rng)
            pool = sampled.subset(rest)
            test = sampled.subset(held)
        } else {
            pool = source
            test = try FashionMNIST.load(.test, task: task, directory: directory)
        }
        return try split(pool, test: test, scheme: scheme, swapHalves: swapHalves, source: "fashion-mnist/\(profile.rawValue)" + (task == .study ? "" : "/\(task.rawValue)"),
                         skipped: [], height: height, width: width, channels: channels, using: &rng).checked(origin: directory)
    }

    /// Refuses data a run cannot learn or be judged on: fewer than two classes
    /// with training images, or an empty split. `origin` names the files.
    func checked(origin: String) throws -> PreparedData {
        func counts(_ part: ImageSet) -> String {
            zip(part.classNames, part.countsPerClass()).map { "\($0) \($1)" }.joined(separator: ", ")
        }
        let learned = train.countsPerClass().filter { $0 > 0 }.count
        guard learned >= 2 else {
            throw DatasetError(file: origin, "the training split holds images of \(learned) class(es) (\(counts(train))); a classifier needs at least two")
        }
        for (name, part) in [("validation", validation), ("test", test)] where part.count == 0 {
            throw DatasetError(file: origin, "the \(name) split is empty (training: \(counts(train))): too few images to judge a run")
        }
        return self
    }

    static func split<G: RandomNumberGenerator>(_ pool: ImageSet, test: ImageSet, scheme: SplitScheme, swapHalves: Bool, source: String,
                                                skipped: [String], height: Int, width: Int, channels: Int, using rng: inout G) -> PreparedData {
        let fraction = scheme == .trainVal80 ? 0.8 : 0.5
        var (t, v) = StratifiedSplit.split(labels: pool.labels, classes: pool.classNames.count, fraction: fraction, using: &rng)
        if swapHalves { swap(&t, &v) }
        return PreparedData(train: pool.subset(t).converted(height: height, width: width, channels: channels),
                            validation: pool.subset(v).converted(height: height, width: width, channels: channels),
                            test: test.converted(height: height, width: width, channels: channels),
                            source: source, skippedFiles: skipped)
    }
}
