import Foundation
import Testing
@testable import CORSSim

/// Properties that hold for every request and every server, checked on thousands of generated
/// cases. The generator is a seeded SplitMix64, so every run checks the same cases and a failure
/// names the seed of the case that broke (rerun one with `InvariantCase(seed:)`).
///
/// Each case is a request (methods in odd cases, safelisted headers with edge values, unsafe and
/// forbidden headers, bodies, modes, credentials, redirect and cache modes) and a server policy
/// (preflight status, Access-Control-Allow-Origin variants, -Credentials, -Methods and -Headers
/// with `*`, tokens and junk, Max-Age values, redirects). It runs in all five profiles, a fetch,
/// a wait, then a second, different fetch in the same browser so that cache hits are checked too.
@Suite struct InvariantTests {
    static let seeds: [UInt64] = Array(1...3000)
    static let page = try! Origin(parsing: "https://app.example.com")

    @Test func generatedCasesKeepEveryInvariant() {
        var quirksSeen: [Quirk: Int] = [:]
        var violations: [String] = []
        for seed in Self.seeds {
            let c = InvariantCase(seed: seed)
            violations += c.check(quirksSeen: &quirksSeen)
            if violations.count > 20 { break }
        }
        let report = violations.prefix(20).joined(separator: "\n")
        #expect(violations.isEmpty, "\(violations.count) violation(s):\n\(report)")
        // The generator reaches every documented quirk; otherwise it has stopped testing them.
        for quirk in Quirk.allCases { #expect(quirksSeen[quirk, default: 0] > 0, "the cases never reach \(quirk)") }
    }

    @Test func theGeneratorCoversTheInterestingOutcomes() {
        var verdicts: [BrowserName: Set<Verdict>] = [:]
        var preflights: Set<PreflightSummary> = []
        var reasons: Set<ReasonCode> = []
        for seed in Self.seeds.prefix(1500) {
            let c = InvariantCase(seed: seed)
            for (profile, outcomes) in c.run() {
                for o in outcomes {
                    verdicts[profile, default: []].insert(o.verdict)
                    preflights.insert(o.preflight)
                    if let f = o.failure { reasons.insert(f.reason) }
                }
            }
        }
        for name in BrowserName.allCases {
            #expect(verdicts[name] == [.readable, .opaque, .opaqueRedirect, .blocked], "\(name): \(verdicts[name] ?? [])")
        }
        #expect(preflights == [.sent, .cached, .none])
        for reason in [ReasonCode.missingAllowOrigin, .allowOriginMismatch, .wildcardWithCredentials, .missingAllowCredentials,
                       .preflightStatus, .methodNotAllowed, .headerNotAllowed, .invalidAllowMethods, .invalidAllowHeaders,
                       .redirectCredentialsInURL, .redirectInvalidLocation, .forbiddenMethod, .noCORSMethod] {
            #expect(reasons.contains(reason), "the cases never fail with \(reason)")
        }
    }
}

/// The documented ways a browser lets through what the `spec` profile blocks. A browser that is
/// more permissive than the standard for any other reason fails the test.
enum Quirk: String, CaseIterable, Hashable, CustomStringConvertible {
    /// `Access-Control-Allow-Headers: *` covers `Authorization` (Chrome, Firefox, Safari; README
    /// table, "`Allow-Headers: *` covers Authorization"); the standard requires the name.
    case wildcardCoversAuthorization
    /// Chrome safelists client hints (DPR, Viewport-Width, ...) and Intervention
    /// (`Chrome.swift`, `extraSafelistedNames`), so they need no preflight.
    case chromeSafelistsClientHints
    /// Chrome still forbids `User-Agent` (`Chrome.swift`, `extraForbiddenNames`): `fetch()`
    /// drops it, so it never needs a preflight.
    case chromeForbidsUserAgent
    /// Firefox cannot upload a ReadableStream: it sends the string `[object ReadableStream]`
    /// (`Firefox.swift`, `streamBodies: .stringified`), so a stream in no-cors mode is not refused
    /// and needs no preflight.
    case firefoxStringifiesStreams
    /// WebKit sends an `only-if-cached` request the HTTP cache cannot answer (`Safari.swift`,
    /// `onlyIfCachedMiss: .fetched`); the standard makes it a network error.
    case safariFetchesOnOnlyIfCachedMiss
    /// Firefox judges each header line on its own (`Firefox.swift`, `judgesEachLine`; recorded:
    /// Tests/Conformance header-repeated-safe-and-unsafe-line): two lines of one name that are
    /// unsafe only combined (two long `Accept` values) need no preflight.
    case firefoxJudgesEachHeaderLine
    // Firefox's `appliesSafelistTotalLimit: false` is not a quirk these cases can reach: without
    // Chrome's extra names the safelisted values cannot add up to more than 1024 bytes.

