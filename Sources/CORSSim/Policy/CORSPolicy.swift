/// A CORS policy: what a server's CORS middleware answers, as a pure function of the request
/// (and, for an actual request, of the response the app behind it produced). The scenario `cors`
/// block and `CORSPolicyServer` both use it.
///
/// A `preset` reproduces one real middleware's algorithm, modelled from its source (cited on each
/// preset below); the other fields are that middleware's configuration options, nil meaning the
/// middleware's own default. `custom` is a plain, configurable policy.
///
/// ```swift
/// let policy = CORSPolicy(.express, origins: .list(["https://app.example"]), credentials: true)
/// let server = CORSPolicyServer(policy, origin: api) { request in WireResponse(status: 200, body: "ok") }
/// ```
public struct CORSPolicy: Sendable, Hashable {

    /// Which middleware's algorithm answers.
    public enum Preset: String, Sendable, Hashable, CaseIterable {
        /// A plain policy: the configured headers; a preflight (OPTIONS with
        /// Access-Control-Request-Method) is answered with `preflightStatus` without the app.
        case custom
        /// expressjs/cors 2.8.5, lib/index.js.
        case express
        /// adamchainz/django-cors-headers 3.14.0, src/corsheaders/middleware.py.
        case django
        /// Spring Framework 4.3.30's DefaultCorsProcessor with a CorsRegistry mapping.
        case spring
        /// rs/cors v1.7.0, cors.go (`cors.New(options).Handler(app)`).
        case goRsCors = "go-rs-cors"
        /// A hand-written Go net/http handler: every header on every response, every OPTIONS
        /// answered before the app.
        case goHandler = "go-handler"
        /// nginx `add_header` (without `always`): headers only on 200, 201, 204, 206, 301, 302,
        /// 303, 304, 307 and 308 responses; OPTIONS answered with `return 204` and its own set.
        case nginx
        /// nginx `add_header ... always`: the same headers on every status.
        case nginxAlways = "nginx-always"
        /// corydolphin/flask-cors 6.0.1 and 6.0.2 (the same core.py), `CORS(app, ...)`.
        case flask
        /// Vapor 4.122.3 `CORSMiddleware` (https://github.com/vapor/vapor/blob/4.122.3/Sources/Vapor/Middleware/CORSMiddleware.swift).
        case vapor
        /// Hummingbird 2.28.1 `CORSMiddleware` (https://github.com/hummingbird-project/hummingbird/blob/2.28.1/Sources/Hummingbird/Middleware/CORSMiddleware.swift).
        case hummingbird
    }

    /// Which origins are allowed (besides `originPatterns`).
    public enum Origins: Sendable, Hashable {
        /// Every origin: `*` (what each middleware makes of it: flask-cors echoes the origin).
        case any
        /// Whatever the request's `Origin` is, echoed back (express `origin: true`, Vapor
        /// `.originBased`).
        case reflect
        /// These origins (serialized, `null` allowed), compared as the middleware compares them.
        case list([String])
        /// Always this value, whatever the request (express `origin: 'https://a'`, Vapor `.custom`).
        case fixed(String)
    }

    /// `Access-Control-Allow-Headers`.
    public enum AllowedHeaders: Sendable, Hashable {
        case list([String])
        /// Echo the preflight's `Access-Control-Request-Headers`.
        case reflect
        /// `*` (as the middleware treats it: rs/cors and flask-cors echo what was asked).
        case any
    }

    /// `Access-Control-Max-Age`.
    public enum MaxAge: Sendable, Hashable {
        case omitted
        case seconds(Int)
    }

    /// When `Vary: Origin` is sent (presets that let it be configured).
    public enum VaryMode: String, Sendable, Hashable, CaseIterable {
        /// When the allowed origin depends on the request's Origin.
        case auto
        /// On every response the policy touches.
        case origin
        /// Never (the bug lesson 26 shows).
        case none
    }

    public var preset: Preset
    public var origins: Origins?
    /// Origin patterns in the middleware's own language: regular expressions for express
    /// (`RegExp.test`, searched), django-cors-headers and flask-cors (`re.match`, anchored at the
    /// start), `custom` (searched); one-`*` wildcards for rs/cors and Spring's
    /// `allowedOriginPatterns`.
    public var originPatterns: [String]
    public var credentials: Bool?
    public var methods: [String]?
    public var allowedHeaders: AllowedHeaders?
    public var exposedHeaders: [String]?
    public var maxAge: MaxAge?
    public var vary: VaryMode?
    /// The status of a preflight the middleware answers itself.
    public var preflightStatus: Int?
    /// Whether error responses (4xx/5xx from the app) carry the CORS headers. Vapor: false when
    /// the middleware was added after the ErrorMiddleware (`app.middleware.use(cors)`), true at
    /// `.beginning`.
    public var errorsCarryCORS: Bool?
    /// Whether the middleware sees only requests no route answers (method and path): Hummingbird's
    /// `router.add(middleware:)` after the routes applies to no endpoint added before it, only to
    /// the router's not-found responder, which every middleware wraps (Router.swift
    /// `buildResponder`, 2.28.1). A preflight then passes, and the actual response has no CORS.
    public var unroutedOnly: Bool?

    /// How much of the app's routing a preset needs to know.
    public enum RouteMatch: Sendable, Hashable {
        /// Some route has the request's path (any method).
        case path
        /// Some route has the request's path and method.
        case pathAndMethod
    }

    public init(_ preset: Preset = .custom, origins: Origins? = nil, originPatterns: [String] = [], credentials: Bool? = nil,
                methods: [String]? = nil, allowedHeaders: AllowedHeaders? = nil, exposedHeaders: [String]? = nil,
                maxAge: MaxAge? = nil, vary: VaryMode? = nil, preflightStatus: Int? = nil, errorsCarryCORS: Bool? = nil,
                unroutedOnly: Bool? = nil) {
        self.preset = preset
        self.origins = origins
        self.originPatterns = originPatterns
        self.credentials = credentials
        self.methods = methods
        self.allowedHeaders = allowedHeaders
        self.exposedHeaders = exposedHeaders
        self.maxAge = maxAge
        self.vary = vary
        self.preflightStatus = preflightStatus
        self.errorsCarryCORS = errorsCarryCORS
        self.unroutedOnly = unroutedOnly
    }

