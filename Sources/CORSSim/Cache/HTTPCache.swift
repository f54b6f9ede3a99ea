/// The browser's HTTP cache (RFC 9111, https://httpwg.org/specs/rfc9111.html) as each engine applies
/// it to `fetch()`: a private cache, keyed by partition and URL, on the virtual clock. It decides
/// whether a stored response answers a request (fresh hit), whether a conditional request goes
/// out (revalidation, answered by `304`), and what is stored. The CORS check then runs on whatever
/// it answers, stored or not (https://fetch.spec.whatwg.org/#http-network-or-cache-fetch): a
/// response stored for a `no-cors` fetch without `Access-Control-Allow-Origin` and without
/// `Vary: Origin` fails a later `cors` fetch of the URL with no request on the wire.
///
/// SIMULATION: the mock servers send no `Date` header (neither does the recorder's server), so the
/// response's date is the time it was received; HTTP dates in headers (`Expires`, `Last-Modified`)
/// are read against a virtual epoch: virtual time 0 is 2026-01-01T00:00:00Z
/// (`HTTPCache.virtualEpochUnixSeconds`).
/// SIMULATION: only `GET` responses are stored (no `HEAD` except where the profile says so; a 206
/// only where the profile says so, and outside `RangeRequestCache.byteRanges` it then answers a
/// later request whole: no stored response is cut to a requested range, nor are ranges joined);
/// `Vary` compares the headers the simulator models (the script's and `Origin`),
/// since the ones browsers add themselves (`Accept-Encoding`, `User-Agent`) are the same on every
/// request of one browser.

/// What a browser does with `only-if-cached` when the HTTP cache has no response.
public enum OnlyIfCachedMiss: String, Sendable, Hashable {
    /// A network error, nothing sent (Chromium, Gecko, the standard).
    case networkError
    /// The request goes to the network as if in the default mode (WebKit).
    case fetched
}

/// How one browser's HTTP cache behaves where engines differ.
public struct HTTPCacheRules: Sendable, Hashable {
    /// What the cache key holds besides the URL.
    public enum Partition: String, Sendable, Hashable {
        /// The top-level site and the frame's site (Chromium's network isolation key).
        case topLevelAndFrameSite = "top-level site + frame site"
        /// The top-level site (Gecko's partitionKey, WebKit's cache partition).
        case topLevelSite = "top-level site"
        /// No partition: one cache for every page.
        case none = "none"
    }

    public var partition: Partition
    /// Whether a request without credentials has a cache of its own (Chromium keys it apart).
    public var credentialsInKey: Bool
    /// Whether a response that could answer no request without asking the server is stored at all:
    /// one with no validator (`ETag`, `Last-Modified`) and no positive freshness lifetime (no
    /// freshness information, `max-age=0`, an `Expires` in the past, or `no-cache`). Stored, it can
    /// still answer `force-cache` and `only-if-cached`.
    public var storesWithoutFreshnessOrValidators: Bool
    /// The upper bound of heuristic freshness, in seconds (nil: none).
    public var heuristicCapSeconds: Int64?
    /// The statuses a stored response may be reused with without asking the server (nil: every
    /// stored status); a stored response of another status is always revalidated.
    public var reusableStatuses: Set<Int>?
    /// The statuses of a stored response that revalidation makes conditional with its validators
    /// (`If-None-Match`, `If-Modified-Since`); a stale stored response of another status is asked
    /// for again unconditionally (nil: every status).
    public var conditionalStatuses: Set<Int>?
    /// The statuses heuristic freshness (a tenth of Date minus Last-Modified) applies to (nil:
    /// RFC 9110's heuristically cacheable ones, section 15.1).
    public var heuristicStatuses: Set<Int>?
    /// What a `Cache-Control` or `Pragma` the script set on a `default`-mode request does to the
    /// lookup (RFC 9111 section 5.2.1).
    public var requestDirectives: RequestDirectives
    /// Whether a HEAD request may be answered by the stored response to a GET (read only: a HEAD
    /// response is never stored).
    public var headReadsStoredGET: Bool
    /// Whether a HEAD response is stored, kept apart from the GET one: it answers only a later HEAD
    /// (a GET never reads it). False: only GET responses are stored.
    public var storesHEADResponses: Bool
    /// Whether a response whose age equals its freshness lifetime is still fresh (expired only when
    /// the age is greater); false: fresh only while the age is below the lifetime (RFC 9111 4.2).
    /// SIMULATION: only for a positive lifetime: the virtual clock does not move between two steps
    /// without a `wait`, while a real browser's does, so a lifetime of 0 (`max-age=0`, an `Expires`
    /// in the past) is stale at once, as recorded (http-cache-expires-past).
    public var freshAtExactLifetime: Bool
    /// Statuses whose response, without explicit freshness, is fresh for a fixed time, in seconds
    /// (a permanent redirect is then followed from the cache, with no request).
    public var implicitFreshness: [Int: Int64]
    /// Whether a response of any status is stored (a 302, a 599, for `force-cache` and
    /// `only-if-cached`), not only the cacheable ones (`defaultCacheableStatuses`,
    /// `cacheableWithExplicitExpiration`).
    public var storesEveryStatus: Bool
    /// Where not every status is stored: the statuses stored whatever their headers say about
    /// freshness (nil: RFC 9110's heuristically cacheable ones, section 15.1).
    public var defaultCacheableStatuses: Set<Int>?
    /// Where not every status is stored: further statuses stored only when the response has a
    /// valid `Expires` date or a `max-age` (a 302 with `max-age=600`).
    public var cacheableWithExplicitExpiration: Set<Int>
    /// Which requests a redirect leads to are looked up in the cache (the standard: every hop goes
    /// through HTTP-network-or-cache fetch); the others always go to the network (their responses
    /// are still stored).
    public var redirectHopsReadCache: RedirectHopCacheRead
    /// Whether a request whose URL has a fragment stores no redirect (301, 302, 303, 307, 308) and
    /// no response a redirect led to, and takes no stored redirect unless its cache mode takes
    /// stale responses (`force-cache`, `only-if-cached`).
    public var redirectCacheSkipsFragmentURLs: Bool
    /// The number of redirects of one fetch past which no redirect is stored and no request reads
    /// the cache (nil: no such limit).
    public var cachedRedirectLimit: Int?
    /// Whether a stale stored response that a redirect answered from the cache leads to is
    /// revalidated by sending the fetch's first request again with that response's validators
    /// (the redirects it gets are then followed on the network, every hop carrying the
    /// validators, and a 304 revalidates the stored response); false: the conditional request
    /// goes to the stored response's own URL.
    public var revalidatesRedirectTargetThroughFirstRequest: Bool
    /// Whether a redirect hop that reads the cache finds what an earlier hop of the same fetch
    /// stored (a redirect loop of fresh redirects is then answered from the cache after its first
    /// round); false: what a fetch stores is read only by later fetches.
    public var hopsReadStoresOfSameFetch: Bool

    /// Which redirect hops read the HTTP cache.
    public enum RedirectHopCacheRead: String, Sendable, Hashable {
        /// Every hop (the standard, Chromium, Gecko).
        case always = "always"
        /// Only the target of a redirect that was itself answered from the cache; a redirect from
        /// the network is followed on the network (WebKit's NetworkResourceLoader).
        case afterCachedRedirect = "after a redirect from the cache"
    }
    /// Whether an `Expires` that is not a date (`0`) is ignored, so heuristic freshness
    /// (Last-Modified) applies; the standard reads it as already expired.
    public var ignoresInvalidExpires: Bool
    /// Whether a 206 (Partial Content) is stored (answering a request without `Range`, or one with
    /// a `Range` the cache reads and writes for, `rangeRequests`), and so answers a later request.
    public var storesPartialResponses: Bool
    /// How a request with a `Range` header uses the cache.
    public var rangeRequests: RangeRequestCache

    /// The part of the cache key a request's `Range` header makes: its value where the value is
    /// in the key (`rangeRequests` is `.rangeInKey`), nil otherwise.
    func keyRange(_ requestHeaders: HeaderList) -> String? {
        rangeRequests == .rangeInKey ? requestHeaders.value(lowercased: "range") : nil
    }

