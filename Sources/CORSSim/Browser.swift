/// The public face of the simulator: one browser (a profile), the page its script runs in, its
/// preflight cache and a virtual clock. A server test suite drives it directly:
///
/// ```swift
/// var chrome = Browser(.chrome, page: try Origin(parsing: "https://app.example"))
/// let outcome = chrome.fetch(FetchRequest("PUT", try FetchURL(parsing: "https://api.example/users")), server: myServer)
/// #expect(outcome.verdict == .readable)
/// ```

/// A server the browser talks to, answering synchronously (mock servers, route tables).
public protocol Server {
    /// The answer to one request; `.unreachable` when nothing listens at that origin.
    func respond(to request: WireRequest) -> ServerReply
}

/// A server answering asynchronously (an app under test, a real server behind a client).
public protocol AsyncServer {
    func respond(to request: WireRequest) async -> ServerReply
}

/// A server made of a closure; returning nil means nothing listens there.
public struct ClosureServer: Server {
    private let body: (WireRequest) -> WireResponse?

    public init(_ body: @escaping (WireRequest) -> WireResponse?) { self.body = body }

    public func respond(to request: WireRequest) -> ServerReply {
        body(request).map(ServerReply.response) ?? .unreachable
    }
}

/// An async server made of a closure.
public struct AsyncClosureServer: AsyncServer, Sendable {
    private let body: @Sendable (WireRequest) async -> WireResponse?

    /// A server whose answers come from `body` (nil: nothing listens, connection refused). The
    /// closure is `@Sendable`, so the server can be shared by parallel tests.
    public init(_ body: @escaping @Sendable (WireRequest) async -> WireResponse?) { self.body = body }

    public func respond(to request: WireRequest) async -> ServerReply {
        await body(request).map(ServerReply.response) ?? .unreachable
    }
}

/// The document a script runs in.
public struct Page: Sendable, Hashable {
    /// The document's origin.
    public var origin: Origin
    /// The top-level document's origin (the page's own when it is not embedded).
    public var topLevel: Origin
    /// The user's answer to the Local Network Access prompt for this page.
    public var localNetworkPermission: LocalNetworkPermission

    public init(origin: Origin, topLevel: Origin? = nil, localNetworkPermission: LocalNetworkPermission = .promptDismissed) {
        self.origin = origin
        self.topLevel = topLevel ?? origin
        self.localNetworkPermission = localNetworkPermission
    }
}

/// One simulated browser.
public struct Browser: Sendable {
    private let shared: SharedProfile
    public var profile: BrowserProfile { shared.profile }
    public private(set) var page: Page {
        didSet {
            partition = Browser.partition(for: page, embeddedIn: opaquePageEmbedder, profile.cache.partition)
            httpCachePartition = Browser.httpCachePartition(for: page, embeddedIn: opaquePageEmbedder, profile.httpCache)
            pageOriginSerialized = page.origin.serialized
        }
    }
    /// The cache partition for the current page, as this browser partitions.
    public private(set) var partition: String
    /// The virtual time, in milliseconds since the browser started. Nothing reads the real clock.
    public private(set) var now: Int64 = 0
    public private(set) var cache: PreflightCache
    /// The HTTP cache (on disk: a restart keeps it).
    public private(set) var httpCache = HTTPCache()
    /// The cookie jar (`Cookies/`): what requests carry, what responses and `setCookie(_:)` store.
    public private(set) var cookies = CookieJar()
    /// The addresses host names resolve to (the scenario's `address` attributes): the simulator's DNS.
    public private(set) var hostAddresses = HostAddresses()
    /// The HTTP cache partition for the current page, as this browser keys it (computed when the
    /// page changes, not per fetch: finding a site parses host names); nil: the page's requests
    /// do not use the HTTP cache (`HTTPCacheRules.opaquePageCache`).
    public private(set) var httpCachePartition: String?
    /// The document an opaque page (`page null`) is embedded in: the page before it (the last one
    /// with an origin when several `page null` follow each other), with its own top level.
    private var opaquePageEmbedder: Page?
    /// The page origin's serialization, made once per page instead of once per fetch.
    private var pageOriginSerialized: String
    private var nextOpaqueOrigin = 1
    /// The last request fetched, classified: a script fetching the same request again (byte for
    /// byte) reuses its classification instead of making it again.
    private var lastClassified: ClassifiedRequest?

