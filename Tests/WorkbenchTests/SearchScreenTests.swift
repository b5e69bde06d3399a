import Charts
@testable import Experiments
import Foundation
import XCTest
@testable import Workbench

/// A search set up and watched in the UI: the form makes a spec the parser
/// takes back, the job writes the folder `workbench search` would, the screen
/// reads it.
final class SearchScreenTests: XCTestCase {
    private static let base = """
    preset: tiny-cnn
    network: basic-cnn
    optimizer: {kind: adam, lr: 0.001}
    data: {profile: tiny}
    epochs: 3
    seed: 7
    """

    func testTheFormsSpecReadsBackEqualAndRefusesBadRanges() throws {
        let config = try ConfigLoader.parse(Self.base, file: "base.yaml")
        var form = SearchForm(base: config)
        let spec = try form.spec(base: "tiny-cnn")
        XCTAssertEqual(spec.method, .asha)
        XCTAssertEqual(spec.asha.maxEpochs, 3, "the top rung is the picker's epochs")
        XCTAssertEqual(spec.space.map(\.key), ["optimizer.lr", "dropout", "optimizer.kind"])
        XCTAssertEqual(spec.space[0].domain, .logUniform(1e-5, 0.01))
        XCTAssertEqual(try SearchSpec.parse(spec.yaml, file: "search.yaml"), spec, spec.yaml)
        form.method = .pbt
        var pbt = try form.spec(base: "tiny-cnn")
        pbt.space = [SearchSpec.Dimension(key: "dropout", domain: .choice(["0.1", "0.3"]))]
        pbt.asha = SearchSpec.ASHA()   // a pbt spec has no asha settings to write
        XCTAssertEqual(try SearchSpec.parse(pbt.yaml, file: "search.yaml"), pbt, pbt.yaml)

        form.selected = .dimension(0)
        XCTAssertThrowsError(try form.set(typed: "0 .. 0.1")) { XCTAssertTrue("\($0)".contains("log range needs low > 0"), "\($0)") }
        XCTAssertThrowsError(try form.set(typed: "0.1 .. 0.01")) { XCTAssertTrue("\($0)".contains("empty range"), "\($0)") }
        try form.set(typed: "0.001 0.01")
        XCTAssertEqual(try form.spec(base: "x").space[0].domain, .choice(["0.001", "0.01"]))
        for i in form.dimensions.indices { form.dimensions[i].varies = false }
        XCTAssertThrowsError(try form.spec(base: "x")) { XCTAssertTrue("\($0)".contains("nothing varies"), "\($0)") }
    }

    func testAJobStartedFromTheUIWritesASearchTheScreenShows() throws {
        let root = NSTemporaryDirectory() + "search-ui-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: root) }
        let config = try ConfigLoader.parse(Self.base, file: "base.yaml")
        let spec = SearchSpec(base: "tiny-cnn", method: .asha, trials: 3, seed: 1,
                              space: [SearchSpec.Dimension(key: "optimizer.lr", domain: .logUniform(1e-4, 1e-2))], asha: SearchSpec.ASHA(minEpochs: 1, maxEpochs: 3, reduction: 3))
        let job = SearchJob()
        // A bad spec is refused before anything is written.
        var bad = spec
        bad.space = [SearchSpec.Dimension(key: "seed", domain: .choice(["1", "2"]))]
        XCTAssertThrowsError(try job.start(bad, base: config, folder: root + "/bad")) { XCTAssertTrue("\($0)".contains("cannot be searched"), "\($0)") }
        XCTAssertFalse(FileManager.default.fileExists(atPath: root + "/bad"))

        try job.start(spec, base: config, folder: root + "/s")
        job.waitUntilIdle()
        XCTAssertEqual(job.snapshot.phase, .finished)
        let found = SearchFolder.scan(root)
        XCTAssertEqual(found.problems, [])
        let s = try XCTUnwrap(found.searches.first)
        XCTAssertEqual(s.rows.count, 3)
        XCTAssertEqual(s.ranking.count, 3)
        XCTAssertNil(s.writer, "the job let go of the folder")
        // ASHA at 3 trials promotes the best one at rung 1 and stops the other two there.
        XCTAssertEqual(s.decisions.filter { $0.kind == .promoted }.count, 1, "\(s.decisions)")
        XCTAssertEqual(s.decisions.filter { $0.kind == .stopped }.count, 2, "\(s.decisions)")
        // The folder is the command line's: it resumes as finished, and its spec file reads back.
        XCTAssertEqual(try SearchSpec.load(root + "/s/search.yaml"), spec)
        XCTAssertTrue(try SearchRunner.resume(root + "/s").state.finished)

        let screen = SearchScreen.render(found, SearchBrowser(), job: job.snapshot, live: .idle, root: root, width: 100, height: 30, glyphs: Glyphs(unicode: false)).text
        XCTAssertTrue(screen.contains("asha, 3 of 3 trials started, 3 ended"), screen)
        XCTAssertTrue(screen.contains("finished"), screen)
        let leader = s.ranking[0]
        XCTAssertTrue(screen.contains("trial \(leader + 1): \(root)/s/"), screen)
        XCTAssertTrue(screen.contains("^"), "the promotion is marked:\n\(screen)")
    }

    func testSearchKeysOpenTheFormStartAndRefuseBesideARun() throws {
        var app = AppState(picker: try ScreenLayoutTests.picker(), thumbnails: .ascii)
        let idle = KeyInputs(live: Session.Snapshot(), shown: Session.Snapshot(), width: 120, height: 40, grayRampProblem: nil) { _ in throw Picker.Refusal(description: "no") }
        _ = app.handle(.character("S"), idle)
        XCTAssertEqual(app.scope, .searchForm)
        _ = app.handle(.down, idle)
        _ = app.handle(.character("="), idle)
        XCTAssertEqual(app.scope, .typing)
        for key in [Key.backspace, .backspace, .character("5"), .enter] { _ = app.handle(key, idle) }
        XCTAssertEqual(app.searchForm?.trials, 5)
        let start = app.handle(.enter, idle)
        guard case .startSearch(let spec, _)? = start.commands.first else { return XCTFail("\(start.commands)") }
        XCTAssertEqual(spec.trials, 5)
        XCTAssertEqual(app.screen, .search)
        XCTAssertNil(app.searchForm)

        var training = ScreenLayoutTests.training()
        training.state = .training
        app.screen = .dashboard
        _ = app.handle(.character("S"), KeyInputs(live: training, shown: training, width: 120, height: 40, grayRampProblem: nil) { _ in throw Picker.Refusal(description: "no") })
        XCTAssertNil(app.searchForm)
        XCTAssertTrue(app.dashboard.message?.contains("stop the run") ?? false, app.dashboard.message ?? "")
    }
}
