/// The HTTP cache (https://httpwg.org/specs/rfc9111.html), only as far as `fetch()`'s
/// `cache: 'only-if-cached'` needs it: "the user agent uses any response in the HTTP cache matching
/// the request, not paying attention to staleness" (https://fetch.spec.whatwg.org/#concept-request-cache-mode).
///
/// SIMULATION: responses are stored only to answer `only-if-cached`; a fetch in any other cache
/// mode always goes to the network, where a browser would often answer a fresh response from its
/// cache. Freshness is not computed (`only-if-cached` ignores it).

/// What a browser does with `only-if-cached` when the HTTP cache has no response.
public enum OnlyIfCachedMiss: String, Sendable, Hashable {
    /// A network error, nothing sent (Chromium, Gecko, the standard).
    case networkError
    /// The request goes to the network as if in the default mode (WebKit).
    case fetched
}

/// A browser's HTTP cache: the last storable response for each URL, per cache partition.
public struct HTTPCache: Sendable {
    private var responses: [String: WireResponse] = [:]

    public init() {}

    private static func key(partition: String, url: FetchURL) -> String {
        partition + " " + url.serialized(excludingFragment: true)
    }

    /// Whether a response may be stored (RFC 9111 section 3, simplified): a response to GET, status
    /// 200, whose `Cache-Control` has a positive `max-age` and no `no-store`.
    public static func isStorable(method: String, response: WireResponse) -> Bool {
        guard method == "GET", response.status == 200,
              let directives = response.headers.getDecodeSplit("Cache-Control")?.map({ $0.byteLowercased() }) else { return false }
        if directives.contains("no-store") { return false }
        return directives.contains { directive in
            guard directive.hasPrefix("max-age="), let seconds = Int(directive.dropFirst(8)) else { return false }
            return seconds > 0
        }
    }

    /// Stores the response to a request for `url`, when it is storable.
    mutating func store(_ response: WireResponse, method: String, url: FetchURL, partition: String) {
        guard HTTPCache.isStorable(method: method, response: response) else { return }
        responses[HTTPCache.key(partition: partition, url: url)] = response
    }

    /// The stored response for `url`, stale or not.
    public func response(for url: FetchURL, partition: String) -> WireResponse? {
        responses[HTTPCache.key(partition: partition, url: url)]
    }

    public var count: Int { responses.count }
}
