import Yams

/// A config value given on the command line over the file's: `--set
/// key=value` (the value read as YAML, so lists and numbers work), or an
/// option such as `--data` whose value is taken literally (a folder named
/// `null`, `~` or `yes` is a folder, not YAML's null or true).
public struct ConfigOverride: Sendable {
    /// As the user wrote it ("--set optimizer.lr=1e-4", "--data ~"); errors name it.
    public let option: String
    let assignment: Assignment

    enum Assignment: Sendable {
        case yaml(key: String, value: String)
        case literal(key: String, value: String)
        /// `--set` text without `key=`.
        case malformed
    }

    /// `--set key=value`.
    public static func set(_ text: String) -> ConfigOverride {
        guard let eq = text.firstIndex(of: "="), eq != text.startIndex else { return ConfigOverride(option: "--set \(text)", assignment: .malformed) }
        return ConfigOverride(option: "--set \(text)", assignment: .yaml(key: String(text[..<eq]), value: String(text[text.index(after: eq)...])))
    }

    /// `option value` setting `key` to the string `value`, as is.
    public static func literal(_ key: String, _ value: String, option: String) -> ConfigOverride {
        ConfigOverride(option: "\(option) \(value)", assignment: .literal(key: key, value: value))
    }

    /// `option value` setting `key` to `value` read as YAML (an option the parser already typed, e.g. a number).
    public static func yaml(_ key: String, _ value: String, option: String) -> ConfigOverride {
        ConfigOverride(option: "\(option) \(value)", assignment: .yaml(key: key, value: value))
    }

    /// The dotted key it sets; nil when malformed.
    var key: String? {
        switch assignment {
        case .yaml(let k, _), .literal(let k, _): return k
        case .malformed: return nil
        }
    }

    /// Whether an error about `problemKey` is about this value: the same key,
    /// one inside it, or the mapping holding it (`input` for `input.height`).
    func concerns(_ problemKey: String) -> Bool {
        guard let key, !problemKey.isEmpty else { return false }
        return key == problemKey || problemKey.hasPrefix(key + ".") || key.hasPrefix(problemKey + ".")
    }

    /// The value as a YAML node.
    func node() throws -> Node {
        switch assignment {
        case .malformed:
            throw ConfigError(file: option, key: "", "expected key=value, e.g. --set optimizer.lr=1e-4")
        case .literal(_, let value):
            return Node(value, Tag(.str), .doubleQuoted)
        case .yaml(let key, let value):
            guard let node = try? Yams.compose(yaml: value) ?? Node("") else {
                throw ConfigError(file: option, key: key, "value is not valid YAML")
            }
            return node
        }
    }
}
