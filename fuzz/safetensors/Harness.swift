import Foundation

/// libFuzzer entry (scripts/fuzz safetensors): any bytes decode or are refused
/// with a FormatError; a trap, an overrun (ASan) or a hang is a finding.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    do {
        _ = try Safetensors.decode(Data(bytes: data, count: size), file: "fuzz")
    } catch is Safetensors.FormatError {
    } catch {
        fatalError("not a FormatError: \(error)")
    }
    return 0
}
