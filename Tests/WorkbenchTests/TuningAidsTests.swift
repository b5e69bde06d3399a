import Charts
import Dataset
import XCTest
@testable import Experiments
@testable import Workbench

/// Issue 14's aids in the picker: the learning-rate range test (`f`) and the
/// augmentation's fields and view (`a`), driven as values without a terminal.
final class TuningAidsTests: XCTestCase {
    private func state() throws -> AppState { AppState(picker: try ScreenLayoutTests.picker(), thumbnails: .ascii) }

    private func inputs(_ live: Session.Snapshot = Session.Snapshot(), lrFind: LRFindJob.Snapshot = LRFindJob.Snapshot()) -> KeyInputs {
        KeyInputs(live: live, shown: live, width: 120, height: 40, grayRampProblem: nil, lrFind: lrFind) { name in
            try ConfigLoader.load(ScreenLayoutTests.root.appendingPathComponent("experiments/\(name).yaml").path)
        }
    }

    /// A range test of `config` as the job publishes it: a synthetic loss that falls
    /// fastest near lr 1e-3 and is lowest near 1e-1 (or, `flat`, never falls).
    private func test(of config: ExperimentConfig, phase: LRFindJob.Snapshot.Phase = .done, flat: Bool = false, steps: Int = 100) -> LRFindJob.Snapshot {
        let sweep = LearningRateSweep.run(minimum: 1e-7, maximum: 10, steps: steps) { lr in
            flat ? 2.3 : 2.3 - 1.5 / (1 + exp(-2.5 * (log10(lr) + 3))) + 40 * max(log10(lr) + 1, 0)
        }
        var s = LRFindJob.Snapshot(version: 1, phase: phase, config: config, steps: steps, minimum: 1e-7, maximum: 10, points: sweep.points)
        guard phase == .done else { return s }
        let low = sweep.minimum
        s.result = LearningRateFinder.Result(preset: config.preset, seed: config.seed, minimumLR: 1e-7, maximumLR: 10, steps: steps, stepsRun: sweep.points.count,
                                             stoppedEarly: sweep.stoppedEarly, suggestedLR: sweep.steepest(plannedSteps: steps)?.learningRate,
                                             minimumLossLR: low?.learningRate, minimumLossLROverTen: low.map { $0.learningRate / 10 })
        s.directory = "runs/lr-find/2026-12-02T04-30-00-vgg16-v2"
        return s
    }

    private func started(_ r: KeyResponse) -> [ExperimentConfig] {
        r.commands.compactMap { if case .findLearningRate(let c) = $0 { return c } else { return nil } }
    }

    private func cancels(_ r: KeyResponse) -> Bool {
        r.commands.contains { if case .cancelLearningRateFind = $0 { return true } else { return false } }
    }

    // MARK: the range test from the picker

    func testFRunsTheRangeTestOnThePickersSettingsAndIsModal() throws {
        var app = try state()
        app.dashboard.picker.selected = .batchSize
        XCTAssertNil(app.dashboard.picker.set(typedOrNil: "64"))
        let r = app.handle(.character("f"), inputs())
        XCTAssertEqual(started(r), [app.dashboard.picker.config], "the picker's settings, batch size 64 included")
        XCTAssertEqual(started(r).first?.batchSize, 64)
        XCTAssertEqual(app.scope, .lrFind)
        // While it is shown, the picker's keys do nothing: the settings tested stay the settings shown.
        let before = app.dashboard.picker.config
        for key: Key in [.left, .right, .up, .character("="), .character("f"), .tab, .character("1")] {
            XCTAssertEqual(app.handle(key, inputs(lrFind: test(of: before, phase: .sweeping))).commands.count, 0, "\(key)")
        }
        XCTAssertEqual(app.dashboard.picker.config, before)
        XCTAssertEqual(app.screen, .dashboard)
        XCTAssertEqual(app.handle(.character("q"), inputs(lrFind: test(of: before, phase: .sweeping))).reaction, .quit, "q still quits")
    }

