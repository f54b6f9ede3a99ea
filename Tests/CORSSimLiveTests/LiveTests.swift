// Live servers: the exact bytes sent, responses read exactly, failures that name the server and
// never hang, https with a certificate the test trusts, `server ORIGIN live`, and every lesson
// scenario run over real HTTP giving the same results as in memory.
import Foundation
import Testing
import CORSSimTestSupport
@testable import CORSSim
import CORSSimLive
@testable import CORSSimCommand

@Suite(.serialized, .timeLimit(.minutes(3)))
struct LiveTests {
    static let app = try! Origin(parsing: "https://app.example.com")
    static let api = try! Origin(parsing: "https://api.example.com")

    static func response(_ status: Int, _ headers: [(String, String)] = [], body: String = "") -> LoopbackHTTPServer.Action {
        var list = HeaderList()
        for (n, v) in headers { list.append(n, v) }
        return .respond(LoopbackHTTPServer.bytes(WireResponse(status: status, statusText: status == 204 ? "No Content" : "OK", headers: list, body: body)))
    }

    // MARK: What goes on the wire

    @Test func requestsCarryExactlyTheBrowsersHeadersPlusHost() throws {
        let server = try LoopbackHTTPServer { request in
            request.method == "OPTIONS"
                ? LiveTests.response(204, [("Access-Control-Allow-Origin", "https://app.example.com"), ("Access-Control-Allow-Credentials", "true"),
                                           ("Access-Control-Allow-Methods", "PUT"), ("Access-Control-Allow-Headers", "content-type, x-token")])
                : LiveTests.response(200, [("Access-Control-Allow-Origin", "https://app.example.com"), ("Access-Control-Allow-Credentials", "true")],
                                     body: "{}")
        }
        defer { server.stop() }
        let live = LiveServer(mapping: [Self.api: try LiveEndpoint(parsing: server.base)])
        var chrome = Browser(.chrome, page: Self.app)
        let request = FetchRequest("PUT", try FetchURL(parsing: "https://api.example.com/items/7?x=1"),
                                   headers: [("Content-Type", "application/json"), ("X-Token", "abc")], body: .text("{\"a\":1}"),
                                   credentials: .include)
        let outcome = chrome.fetch(request, server: live)
        #expect(outcome.verdict == .readable)
        let received = server.received
        try #require(received.count == 2)

        // The preflight: the request line, Host (the scenario's host), then exactly the engine's headers.
        let preflight = outcome.preflightsSent[0]
        var expected = "OPTIONS /items/7?x=1 HTTP/1.1\r\nHost: api.example.com\r\n"
        for h in preflight.headers { expected += "\(h.name): \(h.value)\r\n" }
        expected += "\r\n"
        #expect(String(decoding: received[0].raw, as: UTF8.self) == expected)
        #expect(received[0].header("Access-Control-Request-Method") == "PUT")
        #expect(received[0].header("Access-Control-Request-Headers") == "content-type,x-token")

        // The actual request: the script's headers, Origin, and Content-Length for the body.
        let actual = outcome.requestsReceived[0]
        var expectedActual = "PUT /items/7?x=1 HTTP/1.1\r\nHost: api.example.com\r\n"
        for h in actual.headers { expectedActual += "\(h.name): \(h.value)\r\n" }
        expectedActual += "Content-Length: 7\r\n\r\n{\"a\":1}"
        #expect(String(decoding: received[1].raw, as: UTF8.self) == expectedActual)
        for r in received {
            for name in ["User-Agent", "Accept-Encoding", "Cookie", "Connection"] { #expect(r.header(name) == nil, "\(name) sent") }
        }
    }

    @Test func theAsyncServerAPIRunsTheExchangeOffTheCallersThread() async throws {
        let server = try LoopbackHTTPServer { _ in LiveTests.response(200, [("Access-Control-Allow-Origin", "*")], body: "ok") }
        defer { server.stop() }
        let live: any AsyncServer = LiveServer(mapping: [Self.api: try LiveEndpoint(parsing: server.base)])
        var safari = Browser(.safari, page: Self.app)
        let outcome = await safari.fetch(FetchRequest("GET", try FetchURL(parsing: "https://api.example.com/x")), server: live)
        #expect(outcome.verdict == .readable)
        #expect(outcome.response?.body == "ok")
    }

    @Test func aBaseURLPathPrefixesTheTargetAndTheHostKeepsANonDefaultPort() throws {
        let wire = WireRequest(method: "GET", url: try FetchURL(parsing: "https://api.example.com:8443/users?id=2"),
                               headers: [("Origin", "https://app.example.com")])
        let bytes = try HTTPExchange.serialize(wire, to: try LiveEndpoint(parsing: "http://127.0.0.1:9/v1/"))
        #expect(String(decoding: bytes, as: UTF8.self)
                == "GET /v1/users?id=2 HTTP/1.1\r\nHost: api.example.com:8443\r\nOrigin: https://app.example.com\r\n\r\n")
    }

