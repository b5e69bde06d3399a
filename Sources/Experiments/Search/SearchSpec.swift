import Foundation
import Yams

/// A search as its YAML file states it: a base config, a method, the space of
/// searched keys and the method's settings. Parsing checks the file's own
/// shape (keys, ranges, methods); whether each value suits the base config is
/// `SearchPlan`'s check. Every error names the file and the key.
public struct SearchSpec: Equatable, Sendable {
    public enum Method: String, CaseIterable, Sendable { case grid, random, asha, pbt }

    public enum Domain: Equatable, Sendable {
        case uniform(Double, Double)
        case logUniform(Double, Double)
        /// YAML scalars as written; the config decodes them.
        case choice([String])
    }

    public struct Dimension: Equatable, Sendable {
        public let key: String
        public let domain: Domain

        public init(key: String, domain: Domain) {
            self.key = key
            self.domain = domain
        }
    }

    /// Asynchronous successive halving (Li et al. 2018): rungs at min_epochs x reduction^k, the last at max_epochs.
    public struct ASHA: Equatable, Sendable {
        public var minEpochs = 1, maxEpochs = 20, reduction = 3

        public init(minEpochs: Int = 1, maxEpochs: Int = 20, reduction: Int = 3) {
            (self.minEpochs, self.maxEpochs, self.reduction) = (minEpochs, maxEpochs, reduction)
        }
    }

    /// Population-based training (Jaderberg et al. 2017), synchronous generations.
    public struct PBT: Equatable, Sendable {
        public var population = 8, intervalEpochs = 2
        public var quantile = 0.25
        public var perturb = [0.8, 1.25]

        public init() {}
    }

    public var base: String
    public var method: Method
    /// Trials to run; for grid, nil means every point of the grid; for pbt, the population.
    public var trials: Int?
    /// Draws the trials (random, asha) and PBT's choices; the trials' training seed is the base config's.
    public var seed: UInt64
    public var space: [Dimension]
    public var asha: ASHA
    public var pbt: PBT

    public init(base: String, method: Method, trials: Int?, seed: UInt64, space: [Dimension], asha: ASHA = ASHA(), pbt: PBT = PBT()) {
        self.base = base
        self.method = method
        self.trials = trials
        self.seed = seed
        self.space = space
        self.asha = asha
        self.pbt = pbt
    }

    public static func load(_ path: String) throws -> SearchSpec {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw ConfigError(file: path, key: "", "cannot read the file (missing or not UTF-8)")
        }
        return try parse(text, file: path)
    }

    public static func parse(_ yaml: String, file: String) throws -> SearchSpec {
        let root: Node
        do {
            guard let node = try Yams.compose(yaml: yaml), node.mapping != nil else {
                throw ConfigError(file: file, key: "", "expected a YAML mapping (base, method, space, ...)")
            }
            root = node
        } catch let e as ConfigError {
            throw e
        } catch {
            throw ConfigError(file: file, key: "", "YAML syntax error: \(error)")
        }
        return try SpecReader(file: file).spec(root)
    }
}

/// Reads the spec's node tree, naming the key of every problem.
private struct SpecReader {
    let file: String

    func fail(_ key: String, _ problem: String) -> ConfigError { ConfigError(file: file, key: key, problem) }

    func spec(_ root: Node) throws -> SearchSpec {
        let fields = try mapping(root, at: "", allowed: ["base", "method", "trials", "seed", "space", "asha", "pbt"])
        guard let baseNode = fields["base"], let base = baseNode.string, !base.isEmpty else { throw fail("base", "required: a preset name (vgg16-v2) or a config path") }
        guard let methodText = fields["method"]?.string else { throw fail("method", "required: one of " + SearchSpec.Method.allCases.map(\.rawValue).joined(separator: ", ")) }
        guard let method = SearchSpec.Method(rawValue: methodText) else {
            throw fail("method", "unknown method '\(methodText)'; expected one of " + SearchSpec.Method.allCases.map(\.rawValue).joined(separator: ", "))
        }
        let trials = try fields["trials"].map { try integer($0, at: "trials", atLeast: 1) }
        let seed = try fields["seed"].map { n -> UInt64 in
            guard let s = n.string, let v = UInt64(s) else { throw fail("seed", "expected a whole number >= 0, got '\(n.string ?? "?")'") }
            return v
        } ?? 1
        guard let spaceNode = fields["space"] else { throw fail("space", "required: the keys to search, e.g. optimizer.lr: {log_uniform: [1.0e-5, 1.0e-2]}") }
        let spaceFields = try orderedMapping(spaceNode, at: "space")
        guard !spaceFields.isEmpty else { throw fail("space", "is empty: name at least one key to search") }
        let space = try spaceFields.map { key, node in SearchSpec.Dimension(key: key, domain: try domain(node, at: "space.\(key)")) }
        var spec = SearchSpec(base: base, method: method, trials: trials, seed: seed, space: space, asha: .init(), pbt: .init())
        if let n = fields["asha"] { spec.asha = try asha(n) }
        if let n = fields["pbt"] { spec.pbt = try pbt(n) }
        try SearchableKeys.check(spec, file: file)
        return spec
    }