    /// The policy as the scenario writes it, settings joined by `; `: `express; origins
    /// https://app.example; credentials true`.
    public var summary: String {
        var parts = [preset.rawValue]
        switch origins {
        case .any?: parts.append("origins *")
        case .reflect?: parts.append("origins reflect")
        case .fixed(let v)?: parts.append("origins fixed \(v)")
        case .list(let l)? where !l.isEmpty: parts.append("origins " + l.joined(separator: " "))
        default: break
        }
        if !originPatterns.isEmpty { parts.append("origin-patterns " + originPatterns.joined(separator: " ")) }
        if let c = credentials { parts.append("credentials \(c)") }
        if let m = methods { parts.append("methods " + m.joined(separator: " ")) }
        switch allowedHeaders {
        case .list(let l)?: parts.append("allow-headers " + l.joined(separator: " "))
        case .reflect?: parts.append("allow-headers reflect")
        case .any?: parts.append("allow-headers *")
        case nil: break
        }
        if let e = exposedHeaders { parts.append("expose-headers " + e.joined(separator: " ")) }
        switch maxAge {
        case .seconds(let s)?: parts.append("max-age \(s)")
        case .omitted?: parts.append("max-age none")
        case nil: break
        }
        if let v = vary { parts.append("vary \(v.rawValue)") }
        if let p = preflightStatus { parts.append("preflight-status \(p)") }
        if let e = errorsCarryCORS { parts.append("errors \(e ? "cors" : "plain")") }
        if let u = unroutedOnly { parts.append("scope \(u ? "unrouted" : "all")") }
        return parts.joined(separator: "; ")
    }

    // MARK: What each preset can be told

    /// A setting of the scenario's `cors` block.
    public enum Setting: String, Sendable, Hashable, CaseIterable {
        case origins, originPatterns = "origin-patterns", credentials, methods, allowHeaders = "allow-headers"
        case exposeHeaders = "expose-headers", maxAge = "max-age", vary, preflightStatus = "preflight-status", errors, scope
    }

    /// The settings this preset's middleware has an option for; the parser refuses the others.
    public var supportedSettings: Set<Setting> {
        let common: Set<Setting> = [.origins, .credentials, .methods, .allowHeaders, .exposeHeaders, .maxAge]
        switch preset {
        case .custom, .goHandler: return common.union([.originPatterns, .vary, .preflightStatus, .errors])
        case .nginx, .nginxAlways: return common.union([.originPatterns, .vary, .preflightStatus])
        case .express: return common.union([.originPatterns, .preflightStatus])
        case .django, .spring, .goRsCors: return common.union([.originPatterns])
        case .flask: return common.union([.originPatterns, .vary])
        case .vapor: return common.union([.errors])
        case .hummingbird: return common.union([.scope])
        }
    }

    /// Why this configuration cannot be written for the preset's middleware, or nil.
    public var problem: String? {
        switch (preset, origins) {
        case (.django, .reflect?), (.django, .fixed?), (.goRsCors, .reflect?), (.goRsCors, .fixed?),
             (.spring, .reflect?), (.spring, .fixed?), (.flask, .reflect?), (.flask, .fixed?):
            return "\(preset.rawValue) has no option for that origins value (use a list, patterns or *)"
        default: break
        }
        if vary == CORSPolicy.VaryMode.none || vary == .origin, preset == .flask {
            return "flask-cors' vary_header is true or false: write 'vary auto' or 'vary none'"
        }
        for pattern in originPatterns where usesRegularExpressions {
            if let problem = OriginPattern.problem(in: pattern) { return "'\(pattern)' is not a regular expression: \(problem)" }
        }
        if preset == .goRsCors, let bad = originPatterns.first(where: { $0.utf8.filter { $0 == UInt8(ascii: "*") }.count != 1 }) {
            return "rs/cors wildcards have exactly one '*', found '\(bad)'"
        }
        return nil
    }

    /// Whether `originPatterns` are regular expressions (else one-`*` wildcards).
    public var usesRegularExpressions: Bool {
        switch preset {
        case .goRsCors, .spring: return false
        default: return true
        }
    }

    // MARK: The exchange

    /// The whole exchange through the middleware: a preflight it answers itself, or the app's
    /// answer with the middleware's headers.
    /// `routed` says whether the app has a route for the request (Spring runs CORS only for a
    /// mapped path; `unroutedOnly` only for requests no route answers; the rest ignore it).
    public func respond(to request: WireRequest, routed: (WireRequest, RouteMatch) -> Bool = { _, _ in true },
                        app: (WireRequest) -> ServerReply) -> ServerReply {
        if preset == .spring && !routed(request, .path) { return app(request) }
        if unroutedOnly == true && routed(request, .pathAndMethod) { return app(request) }
        if let answer = answerWithoutApp(request) { return .response(answer) }
        guard case .response(let response) = app(request) else { return .unreachable }
        return .response(decorate(response, for: request))
    }

    /// `respond(to:app:)` with an asynchronous app.
    public func respond(to request: WireRequest, routed: (WireRequest, RouteMatch) -> Bool = { _, _ in true },
                        app: (WireRequest) async -> ServerReply) async -> ServerReply {
        if preset == .spring && !routed(request, .path) { return await app(request) }
        if unroutedOnly == true && routed(request, .pathAndMethod) { return await app(request) }
        if let answer = answerWithoutApp(request) { return .response(answer) }
        guard case .response(let response) = await app(request) else { return .unreachable }
        return .response(decorate(response, for: request))
    }

    /// The response the middleware sends without calling the app (a preflight it answers, a
    /// request it rejects), or nil when the app answers.
    public func answerWithoutApp(_ request: WireRequest) -> WireResponse? {
        let r = CORSRequestFacts(request)
        switch preset {
        case .custom:
            guard r.isPreflight else { return nil }
            return WireResponse(status: preflightStatus ?? 204, headers: HeaderList(customHeaders(r, preflight: true)))
        case .goHandler:
            guard r.method == "OPTIONS" else { return nil }
            return WireResponse(status: preflightStatus ?? 204, headers: HeaderList(goSorted(customHeaders(r, preflight: true))))
        case .nginx, .nginxAlways:
            // `if ($request_method = 'OPTIONS') { add_header ...; return 204; }`: 204 is on the
            // add_header status list, so these headers go with or without `always`.
            guard r.method == "OPTIONS" else { return nil }
            return WireResponse(status: preflightStatus ?? 204, headers: HeaderList(customHeaders(r, preflight: true)))
        case .express:
            guard r.method.byteUppercased() == "OPTIONS" else { return nil }
            var headers = ExpressHeaders()
            expressPreflight(r, &headers)
            return WireResponse(status: preflightStatus ?? 204, headers: HeaderList(headers.lines + [Header("Content-Length", "0")]))
        case .django:
            guard r.method == "OPTIONS", r.hasRequestMethod else { return nil }
            return decorate(WireResponse(status: 200, statusText: "OK", headers: [("Content-Length", "0")]), for: request)
        case .spring:
            return springAnswer(r)
        case .goRsCors:
            guard r.method == "OPTIONS", let method = r.requestMethod, !method.isEmpty else { return nil }
            return WireResponse(status: 200, statusText: "OK", headers: HeaderList(goSorted(rsCorsPreflight(r, requestMethod: method))))
        case .flask:
            return nil
        case .vapor:
            guard r.origin != nil, r.method == "OPTIONS", r.hasRequestMethod else { return nil }
            return WireResponse(status: 200, statusText: "OK", headers: HeaderList(vaporHeaders(r)))
        case .hummingbird:
            guard r.origin != nil, r.method == "OPTIONS" else { return nil }
            return WireResponse(status: 204, statusText: "No Content", headers: HeaderList(hummingbirdPreflight(r)))
        }
    }

