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
        } catch {
            throw configError(error, root: root, origin: origin)
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
        let root: Node
        do {
            guard let node = try Yams.compose(yaml: text) else { throw ConfigError(file: path, key: "", "empty: not a run config") }
            root = node
        } catch let e as ConfigError {
            throw e
        } catch {
            throw ConfigError(file: path, key: "", "not a run config: YAML syntax error: \(error)")
        }
        let origin = ConfigOrigin(file: path)
        do {
            var manifest = try YAMLDecoder().decode(RunManifest.self, from: root)
            manifest.config.origin = origin
            return manifest
        } catch {
            throw configError(error, root: root, origin: origin)
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
}

import Dataset
import NN
