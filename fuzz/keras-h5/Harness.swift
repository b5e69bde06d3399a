import Foundation
import NN

/// libFuzzer entry (scripts/fuzz keras-h5): any bytes are read as a Keras .h5
/// weights file for basic-cnn on 8x8 or refused with a FormatError; a trap, an
/// overrun (ASan) or a hang is a finding.
private let network: Network = {
    do { return try Architecture.basicCNN.build(height: 8, width: 8, channels: 1, classes: 3, dropout: 0) } catch { fatalError("\(error)") }
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    do {
        _ = try KerasWeights.tensors(Data(bytes: data, count: size), file: "fuzz", for: network)
    } catch is HDF5File.FormatError {
    } catch {
        fatalError("not a FormatError: \(error)")
    }
    return 0
}
