/// The networks of the study. vgg16-v3 trains the vgg16-v2 network on another
/// split, so it is a preset, not an architecture.
public enum Architecture: String, Sendable, Codable, CaseIterable {
    case basicCNN = "basic-cnn"
    case vgg16V1 = "vgg16-v1"
    case vgg16V2 = "vgg16-v2"
    case resnet50 = "resnet50"

    /// Builds the network for images of (height, width, channels), checking
    /// every layer's shape so that a too-small input fails here, with a reason.
    public func build(height: Int, width: Int, channels: Int, classes: Int, dropout: Float) throws -> Network {
        let layers: [Layer]
        var shape = Shape(1, height, width, channels)
        func flattenSize(_ base: [Layer]) throws -> Int {
            shape = try base.reduce(shape) { try $1.outputShape(for: $0) }
            return shape.count
        }
        switch self {
        case .basicCNN:
            let base: [Layer] = [Conv2D(name: "conv2d", inputChannels: channels, filters: 32, kernelSize: (3, 3), activation: .relu)]
            layers = base + [Flatten(name: "flatten"),
                             Dense(name: "predictions", inputs: try flattenSize(base), units: classes)]
        case .vgg16V1:
            let base = VGG16.convBase(channels: channels)
            layers = base + [Flatten(name: "flatten"),
                             Dense(name: "fc1", inputs: try flattenSize(base), units: 4096, activation: .relu),
                             Dense(name: "fc2", inputs: 4096, units: 4096, activation: .relu),
                             Dense(name: "predictions", inputs: 4096, units: classes)]
        case .vgg16V2:
            let base = VGG16.convBase(channels: channels)
            layers = base + denseHead(inputs: try flattenSize(base), classes: classes, dropout: dropout)
        case .resnet50:
            let base = ResNet50.convBase(channels: channels)
            layers = base + denseHead(inputs: try flattenSize(base), classes: classes, dropout: dropout)
        }
        let model = Sequential(name: rawValue, layers)
        let out = try model.outputShape(for: Shape(1, height, width, channels))
        precondition(out == Shape(1, classes))
        return Network(architecture: self, model: model, inputShape: Shape(1, height, width, channels), classes: classes)
    }

    /// The study's fine-tuning head: Flatten -> Dense 1024 relu -> Dropout -> Dense(classes).
    private func denseHead(inputs: Int, classes: Int, dropout: Float) -> [Layer] {
        [Flatten(name: "flatten"),
         Dense(name: "fc1", inputs: inputs, units: 1024, activation: .relu),
         Dropout(name: "dropout", rate: dropout),
         Dense(name: "predictions", inputs: 1024, units: classes)]
    }
}

/// A built network: the model (ending in logits), its input shape and classes.
public struct Network {
    public let architecture: Architecture
    public let model: Sequential
    public let inputShape: Shape   // (1, H, W, C)
    public let classes: Int

    /// The dropout layers, whose rate the workbench can change between batches.
    public var dropoutLayers: [Dropout] { model.allLayers.compactMap { $0 as? Dropout } }
}
