/// The CORS-preflight cache of one browser (https://fetch.spec.whatwg.org/#cors-preflight-cache),
/// shaped by its `PreflightCacheRules`. A value with mutating methods; time comes in from the
/// caller's virtual clock in milliseconds.

/// What identifies cached preflight results.
public struct PreflightCacheKey: Sendable, Hashable, Comparable {
    /// The partition: the top-level site or origin, as the browser partitions.
    public var partition: String
    /// The serialized origin of the requesting document (opaque origins keep their identity).
    public var origin: String
    /// The request's current URL, serialized with its fragment (`PreflightCacheKey.url(for:)`).
    public var url: String
    /// The credentials flag, where the browser keys on it (Gecko); nil otherwise.
    public var credentials: Bool?

    public init(partition: String, origin: String, url: String, credentials: Bool?) {
        self.partition = partition
        self.origin = origin
        self.url = url
        self.credentials = credentials
    }

    /// The URL part of a key: the URL serialized *with* its fragment, so `/res` and `/res#a` are
    /// two entries, though the request line never carries the fragment. The Fetch Standard's
    /// cache entry matches on "request's current URL" (URL equality, fragments included), and every
    /// engine keys by the whole URL:
    /// - Chromium: https://source.chromium.org/chromium/chromium/src/+/main:services/network/cors/preflight_cache.cc
    ///   `AppendEntry` keys `cache_` by `url.spec()`, which keeps the ref.
    /// - Gecko: https://searchfox.org/mozilla-central/source/netwerk/protocol/http/nsCORSListenerProxy.cpp
    ///   `nsPreflightCache::GetCacheKey` appends `aURI->GetSpec(spec)` (not `GetSpecIgnoringRef`).
    /// - WebKit: https://github.com/WebKit/WebKit/blob/main/Source/WebCore/loader/CrossOriginPreflightResultCache.cpp
    ///   `appendEntry` keys `m_preflightHashMap` by (session, origin, `URL`), the whole URL.
    /// Recorded in Chromium 156, Firefox ESR 153 and WebKitGTK 2.50.6: `/res` then `/res#a` is a
    /// cache miss in all three (issue 14).
    /// Without a username or password: only WebKit preflights a URL a Location gave them
    /// (`RedirectRules.crossOriginLocationCredentialsRefusedAfterPreflight`), and its network
    /// process has taken them out of the URL by then. Recorded: Tests/Conformance
    /// redirect-userinfo-same-origin-start-preflight (the result the redirect's preflight stored
    /// answers a direct request, and one stored by a direct request answers the redirect).
    public static func url(for url: FetchURL) -> String {
        url.includesCredentials ? url.withoutCredentials.serialized() : url.serialized()
    }

    /// Hashes the URL and the credentials flag only: a browser's keys mostly share their partition
    /// and origin, so hashing those strings on every lookup told keys apart no better. Equal keys
    /// still hash equally (`==` compares every part).
    public func hash(into hasher: inout Hasher) {
        hasher.combine(url)
        hasher.combine(credentials)
    }

    /// Key order as Chromium's `std::map` sorts its tuple (origin, URL, isolation key).
    public static func < (a: PreflightCacheKey, b: PreflightCacheKey) -> Bool {
        if a.origin != b.origin { return a.origin < b.origin }
        if a.url != b.url { return a.url < b.url }
        if a.partition != b.partition { return a.partition < b.partition }
        return (a.credentials == true ? 1 : 0) < (b.credentials == true ? 1 : 0)
    }
}

/// The methods and header names a successful preflight allowed.
public struct PreflightResult: Sendable, Hashable {
    /// Methods as listed (case kept; compared case-sensitively).
    public var methods: [String]
    /// Header names, lower-cased (compared case-insensitively).
    public var headerNames: [String]
    /// Whether the preflight was for a credentialed request.
    public var credentials: Bool

    public init(methods: [String], headerNames: [String], credentials: Bool) {
        self.methods = methods
        self.headerNames = headerNames
        self.credentials = credentials
    }
}

