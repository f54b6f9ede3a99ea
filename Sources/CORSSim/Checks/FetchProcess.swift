/// One `fetch()` in progress, as a state machine: it asks for exchanges with servers
/// (`Action.send`) and is fed their answers, so the same algorithm runs against in-memory mock
/// servers, async servers and, later, real ones. It follows main fetch
/// (https://fetch.spec.whatwg.org/#main-fetch), HTTP fetch and CORS-preflight fetch, with the
/// browser's profile deciding where browsers differ.

/// A server's answer to one request.
public enum ServerReply: Sendable, Hashable {
    case response(WireResponse)
    /// No server listens at that origin (connection refused).
    case unreachable
}

public struct FetchProcess: Sendable {
    /// What the process needs next.
    public enum Action: Sendable {
        /// Send this request and call `receive(_:cache:)` with the answer.
        case send(WireRequest)
        /// The fetch is over; `outcome` holds the result.
        case finished
    }

    /// The result, once `start` or `receive` returned `.finished`.
    public private(set) var outcome: FetchOutcome?

    private enum Awaiting: Sendable {
        case nothing
        case preflight(unsafe: [Header], cacheKey: PreflightCacheKey)
        case actual
    }

    private let shared: SharedProfile
    private var profile: BrowserProfile { shared.profile }
    private let pageOrigin: Origin
    private let partition: String
    private let now: Int64
    private let request: FetchRequest
    private let classification: Classification

    private var currentURL: FetchURL
    private var method: String
    private var headers: HeaderList
    private var body: RequestBody?
    private var tainting: ResponseType = .basic
    private var originTainted = false
    private var redirectCount = 0
    private var awaiting: Awaiting = .nothing

    /// The page origin's serialization, computed once.
    private let pageOriginSerialized: String
    /// The CORS-unsafe request headers as of the current hop; recomputed only when a redirect
    /// changes the headers.
    private var unsafeHeaders: [Header]
    private var headersChangedByRedirect = false
    private var lastActual: WireRequest?

    private var events: [FetchEvent] = {
        var events: [FetchEvent] = []
        events.reserveCapacity(8)
        return events
    }()
    private var preflightsSent: [WireRequest] = []
    private var requestsReceived: [WireRequest] = []
    private var cacheHits = 0

    /// - Parameters:
    ///   - pageOrigin: the origin of the document whose script calls `fetch()`.
    ///   - partition: the cache partition (the top-level site or origin, per the profile).
    ///   - now: the virtual time in milliseconds.
    public init(_ request: FetchRequest, profile: BrowserProfile, pageOrigin: Origin, partition: String, now: Int64) {
        self.init(request, shared: SharedProfile(profile), pageOrigin: pageOrigin, partition: partition, now: now)
    }

    init(_ request: FetchRequest, shared: SharedProfile, pageOrigin: Origin, partition: String, now: Int64) {
        self.shared = shared
        let profile = shared.profile
        self.pageOrigin = pageOrigin
        self.partition = partition
        self.now = now
        self.request = request
        self.classification = classify(request, rules: profile.requestHeaders)
        self.currentURL = request.url
        self.method = classification.method.rawValue
        self.headers = classification.headers
        self.body = request.body
        self.pageOriginSerialized = pageOrigin.serialized
        self.unsafeHeaders = classification.preflightReasons.compactMap {
            if case let .header(name, value, _) = $0 { return Header(name, value) } else { return nil }
        }
    }

    private var includeCredentials: Bool { request.credentials == .include }

    /// The byte-serialized request origin (https://fetch.spec.whatwg.org/#byte-serializing-a-request-origin):
    /// `null` once a redirect tainted it.
    private var serializedRequestOrigin: String { originTainted ? "null" : pageOriginSerialized }

    // MARK: Driving

