/// How the non-test data divides into training and validation.
public enum SplitScheme: String, Sendable, Codable, CaseIterable {
    /// 80 % train, 20 % validation (stratified).
    case trainVal80 = "80/20"
    /// 50/50, the halves swapped between a config's two runs (the study's v3).
    case halves = "50/50"
}

/// Stratified splitting: each class is shuffled with the given generator and
/// cut at the same fraction, so every part keeps the class proportions.
public enum StratifiedSplit {
    public static func split<G: RandomNumberGenerator>(labels: [Int], classes: Int, fraction: Double,
                                                       using rng: inout G) -> (first: [Int], second: [Int]) {
        var first: [Int] = [], second: [Int] = []
        for c in 0..<classes {
            var members = labels.indices.filter { labels[$0] == c }
            members.shuffle(using: &rng)
            let cut = Int((Double(members.count) * fraction).rounded())
            first += members[..<cut]
            second += members[cut...]
        }
        return (first.sorted(), second.sorted())
    }

    /// Up to `perClass` indices of each class, drawn without replacement.
    public static func sample<G: RandomNumberGenerator>(labels: [Int], classes: Int, perClass: Int,
                                                        using rng: inout G) -> [Int] {
        (0..<classes).flatMap { c -> [Int] in
            var members = labels.indices.filter { labels[$0] == c }
            members.shuffle(using: &rng)
            return Array(members.prefix(perClass))
        }.sorted()
    }
}
