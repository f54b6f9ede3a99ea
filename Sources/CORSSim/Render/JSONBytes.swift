/// The run's JSON lines written straight into a byte buffer: no `JSONValue` tree is built and
/// freed per step, keys are static bytes, numbers are written digit by digit. The output is
/// byte for byte what the `JSONValue` functions of `JSONRenderer` serialize (those stay for the
/// HAR and `check` output, which add fields to an outcome); `JSONBytesTests` holds them equal
/// on every lesson, recorded scenario and a generated file.
struct JSONOut {
    var bytes: [UInt8]
    /// Whether the object or array being written has no member yet.
    private var first = true

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    mutating func raw(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    /// `"name":` after a comma unless it is the first member.
    mutating func key(_ name: StaticString) {
        if first { first = false } else { bytes.append(UInt8(ascii: ",")) }
        bytes.append(UInt8(ascii: "\""))
        raw(name)
        bytes.append(UInt8(ascii: "\""))
        bytes.append(UInt8(ascii: ":"))
    }

    /// `"name":` for a key that is not a literal (a profile ID).
    mutating func key(string name: String) {
        if first { first = false } else { bytes.append(UInt8(ascii: ",")) }
        JSONValue.writeString(name, to: &bytes)
        bytes.append(UInt8(ascii: ":"))
    }

    /// Before each element of an array.
    mutating func item() {
        if first { first = false } else { bytes.append(UInt8(ascii: ",")) }
    }

    mutating func string(_ s: String) { JSONValue.writeString(s, to: &bytes) }
    mutating func literalString(_ s: StaticString) {
        bytes.append(UInt8(ascii: "\""))
        raw(s)
        bytes.append(UInt8(ascii: "\""))
    }
    mutating func optional(_ s: String?) { if let s { string(s) } else { raw("null") } }
    mutating func bool(_ b: Bool) { b ? raw("true") : raw("false") }
    mutating func null() { raw("null") }

    mutating func int(_ n: Int) { int(Int64(n)) }
    mutating func int(_ n: Int64) {
        if n < 0 {
            bytes.append(UInt8(ascii: "-"))
            unsigned(n == Int64.min ? UInt64(Int64.max) + 1 : UInt64(-n))
        } else {
            unsigned(UInt64(n))
        }
    }

    private mutating func unsigned(_ n: UInt64) {
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        var v = n
        withUnsafeMutableBytes(of: &digits) { d in
            repeat {
                d[19 - count] = UInt8(ascii: "0") + UInt8(v % 10)
                v /= 10
                count += 1
            } while v > 0
            bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: d[(20 - count)...]))
        }
    }

    /// `{...}`: `body` writes the members with `key` and a value each.
    mutating func object(_ body: (inout JSONOut) -> Void) {
        let outer = first
        first = true
        bytes.append(UInt8(ascii: "{"))
        body(&self)
        bytes.append(UInt8(ascii: "}"))
        first = outer
    }

    /// `[...]`: `body` writes the elements, each after `item()`.
    mutating func array(_ body: (inout JSONOut) -> Void) {
        let outer = first
        first = true
        bytes.append(UInt8(ascii: "["))
        body(&self)
        bytes.append(UInt8(ascii: "]"))
        first = outer
    }

    /// `[item, ...]` of strings.
    mutating func strings<S: Sequence<String>>(_ items: S) {
        array { a in
            for s in items {
                a.item()
                a.string(s)
            }
        }
    }

    /// A tree, for the rare parts not written here.
    mutating func value(_ v: JSONValue) { v.write(to: &bytes) }
}