    public mutating func start(cache: inout PreflightCache) -> Action {
        if let rejection = classification.rejection {
            events.append(.rejectedBeforeSend(rejection))
            return fail(CORSFailure(reason: rejection.reasonCode, phase: .beforeSend, value: request.method, url: currentURL))
        }
        return beginHop(cache: &cache)
    }

    public mutating func receive(_ reply: ServerReply, cache: inout PreflightCache) -> Action {
        let state = awaiting
        awaiting = .nothing
        guard case .response(let response) = reply else {
            events.append(.connectionRefused(url: currentURL))
            return fail(CORSFailure(reason: .networkError, phase: .network, url: currentURL))
        }
        switch state {
        case .nothing:
            preconditionFailure("FetchProcess.receive called without a request in flight")
        case let .preflight(unsafe, key):
            events.append(.preflightResponse(response))
            return preflightAnswered(response, unsafe: unsafe, key: key, cache: &cache)
        case .actual:
            events.append(.response(response))
            return actualAnswered(response, cache: &cache)
        }
    }

    // MARK: Main fetch

    /// Main fetch for the current URL: decide the response tainting and whether a preflight goes first.
    private mutating func beginHop(cache: inout PreflightCache) -> Action {
        // If request's current URL's origin is same origin with request's origin, and request's
        // response tainting is "basic": a basic fetch, no CORS.
        if currentURL.origin == pageOrigin && tainting == .basic {
            return sendActual()
        }
        switch request.mode {
        case .sameOrigin:
            // request's mode is "same-origin": return a network error.
            return fail(CORSFailure(reason: .sameOriginMode, phase: .beforeSend, url: currentURL))
        case .noCORS:
            // SIMULATION: the standard's "redirect mode must be follow" rule for no-cors is not modelled.
            tainting = .opaque
            return sendActual()
        case .cors:
            tainting = .cors
            if headersChangedByRedirect {
                unsafeHeaders = corsUnsafeRequestHeaders(headers, rules: profile.requestHeaders).map(\.header)
                headersChangedByRedirect = false
            }
            let unsafe = unsafeHeaders
            let needsPreflight = classification.usesCORSPreflightFlag || !Method(method).isCORSSafelisted || !unsafe.isEmpty
                || (redirectCount > 0 && profile.redirects.preflightsEveryHopOfAPreflightedRequest && !classification.isSimple)
            guard needsPreflight else { return sendActual() }
            return preflightOrCache(unsafe: unsafe, cache: &cache)
        }
    }

    /// SIMULATION: every profile keys the cache by the page's origin, as Chromium (the request
    /// initiator) and Gecko (the requesting principal) do; after a tainting redirect the standard
    /// uses the serialized request origin (`null`) and WebKit a fresh unique origin.
    private func cacheKey() -> PreflightCacheKey {
        let origin = pageOrigin.isOpaque ? pageOrigin.site : pageOriginSerialized
        return PreflightCacheKey(partition: partition, origin: origin, url: currentURL.serialized(excludingFragment: true),
                                 credentials: profile.cache.credentialsInKey ? includeCredentials : nil)
    }

    private mutating func preflightOrCache(unsafe: [Header], cache: inout PreflightCache) -> Action {
        let key = cacheKey()
        if profile.cache.cacheModesSkippingLookup.contains(request.cache) {
            events.append(.cacheLookupSkipped(request.cache))
        } else {
            let query = PreflightCacheQuery(key: key, method: method, headerNames: unsafe.map(\.lowercasedName),
                                            includeCredentials: includeCredentials)
            let result = cache.lookup(query, now: now)
            events.append(.cacheLookup(url: currentURL, result: result))
            if case .hit = result {
                cacheHits += 1
                return sendActual()
            }
        }
        return sendPreflight(unsafe: unsafe, key: key)
    }

