import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
import CORSSimTestSupport
@testable import CORSSim
@testable import CORSSimCommand

/// The teaching and comparison views: every lesson renders as Mermaid, HTML and stepper screens;
/// the Mermaid is valid sequence-diagram syntax, the HTML well-formed with one SVG per browser,
/// and the stepper works end to end on a pseudo-terminal.
@Suite struct ViewTests {
    static let lessons = ScenarioFileTests.lessonFiles

    /// A scenario whose texts hold everything Mermaid, Markdown and HTML treat specially.
    static let hostile = """
    page https://app.example.com
    server https://api.example.com
      GET /a
        200
        Access-Control-Allow-Origin: https://app.example.com
        X-Odd: a;b #c <d> & "e" %%f | `g`
    note Semicolons; hashes #1 and <b>tags</b> & ampersands %% are text | not markup.
    fetch GET https://api.example.com/a?x=1;y=2#frag
      X-Custom: <script>alert(1)</script>; #x
      expect blocked

    """

    // MARK: Every lesson in every view

    @Test(arguments: lessons)
    func everyLessonRendersInEveryView(_ file: String) throws {
        for args in [["run", file, "--format", "mermaid"], ["run", file, "--format", "html"],
                     ["compare", file, "--format", "mermaid"], ["compare", file, "--format", "html"], ["step", file]] {
            let r = TestFiles.runTool(args)
            #expect(r.status == 0, "\(args): \(r.err)")
            #expect(r.err.isEmpty, "\(args)")
            #expect(!r.out.isEmpty, "\(args)")
        }
    }

    // MARK: Mermaid

    @Test(arguments: lessons)
    func mermaidIsASequenceDiagramPerBrowser(_ file: String) throws {
        for command in ["run", "compare"] {
            let r = TestFiles.runTool([command, file, "--browser", "all", "--format", "mermaid"])
            #expect(r.status == 0)
            let blocks = Self.mermaidBlocks(r.out)
            #expect(blocks.count == 4, "\(command) \(file): one diagram per browser")
            for block in blocks { try Self.expectValidMermaid(block, context: "\(command) \(file)") }
        }
    }

    @Test func mermaidEscapesWhatItWouldMisread() throws {
        let r = TestFiles.runTool(["run", "-", "--format", "mermaid"], stdin: Array(Self.hostile.utf8))
        #expect(r.status == 0, "\(r.err)")
        let blocks = Self.mermaidBlocks(r.out)
        #expect(blocks.count == 3)
        for block in blocks { try Self.expectValidMermaid(block, context: "hostile") }
        #expect(blocks[0].contains("Semicolons#59; hashes #35;1 and #60;b#62;tags#60;/b#62;"))
    }

    @Test func mermaidShowsPreflightsCacheHitsBlocksAndConsoleDistinctly() {
        let r = TestFiles.runTool(["run", "Scenarios/18-preflight-cache-max-age.cors", "--browser", "safari", "--format", "mermaid"])
        let block = Self.mermaidBlocks(r.out).first ?? ""
        #expect(block.contains("Browser->>S1: preflight: OPTIONS /settings"))
        #expect(block.contains("S1-->>Browser: 204"))
        #expect(block.contains("rect rgb(222, 247, 228)\n        Note over Browser: ✔ preflight cache hit"))
        let blocked = TestFiles.runTool(["run", "Scenarios/03-simple-get-missing-acao.cors", "--browser", "chrome", "--format", "mermaid"])
        let chrome = Self.mermaidBlocks(blocked.out).first ?? ""
        #expect(chrome.contains("Browser--xPage: TypeError: Failed to fetch"))
        #expect(chrome.contains("Note over Browser: console error: Access to fetch at"))
        #expect(chrome.contains("rect rgb(253, 226, 226)"))
    }

    static func mermaidBlocks(_ markdown: String) -> [String] {
        var blocks: [String] = []
        var current: [Substring]?
        for line in markdown.split(separator: "\n", omittingEmptySubsequences: false) {
            if line == "```mermaid" { current = []; continue }
            if line == "```", let c = current { blocks.append(c.joined(separator: "\n")); current = nil; continue }
            current?.append(line)
        }
        return blocks
    }

