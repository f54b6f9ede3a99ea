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
    /// For an opaque page (`page null`, a sandboxed iframe): the origin of the page it was created
    /// from, whose server is taken to have served it, so its address space is that host's and
    /// its URL's scheme decides mixed content and secure context (nil: none; public, not secure).
    public var opaquePageDocumentOrigin: Origin?
    /// The top-level document's answer when the page is not itself top-level: for an opaque page,
    /// that of the page it was created from (`LocalNetworkAccessRules.permissionOfTopLevelDocument`).
    /// SIMULATION: when that page is itself embedded (`page P in TOP`), P's answer stands for TOP's.
    public var topLevelPermission: LocalNetworkPermission?

    public init(addresses: HostAddresses = HostAddresses(), permission: LocalNetworkPermission = .promptDismissed,
                opaquePageDocumentOrigin: Origin? = nil, topLevelPermission: LocalNetworkPermission? = nil) {
        self.addresses = addresses
        self.permission = permission
        self.opaquePageDocumentOrigin = opaquePageDocumentOrigin
        self.topLevelPermission = topLevelPermission
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

    /// A redirect was followed and its hop is still to start (`drive`).
    private var hopPending = false

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
    /// The origin of the URL the page's document was loaded from: the page's own, or for an opaque
    /// page the origin of the page it was created from (a sandboxed iframe's URL is its embedder's
    /// server's). Mixed content and secure context follow it.
    private var documentOrigin: Origin {
        if pageOrigin.isOpaque, let origin = network.opaquePageDocumentOrigin { return origin }
        return pageOrigin
    }
    private let partition: String
    private let network: LocalNetworkContext
    /// Whether the current hop's preflight also asks `Access-Control-Request-Private-Network`.
    private var asksPrivateNetwork = false
    private let now: Int64
    /// The request, its classification and what follows from them, shared with the browser and
    /// the outcome (made once per distinct request, not per fetch).
    private let classified: ClassifiedRequest
    private var request: FetchRequest { classified.request }
    private var classification: Classification { classified.classification }

    private var currentURL: FetchURL
    private var method: String
    private var headers: HeaderList
    private var body: RequestBody?
    private var tainting: ResponseType = .basic
    private var originTainted = false
    private var redirectCount = 0
    /// Whether the last response this fetch handled came from the HTTP cache (for engines that
    /// look a redirect's target up in the cache only when the redirect came from there).
    private var lastAnsweredFromCache = false
    private var awaiting: Awaiting = .nothing

    /// The page origin's serialization, computed once.
    private let pageOriginSerialized: String
    /// The CORS-unsafe request headers as of the current hop; recomputed only when a redirect
    /// changes the headers.
    private var unsafeHeaders: [Header]
    /// Lower-cased names in `unsafeHeaders` that are unsafe only because the safelisted values
    /// exceed 1,024 bytes (Chromium reports them after the others).
    private var unsafeByBudgetOnly: Set<String>
    /// Whether the URL the script fetched is potentially trustworthy (`isPotentiallyTrustworthy`).
    private let firstURLIsPotentiallyTrustworthy: Bool
    private var headersChangedByRedirect = false
    /// Whether an earlier hop of this fetch needed a CORS preflight (sent, or found in the cache).
    private var neededPreflightBefore = false
    /// Whether the request as the script made it had a CORS-unsafe header.
    private var scriptSetUnsafeHeader: Bool { classified.scriptSetUnsafeHeader }
    private var lastActual: WireRequest?
    /// Whether this hop's actual request was already sent again after a 421.
    private var resentMisdirected = false
    /// The browser's HTTP cache as the fetch started (read only: what to store is handed back in
    /// `httpCacheWrites`, which the browser applies when the fetch is over).
    private var httpCache: HTTPCache
    /// The HTTP cache's partition for this page (the profile's key).
    private let httpCachePartition: String
    /// Whether the page's requests use the HTTP cache at all (`HTTPCacheRules.opaquePageCache`).
    private let httpCacheUsable: Bool
    /// The stored response a conditional request in flight would revalidate.
    private var revalidating: HTTPCacheEntry?
    /// The stale stored response a revalidation sent as the fetch's first request is for, and its
    /// validators, which every request of the fetch from then on carries
    /// (`HTTPCacheRules.revalidatesRedirectTargetThroughFirstRequest`).
    private var revalidationThroughFirstRequest: (entry: HTTPCacheEntry, validators: [Header])?
    /// The stored response a 304 to the script's own conditional request would update
    /// (`ScriptConditionalRequest.matching304UpdatesStored`).
    private var scriptValidating: HTTPCacheEntry?
    /// Whether the response being handled is a stored one a 304 revalidated.
    private var answeredByRevalidation = false
    /// The stored entry the byte-range cache answers this request from, part by part
    /// (`HTTPCacheRules.RangeRequestCache.byteRanges`).
    private var byteRangeFetch: ByteRangeFetch?
    /// The byte range of a range request sent with nothing stored to read (no entry, `reload`,
    /// or after the stored one was dropped): its 206 is kept where it can be resumed.
    private var byteRangeStore: ByteRangeSpec?
    /// The request's answer is not written to the HTTP cache: the byte-range cache gave up on
    /// the stored entry (Chromium's `mode_ = NONE` in ValidatePartialResponse).
    private var byteRangeStoresNothing = false
    /// The stored response a byte range outside it (or a stored status other than 200) was sent
    /// for, revalidated: a 200 or 206 then removes it (ValidatePartialResponse, `invalid_range_`).
    private var byteRangeOutside: HTTPCacheEntry?
    /// A permanent redirect of an `http:` URL answered this fetch from the HTTP cache, so each
    /// later request reads only the memory-only cache (`memoryOnlyAfterCachedPermanentRedirect`).
    private var afterCachedPermanentRedirect = false
    /// What the fetch stores in (or removes from) the HTTP cache.
    public private(set) var httpCacheWrites: [HTTPCacheWrite] = []
    /// The `Origin` value the last actual request carried, for browsers that keep it across redirects.
    private var originSent: String?
    /// Request-body headers a method-changing redirect removed, which some browsers' later
    /// preflights still ask about.
    private var removedBodyHeaders: [Header] = []
    /// The `Authorization` value a cross-origin hop removed, for browsers whose preflight on a
    /// later same-origin hop asks about it again.
    private var removedAuthorization: String?
    /// Whether this hop's preflight asks about `removedAuthorization` again.
    private var asksRemovedAuthorization = false
    /// The lower-cased names of the request-body headers a method-changing redirect removed, for
    /// browsers whose preflight on a later hop that changes no method asks about them again.
    private var removedBodyHeaderNames: Set<String> = []
    /// Whether this hop's preflight asks about `removedBodyHeaderNames` again.
    private var asksRemovedBodyHeaders = false
    /// Whether a redirect so far went from one origin to another.
    private var crossedOrigins = false
    /// The last redirect's status, whether it crossed origins and whether it turned the method
    /// into GET; whether a hop so far went without `Authorization` (`NetworkStackRules.redirectHopHeaders`).
    private var lastRedirect: (status: Int, crossedOrigins: Bool, changedMethod: Bool)?
    private var authorizationRemovedOnAHop = false
    /// The last actual request's header lines as the engine held them (before the network stack
    /// wrote them: `wireHeaderLines`), which the HTTP cache reads.
    private var lastActualEngineHeaders = HeaderList()
    /// The body length of a response that failed the integrity check, for WebKit's console line.
    private var integrityFailedBodyBytes = 0
    /// The browser's cookie jar: read for each request, written by each response's Set-Cookie
    /// (a redirect's cookies reach the next hop). `Browser.finished(_:)` keeps it.
    public private(set) var cookieJar: CookieJar
    /// Whether an earlier hop of the redirect chain was cross-site (Sources/CORSSim/Cookies/).
    private var crossSiteHop = false
    /// The URLs redirects came from, in order (Checks/FetchMetadata.swift: `Sec-Fetch-Site`).
    private var earlierURLs: [FetchURL] = []
    /// The request's referrer (the document's URL or `RequestInit.referrer`) and policy
    /// (`RequestInit.referrerPolicy`, or what a redirect's `Referrer-Policy` set), and what each
    /// hop sent.
    private var referrer: ReferrerState
    /// A redirect that passed the CORS check but fails the second one some engines make with the
    /// credentials flag the fetch started with (`RedirectRules.redirectRecheckedWithInitialCredentials`),
    /// or whose Location with credentials is refused after the next hop's preflight
    /// (`RedirectRules.crossOriginLocationCredentialsRefusedAfterPreflight`): the fetch fails with
    /// it before the next hop's request is sent.
    private var failedRedirectRecheck: CORSFailure?

    private var events: [FetchEvent] = []
    private var preflightsSent: [WireRequest] = []
    private var requestsReceived: [WireRequest] = []
    private var cacheHits = 0

    /// - Parameters:
    ///   - pageOrigin: the origin of the document whose script calls `fetch()`.
    ///   - partition: the cache partition (the top-level site or origin, per the profile).
    ///   - now: the virtual time in milliseconds.
    ///   - topLevel: the top-level document's origin when the page is embedded (mixed content looks at it).
    ///   - httpCache: the browser's HTTP cache (the fetch reads it; `httpCacheWrites` says what to change).
    ///   - httpCachePartition: the HTTP cache partition (the profile's `httpCache.partition` key);
    ///     nil: the preflight cache's `partition`.
    ///   - network: host addresses and the Local Network Access permission.
    ///   - cookies: the browser's cookie jar (the fetch reads it and keeps what responses set in `cookieJar`).
    public init(_ request: FetchRequest, profile: BrowserProfile, pageOrigin: Origin, topLevel: Origin? = nil,
                partition: String, now: Int64, httpCache: HTTPCache = HTTPCache(), httpCachePartition: String? = nil,
                network: LocalNetworkContext = LocalNetworkContext(), cookies: CookieJar = CookieJar()) {
        self.init(request, shared: SharedProfile(profile), pageOrigin: pageOrigin, topLevel: topLevel, partition: partition,
                  now: now, httpCache: httpCache, httpCachePartition: httpCachePartition, network: network, cookies: cookies)
    }

    init(_ request: FetchRequest, shared: SharedProfile, pageOrigin: Origin, pageOriginSerialized: String? = nil,
         topLevel: Origin? = nil, partition: String,
         now: Int64, httpCache: HTTPCache = HTTPCache(), httpCachePartition: String? = nil,
         network: LocalNetworkContext = LocalNetworkContext(), cookies: CookieJar = CookieJar()) {
        self.init(ClassifiedRequest(request, profile: shared.profile), shared: shared, pageOrigin: pageOrigin,
                  pageOriginSerialized: pageOriginSerialized, topLevel: topLevel, partition: partition, now: now,
                  httpCache: httpCache, httpCachePartition: httpCachePartition, network: network, cookies: cookies)
    }

    init(_ classified: ClassifiedRequest, shared: SharedProfile, pageOrigin: Origin, pageOriginSerialized: String? = nil,
         topLevel: Origin? = nil, partition: String,
         now: Int64, httpCache: HTTPCache = HTTPCache(), httpCachePartition: String? = nil, httpCacheUsable: Bool = true,
         network: LocalNetworkContext = LocalNetworkContext(), cookies: CookieJar = CookieJar()) {
        self.cookieJar = cookies
        self.httpCache = httpCache
        self.httpCachePartition = httpCachePartition ?? partition
        self.httpCacheUsable = httpCacheUsable
        self.network = network
        self.shared = shared
        self.pageOrigin = pageOrigin
        self.topLevelOrigin = topLevel ?? pageOrigin
        self.partition = partition
        self.now = now
        self.classified = classified
        let classification = classified.classification
        self.currentURL = classified.initialURL
        self.method = classification.method.rawValue
        self.headers = classification.headers
        self.body = classification.body
        self.pageOriginSerialized = pageOriginSerialized ?? pageOrigin.serialized
        self.unsafeHeaders = classified.unsafeHeaders
        // Empty (no allocation) unless the safelist's byte total made headers unsafe.
        self.unsafeByBudgetOnly = Set(classification.preflightReasons.compactMap {
            if case let .header(name, _, .safelistTotalTooLarge) = $0 { return name.lowercased() } else { return nil }
        })
        self.firstURLIsPotentiallyTrustworthy = isPotentiallyTrustworthy(classified.initialURL, rules: shared.profile.mixedContent)
        // The document's URL is its origin's root, `/`: a scenario's page has no path.
        // SIMULATION: a page has no referrer policy of its own (no `Referrer-Policy` on the
        // document, no `<meta name=referrer>`): the fetch's `referrerPolicy`, else the default.
        // Determine request's referrer: an opaque origin's document gives none, unless the
        // profile says it sends its URL (that of the page it was made from).
        var client: FetchURL?
        if case let .tuple(scheme, host, port) = pageOrigin {
            client = FetchURL(scheme: scheme, host: host, port: port)
        } else if shared.profile.contextHeaders.opaqueDocumentSendsReferrer,
                  case let .tuple(scheme, host, port)? = network.opaquePageDocumentOrigin {
            client = FetchURL(scheme: scheme, host: host, port: port)
        }
        self.referrer = ReferrerState(requestReferrer(classified.request.referrer, client: client, pageOrigin: pageOrigin,
                                                     documentURL: client),
                                      policy: classified.request.referrerPolicy)
        events.reserveCapacity(8)
    }

    private var includeCredentials: Bool { request.credentials == .include }

    /// The credentials flag as the fetch started: credentials mode "include", or "same-origin" with
    /// a first URL of the page's origin (WebKit's DocumentThreadableLoader stores it once, as
    /// `ResourceLoaderOptions.storedCredentialsPolicy`).
    private var startedWithCredentials: Bool {
        includeCredentials
            || (request.credentials == .sameOrigin && profile.requestValidation.engineURL(request.url).origin == pageOrigin)
    }

    /// Drops this fetch's view of the HTTP cache once it is over, so that the browser applying
    /// `httpCacheWrites` mutates its cache in place instead of copying the whole of it (the view
    /// shares the browser's storage: a copy per storing fetch made runs quadratic in the cache size).
    mutating func releaseHTTPCache() { httpCache = HTTPCache() }

    /// The outcome of a finished fetch, moved out of the process (no copy).
    mutating func takeOutcome() -> FetchOutcome {
        guard let outcome = outcome.take() else { preconditionFailure("the fetch is not finished") }
        return outcome
    }

    /// `httpCacheWrites`, moved out of the process.
    mutating func takeHTTPCacheWrites() -> [HTTPCacheWrite] {
        defer { httpCacheWrites = [] }
        return httpCacheWrites
    }

    /// The byte-serialized request origin (https://fetch.spec.whatwg.org/#byte-serializing-a-request-origin):
    /// `null` once a redirect tainted it.
    private var serializedRequestOrigin: String { originTainted ? "null" : pageOriginSerialized }

    // MARK: Driving

    public mutating func start(cache: inout PreflightCache) -> Action {
        drive(startFetch(cache: &cache), cache: &cache)
    }

    public mutating func receive(_ reply: ServerReply, cache: inout PreflightCache) -> Action {
        drive(receiveReply(reply, cache: &cache), cache: &cache)
    }

    /// Runs the hops a redirect left to start (`hopPending`) until one sends or the fetch ends.
    private mutating func drive(_ first: Action, cache: inout PreflightCache) -> Action {
        var action = first
        while hopPending {
            hopPending = false
            action = beginHop(cache: &cache)
        }
        return action
    }

    private mutating func startFetch(cache: inout PreflightCache) -> Action {
        // The Request constructor's checks (https://fetch.spec.whatwg.org/#dom-request), in the engine's order.
        if let rejection = classification.rejection {
            events.append(.rejectedBeforeSend(rejection))
            return fail(CORSFailure(reason: rejection.reasonCode, phase: .beforeSend, value: rejection.offendingValue,
                                    url: currentURL))
        }
        // A URL whose scheme is not HTTP(S) never reaches the network.
        if !currentURL.isHTTPScheme { return fetchOtherScheme() }
        // Main fetch step 7: "should fetching request be blocked as mixed content" (where the
        // engine checks it before the mode checks of step 12).
        if profile.mixedContent.checkedBeforeModeChecks, let f = mixedContentFailure(currentURL, phase: .beforeSend) {
            return fail(f)
        }
        return beginHop(cache: &cache)
    }

    private mutating func receiveReply(_ reply: ServerReply, cache: inout PreflightCache) -> Action {
        let state = awaiting
        awaiting = .nothing
        guard case .response(var response) = reply else {
            events.append(.connectionRefused(url: currentURL))
            return fail(CORSFailure(reason: .networkError, phase: .network, url: currentURL))
        }
        if !response.body.isEmpty, profile.networkStack.bodylessStatuses.contains(response.status) { response.body = "" }
        // A 407 Proxy Authentication Required from a server reached without a proxy: where the
        // engine's HTTP layer takes it as a network error (the profile cites it), the fetch never
        // sees a response, whatever the request (preflight or actual) and the mode.
        if response.status == 407, profile.networkStack.directProxyAuthenticationIsNetworkError {
            if case .actual = state, let actual = lastActual {
                requestsReceived.append(actual)
                events.append(.response(response))
            } else {
                events.append(.preflightResponse(response))
            }
            return fail(CORSFailure(reason: .unexpectedProxyAuth, phase: .network, url: currentURL, status: response.status))
        }
        // A field meant to appear once, repeated with different values: where the engine's HTTP
        // layer refuses the response (`networkStack.repeatedResponseFields`), it is a network error
        // before anything reads it (no cookie stored, nothing cached).
        if let field = profile.networkStack.repeatedResponseFields.refusedField(in: response.headers) {
            if case .actual = state, let actual = lastActual {
                requestsReceived.append(actual)
                events.append(.response(response))
            } else {
                events.append(.preflightResponse(response))
            }
            return fail(CORSFailure(reason: .conflictingResponseHeader, phase: .network, value: field, url: currentURL,
                                    status: response.status))
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
            return sendActual(cache: &cache)
        case .actual:
            events.append(.response(response))
            // A 421 Misdirected Request: the engine's HTTP layer sends the same request once more
            // (the profile cites it), and the second answer is the response. SIMULATION: preflights
            // are not resent (not recorded).
            if response.status == 421, profile.resendsMisdirectedRequest, !resentMisdirected, let again = lastActual {
                resentMisdirected = true
                requestsReceived.append(again)
                events.append(.requestSent(again))
                awaiting = .actual
                return .send(again)
            }
            return actualAnswered(response, cache: &cache)
        }
    }

    // MARK: Schemes that are not HTTP(S)

    /// Main fetch step 12 (https://fetch.spec.whatwg.org/#main-fetch) for a first URL whose scheme
    /// is not HTTP(S): a `data:` URL, or a `blob:` URL of the page's origin, goes to scheme fetch
    /// with a basic response in every mode; any other URL is a network error in mode
    /// "same-origin" and "cors", and goes to scheme fetch, opaque, in "no-cors". Nothing is sent.
    private mutating func fetchOtherScheme() -> Action {
        let url = currentURL
        // 7. Should fetching request be blocked as mixed content (where the engine checks it in
        // every mode; the profile cites it).
        if profile.schemeFetch.mixedContent == .everyMode, let f = mixedContentFailure(url, phase: .beforeSend) {
            return fail(f)
        }
        // Where the engine refuses a no-cors request whose redirect mode is not "follow" before it
        // looks at the scheme (the profile cites it).
        if url.scheme == "data", request.mode == .noCORS, request.redirect != .follow,
           profile.schemeFetch.noCORSRedirectModeCheckedForData {
            return fail(CORSFailure(reason: .noCORSRedirectMode, phase: .beforeSend, value: request.redirect.rawValue, url: url))
        }
        // 12. request's current URL's origin is same origin with request's origin, and request's
        // response tainting is "basic"; or request's current URL's scheme is "data":
        if url.origin != pageOrigin, url.scheme != "data" {
            switch request.mode {
            case .sameOrigin, .navigate:
                // request's mode is "same-origin": return a network error.
                return fail(CORSFailure(reason: .sameOriginMode, phase: .beforeSend, url: url))
            case .noCORS where request.redirect != .follow:
                // Where the engine refuses a local URL first (the profile cites it).
                if profile.schemeFetch.localURLRefusedBeforeNoCORSRedirectMode, url.scheme == "file" || url.scheme == "blob" {
                    return fail(CORSFailure(reason: .unsupportedScheme, phase: .beforeSend, url: url))
                }
                // request's mode is "no-cors": if request's redirect mode is not "follow", then
                // return a network error.
                return fail(CORSFailure(reason: .noCORSRedirectMode, phase: .beforeSend, value: request.redirect.rawValue, url: url))
            case .noCORS:
                // Where the engine checks mixed content for a no-cors request only (the profile cites it).
                if profile.schemeFetch.mixedContent == .noCORSOnly, let f = mixedContentFailure(url, phase: .beforeSend) {
                    return fail(f)
                }
                // Set request's response tainting to "opaque"; return the result of running scheme fetch.
                tainting = .opaque
            case .cors:
                // request's current URL's scheme is not an HTTP(S) scheme: return a network error.
                return fail(CORSFailure(reason: schemeFailure(url), phase: .beforeSend, url: url))
            }
        }
        return schemeFetch(url)
    }

    /// Scheme fetch (https://fetch.spec.whatwg.org/#scheme-fetch): `about:` is a network error in
    /// a fetch (where the profile says so, `about:blank` is an empty HTML response), a `blob:`
    /// URL's entry is never found, `data:` runs the data: URL processor, and `file:` and every
    /// other scheme are a network error.
    /// SIMULATION: no scenario makes a Blob, so every `blob:` URL is one no Blob was registered for.
    private mutating func schemeFetch(_ url: FetchURL) -> Action {
        if url.scheme == "about", url.path == "blank", profile.schemeFetch.answersAboutBlank {
            let response = WireResponse(status: 200, statusText: "OK", headers: [("Content-Type", "text/html;charset=utf-8")])
            events.append(.madeByBrowser(url: url, response: response))
            return finish(response)
        }
        guard url.scheme == "data" else {
            return fail(CORSFailure(reason: schemeFailure(url), phase: .beforeSend, url: url))
        }
        switch DataURL.process(url) {
        case .failure(let why):
            // 2. If dataURLStruct is failure, then return a network error.
            return fail(CORSFailure(reason: .invalidDataURL, phase: .beforeSend, value: why.description, url: url))
        case .success(let data):
            // 3-7. A response whose status message is `OK`, header list is « (`Content-Type`,
            // mimeType) » and body is the struct's body, as the engine writes it.
            let response = profile.schemeFetch.response(for: data, method: method)
            events.append(.madeByBrowser(url: url, response: response))
            currentURL = profile.schemeFetch.responseURL(for: data, url: url)
            return finish(response)
        }
    }

    /// The reason a URL that is neither HTTP(S) nor `data:` fails: a `blob:` URL of the page's
    /// origin is looked up and not found; the engines refuse one of another origin, and every
    /// other scheme, for the URL itself.
    private func schemeFailure(_ url: FetchURL) -> ReasonCode {
        url.scheme == "blob" && url.origin == pageOrigin ? .unknownBlobURL : .unsupportedScheme
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
        // Port blocking (main fetch step 7, "should request be blocked due to a bad port"); the
        // engines check it where their network stack makes the connection, after the mode and
        // mixed-content checks. A redirect hop was checked when it was followed.
        if redirectCount == 0, let f = badPortFailure(currentURL, phase: .beforeSend) { return fail(f) }
        // Local / Private Network Access: checked when the connection for this hop is made,
        // before its preflight or request is sent.
        asksPrivateNetwork = false
        let lna = profile.localNetworkAccess
        let permission = lna.permissionOfTopLevelDocument ? network.topLevelPermission ?? network.permission : network.permission
        switch localNetworkAccessDecision(url: currentURL, page: pageOrigin, document: documentOrigin,
                                          permission: permission, rules: lna, addresses: network.addresses) {
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
        if basic { return sendActual(cache: &cache) }
        switch request.mode {
        case .sameOrigin, .navigate:
            preconditionFailure("refused above")
        case .noCORS:
            tainting = .opaque
            return sendActual(cache: &cache)
        case .cors:
            tainting = .cors
            if headersChangedByRedirect {
                var judged = headers
                let askAuthorization = asksRemovedAuthorization && removedAuthorization != nil
                if askAuthorization, let value = removedAuthorization { judged.append("Authorization", value) }
                let askBody = asksRemovedBodyHeaders ? removedBodyHeaderNames : []
                if !askBody.isEmpty, !profile.requestHeaders.judgesEachLine {
                    for line in request.headers where askBody.contains(line.lowercasedName) { judged.append(line.name, line.value) }
                }
                if profile.requestHeaders.judgesEachLine {
                    // The script's lines still on the request (or asked about again), each on its own.
                    judged = HeaderList(request.headers.filter {
                        (headers.contains(lowercased: $0.lowercasedName) || (askAuthorization && $0.lowercasedName == "authorization")
                         || askBody.contains($0.lowercasedName))
                            && forbiddenRequestHeaderReason($0, rules: profile.requestHeaders) == nil
                    })
                }
                var judgedUnsafe = corsUnsafeRequestHeaders(judged, rules: profile.requestHeaders)
                    + corsUnsafeRequestHeaders(HeaderList(removedBodyHeaders), rules: profile.requestHeaders)
                // The headers a redirect removed but the preflight still asks about stay where the
                // script set them (WebKit checks the request's header map, which still holds them in
                // that order; recorded: Tests/Conformance redirect-removed-header-reported-in-script-order).
                if profile.redirects.preflightKeepsRemovedBodyHeaders, !removedBodyHeaders.isEmpty {
                    let scriptOrder = request.headers.headers.map(\.lowercasedName)
                    let position = { (name: String) in scriptOrder.firstIndex(of: name) ?? Int.max }
                    judgedUnsafe = judgedUnsafe.enumerated().sorted {
                        let (p0, p1) = (position($0.element.header.lowercasedName), position($1.element.header.lowercasedName))
                        return p0 != p1 ? p0 < p1 : $0.offset < $1.offset
                    }.map(\.element)
                }
                unsafeHeaders = judgedUnsafe.map(\.header)
                unsafeByBudgetOnly = Set(judgedUnsafe.compactMap {
                    if case .safelistTotalTooLarge = $0.reason { return $0.header.lowercasedName } else { return nil }
                })
                headersChangedByRedirect = false
            }
            let unsafe = unsafeHeaders
            let needsPreflight = classification.usesCORSPreflightFlag || !Method(method).isCORSSafelisted || !unsafe.isEmpty
                || (redirectCount > 0 && profile.redirects.preflightsEveryHopOfAPreflightedRequest
                    && (neededPreflightBefore || scriptSetUnsafeHeader))
            // A request that went same-origin first (no CORS, no preflight) and became simple on the
            // way is not preflighted when it crosses origins later, unless the script set a CORS-unsafe
            // header (Gecko keeps the request's unsafe header names from the start, LoadInfo's
            // CorsUnsafeHeaders). Recorded: Tests/Conformance redirect-same-origin-delete-303-then-cross-origin
            // (no preflight, shrunk from difftest dt-9001-00571) and dt-9001-01021 (a DELETE with an
            // unsafe Content-Type, 303 to another origin: Firefox and WebKit preflight the GET).
            guard needsPreflight else {
                return asksPrivateNetwork ? sendPrivateNetworkPreflight() : sendActual(cache: &cache)
            }
            neededPreflightBefore = true
            return preflightOrCache(unsafe: unsafe, cache: &cache)
        }
    }

    /// SIMULATION: every profile keys the cache by the page's origin, as Chromium (the request
    /// initiator) and Gecko (the requesting principal) do. After a tainting redirect Chromium and
    /// WebKit never reuse a preflight (`PreflightCacheRules.taintedOrigin`), while the standard
    /// would key it by the serialized request origin (`null`); the spec profile keeps the page's.
    private func cacheKey() -> PreflightCacheKey {
        let origin: String
        if pageOrigin.isOpaque {
            // Every opaque origin under one key ("null") where the browser shares them.
            origin = profile.cache.opaquePage == .sharedByOpaqueOrigins ? "null" : pageOrigin.site
        } else {
            origin = pageOriginSerialized
        }
        return PreflightCacheKey(partition: partition, origin: origin, url: PreflightCacheKey.url(for: currentURL),
                                 credentials: profile.cache.credentialsInKey ? includeCredentials : nil)
    }

    /// Whether this browser keeps a tainted request's preflights out of the cache: its key's origin is
    /// a fresh opaque one, which no lookup can match.
    private var taintedOriginNeverReused: Bool { originTainted && profile.cache.taintedOrigin == .neverReused }

    /// Whether this browser reuses no preflight made from this (opaque) page.
    private var opaquePageNeverReused: Bool { pageOrigin.isOpaque && profile.cache.opaquePage == .neverReused }

    private mutating func preflightOrCache(unsafe: [Header], cache: inout PreflightCache) -> Action {
        let key = cacheKey()
        if profile.cache.cacheModesSkippingLookup.contains(request.cache) {
            events.append(.cacheLookupSkipped(request.cache))
        } else if taintedOriginNeverReused {
            events.append(.cacheLookup(url: currentURL, result: .miss(.taintedOrigin, erased: false)))
        } else if opaquePageNeverReused {
            events.append(.cacheLookup(url: currentURL, result: .miss(.opaquePage, erased: false)))
        } else {
            let query = PreflightCacheQuery(key: key, method: method, headerNames: unsafe.map(\.lowercasedName),
                                            includeCredentials: includeCredentials)
            let result = cache.lookup(query, now: now)
            events.append(.cacheLookup(url: currentURL, result: result))
            if case .hit = result {
                cacheHits += 1
                return sendActual(cache: &cache)
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
        if profile.requestHeaders.judgesEachLine {
            // Once per unsafe line, sorted, repeats kept.
            names = unsafe.map(\.lowercasedName).sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
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
        // The cache mode's headers, in the engines that copy them onto the preflight.
        if profile.preflight.carriesCacheModeHeaders { appendCacheModeHeaders(to: &preflightHeaders) }
        appendContextHeaders(to: &preflightHeaders, preflight: true)
        // SIMULATION: browsers also send User-Agent, Accept-Language and Accept-Encoding, which
        // neither CORS nor a server policy here looks at.
        // The preflight's credentials mode is "same-origin"... but it is never credentialed: no cookies.
        let preflight = WireRequest(method: "OPTIONS", url: wireURL, headers: wireHeaderLines(preflightHeaders),
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
        appendContextHeaders(to: &preflightHeaders, preflight: true)
        let preflight = WireRequest(method: "OPTIONS", url: wireURL, headers: wireHeaderLines(preflightHeaders),
                                    credentialed: false, isPreflight: true)
        preflightsSent.append(preflight)
        events.append(.preflightSent(preflight))
        awaiting = .privateNetworkPreflight
        return .send(preflight)
    }

    /// The URL a preflight or request goes out with: without its fragment, as the network stack
    /// sends it (`NetworkStackRules.decodesUnreservedEscapes`).
    private var wireURL: FetchURL { profile.networkStack.wireURL(urlWithoutFragment) }

    /// The script's header lines this hop carries, as the engine holds them
    /// (`NetworkStackRules.redirectHopHeaders`, `.repeatedRequestHeaders`; a `Range` the HTTP cache
    /// re-spells is set before, `httpCache.rangeRequests`).
    private func hopHeaderLines() -> HeaderList {
        let stack = profile.networkStack
        var lines = headers
        // Gecko sets the script's lines one by one (FetchDriver::SetRequestHeaders).
        var necko: (singletons: Set<String>, keepsFirst: Set<String>)?
        if case let .necko(singletons, keepsFirst) = stack.repeatedRequestHeaders { necko = (singletons, keepsFirst) }
        let script = necko == nil ? classification.headers : classification.headerLines
        if necko != nil, lastRedirect == nil { lines = script }
        if let last = lastRedirect {
            switch stack.redirectHopHeaders {
            case .requestHeaderList:
                break
            case .scriptHeadersEachHop:
                // HttpBaseChannel::ShouldStripRequestBodyHeader with the fetch's own method.
                let original = classification.method.rawValue
                let strips = (last.status == 301 || last.status == 302) ? original == "POST"
                    : last.status == 303 ? original != "GET" && original != "HEAD" : false
                lines = HeaderList(script.filter {
                    !(strips && requestBodyHeaderNames.contains($0.lowercasedName))
                        && !(last.crossedOrigins && $0.lowercasedName == "authorization")
                })
            case .firstRequestHeadersOnCORSHop:
                if request.mode == .cors, tainting == .cors, !last.changedMethod {
                    lines = HeaderList(classification.headers.filter { !(authorizationRemovedOnAHop && $0.lowercasedName == "authorization") })
                }
            }
        }
        if let necko, lines.hasRepeatedNames {
            var array = neckoHeaderArray(lines, singletons: necko.singletons, keepsFirst: necko.keepsFirst)
            // The first request's upload stream carries the first Content-Type line's value.
            if redirectCount == 0, body != nil, let first = lines.first(where: { $0.lowercasedName == "content-type" }) {
                array.set(first.name, first.value)
            }
            lines = array
        }
        return lines
    }

    /// The headers about the request's context (Checks/FetchMetadata.swift): `Referer`, and the
    /// Fetch Metadata headers to a potentially trustworthy URL
    /// (https://w3c.github.io/webappsec-fetch-metadata/#abstract-opdef-append-the-fetch-metadata-headers-for-a-request):
    /// `Sec-Fetch-Dest` (a fetch's destination is the empty string), `Sec-Fetch-Mode` (a
    /// preflight's is `cors`) and `Sec-Fetch-Site`. A preflight's site is its URL's alone: every
    /// engine builds the preflight as a new request of one URL (recorded: Tests/Conformance
    /// redirect-put-to-page-origin-no-acam, `same-origin` on the preflight to the page's origin
    /// after a hop elsewhere, in the three engines; Chromium's preflight_controller.cc
    /// CreatePreflightRequest, Gecko's nsCORSPreflightListener channel).
    private func appendContextHeaders(to headers: inout HeaderList, preflight: Bool) {
        let rules = profile.contextHeaders
        let sent: FetchURL?
        if preflight, rules.preflightReferrer == .lastHopsAfterRedirect, lastRedirect != nil, let last = referrer.sent {
            sent = last
        } else {
            sent = referrer.next(to: currentURL, page: pageOrigin, rules: rules).sent
        }
        if let sent {
            headers.append(Header("Referer", lowercased: "referer", sent.serialized()))
        }
        guard sendsFetchMetadata(to: currentURL) else {
            if preflight, rules.preflightAlwaysCarriesMode {
                headers.append(Header("Sec-Fetch-Mode", lowercased: "sec-fetch-mode", "cors"))
            }
            return
        }
        if !preflight, rules.crossOriginCORSHopDropsFetchMetadata, request.mode == .cors,
           lastRedirect?.crossedOrigins == true { return }
        headers.append(Header("Sec-Fetch-Dest", lowercased: "sec-fetch-dest", "empty"))
        headers.append(Header("Sec-Fetch-Mode", lowercased: "sec-fetch-mode", preflight ? "cors" : request.mode.rawValue))
        let origin = preflight && rules.preflightSiteFromTaintedOrigin && originTainted ? Origin.opaque(id: 0) : pageOrigin
        let site = FetchSite.of(currentURL, after: preflight ? [] : earlierURLs, from: origin, rule: rules.site)
        headers.append(Header("Sec-Fetch-Site", lowercased: "sec-fetch-site", site.rawValue))
    }

    /// Header lines as the network stack writes them (`NetworkStackRules.headerValueBytes`).
    /// SIMULATION: the `Cookie` header is left as the simulator's jar holds it (libsoup writes its
    /// own jar's bytes; a cookie value above U+007F is not recorded).
    private func wireHeaderLines(_ lines: HeaderList) -> HeaderList {
        guard profile.networkStack.headerValueBytes == .utf8 else { return lines }
        return HeaderList(lines.map { h in
            h.lowercasedName == "cookie" ? h : Header(h.name, lowercased: h.lowercasedName, profile.networkStack.wireValue(h.value))
        })
    }

    private var urlWithoutFragment: FetchURL {
        var url = currentURL
        if url.fragment != nil {
            url = FetchURL(scheme: url.scheme, username: url.username, password: url.password, host: url.host,
                           port: url.port, path: url.path, query: url.query, fragment: nil)
        }
        return url
    }

    /// A preflight response came back: judge it (`checkPreflightResponse`), then cache its result
    /// where the profile says and go on to the actual request.
    private mutating func preflightAnswered(_ response: WireResponse, unsafe: [Header], key: PreflightCacheKey,
                                            cache: inout PreflightCache) -> Action {
        // The preflight's response is checked against the Origin the preflight carried.
        let preflightOrigin = profile.redirects.preflightOriginIgnoresTaint ? pageOriginSerialized : serializedRequestOrigin
        var input = PreflightCheckInput(method: method, unsafeHeaders: unsafe, includeCredentials: includeCredentials,
                                        usesCORSPreflightFlag: classification.usesCORSPreflightFlag,
                                        serializedOrigin: preflightOrigin, url: currentURL, pageOrigin: pageOrigin,
                                        redirectMode: request.redirect)
        input.unsafeByBudgetOnly = unsafeByBudgetOnly
        input.requestHeaderNames = classification.headers.map(\.lowercasedName)
        input.requestURLIsPotentiallyTrustworthy = firstURLIsPotentiallyTrustworthy
        let check = checkPreflightResponse(response, input, rules: profile.preflight, responseRules: profile.responseCheck)
        var stored = false
        if profile.cache.storesBeforeMethodAndHeaderCheck, let lists = check.allowLists,
           check.failure == nil || check.failedOnlyMethodOrHeaderCheck {
            storeResult(lists, response: response, key: key, cache: &cache)
            stored = true
        }
        if let f = check.failure {
            var failure = CORSFailure(reason: f.reason, phase: .preflight, value: f.value, url: currentURL,
                                      status: response.status, originValueIsInvalidURL: f.originValueIsInvalidURL)
            failure.headerValue = f.headerValue
            failure.alsoOriginFailure = f.alsoOriginFailure
            failure.alsoOriginValue = f.alsoOriginValue
            return failPreflight(cache: &cache, failure)
        }
        events.append(.preflightPassed(authorizationByWildcard: check.authorizationByWildcard))
        if !stored, let lists = check.allowLists {
            storeResult(lists, response: response, key: key, cache: &cache)
        }
        return sendActual(cache: &cache)
    }

    private mutating func storeResult(_ lists: PreflightAllowLists, response: WireResponse,
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
        case .cache where opaquePageNeverReused:
            // SIMULATION: whatever the engine keeps, no request of the page reuses it.
            result = .notStored(.opaquePage)
        case .doNotCache(let asked):
            result = .notStored(.maxAge(asked))
        case .cache(let seconds, _, _, _):
            let entry = PreflightResult(methods: lists.methods, headerNames: lists.headerNames, credentials: includeCredentials)
            result = cache.store(entry, key: key, url: urlWithoutFragment, maxAgeSeconds: seconds, now: now)
        }
        events.append(.cacheStore(key: key, maxAge: decision, result: result))
    }

    // MARK: The actual request

    private mutating func sendActual(cache: inout PreflightCache) -> Action {
        if let f = failedRedirectRecheck {
            // The redirect's second check comes after the next hop's preflight, before its request.
            failedRedirectRecheck = nil
            return fail(f)
        }
        if body == .stream, profile.requestValidation.streamBodies == .uploadedOverHTTP2Only {
            // SIMULATION: every simulated server speaks HTTP/1.1, where this browser cannot stream
            // a request body (net::ERR_H2_OR_QUIC_REQUIRED): nothing is sent.
            return fail(CORSFailure(reason: .streamNeedsHTTP2, phase: .network, url: currentURL))
        }
        var wireHeaders = hopHeaderLines()
        // Append a request `Origin` header (https://fetch.spec.whatwg.org/#append-a-request-origin-header):
        // always for CORS requests, and for other requests whose method is neither GET nor HEAD.
        if tainting == .cors || (method != "GET" && method != "HEAD") {
            var value = serializedRequestOrigin
            if tainting != .cors, crossedOrigins, profile.redirects.crossOriginHopNullsNonCORSOrigin { value = "null" }
            // 3.1. If request's mode is not "cors", switch on request's referrer policy (where the
            // profile says so; the policy this hop applies: Gecko's ShouldSetNullOriginHeader reads
            // the one ComputeReferrer left, the default in place of a relaxing one it ignored).
            if request.mode != .cors, profile.nullsOriginOnDowngrade, !originTainted {
                let downgrade = pageOrigin.isHTTPS && currentURL.scheme != "https"
                switch referrer.next(to: currentURL, page: pageOrigin, rules: profile.contextHeaders).state.appliedPolicy {
                case .noReferrer: value = "null"
                case .noReferrerWhenDowngrade, .strictOrigin, .strictOriginWhenCrossOrigin, .empty:
                    if downgrade { value = "null" }
                case .sameOrigin: if currentURL.origin != pageOrigin { value = "null" }
                case .origin, .originWhenCrossOrigin, .unsafeURL: break
                }
            }
            originSent = value
            wireHeaders.append(Header("Origin", lowercased: "origin", value))
        } else if storageAccessInactive {
            wireHeaders.append(Header("Origin", lowercased: "origin", serializedRequestOrigin))
        } else if profile.redirects.keepsOriginHeaderAcrossRedirects, let kept = originSent {
            // The header an earlier hop carried stays on the request.
            wireHeaders.append(Header("Origin", lowercased: "origin", kept))
        }
        // HTTP-network-or-cache fetch steps 8.19-8.20: the cache modes that bypass the cache say so
        // to caches on the way; no-cache asks them to revalidate. (Recorded: Tests/Conformance
        // http-cache-mode-no-store, -reload, -no-cache: the three engines send these.)
        // WebKit cleans a cors request redirected to a new origin of the headers its loader added
        // (`crossOriginRedirectDropsCacheModeHeaders`), for every later hop.
        if !(crossedOrigins && request.mode == .cors && profile.redirects.crossOriginRedirectDropsCacheModeHeaders) {
            appendCacheModeHeaders(to: &wireHeaders)
        }
        appendContextHeaders(to: &wireHeaders, preflight: false)
        let credentialed: Bool
        switch request.credentials {
        case .include: credentialed = true
        case .omit: credentialed = false
        case .sameOrigin: credentialed = currentURL.origin == pageOrigin && !originTainted
        }
        attachCookies(to: &wireHeaders, credentialed: credentialed)
        // HTTP-network-or-cache fetch (https://fetch.spec.whatwg.org/#http-network-or-cache-fetch):
        // the HTTP cache may answer, or add validators to the request.
        revalidating = nil
        scriptValidating = nil
        byteRangeFetch = nil
        byteRangeStore = nil
        byteRangeStoresNothing = false
        byteRangeOutside = nil
        if let (entry, validators) = revalidationThroughFirstRequest {
            // A network load started for a revalidation: no lookup, the validators on every hop.
            for v in validators { wireHeaders.append(v) }
            revalidating = entry
        } else {
            switch consultHTTPCache(headers: varyRequestHeaders(wireHeaders), credentialed: credentialed) {
            case .answer(let entry):
                var stored = entry.response
                if method == "HEAD" { stored.body = "" }
                if method == "HEAD", entry.byteRanges != nil {
                    // FixHeadersForHead: a stored 206 answers a HEAD as 200 without Content-Range.
                    stored.status = 200
                    stored.statusText = "OK"
                    stored.headers.remove("Content-Range")
                }
                notePermanentRedirectFromCache(stored)
                return answered(stored, fromCache: true, cache: &cache)
            case .fail(let failure): return fail(failure)
            case .send(let validators):
                for v in validators { wireHeaders.append(v) }
                if validators.isEmpty, let spec = cachedByteRange {
                    // Nothing stored to read: the range goes out as PartialData::RestoreHeaders
                    // writes it, and its answer may be kept.
                    wireHeaders.set("Range", spec.headerValue)
                    byteRangeStore = spec
                }
            case .byteRanges(var plan):
                wireHeaders.remove("Range")
                plan.wireHeaders = wireHeaders
                plan.credentialed = credentialed
                byteRangeFetch = plan
                return continueByteRanges(cache: &cache)
            case let .byteRangeOutside(entry, validators):
                for v in validators { wireHeaders.append(v) }
                byteRangeOutside = entry
            case .byteRangeRestart(let entry):
                return byteRangeRestart(entry, wireHeaders: wireHeaders, credentialed: credentialed)
            case let .revalidateThroughFirstRequest(entry, validators):
                // The fetch's first request goes out again, with the cookies and headers made for
                // its URL.
                // SIMULATION: with this hop's request headers, where WebKit sends its loader's
                // original request's (they differ only after a redirect removed some).
                revalidationThroughFirstRequest = (entry, validators)
                currentURL = classified.initialURL
                return sendActual(cache: &cache)
            }
        }
        return sendWire(wireHeaders, credentialed: credentialed)
    }

    /// Whether this request's `Sec-Fetch-Storage-Access` would be "inactive", for browsers whose
    /// GET and HEAD then carry `Origin` (`BrowserProfile.appendsOriginWhenStorageAccessInactive`):
    /// credentials "include", no redirect-tainted origin, a potentially trustworthy URL on the
    /// top-level page's site, from a page third-party to that top-level page.
    /// SIMULATION: an opaque page's top-level page is the page it was made from (the recorder's
    /// sandboxed iframe sits in it); sites are compared by registrable domain, not scheme.
    private var storageAccessInactive: Bool {
        guard profile.appendsOriginWhenStorageAccessInactive, request.credentials == .include, !originTainted,
              isPotentiallyTrustworthy(currentURL, rules: profile.mixedContent) else { return false }
        let topHost: String
        switch (pageOrigin, topLevelOrigin) {
        case (.opaque, _):
            guard case let .tuple(_, servedBy, _) = network.opaquePageDocumentOrigin else { return false }
            topHost = servedBy
        case let (.tuple(_, page, _), .tuple(_, top, _)):
            // A page on its top-level page's site is first-party: no third-party channel.
            guard CookieSite.registrableDomain(page) != CookieSite.registrableDomain(top) else { return false }
            topHost = top
        case (.tuple, .opaque):
            return false
        }
        return CookieSite.registrableDomain(topHost) == CookieSite.registrableDomain(currentURL.host)
    }

    // MARK: Cookies (the jar and its rules: Sources/CORSSim/Cookies/)

    /// The request's context for cookies: its site against the page's and the top-level page's.
    private func cookieContext(_ url: FetchURL) -> CookieContext {
        CookieContext.request(to: url, page: pageOrigin, topLevel: topLevelOrigin, crossSiteHop: crossSiteHop,
                              rules: profile.cookies)
    }

    /// The request headers a stored response's `Vary` names are compared with: the request's own,
    /// but `Cookie` is the jar's for the URL whatever the credentials mode where the profile says
    /// so (`HTTPCacheRules.varyCookieFromJar`).
    private func varyRequestHeaders(_ headers: HeaderList) -> HeaderList {
        guard profile.httpCache.varyCookieFromJar else { return headers }
        var list = HeaderList(headers.filter { $0.lowercasedName != "cookie" })
        if !cookieJar.cookies.isEmpty,
           let value = CookieJar.header(cookieJar.decisions(for: currentURL, context: cookieContext(currentURL),
                                                            rules: profile.cookies, now: now)) {
            list.append(Header("Cookie", lowercased: "cookie", value))
        }
        return list
    }

    /// HTTP-network-or-cache fetch step 8.23 (https://fetch.spec.whatwg.org/#http-network-or-cache-fetch):
    /// a credentialed request carries the jar's cookies for its URL in one `Cookie` header.
    private mutating func attachCookies(to headers: inout HeaderList, credentialed: Bool) {
        let url = currentURL
        if cookieJar.cookies.isEmpty {
            // Nothing to consider: no site computation on the common path.
            if credentialed { events.append(.cookies(.attached(url: url, decisions: []))) }
            return
        }
        guard credentialed else {
            let names = cookieJar.decisions(for: url, context: cookieContext(url), rules: profile.cookies, now: now).map(\.cookie.name)
            if !names.isEmpty { events.append(.cookies(.notCredentialed(url: url, names: names, mode: request.credentials))) }
            return
        }
        let decisions = cookieJar.decisions(for: url, context: cookieContext(url), rules: profile.cookies, now: now)
        if let value = CookieJar.header(decisions) { headers.append(Header("Cookie", lowercased: "cookie", value)) }
        events.append(.cookies(.attached(url: url, decisions: decisions)))
    }

    /// HTTP-network fetch: "If includeCredentials is true, the user agent should parse and store
    /// response `Set-Cookie` headers" (https://fetch.spec.whatwg.org/#http-network-fetch), before
    /// the CORS check looks at the response, on redirects too.
    private mutating func storeCookies(from response: WireResponse, for sent: WireRequest) {
        for h in response.headers where h.lowercasedName == "set-cookie" {
            let result: CookieStoreResult
            if sent.credentialed {
                result = cookieJar.store(h.value, from: sent.url, context: cookieContext(sent.url), rules: profile.cookies, now: now)
            } else {
                let name = (try? ParsedSetCookie.parse(h.value).get())?.name ?? ""
                result = CookieStoreResult(name: name, stored: nil, deleted: false, refusal: .notCredentialed)
            }
            events.append(.cookies(.setCookie(url: sent.url, result: result)))
        }
    }

    /// Gecko keeps a permanent redirect of an `http:` URL in the memory cache only
    /// (netwerk/protocol/http/nsHttpChannel.cpp UpdateInhibitPersistentCachingFlag sets
    /// INHIBIT_PERSISTENT_CACHING unless network.cache.persist_permanent_redirects_http), and
    /// reading one from the cache (ReadFromCache, or ProcessNotModified after a 304) sets the flag
    /// on the channel before it redirects; SetupReplacementChannel copies the channel's load flags
    /// to the next one, whose OpenCacheEntryInternal then opens the MemoryCacheStorage.
    private mutating func notePermanentRedirectFromCache(_ response: WireResponse) {
        if profile.httpCache.memoryOnlyAfterCachedPermanentRedirect, Self.isPermanentRedirect(response.status),
           currentURL.scheme == "http" {
            afterCachedPermanentRedirect = true
        }
    }

    /// Whether a removal this fetch has made (applied to the cache when the fetch is over) already
    /// takes the entry away from a later request of the same fetch.
    private func removedEarlierInThisFetch(_ entry: HTTPCacheEntry) -> Bool {
        if httpCacheWrites.isEmpty { return false }   // the common path: no URL to serialize
        var removed = false
        let key = HTTPCache.urlKey(entry.url)
        for write in httpCacheWrites {
            switch write {
            case let .invalidateKey(url, partition, credentialed):
                if HTTPCache.urlKey(url) == key, entry.method == "GET", entry.partition == partition,
                   entry.credentialed == credentialed, !entry.thirdPartyFetch { removed = true }
            case let .invalidate(url, partition):
                if HTTPCache.urlKey(url) == key, entry.partition == partition { removed = true }
            case .remove(let e):
                if HTTPCache.urlKey(e.url) == key, HTTPCache.sameKey(e, entry, rules: profile.httpCache) { removed = true }
            case .store(let e):
                if HTTPCache.urlKey(e.url) == key, HTTPCache.sameKey(e, entry, rules: profile.httpCache) { removed = false }
            }
        }
        return removed
    }

    /// What an earlier hop of this fetch stored for the URL under the request's key (the browser
    /// applies `httpCacheWrites` when the fetch is over; an engine whose hops read them sees them
    /// now). Only this fetch's stores are looked at: no copy of the browser's cache.
    private func storedEarlierInThisFetch(url: FetchURL, credentialed: Bool, thirdPartyFetch: Bool,
                                          headers: HeaderList) -> HTTPCacheEntry? {
        if httpCacheWrites.isEmpty { return nil }   // the common path: no URL to serialize
        let key = HTTPCache.urlKey(url)
        let stores = httpCacheWrites.filter {
            if case .store(let e) = $0 { return HTTPCache.urlKey(e.url) == key } else { return false }
        }
        if stores.isEmpty { return nil }
        var own = HTTPCache()
        own.apply(stores, rules: profile.httpCache)
        guard case .success(let entry) = own.lookup(url: url, method: method, partition: httpCachePartition,
                                                    credentialed: credentialed, thirdPartyFetch: thirdPartyFetch,
                                                    requestHeaders: headers, rules: profile.httpCache) else { return nil }
        return entry
    }

    /// nsHttp::IsPermanentRedirect: 301 and 308.
    private static func isPermanentRedirect(_ status: Int) -> Bool { status == 301 || status == 308 }

    /// Whether the request's URL is of another site than the page's, as Gecko's cache key marks a
    /// third party's fetch (nsHttpChannel.cpp OpenCacheEntryInternal appends "FETCH" to the id
    /// extension when network.fetch.cache_partition_cross_origin is set and the triggering
    /// principal finds the channel third-party; ThirdPartyUtil::IsThirdPartyChannel compares base
    /// domains, and a document in a third-party context makes every request third-party). An
    /// opaque page (a sandboxed iframe) is a third party to every URL.
    private var requestIsThirdPartyToPage: Bool {
        guard case let .tuple(_, pageHost, _) = pageOrigin else { return true }
        let pageDomain = CookieSite.registrableDomain(pageHost)
        if case let .tuple(_, topHost, _) = topLevelOrigin, CookieSite.registrableDomain(topHost) != pageDomain { return true }
        return CookieSite.registrableDomain(currentURL.host) != pageDomain
    }

    /// Whether the script set a conditional header on this request: HTTP-network-or-cache fetch
    /// step 8.17 (https://fetch.spec.whatwg.org/#http-network-or-cache-fetch): "If httpRequest's
    /// cache mode is "default" and httpRequest's header list contains `If-Modified-Since`,
    /// `If-None-Match`, `If-Unmodified-Since`, `If-Match`, or `If-Range`, then set httpRequest's
    /// cache mode to "no-store"".
    private var scriptSetConditionalHeader: Bool {
        headers.contains { HTTPCache.conditionalRequestHeaderNames.contains($0.lowercasedName) }
    }

    /// Whether the HTTP cache leaves this request alone because the script made it conditional:
    /// not read, not written, the server's answer (a 304 too) goes to the page
    /// (`HTTPCacheRules.scriptConditionalRequest` says in which cache modes).
    private var scriptConditionalBypassesCache: Bool {
        profile.httpCache.scriptConditionalRequest.bypassedModes.contains(request.cache) && scriptSetConditionalHeader
    }

    /// HTTP-network-or-cache fetch steps 8.19-8.20: the cache modes that bypass the cache say so
    /// to caches on the way; no-cache asks them to revalidate. A header the script set stays.
    private func appendCacheModeHeaders(to headers: inout HeaderList) {
        let wireCacheMode = httpCacheMode
        if wireCacheMode == .noStore || wireCacheMode == .reload {
            if !headers.contains(lowercased: "pragma") { headers.append(Header("Pragma", lowercased: "pragma", "no-cache")) }
            if !headers.contains(lowercased: "cache-control") {
                headers.append(Header("Cache-Control", lowercased: "cache-control", "no-cache"))
            }
        } else if wireCacheMode == .noCache, !headers.contains(lowercased: "cache-control") {
            headers.append(Header("Cache-Control", lowercased: "cache-control", "max-age=0"))
        }
    }

    /// Whether the HTTP cache leaves this request alone because it asks for a sub-range: a `Range`
    /// other than exactly `bytes=0-` (`HTTPCacheRules.RangeRequestCache.subrangeBypassesCache`).
    /// Or, for `.byteRanges`, because its `Range` is not one byte range, or it is on another
    /// method than GET, or beside a conditional header (Chromium's SetRequest: LOAD_DISABLE_CACHE).
    private var subrangeBypassesCache: Bool {
        guard let range = headers.value(lowercased: "range") else { return false }
        switch profile.httpCache.rangeRequests {
        case .subrangeBypassesCache: return range != "bytes=0-"
        case .byteRanges: return method != "GET" || scriptSetConditionalHeader || ByteRangeSpec.parseSingle(range) == nil
        case .likeAnyRequest, .rangeInKey: return false
        }
    }

    /// The request's byte range where the byte-range cache handles it (`.byteRanges`, a GET with
    /// one byte range and no conditional header, on a page with a cache, not `no-store`).
    private var cachedByteRange: ByteRangeSpec? {
        guard profile.httpCache.rangeRequests == .byteRanges, method == "GET", httpCacheUsable, request.cache != .noStore,
              !scriptSetConditionalHeader, let value = headers.value(lowercased: "range") else { return nil }
        return ByteRangeSpec.parseSingle(value)
    }

    /// The cache mode whose headers the request carries: the script's, but for a `default`-mode
    /// request it made conditional (`no-store` as the standard says; `no-cache`'s
    /// `Cache-Control: max-age=0` in Chromium).
    private var httpCacheMode: CacheMode {
        guard request.cache == .default, scriptSetConditionalHeader else { return request.cache }
        return profile.httpCache.scriptConditionalRequest.defaultModeHeadersOf
    }

    private enum CacheAnswer {
        case answer(HTTPCacheEntry)
        case send(validators: [Header])
        /// Send the fetch's first request again with the validators of the stale entry.
        case revalidateThroughFirstRequest(HTTPCacheEntry, validators: [Header])
        /// Answer the request's byte range (or, without `Range`, a stored 206's whole) part by part.
        case byteRanges(ByteRangeFetch)
        /// A byte range outside the stored response (or a stored status other than 200 for a
        /// range): revalidated with these validators, the request's `Range` as the script sent it.
        case byteRangeOutside(HTTPCacheEntry, validators: [Header])
        /// Drop the stored entry and send the request as the script made it (a byte range
        /// formatted), its answer stored as any (Chromium's DoRestartPartialRequest).
        case byteRangeRestart(HTTPCacheEntry)
        case fail(CORSFailure)
    }

    /// Asks the HTTP cache about the request about to be sent, as the request's cache mode says
    /// (https://fetch.spec.whatwg.org/#concept-request-cache-mode) and RFC 9111 section 4 decides.
    private mutating func consultHTTPCache(headers: HeaderList, credentialed: Bool) -> CacheAnswer {
        let mode = request.cache
        // What a miss answers under only-if-cached where it is a network error (nil: the request goes out).
        let onlyIfCachedMiss: CacheAnswer? = mode == .onlyIfCached && profile.onlyIfCachedMiss == .networkError
            ? .fail(CORSFailure(reason: .onlyIfCachedMiss, phase: .beforeSend, url: currentURL)) : nil
        // A HEAD reads the stored GET in some engines: only a fresh hit counts (no revalidation).
        let headReading = method == "HEAD" && (profile.httpCache.headReadsStoredGET || profile.httpCache.storesHEADResponses)
            && mode != .noStore && mode != .reload
        guard (method == "GET" || headReading) && httpCacheUsable else {
            // Only GET (and HEAD) responses are stored: only-if-cached finds nothing for another
            // method, nor for a page without a cache.
            return onlyIfCachedMiss ?? .send(validators: [])
        }
        if mode == .noStore || mode == .reload {
            events.append(.httpCache(.lookupSkipped(mode)))
            return .send(validators: [])
        }
        let url = urlWithoutFragment
        let rules = profile.httpCache
        if subrangeBypassesCache {
            events.append(.httpCache(.subrangeBypassed(url: url)))
            // SIMULATION: only-if-cached with a sub-range is not recorded; it is taken as a cache miss.
            if let miss = onlyIfCachedMiss { return miss }
            return .send(validators: [])
        }
        if scriptConditionalBypassesCache {
            // The stored response is not read; the script's own validators go out as it set them.
            events.append(.httpCache(.scriptConditional(url: url, rules.scriptConditionalRequest)))
            // SIMULATION: only-if-cached with a conditional header is not recorded; it is taken
            // as a cache miss.
            if let miss = onlyIfCachedMiss { return miss }
            let updatesWhatever = rules.scriptConditionalRequest.notModifiedUpdatesStoredInModes.contains(mode)
            if rules.scriptConditionalRequest.matching304UpdatesStored || updatesWhatever, method == "GET", redirectCount == 0,
               case .success(let entry) = httpCache.lookup(url: url, method: method, partition: httpCachePartition,
                                                           credentialed: credentialed, requestHeaders: headers, rules: rules),
               updatesWhatever || HTTPCache.scriptValidatorsMatch(headers, entry.response) {
                scriptValidating = entry
            }
            return .send(validators: [])
        }
        if mode == .default, let directive = HTTPCache.requestDirectiveNotRead(headers, rules: rules.requestDirectives) {
            // Chromium's kForceFetchHeaders (LOAD_BYPASS_CACHE): not read, written as usual.
            events.append(.httpCache(.requestDirectiveSkipped(url: url, directive: directive)))
            return .send(validators: [])
        }
        let hopReadsCache: Bool
        switch rules.redirectHopsReadCache {
        case .always: hopReadsCache = true
        case .afterCachedRedirect: hopReadsCache = lastAnsweredFromCache
        }
        if redirectCount > 0, hopReadsCache, let limit = rules.cachedRedirectLimit, redirectCount > limit {
            events.append(.httpCache(.miss(url: url, .cachedRedirectLimit(limit))))
            return .send(validators: [])
        }
        if redirectCount > 0, !hopReadsCache {
            // Shown only where a stored response is passed over.
            if case .success = httpCache.lookup(url: url, method: method, partition: httpCachePartition, credentialed: credentialed,
                                                requestHeaders: headers, rules: rules) {
                events.append(.httpCache(.miss(url: url, .redirectHop)))
            }
            return .send(validators: [])
        }
        let thirdPartyFetch = rules.thirdPartyFetchInKey && requestIsThirdPartyToPage
        var found = httpCache.lookup(url: url, method: method, partition: httpCachePartition, credentialed: credentialed,
                                     thirdPartyFetch: thirdPartyFetch, requestHeaders: headers, rules: rules)
        if redirectCount > 0, rules.hopsReadStoresOfSameFetch,
           let stored = storedEarlierInThisFetch(url: url, credentialed: credentialed, thirdPartyFetch: thirdPartyFetch,
                                                 headers: headers) {
            found = .success(stored)
        }
        switch found {
        case .success(let entry) where removedEarlierInThisFetch(entry):
            // An unsafe method's response earlier in this fetch (a POST's 303) removed it: Gecko dooms
            // the entry before the redirect's channel opens it.
            if let miss = onlyIfCachedMiss { return miss }
            return .send(validators: [])
        case .success(let entry) where afterCachedPermanentRedirect && !entry.memoryOnly:
            // CacheStorageService::AddStorageEntry: an entry that uses the disk, opened through the
            // memory-only storage, is doomed and replaced by a new (empty) memory-only one.
            events.append(.httpCache(.miss(url: url, .persistentAfterCachedPermanentRedirect)))
            httpCacheWrites.append(.remove(entry))
            if let miss = onlyIfCachedMiss { return miss }
            return .send(validators: [])
        case .failure(let reason):
            if reason != .nothingStored || mode == .onlyIfCached { events.append(.httpCache(.miss(url: url, reason))) }
            if let miss = onlyIfCachedMiss { return miss }
            // A variant stored for another value of a header `Vary` names is revalidated where the
            // engine does so; a 304 makes it this request's variant. force-cache too: Chromium and
            // Firefox send the stored variant's ETag under force-cache
            // (Tests/Conformance/http-cache-force-cache-vary-mismatch.cors, `past-etag-other`,
            // `past-etag-absent`: `If-None-Match: "v1"` in both recordings).
            if case let .varyMismatch(name, _, _) = reason, rules.varyMismatchValidation != .none,
               mode == .default || mode == .noCache || mode == .forceCache,
               var entry = httpCache.varyMismatched(url: url, method: method, partition: httpCachePartition,
                                                    credentialed: credentialed, thirdPartyFetch: thirdPartyFetch,
                                                    range: rules.keyRange(headers),
                                                    rules: rules) {
                let validators = HTTPCache.validators(entry.response).filter { $0.lowercasedName == "if-none-match" }
                if !validators.isEmpty {
                    let (lifetime, _) = HTTPCache.freshnessLifetime(entry.response, receivedAt: entry.responseTime, shared: false,
                                                                    rules: rules)
                    events.append(.httpCache(.revalidating(url: url, ageSeconds: HTTPCache.currentAge(entry, now: now),
                                                           lifetimeSeconds: lifetime, validators: validators,
                                                           why: .varyMismatch(name))))
                    entry.varyValues = entry.varyValues?.map {
                        HTTPCacheEntry.VaryValue(name: $0.name, value: headers.value(lowercased: $0.name))
                    }
                    revalidating = entry
                    return .send(validators: validators)
                }
            }
            return .send(validators: [])
        case .success(let entry):
            // WebKit's makeUseDecision: a stored redirect does not answer a URL with a fragment,
            // unless the cache mode takes stale responses (checked before it).
            if rules.redirectCacheSkipsFragmentURLs, currentURL.fragment != nil,
               HTTPCache.isRedirectionStatus(entry.response.status), mode != .forceCache, mode != .onlyIfCached {
                events.append(.httpCache(.miss(url: url, .redirectForURLWithFragment)))
                return .send(validators: [])
            }
            if rules.rangeRequests == .byteRanges, method == "GET", cachedByteRange != nil || entry.byteRanges != nil {
                return byteRangeAnswer(entry, onlyIfCachedMiss: onlyIfCachedMiss)
            }
            let (reusable, age, lifetime, why) = storedFreshness(entry)
            if reusable {
                events.append(.httpCache(.hit(url: url, ageSeconds: age, lifetimeSeconds: lifetime, mode: mode)))
                return .answer(entry)
            }
            // A HEAD answered by a stored GET takes only a fresh one (no revalidation).
            if entry.method != method { return .send(validators: []) }
            // Only a stored response of a status the engine conditionalizes is asked for with its validators.
            let validators = rules.conditionalStatuses.map { !$0.contains(entry.response.status) } ?? false
                ? [] : HTTPCache.validators(entry.response)
            if validators.isEmpty {
                events.append(.httpCache(.stale(url: url, ageSeconds: age, lifetimeSeconds: lifetime, why: why)))
                return .send(validators: [])
            }
            events.append(.httpCache(.revalidating(url: url, ageSeconds: age, lifetimeSeconds: lifetime, validators: validators,
                                                   why: why)))
            if redirectCount > 0, rules.revalidatesRedirectTargetThroughFirstRequest {
                // Only a hop after a redirect from the cache reads the cache here
                // (`redirectHopsReadCache`), and it revalidates through the fetch's first request.
                events.append(.httpCache(.revalidatingThroughFirstRequest(url: url, firstURL: classified.initialURL)))
                return .revalidateThroughFirstRequest(entry, validators: validators)
            }
            revalidating = entry
            return .send(validators: validators)
        }
    }

    // MARK: Byte ranges in the HTTP cache (`RangeRequestCache.byteRanges`, Cache/ByteRangeCache.swift)

    /// How a stored entry answers a GET with one byte range, or a GET without `Range` finding a
    /// stored 206 (HttpCache::Transaction::BeginPartialCacheValidation,
    /// ValidateEntryHeadersAndContinue, PartialData::UpdateFromStoredHeaders and IsRequestedRangeOK).
    private mutating func byteRangeAnswer(_ entry: HTTPCacheEntry, onlyIfCachedMiss: CacheAnswer?) -> CacheAnswer {
        let url = urlWithoutFragment
        // BeginCacheRead: "We don't support any combination of LOAD_ONLY_FROM_CACHE and byte ranges."
        if request.cache == .onlyIfCached {
            events.append(.httpCache(.miss(url: url, .byteRangeOnlyIfCached)))
            return onlyIfCachedMiss ?? .send(validators: [])
        }
        let spec = cachedByteRange
        let sparse = entry.byteRanges != nil
        // A stored whole response's size is its body's (GetDataSize); a stored 206's the complete
        // length its Content-Range gave. (The whole body's bytes are copied only for a whole response.)
        let stored = entry.byteRanges ?? {
            let body = Array(entry.response.body.utf8)
            return StoredByteRanges(resourceSize: body.count, start: 0, bytes: body)
        }()
        let size = stored.resourceSize
        let range = spec.map { $0.bounds(size: size) } ?? (size > 0 ? 0...(size - 1) : nil)
        if let range, sparse || entry.response.status == 200 {
            return .byteRanges(ByteRangeFetch(entry: entry, stored: stored, sparse: sparse, spec: spec, range: range,
                                              position: range.lowerBound))
        }
        // The range asks for nothing in the stored response (`invalid_range_`), or the stored
        // status is not 200: DoSetupEntryForRead answers the stored response as it is where it
        // needs no validation (a stored 206 always does).
        let (reusable, age, lifetime, why) = storedFreshness(entry)
        if reusable && !sparse {
            events.append(.httpCache(.hit(url: url, ageSeconds: age, lifetimeSeconds: lifetime, mode: request.cache)))
            return .answer(entry)
        }
        // IsResponseConditionalizable: a 200 or 206 with an ETag or a Last-Modified.
        let validators = HTTPCache.validators(entry.response)
        guard entry.response.status == 200 || entry.response.status == 206, !validators.isEmpty else {
            return .byteRangeRestart(entry)
        }
        events.append(.httpCache(.revalidating(url: url, ageSeconds: age, lifetimeSeconds: lifetime, validators: validators, why: why)))
        return .byteRangeOutside(entry, validators: validators)
    }

    /// Sends one request of this hop (the actual request, or a byte-range part of it).
    private mutating func sendWire(_ wireHeaders: HeaderList, credentialed: Bool) -> Action {
        lastActualEngineHeaders = wireHeaders
        let actual = WireRequest(method: method, url: wireURL, headers: wireHeaderLines(wireHeaders), body: body?.text ?? "",
                                 credentialed: credentialed)
        events.append(.requestSent(actual))
        lastActual = actual
        resentMisdirected = false
        awaiting = .actual
        return .send(actual)
    }

    /// Reads the next stored part of the byte range, or asks the server for it: a stored part is
    /// revalidated where the entry needs it (`If-None-Match`), a part not stored is asked for with
    /// `If-Range` (HttpCache::Transaction::BeginCacheValidation, ConditionalizeRequest); once the
    /// whole range is there, the page gets it.
    private mutating func continueByteRanges(cache: inout PreflightCache) -> Action {
        guard var plan = byteRangeFetch else { preconditionFailure("no byte-range fetch in progress") }
        let url = urlWithoutFragment
        while plan.position <= plan.range.upperBound {
            let part = plan.nextPart
            let (reusable, age, lifetime, why) = storedFreshness(plan.entry)
            // A stored 206 is revalidated for a part it lacks, and, for a request without Range,
            // for its first part unless that is the whole ("first_read_of_full_from_partial",
            // https://crbug.com/888742).
            let forced = plan.sparse && (!part.stored || (plan.head == nil && plan.spec == nil && !part.isLast))
            if part.stored && (plan.validated || (reusable && !forced)) {
                plan.validated = false
                events.append(.httpCache(.rangeFromStored(url: url, range: part.range, size: plan.stored.resourceSize)))
                if plan.head == nil { plan.head = plan.answerHead }
                plan.body += plan.stored.read(part.range)
                plan.position = part.range.upperBound + 1
                continue
            }
            let etag = plan.entry.response.headers.value(lowercased: "etag")
            let lastModified = plan.entry.response.headers.value(lowercased: "last-modified")
            guard let validator = etag ?? lastModified else {
                // ConditionalizeRequest fails: DoRestartPartialRequest.
                byteRangeFetch = nil
                return byteRangeRestart(plan.entry, wireHeaders: plan.wireHeaders, credentialed: plan.credentialed)
            }
            var wire = plan.wireHeaders
            wire.set("Range", "bytes=\(part.range.lowerBound)-\(part.range.upperBound)")
            if part.stored {
                let validators = HTTPCache.validators(plan.entry.response)
                events.append(.httpCache(.revalidating(url: url, ageSeconds: age, lifetimeSeconds: lifetime, validators: validators,
                                                       why: why)))
                for v in validators { wire.append(v) }
            } else {
                events.append(.httpCache(.rangeMissing(url: url, range: part.range)))
                // "For byte-range requests, make sure that we use only one way to validate the
                // request": the ETag, else the Last-Modified.
                wire.append(Header("If-Range", lowercased: "if-range", validator))
            }
            plan.pending = part
            plan.sentRequest = true
            byteRangeFetch = plan
            return sendWire(wire, credentialed: plan.credentialed)
        }
        byteRangeFetch = nil
        var response = plan.head ?? plan.answerHead
        response.body = String(decoding: plan.body, as: UTF8.self)
        // What the parts stored is whole: a failed CORS check does not drop it.
        byteRangeStoresNothing = plan.sentRequest
        return answered(response, fromCache: !plan.sentRequest, cache: &cache)
    }

    /// The server's answer to one part's request (HttpCache::Transaction::ValidatePartialResponse).
    private mutating func byteRangePartAnswered(_ response: WireResponse, cache: inout PreflightCache) -> Action {
        guard var plan = byteRangeFetch, let part = plan.pending else { preconditionFailure("no byte-range part in flight") }
        plan.pending = nil
        let url = urlWithoutFragment
        if part.stored, response.status == 304 {
            // The stored part is still good: the entry takes the 304's headers, and the part is read.
            plan.entry.response = HTTPCache.updated(plan.entry.response, with: response)
            plan.entry.responseTime = now
            storeUpdated(plan.entry)
            events.append(.httpCache(.revalidated(url: url)))
            plan.validated = true
            byteRangeFetch = plan
            return continueByteRanges(cache: &cache)
        }
        if !part.stored, response.status == 206, let (first, last, complete) = HTTPCache.contentRange(response.headers),
           first == part.range.lowerBound, last == part.range.upperBound, complete == plan.stored.resourceSize,
           HTTPCache.partialResponseMatches(response, asked: ByteRangeSpec(first: first, last: last)) != nil {
            // "We asked for If-Range: so a 206 means just another range": written beside the
            // stored bytes, the entry taking the 206's headers.
            let bytes = Array(Array(response.body.utf8).prefix(part.range.count))
            plan.stored.write(start: first, bytes: bytes)
            plan.entry.response = HTTPCache.updated(plan.entry.response, with: response)
            plan.entry.responseTime = now
            plan.entry.byteRanges = plan.stored
            httpCacheWrites.append(.store(plan.entry))
            if plan.head == nil { plan.head = plan.answerHead }
            plan.body += bytes
            plan.position = part.range.upperBound + 1
            byteRangeFetch = plan
            return continueByteRanges(cache: &cache)
        }
        byteRangeFetch = nil
        byteRangeStoresNothing = true
        guard response.status == 200 || response.status == 206 || response.status == 416 else {
            // IgnoreRangeRequest: the page gets the answer, the stored entry stays.
            return answered(response, fromCache: false, cache: &cache)
        }
        // "We asked for If-None-Match: so a 206 means a new object" (a 200 or 416 too), and a part
        // that is not the one asked for: the stored entry is dropped.
        httpCacheWrites.append(.remove(plan.entry))
        events.append(.httpCache(.partialEntryDropped(url: url)))
        if plan.sparse && plan.head == nil && !part.isLast {
            // Nothing went to the page yet: the request goes again as the script made it
            // (ResetPartialState: its byte range as computed), and its answer is not stored.
            var wire = plan.wireHeaders
            if plan.spec != nil { wire.set("Range", "bytes=\(plan.range.lowerBound)-\(plan.range.upperBound)") }
            return sendWire(wire, credentialed: plan.credentialed)
        }
        // SIMULATION: where parts already went to the page, Chromium fails the body part way;
        // here the page gets this answer.
        return answered(response, fromCache: false, cache: &cache)
    }

    /// DoRestartPartialRequest: the stored entry cannot serve the request (no validator to
    /// revalidate it with): it is dropped, and the request goes out as the script made it (a byte
    /// range as `PartialData::RestoreHeaders` writes it), its answer stored as for no entry.
    private mutating func byteRangeRestart(_ entry: HTTPCacheEntry, wireHeaders: HeaderList, credentialed: Bool) -> Action {
        httpCacheWrites.append(.remove(entry))
        events.append(.httpCache(.partialEntryDropped(url: urlWithoutFragment)))
        var wire = wireHeaders
        if let spec = cachedByteRange {
            wire.set("Range", spec.headerValue)
            byteRangeStore = spec
        }
        return sendWire(wire, credentialed: credentialed)
    }

    /// The server's answer to a byte range outside the stored response, revalidated
    /// (ValidatePartialResponse with `invalid_range_`): a 200 or 206 removes the stored response,
    /// anything else leaves it; the page gets the answer, nothing is stored.
    /// SIMULATION: Chromium turns a 304 here into a 416 (PartialData::FixResponseHeaders), and
    /// sends a `Range` of its own making; the page gets the 304, the server the script's `Range`.
    private mutating func byteRangeOutsideAnswered(_ entry: HTTPCacheEntry, _ response: WireResponse,
                                                   cache: inout PreflightCache) -> Action {
        byteRangeStoresNothing = true
        if response.status == 200 || response.status == 206 {
            httpCacheWrites.append(.remove(entry))
            events.append(.httpCache(.partialEntryDropped(url: urlWithoutFragment)))
        }
        return answered(response, fromCache: false, cache: &cache)
    }

    /// Where a range request with nothing stored to read was sent: its 206 is kept as the bytes it
    /// holds when it is the range asked for and can be resumed (ValidatePartialResponse,
    /// PartialData::ResponseHeadersOK, CanResume); a 416 is not stored; nil: stored as any response.
    private func byteRangeStoreDecision(_ response: WireResponse, asked spec: ByteRangeSpec, url: FetchURL)
        -> ByteRangeStoreDecision? {
        if response.status == 416 { return .notStored(.status(416)) }
        guard response.status == 206 else { return nil }
        if CacheControl(response.headers).has("no-store") { return .notStored(.responseNoStore) }
        guard let (range, complete) = HTTPCache.partialResponseMatches(response, asked: spec),
              HTTPCache.partialResponseKept(response, complete: complete) else {
            return .notStored(.partialContentNotResumable)
        }
        // PartialData::FixContentLength: the stored head says the complete length.
        var head = response
        head.headers.set("Content-Length", String(complete))
        head.body = ""
        var entry = HTTPCacheEntry(url: url, method: "GET", response: HTTPCache.stored(head, rules: profile.httpCache),
                                   responseTime: now, varyValues: nil, credentialed: false, partition: httpCachePartition)
        entry.byteRanges = StoredByteRanges(resourceSize: complete, start: range.lowerBound,
                                            bytes: Array(Array(response.body.utf8).prefix(range.count)))
        return .keep(entry)
    }

    private enum ByteRangeStoreDecision {
        case keep(HTTPCacheEntry)
        case notStored(HTTPCacheNotStored)
    }


    /// Whether a stored response answers without asking the server in this request's cache mode
    /// (force-cache and only-if-cached take any stored response, stale or not), its age and
    /// freshness lifetime, and why it must be revalidated otherwise.
    private func storedFreshness(_ entry: HTTPCacheEntry)
        -> (reusable: Bool, age: Int64, lifetime: Int64, why: HTTPCacheEvent.StaleReason) {
        let rules = profile.httpCache, mode = request.cache
        let (lifetime, _) = HTTPCache.freshnessLifetime(entry.response, receivedAt: entry.responseTime, shared: false,
                                                        rules: rules)
        let age = HTTPCache.currentAge(entry, now: now, syntax: rules.deltaSecondsSyntax)
        let responseNoCache = CacheControl(entry.response.headers).directives.contains {
            $0.name == "no-cache" && ($0.value == nil || rules.qualifiedNoCacheRequiresValidation)
        } || (rules.responsePragmaNoCache && CacheControl.pragmaNoCache(entry.response.headers))
        let mustValidate = rules.reusableStatuses.map { !$0.contains(entry.response.status) } ?? false
        var fresh = age < lifetime || (rules.freshAtExactLifetime && age == lifetime && lifetime > 0)
        // The script's own request directives (default mode only; the response's no-cache and
        // the profile's must-validate statuses come first, as in Gecko's ValidationRequired and
        // WebKit's responseNeedsRevalidation).
        // SIMULATION: request directives in the other cache modes are not recorded; those modes decide alone.
        var requestDirective: String? = nil
        if mode == .default, !responseNoCache, !mustValidate {
            let directiveAge = rules.requestDirectives.ageWithoutResidentTime
                ? HTTPCache.ageWithoutResidentTime(entry, now: now, syntax: rules.deltaSecondsSyntax) : age
            if let decided = HTTPCache.requestDirectiveFreshness(headers, rules: rules.requestDirectives, age: directiveAge,
                                                                 lifetime: lifetime, usualFresh: fresh) {
                fresh = decided.fresh
                requestDirective = decided.directive
            }
        }
        // force-cache and only-if-cached take any stored response, stale or not.
        let reusable = mode == .forceCache || mode == .onlyIfCached
            || (mode == .default && !responseNoCache && !mustValidate && fresh)
        let why: HTTPCacheEvent.StaleReason = mode == .noCache ? .requestNoCache
            : responseNoCache ? .responseNoCache : mustValidate ? .statusMustValidate(entry.response.status)
            : requestDirective.map { .requestDirective($0) } ?? .expired
        return (reusable, age, lifetime, why)
    }

    /// What the HTTP cache keeps of a response from the network (RFC 9111 section 3), or why it
    /// keeps nothing; an unsafe method's success removes what was stored for the URL (section 4.4).
    private mutating func storeInHTTPCache(_ response: WireResponse, sent: WireRequest) {
        let url = sent.url
        let rules = profile.httpCache
        if !Method(sent.method).isSafeForCache, rules.invalidatingMethods?.contains(sent.method) ?? true,
           rules.invalidatesOnErrorStatus || (200...399).contains(response.status) {
            switch rules.unsafeMethodInvalidation {
            case .requestURL:
                httpCacheWrites.append(.invalidate(url: url, partition: httpCachePartition))
            case .sameHostLocationsInRequestKey:
                // nsHttpChannel.cpp MaybeInvalidateCacheEntryForSubsequentGet: the request URI, and
                // Location and Content-Location when HostPartIsTheSame (the host, not the port);
                // DoInvalidateCacheEntry dooms each through the channel's own LoadContextInfo
                // (its anonymous flag: the credentials) with an empty id extension (not "FETCH",
                // not "HEAD"). Recorded: Tests/Conformance http-cache-unsafe-invalidation-scope.
                httpCacheWrites.append(.invalidateKey(url: url, partition: httpCachePartition, credentialed: sent.credentialed))
                for name in ["location", "content-location"] {
                    if let value = response.headers.value(lowercased: name), let target = try? url.resolving(value),
                       target.host == url.host {
                        httpCacheWrites.append(.invalidateKey(url: target, partition: httpCachePartition,
                                                              credentialed: sent.credentialed))
                    }
                }
            }
        }
        guard httpCacheUsable else { return }
        if scriptConditionalBypassesCache, sent.method == "GET" {
            events.append(.httpCache(.notStored(url: url, .scriptConditional)))
            return
        }
        if subrangeBypassesCache, sent.method == "GET" {
            events.append(.httpCache(.notStored(url: url, .subrangeRequest)))
            return
        }
        if let spec = byteRangeStore, sent.method == "GET",
           let decision = byteRangeStoreDecision(response, asked: spec, url: url) {
            switch decision {
            case .notStored(let why):
                events.append(.httpCache(.notStored(url: url, why)))
            case .keep(var entry):
                entry.credentialed = sent.credentialed
                entry.thirdPartyFetch = rules.thirdPartyFetchInKey && requestIsThirdPartyToPage
                entry.varyValues = HTTPCache.varyNames(response).map { names in
                    let headers = varyRequestHeaders(sent.headers)
                    return names.map { HTTPCacheEntry.VaryValue(name: $0, value: headers.value(lowercased: $0)) }
                }
                httpCacheWrites.append(.store(entry))
                let (lifetime, source) = HTTPCache.freshnessLifetime(response, receivedAt: now, shared: false, rules: rules)
                events.append(.httpCache(.stored(url: url, lifetimeSeconds: lifetime, source: source, partition: httpCachePartition)))
            }
            return
        }
        if let why = HTTPCache.storability(method: sent.method, response: response, requestCache: request.cache, rules: rules,
                                           receivedAt: now, requestURLHasFragment: currentURL.fragment != nil,
                                           redirected: redirectCount > 0, redirectsSoFar: redirectCount) {
            events.append(.httpCache(.notStored(url: url, why)))
            return
        }
        let (lifetime, source) = HTTPCache.freshnessLifetime(response, receivedAt: now, shared: false, rules: rules)
        let vary = HTTPCache.varyNames(response).map { names in
            let headers = varyRequestHeaders(lastActualEngineHeaders)
            return names.map { HTTPCacheEntry.VaryValue(name: $0, value: headers.value(lowercased: $0)) }
        }
        var entry = HTTPCacheEntry(url: url, method: sent.method, response: HTTPCache.stored(response, rules: rules),
                                   responseTime: now, varyValues: vary,
                                   credentialed: sent.credentialed, partition: httpCachePartition)
        // Kept in memory only: a permanent redirect of an http: URL (UpdateInhibitPersistentCachingFlag
        // runs before InitCacheEntry, which recreates the entry memory-only), and every response of
        // a request that opened the memory-only storage.
        entry.memoryOnly = rules.memoryOnlyAfterCachedPermanentRedirect
            && (afterCachedPermanentRedirect || (Self.isPermanentRedirect(response.status) && url.scheme == "http"))
        entry.thirdPartyFetch = rules.thirdPartyFetchInKey && requestIsThirdPartyToPage
        entry.range = rules.keyRange(lastActualEngineHeaders)
        httpCacheWrites.append(.store(entry))
        events.append(.httpCache(.stored(url: url, lifetimeSeconds: lifetime, source: source, partition: httpCachePartition)))
    }

    /// Keeps a stored response a 304 updated, or removes it when the updated headers say
    /// `Cache-Control: no-store` and the engine then drops it (`notModifiedNoStoreRemovesStored`).
    private mutating func storeUpdated(_ entry: HTTPCacheEntry) {
        if profile.httpCache.notModifiedNoStoreRemovesStored,
           CacheControl(entry.response.headers).directives.contains(where: { $0.name == "no-store" }) {
            httpCacheWrites.append(.remove(entry))
        } else {
            httpCacheWrites.append(.store(entry))
        }
    }

    private mutating func actualAnswered(_ response: WireResponse, cache: inout PreflightCache) -> Action {
        guard let actual = lastActual else { preconditionFailure("a response without an actual request in flight") }
        requestsReceived.append(actual)
        storeCookies(from: response, for: actual)
        var response = response
        answeredByRevalidation = false
        if byteRangeFetch?.pending != nil { return byteRangePartAnswered(response, cache: &cache) }
        if let entry = byteRangeOutside {
            byteRangeOutside = nil
            return byteRangeOutsideAnswered(entry, response, cache: &cache)
        }
        if let stored = revalidating, response.status == 304 {
            answeredByRevalidation = true
            // The server says the stored response is still good: use it, its headers updated by the 304's.
            response = HTTPCache.updated(stored.response, with: response)
            events.append(.httpCache(.revalidated(url: actual.url)))
            // A revalidation sent as the fetch's first request answers with the stored response,
            // URL and all (WebKit's didRetrieveCacheEntry).
            if revalidationThroughFirstRequest != nil, HTTPCache.urlKey(stored.url) != HTTPCache.urlKey(currentURL) {
                currentURL = stored.url
            }
            notePermanentRedirectFromCache(response)
            var entry = stored
            entry.response = HTTPCache.stored(response, rules: profile.httpCache)
            entry.responseTime = now
            storeUpdated(entry)
        } else if let stored = scriptValidating, response.status == 304 {
            // The script's own conditional request: the page sees the 304 as it came; the stored
            // response it names takes the 304's headers and freshness.
            var entry = stored
            entry.response = HTTPCache.stored(HTTPCache.updated(stored.response, with: response), rules: profile.httpCache)
            entry.responseTime = now
            storeUpdated(entry)
            events.append(.httpCache(.updatedByScriptConditional(url: actual.url)))
        } else if !byteRangeStoresNothing {
            storeInHTTPCache(response, sent: actual)
        }
        revalidating = nil
        scriptValidating = nil
        return answered(response, fromCache: false, cache: &cache)
    }

    /// A response for the actual request, from the network or the HTTP cache: the CORS check, then
    /// a redirect or the end of the fetch. A stored response is checked like a fresh one.
    private mutating func answered(_ response: WireResponse, fromCache: Bool, cache: inout PreflightCache) -> Action {
        lastAnsweredFromCache = fromCache
        var location = profile.redirects.statuses.isRedirect(response.status)
            ? profile.networkStack.repeatedResponseFields.location(in: response.headers) : nil
        if let value = location, value.trimmingHTTPWhitespace().isEmpty, profile.redirects.emptyLocation == .notARedirect {
            location = nil
        }
        if tainting == .cors,
           let f = corsCheck(response, origin: serializedRequestOrigin, includeCredentials: includeCredentials,
                             rules: profile.responseCheck) {
            if profile.cache.clearsOnActualFailure { clearCacheEntries(&cache) }
            // The fetch stops before the body is read, so what the HTTP cache was writing for this
            // response is dropped: the next fetch sends the request again. Recorded: Tests/Conformance
            // http-cache-redirect-hop-heuristic, http-cache-cors-failure-fresh (Chromium; Firefox keeps
            // it: `keepsResponseFailingCORSCheck`). A redirect has no body to wait for: it stays stored
            // in Chromium and WebKit, Firefox drops it (`keepsRedirectFailingCORSCheck`; recorded:
            // Tests/Conformance http-cache-redirect-cors-failure-head, dt-9001-00910).
            let keeps = location == nil ? profile.httpCache.keepsResponseFailingCORSCheck
                : profile.httpCache.keepsRedirectFailingCORSCheck
            // Only a response being written is dropped: not a stored one a 304 revalidated (it is
            // whole; recorded: dt4-9301-00021, Tests/Conformance http-cache-revalidate-failure-keeps-stored),
            // nor the answer to a request the cache left alone (dt4-9301-00055).
            if !fromCache, !keeps, !answeredByRevalidation, !scriptConditionalBypassesCache, !subrangeBypassesCache,
               !byteRangeStoresNothing, let sent = lastActual {
                httpCacheWrites.append(.invalidate(url: sent.url, partition: httpCachePartition))
            }
            return fail(CORSFailure(reason: f.reason, phase: location == nil ? .response : .redirect, value: f.value,
                                    url: currentURL, status: response.status, originValueIsInvalidURL: f.invalidURL,
                                    redirectTarget: location))
        }
        // HTTP fetch: the cross-origin resource policy check, on every response (a redirect, one
        // from the HTTP cache) of a no-cors request (Checks/ResourcePolicy.swift).
        if let block = resourcePolicyCheck(response.headers, mode: request.mode, requestOrigin: pageOrigin,
                                           responseURL: currentURL, rules: profile.resourcePolicy) {
            // As for a failed CORS check, the blocked final response does not stay in the HTTP cache.
            // Recorded: Tests/Conformance corp-blocked-then-cors-cached (the cors fetch that follows
            // is sent again in all three engines).
            if !fromCache, location == nil, let sent = lastActual {
                httpCacheWrites.append(.invalidate(url: sent.url, partition: httpCachePartition))
            }
            if location != nil { dropRefusedRedirect() }
            return fail(CORSFailure(reason: .crossOriginResourcePolicy, phase: location == nil ? .response : .redirect,
                                    value: block.policy.rawValue, url: currentURL, status: response.status,
                                    redirectTarget: location))
        }
        if let location {
            if tainting == .cors, request.redirect == .follow, profile.redirects.redirectRecheckedWithInitialCredentials,
               !includeCredentials, startedWithCredentials,
               let f = corsCheck(response, origin: serializedRequestOrigin, includeCredentials: true,
                                 rules: profile.responseCheck) {
                failedRedirectRecheck = CORSFailure(reason: f.reason, phase: .redirect, value: f.value, url: currentURL,
                                                    status: response.status, originValueIsInvalidURL: f.invalidURL,
                                                    redirectTarget: location)
            }
            return redirect(response, location: location, cache: &cache)
        }
        // HTTP fetch step 8: the redirect mode applies to a redirect status even without a
        // Location (HTTP-redirect fetch would then return the response itself).
        if response.isRedirect, !response.headers.contains(lowercased: "location") {
            switch request.redirect {
            case .manual:
                return finish(response, opaqueRedirect: true, keepsBody: profile.redirects.manualWithoutLocationKeepsBody)
            case .error where !profile.redirects.errorModeIgnoresRedirectWithoutLocation:
                return fail(CORSFailure(reason: .redirectErrorMode, phase: .redirect, value: nil, url: currentURL,
                                        status: response.status))
            case .error, .follow:
                break
            }
        }
        if tainting == .opaque { opaqueResponseBlocking(response, fromCache: fromCache) }
        return finish(response)
    }

    /// Opaque Response Blocking of the final response to a cross-origin `no-cors` request. The
    /// script's opaque response is the same either way; a blocked response's load is cancelled
    /// where the profile says so, which drops what the HTTP cache was writing (a response read
    /// from the cache is not written again).
    private mutating func opaqueResponseBlocking(_ response: WireResponse, fromCache: Bool) {
        let rules = profile.opaqueResponseBlocking
        guard rules.analyzer != .none,
              // Only the first bytes are sniffed: no copy of a large body.
              let decision = CORSSim.opaqueResponseBlocking(status: response.status, headers: response.headers,
                                                            body: Array(response.body.utf8.prefix(orbSniffLength)),
                                                            sameOriginWithPage: currentURL.origin == pageOrigin,
                                                            analyzer: rules.analyzer),
              decision.blocked else { return }
        let drops = !rules.blockedResponseStored && !fromCache
        if drops, let sent = lastActual {
            httpCacheWrites.append(.invalidate(url: sent.url, partition: httpCachePartition))
        }
        events.append(.opaqueResponseBlocked(url: currentURL, reason: decision.reason, droppedFromHTTPCache: drops))
    }

    // MARK: Redirects

    /// A redirect from the network that the fetch refuses for what the redirect response itself
    /// says (its Cross-Origin-Resource-Policy, its Location, one past the limit): where the profile
    /// does not keep such a redirect (`keepsRefusedRedirect`), what is stored for its URL goes.
    /// SIMULATION: every response stored for the URL in the partition goes, where Gecko dooms the
    /// one entry the request opened (of its own credentials mode).
    private mutating func dropRefusedRedirect() {
        if !profile.httpCache.keepsRefusedRedirect, !lastAnsweredFromCache, let sent = lastActual {
            httpCacheWrites.append(.invalidate(url: sent.url, partition: httpCachePartition))
        }
    }

    /// HTTP-redirect fetch (https://fetch.spec.whatwg.org/#http-redirect-fetch).
    private mutating func redirect(_ response: WireResponse, location: String, cache: inout PreflightCache) -> Action {
        func failure(_ reason: ReasonCode, _ value: String?) -> CORSFailure {
            CORSFailure(reason: reason, phase: .redirect, value: value, url: currentURL, status: response.status,
                        redirectTarget: location)
        }
        switch request.redirect {
        case .manual:
            return finish(response, opaqueRedirect: true)
        case .error where !profile.redirects.errorModeAfterLocationChecks:
            return fail(failure(.redirectErrorMode, location))
        case .error, .follow:
            break
        }
        // 3-4. Parse the location; a failure or a non-HTTP(S) scheme is a network error. The empty
        // string parses to the current URL without its fragment.
        let target: FetchURL
        if location.trimmingHTTPWhitespace().isEmpty {
            if profile.redirects.emptyLocation == .networkError { return fail(failure(.redirectEmptyLocation, location)) }
            target = urlWithoutFragment
        } else {
            let read = profile.networkStack.location(location)
            let value = profile.redirects.locationTabIsPercentEncoded ? read.replacing("\t", with: "%09") : read
            let parsed: FetchURL
            do throws(FetchURL.ParseError) {
                parsed = try currentURL.locationURL(value)
            } catch {
                var refused = failure(.redirectInvalidLocation, location)
                // A URL of another scheme (data:, blob:, about:, ftp:): the consoles tell them apart.
                if case .unsupportedScheme(let scheme) = error,
                   case .success(let record) = parseURL(value, base: currentURL.record) {
                    // A blob: URL's origin is that of the URL in its path (https://url.spec.whatwg.org/#concept-url-origin).
                    let inner = scheme == "blob" ? try? FetchURL(parsing: String(decoding: record.serializedPath, as: UTF8.self)) : nil
                    refused.nonHTTPLocation = NonHTTPLocation(
                        url: String(decoding: record.serialized(), as: UTF8.self), scheme: scheme,
                        sameOriginWithPage: inner.map { $0.origin == pageOrigin } ?? false,
                        corsMode: request.mode == .cors, leftPageOrigin: tainting == .cors)
                }
                dropRefusedRedirect()
                return fail(refused)
            }
            target = profile.requestValidation.engineURL(parsed)
        }
        // 5. If request's redirect count is 20, then return a network error.
        if redirectCount >= profile.redirects.limit {
            dropRefusedRedirect()
            return fail(failure(.redirectLimit, String(redirectCount)))
        }
        // 6. Increase request's redirect count by 1.
        redirectCount += 1
        // 7-8. A cross-origin location that includes credentials is a network error (in cors mode,
        // or whenever the response tainting is cors). Where the profile says so, a request that has
        // not left the page's origin yet is refused only after the next hop's preflight, before its
        // request (`crossOriginLocationCredentialsRefusedAfterPreflight`).
        if target.includesCredentials,
           (request.mode == .cors && target.origin != pageOrigin) || tainting == .cors {
            let refused = failure(.redirectCredentialsInURL, target.serialized())
            guard tainting != .cors, profile.redirects.crossOriginLocationCredentialsRefusedAfterPreflight else {
                return fail(refused)
            }
            if failedRedirectRecheck == nil { failedRedirectRecheck = refused }
        }
        // Where the profile applies redirect mode "error" after the location's checks (Chromium's
        // renderer, once the network service has let the redirect through).
        if request.redirect == .error { return fail(failure(.redirectErrorMode, location)) }
        // Chromium's renderer then refuses any other location with credentials (the profile cites
        // Blink's ShouldBlockFetchAsCredentialedSubresource).
        // A same-origin request sent elsewhere fails on its mode in the network service first.
        if target.includesCredentials, profile.redirects.refusesCredentialsInAnyLocation,
           request.mode != .sameOrigin || target.origin == pageOrigin {
            return fail(failure(.redirectCredentialedSubresource, target.serialized()))
        }
        // Main fetch, run again for the new URL: mixed content is checked on every hop.
        if let f = mixedContentFailure(target, phase: .redirect, status: response.status, location: location) {
            return fail(f)
        }
        if let f = badPortFailure(target, phase: .redirect, status: response.status, location: location) {
            return fail(f)
        }
        // 12. 301/302 with POST, or 303 with anything but GET and HEAD: GET without a body.
        var newMethod: String?
        if ((response.status == 301 || response.status == 302) && method == "POST")
            || (response.status == 303 && method != "GET" && method != "HEAD")
            || (profile.redirects.crossOriginDeleteBecomesGET && method == "DELETE" && target.origin != currentURL.origin) {
            newMethod = "GET"
            method = "GET"
            body = nil
            for name in ["Content-Encoding", "Content-Language", "Content-Location", "Content-Type"] {
                if profile.redirects.preflightKeepsRemovedBodyHeaders, let value = headers.get(name) {
                    removedBodyHeaders.append(Header(name, value))
                }
                if profile.redirects.preflightAsksRemovedBodyHeadersOnLaterHop, headers.get(name) != nil {
                    removedBodyHeaderNames.insert(name.byteLowercased())
                }
                headers.remove(name)
            }
            headersChangedByRedirect = true
        }
        // Gecko leaves the request-body headers out of the preflight's names only on the hop that
        // changed the method; a later hop asks about them again.
        if profile.redirects.preflightAsksRemovedBodyHeadersOnLaterHop, !removedBodyHeaderNames.isEmpty {
            asksRemovedBodyHeaders = newMethod == nil
            headersChangedByRedirect = true
        }
        // 13. If request's current URL's origin is not same origin with locationURL's origin,
        // remove `Authorization`.
        var removedAuthorization = false
        if target.origin != currentURL.origin, profile.redirects.stripsAuthorizationCrossOrigin, headers.contains(lowercased: "authorization") {
            if profile.redirects.preflightKeepsRemovedBodyHeaders, let value = headers.get("Authorization") {
                removedBodyHeaders.append(Header("Authorization", value))
            }
            if profile.redirects.preflightAsksRemovedAuthorizationOnSameOriginHop {
                self.removedAuthorization = headers.get("Authorization")
            }
            headers.remove("authorization")
            removedAuthorization = true
            headersChangedByRedirect = true
        }
        // Gecko filters `authorization` out of the preflight's names on a cross-origin hop only.
        if profile.redirects.preflightAsksRemovedAuthorizationOnSameOriginHop, self.removedAuthorization != nil {
            asksRemovedAuthorization = target.origin == currentURL.origin
            headersChangedByRedirect = true
        }
        if removedAuthorization { authorizationRemovedOnAHop = true }
        lastRedirect = (response.status, target.origin != currentURL.origin, newMethod != nil)
        // An Origin header kept across redirects does not survive a cross-origin hop.
        if target.origin != currentURL.origin {
            originSent = nil
            crossedOrigins = true
        }
        // Redirect-taint: a hop away from an origin that is not the request's own taints it.
        let taints = !originTainted && target.origin != currentURL.origin && currentURL.origin != pageOrigin
        if taints { originTainted = true }
        events.append(.redirected(Redirect(from: currentURL, to: target, status: response.status, newMethod: newMethod,
                                           taintsOrigin: taints, removedAuthorization: removedAuthorization)))
        if !cookieContext(currentURL).sameSite { crossSiteHop = true }
        earlierURLs.append(currentURL)
        referrer = referrer.next(to: currentURL, page: pageOrigin, rules: profile.contextHeaders).state
        // Set request's referrer policy on redirect (https://w3c.github.io/webappsec-referrer-policy/#set-requests-referrer-policy-on-redirect):
        // the redirect's `Referrer-Policy`, if it names one, for the next hop. Recorded in the three
        // engines: Tests/Conformance referrer-policy-redirect-header.
        if let value = response.headers.value(lowercased: "referrer-policy"), let policy = ReferrerPolicy.parse(header: value) {
            referrer.requestPolicy = policy
            referrer.appliedPolicy = policy
        }
        // HttpBaseChannel.cpp SetupReplacementChannel: the channel after an https: one does not
        // inherit INHIBIT_PERSISTENT_CACHING. Recorded: Tests/Conformance
        // http-cache-after-cached-permanent-redirect-https (mixed: the hop after the https: 302 is
        // answered from the cache).
        if currentURL.scheme == "https" { afterCachedPermanentRedirect = false }
        currentURL = target
        // The next hop starts in `drive`, in a loop rather than a call: a redirect loop the HTTP
        // cache answers would otherwise nest every hop's frames (twenty and more).
        hopPending = true
        return .finished
    }

    /// A mixed-content network error for a request to `url`, or nil when the page may fetch it.
    private func mixedContentFailure(_ url: FetchURL, phase: FailurePhase, status: Int? = nil,
                                     location: String? = nil) -> CORSFailure? {
        guard shouldBlockAsMixedContent(url, page: documentOrigin, topLevel: topLevelOrigin, rules: profile.mixedContent) else {
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

    /// A bad-port network error for a request to `url`, or nil when the engine connects to its port.
    private func badPortFailure(_ url: FetchURL, phase: FailurePhase, status: Int? = nil,
                                location: String? = nil) -> CORSFailure? {
        guard profile.portBlocking.blocks(url) else { return nil }
        return CORSFailure(reason: .badPort, phase: phase, value: url.serialized(), url: currentURL, status: status,
                           redirectTarget: location)
    }

    // MARK: Finishing

    private func preflightSummary() -> PreflightSummary {
        if !preflightsSent.isEmpty { return .sent }
        return cacheHits > 0 ? .cached : .none
    }

    /// - Parameter keepsBody: an opaque-redirect response keeps the body (`RedirectRules.manualWithoutLocationKeepsBody`).
    private mutating func finish(_ response: WireResponse, opaqueRedirect: Bool = false, keepsBody: Bool = false) -> Action {
        let type: ResponseType = opaqueRedirect ? .opaqueredirect : tainting
        // Main fetch: "If request's integrity metadata is not the empty string", the body is checked
        // against it (Checks/Integrity.swift); a failure is a network error, the request was sent.
        if !request.integrity.isEmpty {
            let body = response.bodyBytes
            if let failure = integrityFailure(metadata: request.integrity, type: type, body: body) {
                integrityFailedBodyBytes = body.count
                switch failure {
                case .notEligible:
                    return fail(CORSFailure(reason: .integrityNotEligible, phase: .response, value: nil, url: currentURL,
                                            status: response.status, redirectTarget: nil))
                case let .mismatch(algorithm, computed):
                    return fail(CORSFailure(reason: .integrityMismatch, phase: .response, value: algorithm + " " + computed,
                                            url: currentURL, status: response.status, redirectTarget: nil))
                }
            }
        }
        let verdict: Verdict = opaqueRedirect ? .opaqueRedirect : tainting == .opaque ? .opaque : .readable
        // The response's URL is the one the network stack sent (WebKitGTK's ResourceResponseSoup.cpp
        // takes it from the SoupMessage's GUri).
        // What the engine's network stack keeps of repeated lines (`repeatedResponseHeaderValues`).
        var kept = response
        kept.headers = profile.networkStack.repeatedResponseHeaderValues.scriptLines(response.headers)
        var scriptResponse = filteredResponse(kept, type: type, url: profile.networkStack.wireURL(currentURL),
                                              redirected: redirectCount > 0,
                                              includeCredentials: includeCredentials,
                                              exposeListFailure: profile.responseCheck.exposeListFailure)
        if keepsBody { scriptResponse.body = response.body }
        // A HEAD's response has no body, whatever the server wrote after its headers (recorded:
        // Tests/Conformance simple-head, method-head-lowercase: the script reads "").
        if method == "HEAD" { scriptResponse.body = "" }
        let console: [ConsoleMessage] = []
        outcome = FetchOutcome(browser: shared.profile.name, profileID: shared.id, displayName: shared.profile.displayName, request: request, classification: classification, events: events,
                               verdict: verdict, response: scriptResponse, failure: nil, console: console,
                               scriptError: nil, preflight: preflightSummary(), preflightsSent: preflightsSent,
                               requestsReceived: requestsReceived)
        return .finished
    }

    /// Clear cache entries (https://fetch.spec.whatwg.org/#concept-cache-clear): every entry for
    /// this origin and URL, in every credentials mode.
    private mutating func clearCacheEntries(_ cache: inout PreflightCache) {
        let removed = cache.clear(partition: partition, origin: cacheKey().origin, url: PreflightCacheKey.url(for: currentURL))
        if removed > 0 { events.append(.cacheCleared(url: currentURL, count: removed)) }
    }

    /// A failed preflight: some browsers also drop what they had cached for the URL.
    private mutating func failPreflight(cache: inout PreflightCache, _ failure: CORSFailure) -> Action {
        if profile.cache.clearsOnPreflightFailure { clearCacheEntries(&cache) }
        return fail(failure)
    }

    private mutating func fail(_ failure: CORSFailure) -> Action {
        events.append(.failed(failure))
        let context = ConsoleContext(pageOrigin: pageOrigin, documentOrigin: documentOrigin, requestOrigin: serializedRequestOrigin,
                                     initialURL: classified.initialURL, method: method, includeCredentials: includeCredentials,
                                     topLevel: topLevelOrigin, integrity: request.integrity, responseBodyBytes: integrityFailedBodyBytes,
                                     mode: request.mode, redirect: request.redirect)
        let console = ConsoleText.lines(for: failure, style: profile.console, context: context)
        let scriptError = ConsoleText.scriptError(for: failure, rejection: classification.rejection, profile: profile)
        outcome = FetchOutcome(browser: shared.profile.name, profileID: shared.id, displayName: shared.profile.displayName, request: request, classification: classification, events: events,
                               verdict: .blocked, response: nil, failure: failure, console: console,
                               scriptError: scriptError, preflight: preflightSummary(), preflightsSent: preflightsSent,
                               requestsReceived: requestsReceived)
        return .finished
    }
}