    var description: String { rawValue }
}

/// A small deterministic generator over the library's SplitMix64.
struct Generator {
    var random: SplitMix64

    init(seed: UInt64) { random = SplitMix64(seed: seed) }

    mutating func int(_ upperBound: Int) -> Int { Int(random.next(upperBound: UInt64(upperBound))) }
    mutating func chance(_ percent: Int) -> Bool { int(100) < percent }
    mutating func pick<T>(_ items: [T]) -> T { items[int(items.count)] }
}

/// What the generated server answers.
struct ServerPolicy: CustomStringConvertible {
    var preflightStatus: Int
    var preflightHeaders: [(String, String)]
    var actualStatus: Int
    var actualHeaders: [(String, String)]
    var finalHeaders: [(String, String)]

    var description: String {
        "preflight \(preflightStatus) \(preflightHeaders), actual \(actualStatus) \(actualHeaders), final \(finalHeaders)"
    }

    /// The server: a preflight gets the preflight policy; `/start` the actual one (maybe a
    /// redirect); `/final`, where redirects lead, a 200 with the final headers. `{origin}`
    /// reflects the request's Origin.
    var server: ClosureServer {
        ClosureServer { request in
            let (status, headers): (Int, [(String, String)])
            if request.isPreflight {
                (status, headers) = (preflightStatus, preflightHeaders)
            } else if request.url.path == "/start" {
                (status, headers) = (actualStatus, actualHeaders)
            } else {
                (status, headers) = (200, finalHeaders)
            }
            let origin = request.headers.get("Origin") ?? "none"
            var list = HeaderList()
            for (name, value) in headers { list.append(name, value.replacingOccurrences(of: "{origin}", with: origin)) }
            return WireResponse(status: status, headers: list, body: "body")
        }
    }
}

/// One generated case: a request, a second request, a wait between them and a server.
struct InvariantCase {
    let seed: UInt64
    var first: FetchRequest
    var second: FetchRequest
    var waitMilliseconds: Int64
    var policy: ServerPolicy
    /// A header added to `first` to check that adding a header never makes a request simple.
    var extra: (String, String)

    static let safelistedHeaders: [(String, String)] = [
        ("Accept", "*/*"), ("Accept", "application/json"), ("accept", "text/html\"x"), ("Accept", String(repeating: "a", count: 128)),
        ("Accept", String(repeating: "a", count: 129)), ("Accept-Language", "en-US,en;q=0.9"), ("Accept-Language", "en(US)"),
        ("Content-Language", "de"), ("Content-Language", "de\u{7F}"), ("Content-Type", "text/plain"),
        ("Content-Type", "TEXT/PLAIN;charset=UTF-8"), ("content-type", "application/x-www-form-urlencoded"),
        ("Content-Type", "multipart/form-data; boundary=x"), ("Content-Type", "application/json"), ("Content-Type", "text/ plain"),
        ("Content-Type", "text/plain{}"), ("Range", "bytes=0-"), ("Range", "bytes=0-99"), ("Range", "bytes=-5"),
        ("Range", "bytes=9-1"), ("Range", "bytes = 0-"), ("Accept", String(repeating: "b", count: 120)),
    ]
    static let otherHeaders: [(String, String)] = [
        ("X-Custom", "1"), ("x-requested-with", "XMLHttpRequest"), ("Authorization", "Bearer t"), ("authorization", "Basic x"),
        ("Cookie", "a=1"), ("Origin", "https://evil.example"), ("Sec-Fetch-Mode", "cors"), ("Proxy-Authorization", "x"),
        ("User-Agent", "test"), ("DPR", "2"), ("DPR", "2.0.1"), ("Viewport-Width", "800"), ("ECT", "4g"), ("Save-Data", "off"),
        ("X-HTTP-Method-Override", "TRACE"), ("Cache-Control", "no-cache"),
    ]
    static let methods = ["GET", "get", "Get", "HEAD", "head", "POST", "post", "PUT", "put", "DELETE", "delete", "PATCH",
                          "patch", "OPTIONS", "CUSTOM", "M-SEARCH", "TRACE", "connect", "BAD METHOD"]

