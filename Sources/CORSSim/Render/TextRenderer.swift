/// The teaching trace: for each step, what the script asked, how the browser classified it,
/// each exchange on the wire, what the preflight cache decided and why, the verdict, the console
/// and what the script sees; then the expectations.
public struct TextRenderer: Sendable {
    public var color: Bool
    public var profiles: [BrowserName: BrowserProfile]

    public init(color: Bool = false) {
        self.color = color
        self.profiles = Dictionary(uniqueKeysWithValues: BrowserName.allCases.map { ($0, BrowserProfile.named($0)) })
    }

    private func paint(_ s: String, _ code: String) -> String { ansiPaint(s, code, color: color) }
    private func bold(_ s: String) -> String { paint(s, "1") }
    private func dim(_ s: String) -> String { paint(s, "2") }
    private func green(_ s: String) -> String { paint(s, "32") }
    private func red(_ s: String) -> String { paint(s, "31") }
    private func cyan(_ s: String) -> String { paint(s, "36") }
    /// Untrusted text (from a scenario, a server, a HAR file) made safe for a terminal.
    private func e(_ s: String) -> String { TerminalText.escaped(s) }

    /// A warning line the reader must not miss (bold yellow on a terminal).
    public func warning(_ text: String) -> String {
        paint("warning:", "1;33") + " " + text + "\n"
    }

    /// The first lines for a file, with its warnings (ScenarioLint).
    public func header(file: String, browsers: [BrowserName], warnings: [ScenarioWarning] = []) -> String {
        header(file: file, profiles: browsers.map { profiles[$0]! }, warnings: warnings)
    }

    /// The first lines for a file, naming each profile run (`Chrome 75`), with its warnings.
    public func header(file: String, profiles: [BrowserProfile], warnings: [ScenarioWarning] = []) -> String {
        bold("== \(e(file))") + dim(" (\(profiles.map(\.displayName).joined(separator: ", ")))") + "\n"
            + warnings.map { warning("\(e($0.location.file)):\($0.location.line): \(e($0.message))") }.joined()
    }

    /// The lines for one step.
    public func render(_ report: StepReport) -> String {
        let t = "t=" + Describe.duration(report.time)
        switch report.step {
        case .page(let p):
            var s = "\n" + bold("page ") + e(p.origin?.serialized ?? "null (a fresh opaque origin)")
            if let top = p.topLevel { s += " in \(e(top.serialized))" }
            if let address = p.address { s += " address \(e(address.text))" }
            if let permission = p.localNetwork { s += " local-network \(permission.rawValue)" }
            return s + dim("   line \(p.location.line)") + "\n"
        case .server(let s):
            var out = "\n" + bold("server ") + e(s.origin.serialized) + (s.address.map { " address \(e($0.text))" } ?? "")
                + dim("   line \(s.location.line), " + (s.live ? "live: a real server answers" : Describe.count(s.routes.count, "route") + (s.viaCDN ? ", behind a CDN (shared cache)" : ""))) + "\n"
            if let cors = s.cors { out += dim("  cors: \(e(cors.summary))") + "\n" }
            for r in s.routes {
                out += dim("  \(e(r.method ?? "*")) \(e(r.path))\(r.isPrefix ? "*" : "")\(r.condition.map { " when " + e($0.text) } ?? "") → \(r.status)") + "\n"
            }
            return out
        case .wait(let w):
            return "\n" + bold("wait ") + Describe.duration(w.milliseconds) + dim("   now \(t)") + "\n"
        case .restart(let l):
            return "\n" + bold("restart") + dim("   line \(l.line): every preflight cache is emptied") + "\n"
        case .note(let n):
            return "\n" + cyan("▸ " + e(n.text)) + "\n"
        case .cookie(let c):
            var out = "\n" + bold("cookie ") + e(c.text) + dim("   line \(c.location.line): the page sets document.cookie") + "\n"
            for r in report.cookieResults {
                for line in Describe.cookieStep(r.result, browser: r.displayName) { out += "  \(e(r.displayName)): " + e(line) + "\n" }
            }
            return out
        case .fetch(let f):
            return renderFetch(f, report, t)
        }
    }

    private func renderFetch(_ f: FetchStep, _ report: StepReport, _ t: String) -> String {
        var out = "\n" + bold(e(Describe.request(report.outcomes.first?.request ?? FetchRequest(f.method, f.url))))
        out += dim("   line \(f.location.line), \(t)") + "\n"
        for h in f.headers { out += "    \(e(h.name)): \(e(h.value))\n" }
        if let body = f.body { out += "    body: \(e(Describe.body(body)))\n" }
        return out + render(outcomes: report.outcomes, checks: report.checks)
    }

    /// What each browser did with one fetch, and the expectations checked: browsers that did
    /// exactly the same thing share one section, so the differences stand out. (`check --live`
    /// prints this under its own heading: there is no scenario step.)
    public func render(outcomes: [FetchOutcome], checks: [ExpectationResult] = []) -> String {
        var out = ""
        var sections: [(names: [String], body: String)] = []
        for outcome in outcomes {
            var body = renderOutcome(outcome)
            for c in checks where c.profileID == outcome.profileID {
                let line = "expect \(e(c.expectation.text))"
                body += c.passed ? "    " + green("✔ " + line) + "\n"
                                 : "    " + red("✘ " + line + " — got \(e(c.actual))") + "\n"
            }
            let name = outcome.displayName
            if let last = sections.last, last.body == body {
                sections[sections.count - 1].names.append(name)
            } else {
                sections.append(([name], body))
            }
        }
        for section in sections {
            out += "  " + bold("── \(section.names.joined(separator: ", ")) ──") + "\n" + section.body
        }
        return out
    }

