import Foundation
import Testing
@testable import CORSSim

/// The scenario-file parser against the contract (`Docs/scenario-format.md`): the contract's example,
/// the recorded oracle scenarios, syntax that must parse, and the exact text of every error.
@Suite("ScenarioParser")
struct ScenarioParserTests {

    // MARK: The contract's example

    static let contractExample = """
        # Lesson: a JSON body makes the browser ask first.
        page https://app.example.com

        server https://api.example.com
          OPTIONS /users
            204
            Access-Control-Allow-Origin: https://app.example.com
            Access-Control-Allow-Methods: POST
            Access-Control-Allow-Headers: content-type
            Access-Control-Max-Age: 86400
          POST /users
            201 Created
            Access-Control-Allow-Origin: https://app.example.com
            Content-Type: application/json
            X-Request-Id: 42

            {"id": 7}

        note A JSON Content-Type is not one of the three safelisted types, so a preflight goes first.

        fetch POST https://api.example.com/users
          Content-Type: application/json
          body {"name": "Ada"}
          expect preflight sent
          expect readable
          expect status 201
          expect hidden X-Request-Id

        wait 3h

        fetch POST https://api.example.com/users
          Content-Type: application/json
          expect chrome: preflight sent       # Chrome caps Max-Age at 2 hours
          expect firefox: preflight cached    # Firefox keeps it up to 24 hours
        """

