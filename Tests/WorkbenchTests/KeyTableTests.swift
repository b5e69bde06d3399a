import XCTest
@testable import Experiments
@testable import Workbench

/// One key table makes every key bar, the help box and the README's key table
/// (issue 11, "the code, so that this stays fixed").
final class KeyTableTests: XCTestCase {
    func testNoKeyIsBoundTwiceInAScope() {
        for scope in KeyScope.allCases {
            var seen: [Key: String] = [:]
            for b in KeyTable.bindings where b.scopes.contains(scope) {
                for key in b.keys.keys {
                    XCTAssertNil(seen[key], "\(key) in \(scope): '\(seen[key] ?? "")' and '\(b.name)'")
                    seen[key] = b.name
                }
            }
        }
    }

    func testTheHelpBoxFitsAn80x24TerminalAndScrollsToEveryLine() {
        XCTAssertLessThanOrEqual(HelpBox.width, 80, HelpBox.lines.first { $0.count + 4 > 80 } ?? "")
        let box = HelpBox.render(top: 0, height: 24)
        XCTAssertLessThanOrEqual(1 + box.height, 23, "the box leaves the bottom line")
        XCTAssertTrue(box.text.contains("↑↓ PgUp PgDn scroll"), box.text)
        let last = HelpBox.render(top: 1000, height: 24).text
        XCTAssertTrue(last.contains(HelpBox.lines.last!), "scrolled to the end, the last line shows:\n\(last)")
        XCTAssertTrue(last.contains("of \(HelpBox.lines.count)"), last)
        // A tall terminal shows it whole, without the scroll note.
        let whole = HelpBox.render(top: 0, height: HelpBox.lines.count + 5)
        XCTAssertEqual(whole.height, HelpBox.lines.count + 3)
        XCTAssertFalse(whole.text.contains("scroll)"))
        // Every binding is in it, with its keys and what they do.
        for b in KeyTable.bindings { XCTAssertTrue(HelpBox.lines.contains { $0.contains(b.name) && $0.contains(b.help) }, b.name) }
    }

    func testTheKeyBarsComeFromTheTable() {
        let dashboard = KeyTable.bar(.dashboard, state: .idle)
        XCTAssertTrue(dashboard.hasPrefix("? help  q quit  x stop  ↑↓ field  ←→ change  = type  Enter start"), dashboard)
        let narrow = KeyTable.bar(.errors, state: .training, width: 80)
        XCTAssertLessThanOrEqual(narrow.count, 80)
        XCTAssertTrue(KeyTable.bar(.errors, state: .training).hasPrefix(narrow + "  "), "whole entries only: \(narrow)")
        XCTAssertFalse(dashboard.contains("Space"), "idle: Space would do nothing")
        XCTAssertTrue(KeyTable.bar(.errors, state: .training).contains("Space pause"))
        XCTAssertTrue(KeyTable.bar(.recorded, state: .done).contains("Esc back"))
        let runs = KeyTable.bar(.runs, state: .paused)
        XCTAssertTrue(runs.contains("Space overlay") && !runs.contains("Space resume"), "Space overlays on the runs screen: \(runs)")
        for scope in KeyScope.allCases {
            for b in KeyTable.bindings where b.scopes.contains(scope) && b.bar != nil && !b.keys.values.contains(.pauseResume) {
                XCTAssertTrue(KeyTable.bar(scope, state: .training).contains((b.barName ?? b.name) + " " + b.bar!), "\(scope): \(b.name)")
            }
        }
    }

    /// The README's key table is the table's Markdown; UPDATE_README=1 rewrites it after a change.
    func testTheReadmeKeyTableIsTheKeyTable() throws {
        let path = ScreenLayoutTests.root.appendingPathComponent("README.md")
        let readme = try String(contentsOf: path, encoding: .utf8)
        let open = try XCTUnwrap(readme.range(of: "<!-- keys: made from Sources/Workbench/TUI/KeyTable.swift"))
        let start = try XCTUnwrap(readme.range(of: "-->\n", range: open.upperBound..<readme.endIndex)).upperBound
        let end = try XCTUnwrap(readme.range(of: "<!-- end of keys -->", range: start..<readme.endIndex)).lowerBound
        if ProcessInfo.processInfo.environment["UPDATE_README"] == "1" {
            try (readme[..<start] + KeyTable.markdown + readme[end...]).write(to: path, atomically: true, encoding: .utf8)
            return
        }
        XCTAssertEqual(String(readme[start..<end]), KeyTable.markdown, "README.md's key table is not the key table's: UPDATE_README=1 rewrites it")
    }
}
