import Foundation
@testable import Interchange

/// A slow, plain evaluator of the ONNX operators the exporter writes, written
/// from the ONNX operator documents (NCHW, row-major), so an exported graph's
/// numbers are checked without any runtime: a wrong kernel layout, padding or
/// flatten order changes its answers.
struct ONNXReference {
    struct Value { var dims: [Int]; var data: [Float] }
    struct Failure: Error, CustomStringConvertible { let description: String }

    let model: Onnx_ModelProto

    func run(_ input: Value) throws -> Value {
        var values: [String: Value] = [model.graph.input[0].name: input]
        var ints: [String: [Int]] = [:]
        for t in model.graph.initializer {
            let dims = t.dims.map(Int.init)
            if t.dataType == Int32(Onnx_TensorProto.DataType.int64.rawValue) {
                ints[t.name] = t.rawData.withUnsafeBytes { Array($0.bindMemory(to: Int64.self)).map { Int(Int64(littleEndian: $0)) } }
            } else {
                values[t.name] = Value(dims: dims, data: t.rawData.withUnsafeBytes { Array($0.bindMemory(to: UInt32.self)).map { Float(bitPattern: UInt32(littleEndian: $0)) } })
            }
        }
        for n in model.graph.node {
            let xs = try n.input.map { name -> Value in
                guard let v = values[name] ?? ints[name].map({ Value(dims: [$0.count], data: $0.map(Float.init)) }) else { throw Failure(description: "\(n.name): input \(name) is not defined before it") }
                return v
            }
            let a = Dictionary(uniqueKeysWithValues: n.attribute.map { ($0.name, $0) })
            values[n.output[0]] = try apply(n.opType, xs, a, n.name)
        }
        guard let out = values[model.graph.output[0].name] else { throw Failure(description: "no output") }
        return out
    }

