/// Sequence diagrams of a run: first as data (`SequenceDiagram`, which the HTML report draws as
/// SVG), then as Mermaid `sequenceDiagram` text (`--format mermaid`), which renders as a picture
/// in Markdown on the common code hosts.

/// One browser's run as a sequence diagram: lanes (the page, the browser, each server origin)
/// and, per scenario step, the messages and notes between them.
public struct SequenceDiagram: Sendable {
    public struct Lane: Sendable, Hashable {
        /// A Mermaid participant id: letters and digits only.
        public var id: String
        public var title: String
        public var subtitle: String
    }

    public enum ArrowKind: Sendable, Hashable {
        /// `fetch()` called by the page.
        case call
        case preflight, preflightResponse, request, response
        /// Nothing answered: connection refused.
        case refused
        /// The promise resolves with a response the script can use (or an opaque one).
        case resolve
        /// The promise rejects with a TypeError.
        case reject
    }

    public enum NoteKind: Sendable, Hashable {
        /// A scenario step: page, server, wait, restart, or the lesson's note.
        case step
        case classification
        case cacheHit, cacheMiss, cacheStore
        case blocked
        case console
    }

    public enum Item: Sendable, Hashable {
        case arrow(from: Int, to: Int, lines: [String], kind: ArrowKind)
        case note(from: Int, to: Int, lines: [String], kind: NoteKind)
    }

    /// What one scenario step adds to the diagram.
    public struct Group: Sendable {
        /// The step's index in the run.
        public var step: Int
        /// For a fetch: `line 32 · t=0s · POST /users`.
        public var heading: String?
        public var items: [Item]
    }

    public var browser: BrowserName
    /// `Chrome`, or `Chrome 75` for an older version.
    public var displayName: String = ""
    public var lanes: [Lane]
    public var groups: [Group]

    public static let page = 0, browserLane = 1

    /// The diagrams of a run, one per browser, sharing the same lanes.
    public static func diagrams(for run: RecordedRun) -> [SequenceDiagram] {
        var origins: [String] = []
        func note(_ origin: String) { if !origins.contains(origin) { origins.append(origin) } }
        for report in run.reports {
            switch report.step {
            case .server(let s): note(s.origin.serialized)
            case .fetch(let f) where f.url.isHTTPScheme: note(f.url.origin.serialized)
            default: break
            }
            for o in report.outcomes {
                for e in o.events { if case .redirected(let r) = e { note(r.to.origin.serialized) } }
            }
        }
        let firstPage = run.reports.lazy.compactMap { r -> String? in
            if case .page(let p) = r.step { return p.origin?.serialized ?? "null" } else { return nil }
        }.first ?? ""
        var lanes = [Lane(id: "Page", title: "Page", subtitle: firstPage), Lane(id: "Browser", title: "Browser", subtitle: "")]
        for (i, origin) in origins.enumerated() {
            lanes.append(Lane(id: "S\(i + 1)", title: hostLabel(origin), subtitle: origin))
        }
        return run.browsers.indices.map { b in
            var d = SequenceDiagram(browser: run.browsers[b], lanes: lanes, groups: [])
            d.displayName = run.profiles[b].displayName
            d.lanes[browserLane].title = run.profiles[b].displayName
            d.lanes[browserLane].subtitle = "browser"
            let lane: (String) -> Int = { origin in 2 + (origins.firstIndex(of: origin) ?? 0) }
            for i in run.reports.indices {
                d.groups.append(group(run.reports, index: i, browser: b, lane: lane, lastLane: lanes.count - 1))
            }
            return d
        }
    }

    /// `api.example.com`, with the scheme kept when it is not https and the port when it is set.
    static func hostLabel(_ origin: String) -> String {
        origin.hasPrefix("https://") ? String(origin.dropFirst(8)) : origin
    }

    /// Headers worth drawing on an arrow: the ones CORS is about.
    static func corsHeaders(_ headers: HeaderList) -> [String] {
        headers.filter { h in
            let n = h.lowercasedName
            return n == "origin" || n.hasPrefix("access-control-") || n == "location" || n == "cookie" || n == "set-cookie"
        }.map { "\($0.name): \($0.value)" }
    }