    /// The app's response as the middleware passes it on: its CORS headers added (or not).
    public func decorate(_ response: WireResponse, for request: WireRequest) -> WireResponse {
        let r = CORSRequestFacts(request)
        var out = response
        let isError = response.status >= 400
        switch preset {
        case .custom:
            if isError && !(errorsCarryCORS ?? true) { return response }
            out.headers = HeaderList(response.headers.headers + customHeaders(r, preflight: false))
        case .goHandler:
            if isError && !(errorsCarryCORS ?? true) { return response }
            out.headers = HeaderList(goSorted(response.headers.headers + customHeaders(r, preflight: false)))
        case .nginx:
            // add_header without `always` (ngx_http_headers_filter_module.c): only these statuses.
            guard [200, 201, 204, 206, 301, 302, 303, 304, 307, 308].contains(response.status) else { return response }
            out.headers = HeaderList(response.headers.headers + customHeaders(r, preflight: false))
        case .nginxAlways:
            out.headers = HeaderList(response.headers.headers + customHeaders(r, preflight: false))
        case .express:
            // The headers are set before next(): they come first, and stay on every status.
            var headers = ExpressHeaders()
            expressActual(r, &headers)
            out.headers = HeaderList(headers.lines + response.headers.headers)
        case .django:
            out.headers = HeaderList(djangoResponseHeaders(r, existing: response.headers.headers))
        case .spring:
            out.headers = HeaderList(response.headers.headers + (springHeaders(r, preflight: false) ?? []))
        case .goRsCors:
            out.headers = HeaderList(goSorted(response.headers.headers + rsCorsActual(r)))
        case .flask:
            out.headers = HeaderList(response.headers.headers + flaskHeaders(r))
        case .vapor:
            guard r.origin != nil else { return response }
            // Added after the ErrorMiddleware (the default `use`), a thrown error never passes
            // through the middleware's map: the error response has no CORS headers.
            // SIMULATION: every app status >= 400 counts as a thrown error (Abort); an app
            // returning a 4xx Response value would keep the headers.
            if isError && !(errorsCarryCORS ?? false) { return response }
            out.headers = HeaderList(vaporReplaceOrAdd(response.headers.headers, vaporHeaders(r)))
        case .hummingbird:
            guard r.origin != nil else { return response }
            out.headers = HeaderList(hummingbirdActual(r, existing: response.headers.headers))
        }
        return out
    }
}

/// What the middlewares read from a request.
struct CORSRequestFacts {
    let request: WireRequest
    let method: String
    let origin: String?
    let requestMethod: String?
    let requestHeaders: String?

    init(_ request: WireRequest) {
        self.request = request
        method = request.method
        origin = request.headers.value(lowercased: "origin")
        requestMethod = request.headers.value(lowercased: "access-control-request-method")
        requestHeaders = request.headers.value(lowercased: "access-control-request-headers")
    }

    var hasRequestMethod: Bool { requestMethod != nil }
    /// OPTIONS with an Access-Control-Request-Method: the Fetch standard's CORS-preflight shape.
    var isPreflight: Bool { method == "OPTIONS" && requestMethod != nil }
}

// MARK: - custom, go-handler, nginx

extension CORSPolicy {
    /// The allowed-origin value of the plain policies, nil when none is sent.
    func plainAllowOrigin(_ r: CORSRequestFacts) -> String? {
        switch origins ?? .any {
        case .any: return "*"
        case .fixed(let value): return value
        case .reflect: return r.origin
        case .list(let list):
            guard let origin = r.origin else { return nil }
            if list.contains(origin) { return origin }
            // nginx `if ($http_origin ~* "...")`: a case-insensitive search.
            let nginx = preset == .nginx || preset == .nginxAlways
            return originPatterns.contains { OriginPattern.matches($0, origin, anchoring: .search, ignoringCase: nginx) } ? origin : nil
        }
    }

    var originDependent: Bool {
        switch origins ?? .any {
        case .any, .fixed: return false
        case .reflect, .list: return true
        }
    }

    /// The plain policies' headers. `custom` sends the preflight set on preflights and the actual
    /// set otherwise, and nothing but Vary to an origin it does not allow; nginx's `add_header`
    /// (one set in the `if ($request_method = OPTIONS)` block, one for the rest) sends every
    /// configured header, Allow-Origin left out when its value is empty; a hand-written Go
    /// handler sets every header on every response, all inside its `if origin == ...`.
    func customHeaders(_ r: CORSRequestFacts, preflight: Bool) -> [Header] {
        let everything = preset == .goHandler
        var out: [Header] = []
        let allow = plainAllowOrigin(r)
        let defaultVary: VaryMode = preset == .custom ? .auto : .none
        var varyLines: [Header] = []
        switch vary ?? defaultVary {
        case .origin: varyLines = [Header("Vary", "Origin")]
        case .auto: if originDependent { varyLines = [Header("Vary", "Origin")] }
        case .none: break
        }
        if allow == nil && preset != .nginx && preset != .nginxAlways { return varyLines }
        if let allow { out.append(Header("Access-Control-Allow-Origin", allow)) }
        if credentials ?? false { out.append(Header("Access-Control-Allow-Credentials", "true")) }
        if preflight || everything {
            let methods = self.methods ?? (preset == .custom ? ["GET", "HEAD", "POST"] : ["GET", "POST", "PUT", "DELETE", "OPTIONS"])
            out.append(Header("Access-Control-Allow-Methods", methods.joined(separator: ", ")))
            switch allowedHeaders ?? (preset == .custom ? .list([]) : .list(["Content-Type", "Authorization"])) {
            case .list(let names): if !names.isEmpty { out.append(Header("Access-Control-Allow-Headers", names.joined(separator: ", "))) }
            case .any: out.append(Header("Access-Control-Allow-Headers", "*"))
            case .reflect:
                if let asked = r.requestHeaders, !asked.isEmpty { out.append(Header("Access-Control-Allow-Headers", asked)) }
            }
        }
        if !preflight || everything, let exposed = exposedHeaders, !exposed.isEmpty {
            out.append(Header("Access-Control-Expose-Headers", exposed.joined(separator: ", ")))
        }
        if preflight || everything, case .seconds(let s)? = maxAge { out.append(Header("Access-Control-Max-Age", String(s))) }
        return out + varyLines
    }

