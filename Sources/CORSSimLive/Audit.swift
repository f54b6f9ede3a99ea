/// `cors-sim audit`: probes one endpoint with the origins and requests that expose the CORS
/// misconfigurations tutorials warn about, runs every probe through the Chrome, Firefox and
/// Safari profiles, and rates each finding by what a browser would let a script do with it.
import CORSSim

/// How much a finding matters, judged by what the browsers allow.
public enum Severity: Int, Sendable, Hashable, Comparable, CaseIterable {
    /// No browser lets a script exploit it (e.g. `*` without credentials on public data).
    case informational
    /// Breaks or confuses legitimate use, or lets other sites read only what needs no credentials.
    case low
    /// Readable by an attacker in a weaker position (on the network path), or a shared cache can mix responses up.
    case medium
    /// Some browser lets another site's script read the response to a credentialed request.
    case high

    public static func < (a: Severity, b: Severity) -> Bool { a.rawValue < b.rawValue }

    public var name: String {
        switch self {
        case .informational: return "informational"
        case .low: return "low"
        case .medium: return "medium"
        case .high: return "high"
        }
    }

    public init?(name: String) {
        guard let s = Severity.allCases.first(where: { $0.name == name || (name == "info" && $0 == .informational) }) else { return nil }
        self = s
    }
}

/// What to audit: the request the front end makes, and the page it makes it from.
public struct AuditTarget: Sendable {
    public var url: FetchURL
    public var from: Origin
    public var method: String
    public var headers: HeaderList
    public var body: String?
    /// What the front end uses; probes always try both with and without credentials.
    public var credentials: CredentialsMode

    public init(url: FetchURL, from: Origin, method: String = "GET", headers: HeaderList = [], body: String? = nil,
                credentials: CredentialsMode = .sameOrigin) {
        self.url = url
        self.from = from
        self.method = method
        self.headers = headers
        self.body = body
        self.credentials = credentials
    }
}

/// One misconfiguration found.
public struct AuditFinding: Sendable, Hashable {
    /// A stable code, e.g. `reflects-any-origin`.
    public var code: String
    public var severity: Severity
    public var title: String
    /// Why it matters, in the browsers' terms.
    public var detail: String
    /// The exchange that shows it: the origin sent and the headers that came back.
    public var evidence: [String]
}

/// One probe: a page origin, and what each browser made of the request from there.
public struct AuditProbe: Sendable {
    public enum Kind: String, Sendable, CaseIterable {
        case trusted, arbitrary, null, suffix, prefix, insecure
    }
    public var kind: Kind
    /// The `Origin` header value sent.
    public var origin: String
    /// Per browser: the outcome with credentials (`include`) and without (`omit`).
    public var credentialed: [FetchOutcome]
    public var anonymous: [FetchOutcome]
    /// The actual response to this origin, as the server sent it (nil when unreachable or not sent).
    public var response: WireResponse?

    /// The browsers that let the script read the response.
    public func readable(credentials: Bool) -> [BrowserName] {
        (credentials ? credentialed : anonymous).filter { $0.verdict == .readable }.map(\.browser)
    }
}

/// The audit's result.
public struct AuditReport: Sendable {
    public var target: AuditTarget
    public var probes: [AuditProbe]
    public var findings: [AuditFinding]
    /// Failed exchanges, each naming the server.
    public var errors: [String]
    /// How many requests went to the server.
    public var requestsSent: Int

    public func count(_ severity: Severity) -> Int { findings.filter { $0.severity == severity }.count }

    /// Whether a finding at or above `severity` exists.
    public func has(atLeast severity: Severity) -> Bool { findings.contains { $0.severity >= severity } }
}

/// Runs the probes against a server (a `LiveServer`, or any `Server` in tests).
public struct Auditor {
    /// What caches would do with a response that lacks `Vary: Origin`, from its freshness.
    static func cacheConsequence(_ r: WireResponse) -> String {
        let (browser, shared) = HTTPCache.lifetimes(r)
        var parts: [String] = []
        if browser > 0 {
            parts.append("As sent, it stays fresh for \(browser) s in the browser's cache: a no-cors load of the URL (an <img>, no Origin, "
                         + "so no ACAO) or another page of the same site stores its copy, and fetch() then fails without any request "
                         + "reaching the server until it expires (lesson 26)")
        }
        if let shared, shared > 0 {
            parts.append("a CDN or proxy may keep it for \(shared) s and serve one origin's answer to every other (lesson 27)")
        }
        if parts.isEmpty {
            return "As sent it has no freshness lifetime, so caches do not reuse it yet; adding caching headers without Vary: Origin would."
        }
        return parts.joined(separator: "; ") + "."
    }

