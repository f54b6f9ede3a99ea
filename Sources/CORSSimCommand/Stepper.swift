import CORSSim

/// The step-through view (`cors-sim step`): one screen per scenario step and browser, built as
/// pure functions of a recorded run. The key loop and the terminal's raw mode are in
/// `Stepper+Terminal.swift`; everything here is plain strings.

/// A key the stepper understands, decoded from the bytes a terminal sends.
package enum StepperKey: Sendable, Hashable {
    case next, back, nextBrowser, previousBrowser, scrollUp, scrollDown, quit
    /// `1` to `4`: a browser by its position.
    case browser(Int)

    /// Decodes raw terminal input: `n`, space, `l`, → next; `b`, `p`, `h`, ← back; tab and
    /// shift-tab switch browser; `1`-`9` pick one; ↑ ↓ `k` `j` scroll; `q`, Ctrl-C, Ctrl-D quit.
    /// Bytes that mean nothing are skipped.
    package static func decode(_ bytes: [UInt8]) -> [StepperKey] {
        var keys: [StepperKey] = []
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            if b == 0x1B, i + 2 < bytes.count, bytes[i + 1] == UInt8(ascii: "[") || bytes[i + 1] == UInt8(ascii: "O") {
                switch bytes[i + 2] {
                case UInt8(ascii: "C"): keys.append(.next)
                case UInt8(ascii: "D"): keys.append(.back)
                case UInt8(ascii: "A"): keys.append(.scrollUp)
                case UInt8(ascii: "B"): keys.append(.scrollDown)
                case UInt8(ascii: "Z"): keys.append(.previousBrowser)
                default: break
                }
                i += 3
                continue
            }
            switch b {
            case UInt8(ascii: "n"), UInt8(ascii: " "), UInt8(ascii: "l"), 0x0D, 0x0A: keys.append(.next)
            case UInt8(ascii: "b"), UInt8(ascii: "p"), UInt8(ascii: "h"), 0x7F: keys.append(.back)
            case 0x09: keys.append(.nextBrowser)
            case UInt8(ascii: "1")...UInt8(ascii: "9"): keys.append(.browser(Int(b - UInt8(ascii: "1"))))
            case UInt8(ascii: "k"): keys.append(.scrollUp)
            case UInt8(ascii: "j"): keys.append(.scrollDown)
            case UInt8(ascii: "q"), UInt8(ascii: "Q"), 0x03, 0x04: keys.append(.quit)
            default: break
            }
            i += 1
        }
        return keys
    }
}

/// Where the stepper is: which screen, which browser, how far the screen is scrolled.
package struct StepperState: Sendable, Hashable {
    package var page = 0
    package var browser = 0
    package var scroll = 0

    package init(page: Int = 0, browser: Int = 0) {
        self.page = page
        self.browser = browser
    }

    /// Applies one key; returns false for quit. Moving to another screen scrolls back to its top.
    package mutating func apply(_ key: StepperKey, pages: Int, browsers: Int) -> Bool {
        switch key {
        case .quit: return false
        case .next: if page + 1 < pages { page += 1; scroll = 0 }
        case .back: if page > 0 { page -= 1; scroll = 0 }
        case .nextBrowser: browser = (browser + 1) % max(browsers, 1)
        case .previousBrowser: browser = (browser + max(browsers, 1) - 1) % max(browsers, 1)
        case .browser(let n): if n < browsers { browser = n }
        case .scrollUp: scroll = max(0, scroll - 1)
        case .scrollDown: scroll += 1
        }
        return true
    }
}