    /// How a request with a `Range` header uses the HTTP cache.
    public enum RangeRequestCache: String, Sendable, Hashable {
        /// Like a request without it: the `Range` header is not part of the key, and a stored
        /// response answers as it was stored (RFC 9110 section 14.2 lets a server, or a cache,
        /// ignore `Range` and answer 200).
        case likeAnyRequest = "like any request"
        /// A `Range` other than exactly `bytes=0-` (a sub-range) neither reads nor writes the
        /// cache; `bytes=0-` is like any request, and its 206 answers a later request without
        /// `Range` (Gecko's IsSubRangeRequest).
        case subrangeBypassesCache = "a sub-range bypasses the cache"
        /// The `Range` value (or its absence) is part of the key: a stored response answers only a
        /// request with the same `Range` (WebKit's NetworkCache::Key range).
        case rangeInKey = "the Range value is in the key"
        /// A `GET` with one byte range reads and writes the cache of its URL: a stored 200 answers
        /// it cut to a 206, a 206 with strong validators is kept as the bytes it holds and answers
        /// the ranges it covers (a request without `Range` with 200, the whole resource), and the
        /// bytes not stored are asked for with `Range` and `If-Range`; several ranges, or a `Range`
        /// that is not one byte range, neither read nor write (Chromium's PartialData,
        /// `Cache/ByteRangeCache.swift`).
        case byteRanges = "single byte ranges stored and combined"
    }
    /// The 3xx statuses whose response can answer a later request from the cache, and then only
    /// with a `Location` (a redirect); a 3xx of another status, or without a `Location`, is not
    /// kept for answering. nil: a 3xx is stored like any other status.
    public var answering3xxStatuses: Set<Int>?
    /// The statuses whose response is stored only with explicit freshness (a positive `max-age`
    /// lifetime, or an `Expires` field of any value, even one in the past or not a date) and
    /// without `no-cache` (`Pragma: no-cache` where there is no `Cache-Control`); without either,
    /// it is not stored, so it never answers a later request, not even under `force-cache`.
    public var explicitFreshnessStatuses: Set<Int>
    /// Whether a response that then failed the CORS check stays stored and answers later requests;
    /// false: the fetch stops reading the failed response, and its incomplete entry is dropped.
    public var keepsResponseFailingCORSCheck: Bool
    /// Whether a redirect from the network that the fetch refuses for what the redirect response
    /// itself says (its `Cross-Origin-Resource-Policy` blocks it, its `Location` is not a URL, it
    /// is one redirect past the limit) stays stored; false: what is stored for its URL is removed.
    public var keepsRefusedRedirect: Bool
    /// Whether a redirect (a 3xx with a `Location`) that failed the CORS check stays stored and
    /// answers later requests; false: the refused redirect's entry is dropped.
    public var keepsRedirectFailingCORSCheck: Bool
    /// Whether a response's `no-cache` with field names (`no-cache="X-A"`) requires validation as
    /// a bare `no-cache` does; false: it is ignored, as RFC 9111 section 5.2.2.4 allows (only the
    /// listed fields may not be reused unvalidated, which a private cache need not track).
    public var qualifiedNoCacheRequiresValidation: Bool
    /// How the cache reads a response's `max-age` directive and `Age` header (`CacheControl.maxAge`,
    /// `HTTPCache.ageHeaderSeconds`).
    public var deltaSecondsSyntax: DeltaSecondsSyntax
    /// Whether a response's `Pragma: no-cache` counts as `Cache-Control: no-cache` (revalidate
    /// before reuse; for a cache that keeps nothing without freshness or validators, nothing to
    /// keep), whatever its `Cache-Control`; false: RFC 9111 gives it no meaning in a response.
    public var responsePragmaNoCache: Bool
    /// Whether an `Expires` or `Last-Modified` written as an ISO 8601 date-time
    /// (`2099-01-02T00:00:00Z`), which is not an HTTP date, is read as that time; false: it is
    /// invalid (an `Expires` already expired, a `Last-Modified` gives no heuristic freshness).
    /// SIMULATION: a `Date` header is read as an HTTP date only.
    public var datesAcceptISO8601: Bool

    /// How an engine's HTTP cache reads the delta-seconds of `Cache-Control: max-age` and of `Age`
    /// in a response. Recorded in the three engines: Tests/Conformance http-cache-max-age-* (quoted,
    /// spaces around `=`, a fraction, 20 digits, the directive twice), http-cache-age-* (`595.5`,
    /// `+595`, `595, 1`, two lines, 20 digits). `Age`: the standard and Chromium's `GetAgeValue`
    /// read the first item as digits only (20 digits: the largest); Gecko's `GetAgeValue_locked`
    /// reads the combined value with `atoi` (`595.5`, `+595`, `595, 1` are 595); WebKit's
    /// `ResourceResponseBase::age` reads the whole value as a number (`595, 1` is not one).
    public enum DeltaSecondsSyntax: String, Sendable, Hashable {
        /// RFC 9111 section 1.2.2 and 5.2: delta-seconds, the quoted form accepted, the first
        /// occurrence wins, a value past the largest integer is the largest.
        case standard
        /// Chromium's `GetCacheControlDirective`: the first `max-age` followed at once by `=`
        /// whose value (spaces trimmed) is all digits, capped; other items are skipped.
        case chromium
        /// Gecko's `CacheControlParser`: the header read left to right, spaces allowed around
        /// `=`, the leading digits of the value as a 32-bit unsigned number (no quotes; overflow
        /// unsets it); each `max-age` replaces the one before, and the first item the grammar
        /// does not expect ends the parse.
        case gecko
        /// WebKit's `parseCacheControlDirectives`: `name=value` items, spaces trimmed, quotes
        /// removed, the value read as a double; the first valid `max-age` wins.
        case webkit
    }
    /// Whether a permanent redirect (301, 308) of an `http:` URL is kept in memory only, and once
    /// one is answered from the cache, every later request of that fetch reads only what is kept in
    /// memory only: a response stored otherwise for its URL is dropped and the request goes to the
    /// network (its response is then kept in memory only, and answers later requests as usual),
    /// until a request to an `https:` URL redirects.
    public var memoryOnlyAfterCachedPermanentRedirect: Bool
    /// Whether a `fetch()` whose URL is of another site than the page's (a third party's) is
    /// stored under a key of its own: a request of the page's site never reads what it stored,
    /// and the other way round.
    public var thirdPartyFetchInKey: Bool
    /// Which stored responses an unsafe method's response (a POST's, a DELETE's) removes.
    public var unsafeMethodInvalidation: UnsafeMethodInvalidation
    /// The methods whose response removes stored responses (nil: every method that is not safe,
    /// RFC 9111 section 4.4).
    public var invalidatingMethods: Set<String>?
    /// Whether an unsafe method's response removes stored responses whatever its status; false:
    /// only a non-error one (2xx, 3xx), as RFC 9111 section 4.4 says.
    public var invalidatesOnErrorStatus: Bool
    /// Whether the stored head leaves out every field with an empty value and the hop-by-hop and
    /// credential ones (`HTTPCache.prunedOnStore`), so a response answered from the cache lacks them.
    public var storedHeadDropsEmptyAndTransientFields: Bool

    /// Whether a stored response that `Vary` keeps from answering a request (another value of a
    /// header it names) is revalidated, as RFC 9111 section 4.3.1 allows ("a cache is allowed to
    /// validate a response that it cannot choose with the request header fields it is sending"),
    /// and with which validators; a 304 then makes it the variant of this request.
    public var varyMismatchValidation: VaryMismatchValidation

    /// Which validators revalidate a stored response of another `Vary` variant.
    public enum VaryMismatchValidation: String, Sendable, Hashable {
        /// None: the request goes out unconditional.
        case none
        /// `ETag` only (`If-None-Match`); a response with only `Last-Modified` is fetched again.
        case entityTagOnly = "ETag only"
    }
    /// Whether a 304 whose headers (merged into the stored response's) say `Cache-Control:
    /// no-store` removes the stored response (RFC 9111 section 5.2.2.5); false: it stays, updated.
    public var notModifiedNoStoreRemovesStored: Bool

    /// Whether a `Vary: Cookie` compares the cookies the jar holds for the URL (as a credentialed
    /// request would carry them, at storing and at lookup) rather than the request's own `Cookie`
    /// header, which a request that omits credentials lacks.
    public var varyCookieFromJar: Bool

    /// What the cache does with a request whose script set a conditional header (`If-None-Match`,
    /// `If-Modified-Since`, `If-Unmodified-Since`, `If-Match`, `If-Range`).
    public var scriptConditionalRequest: ScriptConditionalRequest

    /// What the HTTP cache does with a request the script made conditional itself.
    public struct ScriptConditionalRequest: Sendable, Hashable {
        /// The cache modes in which the cache neither reads nor writes for it: the page sees the
        /// server's answer, a 304 included (HTTP-network-or-cache fetch,
        /// https://fetch.spec.whatwg.org/#http-network-or-cache-fetch: `default` becomes `no-store`).
        public var bypassedModes: Set<CacheMode>
        /// The cache mode whose request headers a `default`-mode one carries (`no-store`:
        /// `Pragma: no-cache` and `Cache-Control: no-cache`; `no-cache`: `Cache-Control: max-age=0`).
        public var defaultModeHeadersOf: CacheMode
        /// Whether a 304 whose request's validators match the stored response's updates its
        /// headers and freshness (nothing else is stored).
        public var matching304UpdatesStored: Bool
        /// The cache modes in which a 304 updates the stored response's headers and freshness
        /// whatever validators the script sent (nothing else is stored).
        public var notModifiedUpdatesStoredInModes: Set<CacheMode>

        /// Every field is stated: a profile cannot leave one to a default.
        public init(bypassedModes: Set<CacheMode>, defaultModeHeadersOf: CacheMode, matching304UpdatesStored: Bool,
                    notModifiedUpdatesStoredInModes: Set<CacheMode>) {
            self.bypassedModes = bypassedModes
            self.defaultModeHeadersOf = defaultModeHeadersOf
            self.matching304UpdatesStored = matching304UpdatesStored
            self.notModifiedUpdatesStoredInModes = notModifiedUpdatesStoredInModes
        }

        /// The standard: only `default` changes, to `no-store`.
        public static let standard = ScriptConditionalRequest(bypassedModes: [.default], defaultModeHeadersOf: .noStore,
                                                              matching304UpdatesStored: false, notModifiedUpdatesStoredInModes: [])
    }

    /// What the response to an unsafe method removes from the cache (RFC 9111 section 4.4).
    public enum UnsafeMethodInvalidation: String, Sendable, Hashable {
        /// Every response stored for the request's URL in the partition (the section's MUST).
        case requestURL = "request URL"
        /// The request's URL, and the URLs its response's `Location` and `Content-Location` name
        /// when their host is the request's (any port), each only under the key of a request of
        /// the unsafe one's credentials and of the page's site (a GET's: not a HEAD's, not a
        /// third-party fetch's).
        case sameHostLocationsInRequestKey = "request URL and same-host Location, Content-Location, in the request's key"
    }

