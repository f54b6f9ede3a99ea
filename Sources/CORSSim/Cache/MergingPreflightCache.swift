/// The merging shape of preflight cache (Gecko `nsPreflightCache`, the standard's CORS-preflight
/// cache): per key, one token per method and per header name, each with its own expiry and
/// credentials flag; a new preflight for the key is merged in.
struct MergingPreflightCache: PreflightCacheStorage {
    /// One cached token (a method or a header name).
    struct Token: Sendable, Hashable {
        var name: String
        var expiry: Int64
        var credentials: Bool
    }

    struct Entry: Sendable {
        var methods: [Token] = []
        var headers: [Token] = []
        /// When the entry was last used (a lookup or a store), for the least-recently-used eviction.
        var lastUse: UInt64 = 0

        /// Drops the tokens that expired at `now` (Gecko `CacheEntry::PurgeExpired`).
        mutating func purgeExpired(now: Int64, rules: PreflightCacheRules) {
            methods.removeAll { rules.isExpired($0.expiry, now: now) }
            headers.removeAll { rules.isExpired($0.expiry, now: now) }
        }
    }

    let rules: PreflightCacheRules
    let eviction: PreflightCacheRules.MergingEviction

    private var tokens: [PreflightCacheKey: Entry] = [:]
    /// The use counter: each lookup or store stamps its entry with the next value, so recency is
    /// kept in O(1) per use instead of a reordered list.
    private var uses: UInt64 = 0
    /// For the least-recently-used eviction: (key, stamp) in stamp order; a pair whose entry has been
    /// used since (or removed) is stale and skipped. Compacted when stale pairs dominate.
    private var recency: [(key: PreflightCacheKey, stamp: UInt64)] = []
    private var recencyHead = 0
    /// For the expired-first eviction: every stored token's expiry, earliest first, so making room
    /// purges exactly the expired tokens without visiting the entries that have none (O(log n)
    /// per token, instead of a scan of every entry per insertion). A record whose token has since
    /// been purged, re-stamped or removed is stale and skipped when it comes up.
    private var expiries = ExpiryQueue()
    private var expiriesAfterRebuild = 0
    /// Entries a lookup's purge left with no token (still held, as Gecko holds them until a purge).
    private var emptyKeys: Set<PreflightCacheKey> = []

    init(rules: PreflightCacheRules, eviction: PreflightCacheRules.MergingEviction) {
        self.rules = rules
        self.eviction = eviction
    }

    var count: Int { tokens.count }
    /// Recency records held, stale ones included (bounded by the compaction in `touch`).
    var recencyRecords: Int { recency.count - recencyHead }

    mutating func removeAll() {
        tokens.removeAll()
        recency.removeAll()
        recencyHead = 0
        expiries.removeAll()
        expiriesAfterRebuild = 0
        emptyKeys.removeAll()
    }

    private mutating func touch(_ entry: inout Entry, _ key: PreflightCacheKey) {
        uses += 1
        entry.lastUse = uses
        guard case .expiredThenLeastRecentlyUsed = eviction else { return }
        recency.append((key, uses))
        if recency.count > 64 && recency.count > 4 * tokens.count {
            // The touched entry is not written back yet: its live record is the one just appended.
            recency = recency[recencyHead...].filter { $0.key == key ? $0.stamp == uses : tokens[$0.key]?.lastUse == $0.stamp }
            recencyHead = 0
        }
    }

    /// Notes whether a purge left the entry with no token.
    private mutating func noteEmptiness(_ entry: Entry, _ key: PreflightCacheKey) {
        if entry.methods.isEmpty && entry.headers.isEmpty {
            emptyKeys.insert(key)
        } else if !emptyKeys.isEmpty {
            emptyKeys.remove(key)
        }
    }

    // MARK: Lookup

    mutating func lookup(_ q: PreflightCacheQuery, now: Int64) -> PreflightCacheLookup {
        guard var entry = tokens[q.key] else { return .miss(.noEntry, erased: false) }
        touch(&entry, q.key)
        // Gecko's CheckRequest purges expired tokens first.
        let expiredMethod = entry.methods.first { $0.name == q.method && rules.isExpired($0.expiry, now: now) }
        let expiredHeaders = entry.headers.filter { rules.isExpired($0.expiry, now: now) }
        entry.purgeExpired(now: now, rules: rules)
        tokens[q.key] = entry
        noteEmptiness(entry, q.key)
        guard let miss = entryMiss(entry, q, expiredMethod: expiredMethod, expiredHeaders: expiredHeaders) else {
            let expiry = (entry.methods + entry.headers).map(\.expiry).max() ?? now
            return .hit(expiresAtMilliseconds: expiry)
        }
        if rules.erasesOnMiss { _ = remove(q.key) }
        return .miss(miss, erased: rules.erasesOnMiss)
    }