    public init(_ profile: BrowserProfile, page: Origin, topLevel: Origin? = nil,
                seed: UInt64 = PreflightCache.defaultSeed) {
        self.shared = SharedProfile(profile)
        self.page = Page(origin: page, topLevel: topLevel)
        self.partition = Browser.partition(for: self.page, profile.cache.partition)
        self.httpCachePartition = Browser.httpCachePartition(for: self.page, embeddedIn: nil, profile.httpCache)
        self.pageOriginSerialized = page.serialized
        self.cache = PreflightCache(rules: profile.cache, seed: seed)
    }

    /// Navigates to a document of this origin (nil: a fresh opaque origin, such as a sandboxed
    /// iframe), optionally embedded in a top-level document of another origin.
    public mutating func navigate(to origin: Origin?, topLevel: Origin? = nil,
                                  localNetworkPermission: LocalNetworkPermission = .promptDismissed) {
        // a sandboxed iframe is served by the server of the page that embeds it, and embedded in it:
        // a `page null` after a `page null` stays in the same embedder.
        if origin == nil, !page.origin.isOpaque { opaquePageEmbedder = page }
        if origin != nil { opaquePageEmbedder = nil }
        let resolved = origin ?? newOpaqueOrigin()
        page = Page(origin: resolved, topLevel: topLevel, localNetworkPermission: localNetworkPermission)
    }

    /// Makes a host name resolve to an address (or just an address space); nil forgets it.
    /// What every host name without a `resolve(host:to:)` entry resolves to (nil: public).
    public mutating func resolveUnlistedHosts(to address: DeclaredAddress?) {
        hostAddresses.fallback = address
    }

    public mutating func resolve(host: String, to address: DeclaredAddress?) {
        hostAddresses.set(address, for: host)
    }

    /// A fresh opaque origin, equal to no other.
    public mutating func newOpaqueOrigin() -> Origin {
        defer { nextOpaqueOrigin += 1 }
        return .opaque(id: nextOpaqueOrigin)
    }

    /// Advances the virtual clock.
    public mutating func advance(milliseconds: Int64) {
        precondition(milliseconds >= 0, "the virtual clock only moves forward")
        now = now.addingReportingOverflow(milliseconds).overflow ? Int64.max : now + milliseconds
    }

    /// Advances the virtual clock by a duration (whole milliseconds).
    public mutating func advance(by duration: Duration) {
        let (seconds, attoseconds) = duration.components
        advance(milliseconds: seconds * 1000 + attoseconds / 1_000_000_000_000_000)
    }

    /// The browser restarts: the in-memory preflight cache and session cookies are gone; the
    /// clock goes on.
    public mutating func restart() {
        cache.removeAll()
        cookies.removeSessionCookies()
    }

    private static func partition(for page: Page, embeddedIn embedder: Page? = nil,
                                  _ rule: PreflightCacheRules.Partition) -> String {
        // A sandboxed iframe's requests are partitioned by the document that embeds it (Gecko's
        // OriginAttributes partitionKey, Chromium's top-frame site); which opaque origin made an
        // entry is the key's origin part (FetchProcess.cacheKey, `opaquePage`).
        if page.origin.isOpaque, let embedder { return partition(for: embedder, rule) }
        switch rule {
        case .topLevelSite: return page.topLevel.site
        case .topLevelOrigin: return page.topLevel.isOpaque ? page.topLevel.site : page.topLevel.serialized
        }
    }

    private static func httpCachePartition(for page: Page, embeddedIn embedder: Page?, _ rules: HTTPCacheRules) -> String? {
        if page.origin.isOpaque {
            switch rules.opaquePageCache {
            case .none: return nil
            case .ownPartition: break
            case .embeddingTopLevelSite:
                // the embedding document's top-level site (a page null before any page: its own)
                if let embedder { return httpCachePartition(for: embedder, embeddedIn: nil, rules) }
            }
        }
        switch rules.partition {
        case .topLevelSite: return page.topLevel.site
        case .topLevelAndFrameSite:
            let top = page.topLevel.site, frame = page.origin.site
            return top == frame ? top : "\(top) (frame \(frame))"
        case .none: return ""
        }
    }