    public static let browsers: [BrowserName] = BrowserName.browsers
    /// The last path segment probed for an error response, appended to the audited URL's path:
    /// `/api/me` → `/api/me/cors-sim-audit-nonexistent-9f2c`, so the request reaches the same
    /// app (a reverse proxy routing `/api/` answers the server root itself).
    public static let missingSegment = "cors-sim-audit-nonexistent-9f2c"

    private let server: any Server

    public init(server: any Server) { self.server = server }

    public func run(_ target: AuditTarget) -> AuditReport {
        let memo = MemoServer(server)
        var probes: [AuditProbe] = []
        for (kind, origin) in Auditor.probeOrigins(for: target.from) {
            probes.append(probe(kind, origin, target, memo))
        }
        var findings: [AuditFinding] = []
        let trusted = probes[0]
        let attackers = probes.dropFirst()

        // 1. Origins an attacker controls, allowed.
        for p in attackers {
            findings += judgeAttacker(p, target: target)
        }

        // 2. `*`, and `*` with credentials.
        var responses = probes.compactMap(\.response)
        let preflight = preflightResponse(target, memo)
        if let preflight { responses.append(preflight) }
        if let wildcard = responses.first(where: { $0.headers.get("Access-Control-Allow-Origin") == "*" }) {
            let acac = wildcard.headers.get("Access-Control-Allow-Credentials")
            if acac?.trimmingHTTPWhitespace().lowercased() == "true" {
                findings.append(AuditFinding(
                    code: "wildcard-with-credentials", severity: .low,
                    title: "Access-Control-Allow-Origin: * together with Access-Control-Allow-Credentials: true",
                    detail: "No browser lets a script exploit this: Chrome, Firefox and Safari never accept * for a credentialed request. "
                        + "But the server evidently means to allow credentials, and every credentialed fetch() from your own front end fails; "
                        + "answer with the request's origin (from an allow-list) instead of *.",
                    evidence: evidence(wildcard, origin: target.from.serialized)))
            } else {
                findings.append(AuditFinding(
                    code: "wildcard-origin", severity: .informational,
                    title: "Access-Control-Allow-Origin: * (without credentials)",
                    detail: "No browser lets a script exploit this: * never applies to credentialed requests, so other sites can read only "
                        + "what anyone can fetch without cookies. Fine for public data; not for data protected by network position "
                        + "(an intranet or an IP allow-list).",
                    evidence: evidence(wildcard, origin: target.from.serialized)))
            }
        }

        // 3. Access-Control-Allow-Credentials present but not exactly `true`.
        if let bad = responses.first(where: { r in r.headers.get("Access-Control-Allow-Credentials").map { $0 != "true" } ?? false }) {
            findings.append(AuditFinding(
                code: "allow-credentials-not-true", severity: .low,
                title: "Access-Control-Allow-Credentials is '\(bad.headers.get("Access-Control-Allow-Credentials")!)', not exactly 'true'",
                detail: "Chrome, Firefox and Safari accept only the exact, lower-case value true: every credentialed fetch() fails.",
                evidence: evidence(bad, origin: target.from.serialized)))
        }

        // 4. The allowed origin varies with the request, without `Vary: Origin`.
        let varying = probes.compactMap { p -> (AuditProbe, WireResponse)? in
            guard let r = p.response, let acao = r.headers.get("Access-Control-Allow-Origin"), acao != "*" else { return nil }
            return (p, r)
        }
        // It varies when the probes, which differ only in Origin, got different values (a missing
        // header counts as a value): a fixed Access-Control-Allow-Origin needs no Vary.
        // A probe stopped by its preflight shows the preflight's value instead.
        let seen = probes.compactMap { p -> String? in
            if let r = p.response { return r.headers.get("Access-Control-Allow-Origin") ?? "" }
            for o in p.credentialed + p.anonymous {
                for case .preflightResponse(let r) in o.events { return r.headers.get("Access-Control-Allow-Origin") ?? "" }
            }
            return nil
        }
        let distinct = Set(seen)
        if !varying.isEmpty, distinct.count > 1,
           let (p, r) = varying.first(where: { !Auditor.variesOnOrigin($0.1) }) {
            findings.append(AuditFinding(
                code: "missing-vary-origin", severity: .low,
                title: "Access-Control-Allow-Origin depends on the request's Origin, but the response has no Vary: Origin",
                detail: "A shared cache (CDN, proxy) or the browser's HTTP cache can serve the response made for one origin to another: "
                    + "the other page's fetch() then fails with allow-origin-mismatch. Add Vary: Origin to every response whose "
                    + "Access-Control-Allow-Origin is not *. " + Auditor.cacheConsequence(r),
                evidence: evidence(r, origin: p.origin)))
        }

        // 5. Access-Control-Expose-Headers only on the preflight.
        if let preflight, let exposed = preflight.headers.get("Access-Control-Expose-Headers"),
           let actual = trusted.response, actual.headers.get("Access-Control-Expose-Headers") == nil {
            findings.append(AuditFinding(
                code: "expose-headers-only-on-preflight", severity: .low,
                title: "Access-Control-Expose-Headers is on the preflight response only",
                detail: "Browsers read Access-Control-Expose-Headers from the actual response and ignore it on the preflight: "
                    + "the script cannot read \(exposed).",
                evidence: ["preflight: Access-Control-Expose-Headers: \(exposed)", "actual response: no Access-Control-Expose-Headers"]))
        }

        // 6. CORS headers missing on error responses.
        if let ok = trusted.response, ok.headers.get("Access-Control-Allow-Origin") != nil {
            var wire = WireRequest(method: "GET", url: Auditor.missingURL(target.url), headers: [("Origin", target.from.serialized)],
                                   credentialed: target.credentials == .include)
            wire.isPreflight = false
            if case .response(let error) = memo.respond(to: wire), error.status >= 400, error.headers.get("Access-Control-Allow-Origin") == nil {
                findings.append(AuditFinding(
                    code: "error-responses-without-cors", severity: .low,
                    title: "Error responses carry no CORS headers (\(error.status) at \(wire.url.path))",
                    detail: "When the API answers \(error.status), every browser blocks the response as missing-allow-origin: the script "
                        + "sees a network error (TypeError) instead of the status and body, and cannot tell the user what went wrong. "
                        + "Add the CORS headers to error responses too.",
                    evidence: ["GET \(wire.url.serialized()) with Origin: \(target.from.serialized)", "← \(error.status) without Access-Control-Allow-Origin"]))
            }
        }

        // 7. Access-Control-Max-Age above a browser's cap, or unparsable.
        if let preflight, let maxAge = preflight.headers.getDecodeSplit("Access-Control-Max-Age").map({ $0.joined(separator: ", ") }) {
            var capped: [String] = [], uncached: [String] = [], defaulted: [String] = []
            for name in Auditor.browsers {
                let profile = BrowserProfile.named(name)
                switch profile.cache.maxAge(maxAge) {
                case let .cache(seconds, _, isCapped, isDefault):
                    if isCapped { capped.append("\(profile.displayName) caps it at \(seconds) s") }
                    if isDefault { defaulted.append("\(profile.displayName) uses its default of \(seconds) s") }
                case .doNotCache:
                    uncached.append("\(profile.displayName) does not cache the preflight at all")
                }
            }
            let parses = maxAge.utf8.allSatisfy { $0 >= 48 && $0 <= 57 } && !maxAge.isEmpty
            if !parses {
                findings.append(AuditFinding(
                    code: "max-age-unparsable", severity: .low,
                    title: "Access-Control-Max-Age '\(maxAge)' is not a number of seconds",
                    detail: (uncached + defaulted).joined(separator: "; ") + ": the browsers preflight again far more often than intended, "
                        + "and differently from each other.",
                    evidence: ["preflight: Access-Control-Max-Age: \(maxAge)"]))
            } else if !capped.isEmpty || !uncached.isEmpty {
                findings.append(AuditFinding(
                    code: "max-age-above-cap", severity: .informational,
                    title: "Access-Control-Max-Age \(maxAge) is above what some browsers allow",
                    detail: (capped + uncached).joined(separator: "; ") + ". Harmless, but the preflight cache lasts differently per browser.",
                    evidence: ["preflight: Access-Control-Max-Age: \(maxAge)"]))
            }
        }

        // 8. The front end's own origin blocked in some browser.
        let blocked = trusted.credentialed.indices.compactMap { i -> FetchOutcome? in
            let o = target.credentials == .include ? trusted.credentialed[i] : trusted.anonymous[i]
            return o.verdict == .blocked && o.failure?.reason != .networkError ? o : nil
        }
        if !blocked.isEmpty {
            let names = blocked.map { BrowserProfile.named($0.browser).displayName }
            // Every reason, not only the first a browser stops at: each is repaired in memory in
            // turn and the fetch run again, until it passes or a reason cannot be repaired.
            let reasons = blocked.map { o -> String in
                let all = Auditor.failingReasons(o.browser, target: target, credentials: target.credentials == .include, server: memo)
                return "\(BrowserProfile.named(o.browser).displayName): "
                    + all.map { "\($0.rawValue) (\($0.summary))" }.joined(separator: ", then, once that is fixed, ")
            }
            // For the site's owner this is the worst news: the site's own feature does not work.
            findings.append(AuditFinding(
                code: "trusted-origin-blocked", severity: .high,
                title: "Your own front end (\(target.from.serialized)) cannot read the response in \(names.joined(separator: ", "))",
                detail: "The feature is broken for your users. " + reasons.joined(separator: "; ") + ".",
                evidence: blocked.first.flatMap { $0.console.first.map { ["console: \($0.text)"] } } ?? []))
        }

        findings.sort { $0.severity > $1.severity }
        let log = memo.log
        return AuditReport(target: target, probes: probes, findings: findings,
                           errors: (server as? LiveServer)?.log.compactMap { if case .failure(let e) = $0.result { return e.description } else { return nil } }.uniqued() ?? [],
                           requestsSent: log)
    }