    @Test func aHeaderValueWithALineBreakIsNotSent() throws {
        let wire = WireRequest(method: "GET", url: try FetchURL(parsing: "http://a.test/"), headers: [("X-Bad", "a\r\nInjected: 1")])
        #expect(throws: LiveError.self) { try HTTPExchange.serialize(wire, to: LiveEndpoint(parsing: "http://127.0.0.1:9")) }
    }

    // MARK: Reading responses

    static let responseCases: [(name: String, raw: String, status: Int, headers: [String], body: String)] = [
        ("content-length", "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nX-A: 1\r\n\r\nhello", 200, ["Content-Length: 5", "X-A: 1"], "hello"),
        ("chunked, extension and trailer", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;ext=1\r\nhello\r\n6\r\n world\r\n0\r\nX-Trailer: t\r\n\r\n",
         200, ["Transfer-Encoding: chunked"], "hello world"),
        ("close-delimited", "HTTP/1.1 200 OK\r\nX-A: 1\r\n\r\nto the end", 200, ["X-A: 1"], "to the end"),
        ("repeated headers kept in order", "HTTP/1.1 200 OK\r\nAccess-Control-Allow-Origin: https://a.test\r\nVary: Origin\r\nAccess-Control-Allow-Origin: *\r\nContent-Length: 0\r\n\r\n",
         200, ["Access-Control-Allow-Origin: https://a.test", "Vary: Origin", "Access-Control-Allow-Origin: *", "Content-Length: 0"], ""),
        ("interim 100 and 103 skipped", "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\nHTTP/1.1 201 Created\r\nContent-Length: 2\r\n\r\nok",
         201, ["Content-Length: 2"], "ok"),
        ("chunk size padded with spaces, lone LF after chunk data",
         "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5  \r\nhello\n0\r\n\r\n", 200, ["Transfer-Encoding: chunked"], "hello"),
        ("no reason phrase", "HTTP/1.1 204\r\n\r\n", 204, [], ""),
    ]

    @Test(arguments: responseCases.indices)
    func responsesAreReadExactly(_ i: Int) throws {
        let c = Self.responseCases[i]
        let server = try LoopbackHTTPServer { _ in .respond(Array(c.raw.utf8)) }
        defer { server.stop() }
        let wire = WireRequest(method: "GET", url: try FetchURL(parsing: "http://a.test/"), headers: [])
        let r = try HTTPExchange.send(wire, to: LiveEndpoint(parsing: server.base), options: LiveOptions(connectTimeout: 5, readTimeout: 5))
        #expect(r.status == c.status, "\(c.name)")
        #expect(r.headers.map { "\($0.name): \($0.value)" } == c.headers, "\(c.name)")
        #expect(r.body == c.body, "\(c.name)")
    }

    @Test func aRedirectIsReturnedNotFollowed() throws {
        let server = try LoopbackHTTPServer { _ in LiveTests.response(302, [("Location", "http://elsewhere.test/")]) }
        defer { server.stop() }
        let wire = WireRequest(method: "GET", url: try FetchURL(parsing: "http://a.test/x"), headers: [])
        let r = try HTTPExchange.send(wire, to: LiveEndpoint(parsing: server.base))
        #expect(r.status == 302)
        #expect(r.headers.get("Location") == "http://elsewhere.test/")
        #expect(server.received.count == 1)
    }

    // MARK: Failures

    /// A port nothing listens on: bound, then closed.
    static func closedPort() throws -> Int {
        let s = try LoopbackHTTPServer { _ in .close }
        let port = s.port
        s.stop()
        return port
    }

