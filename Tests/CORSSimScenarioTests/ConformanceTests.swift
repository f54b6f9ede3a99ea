import Foundation
import Testing
import CORSSimTestSupport
@testable import CORSSim
@testable import CORSSimCommand

/// The conformance corpus: every scenario in `Tests/Conformance/` was run in real Chromium,
/// Firefox ESR and WebKitGTK by `Tools/recorder/record.py`, which wrote what the script saw,
/// what the servers saw and the console to `Tests/Conformance/recordings/<browser>/<name>.json`.
/// Each recording is replayed through the simulator's matching profile (chrome, firefox,
/// webkitgtk), which must agree on every recorded field, the script's error text included. No browser is needed: recordings are data.
/// The safari profile has no recording of its own: `safariDiffersFromWebKitGTKOnlyInItsNetworkStack`
/// holds it to the webkitgtk profile, which shares its WebCore.
@Suite struct ConformanceTests {
    static let folder = TestFiles.root.appendingPathComponent("Tests/Conformance")
    static let files = TestFiles.corsFiles(under: folder).filter { !$0.contains("/recordings/") }
    static let profiles: [BrowserName] = [.chrome, .firefox, .webkitgtk]

    /// The recorded browser that stands for each simulator profile.
    static func recordedBrowser(_ profile: BrowserName) -> String {
        switch profile {
        case .chrome: return "chromium"
        case .firefox: return "firefox"
        case .webkitgtk: return "webkitgtk"
        // Not recorded: the recorder runs no Safari (see safariDiffersFromWebKitGTKOnlyInItsNetworkStack).
        case .safari: return "safari"
        case .spec: return "spec"
        }
    }

    static func recordingURL(_ file: String, _ profile: BrowserName) -> URL {
        let name = URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
        return folder.appendingPathComponent("recordings/\(recordedBrowser(profile))/\(name).json")
    }

    @Test func theCorpusHasAtLeastEightyScenariosAllRecorded() throws {
        #expect(Self.files.count >= 80)
        for file in Self.files {
            for profile in Self.profiles {
                let url = Self.recordingURL(file, profile)
                #expect(FileManager.default.fileExists(atPath: url.path), "\(file) has no \(Self.recordedBrowser(profile)) recording")
            }
        }
    }

    @Test(arguments: files, profiles)
    func simulatorAgreesWithTheRecording(_ file: String, _ profile: BrowserName) throws {
        let data = try Data(contentsOf: Self.recordingURL(file, profile))
        let recording = try JSONDecoder().decode(Recording.self, from: data)
        #expect(recording.format == "cors-sim/recording" && recording.version == 1)
        #expect(recording.browser.name == Self.recordedBrowser(profile))
        #expect(recording.status == "complete", "\(file): the \(recording.browser.name) recording is \(recording.status): \(recording.reason ?? "")")

        let scenario = try ScenarioParser.parse(data: try TestFiles.read(file), file: file)
        let fetchSteps: [FetchStep] = scenario.steps.compactMap { if case .fetch(let f) = $0 { return f } else { return nil } }
        var outcomes: [FetchOutcome] = []
        var runner = ScenarioRunner(browsers: [profile])
        // The recorder resolves every host name to loopback (Tools/recorder/README.md, "Host
        // names and https"), so a name is never a public address space there.
        runner.unlistedHostAddress = .space(.loopback)
        runner.run(scenario) { outcomes += $0.outcomes }

        var disagreements: [String] = []
        let scenarioName = URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
        let knownWire = Self.wireHeadersNotModelled.filter { $0.scenario == scenarioName && $0.browsers.contains(profile) }
        var knownWireSeen = Set<String>()
        let stale = "\(file) changed since it was recorded in \(recording.browser.name): re-record it (Tools/recorder/README.md)"
        try #require(fetchSteps.count == recording.fetches.count && outcomes.count == fetchSteps.count, "\(stale)")
        for (i, step) in fetchSteps.enumerated() {
            let r = recording.fetches[i]
            // The recording keeps the URL as the scenario wrote it; the step holds it parsed.
            let recordedURL = (try? FetchURL(parsing: r.url))?.serialized() ?? r.url
            try #require(r.method == step.method && recordedURL == step.url.serialized(), "\(stale) (fetch on line \(step.location.line))")
            let where_ = "\(file):\(step.location.line): \(profile.rawValue) vs \(recording.browser.name) \(recording.browser.version)"
            disagreements += Self.disagreements(r, outcomes[i], profile).filter { d in
                guard let known = knownWire.first(where: { $0.line == step.location.line && $0.field == d.field }) else { return true }
                knownWireSeen.insert(known.id)
                return false
            }.map { "\(where_): \($0.field): recorded \($0.recorded), simulated \($0.simulated)" }
        }
        for known in knownWire where !knownWireSeen.contains(known.id) {
            disagreements.append("\(file):\(known.line): \(profile.rawValue): \(known.field) now agrees: remove it from wireHeadersNotModelled")
        }
        let name = URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
        if let pending = Self.pending[name], pending.browsers.contains(profile) {
            // Still expected to disagree until the missing model lands; a pending case that starts
            // to agree fails here ("known issue was not recorded"), so the list cannot go stale.
            withKnownIssue(Comment(rawValue: pending.why)) {
                for d in disagreements { Issue.record(Comment(rawValue: d)) }
            }
        } else {
            for d in disagreements { Issue.record(Comment(rawValue: d)) }
        }
    }

