/// Multiply-adds of one forward pass, counted as 2 FLOPs each, for the layers
/// that dominate (convolutions and dense layers). A training step is counted as
/// three forward passes: forward, input gradient, weight gradient.
public enum FLOPCount {
    public static func forwardPerImage(_ network: Network) -> Double {
        var total = 0.0
        _ = visit(network.model, input: network.inputShape, total: &total)
        return total
    }

    private static func visit(_ layer: Layer, input: Shape, total: inout Double) -> Shape {
        let out = (try? layer.outputShape(for: input)) ?? input
        switch layer {
        case let s as Sequential:
            var shape = input
            for l in s.layers { shape = visit(l, input: shape, total: &total) }
        case let b as ResidualBlock:
            _ = visit(b.main, input: input, total: &total)
            if let s = b.shortcut { _ = visit(s, input: input, total: &total) }
        case let c as Conv2D:
            total += 2 * Double(out[1] * out[2] * out[3]) * Double(c.kernelSize.0 * c.kernelSize.1 * c.inputChannels)
        case let d as Dense:
            total += 2 * Double(d.inputs * d.units)
        default:
            break
        }
        return out
    }
}