    func testTheRangeTestIsRefusedWhileARunTrainsAndARunWhileItEnds() throws {
        var app = try state()
        var training = ScreenLayoutTests.training()
        training.state = .training
        let r = app.handle(.character("f"), inputs(training))
        XCTAssertTrue(started(r).isEmpty)
        XCTAssertFalse(app.dashboard.lrFindShown)
        XCTAssertEqual(app.dashboard.message, "a run is active: lr-find needs the cores to itself; stop the run (x) first")
        // A cancelled test ends its batch before a run may start, or another test.
        let ending = test(of: app.dashboard.picker.config, phase: .sweeping)
        XCTAssertTrue(app.handle(.enter, inputs(lrFind: ending)).commands.isEmpty)
        XCTAssertEqual(app.dashboard.message, "the range test is ending its last batch: start again in a moment")
        XCTAssertTrue(started(app.handle(.character("f"), inputs(lrFind: ending))).isEmpty)
        XCTAssertFalse(app.dashboard.lrFindShown)
    }

    func testEscCancelsARunningTestAndEnterWaitsForItsEnd() throws {
        var app = try state()
        _ = app.handle(.character("f"), inputs())
        let lr = app.dashboard.picker.config.optimizer.lr
        var running = test(of: app.dashboard.picker.config, phase: .sweeping)
        running.points = Array(running.points.prefix(37))
        XCTAssertTrue(app.handle(.enter, inputs(lrFind: running)).commands.isEmpty)
        XCTAssertEqual(app.dashboard.message, "the test is still running: its suggestion comes at the end (Esc cancels)")
        XCTAssertTrue(app.dashboard.lrFindShown)
        let r = app.handle(.escape, inputs(lrFind: running))
        XCTAssertTrue(cancels(r))
        XCTAssertFalse(app.dashboard.lrFindShown)
        XCTAssertEqual(app.scope, .dashboard)
        XCTAssertEqual(app.dashboard.message, "range test cancelled at batch 37 of 100; nothing written")
        XCTAssertEqual(app.dashboard.picker.config.optimizer.lr, lr)
    }

    func testThePickersLrIsSetOnlyWhenTheSuggestionIsAccepted() throws {
        var app = try state()
        _ = app.handle(.character("f"), inputs())
        let done = test(of: app.dashboard.picker.config)
        let suggested = try XCTUnwrap(done.result?.suggestedLR)
        XCTAssertLessThan(suggested, try XCTUnwrap(done.result?.minimumLossLR), "the steepest fall comes before the lowest loss")
        // Esc: closed, the lr as it was.
        XCTAssertFalse(cancels(app.handle(.escape, inputs(lrFind: done))))
        XCTAssertEqual(app.dashboard.picker.config.optimizer.lr, 2e-4)
        XCTAssertEqual(app.dashboard.message, "lr kept at 0.0002")
        XCTAssertFalse(app.dashboard.lrFindShown)
        // Enter on the dashboard now starts a run: it does not take the old suggestion.
        let r = app.handle(.enter, inputs(lrFind: done))
        XCTAssertEqual(r.commands.count, 1)
        XCTAssertEqual(app.dashboard.picker.config.optimizer.lr, 2e-4)

        // Opened again and accepted: the suggestion exactly, and the view closes.
        _ = app.handle(.character("f"), inputs())
        XCTAssertEqual(app.dashboard.picker.config.optimizer.lr, 2e-4, "opening the test changes nothing")
        _ = app.handle(.enter, inputs(lrFind: done))
        XCTAssertEqual(app.dashboard.picker.config.optimizer.lr, suggested)
        XCTAssertEqual(app.dashboard.message, "lr set to \(Picker.formatRate(suggested)), the range test's suggestion")
        XCTAssertFalse(app.dashboard.lrFindShown)

        // No suggestion (the loss never fell): Enter says so and the lr stays.
        var fresh = try state()
        _ = fresh.handle(.character("f"), inputs())
        let flat = test(of: fresh.dashboard.picker.config, flat: true)
        XCTAssertNil(flat.result?.suggestedLR)
        _ = fresh.handle(.enter, inputs(lrFind: flat))
        XCTAssertEqual(fresh.dashboard.message, "no suggestion to use: the loss never fell (Esc closes, the lr stays)")
        XCTAssertEqual(fresh.dashboard.picker.config.optimizer.lr, 2e-4)
        XCTAssertTrue(fresh.dashboard.lrFindShown)
    }

