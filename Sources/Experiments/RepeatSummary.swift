import Foundation

/// What a config's repeats (`runs: N`) say together: each accuracy's mean
/// with a Student-t 95 % interval of that mean, in plain sentences.
public enum RepeatSummary {
    public static func lines(_ runs: [RunSummary]) -> [String] {
        guard runs.count >= 2 else { return [] }
        let t = StudentT.quantile(0.975, degreesOfFreedom: Double(runs.count - 1))
        var out = ["across the \(runs.count) runs (" + runs.map(\.runID).joined(separator: ", ") + "):"]
        for (name, values) in [("test accuracy", runs.compactMap(\.testAccuracy)),
                               ("best validation accuracy", runs.compactMap(\.bestValidationAccuracy)),
                               ("final validation accuracy", runs.compactMap(\.finalValidationAccuracy))] {
            guard values.count == runs.count, let i = StudentT.meanInterval(values) else { continue }
            let mean = values.reduce(0, +) / Double(values.count)
            out.append(String(format: "  %@: mean %.4f, 95%% Student-t interval of the mean %.4f-%.4f (n=%d, t=%.3f; it says where the mean of such runs lies, not one run)",
                              name, mean, i.low, i.high, values.count, t))
        }
        return out
    }
}
