import Foundation

/// keras.preprocessing.image.ImageDataGenerator's random affine transforms.
/// Ranges mean what Keras means: rotation and shear in degrees, shifts as a
/// fraction of the image (or pixels when >= 1), zoom as [1 - z, 1 + z] drawn
/// separately per axis, flips with probability 1/2, and Keras' fill modes.
public struct Augmentation: Sendable, Equatable {
    /// How points outside the image are filled, as Keras' documentation draws them for a row `abcd`.
    public enum FillMode: String, CaseIterable, Codable, Sendable {
        /// aaaa|abcd|dddd
        case nearest
        /// 0000|abcd|0000: Keras' default cval 0. As scipy's 'constant', a point outside the
        /// image is the constant, not interpolated with the edge.
        case constant
        /// dcba|abcd|dcba: the edge pixel repeated (scipy's 'reflect', half-sample symmetric).
        case reflect
        /// abcd|abcd|abcd: period one width (scipy's 'grid-wrap'; its 'wrap' repeats with period width - 1 at order 1).
        case wrap
    }

    public var rotationRange: Double = 0
    public var widthShiftRange: Double = 0
    public var heightShiftRange: Double = 0
    public var shearRange: Double = 0
    public var zoomRange: Double = 0
    public var horizontalFlip = false
    public var fillMode = FillMode.nearest

    public init(rotationRange: Double = 0, widthShiftRange: Double = 0, heightShiftRange: Double = 0,
                shearRange: Double = 0, zoomRange: Double = 0, horizontalFlip: Bool = false, fillMode: FillMode = .nearest) {
        self.rotationRange = rotationRange
        self.widthShiftRange = widthShiftRange
        self.heightShiftRange = heightShiftRange
        self.shearRange = shearRange
        self.zoomRange = zoomRange
        self.horizontalFlip = horizontalFlip
        self.fillMode = fillMode
    }

    /// The settings of the fine-tuning code the study adapted.
    public static let study = Augmentation(rotationRange: 20, widthShiftRange: 0.2, heightShiftRange: 0.2, horizontalFlip: true)

    /// Whether every image comes out as it went in (the fill mode then never applies).
    public var isIdentity: Bool {
        var plain = self
        plain.fillMode = .nearest
        return plain == Augmentation()
    }

    /// One random draw: angles in radians, shifts in pixels, zoom factors per axis.
    public struct Transform: Equatable, Sendable {
        public var rotation = 0.0, rowShift = 0.0, columnShift = 0.0, shear = 0.0
        public var rowZoom = 1.0, columnZoom = 1.0
        public var flip = false

        public init(rotation: Double = 0, rowShift: Double = 0, columnShift: Double = 0, shear: Double = 0,
                    rowZoom: Double = 1, columnZoom: Double = 1, flip: Bool = false) {
            (self.rotation, self.rowShift, self.columnShift, self.shear) = (rotation, rowShift, columnShift, shear)
            (self.rowZoom, self.columnZoom, self.flip) = (rowZoom, columnZoom, flip)
        }
    }

    /// Draws a transform in Keras' order (rotation, height shift, width shift, shear, zoom, flip)
    /// for an image of `h` x `w` pixels.
    public func draw<G: RandomNumberGenerator>(height h: Int, width w: Int, using rng: inout G) -> Transform {
        func uniform(_ r: Double) -> Double { r == 0 ? 0 : Double.random(in: -r...r, using: &rng) }
        var t = Transform()
        t.rotation = uniform(rotationRange) * .pi / 180
        t.rowShift = uniform(heightShiftRange)
        t.columnShift = uniform(widthShiftRange)
        if heightShiftRange < 1 { t.rowShift *= Double(h) }
        if widthShiftRange < 1 { t.columnShift *= Double(w) }
        t.shear = uniform(shearRange) * .pi / 180
        if zoomRange != 0 { (t.rowZoom, t.columnZoom) = (1 + uniform(zoomRange), 1 + uniform(zoomRange)) }
        t.flip = horizontalFlip && Bool.random(using: &rng)
        return t
    }

    /// Writes a randomly transformed copy of `src` (H, W, C) into `dst`.
    public func apply<G: RandomNumberGenerator>(_ src: UnsafePointer<Float>, height h: Int, width w: Int, channels c: Int,
                                                into dst: UnsafeMutablePointer<Float>, using rng: inout G) {
        apply(draw(height: h, width: w, using: &rng), src, height: h, width: w, channels: c, into: dst)
    }