extension JSONRenderer {
    /// `render(_:)`, appended to `out` as bytes.
    public static func render(_ report: StepReport, into out: inout [UInt8]) {
        var w = JSONOut([])
        swap(&w.bytes, &out)
        defer { swap(&w.bytes, &out) }
        w.object { w in
            w.key("type"); w.literalString("step")
            w.key("line"); w.int(report.step.location.line)
            w.key("time_ms"); w.int(report.time)
            switch report.step {
            case .page(let p):
                w.key("step"); w.literalString("page")
                w.key("origin"); w.optional(p.origin?.serialized)
                w.key("top_level"); w.optional(p.topLevel?.serialized)
            case .server(let s):
                w.key("step"); w.literalString("server")
                w.key("origin"); w.string(s.origin.serialized)
                w.key("routes"); w.int(s.routes.count)
                if s.live { w.key("live"); w.bool(true) }
                if s.viaCDN { w.key("via_cdn"); w.bool(true) }
            case .wait(let wait):
                w.key("step"); w.literalString("wait")
                w.key("duration_ms"); w.int(wait.milliseconds)
            case .restart:
                w.key("step"); w.literalString("restart")
            case .note(let n):
                w.key("step"); w.literalString("note")
                w.key("text"); w.string(n.text)
            case .cookie(let c):
                w.key("step"); w.literalString("cookie")
                w.key("text"); w.string(c.text)
                w.key("results")
                w.object { w in
                    for r in report.cookieResults {
                        w.key(string: r.profileID)
                        w.value(cookieStepResult(r.result))
                    }
                }
            case .fetch(let f):
                w.key("step"); w.literalString("fetch")
                w.key("method"); w.string(f.method)
                w.key("url"); w.string(f.url.serialized())
                w.key("results")
                w.object { w in
                    for o in report.outcomes {
                        w.key(string: o.profileID)
                        outcome(o, &w)
                    }
                }
                w.key("expectations")
                w.array { w in
                    for c in report.checks {
                        w.item()
                        check(c, &w)
                    }
                }
            }
        }
        w.bytes.append(UInt8(ascii: "\n"))
    }

    static func check(_ c: ExpectationResult, _ w: inout JSONOut) {
        w.object { w in
            w.key("line"); w.int(c.expectation.location.line)
            w.key("browser"); w.string(c.profileID)
            w.key("expected"); w.string(c.expectation.text)
            w.key("actual"); w.string(c.actual)
            w.key("passed"); w.bool(c.passed)
        }
    }

    static func outcome(_ o: FetchOutcome, _ w: inout JSONOut) {
        w.object { w in
            w.key("verdict"); w.string(o.verdict.rawValue)
            w.key("reason"); w.optional(o.failure?.reason.rawValue)
            w.key("failure_phase"); w.optional(o.failure?.phase.rawValue)
            w.key("failure_value"); w.optional(o.failure?.value)
            w.key("preflight"); w.string(o.preflight.rawValue)
            w.key("request_sent"); w.bool(o.requestSent)
            w.key("origin_sent"); w.optional(o.lastOrigin)
            w.key("simple"); w.bool(o.classification.isSimple)
            w.key("preflight_reasons"); w.strings(o.classification.preflightReasons.lazy.map(Describe.preflightReason))
            w.key("response")
            if let r = o.response {
                w.object { w in
                    w.key("type"); w.string(r.type.rawValue)
                    w.key("status"); w.int(r.status)
                    w.key("status_text"); w.string(r.statusText)
                    w.key("url"); w.string(r.url)
                    w.key("redirected"); w.bool(r.redirected)
                    w.key("body"); w.string(r.body)
                    w.key("headers")
                    w.array { w in
                        for h in r.headers {
                            w.item()
                            w.array { w in
                                w.item(); w.string(h.name.lowercased())
                                w.item(); w.string(h.value)
                            }
                        }
                    }
                }
            } else {
                w.null()
            }
            w.key("script_error"); w.optional(o.scriptError)
            w.key("console")
            w.array { w in
                for line in o.console {
                    w.item()
                    w.object { w in
                        w.key("level"); w.string(line.level.rawValue)
                        w.key("text"); w.string(line.text)
                    }
                }
            }
            w.key("events")
            w.array { w in
                for e in o.events {
                    w.item()
                    event(e, &w)
                }
            }
        }
    }

    static func headerPairs(_ headers: HeaderList, _ w: inout JSONOut) {
        w.array { w in
            for h in headers {
                w.item()
                w.array { w in
                    w.item(); w.string(h.name)
                    w.item(); w.string(h.value)
                }
            }
        }
    }

    static func wire(_ r: WireRequest, _ w: inout JSONOut) {
        w.object { w in
            w.key("method"); w.string(r.method)
            w.key("url"); w.string(r.url.serialized())
            w.key("credentialed"); w.bool(r.credentialed)
            w.key("headers"); headerPairs(r.headers, &w)
        }
    }

    static func response(_ r: WireResponse, _ w: inout JSONOut) {
        w.object { w in
            w.key("status"); w.int(r.status)
            w.key("headers"); headerPairs(r.headers, &w)
        }
    }

