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
    public static func url(for url: FetchURL) -> String { url.serialized() }

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
    }
}

/// One cached token (a method or a header name) of the merging shape.
struct CachedToken: Sendable, Hashable {
    var name: String
    var expiry: Int64
    var credentials: Bool
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

public struct PreflightCache: Sendable {
    public let rules: PreflightCacheRules

    /// Replacing shape: one result per key, one expiry.
    private var results: [PreflightCacheKey: (result: PreflightResult, expiry: Int64)] = [:]
    /// Merging shape: tokens per key.
    private var tokens: [PreflightCacheKey: (methods: [CachedToken], headers: [CachedToken])] = [:]
    /// Keys in Chromium's map order (for the random-run purge).
    private var orderedKeys: [PreflightCacheKey] = []
    /// Keys from most to least recently used (for Gecko's LRU).
    private var recency: [PreflightCacheKey] = []
    private var random: SplitMix64

    /// SIMULATION: Chromium picks the purge position with `base::RandInt`; this cache draws it from
    /// SplitMix64 with a fixed seed, so the same scenario evicts the same entries on every run.
    public static let defaultSeed: UInt64 = 0x00C0_25F1_0000_0001

    public init(rules: PreflightCacheRules, seed: UInt64 = PreflightCache.defaultSeed) {
        self.rules = rules
        self.random = SplitMix64(seed: seed)
    }

    public var count: Int { rules.shape == .replace ? results.count : tokens.count }

    /// Forget everything (a browser restart).
    public mutating func removeAll() {
        results.removeAll()
        tokens.removeAll()
        orderedKeys.removeAll()
        recency.removeAll()
    }

    private func isExpired(_ expiry: Int64, now: Int64) -> Bool {
        rules.expiredAtExactExpiry ? expiry <= now : expiry < now
    }

    // MARK: Lookup

    /// Whether the cache answers for this request, erasing what the browser erases on a miss.
    public mutating func lookup(_ query: PreflightCacheQuery, now: Int64) -> PreflightCacheLookup {
        switch rules.shape {
        case .replace: return lookupReplacing(query, now: now)
        case .merge: return lookupMerging(query, now: now)
        }
    }

    private mutating func lookupReplacing(_ q: PreflightCacheQuery, now: Int64) -> PreflightCacheLookup {
        guard let (result, expiry) = results[q.key] else { return .miss(.noEntry, erased: false) }
        touch(q.key)
        let miss: PreflightCacheMiss?
        if isExpired(expiry, now: now) {
            miss = .expired(atMilliseconds: expiry)
        } else {
            miss = replacingEntryMiss(result, q)
        }
        guard let miss else { return .hit(expiresAtMilliseconds: expiry) }
        if rules.erasesOnMiss { remove(q.key) }
        return .miss(miss, erased: rules.erasesOnMiss)
    }

    private func wildcardAllowed(entryCredentials: Bool, requestCredentials: Bool) -> Bool {
        switch rules.wildcardOnHit {
        case .unlessEntryCredentialedNotAuthorization, .standard: return !entryCredentials && !requestCredentials
        case .unlessRequestCredentialed: return !requestCredentials
        case .never: return false
        }
    }

    private func replacingEntryMiss(_ result: PreflightResult, _ q: PreflightCacheQuery) -> PreflightCacheMiss? {
        if !result.credentials && q.includeCredentials { return .credentialsMismatch }
        let wildcard = wildcardAllowed(entryCredentials: result.credentials, requestCredentials: q.includeCredentials)
        if !rules.methodsExemptOnLookup.contains(q.method), !result.methods.contains(q.method),
           !(wildcard && result.methods.contains("*")) {
            return .methodNotCovered(q.method)
        }
        for name in q.headerNames where !result.headerNames.contains(name) {
            guard wildcard, result.headerNames.contains("*") else { return .headerNotCovered(name) }
            if name == "authorization", rules.wildcardOnHit == .unlessEntryCredentialedNotAuthorization || rules.wildcardOnHit == .standard {
                return .wildcardNotHonoured(name)
            }
        }
        return nil
    }

    private mutating func lookupMerging(_ q: PreflightCacheQuery, now: Int64) -> PreflightCacheLookup {
        guard var entry = tokens[q.key] else { return .miss(.noEntry, erased: false) }
        touch(q.key)
        // Gecko's CheckRequest purges expired tokens first.
        let expiredMethod = entry.methods.first { $0.name == q.method && isExpired($0.expiry, now: now) }
        entry.methods.removeAll { isExpired($0.expiry, now: now) }
        let expiredHeaders = entry.headers.filter { isExpired($0.expiry, now: now) }
        entry.headers.removeAll { isExpired($0.expiry, now: now) }
        tokens[q.key] = entry
        func usable(_ t: CachedToken) -> Bool { t.credentials || !q.includeCredentials }
        let wildcardHonoured = rules.wildcardOnHit != .never

        if !rules.methodsExemptOnLookup.contains(q.method) {
            let covered = entry.methods.contains { usable($0) && ($0.name == q.method || (wildcardHonoured && $0.name == "*" && !$0.credentials && !q.includeCredentials)) }
            if !covered {
                if let e = expiredMethod { return .miss(.expired(atMilliseconds: e.expiry), erased: false) }
                return .miss(.methodNotCovered(q.method), erased: false)
            }
        }
        for name in q.headerNames {
            if entry.headers.contains(where: { usable($0) && $0.name == name }) { continue }
            let star = wildcardHonoured && name != "authorization"
                && entry.headers.contains { usable($0) && $0.name == "*" && !$0.credentials && !q.includeCredentials }
            if star { continue }
            if let e = expiredHeaders.first(where: { $0.name == name }) {
                return .miss(.expired(atMilliseconds: e.expiry), erased: false)
            }
            if !wildcardHonoured || name == "authorization", entry.headers.contains(where: { $0.name == "*" }) {
                return .miss(.wildcardNotHonoured(name), erased: false)
            }
            return .miss(.headerNotCovered(name), erased: false)
        }
        let expiry = (entry.methods + entry.headers).map(\.expiry).max() ?? now
        return .hit(expiresAtMilliseconds: expiry)
    }

