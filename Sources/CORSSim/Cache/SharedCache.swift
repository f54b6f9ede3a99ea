/// A shared cache (a CDN or reverse proxy) in front of a mock server: `server ORIGIN via cdn`.
/// RFC 9111 rules for shared caches (https://httpwg.org/specs/rfc9111.html): `s-maxage` before
/// `max-age` (section 5.2.2.10), `private` and `no-store` responses are not stored (5.2.2.7,
/// 5.2.2.5), a request with `Authorization` is stored only with `public`, `s-maxage` or
/// `must-revalidate` (3.5), `Vary` selects the variant (4.1), a stored response is served with an
/// `Age` header (5.1). It marks every response `X-Cache: HIT` or `X-Cache: MISS`, as CDNs do, which
/// is what `expect cdn hit|miss` reads.
///
/// SIMULATION: the modelled CDN also caches `OPTIONS` responses (CDNs do when told to, such as
/// CloudFront's cached methods GET, HEAD, OPTIONS), so a preflight's answer can be served to
/// another origin; a request's `Cache-Control: no-cache` or `Pragma: no-cache` makes it go to the
/// origin (RFC 9111 section 5.2.1.4), though many CDNs ignore it. It stores only responses with a
/// positive freshness lifetime, and never revalidates: a stale entry is fetched again.
public final class SharedCache: @unchecked Sendable {
    public struct Entry: Sendable, Hashable {
        public var method: String
        public var url: FetchURL
        public var response: WireResponse
        public var storedAt: Int64
        public var vary: [HTTPCacheEntry.VaryValue]
    }

    private var entries: [String: [Entry]] = [:]
    /// The virtual time in milliseconds (the scenario's clock).
    public var now: Int64 = 0

    public init() {}

    public var all: [Entry] { entries.keys.sorted().flatMap { entries[$0]! } }

    static let methods: Set<String> = ["GET", "HEAD", "OPTIONS"]

    private static func key(_ method: String, _ url: FetchURL) -> String { method + " " + HTTPCache.urlKey(url) }

    /// Answers a request from the cache, or forwards it to `origin` and maybe stores the answer.
    public func respond(to request: WireRequest, origin: (WireRequest) -> ServerReply) -> ServerReply {
        let key = Self.key(request.method, request.url)
        let requestCC = CacheControl(request.headers)
        let bypass = requestCC.has("no-cache") || request.headers.value(lowercased: "pragma")?.byteLowercased() == "no-cache"
        if Self.methods.contains(request.method), !bypass, let list = entries[key] {
            for entry in list.reversed()
            where entry.vary.allSatisfy({ request.headers.value(lowercased: $0.name) == $0.value }) {
                let age = age(entry)
                let (lifetime, _) = HTTPCache.freshnessLifetime(entry.response, receivedAt: entry.storedAt, shared: true,
                                                                rules: .standard)
                if age < lifetime {
                    return .response(Self.marked(entry.response, hit: true, age: age))
                }
            }
        }
        let reply = origin(request)
        guard case .response(let response) = reply else { return reply }
        store(response, for: request)
        return .response(Self.marked(response, hit: false, age: nil))
    }

    private func age(_ entry: Entry) -> Int64 {
        let ageValue = entry.response.headers.value(lowercased: "age").flatMap { Int64($0.trimmingHTTPWhitespace()) } ?? 0
        return max(0, ageValue) + (now - entry.storedAt) / 1000
    }

    private func store(_ response: WireResponse, for request: WireRequest) {
        guard Self.methods.contains(request.method), HTTPCache.heuristicallyCacheable.contains(response.status) else { return }
        let cc = CacheControl(response.headers)
        if cc.has("no-store") || cc.has("private") { return }
        if request.headers.contains(lowercased: "authorization"), !(cc.has("public") || cc.has("s-maxage") || cc.has("must-revalidate")) {
            return
        }
        guard let names = HTTPCache.varyNames(response) else { return }  // Vary: *
        let (lifetime, _) = HTTPCache.freshnessLifetime(response, receivedAt: now, shared: true, rules: .standard)
        guard lifetime > 0 else { return }
        let vary = names.map { HTTPCacheEntry.VaryValue(name: $0, value: request.headers.value(lowercased: $0)) }
        let key = Self.key(request.method, request.url)
        var list = entries[key] ?? []
        list.removeAll { $0.vary == vary }
        list.append(Entry(method: request.method, url: request.url, response: response, storedAt: now, vary: vary))
        entries[key] = list
    }

    /// The response as the CDN sends it on: `X-Cache`, and `Age` for a stored one.
    static func marked(_ response: WireResponse, hit: Bool, age: Int64?) -> WireResponse {
        var r = response
        if let age {
            r.headers.remove("Age")
            r.headers.append(Header("Age", lowercased: "age", String(age)))
        }
        r.headers.remove("X-Cache")
        r.headers.append(Header("X-Cache", lowercased: "x-cache", hit ? "HIT" : "MISS"))
        return r
    }
}
