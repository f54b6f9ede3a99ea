import Testing
import CORSSim

/// The conveniences a server test suite uses (public API only, no @testable).
@Suite struct SwiftAPIConveniencesTests {
    @Test func literalOriginsAndURLsParseLikeTheirThrowingForms() throws {
        let app: Origin = "https://app.example.com"
        #expect(app == (try Origin(parsing: "https://app.example.com")))
        #expect(Origin("http://localhost:8080") == (try Origin(parsing: "http://localhost:8080")))
        let url: FetchURL = "https://api.example.com/users/7?full=1#top"
        #expect(url == (try FetchURL(parsing: "https://api.example.com/users/7?full=1#top")))
        #expect(url.pathAndQuery == "/users/7?full=1")
        #expect(FetchURL("https://api.example.com/x").origin == "https://api.example.com")
    }

    @Test func aHeaderListFromAnArrayValueKeepsOrderAndDuplicates() {
        var pairs: [(String, String)] = [("X-B", "1")]
        pairs.append(("x-a", "2"))
        pairs.append(("X-B", "3"))
        let list = HeaderList(pairs)
        #expect(list.map(\.name) == ["X-B", "x-a", "X-B"])
        #expect(list.get("x-b") == "1, 3")
        #expect(list == [("X-B", "1"), ("x-a", "2"), ("X-B", "3")])
    }

    @Test func bodiesAsBytes() async {
        let server = AsyncClosureServer { request in
            WireResponse(status: 200, headers: [("Access-Control-Allow-Origin", "*")], bodyBytes: request.bodyBytes.reversed())
        }
        var browser = Browser(.chrome, page: "https://app.example.com")
        let outcome = await browser.fetch(FetchRequest("POST", "https://api.example.com/echo", body: .bytes(Array("abc".utf8))), server: server)
        #expect(outcome.requestsReceived.first?.bodyBytes == Array("abc".utf8))
        #expect(outcome.response?.body == "cba")
        #expect(outcome.requestsReceived.first?.headers.get("Content-Type") == "text/plain;charset=UTF-8")
    }

    @Test func anAsyncClosureServerIsSendableAndSharedByParallelTasks() async {
        let server = AsyncClosureServer { _ in WireResponse(status: 200, headers: [("Access-Control-Allow-Origin", "*")]) }
        let verdicts = await withTaskGroup(of: Verdict.self) { group in
            for profile in [BrowserProfile.chrome, .firefox, .safari] {
                group.addTask {
                    var browser = Browser(profile, page: "https://app.example.com")
                    return await browser.fetch(FetchRequest("GET", "https://api.example.com/"), server: server).verdict
                }
            }
            var all: [Verdict] = []
            for await v in group { all.append(v) }
            return all
        }
        #expect(verdicts == [.readable, .readable, .readable])
    }

    @Test(arguments: [BrowserProfile.chrome, .firefox, .safari, .spec])
    func aProfileDescribesItselfByName(_ profile: BrowserProfile) {
        #expect(String(describing: profile) == profile.name.rawValue)
        #expect(BrowserProfile.named(profile.name).description == profile.name.rawValue)
    }

    @Test func outcomesConsoleLinesAndFailuresReadAsSentences() {
        var browser = Browser(.chrome, page: "https://app.example.com")
        let outcome = browser.fetch(FetchRequest("GET", "https://api.example.com/data"),
                                    server: ClosureServer { _ in WireResponse(status: 200) })
        let failure = outcome.failure!
        #expect(String(describing: failure).hasPrefix("missing-allow-origin ("))
        #expect(String(describing: failure).contains("response"))
        let console = outcome.console[0]
        #expect(String(describing: console) == "error: \(console.text)")
        let text = String(describing: outcome)
        #expect(text.hasPrefix("Chrome: GET https://api.example.com/data: blocked: missing-allow-origin"))
        #expect(text.contains("preflight none; the request reached the server"))
        #expect(text.contains("\n  console error: Access to fetch at"))
        #expect(text.contains("\n  script: TypeError: Failed to fetch"))
        #expect(!text.contains("FetchOutcome("))
    }

    /// A server that logs what it receives: the outcome's exchanges must be exactly that log.
    final class LoggingServer: Server, @unchecked Sendable {
        var log: [WireRequest] = []
        let answer: (WireRequest) -> WireResponse?
        init(_ answer: @escaping (WireRequest) -> WireResponse?) { self.answer = answer }
        func respond(to request: WireRequest) -> ServerReply {
            log.append(request)
            return answer(request).map(ServerReply.response) ?? .unreachable
        }
    }

    @Test func exchangesAreExactlyWhatTheServerReceivedPreflightsIncluded() {
        let allow: HeaderList = [("Access-Control-Allow-Origin", "https://app.example.com"), ("Access-Control-Allow-Methods", "PUT")]
        let cases: [(FetchRequest, LoggingServer)] = [
            // A preflight and the PUT.
            (FetchRequest("PUT", "https://api.example.com/a"), LoggingServer { _ in WireResponse(status: 200, headers: allow) }),
            // A preflight that fails: the server received it, the PUT never came.
            (FetchRequest("PUT", "https://api.example.com/a"), LoggingServer { _ in WireResponse(status: 200) }),
            // A redirect: two hops.
            (FetchRequest("GET", "https://api.example.com/old"), LoggingServer { r in
                r.url.pathAndQuery == "/old" ? WireResponse(status: 301, headers: allow + [("Location", "/new")]) : WireResponse(status: 200, headers: allow)
            }),
            // Nothing listens.
            (FetchRequest("GET", "https://api.example.com/"), LoggingServer { _ in nil }),
        ]
        for (request, server) in cases {
            var browser = Browser(.firefox, page: "https://app.example.com")
            let outcome = browser.fetch(request, server: server)
            // The logging server sees even the request nobody answers; the outcome marks it with
            // a nil response.
            #expect(outcome.exchanges.map(\.request) == server.log, "\(outcome)")
            #expect(outcome.exchanges.filter(\.request.isPreflight).map(\.request) == outcome.preflightsSent)
            #expect(outcome.exchanges.filter { !$0.request.isPreflight && $0.response != nil }.map(\.request) == outcome.requestsReceived)
        }
        #expect(cases[0].1.log.first?.isPreflight == true)
        #expect(cases[1].1.log.count == 1)
        #expect(cases[3].1.log.count == 1)
        var browser = Browser(.firefox, page: "https://app.example.com")
        let refused = browser.fetch(cases[3].0, server: cases[3].1)
        #expect(refused.exchanges.count == 1 && refused.exchanges[0].response == nil && refused.requestsReceived.isEmpty)
    }
}

private func + (a: HeaderList, b: HeaderList) -> HeaderList { HeaderList(Array(a) + Array(b)) }