    /// Go's net/http writes header fields sorted by name (`Header.Write` → `sortedKeyValues`,
    /// https://github.com/golang/go/blob/master/src/net/http/header.go), lines of one name in the
    /// order they were added.
    func goSorted(_ headers: [Header]) -> [Header] {
        headers.enumerated().sorted { a, b in
            let ka = Self.canonicalGoKey(a.element.name), kb = Self.canonicalGoKey(b.element.name)
            return ka == kb ? a.offset < b.offset : ka.utf8.lexicographicallyPrecedes(kb.utf8)
        }.map(\.element)
    }

    /// `http.CanonicalHeaderKey`: upper case after the start and after each `-`.
    static func canonicalGoKey(_ name: String) -> String {
        var upper = true
        var out: [UInt8] = []
        for byte in name.utf8 {
            var b = byte
            if upper, b >= UInt8(ascii: "a"), b <= UInt8(ascii: "z") { b -= 32 }
            if !upper, b >= UInt8(ascii: "A"), b <= UInt8(ascii: "Z") { b += 32 }
            out.append(b)
            upper = byte == UInt8(ascii: "-")
        }
        return String(decoding: out, as: UTF8.self)
    }
}

// MARK: - express cors 2.8.5

/// Node's `res.setHeader` keeps one field per name at the place it was first set; the `vary`
/// package appends to the one `Vary` field.
struct ExpressHeaders {
    var lines: [Header] = []

    mutating func set(_ name: String, _ value: String) {
        let lower = name.byteLowercased()
        if let i = lines.firstIndex(where: { $0.lowercasedName == lower }) { lines[i] = Header(name, value) } else { lines.append(Header(name, value)) }
    }

    /// The `vary` package (jshttp/vary 1.1.2 index.js `append`, https://github.com/jshttp/vary/blob/v1.1.2/index.js): adds each field name not already
    /// listed (case-insensitively); a `*` stays `*`.
    mutating func vary(_ field: String) {
        guard let i = lines.firstIndex(where: { $0.lowercasedName == "vary" }) else {
            lines.append(Header("Vary", field))
            return
        }
        let current = lines[i].value
        if current == "*" { return }
        let names = current.split(separator: ",").map { $0.trimmingHTTPSpaces().byteLowercased() }
        if names.contains(field.byteLowercased()) { return }
        lines[i] = Header("Vary", current.isEmpty ? field : current + ", " + field)
    }
}

extension Substring {
    func trimmingHTTPSpaces() -> String {
        var s = self[...]
        while let f = s.first, f == " " || f == "\t" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\t" { s = s.dropLast() }
        return String(s)
    }
}

extension CORSPolicy {
    // expressjs/cors v2.8.5 lib/index.js (https://github.com/expressjs/cors/blob/v2.8.5/lib/index.js):
    // configureOrigin, configureCredentials, configureMethods, configureAllowedHeaders,
    // configureMaxAge, configureExposedHeaders, in that order on an OPTIONS request; origin,
    // credentials and exposed headers on any other. Defaults: origin '*', methods
    // 'GET,HEAD,PUT,PATCH,POST,DELETE', optionsSuccessStatus 204; allowedHeaders unset reflects
    // Access-Control-Request-Headers and adds Vary: Access-Control-Request-Headers.

    func expressOrigin(_ r: CORSRequestFacts, _ h: inout ExpressHeaders) {
        switch origins ?? .any {
        case .any:
            h.set("Access-Control-Allow-Origin", "*")
        case .fixed(let value):
            h.set("Access-Control-Allow-Origin", value)
            h.vary("Origin")
        case .reflect:
            // isOriginAllowed(origin, true) is true: the request's origin, if it has one.
            if let origin = r.origin, !origin.isEmpty { h.set("Access-Control-Allow-Origin", origin) }
            h.vary("Origin")
        case .list(let list):
            // Strings compare with ===, RegExps with .test(origin) (a search).
            let origin = r.origin
            let allowed = origin.map { o in list.contains(o) || originPatterns.contains { OriginPattern.matches($0, o, anchoring: .search) } } ?? false
            if allowed, let origin, !origin.isEmpty { h.set("Access-Control-Allow-Origin", origin) }
            h.vary("Origin")
        }
    }

    func expressExposed(_ h: inout ExpressHeaders) {
        if let exposed = exposedHeaders, !exposed.isEmpty { h.set("Access-Control-Expose-Headers", exposed.joined(separator: ",")) }
    }

    func expressPreflight(_ r: CORSRequestFacts, _ h: inout ExpressHeaders) {
        expressOrigin(r, &h)
        if credentials ?? false { h.set("Access-Control-Allow-Credentials", "true") }
        h.set("Access-Control-Allow-Methods", (methods ?? ["GET", "HEAD", "PUT", "PATCH", "POST", "DELETE"]).joined(separator: ","))
        switch allowedHeaders ?? .reflect {
        case .reflect:
            h.vary("Access-Control-Request-Headers")
            if let asked = r.requestHeaders, !asked.isEmpty { h.set("Access-Control-Allow-Headers", asked) }
        case .any: h.set("Access-Control-Allow-Headers", "*")
        case .list(let names): if !names.isEmpty { h.set("Access-Control-Allow-Headers", names.joined(separator: ",")) }
        }
        if case .seconds(let s)? = maxAge { h.set("Access-Control-Max-Age", String(s)) }
        expressExposed(&h)
    }

    func expressActual(_ r: CORSRequestFacts, _ h: inout ExpressHeaders) {
        expressOrigin(r, &h)
        if credentials ?? false { h.set("Access-Control-Allow-Credentials", "true") }
        expressExposed(&h)
    }
}

// MARK: - django-cors-headers 3.14.0

extension CORSPolicy {
    // adamchainz/django-cors-headers 3.14.0 src/corsheaders/middleware.py
    // (https://github.com/adamchainz/django-cors-headers/blob/3.14.0/src/corsheaders/middleware.py):
    // process_request answers OPTIONS with Access-Control-Request-Method with an empty 200;
    // process_response (on that answer and on every app response, errors included) patches
    // Vary: Origin, then, for a request with an Origin: Allow-Credentials when configured (even
    // for an origin it then refuses), and for an allowed origin Allow-Origin, Expose-Headers, and
    // on OPTIONS Allow-Headers, Allow-Methods and Max-Age. Defaults (defaults.py, conf.py):
    // headers accept, accept-encoding, authorization, content-type, dnt, origin, user-agent,
    // x-csrftoken, x-requested-with; methods DELETE GET OPTIONS PATCH POST PUT; max age 86400.

