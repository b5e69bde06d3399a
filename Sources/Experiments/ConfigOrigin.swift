/// Where a config's keys came from: its file and the command-line overrides
/// over it. Problems found after decoding (the network does not fit the
/// input, the weights file is gone) name the same source as decoding would.
public struct ConfigOrigin: Sendable {
    public let file: String
    let overrides: [ConfigOverride]

    public init(file: String, overrides: [ConfigOverride] = []) {
        self.file = file
        self.overrides = overrides
    }

    /// A config not read through `ConfigLoader` (decoded by hand, e.g. in a test).
    static let unknown = ConfigOrigin(file: "the config")

    /// The last override that set `key` (or a key inside or around it), else the file.
    func source(of key: String) -> String { overrides.last { $0.concerns(key) }?.option ?? file }

    func error(_ p: KeyProblem) -> ConfigError { ConfigError(file: source(of: p.key), key: p.key, p.problem) }
}

/// Two configs with the same keys are the same experiment wherever they were
/// read from: a run of a preset is a run of the same config copied elsewhere.
extension ConfigOrigin: Equatable {
    public static func == (_: ConfigOrigin, _: ConfigOrigin) -> Bool { true }
}