    /// What the request directives a script set (`Cache-Control: no-cache`, `max-age=0`,
    /// `max-stale=N`, `min-fresh=N`, `no-store`, `Pragma: no-cache`) do to the lookup of a
    /// `default`-mode request (RFC 9111 section 5.2.1); the other cache modes decide alone.
    public struct RequestDirectives: Sendable, Hashable {
        /// What a directive does to the stored response.
        public enum Effect: String, Sendable, Hashable {
            /// Nothing.
            case ignored
            /// The stored response is not read: the request goes out unconditional (its response
            /// is stored as usual).
            case notRead = "not read"
            /// The stored response is revalidated as if stale (with its validators, if any).
            case revalidate
        }
        /// Which `max-age=N` values count.
        public enum MaxAge: String, Sendable, Hashable {
            case ignored
            /// Only `max-age=0`, which revalidates; any other value is ignored.
            case zeroOnly = "max-age=0 only"
            /// Every value: a stored response older than N is revalidated.
            case any
        }
        /// `Cache-Control: no-cache`.
        public var noCache: Effect
        /// `Pragma: no-cache`.
        public var pragmaNoCache: Effect
        /// `Cache-Control: no-store`.
        public var noStore: Effect
        public var maxAge: MaxAge
        /// Whether `max-stale=N` lets a response stale by at most N seconds be reused.
        public var maxStale: Bool
        /// Whether `min-fresh=N` revalidates a response fresh for less than N more seconds.
        public var minFresh: Bool
        /// Whether the first of `max-stale`, `max-age`, `min-fresh` present, in that order, decides
        /// alone, in place of the response's own freshness; false: each narrows or widens it.
        public var firstDirectiveDecides: Bool
        /// Whether the age these directives compare leaves out the time the response spent in the
        /// cache: the larger of `Age` and now minus `Date` (no `Date`: 0); false: the current age
        /// (RFC 9111 section 4.2.3).
        public var ageWithoutResidentTime: Bool

        /// Every field is stated: a profile cannot leave one to a default.
        public init(noCache: Effect, pragmaNoCache: Effect, noStore: Effect, maxAge: MaxAge, maxStale: Bool,
                    minFresh: Bool, firstDirectiveDecides: Bool, ageWithoutResidentTime: Bool) {
            self.noCache = noCache
            self.pragmaNoCache = pragmaNoCache
            self.noStore = noStore
            self.maxAge = maxAge
            self.maxStale = maxStale
            self.minFresh = minFresh
            self.firstDirectiveDecides = firstDirectiveDecides
            self.ageWithoutResidentTime = ageWithoutResidentTime
        }

        /// RFC 9111 section 5.2.1 (`Pragma: no-cache` as `no-cache`, section 5.4); `no-store`
        /// forbids storing, not reading.
        public static let standard = RequestDirectives(noCache: .revalidate, pragmaNoCache: .revalidate, noStore: .ignored,
                                                       maxAge: .any, maxStale: true, minFresh: true,
                                                       firstDirectiveDecides: false, ageWithoutResidentTime: false)
    }

    /// Which cache an opaque-origin page (`page null`: a sandboxed iframe in a document of the page
    /// before it) reads and writes.
    public var opaquePageCache: OpaquePageCache

    /// Where the HTTP cache of an opaque-origin page is.
    public enum OpaquePageCache: String, Sendable, Hashable {
        /// None: its requests neither read nor write the cache (Chromium: an opaque frame site
        /// makes the network isolation key transient, and a transient key is not cached).
        case none
        /// The partition of the document embedding it (its top-level site), shared with that
        /// document and with every other opaque page it embeds.
        case embeddingTopLevelSite = "embedding top-level site"
        /// The profile's partition rule applied to the opaque page as its own top level: a cache
        /// of its own where the profile partitions, the one shared cache where it does not.
        case ownPartition = "own partition"
    }

    /// Every field is stated: a profile cannot leave one to a default.
    public init(partition: Partition, credentialsInKey: Bool, storesWithoutFreshnessOrValidators: Bool,
                heuristicCapSeconds: Int64?, reusableStatuses: Set<Int>?, conditionalStatuses: Set<Int>?,
                heuristicStatuses: Set<Int>?, requestDirectives: RequestDirectives, headReadsStoredGET: Bool,
                storesHEADResponses: Bool, freshAtExactLifetime: Bool,
                implicitFreshness: [Int: Int64], storesEveryStatus: Bool, defaultCacheableStatuses: Set<Int>?,
                cacheableWithExplicitExpiration: Set<Int>, redirectHopsReadCache: RedirectHopCacheRead,
                redirectCacheSkipsFragmentURLs: Bool, cachedRedirectLimit: Int?,
                revalidatesRedirectTargetThroughFirstRequest: Bool, hopsReadStoresOfSameFetch: Bool,
                ignoresInvalidExpires: Bool, storesPartialResponses: Bool, rangeRequests: RangeRequestCache,
                answering3xxStatuses: Set<Int>?,
                explicitFreshnessStatuses: Set<Int>, keepsResponseFailingCORSCheck: Bool, keepsRefusedRedirect: Bool,
                keepsRedirectFailingCORSCheck: Bool, qualifiedNoCacheRequiresValidation: Bool,
                deltaSecondsSyntax: DeltaSecondsSyntax, responsePragmaNoCache: Bool, datesAcceptISO8601: Bool,
                memoryOnlyAfterCachedPermanentRedirect: Bool, thirdPartyFetchInKey: Bool,
                unsafeMethodInvalidation: UnsafeMethodInvalidation, invalidatingMethods: Set<String>?,
                invalidatesOnErrorStatus: Bool, storedHeadDropsEmptyAndTransientFields: Bool,
                opaquePageCache: OpaquePageCache, scriptConditionalRequest: ScriptConditionalRequest,
                varyMismatchValidation: VaryMismatchValidation, notModifiedNoStoreRemovesStored: Bool,
                varyCookieFromJar: Bool) {
        self.varyCookieFromJar = varyCookieFromJar
        self.varyMismatchValidation = varyMismatchValidation
        self.notModifiedNoStoreRemovesStored = notModifiedNoStoreRemovesStored
        self.scriptConditionalRequest = scriptConditionalRequest
        self.storedHeadDropsEmptyAndTransientFields = storedHeadDropsEmptyAndTransientFields
        self.memoryOnlyAfterCachedPermanentRedirect = memoryOnlyAfterCachedPermanentRedirect
        self.thirdPartyFetchInKey = thirdPartyFetchInKey
        self.unsafeMethodInvalidation = unsafeMethodInvalidation
        self.invalidatingMethods = invalidatingMethods
        self.invalidatesOnErrorStatus = invalidatesOnErrorStatus
        self.conditionalStatuses = conditionalStatuses
        self.heuristicStatuses = heuristicStatuses
        self.requestDirectives = requestDirectives
        self.opaquePageCache = opaquePageCache
        self.storesPartialResponses = storesPartialResponses
        self.rangeRequests = rangeRequests
        self.answering3xxStatuses = answering3xxStatuses
        self.explicitFreshnessStatuses = explicitFreshnessStatuses
        self.keepsResponseFailingCORSCheck = keepsResponseFailingCORSCheck
        self.keepsRefusedRedirect = keepsRefusedRedirect
        self.keepsRedirectFailingCORSCheck = keepsRedirectFailingCORSCheck
        self.ignoresInvalidExpires = ignoresInvalidExpires
        self.qualifiedNoCacheRequiresValidation = qualifiedNoCacheRequiresValidation
        self.deltaSecondsSyntax = deltaSecondsSyntax
        self.responsePragmaNoCache = responsePragmaNoCache
        self.datesAcceptISO8601 = datesAcceptISO8601
        self.redirectHopsReadCache = redirectHopsReadCache
        self.redirectCacheSkipsFragmentURLs = redirectCacheSkipsFragmentURLs
        self.cachedRedirectLimit = cachedRedirectLimit
        self.revalidatesRedirectTargetThroughFirstRequest = revalidatesRedirectTargetThroughFirstRequest
        self.hopsReadStoresOfSameFetch = hopsReadStoresOfSameFetch
        self.implicitFreshness = implicitFreshness
        self.storesEveryStatus = storesEveryStatus
        self.defaultCacheableStatuses = defaultCacheableStatuses
        self.cacheableWithExplicitExpiration = cacheableWithExplicitExpiration
        self.headReadsStoredGET = headReadsStoredGET
        self.storesHEADResponses = storesHEADResponses
        self.freshAtExactLifetime = freshAtExactLifetime
        self.partition = partition
        self.credentialsInKey = credentialsInKey
        self.storesWithoutFreshnessOrValidators = storesWithoutFreshnessOrValidators
        self.heuristicCapSeconds = heuristicCapSeconds
        self.reusableStatuses = reusableStatuses
    }