    func djangoAllows(_ origin: String) -> Bool {
        switch origins ?? .list([]) {
        case .any: return true
        case .reflect, .fixed: return false
        case .list(let list):
            // origin == "null" and in the list; else scheme and netloc of urlsplit compared.
            if origin == "null" && list.contains("null") { return true }
            if let parts = Self.schemeAndNetloc(origin),
               list.contains(where: { item in
                   guard item != "null", let p = Self.schemeAndNetloc(item) else { return false }
                   return p.0 == parts.0 && p.1 == parts.1
               }) { return true }
            return originPatterns.contains { OriginPattern.matches($0, origin, anchoring: .start) }
        }
    }

    /// Python's urlsplit: the scheme lower-cased, the netloc as written.
    static func schemeAndNetloc(_ url: String) -> (String, String)? {
        guard let colon = url.firstIndex(of: ":") else { return nil }
        let scheme = url[..<colon].lowercased()
        let rest = url[url.index(after: colon)...]
        guard rest.hasPrefix("//") else { return (scheme, "") }
        let netloc = rest.dropFirst(2).prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        return (scheme, String(netloc))
    }

    func djangoResponseHeaders(_ r: CORSRequestFacts, existing: [Header]) -> [Header] {
        var out = existing
        // patch_vary_headers(response, ("Origin",)): added to the Vary list unless present.
        if let i = out.firstIndex(where: { $0.lowercasedName == "vary" }) {
            let names = out[i].value.split(separator: ",").map { $0.trimmingHTTPSpaces().byteLowercased() }
            if !names.contains("origin") && !names.contains("*") { out[i] = Header("Vary", out[i].value + ", Origin") }
        } else {
            out.append(Header("Vary", "Origin"))
        }
        guard let origin = r.origin, !origin.isEmpty else { return out }
        var fields = DictionaryHeaders(out)
        let creds = credentials ?? false
        if creds { fields.set("Access-Control-Allow-Credentials", "true") }
        guard djangoAllows(origin) else { return fields.lines }
        let all = origins == .any
        fields.set("Access-Control-Allow-Origin", all && !creds ? "*" : origin)
        if let exposed = exposedHeaders, !exposed.isEmpty { fields.set("Access-Control-Expose-Headers", exposed.joined(separator: ", ")) }
        if r.method == "OPTIONS" {
            let headers: [String]
            switch allowedHeaders ?? .list(["accept", "accept-encoding", "authorization", "content-type", "dnt", "origin",
                                            "user-agent", "x-csrftoken", "x-requested-with"]) {
            case .list(let l): headers = l
            case .any: headers = ["*"]
            case .reflect: headers = r.requestHeaders.map { [$0] } ?? []
            }
            fields.set("Access-Control-Allow-Headers", headers.joined(separator: ", "))
            fields.set("Access-Control-Allow-Methods", (methods ?? ["DELETE", "GET", "OPTIONS", "PATCH", "POST", "PUT"]).joined(separator: ", "))
            switch maxAge ?? .seconds(86400) {
            case .seconds(let s) where s != 0: fields.set("Access-Control-Max-Age", String(s))
            default: break
            }
        }
        return fields.lines
    }
}

/// A header store where setting a name replaces its value in place (Django's `response[name] =`,
/// Java's `HttpHeaders.set`, Vapor's `replaceOrAdd`, Go's `Header.Set`).
struct DictionaryHeaders {
    var lines: [Header]
    init(_ lines: [Header] = []) { self.lines = lines }

    mutating func set(_ name: String, _ value: String) {
        let lower = name.byteLowercased()
        if let i = lines.firstIndex(where: { $0.lowercasedName == lower }) {
            lines[i] = Header(name, value)
            lines = lines.enumerated().filter { $0.offset <= i || $0.element.lowercasedName != lower }.map(\.element)
        } else {
            lines.append(Header(name, value))
        }
    }

    mutating func remove(_ name: String) {
        let lower = name.byteLowercased()
        lines.removeAll { $0.lowercasedName == lower }
    }
}

// MARK: - Spring DefaultCorsProcessor

extension CORSPolicy {
    // Spring Framework 4.3.30 DefaultCorsProcessor.java
    // (https://github.com/spring-projects/spring-framework/blob/v4.3.30.RELEASE/spring-web/src/main/java/org/springframework/web/cors/DefaultCorsProcessor.java),
    // checked against the recordings Tests/Middlewares/spring-mvc-default.json and
    // Tests/Middlewares/spring-mvc-allowlist.json. CORS runs only for a path some handler maps
    // (an unmapped path is the app's 404, untouched); a request with an Origin other than its
    // own is checked: an origin (CorsConfiguration.checkOrigin: * answers * unless credentials,
    // else the listed origin, case-insensitively), a method (the Access-Control-Request-Method
    // of a preflight, the request's own otherwise: an OPTIONS that is not a preflight is
    // refused unless OPTIONS is allowed) or a preflight header list (none of the requested
    // headers allowed) the configuration refuses gets 403 "Invalid CORS request" with no header;
    // else Allow-Origin, Vary: Origin, on a preflight Allow-Methods (joined by ",") and
    // Allow-Headers (the requested ones allowed), Expose-Headers, Allow-Credentials, on a
    // preflight Max-Age. CorsRegistry.addMapping defaults (applyPermitDefaultValues): origins *,
    // methods GET HEAD POST, headers *, max age 1800. (Spring 5.3+ adds three Vary lines to
    // every response and refuses * with credentials.)

    func springAllowOrigin(_ origin: String) -> String? {
        let creds = credentials ?? false
        switch origins ?? .any {
        case .any: return creds ? origin : "*"
        case .reflect, .fixed: return nil
        case .list(let list):
            if list.contains("*") { return creds ? origin : "*" }
            if list.contains(where: { $0.byteLowercased() == origin.byteLowercased() }) { return origin }
            // allowedOriginPatterns: `*` is any run of characters, the whole origin must match.
            if originPatterns.contains(where: { Self.wildcardMatches($0, origin, ignoringCase: true, anyStars: true) }) { return origin }
            return nil
        }
    }

