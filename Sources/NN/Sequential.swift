/// Layers applied in order; itself a layer, so residual blocks can nest paths.
public final class Sequential: Layer {
    public let name: String
    public var kind: String { "Sequential" }
    public let layers: [Layer]

    /// Runs of layers that inference computes in one pass, by their first layer's index.
    private let inferenceFusions: [Int: ConvDenseInference]

    public init(name: String, _ layers: [Layer]) {
        self.name = name
        self.layers = layers
        var fusions: [Int: ConvDenseInference] = [:]
        for i in layers.indices { fusions[i] = ConvDenseInference(layers[i...]) }
        inferenceFusions = fusions
    }

    public var parameters: [Parameter] { layers.flatMap(\.parameters) }
    public var sublayers: [Layer] { layers }

    public func outputShape(for input: Shape) throws -> Shape {
        try layers.reduce(input) { try $1.outputShape(for: $0) }
    }

    public func forward(_ x: Tensor, mode: Mode) -> Tensor {
        if mode.isTraining || inferenceFusions.isEmpty { return layers.reduce(x) { $1.forward($0, mode: mode) } }
        var h = x, i = 0
        while i < layers.count {
            if let fused = inferenceFusions[i]?.forward(h) {
                h = fused
                i += 3
            } else {
                h = layers[i].forward(h, mode: mode)
                i += 1
            }
        }
        return h
    }

    /// Layers below this index get no backward pass: nothing in them or under
    /// them trains (set by `Network.freeze`; only on the outermost model, whose
    /// input gradient nobody reads). The returned tensor is then that layer's.
    public internal(set) var backwardStopsAt = 0

    public func backward(_ dy: Tensor, relay: GradientRelay) -> Tensor {
        layers[backwardStopsAt...].reversed().reduce(dy) { $1.backward($0, relay: relay) }
    }

    /// What training calls: as `backward`, but the lowest layer run skips its input gradient.
    public func backwardWithoutInputGradient(_ dy: Tensor, relay: GradientRelay) {
        let lowest = layers[backwardStopsAt]
        lowest.backwardWithoutInputGradient(layers[(backwardStopsAt + 1)...].reversed().reduce(dy) { $1.backward($0, relay: relay) },
                                            relay: relay)
    }

    /// Every layer, depth first, with nested blocks expanded.
    public var allLayers: [Layer] {
        layers.flatMap { layer -> [Layer] in
            if let s = layer as? Sequential { return s.allLayers }
            if layer.sublayers.isEmpty { return [layer] }
            return [layer] + layer.sublayers.flatMap { ($0 as? Sequential)?.allLayers ?? [$0] }
        }
    }

    public func zeroGradients() {
        for p in parameters where p.role == .weight { p.gradient.zero() }
    }
}