    /// The headers about the request's context each request and preflight is compared on
    /// (Sources/CORSSim/Checks/FetchMetadata.swift).
    static let contextHeaderNames = ["Referer", "Sec-Fetch-Dest", "Sec-Fetch-Mode", "Sec-Fetch-Site"]

    /// A recorded header value as the simulator would give it: the recorder's page document is
    /// its runner (`/__rec-runner.html`, `/__rec/runner.html?ctx=…`, Tools/recorder/static/),
    /// where a scenario's page is its origin's root, so a `Referer` naming the runner is read as
    /// the origin's `/`.
    static func recordedValue(_ name: String, _ value: String) -> String {
        guard name == "Referer", let scheme = value.range(of: "://"),
              let path = value[scheme.upperBound...].firstIndex(of: "/"),
              value[path...].hasPrefix("/__rec") else { return value }
        return String(value[..<path]) + "/"
    }

    /// Recorded cases the simulator cannot agree with yet, and the model each waits for. Every
    /// entry is a known issue (reported, not failing) as long as it still disagrees.
    /// Header values on the wire the simulator does not model yet, each recorded, each with its
    /// reason (README, limits). An entry that starts to agree fails the test, so the list only shrinks.
    struct KnownWireDifference {
        var scenario: String
        var line: Int
        var field: String
        var browsers: Set<BrowserName>
        var why: String
        var id: String { "\(scenario):\(line):\(field)" }
    }

    static let wireHeadersNotModelled: [KnownWireDifference] = []

    static let pending: [String: (browsers: Set<BrowserName>, why: String)] = [:]