    /// RFC 9111 as written: a key of the URL alone would be unpartitioned; the Fetch Standard's
    /// network partition key is the top-level site (https://fetch.spec.whatwg.org/#network-partition-keys).
    public static let standard = HTTPCacheRules(partition: .topLevelSite, credentialsInKey: false,
                                                storesWithoutFreshnessOrValidators: true, heuristicCapSeconds: nil,
                                                reusableStatuses: nil,
                                                // RFC 9111 section 4.3.1: any stored response with a validator.
                                                conditionalStatuses: nil,
                                                // RFC 9111 section 4.2.2: heuristically cacheable statuses.
                                                heuristicStatuses: nil,
                                                requestDirectives: .standard, headReadsStoredGET: false,
                                                storesHEADResponses: false, freshAtExactLifetime: false,
                                                implicitFreshness: [:], storesEveryStatus: false,
                                                defaultCacheableStatuses: nil, cacheableWithExplicitExpiration: [],
                                                redirectHopsReadCache: .always, redirectCacheSkipsFragmentURLs: false,
                                                cachedRedirectLimit: nil,
                                                // RFC 9111 section 4.3.1: the conditional request is
                                                // the request the cache is attempting to satisfy.
                                                revalidatesRedirectTargetThroughFirstRequest: false,
                                                // Each hop runs HTTP-network-or-cache fetch, and a response
                                                // is stored as it arrives (RFC 9111 section 3).
                                                hopsReadStoresOfSameFetch: true,
                                                ignoresInvalidExpires: false,
                                                // RFC 9111 section 3.3: a 206 to a request without Range is
                                                // incomplete and answers none; one to a range request is kept
                                                // by `rangeRequests`.
                                                storesPartialResponses: false,
                                                // RFC 9111 section 3.3: an incomplete response answers only a
                                                // range wholly within it, and section 3.4 lets a cache combine
                                                // partial responses with a strong validator; a stored 206 that
                                                // answered any request whole (`.likeAnyRequest`) would break
                                                // 3.3. WPT fetch/http-cache/partial.any.js asks for this model
                                                // (a stored 206 reused for its range, a stored 200 cut to a
                                                // smaller range), the key still the method and the URL (section 2).
                                                rangeRequests: .byteRanges,
                                                answering3xxStatuses: nil,
                                                // RFC 9111 section 3: any response with explicit freshness
                                                // or a heuristically cacheable status may be stored.
                                                explicitFreshnessStatuses: [],
                                                // Main fetch's CORS check terminates the fetch before the body
                                                // is read, and RFC 9111 section 3.3 does not let an incomplete
                                                // response answer a request.
                                                keepsResponseFailingCORSCheck: false,
                                                // RFC 9111 section 3: storing does not depend on what the
                                                // fetch then does with the response.
                                                keepsRefusedRedirect: true,
                                                // A redirect has no body: HTTP-network fetch stored it
                                                // whole before HTTP fetch's CORS check refused it.
                                                keepsRedirectFailingCORSCheck: true,
                                                qualifiedNoCacheRequiresValidation: false,
                                                deltaSecondsSyntax: .standard, responsePragmaNoCache: false,
                                                datesAcceptISO8601: false,
                                                memoryOnlyAfterCachedPermanentRedirect: false,
                                                thirdPartyFetchInKey: false,
                                                unsafeMethodInvalidation: .requestURL,
                                                // RFC 9111 section 4.4: a non-error response to an
                                                // unsafe method.
                                                invalidatingMethods: nil, invalidatesOnErrorStatus: false,
                                                storedHeadDropsEmptyAndTransientFields: false,
                                                // The network partition key's top-level site is the
                                                // embedding document's: a sandboxed iframe's top-level
                                                // origin is its top-level browsing context's.
                                                opaquePageCache: .embeddingTopLevelSite,
                                                // HTTP-network-or-cache fetch: a default-mode request
                                                // with a conditional header becomes no-store.
                                                scriptConditionalRequest: .standard,
                                                // RFC 9111 section 4.3.1 allows it; section 4.1 does
                                                // not ask for it.
                                                varyMismatchValidation: .none,
                                                // Section 5.2.2.5: no part of the response is stored.
                                                notModifiedNoStoreRemovesStored: true,
                                                // RFC 9111 section 4.1: the header fields of the request.
                                                varyCookieFromJar: false)
}

/// One stored response, with what freshness and `Vary` need.
public struct HTTPCacheEntry: Sendable, Hashable {
    public var url: FetchURL
    /// The method of the request that stored it: GET, or HEAD where the profile stores HEAD responses.
    public var method: String
    public var response: WireResponse
    /// The virtual time the response was received (ms).
    public var responseTime: Int64
    /// The request's values of the headers `Vary` names (lowercased name, value or nil), in order;
    /// nil when the response has `Vary: *`.
    public var varyValues: [VaryValue]?
    /// Whether the request that stored it carried credentials (for engines that key on it).
    public var credentialed: Bool
    /// Where it was stored: the partition shown in the trace.
    public var partition: String
    /// Kept in memory only (`memoryOnlyAfterCachedPermanentRedirect`).
    public var memoryOnly: Bool = false
    /// Stored for a fetch of a third party's URL, under a key of its own (`thirdPartyFetchInKey`).
    public var thirdPartyFetch: Bool = false
    /// The `Range` value of the request that stored it, where it is part of the key
    /// (`rangeRequests` is `.rangeInKey`); nil otherwise.
    public var range: String? = nil
    /// For a 206 kept by byte ranges (`rangeRequests` is `.byteRanges`): the complete length and
    /// the bytes stored so far; `response.body` is then unused. nil for any other stored response.
    public var byteRanges: StoredByteRanges? = nil

    public struct VaryValue: Sendable, Hashable {
        public var name: String
        public var value: String?
    }
}

/// Why a response was not stored.
public enum HTTPCacheNotStored: Sendable, Hashable {
    /// The request's cache mode is `no-store`.
    case requestNoStore
    /// `Cache-Control: no-store` on the response.
    case responseNoStore
    /// Only GET responses are stored (and HEAD ones where the profile says so).
    case method(String)
    /// The status is not one the simulated cache stores.
    case status(Int)
    /// No validator and no positive freshness lifetime (for engines that do not store those).
    case nothingToReuse
    /// A redirect, or a response a redirect led to, for a request URL with a fragment (for engines
    /// that store neither).
    case redirectForURLWithFragment
    /// A redirect past the number of redirects of one fetch this browser stores.
    case pastCachedRedirectLimit(Int)
    /// The status is stored only with explicit freshness (a positive max-age, an Expires field)
    /// and without no-cache, and the response has none or says no-cache.
    case noExplicitFreshness(Int)
    /// The script made the request conditional itself (`scriptConditionalRequest`).
    case scriptConditional
    /// The request asked for a sub-range (`rangeRequests` is `.subrangeBypassesCache`), or for a
    /// `Range` the cache does not handle (`.byteRanges`).
    case subrangeRequest
    /// A 206 to a range request that is not the range asked for, has no known complete length,
    /// no strong validator, or says `Accept-Ranges: none` (`rangeRequests` is `.byteRanges`).
    case partialContentNotResumable
}

/// Why a stored response did not answer a request.
public enum HTTPCacheMissReason: Error, Sendable, Hashable {
    /// Nothing stored for this URL in any partition.
    case nothingStored
    /// A response is stored for this URL, but in another partition (another top-level site).
    case otherPartition(String)
    /// A response is stored, but for a request with another credentials mode.
    case otherCredentials
    /// `Vary: *`: never matches.
    case varyStar
    /// `Vary` names a header whose value differs from the stored request's.
    case varyMismatch(name: String, stored: String?, sent: String?)
    /// A redirect is stored, and the request URL has a fragment: this browser takes a stored
    /// redirect for such a URL only when the cache mode takes stale responses.
    case redirectForURLWithFragment
    /// The fetch has followed more redirects than this browser follows from its cache.
    case cachedRedirectLimit(Int)
    /// The request follows a redirect from the network, and this browser reads its cache only for
    /// a fetch's first request and the target of a redirect answered from the cache.
    case redirectHop
    /// A permanent redirect of this fetch came from the cache: the request reads only what is kept
    /// in memory only, and the response stored otherwise for its URL is dropped.
    case persistentAfterCachedPermanentRedirect
    /// What is stored was fetched as a third party's URL (or as the page's site's), under a key
    /// of its own.
    case otherThirdPartyKey
    /// What is stored was fetched with another `Range` value (or without `Range`), which is part
    /// of the key (`rangeRequests` is `.rangeInKey`).
    case otherRange(stored: String?, sent: String?)
    /// `only-if-cached` with a byte range, or finding a stored 206: this browser answers neither
    /// from the cache (`rangeRequests` is `.byteRanges`).
    case byteRangeOnlyIfCached
}

/// What the HTTP cache did for one request.
public enum HTTPCacheEvent: Sendable, Hashable {
    /// Fresh (or taken regardless of staleness by the cache mode): answered, nothing sent.
    case hit(url: FetchURL, ageSeconds: Int64, lifetimeSeconds: Int64, mode: CacheMode)
    /// No usable stored response.
    case miss(url: FetchURL, HTTPCacheMissReason)
    /// A stored response is stale (or `no-cache`) and has validators: a conditional request goes out.
    case revalidating(url: FetchURL, ageSeconds: Int64, lifetimeSeconds: Int64, validators: [Header], why: StaleReason)
    /// The stale stored response `url` (a redirect answered from the cache led to it) is
    /// revalidated by sending the fetch's first request, `firstURL`, again with its validators;
    /// the redirects that request gets are followed on the network.
    case revalidatingThroughFirstRequest(url: FetchURL, firstURL: FetchURL)
    /// A stored response is stale and has no validator: an ordinary request goes out.
    case stale(url: FetchURL, ageSeconds: Int64, lifetimeSeconds: Int64, why: StaleReason)
    /// The server answered the conditional request with 304: the stored response is used, its
    /// headers updated.
    case revalidated(url: FetchURL)
    /// The cache mode made the browser skip the lookup (`no-store`, `reload`).
    case lookupSkipped(CacheMode)
    /// A directive the script set on the request (`Cache-Control: no-cache`) made the browser skip
    /// the lookup (`RequestDirectives.Effect.notRead`); the response is stored as usual.
    case requestDirectiveSkipped(url: FetchURL, directive: String)
    /// The script set a conditional header (`If-None-Match`...) on a `default`-mode request: the
    /// cache is not read, and the server's answer, a 304 included, goes to the page as it is.
    case scriptConditional(url: FetchURL, HTTPCacheRules.ScriptConditionalRequest)
    /// The request asks for a sub-range (a `Range` other than `bytes=0-`; `rangeRequests` is
    /// `.subrangeBypassesCache`), or for a `Range` the cache does not handle (several ranges, not a
    /// byte range, on another method than GET, beside a conditional header; `.byteRanges`): the
    /// cache is neither read nor written.
    case subrangeBypassed(url: FetchURL)
    /// The request's byte range (`range`, of a resource of `size` bytes) is answered from what is
    /// stored (`rangeRequests` is `.byteRanges`).
    case rangeFromStored(url: FetchURL, range: ClosedRange<Int>, size: Int)
    /// The bytes `range` are not stored: they are asked for with `Range` (and `If-Range` with the
    /// stored validator when other bytes of the resource are stored).
    case rangeMissing(url: FetchURL, range: ClosedRange<Int>)
    /// What is stored cannot serve the request (the server's answer to a range request did not
    /// match, or nothing could revalidate it): it is removed and the request sent again as the
    /// script made it.
    case partialEntryDropped(url: FetchURL)
    /// The server answered the script's conditional request 304 and its validators match the
    /// stored response's: the stored response's headers and freshness are updated (the page sees
    /// the 304).
    case updatedByScriptConditional(url: FetchURL)
    /// The response was stored (freshness lifetime in seconds, and where it came from).
    case stored(url: FetchURL, lifetimeSeconds: Int64, source: FreshnessSource, partition: String)
    case notStored(url: FetchURL, HTTPCacheNotStored)

