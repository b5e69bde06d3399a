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

    /// A preset name or a config path that names no file: what there is, and the nearest.
    struct Unknown: Error, CustomStringConvertible {
        let description: String
    }

    static func path(for nameOrPath: String) -> String {
        if isPath(nameOrPath) { return nameOrPath }
        return "\(directory)/\(nameOrPath).yaml"
    }

    static func isPath(_ nameOrPath: String) -> Bool { nameOrPath.hasSuffix(".yaml") || nameOrPath.contains("/") }

    /// `path(for:)`, refusing a name or path with no file behind it: the presets
    /// (or the configs beside the path) are listed, with the nearest as a guess.
    static func existingPath(for nameOrPath: String) throws -> String {
        let path = path(for: nameOrPath)
        guard !FileManager.default.fileExists(atPath: path) else { return path }
        if !isPath(nameOrPath) { throw Unknown(description: unknownPreset(nameOrPath, in: directory, presets: all)) }
        let folder = (path as NSString).deletingLastPathComponent.isEmpty ? "." : (path as NSString).deletingLastPathComponent
        let siblings = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { $0.hasSuffix(".yaml") }.sorted()
        guard !siblings.isEmpty else { throw Unknown(description: "\(path): no such file") }
        let guess = nearest(to: (path as NSString).lastPathComponent, in: siblings).map { ". Did you mean \(folder == "." ? "" : folder + "/")\($0)?" } ?? ""
        throw Unknown(description: "\(path): no such file; the configs in \(folder)/ are \(siblings.joined(separator: ", "))" + guess)
    }

    /// Why `name` found no preset in `directory`: the nearest preset, or that there are none there at all.
    static func unknownPreset(_ name: String, in directory: String, presets: [String]) -> String {
        guard !presets.isEmpty else {
            let folder = (directory as NSString).isAbsolutePath ? directory
                : FileManager.default.currentDirectoryPath + "/" + directory
            return "no preset named '\(name)': \(folder)/ has no presets (*.yaml)"
                + (FileManager.default.fileExists(atPath: directory) ? "" : ", there is no such folder")
                + "; start the workbench in the project's folder, or give a config's path"
        }
        return "no preset named '\(name)' in \(directory)/; the presets are \(presets.joined(separator: ", "))"
            + (nearest(to: name, in: presets).map { ". Did you mean \($0)?" } ?? "")
    }

    static var all: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [])
            .filter { $0.hasSuffix(".yaml") }.map { String($0.dropLast(5)) }.sorted()
    }

    /// The candidate nearest `typed` by edit distance (ignoring case), if it is
    /// near enough to be a typo: at most a third of its length, and at least 2.
    static func nearest(to typed: String, in candidates: [String]) -> String? {
        let scored = candidates.map { ($0, editDistance(typed.lowercased(), $0.lowercased())) }
        guard let best = scored.min(by: { $0.1 < $1.1 }), best.1 <= max(2, typed.count / 3) else { return nil }
        return best.0
    }

    /// Levenshtein distance: insertions, deletions and substitutions of characters.
    static func editDistance(_ a: String, _ b: String) -> Int {
        let b = Array(b)
        var row = Array(0...b.count)   // distances from a's prefix so far to each prefix of b
        for (i, ca) in a.enumerated() {
            var diagonal = row[0]
            row[0] = i + 1
            for (j, cb) in b.enumerated() {
                let above = row[j + 1]
                row[j + 1] = min(above + 1, row[j] + 1, diagonal + (ca == cb ? 0 : 1))
                diagonal = above
            }
        }
        return row[b.count]
    }
}