    /// The headers for an allowed request, or nil when the processor rejects it (403).
    func springHeaders(_ r: CORSRequestFacts, preflight: Bool) -> [Header]? {
        guard let origin = r.origin, !Self.isSameOrigin(origin, r.request.url.origin) else { return [] }
        guard let allow = springAllowOrigin(origin) else { return nil }
        let allowedMethods = methods ?? ["GET", "HEAD", "POST"]
        let method = preflight ? (r.requestMethod ?? "") : r.method
        let resolved: [String]
        if allowedMethods.contains("*") { resolved = [method] } else {
            guard allowedMethods.contains(method) else { return nil }
            resolved = allowedMethods
        }
        var allowHeaders: [String] = []
        if preflight {
            let asked = (r.requestHeaders ?? "").split(separator: ",").map { $0.trimmingHTTPSpaces() }.filter { !$0.isEmpty }
            if !asked.isEmpty {
                switch allowedHeaders ?? .any {
                case .any, .reflect: allowHeaders = asked
                case .list(let list):
                    if list.contains("*") { allowHeaders = asked } else {
                        allowHeaders = asked.filter { a in list.contains { $0.byteLowercased() == a.byteLowercased() } }
                    }
                }
                if allowHeaders.isEmpty { return nil }
            }
        }
        var out = [Header("Access-Control-Allow-Origin", allow), Header("Vary", "Origin")]
        if preflight { out.append(Header("Access-Control-Allow-Methods", resolved.joined(separator: ","))) }
        if preflight && !allowHeaders.isEmpty { out.append(Header("Access-Control-Allow-Headers", allowHeaders.joined(separator: ", "))) }
        if let exposed = exposedHeaders, !exposed.isEmpty { out.append(Header("Access-Control-Expose-Headers", exposed.joined(separator: ", "))) }
        if credentials ?? false { out.append(Header("Access-Control-Allow-Credentials", "true")) }
        if preflight {
            switch maxAge ?? .seconds(1800) {
            case .seconds(let s): out.append(Header("Access-Control-Max-Age", String(s)))
            case .omitted: break
            }
        }
        return out
    }

    func springAnswer(_ r: CORSRequestFacts) -> WireResponse? {
        let preflight = r.method == "OPTIONS" && r.origin != nil && r.hasRequestMethod
        guard let headers = springHeaders(r, preflight: preflight) else {
            return WireResponse(status: 403, statusText: "Forbidden", body: "Invalid CORS request")
        }
        if preflight { return WireResponse(status: 200, statusText: "OK", headers: HeaderList(headers)) }
        return nil
    }

    static func isSameOrigin(_ origin: String, _ own: Origin) -> Bool { origin == own.serialized }

    /// A wildcard match: `*` stands for any run of characters; rs/cors allows one.
    static func wildcardMatches(_ pattern: String, _ text: String, ignoringCase: Bool, anyStars: Bool) -> Bool {
        let p = Array((ignoringCase ? pattern.byteLowercased() : pattern).utf8)
        let t = Array((ignoringCase ? text.byteLowercased() : text).utf8)
        let pieces = p.split(separator: UInt8(ascii: "*"), omittingEmptySubsequences: false).map(Array.init)
        guard pieces.count > 1 else { return p == t }
        guard t.count >= pieces.reduce(0, { $0 + $1.count }), t.starts(with: pieces[0]), t.reversed().starts(with: pieces[pieces.count - 1].reversed()) else { return false }
        var position = pieces[0].count
        let end = t.count - pieces[pieces.count - 1].count
        for piece in pieces.dropFirst().dropLast() {
            guard let found = Self.find(piece, in: t, from: position, before: end) else { return false }
            position = found + piece.count
        }
        return position <= end
    }

    private static func find(_ needle: [UInt8], in hay: [UInt8], from: Int, before end: Int) -> Int? {
        if needle.isEmpty { return from }
        var i = from
        while i + needle.count <= end {
            if hay[i..<(i + needle.count)].elementsEqual(needle) { return i }
            i += 1
        }
        return nil
    }
}

// MARK: - rs/cors v1.7.0

extension CORSPolicy {
    // rs/cors v1.7.0 cors.go (https://github.com/rs/cors/blob/v1.7.0/cors.go): Handler answers
    // OPTIONS with a non-empty Access-Control-Request-Method itself (200) after handlePreflight,
    // which always adds Vary: Origin, Vary: Access-Control-Request-Method, Vary:
    // Access-Control-Request-Headers, then, for an allowed origin, method and header list:
    // Allow-Origin (* whenever all origins are allowed, credentials or not), Allow-Methods (the
    // requested method, upper-cased), Allow-Headers (the requested ones, canonicalized by
    // parseHeaderList in utils.go), Allow-Credentials, Max-Age (> 0). handleActualRequest (for
    // every other request, an OPTIONS without Access-Control-Request-Method included) adds
    // Vary: Origin and, for an allowed origin and method, Allow-Origin, Expose-Headers,
    // Allow-Credentials. (Later versions skip OPTIONS and send the origin with credentials.) Defaults: all origins; methods GET POST
    // HEAD; headers Origin Accept Content-Type X-Requested-With (a configured list gets Origin appended).

    func rsCorsAllows(_ origin: String) -> Bool {
        switch origins ?? .any {
        case .any: return true
        case .reflect, .fixed: return false
        case .list(let list):
            let lower = origin.byteLowercased()
            if list.contains(where: { $0 == "*" }) { return true }
            if list.contains(where: { $0.byteLowercased() == lower }) { return true }
            return originPatterns.contains { Self.wildcardMatches($0, lower, ignoringCase: true, anyStars: false) }
        }
    }

    var rsCorsAll: Bool {
        if case .list(let l) = origins ?? .any { return l.contains("*") }
        return origins ?? .any == .any
    }

    func rsCorsMethodAllowed(_ method: String) -> Bool {
        let allowed = (methods ?? ["GET", "POST", "HEAD"]).map { $0.byteUppercased() }
        if allowed.isEmpty { return false }
        let m = method.byteUppercased()
        return m == "OPTIONS" || allowed.contains(m)
    }

