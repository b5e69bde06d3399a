/// Per-image conversions on (H, W, C) float buffers.
enum ImageOps {
    static func convert(_ src: UnsafePointer<Float>, height: Int, width: Int, channels: Int,
                        into dst: UnsafeMutablePointer<Float>, height h: Int, width w: Int, channels c: Int) {
        let padTop = (h - height) / 2, padLeft = (w - width) / 2
        let padsOnly = h >= height && w >= width && (h - height) % 2 == 0 && (w - width) % 2 == 0
        var sample = [Float](repeating: 0, count: channels)
        for y in 0..<h {
            for x in 0..<w {
                let out = dst + (y * w + x) * c
                for ch in 0..<channels { sample[ch] = 0 }
                if padsOnly {
                    let sy = y - padTop, sx = x - padLeft
                    if sy >= 0, sy < height, sx >= 0, sx < width {
                        for ch in 0..<channels { sample[ch] = src[(sy * width + sx) * channels + ch] }
                    }
                } else {
                    // Pixel centres aligned (half-pixel convention, as tf.image.resize).
                    let fy = (Float(y) + 0.5) * Float(height) / Float(h) - 0.5
                    let fx = (Float(x) + 0.5) * Float(width) / Float(w) - 0.5
                    for ch in 0..<channels { sample[ch] = bilinear(src, height: height, width: width, channels: channels, y: fy, x: fx, channel: ch) }
                }
                if channels == c {
                    for ch in 0..<c { out[ch] = sample[ch] }
                } else if channels == 1 {
                    for ch in 0..<c { out[ch] = sample[0] }
                } else {
                    // ITU-R 601 luma, as PIL's convert("L").
                    let gray = 0.299 * sample[0] + 0.587 * sample[1] + 0.114 * sample[2]
                    for ch in 0..<c { out[ch] = gray }
                }
            }
        }
    }

    /// Bilinear sample with coordinates clamped to the edge ('nearest' fill).
    static func bilinear(_ src: UnsafePointer<Float>, height: Int, width: Int, channels: Int, y: Float, x: Float, channel: Int) -> Float {
        let cy = min(max(y, 0), Float(height - 1)), cx = min(max(x, 0), Float(width - 1))
        let y0 = Int(cy), x0 = Int(cx)
        let y1 = min(y0 + 1, height - 1), x1 = min(x0 + 1, width - 1)
        let dy = cy - Float(y0), dx = cx - Float(x0)
        func p(_ yy: Int, _ xx: Int) -> Float { src[(yy * width + xx) * channels + channel] }
        return (p(y0, x0) * (1 - dx) + p(y0, x1) * dx) * (1 - dy) + (p(y1, x0) * (1 - dx) + p(y1, x1) * dx) * dy
    }
}