    public enum StaleReason: Sendable, Hashable {
        /// Its age reached its freshness lifetime.
        case expired
        /// `Cache-Control: no-cache` on the response: always revalidated.
        case responseNoCache
        /// The request's cache mode is `no-cache`.
        case requestNoCache
        /// A directive the script set on the request (`Cache-Control: max-age=0`, `min-fresh=N`).
        case requestDirective(String)
        /// The browser always revalidates a stored response of this status.
        case statusMustValidate(Int)
        /// The request's value of a header the stored response's `Vary` names differs
        /// (`varyMismatchValidation`).
        case varyMismatch(String)
    }
}

extension HTTPCacheEvent {
    /// Whether the text trace, stepper and diagrams show the event: all but the routine ones (a
    /// response stored with no freshness at all, a non-GET or uncacheable status not stored).
    /// JSON has every event.
    public var isShownInTraces: Bool {
        switch self {
        case .stored(_, _, .none, _): return false
        case .notStored(_, .method), .notStored(_, .status), .notStored(_, .nothingToReuse): return false
        // A response with no freshness at all is fetched again: routine.
        case .stale(_, _, 0, .expired): return false
        default: return true
        }
    }
}

/// Where a freshness lifetime came from (RFC 9111 section 4.2.1).
public enum FreshnessSource: String, Sendable, Hashable {
    case sMaxAge = "s-maxage"
    case maxAge = "max-age"
    case expires = "Expires - Date"
    case heuristic = "10 % of Date - Last-Modified"
    case implicit = "implicitly fresh for its status"
    case none = "no freshness information"
}

/// A browser's HTTP cache: stored responses per partition and URL (one per `Vary` variant).
public struct HTTPCache: Sendable {
    private var entries: [String: [HTTPCacheEntry]] = [:]

    public init() {}

    /// Virtual time 0 as a Unix time: 2026-01-01T00:00:00Z.
    /// SIMULATION: the clock of a scenario has no calendar date; this fixed epoch lets `Expires`
    /// and `Last-Modified` dates be compared with it.
    public static let virtualEpochUnixSeconds: Int64 = 1_767_225_600

    static func urlKey(_ url: FetchURL) -> String { url.serialized(excludingFragment: true) }

    /// All stored responses, for the views.
    public var all: [HTTPCacheEntry] { entries.keys.sorted().flatMap { entries[$0]! } }
    public var count: Int { entries.values.reduce(0) { $0 + $1.count } }

    /// The stored response for `url` in `partition`, stale or not, ignoring `Vary` (only-if-cached
    /// as the earlier model used it, and tests).
    public func response(for url: FetchURL, partition: String) -> WireResponse? {
        entries[Self.urlKey(url)]?.last { $0.partition == partition }?.response
    }

    /// The entry that matches a request, or why none does (RFC 9111 section 4.1 for `Vary`).
    /// A GET reads only what a GET stored; a HEAD reads what a HEAD stored, and a GET's response where
    /// the profile's `headReadsStoredGET` says so.
    func lookup(url: FetchURL, method: String, partition: String, credentialed: Bool, thirdPartyFetch: Bool = false,
                requestHeaders: HeaderList, rules: HTTPCacheRules) -> Result<HTTPCacheEntry, HTTPCacheMissReason> {
        let readable: (HTTPCacheEntry) -> Bool = { $0.method == method || (method == "HEAD" && $0.method == "GET" && rules.headReadsStoredGET) }
        guard let list = entries[Self.urlKey(url)]?.filter(readable), !list.isEmpty else { return .failure(.nothingStored) }
        let inPartition = list.filter { $0.partition == partition }
        guard !inPartition.isEmpty else { return .failure(.otherPartition(list[0].partition)) }
        let sameCredentials = rules.credentialsInKey ? inPartition.filter { $0.credentialed == credentialed } : inPartition
        guard !sameCredentials.isEmpty else { return .failure(.otherCredentials) }
        let sameKey = rules.thirdPartyFetchInKey ? sameCredentials.filter { $0.thirdPartyFetch == thirdPartyFetch } : sameCredentials
        guard !sameKey.isEmpty else { return .failure(.otherThirdPartyKey) }
        let sentRange = rules.keyRange(requestHeaders)
        let sameRange = sameKey.filter { $0.range == sentRange }
        guard !sameRange.isEmpty else { return .failure(.otherRange(stored: sameKey.last!.range, sent: sentRange)) }
        var firstMismatch: HTTPCacheMissReason = .varyStar
        for entry in sameRange.reversed() {
            guard let vary = entry.varyValues else { continue }
            if let mismatch = vary.first(where: { requestHeaders.value(lowercased: $0.name) != $0.value }) {
                if case .varyStar = firstMismatch {
                    firstMismatch = .varyMismatch(name: mismatch.name, stored: mismatch.value,
                                                  sent: requestHeaders.value(lowercased: mismatch.name))
                }
                continue
            }
            return .success(entry)
        }
        return .failure(firstMismatch)
    }

    /// The newest entry under the request's key whose `Vary` kept it from answering (nil for
    /// `Vary: *`), for engines that revalidate it (`varyMismatchValidation`).
    func varyMismatched(url: FetchURL, method: String, partition: String, credentialed: Bool, thirdPartyFetch: Bool,
                        range: String?, rules: HTTPCacheRules) -> HTTPCacheEntry? {
        entries[Self.urlKey(url)]?.last {
            $0.method == method && $0.partition == partition && $0.varyValues != nil && $0.range == range
                && (!rules.credentialsInKey || $0.credentialed == credentialed)
                && (!rules.thirdPartyFetchInKey || $0.thirdPartyFetch == thirdPartyFetch)
        }
    }

    /// Stores an entry, replacing the one under the same key: the engines keep one response per key
    /// (Chromium's disk cache entry, Gecko's cache entry, WebKit's NetworkCache entry), so a `Vary`
    /// mismatch refetches and replaces the stored variant.
    mutating func store(_ entry: HTTPCacheEntry, rules: HTTPCacheRules) {
        var list = entries[Self.urlKey(entry.url)] ?? []
        list.removeAll { Self.sameKey($0, entry, rules: rules) }
        list.append(entry)
        entries[Self.urlKey(entry.url)] = list
    }

    /// The fields a stored head leaves out where `storedHeadDropsEmptyAndTransientFields` says so
    /// (Gecko's nsHttpHeaderArray::Flatten with pruneTransients, as DoAddCacheEntryHeaders writes
    /// the "response-head" metadata), besides every field whose value is empty.
    static let prunedOnStore: Set<String> = ["connection", "proxy-connection", "keep-alive", "www-authenticate",
                                             "proxy-authenticate", "trailer", "transfer-encoding", "upgrade", "set-cookie"]

    /// The response as the cache keeps it.
    static func stored(_ response: WireResponse, rules: HTTPCacheRules) -> WireResponse {
        guard rules.storedHeadDropsEmptyAndTransientFields,
              response.headers.contains(where: { $0.value.isEmpty || prunedOnStore.contains($0.lowercasedName) }) else {
            return response
        }
        var pruned = response
        pruned.headers = HeaderList(response.headers.filter { !$0.value.isEmpty && !prunedOnStore.contains($0.lowercasedName) })
        return pruned
    }

    /// Whether two entries of one URL are under the same key (one replaces the other).
    static func sameKey(_ a: HTTPCacheEntry, _ b: HTTPCacheEntry, rules: HTTPCacheRules) -> Bool {
        a.method == b.method && a.partition == b.partition
            && (!rules.credentialsInKey || a.credentialed == b.credentialed)
            && (!rules.thirdPartyFetchInKey || a.thirdPartyFetch == b.thirdPartyFetch)
            && a.range == b.range
    }

    /// Removes the entry under the key of `entry` (what a memory-only open replaces).
    mutating func remove(keyOf entry: HTTPCacheEntry, rules: HTTPCacheRules) {
        entries[Self.urlKey(entry.url)]?.removeAll { Self.sameKey($0, entry, rules: rules) }
    }

    /// Removes the GET response stored for a URL under one request's key: its partition and
    /// credentials, and not a third party's fetch (`UnsafeMethodInvalidation.sameHostLocationsInRequestKey`).
    mutating func invalidate(url: FetchURL, partition: String, credentialed: Bool) {
        if entries.isEmpty { return }
        entries[Self.urlKey(url)]?.removeAll {
            $0.method == "GET" && $0.partition == partition && $0.credentialed == credentialed && !$0.thirdPartyFetch
        }
    }

