// The audit against real servers: flask-cors configured correctly and with planted
// misconfigurations, and the project's own mock servers served over HTTP for the ones
// flask-cors cannot produce. Each planted misconfiguration is found with a browser-aware
// severity; the correct configuration has no finding at medium or above.
import Foundation
import Testing
@testable import CORSSim
import CORSSimLive
@testable import CORSSimCommand

@Suite(.serialized, .timeLimit(.minutes(3)))
struct AuditTests {
    static let app = try! Origin(parsing: "https://app.example.com")

    static func audit(_ port: Int, path: String = "/api/me", method: String = "GET", credentials: CredentialsMode = .include) throws -> AuditReport {
        let target = AuditTarget(url: try FetchURL(parsing: "http://127.0.0.1:\(port)\(path)"), from: app, method: method, credentials: credentials)
        return Auditor(server: LiveServer(options: LiveOptions(connectTimeout: 5, readTimeout: 5))).run(target)
    }

    static func codes(_ r: AuditReport) -> [String: Severity] {
        Dictionary(r.findings.map { ($0.code, $0.severity) }, uniquingKeysWith: max)
    }

    // MARK: flask-cors

    @Test(.needsFlaskCORS) func theCorrectFlaskCORSConfigurationHasNothingAtMediumOrAbove() throws {
        try withFlaskCORS("correct") { port in
            for method in ["GET", "PUT"] {
                let report = try Self.audit(port, method: method)
                #expect(report.errors.isEmpty)
                #expect(!report.has(atLeast: .medium), "\(report.text())")
                #expect(report.probes[0].readable(credentials: true) == [.chrome, .firefox, .safari])
                for p in report.probes.dropFirst() { #expect(p.readable(credentials: true).isEmpty && p.readable(credentials: false).isEmpty, "\(p.origin)") }
                // flask-cors 6 sends no Vary: Origin when its allow-list has one origin, although
                // Access-Control-Allow-Origin then comes and goes with the request's Origin.
                #expect(Self.codes(report)["missing-vary-origin"] == .low)
            }
            let cli = runLiveTool(["audit", "http://127.0.0.1:\(port)/api/me", "--from", "https://app.example.com", "--credentials", "include"])
            #expect(cli.status == 0, "\(cli.out)\(cli.err)")
            #expect(cli.out.contains("0 high, 0 medium, 1 low"))
        }
    }

    static let planted: [(config: String, code: String, severity: Severity)] = [
        ("wildcard-credentials", "reflects-any-origin-with-credentials", .high),
        ("suffix-regex", "allows-suffix-origin-with-credentials", .high),
        ("prefix-regex", "allows-prefix-origin-with-credentials", .high),
        ("null-allowed", "allows-null-origin-with-credentials", .high),
        ("http-allowed", "allows-http-origin-with-credentials", .medium),
    ]

    @Test(.needsFlaskCORS, arguments: planted.indices)
    func eachPlantedFlaskCORSMisconfigurationIsFound(_ i: Int) throws {
        let (config, code, severity) = Self.planted[i]
        try withFlaskCORS(config) { port in
            let report = try Self.audit(port)
            #expect(Self.codes(report)[code] == severity, "\(config): \(report.text())")
            let cli = runLiveTool(["audit", "http://127.0.0.1:\(port)/api/me", "--from", "https://app.example.com", "--format", "json"])
            #expect(cli.status == 1, "\(config)")
            #expect(cli.out.contains("\"code\":\"\(code)\",\"severity\":\"\(severity.name)\""))
            // Below the bar: with --min-severity high, a medium finding does not fail the run.
            let high = runLiveTool(["audit", "http://127.0.0.1:\(port)/api/me", "--from", "https://app.example.com", "--min-severity", "high"])
            #expect(high.status == (severity == .high ? 1 : 0))
        }
    }

    @Test(.needsFlaskCORS) func wildcardWithoutCredentialsIsInformationalBecauseNoBrowserLetsAScriptExploitIt() throws {
        try withFlaskCORS("public") { port in
            let report = try Self.audit(port, credentials: .omit)
            #expect(Self.codes(report)["wildcard-origin"] == .informational)
            #expect(report.findings.allSatisfy { $0.severity == .informational }, "\(report.text())")
            #expect(report.text().contains("No browser lets a script exploit this"))
            let cli = runLiveTool(["audit", "http://127.0.0.1:\(port)/api/me", "--from", "https://app.example.com", "--min-severity", "low"])
            #expect(cli.status == 0)
        }
    }

    @Test(.needsFlaskCORS) func maxAgeAboveEveryCapAndErrorsWithoutCORSHeaders() throws {
        try withFlaskCORS("long-max-age") { port in
            let report = try Self.audit(port, method: "PUT")
            let finding = report.findings.first { $0.code == "max-age-above-cap" }
            #expect(finding?.severity == .informational)
            #expect(finding?.detail.contains("Chrome caps it at 7200 s") == true && finding?.detail.contains("Safari caps it at 600 s") == true)
        }
        try withFlaskCORS("api-only") { port in
            // CORS on /api/* only: the error probe goes inside the audited path
            // (/api/me/cors-sim-audit-nonexistent-9f2c), where the 404 carries the headers; the
            // server root's 404 without them is not the API's business.
            let report = try Self.audit(port)
            #expect(Self.codes(report)["error-responses-without-cors"] == nil, "\(report.text())")
        }
    }

    // MARK: The project's mock servers over HTTP

    /// Routes flask-cors cannot be configured to produce, served over real HTTP.
    static let handWritten = """
    server http://127.0.0.1
      OPTIONS /true-capitalised
        204
        Access-Control-Allow-Origin: https://app.example.com
        Access-Control-Allow-Credentials: True
        Access-Control-Allow-Methods: PUT
      PUT /true-capitalised
        200
        Access-Control-Allow-Origin: https://app.example.com
        Access-Control-Allow-Credentials: True
      OPTIONS /expose-on-preflight
        204
        Access-Control-Allow-Origin: https://app.example.com
        Access-Control-Allow-Methods: PUT
        Access-Control-Expose-Headers: X-Total-Count
        Access-Control-Max-Age: abc
      PUT /expose-on-preflight
        200
        Access-Control-Allow-Origin: https://app.example.com
        X-Total-Count: 3
      GET /star-and-credentials
        200
        Access-Control-Allow-Origin: *
        Access-Control-Allow-Credentials: true
      GET /reflect-no-vary
        200
        Access-Control-Allow-Origin: {origin}
      GET /fixed-no-vary
        200
        Access-Control-Allow-Origin: https://app.example.com
      GET /fixed-no-vary/*
        404
        Access-Control-Allow-Origin: https://app.example.com
      GET /api/v2/me
        200
        Access-Control-Allow-Origin: https://app.example.com
        Vary: Origin
      GET /api/v2/*
        404
      GET *
        404
        Access-Control-Allow-Origin: https://app.example.com
      OPTIONS /two-problems
        204
        Access-Control-Allow-Origin: https://app.example.com
        Access-Control-Allow-Methods: GET
      PUT /two-problems
        200
        Access-Control-Allow-Origin: https://app.example.com
    """

    static func withHandWritten<T>(_ body: (Int) throws -> T) throws -> T {
        let scenario = try ScenarioParser.parse(data: Array(handWritten.utf8), file: "audit.cors")
        guard case .server(let step) = scenario.steps[0] else { throw TestServerError("no server step") }
        let box = MockBox()
        let server = try LoopbackHTTPServer(serving: box) { request in
            // The routes are the same whatever the port: the origin is taken from Host.
            request.header("Host").flatMap { try? Origin(parsing: "http://" + $0) }.map { ($0, request.target) }
        }
        defer { server.stop() }
        box.install(ServerStep(origin: try Origin(parsing: "http://127.0.0.1:\(server.port)"), routes: step.routes, location: step.location))
        return try body(server.port)
    }

    @Test func handWrittenMisconfigurationsServedOverHTTP() throws {
        try Self.withHandWritten { port in
            let capitalised = try Self.audit(port, path: "/true-capitalised", method: "PUT")
            #expect(Self.codes(capitalised)["allow-credentials-not-true"] == .low)
            // For the site's owner, a front end that cannot use its own API is the worst finding.
            #expect(Self.codes(capitalised)["trusted-origin-blocked"] == .high)

            let expose = try Self.audit(port, path: "/expose-on-preflight", method: "PUT", credentials: .omit)
            #expect(Self.codes(expose)["expose-headers-only-on-preflight"] == .low)
            let maxAge = expose.findings.first { $0.code == "max-age-unparsable" }
            #expect(maxAge?.severity == .low)
            #expect(maxAge?.detail.contains("Firefox does not cache the preflight at all") == true)
            #expect(maxAge?.detail.contains("Chrome uses its default of 5 s") == true)

            let star = try Self.audit(port, path: "/star-and-credentials")
            #expect(Self.codes(star)["wildcard-with-credentials"] == .low)
            #expect(!star.findings.contains { $0.severity >= .medium && $0.code != "trusted-origin-blocked" },
                    "no browser lets another site read it: \(star.text())")
            #expect(Self.codes(star)["trusted-origin-blocked"] == .high, "the front end's own credentialed fetch fails")

            let reflect = try Self.audit(port, path: "/reflect-no-vary", credentials: .omit)
            #expect(Self.codes(reflect)["reflects-any-origin"] == .low)
            #expect(Self.codes(reflect)["missing-vary-origin"] == .low)
        }
    }

