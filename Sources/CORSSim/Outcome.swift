/// What one simulated `fetch()` did, as data: the events in order, the verdict, what the script
/// sees and what the console prints. Renderers turn this into text, JSON or diagrams.

/// One thing that happened during a fetch, in order.
public enum FetchEvent: Sendable, Hashable {
    /// `fetch()` threw before anything was sent.
    case rejectedBeforeSend(EarlyRejection)
    /// A cache mode made the browser skip the preflight cache lookup.
    case cacheLookupSkipped(CacheMode)
    /// The preflight cache was asked for this URL.
    case cacheLookup(url: FetchURL, result: PreflightCacheLookup)
    case preflightSent(WireRequest)
    case preflightResponse(WireResponse)
    /// The preflight passed; `authorizationByWildcard` when only `*` let `Authorization` through.
    case preflightPassed(authorizationByWildcard: Bool)
    /// What the cache made of the preflight's result.
    case cacheStore(key: PreflightCacheKey, maxAge: MaxAgeDecision, result: PreflightCacheStore)
    /// The result was not stored because of the request's cache mode.
    case cacheStoreSkipped(CacheMode)
    /// Entries removed after a failed CORS check (`count` entries).
    case cacheCleared(url: FetchURL, count: Int)
    case requestSent(WireRequest)
    case response(WireResponse)
    /// No server answered the request.
    case connectionRefused(url: FetchURL)
    /// The browser made the response itself, with nothing sent: scheme fetch of a `data:` URL
    /// (https://fetch.spec.whatwg.org/#scheme-fetch).
    case madeByBrowser(url: FetchURL, response: WireResponse)
    /// A decision of the browser's HTTP cache: a hit (nothing sent), a miss and why, a stale
    /// response, a revalidation, what was stored or why not.
    case httpCache(HTTPCacheEvent)
    case failed(CORSFailure)
    /// A redirect was followed.
    case redirected(Redirect)
    /// Cookies: those a request carried or withheld, and what a response's Set-Cookie stored.
    case cookies(CookieEvent)
    /// Opaque Response Blocking blocked a cross-origin `no-cors` response (`reason`: the step that
    /// decided): the script still gets its opaque response; `droppedFromHTTPCache` when the load
    /// was cancelled, so the HTTP cache keeps nothing of it.
    case opaqueResponseBlocked(url: FetchURL, reason: OpaqueResponseBlockingDecision.Reason, droppedFromHTTPCache: Bool)
}

/// A followed redirect.
public struct Redirect: Sendable, Hashable {
    public var from: FetchURL
    public var to: FetchURL
    public var status: Int
    /// The new method, when the redirect changed it (POST to GET).
    public var newMethod: String?
    /// Whether the hop tainted the origin, so later requests send `Origin: null`.
    public var taintsOrigin: Bool
    public var removedAuthorization: Bool
}

/// How the script's `fetch()` promise settles.
public enum Verdict: String, Sendable, Hashable, Codable {
    /// Resolves with a response the script can read (type basic or cors).
    case readable
    /// Resolves with an opaque response: status 0, no headers, no body.
    case opaque
    /// `redirect: 'manual'` met a redirect.
    case opaqueRedirect = "opaque-redirect"
    /// Rejects with a TypeError.
    case blocked
}

/// Response tainting (https://fetch.spec.whatwg.org/#concept-request-response-tainting) and the
/// `Response.type` the script sees.
public enum ResponseType: String, Sendable, Hashable, Codable {
    case basic, cors, opaque, opaqueredirect
}

/// What the script's `Response` holds.
public struct ScriptResponse: Sendable, Hashable {
    public var type: ResponseType
    public var status: Int
    public var statusText: String
    /// The response's URL ("" for opaque responses).
    public var url: String
    public var redirected: Bool
    /// The headers `response.headers` shows.
    public var headers: HeaderList
    public var body: String
}

/// Whether a preflight was needed and how it was answered.
public enum PreflightSummary: String, Sendable, Hashable, Codable {
    /// A preflight went on the wire (at least one, along a redirect chain).
    case sent
    /// Every preflight needed was answered from the cache.
    case cached
    /// None was needed, or the fetch was rejected before anything was sent.
    case none
}

/// One line in the browser's developer console.
public struct ConsoleMessage: Sendable, Hashable {
    public enum Level: String, Sendable, Hashable, Codable { case error, warning }
    public var level: Level
    public var text: String

    public init(_ level: Level, _ text: String) {
        self.level = level
        self.text = text
    }
}

/// Everything one simulated `fetch()` did.
public struct FetchOutcome: Sendable, Hashable {
    public var browser: BrowserName
    /// The profile's name: `chrome`, or `chrome@75` for an older version.
    public var profileID: String
    /// The profile's name for people: `Chrome`, `Chrome 75`.
    public var displayName: String
    public var request: FetchRequest
    public var classification: Classification
    public var events: [FetchEvent]
    public var verdict: Verdict
    /// The response the script holds, unless the fetch was blocked.
    public var response: ScriptResponse?
    public var failure: CORSFailure?
    public var console: [ConsoleMessage]
    /// The rejection the script sees, e.g. `TypeError: Failed to fetch`.
    public var scriptError: String?
    public var preflight: PreflightSummary
    /// Every preflight sent, in order.
    public var preflightsSent: [WireRequest]
    /// Every actual request that reached a server, in order (redirect hops included); never a
    /// preflight (those are in `preflightsSent`, and both, with responses, in `exchanges`).
    public var requestsReceived: [WireRequest]

    /// Whether the actual request reached a server.
    public var requestSent: Bool { !requestsReceived.isEmpty }
    /// The `Origin` header on the last actual request that reached a server; nil when it had none
    /// or none reached a server.
    public var lastOrigin: String? { requestsReceived.last?.headers.get("Origin") }
}
