import Foundation
import Testing
@testable import CORSSim
import CORSSimLive
@testable import CORSSimCommand

/// Live mode sends each distinct wire request once per fetch and judges every browser from that
/// response; a browser whose request differs is sent separately, with a warning; a redirect to
/// an origin nobody mapped is not followed to the real host.
@Suite(.serialized, .timeLimit(.minutes(1)))
struct SharedExchangeTests {
    static func response(_ status: Int, _ text: String, _ headers: [(String, String)]) -> LoopbackHTTPServer.Action {
        var head = "HTTP/1.1 \(status) \(text)\r\n"
        for (n, v) in headers { head += "\(n): \(v)\r\n" }
        return .respond(Array((head + "Content-Length: 0\r\n\r\n").utf8))
    }

    /// A server that allows POST with a JSON body from the app, and counts what it receives.
    static func api() throws -> LoopbackHTTPServer {
        try LoopbackHTTPServer { request in
            if request.method == "OPTIONS" {
                return response(204, "No Content", [("Access-Control-Allow-Origin", "https://app.example.com"),
                                                    ("Access-Control-Allow-Methods", "POST"),
                                                    ("Access-Control-Allow-Headers", "content-type, user-agent")])
            }
            return response(201, "Created", [("Access-Control-Allow-Origin", "https://app.example.com")])
        }
    }

    @Test func aPOSTCheckedInThreeBrowsersReachesTheServerOnce() throws {
        let server = try Self.api()
        defer { server.stop() }
        let r = runLiveTool(["check", "POST", "https://api.example.com/items", "--from", "https://app.example.com",
                             "-H", "Content-Type: application/json", "--body", "{}", "--live=\(server.base)", "--timeout", "5"])
        #expect(r.status == 0, "\(r.out)\(r.err)")
        #expect(server.received.filter { $0.method == "POST" }.count == 1)
        #expect(server.received.filter { $0.method == "OPTIONS" }.count == 1)
        #expect(r.out.contains("2 requests sent to the server for 3 browsers"), "\(r.out)")
        // No scenario step is made up: no "line 1, t=0s".
        #expect(!r.out.contains("line 1") && !r.out.contains("<check>"))
        #expect(r.out.contains("\nfetch POST https://api.example.com/items from https://app.example.com\n") || r.out.contains("\nfetch POST https://api.example.com/items"), "\(r.out)")
        #expect(!r.out.contains("warning:"))
        let json = runLiveTool(["check", "POST", "https://api.example.com/items", "--from", "https://app.example.com",
                                "-H", "Content-Type: application/json", "--body", "{}", "--live=\(server.base)", "--format", "json"])
        #expect(json.out.contains(#""requests_sent":2,"notes":[]"#), "\(json.out)")
    }

    @Test func aBrowserWhoseRequestDiffersIsSentSeparatelyAndSaysSo() throws {
        // Chrome drops a script-set User-Agent (a simple GET); Firefox and Safari send it, so they
        // preflight (recorded: Tests/Conformance/forbidden-user-agent.cors).
        let server = try Self.api()
        defer { server.stop() }
        let r = runLiveTool(["check", "GET", "https://api.example.com/items", "--from", "https://app.example.com",
                             "-H", "User-Agent: probe", "--live=\(server.base)", "--timeout", "5"])
        #expect(r.out.contains("warning: Firefox's request differs from Chrome's (method GET / OPTIONS)"), "\(r.out)")
        // Firefox's and Safari's requests are the same bytes: one OPTIONS, one GET for both.
        #expect(server.received.filter { $0.method == "OPTIONS" }.count == 1)
        #expect(server.received.filter { $0.method == "GET" }.count == 2)
        #expect(r.out.contains("3 requests sent to the server for 3 browsers"))
    }