    /// The CORS-preflight request (https://fetch.spec.whatwg.org/#cors-preflight-fetch-0, steps 1-5).
    private mutating func sendPreflight(unsafe: [Header], key: PreflightCacheKey) -> Action {
        var preflightHeaders = HeaderList()
        // 2. Append (`Accept`, `*/*`).
        preflightHeaders.append(Header("Accept", lowercased: "accept", "*/*"))
        // 3. Append (`Access-Control-Request-Method`, request's method).
        preflightHeaders.append(Header("Access-Control-Request-Method", lowercased: "access-control-request-method", method))
        // 4-5. If headers is not empty, append `Access-Control-Request-Headers`: the names joined by `,`.
        let names = sortedLowercaseSet(unsafe.map(\.name))
        if !names.isEmpty {
            preflightHeaders.append(Header("Access-Control-Request-Headers", lowercased: "access-control-request-headers",
                                           names.joined(separator: ",")))
        }
        let preflightOrigin = profile.redirects.preflightOriginIgnoresTaint ? pageOriginSerialized : serializedRequestOrigin
        preflightHeaders.append(Header("Origin", lowercased: "origin", preflightOrigin))
        // SIMULATION: only the CORS-relevant headers are modelled; browsers also send
        // User-Agent, Referer, Sec-Fetch-* and Accept-Encoding, which CORS does not look at.
        // The preflight's credentials mode is "same-origin"... but it is never credentialed: no cookies.
        let preflight = WireRequest(method: "OPTIONS", url: urlWithoutFragment, headers: preflightHeaders,
                                    credentialed: false, isPreflight: true)
        preflightsSent.append(preflight)
        events.append(.preflightSent(preflight))
        awaiting = .preflight(unsafe: unsafe, cacheKey: key)
        return .send(preflight)
    }

    private var urlWithoutFragment: FetchURL {
        var url = currentURL
        if url.fragment != nil {
            url = FetchURL(scheme: url.scheme, username: url.username, password: url.password, host: url.host,
                           port: url.port, path: url.path, query: url.query, fragment: nil)
        }
        return url
    }

