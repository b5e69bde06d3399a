/// The optimizers' updates a vector at a time: as scalar loops over three
/// pointers the compiler cannot prove apart, they ran a square root and a
/// division per weight one at a time (RMSprop was 15 % of a ResNet50 step).
/// Each lane computes exactly the scalar formula, in its order, so results
/// do not depend on the instruction set.
extension HotKernels {
    /// Keras' RMSprop: v = rho * v + (1 - rho) * g * g;  w -= lr * g / sqrt(v + epsilon).
    public static func rmspropUpdate(_ w: UnsafeMutablePointer<Float>, gradient g: UnsafePointer<Float>, velocity v: UnsafeMutablePointer<Float>,
                                     range: Range<Int>, learningRate lr: Float, rho: Float, epsilon: Float) {
        let (lrv, rhov, keep, eps) = (Wide(repeating: lr), Wide(repeating: rho), Wide(repeating: 1 - rho), Wide(repeating: epsilon))
        var i = range.lowerBound
        while i + Wide.scalarCount <= range.upperBound {
            let gi: Wide = g.load(i)
            let vi = rhov * v.load(i) + keep * gi * gi
            v.store(vi, i)
            w.store(w.load(i) - lrv * gi / (vi + eps).squareRoot(), i)
            i += Wide.scalarCount
        }
        for i in i..<range.upperBound {
            v[i] = rho * v[i] + (1 - rho) * g[i] * g[i]
            w[i] -= lr * g[i] / (v[i] + epsilon).squareRoot()
        }
    }

    /// Keras' Adam with the step's alpha: m += (g - m) * (1 - beta1);  v += (g * g - v) * (1 - beta2);
    /// w -= alpha * m / (sqrt(v) + epsilon).
    public static func adamUpdate(_ w: UnsafeMutablePointer<Float>, gradient g: UnsafePointer<Float>, m: UnsafeMutablePointer<Float>,
                                  v: UnsafeMutablePointer<Float>, range: Range<Int>, alpha: Float, beta1: Float, beta2: Float, epsilon: Float) {
        let (a, k1, k2, eps) = (Wide(repeating: alpha), Wide(repeating: 1 - beta1), Wide(repeating: 1 - beta2), Wide(repeating: epsilon))
        var i = range.lowerBound
        while i + Wide.scalarCount <= range.upperBound {
            let gi: Wide = g.load(i)
            let mi = m.load(i) + (gi - m.load(i)) * k1
            let vi = v.load(i) + (gi * gi - v.load(i)) * k2
            m.store(mi, i)
            v.store(vi, i)
            w.store(w.load(i) - a * mi / (vi.squareRoot() + eps), i)
            i += Wide.scalarCount
        }
        for i in i..<range.upperBound {
            m[i] += (g[i] - m[i]) * (1 - beta1)
            v[i] += (g[i] * g[i] - v[i]) * (1 - beta2)
            w[i] -= alpha * m[i] / (v[i].squareRoot() + epsilon)
        }
    }
}
