import Foundation
import NN

/// What decoding leaves to the start of a run. Building a network allocates
/// all of its weights (about 270 MB for vgg16-v1), so it happens once, in the
/// run that trains it, off the UI thread; errors name the key and the file or
/// override it came from, as decoding's do.
extension ExperimentConfig {
    /// The network for images of `input` and `classes` classes; refuses an input
    /// too small for the network's pools.
    func buildNetwork(classes: Int) throws -> Network {
        do {
            return try network.build(height: input.height, width: input.width, channels: input.channels, classes: classes, dropout: Float(dropout))
        } catch {
            throw origin.error(KeyProblem(key: "input", problem: "\(input.height)x\(input.width) is too small for \(network.rawValue): \(error)"))
        }
    }

    /// Freezes the layers `freeze` names in `built`; returns their names.
    func freezeLayers(of built: Network) throws -> [String] {
        guard let f = freeze else { return [] }
        do {
            return try built.freeze(names: f.layers, allButLast: f.allButLast)
        } catch {
            throw origin.error(KeyProblem(key: "freeze", problem: "\(error)"))
        }
    }

    /// The weights file a new run starts from is there.
    func requireWeightsFile() throws {
        guard let w = weights, !FileManager.default.fileExists(atPath: w) else { return }
        throw origin.error(KeyProblem(key: "weights", problem: "no such file: \(w) (`workbench pretrain <preset>` makes pretrained/<network>.safetensors)"))
    }
}
