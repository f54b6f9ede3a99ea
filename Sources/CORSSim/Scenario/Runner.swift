/// Runs a parsed scenario: one `Browser` per profile, kept across the whole file, the mock
/// servers shared, the steps applied in order on the virtual clock, expectations evaluated per
/// browser. Results are reported step by step to a callback so output can stream.

/// What one step did, for the renderers.
public struct StepReport: Sendable {
    public var step: Step
    /// The virtual time when the step ran, in milliseconds.
    public var time: Int64
    /// For a fetch: one outcome per browser run, in the order the browsers were given.
    public var outcomes: [FetchOutcome]
    /// For a fetch: the expectations checked and their results.
    public var checks: [ExpectationResult]
    /// The preflight caches after the step, per browser (only when requested).
    public var caches: [(browser: BrowserName, entries: [PreflightCacheEntryView], now: Int64)]
    /// The HTTP caches after the step, per browser, in the order of `caches` (only when requested).
    public var httpCaches: [[HTTPCacheEntry]] = []
    /// For a `cookie` step: what each browser stored or refused, in the order of the profiles run.
    public var cookieResults: [CookieStepResult] = []
}

/// One expectation checked against one browser.
public struct ExpectationResult: Sendable, Hashable {
    public var expectation: Expectation
    public var browser: BrowserName
    /// `chrome`, or `chrome@75` when an older version ran.
    public var profileID: String
    public var passed: Bool
    /// What happened, in the expectation's own words ("preflight cached", "status 404").
    public var actual: String

    public static func == (a: Self, b: Self) -> Bool {
        a.expectation.location == b.expectation.location && a.profileID == b.profileID && a.passed == b.passed && a.actual == b.actual
    }

    public func hash(into h: inout Hasher) {
        h.combine(expectation.location)
        h.combine(profileID)
    }
}

/// The totals of a run.
public struct RunSummary: Sendable, Hashable {
    public var fetches = 0
    public var expectationsChecked = 0
    public var failures: [ExpectationResult] = []
}

public struct ScenarioRunner: Sendable {
    /// The profiles run, in order (versions of one browser may appear side by side).
    public var profiles: [BrowserProfile]
    public var browsers: [BrowserName] { profiles.map(\.name) }
    /// Whether each step's report carries cache snapshots (for steppers and HTML reports).
    public var snapshotCaches: Bool
    /// Called before each browser's fetch of a fetch step: lets a live server tell one browser's
    /// exchanges from the next one's (the command sends each distinct wire request once per step).
    package var willFetch: (@Sendable (BrowserName) -> Void)?
    /// What host names without an `address` attribute resolve to (nil: public, as on the
    /// Internet). The conformance tests set loopback: the recorder resolves every name there.
    public var unlistedHostAddress: DeclaredAddress?

    public init(browsers: [BrowserName] = BrowserName.browsers, snapshotCaches: Bool = false) {
        self.profiles = browsers.map { BrowserProfile.named($0) }
        self.snapshotCaches = snapshotCaches
    }

    public init(profiles: [BrowserProfile], snapshotCaches: Bool = false) {
        self.profiles = profiles
        self.snapshotCaches = snapshotCaches
    }

    /// The first `server ORIGIN live` step that would send real requests without the user's
    /// consent: a scenario file alone never reaches a real host (issue 11). Consent is
    /// `--allow-live` (`allowLive`) for every live origin, or `--live ORIGIN=BASEURL`
    /// (`mapped`) for that origin.
    public static func liveWithoutConsent(_ scenario: Scenario, allowLive: Bool, mapped: Set<Origin>) -> (message: String, location: SourceLocation)? {
        for step in scenario.steps {
            if let problem = liveWithoutConsent(step, allowLive: allowLive, mapped: mapped) { return problem }
        }
        return nil
    }

    /// `liveWithoutConsent` for one step (a streamed file is checked step by step).
    public static func liveWithoutConsent(_ step: Step, allowLive: Bool, mapped: Set<Origin>) -> (message: String, location: SourceLocation)? {
        guard !allowLive, case .server(let s) = step, s.live, !mapped.contains(s.origin) else { return nil }
        return ("'server \(s.origin.serialized) live' sends real requests to \(s.origin.serialized); "
                + "pass --allow-live to allow them, or --live \(s.origin.serialized)=BASEURL to choose the server", s.location)
    }

