import Dataset
import Foundation
import NN

/// `workbench predict`: a run's trained network on new images, decoded as its
/// data pipeline decodes training images (its channels, scaled to [0, 1],
/// padded or resized to its input), in inference mode (batch norm's moving
/// statistics, no dropout). Reads the checkpoint only, so it may run while the
/// run trains (the checkpoint is replaced atomically after each epoch).
public struct Predictor {
    public let directory: String
    public let config: ExperimentConfig
    public let classNames: [String]
    public let epochsCompleted: Int
    /// The rebuilt network with the checkpoint's weights (what `workbench export onnx` writes out).
    public let network: Network

    public struct Prediction: Sendable {
        public let file: String
        /// Per class, in the run's class order.
        public let probabilities: [Float]
        /// The image as the network saw it, (H, W, C) in [0, 1] (for `predict`'s thumbnails).
        public let pixels: [Float]
        /// Class indices by probability, highest first.
        public var ranked: [Int] { probabilities.indices.sorted { probabilities[$0] > probabilities[$1] || (probabilities[$0] == probabilities[$1] && $0 < $1) } }
    }

    public init(run directory: String) throws {
        let manifest = try ConfigLoader.loadManifest(directory + "/config.yaml")
        let checkpoint = directory + "/checkpoint.safetensors"
        guard FileManager.default.fileExists(atPath: checkpoint) else {
            throw IOFailure(path: directory, "has no checkpoint: it stopped before its first epoch ended, so there are no trained weights to predict with")
        }
        let c = manifest.config
        let names: [String]
        if let recorded = (try? RunRecord.readSummary(directory))?.testConfusion?.classNames {
            names = recorded
        } else if c.data.folder == nil {
            names = c.data.task.classNames
        } else {
            names = try TrainingRun.prepareData(manifest).classNames
        }
        let network = try c.buildNetwork(classes: names.count)
        let position = try Checkpoint.load(checkpoint, into: Trainer(network: network, optimizer: c.optimizer.make()))
        (self.directory, self.config, self.classNames, self.network, self.epochsCompleted) = (directory, c, names, network, position.epochsCompleted)
    }

    /// The image file's class probabilities; an unreadable or undecodable file throws naming it.
    public func predict(file: String) throws -> Prediction {
        guard let bytes = FileManager.default.contents(atPath: file) else { throw IOFailure(path: file, "cannot be read") }
        let i = config.input
        let pixels = try ImageFolder.decodeImage(bytes, file: file, height: i.height, width: i.width, channels: i.channels)
        return Prediction(file: file, probabilities: probabilities(pixels), pixels: pixels)
    }

    /// Class probabilities of one (H, W, C) image in the network's input size.
    public func probabilities(_ pixels: [Float]) -> [Float] {
        let x = Tensor(shape: network.inputShape.withBatch(1), values: pixels)
        let logits = network.model.forward(x, mode: .inference)
        let p = Tensor(shape: logits.shape)
        SoftmaxCrossEntropy.softmax(logits, into: p)
        return p.values
    }

    /// The image files named: files as given, folders' PNG and JPEG files in name order (not recursing).
    public static func expand(_ paths: [String]) -> [String] {
        paths.flatMap { path -> [String] in
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else { return [path] }
            let names = ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted()
            return names.filter { !$0.hasPrefix(".") && ["png", "jpg", "jpeg"].contains(($0 as NSString).pathExtension.lowercased()) }
                .map { (path as NSString).appendingPathComponent($0) }
        }
    }
}