    static func event(_ e: FetchEvent, _ w: inout JSONOut) {
        switch e {
        case .requestSent(let r):
            w.object { w in
                w.key("event"); w.literalString("request-sent")
                w.key("request"); wire(r, &w)
            }
        case .response(let r):
            w.object { w in
                w.key("event"); w.literalString("response")
                w.key("response"); response(r, &w)
            }
        case .preflightSent(let r):
            w.object { w in
                w.key("event"); w.literalString("preflight-sent")
                w.key("request"); wire(r, &w)
            }
        case .preflightResponse(let r):
            w.object { w in
                w.key("event"); w.literalString("preflight-response")
                w.key("response"); response(r, &w)
            }
        case .preflightPassed(let auth):
            w.object { w in
                w.key("event"); w.literalString("preflight-passed")
                w.key("authorization_by_wildcard"); w.bool(auth)
            }
        case let .cacheLookup(url, result):
            w.object { w in
                switch result {
                case .hit(let expires):
                    w.key("event"); w.literalString("cache-hit")
                    w.key("url"); w.string(url.serialized())
                    w.key("expires_ms"); w.int(expires)
                case let .miss(miss, erased):
                    w.key("event"); w.literalString("cache-miss")
                    w.key("url"); w.string(url.serialized())
                    w.key("why"); w.string(missCode(miss))
                    w.key("erased"); w.bool(erased)
                }
            }
        case let .cacheStore(_, decision, result):
            w.object { w in
                w.key("event"); w.literalString("cache-store")
                switch decision {
                case let .cache(seconds, asked, capped, defaulted):
                    for (name, value) in maxAgeAsked(asked) { w.key(string: name); w.value(value) }
                    w.key("max_age_seconds"); w.int(seconds)
                    w.key("capped"); w.bool(capped)
                    w.key("defaulted"); w.bool(defaulted)
                case .doNotCache(let asked):
                    for (name, value) in maxAgeAsked(asked) { w.key(string: name); w.value(value) }
                    w.key("max_age_seconds"); w.null()
                }
                switch result {
                case let .stored(expires, replaced, merged, evicted):
                    w.key("stored"); w.bool(true)
                    w.key("expires_ms"); w.int(expires)
                    w.key("replaced"); w.bool(replaced)
                    w.key("merged"); w.bool(merged)
                    w.key("evicted"); w.int(evicted.count)
                case .notStored(let why):
                    w.key("stored"); w.bool(false)
                    w.key("why"); w.string(notStoredCode(why))
                }
            }
        case .failed(let f):
            w.object { w in
                w.key("event"); w.literalString("failed")
                w.key("reason"); w.string(f.reason.rawValue)
                w.key("phase"); w.string(f.phase.rawValue)
                w.key("value"); w.optional(f.value)
            }
        case .redirected(let r):
            w.object { w in
                w.key("event"); w.literalString("redirect")
                w.key("status"); w.int(r.status)
                w.key("to"); w.string(r.to.serialized())
                w.key("new_method"); w.optional(r.newMethod)
                w.key("taints_origin"); w.bool(r.taintsOrigin)
                w.key("removed_authorization"); w.bool(r.removedAuthorization)
            }
        case .httpCache(let h):
            httpCache(h, &w)
        default:
            // Events a trace shows rarely (rejections, cache modes, cleared entries, cookies,
            // refused connections): the tree form.
            w.value(event(e))
        }
    }

    static func httpCache(_ e: HTTPCacheEvent, _ w: inout JSONOut) {
        switch e {
        case let .hit(u, age, life, mode):
            w.object { w in
                w.key("event"); w.literalString("http-cache")
                w.key("decision"); w.literalString("fresh-hit")
                w.key("url"); w.string(u.serialized())
                w.key("age_s"); w.int(age)
                w.key("lifetime_s"); w.int(life)
                w.key("cache_mode"); w.string(mode.rawValue)
            }
        case let .stored(u, life, source, partition):
            w.object { w in
                w.key("event"); w.literalString("http-cache")
                w.key("decision"); w.literalString("stored")
                w.key("url"); w.string(u.serialized())
                w.key("lifetime_s"); w.int(life)
                w.key("freshness_from"); w.string(source.rawValue)
                w.key("partition"); w.string(partition)
            }
        default:
            w.value(httpCache(e))
        }
    }
}