    func testTheCurveShowsBothMarksAndWhatTheKeysDo() throws {
        let picker = try ScreenLayoutTests.picker()
        let done = test(of: picker.config)
        let result = try XCTUnwrap(done.result)
        let glyphs = ScreenLayoutTests.glyphs
        for (w, h) in ScreenLayoutTests.sizes {
            var ui = DashboardState(picker: picker)
            ui.lrFindShown = true
            let lines = DashboardScreen.render(Session.Snapshot(), ui, width: w, height: h, glyphs: glyphs, panel: .lrFind(done)).text
                .split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            let text = lines.joined(separator: "\n")
            XCTAssertTrue(lines[1].hasPrefix("lr-find vgg16-v2 rmsprop batch 32 report seed 1: smoothed loss against lr"), "\(w)x\(h):\n\(text)")
            XCTAssertTrue(text.contains(String(format: "★ suggested lr %.2e (steepest fall)  ▲ minimum's lr / 10: %.2e", result.suggestedLR!, result.minimumLossLROverTen!)), text)
            XCTAssertTrue(text.contains(String(format: "Enter: use %.2e as the lr   Esc: keep 0.0002", result.suggestedLR!)), text)
            XCTAssertTrue(text.contains("learning rate ‹ 0.0002 ›"), "the picker stays in view: \(text)")
            XCTAssertTrue(lines[h - 1].hasPrefix("? help  q quit  Enter use it  Esc cancel / keep the lr"), lines[h - 1])
            // The axis: ★ and ▲ where their rates are on the log scale, read against the decades labelled below it.
            let row = try XCTUnwrap(lines.firstIndex { $0.contains("└") }, text)
            let axis = Array(lines[row]), labels = lines[row + 1]
            XCTAssertFalse(labels.contains("1e-0"), "ten to the zero is 1e0: \(labels)")
            let decades = try NSRegularExpression(pattern: "1e(-?[0-9]+)").matches(in: labels, range: NSRange(labels.startIndex..., in: labels)).map { m in
                (decade: Double((labels as NSString).substring(with: m.range(at: 1)))!, column: Double(m.range.location) + Double(m.range.length - 1) / 2)
            }
            XCTAssertGreaterThanOrEqual(decades.count, 3, labels)
            let (first, last) = (decades.first!, decades.last!)
            func column(_ lr: Double) -> Double { first.column + (log10(lr) - first.decade) / (last.decade - first.decade) * (last.column - first.column) }
            let star = Double(try XCTUnwrap(axis.firstIndex(of: "★"), text)), triangle = Double(try XCTUnwrap(axis.firstIndex(of: "▲"), text))
            XCTAssertEqual(star, column(result.suggestedLR!), accuracy: 1.5, "\(w)x\(h):\n\(text)")
            XCTAssertEqual(triangle, column(result.minimumLossLROverTen!), accuracy: 1.5, text)
            // The diverging tail (above 4x the lowest loss) is left out, so the curve is not squashed flat.
            XCTAssertLessThan(Double(lines.compactMap { Double($0.split(separator: "│").first?.trimmingCharacters(in: .whitespaces) ?? "") }.max() ?? 99), 10)
        }
    }