    static func failure(_ action: LoopbackHTTPServer.Action?, port: Int? = nil, tls: Bool = false,
                        options: LiveOptions = LiveOptions(connectTimeout: 2, readTimeout: 0.5, maxResponseBytes: 4096)) throws -> (LiveError, Double, String) {
        let server = try action.map { a in try LoopbackHTTPServer { _ in a } }
        defer { server?.stop() }
        let base = "\(tls ? "https" : "http")://127.0.0.1:\(port ?? server!.port)"
        let live = LiveServer(mapping: [api: try LiveEndpoint(parsing: base)], options: options)
        var firefox = Browser(.firefox, page: app)
        let start = Date()
        let outcome = firefox.fetch(FetchRequest("GET", try FetchURL(parsing: "https://api.example.com/x")), server: live)
        let elapsed = Date().timeIntervalSince(start)
        #expect(outcome.verdict == .blocked)
        #expect(outcome.failure?.reason == .networkError)
        guard case .failure(let error) = live.log.first?.result else { throw TestServerError("no failure recorded") }
        return (error, elapsed, base)
    }

    @Test func aRefusedConnectionNamesTheServer() throws {
        let (e, _, base) = try Self.failure(nil, port: Self.closedPort())
        #expect(e.kind == .refused)
        #expect(e.description.contains(base.replacingOccurrences(of: "http://", with: "")) && e.description.contains("(for https://api.example.com)"))
        #expect(e.description.contains("connection refused"))
    }

    @Test func aSilentServerTimesOutInsteadOfHanging() throws {
        let (e, elapsed, _) = try Self.failure(.hang(seconds: 5))
        #expect(e.kind == .readTimeout)
        #expect(e.description.contains("read timeout"))
        #expect(elapsed < 3)
    }

    @Test func aServerThatSendsHalfAResponseAndStallsTimesOut() throws {
        let (e, elapsed, _) = try Self.failure(.respondAndHold(Array("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc".utf8), seconds: 5))
        #expect(e.kind == .readTimeout)
        #expect(elapsed < 3)
    }

    @Test(arguments: [
        ("garbage\r\n\r\n", LiveError.Kind.malformed, "expected a status line"),
        ("HTTP/1.1 2000 OK\r\n\r\n", .malformed, "expected a status line"),
        ("HTTP/1.1 200 OK\r\nNo colon here\r\n\r\n", .malformed, "expected a header"),
        ("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc", .closed, "after 3 of 10 body bytes"),
        ("HTTP/1.1 200 OK\r\nContent-Length: 1, 2\r\n\r\nab", .malformed, "Content-Length"),
        ("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", .malformed, "chunk size"),
        ("HTTP/1.1 200 OK\r\nContent-Length: 99999\r\n\r\n", .tooLarge, "size cap"),
        ("HTTP/1.1 101 Switching Protocols\r\n\r\n", .malformed, "switched protocols"),
        ("", .closed, "without a response"),
    ])
    func malformedResponsesGiveAClearError(_ raw: String, _ kind: LiveError.Kind, _ words: String) throws {
        let (e, _, _) = try Self.failure(raw.isEmpty ? .close : .respond(Array(raw.utf8)))
        #expect(e.kind == kind, "\(raw.debugDescription): \(e)")
        #expect(e.description.contains(words), "\(e)")
    }

    @Test func tlsToAPlainServerFailsClearly() throws {
        let (e, elapsed, _) = try Self.failure(.respond(Array("HTTP/1.1 200 OK\r\n\r\n".utf8)), tls: true)
        #expect(e.kind == .tls)
        #expect(e.description.contains("TLS"))
        #expect(elapsed < 3)
    }

    // MARK: https

    @Test(.needsFlaskCORS, .needsOpenSSL) func httpsWithACertificateTheTestTrusts() throws {
        let cert = try TestCertificate()
        defer { cert.remove() }
        try withFlaskCORS("correct", tls: cert) { port in
            let base = try LiveEndpoint(parsing: "https://127.0.0.1:\(port)")
            // Trusted: the test's certificate is given as a CA file.
            let trusted = LiveServer(mapping: [Self.api: base], options: LiveOptions(connectTimeout: 5, readTimeout: 5, caFile: cert.cert))
            for name in [BrowserName.chrome, .firefox, .safari] {
                var browser = Browser(.named(name), page: Self.app)
                let outcome = browser.fetch(FetchRequest("PUT", try FetchURL(parsing: "https://api.example.com/api/me"),
                                                         headers: [("Content-Type", "application/json")], body: .text("{}"),
                                                         credentials: .include), server: trusted)
                #expect(outcome.verdict == .readable, "\(name): \(verdictText(outcome)) \(trusted.log.map { "\($0.result)" })")
                #expect(outcome.preflight == .sent)
            }
            // By name: the certificate also names localhost.
            let byName = LiveServer(mapping: [Self.api: try LiveEndpoint(parsing: "https://localhost:\(port)")],
                                    options: LiveOptions(connectTimeout: 5, readTimeout: 5, caFile: cert.cert))
            #expect(throws: Never.self) { try byName.exchange(WireRequest(method: "GET", url: FetchURL(parsing: "https://api.example.com/api/me"), headers: [])).get() }

            // Not trusted: the system's roots only.
            let untrusted = LiveServer(mapping: [Self.api: base], options: LiveOptions(connectTimeout: 5, readTimeout: 5))
            let result = untrusted.exchange(WireRequest(method: "GET", url: try FetchURL(parsing: "https://api.example.com/api/me"), headers: []))
            guard case .failure(let e) = result else { Issue.record("an untrusted certificate was accepted"); return }
            #expect(e.kind == .tls)
            #expect(e.description.contains("certificate verify failed"), "\(e)")
            #expect(e.description.contains("127.0.0.1:\(port)"))
        }
    }

