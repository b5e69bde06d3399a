/// A config problem, naming the file, the key and the reason.
public struct ConfigError: Error, CustomStringConvertible {
    public let file: String, key: String, problem: String
    public init(file: String, key: String, _ problem: String) {
        self.file = file
        self.key = key
        self.problem = problem
    }
    public var description: String { key.isEmpty ? "\(file): \(problem)" : "\(file): key '\(key)': \(problem)" }
}

/// Raised inside decoding; the loader adds the file name.
struct KeyProblem: Error {
    let key: String, problem: String
}
extension KeyProblem: CustomStringConvertible {
    var description: String { "\(key): \(problem)" }
}
