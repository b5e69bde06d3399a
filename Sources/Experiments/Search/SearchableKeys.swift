/// The config keys a search may vary, and why the others may not.
enum SearchableKeys {
    enum Kind { case real, integer, categorical }

    static let kinds: [String: Kind] = [
        "optimizer.lr": .real, "optimizer.momentum": .real, "optimizer.kind": .categorical,
        "dropout": .real, "batch_size": .integer, "epochs": .integer,
        "augmentation.rotation_range": .real, "augmentation.width_shift_range": .real, "augmentation.height_shift_range": .real,
        "augmentation.shear_range": .real, "augmentation.zoom_range": .real,
        "augmentation.horizontal_flip": .categorical, "augmentation.fill_mode": .categorical,
        "early_stopping.patience": .integer, "lr_decay.factor": .real,
    ]

    /// Why a config key outside `kinds` cannot be searched.
    static func refusal(_ key: String) -> String {
        let root = key.split(separator: ".").first.map(String.init) ?? key
        switch root {
        case "seed", "data", "split", "input":
            return "cannot be searched: every trial must train and test on the same images, so that trials compare on one test set (set it in the base config or with --set)"
        case "network", "preset", "weights", "freeze":
            return "cannot be searched: a search tunes one network; give it as base (one search per network)"
        case "runs": return "cannot be searched: a trial is one run"
        default:
            return "cannot be searched; the searchable keys are " + kinds.keys.sorted().joined(separator: ", ")
        }
    }

    /// Refuses keys no trial may vary, domains that do not suit a key's kind, and
    /// spaces the method cannot use.
    static func check(_ spec: SearchSpec, file: String) throws {
        for d in spec.space {
            let key = "space.\(d.key)"
            guard let kind = kinds[d.key] else { throw ConfigError(file: file, key: key, refusal(d.key)) }
            if kind == .categorical, case .choice = d.domain {} else if kind == .categorical {
                throw ConfigError(file: file, key: key, "takes named values: use {choice: [...]}")
            }
            switch spec.method {
            case .grid:
                guard case .choice = d.domain else { throw ConfigError(file: file, key: key, "grid search needs the points themselves: use {choice: [...]} (a range has no grid points)") }
            case .asha, .pbt:
                if d.key == "epochs" { throw ConfigError(file: file, key: key, "cannot be searched by \(spec.method.rawValue): the scheduler decides how long each trial trains") }
            case .random: break
            }
            if spec.method == .pbt, !["optimizer.lr", "dropout"].contains(d.key) {
                throw ConfigError(file: file, key: key, "cannot be searched by pbt: a member takes over another's weights and optimizer state, which only fit the same network, optimizer and batch size; pbt varies optimizer.lr and dropout")
            }
        }
        if spec.method == .pbt, let n = spec.trials, n != spec.pbt.population {
            throw ConfigError(file: file, key: "trials", "pbt trains its population (\(spec.pbt.population)) together; trials, if given, must equal pbt.population")
        }
    }
}