    /// The probe origins: the front end's own first, then those an attacker could use.
    public static func probeOrigins(for from: Origin) -> [(AuditProbe.Kind, Origin)] {
        var list: [(AuditProbe.Kind, Origin)] = [(.trusted, from)]
        guard case let .tuple(scheme, host, port) = from else { return list }
        func origin(_ s: String, _ h: String) -> Origin? { try? Origin(parsing: "\(s)://\(h)\(port.map { ":\($0)" } ?? "")") }
        list.append((.arbitrary, try! Origin(parsing: "https://evil.com")))
        list.append((.null, .opaque(id: 1)))
        if !TLSSession.isIPAddress(host) {
            // The registrable domain, by the simulator's public-suffix rules (CookieSite).
            let registrable = CookieSite.registrableDomain(host)
            if let o = origin(scheme, "evil-" + registrable) { list.append((.suffix, o)) }
        }
        if let o = origin(scheme, host + ".evil.com") { list.append((.prefix, o)) }
        if scheme == "https", let o = origin("http", host) { list.append((.insecure, o)) }
        return list
    }

    static func missingURL(_ url: FetchURL) -> FetchURL {
        let path = url.path.hasSuffix("/") ? url.path : url.path + "/"
        return FetchURL(scheme: url.scheme, host: url.host, port: url.port, path: path + missingSegment)
    }