    init(seed: UInt64) {
        self.seed = seed
        var g = Generator(seed: seed)
        first = InvariantCase.request(&g)
        second = g.chance(30) ? first : InvariantCase.request(&g)
        waitMilliseconds = g.pick([0, 0, 3_000, 5_000, 10_000, 700_000, 10_800_000, 90_000_000])
        policy = InvariantCase.policy(&g, for: first)
        var extraHeader = g.pick(InvariantCase.safelistedHeaders + InvariantCase.otherHeaders)
        while extraHeader.0.lowercased() == "content-type" { extraHeader = g.pick(InvariantCase.otherHeaders) }
        extra = extraHeader
    }

    static func request(_ g: inout Generator) -> FetchRequest {
        let url = g.chance(12) ? "https://app.example.com/start" : "https://api.example.com/start"
        var headers = HeaderList()
        for _ in 0..<g.int(4) {
            let (name, value) = g.chance(55) ? g.pick(safelistedHeaders) : g.pick(otherHeaders)
            headers.append(name, value)
        }
        if g.chance(5) {  // safelisted values over the 1024-byte total (combined, one value over 128 bytes)
            for _ in 0..<9 { headers.append("Accept", String(repeating: "c", count: 120)) }
        }
        let body: RequestBody? = g.pick([nil, nil, .text("{}"), .urlEncoded, .formData, .stream, .blob(type: ""),
                                         .blob(type: "application/json"), .blob(type: "text/plain")])
        let mode: RequestMode = g.chance(75) ? .cors : g.pick([.noCORS, .sameOrigin])
        let credentials: CredentialsMode = g.pick([.omit, .sameOrigin, .include])
        let redirect: RedirectMode = g.chance(80) ? .follow : g.pick([.error, .manual])
        let cache: CacheMode = g.chance(85) ? .default : g.pick([.noStore, .reload, .onlyIfCached])
        return FetchRequest(g.pick(methods), try! FetchURL(parsing: url), headers: headers, body: body, mode: mode,
                            credentials: credentials, redirect: redirect, cache: cache)
    }

    static func policy(_ g: inout Generator, for request: FetchRequest) -> ServerPolicy {
        let origins = ["https://app.example.com", "*", "{origin}", "https://app.example.com/", "null", "HTTPS://APP.EXAMPLE.COM",
                       "https://app.example.com, https://b.example", "https://other.example", " https://app.example.com"]
        func allowOrigin(_ list: inout [(String, String)]) {
            if g.chance(88) { list.append(("Access-Control-Allow-Origin", g.pick(origins))) }
            if g.chance(4) { list.append(("Access-Control-Allow-Origin", g.pick(origins))) }
            if g.chance(50) { list.append(("Access-Control-Allow-Credentials", g.pick(["true", "true", "True", "false", ""]))) }
        }
        let unsafeNames = request.headers.map { $0.name.lowercased() }
        var preflight: [(String, String)] = []
        allowOrigin(&preflight)
        if g.chance(80) {
            preflight.append(("Access-Control-Allow-Methods", g.pick(["*", request.method, request.method.lowercased(),
                                                                      "GET, POST", "PUT, PATCH, DELETE", "*, " + request.method,
                                                                      "PUT;", "", " , PUT ,"])))
        }
        if g.chance(75) {
            let names = unsafeNames.joined(separator: ", ")
            preflight.append(("Access-Control-Allow-Headers", g.pick(["*", names, "*, " + names, "authorization",
                                                                      "x-custom, authorization", "x y", "", names.uppercased()])))
        }
        if g.chance(60) {
            preflight.append(("Access-Control-Max-Age", g.pick(["0", "-1", "abc", "1.5", "5", "600", "7200", "86400", "999999999"])))
        }
        let preflightStatus = g.pick([200, 204, 204, 204, 404, 500, 301])
        if preflightStatus == 301 { preflight.append(("Location", "https://api.example.com/final")) }

        var actual: [(String, String)] = []
        allowOrigin(&actual)
        actual.append(("X-Secret", "s"))
        actual.append(("Set-Cookie", "id=1"))
        actual.append(("Content-Type", "text/plain"))
        if g.chance(40) {
            actual.append(("Access-Control-Expose-Headers", g.pick(["*", "X-Secret", "x-secret, set-cookie", "bad header"])))
        }
        let actualStatus = g.chance(25) ? g.pick([301, 302, 303, 307, 308]) : g.pick([200, 200, 201, 404, 500])
        if (300...399).contains(actualStatus) {
            actual.append(("Location", g.pick(["https://api.example.com/final", "https://other.example.com/final",
                                                "https://app.example.com/final", "/final", "https://u:p@api.example.com/final",
                                                "ftp://x.example/final", "https://api.example.com/start"])))
        }
        var final: [(String, String)] = []
        allowOrigin(&final)
        final.append(("X-Secret", "s"))
        return ServerPolicy(preflightStatus: preflightStatus, preflightHeaders: preflight, actualStatus: actualStatus,
                            actualHeaders: actual, finalHeaders: final)
    }

