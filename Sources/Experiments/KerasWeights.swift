import Foundation
import NN

/// Keras weight files (.h5) as tensors named like our parameters
/// ("block1_conv1.kernel"). Two layouts exist:
/// - Keras 2 and the keras.applications ImageNet files: datasets at
///   "<layer>/<layer>/<weight>:0" (kernel, bias, gamma, beta, moving_mean, moving_variance);
/// - Keras 3 (`.weights.h5`): "layers/<auto name>/vars/<i>", the group's `name`
///   attribute naming the layer and i its variables in Keras' order, which is
///   the order of our layers' parameters.
/// Kernels share Keras' layout, so values copy across unchanged.
public enum KerasWeights {
    public static func isHDF5(_ data: Data) -> Bool { data.prefix(8).elementsEqual(HDF5File.signature) }

    public static func tensors(_ data: Data, file: String, for network: Network) throws -> [String: Tensor] {
        let h5 = try HDF5File(data: data, file: file)
        var out: [String: Tensor] = [:]
        let layerNames = Dictionary(h5.groups.compactMap { g in g.attributes["name"].map { (g.path, $0) } }, uniquingKeysWith: { a, _ in a })
        let parametersByLayer = Dictionary(grouping: network.model.parameters) { String($0.name.split(separator: ".").first ?? "") }
        for d in h5.datasets {
            let parts = d.path.split(separator: "/").map(String.init)
            guard parts.count >= 2 else { continue }
            let name: String
            if parts.count >= 3, parts[parts.count - 2] == "vars", let layer = layerNames[parts.dropLast().joined(separator: "/")] {
                guard let params = parametersByLayer[layer] else { continue }   // a layer we do not have
                // Keras numbers a layer's variables 0, 1, ... in its own order.
                guard let index = Int(parts.last!), index >= 0, String(index) == parts.last!, index < params.count else {
                    throw HDF5File.FormatError(file: file, problem: "dataset '\(d.path)' is no variable of layer '\(layer)', which has \(params.count) here (vars 0 to \(params.count - 1))")
                }
                name = params[index].name
            } else {
                let weight = parts.last!.split(separator: ":").first.map(String.init) ?? parts.last!
                name = parts[parts.count - 2] + "." + weight
            }
            out[name] = Tensor(shape: Shape(d.shape), values: d.values)
        }
        return out
    }

    /// An RGB first-layer kernel (3, 3, 3, F) for a grayscale network (3, 3, 1, F):
    /// summed over the colour axis, which is what it computes on a gray image
    /// fed as three equal channels.
    public static func summedOverColour(_ t: Tensor, to shape: Shape) -> Tensor? {
        guard t.shape.rank == 4, shape.rank == 4, t.shape[2] == 3, shape[2] == 1,
              t.shape[0] == shape[0], t.shape[1] == shape[1], t.shape[3] == shape[3] else { return nil }
        let out = Tensor(shape: shape), filters = shape[3]
        for tap in 0..<shape[0] * shape[1] {
            for c in 0..<3 {
                for f in 0..<filters { out.pointer[tap * filters + f] += t.pointer[(tap * 3 + c) * filters + f] }
            }
        }
        return out
    }
}
