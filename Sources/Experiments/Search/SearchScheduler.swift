import Foundation
import NN

/// What the search does next.
public enum SearchDecision: Equatable, Sendable {
    case train(TrialJob)
    /// PBT's exploit: copy the donor's checkpoint into the member of `state.lineage[i]`.
    case adopt(Int)
    /// Trials are training elsewhere and nothing else can start until one reports.
    case wait
    case finished
}

/// Decides the search's next step from its state alone (so a resumed search
/// decides as the interrupted one would have): grid and random train every
/// trial to the end; ASHA promotes rung by rung; PBT trains its population in
/// generations and exploits/explores between them.
public struct SearchScheduler: Sendable {
    public let spec: SearchSpec
    public let trialCount: Int
    /// Epochs of a full trial: the base config's (asha: its max_epochs).
    public let epochs: Int
    /// The searched values of a new trial.
    let newSettings: @Sendable (Int) -> [SearchSetting]

    public init(spec: SearchSpec, trialCount: Int, epochs: Int, newSettings: @escaping @Sendable (Int) -> [SearchSetting]) {
        self.spec = spec
        self.trialCount = trialCount
        self.epochs = epochs
        self.newSettings = newSettings
    }

    public init(plan: SearchPlan) {
        self.init(spec: plan.spec, trialCount: plan.trialCount, epochs: plan.base.epochs, newSettings: { plan.settings(ofTrial: $0) })
    }

    public func next(_ s: inout SearchState) -> SearchDecision {
        guard !s.finished else { return .finished }
        switch spec.method {
        case .grid, .random: return nextToTheEnd(&s)
        case .asha: return nextASHA(&s)
        case .pbt: return nextPBT(&s)
        }
    }

    /// ASHA's epochs of each rung: min x reduction^k below the top, the top at max
    /// (the top rung is max_epochs itself, so the best trials train the full length).
    public static func rungs(_ a: SearchSpec.ASHA) -> [Int] {
        var below: [Int] = []
        var e = a.minEpochs
        while e * a.reduction <= a.maxEpochs {
            below.append(e)
            e *= a.reduction
        }
        return below + [a.maxEpochs]
    }

    private func startTrial(_ s: inout SearchState, until epoch: Int, reason: String) -> SearchDecision {
        let index = s.trials.count
        s.trials.append(SearchTrial(index: index, settings: newSettings(index)))
        return .train(TrialJob(trial: index, untilEpoch: epoch, reason: reason))
    }

    private func waitOrFinish(_ s: inout SearchState) -> SearchDecision {
        if s.trials.contains(where: { $0.state == .training }) { return .wait }
        s.finished = true
        return .finished
    }

    private func nextToTheEnd(_ s: inout SearchState) -> SearchDecision {
        if s.trials.count < trialCount { return startTrial(&s, until: epochs, reason: "\(spec.method.rawValue) trial \(s.trials.count + 1) of \(trialCount)") }
        return waitOrFinish(&s)
    }

    /// Li et al.'s get_job: promote a waiting trial in the top 1/reduction of its
    /// rung (highest rung first); else start a new trial at the bottom rung; when
    /// no trial is left to start and none trains, the waiting ones stop there.
    private func nextASHA(_ s: inout SearchState) -> SearchDecision {
        let rungs = Self.rungs(spec.asha), eta = spec.asha.reduction
        for k in stride(from: rungs.count - 2, through: 0, by: -1) {
            let e = rungs[k]
            let ranked = s.trials.filter { $0.accuracy(atEpoch: e) != nil }.sorted { a, b in
                let (x, y) = (a.accuracy(atEpoch: e) ?? 0, b.accuracy(atEpoch: e) ?? 0)
                return x != y ? x > y : a.index < b.index
            }
            if let t = ranked.prefix(ranked.count / eta).first(where: { $0.state == .waiting && $0.epochs == e }) {
                return .train(TrialJob(trial: t.index, untilEpoch: rungs[k + 1],
                                       reason: "asha: promoted from rung \(k + 1) (epoch \(e)) to rung \(k + 2) of \(rungs.count)"))
            }
        }
        if s.trials.count < trialCount { return startTrial(&s, until: rungs[0], reason: "asha: rung 1 of \(rungs.count)") }
        if s.trials.contains(where: { $0.state == .training }) { return .wait }
        for i in s.trials.indices where s.trials[i].state == .waiting {
            let e = s.trials[i].epochs
            let k = (rungs.firstIndex(of: e) ?? 0) + 1
            s.trials[i].state = .stopped
            s.trials[i].note = "asha: stopped at rung \(k) of \(rungs.count) (epoch \(e)), not in its top 1/\(eta)"
        }
        s.finished = true
        return .finished
    }