    /// Both fetches in every profile, each profile in a fresh browser.
    func run() -> [(BrowserName, [FetchOutcome])] {
        BrowserName.allCases.map { name in
            var browser = Browser(.named(name), page: InvariantTests.page)
            let a = browser.fetch(first, server: policy.server)
            browser.advance(milliseconds: waitMilliseconds)
            let b = browser.fetch(second, server: policy.server)
            return (name, [a, b])
        }
    }

    // MARK: The invariants

    func check(quirksSeen: inout [Quirk: Int]) -> [String] {
        var problems: [String] = []
        func fail(_ text: String) { problems.append("seed \(seed): \(text)") }
        let runs = run()
        for (name, outcomes) in runs {
            for o in outcomes {
                for problem in checkOutcome(o) { fail("\(name) \(o.request.method) \(o.request.url): \(problem)") }
            }
        }
        for problem in checkAddingAHeader() { fail(problem) }

        // No profile is more permissive than the standard, except by a documented quirk.
        let spec = runs.first { $0.0 == .spec }!.1
        for (name, outcomes) in runs where name != .spec {
            for (index, (o, s)) in zip(outcomes, spec).enumerated() {
                let morePermissive = (s.verdict == .blocked && o.verdict != .blocked)
                    || (s.verdict != .readable && o.verdict == .readable)
                guard morePermissive else { continue }
                if let quirk = quirk(name, browser: o, spec: s) {
                    quirksSeen[quirk, default: 0] += 1
                } else {
                    fail("\(name) says \(o.verdict) where spec says \(verdictText(s)) on fetch \(index + 1) "
                         + "(\(o.request.method) \(o.request.url) \(o.request.headers.map { "\($0.name): \($0.value)" }) "
                         + "\(o.request.mode) \(o.request.credentials)); server: \(policy)")
                }
            }
        }
        return problems
    }

    /// Which documented quirk explains a browser letting through what the standard blocks.
    func quirk(_ name: BrowserName, browser o: FetchOutcome, spec s: FetchOutcome) -> Quirk? {
        let sent = o.classification.headers
        if s.failure?.reason == .headerNotAllowed, s.failure?.value?.lowercased() == "authorization",
           name != .spec, BrowserProfile.named(name).preflight.wildcardCoversAuthorization {
            return .wildcardCoversAuthorization
        }
        if name == .safari || name == .webkitgtk, s.failure?.reason == .onlyIfCachedMiss { return .safariFetchesOnOnlyIfCachedMiss }
        if name == .firefox, o.request.body == .stream, o.classification.body != .stream { return .firefoxStringifiesStreams }
        if name == .firefox, BrowserProfile.firefox.requestHeaders.judgesEachLine,
           Set(o.request.headers.map(\.lowercasedName)).count < o.request.headers.count {
            return .firefoxJudgesEachHeaderLine
        }
        if name == .chrome {
            let hints = BrowserProfile.chrome.requestHeaders.extraSafelistedNames
            if sent.contains(where: { hints[$0.lowercasedName] != nil }) { return .chromeSafelistsClientHints }
            if o.request.headers.contains("user-agent") { return .chromeForbidsUserAgent }
        }
        return nil
    }