    /// The recorded scenarios in which the safari profile shows something else than the webkitgtk
    /// profile, and the difference of network stack or cookie policy behind each (Browsers/WebKitGTK.swift).
    /// Every other scenario must run the same in both: they share WebCore, so what the WebKitGTK
    /// recordings show of WebCore holds the safari profile too.
    static let safariDiffersFromWebKitGTK: [String: String] = [
        "cookie-first-party-then-cross-site": "cookie policy: Safari blocks third-party cookies, sent ones too; WebKitGTK's libsoup sends the stored session and plain cookies cross-site",
        "cookie-same-site-subdomain": "cookie policy: libsoup finds no base domain under .example (no Public Suffix List entry), so api.ck3.example's host-only cookies are third-party to app.ck3.example and refused; Safari takes ck3.example as the site of both",
        "cookie-cors-failure-still-stores": "cookie policy: api.ck5.example's cookie is third-party to app.ck5.example for libsoup (whole hosts under .example), first-party for Safari",
        "wpt-cors-cookies": "cookie policy: www1.ck9.example's cookies are third-party to web.ck9.example for libsoup, first-party for Safari",
        "cookie-redirect-cross-site-back": "cookie policy: libsoup judges SameSite on the hop's own URL, so the hop back to the page's site after a cross-site redirect carries the SameSite=Lax cookie; the safari profile keeps the standard's redirect-chain rule",
        "restart-keeps-cross-origin-cookie-and-stored-response": "cookie policy: api.site.example's persistent cookie is third-party to app.site.example for libsoup (whole hosts), so it is refused and never sent, before the restart or after; Safari takes site.example as the site of both",
        "wpt-cors-cookies-redirect": "cookie policy: www1.ck10.example's a=1 is refused by libsoup (another host under .example), so no cookie goes to www1",
        "cookie-order-domain-before-host-only": "cookie jar: libsoup 3.2 orders equal paths by its lookup (Domain cookies of the host, host-only ones, then parent domains); the safari profile keeps the standard's creation order (CFNetwork not recorded)",
        "cookie-domain-attribute-upper-case": "cookie parser: libsoup 3.2 checks Domain=CKS2.EXAMPLE as written and refuses it from app.cks2.example; the safari profile lower-cases it as the standard does",
        "cookie-name-prefix-rules-broken": "cookie parser: libsoup 3.2 has no __Secure-/__Host- checks, so all four are stored over http; the safari profile enforces the prefixes",
        "cookie-max-age-expires-parsing": "cookie parser: libsoup 3.2 lets the last of Max-Age and Expires win and reads Max-Age with strtol cut to an int; the safari profile follows the standard",
        "cookie-domain-single-label": "cookie parser: libsoup 3.2 drops a cookie whose Domain has no dot (localhost); the safari profile makes it host-only as the standard does",
        "cookie-domain-empty-after-domain": "cookie parser: Chromium, Firefox and WebKitGTK make a cookie host-only when an empty Domain follows a Domain; the safari profile keeps the standard's 'ignore the empty attribute' (CFNetwork not recorded)",
        "cookie-size-limits": "cookie parser: libsoup 3.2 has no 4096-byte cookie or 1024-byte attribute limit; the safari profile has the standard's",
        "url-percent-tilde-cache-distinct": "network stack: GLib's GUri sends /%7Eres as /~res (response.url too); CFNetwork keeps WebCore's URL",
        "dt2-9101-00093": "network stack: GLib's GUri sends ?%2e%2e as ?.. (response.url too)",
        "url-percent-escapes-wire": "network stack: GLib's GUri decodes escaped unreserved characters and upper-cases other escapes in the path and query",
        "redirect-location-path-non-ascii": "network stack: WebKitGTK reads the Location's bytes as Latin-1 (ResourceResponseSoup.cpp), so café's UTF-8 is requested as caf%C3%83%C2%A9",
        "ctor-header-value-latin1-byte": "network stack: libsoup writes a header value's characters above U+007F as UTF-8 (ResourceRequestSoup.cpp value.utf8()); the safari profile keeps one byte per character (CFNetwork not recorded)",
        "dt-9001-01150": "network stack: libsoup writes `é` in a header value as UTF-8; the safari profile as one byte",
        "dt-9001-01021": "network stack: libsoup writes `é` in a header value as UTF-8; the safari profile as one byte",
        "header-value-latin1-accept": "network stack: libsoup writes `Accept: é` as UTF-8; the safari profile as one byte",
        "header-value-latin1-content-language": "network stack: libsoup writes `Content-Language: é` as UTF-8; the safari profile as one byte",
        "header-value-latin1-content-type": "network stack: libsoup writes `é` in Content-Type as UTF-8; the safari profile as one byte",
        "cookie-max-age-then-past-expires": "cookie policy: libsoup's parser takes the later of Max-Age and Expires, so Max-Age=60 then a past Expires deletes the cookie; the safari profile keeps RFC 6265bis (Max-Age wins; Safari not recorded)",
    ]

