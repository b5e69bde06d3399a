import Foundation
import XCTest

/// The real binary in tmux: typed keys, read screens.
final class TerminalUITests: XCTestCase {
    private let session = "wb-test-\(getpid())"
    /// A server of our own: never one the user runs, and killed when the test ends.
    private let socket = NSTemporaryDirectory() + "/wb-tmux-\(getpid())"
    private var runs: String!

    override func setUpWithError() throws {
        try XCTSkipUnless(FileManager.default.isExecutableFile(atPath: CommandLineTests.binaryPath), "build first: swift build -c release")
        try XCTSkipUnless(FileManager.default.isExecutableFile(atPath: "/usr/bin/tmux"), "tmux missing: scripts/install-deps installs it")
        runs = NSTemporaryDirectory() + "/ui-runs-\(UUID().uuidString)"
        markDescriptorsCloseOnExec()
    }

    override func tearDown() {
        _ = try? tmux(["kill-server"])
        try? FileManager.default.removeItem(atPath: socket)
        try? FileManager.default.removeItem(atPath: runs)
    }

    /// The tmux server outlives its client and would inherit every open
    /// descriptor of this process, among them the pipe the test runner reads
    /// to its end: a server alive after the tests would hang the runner.
    private func markDescriptorsCloseOnExec() {
        let open = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
        for fd in open.compactMap(Int32.init) where fd > 2 {
            _ = fcntl(fd, F_SETFD, fcntl(fd, F_GETFD) | FD_CLOEXEC)
        }
    }

