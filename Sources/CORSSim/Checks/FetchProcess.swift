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

/// What a fetch needs to know about the network for Local Network Access: the addresses the
/// scenario gave host names, and the user's answer to the permission prompt.
public struct LocalNetworkContext: Sendable, Hashable {
    public var addresses: HostAddresses
    public var permission: LocalNetworkPermission

    public init(addresses: HostAddresses = HostAddresses(), permission: LocalNetworkPermission = .promptDismissed) {
        self.addresses = addresses
        self.permission = permission
    }
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
        /// A Private Network Access preflight in warning mode: whatever it answers, the request goes on.
        case privateNetworkPreflight
        case actual
    }

    private let shared: SharedProfile
    private var profile: BrowserProfile { shared.profile }
    private let pageOrigin: Origin
    /// The top-level document's origin (the page's own when it is not embedded), for mixed content.
    private let topLevelOrigin: Origin
    private let partition: String
    private let network: LocalNetworkContext
    /// Whether the current hop's preflight also asks `Access-Control-Request-Private-Network`.
    private var asksPrivateNetwork = false
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
    /// For `cache: 'only-if-cached'`: the HTTP cache's response for the URL, if it has one.
    private let cachedResponse: WireResponse?
    /// The `Origin` value the last actual request carried, for browsers that keep it across redirects.
    private var originSent: String?
    /// Request-body headers a method-changing redirect removed, which some browsers' later
    /// preflights still ask about.
    private var removedBodyHeaders: [Header] = []

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
    ///   - topLevel: the top-level document's origin when the page is embedded (mixed content looks at it).
    ///   - cachedResponse: for `cache: 'only-if-cached'`, the HTTP cache's response for the URL.
    ///   - network: host addresses and the Local Network Access permission.
    public init(_ request: FetchRequest, profile: BrowserProfile, pageOrigin: Origin, topLevel: Origin? = nil,
                partition: String, now: Int64, cachedResponse: WireResponse? = nil,
                network: LocalNetworkContext = LocalNetworkContext()) {
        self.init(request, shared: SharedProfile(profile), pageOrigin: pageOrigin, topLevel: topLevel, partition: partition,
                  now: now, cachedResponse: cachedResponse, network: network)
    }

    init(_ request: FetchRequest, shared: SharedProfile, pageOrigin: Origin, topLevel: Origin? = nil, partition: String,
         now: Int64, cachedResponse: WireResponse? = nil, network: LocalNetworkContext = LocalNetworkContext()) {
        self.cachedResponse = cachedResponse
        self.network = network
        self.shared = shared
        let profile = shared.profile
        self.pageOrigin = pageOrigin
        self.topLevelOrigin = topLevel ?? pageOrigin
        self.partition = partition
        self.now = now
        self.request = request
        self.classification = classify(request, rules: profile.requestHeaders, validation: profile.requestValidation)
        self.currentURL = request.url
        self.method = classification.method.rawValue
        self.headers = classification.headers
        self.body = classification.body
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
        // The Request constructor's checks (https://fetch.spec.whatwg.org/#dom-request), in the engine's order.
        if let rejection = classification.rejection {
            events.append(.rejectedBeforeSend(rejection))
            return fail(CORSFailure(reason: rejection.reasonCode, phase: .beforeSend, value: rejection.offendingValue,
                                    url: currentURL))
        }
        // Main fetch step 7: "should fetching request be blocked as mixed content" (where the
        // engine checks it before the mode checks of step 12).
        if profile.mixedContent.checkedBeforeModeChecks, let f = mixedContentFailure(currentURL, phase: .beforeSend) {
            return fail(f)
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
        case .privateNetworkPreflight:
            // Warning mode: a failure is only reported to DevTools; the request goes on.
            events.append(.preflightResponse(response))
            return sendActual()
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
        let basic = currentURL.origin == pageOrigin && tainting == .basic
        if !basic {
            switch request.mode {
            case .sameOrigin, .navigate:
                // request's mode is "same-origin": return a network error. (`navigate` never gets
                // here: the Request constructor refuses it.)
                return fail(CORSFailure(reason: .sameOriginMode, phase: redirectCount > 0 ? .redirect : .beforeSend,
                                        url: currentURL))
            case .noCORS where request.redirect != .follow:
                // request's mode is "no-cors": 1. If request's redirect mode is not "follow", then
                // return a network error.
                return fail(CORSFailure(reason: .noCORSRedirectMode, phase: .beforeSend, value: request.redirect.rawValue,
                                        url: currentURL))
            case .noCORS, .cors:
                break
            }
        }
        // The engines check mixed content in their loaders, after the mode checks; a redirect hop
        // was checked when it was followed.
        if redirectCount == 0, !profile.mixedContent.checkedBeforeModeChecks,
           let f = mixedContentFailure(currentURL, phase: .beforeSend) {
            return fail(f)
        }
        // Local / Private Network Access: checked when the connection for this hop is made,
        // before its preflight or request is sent.
        asksPrivateNetwork = false
        switch localNetworkAccessDecision(url: currentURL, page: pageOrigin,
                                          permission: network.permission, rules: profile.localNetworkAccess,
                                          addresses: network.addresses) {
        case .allowed:
            break
        case .blockedNonSecureContext(let target), .permissionDenied(let target):
            return fail(CORSFailure(reason: .localNetworkDenied, phase: .network,
                                    value: profile.localNetworkAccess.name(of: target), url: currentURL))
        case .preflightWarning:
            // SIMULATION: only cors-mode requests get the Private Network Access preflight here
            // (Chromium also sent it for no-cors requests).
            asksPrivateNetwork = request.mode == .cors && !basic
        }
        if basic {
            // HTTP-network-or-cache fetch: only-if-cached takes any stored response, or fails
            // (the constructor made sure the mode is same-origin, so only a basic fetch gets here).
            if request.cache == .onlyIfCached, redirectCount == 0 {
                if let cachedResponse {
                    events.append(.servedFromHTTPCache(url: currentURL))
                    return finish(cachedResponse)
                }
                if profile.onlyIfCachedMiss == .networkError {
                    return fail(CORSFailure(reason: .onlyIfCachedMiss, phase: .beforeSend, url: currentURL))
                }
            }
            return sendActual()
        }
        switch request.mode {
        case .sameOrigin, .navigate:
            preconditionFailure("refused above")
        case .noCORS:
            tainting = .opaque
            return sendActual()
        case .cors:
            tainting = .cors
            if headersChangedByRedirect {
                unsafeHeaders = corsUnsafeRequestHeaders(headers, rules: profile.requestHeaders).map(\.header)
                    + corsUnsafeRequestHeaders(HeaderList(removedBodyHeaders), rules: profile.requestHeaders).map(\.header)
                headersChangedByRedirect = false
            }
            let unsafe = unsafeHeaders
            let needsPreflight = classification.usesCORSPreflightFlag || !Method(method).isCORSSafelisted || !unsafe.isEmpty
                || (redirectCount > 0 && profile.redirects.preflightsEveryHopOfAPreflightedRequest && !classification.isSimple)
            guard needsPreflight else {
                return asksPrivateNetwork ? sendPrivateNetworkPreflight() : sendActual()
            }
            return preflightOrCache(unsafe: unsafe, cache: &cache)
        }
    }

    /// SIMULATION: every profile keys the cache by the page's origin, as Chromium (the request
    /// initiator) and Gecko (the requesting principal) do. After a tainting redirect Chromium and
    /// WebKit never reuse a preflight (`PreflightCacheRules.taintedOrigin`), while the standard
    /// would key it by the serialized request origin (`null`); the spec profile keeps the page's.
    private func cacheKey() -> PreflightCacheKey {
        let origin = pageOrigin.isOpaque ? pageOrigin.site : pageOriginSerialized
        return PreflightCacheKey(partition: partition, origin: origin, url: currentURL.serialized(excludingFragment: true),
                                 credentials: profile.cache.credentialsInKey ? includeCredentials : nil)
    }

    /// Whether this browser keeps a tainted request's preflights out of the cache: its key's origin is
    /// a fresh opaque one, which no lookup can match.
    private var taintedOriginNeverReused: Bool { originTainted && profile.cache.taintedOrigin == .neverReused }

    private mutating func preflightOrCache(unsafe: [Header], cache: inout PreflightCache) -> Action {
        let key = cacheKey()
        if profile.cache.cacheModesSkippingLookup.contains(request.cache) {
            events.append(.cacheLookupSkipped(request.cache))
        } else if taintedOriginNeverReused {
            events.append(.cacheLookup(url: currentURL, result: .miss(.taintedOrigin, erased: false)))
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
        var names = sortedLowercaseSet(unsafe.map(\.name))
        if profile.preflight.listsRepeatedHeaderNames {
            // Once per header line the script set (a name fetch() added itself counts once).
            names = names.flatMap { name in
                Array(repeating: name, count: max(1, request.headers.reduce(0) { $0 + ($1.lowercasedName == name ? 1 : 0) }))
            }
        }
        if !names.isEmpty {
            preflightHeaders.append(Header("Access-Control-Request-Headers", lowercased: "access-control-request-headers",
                                           names.joined(separator: ",")))
        }
        // Private Network Access (https://wicg.github.io/private-network-access/#cors-preflight).
        if asksPrivateNetwork {
            preflightHeaders.append(Header("Access-Control-Request-Private-Network",
                                           lowercased: "access-control-request-private-network", "true"))
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

    /// A preflight sent only because of Private Network Access, for a request that CORS would send
    /// at once: `Access-Control-Request-Method`, `Access-Control-Request-Private-Network` and
    /// `Origin` (preflight_controller.cc adds `Accept` and `Access-Control-Request-Headers` only
    /// for a CORS preflight, from Chromium 123). Its result is not cached.
    ///
    /// SIMULATION: Chromium stores its result in the preflight cache under a key that includes
    /// the target address space; the simulator neither looks it up nor stores it.
    private mutating func sendPrivateNetworkPreflight() -> Action {
        var preflightHeaders = HeaderList()
        if !profile.localNetworkAccess.privateNetworkOnlyPreflightOmitsAccept {
            preflightHeaders.append(Header("Accept", lowercased: "accept", "*/*"))
        }
        preflightHeaders.append(Header("Access-Control-Request-Method", lowercased: "access-control-request-method", method))
        preflightHeaders.append(Header("Access-Control-Request-Private-Network",
                                       lowercased: "access-control-request-private-network", "true"))
        preflightHeaders.append(Header("Origin", lowercased: "origin", serializedRequestOrigin))
        let preflight = WireRequest(method: "OPTIONS", url: urlWithoutFragment, headers: preflightHeaders,
                                    credentialed: false, isPreflight: true)
        preflightsSent.append(preflight)
        events.append(.preflightSent(preflight))
        awaiting = .privateNetworkPreflight
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
        case .cache where taintedOriginNeverReused:
            // SIMULATION: the engine stores the result under a fresh opaque origin no later request
            // can match; the simulator does not store it at all.
            result = .notStored(.taintedOrigin)
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
        if body == .stream, profile.requestValidation.streamBodies == .uploadedOverHTTP2Only {
            // SIMULATION: every simulated server speaks HTTP/1.1, where this browser cannot stream
            // a request body (net::ERR_H2_OR_QUIC_REQUIRED): nothing is sent.
            return fail(CORSFailure(reason: .streamNeedsHTTP2, phase: .network, url: currentURL))
        }
        var wireHeaders = headers
        // Append a request `Origin` header (https://fetch.spec.whatwg.org/#append-a-request-origin-header):
        // always for CORS requests, and for other requests whose method is neither GET nor HEAD.
        if tainting == .cors || (method != "GET" && method != "HEAD") {
            originSent = serializedRequestOrigin
            wireHeaders.append(Header("Origin", lowercased: "origin", serializedRequestOrigin))
        } else if profile.redirects.keepsOriginHeaderAcrossRedirects, let kept = originSent {
            // The header an earlier hop carried stays on the request.
            wireHeaders.append(Header("Origin", lowercased: "origin", kept))
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
        var location = response.isRedirect ? response.headers.value(lowercased: "location") : nil
        if let value = location, value.trimmingHTTPWhitespace().isEmpty, profile.redirects.emptyLocation == .notARedirect {
            location = nil
        }
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
        // 3-4. Parse the location; a failure or a non-HTTP(S) scheme is a network error. The empty
        // string parses to the current URL without its fragment.
        let target: FetchURL
        if location.trimmingHTTPWhitespace().isEmpty {
            if profile.redirects.emptyLocation == .networkError { return fail(failure(.redirectEmptyLocation, location)) }
            target = urlWithoutFragment
        } else {
            guard let parsed = try? currentURL.resolving(location) else { return fail(failure(.redirectInvalidLocation, location)) }
            target = parsed
        }
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
        // Main fetch, run again for the new URL: mixed content is checked on every hop.
        if let f = mixedContentFailure(target, phase: .redirect, status: response.status, location: location) {
            return fail(f)
        }
        // 12. 301/302 with POST, or 303 with anything but GET and HEAD: GET without a body.
        var newMethod: String?
        if ((response.status == 301 || response.status == 302) && method == "POST")
            || (response.status == 303 && method != "GET" && method != "HEAD") {
            newMethod = "GET"
            method = "GET"
            body = nil
            for name in ["Content-Encoding", "Content-Language", "Content-Location", "Content-Type"] {
                if profile.redirects.preflightKeepsRemovedBodyHeaders, let value = headers.get(name) {
                    removedBodyHeaders.append(Header(name, value))
                }
                headers.remove(name)
            }
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
        // An Origin header kept across redirects does not survive a cross-origin hop.
        if target.origin != currentURL.origin { originSent = nil }
        // Redirect-taint: a hop away from an origin that is not the request's own taints it.
        let taints = !originTainted && target.origin != currentURL.origin && currentURL.origin != pageOrigin
        if taints { originTainted = true }
        events.append(.redirected(Redirect(from: currentURL, to: target, status: response.status, newMethod: newMethod,
                                           taintsOrigin: taints, removedAuthorization: removedAuthorization)))
        currentURL = target
        return beginHop(cache: &cache)
    }

    /// A mixed-content network error for a request to `url`, or nil when the page may fetch it.
    private func mixedContentFailure(_ url: FetchURL, phase: FailurePhase, status: Int? = nil,
                                     location: String? = nil) -> CORSFailure? {
        guard shouldBlockAsMixedContent(url, page: pageOrigin, topLevel: topLevelOrigin, rules: profile.mixedContent) else {
            return nil
        }
        // With Local Network Access, an http: URL of a private IP literal is left to the permission.
        if profile.localNetworkAccess.privateLiteralsSkipMixedContent,
           ipAddressSpace(ofAddress: url.host, documentationBlocksAreLocal: profile.localNetworkAccess.documentationBlocksAreLocal) == .local {
            return nil
        }
        return CORSFailure(reason: .mixedContent, phase: phase, value: url.serialized(), url: currentURL, status: status,
                           redirectTarget: location)
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
        outcome = FetchOutcome(browser: profile.name, profileID: profile.id, displayName: profile.displayName, request: request, classification: classification, events: events,
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
                                     method: method, includeCredentials: includeCredentials, topLevel: topLevelOrigin)
        let console = ConsoleText.lines(for: failure, style: profile.console, context: context)
        let scriptError = ConsoleText.scriptError(for: failure, rejection: classification.rejection, profile: profile)
        outcome = FetchOutcome(browser: profile.name, profileID: profile.id, displayName: profile.displayName, request: request, classification: classification, events: events,
                               verdict: .blocked, response: nil, failure: failure, console: console,
                               scriptError: scriptError, preflight: preflightSummary(), preflightsSent: preflightsSent,
                               requestsReceived: requestsReceived)
        return .finished
    }
}
