import Testing
@testable import CORSSim

/// Request-dependent routes (`when`, `{request.NAME}`), the CORS policy model and
/// `CORSPolicyServer` (issue 16). The presets themselves are held to the real middlewares by
/// Tests/CORSSimScenarioTests/MiddlewarePresetTests.swift.
@Suite struct CORSPolicyTests {
    static let api = try! Origin(parsing: "https://api.example")

    static func request(_ method: String = "GET", origin: String?, _ headers: [(String, String)] = []) -> WireRequest {
        var list = HeaderList(headers.map { Header($0.0, $0.1) })
        if let origin { list = HeaderList([Header("Origin", origin)] + list.headers) }
        return WireRequest(method: method, url: try! FetchURL(parsing: "https://api.example/data"), headers: list)
    }

    struct ConditionCase: Sendable, CustomTestStringConvertible {
        var condition: RequestCondition
        var origin: String?
        var method = "GET"
        var header: String?
        var holds: Bool
        var testDescription: String { "\(condition.text) for \(origin ?? "no Origin") \(method) → \(holds)" }
    }

    static let conditionCases: [ConditionCase] = [
        .init(condition: .originIn(["https://app.example", "null"]), origin: "https://app.example", holds: true),
        .init(condition: .originIn(["https://app.example"]), origin: "https://app.example.evil.example", holds: false),
        .init(condition: .originIn(["https://app.example", "null"]), origin: "null", holds: true),
        .init(condition: .originIn(["https://app.example"]), origin: nil, holds: false),
        .init(condition: .not(.originIn(["https://app.example"])), origin: nil, holds: true),
        // The classic bugs: each lets the attacker in.
        .init(condition: .originEndsWith("app.example"), origin: "https://evilapp.example", holds: true),
        .init(condition: .originStartsWith("https://app.example"), origin: "https://app.example.evil.example", holds: true),
        .init(condition: .originContains("app.example"), origin: "https://app.example.evil.example", holds: true),
        .init(condition: .originMatches("https://app.example"), origin: "https://appxexample.evil.example", holds: true),   // an unescaped dot
        .init(condition: .originMatches("https://app.example"), origin: "https://app-example.evil.example", holds: true),
        .init(condition: .originMatches("app.example"), origin: "https://appxexample", holds: true),
        .init(condition: .originMatches("^https://app\\.example$"), origin: "https://app.example", holds: true),
        .init(condition: .originMatches("^https://app\\.example$"), origin: "https://app.example.evil.example", holds: false),
        .init(condition: .header("Authorization"), origin: nil, header: "authorization", holds: true),
        .init(condition: .header("Authorization"), origin: nil, holds: false),
        // header NAME in VALUE...: the value ("x" here) byte for byte, false without the header.
        .init(condition: .headerIn("Sec-Fetch-Site", ["same-site", "x"]), origin: nil, header: "sec-fetch-site", holds: true),
        .init(condition: .headerIn("Sec-Fetch-Site", ["X"]), origin: nil, header: "Sec-Fetch-Site", holds: false),
        .init(condition: .headerIn("Sec-Fetch-Site", ["x"]), origin: nil, holds: false),
        .init(condition: .method(["PUT", "DELETE"]), origin: nil, method: "DELETE", holds: true),
        .init(condition: .method(["PUT"]), origin: nil, method: "put", holds: false),
        .init(condition: .all([.originIn(["https://app.example"]), .method(["GET"])]), origin: "https://app.example", holds: true),
        .init(condition: .all([.originIn(["https://app.example"]), .method(["PUT"])]), origin: "https://app.example", holds: false),
    ]

    @Test(arguments: conditionCases)
    func aConditionHoldsExactlyForTheRequestsItDescribes(_ c: ConditionCase) {
        let headers = c.header.map { [($0, "x")] } ?? []
        #expect(c.condition.holds(for: Self.request(c.method, origin: c.origin, headers)) == c.holds)
    }