/// The screens of `cors-sim step`.
package struct Stepper: Sendable {
    /// One screen: a step that is not a note, with the notes written just before it.
    package struct Page: Sendable, Hashable {
        /// The index of the step in the run's reports.
        package var report: Int
        package var notes: [String]
    }

    package var run: RecordedRun
    package var pages: [Page]

    package init(_ run: RecordedRun) {
        self.run = run
        var pages: [Page] = []
        var notes: [String] = []
        for (i, report) in run.reports.enumerated() {
            if case .note(let n) = report.step {
                notes.append(n.text)
                continue
            }
            pages.append(Page(report: i, notes: notes))
            notes = []
        }
        // Notes after the last step still get a screen of their own.
        if !notes.isEmpty { pages.append(Page(report: run.reports.count - 1, notes: notes)) }
        self.pages = pages
    }

    /// The key bar shown under every interactive screen, as long as the width allows.
    package func keyBar(scrollable: Bool, width: Int = .max) -> String {
        let count = run.browsers.count
        let long = ["n/space/→ next", "b/← back", count > 1 ? "tab/1-\(count) browser" : nil, scrollable ? "↑↓ scroll" : nil, "q quit"]
        let short = ["n next", "b back", count > 1 ? "tab browser" : nil, scrollable ? "↑↓" : nil, "q quit"]
        let bars = [long.compactMap { $0 }.joined(separator: " · "), short.compactMap { $0 }.joined(separator: " · "),
                    short.compactMap { $0 }.joined(separator: " ")]
        return bars.first { $0.count <= width } ?? bars[2]
    }

    /// What the terminal shows for a state: the title lines, as much of the screen as fits the
    /// height from the state's scroll position, and the key bar. Clamps the state's scroll.
    package func frame(_ state: inout StepperState, width: Int, height: Int, color: Bool) -> [String] {
        let width = max(width, 40)
        let ink = ScreenInk(color: color)
        let head = title(state.page, browser: state.browser, width: width, ink: ink)
        let body = self.body(state.page, browser: state.browser, width: width, ink: ink)
        let room = max(height - head.count - 2, 3)
        let scrollable = body.count > room
        state.scroll = min(max(state.scroll, 0), max(body.count - room, 0))
        var lines = head + Array(body[state.scroll..<min(body.count, state.scroll + room)])
        if scrollable {
            let below = body.count - state.scroll - room
            lines.append(ink.dim(below > 0 ? "  ↓ \(below) more line\(below == 1 ? "" : "s")" : "  (end)"))
        }
        while lines.count < height - 1 { lines.append("") }
        lines.append(ink.keys(TextLayout.fit(keyBar(scrollable: scrollable, width: width), width)))
        return lines
    }

    /// One whole screen, without the key bar, wrapped to the width.
    package func screen(_ page: Int, browser: Int, width: Int, color: Bool) -> [String] {
        let ink = ScreenInk(color: color)
        let width = max(width, 40)
        return title(page, browser: browser, width: width, ink: ink) + body(page, browser: browser, width: width, ink: ink)
    }

    /// Every screen in order, each step in each browser: what `cors-sim step` prints when it
    /// is not on a terminal.
    /// Browsers whose screen for a step would be the same share one: the heading names them all
    /// (a page or server step, a fetch every browser handles alike), so a handout shows each
    /// difference once.
    package func transcript(width: Int, color: Bool) -> String {
        let ink = ScreenInk(color: color)
        let width = max(width, 40)
        var out = ""
        for page in pages.indices {
            var groups: [(browsers: [Int], body: [String])] = []
            for browser in run.browsers.indices {
                let body = body(page, browser: browser, width: width, ink: ink)
                if let i = groups.firstIndex(where: { $0.body == body }) {
                    groups[i].browsers.append(browser)
                } else {
                    groups.append(([browser], body))
                }
            }
            for group in groups {
                out += (transcriptTitle(page, browsers: group.browsers, width: width, ink: ink) + group.body).joined(separator: "\n") + "\n\n"
            }
        }
        return out
    }

    /// The heading of a transcript screen: the file, the screen's number, the browsers it is for.
    private func transcriptTitle(_ page: Int, browsers: [Int], width: Int, ink: ScreenInk) -> [String] {
        let report = run.reports[pages[page].report]
        let first = "cors-sim step · \(run.scenario.file)"
        let position = "screen \(page + 1) of \(pages.count)"
        let room = max(width - position.count - 1, 10)
        let names = browsers.map { run.profiles[$0].displayName }
        let who = browsers.count == run.browsers.count && browsers.count > 1 ? "every browser (\(names.joined(separator: ", ")))" : names.joined(separator: ", ")
        let place = "line \(report.step.location.line) · t=\(Describe.duration(report.time))"
        var lines = [ink.bold(TextLayout.fit(first, room)) + TextLayout.pad(width - min(first.count, room) - position.count) + ink.dim(position)]
        if who.count + 1 + place.count <= width {
            lines.append(ink.selected(who) + TextLayout.pad(width - who.count - place.count) + ink.dim(place))
        } else {
            lines += TextLayout.wrap(who, width: width).map(ink.selected) + [ink.dim(TextLayout.fit(place, width))]
        }
        return lines + [ink.dim(String(repeating: "─", count: width))]
    }

    // MARK: Building a screen

    private func title(_ page: Int, browser: Int, width: Int, ink: ScreenInk) -> [String] {
        let p = pages[page]
        let report = run.reports[p.report]
        let first = "cors-sim step · \(TerminalText.escaped(run.scenario.file))"
        let position = "screen \(page + 1) of \(pages.count)"
        var tabs = run.profiles.enumerated().map { i, profile in
            let label = profile.displayName
            return i == browser ? ink.selected("[\(i + 1) \(label)]") : ink.dim(" \(i + 1) \(label) ")
        }.joined(separator: " ")
        var tabsWidth = run.profiles.map { $0.displayName.count + 4 }.reduce(0, +) + max(run.browsers.count - 1, 0)
        if tabsWidth > width {
            // Too narrow for every browser: only the one shown.
            let only = "[\(browser + 1) \(run.profiles[browser].displayName)] of \(run.browsers.count)"
            tabs = ink.selected(TextLayout.fit(only, width))
            tabsWidth = min(only.count, width)
        }
        let place = "line \(report.step.location.line) · t=\(Describe.duration(report.time))"
        let room = max(width - position.count - 1, 10)
        var lines = [ink.bold(TextLayout.fit(first, room)) + TextLayout.pad(width - min(first.count, room) - position.count) + ink.dim(position)]
        if tabsWidth + 1 + place.count <= width {
            lines.append(tabs + TextLayout.pad(width - tabsWidth - place.count) + ink.dim(place))
        } else {
            lines += [tabs, ink.dim(TextLayout.fit(place, width))]
        }
        return lines + [ink.dim(String(repeating: "─", count: width))]
    }

    private func body(_ page: Int, browser: Int, width: Int, ink: ScreenInk) -> [String] {
        let p = pages[page]
        let report = run.reports[p.report]
        var out = ScreenLines(width: width, ink: ink)
        // Consecutive `note` lines are one paragraph of the lesson.
        if !p.notes.isEmpty { out.add(.note, "▸ " + p.notes.joined(separator: " "), indent: 0) }
        if !p.notes.isEmpty { out.blank() }
        if case .note = report.step { return out.lines }
        let profile = run.profiles[browser]
        switch report.step {
        case .page(let s):
            out.heading("PAGE")
            var text = "The script now runs on " + (s.origin?.serialized ?? "null (a fresh opaque origin)")
            if let top = s.topLevel { text += ", embedded in \(top.serialized)" }
            out.add(.plain, text + ".")
            out.add(.dim, "A fetch to any other origin is cross-origin, and CORS applies.")
        case .server(let s):
            out.heading("SERVER \(s.origin.serialized)")
            out.add(.dim, "What the mock server answers (first matching route wins, else 404):")
            if let cors = s.cors { out.add(.plain, "behind a CORS middleware: \(cors.summary)", indent: 2) }
            for r in s.routes {
                out.add(.plain, "\(r.method ?? "*") \(r.path)\(r.isPrefix ? "*" : "")\(r.condition.map { " when " + $0.text } ?? "") → \(r.status)\(r.statusText.map { " " + $0 } ?? "")", indent: 2)
                for (i, h) in r.headers.enumerated() {
                    out.add(.dim, "\(h.name): \(h.value)\(r.condition(ofHeader: i).map { "   (when \($0.text))" } ?? "")", indent: 6)
                }
            }
        case .wait(let w):
            out.heading("WAIT \(Describe.duration(w.milliseconds))")
            out.add(.plain, "The virtual clock moves to t=\(Describe.duration(report.time)). Cached preflights whose time is up are now stale.")
        case .restart:
            out.heading("RESTART")
            out.add(.plain, "The browser restarts: the preflight cache lives in memory and is emptied, and session cookies are gone.")
        case .cookie(let c):
            out.heading("COOKIE")
            out.add(.plain, "The page's script runs document.cookie = \"\(c.text)\".")
            if browser < report.cookieResults.count {
                let r = report.cookieResults[browser]
                for line in Describe.cookieStep(r.result, browser: r.displayName) { out.add(.cache, line) }
            }
        case .note:
            break
        case .fetch(let f):
            fetchBody(f, index: p.report, browser: browser, profile: profile, into: &out)
        }
        if case .fetch = report.step {} else if case .note = report.step {} else {
            out.blank()
            cacheSection(p.report, browser: browser, into: &out)
        }
        return out.lines
    }

    private func fetchBody(_ f: FetchStep, index: Int, browser: Int, profile: BrowserProfile, into out: inout ScreenLines) {
        let report = run.reports[index]
        guard browser < report.outcomes.count else { return }
        let o = report.outcomes[browser]
        out.heading("REQUEST")
        out.add(.bold, Describe.request(o.request))
        for h in f.headers { out.add(.plain, "\(h.name): \(h.value)", indent: 4) }
        if let body = f.body { out.add(.plain, "body: \(Describe.body(body))", indent: 4) }

        out.blank()
        out.heading("CLASSIFICATION")
        let c = o.classification
        for d in c.dropped { out.add(.plain, Describe.dropped(d)) }
        if let added = c.addedContentType { out.add(.dim, "fetch() adds Content-Type: \(added) for the body") }
        if let r = c.rejection {
            out.add(.bad, Describe.rejection(r))
        } else if !o.request.url.isHTTPScheme {
            out.add(.plain, "a \(o.request.url.scheme): URL: nothing goes to the network, CORS does not apply")
        } else if c.isSimple {
            out.add(.plain, "simple request: no preflight needed, even cross-origin")
        } else {
            out.add(.plain, "needs a preflight if cross-origin, because:")
            for reason in c.preflightReasons { out.add(.plain, "· " + Describe.preflightReason(reason), indent: 4) }
        }

        out.blank()
        out.heading("ON THE WIRE")
        let before = out.lines.count
        for event in o.events { wireEvent(event, profile, into: &out) }
        if out.lines.count == before { out.add(.dim, "nothing was sent") }

        out.blank()
        cacheSection(index, browser: browser, into: &out)

        out.blank()
        out.heading("VERDICT")
        out.add(o.verdict == .blocked ? .bad : .good, (o.verdict == .blocked ? "✘ " : "✔ ") + Describe.verdict(o))
        if o.verdict == .blocked {
            out.add(.dim, Describe.reachNote(o), indent: 4)
            if let hint = Describe.errorResponseHint(o) { out.add(.dim, hint, indent: 4) }
            if let hint = Describe.resourcePolicyHint(o) { out.add(.dim, hint, indent: 4) }
        }
        out.blank()
        out.heading("CONSOLE")
        if o.console.isEmpty { out.add(.dim, "(nothing)") }
        for line in o.console { out.add(line.level == .error ? .bad : .warn, "\(line.level.rawValue): " + line.text) }
        out.blank()
        out.heading("WHAT THE SCRIPT SEES")
        out.add(.plain, Describe.scriptView(o))
        let checks = report.checks.filter { $0.profileID == o.profileID }
        if !checks.isEmpty {
            out.blank()
            out.heading("EXPECTATIONS")
            for c in checks {
                if c.passed { out.add(.good, "✔ expect \(c.expectation.text)") } else { out.add(.bad, "✘ expect \(c.expectation.text), got \(c.actual)") }
            }
        }
    }

    /// What the script's promise settles with, in the script's terms.
    private func wireEvent(_ event: FetchEvent, _ profile: BrowserProfile, into out: inout ScreenLines) {
        switch event {
        case .rejectedBeforeSend(let r): out.add(.bad, Describe.rejection(r))
        case .cacheLookupSkipped(let mode): out.add(.cache, "cache not consulted: cache=\(mode.rawValue)")
        case .cacheLookup(_, let result): out.add(.cache, Describe.cacheLookup(result, profile: profile))
        case .preflightSent(let r): wire(r, "→ preflight", into: &out)
        case .preflightResponse(let r): response(r, into: &out)
        case .preflightPassed(let auth):
            out.add(.good, auth ? "preflight passed; only Allow-Headers: * let Authorization through" : "preflight passed")
        case let .cacheStore(_, decision, result): out.add(.cache, Describe.cacheStore(decision, result, profile: profile))
        case .cacheStoreSkipped(let mode): out.add(.cache, "not cached: cache=\(mode.rawValue)")
        case let .cacheCleared(_, count):
            out.add(.cache, "\(profile.displayName) removes \(count) cache entr\(count == 1 ? "y" : "ies") for this URL after the failure")
        case .requestSent(let r): wire(r, "→", into: &out)
        case .response(let r): response(r, into: &out)
        case .connectionRefused(let url): out.add(.bad, "✘ no server at \(url.origin.serialized): connection refused")
        case let .madeByBrowser(url, r):
            out.add(.dim, "made by the browser from the \(url.scheme): URL (nothing sent)")
            response(r, into: &out)
            out.add(.dim, "body: " + Describe.responseBody(r.body), indent: 8)
        case .httpCache(let e): if e.isShownInTraces { out.add(.cache, Describe.httpCache(e)) }
        case .failed(let f): out.add(.bad, "✘ \(f.reason.rawValue): \(f.reason.summary)")
        case .redirected(let r): out.add(.plain, Describe.redirect(r))
        case .cookies(let e): for line in Describe.cookie(e, browser: profile.displayName) { out.add(.cache, line) }
        case let .opaqueResponseBlocked(_, reason, dropped):
            out.add(.cache, Describe.opaqueResponseBlocked(reason, droppedFromHTTPCache: dropped, browser: profile.displayName))
        }
    }

    private func wire(_ r: WireRequest, _ arrow: String, into out: inout ScreenLines) {
        out.add(.bold, "\(arrow) \(r.method) \(r.url.serialized())" + (r.credentialed ? " (credentialed)" : ""))
        for h in r.headers { out.add(.dim, "\(h.name): \(h.value)", indent: 8) }
    }

    private func response(_ r: WireResponse, into out: inout ScreenLines) {
        out.add(.bold, "← \(r.status)\(r.statusText.isEmpty ? "" : " " + r.statusText)")
        for h in r.headers { out.add(.dim, "\(h.name): \(h.value)", indent: 8) }
    }

    private func cacheSection(_ index: Int, browser: Int, into out: inout ScreenLines) {
        let before = run.cache(before: index, browser: browser)
        let after = run.cache(after: index, browser: browser)
        out.heading("PREFLIGHT CACHE before (t=\(Describe.duration(before.now)))")
        cacheTable(before.entries, now: before.now, into: &out)
        out.heading("PREFLIGHT CACHE after (t=\(Describe.duration(after.now)))")
        if after.entries == before.entries && after.now == before.now && !after.entries.isEmpty {
            out.add(.dim, "unchanged")
        } else {
            cacheTable(after.entries, now: after.now, into: &out)
        }
        // The HTTP cache, when it holds anything.
        let http = run.httpCache(after: index, browser: browser)
        guard !http.isEmpty else { return }
        out.heading("HTTP CACHE after (t=\(Describe.duration(after.now)))")
        let rules = run.browsers.indices.contains(browser) ? run.profiles[browser].httpCache : .standard
        var rows: [[String]] = [["URL", "STATUS", "FRESH", "VARY", "PARTITION"]]
        var stale: [Bool] = []
        for e in http {
            let (lifetime, source) = HTTPCache.freshnessLifetime(e.response, receivedAt: e.responseTime, shared: false, rules: rules)
            let age = HTTPCache.currentAge(e, now: after.now)
            let fresh = source == .none ? "no (no freshness)" : age < lifetime ? "\(lifetime - age) s more (\(source.rawValue))" : "stale (\(source.rawValue))"
            let vary = e.varyValues.map { $0.isEmpty ? "–" : $0.map { "\($0.name)=\($0.value ?? "none")" }.joined(separator: ", ") } ?? "*"
            rows.append([Describe.printable(e.url.serialized()), String(e.response.status), fresh, Describe.printable(vary),
                         e.partition.isEmpty ? "–" : e.partition])
            stale.append(age >= lifetime)
        }
        for (i, line) in TextLayout.table(rows, width: out.width - 2).enumerated() {
            out.add(i == 0 ? .dim : (stale[i - 1] ? .dim : .cache), line, wrap: false)
        }
    }

    private func cacheTable(_ entries: [PreflightCacheEntryView], now: Int64, into out: inout ScreenLines) {
        guard !entries.isEmpty else { out.add(.dim, "empty"); return }
        var rows: [[String]] = [["KEY URL", "METHODS", "HEADERS", "CREDS", "EXPIRES"]]
        for e in entries {
            rows.append([e.key.url, Describe.cacheTokens(e.methods, entry: e.expiresAt), Describe.cacheTokens(e.headerNames, entry: e.expiresAt),
                         e.credentials ? "yes" : "no", Self.expiry(e.expiresAt, now: now)])
        }
        for (i, line) in TextLayout.table(rows, width: out.width - 2).enumerated() {
            out.add(i == 0 ? .dim : (entries[i - 1].expiresAt <= now ? .dim : .cache), line, wrap: false)
        }
    }

    /// `t=2h (in 1h59m)`, or `t=5s (stale)` once the time is up.
    static func expiry(_ at: Int64, now: Int64) -> String {
        at <= now ? "t=\(Describe.duration(at)) (stale)" : "t=\(Describe.duration(at)) (in \(Describe.duration(at - now)))"
    }
}