    /// Everything a run of one scenario shows, without the browser's name: per fetch the verdict,
    /// failure, script error, console, the preflights and requests on the wire, the response and
    /// the cookie events.
    static func shown(_ file: String, _ profile: BrowserName) throws -> String {
        let scenario = try ScenarioParser.parse(data: try TestFiles.read(file), file: file)
        var runner = ScenarioRunner(browsers: [profile])
        runner.unlistedHostAddress = .space(.loopback)
        var lines: [String] = []
        runner.run(scenario) { report in
            for o in report.outcomes {
                var line = "\(o.verdict) \(o.failure.map { "\($0.reason) \($0.value ?? "")" } ?? "ok") \(o.scriptError ?? "")"
                line += " console=\(o.console.map(\.text)) preflight=\(o.preflight)"
                for p in o.preflightsSent { line += " P[\(p.url.serialized()) \(p.headers.map { "\($0.name): \($0.value)" })]" }
                for q in o.requestsReceived {
                    line += " R[\(q.method) \(q.url.serialized()) \(q.credentialed) \(q.headers.map { "\($0.name): \($0.value)" })]"
                }
                if let r = o.response { line += " resp[\(r.type) \(r.status) \(r.url) \(r.headers.map { "\($0.name): \($0.value)" }) \(r.body)]" }
                for case .cookies(let event) in o.events { line += " cookies[\(event)]" }
                lines.append(line)
            }
        }
        return lines.joined(separator: "\n")
    }

    @Test(arguments: files)
    func safariDiffersFromWebKitGTKOnlyInItsNetworkStack(_ file: String) throws {
        let name = URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
        let safari = try Self.shown(file, .safari), webkitgtk = try Self.shown(file, .webkitgtk)
        if let why = Self.safariDiffersFromWebKitGTK[name] {
            // Listed: it must still differ, so the list cannot go stale.
            #expect(safari != webkitgtk, "\(name) is listed as differing (\(why)) but runs the same in safari and webkitgtk")
        } else {
            #expect(safari == webkitgtk, "\(name): safari and webkitgtk differ, though they share WebCore:\nsafari:\n\(safari)\nwebkitgtk:\n\(webkitgtk)")
        }
    }

    @Test func everyListedDifferenceIsAConformanceScenario() {
        let names = Set(Self.files.map { URL(fileURLWithPath: $0).deletingPathExtension().lastPathComponent })
        for name in Self.safariDiffersFromWebKitGTK.keys { #expect(names.contains(name), "\(name) is not in Tests/Conformance") }
    }

    /// The comparison itself catches a difference on every field it checks.
    @Test func aChangedRecordingIsADisagreement() throws {
        let file = "Tests/Conformance/simple-get-acao-star.cors"
        let recording = try JSONDecoder().decode(Recording.self, from: Data(contentsOf: Self.recordingURL(file, .chrome)))
        let scenario = try ScenarioParser.parse(data: try TestFiles.read(file), file: file)
        var outcomes: [FetchOutcome] = []
        ScenarioRunner(browsers: [.chrome]).run(scenario) { outcomes += $0.outcomes }
        let fetch = try #require(recording.fetches.first)
        let outcome = try #require(outcomes.first)
        #expect(Self.disagreements(fetch, outcome, .chrome).isEmpty)

        var changed = fetch
        changed.outcome?.headerNames = ["X-Secret"]
        changed.preflights = [RecordedPreflight(url: fetch.url, origin: "null", acrm: "GET", acrh: "x-foo")]
        changed.actuals[0].origin = "null"
        changed.console = ["Access to fetch at 'x' from origin 'y' has been blocked by CORS policy: invented."]
        let fields = Set(Self.disagreements(changed, outcome, .chrome).map(\.field))
        #expect(fields == ["readable headers", "preflight", "request 1 Origin", "console"])

        changed = fetch
        changed.outcome = RecordedOutcome(kind: "rejected", status: nil, type: nil, headerNames: nil, errorName: "TypeError", errorMessage: "Failed to fetch")
        changed.actuals = []
        #expect(Set(Self.disagreements(changed, outcome, .chrome).map(\.field))
                == ["verdict", "script error", "request reached the server", "actual requests on the wire"])
    }

    struct Disagreement: Equatable {
        var field: String
        var recorded: String
        var simulated: String
    }

