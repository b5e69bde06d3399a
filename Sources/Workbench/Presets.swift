import Foundation

/// Finds a preset by name ("vgg16-v2") in experiments/, or takes a path as is.
enum Presets {
    /// experiments/ in the working directory, else in the checkout the binary
    /// was built in (it lives in .build/<triple>/release/), so the workbench
    /// finds its presets wherever it is started.
    static let directory: String = {
        if FileManager.default.fileExists(atPath: "experiments") { return "experiments" }
        var dir = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<5 {
            dir = dir.deletingLastPathComponent()
            let candidate = dir.appendingPathComponent("experiments").path
            if FileManager.default.fileExists(atPath: candidate + "/vgg16-v2.yaml") { return candidate }
        }
        return "experiments"
    }()

    static func path(for nameOrPath: String) -> String {
        if nameOrPath.hasSuffix(".yaml") || nameOrPath.contains("/") { return nameOrPath }
        return "\(directory)/\(nameOrPath).yaml"
    }

    static var all: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [])
            .filter { $0.hasSuffix(".yaml") }.map { String($0.dropLast(5)) }.sorted()
    }
}