    /// Checks what the parser cannot: the order of steps. Returns the first problem found.
    public static func validate(_ scenario: Scenario) -> (message: String, location: SourceLocation)? {
        var order = StepOrder()
        for step in scenario.steps {
            if let problem = order.check(step) { return problem }
        }
        return nil
    }

    /// `validate` one step at a time, in file order (a streamed file is checked step by step).
    public struct StepOrder: Sendable {
        var sawPage = false
        public init() {}

        /// The problem with this step given the steps before it, if any.
        public mutating func check(_ step: Step) -> (message: String, location: SourceLocation)? {
            switch step {
            case .page: sawPage = true
            case .fetch(let f) where !sawPage:
                return ("expected a 'page ORIGIN' step before the first fetch: the browser needs to know which page's script calls fetch()", f.location)
            default: break
            }
            return nil
        }
    }

    /// Runs every step, calling `report` after each one.
    @discardableResult
    public func run(_ scenario: Scenario, report: (StepReport) -> Void) -> RunSummary {
        run(scenario, live: nil, report: report)
    }

    /// Runs every step with a real server behind some origins: those in `liveOrigins` for the
    /// whole run, and those a `server ORIGIN live` step names (until a later `server ORIGIN`
    /// block installs routes for it again). Without a `live` server, those origins are
    /// unreachable. The other origins are the scenario's mock servers.
    /// `stop` is asked before each step: true ends the run there (the output budget ran out).
    @discardableResult
    public func run(_ scenario: Scenario, live: (any Server)?, liveOrigins: Set<Origin> = [],
                    stop: () -> Bool = { false }, report: (StepReport) -> Void) -> RunSummary {
        var session = session(live: live, liveOrigins: liveOrigins)
        for step in scenario.steps {
            if stop() { break }
            report(session.run(step))
        }
        return session.summary
    }

    /// A run fed one step at a time, for files that are not held whole (`cors-sim run` streams
    /// a file: it validates it completely, then parses and runs it step by step). Running every
    /// step of a scenario through one session is what `run(_:live:liveOrigins:stop:report:)` does.
    public func session(live: (any Server)? = nil, liveOrigins: Set<Origin> = []) -> Session {
        Session(self, live: live, liveOrigins: liveOrigins)
    }

    /// The state of a run between steps: the browsers, the mock servers, the CDN caches, the
    /// virtual time and the totals so far.
    public struct Session {
        let runner: ScenarioRunner
        var servers: ScenarioServers
        var states: [Browser]
        /// Each browser has its own CDN caches, so one browser's run does not fill another's.
        let cdns: [SharedCache]
        var time: Int64 = 0
        /// The totals of the steps run so far.
        public private(set) var summary = RunSummary()

        init(_ runner: ScenarioRunner, live: (any Server)?, liveOrigins: Set<Origin>) {
            self.runner = runner
            servers = ScenarioServers(live: live, forced: liveOrigins)
            states = runner.profiles.map { Browser($0, page: .opaque(id: 0)) }
            if let unlistedHostAddress = runner.unlistedHostAddress {
                for i in states.indices { states[i].resolveUnlistedHosts(to: unlistedHostAddress) }
            }
            cdns = runner.profiles.map { _ in SharedCache() }
        }