    private static func group(_ reports: [StepReport], index: Int, browser b: Int, lane: (String) -> Int, lastLane: Int) -> Group {
        let report = reports[index]
        var items: [Item] = []
        switch report.step {
        case .page(let p):
            var text = "page " + (p.origin?.serialized ?? "null (opaque origin)")
            if let top = p.topLevel { text += " in \(top.serialized)" }
            items.append(.note(from: page, to: browserLane, lines: [text], kind: .step))
        case .server(let s):
            let routes = s.routes.map { "\($0.method ?? "*") \($0.path)\($0.isPrefix ? "*" : "") → \($0.status)" }
            let shown = routes.count > 4 ? Array(routes.prefix(3)) + ["… \(routes.count - 3) more routes"] : routes
            let l = lane(s.origin.serialized)
            items.append(.note(from: l, to: l, lines: ["server routes:"] + shown, kind: .step))
        case .wait(let w):
            items.append(.note(from: page, to: lastLane, lines: ["wait \(Describe.duration(w.milliseconds)): now t=\(Describe.duration(report.time))"], kind: .step))
        case .restart:
            items.append(.note(from: browserLane, to: browserLane, lines: ["restart: the preflight cache is emptied"], kind: .step))
        case .cookie(let c):
            items.append(.note(from: page, to: browserLane, lines: ["document.cookie = \"\(c.text)\""]
                               + (b < report.cookieResults.count ? Describe.cookieStep(report.cookieResults[b].result, browser: report.cookieResults[b].displayName) : []), kind: .step))
        case .note:
            // A lesson's note often runs over several `note` lines: the first carries them all.
            if index > 0, case .note = reports[index - 1].step { break }
            var text: [String] = []
            for r in reports[index...] {
                guard case .note(let n) = r.step else { break }
                text.append(n.text)
            }
            items.append(.note(from: page, to: lastLane, lines: [text.joined(separator: " ")], kind: .step))
        case .fetch(let f):
            guard b < report.outcomes.count else { break }
            let heading = "line \(f.location.line) · t=\(Describe.duration(report.time)) · \(f.method) \(f.url.serialized())"
            return Group(step: index, heading: heading, items: fetchItems(report.outcomes[b], lane: lane))
        }
        return Group(step: index, heading: nil, items: items)
    }