    @Test func whenGroupsAndRequestReflectionFollowTheRequest() throws {
        let text = """
            server https://api.example
              OPTIONS /data when origin in https://app.example
                204
                Access-Control-Allow-Origin: {origin}
                when header Access-Control-Request-Headers
                  Access-Control-Allow-Headers: {request.Access-Control-Request-Headers}
                  Vary: Access-Control-Request-Headers
                Access-Control-Allow-Methods: PUT
              OPTIONS /data
                403
            """
        let scenario = try ScenarioParser.parse(text, file: "t.cors")
        guard case .server(let step) = scenario.steps[0] else { Issue.record("no server"); return }
        #expect(step.routes[0].condition == .originIn(["https://app.example"]))
        let isolation = try ScenarioParser.parse("server https://api.example\n  * /x when header Sec-Fetch-Site in cross-site same-site and method PUT\n    403\n",
                                                 file: "t.cors")
        guard case .server(let isolated) = isolation.steps[0] else { Issue.record("no server"); return }
        #expect(isolated.routes[0].condition == .all([.headerIn("Sec-Fetch-Site", ["cross-site", "same-site"]), .method(["PUT"])]))
        #expect(isolated.routes[0].condition?.text == "header Sec-Fetch-Site in cross-site same-site and method PUT")
        #expect(step.routes[0].headerConditions.map { $0 != nil } == [false, true, true, false])
        var servers = MockServers()
        servers.install(step.routes, for: Self.api)
        func answer(_ r: WireRequest) -> WireResponse? {
            if case .response(let response) = servers.respond(to: r) { return response }
            return nil
        }
        let asked = answer(Self.request("OPTIONS", origin: "https://app.example", [("Access-Control-Request-Headers", "x-a, x-b")]))
        #expect(asked?.status == 204)
        #expect(asked?.headers.get("Access-Control-Allow-Headers") == "x-a, x-b")
        #expect(asked?.headers.headers.map(\.name) == ["Access-Control-Allow-Origin", "Access-Control-Allow-Headers", "Vary",
                                                      "Access-Control-Allow-Methods"])
        let bare = answer(Self.request("OPTIONS", origin: "https://app.example"))
        #expect(bare?.headers.contains("Access-Control-Allow-Headers") == false)
        #expect(bare?.headers.contains("Vary") == false)
        #expect(answer(Self.request("OPTIONS", origin: "https://evil.example"))?.status == 403)
    }

    @Test func aBodyMayFollowAWhenGroupAndCorsFollowedByAPathIsARoute() throws {
        let text = """
            server https://api.example
              GET /data
                200
                when origin in https://app.example
                  Access-Control-Allow-Origin: {origin}

                {"a": 1}
              cors /odd
                200
            """
        let scenario = try ScenarioParser.parse(text, file: "t.cors")
        guard case .server(let step) = scenario.steps[0] else { Issue.record("no server"); return }
        #expect(step.routes[0].body == "{\"a\": 1}")
        #expect(step.routes[0].headers.count == 1)
        #expect(step.routes[1].method == "cors")
        #expect(step.cors == nil)
    }

    @Test func aTemplateReflectingAnAbsentHeaderLeavesTheHeaderOut() throws {
        let template = try #require(HeaderTemplate("{request.X-Trace}; origin={origin}"))
        #expect(template.expand(for: Self.request(origin: "https://a.example", [("x-trace", "7")])) == "7; origin=https://a.example")
        #expect(template.expand(for: Self.request(origin: "https://a.example")) == nil)
        #expect(HeaderTemplate("{request.}") == nil)
        #expect(HeaderTemplate("plain {text}") == nil)
    }

    @Test func theCustomPolicyAnswersPreflightsAndDecoratesTheApp() {
        let policy = CORSPolicy(origins: .list(["https://app.example"]), credentials: true, methods: ["PUT"],
                                allowedHeaders: .reflect, exposedHeaders: ["X-Total"], maxAge: .seconds(60), errorsCarryCORS: false)
        let preflight = policy.answerWithoutApp(Self.request("OPTIONS", origin: "https://app.example",
                                                             [("Access-Control-Request-Method", "PUT"), ("Access-Control-Request-Headers", "x-a")]))
        #expect(preflight?.status == 204)
        #expect(preflight.map { Array($0.headers.headers.map { [$0.name, $0.value] }) } == [
            ["Access-Control-Allow-Origin", "https://app.example"], ["Access-Control-Allow-Credentials", "true"],
            ["Access-Control-Allow-Methods", "PUT"], ["Access-Control-Allow-Headers", "x-a"], ["Access-Control-Max-Age", "60"],
            ["Vary", "Origin"]])
        // Not a preflight: the app answers.
        #expect(policy.answerWithoutApp(Self.request("OPTIONS", origin: "https://app.example")) == nil)
        let ok = policy.decorate(WireResponse(status: 200), for: Self.request(origin: "https://app.example"))
        #expect(ok.headers.get("Access-Control-Expose-Headers") == "X-Total")
        let refused = policy.decorate(WireResponse(status: 200), for: Self.request(origin: "https://evil.example"))
        #expect(refused.headers.headers.map(\.name) == ["Vary"])
        // errors plain: the 500 leaves without CORS headers.
        let error = policy.decorate(WireResponse(status: 500), for: Self.request(origin: "https://app.example"))
        #expect(error.headers.isEmpty)
    }

    @Test func nginxWithoutAlwaysDropsTheHeadersOnErrorsAndAlwaysKeepsThem() {
        let request = Self.request(origin: "https://app.example")
        for (preset, status, kept) in [(CORSPolicy.Preset.nginx, 200, true), (.nginx, 401, false), (.nginx, 500, false), (.nginx, 304, true),
                                       (.nginxAlways, 500, true)] {
            let out = CORSPolicy(preset, origins: .fixed("https://app.example")).decorate(WireResponse(status: status), for: request)
            #expect(out.headers.contains("Access-Control-Allow-Origin") == kept, "\(preset.rawValue) \(status)")
        }
    }

    @Test func aPolicyServerIsWhatATestSuiteUsesInsteadOfAHandler() throws {
        let policy = CORSPolicy(.express, origins: .list(["https://app.example"]), credentials: true,
                                methods: ["GET", "PUT"], allowedHeaders: .list(["Content-Type"]))
        let server = CORSPolicyServer(policy, origin: Self.api) { request in
            request.url.path == "/users" ? WireResponse(status: 200, body: "[]") : WireResponse(status: 404)
        }
        for profile in [BrowserProfile.chrome, .firefox, .safari] {
            var browser = Browser(profile, page: try Origin(parsing: "https://app.example"))
            let put = FetchRequest("PUT", try FetchURL(parsing: "https://api.example/users"),
                                   headers: [("Content-Type", "application/json")], body: .text("{}"), credentials: .include)
            let outcome = browser.fetch(put, server: server)
            #expect(outcome.verdict == .readable, "\(profile.displayName): \(outcome.console)")
            #expect(outcome.preflight == .sent)
            browser.navigate(to: try Origin(parsing: "https://evil.example"))
            let evil = browser.fetch(FetchRequest("GET", try FetchURL(parsing: "https://api.example/users"), credentials: .include), server: server)
            #expect(evil.verdict == .blocked)
            #expect(evil.failure?.reason == .missingAllowOrigin)
        }
        var browser = Browser(.chrome, page: try Origin(parsing: "https://app.example"))
        let elsewhere = browser.fetch(FetchRequest("GET", try FetchURL(parsing: "https://other.example/users")), server: server)
        #expect(elsewhere.failure?.reason == .networkError)
    }

    @Test func hummingbirdsMiddlewareAddedAfterTheRoutesSeesOnlyUnroutedRequests() throws {
        let text = """
            server https://api.example
              cors hummingbird
                scope unrouted
              GET /data
                200
            """
        let scenario = try ScenarioParser.parse(text, file: "t.cors")
        guard case .server(let step) = scenario.steps[0] else { Issue.record("no server"); return }
        var servers = MockServers()
        servers.install(step.routes, for: Self.api, policy: step.cors)
        func answer(_ r: WireRequest) -> WireResponse? {
            if case .response(let response) = servers.respond(to: r) { return response }
            return nil
        }
        // OPTIONS /data is no endpoint: the not-found responder, wrapped by the middleware, answers.
        let preflight = answer(Self.request("OPTIONS", origin: "https://app.example", [("Access-Control-Request-Method", "GET")]))
        #expect(preflight?.status == 204)
        #expect(preflight?.headers.get("Access-Control-Allow-Origin") == "https://app.example")
        // GET /data is an endpoint registered before the middleware: no CORS header.
        let get = answer(Self.request("GET", origin: "https://app.example"))
        #expect(get?.status == 200)
        #expect(get?.headers.contains("Access-Control-Allow-Origin") == false)
        // Without the scope the same GET carries it.
        let everywhere = CORSPolicy(.hummingbird).decorate(WireResponse(status: 200), for: Self.request(origin: "https://app.example"))
        #expect(everywhere.headers.get("Access-Control-Allow-Origin") == "https://app.example")
    }

    @Test func theParsedFormNamesConditionsAndThePolicyOnlyWhereWritten() throws {
        let text = """
            server https://api.example
              cors express
                credentials true
              GET /a when origin in https://app.example
                200
                when not header Authorization
                  Vary: Origin
              GET /b
                200
            """
        let json = ScenarioJSON.render(try ScenarioParser.parse(text, file: "t.cors")).serialized()
        #expect(json.contains(#""when":"origin in https://app.example""#))
        #expect(json.contains(#""header_when":["not header Authorization"]"#))
        #expect(json.contains(#""cors":"express; credentials true""#))
        // The same conditions as trees, for readers that evaluate them (the recorder's servers).
        #expect(json.contains(#""condition":{"test":"origin-in","values":["https://app.example"]}"#))
        #expect(json.contains(#""header_conditions":[{"test":"not","condition":{"test":"header","name":"Authorization"}}]"#))
        // A route without conditions keeps the fields older readers know, and nothing more.
        #expect(json.components(separatedBy: "\"when\"").count == 2)
    }

    /// The README's CORSPolicyServer example, as written there.
    @Test func theReadmeExampleRuns() {
        let policy = CORSPolicy(.express, origins: .list(["https://app.example"]), credentials: true,
                                methods: ["GET", "PUT"], allowedHeaders: .list(["Content-Type"]))
        let server = CORSPolicyServer(policy, origin: "https://api.example") { request in
            request.url.path == "/users" ? WireResponse(status: 200, body: "[]") : WireResponse(status: 404)
        }
        var browser = Browser(.firefox, page: "https://app.example")
        let outcome = browser.fetch(FetchRequest("PUT", "https://api.example/users",
                                                 headers: [("Content-Type", "application/json")], credentials: .include),
                                    server: server)
        #expect(outcome.verdict == .readable)
    }

    @Test func aBlockedErrorAnswerWithoutCORSHeadersPointsAtTheServer() throws {
        let behindErrors = CORSPolicyServer(CORSPolicy(.vapor, origins: .list(["https://app.example"])), origin: Self.api, status: 401)
        let errorsToo = CORSPolicyServer(CORSPolicy(.vapor, origins: .list(["https://app.example"]), errorsCarryCORS: true),
                                         origin: Self.api, status: 401)
        var browser = Browser(.chrome, page: try Origin(parsing: "https://app.example"))
        let put = FetchRequest("PUT", try FetchURL(parsing: "https://api.example/x"))
        let blocked = browser.fetch(put, server: behindErrors)
        #expect(blocked.verdict == .blocked)
        #expect(Describe.errorResponseHint(blocked)?.hasPrefix("the preflight passed, but the 401 answer carries no CORS headers") == true)
        browser.restart()
        let readable = browser.fetch(put, server: errorsToo)
        #expect(readable.verdict == .readable)
        #expect(readable.response?.status == 401)
        #expect(Describe.errorResponseHint(readable) == nil)
    }

    @Test func aPresetRefusesWhatItsMiddlewareCannotBeToldAndBadPatterns() {
        #expect(CORSPolicy(.django, origins: .reflect).problem != nil)
        #expect(CORSPolicy(.express, originPatterns: ["(unclosed"]).problem != nil)
        #expect(CORSPolicy(.goRsCors, originPatterns: ["https://*.a.*.example"]).problem != nil)
        #expect(CORSPolicy(.goRsCors, originPatterns: ["https://*.a.example"]).problem == nil)
        #expect(!CORSPolicy(.hummingbird).supportedSettings.contains(.vary))
        #expect(CORSPolicy(.vapor).supportedSettings.contains(.errors))
    }

    @Test func wildcardsMatchAsRsCorsAndSpringDo() {
        #expect(CORSPolicy.wildcardMatches("https://*.app.example", "https://admin.app.example", ignoringCase: true, anyStars: false))
        #expect(!CORSPolicy.wildcardMatches("https://*.app.example", "https://evilapp.example", ignoringCase: true, anyStars: false))
        #expect(CORSPolicy.wildcardMatches("https://*.app.example", "HTTPS://X.APP.EXAMPLE", ignoringCase: true, anyStars: false))
        #expect(CORSPolicy.wildcardMatches("https://*.example:*", "https://a.example:8443", ignoringCase: true, anyStars: true))
        #expect(!CORSPolicy.wildcardMatches("https://*.example:*", "https://a.example", ignoringCase: true, anyStars: true))
    }
}

