import CPNG
import Dataset
import Experiments
import Foundation

/// `workbench export test-set`: a run's test images as PNG files of the network's
/// input size, as the run prepared them (the same split, padding and resizing),
/// with labels.csv naming each file's class. What another runtime, or `predict`,
/// needs to repeat the run's test pass from files.
public enum TestSetExport {
    public struct Written {
        public let images: Int
        /// The largest change rounding to 8-bit pixels made (0 when the run's
        /// pixels were already n / 255, as Fashion-MNIST's and padding's are).
        public let roundingError: Float
    }

    public static func write(run directory: String, to folder: String) throws -> Written {
        let manifest = try ConfigLoader.loadManifest(directory + "/config.yaml")
        let test = try TrainingRun.prepareData(manifest).test
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw IOFailure(path: folder, "cannot create the folder (\(error.localizedDescription))")
        }
        var rows: [[String]] = [], worst: Float = 0
        let digits = String(test.count).count
        for i in 0..<test.count {
            let label = test.labels[i]
            let bytes = test.image(i).map { v -> UInt8 in
                let b = (min(max(v, 0), 1) * 255).rounded()
                worst = max(worst, abs(b / 255 - v))
                return UInt8(b)
            }
            let name = String(repeating: "0", count: max(digits - String(i).count, 0)) + "\(i)-\(FileName.component(test.classNames[label])).png"
            try AtomicFile.write(try png(bytes, width: test.width, height: test.height, channels: test.channels, file: name), to: folder + "/" + name)
            rows.append([name, "\(label)", test.classNames[label]])
        }
        try AtomicFile.write(CSV.text(header: ["file", "label", "class"], rows: rows), to: folder + "/labels.csv")
        return Written(images: test.count, roundingError: worst)
    }

    /// An 8-bit gray or RGB PNG through libpng's simplified API.
    static func png(_ pixels: [UInt8], width: Int, height: Int, channels: Int, file: String) throws -> Data {
        guard channels == 1 || channels == 3, pixels.count == width * height * channels else {
            throw IOFailure(path: file, "cannot be written as a PNG: \(pixels.count) bytes for \(width)x\(height)x\(channels)")
        }
        var image = png_image()   // zero-initialised, as the API requires
        image.version = UInt32(PNG_IMAGE_VERSION)
        (image.width, image.height) = (UInt32(width), UInt32(height))
        image.format = channels == 1 ? 0 : 2   // PNG_FORMAT_GRAY, PNG_FORMAT_RGB (not imported into Swift)
        defer { png_image_free(&image) }
        var size = 0
        // First the size, then the bytes.
        guard pixels.withUnsafeBytes({ png_image_write_to_memory(&image, nil, &size, 0, $0.baseAddress, 0, nil) }) != 0 else {
            throw IOFailure(path: file, "libpng cannot encode it")
        }
        var out = Data(count: size)
        let ok = out.withUnsafeMutableBytes { o in
            pixels.withUnsafeBytes { png_image_write_to_memory(&image, o.baseAddress, &size, 0, $0.baseAddress, 0, nil) }
        }
        guard ok != 0 else { throw IOFailure(path: file, "libpng cannot encode it") }
        return out.prefix(size)
    }
}