    func testTheCurveGrowsWhileRunningAndSaysWhenThereIsNoSuggestion() throws {
        let picker = try ScreenLayoutTests.picker()
        var running = test(of: picker.config, phase: .sweeping)
        running.points = Array(running.points.prefix(40))
        let p = running.points[39]
        let shown = LRFindView.render(running, currentRate: "0.0002", width: 120, height: 21, glyphs: ScreenLayoutTests.glyphs).text
        XCTAssertTrue(shown.contains(String(format: "batch 40 of 100   lr %.2e   smoothed loss %.4f", p.learningRate, p.smoothedLoss)), shown)
        XCTAssertTrue(shown.contains("Esc cancels (nothing is written)"), shown)
        XCTAssertFalse(shown.contains("★") || shown.contains("▲"), "no marks before the end:\n\(shown)")
        XCTAssertTrue(shown.contains("⠁") || shown.contains("⠈") || shown.contains("⣀") || shown.unicodeScalars.contains { (0x2801...0x28FF).contains($0.value) }, "braille")

        let flat = LRFindView.render(test(of: picker.config, flat: true), currentRate: "0.0002", width: 120, height: 21, glyphs: ScreenLayoutTests.glyphs).text
        XCTAssertTrue(flat.contains("no suggestion: the smoothed loss never fell by 2 % of its first value"), flat)
        XCTAssertTrue(flat.contains("Esc closes, the lr stays 0.0002"), flat)
        XCTAssertFalse(flat.contains("★"), flat)
        XCTAssertTrue(flat.contains("wrote runs/lr-find/2026-12-02T04-30-00-vgg16-v2/lr_find.csv; 100 of 100 batches"), flat)

        // Marks closer than a column: ★ is drawn over ▲, and the line says so.
        var close = test(of: picker.config)
        let r = try XCTUnwrap(close.result), s = try XCTUnwrap(r.suggestedLR)
        close.result = LearningRateFinder.Result(preset: r.preset, seed: r.seed, minimumLR: r.minimumLR, maximumLR: r.maximumLR, steps: r.steps, stepsRun: r.stepsRun,
                                                 stoppedEarly: r.stoppedEarly, suggestedLR: s, minimumLossLR: s * 10.3, minimumLossLROverTen: s * 1.03)
        let together = LRFindView.render(close, currentRate: "0.0002", width: 80, height: 10, glyphs: ScreenLayoutTests.glyphs).text
        XCTAssertTrue(together.contains(String(format: "▲ minimum's lr / 10: %.2e (under ★)", s * 1.03)), together)
        XCTAssertFalse(together.split(separator: "\n").first { $0.contains("└") }?.contains("▲") ?? true, "one column, the star's:\n\(together)")
        let apart = LRFindView.render(test(of: picker.config), currentRate: "0.0002", width: 80, height: 10, glyphs: ScreenLayoutTests.glyphs).text
        XCTAssertFalse(apart.contains("(under ★)"), apart)
    }

    func testACancelledSweepEndsAtOnce() {
        var seen = 0
        let sweep = LearningRateSweep.run(minimum: 1e-5, maximum: 1, steps: 50, step: { _ in 1 }) { _ in
            seen += 1
            return seen < 7
        }
        XCTAssertEqual(sweep.points.count, 7)
        XCTAssertEqual(sweep.stoppedEarly, LearningRateSweep.cancelled)
    }

    // MARK: the augmentation's fields

    /// basic-cnn on the tiny profile: a run folder in well under a second.
    private func tiny() throws -> ExperimentConfig {
        var c = try load("basic-cnn")
        c.data.profile = .tiny
        return c
    }

    private let load = { (name: String) in try ConfigLoader.load(ScreenLayoutTests.root.appendingPathComponent("experiments/\(name).yaml").path) }

