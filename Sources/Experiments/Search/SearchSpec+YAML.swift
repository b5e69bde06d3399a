import Foundation

extension SearchSpec {
    /// The spec as a file `workbench search` reads back to an equal spec: what
    /// the UI writes as a search's search.yaml.
    public var yaml: String {
        var lines = ["base: \(Self.scalar(base))", "method: \(method.rawValue)"]
        if let trials { lines.append("trials: \(trials)") }
        lines.append("seed: \(seed)")
        lines.append("space:")
        for d in space {
            let domain: String
            switch d.domain {
            case .uniform(let low, let high): domain = "{uniform: [\(Self.number(low)), \(Self.number(high))]}"
            case .logUniform(let low, let high): domain = "{log_uniform: [\(Self.number(low)), \(Self.number(high))]}"
            case .choice(let values): domain = "{choice: [" + values.map(Self.scalar).joined(separator: ", ") + "]}"
            }
            lines.append("  \(d.key): \(domain)")
        }
        switch method {
        case .asha: lines.append("asha: {min_epochs: \(asha.minEpochs), max_epochs: \(asha.maxEpochs), reduction: \(asha.reduction)}")
        case .pbt:
            lines.append("pbt: {population: \(pbt.population), interval_epochs: \(pbt.intervalEpochs), quantile: \(Self.number(pbt.quantile)), "
                         + "perturb: [" + pbt.perturb.map(Self.number).joined(separator: ", ") + "]}")
        case .grid, .random: break
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A number YAML 1.1 reads as a float: Swift writes 1e-05, which YAML would take for a string.
    static func number(_ x: Double) -> String {
        let text = "\(x)"
        guard let e = text.firstIndex(of: "e"), !text[..<e].contains(".") else { return text }
        let exponent = text[text.index(after: e)...]
        return text[..<e] + ".0e" + (exponent.first == "-" || exponent.first == "+" ? "" : "+") + exponent
    }

    /// A plain word as is; anything YAML could read otherwise, quoted.
    static func scalar(_ text: String) -> String {
        let plain = !text.isEmpty && text.allSatisfy { $0.isLetter || $0.isNumber || "._-/+".contains($0) } && !["null", "~", "true", "false", "yes", "no"].contains(text.lowercased())
        return plain ? text : "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
}
