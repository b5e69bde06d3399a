import Foundation

/// Text for the terminal that never traps: FileHandle.write raises an
/// Objective-C exception on a full disk or a closed pipe, stdio only fails.
enum Console {
    /// Flushed at once, and through the same buffer as print, so lines keep their order.
    static func out(_ text: String) {
        fputs(text, stdout)
        fflush(stdout)
    }

    static func error(_ text: String) { fputs(text, stderr) }
}