    /// Synchronous PBT: every member trains to the generation's epoch; then the
    /// bottom quantile takes a top member's weights and optimizer state (exploit)
    /// and its searched values times a perturbation factor (explore).
    private func nextPBT(_ s: inout SearchState) -> SearchDecision {
        let p = spec.pbt
        if let i = s.lineage.firstIndex(where: { !$0.applied }) { return .adopt(i) }
        let target = min((s.generation + 1) * p.intervalEpochs, epochs)
        if s.trials.count < p.population {
            return startTrial(&s, until: target, reason: "pbt: generation 1, member \(s.trials.count + 1) of \(p.population)")
        }
        if let t = s.trials.first(where: { $0.state == .waiting && $0.epochs < target }) {
            let changes = s.lineage.last { $0.generation == s.generation && $0.member == t.index }?.to ?? []
            return .train(TrialJob(trial: t.index, untilEpoch: target, reason: "pbt: generation \(s.generation + 1), to epoch \(target)", changes: changes))
        }
        if s.trials.contains(where: { $0.state == .training }) { return .wait }
        guard target < epochs else {
            s.finished = true
            return .finished
        }
        exploitAndExplore(&s, at: target)
        return nextPBT(&s)
    }

    private func exploitAndExplore(_ s: inout SearchState, at epoch: Int) {
        let p = spec.pbt
        // A diverged member has no weights of this epoch to give or replace: it leaves the population.
        let ranked = s.trials.filter { $0.state == .waiting && $0.accuracy(atEpoch: epoch) != nil }.sorted { a, b in
            let (x, y) = (a.accuracy(atEpoch: epoch) ?? 0, b.accuracy(atEpoch: epoch) ?? 0)
            return x != y ? x > y : a.index < b.index
        }
        let n = min(Int(Double(p.population) * p.quantile), ranked.count / 2)
        let rng = RandomSource(seed: spec.seed ^ 0x5042_5400_0000_0000 &+ UInt64(s.generation))
        s.generation += 1
        guard n >= 1 else { return }
        let top = Array(ranked.prefix(n))
        for member in ranked.suffix(n).sorted(by: { $0.index < $1.index }) {
            let donor = top[Int(rng.next() % UInt64(top.count))]
            let to = donor.settings.map { perturbed($0, rng) }
            s.lineage.append(LineageEntry(generation: s.generation, epoch: epoch, member: member.index, donor: donor.index,
                                          memberAccuracy: member.accuracy(atEpoch: epoch), donorAccuracy: donor.accuracy(atEpoch: epoch) ?? 0,
                                          from: donor.settings, to: to))
        }
    }

    /// A value times one of the perturbation factors, kept inside its searched range.
    func perturbed(_ setting: SearchSetting, _ rng: RandomSource) -> SearchSetting {
        let factor = spec.pbt.perturb[Int(rng.next() % UInt64(spec.pbt.perturb.count))]
        guard let domain = spec.space.first(where: { $0.key == setting.key })?.domain else { return setting }
        switch domain {
        case .choice(let values):
            return SearchSetting(key: setting.key, value: values[Int(rng.next() % UInt64(values.count))])
        case .uniform(let low, let high), .logUniform(let low, let high):
            guard let v = Double(setting.value) else { return setting }
            return SearchSetting(key: setting.key, value: SearchPlan.format(min(max(v * factor, low), high)))
        }
    }
}