    /// Checks a preflight response in the profile's order (step 7 of CORS-preflight fetch).
    private mutating func preflightAnswered(_ response: WireResponse, unsafe: [Header], key: PreflightCacheKey,
                                            cache: inout PreflightCache) -> Action {
        func failure(_ reason: ReasonCode, _ value: String? = nil, invalidURL: Bool = false) -> CORSFailure {
            CORSFailure(reason: reason, phase: .preflight, value: value, url: currentURL, status: response.status,
                        originValueIsInvalidURL: invalidURL)
        }
        func listFailure(_ reason: ReasonCode, _ e: TokenListError) -> CORSFailure {
            var f = failure(reason, e.token)
            f.headerValue = e.headerValue
            return f
        }
        // A preflight never follows a redirect.
        if (300...399).contains(response.status), response.headers.contains(lowercased: "location") {
            return failPreflight(cache: &cache, failure(.preflightRedirect, response.headers.value(lowercased: "location")))
        }
        let originFailure = corsCheck(response, origin: serializedRequestOrigin, includeCredentials: includeCredentials,
                                      rules: profile.responseCheck)
        switch profile.preflight.order {
        case .originThenStatus:
            if let f = originFailure { return failPreflight(cache: &cache, failure(f.reason, f.value, invalidURL: f.invalidURL)) }
            if !response.isOK { return failPreflight(cache: &cache, failure(.preflightStatus, String(response.status))) }
        case .statusThenOrigin:
            if !response.isOK { return failPreflight(cache: &cache, failure(.preflightStatus, String(response.status))) }
            if let f = originFailure { return failPreflight(cache: &cache, failure(f.reason, f.value, invalidURL: f.invalidURL)) }
        }

        var methods: [String] = []
        var headerNames: [String] = []
        let methodsParsed = extractTokenList(response.headers, "access-control-allow-methods")
        let headersParsed = extractTokenList(response.headers, "access-control-allow-headers")
        if profile.preflight.listOrder == .parseBothThenCheck {
            switch methodsParsed {
            case .failure(let e): return failPreflight(cache: &cache, listFailure(.invalidAllowMethods, e))
            case .success(let m): methods = m
            }
            switch headersParsed {
            case .failure(let e): return failPreflight(cache: &cache, listFailure(.invalidAllowHeaders, e))
            case .success(let h): headerNames = h.map { $0.lowercased() }
            }
        }
        if methods.isEmpty && classification.usesCORSPreflightFlag { methods = [method] }
        var stored = false
        if profile.cache.storesBeforeMethodAndHeaderCheck {
            storeResult(methods: methods, headerNames: headerNames, response: response, key: key, cache: &cache)
            stored = true
        }

        if profile.preflight.listOrder == .methodsThenHeaders {
            switch methodsParsed {
            case .failure(let e): return failPreflight(cache: &cache, listFailure(.invalidAllowMethods, e))
            case .success(let m): methods = m
            }
            if methods.isEmpty && classification.usesCORSPreflightFlag { methods = [method] }
        }
        if !methodAllowed(method, by: methods, includeCredentials: includeCredentials) {
            return failPreflight(cache: &cache, failure(.methodNotAllowed, method))
        }
        if profile.preflight.listOrder == .methodsThenHeaders {
            switch headersParsed {
            case .failure(let e): return failPreflight(cache: &cache, listFailure(.invalidAllowHeaders, e))
            case .success(let h): headerNames = h.map { $0.lowercased() }
            }
        }
        let headerCheck = firstHeaderNotAllowed(unsafe, by: headerNames, includeCredentials: includeCredentials,
                                                wildcardCoversAuthorization: profile.preflight.wildcardCoversAuthorization)
        if let header = headerCheck.notAllowed { return failPreflight(cache: &cache, failure(.headerNotAllowed, header.name)) }
        events.append(.preflightPassed(authorizationByWildcard: headerCheck.authorizationByWildcard))
        if !stored {
            storeResult(methods: methods, headerNames: headerNames, response: response, key: key, cache: &cache)
        }
        return sendActual()
    }

    private mutating func storeResult(methods: [String], headerNames: [String], response: WireResponse,
                                      key: PreflightCacheKey, cache: inout PreflightCache) {
        if profile.cache.cacheModesSkippingStore.contains(request.cache) {
            events.append(.cacheStoreSkipped(request.cache))
            return
        }
        let decision = profile.cache.maxAge(response.headers.value(lowercased: "access-control-max-age"))
        let result: PreflightCacheStore
        switch decision {
        case .doNotCache(let asked):
            result = .notStored(.maxAge(asked))
        case .cache(let seconds, _, _, _):
            let entry = PreflightResult(methods: methods, headerNames: headerNames, credentials: includeCredentials)
            result = cache.store(entry, key: key, url: urlWithoutFragment, maxAgeSeconds: seconds, now: now)
        }
        events.append(.cacheStore(key: key, maxAge: decision, result: result))
    }

    // MARK: The actual request

    private mutating func sendActual() -> Action {
        var wireHeaders = headers
        // Append a request `Origin` header (https://fetch.spec.whatwg.org/#append-a-request-origin-header):
        // always for CORS requests, and for other requests whose method is neither GET nor HEAD.
        if tainting == .cors || (method != "GET" && method != "HEAD") {
            wireHeaders.append(Header("Origin", lowercased: "origin", serializedRequestOrigin))
        }
        let credentialed: Bool
        switch request.credentials {
        case .include: credentialed = true
        case .omit: credentialed = false
        case .sameOrigin: credentialed = currentURL.origin == pageOrigin && !originTainted
        }
        let actual = WireRequest(method: method, url: urlWithoutFragment, headers: wireHeaders, body: body?.text ?? "",
                                 credentialed: credentialed)
        events.append(.requestSent(actual))
        lastActual = actual
        awaiting = .actual
        return .send(actual)
    }

