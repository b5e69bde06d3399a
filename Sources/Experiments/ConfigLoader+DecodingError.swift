import Dataset
import NN
import Yams

extension ConfigLoader {
    /// Any error from decoding a config as file, key and problem, in the
    /// config's own words: Swift's decoder text ("The data couldn't be read
    /// because...", coding paths, type names) never reaches the user.
    /// `root` is the decoded YAML, to quote the value that was met.
    static func configError(_ error: Error, root: Node, origin: ConfigOrigin) -> ConfigError {
        switch error {
        case let e as ConfigError: return e
        case let p as KeyProblem: return origin.error(p)
        case let e as DecodingError:
            let (path, problem): ([CodingKey], String)
            switch e {
            case .typeMismatch(let type, let ctx): (path, problem) = (ctx.codingPath, "expected \(describe(type)), got \(found(ctx.codingPath, in: root))")
            case .valueNotFound(let type, let ctx): (path, problem) = (ctx.codingPath, "has no value: expected \(describe(type))")
            case .keyNotFound(let key, let ctx): (path, problem) = (ctx.codingPath + [key], "required key is missing")
            case .dataCorrupted(let ctx):
                let value = found(ctx.codingPath, in: root)
                (path, problem) = (ctx.codingPath, allowedValues(ctx.codingPath).map { "\(value) is not one of the allowed values: \($0.joined(separator: ", "))" }
                    ?? "\(value) is not a valid value here")
            @unknown default: (path, problem) = ([], "cannot be read as a config")
            }
            // An override sets a whole list: it is the source of the list's items too.
            return ConfigError(file: origin.source(of: dotted(path.filter { $0.intValue == nil })), key: dotted(path), problem)
        default:
            // Yams' own errors describe the YAML (line, column, what it expected).
            return ConfigError(file: origin.file, key: "", "YAML error: \(error)")
        }
    }

    /// `optimizer.lr`, `freeze.layers[2]`.
    static func dotted(_ path: [CodingKey]) -> String {
        path.reduce("") { text, key in
            if let i = key.intValue, key.stringValue == String(i) || key.stringValue.hasPrefix("Index") { return text + "[\(i)]" }
            return text.isEmpty ? key.stringValue : text + "." + key.stringValue
        }
    }

    /// The YAML value at `path`, quoted, or what kind of value it is.
    static func found(_ path: [CodingKey], in root: Node) -> String {
        var node: Node? = root
        for key in path {
            if let i = key.intValue, let items = node?.sequence, items.indices.contains(i) {
                node = items[i]
            } else {
                node = node?.mapping?[key.stringValue]
            }
        }
        guard let node else { return "nothing" }
        if let scalar = node.scalar { return scalar.string.isEmpty ? "an empty value" : "'\(scalar.string)'" }
        if node.sequence != nil { return "a list" }
        if node.mapping != nil { return "a mapping" }
        return "another kind of value"
    }

    static func describe(_ type: Any.Type) -> String {
        switch type {
        case is Int.Type: return "a whole number"
        case is UInt64.Type: return "a whole number from 0 to \(UInt64.max)"
        case is Float.Type, is Double.Type: return "a number"
        case is Bool.Type: return "true or false"
        case is String.Type: return "a string"
        // What Yams names when the YAML has the wrong shape.
        case is Node.Sequence.Type: return "a list"
        case is Node.Scalar.Type: return "a single value"
        default: return "a mapping of keys"
        }
    }

    /// For enum-valued keys, the values allowed.
    static func allowedValues(_ path: [CodingKey]) -> [String]? {
        let options: [String: [String]] = [
            "network": Architecture.allCases.map(\.rawValue),
            "optimizer.kind": OptimizerKind.allCases.map(\.rawValue),
            "split": SplitScheme.allCases.map(\.rawValue),
            "data.profile": Profile.allCases.map(\.rawValue),
            "data.task": FashionMNIST.Task.allCases.map(\.rawValue),
            "early_stopping.monitor": ["val_loss", "val_accuracy"],
            "lr_decay.kind": ["step", "plateau"],
        ]
        let key = dotted(path)
        // A run's config.yaml holds the config under `config:`.
        return options[key] ?? (key.hasPrefix("config.") ? options[String(key.dropFirst(7))] : nil)
    }
}