    /// Removes every response stored for a URL in a partition (an unsafe method's response, RFC 9111
    /// section 4.4).
    mutating func invalidate(url: FetchURL, partition: String) {
        if entries.isEmpty { return }   // nothing to hash the URL for
        entries[Self.urlKey(url)]?.removeAll { $0.partition == partition }
    }

    public mutating func removeAll() { entries.removeAll() }
}

// MARK: - Freshness (RFC 9111 section 4.2)

/// The cache directives of a `Cache-Control` header, lowercased names.
struct CacheControl: Sendable {
    var directives: [(name: String, value: String?)] = []

    init(_ headers: HeaderList) {
        guard let values = headers.getDecodeSplit("Cache-Control") else { return }
        for item in values {
            let trimmed = item.trimmingHTTPWhitespace()
            if trimmed.isEmpty { continue }
            if let eq = trimmed.utf8.firstIndex(of: UInt8(ascii: "=")) {
                let name = String(trimmed[..<eq]).trimmingHTTPWhitespace().byteLowercased()
                var value = String(trimmed[trimmed.index(after: eq)...]).trimmingHTTPWhitespace()
                if value.utf8.count >= 2, value.utf8.first == UInt8(ascii: "\""), value.utf8.last == UInt8(ascii: "\"") {
                    value = String(value.dropFirst().dropLast())
                }
                directives.append((name, value))
            } else {
                directives.append((trimmed.byteLowercased(), nil))
            }
        }
    }

    func has(_ name: String) -> Bool { directives.contains { $0.name == name } }

    /// Whether a response's `Pragma` holds `no-cache` (any item, any case).
    static func pragmaNoCache(_ headers: HeaderList) -> Bool {
        headers.getDecodeSplit("Pragma")?.contains { $0.trimmingHTTPWhitespace().byteLowercased() == "no-cache" } ?? false
    }

    /// The response's `max-age` in seconds as the engine's parser reads it (`DeltaSecondsSyntax`).
    func maxAge(_ headers: HeaderList, syntax: HTTPCacheRules.DeltaSecondsSyntax) -> Int64? {
        let forever = HTTPCache.foreverSeconds
        switch syntax {
        case .standard:
            return seconds("max-age")
        case .chromium:
            // net/http/http_response_headers.cc GetCacheControlDirective.
            for item in headers.getDecodeSplit("Cache-Control") ?? [] {
                let bytes = Array(item.trimmingHTTPWhitespace().utf8)
                let name = Array("max-age".utf8)
                guard bytes.count > name.count, bytes[name.count] == UInt8(ascii: "="),
                      String(decoding: bytes[..<name.count], as: UTF8.self).byteLowercased() == "max-age" else { continue }
                var value = bytes[(name.count + 1)...]
                while value.first == 0x20 { value = value.dropFirst() }
                while value.last == 0x20 { value = value.dropLast() }
                guard !value.isEmpty, value.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { continue }
                return min(Int64(String(decoding: value, as: UTF8.self)) ?? forever, forever)
            }
            return nil
        case .gecko:
            // netwerk/protocol/http/CacheControlParser.cpp over the combined header value.
            guard let value = headers.value(lowercased: "cache-control") else { return nil }
            return geckoMaxAge(Array(value.utf8))
        case .webkit:
            // WebCore/platform/network/CacheValidation.cpp parseCacheControlDirectives.
            // parseCacheHeader cuts a value at its first separator (trimToNextSeparator: space,
            // `;`, `,`, `"`, `=`, ...): `600; foo=bar` is 600.
            let separators = Set("()<>@,;:\\\"/[]?={} \t".utf8)
            for d in directives where d.name == "max-age" {
                guard let whole = d.value else { continue }
                let v = String(decoding: whole.utf8.prefix { !separators.contains($0) }, as: UTF8.self)
                guard let n = Double(v), n.isFinite else { continue }
                return n >= Double(forever) ? forever : Int64(n.rounded(.down))
            }
            return nil
        }
    }

    /// Gecko's CacheControlParser, for `max-age` only: words of letters, digits, `-` and `_`,
    /// each directive followed by `,` or the end (else the parse stops), `max-age` read as
    /// `= digits` with spaces allowed (a uint32; a bad value unsets it), later ones replacing
    /// earlier ones, other directives skipped up to the next `,` outside quotes.
    private func geckoMaxAge(_ s: [UInt8]) -> Int64? {
        var i = 0, result: Int64? = nil
        func skipWhites() { while i < s.count, s[i] == 0x20 || s[i] == 0x09 { i += 1 } }
        func isWord(_ c: UInt8) -> Bool {
            (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || (c >= 0x30 && c <= 0x39) || c == 0x2D || c == 0x5F
        }
        func ignoreDirective() {
            while i < s.count, s[i] != 0x2C {
                if s[i] == 0x22 {
                    i += 1
                    while i < s.count, s[i] != 0x22 { i += 1 }
                    if i >= s.count { return }
                }
                i += 1
            }
        }
        while true {
            skipWhites()
            let start = i
            while i < s.count, isWord(s[i]) { i += 1 }
            if i == start { return result }
            let word = String(decoding: s[start..<i], as: UTF8.self).byteLowercased()
            if word == "max-age" {
                skipWhites()
                if i < s.count, s[i] == 0x3D {
                    i += 1
                    skipWhites()
                    let digits = i
                    while i < s.count, s[i] >= 0x30 && s[i] <= 0x39 { i += 1 }
                    if i > digits, let n = UInt32(String(decoding: s[digits..<i], as: UTF8.self)) {
                        result = Int64(n)
                    } else {
                        result = nil
                        ignoreDirective()
                    }
                } else {
                    result = nil
                    ignoreDirective()
                }
            } else if ["no-store", "public", "private", "immutable"].contains(word) {
                // read as flags, without skipping a value
            } else {
                ignoreDirective()
            }
            skipWhites()
            if i >= s.count { return result }
            guard s[i] == 0x2C else { return result }
            i += 1
        }
    }

    /// A delta-seconds directive (RFC 9111 section 1.2.2): digits only; the first occurrence wins.
    func seconds(_ name: String) -> Int64? {
        guard let d = directives.first(where: { $0.name == name }), let v = d.value, !v.isEmpty,
              v.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
        return Int64(v) ?? Int64(Int32.max)
    }
}

extension HTTPCache {
    /// Statuses "heuristically cacheable" (RFC 9110 section 15.1).
    static let heuristicallyCacheable: Set<Int> = [200, 203, 204, 206, 300, 301, 308, 404, 405, 410, 414, 501]
    /// The lifetime of a response fresh "for ever": about 68 years, longer than any run.
    public static let foreverSeconds: Int64 = Int64(Int32.max)

    /// The response's date in virtual seconds: its `Date` header, or the time it was received.
    static func dateSeconds(_ response: WireResponse, receivedAt ms: Int64) -> Int64 {
        if let d = response.headers.value(lowercased: "date"), let t = parseHTTPDate(d) { return t }
        return ms / 1000
    }

    /// The freshness lifetime of a response in a private cache, and where it came from (RFC 9111
    /// section 4.2.1: `s-maxage` is for shared caches only; `max-age`; `Expires` minus `Date`;
    /// else, for a heuristically cacheable status, 10 % of `Date` minus `Last-Modified`).
    package static func freshnessLifetime(_ response: WireResponse, receivedAt ms: Int64, shared: Bool,
                                  rules: HTTPCacheRules) -> (seconds: Int64, source: FreshnessSource) {
        let cc = CacheControl(response.headers)
        if shared, let s = cc.seconds("s-maxage") { return (s, .sMaxAge) }
        if let s = cc.maxAge(response.headers, syntax: rules.deltaSecondsSyntax) { return (s, .maxAge) }
        if let expires = response.headers.value(lowercased: "expires") {
            // An invalid Expires (such as 0) means already expired (RFC 9111 section 5.3), unless the
            // engine ignores it.
            if let e = parseHTTPDate(expires) ?? (rules.datesAcceptISO8601 ? parseISO8601(expires) : nil) {
                return (max(0, e - dateSeconds(response, receivedAt: ms)), .expires)
            }
            if !rules.ignoresInvalidExpires { return (0, .expires) }
        }
        if let seconds = rules.implicitFreshness[response.status] { return (seconds, .implicit) }
        // The profile's status list (`heuristicStatuses`, nil: RFC 9110's heuristically cacheable
        // ones) and upper bound (`heuristicCapSeconds`: Gecko's one week). Recorded alike in the
        // three: Tests/Conformance http-cache-heuristic-last-modified (Last-Modified years ago, no
        // Date: fresh a moment later); by status: wpt-http-cache-heuristic-*.
        if (rules.heuristicStatuses ?? heuristicallyCacheable).contains(response.status),
           let lm = response.headers.value(lowercased: "last-modified").flatMap({
               parseHTTPDate($0) ?? (rules.datesAcceptISO8601 ? parseISO8601($0) : nil)
           }) {
            let date = dateSeconds(response, receivedAt: ms)
            if lm < date {
                var lifetime = (date - lm) / 10
                if let cap = rules.heuristicCapSeconds { lifetime = min(lifetime, cap) }
                return (lifetime, .heuristic)
            }
        }
        return (0, .none)
    }

    /// How long a response stays fresh in a browser's (private) cache and in a shared cache (nil
    /// when a shared cache would not store it: `private`, `no-store`, `Vary: *`), in seconds, as
    /// received now; for explaining what caching does with it.
    public static func lifetimes(_ response: WireResponse) -> (browser: Int64, shared: Int64?) {
        let cc = CacheControl(response.headers)
        let browser = cc.has("no-store") || varyNames(response) == nil ? 0
            : freshnessLifetime(response, receivedAt: 0, shared: false, rules: .standard).seconds
        let shared: Int64? = cc.has("no-store") || cc.has("private") || varyNames(response) == nil ? nil
            : freshnessLifetime(response, receivedAt: 0, shared: true, rules: .standard).seconds
        return (browser, shared)
    }