    /// Every recorded field on which the simulated outcome differs.
    static func disagreements(_ r: RecordedFetch, _ o: FetchOutcome, _ profile: BrowserName) -> [Disagreement] {
        var out: [Disagreement] = []
        func check(_ field: String, _ recorded: String, _ simulated: String) {
            if recorded != simulated { out.append(Disagreement(field: field, recorded: recorded, simulated: simulated)) }
        }
        func text(_ v: String?) -> String { v ?? "none" }

        // Verdict: resolved with type basic/cors = readable, opaque, opaqueredirect; rejected = blocked.
        guard let outcome = r.outcome else {
            out.append(Disagreement(field: "verdict", recorded: "nothing (no outcome recorded)", simulated: o.verdict.rawValue))
            return out
        }
        let recordedVerdict: String
        switch (outcome.kind, outcome.type) {
        case ("resolved", "basic"), ("resolved", "cors"): recordedVerdict = "readable"
        case ("resolved", "opaque"): recordedVerdict = "opaque"
        case ("resolved", "opaqueredirect"): recordedVerdict = "opaque-redirect"
        case ("rejected", _): recordedVerdict = "blocked"
        default: recordedVerdict = "\(outcome.kind) \(outcome.type ?? "")"
        }
        check("verdict", recordedVerdict, o.verdict.rawValue)
        if outcome.kind == "rejected", let name = outcome.errorName, let message = outcome.errorMessage {
            check("script error", "\(name): \(message)", o.scriptError ?? "none")
        }
        if outcome.kind == "resolved", let response = o.response {
            check("status", String(outcome.status ?? -1), String(response.status))
            check("response type", outcome.type ?? "none", response.type.rawValue)
            let recordedNames = Set((outcome.headerNames ?? []).map { $0.lowercased() }).sorted()
            let simulatedNames = Set(response.headers.map { $0.lowercasedName }).sorted()
            check("readable headers", "[\(recordedNames.joined(separator: ", "))]", "[\(simulatedNames.joined(separator: ", "))]")
            // What else the script reads: statusText, redirected, url, the body as text, and each
            // header's value as `headers.get` gives it (lines of one name combined).
            if let v = outcome.statusText { check("status text", v, response.statusText) }
            if let v = outcome.redirected { check("redirected", String(v), String(response.redirected)) }
            if let v = outcome.url { check("response URL", v, response.url) }
            if let v = outcome.body { check("body", v, response.body) }
            if let pairs = outcome.headers {
                // A value reflecting a request's Referer names the recorder's runner page (`consoleText`).
                let recorded = pairs.filter { $0.count == 2 }.map { "\($0[0].lowercased()): \(Self.runnerPathsAsRoot($0[1]))" }.sorted()
                var combined: [String: [String]] = [:]
                for h in response.headers { combined[h.lowercasedName, default: []].append(h.value) }
                let simulated = combined.map { "\($0.key): \($0.value.joined(separator: ", "))" }.sorted()
                check("header values", recorded.joined(separator: " | "), simulated.joined(separator: " | "))
            }
        }

        // Preflights the servers saw: sent (with how many) or not (cached / none).
        let recordedState = r.preflights.isEmpty ? "cached or none" : "sent"
        let simulatedState = o.preflight == .sent ? "sent" : "cached or none"
        if recordedState != simulatedState || r.preflights.count != o.preflightsSent.count {
            out.append(Disagreement(field: "preflight", recorded: "\(recordedState) (\(r.preflights.count) on the wire)",
                                    simulated: "\(o.preflight.rawValue) (\(o.preflightsSent.count) on the wire)"))
        }
        for (k, (p, s)) in zip(r.preflights, o.preflightsSent).enumerated() {
            // As for requests: a preflight's request line has no username or password either.
            check("preflight \(k + 1) URL", p.url, s.url.withoutCredentials.serialized())
            check("preflight \(k + 1) Origin", text(p.origin), text(s.headers.get("Origin")))
            check("preflight \(k + 1) Access-Control-Request-Method", text(p.acrm), text(s.headers.get("Access-Control-Request-Method")))
            check("preflight \(k + 1) Access-Control-Request-Headers", text(p.acrh), text(s.headers.get("Access-Control-Request-Headers")))
        }
        // The cache headers each preflight carried (what the fetch's cache mode adds to it).
        let wirePreflights = (r.requests ?? []).filter { $0.kind == "preflight" }
        if wirePreflights.count == r.preflights.count {
            for (k, (p, s)) in zip(wirePreflights, o.preflightsSent).enumerated() {
                guard let headers = p.headers else { continue }
                for name in ["Cache-Control", "Pragma"] + Self.contextHeaderNames {
                    let recorded = headers.filter { $0.count == 2 && $0[0].lowercased() == name.lowercased() }.map { Self.recordedValue(name, $0[1]) }
                    check("preflight \(k + 1) \(name)", recorded.isEmpty ? "none" : recorded.joined(separator: ", "),
                          s.headers.get(name) ?? "none")
                }
            }
        }

        // The actual request(s): reached a server or not, each hop's method, URL and Origin.
        check("request reached the server", r.actuals.isEmpty ? "not-sent" : "sent", o.requestSent ? "sent" : "not-sent")
        check("actual requests on the wire", String(r.actuals.count), String(o.requestsReceived.count))
        for (k, (a, s)) in zip(r.actuals, o.requestsReceived).enumerated() {
            check("request \(k + 1) method", a.method, s.method)
            // The recorder logs what its server saw, which never includes a username or password.
            check("request \(k + 1) URL", a.url, s.url.withoutCredentials.serialized())
            check("request \(k + 1) Origin", text(a.origin), text(s.headers.get("Origin")))
            // The cookies it carried, by name and in order (recordings from the cookie work on:
            // `cookie_header`). The recorder's own `rec_sid` cookie (set by its runner page, Tools/recorder/static/) is left out.
            if a.recordsCookieHeader {
                check("request \(k + 1) cookies", Self.cookieList(a.cookieHeader), Self.cookieList(s.headers.get("Cookie")))
            }
        }

        // The validators and cache headers on each actual request: whether the HTTP cache
        // revalidated (and with which ETag or date), the script's own conditional request went
        // out as written, and what the cache mode added (`Cache-Control`, `Pragma`).
        let wireActuals = (r.requests ?? []).filter { $0.kind == "actual" }
        if wireActuals.count == r.actuals.count {
            for (k, (a, s)) in zip(wireActuals, o.requestsReceived).enumerated() {
                guard let headers = a.headers else { continue }
                // And the headers the script set (plus Content-Type and Authorization), as each hop
                // kept, dropped or rewrote them.
                // Left out: names the browser owns (a forbidden name the script set is dropped and
                // the browser sends its own), and a form-data boundary (random in the browser).
                var names = Set(o.request.headers.map(\.lowercasedName))
                names.formUnion(["content-type", "authorization"])
                names.subtract(["if-none-match", "if-modified-since", "cache-control", "pragma", "origin", "cookie"])
                for d in o.classification.dropped { if case .forbidden = d.reason { names.remove(d.header.lowercasedName) } }
                for name in names.sorted() {
                    // The browser appends its own Accept-Language (the recorder's locale, not
                    // modelled) where the request has none, e.g. after the no-cors guard dropped
                    // the script's (Tools/recorder/compare.py BROWSER_DEFAULTED; dt-9004-00049).
                    if name == "accept-language", s.headers.get(name) == nil { continue }
                    func shown(_ value: String?) -> String {
                        guard let value else { return "none" }
                        if let b = value.range(of: "; boundary=") { return String(value[..<b.lowerBound]) + "; boundary=…" }
                        return value
                    }
                    let recorded = headers.filter { $0.count == 2 && $0[0].lowercased() == name }.map { $0[1] }
                    check("request \(k + 1) \(name)", shown(recorded.isEmpty ? nil : recorded.joined(separator: ", ")),
                          shown(s.headers.get(name)))
                }
                for name in ["If-None-Match", "If-Modified-Since", "Cache-Control", "Pragma"] + Self.contextHeaderNames {
                    let recorded = headers.filter { $0.count == 2 && $0[0].lowercased() == name.lowercased() }.map { Self.recordedValue(name, $0[1]) }
                    check("request \(k + 1) \(name)", recorded.isEmpty ? "none" : recorded.joined(separator: ", "),
                          s.headers.get(name) ?? "none")
                }
            }
        }

        // The console reason: every CORS line the browser printed is one the simulator prints.
        let simulatedConsole = Set(o.console.map(\.text))
        // And every line the simulator prints is one the browser printed (no invented line), as
        // the recorder's capture can see it (`uncapturedConsoleLine`).
        let recordedTexts = Set(r.console.map { Self.consoleText($0, profile) })
        for message in o.console where !recordedTexts.contains(message.text) && !Self.uncapturedConsoleLine(message, profile)
            && !(profile == .safari || profile == .webkitgtk ? recordedTexts.contains { !$0.isEmpty && message.text.hasPrefix($0) } : false) {
            let line = message.text
            out.append(Disagreement(field: "console line the browser did not print",
                                    recorded: r.console.isEmpty ? "no console line" : r.console.map { "“\($0)”" }.joined(separator: " + "),
                                    simulated: "“\(line)”"))
        }
        for line in r.console {
            guard let message = corsConsoleMessage(line, profile) else { continue }
            if !simulatedConsole.contains(message) {
                out.append(Disagreement(field: "console", recorded: "“\(message)”",
                                        simulated: o.console.isEmpty ? "no console line" : o.console.map { "“\($0.text)”" }.joined(separator: " + ")))
            }
        }
        return out
    }