    func testEveryAugmentationSettingIsSetInThePickerOrRefusedWithTheReason() throws {
        var picker = try ScreenLayoutTests.picker()   // vgg16-v2: the study's augmentation, 32x32
        let shown = [Picker.Field.rotation, .widthShift, .heightShift, .shear, .zoom, .horizontalFlip, .fillMode].map { picker.value($0) }
        XCTAssertEqual(shown, ["±20°", "±0.2", "±0.2", "±0°", "±0", "on", "nearest"])
        func type(_ f: Picker.Field, _ text: String) -> String? {
            picker.selected = f
            return picker.set(typedOrNil: text)
        }
        XCTAssertEqual(type(.rotation, "181"), "rotation range: must be in 0...180 degrees, got 181")
        XCTAssertEqual(type(.rotation, "-1"), "rotation range: must be in 0...180 degrees, got -1")
        XCTAssertEqual(type(.rotation, "ten"), "rotation range: 'ten' is not a number")
        XCTAssertNil(type(.rotation, "12.5"))
        XCTAssertEqual(type(.shear, "90"), "shear range: must be in [0, 90) degrees, got 90")
        XCTAssertNil(type(.shear, "15"))
        XCTAssertEqual(type(.zoom, "1"), "zoom range: must be in [0, 1) (zoom factors 1 - z to 1 + z), got 1")
        XCTAssertNil(type(.zoom, "0.15"))
        XCTAssertEqual(type(.widthShift, "1.5"), "width shift range: must be a fraction in [0, 1) of the width or whole pixels from 1 to 32, got 1.5")
        XCTAssertEqual(type(.heightShift, "33"), "height shift range: must be a fraction in [0, 1) of the height or whole pixels from 1 to 32, got 33")
        XCTAssertNil(type(.widthShift, "3"))
        XCTAssertNil(type(.heightShift, "0.125"))
        XCTAssertEqual(type(.horizontalFlip, "1"), "horizontal flip: pick a value with ← →")
        XCTAssertEqual(picker.value(.widthShift), "±3 px", "1 or more: pixels, as Keras reads it")

        // Steps: 5 degrees or 0.05; one past the range is refused, not clamped.
        picker.selected = .rotation
        try picker.adjust(by: 1, load: load)
        XCTAssertEqual(picker.config.augmentation?.rotationRange, 15, "12.5 + 5 to the step's grid")
        picker.selected = .zoom
        try picker.adjust(by: -3, load: load)
        XCTAssertEqual(picker.config.augmentation?.zoomRange, 0)
        XCTAssertThrowsError(try picker.adjust(by: -1, load: load)) { XCTAssertEqual("\($0)", "zoom range: must be in [0, 1) (zoom factors 1 - z to 1 + z), got -0.05") }
        XCTAssertEqual(picker.config.augmentation?.zoomRange, 0)
        XCTAssertNil(type(.zoom, "0.15"))
        picker.selected = .heightShift
        XCTAssertNil(picker.set(typedOrNil: "0.95"))
        XCTAssertThrowsError(try picker.adjust(by: 1, load: load)) { XCTAssertEqual("\($0)", "height shift range: steps go up to 0.95 of the image; type (=) a shift of 1 or more pixels") }
        XCTAssertNil(type(.heightShift, "0.125"))
        picker.selected = .horizontalFlip
        try picker.adjust(by: 1, load: load)
        XCTAssertEqual(picker.value(.horizontalFlip), "off")
        picker.selected = .fillMode
        var modes: [String] = []
        for _ in 0..<4 {
            try picker.adjust(by: 1, load: load)
            modes.append(picker.value(.fillMode))
        }
        XCTAssertEqual(modes, ["constant", "reflect", "wrap", "nearest"])
        try picker.adjust(by: -1, load: load)
        XCTAssertEqual(picker.value(.fillMode), "wrap")

        // Off: the settings show "-" and refuse; on again, they come back as they were.
        let set = try XCTUnwrap(picker.config.augmentation)
        XCTAssertEqual(set, {
            var a = AugmentationConfig()
            (a.rotationRange, a.widthShiftRange, a.heightShiftRange, a.shearRange, a.zoomRange) = (15, 3, 0.125, 15, 0.15)
            (a.horizontalFlip, a.fillMode) = (false, .wrap)
            return a
        }())
        picker.selected = .augmentation
        try picker.adjust(by: 1, load: load)
        XCTAssertNil(picker.config.augmentation)
        XCTAssertEqual(picker.value(.zoom), "-")
        XCTAssertEqual(type(.zoom, "0.1"), "zoom range: augmentation is off: turn it on first")
        picker.selected = .fillMode
        XCTAssertThrowsError(try picker.adjust(by: 1, load: load)) { XCTAssertEqual("\($0)", "fill mode: augmentation is off: turn it on first") }
        picker.selected = .augmentation
        try picker.adjust(by: 1, load: load)
        XCTAssertEqual(picker.config.augmentation, set)
    }

