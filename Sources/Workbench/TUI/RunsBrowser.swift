import Experiments

/// The runs table's state: order, cursor, and the runs overlaid on the
/// dashboard charts, each keeping the colour it got when selected.
struct RunsBrowser {
    enum Order: String, CaseIterable {
        case newest, bestValidation = "best val", testAccuracy = "test acc", preset
    }

    var order = Order.newest
    var cursor = 0
    /// Run id -> colour index, in the order they were selected.
    private(set) var overlays: [(id: String, color: Int)] = []
    private var nextColor = 0

    func sorted(_ runs: [RunListing]) -> [RunListing] {
        switch order {
        case .newest: return runs.sorted { $0.id > $1.id }
        case .bestValidation: return runs.sorted { ($0.summary?.bestValidationAccuracy ?? -1) > ($1.summary?.bestValidationAccuracy ?? -1) }
        case .testAccuracy: return runs.sorted { ($0.summary?.testAccuracy ?? -1) > ($1.summary?.testAccuracy ?? -1) }
        case .preset: return runs.sorted { ($0.config.preset, $1.id) < ($1.config.preset, $0.id) }
        }
    }

    func color(of id: String) -> Int? { overlays.first { $0.id == id }?.color }

    mutating func toggleOverlay(_ id: String) {
        if let i = overlays.firstIndex(where: { $0.id == id }) {
            overlays.remove(at: i)
        } else {
            overlays.append((id, nextColor))
            nextColor += 1
        }
    }

    mutating func cycleOrder() {
        let all = Order.allCases
        order = all[(all.firstIndex(of: order)! + 1) % all.count]
    }
}