    static func variesOnOrigin(_ r: WireResponse) -> Bool {
        let values = (r.headers.getDecodeSplit("Vary") ?? []).map { $0.trimmingHTTPWhitespace().lowercased() }
        return values.contains("origin") || values.contains("*")
    }

    private func probe(_ kind: AuditProbe.Kind, _ origin: Origin, _ target: AuditTarget, _ server: MemoServer) -> AuditProbe {
        var credentialed: [FetchOutcome] = [], anonymous: [FetchOutcome] = []
        for name in Auditor.browsers {
            for include in [true, false] {
                // The audit judges the endpoint's CORS policy: an attacker picks its page's scheme,
                // so mixed-content blocking (an https page, an http endpoint) is left out.
                var profile = BrowserProfile.named(name)
                profile.mixedContent = .off
                // SIMULATION: nor does Local Network Access apply: an endpoint audited on this
                // machine would otherwise be refused before its CORS policy is read.
                profile.localNetworkAccess = .off
                var browser = Browser(profile, page: origin)
                let request = FetchRequest(target.method, target.url, headers: target.headers, body: target.body.map(RequestBody.text),
                                           credentials: include ? .include : .omit)
                let outcome = browser.fetch(request, server: server)
                if include { credentialed.append(outcome) } else { anonymous.append(outcome) }
            }
        }
        // The actual response as sent to this origin (the first browser's, credentialed).
        let sent = (credentialed + anonymous).lazy.compactMap { o -> WireResponse? in
            for e in o.events.reversed() { if case .response(let r) = e { return r } }
            return nil
        }.first
        return AuditProbe(kind: kind, origin: origin.serialized, credentialed: credentialed, anonymous: anonymous, response: sent)
    }