    func testTheAugmentationSetInThePickerIsTheRunsResolvedConfig() throws {
        var app = AppState(picker: Picker(presets: ["basic-cnn"], initial: try tiny()), thumbnails: .ascii)
        XCTAssertNil(app.dashboard.picker.config.augmentation, "basic-cnn trains without")
        app.dashboard.picker.selected = .augmentation
        _ = app.handle(.right, inputs())
        for (field, text) in [(Picker.Field.rotation, "7.5"), (.widthShift, "0.1"), (.heightShift, "2"), (.shear, "12"), (.zoom, "0.05")] {
            app.dashboard.picker.selected = field
            _ = app.handle(.character("="), inputs())
            for c in text { _ = app.handle(.character(c), inputs()) }
            _ = app.handle(.enter, inputs())
            XCTAssertNil(app.dashboard.message, "\(field)")
        }
        app.dashboard.picker.selected = .fillMode
        _ = app.handle(.right, inputs())
        _ = app.handle(.right, inputs())
        let r = app.handle(.enter, inputs())
        guard case .start(let config)? = r.commands.first else { return XCTFail("Enter starts a run: \(r.commands)") }

        let root = NSTemporaryDirectory() + "picker-augmentation-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: root) }
        let run = try TrainingRun(config: config, root: root)
        let yaml = try String(contentsOfFile: run.record.directory + "/config.yaml", encoding: .utf8)
        // The YAML writes numbers as the encoder does (7.5e+0); decoded, they are the typed ones exactly.
        for line in ["rotation_range: 7.5e+0", "width_shift_range: 1e-1", "height_shift_range: 2e+0", "shear_range: 1.2e+1", "zoom_range: 5e-2", "fill_mode: reflect"] {
            XCTAssertTrue(yaml.contains(line), "\(line) in\n\(yaml)")
        }
        let recorded = try ConfigLoader.loadManifest(run.record.directory + "/config.yaml").config.augmentation
        XCTAssertEqual(recorded, app.dashboard.picker.config.augmentation)
        XCTAssertEqual(recorded?.augmentation, Augmentation(rotationRange: 7.5, widthShiftRange: 0.1, heightShiftRange: 2, shearRange: 12, zoomRange: 0.05,
                                                            horizontalFlip: true, fillMode: .reflect))
        let plain = try ConfigLoader.encode(config)
        XCTAssertThrowsError(try ConfigLoader.parse(plain.replacingOccurrences(of: "fill_mode: reflect", with: "fill_mode: mirror"), file: "config.yaml")) {
            XCTAssertTrue("\($0)".contains("must be one of 'nearest', 'constant', 'reflect', 'wrap', got 'mirror'"), "\($0)")
        }
    }

    // MARK: the augmentation view

    func testAOpensTheAugmentationViewWhereTheChartsAreAndKeepsThePickerEditable() throws {
        var app = try state()
        XCTAssertEqual(app.handle(.character("a"), inputs()).reaction, .redraw)
        XCTAssertTrue(app.dashboard.augmentationShown)
        XCTAssertEqual(app.scope, .dashboard, "the picker's keys work beside it")
        app.dashboard.picker.selected = .rotation
        _ = app.handle(.right, inputs())
        XCTAssertEqual(app.dashboard.picker.config.augmentation?.rotationRange, 25)
        _ = app.handle(.character("a"), inputs())
        XCTAssertFalse(app.dashboard.augmentationShown)
    }

    /// Two 8x8 classes of gradients, as the sampler would hand them over.
    private func drawing(_ config: ExperimentConfig, width: Int, height: Int) -> (AugmentationSampler.Request, AugmentationSampler.Drawing) {
        var pixels: [Float] = []
        for i in 0..<2 { for y in 0..<8 { for x in 0..<8 { pixels.append(Float((x + 2 * y + 5 * i) % 16) / 15) } } }
        let images = ImageSet(height: 8, width: 8, channels: 1, classNames: ["dress", "shirt"], pixels: pixels, labels: [0, 1])
        let request = AugmentationView.request(config, mode: .ascii, width: width, height: height)
        var preview = AugmentationPreview(images: images, augmentation: request.augmentation)
        (preview.variants, preview.columns, preview.rows) = (request.variants, request.columns, request.rows)
        return (request, .init(request: request, grid: .success(preview.render(AugmentationPreview.sample(images, count: request.images), seed: config.seed, mode: .ascii))))
    }

