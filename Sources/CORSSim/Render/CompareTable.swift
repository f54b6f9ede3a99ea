/// `cors-sim compare`: a row per fetch, a column per browser, differences marked and explained.
package struct CompareTable {
    package struct Row {
        var line: Int
        var time: Int64
        var request: String
        var outcomes: [FetchOutcome]
        var differs: Bool { Set(outcomes.map { cell($0) }).count > 1 }
    }

    package var file: String
    package var profiles: [BrowserProfile]
    package var rows: [Row]
    package var summary: RunSummary

    /// The table of a run already recorded (the HTML and Mermaid views): no second simulation.
    package static func build(_ run: RecordedRun) -> CompareTable {
        let rows = run.reports.compactMap { report -> Row? in
            guard case .fetch(let f) = report.step else { return nil }
            return Row(line: f.location.line, time: report.time, request: "\(f.method) \(Self.shown(f.url))", outcomes: report.outcomes)
        }
        return CompareTable(file: run.scenario.file, profiles: run.profiles, rows: rows, summary: run.summary)
    }

    package static func build(_ scenario: Scenario, profiles: [BrowserProfile]) -> CompareTable {
        var rows: [Row] = []
        let summary = ScenarioRunner(profiles: profiles).run(scenario) { report in
            guard case .fetch(let f) = report.step else { return }
            rows.append(Row(line: f.location.line, time: report.time, request: "\(f.method) \(Self.shown(f.url))", outcomes: report.outcomes))
        }
        return CompareTable(file: scenario.file, profiles: profiles, rows: rows, summary: summary)
    }

    /// A fetch's URL in a row: the path and query of an http(s) URL, the whole of any other
    /// (`data:text/plain,hi`, not `text/plain,hi`).
    static func shown(_ url: FetchURL) -> String {
        url.isHTTPScheme ? url.pathAndQuery : url.serialized()
    }

    static func cell(_ o: FetchOutcome) -> String {
        let verdict = o.verdict == .blocked ? "blocked" : o.verdict.rawValue
        return "\(o.preflight == .none ? "no preflight" : "preflight \(o.preflight.rawValue)") · \(verdict)"
    }

    private func cell(_ o: FetchOutcome) -> String { CompareTable.cell(o) }

    /// Why one browser's row came out as it did: its cache decisions and failure.
    static func explain(_ o: FetchOutcome) -> String {
        let profile = BrowserProfile.of(o)
        var parts: [String] = []
        for e in o.events {
            switch e {
            case .cacheLookup(_, let r): parts.append(Describe.cacheLookup(r, profile: profile))
            case let .cacheStore(_, d, r): parts.append(Describe.cacheStore(d, r, profile: profile))
            case let .cacheCleared(_, n): parts.append("removed \(n) cache entr\(n == 1 ? "y" : "ies") after the failure")
            case .cacheLookupSkipped(let m): parts.append("cache not consulted (cache=\(m.rawValue))")
            case .preflightSent(let r) where r.headers.contains(lowercased: "access-control-request-private-network"):
                parts.append(o.classification.isSimple
                    ? "Private Network Access preflight in warning mode (its answer is not enforced)"
                    : "the preflight also asks Access-Control-Request-Private-Network (warning mode)")
            default: break
            }
        }
        if let f = o.failure { parts.append("failed: \(f.reason.rawValue)") }
        return parts.isEmpty ? "no preflight needed" : parts.joined(separator: "; ")
    }

    /// The table, then an explanation of each row where the browsers differ; with `why`, of
    /// every row (`compare --why`).
    package func text(color: Bool, why: Bool = false) -> String {
        let mark: (String) -> String = { ansiPaint($0, "1;33", color: color) }
        // The request, explanations and expectations quote the scenario and the server: untrusted.
        let e: (String) -> String = TerminalText.escaped
        let headers = ["line", "t", "fetch"] + profiles.map(\.displayName) + [""]
        var table: [[String]] = [headers]
        for r in rows {
            table.append(["\(r.line)", Describe.duration(r.time), e(r.request)] + r.outcomes.map(cell) + [r.differs ? "≠" : ""])
        }
        var widths = Array(repeating: 0, count: headers.count)
        for row in table { for (i, c) in row.enumerated() { widths[i] = max(widths[i], c.count) } }
        var out = "== \(e(file))\n"
        for (n, row) in table.enumerated() {
            var line = ""
            for (i, c) in row.enumerated() {
                line += c + String(repeating: " ", count: widths[i] - c.count) + (i + 1 < row.count ? "  " : "")
            }
            while line.hasSuffix(" ") { line.removeLast() }
            out += (n > 0 && rows[n - 1].differs ? mark(line) : line) + "\n"
        }
        let differing = rows.filter(\.differs)
        if differing.isEmpty {
            out += "\nAll browsers agree on every fetch.\n"
        } else {
            out += "\n\(Describe.count(differing.count, "fetch differs", "fetches differ"))\(why ? "" : ":")\n"
        }
        let explained = why ? rows : differing
        if why && !rows.isEmpty { out += "Why, fetch by fetch:\n" }
        for r in explained {
            out += "  line \(r.line), t=\(Describe.duration(r.time)), \(e(r.request))\(r.differs && why ? "  ≠" : ""):\n"
            for o in r.outcomes {
                out += "    \(o.displayName): \(cell(o)): \(e(CompareTable.explain(o)))\n"
            }
        }
        for f in summary.failures {
            out += "FAIL \(e(f.expectation.location.file)):\(f.expectation.location.line): \(f.profileID): expected \(e(f.expectation.text)), got \(e(f.actual))\n"
        }
        return out
    }

    package func json() -> JSONValue {
        .object([
            ("schema", .string("cors-sim/compare")), ("version", .int(1)), ("file", .string(file)),
            ("browsers", .array(profiles.map { .string($0.id) })),
            ("rows", .array(rows.map { r in
                .object([
                    ("line", .int(Int64(r.line))), ("time_ms", .int(r.time)), ("fetch", .string(r.request)), ("differs", .bool(r.differs)),
                    ("cells", .object(r.outcomes.map { o in
                        (o.profileID, .object([
                            ("preflight", .string(o.preflight.rawValue)), ("verdict", .string(o.verdict.rawValue)),
                            ("reason", .optional(o.failure?.reason.rawValue)), ("why", .string(CompareTable.explain(o))),
                        ]))
                    })),
                ])
            })),
            ("failed_expectations", .int(Int64(summary.failures.count))),
        ])
    }
}