/// What the request needs from the cache.
public struct PreflightCacheQuery: Sendable, Hashable {
    public var key: PreflightCacheKey
    public var method: String
    /// The CORS-unsafe request-header names, lower-cased.
    public var headerNames: [String]
    public var includeCredentials: Bool

    public init(key: PreflightCacheKey, method: String, headerNames: [String], includeCredentials: Bool) {
        self.key = key
        self.method = method
        self.headerNames = headerNames
        self.includeCredentials = includeCredentials
    }
}

/// Why the cache could not answer for a request.
public enum PreflightCacheMiss: Sendable, Hashable {
    case noEntry
    /// The entry (or the token needed) expired at this virtual time (ms).
    case expired(atMilliseconds: Int64)
    /// The entry came from a non-credentialed preflight and the request is credentialed.
    case credentialsMismatch
    case methodNotCovered(String)
    case headerNotCovered(String)
    /// The only thing covering the header is a cached `*`, which this browser does not honour here.
    case wildcardNotHonoured(String)
    /// A redirect tainted the request's origin and this browser keys such requests by a fresh
    /// opaque origin: nothing can match (the cache is not consulted).
    case taintedOrigin
    /// The page is an opaque origin and this browser reuses no preflight for such a page.
    case opaquePage
}

/// The answer of a lookup.
public enum PreflightCacheLookup: Sendable, Hashable {
    case hit(expiresAtMilliseconds: Int64)
    /// `erased` tells whether the lookup removed the entry that did not cover the request.
    case miss(PreflightCacheMiss, erased: Bool)
}

/// What storing a preflight result did.
public enum PreflightCacheStore: Sendable, Hashable {
    /// `evicted` lists the keys removed to make room.
    case stored(expiresAtMilliseconds: Int64, replaced: Bool, merged: Bool, evicted: [PreflightCacheKey])
    case notStored(NotStoredReason)

    public enum NotStoredReason: Sendable, Hashable {
        /// The URL is at least this browser's key-length limit.
        case urlTooLong(length: Int, limit: Int)
        /// The Max-Age value makes the browser skip caching.
        case maxAge(String)
        /// A redirect tainted the request's origin: the result is kept under a fresh opaque origin
        /// that no later request can match.
        case taintedOrigin
        /// The page is an opaque origin and this browser reuses no preflight for such a page.
        case opaquePage
    }
}

/// A snapshot of one entry, for showing the cache.
public struct PreflightCacheEntryView: Sendable, Hashable {
    public var key: PreflightCacheKey
    /// Allowed methods with their expiry (ms); one expiry for the whole entry in the replacing shape.
    public var methods: [(name: String, expiresAt: Int64)]
    public var headerNames: [(name: String, expiresAt: Int64)]
    public var credentials: Bool
    /// The entry's expiry (ms): the latest of its tokens'.
    public var expiresAt: Int64

    public static func == (a: Self, b: Self) -> Bool {
        a.key == b.key && a.credentials == b.credentials && a.expiresAt == b.expiresAt
            && a.methods.map { "\($0.name)@\($0.expiresAt)" } == b.methods.map { "\($0.name)@\($0.expiresAt)" }
            && a.headerNames.map { "\($0.name)@\($0.expiresAt)" } == b.headerNames.map { "\($0.name)@\($0.expiresAt)" }
    }

    public func hash(into h: inout Hasher) {
        h.combine(key)
        h.combine(expiresAt)
    }
}

/// One shape of preflight cache: what `PreflightCache` asks of the type that holds the entries.
/// The shape's rules are fixed when it is made; the front (`PreflightCache`) does what every shape
/// shares (the URL-length limit, turning Max-Age into an expiry, clearing a URL in every mode).
protocol PreflightCacheStorage: Sendable {
    var count: Int { get }
    /// Whether the cache answers for this request, erasing what the browser erases on a miss.
    mutating func lookup(_ query: PreflightCacheQuery, now: Int64) -> PreflightCacheLookup
    /// Stores (replacing or merging) a result that expires at `expiry`, making room first for a new key.
    mutating func store(_ result: PreflightResult, key: PreflightCacheKey, expiry: Int64, now: Int64) -> PreflightCacheStore
    /// Removes one key's entry; whether there was one.
    mutating func remove(_ key: PreflightCacheKey) -> Bool
    mutating func removeAll()
    /// The entries, sorted by key.
    var entries: [PreflightCacheEntryView] { get }
}

