/// The audit's text and JSON output.
import CORSSim

extension AuditReport {
    /// Findings most severe first, then each probe's verdicts per browser, then the totals.
    public func text(color: Bool = false, minimum: Severity = .informational) -> String {
        // Strings from the server or the command line are escaped for the terminal; paint escapes its text.
        let e: (String) -> String = TerminalText.escaped
        func paint(_ s: String, _ code: String) -> String { ansiPaint(e(s), code, color: color) }
        let t = target
        var out = paint("audit \(t.method) \(t.url.serialized()) from \(t.from.serialized)", "1")
        out += paint(" (credentials: \(t.credentials.rawValue); \(probes.count) origins, \(requestsSent) requests sent)", "2") + "\n"
        for error in errors { out += paint("error: ", "31") + e(error) + "\n" }
        out += "\n"
        let shown = findings.filter { $0.severity >= minimum }
        if shown.isEmpty { out += "no findings" + (minimum > .informational ? " at \(minimum.name) or above" : "") + "\n" }
        for f in shown {
            let label = f.severity.name.uppercased()
            let colour = f.severity == .high ? "1;31" : f.severity == .medium ? "31" : f.severity == .low ? "33" : "2"
            out += paint(label, colour) + "  " + paint(f.title, "1") + "  " + paint("[\(f.code)]", "2") + "\n"
            out += wrap(e(f.detail), indent: "      ")
            for line in f.evidence { out += paint("      " + line, "2") + "\n" }
            out += "\n"
        }
        out += paint("probes", "1") + "\n"
        for p in probes {
            let cells = p.credentialed.indices.map { i -> String in
                let c = p.credentialed[i], a = p.anonymous[i]
                return "\(c.browser.rawValue) \(mark(c))/\(mark(a))"
            }
            out += "  \(p.kind.rawValue.padding(toLength: 9, withPad: " ", startingAt: 0)) \(e(p.origin).padding(toLength: 36, withPad: " ", startingAt: 0)) "
                + cells.joined(separator: "  ") + "\n"
        }
        out += paint("  (readable with credentials / without: ✔ readable, ✘ blocked)", "2") + "\n"
        out += "\n" + Severity.allCases.reversed().map { "\(count($0)) \($0.name)" }.joined(separator: ", ") + "\n"
        return out
    }

    private func mark(_ o: FetchOutcome) -> String { o.verdict == .readable ? "✔" : "✘" }

    private func wrap(_ text: String, indent: String, width: Int = 100) -> String {
        var out = "", line = indent
        for word in text.split(separator: " ") {
            if line.count + word.count + 1 > width && line != indent {
                out += line + "\n"
                line = indent
            }
            line += (line == indent ? "" : " ") + word
        }
        return out + line + "\n"
    }

    /// One JSON object, schema `cors-sim/audit` version 1.
    public func json(minimum: Severity = .informational) -> JSONValue {
        let t = target
        return .object([
            ("schema", .string("cors-sim/audit")), ("version", .int(1)),
            ("method", .string(t.method)), ("url", .string(t.url.serialized())), ("from", .string(t.from.serialized)),
            ("credentials", .string(t.credentials.rawValue)),
            ("requests_sent", .int(Int64(requestsSent))),
            ("errors", .array(errors.map(JSONValue.string))),
            ("findings", .array(findings.filter { $0.severity >= minimum }.map { f in
                .object([("code", .string(f.code)), ("severity", .string(f.severity.name)), ("title", .string(f.title)),
                         ("detail", .string(f.detail)), ("evidence", .array(f.evidence.map(JSONValue.string)))])
            })),
            ("probes", .array(probes.map { p in
                .object([
                    ("kind", .string(p.kind.rawValue)), ("origin", .string(p.origin)),
                    ("status", p.response.map { .int(Int64($0.status)) } ?? .null),
                    ("response_headers", .array((p.response?.headers).map { Array($0) }?.map { .array([.string($0.name), .string($0.value)]) } ?? [])),
                    ("results", .object(p.credentialed.indices.map { i in
                        (p.credentialed[i].browser.rawValue, .object([
                            ("credentialed", .string(verdictText(p.credentialed[i]))),
                            ("anonymous", .string(verdictText(p.anonymous[i]))),
                        ]))
                    })),
                ])
            })),
            ("summary", .object(Severity.allCases.reversed().map { ($0.name, .int(Int64(count($0)))) })),
        ])
    }
}