    /// Why the entry's fresh tokens do not cover the request (Gecko `CacheEntry::CheckRequest`, the
    /// standard's "method cache entry match" and "header-name cache entry match").
    private func entryMiss(_ entry: Entry, _ q: PreflightCacheQuery, expiredMethod: Token?,
                           expiredHeaders: [Token]) -> PreflightCacheMiss? {
        func usable(_ t: Token) -> Bool { t.credentials || !q.includeCredentials }
        func wildcard(_ t: Token) -> Bool {
            t.name == "*" && rules.wildcardOnHit.honours(entryCredentials: t.credentials, requestCredentials: q.includeCredentials)
        }
        if !rules.methodsExemptOnLookup.contains(q.method) {
            let covered = entry.methods.contains { usable($0) && ($0.name == q.method || wildcard($0)) }
            if !covered {
                if let e = expiredMethod { return .expired(atMilliseconds: e.expiry) }
                return .methodNotCovered(q.method)
            }
        }
        for name in q.headerNames {
            if entry.headers.contains(where: { usable($0) && $0.name == name }) { continue }
            let starMayCover = name != "authorization" || rules.wildcardOnHit.coversAuthorization
            if starMayCover, entry.headers.contains(where: { usable($0) && wildcard($0) }) { continue }
            if let e = expiredHeaders.first(where: { $0.name == name }) { return .expired(atMilliseconds: e.expiry) }
            if rules.wildcardOnHit == .never || !starMayCover, entry.headers.contains(where: { $0.name == "*" }) {
                return .wildcardNotHonoured(name)
            }
            return .headerNotCovered(name)
        }
        return nil
    }

    // MARK: Store

    mutating func store(_ result: PreflightResult, key: PreflightCacheKey, expiry: Int64, now: Int64) -> PreflightCacheStore {
        let isNew = tokens[key] == nil
        var evicted: [PreflightCacheKey] = []
        if isNew { evicted = makeRoom(now: now) }
        var entry = tokens[key] ?? Entry()
        for m in result.methods { upsert(&entry.methods, Token(name: m, expiry: expiry, credentials: result.credentials)) }
        for h in result.headerNames { upsert(&entry.headers, Token(name: h, expiry: expiry, credentials: result.credentials)) }
        if case .expiredThenLeastRecentlyUsed = eviction {
            for m in result.methods {
                expiries.insert(.init(expiry: expiry, key: key, name: m, isHeader: false, credentials: result.credentials))
            }
            for h in result.headerNames {
                expiries.insert(.init(expiry: expiry, key: key, name: h, isHeader: true, credentials: result.credentials))
            }
            if expiries.count > 2 * max(64, expiriesAfterRebuild) { rebuildExpiries() }
        }
        touch(&entry, key)
        tokens[key] = entry
        noteEmptiness(entry, key)
        return .stored(expiresAtMilliseconds: expiry, replaced: false, merged: !isNew, evicted: evicted)
    }

    private func upsert(_ list: inout [Token], _ token: Token) {
        if let i = list.firstIndex(where: { $0.name == token.name && $0.credentials == token.credentials }) {
            list[i].expiry = token.expiry
        } else {
            list.append(token)
        }
    }

    mutating func remove(_ key: PreflightCacheKey) -> Bool {
        if !emptyKeys.isEmpty { emptyKeys.remove(key) }
        return tokens.removeValue(forKey: key) != nil
    }

    /// The least recently used entry, skipping stale recency pairs (amortized O(1)).
    private mutating func leastRecentlyUsed() -> (key: PreflightCacheKey, lastUse: UInt64)? {
        while recencyHead < recency.count {
            let pair = recency[recencyHead]
            if tokens[pair.key]?.lastUse == pair.stamp { return (pair.key, pair.stamp) }
            recencyHead += 1
        }
        return nil
    }

    // MARK: Capacity

