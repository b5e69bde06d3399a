/// `reproduce --repeats`: how many runs each preset gets instead of its config's
/// `runs`. "N" sets every preset, "preset=N" one of them (the later wins).
public struct RepeatCounts: Equatable, Sendable {
    public private(set) var every: Int?
    public private(set) var perPreset: [String: Int] = [:]

    public init() {}

    /// `known` are the presets a name may be; a wrong one is refused naming it.
    public init(parsing arguments: [String], known: [String]) throws {
        for argument in arguments {
            let parts = argument.split(separator: "=", omittingEmptySubsequences: false).map(String.init)
            guard parts.count <= 2, let count = Int(parts.last!), count >= 1, count <= 1000 else {
                throw ConfigError(file: "--repeats", key: "", "'\(argument)' is not a count from 1 to 1000, or preset=count")
            }
            guard parts.count == 2 else {
                (every, perPreset) = (count, [:])
                continue
            }
            guard known.contains(parts[0]) else {
                throw ConfigError(file: "--repeats", key: "", "'\(parts[0])' is not one of the presets (\(known.joined(separator: ", ")))")
            }
            perPreset[parts[0]] = count
        }
    }

    public func count(for preset: String, configured: Int) -> Int { perPreset[preset] ?? every ?? configured }

    /// As the options that would give it back, for the report's command line.
    public var arguments: [String] {
        (every.map { ["\($0)"] } ?? []) + perPreset.keys.sorted().map { "\($0)=\(perPreset[$0]!)" }
    }
}