    private static func fetchItems(_ o: FetchOutcome, lane: (String) -> Int) -> [Item] {
        let profile = BrowserProfile.of(o)
        let b = browserLane
        var items: [Item] = []
        // `fetch PUT https://… mode=no-cors` as `fetch() PUT mode=no-cors` and the URL below it.
        let options = Describe.request(o.request).dropFirst("fetch \(o.request.method) \(o.request.url.serialized())".count)
        var call = ["fetch() \(o.request.method)\(options)", o.request.url.serialized()]
        call += o.request.headers.map { "\($0.name): \($0.value)" }
        items.append(.arrow(from: page, to: b, lines: call, kind: .call))
        let c = o.classification
        if c.rejection == nil {
            if !o.request.url.isHTTPScheme {
                items.append(.note(from: b, to: b, lines: ["a \(o.request.url.scheme): URL: nothing goes to the network, CORS does not apply"],
                                   kind: .classification))
            } else if c.isSimple {
                items.append(.note(from: b, to: b, lines: ["simple request: no preflight needed"], kind: .classification))
            } else {
                items.append(.note(from: b, to: b, lines: ["preflight needed:"] + c.preflightReasons.map(Describe.preflightReason), kind: .classification))
            }
        }
        // A URL that is not HTTP(S) has no server lane: the browser answers it itself.
        var current = o.request.url.isHTTPScheme ? lane(o.request.url.origin.serialized) : b
        for event in o.events {
            switch event {
            case .rejectedBeforeSend(let r):
                items.append(.note(from: b, to: b, lines: [Describe.rejection(r)], kind: .blocked))
            case .cacheLookupSkipped(let mode):
                items.append(.note(from: b, to: b, lines: ["preflight cache not consulted (cache=\(mode.rawValue))"], kind: .cacheMiss))
            case .cacheLookup(_, let result):
                let text = Describe.cacheLookup(result, profile: profile)
                if case .hit = result {
                    items.append(.note(from: b, to: b, lines: ["✔ preflight " + text], kind: .cacheHit))
                } else {
                    items.append(.note(from: b, to: b, lines: [text], kind: .cacheMiss))
                }
            case .preflightSent(let r):
                current = lane(r.url.origin.serialized)
                items.append(.arrow(from: b, to: current, lines: ["preflight: OPTIONS \(r.url.pathAndQuery)"] + corsHeaders(r.headers), kind: .preflight))
            case .preflightResponse(let r):
                items.append(.arrow(from: current, to: b, lines: [statusLine(r)] + corsHeaders(r.headers), kind: .preflightResponse))
            case .preflightPassed(let auth):
                if auth { items.append(.note(from: b, to: b, lines: ["only Allow-Headers: * let Authorization through"], kind: .cacheMiss)) }
            case let .cacheStore(_, decision, result):
                items.append(.note(from: b, to: b, lines: [Describe.cacheStore(decision, result, profile: profile)], kind: .cacheStore))
            case .httpCache(let e) where !e.isShownInTraces:
                break
            case .httpCache(let e):
                let kind: NoteKind
                switch e {
                case .hit, .revalidated, .rangeFromStored: kind = .cacheHit
                case .miss, .stale, .revalidating, .revalidatingThroughFirstRequest, .lookupSkipped, .requestDirectiveSkipped, .scriptConditional,
                     .subrangeBypassed, .rangeMissing, .partialEntryDropped: kind = .cacheMiss
                case .stored, .notStored, .updatedByScriptConditional: kind = .cacheStore
                }
                items.append(.note(from: b, to: b, lines: [Describe.httpCache(e)], kind: kind))
            case .cacheStoreSkipped(let mode):
                items.append(.note(from: b, to: b, lines: ["not cached: cache=\(mode.rawValue)"], kind: .cacheStore))
            case let .cacheCleared(_, count):
                items.append(.note(from: b, to: b, lines: ["removed \(count) cache entr\(count == 1 ? "y" : "ies") for this URL after the failure"], kind: .cacheStore))
            case .requestSent(let r):
                current = lane(r.url.origin.serialized)
                let first = "\(r.method) \(r.url.pathAndQuery)" + (r.credentialed ? " (credentialed)" : "")
                items.append(.arrow(from: b, to: current, lines: [first] + corsHeaders(r.headers), kind: .request))
            case .response(let r):
                items.append(.arrow(from: current, to: b, lines: [statusLine(r)] + corsHeaders(r.headers), kind: .response))
            case .cookies(let e):
                let lines = Describe.cookie(e, browser: profile.displayName)
                if !lines.isEmpty { items.append(.note(from: b, to: b, lines: lines, kind: .cacheStore)) }
            case let .madeByBrowser(url, r):
                let lines = ["\(r.status) \(r.statusText), made by the browser from the \(url.scheme): URL (nothing sent)"]
                    + r.headers.map { "\($0.name): \($0.value)" } + ["body: " + Describe.responseBody(r.body)]
                items.append(.note(from: b, to: b, lines: lines, kind: .step))
            case .connectionRefused(let url):
                items.append(.arrow(from: b, to: lane(url.origin.serialized), lines: ["\(o.request.method) \(url.pathAndQuery): connection refused"], kind: .refused))
            case .failed:
                break
            case .redirected(let r):
                items.append(.note(from: b, to: b, lines: [Describe.redirect(r)], kind: .step))
            case let .opaqueResponseBlocked(_, reason, dropped):
                items.append(.note(from: b, to: b, lines: [Describe.opaqueResponseBlocked(reason, droppedFromHTTPCache: dropped,
                                                                                          browser: profile.displayName)], kind: .cacheStore))
            }
        }
        switch o.verdict {
        case .blocked:
            items.append(.note(from: b, to: b, lines: ["✘ " + Describe.verdict(o)], kind: .blocked))
            if !o.console.isEmpty {
                items.append(.note(from: b, to: b, lines: o.console.map { "console \($0.level.rawValue): \($0.text)" }, kind: .console))
            }
            items.append(.arrow(from: b, to: page, lines: [o.scriptError ?? "TypeError"], kind: .reject))
        default:
            if !o.console.isEmpty {
                items.append(.note(from: b, to: b, lines: o.console.map { "console \($0.level.rawValue): \($0.text)" }, kind: .console))
            }
            items.append(.arrow(from: b, to: page, lines: [Describe.scriptView(o)], kind: .resolve))
        }
        return items
    }

    private static func statusLine(_ r: WireResponse) -> String {
        "\(r.status)\(r.statusText.isEmpty ? "" : " " + r.statusText)"
    }
}

/// `--format mermaid`: Markdown with one fenced `mermaid` block per browser.
public enum MermaidRenderer {
    /// The Markdown for `run`: a heading per file and per browser, each with its diagram.
    public static func run(_ run: RecordedRun) -> String {
        var out = "## \(markdown(run.scenario.file))\n\n"
        out += summaryLine(run) + "\n\n"
        for d in SequenceDiagram.diagrams(for: run) {
            out += "### \(d.displayName)\n\n```mermaid\n\(diagram(d))```\n\n"
        }
        return out
    }

    /// The Markdown for `compare`: the comparison table, then one diagram per browser.
    public static func compare(_ run: RecordedRun) -> String {
        let table = CompareTable.build(run)
        var out = "## Compare: \(markdown(run.scenario.file))\n\n"
        let names = run.profiles.map(\.displayName)
        out += "| line | t | fetch | " + names.joined(separator: " | ") + " | |\n"
        out += "| ---: | ---: | --- | " + names.map { _ in "---" }.joined(separator: " | ") + " | --- |\n"
        for r in table.rows {
            out += "| \(r.line) | \(Describe.duration(r.time)) | `\(markdown(r.request))` | "
                + r.outcomes.map { markdown(CompareTable.cell($0)) }.joined(separator: " | ") + " | \(r.differs ? "≠" : "") |\n"
        }
        let differing = table.rows.filter(\.differs)
        if !differing.isEmpty {
            out += "\n"
            for r in differing {
                out += "- line \(r.line), `\(markdown(r.request))`:\n"
                for o in r.outcomes { out += "  - \(o.displayName): \(markdown(CompareTable.explain(o)))\n" }
            }
        }
        out += "\n" + summaryLine(run) + "\n\n"
        for d in SequenceDiagram.diagrams(for: run) {
            out += "### \(d.displayName)\n\n```mermaid\n\(diagram(d))```\n\n"
        }
        return out
    }