    private mutating func makeRoom(now: Int64) -> [PreflightCacheKey] {
        switch eviction {
        case .unbounded:
            return []
        case .expiredThenLeastRecentlyUsed(let capacity):
            guard tokens.count >= capacity else { return [] }
            // Gecko GetEntry: "Try to kick out all the expired entries" (each entry purges its
            // expired tokens; an entry left empty goes), and if none went, the least recently used.
            // Every token that expired at `now` goes, each found through the queue; an entry left
            // with none joins those a lookup already emptied.
            while let next = expiries.min, rules.isExpired(next.expiry, now: now) {
                expiries.removeMin()
                guard var entry = tokens[next.key] else { continue }
                func matches(_ t: Token) -> Bool {
                    t.name == next.name && t.credentials == next.credentials && t.expiry == next.expiry
                }
                if next.isHeader {
                    guard let i = entry.headers.firstIndex(where: matches) else { continue }
                    entry.headers.remove(at: i)
                } else {
                    guard let i = entry.methods.firstIndex(where: matches) else { continue }
                    entry.methods.remove(at: i)
                }
                tokens[next.key] = entry
                noteEmptiness(entry, next.key)
            }
            var doomed = emptyKeys.compactMap { key in tokens[key].map { (key: key, lastUse: $0.lastUse) } }
            if doomed.isEmpty, let last = leastRecentlyUsed() { doomed = [last] }
            // Reported from the most to the least recently used, the order of Gecko's list.
            let keys = doomed.sorted { $0.lastUse > $1.lastUse }.map(\.key)
            for key in keys { _ = remove(key) }
            return keys
        }
    }

    /// Rebuilds the queue from the tokens held, dropping stale records: done when the queue has
    /// doubled since the last rebuild, so its size stays within twice the live tokens plus the
    /// records added since, at O(1) amortized per insertion.
    private mutating func rebuildExpiries() {
        var fresh = ExpiryQueue()
        for (key, entry) in tokens {
            for t in entry.methods { fresh.insert(.init(expiry: t.expiry, key: key, name: t.name, isHeader: false, credentials: t.credentials)) }
            for t in entry.headers { fresh.insert(.init(expiry: t.expiry, key: key, name: t.name, isHeader: true, credentials: t.credentials)) }
        }
        expiries = fresh
        expiriesAfterRebuild = fresh.count
    }

    // MARK: Viewing

    var entries: [PreflightCacheEntryView] {
        tokens.sorted { $0.key < $1.key }.map { key, value in
            let all = value.methods + value.headers
            return PreflightCacheEntryView(key: key, methods: value.methods.map { ($0.name, $0.expiry) },
                                           headerNames: value.headers.map { ($0.name, $0.expiry) },
                                           credentials: key.credentials ?? all.contains { $0.credentials },
                                           expiresAt: all.map(\.expiry).max() ?? 0)
        }
    }
}

/// A binary min-heap of token expiries (ms), earliest first; ties come out in insertion order, so
/// the queue is deterministic whatever the keys hash to.
struct ExpiryQueue: Sendable {
    struct Record: Sendable, Hashable {
        var expiry: Int64
        var key: PreflightCacheKey
        var name: String
        var isHeader: Bool
        var credentials: Bool
    }

    private var heap: [(record: Record, order: UInt64)] = []
    private var inserted: UInt64 = 0

    var count: Int { heap.count }
    var min: Record? { heap.first?.record }

    mutating func removeAll() {
        heap.removeAll()
        inserted = 0
    }

    private func before(_ i: Int, _ j: Int) -> Bool {
        let a = heap[i], b = heap[j]
        return a.record.expiry != b.record.expiry ? a.record.expiry < b.record.expiry : a.order < b.order
    }

    mutating func insert(_ record: Record) {
        inserted += 1
        heap.append((record, inserted))
        var i = heap.count - 1
        while i > 0 {
            let parent = (i - 1) / 2
            guard before(i, parent) else { break }
            heap.swapAt(i, parent)
            i = parent
        }
    }

    mutating func removeMin() {
        guard !heap.isEmpty else { return }
        heap.swapAt(0, heap.count - 1)
        heap.removeLast()
        var i = 0
        while true {
            let l = 2 * i + 1, r = l + 1
            var smallest = i
            if l < heap.count, before(l, smallest) { smallest = l }
            if r < heap.count, before(r, smallest) { smallest = r }
            if smallest == i { return }
            heap.swapAt(i, smallest)
            i = smallest
        }
    }
}