    func domain(_ node: Node, at key: String) throws -> SearchSpec.Domain {
        let kinds = ["uniform", "log_uniform", "choice"]
        let fields = try mapping(node, at: key, allowed: kinds)
        guard fields.count == 1, let (kind, value) = fields.first else {
            throw fail(key, "expected exactly one of {uniform: [low, high]}, {log_uniform: [low, high]}, {choice: [a, b, ...]}")
        }
        guard let items = value.sequence.map(Array.init) else { throw fail("\(key).\(kind)", "expected a list") }
        if kind == "choice" {
            guard !items.isEmpty else { throw fail("\(key).choice", "is empty: list at least one value") }
            let values = try items.map { n -> String in
                guard let s = n.scalar else { throw fail("\(key).choice", "lists and mappings cannot be chosen; expected plain values") }
                return s.string
            }
            guard Set(values).count == values.count else { throw fail("\(key).choice", "lists a value twice") }
            return .choice(values)
        }
        guard items.count == 2, let low = items[0].float, let high = items[1].float, low.isFinite, high.isFinite else {
            throw fail("\(key).\(kind)", "expected [low, high], two finite numbers")
        }
        guard low < high else { throw fail("\(key).\(kind)", "empty range [\(low), \(high)]: low must be below high") }
        if kind == "log_uniform" {
            guard low > 0 else { throw fail("\(key).log_uniform", "[\(low), \(high)] reaches zero or below; a log range needs low > 0") }
            return .logUniform(low, high)
        }
        return .uniform(low, high)
    }

    func asha(_ node: Node) throws -> SearchSpec.ASHA {
        let f = try mapping(node, at: "asha", allowed: ["min_epochs", "max_epochs", "reduction"])
        var a = SearchSpec.ASHA()
        if let n = f["min_epochs"] { a.minEpochs = try integer(n, at: "asha.min_epochs", atLeast: 1) }
        if let n = f["max_epochs"] { a.maxEpochs = try integer(n, at: "asha.max_epochs", atLeast: 1) }
        if let n = f["reduction"] { a.reduction = try integer(n, at: "asha.reduction", atLeast: 2) }
        guard a.maxEpochs > a.minEpochs else { throw fail("asha.max_epochs", "must be above min_epochs (\(a.minEpochs)), got \(a.maxEpochs)") }
        return a
    }

    func pbt(_ node: Node) throws -> SearchSpec.PBT {
        let f = try mapping(node, at: "pbt", allowed: ["population", "interval_epochs", "quantile", "perturb"])
        var p = SearchSpec.PBT()
        if let n = f["population"] { p.population = try integer(n, at: "pbt.population", atLeast: 2) }
        if let n = f["interval_epochs"] { p.intervalEpochs = try integer(n, at: "pbt.interval_epochs", atLeast: 1) }
        if let n = f["quantile"] {
            guard let q = n.float, q > 0, q <= 0.5 else { throw fail("pbt.quantile", "must be in (0, 0.5]: the bottom and top quantiles may not overlap") }
            p.quantile = q
        }
        if let n = f["perturb"] {
            guard let factors = n.sequence.map({ $0.compactMap(\.float) }), factors.count == n.sequence?.count, !factors.isEmpty,
                  factors.allSatisfy({ $0 > 0 && $0.isFinite }) else {
                throw fail("pbt.perturb", "expected a list of positive factors, e.g. [0.8, 1.25]")
            }
            p.perturb = factors
        }
        guard Int(Double(p.population) * p.quantile) >= 1 else {
            throw fail("pbt.quantile", "\(p.quantile) of a population of \(p.population) is no member: nothing would ever be exploited")
        }
        return p
    }

    func integer(_ node: Node, at key: String, atLeast minimum: Int) throws -> Int {
        guard let s = node.string, let v = Int(s), v >= minimum else { throw fail(key, "expected a whole number >= \(minimum), got '\(node.string ?? "a list or mapping")'") }
        return v
    }

    func mapping(_ node: Node, at key: String, allowed: [String]) throws -> [String: Node] {
        let pairs = try orderedMapping(node, at: key)
        for (k, _) in pairs where !allowed.contains(k) {
            let full = key.isEmpty ? k : "\(key).\(k)"
            throw fail(full, "unknown key; expected " + allowed.joined(separator: ", "))
        }
        return Dictionary(pairs, uniquingKeysWith: { first, _ in first })
    }

    func orderedMapping(_ node: Node, at key: String) throws -> [(String, Node)] {
        guard let m = node.mapping else { throw fail(key, "expected a mapping") }
        var seen = Set<String>()
        return try m.map { k, v in
            guard let name = k.string else { throw fail(key, "keys must be plain text") }
            guard seen.insert(name).inserted else { throw fail(key.isEmpty ? name : "\(key).\(name)", "given twice") }
            return (name, v)
        }
    }
}