    /// Every reason the front end's fetch fails in this browser, in the order the browser meets
    /// them: after each failure the server's answer is repaired in memory (the header set as the
    /// check wants it) and the fetch run again, until it passes or a reason cannot be repaired
    /// (a network error, a redirected preflight, a request refused before it is sent). A
    /// repaired preflight can let an actual request through that the first run never sent.
    static func failingReasons(_ name: BrowserName, target: AuditTarget, credentials: Bool, server: any Server) -> [ReasonCode] {
        var fixes = Set<ReasonCode>()
        var reasons: [ReasonCode] = []
        for _ in 0..<8 {
            var profile = BrowserProfile.named(name)
            profile.mixedContent = .off
            profile.localNetworkAccess = .off
            var browser = Browser(profile, page: target.from)
            let request = FetchRequest(target.method, target.url, headers: target.headers, body: target.body.map(RequestBody.text),
                                       credentials: credentials ? .include : .omit)
            let outcome = browser.fetch(request, server: RepairingServer(base: server, fixes: fixes))
            guard outcome.verdict == .blocked, let reason = outcome.failure?.reason else { break }
            reasons.append(reason)
            guard RepairingServer.repairable.contains(reason), !fixes.contains(reason) else { break }
            fixes.insert(reason)
        }
        return reasons
    }

    /// The preflight's answer for the front end's request: the browsers' own preflight if the
    /// request needs one, else one sent for the audit (`Access-Control-Request-Method`).
    private func preflightResponse(_ target: AuditTarget, _ server: MemoServer) -> WireResponse? {
        var headers: HeaderList = [("Origin", target.from.serialized), ("Access-Control-Request-Method", target.method)]
        let request = FetchRequest(target.method, target.url, headers: target.headers, body: target.body.map(RequestBody.text))
        let classification = classify(request, rules: .standard)
        if !classification.unsafeHeaderNames.isEmpty {
            headers.append("Access-Control-Request-Headers", classification.unsafeHeaderNames.joined(separator: ","))
        }
        headers.append("Accept", "*/*")
        let wire = WireRequest(method: "OPTIONS", url: target.url, headers: headers, isPreflight: true)
        guard case .response(let r) = server.respond(to: wire), r.isOK else { return nil }
        return r
    }

    private func judgeAttacker(_ p: AuditProbe, target: AuditTarget) -> [AuditFinding] {
        let withCredentials = p.readable(credentials: true)
        let without = p.readable(credentials: false)
        guard let r = p.response else { return [] }
        let acao = r.headers.get("Access-Control-Allow-Origin")
        guard acao != "*" || !withCredentials.isEmpty else { return [] }   // `*` alone is reported once, above
        guard !withCredentials.isEmpty || !without.isEmpty else { return [] }
        let names = { (list: [BrowserName]) in list.map { BrowserProfile.named($0).displayName }.joined(separator: ", ") }
        let (code, what): (String, String)
        switch p.kind {
        case .trusted: return []
        case .arbitrary: (code, what) = ("reflects-any-origin", "An arbitrary origin (\(p.origin)) is allowed: the server reflects the Origin header")
        case .null: (code, what) = ("allows-null-origin", "The origin null is allowed (any site can send it from a sandboxed iframe)")
        case .suffix: (code, what) = ("allows-suffix-origin", "Origin \(p.origin) is allowed: the origin check matches a suffix, so any domain ending like yours passes")
        case .prefix: (code, what) = ("allows-prefix-origin", "Origin \(p.origin) is allowed: the origin check matches a prefix, so a domain starting like yours passes")
        case .insecure: (code, what) = ("allows-http-origin", "Origin \(p.origin) (plain http) is allowed for an https site")
        }
        var severity: Severity
        var detail: String
        if !withCredentials.isEmpty {
            severity = p.kind == .insecure ? .medium : .high
            detail = "\(names(withCredentials)) let a script on \(p.origin) read the response to a credentialed request (the user's cookies are sent)."
            if p.kind == .insecure { detail += " An attacker on the network path can inject such a script into the http: page." }
        } else {
            severity = .low
            detail = "\(names(without)) let a script on \(p.origin) read the response, but only without credentials: it sees what anyone can fetch, "
                + "unless access depends on network position (an intranet, an IP allow-list)."
        }
        var found = [AuditFinding(code: code + (withCredentials.isEmpty ? "" : "-with-credentials"), severity: severity,
                                  title: what, detail: detail, evidence: evidence(r, origin: p.origin))]
        found[0].evidence.insert("from \(p.origin): " + Auditor.browsers.map { b in
            let c = p.credentialed.first { $0.browser == b }!, a = p.anonymous.first { $0.browser == b }!
            return "\(BrowserProfile.named(b).displayName) \(short(c)) with credentials, \(short(a)) without"
        }.joined(separator: "; "), at: 0)
        return found
    }