    /// The invariants of one outcome, recomputed from what went over the wire.
    func checkOutcome(_ o: FetchOutcome) -> [String] {
        var problems: [String] = []
        let c = o.classification
        let credentialed = o.request.credentials == .include

        // A blocked fetch never exposes a response; an opaque one exposes nothing.
        switch o.verdict {
        case .blocked:
            if o.response != nil { problems.append("blocked but a response is exposed") }
            if o.failure == nil || o.scriptError == nil { problems.append("blocked without a failure or a TypeError") }
        case .opaque, .opaqueRedirect:
            if let r = o.response, r.status != 0 || !r.headers.isEmpty || !r.body.isEmpty {
                problems.append("an opaque response shows status \(r.status), \(r.headers.count) headers")
            }
        case .readable:
            if o.failure != nil || o.response == nil { problems.append("readable with a failure or without a response") }
        }

        // A request classified simple never sends a preflight.
        if c.rejection == nil, c.isSimple, !o.preflightsSent.isEmpty || o.preflight != .none {
            problems.append("simple but preflight \(o.preflight)")
        }
        if c.rejection != nil, !o.preflightsSent.isEmpty || o.requestSent {
            problems.append("rejected before sending but something was sent")
        }

        // A readable verdict implies the CORS check passed, recomputed from the final response.
        let responses = o.events.compactMap { if case .response(let r) = $0 { return r } else { return nil } }
        if o.verdict == .readable, let response = o.response, response.type == .cors {
            guard let final = responses.last, let origin = o.requestsReceived.last?.headers.get("Origin") else {
                return problems + ["readable cors response without a response or an Origin"]
            }
            if !passesCORSCheck(final.headers, origin: origin, credentialed: credentialed) {
                problems.append("readable, but the final response fails the CORS check: "
                                + "ACAO \(final.headers.get("Access-Control-Allow-Origin") ?? "none"), "
                                + "ACAC \(final.headers.get("Access-Control-Allow-Credentials") ?? "none"), origin \(origin)")
            }
            // Only safelisted or exposed headers are visible; Set-Cookie never.
            let exposed = (final.headers.get("Access-Control-Expose-Headers") ?? "").split(separator: ",")
                .map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            for h in response.headers {
                let allowed = corsSafelistedResponseHeaderNames.contains(h.lowercasedName) || exposed.contains(h.lowercasedName)
                    || (!credentialed && exposed.contains("*"))
                if !allowed || h.lowercasedName == "set-cookie" { problems.append("header \(h.name) is visible") }
            }
        }
        // Every preflight that led on to a readable response passed: ok status and the CORS check.
        if o.verdict == .readable {
            let preflightResponses = o.events.compactMap { if case .preflightResponse(let r) = $0 { return r } else { return nil } }
            for (request, response) in zip(o.preflightsSent, preflightResponses) {
                if !response.isOK { problems.append("readable after a preflight answered \(response.status)") }
                if !passesCORSCheck(response.headers, origin: request.headers.get("Origin") ?? "", credentialed: credentialed) {
                    problems.append("readable after a preflight that fails the CORS check")
                }
            }
        }
        return problems
    }

    /// The CORS check as the standard states it: ACAO `*` without credentials, or exactly the
    /// request's origin (and ACAC exactly `true` with credentials); one header line only.
    func passesCORSCheck(_ headers: HeaderList, origin: String, credentialed: Bool) -> Bool {
        guard headers.count(of: "Access-Control-Allow-Origin") == 1, let value = headers.get("Access-Control-Allow-Origin") else {
            return false
        }
        if value == "*" { return !credentialed }
        guard value == origin else { return false }
        return !credentialed || headers.get("Access-Control-Allow-Credentials") == "true"
    }

    /// Adding a header (not Content-Type, which replaces a body's own) never makes a preflighted
    /// request simple; adding a CORS-unsafe one always makes a `cors` request preflighted.
    func checkAddingAHeader() -> [String] {
        var problems: [String] = []
        for name in BrowserName.allCases {
            let rules = BrowserProfile.named(name).requestHeaders
            let validation = BrowserProfile.named(name).requestValidation
            let before = classify(first, rules: rules, validation: validation)
            var withExtra = first
            withExtra.headers.append(extra.0, extra.1)
            let after = classify(withExtra, rules: rules, validation: validation)
            if !before.isSimple && after.isSimple {
                problems.append("\(name): adding \(extra.0): \(extra.1) made a preflighted request simple")
            }
            var withUnsafe = first
            withUnsafe.headers.append("X-Invariant-Unsafe", "1")
            let unsafe = classify(withUnsafe, rules: rules, validation: validation)
            if first.mode != .noCORS, unsafe.isSimple { problems.append("\(name): X-Invariant-Unsafe left the request simple") }
            let reasonsBefore = Set(before.preflightReasons.map(Self.reasonKey))
            let reasonsAfter = Set(unsafe.preflightReasons.map(Self.reasonKey))
            if !reasonsBefore.isSubset(of: reasonsAfter) { problems.append("\(name): adding a header removed a preflight reason") }
            // On the wire: a fresh browser sends a preflight for it (cross-origin cors, not rejected).
            if first.mode == .cors, unsafe.rejection == nil, first.url.origin != InvariantTests.page {
                var browser = Browser(.named(name), page: InvariantTests.page)
                let o = browser.fetch(withUnsafe, server: policy.server)
                if o.preflightsSent.isEmpty { problems.append("\(name): no preflight for a request with an unsafe header") }
            }
        }
        return problems
    }

    static func reasonKey(_ reason: PreflightReason) -> String {
        switch reason {
        case .method(let m): return "method " + m
        case .header(let name, _, _): return "header " + name.lowercased()
        case .streamBody: return "stream"
        }
    }
}