    private mutating func actualAnswered(_ response: WireResponse, cache: inout PreflightCache) -> Action {
        guard let actual = lastActual else { preconditionFailure("a response without an actual request in flight") }
        requestsReceived.append(actual)
        let location = response.isRedirect ? response.headers.value(lowercased: "location") : nil
        if tainting == .cors,
           let f = corsCheck(response, origin: serializedRequestOrigin, includeCredentials: includeCredentials,
                             rules: profile.responseCheck) {
            if profile.cache.clearsOnActualFailure { clearCacheEntries(&cache) }
            return fail(CORSFailure(reason: f.reason, phase: location == nil ? .response : .redirect, value: f.value,
                                    url: currentURL, status: response.status, originValueIsInvalidURL: f.invalidURL,
                                    redirectTarget: location))
        }
        if let location {
            return redirect(response, location: location, cache: &cache)
        }
        return finish(response)
    }

    // MARK: Redirects

    /// HTTP-redirect fetch (https://fetch.spec.whatwg.org/#http-redirect-fetch).
    private mutating func redirect(_ response: WireResponse, location: String, cache: inout PreflightCache) -> Action {
        func failure(_ reason: ReasonCode, _ value: String?) -> CORSFailure {
            CORSFailure(reason: reason, phase: .redirect, value: value, url: currentURL, status: response.status,
                        redirectTarget: location)
        }
        switch request.redirect {
        case .manual:
            return finish(response, opaqueRedirect: true)
        case .error:
            return fail(failure(.redirectErrorMode, location))
        case .follow:
            break
        }
        // 3-4. Parse the location; a failure or a non-HTTP(S) scheme is a network error.
        guard let target = try? currentURL.resolving(location) else { return fail(failure(.redirectInvalidLocation, location)) }
        // 5. If request's redirect count is 20, then return a network error.
        if redirectCount >= profile.redirects.limit { return fail(failure(.redirectLimit, String(redirectCount))) }
        // 6. Increase request's redirect count by 1.
        redirectCount += 1
        // 7-8. A cross-origin location that includes credentials is a network error (in cors mode,
        // or whenever the response tainting is cors).
        if target.includesCredentials,
           (request.mode == .cors && target.origin != pageOrigin) || tainting == .cors {
            return fail(failure(.redirectCredentialsInURL, target.serialized()))
        }
        // 12. 301/302 with POST, or 303 with anything but GET and HEAD: GET without a body.
        var newMethod: String?
        if ((response.status == 301 || response.status == 302) && method == "POST")
            || (response.status == 303 && method != "GET" && method != "HEAD") {
            newMethod = "GET"
            method = "GET"
            body = nil
            for name in ["Content-Encoding", "Content-Language", "Content-Location", "Content-Type"] { headers.remove(name) }
            headersChangedByRedirect = true
        }
        // 13. If request's current URL's origin is not same origin with locationURL's origin,
        // remove `Authorization`.
        var removedAuthorization = false
        if target.origin != currentURL.origin, profile.redirects.stripsAuthorizationCrossOrigin, headers.contains(lowercased: "authorization") {
            headers.remove("authorization")
            removedAuthorization = true
            headersChangedByRedirect = true
        }
        // Redirect-taint: a hop away from an origin that is not the request's own taints it.
        let taints = !originTainted && target.origin != currentURL.origin && currentURL.origin != pageOrigin
        if taints { originTainted = true }
        events.append(.redirected(Redirect(from: currentURL, to: target, status: response.status, newMethod: newMethod,
                                           taintsOrigin: taints, removedAuthorization: removedAuthorization)))
        currentURL = target
        return beginHop(cache: &cache)
    }

    // MARK: Finishing

    private func preflightSummary() -> PreflightSummary {
        if !preflightsSent.isEmpty { return .sent }
        return cacheHits > 0 ? .cached : .none
    }

