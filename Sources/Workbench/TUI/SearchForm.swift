import Experiments
import Foundation

/// A search set up from the picker (`S`): the method and its settings, and
/// which of the picker's fields vary over what. Everything else trains as the
/// picker has it. It makes the same spec a search.yaml would hold, and the
/// spec's own checks judge it.
struct SearchForm {
    enum Row: Equatable {
        case method, trials, seed, minEpochs, maxEpochs, reduction, population, interval
        case dimension(Int)
    }

    /// A picker field a search can vary: whether it does, and its values as typed:
    /// a range `low .. high`, or a list of values.
    struct Dimension {
        let key: String
        /// A range is drawn on a log scale (the learning rate).
        let logScale: Bool
        var varies: Bool
        var values: String
    }

    var method = SearchSpec.Method.asha
    var trials = 12
    var seed: UInt64 = 1
    var asha = SearchSpec.ASHA()
    var pbt = SearchSpec.PBT()
    var dimensions: [Dimension]
    var selected = Row.method
    /// The text typed into the selected row (after `=`); nil: not typing.
    var typed: String?

    /// Starts from the picker's config: ASHA's top rung at its epochs.
    init(base: ExperimentConfig) {
        asha = SearchSpec.ASHA(minEpochs: 1, maxEpochs: max(base.epochs, 2), reduction: 3)
        pbt.intervalEpochs = max(1, min(2, base.epochs - 1))
        dimensions = [
            Dimension(key: "optimizer.lr", logScale: true, varies: true, values: "1e-05 .. 0.01"),
            Dimension(key: "dropout", logScale: false, varies: true, values: "0 .. 0.7"),
            Dimension(key: "optimizer.kind", logScale: false, varies: true, values: "adam rmsprop sgd"),
            Dimension(key: "batch_size", logScale: false, varies: false, values: "32 64 128"),
        ]
    }

    /// The rows shown for the method, top to bottom.
    var rows: [Row] {
        let own: [Row]
        switch method {
        case .asha: own = [.minEpochs, .maxEpochs, .reduction]
        case .pbt: own = [.population, .interval]
        case .grid, .random: own = []
        }
        return [.method] + (method == .grid || method == .pbt ? [] : [.trials]) + [.seed] + own + dimensions.indices.map(Row.dimension)
    }

    mutating func move(by step: Int) {
        let all = rows
        let i = all.firstIndex(of: selected) ?? 0
        selected = all[(i + step + all.count) % all.count]
    }

    /// ←→ on the selected row: the method cycles, a number steps by one, a dimension turns on or off.
    mutating func adjust(by step: Int) {
        switch selected {
        case .method:
            let all = SearchSpec.Method.allCases
            method = all[(all.firstIndex(of: method)! + step + all.count) % all.count]
            if !rows.contains(selected) { selected = .method }
        case .trials: trials = max(trials + step, 1)
        case .seed: seed = UInt64(max(Int64(seed) + Int64(step), 0))
        case .minEpochs: asha.minEpochs = min(max(asha.minEpochs + step, 1), asha.maxEpochs - 1)
        case .maxEpochs: asha.maxEpochs = max(asha.maxEpochs + step, asha.minEpochs + 1)
        case .reduction: asha.reduction = max(asha.reduction + step, 2)
        case .population: pbt.population = max(pbt.population + step, 2)
        case .interval: pbt.intervalEpochs = max(pbt.intervalEpochs + step, 1)
        case .dimension(let i): dimensions[i].varies.toggle()
        }
    }

    /// Sets the selected row from typed text, or says why not (nothing is clamped).
    mutating func set(typed text: String) throws {
        let text = text.trimmingCharacters(in: .whitespaces)
        func whole(_ name: String, atLeast minimum: Int) throws -> Int {
            guard let n = Int(text), n >= minimum else { throw Picker.Refusal(description: "\(name): expected a whole number >= \(minimum), got '\(text)'") }
            return n
        }
        switch selected {
        case .method: throw Picker.Refusal(description: "method: pick one with ← →")
        case .trials: trials = try whole("trials", atLeast: 1)
        case .seed:
            guard let s = UInt64(text) else { throw Picker.Refusal(description: "seed: '\(text)' is not a whole number from 0 to \(UInt64.max)") }
            seed = s
        case .minEpochs: asha.minEpochs = try whole("asha min epochs", atLeast: 1)
        case .maxEpochs: asha.maxEpochs = try whole("asha max epochs", atLeast: 2)
        case .reduction: asha.reduction = try whole("asha reduction", atLeast: 2)
        case .population: pbt.population = try whole("pbt population", atLeast: 2)
        case .interval: pbt.intervalEpochs = try whole("pbt interval", atLeast: 1)
        case .dimension(let i):
            _ = try Self.domain(text, of: dimensions[i])
            dimensions[i].values = text
            dimensions[i].varies = true
        }
    }

    /// What the selected row holds now, as typing starts from it.
    var selectedText: String {
        switch selected {
        case .method: return method.rawValue
        case .trials: return String(trials)
        case .seed: return String(seed)
        case .minEpochs: return String(asha.minEpochs)
        case .maxEpochs: return String(asha.maxEpochs)
        case .reduction: return String(asha.reduction)
        case .population: return String(pbt.population)
        case .interval: return String(pbt.intervalEpochs)
        case .dimension(let i): return dimensions[i].values
        }
    }

    /// The spec over `base` (a preset's name, for the record): the varied keys only.
    func spec(base: String) throws -> SearchSpec {
        let varied = dimensions.filter(\.varies)
        guard !varied.isEmpty else { throw Picker.Refusal(description: "nothing varies: Space on a key below makes it vary") }
        let space = try varied.map { SearchSpec.Dimension(key: $0.key, domain: try Self.domain($0.values, of: $0)) }
        return SearchSpec(base: base, method: method, trials: method == .grid || method == .pbt ? nil : trials, seed: seed, space: space, asha: asha, pbt: pbt)
    }

    /// `low .. high` is a range (log-uniform for the learning rate), anything else a list of values.
    static func domain(_ text: String, of d: Dimension) throws -> SearchSpec.Domain {
        let parts = text.components(separatedBy: "..")
        if parts.count == 2 {
            let ends = parts.map { $0.trimmingCharacters(in: .whitespaces) }
            guard let low = Double(ends[0]), let high = Double(ends[1]), low.isFinite, high.isFinite else {
                throw Picker.Refusal(description: "\(d.key): a range is two numbers, low .. high; got '\(text)'")
            }
            guard low < high else { throw Picker.Refusal(description: "\(d.key): empty range \(ends[0]) .. \(ends[1]): low must be below high") }
            if d.logScale {
                guard low > 0 else { throw Picker.Refusal(description: "\(d.key): a log range needs low > 0, got \(ends[0])") }
                return .logUniform(low, high)
            }
            return .uniform(low, high)
        }
        let values = text.split(whereSeparator: { $0 == " " || $0 == "," }).map(String.init)
        guard !values.isEmpty else { throw Picker.Refusal(description: "\(d.key): give a range low .. high or values separated by spaces") }
        guard Set(values).count == values.count else { throw Picker.Refusal(description: "\(d.key): lists a value twice") }
        return .choice(values)
    }
}
