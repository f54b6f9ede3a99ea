import CORSSim

/// `cors-sim check`: one request, classified per browser, with the preflight each sends and the
/// minimal headers a server must answer with.
struct CheckReport {
    /// A response header the server must send, and what else would do.
    struct RequiredHeader {
        var name: String
        var value: String
        /// Another value that works too, and when (`*` when credentials are not included).
        var alternative: (value: String, when: String)?
    }

    var request: FetchRequest
    var from: Origin
    /// Per browser: the outcome against a server that allows exactly what is needed.
    var outcomes: [FetchOutcome]
    var preflightHeaders: [RequiredHeader]
    var actualHeaders: [RequiredHeader]

    /// Whether any browser sends the request at all: one refused before it leaves the browser (by
    /// fetch() for a forbidden method, or by mixed content or port blocking) reaches no server, so
    /// no server response can help.
    var anySent: Bool { outcomes.contains { $0.classification.rejection == nil && Self.reachedAServer($0) } }

    static func reachedAServer(_ o: FetchOutcome) -> Bool { o.requestSent || !o.preflightsSent.isEmpty }
    /// Whether any browser preflights it.
    var anyPreflight: Bool { outcomes.contains { $0.classification.rejection == nil && !$0.classification.isSimple } }

    static func build(_ request: FetchRequest, from: Origin, browsers: [BrowserName] = [.chrome, .firefox, .safari, .spec]) -> CheckReport {
        let include = request.credentials == .include
        let spec = classify(request, rules: .standard)
        let allowOrigin = RequiredHeader(name: "Access-Control-Allow-Origin", value: from.serialized)
        var preflight = [allowOrigin]
        if include { preflight.append(RequiredHeader(name: "Access-Control-Allow-Credentials", value: "true")) }
        if !spec.method.isCORSSafelisted { preflight.append(RequiredHeader(name: "Access-Control-Allow-Methods", value: spec.method.rawValue)) }
        if !spec.unsafeHeaderNames.isEmpty {
            preflight.append(RequiredHeader(name: "Access-Control-Allow-Headers", value: spec.unsafeHeaderNames.joined(separator: ", ")))
        }
        var actual = [allowOrigin]
        if include {
            actual.append(RequiredHeader(name: "Access-Control-Allow-Credentials", value: "true"))
        } else {
            actual[0].alternative = ("*", "the request does not include credentials")
        }

        // Replay the request against a server that answers with exactly those headers, to show the
        // wire and confirm that every browser then lets the script read the response.
        let server = ClosureServer { wire in
            var headers = HeaderList()
            for h in (wire.isPreflight ? preflight : actual) { headers.append(h.name, h.value) }
            return wire.isPreflight ? WireResponse(status: 204, statusText: "No Content", headers: headers)
                                    : WireResponse(status: 200, statusText: "OK", headers: headers)
        }
        let outcomes = browsers.map { name -> FetchOutcome in
            var browser = Browser(.named(name), page: from)
            return browser.fetch(request, server: server)
        }
        return CheckReport(request: request, from: from, outcomes: outcomes, preflightHeaders: preflight, actualHeaders: actual)
    }

    /// `Access-Control-Max-Age` caps of the browsers shown, from their profiles.
    var maxAgeCaps: String {
        outcomes.map { o in
            let profile = BrowserProfile.named(o.browser)
            return "\(profile.displayName) " + (profile.cache.maxAgeCap.map { "caps it at \($0) s" } ?? "has no cap")
        }.joined(separator: ", ")
    }

    func text(color: Bool) -> String {
        let bold: (String) -> String = { ansiPaint($0, "1", color: color) }
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
                if o.verdict == .blocked, let f = o.failure {
                    body += Self.reachedAServer(o)
                        ? "  even with the headers below: blocked (\(f.reason.rawValue))\n"
                        : "  blocked before anything is sent (\(f.reason.rawValue): \(f.reason.summary))\n"
                }
            }
            let name = o.displayName
            if let last = blocks.last, last.body == body {
                blocks[blocks.count - 1].names.append(name)
            } else {
                blocks.append(([name], body))
            }
        }
        for block in blocks { out += "\n" + bold(block.names.joined(separator: ", ")) + "\n" + block.body }
        guard anySent else {
            return out + "\nNo browser sends this request, so no server response can make it work.\n"
        }
        if request.mode == .cors {
            out += "\n" + bold("The server must answer") + "\n"
            if anyPreflight {
                out += "  the preflight (OPTIONS) with a 2xx status and:\n"
                for h in preflightHeaders { out += "      \(e(h.name)): \(e(h.value))\n" }
                out += "  optionally Access-Control-Max-Age: SECONDS (\(maxAgeCaps))\n"
            }
            out += "  the actual response with:\n"
            for h in actualHeaders {
                out += "      \(e(h.name)): \(e(h.value))\n"
                if let alt = h.alternative { out += "    or\n      \(e(h.name)): \(e(alt.value))   (when \(e(alt.when)))\n" }
            }
            out += "  and Access-Control-Expose-Headers: NAMES for any non-safelisted header the script must read\n"
        } else if request.mode == .noCORS {
            out += "\nno-cors: the script gets an opaque response whatever the server sends\n"
        }
        return out
    }

    /// Schema `cors-sim/check` version 1 (README, "JSON output").
    func json() -> JSONValue {
        func headers(_ list: [RequiredHeader]) -> JSONValue { .array(list.map { .array([.string($0.name), .string($0.value)]) }) }
        let sent = anySent && request.mode == .cors && request.url.origin != from
        return .object([
            ("schema", .string("cors-sim/check")), ("version", .int(1)),
            ("method", .string(request.method)), ("url", .string(request.url.serialized())), ("from", .string(from.serialized)),
            ("browsers", .object(outcomes.map { o in
                (o.browser.rawValue, .object([
                    ("sent", .bool(o.classification.rejection == nil && Self.reachedAServer(o))),
                    ("rejection", o.classification.rejection.map { .string(Describe.rejection($0)) } ?? .null),
                    ("simple", .bool(o.classification.isSimple)),
                    ("preflight_reasons", .array(o.classification.preflightReasons.map { .string(Describe.preflightReason($0)) })),
                    ("preflight", o.preflightsSent.first.map(JSONRenderer.wire) ?? .null),
                    ("verdict_with_minimal_headers", .string(o.verdict.rawValue)),
                    ("reason", o.failure.map { .string($0.reason.rawValue) } ?? .null),
                ]))
            })),
            ("preflight_response_headers", sent && anyPreflight ? headers(preflightHeaders) : .array([])),
            ("actual_response_headers", sent ? headers(actualHeaders) : .array([])),
            ("alternatives", .array(sent ? actualHeaders.compactMap { h in
                h.alternative.map { .object([("name", .string(h.name)), ("value", .string($0.value)), ("when", .string($0.when))]) }
            } : [])),
        ])
    }
}
