/// `cors-sim compare`: a row per fetch, a column per browser, differences marked and explained.
struct CompareTable {
    struct Row {
        var line: Int
        var time: Int64
        var request: String
        var outcomes: [FetchOutcome]
        var differs: Bool { Set(outcomes.map { cell($0) }).count > 1 }
    }

    var file: String
    var browsers: [BrowserName]
    var rows: [Row]
    var summary: RunSummary

    static func build(_ scenario: Scenario, browsers: [BrowserName]) -> CompareTable {
        var rows: [Row] = []
        let summary = ScenarioRunner(browsers: browsers).run(scenario) { report in
            guard case .fetch(let f) = report.step else { return }
            rows.append(Row(line: f.location.line, time: report.time, request: TerminalText.escaped("\(f.method) \(f.url.pathAndQuery)"), outcomes: report.outcomes))
        }
        return CompareTable(file: scenario.file, browsers: browsers, rows: rows, summary: summary)
    }

    static func cell(_ o: FetchOutcome) -> String {
        let verdict = o.verdict == .blocked ? "blocked" : o.verdict.rawValue
        return "\(o.preflight == .none ? "no preflight" : "preflight \(o.preflight.rawValue)") · \(verdict)"
    }

    private func cell(_ o: FetchOutcome) -> String { CompareTable.cell(o) }

    /// Why one browser's row came out as it did: its cache decisions and failure.
    static func explain(_ o: FetchOutcome) -> String {
        let profile = BrowserProfile.named(o.browser)
        var parts: [String] = []
        for e in o.events {
            switch e {
            case .cacheLookup(_, let r): parts.append(Describe.cacheLookup(r, profile: profile))
            case let .cacheStore(_, d, r): parts.append(Describe.cacheStore(d, r, profile: profile))
            case let .cacheCleared(_, n): parts.append("removed \(n) cache entr\(n == 1 ? "y" : "ies") after the failure")
            case .cacheLookupSkipped(let m): parts.append("cache not consulted (cache=\(m.rawValue))")
            default: break
            }
        }
        if let f = o.failure { parts.append("failed: \(f.reason.rawValue)") }
        return parts.isEmpty ? "no preflight needed" : parts.joined(separator: "; ")
    }

    func text(color: Bool) -> String {
        let mark: (String) -> String = { color ? "\u{1B}[1;33m\($0)\u{1B}[0m" : $0 }
        let headers = ["line", "t", "fetch"] + browsers.map { BrowserProfile.named($0).displayName } + [""]
        var table: [[String]] = [headers]
        for r in rows {
            table.append(["\(r.line)", Describe.duration(r.time), r.request] + r.outcomes.map(cell) + [r.differs ? "≠" : ""])
        }
        var widths = Array(repeating: 0, count: headers.count)
        for row in table { for (i, c) in row.enumerated() { widths[i] = max(widths[i], c.count) } }
        var out = "== \(TerminalText.escaped(file))\n"
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
            out += "\n\(differing.count) fetch(es) differ:\n"
            for r in differing {
                out += "  line \(r.line), t=\(Describe.duration(r.time)), \(r.request):\n"
                for o in r.outcomes {
                    out += "    \(BrowserProfile.named(o.browser).displayName): \(cell(o)): \(CompareTable.explain(o))\n"
                }
            }
        }
        for f in summary.failures {
            let e: (String) -> String = TerminalText.escaped
            out += "FAIL \(e(f.expectation.location.file)):\(f.expectation.location.line): \(f.browser.rawValue): expected \(e(f.expectation.text)), got \(e(f.actual))\n"
        }
        return out
    }

    func json() -> JSONValue {
        .object([
            ("schema", .string("cors-sim/compare")), ("version", .int(1)), ("file", .string(file)),
            ("browsers", .array(browsers.map { .string($0.rawValue) })),
            ("rows", .array(rows.map { r in
                .object([
                    ("line", .int(Int64(r.line))), ("time_ms", .int(r.time)), ("fetch", .string(r.request)), ("differs", .bool(r.differs)),
                    ("cells", .object(r.outcomes.map { o in
                        (o.browser.rawValue, .object([
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
