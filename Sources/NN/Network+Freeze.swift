/// Transfer learning: which layers keep their weights.
extension Network {
    public enum FreezeError: Error, CustomStringConvertible {
        case unknownLayer(String, available: [String])
        case tooMany(Int, baseLayers: Int)

        public var description: String {
            switch self {
            case let .unknownLayer(name, available): return "no layer named '\(name)'; layers with weights: \(available.joined(separator: ", "))"
            case let .tooMany(n, base): return "all_but_last \(n) leaves nothing to freeze: the convolutional base has \(base) layers"
            }
        }
    }

    /// The convolutional base: the top-level layers before the head's Flatten.
    public var baseLayers: [Layer] { Array(model.layers.prefix { !($0 is Flatten) }) }

    /// Freezes `names` (any depth) and, with `allButLast`, every base layer but the
    /// last n, counting weightless ones (pooling) as Keras' `layers[:-n]` does.
    /// Backward passes then stop below the lowest layer that still trains.
    /// Returns the frozen layers' names.
    @discardableResult
    public func freeze(names: [String], allButLast: Int?) throws -> [String] {
        var chosen: [Layer] = []
        let all = model.allLayers
        for name in names {
            guard let layer = all.first(where: { $0.name == name }) else {
                throw FreezeError.unknownLayer(name, available: all.filter { !$0.parameters.isEmpty }.map(\.name))
            }
            chosen.append(layer)
        }
        if let n = allButLast {
            guard n < baseLayers.count else { throw FreezeError.tooMany(n, baseLayers: baseLayers.count) }
            chosen += baseLayers.dropLast(n)
        }
        for layer in chosen { for p in layer.parameters where p.role == .weight { p.isFrozen = true } }
        model.backwardStopsAt = model.layers.firstIndex { $0.parameters.contains(where: \.isTrainable) } ?? model.layers.count - 1
        return chosen.filter { !$0.parameters.isEmpty }.map(\.name)
    }
}
