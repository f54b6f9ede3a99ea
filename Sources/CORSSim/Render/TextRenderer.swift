/// The teaching trace: for each step, what the script asked, how the browser classified it,
/// each exchange on the wire, what the preflight cache decided and why, the verdict, the console
/// and what the script sees; then the expectations.
public struct TextRenderer: Sendable {
    public var color: Bool
    public var profiles: [BrowserName: BrowserProfile]
    /// Whether each request's `Referer` and `Sec-Fetch-*` lines are shown (`run --context-headers`);
    /// they are on the wire either way (servers and JSON see them), and left out of the trace by
    /// default, since no CORS check reads them.
    public var showsContextHeaders: Bool

    public init(color: Bool = false, showsContextHeaders: Bool = false) {
        self.color = color
        self.showsContextHeaders = showsContextHeaders
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
        var out: [UInt8] = []
        render(report, into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// `render(_:)`, appended to `out` as bytes (what `cors-sim run` writes).
    public func render(_ report: StepReport, into out: inout [UInt8]) {
        switch report.step {
        case .page(let p):
            var s = "\n" + bold("page ") + e(p.origin?.serialized ?? "null (a fresh opaque origin)")
            if let top = p.topLevel { s += " in \(e(top.serialized))" }
            if let address = p.address { s += " address \(e(address.text))" }
            if let permission = p.localNetwork { s += " local-network \(permission.rawValue)" }
            out += (s + dim("   line \(p.location.line)") + "\n").utf8
        case .server(let s):
            var text = "\n" + bold("server ") + e(s.origin.serialized) + (s.address.map { " address \(e($0.text))" } ?? "")
                + dim("   line \(s.location.line), " + (s.live ? "live: a real server answers" : Describe.count(s.routes.count, "route") + (s.viaCDN ? ", behind a CDN (shared cache)" : ""))) + "\n"
            if let cors = s.cors { text += dim("  cors: \(e(cors.summary))") + "\n" }
            for r in s.routes {
                text += dim("  \(e(r.method ?? "*")) \(e(r.path))\(r.isPrefix ? "*" : "")\(r.condition.map { " when " + e($0.text) } ?? "") → \(r.status)") + "\n"
            }
            out += text.utf8
        case .wait(let w):
            out += ("\n" + bold("wait ") + Describe.duration(w.milliseconds) + dim("   now t=" + Describe.duration(report.time)) + "\n").utf8
        case .restart(let l):
            out += ("\n" + bold("restart") + dim("   line \(l.line): every preflight cache is emptied") + "\n").utf8
        case .note(let n):
            out += ("\n" + cyan("▸ " + e(n.text)) + "\n").utf8
        case .cookie(let c):
            var text = "\n" + bold("cookie ") + e(c.text) + dim("   line \(c.location.line): the page sets document.cookie") + "\n"
            for r in report.cookieResults {
                for line in Describe.cookieStep(r.result, browser: r.displayName) { text += "  \(e(r.displayName)): " + e(line) + "\n" }
            }
            out += text.utf8
        case .fetch(let f):
            var w = TextOut(color: color, out)
            out = []
            renderFetch(f, report, &w)
            swap(&out, &w.bytes)
        }
    }

    private func renderFetch(_ f: FetchStep, _ report: StepReport, _ w: inout TextOut) {
        w.raw("\n")
        w.paint("1") { $0.escaped(Describe.request(report.outcomes.first?.request ?? FetchRequest(f.method, f.url))) }
        w.paint("2") { w in
            w.raw("   line ")
            w.int(f.location.line)
            w.raw(", t=")
            w.text(Describe.duration(report.time))
        }
        w.raw("\n")
        for h in f.headers { w.headerLine(h.name, h.value) }
        if let body = f.body {
            w.raw("    body: ")
            w.escaped(Describe.body(body))
            w.raw("\n")
        }
        render(outcomes: report.outcomes, checks: report.checks, &w)
    }

    /// What each browser did with one fetch, and the expectations checked: browsers that did
    /// exactly the same thing share one section, so the differences stand out. (`check --live`
    /// prints this under its own heading: there is no scenario step.)
    public func render(outcomes: [FetchOutcome], checks: [ExpectationResult] = []) -> String {
        var w = TextOut(color: color, [])
        render(outcomes: outcomes, checks: checks, &w)
        return String(decoding: w.bytes, as: UTF8.self)
    }

    private func render(outcomes: [FetchOutcome], checks: [ExpectationResult], _ w: inout TextOut) {
        var sections: [(names: [String], body: [UInt8])] = []
        for outcome in outcomes {
            var body = TextOut(color: color, [])
            renderOutcome(outcome, &body)
            for c in checks where c.profileID == outcome.profileID {
                body.raw("    ")
                if c.passed {
                    body.paint("32") { w in
                        w.raw("✔ expect ")
                        w.escaped(c.expectation.text)
                    }
                } else {
                    body.paint("31") { w in
                        w.raw("✘ expect ")
                        w.escaped(c.expectation.text)
                        w.raw(" — got ")
                        w.escaped(c.actual)
                    }
                }
                body.raw("\n")
            }
            let name = outcome.displayName
            if let last = sections.last, last.body == body.bytes {
                sections[sections.count - 1].names.append(name)
            } else {
                sections.append(([name], body.bytes))
            }
        }
        for section in sections {
            w.raw("  ")
            w.paint("1") { w in
                w.raw("── ")
                for (i, name) in section.names.enumerated() {
                    if i > 0 { w.raw(", ") }
                    w.text(name)
                }
                w.raw(" ──")
            }
            w.raw("\n")
            w.bytes += section.body
        }
    }

    private func renderOutcome(_ o: FetchOutcome, _ w: inout TextOut) {
        let profile = o.profileID == o.browser.rawValue ? profiles[o.browser]! : BrowserProfile.of(o)
        let c = o.classification
        for d in c.dropped { w.line(indent: "    ", escaping: Describe.dropped(d)) }
        if let added = c.addedContentType {
            w.paint("2") { w in
                w.raw("    fetch() adds Content-Type: ")
                w.escaped(added)
                w.raw(" for the body")
            }
            w.raw("\n")
        }
        if c.rejection == nil {
            if !o.request.url.isHTTPScheme {
                w.raw("    a ")
                w.escaped(o.request.url.scheme)
                w.raw(": URL: nothing goes to the network, CORS does not apply\n")
            } else if o.response?.type == .basic {
                w.raw("    same origin as the page: CORS does not apply\n")
            } else if c.isSimple {
                w.raw("    simple request: no preflight\n")
            } else {
                w.raw("    preflighted, because ")
                w.escaped(c.preflightReasons.map(Describe.preflightReason).joined(separator: "; "))
                w.raw("\n")
            }
        }
        for event in o.events { renderEvent(event, profile, &w) }
        w.raw("    ")
        if o.verdict == .blocked {
            w.paint("31") { w in
                w.raw("✘ ")
                w.escaped(Describe.verdict(o))
            }
        } else {
            w.paint("32") { w in
                w.raw("✔ ")
                w.escaped(Describe.verdict(o))
            }
        }
        w.raw("\n")
        if o.verdict == .blocked {
            w.paint("2") { $0.text("      " + Describe.reachNote(o)) }
            w.raw("\n")
        }
        if o.requestSent && o.verdict == .blocked {
            if let hint = Describe.errorResponseHint(o) {
                w.paint("2") { w in
                    w.raw("      ")
                    w.escaped(hint)
                }
                w.raw("\n")
            }
            if let hint = Describe.resourcePolicyHint(o) {
                w.paint("2") { w in
                    w.raw("      ")
                    w.escaped(hint)
                }
                w.raw("\n")
            }
        }
        for line in o.console {
            w.raw("    console ")
            w.text(line.level.rawValue)
            w.raw(": ")
            w.escaped(line.text)
            w.raw("\n")
        }
        if let error = o.scriptError {
            w.raw("    script sees: ")
            w.escaped(error)
            w.raw("\n")
        }
    }

    private func renderEvent(_ event: FetchEvent, _ profile: BrowserProfile, _ w: inout TextOut) {
        switch event {
        case .rejectedBeforeSend(let r): w.line(indent: "    ", escaping: Describe.rejection(r))
        case .cacheLookupSkipped(let mode):
            w.raw("    cache not consulted: cache=")
            w.text(mode.rawValue)
            w.raw("\n")
        case .cacheLookup(_, let result): w.line(indent: "    ", escaping: Describe.cacheLookup(result, profile: profile))
        case .preflightSent(let r) where r.headers.contains(lowercased: "access-control-request-private-network"):
            w.raw("    Private Network Access preflight, warning mode: its answer is not enforced\n")
            wire(r, arrow: "→", &w)
        case .preflightSent(let r): wire(r, arrow: "→", &w)
        case .preflightResponse(let r): response(r, &w)
        case .preflightPassed(let auth):
            if auth {
                w.raw("    preflight passed; only Allow-Headers: * let Authorization through (the standard says it should not)\n")
            } else {
                w.raw("    preflight passed\n")
            }
        case let .cacheStore(_, decision, result): w.line(indent: "    ", escaping: Describe.cacheStore(decision, result, profile: profile))
        case .cacheStoreSkipped(let mode):
            w.raw("    not cached: cache=")
            w.text(mode.rawValue)
            w.raw("\n")
        case let .cacheCleared(_, count):
            w.text("    cache: \(profile.displayName) removes \(count) entr\(count == 1 ? "y" : "ies") for this URL after the failure\n")
        case .requestSent(let r): wire(r, arrow: "→", &w)
        case .response(let r): response(r, &w)
        case let .madeByBrowser(url, r):
            w.raw("    ← ")
            w.int(r.status)
            w.raw(" ")
            w.escaped(r.statusText)
            w.raw(", made by the browser from the ")
            w.escaped(url.scheme)
            w.raw(": URL (nothing sent)\n")
            for h in r.headers { w.dimHeaderLine(h.name, h.value) }
            w.line(indent: "    body: ", escaping: Describe.responseBody(r.body))
        case .connectionRefused(let url):
            w.raw("    ✘ no server at ")
            w.escaped(url.origin.serialized)
            w.raw(": connection refused\n")
        case .httpCache(let event):
            if event.isShownInTraces { w.line(indent: "    ", escaping: Describe.httpCache(event)) }
        case .failed: break
        case .redirected(let r): w.line(indent: "    ", escaping: Describe.redirect(r))
        case .cookies(let event):
            for line in Describe.cookie(event, browser: profile.displayName) { w.line(indent: "    ", escaping: line) }
        case let .opaqueResponseBlocked(_, reason, dropped):
            w.line(indent: "    ", escaping: Describe.opaqueResponseBlocked(reason, droppedFromHTTPCache: dropped, browser: profile.displayName))
        }
    }

    private func wire(_ r: WireRequest, arrow: StaticString, _ w: inout TextOut) {
        w.raw("    ")
        w.raw(arrow)
        w.raw(" ")
        w.escaped(r.method)
        w.raw(" ")
        w.escaped(r.url.serialized())
        if r.credentialed { w.paint("2") { $0.raw(" (credentialed)") } }
        w.raw("\n")
        for h in r.headers where showsContextHeaders || !isContextHeader(h.lowercasedName) { w.dimHeaderLine(h.name, h.value) }
    }

    /// `Referer` and the Fetch Metadata headers (Checks/FetchMetadata.swift).
    private func isContextHeader(_ lowercasedName: String) -> Bool {
        lowercasedName == "referer" || lowercasedName.hasPrefix("sec-fetch-")
    }

    private func response(_ r: WireResponse, _ w: inout TextOut) {
        w.raw("    ← ")
        w.int(r.status)
        if !r.statusText.isEmpty {
            w.raw(" ")
            w.escaped(r.statusText)
        }
        w.raw("\n")
        for h in r.headers { w.dimHeaderLine(h.name, h.value) }
    }

    /// The closing lines: each failed expectation with its place, then the totals.
    public func footer(file: String, summary: RunSummary) -> String {
        var out = "\n"
        for f in summary.failures {
            out += red("FAIL") + " \(e(f.expectation.location.file)):\(f.expectation.location.line): \(f.profileID): "
                + "expected \(e(f.expectation.text)), got \(e(f.actual))\n"
        }
        let line = "\(e(file)): \(Describe.count(summary.fetches, "fetch", "fetches")), "
            + Describe.expectationsHeld(checked: summary.expectationsChecked, failed: summary.failures.count)
        return out + (summary.failures.isEmpty ? green(line) : red(line)) + "\n"
    }
}

/// Text output written straight into bytes: literal pieces, escaped untrusted text, numbers
/// digit by digit, and colours as SGR codes around a part when colour is on.
struct TextOut {
    let color: Bool
    var bytes: [UInt8]

    init(color: Bool, _ bytes: [UInt8]) {
        self.color = color
        self.bytes = bytes
    }

    mutating func raw(_ text: StaticString) { text.withUTF8Buffer { bytes.append(contentsOf: $0) } }
    /// Trusted text (a browser's name, a duration), as is.
    mutating func text(_ text: String) { bytes += text.utf8 }
    /// Untrusted text, escaped for a terminal (TerminalText).
    mutating func escaped(_ text: String) { TerminalText.escape(text, into: &bytes) }

    mutating func int(_ n: Int) {
        if n < 0 || n >= 10_000 {
            bytes += String(n).utf8
            return
        }
        if n >= 1000 { bytes.append(UInt8(ascii: "0") + UInt8(n / 1000)) }
        if n >= 100 { bytes.append(UInt8(ascii: "0") + UInt8(n / 100 % 10)) }
        if n >= 10 { bytes.append(UInt8(ascii: "0") + UInt8(n / 10 % 10)) }
        bytes.append(UInt8(ascii: "0") + UInt8(n % 10))
    }

    /// `ESC [ code m` ... `ESC [ 0 m` around what `body` writes when colour is on (as `ansiPaint`).
    mutating func paint(_ code: StaticString, _ body: (inout TextOut) -> Void) {
        guard color else {
            body(&self)
            return
        }
        bytes.append(0x1B)
        bytes.append(UInt8(ascii: "["))
        raw(code)
        bytes.append(UInt8(ascii: "m"))
        body(&self)
        raw("\u{1B}[0m")
    }

    /// `indent`, the text escaped, a line feed.
    mutating func line(indent: StaticString, escaping text: String) {
        raw(indent)
        escaped(text)
        bytes.append(UInt8(ascii: "\n"))
    }

    /// `    Name: value` of a request's own headers.
    mutating func headerLine(_ name: String, _ value: String) {
        raw("    ")
        escaped(name)
        raw(": ")
        escaped(value)
        bytes.append(UInt8(ascii: "\n"))
    }

    /// `        Name: value`, dimmed, of a header on the wire.
    mutating func dimHeaderLine(_ name: String, _ value: String) {
        paint("2") { w in
            w.raw("        ")
            w.escaped(name)
            w.raw(": ")
            w.escaped(value)
        }
        bytes.append(UInt8(ascii: "\n"))
    }
}
