import Yams

/// Two runs' settings side by side, as their config.yaml resolved them: the
/// keys whose values differ (dotted paths, e.g. `optimizer.lr`; list items by
/// index), what makes each run the repeat it is (run index, seeds, data
/// fingerprint, BLAS threads, machine) whether or not it differs, and the
/// live changes each recorded. Data for the CLI and the Runs screen to show.
public struct RunDiff: Sendable {
    /// One key; nil where a run does not set it (an older record, an unset option).
    public struct Row: Equatable, Sendable {
        public let key: String
        public let first: String?, second: String?
        public var differs: Bool { first != second }
    }

    public let first: RunListing, second: RunListing
    /// Config keys that differ, in config.yaml's order; lr and dropout as left
    /// by live changes follow (`optimizer.lr (as left)`) when they differ.
    public let settings: [Row]
    /// The run's identity, every key shown.
    public let identity: [Row]

    /// Keys of the identity: the manifest's own and the config's data seed.
    static let identityKeys = ["run_index", "training_seed", "seed", "data_fingerprint", "blas_threads", "machine.cpu", "machine.kernels", "machine.blas"]

    public init(_ a: RunListing, _ b: RunListing) throws {
        (first, second) = (a, b)
        let (fa, fb) = (try Self.flattened(a.manifest), try Self.flattened(b.manifest))
        let (va, vb) = (Dictionary(fa, uniquingKeysWith: { x, _ in x }), Dictionary(fb, uniquingKeysWith: { x, _ in x }))
        var keys = fa.map(\.key)
        keys += fb.map(\.key).filter { !va.keys.contains($0) }
        let rows = keys.map { Row(key: $0, first: va[$0], second: vb[$0]) }
        let tuned = [("optimizer.lr (as left)", a.tunedConfig.optimizer.lr, b.tunedConfig.optimizer.lr),
                     ("dropout (as left)", a.tunedConfig.dropout, b.tunedConfig.dropout)]
            .map { Row(key: $0.0, first: "\($0.1)", second: "\($0.2)") }
        settings = rows.filter { !Self.identityKeys.contains($0.key) && $0.differs } + (a.isTunedLive || b.isTunedLive ? tuned.filter(\.differs) : [])
        identity = Self.identityKeys.map { k in Row(key: k, first: va[k], second: vb[k]) }
    }

    /// config.yaml's keys, the config's without their `config.` prefix, with
    /// their values (the decoded manifest encoded again: defaults filled in).
    static func flattened(_ m: RunManifest) throws -> [(key: String, value: String)] {
        guard let root = try Yams.compose(yaml: try YAMLEncoder().encode(m)) else { return [] }
        var out: [(key: String, value: String)] = []
        func walk(_ node: Node, _ path: [String]) {
            switch node {
            case .scalar(let s):
                // Yams writes 0.0002 as 2e-4: a float reads as Swift prints it. A
                // string that looks like a number is quoted, so plain means number.
                let float = s.style == .plain && Int(s.string) == nil ? Double(s.string) : nil
                let text = float.map { "\($0)" } ?? s.string
                out.append((path.joined(separator: "."), text))
            case .mapping(let m): for (k, v) in m { walk(v, path + [k.string ?? "?"]) }
            case .sequence(let items):
                if items.isEmpty { out.append((path.joined(separator: "."), "[]")) }
                for (i, v) in items.enumerated() { walk(v, path + ["\(i)"]) }
            case .alias: break   // the encoder writes none
            }
        }
        walk(root, [])
        return out.map { ($0.key.hasPrefix("config.") ? String($0.key.dropFirst("config.".count)) : $0.key, $0.value) }
    }
}
