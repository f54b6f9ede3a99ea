// Untrusted text never reaches a terminal raw (issue 11): one escaping function, used by every
// human-readable output; regression tests with hostile live servers and HAR files.
import Foundation
import Testing
@testable import CORSSim
@testable import CORSSimLive
@testable import CORSSimCommand

/// Whether text holds a character a terminal would act on (other than the line feeds that end lines).
func hasRawControl(_ text: String) -> Bool {
    text.unicodeScalars.contains { u in
        (u.value < 0x20 && u != "\n") || u.value == 0x7F || (0x80...0x9F).contains(u.value)
            || (0x202A...0x202E).contains(u.value) || (0x2066...0x2069).contains(u.value)
    }
}

struct TerminalEscapeTests {
    @Test(arguments: [
        ("plain text stays", "plain text stays"),
        ("\u{1B}]0;owned\u{7}", "\\x1b]0;owned\\x07"),
        ("a\u{0}b", "a\\0b"),
        ("cr\r lf\n tab\t", "cr\\r lf\\n tab\\t"),
        ("del\u{7F}", "del\\x7f"),
        ("csi\u{9B}2J", "csi\\u009b2J"),
        ("\u{202E}txt.exe", "\\u202etxt.exe"),
        ("\u{2066}iso\u{2069}", "\\u2066iso\\u2069"),
        ("é ü → ✔ 日本", "é ü → ✔ 日本"),
        ("back\\slash", "back\\slash"),
    ])
    func controlAndBidiCharactersAreShownVisibly(_ input: String, _ expected: String) {
        #expect(TerminalText.escaped(input) == expected)
        #expect(!hasRawControl(TerminalText.escaped(input)))
    }

    @Test func escapingKeepingLinesKeepsOnlyLineFeedsAndTabs() {
        #expect(TerminalText.escapedKeepingLines("a\n\tb\r\u{1B}") == "a\n\tb\\r\\x1b")
    }

    static let hostileHAR = """
    {"log": {"creator": {"name": "Web\\u001b]0;title\\u0007Inspector", "version": "1\\u009b2J"},
     "pages": [{"id": "p", "title": "http://app.test/"}],
     "entries": [{"pageref": "p",
       "request": {"method": "GET", "url": "http://api.test/x",
                   "headers": [{"name": "Origin", "value": "http://app.test"}, {"name": "Sec-Fetch-Mode", "value": "cors"}]},
       "response": {"status": 200, "statusText": "OK\\u001b[2J\\u0000\\r",
                    "headers": [{"name": "Access-Control-Allow-Origin", "value": "http://other.test\\u001b[31m\\u202e"},
                                {"name": "X-\\u001b", "value": "\\r\\n\\u0000"}],
                    "content": {"text": "\\u001b[2J"}}}]}}
    """

    @Test func aHARFileCannotWriteEscapeSequencesToTheTerminal() throws {
        for color in [false, true] {
            let log = try HARLog(bytes: Array(Self.hostileHAR.utf8))
            let (replays, skipped) = HARReplayer().replay(log)
            let text = HARReport(file: "h.har", log: log, replays: replays, skipped: skipped).text(color: color)
            // With colour on, the only escapes are the report's own SGR sequences.
            let stripped = color ? text.replacingOccurrences(of: #"\u001B\[[0-9;]*m"#, with: "", options: .regularExpression) : text
            #expect(!hasRawControl(stripped), "\(stripped.debugDescription)")
            #expect(stripped.contains("\\x1b]0;title\\x07"), "\(stripped)")
            #expect(stripped.contains("OK\\x1b[2J\\0\\r"))
            #expect(stripped.contains("http://other.test\\x1b[31m\\u202e"))
        }
        let tool = runLiveTool(["har", "-"], stdin: Array(Self.hostileHAR.utf8))
        #expect(tool.status == 1)
        #expect(!hasRawControl(tool.out) && !hasRawControl(tool.err))
    }

    /// A live server's status text and header values: C0 controls are refused by the reader
    /// (and the error is escaped); C1 controls and bidi overrides pass the reader as UTF-8 and
    /// are escaped in the text trace.
    @Test func aLiveServerCannotWriteEscapeSequencesToTheTerminal() throws {
        let c1 = Array("HTTP/1.1 200 O\u{9B}K\u{202E}\r\nAccess-Control-Allow-Origin: https://x.test\u{9B}2J\r\nX-Y: \u{2066}z\r\nContent-Length: 0\r\n\r\n".utf8)
        let esc = Array("HTTP/1.1 200 OK\u{1B}]0;owned\u{7}\r\nContent-Length: 0\r\n\r\n".utf8)
        let nul = Array("HTTP/1.1 200 OK\r\nAccess-Control-Allow-Origin: a\u{0}\r\rb\r\nContent-Length: 0\r\n\r\n".utf8)
        for (name, raw) in [("c1", c1), ("esc", esc), ("nul", nul)] {
            let server = try LoopbackHTTPServer { _ in .respond(raw) }
            defer { server.stop() }
            let r = runLiveTool(["check", "GET", "https://api.example.com/x", "--from", "https://app.example.com", "--live=\(server.base)"])
            #expect(r.status == 1, "\(name): \(r.out) \(r.err)")
            #expect(!hasRawControl(r.out) && !hasRawControl(r.err), "\(name): \(r.out.debugDescription) \(r.err.debugDescription)")
            if name == "c1" {
                #expect(r.out.contains("O\\u009bK\\u202e") && r.out.contains("https://x.test\\u009b2J") && r.out.contains("\\u2066z"), "\(r.out)")
            } else {
                #expect((r.out + r.err).contains("malformed response"), "\(name): \(r.out) \(r.err)")
            }
        }
    }

    /// The scenario runner's text output: a note and header values with C1 and bidi characters
    /// (valid UTF-8, which the scenario parser accepts) come out escaped.
    @Test func scenarioStringsEchoedBackAreEscaped() {
        let scenario = """
        page https://app.example.com
        server https://api.example.com
          GET /x
            200 O\u{9B}K
            Access-Control-Allow-Origin: *
            X-Evil: a\u{9B}2J\u{202E}
        note look \u{202E}here\u{9B}
        fetch GET https://api.example.com/x
          X-Mine: \u{2067}v
        """
        let r = runLiveTool(["run", "-"], stdin: Array(scenario.utf8))
        #expect(r.status == 0, "\(r.err)")
        #expect(!hasRawControl(r.out), "\(r.out.debugDescription)")
        #expect(r.out.contains("look \\u202ehere\\u009b"))
        let step = runLiveTool(["step", "-"], stdin: Array(scenario.utf8))
        #expect(!hasRawControl(step.out), "\(step.out.debugDescription)")
        let compare = runLiveTool(["compare", "-"], stdin: Array(scenario.utf8))
        #expect(!hasRawControl(compare.out), "\(compare.out.debugDescription)")
    }
}

struct ScenarioErrorEscapeTests {
    /// A scenario error echoes the file's line: C1 and bidi characters (valid UTF-8, which the
    /// parser reads) are shown as U+FFFD there, keeping the caret under the fault, and escaped in
    /// the message.
    @Test func aScenarioErrorEchoesNoC1OrBidiCharacter() {
        let r = runLiveTool(["run", "-"], stdin: Array("page https://app.example.com\nfetc\u{202E}h\u{9B} GET https://a.test/\n".utf8))
        #expect(r.status == 2)
        #expect(!hasRawControl(r.err), "\(r.err.debugDescription)")
        #expect(r.err.contains("2 | fetc\u{FFFD}h\u{FFFD} GET https://a.test/"), "\(r.err)")
    }
}
