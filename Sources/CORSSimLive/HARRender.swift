/// The `har` command's output: per replayed request, each browser's verdict, and for each one
/// that fails, why, in the browser's console words.
import CORSSim

public struct HARReport: Sendable {
    public var file: String
    public var log: HARLog
    public var replays: [HARReplay]
    public var skipped: [(Int, String)]

    public init(file: String, log: HARLog, replays: [HARReplay], skipped: [(Int, String)]) {
        self.file = file
        self.log = log
        self.replays = replays
        self.skipped = skipped
    }

    /// Whether some browser fails some request.
    public var anyFailure: Bool { replays.contains { $0.fails } }

    public func text(color: Bool = false) -> String {
        // Every string from the file is escaped for the terminal (TerminalText); paint escapes its text.
        func e(_ s: String) -> String { TerminalText.escaped(s) }
        func paint(_ s: String, _ code: String) -> String { ansiPaint(e(s), code, color: color) }
        var out = paint("== \(file)", "1")
        out += paint(" (recorded by \(log.creator) \(log.creatorVersion); \(log.entries.count) entries, \(replays.count) cross-origin CORS request\(replays.count == 1 ? "" : "s"))", "2") + "\n"
        if replays.isEmpty { out += "\nno cross-origin CORS requests in this file\n" }
        for r in replays {
            out += "\n" + paint("#\(r.entry.index) \(r.entry.method) \(r.entry.url)", "1") + "\n"
            out += paint("    from \(r.page.serialized) (\(r.pageSource)); credentials: \(r.request.credentials.rawValue)", "2")
            out += paint(r.preflightEntry.map { "; preflight #\($0)" } ?? "", "2") + "\n"
            // Simple or preflighted, per group of browsers that agree.
            var groups: [(String, [String])] = []
            for o in r.outcomes where o.classification.rejection == nil {
                let c = o.classification
                let text = c.isSimple ? "simple request" : "preflighted: " + c.preflightReasons.map(Describe.preflightReason).joined(separator: "; ")
                if let i = groups.firstIndex(where: { $0.0 == text }) { groups[i].1.append(BrowserProfile.named(o.browser).displayName) }
                else { groups.append((text, [BrowserProfile.named(o.browser).displayName])) }
            }
            for (text, names) in groups {
                out += "    " + e(text) + (groups.count > 1 ? " (\(names.joined(separator: ", ")))" : "") + "\n"
            }
            out += "    recorded: " + e(recorded(r)) + "\n"
            for o in r.outcomes {
                let name = BrowserProfile.named(o.browser).displayName
                if let gap = r.gaps[o.browser] {
                    out += "    " + paint("? \(name): cannot judge: \(gap)", "33") + "\n"
                    if !o.classification.isSimple, o.classification.rejection == nil {
                        out += "        \(name) preflights it: " + e(o.classification.preflightReasons.map(Describe.preflightReason).joined(separator: "; ")) + "\n"
                    }
                    continue
                }
                if o.verdict == .readable {
                    out += "    " + paint("✔ \(name): readable", "32") + "\n"
                } else {
                    out += "    " + paint("✘ \(name): \(Describe.verdict(o))", "31") + "\n"
                    for line in o.console { out += "        console: \(e(line.text))\n" }
                }
            }
            out += "    " + e(verdictLine(r)) + "\n"
        }
        for (i, why) in skipped { out += paint("skipped #\(i): \(why)", "2") + "\n" }
        let failing = replays.filter(\.fails).count
        let unjudged = replays.filter { !$0.gaps.isEmpty }.count
        out += "\n\(replays.count) request\(replays.count == 1 ? "" : "s") replayed, \(failing) fail\(failing == 1 ? "s" : "") in at least one browser"
        out += unjudged > 0 ? ", \(unjudged) cannot be judged in every browser from the recording\n" : "\n"
        return out
    }

    /// The recording's own result, as far as the file tells.
    func recorded(_ r: HARReplay) -> String {
        let e = r.entry
        if let error = e.error, !error.isEmpty { return "failed in the recording browser (\(error))" + (e.hasResponse ? ", status \(e.status)" : "") }
        if !e.hasResponse { return "no response (the request failed or was blocked before it was sent)" }
        return "\(e.status)\(e.statusText.isEmpty ? "" : " " + e.statusText)"
            + (e.responseHeaders.get("Access-Control-Allow-Origin").map { ", Access-Control-Allow-Origin: \($0)" } ?? ", no Access-Control-Allow-Origin")
    }

    /// One sentence: fine everywhere, fails everywhere, or which browsers differ.
    func verdictLine(_ r: HARReplay) -> String {
        let judged = r.outcomes.filter { r.gaps[$0.browser] == nil }
        let ok = judged.filter { $0.verdict == .readable }.map { BrowserProfile.named($0.browser).displayName }
        let bad = judged.filter { $0.verdict != .readable }.map { BrowserProfile.named($0.browser).displayName }
        let unknown = r.outcomes.filter { r.gaps[$0.browser] != nil }.map { BrowserProfile.named($0.browser).displayName }
        if judged.isEmpty { return "→ the recording lacks what the browsers need to judge this request" }
        let rest = unknown.isEmpty ? "" : "; \(unknown.joined(separator: ", ")) cannot be judged from this recording"
        if bad.isEmpty { return (unknown.isEmpty ? "→ readable in every browser" : "→ readable in \(ok.joined(separator: ", "))") + rest }
        if ok.isEmpty { return (unknown.isEmpty ? "→ fails in every browser" : "→ fails in \(bad.joined(separator: ", "))") + rest }
        return "→ fails in \(bad.joined(separator: ", ")) but works in \(ok.joined(separator: ", "))" + rest
    }

    /// One JSON object, schema `cors-sim/har` version 1.
    public func json() -> JSONValue {
        .object([
            ("schema", .string("cors-sim/har")), ("version", .int(1)), ("file", .string(file)),
            ("creator", .string(log.creator)), ("creator_version", .string(log.creatorVersion)), ("entries", .int(Int64(log.entries.count))),
            ("requests", .array(replays.map { r in
                .object([
                    ("entry", .int(Int64(r.entry.index))), ("method", .string(r.entry.method)), ("url", .string(r.entry.url)),
                    ("page_origin", .string(r.page.serialized)), ("page_origin_from", .string(r.pageSource)),
                    ("credentials", .string(r.request.credentials.rawValue)),
                    ("preflight_entry", r.preflightEntry.map { .int(Int64($0)) } ?? .null),
                    ("recorded", .string(recorded(r))),
                    ("results", .object(r.outcomes.map { o in
                        var fields = JSONRenderer.outcome(o)
                        if case .object(var list) = fields {
                            list.insert(("judged", .bool(r.gaps[o.browser] == nil)), at: 0)
                            if let gap = r.gaps[o.browser] { list.insert(("gap", .string(gap)), at: 1) }
                            fields = .object(list)
                        }
                        return (o.browser.rawValue, fields)
                    })),
                    ("summary", .string(verdictLine(r))),
                ])
            })),
            ("skipped", .array(skipped.map { .object([("entry", .int(Int64($0.0))), ("why", .string($0.1))]) })),
        ])
    }
}