    @Test func contractExampleParsesIntoTheExpectedTree() throws {
        let scenario = try ScenarioParser.parse(Self.contractExample, file: "lesson.cors")
        func at(_ line: Int, _ column: Int = 1) -> CORSSim.SourceLocation {
            CORSSim.SourceLocation(file: "lesson.cors", line: line, column: column)
        }
        let app = try Origin(parsing: "https://app.example.com")
        let api = try Origin(parsing: "https://api.example.com")
        let users = try FetchURL(parsing: "https://api.example.com/users")
        let json = Header("Content-Type", "application/json")
        let expected = Scenario(file: "lesson.cors", steps: [
            .page(PageStep(origin: app, topLevel: nil, location: at(2))),
            .server(ServerStep(origin: api, routes: [
                Route(method: "OPTIONS", path: "/users", isPrefix: false, status: 204, statusText: nil, headers: [
                    Header("Access-Control-Allow-Origin", "https://app.example.com"),
                    Header("Access-Control-Allow-Methods", "POST"),
                    Header("Access-Control-Allow-Headers", "content-type"),
                    Header("Access-Control-Max-Age", "86400"),
                ], body: "", location: at(5, 3)),
                Route(method: "POST", path: "/users", isPrefix: false, status: 201, statusText: "Created", headers: [
                    Header("Access-Control-Allow-Origin", "https://app.example.com"),
                    json,
                    Header("X-Request-Id", "42"),
                ], body: #"{"id": 7}"#, location: at(11, 3)),
            ], location: at(4))),
            .note(NoteStep(text: "A JSON Content-Type is not one of the three safelisted types, so a preflight goes first.",
                           location: at(19))),
            .fetch(FetchStep(method: "POST", url: users, headers: [json], body: .text(#"{"name": "Ada"}"#), expectations: [
                CORSSim.Expectation(browser: nil, condition: .preflight(.sent), text: "preflight sent", location: at(24, 3)),
                CORSSim.Expectation(browser: nil, condition: .readable, text: "readable", location: at(25, 3)),
                CORSSim.Expectation(browser: nil, condition: .status(201), text: "status 201", location: at(26, 3)),
                CORSSim.Expectation(browser: nil, condition: .hidden("X-Request-Id"), text: "hidden X-Request-Id", location: at(27, 3)),
            ], location: at(21))),
            .wait(WaitStep(milliseconds: 3 * 3_600_000, location: at(29))),
            .fetch(FetchStep(method: "POST", url: users, headers: [json], expectations: [
                CORSSim.Expectation(browser: .chrome, condition: .preflight(.sent), text: "preflight sent", location: at(33, 3)),
                CORSSim.Expectation(browser: .firefox, condition: .preflight(.cached), text: "preflight cached", location: at(34, 3)),
            ], location: at(31))),
        ])
        #expect(scenario == expected)
    }

    // MARK: Syntax that parses

    static func parse(_ text: String) throws -> Scenario {
        try ScenarioParser.parse(text, file: "test.cors")
    }

    static func onlyFetch(_ text: String) throws -> FetchStep {
        let scenario = try parse(text)
        guard case .fetch(let fetch) = scenario.steps.first else {
            Issue.record("expected a fetch step")
            throw CancellationError()
        }
        return fetch
    }

    static func onlyRoute(_ text: String) throws -> Route {
        let scenario = try parse(text)
        guard case .server(let server) = scenario.steps.first, let route = server.routes.first else {
            Issue.record("expected a server step with a route")
            throw CancellationError()
        }
        return route
    }

    @Test(arguments: [
        ("0s", 0), ("500ms", 500), ("5s", 5_000), ("10m", 600_000), ("3h", 10_800_000), ("2d", 172_800_000),
        ("1h30m", 5_400_000), ("1d1h1m1s1ms", 90_061_001), ("1m1ms", 60_001), ("007s", 7_000),
    ] as [(String, Int64)])
    func durationParses(_ text: String, _ milliseconds: Int64) throws {
        let scenario = try Self.parse("wait \(text)")
        #expect(scenario.steps == [.wait(WaitStep(milliseconds: milliseconds,
                                                  location: CORSSim.SourceLocation(file: "test.cors", line: 1, column: 1)))])
    }

    @Test func pageNullAndEmbeddedPages() throws {
        let scenario = try Self.parse("""
            page null
            page null in https://top.example
            page https://frame.example:8443 in https://top.example # embedded
            """)
        let pages = scenario.steps.compactMap { step -> PageStep? in
            if case .page(let page) = step { return page } else { return nil }
        }
        #expect(pages.map(\.origin) == [nil, nil, try Origin(parsing: "https://frame.example:8443")])
        #expect(pages.map(\.topLevel) == [nil, try Origin(parsing: "https://top.example"), try Origin(parsing: "https://top.example")])
    }

    @Test func fetchOptionsInAnyOrderWithATrailingComment() throws {
        let fetch = try Self.onlyFetch(
            "fetch patch https://api.example.com/a#top cache=no-store redirect=manual credentials=include mode=no-cors   # why")
        #expect(fetch.method == "patch")
        #expect(fetch.url.serialized() == "https://api.example.com/a#top")
        #expect(fetch.mode == .noCORS)
        #expect(fetch.credentials == .include)
        #expect(fetch.redirect == .manual)
        #expect(fetch.cache == .noStore)
    }

    @Test func fetchDefaultsMirrorRequestInit() throws {
        let fetch = try Self.onlyFetch("fetch GET https://api.example.com/")
        #expect(fetch.mode == .cors)
        #expect(fetch.credentials == .sameOrigin)
        #expect(fetch.redirect == .follow)
        #expect(fetch.cache == .default)
        #expect(fetch.body == nil)
        #expect(fetch.referrerPolicy == .empty)
        #expect(fetch.referrer == nil)
    }

    /// `referrerPolicy=` takes the eight policies or nothing; `referrer=` any word, nothing meaning
    /// no referrer (the `Request` constructor judges a URL when the fetch runs).
    @Test func referrerOptions() throws {
        let fetch = try Self.onlyFetch("fetch GET https://api.example.com/ referrerPolicy=unsafe-url referrer=/doc?q=1")
        #expect(fetch.referrerPolicy == .unsafeURL)
        #expect(fetch.referrer == "/doc?q=1")
        let empty = try Self.onlyFetch("fetch GET https://api.example.com/ referrerPolicy= referrer=")
        #expect(empty.referrerPolicy == .empty)
        #expect(empty.referrer == "")
        #expect(try Self.onlyFetch("fetch GET https://api.example.com/ referrer=http://[::1").referrer == "http://[::1")
    }

    @Test func fetchMethodIsKeptAsWritten() throws {
        #expect(try Self.onlyFetch("fetch pAtCh https://api.example.com/").method == "pAtCh")
        #expect(try Self.onlyFetch("fetch G(T https://api.example.com/").method == "G(T")
    }

    @Test func headerLinesUnderAFetchKeepHashAndNameKeywords() throws {
        let fetch = try Self.onlyFetch("""
            fetch GET https://api.example.com/
              X-Url: https://x.example/a#top
              body:  a header named body \t
              Expect: 100-continue
              X-A: 1
              X-A: 2
            """)
        #expect(fetch.headers == [
            Header("X-Url", "https://x.example/a#top"),
            Header("body", "a header named body"),
            Header("Expect", "100-continue"),
            Header("X-A", "1"),
            Header("X-A", "2"),
        ])
        #expect(fetch.body == nil)
    }

    @Test(arguments: [
        ("body {\"a\": 1} # not a comment", RequestBody.text("{\"a\": 1} # not a comment")),
        ("body", .text("")),
        ("body-type urlencoded", .urlEncoded),
        ("body-type form-data # comment", .formData),
        ("body-type stream", .stream),
        ("body-type blob", .blob(type: "")),
        ("body-type blob text/plain; charset=utf-8 # the type", .blob(type: "text/plain; charset=utf-8")),
    ])
    func fetchBodies(_ line: String, _ body: RequestBody) throws {
        #expect(try Self.onlyFetch("fetch POST https://api.example.com/\n  \(line)").body == body)
    }

    @Test(arguments: [
        ("readable", CORSSim.Expectation.Condition.readable),
        ("opaque", .opaque),
        ("opaque-redirect", .opaqueRedirect),
        ("blocked", .blocked),
        ("preflight sent", .preflight(.sent)),
        ("preflight cached", .preflight(.cached)),
        ("preflight none", .preflight(.none)),
        ("request sent", .requestSent(true)),
        ("request not-sent", .requestSent(false)),
        ("status 0", .status(0)),
        ("status 204", .status(204)),
        ("exposed X-Request-Id", .exposed("X-Request-Id")),
        ("hidden content-range", .hidden("content-range")),
        ("origin https://app.example.com", .origin("https://app.example.com")),
        ("origin null", .origin("null")),
        ("origin none", .origin(nil)),
        ("preflight-headers content-type,x-foo", .preflightHeaders("content-type,x-foo")),
        ("preflight-headers none", .preflightHeaders(nil)),
        ("preflight-method PUT", .preflightMethod("PUT")),
        ("preflight-method none", .preflightMethod(nil)),
        ("preflight-origin null", .preflightOrigin("null")),
        ("preflight-origin none", .preflightOrigin(nil)),
        ("reason network-error", .reason(.networkError)),
        ("reason local-network-denied", .reason(.localNetworkDenied)),
    ])
    func expectationConditions(_ what: String, _ condition: CORSSim.Expectation.Condition) throws {
        let fetch = try Self.onlyFetch("""
            fetch GET https://api.example.com/
              expect \(what)   # a comment
              expect safari:\(what)
            """)
        #expect(fetch.expectations.map(\.condition) == [condition, condition])
        #expect(fetch.expectations.map(\.browser) == [nil, .safari])
        #expect(fetch.expectations.map(\.text) == [what, what])
    }

    @Test func everyBrowserCanBeNamed() throws {
        let fetch = try Self.onlyFetch("""
            fetch GET https://api.example.com/
              expect chrome: readable
              expect firefox: readable
              expect safari: readable
              expect spec: readable
            """)
        #expect(fetch.expectations.map(\.browser) == [.chrome, .firefox, .safari, .spec])
    }

    @Test func everyReasonCodeParses() throws {
        let lines = ReasonCode.allCases.map { "  expect reason \($0.rawValue)" }.joined(separator: "\n")
        let fetch = try Self.onlyFetch("fetch GET https://api.example.com/\n" + lines)
        #expect(fetch.expectations.map(\.condition) == ReasonCode.allCases.map { .reason($0) })
    }

    @Test func routesWithAnyMethodPrefixPathsAndOriginPlaceholder() throws {
        let scenario = try Self.parse("""
            server http://localhost:8080   # the API
              * /api/*    # any method
                200 OK    # the status
                Access-Control-Allow-Origin: {origin}
                X-Note: keep # this
                X-Empty:
              OPTIONS /a
                204 No Content
            """)
        guard case .server(let server) = scenario.steps.first else {
            Issue.record("expected a server step")
            return
        }
        #expect(server.origin == (try Origin(parsing: "http://localhost:8080")))
        #expect(server.routes.count == 2)
        let any = server.routes[0]
        #expect(any.method == nil)
        #expect(any.path == "/api/")
        #expect(any.isPrefix)
        #expect(any.status == 200)
        #expect(any.statusText == "OK")
        #expect(any.headers == [Header("Access-Control-Allow-Origin", "{origin}"), Header("X-Note", "keep # this"),
                                Header("X-Empty", "")])
        #expect(server.routes[1].method == "OPTIONS")
        #expect(server.routes[1].isPrefix == false)
        #expect(server.routes[1].statusText == "No Content")
    }

    @Test func responseBodyKeepsItsTextAndDropsTrailingBlankLines() throws {
        let route = try Self.onlyRoute("""
            server https://api.example.com
              GET /
                200
                Content-Type: text/plain


                # not a comment
                  indented two more


                last line


            note after
            """)
        #expect(route.body == "# not a comment\n  indented two more\n\n\nlast line")
    }

    @Test func blankLineWithoutBodyEndsNothing() throws {
        let scenario = try Self.parse("""
            server https://api.example.com
              GET /a
                200

              GET /b
                204
            """)
        guard case .server(let server) = scenario.steps.first else {
            Issue.record("expected a server step")
            return
        }
        #expect(server.routes.map(\.path) == ["/a", "/b"])
        #expect(server.routes.map(\.body) == ["", ""])
    }

    @Test func commentsAndBlankLinesMeanNothingBetweenLines() throws {
        let scenario = try Self.parse("""
            # heading

               # an indented comment
            server https://api.example.com
            # between a server and its route
              GET /a
            # between a route and its status
                200
                    # a comment indented deeper
                X-A: 1
            fetch GET https://api.example.com/a
            # between fetch lines
              expect readable
            restart # the browser
            note A note keeps # and what follows   \("")
            """)
        #expect(scenario.steps.count == 4)
        guard case .note(let note) = scenario.steps.last else {
            Issue.record("expected a note")
            return
        }
        #expect(note.text == "A note keeps # and what follows")
    }

    @Test func siblingIndentationIsUpToTheAuthor() throws {
        let scenario = try Self.parse("""
            server https://api.example.com
                 GET /a
                  200
                  X-A: 1
                 GET /b
                                  204
            fetch GET https://api.example.com/a
             expect readable
             X-B: 2
            """)
        #expect(scenario.steps.count == 2)
    }

    @Test func crlfLineEndingsAndAByteOrderMark() throws {
        let text = "\u{FEFF}page https://app.example.com\r\nwait 5s\r\nnote done\r\n"
        let scenario = try Self.parse(text)
        #expect(scenario.steps.count == 3)
        #expect(scenario.steps[1].location == CORSSim.SourceLocation(file: "test.cors", line: 2, column: 1))
        guard case .note(let note) = scenario.steps[2] else {
            Issue.record("expected a note")
            return
        }
        #expect(note.text == "done")
        #expect(try ScenarioParser.parse(data: Array(text.utf8), file: "test.cors") == scenario)
    }

    @Test func aLineOfExactlyTheLimitParses() throws {
        let line = "note " + String(repeating: "x", count: ScenarioParser.maximumLineBytes - 5)
        #expect(try Self.parse(line).steps.count == 1)
    }

    @Test func publicLimitsAdmitWhatTheContractRequires() {
        #expect(ScenarioParser.maximumFileBytes >= 64 * 1024 * 1024)
        #expect(ScenarioParser.maximumSteps >= 2_000_000)
        #expect(ScenarioParser.maximumLineBytes >= 16 * 1024)
    }

    // MARK: Errors, rendered whole

    struct BadScenario: Sendable, CustomTestStringConvertible {
        var name: String
        var text: String
        var rendered: String
        init(_ name: String, _ text: String, _ rendered: String) {
            self.name = name
            self.text = text
            self.rendered = rendered
        }
        var testDescription: String { name }
    }

    /// The rendered error, or nil when the text parses.
    static func renderedError(_ text: String, limits: ScenarioParser.Limits = .init()) -> String? {
        do throws(ScenarioError) {
            _ = try ScenarioParser.parse(text, file: "test.cors", limits: limits)
            return nil
        } catch {
            return error.rendered
        }
    }

    static func renderedError(data: [UInt8]) -> String? {
        do throws(ScenarioError) {
            _ = try ScenarioParser.parse(data: data, file: "test.cors")
            return nil
        } catch {
            return error.rendered
        }
    }

    @Test(arguments: badScenarios)
    func errorIsRenderedExactly(_ bad: BadScenario) {
        #expect(Self.renderedError(bad.text) == bad.rendered)
        // The byte entry point reports the same error.
        #expect(Self.renderedError(data: Array(bad.text.utf8)) == bad.rendered)
    }

    static let badScenarios: [BadScenario] = [
        BadScenario("tab-indentation",
                    "fetch GET https://api.example.com/\n\texpect readable\n",
                    """
                    error: expected spaces for indentation, found a tab
                     --> test.cors:2:1
                      |
                    2 | \texpect readable
                      | ^
                    """),
        BadScenario("tab-after-spaces",
                    "fetch GET https://api.example.com/\n  \texpect readable\n",
                    """
                    error: expected spaces for indentation, found a tab
                     --> test.cors:2:3
                      |
                    2 |   \texpect readable
                      |   ^
                    """),
        BadScenario("unknown-step",
                    "page https://app.example.com\nfetc GET https://api.example.com/\n",
                    """
                    error: expected a step (page, server, fetch, cookie, wait, restart or note), found 'fetc'
                     --> test.cors:2:1
                      |
                    2 | fetc GET https://api.example.com/
                      | ^
                    """),
        BadScenario("bad-duration",
                    "# Lesson\npage https://app.example.com\n\nserver https://api.example.com\n  GET /\n    200\n\nfetch GET https://api.example.com/\n  expect readable\n\n# later\nwait 3x\n",
                    """
                    error: expected a duration such as 500ms, 5s, 10m, 3h, 2d or 1h30m, found '3x'
                     --> test.cors:12:6
                       |
                    12 | wait 3x
                       |      ^
                    """),
        BadScenario("duration-overflow",
                    "wait 9999999999999999d\n",
                    """
                    error: expected a duration of at most 106751991167d, found '9999999999999999d'
                     --> test.cors:1:6
                      |
                    1 | wait 9999999999999999d
                      |      ^
                    """),
        BadScenario("duration-missing",
                    "wait   # how long?\n",
                    """
                    error: expected a duration such as 500ms, 5s, 10m, 3h, 2d or 1h30m, found the end of the line
                     --> test.cors:1:5
                      |
                    1 | wait   # how long?
                      |     ^
                    """),
        BadScenario("duration-spaced",
                    "wait 1h 30m\n",
                    """
                    error: expected the end of the line after the duration, found '30m'
                     --> test.cors:1:9
                      |
                    1 | wait 1h 30m
                      |         ^
                    """),
        BadScenario("body-without-blank-line",
                    "server https://api.example.com\n  GET /\n    200\n    Content-Type: text/plain\n    hello\n",
                    """
                    error: expected a header line 'Name: value', found 'hello' (a response body goes after a blank line)
                     --> test.cors:5:5
                      |
                    5 |     hello
                      |     ^
                    """),
        BadScenario("header-space-before-colon",
                    "fetch GET https://api.example.com/\n  X-Foo : 1\n",
                    """
                    error: expected a header name (letters, digits and !#$%&'*+-.^_`|~) followed directly by ':', found ' '
                     --> test.cors:2:8
                      |
                    2 |   X-Foo : 1
                      |        ^
                    """),
        BadScenario("header-bad-name-char",
                    "server https://api.example.com\n  GET /\n    200\n    X(Foo): 1\n",
                    """
                    error: expected a header name (letters, digits and !#$%&'*+-.^_`|~) followed directly by ':', found '('
                     --> test.cors:4:6
                      |
                    4 |     X(Foo): 1
                      |      ^
                    """),
        BadScenario("invalid-origin",
                    "page app.example.com\n",
                    """
                    error: expected a URL starting with http:// or https://, found 'app.example.com'
                     --> test.cors:1:6
                      |
                    1 | page app.example.com
                      |      ^
                    """),
        BadScenario("origin-with-path",
                    "page https://app.example.com/\n",
                    """
                    error: expected an origin (scheme://host[:port]) without a path, query or trailing slash, not 'https://app.example.com/'
                     --> test.cors:1:6
                      |
                    1 | page https://app.example.com/
                      |      ^
                    """),
        BadScenario("origin-bad-port",
                    "server https://api.example.com:99999\n",
                    """
                    error: expected a port number from 0 to 65535, not '99999'
                     --> test.cors:1:8
                      |
                    1 | server https://api.example.com:99999
                      |        ^
                    """),
        BadScenario("page-in-missing",
                    "page https://a.example.com in\n",
                    """
                    error: expected the top-level origin after 'in', found the end of the line
                     --> test.cors:1:30
                      |
                    1 | page https://a.example.com in
                      |                              ^
                    """),
        BadScenario("page-extra-word",
                    "page https://a.example.com on https://b.example.com\n",
                    """
                    error: expected 'in TOP-ORIGIN' or the end of the line after the origin, found 'on'
                     --> test.cors:1:28
                      |
                    1 | page https://a.example.com on https://b.example.com
                      |                            ^
                    """),
        BadScenario("server-missing-origin",
                    "server\n",
                    """
                    error: expected an origin such as https://api.example.com after 'server', found the end of the line
                     --> test.cors:1:7
                      |
                    1 | server
                      |       ^
                    """),
        BadScenario("unknown-expect",
                    "fetch GET https://api.example.com/\n  expect readible\n",
                    """
                    error: expected what to expect (readable, opaque, opaque-redirect, blocked, preflight, request, status, exposed, hidden, origin, preflight-headers, preflight-method, preflight-origin, reason, from-cache, revalidated, cdn, cookie-sent, cookie-not-sent, cookie-stored or cookie-not-stored), found 'readible'
                     --> test.cors:2:10
                      |
                    2 |   expect readible
                      |          ^
                    """),
        BadScenario("unknown-browser",
                    "fetch GET https://api.example.com/\n  expect edge: readable\n",
                    """
                    error: expected a browser chrome, firefox, safari, webkitgtk or spec before ':', found 'edge'
                     --> test.cors:2:10
                      |
                    2 |   expect edge: readable
                      |          ^
                    """),
        BadScenario("unknown-reason",
                    "fetch GET https://api.example.com/\n  expect reason cors-error\n",
                    """
                    error: expected a reason code (network-error, missing-allow-origin, multiple-allow-origin, allow-origin-mismatch, wildcard-with-credentials, missing-allow-credentials, preflight-status, preflight-redirect, method-not-allowed, header-not-allowed, invalid-allow-methods, invalid-allow-headers, forbidden-method, invalid-method, no-cors-method, no-cors-stream, same-origin-mode, redirect-error-mode, redirect-limit, redirect-credentials-in-url, redirect-invalid-location, only-if-cached-mode, credentials-in-url, navigate-mode, invalid-referrer, invalid-header-name, invalid-header-value, body-with-get-or-head, stream-without-duplex, stream-upload-unsupported, keepalive-stream, aborted, stream-needs-http2, non-latin1-header, redirect-empty-location, redirect-credentialed-subresource, only-if-cached-miss, no-cors-redirect-mode, mixed-content, bad-port, local-network-denied, cross-origin-resource-policy, integrity-not-eligible, integrity-mismatch, invalid-data-url, unknown-blob-url, unsupported-scheme, unexpected-proxy-auth or conflicting-response-header), found 'cors-error'
                     --> test.cors:2:17
                      |
                    2 |   expect reason cors-error
                      |                 ^
                    """),
        BadScenario("expect-empty",
                    "fetch GET https://api.example.com/\n  expect chrome:\n",
                    """
                    error: expected what to expect (readable, opaque, opaque-redirect, blocked, preflight, request, status, exposed, hidden, origin, preflight-headers, preflight-method, preflight-origin, reason, from-cache, revalidated, cdn, cookie-sent, cookie-not-sent, cookie-stored or cookie-not-stored), found the end of the line
                     --> test.cors:2:17
                      |
                    2 |   expect chrome:
                      |                 ^
                    """),
        BadScenario("expect-status-range",
                    "fetch GET https://api.example.com/\n  expect status 700\n",
                    """
                    error: expected a status code, 0 or from 100 to 599, found '700'
                     --> test.cors:2:17
                      |
                    2 |   expect status 700
                      |                 ^
                    """),
        BadScenario("expect-preflight-state",
                    "fetch GET https://api.example.com/\n  expect preflight maybe\n",
                    """
                    error: expected preflight sent, cached or none, found 'maybe'
                     --> test.cors:2:20
                      |
                    2 |   expect preflight maybe
                      |                    ^
                    """),
        BadScenario("expect-extra",
                    "fetch GET https://api.example.com/\n  expect readable please\n",
                    """
                    error: expected the end of the line after 'readable', found 'please'
                     --> test.cors:2:19
                      |
                    2 |   expect readable please
                      |                   ^
                    """),
        BadScenario("expect-exposed-missing",
                    "fetch GET https://api.example.com/\n  expect exposed\n",
                    """
                    error: expected a header name after 'exposed', found the end of the line
                     --> test.cors:2:17
                      |
                    2 |   expect exposed
                      |                 ^
                    """),
        BadScenario("bad-status",
                    "server https://api.example.com\n  GET /\n    99 Too Low\n",
                    """
                    error: expected a status line such as 200 or 204 No Content (a status code from 100 to 599), found '99'
                     --> test.cors:3:5
                      |
                    3 |     99 Too Low
                      |     ^
                    """),
        BadScenario("status-word",
                    "server https://api.example.com\n  GET /\n    OK\n",
                    """
                    error: expected a status line such as 200 or 204 No Content (a status code from 100 to 599), found 'OK'
                     --> test.cors:3:5
                      |
                    3 |     OK
                      |     ^
                    """),
        BadScenario("missing-status-eof",
                    "server https://api.example.com\n  GET /\n",
                    """
                    error: expected a status line such as 200 or 204 No Content, indented under this route, found the end of the file
                     --> test.cors:2:3
                      |
                    2 |   GET /
                      |   ^
                    """),
        BadScenario("missing-status-sibling",
                    "server https://api.example.com\n  GET /\n  POST /\n    200\n",
                    """
                    error: expected a status line such as 200 or 204 No Content, indented under the route on line 2, found 'POST'
                     --> test.cors:3:3
                      |
                    3 |   POST /
                      |   ^
                    """),
        BadScenario("option-unknown",
                    "fetch GET https://api.example.com/ method=PUT\n",
                    """
                    error: expected an option mode, credentials, redirect, cache, duplex, keepalive, signal, integrity, priority, referrerPolicy or referrer, found 'method'
                     --> test.cors:1:36
                      |
                    1 | fetch GET https://api.example.com/ method=PUT
                      |                                    ^
                    """),
        BadScenario("option-no-equals",
                    "fetch GET https://api.example.com/ cors\n",
                    """
                    error: expected an option such as mode=no-cors (mode, credentials, redirect, cache, duplex, keepalive, signal, integrity, priority, referrerPolicy or referrer), found 'cors'
                     --> test.cors:1:36
                      |
                    1 | fetch GET https://api.example.com/ cors
                      |                                    ^
                    """),
        BadScenario("option-bad-value",
                    "fetch GET https://api.example.com/ credentials=all\n",
                    """
                    error: expected a credentials mode omit, same-origin or include, found 'all'
                     --> test.cors:1:48
                      |
                    1 | fetch GET https://api.example.com/ credentials=all
                      |                                                ^
                    """),
        BadScenario("option-bad-referrer-policy",
                    "fetch GET https://api.example.com/ referrerPolicy=never\n",
                    """
                    error: expected a referrer policy no-referrer, no-referrer-when-downgrade, same-origin, origin, strict-origin, origin-when-cross-origin, strict-origin-when-cross-origin, unsafe-url or nothing, found 'never'
                     --> test.cors:1:51
                      |
                    1 | fetch GET https://api.example.com/ referrerPolicy=never
                      |                                                   ^
                    """),
        BadScenario("option-empty-value",
                    "fetch GET https://api.example.com/ cache=\n",
                    """
                    error: expected a cache mode default, no-store, reload, no-cache, force-cache or only-if-cached, found nothing after 'cache='
                     --> test.cors:1:42
                      |
                    1 | fetch GET https://api.example.com/ cache=
                      |                                          ^
                    """),
        BadScenario("option-duplicate",
                    "fetch GET https://api.example.com/ mode=cors mode=no-cors\n",
                    """
                    error: expected each option at most once, found a second 'mode=' (the first is at column 36)
                     --> test.cors:1:46
                      |
                    1 | fetch GET https://api.example.com/ mode=cors mode=no-cors
                      |                                              ^
                    """),
        BadScenario("body-twice",
                    "fetch POST https://api.example.com/\n  body a\n  body-type urlencoded\n",
                    """
                    error: expected at most one body per fetch, found a second (the first is on line 2)
                     --> test.cors:3:3
                      |
                    3 |   body-type urlencoded
                      |   ^
                    """),
        BadScenario("too-many-bodies-blob",
                    "fetch POST https://api.example.com/\n  body-type blob text/plain\n  body x\n",
                    """
                    error: expected at most one body per fetch, found a second (the first is on line 2)
                     --> test.cors:3:3
                      |
                    3 |   body x
                      |   ^
                    """),
        BadScenario("body-type-unknown",
                    "fetch POST https://api.example.com/\n  body-type json\n",
                    """
                    error: expected a body type urlencoded, form-data, stream or blob TYPE, found 'json'
                     --> test.cors:2:13
                      |
                    2 |   body-type json
                      |             ^
                    """),
        BadScenario("empty-file",
                    "",
                    """
                    error: expected at least one step (page, server, fetch, cookie, wait, restart or note), found an empty file
                     --> test.cors:1:1
                      |
                    1 |
                      | ^
                    """),
        BadScenario("only-comments",
                    "# nothing here\n\n   # still nothing\n",
                    """
                    error: expected at least one step (page, server, fetch, cookie, wait, restart or note), found only comments and blank lines
                     --> test.cors:1:1
                      |
                    1 | # nothing here
                      | ^
                    """),
        BadScenario("nul-byte",
                    "page https://app.example.com\nnote a\u{0}b\n",
                    """
                    error: expected text, found a NUL byte (U+0000); is this a binary file?
                     --> test.cors:2:7
                      |
                    2 | note a␀b
                      |       ^
                    """),
        BadScenario("escape-char",
                    "note colour \u{1B}[31m\n",
                    """
                    error: expected text, found the control character U+001B
                     --> test.cors:1:13
                      |
                    1 | note colour ␛[31m
                      |             ^
                    """),
        BadScenario("misaligned-routes",
                    "server https://api.example.com\n  GET /a\n    200\n   GET /b\n    200\n",
                    """
                    error: expected an indentation of 4 spaces (lining up with line 3) or 2 (lining up with line 2), found 3
                     --> test.cors:4:4
                      |
                    4 |    GET /b
                      |    ^
                    """),
        BadScenario("misaligned-headers",
                    "server https://api.example.com\n  GET /a\n    200\n      X-A: 1\n",
                    """
                    error: expected an indentation of 4 spaces (lining up with line 3), found 6
                     --> test.cors:4:7
                      |
                    4 |       X-A: 1
                      |       ^
                    """),
        BadScenario("misaligned-fetch-lines",
                    "fetch GET https://api.example.com/\n  X-A: 1\n    expect readable\n",
                    """
                    error: expected an indentation of 2 spaces (lining up with line 2), found 4
                     --> test.cors:3:5
                      |
                    3 |     expect readable
                      |     ^
                    """),
        BadScenario("route-outside-server",
                    "page https://app.example.com\nGET /users\n",
                    """
                    error: expected a step (page, server, fetch, cookie, wait, restart or note), found 'GET' (a route such as 'GET /path' belongs indented under a 'server' line)
                     --> test.cors:2:1
                      |
                    2 | GET /users
                      | ^
                    """),
        BadScenario("expect-outside-fetch",
                    "page https://app.example.com\nexpect readable\n",
                    """
                    error: expected a step (page, server, fetch, cookie, wait, restart or note), found 'expect' ('expect' lines belong indented under a 'fetch' line)
                     --> test.cors:2:1
                      |
                    2 | expect readable
                      | ^
                    """),
        BadScenario("indented-under-page",
                    "page https://app.example.com\n  expect readable\n",
                    """
                    error: expected a step at column 1, found an indented line ('page' on line 1 takes no indented lines)
                     --> test.cors:2:3
                      |
                    2 |   expect readable
                      |   ^
                    """),
        BadScenario("indented-first-line",
                    "  page https://app.example.com\n",
                    """
                    error: expected a step at column 1, found an indented line
                     --> test.cors:1:3
                      |
                    1 |   page https://app.example.com
                      |   ^
                    """),
        BadScenario("header-at-top",
                    "Content-Type: text/plain\n",
                    """
                    error: expected a step (page, server, fetch, cookie, wait, restart or note), found 'Content-Type:' (a header line belongs indented under a 'fetch' line or a route)
                     --> test.cors:1:1
                      |
                    1 | Content-Type: text/plain
                      | ^
                    """),
        BadScenario("expect-under-server",
                    "server https://api.example.com\n  expect readable\n",
                    """
                    error: expected a route such as 'GET /path' under 'server', found 'expect' ('expect' lines belong under a 'fetch' line)
                     --> test.cors:2:3
                      |
                    2 |   expect readable
                      |   ^
                    """),
        BadScenario("fetch-relative-url",
                    "fetch GET /users\n",
                    """
                    error: expected a URL starting with http:// or https://, found '/users'
                     --> test.cors:1:11
                      |
                    1 | fetch GET /users
                      |           ^
                    """),
        // A fetch line takes any scheme (fetch GET ftp://... is valid), not a URL the parser refuses.
        BadScenario("fetch-data-url-bad-port",
                    "fetch GET data://test:test/,X\n",
                    """
                    error: expected a port number from 0 to 65535, not 'test'
                     --> test.cors:1:11
                      |
                    1 | fetch GET data://test:test/,X
                      |           ^
                    """),
        BadScenario("fetch-missing-url",
                    "fetch GET\n",
                    """
                    error: expected a URL after the method, found the end of the line
                     --> test.cors:1:10
                      |
                    1 | fetch GET
                      |          ^
                    """),
        BadScenario("fetch-url-first",
                    "fetch https://api.example.com/\n",
                    """
                    error: expected a method such as GET before the URL, found 'https://api.example.com/'
                     --> test.cors:1:7
                      |
                    1 | fetch https://api.example.com/
                      |       ^
                    """),
        BadScenario("fetch-unknown-line",
                    "fetch GET https://api.example.com/\n  header X-Foo 1\n",
                    """
                    error: expected a header 'Name: value', 'raw-header NAME: VALUE', 'body TEXT', 'body-type TYPE' or 'expect WHAT' under 'fetch', found 'header'
                     --> test.cors:2:3
                      |
                    2 |   header X-Foo 1
                      |   ^
                    """),
        BadScenario("route-path-no-slash",
                    "server https://api.example.com\n  GET users\n    200\n",
                    """
                    error: expected a path starting with '/', or *, found 'users'
                     --> test.cors:2:7
                      |
                    2 |   GET users
                      |       ^
                    """),
        BadScenario("route-star-inside",
                    "server https://api.example.com\n  GET /a/*/b\n    200\n",
                    """
                    error: expected '*' only at the end of a path, found it inside '/a/*/b'
                     --> test.cors:2:10
                      |
                    2 |   GET /a/*/b
                      |          ^
                    """),
        BadScenario("route-extra",
                    "server https://api.example.com\n  GET /a /b\n    200\n",
                    """
                    error: expected the end of the line or 'when CONDITION' after the path, found '/b'
                     --> test.cors:2:10
                      |
                    2 |   GET /a /b
                      |          ^
                    """),
        BadScenario("route-method-header",
                    "server https://api.example.com\n  Access-Control-Allow-Origin: *\n",
                    """
                    error: expected a method such as GET, or *, found 'Access-Control-Allow-Origin:' (headers go under a route, after its status line)
                     --> test.cors:2:3
                      |
                    2 |   Access-Control-Allow-Origin: *
                      |   ^
                    """),
        BadScenario("restart-extra",
                    "restart now\n",
                    """
                    error: expected the end of the line after 'restart', found 'now'
                     --> test.cors:1:9
                      |
                    1 | restart now
                      |         ^
                    """),
        BadScenario("note-empty",
                    "note   \n",
                    """
                    error: expected the note's text after 'note', found the end of the line
                     --> test.cors:1:8
                      |
                    1 | note  \u{20}
                      |        ^
                    """),
        BadScenario("unicode-column",
                    "fetch GET https://api.example.com/café bad=1\n",
                    """
                    error: expected an option mode, credentials, redirect, cache, duplex, keepalive, signal, integrity, priority, referrerPolicy or referrer, found 'bad'
                     --> test.cors:1:40
                      |
                    1 | fetch GET https://api.example.com/café bad=1
                      |                                        ^
                    """),
        BadScenario("crlf",
                    "page https://app.example.com\r\nwait 5x\r\n",
                    """
                    error: expected a duration such as 500ms, 5s, 10m, 3h, 2d or 1h30m, found '5x'
                     --> test.cors:2:6
                      |
                    2 | wait 5x
                      |      ^
                    """),
    ]

    @Test func invalidUTF8IsReportedWhereItStarts() {
        let bytes: [UInt8] = Array("page https://app.example.com\nnote café ".utf8) + [0xFF, 0xFE] + Array("\n".utf8)
        #expect(Self.renderedError(data: bytes) == """
            error: expected UTF-8 text, found the byte 0xFF, which is not valid UTF-8
             --> test.cors:2:11
              |
            2 | note café \u{FFFD}\u{FFFD}
              |           ^
            """)
    }

    @Test(arguments: [
        ("an overlong slash", [0xC0, 0xAF] as [UInt8], "0xC0"),
        ("a surrogate", [0xED, 0xA0, 0x80], "0xED"),
        ("a lone continuation byte", [0x80], "0x80"),
        ("a truncated sequence", [0xE2, 0x82], "0xE2"),
        ("past U+10FFFF", [0xF4, 0x90, 0x80, 0x80], "0xF4"),
    ])
    func malformedUTF8IsRefused(_ what: String, _ sequence: [UInt8], _ shown: String) throws {
        let bytes = Array("note ".utf8) + sequence
        let rendered = try #require(Self.renderedError(data: bytes), "\(what) must be refused")
        #expect(rendered.hasPrefix("error: expected UTF-8 text, found the byte \(shown), which is not valid UTF-8\n --> test.cors:1:6\n"))
    }

    @Test func aLineOverTheLimitIsRefusedAtTheFirstByteTooMany() {
        let line = "note " + String(repeating: "x", count: ScenarioParser.maximumLineBytes - 5 + 10)
        let shown = String(repeating: "x", count: ScenarioError.excerptWidth)
        #expect(Self.renderedError(line + "\nrestart\n") == """
            error: expected a line of at most 16384 bytes, found one of 16394 bytes
             --> test.cors:1:16385
              |
            1 | …\(shown)
              | \(String(repeating: " ", count: ScenarioError.excerptWidth + 1))^
            """)
    }

    @Test func aLongLineIsShownAroundTheCaret() {
        let url = "https://api.example.com/" + String(repeating: "a", count: 300)
        let rendered = Self.renderedError("fetch GET \(url) bogus=1") ?? ""
        let lines = rendered.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines[0] == "error: expected an option mode, credentials, redirect, cache, duplex, keepalive, signal, integrity, priority, referrerPolicy or referrer, found 'bogus'")
        #expect(lines[1] == " --> test.cors:1:336")
        // The excerpt ends with the line, so the caret sits under 'bogus'.
        #expect(lines[3].hasPrefix("1 | …") && lines[3].hasSuffix("aaaa bogus=1"))
        let caretColumn = lines[4].count - 1
        let bogusColumn = (lines[3].range(of: "bogus").map { lines[3].distance(from: lines[3].startIndex, to: $0.lowerBound) }) ?? -1
        #expect(caretColumn == bogusColumn)
    }

    @Test func aFileOverTheSizeLimitIsRefused() {
        var limits = ScenarioParser.Limits()
        limits.fileBytes = 16
        #expect(Self.renderedError("note a file longer than sixteen bytes", limits: limits) == """
            error: expected a file of at most 16 bytes, found 37 bytes
             --> test.cors:1:1
              |
            1 | note a file longer than sixteen bytes
              | ^
            """)
    }

    @Test func tooManyStepsIsRefusedAtTheFirstStepTooMany() {
        var limits = ScenarioParser.Limits()
        limits.steps = 2
        #expect(Self.renderedError("restart\nrestart\n# three\nrestart\n", limits: limits) == """
            error: expected at most 2 steps in a file, found step 3
             --> test.cors:4:1
              |
            4 | restart
              | ^
            """)
    }

    @Test func tooManyRoutesIsRefused() {
        var limits = ScenarioParser.Limits()
        limits.routesPerServer = 1
        #expect(Self.renderedError("server https://a.example\n  GET /a\n    200\n  GET /b\n    200\n", limits: limits) == """
            error: expected at most 1 routes in one server block, found route 2
             --> test.cors:4:3
              |
            4 |   GET /b
              |   ^
            """)
    }

    @Test func tooManyHeadersIsRefusedOnRoutesAndFetches() {
        var limits = ScenarioParser.Limits()
        limits.headersPerMessage = 2
        #expect(Self.renderedError("server https://a.example\n  GET /a\n    200\n    A: 1\n    B: 2\n    C: 3\n", limits: limits) == """
            error: expected at most 2 headers on one request or response, found header 3
             --> test.cors:6:5
              |
            6 |     C: 3
              |     ^
            """)
        #expect(Self.renderedError("fetch GET https://a.example/\n  A: 1\n  expect readable\n  B: 2\n  C: 3\n", limits: limits) == """
            error: expected at most 2 headers on one request or response, found header 3
             --> test.cors:5:3
              |
            5 |   C: 3
              |   ^
            """)
    }

    @Test func aBodyOverTheLimitIsRefused() {
        var limits = ScenarioParser.Limits()
        limits.bodyBytes = 10
        #expect(Self.renderedError("server https://a.example\n  GET /a\n    200\n\n    12345\n    67890\n", limits: limits) == """
            error: expected a response body of at most 10 bytes, found 11 bytes by this line
             --> test.cors:6:5
              |
            6 |     67890
              |     ^
            """)
    }

    @Test func errorsAreValuesWithLocationAndSourceLine() {
        do throws(ScenarioError) {
            _ = try ScenarioParser.parse("page https://app.example.com\nwait 3x\n", file: "lesson.cors")
            Issue.record("expected an error")
        } catch {
            #expect(error.location == CORSSim.SourceLocation(file: "lesson.cors", line: 2, column: 6))
            #expect(error.sourceLine == "wait 3x")
            #expect(error.message == "expected a duration such as 500ms, 5s, 10m, 3h, 2d or 1h30m, found '3x'")
            #expect(error.description == error.rendered)
        }
    }
}
