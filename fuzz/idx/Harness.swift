import CZlib
import Foundation

/// libFuzzer entry (scripts/fuzz idx): any bytes, gzipped (so the fuzzer mutates
/// the IDX bytes, not the deflate stream), are read as an IDX image and label
/// file or refused with a DatasetError naming the file.
// In memory where the machine has it: the harness writes a file per input.
private let path = (FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm" : NSTemporaryDirectory()) + "/fuzz-idx-\(getpid()).gz"

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard let gz = gzopen(path, "wb1") else { fatalError("cannot write \(path)") }
    if size > 0 { gzwrite(gz, data, UInt32(size)) }
    gzclose(gz)
    for read in [{ _ = try IDXFile.readImages(path) }, { _ = try IDXFile.readLabels(path) }] as [() throws -> Void] {
        do { try read() } catch let e as DatasetError where e.file == path {} catch { fatalError("not a DatasetError naming the file: \(error)") }
    }
    return 0
}