    /// The cookie names of a `Cookie` header, in order, without the recorder's `rec_sid`.
    static func cookieList(_ header: String?) -> String {
        let names = (header ?? "").split(separator: ";").compactMap { pair -> String? in
            let name = pair.split(separator: "=", maxSplits: 1).first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
            return name.isEmpty || name == "rec_sid" ? nil : name
        }
        return "[" + names.joined(separator: ", ") + "]"
    }

    /// A recorded console line as the page's console shows it, or nil when it is not about CORS
    /// or access control. Strips the recorder's framing: Firefox's WebDriver BiDi
    /// `javascript error ` / `javascript warn ` prefix, WebKit's `SECURITY ERROR ` /
    /// `JS ERROR ` / `ERROR ` prefix. Chromium lines carry no framing. Firefox's
    /// `Security Error: Content at <document URL> may not load data from <URL>` (mode
    /// same-origin) is left out: it names the recorder's own page, which a scenario does not have.
    /// A recorded console line as the simulator would print it: without the capture's level prefix
    /// (Firefox's `javascript error `, WebKit's `SECURITY ERROR ` ...), the recorder's runner page
    /// (`ORIGIN/__rec-runner.html?ctx=…`, `ORIGIN/__rec/runner.html`) read as the page's `ORIGIN/`.
    static func consoleText(_ line: String, _ profile: BrowserName) -> String {
        var text = Substring(line)
        let prefixes: [String]
        switch profile {
        case .firefox: prefixes = ["javascript error ", "javascript warn ", "javascript warning ", "javascript info ", "javascript log "]
        case .safari, .webkitgtk: prefixes = ["SECURITY ERROR ", "SECURITY WARN ", "JS ERROR ", "JS WARN ", "ERROR ", "WARN ",
                                              "CONSOLE ERROR ", "CONSOLE WARN ", "NETWORK ERROR "]
        default: prefixes = []
        }
        for prefix in prefixes where text.hasPrefix(prefix) {
            text = text.dropFirst(prefix.count)
            break
        }
        return runnerPathsAsRoot(String(text))
    }

