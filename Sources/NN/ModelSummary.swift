/// Keras' `model.summary()` table: layer (type), output shape, parameters,
/// with residual blocks expanded and totals split into trainable and not.
public enum ModelSummary {
    public static func render(_ network: Network) -> String {
        var rows: [(String, String, String)] = [("Layer (type)", "Output Shape", "Param #")]
        var shape = network.inputShape
        rows.append(("input_layer (InputLayer)", shape.kerasDescription, "0"))
        func visit(_ layer: Layer, input: Shape, indent: String) -> Shape {
            let out = (try? layer.outputShape(for: input)) ?? input
            if let block = layer as? ResidualBlock {
                var s = input
                for l in block.main.layers { s = visit(l, input: s, indent: indent + "  ") }
                var t = input
                for l in block.shortcut?.layers ?? [] { t = visit(l, input: t, indent: indent + "  ") }
                rows.append((indent + "\(block.name) (Add + ReLU)", out.kerasDescription, "0"))
            } else {
                let count = layer.parameters.reduce(0) { $0 + $1.value.count }
                rows.append((indent + "\(layer.name) (\(layer.kind))", out.kerasDescription, String(count)))
            }
            return out
        }
        for layer in network.model.layers { shape = visit(layer, input: shape, indent: "") }
        let params = network.model.parameters
        let total = params.reduce(0) { $0 + $1.value.count }
        let trainable = params.filter(\.isTrainable).reduce(0) { $0 + $1.value.count }
        let widths = (0..<3).map { i in rows.map { [$0.0, $0.1, $0.2][i].count }.max()! }
        func pad(_ s: String, _ width: Int) -> String { s + String(repeating: " ", count: width - s.count) }
        func line(_ r: (String, String, String)) -> String {
            pad(r.0, widths[0] + 2) + pad(r.1, widths[1] + 2) + String(repeating: " ", count: widths[2] - r.2.count) + r.2
        }
        let rule = String(repeating: "-", count: widths.reduce(4, +))
        var text = "Model: \"\(network.architecture.rawValue)\"\n\(rule)\n\(line(rows[0]))\n\(rule)\n"
        for r in rows.dropFirst() { text += line(r) + "\n" }
        text += rule + "\n"
        text += "Total params: \(total)\nTrainable params: \(trainable)\nNon-trainable params: \(total - trainable)\n"
        return text
    }
}