    /// Writes `src` transformed by `t` into `dst`. Follows Keras' apply_affine_transform:
    /// M = rotation * shift * shear * zoom, centred, mapping output (row, col) to the
    /// input coordinate sampled bilinearly (scipy order 1) under the fill mode; the flip comes after.
    public func apply(_ t: Transform, _ src: UnsafePointer<Float>, height h: Int, width w: Int, channels c: Int, into dst: UnsafeMutablePointer<Float>) {
        let m = t.matrix(height: h, width: w)
        for row in 0..<h {
            for col in 0..<w {
                let sr = m.a * Double(row) + m.b * Double(col) + m.c
                let sc = m.d * Double(row) + m.e * Double(col) + m.f
                let outCol = t.flip ? w - 1 - col : col
                let out = dst + (row * w + outCol) * c
                for ch in 0..<c {
                    // Nearest keeps the clamped sampler training has always used: the same bits.
                    out[ch] = fillMode == .nearest ? ImageOps.bilinear(src, height: h, width: w, channels: c, y: Float(sr), x: Float(sc), channel: ch)
                        : sample(src, height: h, width: w, channels: c, y: sr, x: sc, channel: ch)
                }
            }
        }
    }

    /// Bilinear sample under the constant, reflect or wrap fill: each neighbour's index is folded into the image.
    private func sample(_ src: UnsafePointer<Float>, height h: Int, width w: Int, channels c: Int, y: Double, x: Double, channel: Int) -> Float {
        if fillMode == .constant && !(y >= 0 && y <= Double(h - 1) && x >= 0 && x <= Double(w - 1)) { return 0 }
        guard y.isFinite, x.isFinite else { return 0 }
        // Whole periods off first (2n for reflect, n for wrap), so that any shift stays a small index.
        func reduced(_ v: Double, _ n: Int) -> Double {
            let period = Double(fillMode == .reflect ? 2 * n : n)
            return v - period * (v / period).rounded(.down)
        }
        let (y, x) = (reduced(y, h), reduced(x, w))
        let fy = y.rounded(.down), fx = x.rounded(.down)
        let dy = Float(y - fy), dx = Float(x - fx)
        let y0 = Int(fy), x0 = Int(fx)
        func p(_ yy: Int, _ xx: Int) -> Float { src[(fold(yy, h) * w + fold(xx, w)) * c + channel] }
        return (p(y0, x0) * (1 - dx) + p(y0, x0 + 1) * dx) * (1 - dy) + (p(y0 + 1, x0) * (1 - dx) + p(y0 + 1, x0 + 1) * dx) * dy
    }

    /// Index `i` of a side of `n` pixels, extended as the fill mode draws it.
    private func fold(_ i: Int, _ n: Int) -> Int {
        switch fillMode {
        case .reflect:
            let m = (i % (2 * n) + 2 * n) % (2 * n)
            return m < n ? m : 2 * n - 1 - m
        case .wrap: return (i % n + n) % n
        // Constant: only the neighbour past the last row or column, with weight 0.
        case .nearest, .constant: return min(max(i, 0), n - 1)
        }
    }
}

extension Augmentation.Transform {
    /// Rotation, then shift, shear, zoom, as 2x3 affine matrices over (row, col), about the image's centre.
    func matrix(height h: Int, width w: Int) -> Affine {
        var m = Affine(a: cos(rotation), b: -sin(rotation), c: 0, d: sin(rotation), e: cos(rotation), f: 0)
        m = m * Affine(a: 1, b: 0, c: rowShift, d: 0, e: 1, f: columnShift)
        m = m * Affine(a: 1, b: -sin(shear), c: 0, d: 0, e: cos(shear), f: 0)
        m = m * Affine(a: rowZoom, b: 0, c: 0, d: 0, e: columnZoom, f: 0)
        let oy = Double(h) / 2 - 0.5, ox = Double(w) / 2 - 0.5
        return Affine(a: 1, b: 0, c: oy, d: 0, e: 1, f: ox) * m * Affine(a: 1, b: 0, c: -oy, d: 0, e: 1, f: -ox)
    }
}

/// [[a b c] [d e f] [0 0 1]].
struct Affine {
    var a, b, c, d, e, f: Double
    static func * (l: Affine, r: Affine) -> Affine {
        Affine(a: l.a * r.a + l.b * r.d, b: l.a * r.b + l.b * r.e, c: l.a * r.c + l.b * r.f + l.c,
               d: l.d * r.a + l.e * r.d, e: l.d * r.b + l.e * r.e, f: l.d * r.c + l.e * r.f + l.f)
    }
}
