import Foundation

/// libFuzzer entry (scripts/fuzz config): any bytes, as a config file, are
/// loaded as `workbench train <file>` loads them, with each line "#set key=value"
/// of the input also given as `--set key=value`; the result is a config or a
/// ConfigError naming the file or the override. A config that loads is written
/// as a run's config.yaml is and must read back equal.
// In memory where the machine has it: the harness writes a file per input.
private let path = (FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm" : NSTemporaryDirectory()) + "/fuzz-config-\(getpid()).yaml"

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Data(bytes: data, count: size)
    guard FileManager.default.createFile(atPath: path, contents: bytes) else { fatalError("cannot write \(path)") }
    let sets = String(decoding: bytes, as: UTF8.self).split(separator: "\n").filter { $0.hasPrefix("#set ") }.map { String($0.dropFirst(5)) }
    let config: ExperimentConfig
    do {
        config = try ConfigLoader.load(path, overrides: sets)
    } catch let e as ConfigError {
        guard e.file == path || sets.contains(where: { e.file == "--set \($0)" }) else { fatalError("an error naming neither the file nor an override: \(e)") }
        return 0
    } catch {
        fatalError("not a ConfigError: \(error)")
    }
    do {
        let again = try ConfigLoader.parse(try ConfigLoader.encode(config), file: "config.yaml")
        guard again == config else { fatalError("config.yaml reads back different:\n\(config)\n\(again)") }
    } catch {
        fatalError("config.yaml does not read back: \(error)")
    }
    return 0
}