    /// utils.go parseHeaderList: split on spaces and commas, canonicalize (upper case at the start
    /// and after - or _), keep only letters, digits, - and _.
    static func rsCorsParseHeaderList(_ list: String) -> [String] {
        var headers: [String] = []
        var h: [UInt8] = []
        var upper = true
        let bytes = Array(list.utf8)
        for (i, b) in bytes.enumerated() {
            switch b {
            case UInt8(ascii: "a")...UInt8(ascii: "z"): h.append(upper ? b - 32 : b)
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): h.append(upper ? b : b + 32)
            case UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "0")...UInt8(ascii: "9"): h.append(b)
            default: break
            }
            if b == UInt8(ascii: " ") || b == UInt8(ascii: ",") || i == bytes.count - 1 {
                if !h.isEmpty {
                    headers.append(String(decoding: h, as: UTF8.self))
                    h = []
                    upper = true
                }
            } else {
                upper = b == UInt8(ascii: "-") || b == UInt8(ascii: "_")
            }
        }
        return headers
    }

    func rsCorsHeadersAllowed(_ asked: [String]) -> Bool {
        if asked.isEmpty { return true }
        let allowed: [String]
        switch allowedHeaders ?? .list([]) {
        case .any, .reflect: return true
        case .list(let l):
            if l.contains("*") { return true }
            allowed = l.isEmpty ? ["Origin", "Accept", "Content-Type", "X-Requested-With"] : (l + ["Origin"]).map(Self.canonicalGoKey)
        }
        return asked.allSatisfy { allowed.contains(Self.canonicalGoKey($0)) }
    }

    func rsCorsPreflight(_ r: CORSRequestFacts, requestMethod: String) -> [Header] {
        var out = [Header("Vary", "Origin"), Header("Vary", "Access-Control-Request-Method"), Header("Vary", "Access-Control-Request-Headers")]
        guard let origin = r.origin, !origin.isEmpty, rsCorsAllows(origin), rsCorsMethodAllowed(requestMethod) else { return out }
        let asked = Self.rsCorsParseHeaderList(r.requestHeaders ?? "")
        guard rsCorsHeadersAllowed(asked) else { return out }
        let creds = credentials ?? false
        out.append(Header("Access-Control-Allow-Origin", rsCorsAll ? "*" : origin))
        out.append(Header("Access-Control-Allow-Methods", requestMethod.byteUppercased()))
        if !asked.isEmpty { out.append(Header("Access-Control-Allow-Headers", asked.joined(separator: ", "))) }
        if creds { out.append(Header("Access-Control-Allow-Credentials", "true")) }
        if case .seconds(let s)? = maxAge, s > 0 { out.append(Header("Access-Control-Max-Age", String(s))) }
        return out
    }

    func rsCorsActual(_ r: CORSRequestFacts) -> [Header] {
        var out = [Header("Vary", "Origin")]
        guard let origin = r.origin, !origin.isEmpty, rsCorsAllows(origin), rsCorsMethodAllowed(r.method) else { return out }
        let creds = credentials ?? false
        out.append(Header("Access-Control-Allow-Origin", rsCorsAll ? "*" : origin))
        if let exposed = exposedHeaders, !exposed.isEmpty {
            out.append(Header("Access-Control-Expose-Headers", exposed.map(Self.canonicalGoKey).joined(separator: ", ")))
        }
        if creds { out.append(Header("Access-Control-Allow-Credentials", "true")) }
        return out
    }
}

// MARK: - flask-cors 6.0.1

extension CORSPolicy {
    // corydolphin/flask-cors 6.0.1 flask_cors/core.py
    // (https://github.com/corydolphin/flask-cors/blob/6.0.1/flask_cors/core.py): after every
    // response (errors included), get_cors_headers: an Origin matching an allowed origin
    // (case-insensitively; patterns with re.match, anchored at the start; origins "*" is the
    // pattern ".*", so the origin is echoed) gets Allow-Origin: that origin; a request with no
    // Origin gets (always_send) "*" for "*" without credentials, else the first of the sorted
    // plain origins. Then Expose-Headers, Allow-Credentials, Allow-Private-Network ("false"
    // unless allowed) when asked, on OPTIONS whose Access-Control-Request-Method is in the
    // methods text: Allow-Headers (the requested ones that match, sorted), Max-Age,
    // Allow-Methods; then Vary: Origin unless Allow-Origin is "*", only when more than one
    // origin or a pattern is configured. Defaults: origins *, methods DELETE GET HEAD OPTIONS
    // PATCH POST PUT (sorted), allow_headers *, vary_header true. Flask itself answers OPTIONS
    // on a routed path (200): write that route in the app.

    func flaskHeaders(_ r: CORSRequestFacts) -> [Header] {
        // origins as flask-cors holds them: plain strings and regular expressions.
        var plain: [String] = []
        var regexes = originPatterns
        switch origins ?? .any {
        case .any: regexes.insert(".*", at: 0)
        case .list(let l): plain = l
        case .reflect, .fixed: break
        }
        let optionCount = plain.count + regexes.count
        let wildcard = regexes.contains(".*")
        let creds = credentials ?? false
        var allowOrigin: String?
        if let origin = r.origin, !origin.isEmpty {
            let matches = plain.contains { $0.lowercased() == origin.lowercased() }
                || regexes.contains { OriginPattern.matches($0, origin, anchoring: .start, ignoringCase: true) }
            guard matches else { return [] }
            allowOrigin = origin
        } else if wildcard {
            guard !creds else { return [] }
            allowOrigin = "*"
        } else {
            guard let first = plain.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }).first else { return [] }
            allowOrigin = first
        }
        var out: [Header] = []
        if let allowOrigin { out.append(Header("Access-Control-Allow-Origin", allowOrigin)) }
        if let exposed = exposedHeaders, !exposed.isEmpty {
            out.append(Header("Access-Control-Expose-Headers", exposed.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }.joined(separator: ", ")))
        }
        if creds { out.append(Header("Access-Control-Allow-Credentials", "true")) }
        if r.request.headers.value(lowercased: "access-control-request-private-network") == "true" {
            out.append(Header("Access-Control-Allow-Private-Network", "false"))
        }
        if r.method == "OPTIONS" {
            let methodsText = (methods ?? ["GET", "HEAD", "POST", "OPTIONS", "PUT", "PATCH", "DELETE"])
                .map { $0.byteUppercased() }.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }.joined(separator: ", ")
            let asked = (r.requestMethod ?? "").byteUppercased()
            // `acl_request_method in options.get("methods")`: a substring test on the joined text.
            if !asked.isEmpty && methodsText.contains(asked) {
                if let list = r.requestHeaders, !list.isEmpty {
                    let requested = list.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingHTTPSpaces() }
                    let matching = requested.filter { h in flaskHeaderAllowed(h) }.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
                    let joined = matching.joined(separator: ", ")
                    if !joined.isEmpty { out.append(Header("Access-Control-Allow-Headers", joined)) }
                }
                if case .seconds(let s)? = maxAge, s != 0 { out.append(Header("Access-Control-Max-Age", String(s))) }
                out.append(Header("Access-Control-Allow-Methods", methodsText))
            }
        }
        if vary ?? .auto != .none, allowOrigin != "*" {
            if optionCount > 1 || !regexes.isEmpty { out.append(Header("Vary", "Origin")) }
        }
        return out
    }

    func flaskHeaderAllowed(_ header: String) -> Bool {
        let patterns: [String]
        switch allowedHeaders ?? .any {
        case .any, .reflect: patterns = [".*"]
        case .list(let l): patterns = l.map { $0 == "*" ? ".*" : $0 }
        }
        return patterns.contains { p in
            Self.flaskProbablyRegex(p)
                ? OriginPattern.matches(p, header, anchoring: .start, ignoringCase: true)
                : p.lowercased() == header.lowercased()
        }
    }

    /// core.py probably_regex: any of * \ ] ? $ ^ [ ( ).
    static func flaskProbablyRegex(_ s: String) -> Bool {
        s.utf8.contains { "*\\]?$^[()".utf8.contains($0) }
    }
}

