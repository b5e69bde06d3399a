import Foundation
import NN

/// One searched key's value in a trial, as the trial's config was given it (`--set key=value`).
public struct SearchSetting: Codable, Equatable, Sendable {
    public let key: String, value: String

    public init(key: String, value: String) {
        self.key = key
        self.value = value
    }
}

/// A spec bound to its base config: which trials there are and the config of each.
/// Every value the space can take is checked against the base config up front
/// (range ends and every choice), so a bad value fails before the first trial trains.
public struct SearchPlan: Sendable {
    public let spec: SearchSpec
    public let specFile: String
    /// The base config (its YAML and where it came from) and the `--set` values laid over it for every trial.
    public let baseYAML: String, baseFile: String, baseOverrides: [ConfigOverride]
    /// The `--set` values alone, without the method's (asha: its max_epochs as epochs): what base.yaml records.
    public let userOverrides: [ConfigOverride]
    /// The base with the method's own settings (asha: its max epochs).
    public let base: ExperimentConfig
    public let trialCount: Int

    public init(spec: SearchSpec, specFile: String, basePath: String, overrides: [ConfigOverride], trials: Int? = nil) throws {
        guard let text = try? String(contentsOfFile: basePath, encoding: .utf8) else {
            throw ConfigError(file: basePath, key: "", "cannot read the file (missing or not UTF-8)")
        }
        try self.init(spec: spec, specFile: specFile, baseYAML: text, baseFile: basePath, overrides: overrides, trials: trials)
    }

    /// A base given as text: the UI's picker settings, which have no file of their own.
    public init(spec: SearchSpec, specFile: String, baseYAML: String, baseFile: String, overrides: [ConfigOverride], trials: Int? = nil) throws {
        self.spec = spec
        self.specFile = specFile
        self.baseYAML = baseYAML
        self.baseFile = baseFile
        userOverrides = overrides
        var overrides = overrides
        if spec.method == .asha { overrides.append(.yaml("epochs", String(spec.asha.maxEpochs), option: "asha.max_epochs")) }
        baseOverrides = overrides
        base = try ConfigLoader.parse(baseYAML, file: baseFile, overriding: overrides)
        let wanted = trials ?? spec.trials
        switch spec.method {
        case .grid:
            let points = spec.space.reduce(1) { n, d in n * Self.choices(d).count }
            if let wanted, wanted > points {
                throw ConfigError(file: specFile, key: "trials", "\(wanted) trials asked of a grid of \(points) points; each point is one trial")
            }
            trialCount = wanted ?? points
        case .pbt:
            trialCount = spec.pbt.population
        case .random, .asha:
            guard let wanted else { throw ConfigError(file: specFile, key: "trials", "required for \(spec.method.rawValue) search (or --trials N)") }
            trialCount = wanted
        }
        if spec.method == .pbt, base.epochs <= spec.pbt.intervalEpochs {
            throw ConfigError(file: specFile, key: "pbt.interval_epochs", "\(spec.pbt.intervalEpochs) is not below the base config's \(base.epochs) epochs: no member would ever be exploited")
        }
        for d in spec.space { try checkValues(of: d) }
    }

    /// The searched values of trial `index` (0-based): the grid's point, or the
    /// random draw of that trial's own stream (so a trial's values do not
    /// depend on how many trials came before or how they ended).
    public func settings(ofTrial index: Int) -> [SearchSetting] {
        if spec.method == .grid {
            var rest = index
            var values = [String](repeating: "", count: spec.space.count)
            for (i, d) in spec.space.enumerated().reversed() {
                let c = Self.choices(d)
                values[i] = c[rest % c.count]
                rest /= c.count
            }
            return zip(spec.space, values).map { SearchSetting(key: $0.key, value: $1) }
        }
        let rng = RandomSource(seed: spec.seed &* 0x9E37_79B9_7F4A_7C15 &+ UInt64(index) &+ 1)
        return spec.space.map { d in SearchSetting(key: d.key, value: draw(d, rng)) }
    }

    /// The config a trial trains: the base with its searched values set.
    public func config(for settings: [SearchSetting]) throws -> ExperimentConfig {
        try ConfigLoader.parse(baseYAML, file: baseFile, overriding: baseOverrides + settings.map { .set("\($0.key)=\($0.value)") })
    }

    /// A number as a trial's config gets it: four significant digits, which is what
    /// trials.csv shows and what the run's config.yaml records.
    static func format(_ value: Double) -> String {
        guard value != 0 else { return "0.0" }
        let digits = 4 - Int(floor(log10(abs(value)))) - 1
        let scale = pow(10, Double(digits))
        let rounded = (value * scale).rounded() / scale
        return "\(rounded)"
    }

    func draw(_ d: SearchSpec.Dimension, _ rng: RandomSource) -> String {
        let u = Double(rng.next() >> 11) * 0x1p-53
        let integer = SearchableKeys.kinds[d.key] == .integer
        switch d.domain {
        case .choice(let values): return values[min(Int(u * Double(values.count)), values.count - 1)]
        case .uniform(let low, let high):
            return integer ? String(Int((low + u * (high - low + 1)).rounded(.down))) : Self.format(low + u * (high - low))
        case .logUniform(let low, let high):
            let v = exp(log(low) + u * (log(high) - log(low)))
            return integer ? String(Int(v.rounded())) : Self.format(v)
        }
    }

    static func choices(_ d: SearchSpec.Dimension) -> [String] {
        if case .choice(let values) = d.domain { return values }
        return []
    }

    /// Each choice, or both ends of a range, set on the base config.
    private func checkValues(of d: SearchSpec.Dimension) throws {
        let integer = SearchableKeys.kinds[d.key] == .integer
        let values: [String]
        switch d.domain {
        case .choice(let c): values = c
        case .uniform(let low, let high), .logUniform(let low, let high):
            values = integer ? [String(Int(low.rounded(.up))), String(Int(high.rounded(.down)))] : [Self.format(low), Self.format(high)]
            if integer, low.rounded(.up) > high.rounded(.down) { throw ConfigError(file: specFile, key: "space.\(d.key)", "[\(low), \(high)] holds no whole number") }
        }
        for v in values {
            do {
                _ = try ConfigLoader.parse(baseYAML, file: baseFile, overriding: baseOverrides + [.set("\(d.key)=\(v)")])
            } catch let e as ConfigError {
                throw ConfigError(file: specFile, key: "space.\(d.key)", "value \(v) does not suit the base config \(baseFile): \(e.problem)")
            }
        }
    }
}
