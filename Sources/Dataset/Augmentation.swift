import Foundation

/// keras.preprocessing.image.ImageDataGenerator's random affine transforms.
/// Ranges mean what Keras means: rotation and shear in degrees, shifts as a
/// fraction of the image (or pixels when >= 1), zoom as [1 - z, 1 + z] drawn
/// separately per axis, flips with probability 1/2, fill 'nearest'.
public struct Augmentation: Sendable, Equatable {
    public var rotationRange: Double = 0
    public var widthShiftRange: Double = 0
    public var heightShiftRange: Double = 0
    public var shearRange: Double = 0
    public var zoomRange: Double = 0
    public var horizontalFlip = false

    public init(rotationRange: Double = 0, widthShiftRange: Double = 0, heightShiftRange: Double = 0,
                shearRange: Double = 0, zoomRange: Double = 0, horizontalFlip: Bool = false) {
        self.rotationRange = rotationRange
        self.widthShiftRange = widthShiftRange
        self.heightShiftRange = heightShiftRange
        self.shearRange = shearRange
        self.zoomRange = zoomRange
        self.horizontalFlip = horizontalFlip
    }

    /// The settings of the fine-tuning code the study adapted.
    public static let study = Augmentation(rotationRange: 20, widthShiftRange: 0.2, heightShiftRange: 0.2, horizontalFlip: true)

    public var isIdentity: Bool { self == Augmentation() }

    /// Writes a randomly transformed copy of `src` (H, W, C) into `dst`.
    /// Follows Keras' apply_affine_transform: M = rotation * shift * shear * zoom,
    /// centred, mapping output (row, col) to the input coordinate sampled
    /// bilinearly (scipy order 1); the flip comes after.
    public func apply<G: RandomNumberGenerator>(_ src: UnsafePointer<Float>, height h: Int, width w: Int, channels c: Int,
                                                into dst: UnsafeMutablePointer<Float>, using rng: inout G) {
        func uniform(_ r: Double) -> Double { r == 0 ? 0 : Double.random(in: -r...r, using: &rng) }
        let theta = uniform(rotationRange) * .pi / 180
        var tx = uniform(heightShiftRange), ty = uniform(widthShiftRange)
        if heightShiftRange < 1 { tx *= Double(h) }
        if widthShiftRange < 1 { ty *= Double(w) }
        let shear = uniform(shearRange) * .pi / 180
        let (zx, zy) = zoomRange == 0 ? (1.0, 1.0) : (1 + uniform(zoomRange), 1 + uniform(zoomRange))
        let flip = horizontalFlip && Bool.random(using: &rng)

        // Rotation, then shift, shear, zoom, as 2x3 affine matrices over (row, col).
        var m = Affine(a: cos(theta), b: -sin(theta), c: 0, d: sin(theta), e: cos(theta), f: 0)
        m = m * Affine(a: 1, b: 0, c: tx, d: 0, e: 1, f: ty)
        m = m * Affine(a: 1, b: -sin(shear), c: 0, d: 0, e: cos(shear), f: 0)
        m = m * Affine(a: zx, b: 0, c: 0, d: 0, e: zy, f: 0)
        let oy = Double(h) / 2 - 0.5, ox = Double(w) / 2 - 0.5
        m = Affine(a: 1, b: 0, c: oy, d: 0, e: 1, f: ox) * m * Affine(a: 1, b: 0, c: -oy, d: 0, e: 1, f: -ox)

        for row in 0..<h {
            for col in 0..<w {
                let sr = m.a * Double(row) + m.b * Double(col) + m.c
                let sc = m.d * Double(row) + m.e * Double(col) + m.f
                let outCol = flip ? w - 1 - col : col
                let out = dst + (row * w + outCol) * c
                for ch in 0..<c {
                    out[ch] = ImageOps.bilinear(src, height: h, width: w, channels: c, y: Float(sr), x: Float(sc), channel: ch)
                }
            }
        }
    }
}

/// [[a b c] [d e f] [0 0 1]].
private struct Affine {
    var a, b, c, d, e, f: Double
    static func * (l: Affine, r: Affine) -> Affine {
        Affine(a: l.a * r.a + l.b * r.d, b: l.a * r.b + l.b * r.e, c: l.a * r.c + l.b * r.f + l.c,
               d: l.d * r.a + l.e * r.d, e: l.d * r.b + l.e * r.e, f: l.d * r.c + l.e * r.f + l.f)
    }
}