    /// Starts a fetch that the caller drives (for servers of its own kind). When it is over, hand
    /// it to `finished(_:)` so the HTTP cache keeps what it stored.
    public func process(_ request: FetchRequest) -> FetchProcess {
        process(classified(request))
    }

    /// `request` classified: the last classification when it is the same request again.
    private func classified(_ request: FetchRequest) -> ClassifiedRequest {
        if let last = lastClassified, last.sameBytes(as: request) { return last }
        return ClassifiedRequest(request, profile: profile)
    }

    private func process(_ classified: ClassifiedRequest) -> FetchProcess {
        FetchProcess(classified, shared: shared, pageOrigin: page.origin, pageOriginSerialized: pageOriginSerialized,
                     topLevel: page.topLevel, partition: partition, now: now, httpCache: httpCache,
                     httpCachePartition: httpCachePartition, httpCacheUsable: httpCachePartition != nil,
                     network: LocalNetworkContext(addresses: hostAddresses, permission: page.localNetworkPermission,
                                                  opaquePageDocumentOrigin: opaquePageEmbedder?.origin,
                                                  topLevelPermission: opaquePageEmbedder?.localNetworkPermission),
                     cookies: cookies)
    }

    /// The page's script runs `document.cookie = text`: the cookie is set for the page's origin
    /// (path `/`), as this browser's policy allows (a cross-site embedded page is third-party).
    /// Returns what was stored, or why not. An opaque-origin page cannot set cookies.
    @discardableResult
    public mutating func setCookie(_ text: String) -> CookieStoreResult {
        guard case let .tuple(scheme, host, port) = page.origin else {
            return CookieStoreResult(name: "", stored: nil, deleted: false, refusal: .opaqueOrigin)
        }
        let url = FetchURL(scheme: scheme, username: "", password: "", host: host, port: port, path: "/", query: nil, fragment: nil)
        let context = CookieContext.request(to: url, page: page.origin, topLevel: page.topLevel, crossSiteHop: false,
                                            rules: profile.cookies)
        return cookies.store(text, from: url, context: context, rules: profile.cookies, now: now, fromScript: true)
    }

    /// Puts a cookie in the jar as it is (a test's fixture: a session the user already has).
    public mutating func insertCookie(_ cookie: Cookie) { cookies.insert(cookie) }

    /// Applies what a finished fetch stored in (or removed from) the HTTP cache.
    public mutating func finished(_ process: FetchProcess) {
        httpCache.apply(process.httpCacheWrites, rules: profile.httpCache)
        cookies = process.cookieJar
    }

    /// Runs `fetch()` against a synchronous server.
    public mutating func fetch(_ request: FetchRequest, server: some Server) -> FetchOutcome {
        let request = self.classified(request)
        lastClassified = request
        var process = self.process(request)
        // The process holds the jar until it finishes, so a response that sets a cookie does not
        // copy the whole jar.
        cookies = CookieJar()
        var action = process.start(cache: &cache)
        while true {
            switch action {
            case .finished:
                let outcome = process.takeOutcome(), writes = process.takeHTTPCacheWrites()
                cookies = process.cookieJar
                process.releaseHTTPCache()
                httpCache.apply(writes, rules: profile.httpCache)
                return outcome
            case .send(let wire): action = process.receive(server.respond(to: wire), cache: &cache)
            }
        }
    }

    /// Runs `fetch()` against an asynchronous server.
    public mutating func fetch(_ request: FetchRequest, server: some AsyncServer) async -> FetchOutcome {
        let request = self.classified(request)
        lastClassified = request
        var process = self.process(request)
        // The process holds the jar until it finishes, so a response that sets a cookie does not
        // copy the whole jar.
        cookies = CookieJar()
        var action = process.start(cache: &cache)
        while true {
            switch action {
            case .finished:
                let outcome = process.takeOutcome(), writes = process.takeHTTPCacheWrites()
                cookies = process.cookieJar
                process.releaseHTTPCache()
                httpCache.apply(writes, rules: profile.httpCache)
                return outcome
            case .send(let wire):
                let reply = await server.respond(to: wire)
                action = process.receive(reply, cache: &cache)
            }
        }
    }
}