        /// Runs one step in every browser and returns what it did.
        public mutating func run(_ step: Step) -> StepReport {
            var outcomes: [FetchOutcome] = []
            var checks: [ExpectationResult] = []
            var cookieResults: [CookieStepResult] = []
            switch step {
            case .page(let p):
                for i in states.indices {
                    if let origin = p.origin, case let .tuple(_, host, _) = origin, let address = p.address {
                        states[i].resolve(host: host, to: address)
                    }
                    states[i].navigate(to: p.origin, topLevel: p.topLevel,
                                       localNetworkPermission: p.localNetwork ?? .promptDismissed)
                }
            case .server(let s):
                servers.install(s)
                if case let .tuple(_, host, _) = s.origin, let address = s.address {
                    for i in states.indices { states[i].resolve(host: host, to: address) }
                }
            case .wait(let w):
                for i in states.indices { states[i].advance(milliseconds: w.milliseconds) }
                time = states.first?.now ?? time + w.milliseconds
                for c in cdns { c.now = time }
            case .restart:
                for i in states.indices { states[i].restart() }
            case .note:
                break
            case .cookie(let c):
                for i in states.indices {
                    let result = states[i].setCookie(c.text)
                    cookieResults.append(CookieStepResult(profileID: states[i].profile.id, displayName: states[i].profile.displayName,
                                                          result: result))
                }
            case .fetch(let f):
                summary.fetches += 1
                let request = FetchRequest(f.method, f.url, headers: HeaderList(f.headers), body: f.body, mode: f.mode,
                                           credentials: f.credentials, redirect: f.redirect, cache: f.cache,
                                           duplex: f.duplex, keepalive: f.keepalive, signal: f.signal,
                                           integrity: f.integrity, priority: f.priority,
                                           referrerPolicy: f.referrerPolicy, referrer: f.referrer)
                outcomes.reserveCapacity(states.count)
                for i in states.indices {
                    runner.willFetch?(states[i].profile.name)
                    var through = servers
                    through.cdn = cdns[i]
                    let outcome = states[i].fetch(request, server: through)
                    outcomes.append(outcome)
                    for expectation in f.expectations where runner.applies(expectation, to: states[i].profile) {
                        let result = evaluate(expectation, outcome)
                        checks.append(result)
                        summary.expectationsChecked += 1
                        if !result.passed { summary.failures.append(result) }
                    }
                }
            }
            let caches = runner.snapshotCaches ? states.map { ($0.profile.name, $0.cache.entries, $0.now) } : []
            let httpCaches = runner.snapshotCaches ? states.map { $0.httpCache.all } : []
            return StepReport(step: step, time: time, outcomes: outcomes, checks: checks, caches: caches, httpCaches: httpCaches,
                              cookieResults: cookieResults)
        }
    }

    /// A line without a browser holds for chrome, firefox, safari and webkitgtk; `spec` only by name. Lines
    /// without a version are about the current versions (the ones recorded); a line with one
    /// (`chrome@75:`) is checked only when that version runs.
    func applies(_ expectation: Expectation, to profile: BrowserProfile) -> Bool {
        if let version = expectation.version { return expectation.browser == profile.name && version == profile.version }
        guard profile.id == profile.name.rawValue else { return false }
        if let named = expectation.browser { return named == profile.name }
        return profile.name != .spec
    }
}

/// The servers of a running scenario: the mock servers, and a real server for live origins.
struct ScenarioServers: Server {
    var mocks = MockServers()
    var live: (any Server)?
    /// Origins given live for the whole run (`--live ORIGIN=URL`).
    var forced: Set<Origin>
    /// Origins a `server ORIGIN live` step made live.
    var declared: Set<Origin> = []
    /// Origins a `server ORIGIN via cdn` step put behind the CDN, and the running browser's CDN.
    var behindCDN: Set<Origin> = []
    var cdn: SharedCache?

    init(live: (any Server)?, forced: Set<Origin>) {
        self.live = live
        self.forced = forced
    }

    mutating func install(_ step: ServerStep) {
        if step.viaCDN { behindCDN.insert(step.origin) } else { behindCDN.remove(step.origin) }
        if step.live {
            declared.insert(step.origin)
        } else {
            declared.remove(step.origin)
            mocks.install(step.routes, for: step.origin, policy: step.cors)
        }
    }

    func respond(to request: WireRequest) -> ServerReply {
        let origin = request.url.origin
        if behindCDN.contains(origin), let cdn { return cdn.respond(to: request) { originServer($0) } }
        return originServer(request)
    }

    /// The origin server itself: live or mock.
    private func originServer(_ request: WireRequest) -> ServerReply {
        let origin = request.url.origin
        if forced.contains(origin) || declared.contains(origin) { return live?.respond(to: request) ?? .unreachable }
        return mocks.respond(to: request)
    }
}