    /// The current age of a stored response in seconds (RFC 9111 section 4.2.3, no response delay).
    package static func currentAge(_ entry: HTTPCacheEntry, now ms: Int64,
                                   syntax: HTTPCacheRules.DeltaSecondsSyntax = .standard) -> Int64 {
        let responseSeconds = entry.responseTime / 1000
        let apparent = max(0, responseSeconds - dateSeconds(entry.response, receivedAt: entry.responseTime))
        return max(apparent, ageHeaderSeconds(entry.response, syntax: syntax)) + (ms - entry.responseTime) / 1000
    }

    /// The age the request directives compare where `ageWithoutResidentTime` says so: the larger
    /// of the `Age` header and now minus `Date`, a response without `Date` taken as dated now.
    package static func ageWithoutResidentTime(_ entry: HTTPCacheEntry, now ms: Int64,
                                               syntax: HTTPCacheRules.DeltaSecondsSyntax = .standard) -> Int64 {
        let nowSeconds = ms / 1000
        let date = entry.response.headers.value(lowercased: "date").flatMap(parseHTTPDate) ?? nowSeconds
        return max(max(0, nowSeconds - date), ageHeaderSeconds(entry.response, syntax: syntax))
    }

    /// The `Age` header's delta-seconds as the engine reads it (0 when absent or unreadable).
    static func ageHeaderSeconds(_ response: WireResponse, syntax: HTTPCacheRules.DeltaSecondsSyntax = .standard) -> Int64 {
        guard let combined = response.headers.value(lowercased: "age") else { return 0 }
        func digits(_ v: String) -> Int64? {
            let t = v.trimmingHTTPWhitespace()
            return !t.isEmpty && t.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) ? (Int64(t) ?? Int64(Int32.max)) : nil
        }
        switch syntax {
        case .standard:
            return digits(combined) ?? 0
        case .chromium:
            // http_response_headers.cc GetAgeValue: the first item, digits only, saturated.
            let first = response.headers.getDecodeSplit("Age")?.first ?? ""
            return digits(first).map { min($0, Int64(UInt32.max)) } ?? 0
        case .gecko:
            // nsHttpResponseHead::GetAgeValue_locked: atoi of the merged value, as a uint32.
            var b = Substring(combined).utf8.drop { $0 == 0x20 || $0 == 0x09 }
            var negative = false
            if let c = b.first, c == 0x2B || c == 0x2D { negative = c == 0x2D; b = b.dropFirst() }
            let run = b.prefix { $0 >= 0x30 && $0 <= 0x39 }
            guard !run.isEmpty else { return 0 }
            let n = Int64(String(decoding: run, as: UTF8.self)) ?? Int64.max
            return Int64(UInt32(truncatingIfNeeded: negative ? -n : n))
        case .webkit:
            // ResourceResponseBase::age: the whole value as a number.
            guard let n = Double(combined.trimmingHTTPWhitespace()), n.isFinite, n >= 0 else { return 0 }
            return n >= Double(HTTPCache.foreverSeconds) ? HTTPCache.foreverSeconds : Int64(n.rounded(.down))
        }
    }

    /// What the request's own directives say about a stored response in a `default`-mode lookup
    /// (https://httpwg.org/specs/rfc9111.html#cache-request-directive): whether it may be reused
    /// without asking the server, and the directive that decided; nil when they decide nothing
    /// (`usualFresh`, the response's own freshness, stands). `notRead` effects are the caller's.
    static func requestDirectiveFreshness(_ request: HeaderList, rules: HTTPCacheRules.RequestDirectives, age: Int64,
                                          lifetime: Int64, usualFresh: Bool) -> (fresh: Bool, directive: String)? {
        let cc = CacheControl(request)
        if rules.noCache == .revalidate, cc.has("no-cache") { return (false, "Cache-Control: no-cache") }
        if rules.pragmaNoCache == .revalidate, requestHasPragmaNoCache(request) { return (false, "Pragma: no-cache") }
        if rules.noStore == .revalidate, cc.has("no-store") { return (false, "Cache-Control: no-store") }
        var maxAge: Int64? = nil
        switch rules.maxAge {
        case .ignored: break
        case .zeroOnly: if cc.seconds("max-age") == 0 { return (false, "Cache-Control: max-age=0") }
        case .any: maxAge = cc.seconds("max-age")
        }
        // `max-stale` without a value accepts any staleness.
        let maxStale: Int64? = !rules.maxStale ? nil
            : cc.seconds("max-stale") ?? (cc.directives.contains { $0.name == "max-stale" && $0.value == nil } ? Int64.max : nil)
        let minFresh = rules.minFresh ? cc.seconds("min-fresh") : nil
        if rules.firstDirectiveDecides {
            if let s = maxStale { return (max(0, age - lifetime) <= s, "Cache-Control: max-stale") }
            if let m = maxAge { return (age < m, "Cache-Control: max-age=\(m)") }
            if let f = minFresh { return (max(0, lifetime - age) >= f, "Cache-Control: min-fresh=\(f)") }
            return nil
        }
        guard maxStale != nil || maxAge != nil || minFresh != nil else { return nil }
        var fresh = usualFresh
        var directive = "Cache-Control: max-stale"
        if let s = maxStale, !fresh { fresh = age - lifetime <= s }
        if let m = maxAge, age > m { fresh = false; directive = "Cache-Control: max-age=\(m)" }
        if let f = minFresh, lifetime - age < f { fresh = false; directive = "Cache-Control: min-fresh=\(f)" }
        return (fresh, directive)
    }

    /// The request directive (if any) that keeps the stored response from being read at all.
    static func requestDirectiveNotRead(_ request: HeaderList, rules: HTTPCacheRules.RequestDirectives) -> String? {
        let cc = CacheControl(request)
        if rules.noCache == .notRead, cc.has("no-cache") { return "Cache-Control: no-cache" }
        if rules.pragmaNoCache == .notRead, requestHasPragmaNoCache(request) { return "Pragma: no-cache" }
        if rules.noStore == .notRead, cc.has("no-store") { return "Cache-Control: no-store" }
        return nil
    }

    /// Whether a `Pragma` field of the request lists `no-cache`.
    static func requestHasPragmaNoCache(_ request: HeaderList) -> Bool {
        request.getDecodeSplit("Pragma")?.contains { $0.trimmingHTTPWhitespace().byteLowercased() == "no-cache" } ?? false
    }

    /// Whether the response may be stored, or why not (RFC 9111 section 3).
    static func storability(method: String, response: WireResponse, requestCache: CacheMode,
                            rules: HTTPCacheRules, receivedAt ms: Int64, requestURLHasFragment: Bool,
                            redirected: Bool, redirectsSoFar: Int) -> HTTPCacheNotStored? {
        if requestCache == .noStore { return .requestNoStore }
        if method != "GET" && !(method == "HEAD" && rules.storesHEADResponses) { return .method(method) }
        let cc = CacheControl(response.headers)
        if cc.has("no-store") { return .responseNoStore }
        // RFC 9110's heuristically cacheable statuses are stored (so the permanent redirects 301
        // and 308), or the profile's own list, and further statuses with a valid Expires or a
        // max-age where the profile says so; any status where the profile says so. Recorded:
        // Tests/Conformance http-cache-permanent-redirect (a stored 301 answers force-cache in all
        // three), dt-9001-01150 (a 599 answers force-cache in Chromium and Firefox),
        // http-cache-force-cache-store-decision and http-cache-redirect-from-cache (WebKit's lists).
        if !rules.storesEveryStatus {
            let byDefault = rules.defaultCacheableStatuses.map { $0.contains(response.status) }
                ?? heuristicallyCacheable.contains(response.status)
            if !byDefault {
                let explicit = cc.seconds("max-age") != nil
                    || response.headers.value(lowercased: "expires").flatMap(parseHTTPDate) != nil
                guard explicit && rules.cacheableWithExplicitExpiration.contains(response.status) else {
                    return .status(response.status)
                }
            }
        }
        if response.status == 206 && !rules.storesPartialResponses { return .status(206) }
        if rules.redirectCacheSkipsFragmentURLs, requestURLHasFragment,
           redirected || isRedirectionStatus(response.status) {
            return .redirectForURLWithFragment
        }
        if let limit = rules.cachedRedirectLimit, isRedirectionStatus(response.status),
           response.headers.contains(lowercased: "location"), redirectsSoFar + 1 > limit {
            return .pastCachedRedirectLimit(limit)
        }
        // SIMULATION: Gecko stores such a 3xx but never answers with it (OnCacheEntryCheck); not
        // storing it differs only in that an earlier stored response for the URL stays.
        if let answering = rules.answering3xxStatuses, (300...399).contains(response.status),
           !answering.contains(response.status) || !response.headers.contains(lowercased: "location") {
            return .status(response.status)
        }
        if rules.explicitFreshnessStatuses.contains(response.status) {
            let (lifetime, _) = freshnessLifetime(response, receivedAt: ms, shared: false, rules: rules)
            let explicit = lifetime > 0 || response.headers.contains(lowercased: "expires")
            // nsHttpResponseHead::NoCache_locked: Pragma counts only without a (non-empty) Cache-Control.
            let hasCacheControl = !(response.headers.value(lowercased: "cache-control") ?? "").isEmpty
            let noCache = hasCacheControl ? cc.has("no-cache")
                : response.headers.getDecodeSplit("Pragma")?.contains { $0.trimmingHTTPWhitespace().byteLowercased() == "no-cache" } ?? false
            if !explicit || noCache { return .noExplicitFreshness(response.status) }
        }
        if !rules.storesWithoutFreshnessOrValidators, validators(response).isEmpty {
            // A positive lifetime that `no-cache` does not cancel (WebKit's makeStoreDecision:
            // hasNonZeroLifetime).
            let (lifetime, _) = freshnessLifetime(response, receivedAt: ms, shared: false, rules: rules)
            let noCache = cc.directives.contains { $0.name == "no-cache" && ($0.value == nil || rules.qualifiedNoCacheRequiresValidation) }
                || (rules.responsePragmaNoCache && CacheControl.pragmaNoCache(response.headers))
            if lifetime <= 0 || noCache { return .nothingToReuse }
        }
        return nil
    }