// MARK: - Vapor 4.122.3 and Hummingbird 2.28.1

extension CORSPolicy {
    // Vapor 4.122.3 CORSMiddleware.swift
    // (https://github.com/vapor/vapor/blob/4.122.3/Sources/Vapor/Middleware/CORSMiddleware.swift):
    // a request without Origin passes untouched; OPTIONS with Access-Control-Request-Method is
    // answered with an empty 200 before routing (any path); every other response gets, by
    // replaceOrAdd: Allow-Origin (unless empty), Allow-Headers, Allow-Methods, Expose-Headers
    // (if set), Max-Age (cacheExpiration, default 600), Allow-Credentials (if set), and Vary:
    // origin only for .originBased. `.any(list)` echoes a listed origin; `.originBased` (the
    // default) echoes any. Defaults: methods GET, POST, PUT, OPTIONS, DELETE, PATCH; headers
    // Accept, Authorization, Content-Type, Origin, X-Requested-With.

    func vaporHeaders(_ r: CORSRequestFacts) -> [Header] {
        var out: [Header] = []
        let allow: String
        switch origins ?? .reflect {
        case .reflect: allow = r.origin ?? ""
        case .any: allow = "*"
        case .fixed(let v): allow = v
        case .list(let l): allow = r.origin.map { l.contains($0) ? $0 : "" } ?? ""
        }
        if !allow.isEmpty { out.append(Header("Access-Control-Allow-Origin", allow)) }
        let headers: String
        switch allowedHeaders ?? .list(["Accept", "Authorization", "Content-Type", "Origin", "X-Requested-With"]) {
        // Vapor's HTTPHeaders.Name serializes lowercased (recorded: Tests/Middlewares/vapor-*.json).
        case .list(let l): headers = l.map { $0.lowercased() }.joined(separator: ", ")
        case .any: headers = "*"
        case .reflect: headers = r.requestHeaders ?? ""
        }
        out.append(Header("Access-Control-Allow-Headers", headers))
        out.append(Header("Access-Control-Allow-Methods", (methods ?? ["GET", "POST", "PUT", "OPTIONS", "DELETE", "PATCH"]).joined(separator: ", ")))
        if let exposed = exposedHeaders {
            out.append(Header("Access-Control-Expose-Headers", exposed.map { $0.lowercased() }.joined(separator: ", ")))
        }
        if case .seconds(let s) = maxAge ?? .seconds(600) { out.append(Header("Access-Control-Max-Age", String(s))) }
        if credentials ?? false { out.append(Header("Access-Control-Allow-Credentials", "true")) }
        if origins ?? .reflect == .reflect, !allow.isEmpty { out.append(Header("Vary", "origin")) }
        return out
    }

    /// `replaceOrAdd` for each CORS header, `add` for Vary.
    func vaporReplaceOrAdd(_ existing: [Header], _ added: [Header]) -> [Header] {
        var fields = DictionaryHeaders(existing)
        for h in added {
            if h.lowercasedName == "vary" { fields.lines.append(h) } else { fields.set(h.name, h.value) }
        }
        return fields.lines
    }

    // Hummingbird 2.28.1 CORSMiddleware.swift
    // (https://github.com/hummingbird-project/hummingbird/blob/2.28.1/Sources/Hummingbird/Middleware/CORSMiddleware.swift):
    // a request without Origin passes untouched; any OPTIONS with an Origin is answered 204
    // before routing with Allow-Headers, Allow-Methods, Allow-Origin, Allow-Credentials,
    // Max-Age, Expose-Headers and Vary: Origin (the expose list is sent only here, where browsers
    // ignore it); every other response gets Allow-Origin, Allow-Credentials and Vary: Origin
    // (thrown errors too, through EditedHTTPError). originBased and oneOf refuse "null".
    // Defaults: headers Accept, Authorization, Content-Type, Origin; methods GET, POST, HEAD,
    // OPTIONS; no max age.

    func hummingbirdAllowOrigin(_ r: CORSRequestFacts) -> String? {
        switch origins ?? .reflect {
        case .any: return "*"
        case .fixed(let v): return v
        case .reflect: return r.origin == "null" ? nil : r.origin
        case .list(let l):
            guard let origin = r.origin, origin != "null" else { return nil }
            return l.first { $0 == origin }
        }
    }

    var hummingbirdVary: Bool {
        switch origins ?? .reflect {
        case .list, .reflect, .fixed: return true
        case .any: return false
        }
    }

    func hummingbirdPreflight(_ r: CORSRequestFacts) -> [Header] {
        let headers: String
        switch allowedHeaders ?? .list(["Accept", "Authorization", "Content-Type", "Origin"]) {
        // HTTPField.Name (swift-http-types) serializes lowercased (recorded: Tests/Middlewares/hummingbird-*.json).
        case .list(let l): headers = l.map { $0.lowercased() }.joined(separator: ", ")
        case .any: headers = "*"
        case .reflect: headers = r.requestHeaders ?? ""
        }
        var out = [Header("Access-Control-Allow-Headers", headers),
                   Header("Access-Control-Allow-Methods", (methods ?? ["GET", "POST", "HEAD", "OPTIONS"]).joined(separator: ", "))]
        if let allow = hummingbirdAllowOrigin(r) { out.append(Header("Access-Control-Allow-Origin", allow)) }
        if credentials ?? false { out.append(Header("Access-Control-Allow-Credentials", "true")) }
        if case .seconds(let s)? = maxAge { out.append(Header("Access-Control-Max-Age", String(s))) }
        if let exposed = exposedHeaders { out.append(Header("Access-Control-Expose-Headers", exposed.joined(separator: ", "))) }
        if hummingbirdVary { out.append(Header("Vary", "Origin")) }
        return out
    }

    func hummingbirdActual(_ r: CORSRequestFacts, existing: [Header]) -> [Header] {
        var fields = DictionaryHeaders(existing)
        if let allow = hummingbirdAllowOrigin(r) { fields.set("Access-Control-Allow-Origin", allow) } else { fields.remove("Access-Control-Allow-Origin") }
        if credentials ?? false { fields.set("Access-Control-Allow-Credentials", "true") }
        if hummingbirdVary { fields.lines.append(Header("Vary", "Origin")) }
        return fields.lines
    }
}
