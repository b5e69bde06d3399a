import Experiments
import Foundation
import XCTest

/// The `workbench` binary as a user runs it, with stdout a pipe (not a terminal).
final class CommandLineTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    private var runs: String!

    override func setUpWithError() throws {
        try XCTSkipUnless(FileManager.default.isExecutableFile(atPath: binary), "build first: swift build -c release")
        runs = NSTemporaryDirectory() + "/cli-runs-\(UUID().uuidString)"
    }

    override func tearDown() { try? FileManager.default.removeItem(atPath: runs) }

    /// The workbench of this build: beside the test bundle, whatever the scratch path.
    static var binaryPath: String {
        let beside = Bundle.main.executableURL?.deletingLastPathComponent().appendingPathComponent("workbench").path
        return beside.flatMap { FileManager.default.isExecutableFile(atPath: $0) ? $0 : nil } ?? root.appendingPathComponent(".build/release/workbench").path
    }
    private var binary: String { Self.binaryPath }

    private struct Output { let status: Int32, stdout: String, stderr: String }

    /// Runs the binary in the project folder; `interruptAfter` sends SIGINT once stdout contains that text.
    private func workbench(_ args: [String], interruptAfter marker: String? = nil) throws -> Output {
        let p = try Running(binary, args, interruptAfter: marker)
        return p.finish()
    }

    /// The binary running in the background, its output collected.
    private final class Running {
        let process = Process()
        private let out = Pipe(), err = Pipe()
        private let collected = Collected(), errors = Collected()

        init(_ binary: String, _ args: [String], interruptAfter marker: String? = nil) throws {
            let p = process
            p.executableURL = URL(fileURLWithPath: binary)
            p.arguments = args
            p.currentDirectoryURL = CommandLineTests.root
            p.standardOutput = out
            p.standardError = err
            let collected = collected
            out.fileHandleForReading.readabilityHandler = { h in
                collected.append(h.availableData)
                if let m = marker, collected.text.contains(m), collected.markInterrupted() { p.interrupt() }
            }
            let errors = errors
            err.fileHandleForReading.readabilityHandler = { h in errors.append(h.availableData) }
            try p.run()
        }

        /// Waits (at most `seconds`) until stdout contains `text`.
        func waitFor(_ text: String, seconds: Double = 120) throws {
            let deadline = Date().addingTimeInterval(seconds)
            while !collected.text.contains(text) {
                guard Date() < deadline, process.isRunning else { throw XCTSkip("no '\(text)' in: \(collected.text)") }
                Thread.sleep(forTimeInterval: 0.05)
            }
        }

        func finish() -> Output {
            process.waitUntilExit()
            out.fileHandleForReading.readabilityHandler = nil
            err.fileHandleForReading.readabilityHandler = nil
            collected.append(out.fileHandleForReading.readDataToEndOfFile())
            errors.append(err.fileHandleForReading.readDataToEndOfFile())
            return Output(status: process.terminationStatus, stdout: collected.text, stderr: errors.text)
        }
    }

    func testARunFolderHasOneWriterAndItsLockDiesWithItsProcess() throws {
        let out: String = runs
        let first = try Running(binary, ["train", "basic-cnn", "--profile", "tiny", "--epochs", "5000", "--set", "optimizer.lr=0.001", "--out", out])
        defer { if first.process.isRunning { kill(first.process.processIdentifier, SIGKILL) } }
        try first.waitFor("Epoch 1/5000")
        let dir = try XCTUnwrap(try FileManager.default.contentsOfDirectory(atPath: out).first.map { "\(out)/\($0)" })
        let holder = "is being written by process \(first.process.processIdentifier) (workbench train basic-cnn --profile tiny --epochs 5000"
        for args in [["train", "--resume", dir], ["evaluate", dir]] {
            let refused = try workbench(args)
            XCTAssertNotEqual(refused.status, 0, refused.stdout)
            XCTAssertTrue(refused.stderr.contains("\(dir): \(holder)") && refused.stderr.contains("kill \(first.process.processIdentifier)"), refused.stderr)
        }
        let before = try String(contentsOfFile: dir + "/events.log", encoding: .utf8)
        XCTAssertFalse(before.contains("resumed") || before.contains("evaluated"), "the refused ones wrote nothing:\n\(before)")

        // kill -9: no clean-up runs, yet the kernel drops the lock with the process.
        kill(first.process.processIdentifier, SIGKILL)
        XCTAssertEqual(first.finish().status, SIGKILL)
        let evaluated = try workbench(["evaluate", dir])
        XCTAssertEqual(evaluated.status, 0, evaluated.stderr)
        XCTAssertTrue(evaluated.stdout.contains("predictions written to \(dir)/predictions-evaluate-"), evaluated.stdout)
        let resumed = try workbench(["train", "--resume", dir, "--epochs", "40"])
        XCTAssertEqual(resumed.status, 0, resumed.stderr)
        XCTAssertTrue(resumed.stdout.contains("Epoch 40/40") && resumed.stdout.contains("test accuracy"), resumed.stdout)
    }

    func testResumeRefusesSettingsItWouldIgnore() throws {
        let r = try workbench(["train", "--resume", "runs/x", "--profile", "tiny", "--set", "dropout=0.1"])
        XCTAssertNotEqual(r.status, 0)
        XCTAssertTrue(r.stderr.contains("--resume continues runs/x with the settings its config.yaml records; --profile, --set cannot change them"), r.stderr)
    }

    func testConfigTypoExitsNonZeroNamingFileAndKey() throws {
        let out: String = runs
        let r = try workbench(["train", "basic-cnn", "--set", "optimizer.lrate=0.1", "--out", out])
        XCTAssertNotEqual(r.status, 0)
        XCTAssertTrue(r.stderr.contains("--set optimizer.lrate=0.1: key 'optimizer.lrate': unknown key"), r.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: runs), "no run folder for a refused config")
    }

    func testAPresetTypoListsThePresetsAndSuggestsTheNearest() throws {
        let out: String = runs
        for args in [["train", "vgg16v2", "--profile", "tiny", "--out", out], ["--preset", "vgg16v2", "--out", out]] {
            let r = try workbench(args)
            XCTAssertNotEqual(r.status, 0, "\(args)")
            XCTAssertTrue(r.stderr.contains("no preset named 'vgg16v2'") && r.stderr.contains("Did you mean vgg16-v2?"), r.stderr)
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: runs), "no run folder for a refused preset")
    }

    /// Decoding no longer builds the network; the run's start does, and refuses
    /// an input too small for VGG16's five pools before any training or run folder.
    func testAnInputTooSmallForTheNetworkIsRefusedBeforeTraining() throws {
        let out: String = runs
        let r = try workbench(["train", "vgg16-v2", "--profile", "tiny", "--set", "input.height=16", "--set", "input.width=16", "--out", out])
        XCTAssertNotEqual(r.status, 0)
        XCTAssertTrue(r.stderr.contains("--set input.width=16: key 'input': 16x16 is too small for vgg16-v2"), r.stderr)
        XCTAssertFalse(r.stdout.contains("Epoch"), r.stdout)
        XCTAssertFalse(FileManager.default.fileExists(atPath: runs), "no run folder for a network that cannot be built")
    }

    func testOptionValuesAreCheckedAndPathsTakenLiterally() throws {
        let out: String = runs
        for (args, error) in [(["--data", "null"], "null: is not a folder"), (["--data", "~"], "~: is not a folder"),
                              (["--threads", "0"], "--threads must be in 1...256, got 0"), (["--threads=-1"], "--threads must be in 1...256, got -1"),
                              (["--threads", "100000"], "--threads must be in 1...256, got 100000"),
                              (["--set", "dropout=1"], "--set dropout=1: key 'dropout': must be in [0, 1)"),
                              (["--set", "optimizer.lr=1e308"], "--set optimizer.lr=1e308: key 'optimizer.lr'"),
                              (["--epochs", "0"], "--epochs 0: key 'epochs': must be at least 1")] {
            let r = try workbench(["train", "basic-cnn", "--profile", "tiny", "--out", out] + args)
            XCTAssertNotEqual(r.status, 0, "\(args)")
            XCTAssertTrue(r.stderr.contains(error), "\(args): \(r.stderr)")
            XCTAssertFalse(FileManager.default.fileExists(atPath: runs), "\(args): no run folder for refused options")
        }
        let reproduce = try workbench(["reproduce", "--threads", "0", "--out", out])
        XCTAssertTrue(reproduce.status != 0 && reproduce.stderr.contains("--threads must be in 1...256"), reproduce.stderr)
    }

    func testADivergingTrainingExitsNonZeroNamingEpochAndBatch() throws {
        let out: String = runs
        let r = try workbench(["train", "basic-cnn", "--profile", "tiny", "--epochs", "2", "--set", "optimizer.kind=sgd", "--set", "optimizer.lr=1e30", "--out", out])
        XCTAssertEqual(r.status, 1, r.stdout + r.stderr)
        XCTAssertTrue(r.stderr.contains("training diverged (non-finite training loss at epoch 1, batch "), r.stderr)
        let dir = try XCTUnwrap(try FileManager.default.contentsOfDirectory(atPath: out).first)
        XCTAssertEqual(try RunRecord.readSummary("\(out)/\(dir)").state, .diverged)
    }

    func testAPresetNamedLikeAPathTrainsInsideOut() throws {
        let out: String = runs
        let config = NSTemporaryDirectory() + "/escape-\(UUID().uuidString).yaml"
        defer { try? FileManager.default.removeItem(atPath: config) }
        // The run folder <out>/sub/<time>-<preset> would have been <out>/escaped.
        let yaml = try String(contentsOfFile: Self.root.path + "/experiments/basic-cnn.yaml", encoding: .utf8)
            .replacingOccurrences(of: "preset: basic-cnn", with: "preset: ../../../escaped")
        try yaml.write(toFile: config, atomically: true, encoding: .utf8)
        let r = try workbench(["train", config, "--profile", "tiny", "--epochs", "1", "--out", out + "/sub"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: out), ["sub"], "a run folder outside --out")
        let inside = try FileManager.default.contentsOfDirectory(atPath: out + "/sub")
        XCTAssertEqual(inside.count, 1)
        XCTAssertTrue(FileManager.default.fileExists(atPath: "\(out)/sub/\(inside[0])/summary.json"), "\(inside)")
    }

    func testDataInfoNamesAndCountsImagesThatDoNotDecode() throws {
        let folder: String = runs + "/images"
        let fixtures = Self.root.path + "/Tests/DatasetTests/Fixtures/truncated-jpeg"
        for cls in ["a", "b"] {
            try FileManager.default.createDirectory(atPath: "\(folder)/\(cls)", withIntermediateDirectories: true)
            for i in 0..<5 { try FileManager.default.copyItem(atPath: "\(fixtures)/a/ok.jpg", toPath: "\(folder)/\(cls)/\(i).jpg") }
        }
        try FileManager.default.copyItem(atPath: "\(fixtures)/b/cut-in-scan.jpg", toPath: "\(folder)/b/cut.jpg")
        let r = try workbench(["data", "info", "basic-cnn", "--data", folder])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains("skipped:     1 file(s):\n  \(folder)/b/cut.jpg: corrupt JPEG (Premature end of JPEG file)"), r.stdout)
        XCTAssertTrue(r.stdout.contains("train        6 (3 / 3)"), r.stdout)
        XCTAssertFalse(r.stderr.contains("Premature end"), "libjpeg's own warning on stderr, without the file's name: \(r.stderr)")
    }

    func testModelSummaryAndDataInfo() throws {
        let model = try workbench(["model", "vgg16-v2"])
        XCTAssertEqual(model.status, 0)
        XCTAssertTrue(model.stdout.contains("block1_conv1 (Conv2D)") && model.stdout.contains("Total params:"), model.stdout)
        let info = try workbench(["data", "info", "vgg16-v2", "--profile", "report"])
        XCTAssertEqual(info.status, 0, info.stderr)
        XCTAssertTrue(info.stdout.contains("train        1920 (640 / 640 / 640)"), info.stdout)
        XCTAssertTrue(info.stdout.contains("test         600 (200 / 200 / 200)"), info.stdout)
    }

    func testBenchLayersProfilesEveryLayerOfAStep() throws {
        let r = try workbench(["bench", "--layers", "--preset", "basic-cnn", "--steps", "1", "--batch", "4"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let rows = r.stdout.split(separator: "\n").map(String.init)
        for layer in ["conv2d ", "flatten ", "predictions ", "optimizer step"] {
            XCTAssertTrue(rows.contains { $0.hasPrefix(layer) }, "no row for \(layer) in\n\(r.stdout)")
        }
        XCTAssertTrue(rows.contains { $0.hasPrefix("conv2d") && $0.contains("30x30x32") }, r.stdout)
        XCTAssertTrue(rows.last?.hasPrefix("total: inference") == true, r.stdout)
    }

    func testPipedTrainingPrintsOneCleanLinePerEpochAndCtrlCStopsResumably() throws {
        let out: String = runs
        let args = ["train", "basic-cnn", "--profile", "tiny", "--epochs", "30", "--set", "optimizer.lr=0.001", "--out", out]
        let first = try workbench(args, interruptAfter: "Epoch 2/30")
        XCTAssertFalse(first.stdout.contains("\u{1B}") || first.stdout.contains("\r"), "control characters in piped output")
        XCTAssertEqual(first.status, 130, first.stdout + first.stderr)
        XCTAssertTrue(first.stdout.contains("workbench train --resume"), first.stdout)
        let dir = try XCTUnwrap(try FileManager.default.contentsOfDirectory(atPath: out).first)
        let resumed = try workbench(["train", "--resume", "\(out)/\(dir)"])
        XCTAssertEqual(resumed.status, 0, resumed.stderr)
        XCTAssertTrue(resumed.stdout.contains("Epoch 30/30") && resumed.stdout.contains("test accuracy"), resumed.stdout)
        let metrics = try String(contentsOfFile: "\(out)/\(dir)/metrics.csv", encoding: .utf8)
        XCTAssertEqual(metrics.split(separator: "\n").count, 1 + 2 * 30, metrics)
    }

    func testCtrlCStopsTheSecondRunOfARepeatedConfigToo() throws {
        let out: String = runs
        let args = ["train", "basic-cnn", "--profile", "tiny", "--epochs", "300", "--set", "runs=2", "--set", "optimizer.lr=0.001", "--out", out]
        let r = try workbench(args, interruptAfter: "-basic-cnn-run2, ")
        XCTAssertEqual(r.status, 130, r.stdout + r.stderr)
        XCTAssertTrue(r.stderr.contains("stopping after this batch"), r.stderr)
        XCTAssertTrue(r.stdout.contains("workbench train --resume") && r.stdout.contains("-basic-cnn-run2"), r.stdout)
    }

    func testReproduceWritesTheReportAndReusesFinishedRuns() throws {
        let out: String = runs
        let args = ["reproduce", "--profile", "tiny", "--epochs", "2", "--presets", "basic-cnn", "--out", out, "--results", out + "/RESULTS.md"]
        let first = try workbench(args)
        XCTAssertEqual(first.status, 0, first.stdout + first.stderr)
        XCTAssertTrue(first.stdout.contains("basic-cnn run 1 of 1: training"), first.stdout)
        let report = try String(contentsOfFile: out + "/RESULTS.md", encoding: .utf8)
        let dir = try XCTUnwrap(try FileManager.default.contentsOfDirectory(atPath: out).first { $0.hasSuffix("basic-cnn") })
        XCTAssertTrue(report.contains("`\(dir)`"), "the report names its run:\n\(report)")
        XCTAssertTrue(report.contains("| learning rate | 0.1 |") && report.contains("| test accuracy (study) | 30 % |"), report)
        XCTAssertTrue(report.contains("2 epochs instead of the study's 20"), report)
        XCTAssertTrue(report.contains("Does the basic CNN collapse to one class at lr 0.1"), report)

        let again = try workbench(args)
        XCTAssertEqual(again.status, 0, again.stderr)
        XCTAssertTrue(again.stdout.contains("basic-cnn run 1 of 1: reusing \(out)/\(dir)"), again.stdout)
        XCTAssertEqual(try String(contentsOfFile: out + "/RESULTS.md", encoding: .utf8), report, "a second pass changes nothing")

        // --report-only trains nothing and leaves out what has not finished.
        let partial = try workbench(["reproduce", "--report-only", "--profile", "tiny", "--epochs", "2", "--presets", "basic-cnn", "vgg16-v2",
                                     "--out", out, "--results", out + "/PARTIAL.md"])
        XCTAssertEqual(partial.status, 0, partial.stderr)
        XCTAssertTrue(partial.stdout.contains("vgg16-v2 run 1 of 2: not finished, left out") && !partial.stdout.contains("Epoch"), partial.stdout)
        let partialReport = try String(contentsOfFile: out + "/PARTIAL.md", encoding: .utf8)
        XCTAssertTrue(partialReport.contains("| | basic CNN |\n") && partialReport.contains("--report-only"), partialReport)
    }

    /// --repeats overrides every preset's run count, --ablation adds each augmented preset without
    /// augmentation; runs go repeat by repeat, and the report pairs them by seed.
    func testReproduceRepeatsAndAblation() throws {
        let out: String = runs
        let args = ["reproduce", "--profile", "tiny", "--epochs", "1", "--presets", "basic-cnn", "vgg16-v2", "--repeats", "2", "--repeats", "basic-cnn=3",
                    "--ablation", "--out", out, "--results", out + "/RESULTS.md"]
        let r = try workbench(args)
        XCTAssertEqual(r.status, 0, r.stdout + r.stderr)
        let order = r.stdout.split(separator: "\n").filter { $0.hasSuffix(": training") }
        XCTAssertEqual(order, ["basic-cnn run 1 of 3: training", "vgg16-v2 run 1 of 2: training", "vgg16-v2 without augmentation run 1 of 2: training",
                               "basic-cnn run 2 of 3: training", "vgg16-v2 run 2 of 2: training", "vgg16-v2 without augmentation run 2 of 2: training",
                               "basic-cnn run 3 of 3: training"], r.stdout)
        let report = try String(contentsOfFile: out + "/RESULTS.md", encoding: .utf8)
        XCTAssertTrue(report.contains("| runs (study) | 1 | 2 |") && report.contains("| **runs (ours)** | 3 | 2 |"), report)
        XCTAssertTrue(report.contains("--repeats 2 --repeats basic-cnn=3 --ablation"), report)
        XCTAssertTrue(report.contains("## What the study's augmentation costs or gains here"), report)
        XCTAssertTrue(report.contains("| VGG16 v2 | ") && report.contains("over 2 seed pairs"), report)
        XCTAssertTrue(report.contains("Does the basic CNN collapse to one class at lr 0.1 (the study's 30 %)?") && report.contains(" of 3 runs (Wilson 95 % "), report)
        let plain = RunListing.scan(out).runs.filter { $0.config.preset == "vgg16-v2" && $0.config.augmentation == nil }
        XCTAssertEqual(plain.map(\.manifest.runIndex).sorted(), [1, 2], "the ablation's runs: the same repeats without augmentation")
        let again = try workbench(args + ["--report-only"])
        XCTAssertEqual(again.status, 0, again.stderr)
        XCTAssertFalse(again.stdout.contains("Epoch"), "everything reused")
    }

    /// Piped, lr-find prints the curve as a table, the suggestion, and where it wrote its files.
    func testLRFindPrintsATableWhenPipedAndWritesItsFolder() throws {
        let out: String = runs
        let r = try workbench(["lr-find", "basic-cnn", "--profile", "tiny", "--batches", "20", "--min", "1e-5", "--max", "1", "--out", out])
        XCTAssertEqual(r.status, 0, r.stdout + r.stderr)
        let lines = r.stdout.split(separator: "\n")
        XCTAssertEqual(lines.first, "step  lr          loss      smoothed")
        XCTAssertTrue(lines.contains { $0.hasPrefix("  20  1.000e+00") } || r.stdout.contains("stopped:"), r.stdout)
        XCTAssertTrue(r.stdout.contains("suggested lr (steepest descent of the smoothed loss): "), r.stdout)
        let folder = try XCTUnwrap(try FileManager.default.contentsOfDirectory(atPath: out).first { $0.hasSuffix("-basic-cnn") })
        XCTAssertTrue(r.stdout.contains("wrote \(out)/\(folder)/lr_find.csv"), r.stdout)
        for file in ["lr_find.csv", "lr_find.json", "config.yaml"] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: "\(out)/\(folder)/\(file)"), file)
        }
        let refused = try workbench(["lr-find", "basic-cnn", "--profile", "tiny", "--min", "1", "--max", "0.1", "--out", out])
        XCTAssertNotEqual(refused.status, 0)
        XCTAssertTrue(refused.stderr.contains("--min and --max must be positive"), refused.stderr)
    }

    /// A run resumed by other code (here: created on the baseline kernels, resumed on this CPU's best)
    /// says so on stderr and in events.log: its metrics stop being bit-identical to an uninterrupted run.
    func testResumingOnOtherKernelsWarnsAndIsRecorded() throws {
        let out: String = runs
        let created = try workbench(["train", "basic-cnn", "--profile", "tiny", "--epochs", "1", "--isa", "baseline", "--out", out])
        XCTAssertEqual(created.status, 0, created.stderr)
        let dir = out + "/" + (try XCTUnwrap(try FileManager.default.contentsOfDirectory(atPath: out).first))
        let config = try String(contentsOfFile: dir + "/config.yaml", encoding: .utf8)
        XCTAssertTrue(config.contains("kernels: baseline"), "the record names its kernels:\n" + config)
        let resumed = try workbench(["train", "--resume", dir, "--epochs", "2"])
        XCTAssertEqual(resumed.status, 0, resumed.stderr)
        let best = try workbench(["bench", "--machine"]).stdout
        guard !best.contains("our kernels: baseline") else { throw XCTSkip("this CPU runs only the baseline kernels") }
        XCTAssertTrue(resumed.stderr.contains("was created with other code (our kernels baseline -> "), resumed.stderr)
        let events = try String(contentsOfFile: dir + "/events.log", encoding: .utf8)
        XCTAssertTrue(events.contains("resumed on other code: our kernels baseline -> "), events)
        let same = try workbench(["train", "--resume", dir, "--epochs", "3", "--isa", "baseline"])
        XCTAssertFalse(same.stderr.contains("other code"), "the same kernels as at creation: no warning\n" + same.stderr)
    }

    /// predict: a line (or a JSON object) per image, unreadable files named on stderr and the exit code 1.
    func testPredictClassifiesImagesAndNamesWhatItSkips() throws {
        let out: String = runs
        XCTAssertEqual(try workbench(["train", "basic-cnn", "--profile", "tiny", "--epochs", "1", "--set", "optimizer.lr=0.001", "--out", out]).status, 0)
        let dir = out + "/" + (try XCTUnwrap(try FileManager.default.contentsOfDirectory(atPath: out).first))
        let fixtures = Self.root.path + "/Tests/DatasetTests/Fixtures/folder"
        let r = try workbench(["predict", dir, fixtures + "/dress", fixtures + "/shirt/notes.txt", "--top", "2"])
        XCTAssertEqual(r.status, 1, "a file was skipped\n" + r.stderr)
        XCTAssertTrue(r.stderr.contains("skipped: \(fixtures)/shirt/notes.txt: is neither a PNG nor a JPEG file"), r.stderr)
        let lines = r.stdout.split(separator: "\n")
        XCTAssertEqual(lines.map { $0.split(separator: " ").first.map(String.init) ?? "" },
                       ["gray.png", "rgb.jpg", "small-rgb.png"].map { "\(fixtures)/dress/\($0)" })
        XCTAssertTrue(lines.allSatisfy { $0.split(separator: " ", omittingEmptySubsequences: true).count == 5 }, "file and two classes with probabilities:\n" + r.stdout)
        let json = try workbench(["predict", dir, fixtures + "/dress/gray.png", "--json"])
        XCTAssertEqual(json.status, 0, json.stderr)
        let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let probabilities = try XCTUnwrap(object["probabilities"] as? [String: Double])
        XCTAssertEqual(Set(probabilities.keys), ["dress", "pullover", "shirt"])
        XCTAssertEqual(probabilities.values.reduce(0, +), 1, accuracy: 1e-5)
        XCTAssertEqual((object["top"] as? [[String: Any]])?.count, 3)
    }

    func testFiveByTwoCVTrainsTwentyFoldsRecordsThemAndReusesThem() throws {
        let out: String = runs
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        let slow = try String(contentsOfFile: Self.root.path + "/experiments/basic-cnn.yaml", encoding: .utf8)
            .replacingOccurrences(of: "preset: basic-cnn", with: "preset: slow-cnn").replacingOccurrences(of: "lr: 0.1", with: "lr: 0.001")
        try slow.write(toFile: out + "/slow-cnn.yaml", atomically: true, encoding: .utf8)
        let args = ["compare", "--5x2cv", "basic-cnn", out + "/slow-cnn.yaml", "--profile", "tiny", "--epochs", "1", "--out", out]
        let first = try workbench(args)
        XCTAssertEqual(first.status, 0, first.stdout + first.stderr)
        XCTAssertTrue(first.stdout.contains("5x2cv 20/20: slow-cnn, replication 5, fold 2"), first.stdout)
        XCTAssertTrue(first.stdout.contains("Dietterich's 5x2cv paired t-test: basic-cnn "), first.stdout)
        let path = out + "/5x2cv-basic-cnn-vs-slow-cnn.json"
        let record = try XCTUnwrap(try FiveByTwoRecord.read(path))
        XCTAssertEqual(record.firstAccuracies.map(\.count), [2, 2, 2, 2, 2])
        XCTAssertEqual(record.profile?.rawValue, "tiny", "the record keeps its data profile")
        XCTAssertEqual(Set(record.firstRuns + record.secondRuns).count, 20, "twenty distinct trainings")
        let expected = PairedTests.fiveByTwo(zip(record.firstAccuracies, record.secondAccuracies).map { a, b in zip(a, b).map { $0 - $1 } })
        XCTAssertEqual(record.t, expected.t)
        XCTAssertTrue(first.stdout.contains(String(format: "t = %.3f", record.t)), first.stdout)

        let again = try workbench(args)
        XCTAssertEqual(again.status, 0, again.stderr)
        XCTAssertFalse(again.stdout.contains("Epoch 1/1"), "every fold reused:\n\(again.stdout)")
        XCTAssertEqual(try FiveByTwoRecord.read(path), record)
    }

    /// `--parallel 2` (two child processes) and `mpirun -np 2` (two ranks) train the same trials as one process with the
    /// same threads per trial: the same trials.csv (but run ids and seconds) and the same metrics, trial for trial.
    func testParallelAndMPISearchesEqualOneProcess() throws {
        let spec = try gridSpec()
        let common = ["--profile", "tiny", "--epochs", "2"]
        let one = try workbench(["search", spec, "--out", runs + "/one", "--threads", "1"] + common)
        XCTAssertEqual(one.status, 0, one.stderr)
        let parallel = try workbench(["search", spec, "--out", runs + "/parallel", "--threads", "2", "--parallel", "2"] + common)
        XCTAssertEqual(parallel.status, 0, parallel.stderr)
        XCTAssertTrue(parallel.stdout.contains("(trained by process "), parallel.stdout)
        var folders = ["parallel"]
        if let mpirun = ["/usr/bin/mpirun", "/usr/local/bin/mpirun"].first(where: FileManager.default.isExecutableFile(atPath:)) {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: mpirun)
            p.arguments = ["-np", "2", "--oversubscribe", binary, "search", spec, "--out", runs + "/mpi", "--threads", "1"] + common
            p.environment = ProcessInfo.processInfo.environment.merging(["OMPI_ALLOW_RUN_AS_ROOT": "1", "OMPI_ALLOW_RUN_AS_ROOT_CONFIRM": "1"]) { $1 }
            p.currentDirectoryURL = Self.root
            let out = Pipe()
            p.standardOutput = out
            try p.run()
            let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            p.waitUntilExit()
            XCTAssertEqual(p.terminationStatus, 0, text)
            XCTAssertTrue(text.contains("(trained by rank 1 on ") && text.contains("(trained by rank 0 on "), text)
            folders.append("mpi")
        }
        let reference = try trials(runs + "/one")
        XCTAssertEqual(reference.rows.count, 4)   // the header and three trials
        for f in folders {
            let other = try trials(runs + "/" + f)
            XCTAssertEqual(other.rows, reference.rows, f)
            for (a, b) in zip(other.runs, reference.runs) {
                XCTAssertEqual(try String(contentsOfFile: a + "/metrics.csv", encoding: .utf8), try String(contentsOfFile: b + "/metrics.csv", encoding: .utf8), a)
            }
        }
    }

    /// kill -9 in the middle of a search, then --resume: the same trials.csv as a search left alone (but run ids and seconds).
    func testASearchKilledAndResumedEqualsOneLeftAlone() throws {
        let spec = try gridSpec()
        let common = ["--profile", "tiny", "--epochs", "3"]
        let alone = try workbench(["search", spec, "--out", runs + "/alone"] + common)
        XCTAssertEqual(alone.status, 0, alone.stderr)
        XCTAssertTrue(alone.stdout.contains("search finished: \(runs!)/alone/leaderboard.md"), alone.stdout)

        let killed = try Running(binary, ["search", spec, "--out", runs + "/killed"] + common)
        try killed.waitFor("trial 2 (")
        Thread.sleep(forTimeInterval: 0.3)
        kill(killed.process.processIdentifier, SIGKILL)
        XCTAssertEqual(killed.finish().status, SIGKILL)
        let state = try String(contentsOfFile: runs + "/killed/state.json", encoding: .utf8)
        XCTAssertTrue(state.contains("\"finished\" : false"), state)
        let refused = try workbench(["search", "--resume", runs + "/killed", "--epochs", "5"])
        XCTAssertNotEqual(refused.status, 0)
        XCTAssertTrue(refused.stderr.contains("--resume continues a search with the settings it started with"), refused.stderr)
        let resumed = try workbench(["search", "--resume", runs + "/killed"])
        XCTAssertEqual(resumed.status, 0, resumed.stderr)
        XCTAssertEqual(try trials(runs + "/killed").rows, try trials(runs + "/alone").rows)
        XCTAssertEqual(try trials(runs + "/alone").rows.count, 4)
    }

    /// A grid of three learning rates for basic-cnn, in the test's runs folder.
    private func gridSpec() throws -> String {
        let spec = runs + "/grid.yaml"
        try FileManager.default.createDirectory(atPath: runs, withIntermediateDirectories: true)
        try "base: basic-cnn\nmethod: grid\nspace:\n  optimizer.lr: {choice: [0.0005, 0.002, 0.008]}\n".write(toFile: spec, atomically: true, encoding: .utf8)
        return spec
    }

    /// A search's trials.csv, but the columns that differ between equal searches (run ids, seconds), and each trial's run folder.
    private func trials(_ folder: String) throws -> (rows: [[String]], runs: [String]) {
        let csv = try CSV(parsing: try String(contentsOfFile: folder + "/trials.csv", encoding: .utf8), path: folder)
        let kept = csv.header.indices.filter { !["run", "seconds"].contains(csv.header[$0]) }
        let run = try XCTUnwrap(csv.header.firstIndex(of: "run"))
        return ([kept.map { csv.header[$0] }] + csv.rows.map { r in kept.map { r.fields[$0] } }, csv.rows.map { folder + "/" + $0.fields[run] })
    }
}

/// Output gathered from the pipe's handler thread.
private final class Collected: @unchecked Sendable {
    private let lock = NSLock()
    private var data = Data()
    private var interrupted = false

    func append(_ d: Data) { lock.lock(); data.append(d); lock.unlock() }
    var text: String { lock.lock(); defer { lock.unlock() }; return String(decoding: data, as: UTF8.self) }
    /// True the first time only.
    func markInterrupted() -> Bool {
        lock.lock(); defer { lock.unlock() }
        if interrupted { return false }
        interrupted = true
        return true
    }
}
