/// `cors-sim check`: one request, classified per browser, with the preflight each sends and the
/// minimal headers a server must answer with.
struct CheckReport {
    var request: FetchRequest
    var from: Origin
    /// Per browser: the outcome against a server that allows exactly what is needed.
    var outcomes: [FetchOutcome]
    var preflightHeaders: [(String, String)]
    var actualHeaders: [(String, String)]

    static func build(_ request: FetchRequest, from: Origin) -> CheckReport {
        let include = request.credentials == .include
        let spec = classify(request, rules: .standard)
        var preflight: [(String, String)] = [("Access-Control-Allow-Origin", include ? from.serialized : from.serialized)]
        if include { preflight.append(("Access-Control-Allow-Credentials", "true")) }
        if !spec.method.isCORSSafelisted { preflight.append(("Access-Control-Allow-Methods", spec.method.rawValue)) }
        if !spec.unsafeHeaderNames.isEmpty { preflight.append(("Access-Control-Allow-Headers", spec.unsafeHeaderNames.joined(separator: ", "))) }
        var actual: [(String, String)] = [("Access-Control-Allow-Origin", include ? from.serialized : "\(from.serialized)  (or * without credentials)")]
        if include { actual.append(("Access-Control-Allow-Credentials", "true")) }

        // Replay the request against a server that answers with exactly those headers, to show the
        // wire and confirm that every browser then lets the script read the response.
        let server = ClosureServer { wire in
            var headers = HeaderList()
            headers.append("Access-Control-Allow-Origin", from.serialized)
            if include { headers.append("Access-Control-Allow-Credentials", "true") }
            if wire.isPreflight {
                for (n, v) in preflight.dropFirst(include ? 2 : 1) { headers.append(n, v) }
                return WireResponse(status: 204, statusText: "No Content", headers: headers)
            }
            return WireResponse(status: 200, statusText: "OK", headers: headers)
        }
        let outcomes = [BrowserName.chrome, .firefox, .safari, .spec].map { name -> FetchOutcome in
            var browser = Browser(.named(name), page: from)
            return browser.fetch(request, server: server)
        }
        return CheckReport(request: request, from: from, outcomes: outcomes, preflightHeaders: preflight, actualHeaders: actual)
    }

    func text(color: Bool) -> String {
        let bold: (String) -> String = { color ? "\u{1B}[1m\($0)\u{1B}[0m" : $0 }
        let e: (String) -> String = TerminalText.escaped   // every string from the command line or a server
        var out = bold(e(Describe.request(request) + " from \(from.serialized)")) + "\n"
        let sameOrigin = request.url.origin == from
        if sameOrigin {
            return out + "same origin as the page: CORS does not apply, every browser sends the request as it is\n"
        }
        // Browsers that would do the same share one block.
        var blocks: [(names: [String], body: String)] = []
        for o in outcomes {
            var body = ""
            if let r = o.classification.rejection {
                body += "  " + e(Describe.rejection(r)) + "\n"
            } else {
                for d in o.classification.dropped { body += "  " + e(Describe.dropped(d)) + "\n" }
                if o.classification.isSimple {
                    body += "  simple request: no preflight\n"
                } else {
                    body += "  preflighted, because " + e(o.classification.preflightReasons.map(Describe.preflightReason).joined(separator: "; ")) + "\n"
                }
                if let pf = o.preflightsSent.first {
                    body += "  → OPTIONS \(e(pf.url.serialized()))\n"
                    for h in pf.headers { body += "      \(e(h.name)): \(e(h.value))\n" }
                }
                if o.verdict == .blocked, let f = o.failure { body += "  even with the headers below: blocked (\(f.reason.rawValue))\n" }
            }
            let name = BrowserProfile.named(o.browser).displayName
            if let last = blocks.last, last.body == body {
                blocks[blocks.count - 1].names.append(name)
            } else {
                blocks.append(([name], body))
            }
        }
        for block in blocks { out += "\n" + bold(block.names.joined(separator: ", ")) + "\n" + block.body }
        if !sameOrigin && request.mode == .cors {
            out += "\n" + bold("The server must answer") + "\n"
            if !(outcomes.first?.classification.isSimple ?? true) {
                out += "  the preflight (OPTIONS) with a 2xx status and:\n"
                for (n, v) in preflightHeaders { out += "      \(e(n)): \(e(v))\n" }
                out += "  optionally Access-Control-Max-Age: N (Chrome caps it at 7200, Firefox at 86400, Safari at 600)\n"
            }
            out += "  the actual response with:\n"
            for (n, v) in actualHeaders { out += "      \(e(n)): \(e(v))\n" }
            out += "  and Access-Control-Expose-Headers: NAMES for any non-safelisted header the script must read\n"
        } else if request.mode == .noCORS {
            out += "\nno-cors: the script gets an opaque response whatever the server sends\n"
        }
        return out
    }

    func json() -> JSONValue {
        .object([
            ("schema", .string("cors-sim/check")), ("version", .int(1)),
            ("method", .string(request.method)), ("url", .string(request.url.serialized())), ("from", .string(from.serialized)),
            ("browsers", .object(outcomes.map { o in
                (o.browser.rawValue, .object([
                    ("simple", .bool(o.classification.isSimple)),
                    ("preflight_reasons", .array(o.classification.preflightReasons.map { .string(Describe.preflightReason($0)) })),
                    ("preflight", o.preflightsSent.first.map(JSONRenderer.wire) ?? .null),
                    ("verdict_with_minimal_headers", .string(o.verdict.rawValue)),
                ]))
            })),
            ("preflight_response_headers", .array(preflightHeaders.map { .array([.string($0.0), .string($0.1)]) })),
            ("actual_response_headers", .array(actualHeaders.map { .array([.string($0.0), .string($0.1)]) })),
        ])
    }
}
