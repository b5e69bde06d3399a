/// Codable ignores keys a type does not declare; a typo in a config would then
/// silently keep the default. Each config type calls this first to refuse them.
struct AnyKey: CodingKey {
    let stringValue: String
    init(stringValue: String) { self.stringValue = stringValue }
    var intValue: Int? { nil }
    init?(intValue: Int) { nil }
}

func rejectUnknownKeys<K: CodingKey & CaseIterable>(_ decoder: Decoder, allowed: K.Type) throws {
    let container = try decoder.container(keyedBy: AnyKey.self)
    let names = K.allCases.map(\.stringValue)
    for key in container.allKeys where !names.contains(key.stringValue) {
        let path = (decoder.codingPath.map(\.stringValue) + [key.stringValue]).joined(separator: ".")
        throw KeyProblem(key: path, problem: "unknown key; allowed here: \(names.joined(separator: ", "))")
    }
}

func keyPath(_ decoder: Decoder, _ key: CodingKey) -> String {
    (decoder.codingPath.map(\.stringValue) + [key.stringValue]).joined(separator: ".")
}