    // MARK: Store

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
        if maxAgeSeconds <= 0 && !rules.expiredAtExactExpiry { expiry = now - 1 }
        let isNew = rules.shape == .replace ? results[key] == nil : tokens[key] == nil
        var evicted: [PreflightCacheKey] = []
        if isNew { evicted = makeRoom(now: now) }
        switch rules.shape {
        case .replace:
            results[key] = (result, expiry)
        case .merge:
            var entry = tokens[key] ?? ([], [])
            for m in result.methods { upsert(&entry.methods, CachedToken(name: m, expiry: expiry, credentials: result.credentials)) }
            for h in result.headerNames { upsert(&entry.headers, CachedToken(name: h, expiry: expiry, credentials: result.credentials)) }
            tokens[key] = entry
        }
        if isNew { insertKey(key) }
        touch(key)
        return .stored(expiresAtMilliseconds: expiry, replaced: !isNew && rules.shape == .replace,
                       merged: !isNew && rules.shape == .merge, evicted: evicted)
    }

    private func upsert(_ list: inout [CachedToken], _ token: CachedToken) {
        if let i = list.firstIndex(where: { $0.name == token.name && $0.credentials == token.credentials }) {
            list[i].expiry = token.expiry
        } else {
            list.append(token)
        }
    }

    /// Removes the entries for this origin and URL in every credentials mode (Gecko's `RemoveEntries`,
    /// the standard's "clear cache entries").
    public mutating func clear(partition: String, origin: String, url: String) -> Int {
        // The key's only other part is the credentials flag: look the few candidates up directly.
        let candidates: [Bool?] = rules.credentialsInKey ? [false, true] : [nil]
        var removed = 0
        for credentials in candidates {
            let key = PreflightCacheKey(partition: partition, origin: origin, url: url, credentials: credentials)
            if results[key] != nil || tokens[key] != nil {
                remove(key)
                removed += 1
            }
        }
        return removed
    }

    private mutating func remove(_ key: PreflightCacheKey) {
        results[key] = nil
        tokens[key] = nil
        if let i = binarySearch(key), i < orderedKeys.count, orderedKeys[i] == key { orderedKeys.remove(at: i) }
        if let i = recency.firstIndex(of: key) { recency.remove(at: i) }
    }

    // MARK: Capacity

    private func binarySearch(_ key: PreflightCacheKey) -> Int? {
        guard case .randomRun = rules.eviction else { return nil }
        var lo = 0, hi = orderedKeys.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if orderedKeys[mid] < key { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    private mutating func insertKey(_ key: PreflightCacheKey) {
        if let i = binarySearch(key) { orderedKeys.insert(key, at: i) }
    }

    private mutating func touch(_ key: PreflightCacheKey) {
        guard rules.eviction == .expiredThenLeastRecentlyUsed else { return }
        if let i = recency.firstIndex(of: key) { recency.remove(at: i) }
        recency.insert(key, at: 0)
    }

    private mutating func makeRoom(now: Int64) -> [PreflightCacheKey] {
        guard let capacity = rules.capacity, count >= capacity else { return [] }
        switch rules.eviction {
        case .none:
            return []
        case .randomRun(let run):
            // Chromium MayPurge(kMaxCacheEntries - 1, kPurgeUnit): above capacity - 1 entries,
            // erase `run` consecutive entries starting at RandInt(0, size - run).
            let start = Int(random.next(upperBound: UInt64(orderedKeys.count - run + 1)))
            let doomed = Array(orderedKeys[start..<(start + run)])
            orderedKeys.removeSubrange(start..<(start + run))
            for key in doomed { results[key] = nil; tokens[key] = nil }
            return doomed
        case .expiredThenLeastRecentlyUsed:
            var doomed: [PreflightCacheKey] = []
            for key in recency {
                guard var entry = tokens[key] else { continue }
                entry.methods.removeAll { isExpired($0.expiry, now: now) }
                entry.headers.removeAll { isExpired($0.expiry, now: now) }
                if entry.methods.isEmpty && entry.headers.isEmpty { doomed.append(key) } else { tokens[key] = entry }
            }
            if doomed.isEmpty, let last = recency.last { doomed = [last] }
            for key in doomed { remove(key) }
            return doomed
        }
    }

    // MARK: Viewing

    /// The entries, sorted by key, for display. Expired entries are shown too, as the browser
    /// still holds them until a lookup or a purge.
    public var entries: [PreflightCacheEntryView] {
        switch rules.shape {
        case .replace:
            return results.sorted { $0.key < $1.key }.map { key, value in
                PreflightCacheEntryView(key: key, methods: value.result.methods.map { ($0, value.expiry) },
                                        headerNames: value.result.headerNames.map { ($0, value.expiry) },
                                        credentials: value.result.credentials, expiresAt: value.expiry)
            }
        case .merge:
            return tokens.sorted { $0.key < $1.key }.map { key, value in
                let all = value.methods + value.headers
                return PreflightCacheEntryView(key: key, methods: value.methods.map { ($0.name, $0.expiry) },
                                               headerNames: value.headers.map { ($0.name, $0.expiry) },
                                               credentials: key.credentials ?? all.contains { $0.credentials },
                                               expiresAt: all.map(\.expiry).max() ?? 0)
            }
        }
    }
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