    /// Runs tmux through the shell, each call bounded by `timeout`. Not
    /// Foundation's Process: its waitUntilExit can miss the exit of a client
    /// that ends at once (new-session -d) and hang.
    @discardableResult
    private func tmux(_ args: [String]) throws -> String {
        let command = (["timeout", "20", "tmux", "-S", socket] + args).map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }.joined(separator: " ")
        guard args.first != "new-session" else {
            // The server it starts would inherit a pipe and hold it open: no output to read.
            XCTAssertEqual(system(command + " >/dev/null 2>&1"), 0, command)
            return ""
        }
        guard let pipe = popen(command + " 2>/dev/null", "r") else { throw XCTSkip("cannot run tmux") }
        var output = Data()
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = fread(&buffer, 1, buffer.count, pipe)
            if n <= 0 { break }
            output.append(contentsOf: buffer[0..<n])
        }
        pclose(pipe)
        return String(decoding: output, as: UTF8.self)
    }

    private func screen() throws -> String { try tmux(["capture-pane", "-p", "-t", session]) }

    private func keys(_ k: String...) throws { try tmux(["send-keys", "-t", session] + k) }

    /// Polls the screen until `condition` holds, failing after `seconds`.
    private func waitFor(_ what: String, seconds: Double = 60, _ condition: (String) -> Bool) throws -> String {
        let deadline = Date().addingTimeInterval(seconds)
        var last = ""
        while Date() < deadline {
            last = try screen()
            if condition(last) { return last }
            Thread.sleep(forTimeInterval: 0.2)
        }
        XCTFail("timed out waiting for \(what); screen:\n\(last)")
        throw XCTSkip("timed out")
    }

    /// The status line says training (not preparing), in its long or narrow form ("│ training │ epoch 12/5000", "│training │ep 12/5000").
    static func training(_ screen: String) -> Bool {
        screen.range(of: #"│ ?training │ ?ep(och)? \d+/5000"#, options: .regularExpression) != nil
    }

    func testDashboardTrainsLiveChangesLrResizesAndQuitsCleanly() throws {
        let out: String = runs
        try tmux(["new-session", "-d", "-s", session, "-x", "100", "-y", "30",
                  "cd '\(CommandLineTests.root.path)' && LANG=C.UTF-8 TERM=xterm-256color '\(CommandLineTests.binaryPath)' --preset basic-cnn --epochs 5000 --out '\(out)'; echo EXITED $?; sleep 60"])
        var s = try waitFor("the dashboard") { $0.contains("new run") && $0.contains("validation confusion matrix") }
        XCTAssertTrue(s.contains("loss") && s.contains("accuracy") && s.contains("no run │ idle"), s)

        // basic-cnn on the tiny subset (profile report -> tiny), 5000 epochs: it trains until q stops it.
        // The profile is 9 fields up from the preset (the augmentation's 8 fields are last).
        for _ in 0..<9 { try keys("Up") }
        try keys("Left")
        s = try waitFor("the edited picker") { $0.contains("> profile       ‹ tiny ›") }
        try keys("Enter")
        s = try waitFor("training to start") { Self.training($0) }

        // lr is live: 0.1 -> 0.2 from the next batch (profile -> ... -> learning rate is 11 fields up).
        for _ in 0..<11 { try keys("Up") }
        try keys("Right")
        s = try waitFor("the lr in the status line") { $0.contains("lr 0.2") }
        s = try waitFor("an epoch's confusion matrix", seconds: 120) { $0.contains("val acc") && Self.training($0) }
        XCTAssertTrue(s.contains("precision") && s.contains("pullover"), s)
        let runDir = try XCTUnwrap(try FileManager.default.contentsOfDirectory(atPath: out).first)
        // The change is applied (and logged) by the training thread at its next batch.
        var events = ""
        for _ in 0..<100 where !events.contains("lr 0.1 -> 0.2") {
            events = (try? String(contentsOfFile: "\(out)/\(runDir)/events.log", encoding: .utf8)) ?? ""
            Thread.sleep(forTimeInterval: 0.1)
        }
        XCTAssertTrue(events.contains("lr 0.1 -> 0.2"), events)

        // The errors screen: half-block thumbnails with captions, then ASCII, while training goes on.
        try keys("e")
        s = try waitFor("thumbnails") { $0.contains("validation set after epoch") && $0.contains("▀") && $0.contains("→") }
        try keys("t")
        s = try waitFor("ASCII thumbnails") { $0.contains("validation set after epoch") && !$0.contains("▀") }
        try keys("Enter")
        s = try waitFor("an enlarged image") { $0.contains("top 3") && $0.contains("predicted ") }
        try keys("Escape", "Escape")
        // The runs table lists this run, read from its folder.
        try keys("3")
        s = try waitFor("the runs table") { $0.contains("runs in") && $0.contains(runDir) }
        try keys("1")
        s = try waitFor("the dashboard again") { $0.contains("settings (lr, dropout live)") }

        // Too small, then back.
        try tmux(["resize-window", "-t", session, "-x", "70", "-y", "20"])
        s = try waitFor("the enlarge message") { $0.contains("enlarge the terminal to 80 x 24") }
        try tmux(["resize-window", "-t", session, "-x", "120", "-y", "40"])
        s = try waitFor("the layout again") { $0.contains("new run") || $0.contains("settings (lr, dropout live)") }
        XCTAssertFalse(s.contains("enlarge"), s)

        // q asks while training; y stops with a checkpoint and restores the terminal.
        try keys("q")
        s = try waitFor("the quit question") { $0.contains("Stop it (checkpoint kept) and quit?") }
        try keys("y")
        s = try waitFor("the program to exit", seconds: 120) { $0.contains("EXITED 0") }
        XCTAssertEqual(try tmux(["display-message", "-p", "-t", session, "#{alternate_on}"]).trimmingCharacters(in: .whitespacesAndNewlines), "0",
                       "the terminal left the alternate screen")
        let summary = try String(contentsOfFile: "\(out)/\(runDir)/summary.json", encoding: .utf8)
        XCTAssertTrue(summary.contains(#""state" : "stopped""#) || summary.contains(#""state" : "done""#), summary)
    }

    func testCtrlCStopsCleanlyAndWithoutUTF8EverythingIsASCII() throws {
        let out: String = runs
        try tmux(["new-session", "-d", "-s", session, "-x", "100", "-y", "30",
                  "cd / && LANG=C LC_ALL=C TERM=xterm '\(CommandLineTests.binaryPath)' --preset vgg16-v2 --profile tiny --epochs 30 --start --out '\(out)'; echo EXITED $?; sleep 60"])
        var s = try waitFor("training under the C locale") { $0.contains("training") && $0.contains("batch") && $0.contains("loss") }
        XCTAssertFalse(s.unicodeScalars.contains { !$0.isASCII }, "non-ASCII on an ASCII terminal:\n\(s)")
        XCTAssertTrue(s.contains("settings (lr, dropout live)"), "presets are found from any working directory:\n\(s)")
        // t cannot draw half-blocks here, and says why rather than nothing.
        try keys("2")
        _ = try waitFor("the errors screen") { $0.contains("set after epoch") || $0.contains("no predictions yet") }
        try keys("t")
        s = try waitFor("why t does nothing") { $0.contains("half-blocks need a UTF-8 locale") }
        XCTAssertFalse(s.unicodeScalars.contains { !$0.isASCII }, s)
        try keys("C-c")
        // As headless `train` does: after the terminal is restored, how to go on, and 130.
        let exited = try waitFor("the program to exit", seconds: 120) { $0.contains("EXITED") }
        XCTAssertTrue(exited.contains("EXITED 130"), exited)
        XCTAssertEqual(try tmux(["display-message", "-p", "-t", session, "#{alternate_on}"]).trimmingCharacters(in: .whitespacesAndNewlines), "0",
                       "the terminal left the alternate screen")
        let runDir = try XCTUnwrap(try FileManager.default.contentsOfDirectory(atPath: out).first)
        let summary = try String(contentsOfFile: "\(out)/\(runDir)/summary.json", encoding: .utf8)
        XCTAssertTrue(summary.contains(#""state" : "stopped""#), summary)
        XCTAssertTrue(exited.replacingOccurrences(of: "\n", with: "").contains("continue with: workbench train --resume \(out)/\(runDir)"), exited)
        let events = try String(contentsOfFile: "\(out)/\(runDir)/events.log", encoding: .utf8)
        XCTAssertTrue(events.contains("stop requested") || events.contains("done"), events)
    }

    func testChangingThePresetKeepsTheCommandLineAndEscIsImmediate() throws {
        let out: String = runs
        try tmux(["new-session", "-d", "-s", session, "-x", "100", "-y", "30",
                  "cd '\(CommandLineTests.root.path)' && LANG=C.UTF-8 TERM=xterm-256color '\(CommandLineTests.binaryPath)' --preset basic-cnn --profile tiny --epochs 7 --out '\(out)'; echo EXITED $?; sleep 60"])
        _ = try waitFor("the picker") { $0.contains("‹ basic-cnn ›") && $0.contains("‹ tiny ›") && $0.contains("‹ 7 ›") }
        try keys("Right")
        let s = try waitFor("another preset") { !$0.contains("‹ basic-cnn ›") && $0.contains("new run") }
        XCTAssertTrue(s.contains("‹ tiny ›") && s.contains("‹ 7 ›"), "--profile tiny and --epochs 7 hold for every preset:\n\(s)")

        // Esc alone leaves the errors screen at once, not after curses' 1 s wait for an escape sequence.
        try keys("2")
        _ = try waitFor("the errors screen") { $0.contains("no predictions yet") }
        let pressed = Date()
        try keys("Escape")
        var back = false
        while !back && Date().timeIntervalSince(pressed) < 5 {
            back = try screen().contains("new run")
            if !back { Thread.sleep(forTimeInterval: 0.02) }
        }
        XCTAssertTrue(back)
        XCTAssertLessThan(Date().timeIntervalSince(pressed), 0.6, "Esc took as long as ncurses' default ESCDELAY")
        try keys("q")
        _ = try waitFor("the program to exit") { $0.contains("EXITED 0") }
    }

    /// At 80x24 the help box scrolls and closes without doing anything else; = types a number, refused with its reason when out of range.
    func testTheHelpBoxScrollsAt80x24AndTypedNumbersAreCheckedOnScreen() throws {
        let out: String = runs
        try tmux(["new-session", "-d", "-s", session, "-x", "80", "-y", "24",
                  "cd '\(CommandLineTests.root.path)' && LANG=C.UTF-8 TERM=xterm-256color '\(CommandLineTests.binaryPath)' --preset basic-cnn --profile tiny --out '\(out)'; echo EXITED $?; sleep 60"])
        _ = try waitFor("the picker") { $0.contains("‹ basic-cnn ›") }
        try keys("?")
        var s = try waitFor("the help box") { $0.contains("keys  (lines 1-") && $0.contains("scroll)") }
        XCTAssertTrue(s.contains("this help"), s)
        try keys("NPage", "NPage", "NPage")
        s = try waitFor("its last page") { $0.contains("until [ or ] changes it") }
        try keys("q")
        s = try waitFor("the box closed") { !$0.contains("scroll)") && $0.contains("‹ basic-cnn ›") }
        XCTAssertFalse(s.contains("EXITED"), "q closed the box, and did not quit")

        for _ in 0..<5 { try keys("Down") }
        try keys("=", "5", "0", "0", "0", "Enter")
        s = try waitFor("the refusal") { $0.contains("batch size: must be in 1...4096, got 5000") }
        XCTAssertTrue(s.contains("‹ 5000_ ›"), "typing goes on after a refusal:\n\(s)")
        try keys("BSpace", "BSpace", "BSpace", "BSpace", "6", "4", "Enter")
        s = try waitFor("the typed batch size") { $0.contains("> batch size    ‹ 64 ›") }
        try keys("q")
        _ = try waitFor("the program to exit") { $0.contains("EXITED 0") }
    }

    /// A page of half-block thumbnails at 200x60 needs hundreds of colour pairs;
    /// numbers past 255 used to wrap onto the UI's own pairs (stray colours).
    func testThumbnailCellsAreDrawnInGraysOnly() throws {
        let out: String = runs
        try tmux(["new-session", "-d", "-s", session, "-x", "200", "-y", "60",
                  "cd '\(CommandLineTests.root.path)' && LANG=C.UTF-8 TERM=xterm-256color '\(CommandLineTests.binaryPath)' --preset basic-cnn --profile tiny --epochs 5000 --start --out '\(out)'; echo EXITED $?; sleep 60"])
        _ = try waitFor("an epoch's confusion matrix", seconds: 120) { $0.contains("val acc") }
        try keys("2")
        _ = try waitFor("a page of thumbnails") { $0.contains("validation set after epoch") && $0.contains("▀") }
        Thread.sleep(forTimeInterval: 0.5)
        let styled = try tmux(["capture-pane", "-e", "-p", "-t", session]).components(separatedBy: "\n")
        let layout = (thumbRows: 8, tileHeight: 11)
        var checked = 0
        for (y, row) in styled.enumerated() where y >= 2 && (y - 2) % layout.tileHeight < layout.thumbRows && row.contains("▀") {
            // Every colour set in a row of thumbnails is a gray of the ramp (232-255), or the default.
            let codes = row.components(separatedBy: "\u{1B}[").dropFirst().map { $0.prefix { $0 != "m" } }
            for code in codes {
                let fields = code.split(separator: ";").map(String.init)
                var i = 0
                while i < fields.count {
                    if (fields[i] == "38" || fields[i] == "48") && i + 2 < fields.count && fields[i + 1] == "5" {
                        XCTAssertTrue((232...255).contains(Int(fields[i + 2]) ?? -1), "row \(y): colour \(fields[i + 2]) in a thumbnail")
                        i += 3
                        continue
                    }
                    let n = Int(fields[i]) ?? -1
                    XCTAssertFalse((30...37).contains(n) || (40...47).contains(n) || (90...107).contains(n), "row \(y): colour code \(n) in a thumbnail")
                    i += 1
                }
                checked += 1
            }
        }
        XCTAssertGreaterThan(checked, 100, "rows of thumbnails were read")
        try keys("q")
        _ = try waitFor("the quit question") { $0.contains("Stop it (checkpoint kept) and quit?") }
        try keys("y")
        _ = try waitFor("the program to exit", seconds: 120) { $0.contains("EXITED") }
    }

    func testTheHeadlessProgressBarFitsA70ColumnTerminal() throws {
        let out: String = runs
        try tmux(["new-session", "-d", "-s", session, "-x", "70", "-y", "40",
                  "cd '\(CommandLineTests.root.path)' && '\(CommandLineTests.binaryPath)' train basic-cnn --profile tiny --epochs 2 --out '\(out)'; echo EXITED $?; sleep 60"])
        let s = try waitFor("the run to end", seconds: 120) { $0.contains("EXITED") }
        XCTAssertTrue(s.contains("EXITED 0"), s)
        XCTAssertTrue(s.contains("Epoch 2/2"), s)
        // Each epoch's bar was replaced by its summary line: none is left behind, whole or in part.
        XCTAssertFalse(s.contains("ETA:"), "a progress line was left on the screen:\n\(s)")
    }

    func testTheRunsScreenShowsAndRefusesARunAnotherProcessTrainsUntilThatProcessDies() throws {
        let out: String = runs
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        let pidFile = out + "/headless.pid"
        let headless = "'\(CommandLineTests.binaryPath)' train basic-cnn --profile tiny --epochs 5000 --set optimizer.lr=0.001 --out '\(out)/runs'"
        try tmux(["new-session", "-d", "-s", session, "-x", "130", "-y", "30",
                  "cd '\(CommandLineTests.root.path)' && { \(headless) >/dev/null 2>&1 & echo $! > '\(pidFile)'; } && LANG=C.UTF-8 TERM=xterm-256color '\(CommandLineTests.binaryPath)' --preset basic-cnn --profile tiny --out '\(out)/runs'; echo EXITED $?; sleep 60"])
        var pid: Int32 = 0
        for _ in 0..<100 where pid == 0 {
            pid = Int32(((try? String(contentsOfFile: pidFile, encoding: .utf8)) ?? "").trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
            Thread.sleep(forTimeInterval: 0.1)
        }
        XCTAssertGreaterThan(pid, 0)
        defer { kill(pid, SIGKILL) }
        _ = try waitFor("the dashboard") { $0.contains("new run") }
        try keys("3")
        var s = try waitFor("the headless run, training") { $0.contains("-basic-cnn") && $0.contains("training") }
        try keys("r")
        s = try waitFor("the refusal") { $0.contains("is being written by process \(pid) (") }
        XCTAssertTrue(s.contains("one writer per run"), s)

        // Killed, its lock goes with it: the table says stopped, and r resumes it here.
        kill(pid, SIGKILL)
        s = try waitFor("the run, stopped") { $0.contains("-basic-cnn") && $0.contains("stopped") && !$0.contains("training") }
        try keys("r")
        s = try waitFor("the resumed run training") { Self.training($0) }
        try keys("q")
        _ = try waitFor("the quit question") { $0.contains("Stop it (checkpoint kept) and quit?") }
        try keys("y")
        s = try waitFor("the program to exit", seconds: 120) { $0.contains("EXITED 0") }
        XCTAssertTrue(s.replacingOccurrences(of: "\n", with: "").contains("continue with: workbench train --resume \(out)/runs/"), s)
        let runDir = try XCTUnwrap(try FileManager.default.contentsOfDirectory(atPath: out + "/runs").first)
        let events = try String(contentsOfFile: "\(out)/runs/\(runDir)/events.log", encoding: .utf8)
        XCTAssertEqual(events.components(separatedBy: " resumed at epoch ").count, 2, "one resume, by this process:\n\(events)")
    }

    /// Issue 11, runs table: two finished runs marked and compared (config diff
    /// and McNemar's test), then one named and archived after its y/N question.
    func testTheRunsScreenComparesTwoMarkedRunsAndArchivesOneAfterAsking() throws {
        let out: String = runs + "/runs"
        let bin = "'\(CommandLineTests.binaryPath)'"
        let train = "\(bin) train basic-cnn --profile tiny --epochs 1 --out '\(out)' >/dev/null 2>&1"
        try tmux(["new-session", "-d", "-s", session, "-x", "130", "-y", "40",
                  "cd '\(CommandLineTests.root.path)' && \(train) && \(train.replacingOccurrences(of: "--epochs 1", with: "--epochs 1 --set optimizer.lr=0.001")) && LANG=C.UTF-8 TERM=xterm-256color \(bin) --preset basic-cnn --profile tiny --out '\(out)'; echo EXITED $?; sleep 60"])
        _ = try waitFor("the dashboard", seconds: 120) { $0.contains("new run") }
        try keys("3")
        // Rows of the table: a run per line, "basic-cnn adam" in its preset and settings columns.
        func rows(_ screen: String) -> Int { screen.components(separatedBy: "basic-cnn adam").count - 1 }
        _ = try waitFor("both runs, done") { rows($0) == 2 && $0.components(separatedBy: " done").count == 3 }
        try keys("m", "Down", "m", "d")
        var s = try waitFor("McNemar's test of the two") { $0.contains("McNemar's test on 60 test images: p = ") }
        XCTAssertTrue(s.contains("settings that differ:"), s)
        XCTAssertTrue(s.range(of: #"(?m)optimizer\.lr +0\.001 +0\.1$"#, options: .regularExpression) != nil, "the lr differs (the newest run, marked first, trained at 0.001):\n\(s)")
        XCTAssertTrue(s.contains("training_seed"), s)
        try keys("Escape")
        s = try waitFor("the box closed") { !$0.contains("settings that differ") }

        // Name the selected (older) run, then archive it: asked first, then gone from the table into archive/.
        try keys("N")
        _ = try waitFor("the prompt") { $0.contains("name (empty: none) for ") }
        try keys("-l", "first try")
        try keys("Enter")
        s = try waitFor("the name in the table") { $0.contains("first try") && $0.contains("name set for ") }
        try keys("a")
        s = try waitFor("the question") { $0.contains("(\"first try\")? It moves to archive/. y / N") }
        try keys("y")
        s = try waitFor("the run archived") { $0.contains(" archived") && rows($0) == 1 && !$0.contains("first try") }
        let archived = try FileManager.default.contentsOfDirectory(atPath: out + "/archive")
        XCTAssertEqual(archived.count, 1)
        XCTAssertTrue(FileManager.default.fileExists(atPath: "\(out)/archive/\(archived[0])/annotations.json"), "the name went with it")
        // A shows it again, dimmed, with "archived" on its line below the table.
        try keys("A")
        s = try waitFor("the archived run listed") { $0.contains("archived shown") && $0.contains("first try") && rows($0) == 2 }
        try keys("Down")
        s = try waitFor("its line below the table") { $0.contains("│ name \"first try\" │ archived") }
        try keys("q")
        _ = try waitFor("the program to exit") { $0.contains("EXITED 0") }
    }
}