    private func renderOutcome(_ o: FetchOutcome) -> String {
        let profile = o.profileID == o.browser.rawValue ? profiles[o.browser]! : BrowserProfile.of(o)
        var out = ""
        let c = o.classification
        for d in c.dropped { out += "    " + e(Describe.dropped(d)) + "\n" }
        if let added = c.addedContentType { out += dim("    fetch() adds Content-Type: \(e(added)) for the body") + "\n" }
        if c.rejection == nil {
            if o.response?.type == .basic {
                out += "    same origin as the page: CORS does not apply\n"
            } else if c.isSimple {
                out += "    simple request: no preflight\n"
            } else {
                out += "    preflighted, because "
                    + e(c.preflightReasons.map(Describe.preflightReason).joined(separator: "; ")) + "\n"
            }
        }
        for event in o.events { out += renderEvent(event, profile) }
        let verdict = e(Describe.verdict(o))
        out += "    " + (o.verdict == .blocked ? red("✘ " + verdict) : green("✔ " + verdict)) + "\n"
        if !o.requestSent && o.verdict == .blocked {
            out += dim("      the actual request never reached the server") + "\n"
        } else if o.requestSent && o.verdict == .blocked {
            let hider = o.failure?.reason == .crossOriginResourcePolicy ? "Cross-Origin-Resource-Policy" : "CORS"
            out += dim("      the request DID reach the server: \(hider) only hides the response") + "\n"
            if let hint = Describe.errorResponseHint(o) { out += dim("      " + e(hint)) + "\n" }
            if let hint = Describe.resourcePolicyHint(o) { out += dim("      " + e(hint)) + "\n" }
        }
        for line in o.console {
            out += "    console \(line.level.rawValue): " + e(line.text) + "\n"
        }
        if let error = o.scriptError { out += "    script sees: " + e(error) + "\n" }
        return out
    }

    private func renderEvent(_ event: FetchEvent, _ profile: BrowserProfile) -> String {
        switch event {
        case .rejectedBeforeSend(let r): return "    " + e(Describe.rejection(r)) + "\n"
        case .cacheLookupSkipped(let mode): return "    cache not consulted: cache=\(mode.rawValue)\n"
        case .cacheLookup(_, let result): return "    " + e(Describe.cacheLookup(result, profile: profile)) + "\n"
        case .preflightSent(let r) where r.headers.contains(lowercased: "access-control-request-private-network"):
            return "    Private Network Access preflight, warning mode: its answer is not enforced\n" + wire(r, arrow: "→")
        case .preflightSent(let r): return wire(r, arrow: "→")
        case .preflightResponse(let r): return response(r)
        case .preflightPassed(let auth):
            return auth ? "    preflight passed; only Allow-Headers: * let Authorization through (the standard says it should not)\n"
                        : "    preflight passed\n"
        case let .cacheStore(_, decision, result): return "    " + e(Describe.cacheStore(decision, result, profile: profile)) + "\n"
        case .cacheStoreSkipped(let mode): return "    not cached: cache=\(mode.rawValue)\n"
        case let .cacheCleared(_, count): return "    cache: \(profile.displayName) removes \(count) entr\(count == 1 ? "y" : "ies") for this URL after the failure\n"
        case .requestSent(let r): return wire(r, arrow: "→")
        case .response(let r): return response(r)
        case .connectionRefused(let url): return "    ✘ no server at \(e(url.origin.serialized)): connection refused\n"
        case .httpCache(let event): return event.isShownInTraces ? "    " + e(Describe.httpCache(event)) + "\n" : ""
        case .failed: return ""
        case .redirected(let r): return "    " + e(Describe.redirect(r)) + "\n"
        case .cookies(let event): return Describe.cookie(event, browser: profile.displayName).map { "    " + e($0) + "\n" }.joined()
        case let .opaqueResponseBlocked(_, reason, dropped):
            return "    " + e(Describe.opaqueResponseBlocked(reason, droppedFromHTTPCache: dropped, browser: profile.displayName)) + "\n"
        }
    }

    private func wire(_ r: WireRequest, arrow: String) -> String {
        var s = "    \(arrow) \(e(r.method)) \(e(r.url.serialized()))"
        if r.credentialed { s += dim(" (credentialed)") }
        s += "\n"
        for h in r.headers { s += dim("        \(e(h.name)): \(e(h.value))") + "\n" }
        return s
    }

    private func response(_ r: WireResponse) -> String {
        var s = "    ← \(r.status)\(r.statusText.isEmpty ? "" : " " + e(r.statusText))\n"
        for h in r.headers { s += dim("        \(e(h.name)): \(e(h.value))") + "\n" }
        return s
    }

    /// The closing lines: each failed expectation with its place, then the totals.
    public func footer(file: String, summary: RunSummary) -> String {
        var out = "\n"
        for f in summary.failures {
            out += red("FAIL") + " \(e(f.expectation.location.file)):\(f.expectation.location.line): \(f.profileID): "
                + "expected \(e(f.expectation.text)), got \(e(f.actual))\n"
        }
        let passed = summary.expectationsChecked - summary.failures.count
        let line = "\(e(file)): \(Describe.count(summary.fetches, "fetch", "fetches")), \(passed) of \(Describe.count(summary.expectationsChecked, "expectation")) held"
        return out + (summary.failures.isEmpty ? green(line) : red(line)) + "\n"
    }
}