    /// The statuses WebKit's ResourceResponseBase::isRedirectionStatusCode calls redirections.
    static func isRedirectionStatus(_ status: Int) -> Bool {
        status == 301 || status == 302 || status == 303 || status == 307 || status == 308
    }

    /// The conditional headers a revalidation sends (RFC 9110 section 13.1): `If-None-Match` from
    /// `ETag`, `If-Modified-Since` from `Last-Modified`.
    static func validators(_ response: WireResponse) -> [Header] {
        var out: [Header] = []
        if let etag = response.headers.value(lowercased: "etag") {
            out.append(Header("If-None-Match", lowercased: "if-none-match", etag))
        }
        if let lm = response.headers.value(lowercased: "last-modified") {
            out.append(Header("If-Modified-Since", lowercased: "if-modified-since", lm))
        }
        return out
    }

    /// The request's conditional headers the script may set
    /// (https://fetch.spec.whatwg.org/#http-network-or-cache-fetch), lowercased.
    static let conditionalRequestHeaderNames: Set<String> = ["if-modified-since", "if-none-match", "if-unmodified-since",
                                                             "if-match", "if-range"]

    /// Whether a script's conditional headers name the stored response: each of `If-None-Match`
    /// and `If-Modified-Since` the request carries equals the stored `ETag` / `Last-Modified`
    /// when the stored response has one (Chromium's
    /// HttpCache::Transaction::ExternallyConditionalizedValidationHeadersMatchEntry,
    /// https://source.chromium.org/chromium/chromium/src/+/main:net/http/http_cache_transaction.cc).
    static func scriptValidatorsMatch(_ request: HeaderList, _ stored: WireResponse) -> Bool {
        for (requestName, responseName) in [("if-none-match", "etag"), ("if-modified-since", "last-modified")] {
            guard let sent = request.value(lowercased: requestName) else { continue }
            if let validator = stored.headers.value(lowercased: responseName), validator != sent { return false }
        }
        return true
    }

    /// A stored response updated by a 304 (RFC 9111 section 4.3.4): the 304's headers replace the
    /// stored ones of the same name; the stored status and body stay.
    static func updated(_ stored: WireResponse, with notModified: WireResponse) -> WireResponse {
        var headers = HeaderList()
        let replaced = Set(notModified.headers.map(\.lowercasedName)).subtracting(["content-length"])
        for h in stored.headers where !replaced.contains(h.lowercasedName) { headers.append(h) }
        for h in notModified.headers where h.lowercasedName != "content-length" { headers.append(h) }
        return WireResponse(status: stored.status, statusText: stored.statusText, headers: headers, body: stored.body)
    }

    /// The `Vary` names of a response (lowercased), or nil for `Vary: *`.
    static func varyNames(_ response: WireResponse) -> [String]? {
        guard let values = response.headers.getDecodeSplit("Vary") else { return [] }
        var names: [String] = []
        for v in values {
            let name = v.trimmingHTTPWhitespace().byteLowercased()
            if name == "*" { return nil }
            if !name.isEmpty && !names.contains(name) { names.append(name) }
        }
        return names
    }

    // MARK: HTTP dates

    /// Parses an HTTP-date (IMF-fixdate `Sun, 06 Nov 1994 08:49:37 GMT`, also the obsolete RFC 850
    /// and asctime forms, RFC 9110 section 5.6.7) into virtual seconds; nil when malformed.
    /// An ISO 8601 date-time, `YYYY-MM-DDTHH:MM:SS` with an optional fraction and `Z` or `±HH:MM`
    /// (no zone: UTC), in virtual seconds.
    static func parseISO8601(_ text: String) -> Int64? {
        let b = Array(text.trimmingHTTPWhitespace().utf8)
        func num(_ r: Range<Int>) -> Int64? {
            guard r.upperBound <= b.count, b[r].allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
            return Int64(String(decoding: b[r], as: UTF8.self))
        }
        guard b.count >= 19, b[4] == 0x2D, b[7] == 0x2D, b[10] == 0x54 || b[10] == 0x74 || b[10] == 0x20,
              b[13] == 0x3A, b[16] == 0x3A, let y = num(0..<4), let mo = num(5..<7), let d = num(8..<10),
              let h = num(11..<13), let mi = num(14..<16), let s = num(17..<19), (1...12).contains(mo) else { return nil }
        var i = 19
        if i < b.count, b[i] == 0x2E { i += 1; while i < b.count, b[i] >= 0x30 && b[i] <= 0x39 { i += 1 } }
        var offset: Int64 = 0
        if i < b.count {
            if b[i] == 0x5A || b[i] == 0x7A { i += 1 }
            else if b[i] == 0x2B || b[i] == 0x2D, let oh = num((i + 1)..<(i + 3)) {
                var om: Int64 = 0
                var j = i + 3
                if j < b.count, b[j] == 0x3A { j += 1 }
                if let m = num(j..<(j + 2)) { om = m; j += 2 }
                offset = (b[i] == 0x2B ? 1 : -1) * (oh * 3600 + om * 60)
                i = j
            } else { return nil }
        }
        guard i == b.count else { return nil }
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        guard let t = parseHTTPDate("\(d) \(months[Int(mo) - 1]) \(y) \(h):\(mi):\(s) GMT") else { return nil }
        return t - offset
    }

    static func parseHTTPDate(_ text: String) -> Int64? {
        let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
        var tokens: [String] = []
        var current: [UInt8] = []
        for b in text.utf8 {
            if b == 0x20 || b == 0x2C || b == 0x2D || b == 0x09 {
                if !current.isEmpty { tokens.append(String(decoding: current, as: UTF8.self)); current = [] }
            } else { current.append(b) }
        }
        if !current.isEmpty { tokens.append(String(decoding: current, as: UTF8.self)) }
        var day: Int64?, month: Int64?, year: Int64?, h: Int64?, m: Int64?, s: Int64?
        for t in tokens {
            let lower = t.byteLowercased()
            if let i = months.firstIndex(of: String(lower.prefix(3))), lower.utf8.count >= 3, month == nil,
               lower.utf8.allSatisfy({ $0 >= 0x61 && $0 <= 0x7A }) {
                month = Int64(i + 1)
            } else if t.utf8.contains(UInt8(ascii: ":")) {
                let parts = t.split(separator: ":").map { Int64($0) }
                guard parts.count == 3, let hh = parts[0], let mm = parts[1], let ss = parts[2] else { return nil }
                (h, m, s) = (hh, mm, ss)
            } else if t.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), let n = Int64(t) {
                if t.utf8.count <= 2, day == nil { day = n } else if year == nil { year = t.utf8.count == 2 ? (n < 70 ? 2000 + n : 1900 + n) : n } else { return nil }
            }
        }
        guard let d = day, let mo = month, let y = year, let hh = h, let mm = m, let ss = s,
              (1...31).contains(d), (0...23).contains(hh), (0...59).contains(mm), (0...60).contains(ss), (1601...9999).contains(y)
        else { return nil }
        // Days from the civil date (Howard Hinnant's algorithm).
        let yy = mo <= 2 ? y - 1 : y
        let era = (yy >= 0 ? yy : yy - 399) / 400
        let yoe = yy - era * 400
        let mp = (mo + 9) % 12
        let doy = (153 * mp + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        let days = era * 146_097 + doe - 719_468
        return days * 86_400 + hh * 3600 + mm * 60 + ss - virtualEpochUnixSeconds
    }
}

/// A change a finished fetch makes to the HTTP cache.
public enum HTTPCacheWrite: Sendable, Hashable {
    case store(HTTPCacheEntry)
    /// An unsafe method succeeded: what was stored for the URL is gone (RFC 9111 section 4.4).
    case invalidate(url: FetchURL, partition: String)
    /// An unsafe method succeeded: the GET response stored for the URL under the key of a request
    /// with these credentials, of the page's site, is gone (Gecko's doom of one cache key).
    case invalidateKey(url: FetchURL, partition: String, credentialed: Bool)
    /// The entry under this entry's key is gone (replaced by a memory-only one, or dropped after
    /// a 304 that said no-store).
    case remove(HTTPCacheEntry)
}

extension HTTPCache {
    mutating func apply(_ writes: [HTTPCacheWrite], rules: HTTPCacheRules) {
        for w in writes {
            switch w {
            case .store(let e): store(e, rules: rules)
            case let .invalidate(url, partition): invalidate(url: url, partition: partition)
            case let .invalidateKey(url, partition, credentialed): invalidate(url: url, partition: partition, credentialed: credentialed)
            case .remove(let e): remove(keyOf: e, rules: rules)
            }
        }
    }
}

extension Method {
    /// A safe method (RFC 9110 section 9.2.1): its response does not invalidate stored ones.
    var isSafeForCache: Bool {
        switch rawValue {
        case "GET", "HEAD", "OPTIONS", "TRACE": return true
        default: return false
        }
    }
}