    @Test func theErrorProbeStaysInsideTheAuditedPath() throws {
        try Self.withHandWritten { port in
            // The server root answers errors with CORS headers, the API under /api/v2/ without.
            let report = try Self.audit(port, path: "/api/v2/me", credentials: .omit)
            let finding = report.findings.first { $0.code == "error-responses-without-cors" }
            #expect(finding?.title.contains("/api/v2/me/cors-sim-audit-nonexistent-9f2c") == true, "\(report.text())")
            #expect(finding?.evidence.first?.contains("/api/v2/me/cors-sim-audit-nonexistent-9f2c") == true)
        }
    }

    @Test func missingVaryIsRaisedOnlyWhenTheAllowedOriginReallyVaries() throws {
        try Self.withHandWritten { port in
            // The same Access-Control-Allow-Origin for every probe: no cache can mix anything up.
            let fixed = try Self.audit(port, path: "/fixed-no-vary", credentials: .omit)
            #expect(Self.codes(fixed)["missing-vary-origin"] == nil, "\(fixed.text())")
            let reflect = try Self.audit(port, path: "/reflect-no-vary", credentials: .omit)
            #expect(Self.codes(reflect)["missing-vary-origin"] == .low)
        }
    }

    @Test func everyFailingReasonOfTheFrontEndsFetchIsReported() throws {
        try Self.withHandWritten { port in
            // The preflight lacks both Allow-Credentials and PUT: a browser stops at the first.
            let report = try Self.audit(port, path: "/two-problems", method: "PUT", credentials: .include)
            let finding = report.findings.first { $0.code == "trusted-origin-blocked" }
            #expect(finding?.severity == .high)
            #expect(finding?.title.hasPrefix("Your own front end (https://app.example.com) cannot read the response") == true)
            for browser in ["Chrome", "Firefox", "Safari"] {
                let line = finding?.detail.split(separator: ";").first { $0.contains(browser) }.map(String.init) ?? ""
                #expect(line.contains("missing-allow-credentials") && line.contains("method-not-allowed"), "\(browser): \(line)")
            }
        }
    }

