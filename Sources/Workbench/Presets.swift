import Foundation

/// Finds a preset by name ("vgg16-v2") in experiments/, or takes a path as is.
enum Presets {
    static let directory = "experiments"

    static func path(for nameOrPath: String) -> String {
        if nameOrPath.hasSuffix(".yaml") || nameOrPath.contains("/") { return nameOrPath }
        return "\(directory)/\(nameOrPath).yaml"
    }

    static var all: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [])
            .filter { $0.hasSuffix(".yaml") }.map { String($0.dropLast(5)) }.sorted()
    }
}
