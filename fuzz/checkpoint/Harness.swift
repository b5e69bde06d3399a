import Foundation
import NN

/// libFuzzer entry (scripts/fuzz checkpoint): any bytes, as a checkpoint file,
/// are restored into basic-cnn on 8x8 with Adam, or refused with an error naming
/// the file; a restored trainer then takes a step, so that state which does not
/// fit its parameters (the slot overrun of issue 12) shows up under ASan.
// In memory where the machine has it: the harness writes a file per input.
private let path = (FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm" : NSTemporaryDirectory()) + "/fuzz-checkpoint-\(getpid()).safetensors"

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard FileManager.default.createFile(atPath: path, contents: Data(bytes: data, count: size)) else { fatalError("cannot write \(path)") }
    let network: Network
    do { network = try Architecture.basicCNN.build(height: 8, width: 8, channels: 1, classes: 3, dropout: 0) } catch { fatalError("\(error)") }
    let trainer = Trainer(network: network, optimizer: Adam())
    do {
        _ = try Checkpoint.load(path, into: trainer)
        for p in network.model.parameters { p.gradient.fill(0.5) }
        trainer.optimizer.step(network.model.parameters)
    } catch let e as IOFailure where e.path == path {
    } catch let e as Safetensors.FormatError where e.file == path {
    } catch {
        fatalError("an error that does not name the file: \(error)")
    }
    do { _ = try Checkpoint.loadWeights(path, into: network) } catch {
        guard "\(error)".hasPrefix(path) else { fatalError("an error that does not name the file: \(error)") }
    }
    return 0
}
