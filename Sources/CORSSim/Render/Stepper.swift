/// The step-through view (`cors-sim step`): one screen per scenario step and browser, built as
/// pure functions of a recorded run. The key loop and the terminal's raw mode live in the
/// executable (`Sources/cors-sim/Stepper+Terminal.swift`); everything here is plain strings.

/// A whole scenario run kept in memory, with the preflight caches after every step: what the
/// views that look at more than one step at a time (the stepper, the sequence diagrams, the HTML
/// report) are drawn from.
public struct RecordedRun: Sendable {
    public var scenario: Scenario
    public var browsers: [BrowserName]
    /// One report per step, in order, each with cache snapshots.
    public var reports: [StepReport]
    public var summary: RunSummary

    public init(_ scenario: Scenario, browsers: [BrowserName]) {
        var reports: [StepReport] = []
        let summary = ScenarioRunner(browsers: browsers, snapshotCaches: true).run(scenario) { reports.append($0) }
        self.scenario = scenario
        self.browsers = browsers
        self.reports = reports
        self.summary = summary
    }

    /// The browser's preflight cache after step `index`, and the virtual time then.
    public func cache(after index: Int, browser: Int) -> (entries: [PreflightCacheEntryView], now: Int64) {
        guard index >= 0, index < reports.count, browser < reports[index].caches.count else { return ([], 0) }
        let snapshot = reports[index].caches[browser]
        return (snapshot.entries, snapshot.now)
    }

    /// The browser's preflight cache before step `index` (empty before the first step).
    public func cache(before index: Int, browser: Int) -> (entries: [PreflightCacheEntryView], now: Int64) {
        index == 0 ? ([], 0) : cache(after: index - 1, browser: browser)
    }

    /// The outcome of the fetch at step `index` in one browser, if that step is a fetch.
    public func outcome(at index: Int, browser: Int) -> FetchOutcome? {
        let outcomes = reports[index].outcomes
        return browser < outcomes.count ? outcomes[browser] : nil
    }
}

/// A key the stepper understands, decoded from the bytes a terminal sends.
public enum StepperKey: Sendable, Hashable {
    case next, back, nextBrowser, previousBrowser, scrollUp, scrollDown, quit
    /// `1` to `4`: a browser by its position.
    case browser(Int)