    /// `text` with each URL of the recorder's runner page (`ORIGIN/__rec-runner.html?ctx=…`,
    /// `ORIGIN/__rec/runner.html`) read as the page's `ORIGIN/`; a null principal's UUID as zeros.
    static func runnerPathsAsRoot(_ input: String) -> String {
        var text = Substring(input)
        var out = ""
        while let r = text.range(of: "/__rec") {
            out += text[..<r.lowerBound] + "/"
            // The runner's path and query run to the next space, quote or closing punctuation.
            var rest = text[r.upperBound...]
            while let c = rest.first, !" '\"”\t".contains(c) { rest = rest.dropFirst() }
            text = rest
        }
        out += text
        // Firefox's null principals carry a random UUID; the simulator prints the zero UUID.
        if let r = out.range(of: "moz-nullprincipal:{"), let close = out[r.upperBound...].firstIndex(of: "}") {
            out.replaceSubrange(r.upperBound..<close, with: "00000000-0000-0000-0000-000000000000")
        }
        return out
    }

    /// Lines the simulator prints that the recorder's console capture cannot see: Chromium's
    /// network error lines (`GET URL net::ERR_…`, DevTools' network log, not written to the log
    /// `--enable-logging=stderr` gives), WebKit's `Failed to load resource: …` (the Web
    /// Inspector's network messages, not among those MiniBrowser writes to stdout) and
    /// Firefox's warnings (the WebDriver BiDi stream has carried no warning-level line in any
    /// recording). WebKit's lines are matched by their start too: MiniBrowser's stdout cuts the
    /// mixed-content warning ("… This content was blocked and must").
    static func uncapturedConsoleLine(_ message: ConsoleMessage, _ profile: BrowserName) -> Bool {
        switch profile {
        case .chrome: return message.text.contains(" net::ERR_")
        case .firefox: return message.level == .warning
        case .safari, .webkitgtk: return message.text.hasPrefix("Failed to load resource: ")
        case .spec: return false
        }
    }