/// Evaluates one expectation against one browser's outcome.
public func evaluate(_ expectation: Expectation, _ outcome: FetchOutcome) -> ExpectationResult {
    let (passed, actual) = check(expectation.condition, outcome)
    return ExpectationResult(expectation: expectation, browser: outcome.browser, profileID: outcome.profileID, passed: passed,
                             actual: actual)
}

private func check(_ condition: Expectation.Condition, _ o: FetchOutcome) -> (Bool, String) {
    let verdict = verdictText(o)
    func value(_ v: String?) -> String { v ?? "none" }
    switch condition {
    case .readable: return (o.verdict == .readable, verdict)
    case .opaque: return (o.verdict == .opaque, verdict)
    case .opaqueRedirect: return (o.verdict == .opaqueRedirect, verdict)
    case .blocked: return (o.verdict == .blocked, verdict)
    case .preflight(let state): return (o.preflight.rawValue == state.rawValue, "preflight \(o.preflight.rawValue)")
    case .requestSent(let sent): return (o.requestSent == sent, o.requestSent ? "request sent" : "request not-sent")
    case .status(let n):
        guard let r = o.response else { return (false, verdict) }
        return (r.status == n, "status \(r.status)")
    case .exposed(let name):
        let seen = o.response?.headers.contains(name) ?? false
        return (seen, seen ? "exposed \(name)" : (o.response == nil ? verdict : "hidden \(name)"))
    case .hidden(let name):
        let seen = o.response?.headers.contains(name) ?? false
        return (!seen, seen ? "exposed \(name)" : "hidden \(name)")
    case .origin(let expected):
        let actual = o.lastOrigin
        if !o.requestSent { return (expected == nil, "no request reached a server") }
        return (actual == expected, "origin \(value(actual))")
    case .preflightHeaders(let expected):
        let actual = o.preflightsSent.last?.headers.get("Access-Control-Request-Headers")
        if o.preflightsSent.isEmpty { return (expected == nil, "no preflight was sent") }
        return (actual == expected, "preflight-headers \(value(actual))")
    case .preflightMethod(let expected):
        let actual = o.preflightsSent.last?.headers.get("Access-Control-Request-Method")
        if o.preflightsSent.isEmpty { return (expected == nil, "no preflight was sent") }
        return (actual == expected, "preflight-method \(value(actual))")
    case .preflightOrigin(let expected):
        let actual = o.preflightsSent.last?.headers.get("Origin")
        if o.preflightsSent.isEmpty { return (expected == nil, "no preflight was sent") }
        return (actual == expected, "preflight-origin \(value(actual))")
    case .reason(let code):
        guard let f = o.failure else { return (false, verdict) }
        return (f.reason == code, "reason \(f.reason.rawValue)")
    case .fromCache:
        let hit = o.events.contains { if case .httpCache(.hit) = $0 { return true } else { return false } }
        return (hit, hit ? "from-cache" : (o.requestSent ? "fetched from the network" : "not answered by the HTTP cache"))
    case .revalidated:
        let done = o.events.contains { if case .httpCache(.revalidated) = $0 { return true } else { return false } }
        return (done, done ? "revalidated" : "not revalidated")
    case .cdn(let hit):
        let marks = o.events.compactMap { event -> String? in
            switch event {
            case .response(let r), .preflightResponse(let r): return r.headers.value(lowercased: "x-cache")
            default: return nil
            }
        }
        if marks.isEmpty { return (false, "no response came through a CDN") }
        let anyHit = marks.contains("HIT")
        return (anyHit == hit, anyHit ? "cdn hit" : "cdn miss")
    case .cookieSent(let name), .cookieNotSent(let name), .cookieStored(let name), .cookieNotStored(let name):
        return checkCookie(condition, name, o)
    }
}

/// The verdict in the expectations' words: `readable`, `opaque`, `opaque-redirect`, or
/// `blocked (reason-code)`.
public func verdictText(_ o: FetchOutcome) -> String {
    switch o.verdict {
    case .blocked: return "blocked (\(o.failure?.reason.rawValue ?? "unknown"))"
    default: return o.verdict.rawValue
    }
}
