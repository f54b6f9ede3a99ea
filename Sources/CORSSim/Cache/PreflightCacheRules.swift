/// How one browser's CORS-preflight cache behaves (https://fetch.spec.whatwg.org/#cors-preflight-cache
/// is the standard's version). Each browser file fills this in with its evidence.
public struct PreflightCacheRules: Sendable, Hashable {
    /// The cache's design, with what only that design has: each shape is its own type
    /// (`ReplacingPreflightCache`, `MergingPreflightCache`) and takes only the eviction it can do.
    public enum Shape: Sendable, Hashable {
        /// One result per key; a new preflight replaces it (Chromium, WebKit).
        case replacing(eviction: ReplacingEviction)
        /// One token per method and per header name, each with its own expiry; a new preflight
        /// is merged in (Gecko, the standard).
        case merging(eviction: MergingEviction)
    }

    /// How a replacing cache makes room.
    public enum ReplacingEviction: Sendable, Hashable {
        /// No capacity (WebKit's plain HashMap).
        case unbounded
        /// When a new key would make the cache hold more than `capacity - 1` entries, erase a run of
        /// `run` entries at a random position in key order (Chromium `MayPurge`).
        case randomRun(capacity: Int, run: Int)
    }

    /// How a merging cache makes room.
    public enum MergingEviction: Sendable, Hashable {
        /// No capacity (the standard).
        case unbounded
        /// At `capacity` entries, purge expired tokens first (an entry left with none goes); if that
        /// frees nothing, drop the least recently used entry (Gecko).
        case expiredThenLeastRecentlyUsed(capacity: Int)
    }

    /// How `Access-Control-Max-Age` is read.
    public enum MaxAgeParsing: String, Sendable, Hashable {
        /// A 64-bit integer; anything else uses the default; a negative value is stored as 0
        /// (Chromium `ParseAccessControlMaxAge`).
        case integerNegativeIsZero
        /// Digits only; any other byte means the result is not cached; 0 is not cached
        /// (Gecko `AddResultToCache`).
        case digitsOrNotCached
        /// An integer with an optional sign; anything else uses the default; zero or negative is
        /// already expired (WebKit `parseAccessControlMaxAge`).
        case signedIntegerOrDefault
        /// delta-seconds (digits only); anything else uses the default (the standard).
        case deltaSecondsOrDefault
    }

    /// When `*` in a cached Allow-Methods or Allow-Headers still counts as a wildcard on a later hit.
    public enum WildcardOnHit: String, Sendable, Hashable {
        /// Unless the cached `*` came from a credentialed preflight or the request is credentialed;
        /// a cached `*` never covers `Authorization` (Chromium: the lookup always applies the strict
        /// rule; the standard).
        case unlessCredentialedNotAuthorization
        /// Unless the request is credentialed; `*` covers every header (WebKit).
        case unlessRequestCredentialed
        /// Never: `*` is kept as a literal token (Gecko).
        case never

        /// Whether a cached `*` counts, given the credentials of the preflight it came from and the request's.
        func honours(entryCredentials: Bool, requestCredentials: Bool) -> Bool {
            switch self {
            case .unlessCredentialedNotAuthorization: return !entryCredentials && !requestCredentials
            case .unlessRequestCredentialed: return !requestCredentials
            case .never: return false
            }
        }

        /// Whether a cached `*` that counts also covers `Authorization`.
        var coversAuthorization: Bool { self == .unlessRequestCredentialed }
    }

    /// What happens to a preflight made after a redirect tainted the request's origin (`Origin: null`).
    public enum TaintedOriginCaching: String, Sendable, Hashable {
        /// Looked up and stored under the page's origin, like any other (Gecko: the requesting principal).
        case pageOriginKey
        /// Never served from the cache nor reusable: the key's origin is a fresh opaque one each time.
        case neverReused
    }

    /// Whose entries a preflight made from an opaque page (a sandboxed iframe, `page null`) reaches.
    public enum OpaquePageCaching: String, Sendable, Hashable {
        /// Never reused: every request of such a page preflights again (Chromium).
        case neverReused
        /// Reused by the same opaque origin only; another opaque origin has its own key (WebKit's
        /// ClientOrigin holds the SecurityOrigin, an opaque one equal only to itself).
        case perOpaqueOrigin
        /// One key for every opaque origin: an entry made from one sandboxed iframe serves another
        /// (Gecko: a null principal's URI has no host or port, so GetPrefLightCacheKey gives every
        /// one the same key).
        case sharedByOpaqueOrigins
    }

    public enum Partition: String, Sendable, Hashable {
        /// The top-level site (Chromium's network isolation key, Gecko's partitionKey, the standard).
        case topLevelSite
        /// The top-level origin (WebKit's ClientOrigin).
        case topLevelOrigin
    }