    private func apply(_ op: String, _ x: [Value], _ a: [String: Onnx_AttributeProto], _ name: String) throws -> Value {
        let attrInts = { (key: String) in a[key]?.ints.map(Int.init) ?? [] }
        switch op {
        case "Transpose":
            let perm = attrInts("perm"), d = x[0].dims
            let outDims = perm.map { d[$0] }
            var out = [Float](repeating: 0, count: x[0].data.count)
            let inStrides = strides(d), outStrides = strides(outDims)
            for i in out.indices {
                var rest = i, src = 0
                for (k, s) in outStrides.enumerated() { src += (rest / s) * inStrides[perm[k]]; rest %= s }
                out[i] = x[0].data[src]
            }
            return Value(dims: outDims, data: out)
        case "Conv":
            let (n, c, h, w) = (x[0].dims[0], x[0].dims[1], x[0].dims[2], x[0].dims[3])
            let (o, kh, kw) = (x[1].dims[0], x[1].dims[2], x[1].dims[3])
            let s = attrInts("strides"), p = attrInts("pads")
            let oh = (h + p[0] + p[2] - kh) / s[0] + 1, ow = (w + p[1] + p[3] - kw) / s[1] + 1
            var out = [Float](repeating: 0, count: n * o * oh * ow)
            for b in 0..<n { for f in 0..<o { for y in 0..<oh { for xx in 0..<ow {
                var sum = x[2].data[f]
                for ch in 0..<c { for i in 0..<kh { for j in 0..<kw {
                    let iy = y * s[0] + i - p[0], ix = xx * s[1] + j - p[1]
                    guard iy >= 0, iy < h, ix >= 0, ix < w else { continue }
                    sum += x[0].data[((b * c + ch) * h + iy) * w + ix] * x[1].data[((f * c + ch) * kh + i) * kw + j]
                } } }
                out[((b * o + f) * oh + y) * ow + xx] = sum
            } } } }
            return Value(dims: [n, o, oh, ow], data: out)
        case "MaxPool":
            let (n, c, h, w) = (x[0].dims[0], x[0].dims[1], x[0].dims[2], x[0].dims[3])
            let k = attrInts("kernel_shape"), s = attrInts("strides")
            let oh = (h - k[0]) / s[0] + 1, ow = (w - k[1]) / s[1] + 1
            var out = [Float](repeating: 0, count: n * c * oh * ow)
            for b in 0..<(n * c) { for y in 0..<oh { for xx in 0..<ow {
                var m = -Float.infinity
                for i in 0..<k[0] { for j in 0..<k[1] { m = max(m, x[0].data[(b * h + y * s[0] + i) * w + xx * s[1] + j]) } }
                out[(b * oh + y) * ow + xx] = m
            } } }
            return Value(dims: [n, c, oh, ow], data: out)
        case "Pad":
            let d = x[0].dims, p = x[1].data.map { Int($0) }
            guard p[0] == 0, p[1] == 0, p[4] == 0, p[5] == 0 else { throw Failure(description: "\(name): pads N or C") }
            let (h, w) = (d[2], d[3]), ph = h + p[2] + p[6], pw = w + p[3] + p[7]
            var out = [Float](repeating: 0, count: d[0] * d[1] * ph * pw)
            for b in 0..<(d[0] * d[1]) { for y in 0..<h { for xx in 0..<w { out[(b * ph + y + p[2]) * pw + xx + p[3]] = x[0].data[(b * h + y) * w + xx] } } }
            return Value(dims: [d[0], d[1], ph, pw], data: out)
        case "BatchNormalization":
            let eps = a["epsilon"]?.f ?? 1e-5, c = x[0].dims[1], plane = x[0].dims[2...].reduce(1, *)
            var out = x[0].data
            for i in out.indices {
                let ch = (i / plane) % c
                out[i] = (out[i] - x[3].data[ch]) / (x[4].data[ch] + eps).squareRoot() * x[1].data[ch] + x[2].data[ch]
            }
            return Value(dims: x[0].dims, data: out)
        case "Relu":
            return Value(dims: x[0].dims, data: x[0].data.map { max($0, 0) })
        case "Add":
            guard x[0].dims == x[1].dims else { throw Failure(description: "\(name): adds \(x[0].dims) and \(x[1].dims)") }
            return Value(dims: x[0].dims, data: zip(x[0].data, x[1].data).map(+))
        case "Flatten":
            return Value(dims: [x[0].dims[0], x[0].data.count / x[0].dims[0]], data: x[0].data)
        case "GlobalAveragePool":
            let (n, c) = (x[0].dims[0], x[0].dims[1]), plane = x[0].dims[2] * x[0].dims[3]
            let out = (0..<(n * c)).map { i in x[0].data[(i * plane)..<((i + 1) * plane)].reduce(0, +) / Float(plane) }
            return Value(dims: [n, c, 1, 1], data: out)
        case "Gemm":
            let (n, k, m) = (x[0].dims[0], x[1].dims[0], x[1].dims[1])
            guard x[0].dims[1] == k else { throw Failure(description: "\(name): (\(x[0].dims)) x (\(x[1].dims))") }
            var out = [Float](repeating: 0, count: n * m)
            for b in 0..<n { for j in 0..<m {
                var sum = x[2].data[j]
                for i in 0..<k { sum += x[0].data[b * k + i] * x[1].data[i * m + j] }
                out[b * m + j] = sum
            } }
            return Value(dims: [n, m], data: out)
        case "Softmax":
            let (n, m) = (x[0].dims[0], x[0].dims[1])
            var out = x[0].data
            for b in 0..<n {
                let row = out[(b * m)..<((b + 1) * m)], top = row.max() ?? 0
                let e = row.map { Float(exp(Double($0 - top))) }, sum = e.reduce(0, +)
                for j in 0..<m { out[b * m + j] = e[j] / sum }
            }
            return Value(dims: x[0].dims, data: out)
        default:
            throw Failure(description: "\(name): operator \(op) is not in this reference")
        }
    }

    private func strides(_ dims: [Int]) -> [Int] {
        var s = [Int](repeating: 1, count: dims.count)
        for i in stride(from: dims.count - 2, through: 0, by: -1) { s[i] = s[i + 1] * dims[i + 1] }
        return s
    }
}