    static func summaryLine(_ run: RecordedRun) -> String {
        let s = run.summary
        var line = "\(Describe.count(s.fetches, "fetch", "fetches")), "
            + Describe.expectationsHeld(checked: s.expectationsChecked, failed: s.failures.count) + "."
        for f in s.failures {
            line += "\n\n**FAIL** \(markdown(f.expectation.location.file)):\(f.expectation.location.line): \(f.profileID): expected \(markdown(f.expectation.text)), got \(markdown(f.actual))"
        }
        return line
    }

    /// Escapes what Markdown would take as markup in table cells and prose.
    static func markdown(_ s: String) -> String {
        var out = ""
        for ch in s {
            switch ch {
            case "|": out += "\\|"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "`": out += "'"
            default: out.append(ch)
            }
        }
        return out
    }

    /// Mermaid does not wrap long messages by itself: lines are broken at this many characters.
    static let width = 64

    /// One `sequenceDiagram`, without the fence.
    public static func diagram(_ d: SequenceDiagram) -> String {
        var out = "sequenceDiagram\n"
        for lane in d.lanes {
            let plain = lane.id == "Browser" || lane.subtitle.isEmpty || lane.subtitle == lane.title
            let label = plain ? lane.title : "\(lane.title)<br/>\(lane.subtitle)"
            out += "    participant \(lane.id) as \(escape(label, keepBreaks: true))\n"
        }
        for group in d.groups {
            if let heading = group.heading {
                out += "    Note over \(d.lanes[SequenceDiagram.page].id),\(d.lanes[d.lanes.count - 1].id): \(escape(heading))\n"
            }
            for item in group.items { out += line(item, d.lanes) }
        }
        return out
    }

    private static func line(_ item: SequenceDiagram.Item, _ lanes: [SequenceDiagram.Lane]) -> String {
        switch item {
        case let .arrow(from, to, lines, kind):
            let text = lines.flatMap { TextLayout.wrap($0, width: width) }.map { escape($0) }.joined(separator: "<br/>")
            let arrow: String
            switch kind {
            case .call, .request: arrow = "->>"
            case .preflight: arrow = "->>"
            case .preflightResponse, .response, .resolve: arrow = "-->>"
            case .refused: arrow = "-x"
            case .reject: arrow = "--x"
            }
            let statement = "    \(lanes[from].id)\(arrow)\(lanes[to].id): \(text)\n"
            switch kind {
            case .preflight, .preflightResponse: return "    rect rgb(255, 243, 214)\n    " + statement + "    end\n"
            case .reject, .refused: return "    rect rgb(253, 226, 226)\n    " + statement + "    end\n"
            default: return statement
            }
        case let .note(from, to, lines, kind):
            let over = from == to ? lanes[from].id : "\(lanes[min(from, to)].id),\(lanes[max(from, to)].id)"
            let text = lines.flatMap { TextLayout.wrap($0, width: width) }.map { escape($0) }.joined(separator: "<br/>")
            let statement = "    Note over \(over): \(text)\n"
            switch kind {
            case .console, .blocked: return "    rect rgb(253, 226, 226)\n    " + statement + "    end\n"
            case .cacheHit: return "    rect rgb(222, 247, 228)\n    " + statement + "    end\n"
            default: return statement
            }
        }
    }

    /// Makes text safe inside a Mermaid message, note or participant label: `;` and `#` end or
    /// start statements and entities, `<` `>` would be read as HTML, `%%` starts a comment. Each
    /// becomes a Mermaid entity code (`#59;`). `<br/>` line breaks are kept when asked.
    public static func escape(_ s: String, keepBreaks: Bool = false) -> String {
        if keepBreaks {
            return s.split(separator: "<br/>", omittingEmptySubsequences: false).map { escape(String($0)) }.joined(separator: "<br/>")
        }
        var out = ""
        for ch in Describe.printable(s, keepingLineBreaks: true) {
            switch ch {
            case "#": out += "#35;"
            case ";": out += "#59;"
            case "<": out += "#60;"
            case ">": out += "#62;"
            case "%": out += "#37;"
            case "\n", "\r": out += " "
            default: out.append(ch)
            }
        }
        return out
    }
}