    func testTheAugmentationViewFitsEachSizeAndSaysWhatItShows() throws {
        let picker = try ScreenLayoutTests.picker()
        for (w, h) in ScreenLayoutTests.sizes {
            let area = DashboardScreen.chartHeight(h)
            let (request, d) = drawing(picker.config, width: w, height: area)
            let g = try XCTUnwrap(try? d.grid.get())
            XCTAssertLessThanOrEqual(1 + g.height, area, "\(w)x\(h)")
            XCTAssertLessThanOrEqual(g.width, w, "\(w)x\(h)")
            XCTAssertGreaterThanOrEqual(request.variants, 3, "\(w)x\(h)")
            var ui = DashboardState(picker: picker)
            ui.augmentationShown = true
            let text = DashboardScreen.render(Session.Snapshot(), ui, width: w, height: h, glyphs: ScreenLayoutTests.glyphs, panel: .augmentation(d, current: true)).text
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            let title = "augmentation: rotation ±20°, width shift ±0.2, height shift ±0.2, horizontal flips, nearest fill (32x32, seed 1)"
            XCTAssertTrue(lines[1].hasPrefix(title.count <= w ? title : String(title.prefix(w - 1)) + "…"), text)
            XCTAssertTrue(lines[2].contains("original") && lines[2].contains("variant \(request.variants)"), text)
            XCTAssertTrue(text.contains("dress"), text)
            XCTAssertTrue(text.contains("> preset        ‹ vgg16-v2 ›"), "the picker below: \(text)")
            XCTAssertFalse(text.contains("drawing…"))
            let stale = DashboardScreen.render(Session.Snapshot(), ui, width: w, height: h, glyphs: ScreenLayoutTests.glyphs, panel: .augmentation(d, current: false)).text
            XCTAssertTrue(stale.contains("drawing…"), "an earlier drawing says it is being replaced")
        }
        let reading = AugmentationView.render(nil, current: false, config: picker.config, width: 120, height: 21).text
        XCTAssertTrue(reading.contains("reading the training images…"), reading)
        let failed = AugmentationView.render(.init(request: AugmentationView.request(picker.config, mode: .ascii, width: 120, height: 21),
                                                   grid: .failure(.init(description: "no such folder: /nowhere"))), current: true, config: picker.config, width: 120, height: 21).text
        XCTAssertTrue(failed.contains("cannot show the training images: no such folder: /nowhere"), failed)
    }

    func testTheSamplerDrawsTheLatestRequestOffTheUIThreadAndAgainWhenAFieldChanges() throws {
        let sampler = AugmentationSampler()
        var config = try tiny()
        config.augmentation = AugmentationConfig(.study)
        let request = AugmentationView.request(config, mode: .ascii, width: 120, height: 21)
        XCTAssertNil(sampler.drawing(for: request).drawing, "nothing drawn yet: the caller does not wait")
        func wait(for r: AugmentationSampler.Request) throws -> Grid {
            let deadline = Date().addingTimeInterval(60)
            while Date() < deadline {
                let (d, current) = sampler.drawing(for: r)
                if current, let d { return try d.grid.get() }
                Thread.sleep(forTimeInterval: 0.01)
            }
            throw XCTSkip("the sampler did not finish within 60 s")
        }
        let first = try wait(for: request)
        XCTAssertTrue(first.text.contains("variant \(request.variants)"), first.text)
        var wider = config
        wider.augmentation?.rotationRange = 90
        let changed = AugmentationView.request(wider, mode: .ascii, width: 120, height: 21)
        let (stale, current) = sampler.drawing(for: changed)
        XCTAssertFalse(current)
        XCTAssertEqual(stale?.request, request, "the earlier drawing is shown meanwhile")
        let second = try wait(for: changed)
        XCTAssertNotEqual(second, first)
        XCTAssertEqual(try wait(for: request), first, "seeded: the same settings draw the same variants")
    }
}

extension Picker {
    /// The refusal of a typed value, or nil once it is set.
    mutating func set(typedOrNil text: String) -> String? {
        do {
            try set(typed: text)
            return nil
        } catch {
            return "\(error)"
        }
    }
}
