import XCTest
@testable import NN

/// Central-difference gradient checks. The scalar checked is L = sum(y * r) for
/// a fixed random r, so dL/dy = r and every output element contributes.
enum GradientCheck {
    static func randomTensor(_ shape: Shape, seed: UInt64, scale: Float = 1) -> Tensor {
        let rng = RandomSource(seed: seed)
        let t = Tensor(shape: shape)
        for i in 0..<t.count { t.pointer[i] = (rng.nextUniform() * 2 - 1) * scale }
        return t
    }

    static func weightedSum(_ y: Tensor, _ r: Tensor) -> Double {
        (0..<y.count).reduce(0) { $0 + Double(y.pointer[$1]) * Double(r.pointer[$1]) }
    }

    /// Checks dL/dx and dL/dw for every weight of `layer`. `mode` makes the
    /// training-mode pass repeatable (a fresh RandomSource with the same seed each time).
    static func check(_ layer: Layer, input: Tensor, training: Bool = false, step: Float = 1e-3,
                      tolerance: Double = 2e-2, file: StaticString = #filePath, line: UInt = #line) {
        func mode() -> Mode { training ? .training(RandomSource(seed: 99)) : .inference }
        func loss(_ r: Tensor) -> Double { weightedSum(layer.forward(input, mode: mode()), r) }
        let y = layer.forward(input, mode: mode())
        let r = randomTensor(y.shape, seed: 1234)
        for p in layer.parameters where p.role == .weight { p.gradient.zero() }
        _ = layer.forward(input, mode: mode())
        let dx = Tensor(shape: input.shape)
        dx.copy(from: layer.backward(r))

        func compare(_ name: String, _ values: UnsafeMutablePointer<Float>, _ analytic: UnsafeMutablePointer<Float>, count: Int) {
            // Sample up to 40 coordinates spread over the tensor.
            let stride = max(count / 40, 1)
            for i in Swift.stride(from: 0, to: count, by: stride) {
                let saved = values[i]
                values[i] = saved + step
                let up = loss(r)
                values[i] = saved - step
                let down = loss(r)
                values[i] = saved
                let numeric = (up - down) / Double(2 * step)
                let a = Double(analytic[i])
                let err = abs(a - numeric) / max(1, abs(numeric), abs(a))
                XCTAssertLessThan(err, tolerance, "\(layer.name) \(name)[\(i)]: analytic \(a) numeric \(numeric)", file: file, line: line)
            }
        }
        compare("input", input.pointer, dx.pointer, count: input.count)
        for p in layer.parameters where p.role == .weight {
            compare(p.name, p.value.pointer, p.gradient.pointer, count: p.value.count)
        }
    }
}