    public var shape: Shape
    public var defaultMaxAge: Int64
    /// The imposed limit on max-age in seconds, or nil for none.
    public var maxAgeCap: Int64?
    public var maxAgeParsing: MaxAgeParsing
    /// Whether an entry whose expiry equals the current time is already expired (`expiry <= now`)
    /// or still fresh (`expiry < now` expires it).
    public var expiredAtExactExpiry: Bool
    /// URLs of this many characters or more are never cached.
    public var maxURLLength: Int?
    /// Whether the credentials mode is part of the key (separate entries), rather than a flag
    /// stored in the entry (a credentialed entry then serves any mode).
    public var credentialsInKey: Bool
    public var wildcardOnHit: WildcardOnHit
    /// Methods that need no cached token on a lookup.
    public var methodsExemptOnLookup: Set<String>
    /// Whether an entry that is stale or does not cover the request is erased at lookup.
    public var erasesOnMiss: Bool
    /// Whether the result is stored before the method and header checks, so a preflight that
    /// failed only those is still cached (WebKit).
    public var storesBeforeMethodAndHeaderCheck: Bool
    /// Whether a failed CORS check on the actual response removes the entries for that URL.
    public var clearsOnActualFailure: Bool
    /// Whether a failed preflight removes the entries for that URL.
    public var clearsOnPreflightFailure: Bool
    /// `fetch()` cache modes that skip the lookup (a preflight is always sent).
    public var cacheModesSkippingLookup: Set<CacheMode>
    /// `fetch()` cache modes whose preflight result is not stored.
    public var cacheModesSkippingStore: Set<CacheMode>
    public var partition: Partition
    public var taintedOrigin: TaintedOriginCaching
    /// Whether and by whom a preflight made from an opaque page (a sandboxed iframe, `page null`)
    /// is reused.
    public var opaquePage: OpaquePageCaching

    /// Every field is stated: a profile cannot leave one to a default.
    public init(shape: Shape, defaultMaxAge: Int64, maxAgeCap: Int64?, maxAgeParsing: MaxAgeParsing,
                expiredAtExactExpiry: Bool, maxURLLength: Int?,
                credentialsInKey: Bool, wildcardOnHit: WildcardOnHit, methodsExemptOnLookup: Set<String>,
                erasesOnMiss: Bool, storesBeforeMethodAndHeaderCheck: Bool, clearsOnActualFailure: Bool,
                clearsOnPreflightFailure: Bool,
                cacheModesSkippingLookup: Set<CacheMode>, cacheModesSkippingStore: Set<CacheMode>,
                partition: Partition, taintedOrigin: TaintedOriginCaching, opaquePage: OpaquePageCaching) {
        self.shape = shape
        self.defaultMaxAge = defaultMaxAge
        self.maxAgeCap = maxAgeCap
        self.maxAgeParsing = maxAgeParsing
        self.expiredAtExactExpiry = expiredAtExactExpiry
        self.maxURLLength = maxURLLength
        self.credentialsInKey = credentialsInKey
        self.wildcardOnHit = wildcardOnHit
        self.methodsExemptOnLookup = methodsExemptOnLookup
        self.erasesOnMiss = erasesOnMiss
        self.storesBeforeMethodAndHeaderCheck = storesBeforeMethodAndHeaderCheck
        self.clearsOnActualFailure = clearsOnActualFailure
        self.clearsOnPreflightFailure = clearsOnPreflightFailure
        self.cacheModesSkippingLookup = cacheModesSkippingLookup
        self.cacheModesSkippingStore = cacheModesSkippingStore
        self.partition = partition
        self.taintedOrigin = taintedOrigin
        self.opaquePage = opaquePage
    }

    /// Whether an expiry (ms) has passed at `now`.
    func isExpired(_ expiry: Int64, now: Int64) -> Bool {
        expiredAtExactExpiry ? expiry <= now : expiry < now
    }
}

/// What a browser makes of an `Access-Control-Max-Age` value.
public enum MaxAgeDecision: Sendable, Hashable {
    /// Cache for this many seconds. `asked` is the header value (nil when absent); `capped` and
    /// `defaulted` say why the number differs from it.
    case cache(seconds: Int64, asked: String?, capped: Bool, defaulted: Bool)
    /// The result is not cached at all (Gecko: `0`, or anything but digits).
    case doNotCache(asked: String)
}

extension PreflightCacheRules {
    /// Reads `Access-Control-Max-Age` as this browser does. `value` is the combined header value.
    public func maxAge(_ value: String?) -> MaxAgeDecision {
        guard let raw = value else {
            return .cache(seconds: defaultMaxAge, asked: nil, capped: false, defaulted: true)
        }
        let trimmed = raw.trimmingHTTPWhitespace()
        func capped(_ seconds: Int64) -> MaxAgeDecision {
            if let cap = maxAgeCap, seconds > cap { return .cache(seconds: cap, asked: raw, capped: true, defaulted: false) }
            return .cache(seconds: seconds, asked: raw, capped: false, defaulted: false)
        }
        let byDefault = MaxAgeDecision.cache(seconds: defaultMaxAge, asked: raw, capped: false, defaulted: true)
        switch maxAgeParsing {
        case .integerNegativeIsZero:
            // base::StringToInt64: optional '-' (and '+'), digits, no overflow.
            guard let n = Int64(trimmed) else { return byDefault }
            return capped(max(0, n))
        case .digitsOrNotCached:
            // Empty is the default; any byte that is not a digit: not cached; 0: not cached.
            if trimmed.isEmpty { return .cache(seconds: defaultMaxAge, asked: raw, capped: false, defaulted: true) }
            guard raw.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return .doNotCache(asked: raw) }
            var age: Int64 = 0
            // Gecko clamps while it reads ("Cap at 24 hours. This also avoids overflow"); clamping
            // one above the cap keeps the fact that the server asked for more.
            let ceiling = maxAgeCap.map { $0 + 1 } ?? (Int64.max - 9) / 10
            for b in raw.utf8 { age = min(age * 10 + Int64(b - 48), ceiling) }
            if age == 0 { return .doNotCache(asked: raw) }
            return capped(age)
        case .signedIntegerOrDefault:
            // parseInteger<int64_t> skips surrounding whitespace and takes one leading sign.
            guard let n = Int64(trimmed) else { return byDefault }
            return capped(n)
        case .deltaSecondsOrDefault:
            guard !trimmed.isEmpty, trimmed.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return byDefault }
            return capped(Int64(trimmed) ?? Int64.max)
        }
    }
}
