import CJPEG
import CPNG
import Foundation

/// Decodes PNG (libpng) and JPEG (libjpeg-turbo) files to 8-bit gray or RGB,
/// recognised by their magic bytes, not their names.
enum ImageDecoder {
    /// Larger images are refused as unreasonable, before any pixel is allocated:
    /// the size comes from the file's header (a decompression bomb guard). At 3
    /// channels the decoded bytes stay under 120 MB, libjpeg's whole-image
    /// coefficient buffers (progressive files) under 240 MB.
    static let maximumPixels = 40_000_000

    enum Format { case png, jpeg }

    static func format(of bytes: Data) -> Format? {
        if bytes.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return .png }
        if bytes.starts(with: [0xFF, 0xD8, 0xFF]) { return .jpeg }
        return nil
    }

    /// (width, height, pixels) with `channels` bytes per pixel.
    static func decode(_ bytes: Data, format: Format, channels: Int, file: String) throws -> (Int, Int, [UInt8]) {
        // The buffers are sized by `channels` but the decoders write 1 or 3 per pixel.
        guard channels == 1 || channels == 3 else { throw DatasetError(file: file, "cannot decode to \(channels) channels (1 for gray, 3 for RGB)") }
        switch format {
        case .png: return try decodePNG(bytes, channels: channels, file: file)
        case .jpeg: return try decodeJPEG(bytes, channels: channels, file: file)
        }
    }

    private static func decodePNG(_ bytes: Data, channels: Int, file: String) throws -> (Int, Int, [UInt8]) {
        var image = png_image()   // zero-initialised, as the API requires
        image.version = UInt32(PNG_IMAGE_VERSION)
        defer { png_image_free(&image) }
        let ok = bytes.withUnsafeBytes { png_image_begin_read_from_memory(&image, $0.baseAddress, $0.count) }
        guard ok != 0 else { throw DatasetError(file: file, "corrupt PNG (\(message(of: image)))") }
        let (w, h) = (Int(image.width), Int(image.height))
        let count = try byteCount(width: w, height: h, channels: channels, file: file)
        // png.h: PNG_FORMAT_GRAY is 0, PNG_FORMAT_RGB is PNG_FORMAT_FLAG_COLOR (2); Swift does not import them.
        image.format = channels == 1 ? 0 : 2
        var pixels = [UInt8](repeating: 0, count: count)
        let done = pixels.withUnsafeMutableBytes { png_image_finish_read(&image, nil, $0.baseAddress, 0, nil) }
        guard done != 0 else { throw DatasetError(file: file, "corrupt PNG (\(message(of: image)))") }
        return (w, h, pixels)
    }

    /// The decoded size of a `width` x `height` image as its header claims it,
    /// refused (naming the file) beyond `maximumPixels`; checked, as the
    /// dimensions are the file's (libpng allows 2^31 - 1 each).
    static func byteCount(width: Int, height: Int, channels: Int, file: String) throws -> Int {
        let (pixels, overflow) = width.multipliedReportingOverflow(by: height)
        guard width >= 0, height >= 0, !overflow, pixels <= maximumPixels else {
            throw DatasetError(file: file, "image is \(width)x\(height), larger than the \(maximumPixels) pixels allowed")
        }
        return pixels * channels
    }

    private static func message(of image: png_image) -> String {
        withUnsafeBytes(of: image.message) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
    }

    private static func decodeJPEG(_ bytes: Data, channels: Int, file: String) throws -> (Int, Int, [UInt8]) {
        var out: UnsafeMutablePointer<UInt8>?
        var w: Int32 = 0, h: Int32 = 0
        var text = [CChar](repeating: 0, count: 200)
        let status = bytes.withUnsafeBytes { raw in
            cjpeg_decode(raw.bindMemory(to: UInt8.self).baseAddress, raw.count, Int32(channels), maximumPixels, &out, &w, &h, &text)
        }
        guard status == 0, let p = out else {
            throw DatasetError(file: file, status == 2 ? String(cString: text) : "corrupt JPEG (\(String(cString: text)))")
        }
        defer { free(p) }
        let count = try byteCount(width: Int(w), height: Int(h), channels: channels, file: file)
        return (Int(w), Int(h), Array(UnsafeBufferPointer(start: p, count: count)))
    }
}
