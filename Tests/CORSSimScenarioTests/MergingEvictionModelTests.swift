import Testing
@testable import CORSSim

/// The merging cache's eviction takes shortcuts (no purge scan while no token can have expired,
/// recency as stamps); this compares it, over seeded random runs, with the plain statement of
/// Gecko's rule: on every insertion at capacity, purge every entry's expired tokens, drop the
/// entries left empty (most recently used first), else drop the least recently used.
@Suite("Merging cache eviction against its plain model")
struct MergingEvictionModelTests {
    /// The plain model: a recency list reordered on every use, a full purge on every eviction.
    struct Model {
        var rules: PreflightCacheRules
        var capacity: Int
        var tokens: [PreflightCacheKey: [(name: String, expiry: Int64)]] = [:]
        var recency: [PreflightCacheKey] = []

        mutating func touch(_ key: PreflightCacheKey) {
            recency.removeAll { $0 == key }
            recency.insert(key, at: 0)
        }

        mutating func lookup(_ key: PreflightCacheKey, now: Int64) {
            guard var list = tokens[key] else { return }
            touch(key)
            list.removeAll { rules.isExpired($0.expiry, now: now) }
            tokens[key] = list
        }

        mutating func store(_ key: PreflightCacheKey, names: [String], expiry: Int64, now: Int64) -> [PreflightCacheKey] {
            var evicted: [PreflightCacheKey] = []
            if tokens[key] == nil, tokens.count >= capacity {
                for k in recency {
                    var list = tokens[k]!
                    list.removeAll { rules.isExpired($0.expiry, now: now) }
                    if list.isEmpty { evicted.append(k) } else { tokens[k] = list }
                }
                if evicted.isEmpty, let last = recency.last { evicted = [last] }
                for k in evicted { tokens[k] = nil; recency.removeAll { $0 == k } }
            }
            var list = tokens[key] ?? []
            for n in names {
                if let i = list.firstIndex(where: { $0.name == n }) { list[i].expiry = expiry } else { list.append((n, expiry)) }
            }
            tokens[key] = list
            touch(key)
            return evicted
        }
    }

    @Test("Same evictions and same entries as the plain model", arguments: [UInt64(1), 2, 3, 4, 5, 6, 7, 8])
    func agreesWithModel(seed: UInt64) {
        var rules = BrowserProfile.firefox.cache
        let capacity = 6
        rules.shape = .merging(eviction: .expiredThenLeastRecentlyUsed(capacity: capacity))
        var cache = PreflightCache(rules: rules)
        var model = Model(rules: rules, capacity: capacity)
        var random = SplitMix64(seed: seed)
        let url = try! FetchURL(parsing: "https://api.example/")
        var now: Int64 = 0
        for _ in 0..<2000 {
            let key = PreflightCacheKey(partition: "p", origin: "o", url: "u\(random.next(upperBound: 12))", credentials: false)
            now += Int64(random.next(upperBound: 3)) * 500
            if random.next(upperBound: 3) == 0 {
                _ = cache.lookup(PreflightCacheQuery(key: key, method: "PUT", headerNames: [], includeCredentials: false), now: now)
                model.lookup(key, now: now)
            } else {
                let names = random.next(upperBound: 5) == 0 ? [] : ["PUT"]
                let seconds = Int64(random.next(upperBound: 4))
                let result = cache.store(PreflightResult(methods: names, headerNames: [], credentials: false), key: key, url: url,
                                         maxAgeSeconds: seconds, now: now)
                let evicted = model.store(key, names: names, expiry: now + seconds * 1000, now: now)
                guard case .stored(_, _, _, let got) = result else { Issue.record("not stored"); return }
                #expect(got == evicted)
            }
            let snapshot = cache.entries.map { "\($0.key.url) \($0.methods.map { "\($0.name)@\($0.expiresAt)" })" }
            let expected = model.tokens.sorted { $0.key < $1.key }.map { "\($0.key.url) \($0.value.map { "\($0.name)@\($0.expiry)" })" }
            #expect(snapshot == expected)
            if snapshot != expected { return }
        }
    }

    @Test("Same evictions and entries as the plain model with several methods and header names per entry",
          arguments: [UInt64(11), 12, 13, 14, 15, 16, 17, 18, 19, 20])
    func agreesWithModelOnMixedTokens(seed: UInt64) {
        var rules = BrowserProfile.firefox.cache
        let capacity = 5
        rules.shape = .merging(eviction: .expiredThenLeastRecentlyUsed(capacity: capacity))
        var cache = PreflightCache(rules: rules)
        var model = Model(rules: rules, capacity: capacity)
        var random = SplitMix64(seed: seed)
        let url = try! FetchURL(parsing: "https://api.example/")
        let methods = ["PUT", "DELETE", "PATCH"], headers = ["x-a", "x-b", "content-type", "authorization"]
        var now: Int64 = 0
        for round in 0..<3000 {
            let key = PreflightCacheKey(partition: "p", origin: "o", url: "u\(random.next(upperBound: 9))", credentials: false)
            now += Int64(random.next(upperBound: 4)) * 250
            if random.next(upperBound: 4) == 0 {
                let method = methods[Int(random.next(upperBound: 3))]
                _ = cache.lookup(PreflightCacheQuery(key: key, method: method, headerNames: [], includeCredentials: false), now: now)
                model.lookup(key, now: now)
            } else {
                let m = methods.filter { _ in random.next(upperBound: 2) == 0 }
                let h = headers.filter { _ in random.next(upperBound: 3) == 0 }
                let seconds = Int64(random.next(upperBound: 6))
                let result = cache.store(PreflightResult(methods: m, headerNames: h, credentials: false), key: key, url: url,
                                         maxAgeSeconds: seconds, now: now)
                let evicted = model.store(key, names: m.map { "m:" + $0 } + h.map { "h:" + $0 }, expiry: now + seconds * 1000, now: now)
                guard case .stored(_, _, _, let got) = result else { Issue.record("not stored"); return }
                #expect(got == evicted, "round \(round)")
            }
            let snapshot = cache.entries.map { entry in
                "\(entry.key.url) \(entry.methods.map { "m:\($0.name)@\($0.expiresAt)" } + entry.headerNames.map { "h:\($0.name)@\($0.expiresAt)" })"
            }
            let expected = model.tokens.sorted { $0.key < $1.key }.map { key, list in
                "\(key.url) \((list.filter { $0.name.hasPrefix("m:") } + list.filter { $0.name.hasPrefix("h:") }).map { "\($0.name)@\($0.expiry)" })"
            }
            #expect(snapshot == expected, "round \(round)")
            if snapshot != expected { return }
        }
    }
}