    static func corsConsoleMessage(_ line: String, _ profile: BrowserName) -> String? {
        switch profile {
        case .chrome:
            return line.contains("CORS policy") || line.hasPrefix("Fetch API cannot load") ? line : nil
        case .firefox:
            for prefix in ["javascript error ", "javascript warn ", "javascript warning "] where line.hasPrefix(prefix) {
                let message = String(line.dropFirst(prefix.count))
                return message.hasPrefix("Cross-Origin Request") ? message : nil
            }
            return nil
        case .safari, .webkitgtk:
            for prefix in ["SECURITY ERROR ", "JS ERROR ", "ERROR "] where line.hasPrefix(prefix) {
                return String(line.dropFirst(prefix.count))
            }
            return nil
        case .spec:
            return nil
        }
    }
}

// MARK: - The recording format (cors-sim/recording, version 1; written by Tools/recorder/record.py)

struct Recording: Decodable {
    var format: String
    var version: Int
    var scenario: String
    var browser: RecordedBrowser
    var status: String
    var reason: String?
    var fetches: [RecordedFetch]
}

struct RecordedBrowser: Decodable {
    var name: String
    var engine: String
    var profile: String
    var version: String
}

struct RecordedFetch: Decodable {
    var line: Int
    var method: String
    var url: String
    var outcome: RecordedOutcome?
    var preflights: [RecordedPreflight]
    var actuals: [RecordedRequest]
    /// Every request the servers saw for this fetch, in order, with its header lines (recordings
    /// from the HTTP cache work on have them).
    var requests: [RecordedWireRequest]?
    var console: [String]
}

struct RecordedWireRequest: Decodable {
    var kind: String
    var headers: [[String]]?
}

struct RecordedOutcome: Decodable {
    var kind: String
    var status: Int?
    var type: String?
    var headerNames: [String]?
    var errorName: String?
    var errorMessage: String?
    var statusText: String?
    var redirected: Bool?
    var url: String?
    var body: String?
    var headers: [[String]]?

    init(kind: String, status: Int?, type: String?, headerNames: [String]?, errorName: String?, errorMessage: String?) {
        self.kind = kind
        self.status = status
        self.type = type
        self.headerNames = headerNames
        self.errorName = errorName
        self.errorMessage = errorMessage
    }

    enum CodingKeys: String, CodingKey {
        case kind, status, type, redirected, url, body, headers
        case statusText = "status_text"
        case headerNames = "header_names"
        case errorName = "error_name"
        case errorMessage = "error_message"
    }
}

struct RecordedPreflight: Decodable {
    var url: String
    var origin: String?
    var acrm: String?
    var acrh: String?
}

struct RecordedRequest: Decodable {
    var url: String
    var method: String
    var origin: String?
    /// The `Cookie` header the server received (null: none); only in recordings that have the key.
    var cookieHeader: String?
    var recordsCookieHeader = false

    enum CodingKeys: String, CodingKey {
        case url, method, origin
        case cookieHeader = "cookie_header"
    }

    init(url: String, method: String, origin: String?) {
        self.url = url
        self.method = method
        self.origin = origin
    }

    init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        url = try c.decode(String.self, forKey: .url)
        method = try c.decode(String.self, forKey: .method)
        origin = try c.decodeIfPresent(String.self, forKey: .origin)
        recordsCookieHeader = c.contains(.cookieHeader)
        cookieHeader = try c.decodeIfPresent(String.self, forKey: .cookieHeader)
    }
}
