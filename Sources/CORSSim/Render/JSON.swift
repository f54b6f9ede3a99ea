/// A JSON value with ordered object keys, so output is byte-identical run to run.
public indirect enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case int(Int64)
    case string(String)
    case array([JSONValue])
    case object([(String, JSONValue)])

    public static func == (a: JSONValue, b: JSONValue) -> Bool { a.serialized() == b.serialized() }
    public func hash(into h: inout Hasher) { h.combine(serialized()) }

    public static func optional(_ s: String?) -> JSONValue { s.map(JSONValue.string) ?? .null }

    /// Compact serialization (one line).
    public func serialized() -> String {
        var out: [UInt8] = []
        out.reserveCapacity(1024)
        write(to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Writes into a byte buffer: no intermediate strings, one allocation growing as it goes.
    func write(to out: inout [UInt8]) {
        switch self {
        case .null: out += "null".utf8
        case .bool(let b): out += (b ? "true" : "false").utf8
        case .int(let n): out += String(n).utf8
        case .string(let s): JSONValue.writeString(s, to: &out)
        case .array(let items):
            out.append(UInt8(ascii: "["))
            for (i, item) in items.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                item.write(to: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let fields):
            out.append(UInt8(ascii: "{"))
            for (i, field) in fields.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                JSONValue.writeString(field.0, to: &out)
                out.append(UInt8(ascii: ":"))
                field.1.write(to: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    static func writeString(_ s: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var copy = s
        copy.withUTF8 { bytes in
            // Runs of bytes that need no escape are appended whole (most strings are one run).
            var run = 0
            for (i, byte) in bytes.enumerated() {
                if byte >= 0x20 && byte != UInt8(ascii: "\"") && byte != UInt8(ascii: "\\") { continue }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[run..<i]))
                run = i + 1
                switch byte {
                case UInt8(ascii: "\""): out += "\\\"".utf8
                case UInt8(ascii: "\\"): out += "\\\\".utf8
                case UInt8(ascii: "\n"): out += "\\n".utf8
                case UInt8(ascii: "\r"): out += "\\r".utf8
                case UInt8(ascii: "\t"): out += "\\t".utf8
                case 0..<0x20:
                    let hex = Array("0123456789abcdef".utf8)
                    out += "\\u00".utf8
                    out.append(hex[Int(byte >> 4)])
                    out.append(hex[Int(byte & 0xF)])
                default: out.append(byte)
                }
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[run...]))
        }
        out.append(UInt8(ascii: "\""))
    }
}

/// The JSON form of a run, schema `cors-sim/run` version 1 (documented in the README): one JSON
/// object per line (JSON Lines), so output streams: a `file` line, one `step` line per step,
/// then a `summary` line.
public enum JSONRenderer {
    public static let schema = "cors-sim/run"
    public static let schemaVersion: Int64 = 1

    public static func header(file: String, browsers: [BrowserName], warnings: [ScenarioWarning] = []) -> String {
        header(file: file, profiles: browsers.map { BrowserProfile.named($0) }, warnings: warnings)
    }

    /// The file line, naming each profile run (`chrome`, `chrome@75`); `warnings` (ScenarioLint)
    /// are listed in it.
    public static func header(file: String, profiles: [BrowserProfile], warnings: [ScenarioWarning] = []) -> String {
        JSONValue.object([
            ("type", .string("file")), ("schema", .string(schema)), ("version", .int(schemaVersion)),
            ("file", .string(file)), ("browsers", .array(profiles.map { .string($0.id) })),
            ("warnings", .array(warnings.map { w in
                .object([("line", .int(Int64(w.location.line))), ("header", .string(w.name)),
                         ("suggestion", .string(w.suggestion)), ("message", .string(w.message))])
            })),
        ]).serialized() + "\n"
    }

    public static func render(_ report: StepReport) -> String {
        var fields: [(String, JSONValue)] = [
            ("type", .string("step")), ("line", .int(Int64(report.step.location.line))), ("time_ms", .int(report.time)),
        ]
        switch report.step {
        case .page(let p):
            fields += [("step", .string("page")), ("origin", .optional(p.origin?.serialized)),
                       ("top_level", .optional(p.topLevel?.serialized))]
        case .server(let s):
            fields += [("step", .string("server")), ("origin", .string(s.origin.serialized)), ("routes", .int(Int64(s.routes.count)))]
            if s.live { fields.append(("live", .bool(true))) }
            if s.viaCDN { fields.append(("via_cdn", .bool(true))) }
        case .wait(let w):
            fields += [("step", .string("wait")), ("duration_ms", .int(w.milliseconds))]
        case .restart:
            fields += [("step", .string("restart"))]
        case .note(let n):
            fields += [("step", .string("note")), ("text", .string(n.text))]
        case .cookie(let c):
            fields += [("step", .string("cookie")), ("text", .string(c.text)),
                       ("results", .object(report.cookieResults.map { ($0.profileID, cookieStepResult($0.result)) }))]
        case .fetch(let f):
            fields += [("step", .string("fetch")), ("method", .string(f.method)), ("url", .string(f.url.serialized())),
                       ("results", .object(report.outcomes.map { ($0.profileID, outcome($0)) })),
                       ("expectations", .array(report.checks.map(check)))]
        }
        return JSONValue.object(fields).serialized() + "\n"
    }

    public static func footer(file: String, summary: RunSummary) -> String {
        JSONValue.object([
            ("type", .string("summary")), ("file", .string(file)), ("fetches", .int(Int64(summary.fetches))),
            ("expectations", .int(Int64(summary.expectationsChecked))), ("failed", .int(Int64(summary.failures.count))),
            ("failures", .array(summary.failures.map(check))),
        ]).serialized() + "\n"
    }

    static func check(_ c: ExpectationResult) -> JSONValue {
        .object([
            ("line", .int(Int64(c.expectation.location.line))), ("browser", .string(c.profileID)),
            ("expected", .string(c.expectation.text)), ("actual", .string(c.actual)), ("passed", .bool(c.passed)),
        ])
    }

    public static func outcome(_ o: FetchOutcome) -> JSONValue {
        var fields: [(String, JSONValue)] = [
            ("verdict", .string(o.verdict.rawValue)),
            ("reason", .optional(o.failure?.reason.rawValue)),
            ("failure_phase", .optional(o.failure?.phase.rawValue)),
            ("failure_value", .optional(o.failure?.value)),
            ("preflight", .string(o.preflight.rawValue)),
            ("request_sent", .bool(o.requestSent)),
            ("origin_sent", .optional(o.lastOrigin)),
            ("simple", .bool(o.classification.isSimple)),
            ("preflight_reasons", .array(o.classification.preflightReasons.map { .string(Describe.preflightReason($0)) })),
        ]
        if let r = o.response {
            fields += [("response", .object([
                ("type", .string(r.type.rawValue)), ("status", .int(Int64(r.status))),
                ("status_text", .string(r.statusText)), ("url", .string(r.url)),
                ("redirected", .bool(r.redirected)), ("body", .string(r.body)),
                ("headers", .array(r.headers.map { .array([.string($0.name.lowercased()), .string($0.value)]) })),
            ]))]
        } else {
            fields += [("response", .null)]
        }
        fields += [
            ("script_error", .optional(o.scriptError)),
            ("console", .array(o.console.map { .object([("level", .string($0.level.rawValue)), ("text", .string($0.text))]) })),
            ("events", .array(o.events.map(event))),
        ]
        return .object(fields)
    }

    /// `max_age_header`: the Access-Control-Max-Age value as sent (a string, null when absent);
    /// `max_age_asked`: that value as a number of seconds when it is a decimal integer (with an
    /// optional minus sign), else null, so it has the type of `max_age_seconds`.
    static func maxAgeAsked(_ header: String?) -> [(String, JSONValue)] {
        var number: JSONValue = .null
        if let header {
            let bytes = Array(header.utf8.drop { $0 == 0x20 || $0 == 0x09 }.reversed().drop { $0 == 0x20 || $0 == 0x09 }.reversed())
            let digits = bytes.first == UInt8(ascii: "-") ? bytes.dropFirst() : bytes[...]
            if !digits.isEmpty, digits.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
               let n = Int64(String(decoding: bytes, as: UTF8.self)) {
                number = .int(n)
            }
        }
        return [("max_age_header", .optional(header)), ("max_age_asked", number)]
    }

    package static func wire(_ r: WireRequest) -> JSONValue {
        .object([("method", .string(r.method)), ("url", .string(r.url.serialized())), ("credentialed", .bool(r.credentialed)),
                 ("headers", .array(r.headers.map { .array([.string($0.name), .string($0.value)]) }))])
    }

    static func response(_ r: WireResponse) -> JSONValue {
        .object([("status", .int(Int64(r.status))), ("headers", .array(r.headers.map { .array([.string($0.name), .string($0.value)]) }))])
    }

    static func event(_ e: FetchEvent) -> JSONValue {
        switch e {
        case .rejectedBeforeSend(let r): return .object([("event", .string("rejected-before-send")), ("text", .string(Describe.rejection(r)))])
        case .cacheLookupSkipped(let m): return .object([("event", .string("cache-lookup-skipped")), ("cache_mode", .string(m.rawValue))])
        case let .cacheLookup(url, result):
            switch result {
            case .hit(let exp):
                return .object([("event", .string("cache-hit")), ("url", .string(url.serialized())), ("expires_ms", .int(exp))])
            case let .miss(miss, erased):
                return .object([("event", .string("cache-miss")), ("url", .string(url.serialized())),
                                ("why", .string(missCode(miss))), ("erased", .bool(erased))])
            }
        case .preflightSent(let r): return .object([("event", .string("preflight-sent")), ("request", wire(r))])
        case .preflightResponse(let r): return .object([("event", .string("preflight-response")), ("response", response(r))])
        case .preflightPassed(let auth): return .object([("event", .string("preflight-passed")), ("authorization_by_wildcard", .bool(auth))])
        case let .cacheStore(_, decision, result):
            var f: [(String, JSONValue)] = [("event", .string("cache-store"))]
            switch decision {
            case let .cache(seconds, asked, capped, defaulted):
                f += maxAgeAsked(asked) + [("max_age_seconds", .int(seconds)), ("capped", .bool(capped)), ("defaulted", .bool(defaulted))]
            case .doNotCache(let asked):
                f += maxAgeAsked(asked) + [("max_age_seconds", .null)]
            }
            switch result {
            case let .stored(exp, replaced, merged, evicted):
                f += [("stored", .bool(true)), ("expires_ms", .int(exp)), ("replaced", .bool(replaced)), ("merged", .bool(merged)),
                      ("evicted", .int(Int64(evicted.count)))]
            case .notStored(let why):
                f += [("stored", .bool(false)), ("why", .string(notStoredCode(why)))]
            }
            return .object(f)
        case .cacheStoreSkipped(let m): return .object([("event", .string("cache-store-skipped")), ("cache_mode", .string(m.rawValue))])
        case let .cacheCleared(url, count):
            return .object([("event", .string("cache-cleared")), ("url", .string(url.serialized())), ("count", .int(Int64(count)))])
        case .requestSent(let r): return .object([("event", .string("request-sent")), ("request", wire(r))])
        case .response(let r): return .object([("event", .string("response")), ("response", response(r))])
        case .connectionRefused(let url): return .object([("event", .string("connection-refused")), ("url", .string(url.serialized()))])
        case let .madeByBrowser(url, r):
            return .object([("event", .string("made-by-browser")), ("url", .string(url.serialized())),
                            ("response", .object([("status", .int(Int64(r.status))),
                                                  ("headers", .array(r.headers.map { .array([.string($0.name), .string($0.value)]) })),
                                                  ("body", .string(r.body))]))])
        case .httpCache(let e): return httpCache(e)
        case .cookies(let e): return cookieEvent(e)
        case let .opaqueResponseBlocked(url, reason, dropped):
            return .object([("event", .string("orb-blocked")), ("url", .string(url.serialized())), ("reason", .string(reason.rawValue)),
                            ("dropped_from_http_cache", .bool(dropped))])
        case .failed(let f):
            return .object([("event", .string("failed")), ("reason", .string(f.reason.rawValue)), ("phase", .string(f.phase.rawValue)),
                            ("value", .optional(f.value))])
        case .redirected(let r):
            return .object([("event", .string("redirect")), ("status", .int(Int64(r.status))), ("to", .string(r.to.serialized())),
                            ("new_method", .optional(r.newMethod)), ("taints_origin", .bool(r.taintsOrigin)),
                            ("removed_authorization", .bool(r.removedAuthorization))])
        }
    }

    /// An HTTP cache decision: `{"event": "http-cache", "decision": ..., "url": ..., ...}`.
    static func httpCache(_ e: HTTPCacheEvent) -> JSONValue {
        var f: [(String, JSONValue)] = [("event", .string("http-cache"))]
        func url(_ u: FetchURL) { f.append(("url", .string(u.serialized()))) }
        func why(_ w: HTTPCacheEvent.StaleReason) -> String {
            switch w {
            case .expired: return "expired"
            case .responseNoCache: return "response-no-cache"
            case .requestNoCache: return "request-no-cache"
            case .requestDirective: return "request-directive"
            case .statusMustValidate: return "status-must-validate"
            case .varyMismatch: return "vary-mismatch"
            }
        }
        switch e {
        case let .hit(u, age, life, mode):
            f.append(("decision", .string("fresh-hit"))); url(u)
            f += [("age_s", .int(age)), ("lifetime_s", .int(life)), ("cache_mode", .string(mode.rawValue))]
        case let .miss(u, reason):
            f.append(("decision", .string("miss"))); url(u)
            switch reason {
            case .nothingStored: f.append(("why", .string("nothing-stored")))
            case .otherPartition(let p): f += [("why", .string("partition")), ("stored_partition", .string(p))]
            case .otherCredentials: f.append(("why", .string("credentials")))
            case .varyStar: f.append(("why", .string("vary-star")))
            case .redirectHop: f.append(("why", .string("redirect-hop")))
            case .persistentAfterCachedPermanentRedirect: f.append(("why", .string("after-cached-permanent-redirect")))
            case .otherThirdPartyKey: f.append(("why", .string("third-party-key")))
            case let .otherRange(stored, sent):
                f += [("why", .string("range")), ("stored_range", .optional(stored)), ("sent_range", .optional(sent))]
            case .byteRangeOnlyIfCached: f.append(("why", .string("byte-range-only-if-cached")))
            case .redirectForURLWithFragment: f.append(("why", .string("redirect-url-fragment")))
            case .cachedRedirectLimit(let n): f.append(("why", .string("cached-redirect-limit"))); f.append(("limit", .int(Int64(n))))
            case let .varyMismatch(name, stored, sent):
                f += [("why", .string("vary-mismatch")), ("header", .string(name)), ("stored_value", .optional(stored)),
                      ("sent_value", .optional(sent))]
            }
        case let .revalidating(u, age, life, validators, w):
            f.append(("decision", .string("revalidate"))); url(u)
            f += [("age_s", .int(age)), ("lifetime_s", .int(life)), ("why", .string(why(w))),
                   ("validators", .array(validators.map { .string("\($0.name): \($0.value)") }))]
        case let .revalidatingThroughFirstRequest(u, first):
            f.append(("decision", .string("revalidate-through-first-request"))); url(u)
            f.append(("first_url", .string(first.serialized())))
        case let .stale(u, age, life, w):
            f.append(("decision", .string("stale"))); url(u)
            f += [("age_s", .int(age)), ("lifetime_s", .int(life)), ("why", .string(why(w)))]
        case .revalidated(let u):
            f.append(("decision", .string("revalidated"))); url(u)
        case .lookupSkipped(let m):
            f += [("decision", .string("lookup-skipped")), ("cache_mode", .string(m.rawValue))]
        case let .requestDirectiveSkipped(u, directive):
            f.append(("decision", .string("lookup-skipped"))); url(u)
            f.append(("request_directive", .string(directive)))
        case let .scriptConditional(u, rule):
            f.append(("decision", .string("script-conditional"))); url(u)
            f.append(("updates_stored_on_304", .bool(rule.matching304UpdatesStored)))
        case .subrangeBypassed(let u):
            f.append(("decision", .string("subrange-bypassed"))); url(u)
        case let .rangeFromStored(u, r, size):
            f.append(("decision", .string("range-from-stored"))); url(u)
            f += [("first", .int(Int64(r.lowerBound))), ("last", .int(Int64(r.upperBound))), ("size", .int(Int64(size)))]
        case let .rangeMissing(u, r):
            f.append(("decision", .string("range-missing"))); url(u)
            f += [("first", .int(Int64(r.lowerBound))), ("last", .int(Int64(r.upperBound)))]
        case .partialEntryDropped(let u):
            f.append(("decision", .string("partial-entry-dropped"))); url(u)
        case .updatedByScriptConditional(let u):
            f.append(("decision", .string("updated-by-script-conditional"))); url(u)
        case let .stored(u, life, source, partition):
            f.append(("decision", .string("stored"))); url(u)
            f += [("lifetime_s", .int(life)), ("freshness_from", .string(source.rawValue)), ("partition", .string(partition))]
        case let .notStored(u, w):
            f.append(("decision", .string("not-stored"))); url(u)
            switch w {
            case .requestNoStore: f.append(("why", .string("request-no-store")))
            case .responseNoStore: f.append(("why", .string("response-no-store")))
            case .method(let m): f += [("why", .string("method")), ("method", .string(m))]
            case .status(let s): f += [("why", .string("status")), ("status", .int(Int64(s)))]
            case .nothingToReuse: f.append(("why", .string("no-freshness-no-validator")))
            case .redirectForURLWithFragment: f.append(("why", .string("redirect-url-fragment")))
            case .pastCachedRedirectLimit(let n): f.append(("why", .string("cached-redirect-limit"))); f.append(("limit", .int(Int64(n))))
            case .noExplicitFreshness(let s): f += [("why", .string("no-explicit-freshness")), ("status", .int(Int64(s)))]
            case .scriptConditional: f.append(("why", .string("script-conditional")))
            case .subrangeRequest: f.append(("why", .string("subrange")))
            case .partialContentNotResumable: f.append(("why", .string("partial-content-not-resumable")))
            }
        }
        return .object(f)
    }

    static func notStoredCode(_ why: PreflightCacheStore.NotStoredReason) -> String {
        switch why {
        case .urlTooLong: return "url-too-long"
        case .maxAge: return "max-age"
        case .taintedOrigin: return "tainted-origin"
        case .opaquePage: return "opaque-page"
        }
    }

    static func missCode(_ m: PreflightCacheMiss) -> String {
        switch m {
        case .noEntry: return "no-entry"
        case .expired: return "expired"
        case .credentialsMismatch: return "credentials-mismatch"
        case .methodNotCovered: return "method-not-covered"
        case .headerNotCovered: return "header-not-covered"
        case .wildcardNotHonoured: return "wildcard-not-honoured"
        case .taintedOrigin: return "tainted-origin"
        case .opaquePage: return "opaque-page"
        }
    }
}
