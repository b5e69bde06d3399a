/// The study's five presets, in the order of its table, with what it published.
public enum Study {
    public struct Published: Sendable {
        public let hiddenLayers: Int
        /// Runs of 20 epochs its table reports.
        public let runs: Int
        public let validationRange: String, testAccuracy: String
    }

    public static let presets = ["basic-cnn", "vgg16-v1", "vgg16-v2", "vgg16-v3", "resnet50"]

    /// Basic CNN / v1 / v2 / v3 / ResNet50, as DESIGN.md quotes the study.
    public static let published: [String: Published] = [
        "basic-cnn": Published(hiddenLayers: 1, runs: 1, validationRange: "27-33 %", testAccuracy: "30 %"),
        "vgg16-v1": Published(hiddenLayers: 16, runs: 2, validationRange: "75-78 %", testAccuracy: "76 %"),
        "vgg16-v2": Published(hiddenLayers: 16, runs: 2, validationRange: "85-100 %", testAccuracy: "95 %"),
        "vgg16-v3": Published(hiddenLayers: 16, runs: 2, validationRange: "58-91 %", testAccuracy: "85 %"),
        "resnet50": Published(hiddenLayers: 50, runs: 2, validationRange: "57-80 %", testAccuracy: "not reported"),
    ]
}

/// Which recorded runs a reproduction can reuse: a run of exactly this config
/// and repeat index. A finished one is reused, an unfinished one resumed.
public enum Reproduction {
    /// How many repeats a config asks for is not part of what one repeat is:
    /// run 1 of a `runs: 1` training is run 1 of the `runs: 2` preset.
    public static func existing(_ config: ExperimentConfig, runIndex: Int, in runs: [RunListing]) -> RunListing? {
        func single(_ c: ExperimentConfig) -> ExperimentConfig {
            var c = c
            c.runs = 1
            return c
        }
        let matching = runs.filter { single($0.config) == single(config) && $0.manifest.runIndex == runIndex }
        return matching.first { $0.state == .done } ?? matching.max { $0.id < $1.id }
    }
}