/// The line under a blocked verdict names what hid a response that reached the server: a learner
/// told "CORS only hides the response" for a refused redirect would look for a CORS header.
@Suite struct ReachNoteTests {
    static let page: Origin = "https://app.example"

    func outcome(_ request: FetchRequest, _ answer: @escaping (WireRequest) -> WireResponse) -> FetchOutcome {
        var browser = Browser(.chrome, page: Self.page)
        return browser.fetch(request, server: ClosureServer(answer))
    }

    @Test func eachBlockedOutcomeNamesWhatHidIt() throws {
        let noACAO = outcome(FetchRequest("GET", "https://api.example/x")) { _ in WireResponse(status: 200) }
        #expect(Describe.reachNote(noACAO) == "the request DID reach the server: CORS only hides the response")

        let redirected = outcome(FetchRequest("GET", "https://api.example/x", redirect: .error)) { _ in
            WireResponse(status: 302, headers: [("Location", "/y"), ("Access-Control-Allow-Origin", "*")])
        }
        #expect(redirected.failure?.reason == .redirectErrorMode)
        #expect(Describe.reachNote(redirected) == "the request DID reach the server: the browser refused a redirect it answered with")

        let tampered = outcome(FetchRequest("GET", "https://api.example/x",
                                            integrity: "sha256-9UuVKlo2DjYKZ+4IFvV26Kqon/King8zfwEE8NS9aoU=")) { _ in
            WireResponse(status: 200, headers: [("Access-Control-Allow-Origin", "*")], body: "ok")
        }
        #expect(tampered.failure?.reason == .integrityMismatch)
        #expect(Describe.reachNote(tampered) == "the request DID reach the server: the integrity check only hides the response")

        let refusedPreflight = outcome(FetchRequest("PUT", "https://api.example/x")) { _ in WireResponse(status: 204) }
        #expect(!refusedPreflight.requestSent)
        #expect(Describe.reachNote(refusedPreflight) == "the actual request never reached the server")
    }
}
