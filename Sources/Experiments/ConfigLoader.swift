import Foundation
import Yams

/// Reads experiment configs: YAML, then `--set key=value` overrides applied to
/// the parsed tree (so any key can be set and typos are still refused), then
/// strict decoding and validation. Every error names the file and the key.
public enum ConfigLoader {
    public static func load(_ path: String, overrides: [String] = []) throws -> ExperimentConfig {
        try load(path, overriding: overrides.map(ConfigOverride.set))
    }

    public static func load(_ path: String, overriding overrides: [ConfigOverride]) throws -> ExperimentConfig {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw ConfigError(file: path, key: "", "cannot read the file (missing or not UTF-8)")
        }
        return try parse(text, file: path, overriding: overrides)
    }

    public static func parse(_ yaml: String, file: String, overrides: [String] = []) throws -> ExperimentConfig {
        try parse(yaml, file: file, overriding: overrides.map(ConfigOverride.set))
    }

    /// An error about a key an override set names the override, not the file.
    public static func parse(_ yaml: String, file: String, overriding overrides: [ConfigOverride]) throws -> ExperimentConfig {
        var root: Node
        do {
            guard let node = try Yams.compose(yaml: yaml), case .mapping = node else {
                throw ConfigError(file: file, key: "", "expected a YAML mapping of keys to values")
            }
            root = node
        } catch let e as ConfigError {
            throw e
        } catch {
            throw ConfigError(file: file, key: "", "YAML syntax error: \(error)")
        }
        for o in overrides {
            let value = try o.node()
            let path = (o.key ?? "").split(separator: ".").map(String.init)
            root = try set(root, path: path[...], value: value, file: o.option)
        }
        let origin = ConfigOrigin(file: file, overrides: overrides)
        do {
            var config = try YAMLDecoder().decode(ExperimentConfig.self, from: root)
            config.origin = origin
            return config
        } catch let p as KeyProblem {
            throw origin.error(p)
        } catch let DecodingError.typeMismatch(type, ctx) {
            throw ConfigError(file: origin.source(of: dotted(ctx.codingPath)), key: dotted(ctx.codingPath), "expected \(describe(type)) (\(ctx.debugDescription))")
        } catch let DecodingError.valueNotFound(type, ctx) {
            throw ConfigError(file: origin.source(of: dotted(ctx.codingPath)), key: dotted(ctx.codingPath), "missing \(describe(type)) value")
        } catch let DecodingError.keyNotFound(key, ctx) {
            throw ConfigError(file: file, key: dotted(ctx.codingPath + [key]), "required key is missing")
        } catch let DecodingError.dataCorrupted(ctx) {
            throw ConfigError(file: origin.source(of: dotted(ctx.codingPath)), key: dotted(ctx.codingPath), allowedValues(ctx.codingPath) ?? ctx.debugDescription)
        }
    }

    /// The resolved config as YAML, for a run's `config.yaml`.
    public static func encode(_ config: ExperimentConfig) throws -> String {
        try YAMLEncoder().encode(config)
    }

    public static func encodeManifest(_ m: RunManifest) throws -> String {
        "# Resolved by the workbench; `workbench train --resume` reads it back.\n" + (try YAMLEncoder().encode(m))
    }

    public static func loadManifest(_ path: String) throws -> RunManifest {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw ConfigError(file: path, key: "", "cannot read the run's config (is this a run folder?)")
        }
        do {
            var manifest = try YAMLDecoder().decode(RunManifest.self, from: text)
            manifest.config.origin = ConfigOrigin(file: path)
            return manifest
        } catch let p as KeyProblem {
            throw ConfigError(file: path, key: p.key, p.problem)
        } catch {
            throw ConfigError(file: path, key: "", "not a run config: \(error)")
        }
    }

    private static func set(_ node: Node, path: ArraySlice<String>, value: Node, file: String) throws -> Node {
        guard let key = path.first else { return value }
        guard case .mapping(var mapping) = node else {
            throw ConfigError(file: file, key: key, "cannot set a key inside a value that is not a mapping")
        }
        let child = mapping[key] ?? Node.mapping(.init([]))
        mapping[key] = try set(child, path: path.dropFirst(), value: value, file: file)
        return .mapping(mapping)
    }

    private static func dotted(_ path: [CodingKey]) -> String { path.map(\.stringValue).joined(separator: ".") }

    private static func describe(_ type: Any.Type) -> String {
        switch type {
        case is Int.Type, is UInt64.Type: return "a whole number"
        case is Float.Type, is Double.Type: return "a number"
        case is Bool.Type: return "true or false"
        case is String.Type: return "a string"
        default: return "a mapping or value of type \(type)"
        }
    }

    /// For enum-valued keys, the values allowed.
    private static func allowedValues(_ path: [CodingKey]) -> String? {
        let options: [String: [String]] = [
            "network": Architecture.allCases.map(\.rawValue),
            "optimizer.kind": OptimizerKind.allCases.map(\.rawValue),
            "split": SplitScheme.allCases.map(\.rawValue),
            "data.profile": Profile.allCases.map(\.rawValue),
        ]
        return options[dotted(path)].map { "not one of the allowed values: \($0.joined(separator: ", "))" }
    }
}

import Dataset
import NN
