/// The replacing shape of preflight cache (Chromium `PreflightCache`, WebKit
/// `CrossOriginPreflightResultCache`): one result per key with one expiry; a new preflight for the
/// key replaces the result.
struct ReplacingPreflightCache: PreflightCacheStorage {
    let rules: PreflightCacheRules
    let eviction: PreflightCacheRules.ReplacingEviction

    private var results: [PreflightCacheKey: (result: PreflightResult, expiry: Int64)] = [:]
    /// Keys in Chromium's map order, for the random-run purge (empty when the cache is unbounded).
    private var orderedKeys: [PreflightCacheKey] = []
    private var random: SplitMix64

    init(rules: PreflightCacheRules, eviction: PreflightCacheRules.ReplacingEviction, seed: UInt64) {
        self.rules = rules
        self.eviction = eviction
        self.random = SplitMix64(seed: seed)
    }

    var count: Int { results.count }

    mutating func removeAll() {
        results.removeAll()
        orderedKeys.removeAll()
    }

    // MARK: Lookup

    mutating func lookup(_ q: PreflightCacheQuery, now: Int64) -> PreflightCacheLookup {
        guard let (result, expiry) = results[q.key] else { return .miss(.noEntry, erased: false) }
        let miss: PreflightCacheMiss?
        if rules.isExpired(expiry, now: now) {
            miss = .expired(atMilliseconds: expiry)
        } else {
            miss = entryMiss(result, q)
        }
        guard let miss else { return .hit(expiresAtMilliseconds: expiry) }
        if rules.erasesOnMiss { _ = remove(q.key) }
        return .miss(miss, erased: rules.erasesOnMiss)
    }

    /// Why a fresh entry does not cover the request (Chromium `EnsureAllowedRequest`, WebKit `allowsRequest`).
    private func entryMiss(_ result: PreflightResult, _ q: PreflightCacheQuery) -> PreflightCacheMiss? {
        if !result.credentials && q.includeCredentials { return .credentialsMismatch }
        let wildcard = rules.wildcardOnHit.honours(entryCredentials: result.credentials, requestCredentials: q.includeCredentials)
        if !rules.methodsExemptOnLookup.contains(q.method), !result.methods.contains(q.method),
           !(wildcard && result.methods.contains("*")) {
            return .methodNotCovered(q.method)
        }
        for name in q.headerNames where !result.headerNames.contains(name) {
            guard wildcard, result.headerNames.contains("*") else { return .headerNotCovered(name) }
            if name == "authorization", !rules.wildcardOnHit.coversAuthorization { return .wildcardNotHonoured(name) }
        }
        return nil
    }

    // MARK: Store

    mutating func store(_ result: PreflightResult, key: PreflightCacheKey, expiry: Int64, now: Int64) -> PreflightCacheStore {
        let isNew = results[key] == nil
        var evicted: [PreflightCacheKey] = []
        if isNew { evicted = makeRoom() }
        results[key] = (result, expiry)
        if isNew, case .randomRun = eviction { orderedKeys.insert(key, at: insertionIndex(key)) }
        return .stored(expiresAtMilliseconds: expiry, replaced: !isNew, merged: false, evicted: evicted)
    }

    mutating func remove(_ key: PreflightCacheKey) -> Bool {
        guard results.removeValue(forKey: key) != nil else { return false }
        if case .randomRun = eviction {
            let i = insertionIndex(key)
            if i < orderedKeys.count, orderedKeys[i] == key { orderedKeys.remove(at: i) }
        }
        return true
    }

    // MARK: Capacity

    /// Where `key` is or would go in `orderedKeys` (binary search).
    private func insertionIndex(_ key: PreflightCacheKey) -> Int {
        var lo = 0, hi = orderedKeys.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if orderedKeys[mid] < key { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    private mutating func makeRoom() -> [PreflightCacheKey] {
        switch eviction {
        case .unbounded:
            return []
        case let .randomRun(capacity, run):
            // Chromium MayPurge(kMaxCacheEntries - 1, kPurgeUnit): above capacity - 1 entries,
            // erase `run` consecutive entries starting at RandInt(0, size - run).
            guard results.count >= capacity else { return [] }
            let run = min(run, orderedKeys.count)
            let start = Int(random.next(upperBound: UInt64(orderedKeys.count - run + 1)))
            let doomed = Array(orderedKeys[start..<(start + run)])
            orderedKeys.removeSubrange(start..<(start + run))
            for key in doomed { results[key] = nil }
            return doomed
        }
    }

    // MARK: Viewing

    var entries: [PreflightCacheEntryView] {
        results.sorted { $0.key < $1.key }.map { key, value in
            PreflightCacheEntryView(key: key, methods: value.result.methods.map { ($0, value.expiry) },
                                    headerNames: value.result.headerNames.map { ($0, value.expiry) },
                                    credentials: value.result.credentials, expiresAt: value.expiry)
        }
    }
}