/// The CORS-preflight cache of one browser: a `ReplacingPreflightCache` or a `MergingPreflightCache`
/// as its rules' shape says, behind one interface.
public struct PreflightCache: Sendable {
    public let rules: PreflightCacheRules
    private var storage: any PreflightCacheStorage

    /// SIMULATION: Chromium picks the purge position with `base::RandInt`; this cache draws it from
    /// SplitMix64 with a fixed seed, so the same scenario evicts the same entries on every run.
    public static let defaultSeed: UInt64 = 0x00C0_25F1_0000_0001

    public init(rules: PreflightCacheRules, seed: UInt64 = PreflightCache.defaultSeed) {
        self.rules = rules
        switch rules.shape {
        case .replacing(let eviction):
            storage = ReplacingPreflightCache(rules: rules, eviction: eviction, seed: seed)
        case .merging(let eviction):
            storage = MergingPreflightCache(rules: rules, eviction: eviction)
        }
    }

    public var count: Int { storage.count }

    /// Forget everything (a browser restart).
    public mutating func removeAll() { storage.removeAll() }

    /// Whether the cache answers for this request, erasing what the browser erases on a miss.
    public mutating func lookup(_ query: PreflightCacheQuery, now: Int64) -> PreflightCacheLookup {
        storage.lookup(query, now: now)
    }

    /// Stores a successful preflight's result for `maxAgeSeconds`.
    public mutating func store(_ result: PreflightResult, key: PreflightCacheKey, url: FetchURL,
                               maxAgeSeconds: Int64, now: Int64) -> PreflightCacheStore {
        if let limit = rules.maxURLLength {
            let length = url.serialized().utf8.count
            if length >= limit { return .notStored(.urlTooLong(length: length, limit: limit)) }
        }
        let (ms, overflow) = maxAgeSeconds.multipliedReportingOverflow(by: 1000)
        var expiry = overflow ? Int64.max : now &+ ms
        // SIMULATION: a browser's clock always moves between two fetches, so a Max-Age of 0 (or
        // less) is stale by the next lookup even where expiry is `expiry < now` (WebKit); the
        // virtual clock does not move within a step, so such an entry expires one millisecond early.
        // The recorder's frozen clock shows WebKit reusing it when no time passes (dt6-9501-00097:
        // two fetches with no wait between), which a running clock never does (dt6-9501-00089,
        // recorded with --clock running: WebKit preflights again).
        if maxAgeSeconds <= 0 && !rules.expiredAtExactExpiry { expiry = now - 1 }
        return storage.store(result, key: key, expiry: expiry, now: now)
    }

    /// Removes the entries for this origin and URL in every credentials mode (Gecko's `RemoveEntries`,
    /// the standard's "clear cache entries").
    public mutating func clear(partition: String, origin: String, url: String) -> Int {
        // The key's only other part is the credentials flag: look the few candidates up directly.
        let candidates: [Bool?] = rules.credentialsInKey ? [false, true] : [nil]
        var removed = 0
        for credentials in candidates
        where storage.remove(PreflightCacheKey(partition: partition, origin: origin, url: url, credentials: credentials)) {
            removed += 1
        }
        return removed
    }

    /// The entries, sorted by key, for display. Expired entries are shown too, as the browser
    /// still holds them until a lookup or a purge.
    public var entries: [PreflightCacheEntryView] { storage.entries }
}

/// SplitMix64 (Steele, Lea, Flood 2014): a small, fast, seedable generator, so that the
/// simulation never reads real randomness.
public struct SplitMix64: Sendable, Hashable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A value in `0..<upperBound`.
    public mutating func next(upperBound: UInt64) -> UInt64 {
        precondition(upperBound > 0)
        return next() % upperBound
    }
}