    private mutating func finish(_ response: WireResponse, opaqueRedirect: Bool = false) -> Action {
        let scriptResponse: ScriptResponse
        let verdict: Verdict
        let redirected = redirectCount > 0
        if opaqueRedirect {
            verdict = .opaqueRedirect
            scriptResponse = ScriptResponse(type: .opaqueredirect, status: 0, statusText: "", url: currentURL.serialized(),
                                            redirected: false, headers: [], body: "")
        } else if tainting == .opaque {
            verdict = .opaque
            scriptResponse = ScriptResponse(type: .opaque, status: 0, statusText: "", url: "", redirected: false,
                                            headers: [], body: "")
        } else {
            verdict = .readable
            scriptResponse = ScriptResponse(type: tainting, status: response.status, statusText: response.statusText,
                                            url: currentURL.serialized(excludingFragment: true), redirected: redirected,
                                            headers: visibleHeaders(response), body: response.body)
        }
        let console: [ConsoleMessage] = []
        outcome = FetchOutcome(browser: profile.name, request: request, classification: classification, events: events,
                               verdict: verdict, response: scriptResponse, failure: nil, console: console,
                               scriptError: nil, preflight: preflightSummary(), preflightsSent: preflightsSent,
                               requestsReceived: requestsReceived)
        return .finished
    }

    /// The headers a basic or CORS filtered response shows
    /// (https://fetch.spec.whatwg.org/#concept-filtered-response-cors).
    private func visibleHeaders(_ response: WireResponse) -> HeaderList {
        var visible = HeaderList()
        if tainting == .basic {
            for h in response.headers where !forbiddenResponseHeaderNames.contains(h.lowercasedName) {
                visible.append(h)
            }
            return visible.combined
        }
        var exposed = Set<String>()
        var all = false
        if response.headers.contains(lowercased: "access-control-expose-headers"),
           case .success(let names) = extractTokenList(response.headers, "access-control-expose-headers") {
            if !includeCredentials && names.contains("*") { all = true }
            exposed = Set(names.lazy.map { $0.byteLowercased() })
        }
        for h in response.headers where !forbiddenResponseHeaderNames.contains(h.lowercasedName) {
            if all || corsSafelistedResponseHeaderNames.contains(h.lowercasedName) || exposed.contains(h.lowercasedName) {
                visible.append(h)
            }
        }
        return visible.combined
    }

    /// Clear cache entries (https://fetch.spec.whatwg.org/#concept-cache-clear): every entry for
    /// this origin and URL, in every credentials mode.
    private mutating func clearCacheEntries(_ cache: inout PreflightCache) {
        let removed = cache.clear(partition: partition, origin: cacheKey().origin,
                                  url: currentURL.serialized(excludingFragment: true))
        if removed > 0 { events.append(.cacheCleared(url: currentURL, count: removed)) }
    }

    /// A failed preflight: some browsers also drop what they had cached for the URL.
    private mutating func failPreflight(cache: inout PreflightCache, _ failure: CORSFailure) -> Action {
        if profile.cache.clearsOnPreflightFailure { clearCacheEntries(&cache) }
        return fail(failure)
    }

    private mutating func fail(_ failure: CORSFailure) -> Action {
        events.append(.failed(failure))
        let context = ConsoleContext(pageOrigin: pageOrigin, requestOrigin: serializedRequestOrigin, initialURL: request.url,
                                     method: method, includeCredentials: includeCredentials)
        let console = ConsoleText.lines(for: failure, style: profile.console, context: context)
        let scriptError = ConsoleText.scriptError(for: failure, profile: profile)
        outcome = FetchOutcome(browser: profile.name, request: request, classification: classification, events: events,
                               verdict: .blocked, response: nil, failure: failure, console: console,
                               scriptError: scriptError, preflight: preflightSummary(), preflightsSent: preflightsSent,
                               requestsReceived: requestsReceived)
        return .finished
    }
}