    /// Checks a diagram against Mermaid's sequence-diagram grammar: the header, participants
    /// declared before use with plain ids, arrows from Mermaid's set, notes, `rect … end`
    /// balanced, and no raw `;` or `#` (they must be entity codes such as `#59;`).
    static func expectValidMermaid(_ block: String, context: String) throws {
        let lines = block.split(separator: "\n").map(String.init)
        #expect(lines.first == "sequenceDiagram", "\(context)")
        let participant = try Regex(#"^    participant ([A-Za-z][A-Za-z0-9]*) as (.+)$"#)
        let arrow = try Regex(#"^\s*([A-Za-z][A-Za-z0-9]*)(->>|-->>|->|-->|-x|--x|-\)|--\))([A-Za-z][A-Za-z0-9]*): (.+)$"#)
        let note = try Regex(#"^\s*Note (?:over|left of|right of) ([A-Za-z][A-Za-z0-9]*)(?:,([A-Za-z][A-Za-z0-9]*))?: (.+)$"#)
        let rect = try Regex(#"^\s*rect rgb\(\d{1,3}, \d{1,3}, \d{1,3}\)$"#)
        var declared: Set<String> = []
        var depth = 0
        for line in lines.dropFirst() {
            var used: [String] = []
            var text = ""
            if let m = line.wholeMatch(of: participant) {
                #expect(depth == 0 && !declared.contains(String(m.output[1].substring!)), "\(context): \(line)")
                declared.insert(String(m.output[1].substring!))
                text = String(m.output[2].substring!)
            } else if let m = line.wholeMatch(of: arrow) {
                used = [String(m.output[1].substring!), String(m.output[3].substring!)]
                text = String(m.output[4].substring!)
            } else if let m = line.wholeMatch(of: note) {
                used = [m.output[1].substring, m.output[2].substring].compactMap { $0.map(String.init) }
                text = String(m.output[3].substring!)
            } else if line.wholeMatch(of: rect) != nil {
                depth += 1
            } else if line.trimmingCharacters(in: .whitespaces) == "end" {
                depth -= 1
                #expect(depth >= 0, "\(context): unbalanced end")
            } else {
                Issue.record("\(context): not a Mermaid sequence-diagram statement: \(line)")
            }
            for id in used { #expect(declared.contains(id), "\(context): \(id) used before it is declared") }
            // Entity codes (#59;) and line breaks (<br/>) are the only places for ; # < >.
            let bare = text.replacing(try Regex(#"#[0-9]+;"#), with: "").replacing("<br/>", with: "")
            #expect(!bare.contains(";") && !bare.contains("#") && !bare.contains("<") && !bare.contains(">"), "\(context): \(line)")
            #expect(!bare.contains("%%"), "\(context): \(line)")
        }
        #expect(depth == 0, "\(context): unbalanced rect")
        #expect(declared.isSuperset(of: ["Page", "Browser"]), "\(context)")
    }

    // MARK: HTML

    @Test(arguments: lessons)
    func htmlIsWellFormedWithOneSVGPerBrowser(_ file: String) throws {
        for (args, browsers) in [(["run", file, "--format", "html"], 3), (["run", file, "--browser", "all", "--format", "html"], 4),
                                 (["compare", file, "--format", "html"], 3), (["compare", file, "--browser", "chrome,safari", "--format", "html"], 2)] {
            let r = TestFiles.runTool(args)
            #expect(r.status == 0)
            try Self.expectWellFormed(r.out, context: "\(args)")
            #expect(r.out.components(separatedBy: "<svg").count - 1 == browsers, "\(args)")
            Self.expectSelfContained(r.out, context: "\(args)")
        }
    }

    @Test func htmlEscapesHostileText() throws {
        let r = TestFiles.runTool(["compare", "-", "--format", "html"], stdin: Array(Self.hostile.utf8))
        #expect(r.status == 0, "\(r.err)")
        try Self.expectWellFormed(r.out, context: "hostile")
        #expect(!r.out.contains("<script"))
        #expect(r.out.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(r.out.components(separatedBy: "<svg").count - 1 == 3)
    }

    @Test func htmlShowsTheCacheOverTimeAndEachFailuresConsole() {
        let r = TestFiles.runTool(["compare", "Scenarios/compare/07-merge-or-replace.cors", "--format", "html"])
        #expect(r.out.contains("Preflight cache over time"))
        #expect(r.out.contains("headers <b>x-a (t=10m), x-b</b>"))   // Firefox's merged tokens
        #expect(r.out.contains("Request header field x-a is not allowed by Access-Control-Allow-Headers in preflight response."))
        #expect(r.out.contains("<tr class=\"differs\">"))
        #expect(r.out.contains("class=\"diagrams side\""))
    }

    /// `run --format html` puts the browsers in columns: the page is as tall as the tallest
    /// diagram, not the three stacked (lesson 18 was about 10,800 px).
    @Test func theRunReportPutsBrowsersSideBySide() throws {
        let r = TestFiles.runTool(["run", "Scenarios/18-preflight-cache-max-age.cors", "--format", "html"])
        #expect(r.out.contains("class=\"diagrams side\""))
        #expect(!r.out.contains("class=\"diagrams stack\""))
        let heights = r.out.components(separatedBy: "<svg").dropFirst().compactMap { svg -> Double? in
            guard let range = svg.range(of: "viewBox=\"") else { return nil }
            let numbers = svg[range.upperBound...].prefix { $0 != "\"" }.split(separator: " ").compactMap { Double($0) }
            return numbers.count == 4 ? numbers[3] : nil
        }
        #expect(heights.count == 3)
        // Aligned columns: the same height each, so the page is one diagram tall.
        #expect(Set(heights).count == 1, "\(heights)")
        // One browser alone stays a single column.
        let one = TestFiles.runTool(["run", "Scenarios/18-preflight-cache-max-age.cors", "--format", "html", "--browser", "chrome"])
        #expect(one.out.contains("class=\"diagrams stack\""))
    }

    @Test func severalFilesGiveOneDocument() throws {
        let r = TestFiles.runTool(["run", "Scenarios/01-same-origin.cors", "Scenarios/02-simple-get-allowed.cors", "--format", "html"])
        try Self.expectWellFormed(r.out, context: "two files")
        #expect(r.out.components(separatedBy: "<svg").count - 1 == 6)
        #expect(r.out.components(separatedBy: "<!DOCTYPE html>").count - 1 == 1)
    }

    @Test func aFailedExpectationStillRendersAndExitsOne() {
        let failing = "page https://app.example.com\nserver https://api.example.com\n  GET /\n    200\nfetch GET https://api.example.com/\n  expect readable\n"
        for format in ["mermaid", "html"] {
            let r = TestFiles.runTool(["run", "-", "--format", format], stdin: Array(failing.utf8))
            #expect(r.status == 1)
            #expect(r.out.contains("FAIL"))
        }
    }

    @Test func checkHasNoDiagramFormats() {
        let r = TestFiles.runTool(["check", "GET", "https://api.example.com/", "--from", "https://app.example.com", "--format", "html"])
        #expect(r.status == 2)
        #expect(r.err.hasPrefix("error: unknown format 'html'; expected text or json\n"))
    }

    static func expectWellFormed(_ html: String, context: String) throws {
        #expect(html.hasPrefix("<!DOCTYPE html>\n<html"), "\(context)")
        #if canImport(FoundationXML) || os(macOS)
        do {
            let document = try XMLDocument(xmlString: html, options: [])
            #expect(document.rootElement()?.name == "html", "\(context)")
        } catch {
            Issue.record("\(context): not well-formed: \(error)")
        }
        #else
        #expect(tagsBalance(html), "\(context): tags do not balance")
        #endif
    }

    /// No way for the page to reach the network: no scripts, links, sources or imports.
    static func expectSelfContained(_ html: String, context: String) {
        for needle in ["<script", "<link", " src=", " href=", "@import", "@font-face"] {
            #expect(!html.contains(needle), "\(context): contains \(needle)")
        }
        // url() only for the diagram's own markers.
        #expect(html.components(separatedBy: "url(").dropFirst().allSatisfy { $0.hasPrefix("#") }, "\(context): an external url()")
    }

    /// A fallback for platforms without an XML parser: every open tag is closed in order.
    static func tagsBalance(_ html: String) -> Bool {
        var stack: [Substring] = []
        var rest = html[...]
        while let open = rest.firstIndex(of: "<") {
            guard let close = rest[open...].firstIndex(of: ">") else { return false }
            let tag = rest[rest.index(after: open)..<close]
            rest = rest[rest.index(after: close)...]
            if tag.hasPrefix("!") || tag.hasPrefix("?") || tag.hasSuffix("/") { continue }
            let name = tag.split(whereSeparator: { $0 == " " || $0 == "\n" }).first ?? ""
            if name.hasPrefix("/") {
                guard stack.popLast() == name.dropFirst() else { return false }
            } else {
                stack.append(name)
            }
        }
        return stack.isEmpty
    }

    // MARK: Stepper screens

    @Test(arguments: [
        ("n", [StepperKey.next]), (" ", [.next]), ("\u{1B}[C", [.next]), ("b", [.back]), ("\u{1B}[D", [.back]),
        ("\t", [.nextBrowser]), ("\u{1B}[Z", [.previousBrowser]), ("1", [.browser(0)]), ("4", [.browser(3)]), ("5", [.browser(4)]), ("9", [.browser(8)]), ("0", []),
        ("q", [.quit]), ("\u{03}", [.quit]), ("nnb\tq", [.next, .next, .back, .nextBrowser, .quit]), ("x", []),
        ("\u{1B}[A\u{1B}[B", [.scrollUp, .scrollDown]),
    ])
    func keysDecode(_ input: String, _ keys: [StepperKey]) {
        #expect(StepperKey.decode(Array(input.utf8)) == keys)
    }

    @Test func keysMoveWithinBounds() {
        var state = StepperState()
        let moved = state.apply(.back, pages: 3, browsers: 3)
        #expect(moved)
        #expect(state.page == 0)
        for _ in 0..<5 { _ = state.apply(.next, pages: 3, browsers: 3) }
        #expect(state.page == 2)
        _ = state.apply(.nextBrowser, pages: 3, browsers: 3)
        _ = state.apply(.nextBrowser, pages: 3, browsers: 3)
        _ = state.apply(.nextBrowser, pages: 3, browsers: 3)
        #expect(state.browser == 0)
        _ = state.apply(.previousBrowser, pages: 3, browsers: 3)
        #expect(state.browser == 2)
        _ = state.apply(.browser(3), pages: 3, browsers: 3)
        #expect(state.browser == 2)
        let goOn = state.apply(.quit, pages: 3, browsers: 3)
        #expect(!goOn)
    }

    static func stepper(_ file: String, browsers: [BrowserName] = [.chrome, .firefox, .safari]) throws -> Stepper {
        let scenario = try ScenarioParser.parse(data: try TestFiles.read(file), file: file)
        return Stepper(RecordedRun(scenario, browsers: browsers))
    }

    @Test func aFetchScreenShowsEverySection() throws {
        let s = try Self.stepper("Scenarios/18-preflight-cache-max-age.cors")
        let page = try #require(s.pages.firstIndex { $0.notes.contains { $0.hasPrefix("11 minutes in") } })
        let safari = s.screen(page, browser: 2, width: 100, color: false).joined(separator: "\n")
        for section in ["▸ 11 minutes in", "REQUEST", "fetch PUT https://api.example.com/settings", "CLASSIFICATION",
                        "method PUT is not GET, HEAD or POST", "ON THE WIRE", "→ preflight OPTIONS", "PREFLIGHT CACHE before (t=11m)",
                        "t=10m (stale)", "PREFLIGHT CACHE after (t=11m)", "t=21m (in 10m)", "VERDICT", "✔ readable", "CONSOLE",
                        "WHAT THE SCRIPT SEES", "a Response: type cors, status 200", "EXPECTATIONS", "✔ expect preflight sent"] {
            #expect(safari.contains(section), "missing \(section)")
        }
        let chrome = s.screen(page, browser: 0, width: 100, color: false).joined(separator: "\n")
        #expect(chrome.contains("cache hit: the cached preflight is valid until t=2h"))
        #expect(chrome.contains("[1 Chrome]"))
    }

    @Test(arguments: [40, 60, 80, 132])
    func screensFitTheWidth(_ width: Int) throws {
        for file in ["Scenarios/18-preflight-cache-max-age.cors", "Scenarios/20-redirects-and-origin-null.cors", "Scenarios/compare/07-merge-or-replace.cors"] {
            let s = try Self.stepper(file)
            for page in s.pages.indices {
                for browser in 0..<3 {
                    for line in s.screen(page, browser: browser, width: width, color: false) {
                        #expect(line.count <= width, "\(file) screen \(page) at \(width): \(line)")
                    }
                    var state = StepperState(page: page, browser: browser)
                    let frame = s.frame(&state, width: width, height: 24, color: false)
                    #expect(frame.count == 24)
                    #expect(frame.last?.contains("q quit") == true)
                }
            }
        }
    }

    @Test func aTranscriptNeverRepeatsAScreenForAnotherBrowser() throws {
        for file in TestFiles.corsFiles(under: TestFiles.scenarios) {
            let s = try Self.stepper(file)
            let screens = s.transcript(width: 100, color: false).components(separatedBy: "cors-sim step · ").dropFirst()
            // Each screen without its heading (file, number, browsers): no two alike for one step.
            var seen = Set<String>()
            for screen in screens {
                let lines = screen.split(separator: "\n", omittingEmptySubsequences: false)
                let number = lines[0].split(separator: " ").suffix(3).joined(separator: " ")
                let body = lines.dropFirst(3).joined(separator: "\n")
                #expect(seen.insert(number + "\n" + body).inserted, "\(file): \(number) repeated")
            }
            // And every step in every browser is still shown: the headings name them all.
            let named = screens.reduce(0) { count, screen in
                let heading = String(screen.split(separator: "\n")[1])
                return count + (heading.hasPrefix("every browser") ? s.run.browsers.count : heading.components(separatedBy: ",").count)
            }
            #expect(named == s.pages.count * s.run.browsers.count, "\(file)")
        }
    }

    @Test func coloursOnlyWhenAsked() throws {
        let s = try Self.stepper("Scenarios/03-simple-get-missing-acao.cors")
        let plain = s.transcript(width: 80, color: false)
        let painted = s.transcript(width: 80, color: true)
        #expect(!plain.contains("\u{1B}["))
        #expect(painted.contains("\u{1B}[31m"))
    }

    @Test func withoutATerminalStepPrintsEveryScreenAndExitsZero() throws {
        let r = TestFiles.runTool(["step", "Scenarios/08-json-post-preflight.cors", "--browser", "chrome,firefox"])
        #expect(r.status == 0)
        let s = try Self.stepper("Scenarios/08-json-post-preflight.cors", browsers: [.chrome, .firefox])
        // One screen per step, and a second only where the two browsers' screens differ.
        let screens = r.out.components(separatedBy: "cors-sim step · ").count - 1
        #expect(screens >= s.pages.count && screens < s.pages.count * 2)
        for page in 1...s.pages.count { #expect(r.out.contains("screen \(page) of \(s.pages.count)")) }
        #expect(r.out.contains("every browser (Chrome, Firefox)"))
        #expect(!r.out.contains("q quit"))
        #expect(TestFiles.runTool(["step", "--help"]).out.contains("tab or 1-9 switch browser"))
        #expect(TestFiles.runTool(["step"]).status == 2)
    }

    // MARK: The stepper on a pseudo-terminal

    /// The built `cors-sim` executable: beside the test bundle (`swift test` builds every
    /// product), else in `.build/debug`.
    static func executable() -> URL? {
        var places: [URL] = []
        if let main = Bundle.main.executableURL { places.append(main.deletingLastPathComponent()) }
        places.append(URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent())
        for bundle in Bundle.allBundles { places.append(bundle.bundleURL.deletingLastPathComponent()) }
        places.append(TestFiles.root.appendingPathComponent(".build/debug"))
        return places.map { $0.appendingPathComponent("cors-sim") }.first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }

    /// Collects a process's output as it arrives.
    final class Transcript: @unchecked Sendable {
        private let lock = NSLock()
        private var data = Data()
        func append(_ more: Data) { lock.lock(); data.append(more); lock.unlock() }
        var text: String { lock.lock(); defer { lock.unlock() }; return String(decoding: data, as: UTF8.self) }

        /// Waits until the output holds `needle` at least `count` times.
        func wait(for needle: String, count: Int = 1, seconds: Double = 30) -> Bool {
            let deadline = Date().addingTimeInterval(seconds)
            while Date() < deadline {
                if text.components(separatedBy: needle).count - 1 >= count { return true }
                Thread.sleep(forTimeInterval: 0.02)
            }
            return false
        }
    }

    @Test func theStepperRunsOnAPseudoTerminal() throws {
        let script = ["/usr/bin/script", "/bin/script"].first { FileManager.default.isExecutableFile(atPath: $0) }
        guard let script else {
            Issue.record("script(1) from util-linux is needed to test the stepper on a pseudo-terminal")
            return
        }
        let binary = try #require(Self.executable(), "cors-sim was not built beside the tests; run swift build first")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: script)
        let command = "'\(binary.path)' step Scenarios/18-preflight-cache-max-age.cors"
        process.arguments = ["-q", "-e", "-c", command, "/dev/null"]
        process.currentDirectoryURL = TestFiles.root
        var environment = ProcessInfo.processInfo.environment
        environment["TERM"] = "xterm"
        environment["NO_COLOR"] = "1"
        process.environment = environment
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = output
        let transcript = Transcript()
        output.fileHandleForReading.readabilityHandler = { handle in transcript.append(handle.availableData) }
        try process.run()
        defer { if process.isRunning { process.terminate() } }
        func press(_ keys: String) { input.fileHandleForWriting.write(Data(keys.utf8)) }

        // The first screen, drawn on the alternate screen with the keys shown.
        #expect(transcript.wait(for: "screen 1 of 11"), "no first screen: \(transcript.text)")
        #expect(transcript.text.contains("\u{1B}[?1049h"))
        #expect(transcript.text.contains("n/space/→ next · b/← back · tab/1-3 browser"))
        #expect(transcript.text.contains("[1 Chrome]"))
        #expect(transcript.text.contains("PAGE"))

        press("n")
        #expect(transcript.wait(for: "screen 2 of 11"), "n did not advance: \(transcript.text.suffix(400))")
        #expect(transcript.wait(for: "SERVER https://api.example.com"))
        press("n")
        #expect(transcript.wait(for: "screen 3 of 11"))
        #expect(transcript.wait(for: "fetch PUT https://api.example.com/settings"))
        press("b")
        #expect(transcript.wait(for: "screen 2 of 11", count: 2), "b did not go back")
        press("\t")
        #expect(transcript.wait(for: "[2 Firefox]"), "tab did not switch browser")
        press("3")
        #expect(transcript.wait(for: "[3 Safari]"), "3 did not pick Safari")
        press("\u{1B}[C")
        #expect(transcript.wait(for: "screen 3 of 11", count: 2), "→ did not advance")
        press("q")

        let deadline = Date().addingTimeInterval(20)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
        #expect(!process.isRunning, "q did not quit")
        #expect(process.terminationStatus == 0)
        output.fileHandleForReading.readabilityHandler = nil
        // The terminal is given back: normal screen, cursor shown.
        #expect(transcript.text.contains("\u{1B}[?25h\u{1B}[?1049l"))
        // NO_COLOR: no colour codes, only cursor and screen control.
        #expect(!transcript.text.contains("\u{1B}[31m") && !transcript.text.contains("\u{1B}[1;7m"))
    }
}
