/// A named tensor of a layer: trained weights, or statistics the layer keeps
/// (batch norm's moving mean and variance). Names are the checkpoint keys.
public final class Parameter {
    public enum Role: String, Sendable { case weight, statistic }

    public let name: String
    public let role: Role
    public let value: Tensor
    /// Backward passes add into this; the trainer zeroes it before each batch.
    public let gradient: Tensor
    /// A frozen weight keeps its value: optimizers skip it.
    public var isFrozen = false

    public init(name: String, shape: Shape, role: Role = .weight) {
        self.name = name
        self.role = role
        value = Tensor(shape: shape)
        gradient = Tensor(shape: role == .weight ? shape : Shape(0))
    }

    public var isTrainable: Bool { role == .weight && !isFrozen }
}