    private func short(_ o: FetchOutcome) -> String { o.verdict == .readable ? "readable" : verdictText(o) }

    private func evidence(_ r: WireResponse, origin: String) -> [String] {
        var lines = ["Origin: \(origin) → \(r.status)"]
        for h in r.headers where h.lowercasedName.hasPrefix("access-control-") || h.lowercasedName == "vary" {
            lines.append("  \(h.name): \(h.value)")
        }
        return lines
    }
}

/// A server whose answers are repaired for the reasons already found, so the next run of a fetch
/// shows the reason after them.
struct RepairingServer: Server {
    let base: any Server
    let fixes: Set<ReasonCode>

    static let repairable: Set<ReasonCode> = [.missingAllowOrigin, .multipleAllowOrigin, .allowOriginMismatch, .wildcardWithCredentials,
                                              .missingAllowCredentials, .preflightStatus, .methodNotAllowed, .invalidAllowMethods,
                                              .headerNotAllowed, .invalidAllowHeaders]

    func respond(to request: WireRequest) -> ServerReply {
        let reply = base.respond(to: request)
        guard !fixes.isEmpty, case .response(var r) = reply else { return reply }
        if !fixes.isDisjoint(with: [.missingAllowOrigin, .multipleAllowOrigin, .allowOriginMismatch, .wildcardWithCredentials]),
           let origin = request.headers.get("Origin") {
            r.headers.set("Access-Control-Allow-Origin", origin)
        }
        if fixes.contains(.missingAllowCredentials) { r.headers.set("Access-Control-Allow-Credentials", "true") }
        if request.isPreflight {
            if fixes.contains(.preflightStatus) && !r.isOK { r.status = 204 }
            if !fixes.isDisjoint(with: [.methodNotAllowed, .invalidAllowMethods]),
               let method = request.headers.get("Access-Control-Request-Method") {
                r.headers.set("Access-Control-Allow-Methods", method)
            }
            if !fixes.isDisjoint(with: [.headerNotAllowed, .invalidAllowHeaders]),
               let names = request.headers.get("Access-Control-Request-Headers") {
                r.headers.set("Access-Control-Allow-Headers", names)
            }
        }
        return .response(r)
    }
}

/// Answers each distinct request once: the browsers send the same bytes, and a real server is
/// asked each question only once (and answers the three browsers alike).
final class MemoServer: Server {
    private let server: any Server
    private var answers: [Key: ServerReply] = [:]
    private(set) var log = 0

    struct Key: Hashable {
        var method: String, url: String, headers: [String], body: String
    }

    init(_ server: any Server) { self.server = server }

    func respond(to request: WireRequest) -> ServerReply {
        let key = Key(method: request.method, url: request.url.serialized(), headers: request.headers.map { "\($0.name): \($0.value)" }, body: request.body)
        if let known = answers[key] { return known }
        log += 1
        let reply = server.respond(to: request)
        answers[key] = reply
        return reply
    }
}

extension Array where Element: Hashable {
    func uniqued() -> [Element] {
        var seen = Set<Element>()
        return filter { seen.insert($0).inserted }
    }
}
