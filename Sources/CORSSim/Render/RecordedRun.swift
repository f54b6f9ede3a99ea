
/// A whole scenario run kept in memory, with the preflight caches after every step: what the
/// views that look at more than one step at a time (the stepper, the sequence diagrams, the HTML
/// report) are drawn from.
public struct RecordedRun: Sendable {
    public var scenario: Scenario
    public var browsers: [BrowserName]
    /// The profiles run, in the order of `browsers`.
    public var profiles: [BrowserProfile]
    /// One report per step, in order, each with cache snapshots.
    public var reports: [StepReport]
    public var summary: RunSummary

    public init(_ scenario: Scenario, browsers: [BrowserName]) {
        self.init(scenario, profiles: browsers.map { BrowserProfile.named($0) })
    }

    public init(_ scenario: Scenario, profiles: [BrowserProfile]) {
        var reports: [StepReport] = []
        let summary = ScenarioRunner(profiles: profiles, snapshotCaches: true).run(scenario) { reports.append($0) }
        self.scenario = scenario
        self.browsers = profiles.map(\.name)
        self.profiles = profiles
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

    /// The browser's HTTP cache after step `index`.
    public func httpCache(after index: Int, browser: Int) -> [HTTPCacheEntry] {
        guard index >= 0, index < reports.count, browser < reports[index].httpCaches.count else { return [] }
        return reports[index].httpCaches[browser]
    }

    /// The outcome of the fetch at step `index` in one browser, if that step is a fetch.
    public func outcome(at index: Int, browser: Int) -> FetchOutcome? {
        let outcomes = reports[index].outcomes
        return browser < outcomes.count ? outcomes[browser] : nil
    }
}


// MARK: Text helpers

/// Paints with ANSI colours when asked to, else leaves text alone.
package struct ScreenInk {
    package var color: Bool
    package init(color: Bool) { self.color = color }
    package func paint(_ s: String, _ code: String) -> String { ansiPaint(s, code, color: color && !s.isEmpty) }
    package func bold(_ s: String) -> String { paint(s, "1") }
    package func dim(_ s: String) -> String { paint(s, "2") }
    package func selected(_ s: String) -> String { paint(s, "1;7") }
    package func keys(_ s: String) -> String { paint(s, "7") }
}

/// A screen body under construction: wraps each line to the width and paints it.
package struct ScreenLines {
    package enum Style { case plain, bold, dim, note, good, bad, warn, cache, heading }
    package var width: Int
    package var ink: ScreenInk
    package var lines: [String] = []

    package init(width: Int, ink: ScreenInk) { self.width = width; self.ink = ink }

    package mutating func heading(_ text: String) { add(.heading, text, indent: 0) }
    package mutating func blank() { if let last = lines.last, !last.isEmpty { lines.append("") } }

    package mutating func add(_ style: Style, _ text: String, indent: Int = 2, wrap: Bool = true) {
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
package enum TextLayout {
    /// Splits text into lines of at most `width` characters at spaces; continuation lines are
    /// indented by `hang`. A word longer than a line is cut.
    package static func wrap(_ text: String, width: Int, hang: Int = 0) -> [String] {
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
    package static func fit(_ s: String, _ width: Int) -> String {
        guard width > 0 else { return "" }
        return s.count <= width ? s : String(s.prefix(max(width - 1, 0))) + "…"
    }

    package static func pad(_ n: Int) -> String { String(repeating: " ", count: max(n, 1)) }

    /// Aligns rows into columns two spaces apart; when too wide, the widest columns are cut with …
    package static func table(_ rows: [[String]], width: Int) -> [String] {
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
