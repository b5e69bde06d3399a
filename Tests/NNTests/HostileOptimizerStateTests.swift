import XCTest
@testable import NN

/// Optimizer state restored from a file: a slot the step would index past its
/// end, a slot the optimizer does not keep, or a step count at Int.max.
final class HostileOptimizerStateTests: XCTestCase {
    private func weight(_ n: Int) -> Parameter {
        let p = Parameter(name: "dense.kernel", shape: Shape(n))
        p.gradient.fill(0.5)
        return p
    }

    private func refuse(_ optimizer: Optimizer, _ slot: String, of p: Parameter, _ values: Tensor, mentions: String, line: UInt = #line) {
        XCTAssertThrowsError(try optimizer.restoreSlot(slot, of: p, from: values), line: line) {
            XCTAssertTrue("\($0)".contains(mentions), "\($0)", line: line)
        }
        XCTAssertTrue(optimizer.slots.isEmpty, line: line)
    }

    func testASlotOfAnotherShapeIsRefused() {
        // A [1] slot for a 1000-element weight: the step read and wrote 999 floats past it.
        let p = weight(1000)
        for optimizer in [Adam(), RMSprop(), SGD(momentum: 0.9)] as [Optimizer] {
            refuse(optimizer, optimizer.slotNames[0], of: p, Tensor(shape: Shape(1)), mentions: "has shape (1), the parameter (1000)")
            refuse(optimizer, optimizer.slotNames[0], of: p, Tensor(shape: Shape(10, 100)), mentions: "has shape (10, 100)")
        }
    }

    func testASlotTheOptimizerDoesNotKeepIsRefused() {
        let p = weight(3)
        refuse(Adam(), "velocity", of: p, Tensor(shape: Shape(3)), mentions: "slot 'velocity' is not one this optimizer keeps (m, v)")
        refuse(SGD(), "momentum", of: p, Tensor(shape: Shape(3)), mentions: "(none)")
        refuse(Adam(), "m", of: Parameter(name: "bn.moving_mean", shape: Shape(3), role: .statistic), Tensor(shape: Shape(3)), mentions: "is a statistic")
    }

    func testARestoredSlotIsUsedByTheStep() throws {
        let p = weight(2), sgd = SGD(learningRate: 0.1, momentum: 0.5)
        try sgd.restoreSlot("momentum", of: p, from: Tensor(shape: Shape(2), values: [1, -1]))
        sgd.step([p])  // v = 0.5 * v - 0.1 * 0.5
        XCTAssertEqual(p.value.pointer[0], 0.45, accuracy: 1e-6)
        XCTAssertEqual(p.value.pointer[1], -0.55, accuracy: 1e-6)
    }

    func testStepCountsAtTheEndOfIntDoNotTrapAndStayFinite() {
        for start in [Int.max, Int.max - 1, -5] {
            for optimizer in [Adam(), RMSprop(), SGD()] as [Optimizer] {
                let p = weight(4)
                optimizer.iterations = start
                optimizer.step([p])
                optimizer.step([p])
                XCTAssertTrue(p.value.values.allSatisfy(\.isFinite), "\(optimizer.kind) from \(start): \(p.value.values)")
                XCTAssertGreaterThanOrEqual(optimizer.iterations, 1)
            }
        }
    }
}
