import Foundation

/// libFuzzer entry (scripts/fuzz image): any bytes, as a file in a class folder,
/// are loaded as ImageFolder loads training data (recognised by magic bytes,
/// decoded to gray and to RGB, scaled to [0, 1] and resized), or skipped with a
/// reason naming the file. Beside it in each class folder is a valid 1x1 PNG,
/// so the load itself never fails and anything it throws is a finding.
// In memory where the machine has it: the harness writes a file per input.
private let root = (FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm" : NSTemporaryDirectory()) + "/fuzz-image-\(getpid())"
private let path = root + "/a/input"

// A 1x1 8-bit gray PNG (fuzz/image/corpus/gray-1x1.png).
private let onePixel = Data([
    0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52, 0x00, 0x00, 0x00, 0x01,
    0x00, 0x00, 0x00, 0x01, 0x08, 0x00, 0x00, 0x00, 0x00, 0x3A, 0x7E, 0x9B, 0x55, 0x00, 0x00, 0x00, 0x0A, 0x49, 0x44, 0x41,
    0x54, 0x78, 0x9C, 0x63, 0x68, 0x00, 0x00, 0x00, 0x82, 0x00, 0x81, 0x77, 0xCD, 0x72, 0xB6, 0x00, 0x00, 0x00, 0x00, 0x49,
    0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82,
])

private let folders: Void = {
    for name in ["a", "b"] {
        let folder = root + "/" + name
        do { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) } catch { fatalError("\(error)") }
        guard FileManager.default.createFile(atPath: folder + "/ok.png", contents: onePixel) else { fatalError("cannot write \(folder)") }
    }
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    _ = folders
    guard FileManager.default.createFile(atPath: path, contents: Data(bytes: data, count: size)) else { fatalError("cannot write \(path)") }
    // The sizes of the presets (Fashion-MNIST padded, gray) and of an RGB folder resized both ways.
    for (height, width, channels) in [(32, 32, 1), (20, 36, 3)] {
        let loaded: ImageFolder.Loaded
        do { loaded = try ImageFolder.load(root, height: height, width: width, channels: channels) } catch { fatalError("the load failed: \(error)") }
        let images = loaded.images
        switch loaded.skipped.count {
        case 0: guard images.count == 3 else { fatalError("3 files, none skipped, \(images.count) images") }
        case 1: guard images.count == 2, loaded.skipped[0] == path || loaded.skipped[0].hasPrefix(path + ": ") else {
            fatalError("a skip that does not name the file: \(loaded.skipped)")
        }
        default: fatalError("more skipped than the one input: \(loaded.skipped)")
        }
        guard images.pixels.count == images.count * height * width * channels, images.pixels.allSatisfy({ $0 >= 0 && $0 <= 1 }) else {
            fatalError("pixels outside [0, 1] or of the wrong count")
        }
    }
    return 0
}