    @Test func aRedirectToAnUnmappedOriginIsNotFollowedUnlessAsked() throws {
        let server = try LoopbackHTTPServer { _ in
            Self.response(307, "Temporary Redirect", [("Location", "https://elsewhere.invalid/x"),
                                                      ("Access-Control-Allow-Origin", "https://app.example.com")])
        }
        defer { server.stop() }
        let r = runLiveTool(["check", "GET", "https://api.example.com/items", "--from", "https://app.example.com",
                             "--live=\(server.base)", "--timeout", "5"])
        #expect(r.status == 1)
        #expect(r.out.contains("warning: not sent: GET https://elsewhere.invalid/x goes to https://elsewhere.invalid, which no --live option maps to a server"), "\(r.out)")
        #expect(r.out.contains("--follow-unmapped"))
        #expect(server.received.count == 1)
        // Asked to follow: the request goes out (here it fails to resolve, and says so).
        let followed = runLiveTool(["check", "GET", "https://api.example.com/items", "--from", "https://app.example.com",
                                    "--live=\(server.base)", "--follow-unmapped", "--timeout", "2"])
        #expect(!followed.out.contains("not sent:"))
        #expect(followed.err.contains("elsewhere.invalid"), "\(followed.err)")
    }

    @Test func runWithLiveSendsEachStepsRequestOnce() throws {
        let server = try Self.api()
        defer { server.stop() }
        let scenario = """
        page https://app.example.com
        server https://api.example.com live
        fetch POST https://api.example.com/items
          Content-Type: application/json
          body {}
          expect readable
        fetch POST https://api.example.com/items
          Content-Type: application/json
          body {}
          expect readable

        """
        let r = runLiveTool(["run", "-", "--live", "https://api.example.com=\(server.base)"], stdin: Array(scenario.utf8))
        #expect(r.status == 0, "\(r.out)\(r.err)")
        // Two steps, one POST each, whatever the number of browsers.
        #expect(server.received.filter { $0.method == "POST" }.count == 2)
    }

    /// Chrome answers the second PUT from its cache, Safari (600 s cap) preflights again: the
    /// PUT is still sent once, and Safari's extra preflight is announced.
    @Test func aBrowserThatPreflightsWhereAnotherUsedItsCacheSharesTheRest() throws {
        let server = try LoopbackHTTPServer { request in
            if request.method == "OPTIONS" {
                return Self.response(204, "No Content", [("Access-Control-Allow-Origin", "https://app.example.com"),
                                                         ("Access-Control-Allow-Methods", "PUT"), ("Access-Control-Max-Age", "86400")])
            }
            return Self.response(200, "OK", [("Access-Control-Allow-Origin", "https://app.example.com")])
        }
        defer { server.stop() }
        let scenario = """
        page https://app.example.com
        server https://api.example.com live
        fetch PUT https://api.example.com/items
          expect preflight sent
        wait 11m
        fetch PUT https://api.example.com/items
          expect chrome: preflight cached
          expect safari: preflight sent

        """
        let r = runLiveTool(["run", "-", "--live", "https://api.example.com=\(server.base)", "--browser", "chrome,safari"],
                            stdin: Array(scenario.utf8))
        #expect(r.status == 0, "\(r.out)\(r.err)")
        #expect(server.received.filter { $0.method == "PUT" }.count == 2)        // one per step
        #expect(server.received.filter { $0.method == "OPTIONS" }.count == 2)    // the first step's, Safari's again
        #expect(r.out.contains("warning: Safari's request differs from Chrome's (method PUT / OPTIONS): OPTIONS"), "\(r.out)")
    }

    @Test func notesCannotCarryControlCharactersToTheTerminal() {
        #expect(SharedExchanges.visible("a\u{1B}[31mb\r\n") == "a\\x1b[31mb\\r\\n")
        let a = WireRequest(method: "GET", url: "https://api.example.com/", headers: [("X-A", "1")])
        let b = WireRequest(method: "GET", url: "https://api.example.com/", headers: [("X-A", "\u{1B}]0;owned\u{7}")])
        #expect(!SharedExchanges.difference(a, b).contains("\u{1B}"))
        #expect(SharedExchanges.difference(a, b).contains("\\x1b]0;owned\\x07"))
    }
}