    // MARK: Scenarios

    @Test func serverLiveParsesWithoutRoutes() throws {
        let scenario = try ScenarioParser.parse(data: Array("page https://app.example.com\nserver https://api.example.com live   # real\n".utf8), file: "t.cors")
        guard case .server(let s) = scenario.steps[1] else { Issue.record("not a server step"); return }
        #expect(s.live && s.routes.isEmpty && s.origin == Self.api)

        #expect {
            try ScenarioParser.parse(data: Array("server https://api.example.com live\n  GET /x\n    200\n".utf8), file: "t.cors")
        } throws: { error in
            (error as? ScenarioError)?.rendered.contains("expected no routes under a live server") ?? false
        }
    }

    @Test func withoutALiveServerALiveOriginIsUnreachable() throws {
        let text = "page https://app.example.com\nserver https://api.example.com live\nfetch GET https://api.example.com/x\n  expect blocked\n  expect reason network-error\n"
        let scenario = try ScenarioParser.parse(data: Array(text.utf8), file: "t.cors")
        let summary = ScenarioRunner().run(scenario) { _ in }
        #expect(summary.failures.isEmpty)
    }

    /// Every lesson and comparison scenario, its mock servers served over real HTTP on loopback
    /// (one server; a path prefix per origin), gives the same outcomes as the in-memory run.
    @Test func everyScenarioOverRealHTTPMatchesTheInMemoryRun() throws {
        let files = TestFiles.corsFiles(under: TestFiles.scenarios)
        try #require(!files.isEmpty)
        for file in files {
            let scenario = try ScenarioParser.parse(data: TestFiles.read(file), file: file)
            let origins = Array(Set(scenario.steps.compactMap { step -> Origin? in if case .server(let s) = step { return s.origin } else { return nil } }))
                .sorted { $0.serialized < $1.serialized }
            let box = MockBox()
            let server = try LoopbackHTTPServer(serving: box) { request in
                // /o3/path → origin 3, /path
                let t = request.target
                guard t.hasPrefix("/o"), let end = t.dropFirst(2).firstIndex(where: { !$0.isNumber }),
                      let i = Int(t[t.index(t.startIndex, offsetBy: 2)..<end]), i < origins.count else { return nil }
                return (origins[i], String(t[end...]))
            }
            defer { server.stop() }
            var mapping: [Origin: LiveEndpoint] = [:]
            for (i, o) in origins.enumerated() { mapping[o] = try LiveEndpoint(parsing: "\(server.base)/o\(i)") }
            let live = LiveServer(mapping: mapping, options: LiveOptions(connectTimeout: 5, readTimeout: 5))
            let browsers: [BrowserName] = [.chrome, .firefox, .safari, .spec]

            var inMemory: [[String]] = []
            ScenarioRunner(browsers: browsers).run(scenario) { report in inMemory.append(report.outcomes.map(Self.summary)) }
            var overHTTP: [[String]] = []
            let summary = ScenarioRunner(browsers: browsers).run(scenario, live: live, liveOrigins: Set(origins)) { report in
                if case .server(let s) = report.step { box.install(s) }
                overHTTP.append(report.outcomes.map(Self.summary))
            }
            #expect(overHTTP == inMemory, "\(file)")
            let unexpected = live.log.compactMap { x -> String? in
                if case .failure(let e) = x.result, e.kind != .closed { return e.description } else { return nil }
            }
            #expect(unexpected.isEmpty, "\(file): \(unexpected)")
            if !summary.failures.isEmpty {
                Issue.record("\(file): \(summary.failures.map { "line \($0.expectation.location.line) \($0.browser): expected \($0.expectation.text), got \($0.actual)" })")
            }
        }
    }

    static func summary(_ o: FetchOutcome) -> String {
        let exposed = o.response?.headers.map { "\($0.name)=\($0.value)" }.joined(separator: ";") ?? "-"
        return "\(o.browser.rawValue) \(verdictText(o)) preflight=\(o.preflight.rawValue) sent=\(o.requestSent) "
            + "status=\(o.response?.status ?? -1) headers=\(exposed) console=\(o.console.map(\.text))"
    }

    // MARK: The command line

    @Test(.needsFlaskCORS) func runWithLiveMapsAnOriginToARealServer() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("live-\(UUID().uuidString).cors")
        try """
        page https://app.example.com
        server https://api.example.com live
        fetch PUT https://api.example.com/api/me credentials=include
          Content-Type: application/json
          expect preflight sent
          expect readable
        fetch GET https://api.example.com/api/me
          expect exposed X-Request-Id
        """.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        try withFlaskCORS("correct") { port in
            let ok = runLiveTool(["run", file.path, "--live", "https://api.example.com=http://127.0.0.1:\(port)"])
            #expect(ok.status == 0, "\(ok.out)\(ok.err)")
            #expect(ok.out.contains("← 200 OK") && ok.out.contains("Access-Control-Allow-Credentials: true"))
            #expect(ok.err.isEmpty)
        }
        // Nothing listening: each failure once on standard error, naming the server; exit 1.
        let port = try Self.closedPort()
        let down = runLiveTool(["run", file.path, "--live", "https://api.example.com=http://127.0.0.1:\(port)", "--timeout", "2"])
        #expect(down.status == 1)
        #expect(down.err == "error: live server http://127.0.0.1:\(port) (for https://api.example.com): connection refused (nothing listens on 127.0.0.1 port \(port))\n")

        let bad = runLiveTool(["run", file.path, "--live", "https://api.example.com"])
        #expect(bad.status == 2 && bad.err.contains("--live expects ORIGIN=BASEURL"))
        let badBase = runLiveTool(["run", file.path, "--live", "https://api.example.com=ftp://x"])
        #expect(badBase.status == 2 && badBase.err.contains("http: or https:"), "\(badBase.err)")
    }

    @Test(.needsFlaskCORS) func checkLiveJudgesTheRealResponses() throws {
        try withFlaskCORS("correct") { port in
            let ok = runLiveTool(["check", "DELETE", "https://api.example.com/api/me", "--from", "https://app.example.com",
                                  "--credentials", "include", "--live=http://127.0.0.1:\(port)"])
            #expect(ok.status == 0, "\(ok.out)")
            #expect(ok.out.contains("→ OPTIONS https://api.example.com/api/me") && ok.out.contains("Access-Control-Request-Method: DELETE"))
            let blocked = runLiveTool(["check", "GET", "http://127.0.0.1:\(port)/api/me", "--from", "https://evil.com", "--live", "--format", "json"])
            #expect(blocked.status == 1)
            #expect(blocked.out.hasPrefix("{\"schema\":\"cors-sim/check-live\""))
            #expect(blocked.out.contains("\"reason\":\"missing-allow-origin\""))
        }
    }
}

/// The mock servers the loopback server answers from, filled in as the scenario runs.
final class MockBox: Server, @unchecked Sendable {
    private let lock = NSLock()
    private var servers = MockServers()

    func install(_ step: ServerStep) {
        lock.lock()
        servers.install(step.routes, for: step.origin, policy: step.cors)
        lock.unlock()
    }

    func respond(to request: WireRequest) -> ServerReply {
        lock.lock()
        defer { lock.unlock() }
        return servers.respond(to: request)
    }
}

/// Runs the command with the live module plugged in, as the executable does.
func runLiveTool(_ arguments: [String], stdin: [UInt8] = []) -> (out: String, err: String, status: Int32) {
    var out = "", err = ""
    let tool = CommandLineTool(CommandLineTool.Environment(
        readFile: { path in
            if path == "-" { return stdin }
            let url = path.hasPrefix("/") ? URL(fileURLWithPath: path) : TestFiles.root.appendingPathComponent(path)
            return Array(try Data(contentsOf: url))
        },
        writeOut: { out += $0 },
        writeErr: { err += $0 },
        color: false))
    let status = tool.run(arguments)
    return (out, err, status.rawValue)
}