    /// Decodes raw terminal input: `n`, space, `l`, → next; `b`, `p`, `h`, ← back; tab and
    /// shift-tab switch browser; `1`-`4` pick one; ↑ ↓ `k` `j` scroll; `q`, Ctrl-C, Ctrl-D quit.
    /// Bytes that mean nothing are skipped.
    public static func decode(_ bytes: [UInt8]) -> [StepperKey] {
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
            case UInt8(ascii: "1")...UInt8(ascii: "4"): keys.append(.browser(Int(b - UInt8(ascii: "1"))))
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
public struct StepperState: Sendable, Hashable {
    public var page = 0
    public var browser = 0
    public var scroll = 0

    public init(page: Int = 0, browser: Int = 0) {
        self.page = page
        self.browser = browser
    }

    /// Applies one key; returns false for quit. Moving to another screen scrolls back to its top.
    public mutating func apply(_ key: StepperKey, pages: Int, browsers: Int) -> Bool {
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
public struct Stepper: Sendable {
    /// One screen: a step that is not a note, with the notes written just before it.
    public struct Page: Sendable, Hashable {
        /// The index of the step in the run's reports.
        public var report: Int
        public var notes: [String]
    }

    public var run: RecordedRun
    public var pages: [Page]

    public init(_ run: RecordedRun) {
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
    public func keyBar(scrollable: Bool, width: Int = .max) -> String {
        let count = run.browsers.count
        let long = ["n/space/→ next", "b/← back", count > 1 ? "tab/1-\(count) browser" : nil, scrollable ? "↑↓ scroll" : nil, "q quit"]
        let short = ["n next", "b back", count > 1 ? "tab browser" : nil, scrollable ? "↑↓" : nil, "q quit"]
        let bars = [long.compactMap { $0 }.joined(separator: " · "), short.compactMap { $0 }.joined(separator: " · "),
                    short.compactMap { $0 }.joined(separator: " ")]
        return bars.first { $0.count <= width } ?? bars[2]
    }

    /// What the terminal shows for a state: the title lines, as much of the screen as fits the
    /// height from the state's scroll position, and the key bar. Clamps the state's scroll.
    public func frame(_ state: inout StepperState, width: Int, height: Int, color: Bool) -> [String] {
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
    public func screen(_ page: Int, browser: Int, width: Int, color: Bool) -> [String] {
        let ink = ScreenInk(color: color)
        let width = max(width, 40)
        return title(page, browser: browser, width: width, ink: ink) + body(page, browser: browser, width: width, ink: ink)
    }

    /// Every screen in order, each step in each browser: what `cors-sim step` prints when it
    /// is not on a terminal.
    public func transcript(width: Int, color: Bool) -> String {
        var out = ""
        for page in pages.indices {
            for browser in run.browsers.indices {
                out += screen(page, browser: browser, width: width, color: color).joined(separator: "\n") + "\n\n"
            }
        }
        return out
    }

    // MARK: Building a screen

    private func title(_ page: Int, browser: Int, width: Int, ink: ScreenInk) -> [String] {
        let p = pages[page]
        let report = run.reports[p.report]
        let first = "cors-sim step · \(TerminalText.escaped(run.scenario.file))"
        let position = "screen \(page + 1) of \(pages.count)"
        var tabs = run.browsers.enumerated().map { i, name in
            let label = BrowserProfile.named(name).displayName
            return i == browser ? ink.selected("[\(i + 1) \(label)]") : ink.dim(" \(i + 1) \(label) ")
        }.joined(separator: " ")
        var tabsWidth = run.browsers.map { BrowserProfile.named($0).displayName.count + 4 }.reduce(0, +) + max(run.browsers.count - 1, 0)
        if tabsWidth > width {
            // Too narrow for every browser: only the one shown.
            let only = "[\(browser + 1) \(BrowserProfile.named(run.browsers[browser]).displayName)] of \(run.browsers.count)"
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
        let profile = BrowserProfile.named(run.browsers[browser])
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
            for r in s.routes {
                out.add(.plain, "\(r.method ?? "*") \(r.path)\(r.isPrefix ? "*" : "") → \(r.status)\(r.statusText.map { " " + $0 } ?? "")", indent: 2)
                for h in r.headers { out.add(.dim, "\(h.name): \(h.value)", indent: 6) }
            }
        case .wait(let w):
            out.heading("WAIT \(Describe.duration(w.milliseconds))")
            out.add(.plain, "The virtual clock moves to t=\(Describe.duration(report.time)). Cached preflights whose time is up are now stale.")
        case .restart:
            out.heading("RESTART")
            out.add(.plain, "The browser restarts: the preflight cache lives in memory and is emptied.")
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
            out.add(.dim, o.requestSent ? "the request DID reach the server: CORS only hides the response"
                                        : "the actual request never reached the server", indent: 4)
        }
        out.blank()
        out.heading("CONSOLE")
        if o.console.isEmpty { out.add(.dim, "(nothing)") }
        for line in o.console { out.add(line.level == .error ? .bad : .warn, "\(line.level.rawValue): \(line.text)") }
        out.blank()
        out.heading("WHAT THE SCRIPT SEES")
        out.add(.plain, Self.scriptView(o))
        let checks = report.checks.filter { $0.browser == o.browser }
        if !checks.isEmpty {
            out.blank()
            out.heading("EXPECTATIONS")
            for c in checks {
                if c.passed { out.add(.good, "✔ expect \(c.expectation.text)") } else { out.add(.bad, "✘ expect \(c.expectation.text), got \(c.actual)") }
            }
        }
    }

    /// What the script's promise settles with, in the script's terms.
    static func scriptView(_ o: FetchOutcome) -> String {
        switch o.verdict {
        case .readable:
            let r = o.response!
            let names = r.headers.distinctNames.map { $0.lowercased() }.sorted()
            return "a Response: type \(r.type.rawValue), status \(r.status), headers \(names.isEmpty ? "(none)" : names.joined(separator: ", "))"
        case .opaque: return "an opaque Response: type opaque, status 0, no headers, no body"
        case .opaqueRedirect: return "an opaque-redirect Response: status 0, no headers"
        case .blocked: return "a rejected promise: \(o.scriptError ?? "TypeError")"
        }
    }


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
        case .failed(let f): out.add(.bad, "✘ \(f.reason.rawValue): \(f.reason.summary)")
        case .redirected(let r): out.add(.plain, Describe.redirect(r))
        }
    }

    private func wire(_ r: WireRequest, _ arrow: String, into out: inout ScreenLines) {
        out.add(.bold, "\(arrow) \(r.method) \(r.url.serialized())" + (r.credentialed ? " (with cookies)" : ""))
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
    }

    private func cacheTable(_ entries: [PreflightCacheEntryView], now: Int64, into out: inout ScreenLines) {
        guard !entries.isEmpty else { out.add(.dim, "empty"); return }
        var rows: [[String]] = [["KEY URL", "METHODS", "HEADERS", "CREDS", "EXPIRES"]]
        for e in entries {
            rows.append([e.key.url, Self.tokens(e.methods, entry: e.expiresAt), Self.tokens(e.headerNames, entry: e.expiresAt),
                         e.credentials ? "yes" : "no", Self.expiry(e.expiresAt, now: now)])
        }
        for (i, line) in TextLayout.table(rows, width: out.width - 2).enumerated() {
            out.add(i == 0 ? .dim : (entries[i - 1].expiresAt <= now ? .dim : .cache), line, wrap: false)
        }
    }

    /// Tokens with their own expiry where it differs from the entry's (the merging shape).
    static func tokens(_ list: [(name: String, expiresAt: Int64)], entry: Int64) -> String {
        if list.isEmpty { return "–" }
        return list.map { $0.expiresAt == entry ? $0.name : "\($0.name) (t=\(Describe.duration($0.expiresAt)))" }.joined(separator: ", ")
    }

    /// `t=2h (in 1h59m)`, or `t=5s (stale)` once the time is up.
    static func expiry(_ at: Int64, now: Int64) -> String {
        at <= now ? "t=\(Describe.duration(at)) (stale)" : "t=\(Describe.duration(at)) (in \(Describe.duration(at - now)))"
    }
}

// MARK: Text helpers

/// Paints with ANSI colours when asked to, else leaves text alone.
struct ScreenInk {
    var color: Bool
    func paint(_ s: String, _ code: String) -> String { color && !s.isEmpty ? "\u{1B}[\(code)m\(s)\u{1B}[0m" : s }
    func bold(_ s: String) -> String { paint(s, "1") }
    func dim(_ s: String) -> String { paint(s, "2") }
    func selected(_ s: String) -> String { paint(s, "1;7") }
    func keys(_ s: String) -> String { paint(s, "7") }
}

/// A screen body under construction: wraps each line to the width and paints it.
struct ScreenLines {
    enum Style { case plain, bold, dim, note, good, bad, warn, cache, heading }
    var width: Int
    var ink: ScreenInk
    var lines: [String] = []

    mutating func heading(_ text: String) { add(.heading, text, indent: 0) }
    mutating func blank() { if let last = lines.last, !last.isEmpty { lines.append("") } }

    mutating func add(_ style: Style, _ text: String, indent: Int = 2, wrap: Bool = true) {
        // Every line of a screen passes here: untrusted text (headers, status texts, URLs,
        // notes, console lines) is escaped for the terminal before it is painted.
        let text = TerminalText.escaped(text)
        let pieces = wrap ? TextLayout.wrap(text, width: width - indent, hang: 2) : [TextLayout.fit(text, width - indent)]
        for piece in pieces { lines.append(String(repeating: " ", count: indent) + paint(style, piece)) }
    }

    private func paint(_ style: Style, _ s: String) -> String {
        switch style {
        case .plain: return s
        case .bold: return ink.bold(s)
        case .dim: return ink.dim(s)
        case .note: return ink.paint(s, "36")
        case .good: return ink.paint(s, "32")
        case .bad: return ink.paint(s, "31")
        case .warn: return ink.paint(s, "33")
        case .cache: return ink.paint(s, "34")
        case .heading: return ink.paint(s, "1;4")
        }
    }
}

/// Plain-text layout for the views: wrapping, cutting, padding and column alignment.
enum TextLayout {
    /// Splits text into lines of at most `width` characters at spaces; continuation lines are
    /// indented by `hang`. A word longer than a line is cut.
    static func wrap(_ text: String, width: Int, hang: Int = 0) -> [String] {
        let width = max(width, 10)
        if text.count <= width { return [text] }
        var lines: [String] = []
        var current = ""
        var limit = width
        for word in text.split(separator: " ", omittingEmptySubsequences: false).map(String.init) {
            var word = word
            let candidate = current.isEmpty ? word : current + " " + word
            if candidate.count <= limit { current = candidate; continue }
            if !current.isEmpty {
                lines.append(current)
                current = ""
                limit = width - hang
            }
            while word.count > limit {
                // Break a long word (a URL, a header list) after a / , ; or -, else anywhere.
                let head = word.prefix(limit)
                let cut = head.lastIndex { "/,;-&?".contains($0) }.map { head.distance(from: head.startIndex, to: $0) + 1 }
                let n = cut.map { $0 > limit / 3 ? $0 : limit } ?? limit
                lines.append(String(word.prefix(n)))
                word = String(word.dropFirst(n))
                limit = width - hang
            }
            current = word
        }
        if !current.isEmpty || lines.isEmpty { lines.append(current) }
        return lines.enumerated().map { $0.offset == 0 ? $0.element : String(repeating: " ", count: hang) + $0.element }
    }

    /// Cuts text to `width` characters, ending with … when cut.
    static func fit(_ s: String, _ width: Int) -> String {
        guard width > 0 else { return "" }
        return s.count <= width ? s : String(s.prefix(max(width - 1, 0))) + "…"
    }

    static func pad(_ n: Int) -> String { String(repeating: " ", count: max(n, 1)) }

    /// Aligns rows into columns two spaces apart; when too wide, the widest columns are cut with …
    static func table(_ rows: [[String]], width: Int) -> [String] {
        guard let columns = rows.first?.count else { return [] }
        var widths = (0..<columns).map { c in rows.map { $0[c].count }.max() ?? 0 }
        while widths.reduce(0, +) + 2 * (columns - 1) > width, let widest = widths.indices.max(by: { widths[$0] < widths[$1] }), widths[widest] > 6 {
            widths[widest] -= 1
        }
        return rows.map { row in
            var line = ""
            for (c, cell) in row.enumerated() {
                let text = fit(cell, widths[c])
                line += text + (c + 1 < columns ? String(repeating: " ", count: widths[c] - text.count + 2) : "")
            }
            while line.hasSuffix(" ") { line.removeLast() }
            return line
        }
    }
}