    // MARK: The command line

    @Test func badArgumentsAndUnreachableServersExitWithStatus2() throws {
        #expect(runLiveTool(["audit", "http://127.0.0.1:9/x"]).status == 2)
        #expect(runLiveTool(["audit", "http://127.0.0.1:9/x", "--from", "https://app.example.com", "--min-severity", "huge"]).status == 2)
        #expect(runLiveTool(["audit", "ftp://x/", "--from", "https://app.example.com"]).status == 2)
        let port = try LiveTests.closedPort()
        let down = runLiveTool(["audit", "http://127.0.0.1:\(port)/x", "--from", "https://app.example.com"])
        #expect(down.status == 2)
        #expect(down.err.contains("live server http://127.0.0.1:\(port): connection refused"))
        #expect(runLiveTool(["help", "audit"]).out.hasPrefix("Usage: cors-sim audit URL --from ORIGIN"))
    }

    @Test func probeOriginsFollowTheFrontEndsHost() throws {
        let probes = Auditor.probeOrigins(for: Self.app).map { "\($0.0.rawValue) \($0.1.serialized)" }
        #expect(probes == ["trusted https://app.example.com", "arbitrary https://evil.com", "null null",
                           "suffix https://evil-example.com", "prefix https://app.example.com.evil.com", "insecure http://app.example.com"])
        // The suffix probe keeps the registrable domain under a multi-label public suffix.
        let uk = Auditor.probeOrigins(for: try Origin(parsing: "https://app.shop.co.uk")).map { "\($0.0.rawValue) \($0.1.serialized)" }
        #expect(uk.contains("suffix https://evil-shop.co.uk"))
    }
}
