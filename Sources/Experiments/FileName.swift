/// Names from configs and the command line (presets, run ids, 5x2cv sides)
/// become one component of a path under `--out`. Anything that could leave
/// the folder or confuse a shell (`/`, `..`, a leading dot, control
/// characters, spaces) becomes `_`; the length stays well under NAME_MAX.
public enum FileName {
    static let maximumLength = 100

    public static func component(_ name: String) -> String {
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._+-".unicodeScalars)
        var scalars = name.unicodeScalars.prefix(maximumLength).map { allowed.contains($0) ? $0 : "_" }
        if scalars.first == "." { scalars[0] = "_" }
        return scalars.isEmpty ? "_" : String(String.UnicodeScalarView(scalars))
    }
}
