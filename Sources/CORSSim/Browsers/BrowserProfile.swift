/// Everything that makes one browser's CORS differ from another's, as data. The algorithms in
/// `Checks/` and `Cache/` read these values; the per-browser files fill them in, each value
/// with the evidence it came from.
public struct BrowserProfile: Sendable, Hashable {
    public var name: BrowserName
    /// The name shown to people: "Chrome", "Firefox", "Safari", "WebKitGTK", "Fetch Standard".
    public var displayName: String
    /// Which engine versions the values were checked against.
    public var evidence: String
    /// The engine's major version this profile models (Chrome 156, Firefox 153); nil where no
    /// version history is modelled (Safari, the Fetch Standard). `BrowserProfile.named("chrome@75")`
    /// gives older versions (`Browsers/History.swift`).
    public var version: Int?

    public var requestHeaders: RequestHeaderRules
    /// The `Request` constructor's checks: their order and what a stream body does.
    public var requestValidation: RequestValidationRules
    public var mixedContent: MixedContentRules
    /// The ports the engine never connects to (`Checks/PortBlocking.swift`).
    public var portBlocking: PortBlockingRules
    /// Requests from a public page to a local or loopback address (Local / Private Network Access).
    public var localNetworkAccess: LocalNetworkAccessRules
    /// The cross-origin resource policy check of no-cors responses (`Checks/ResourcePolicy.swift`).
    public var resourcePolicy: ResourcePolicyRules
    /// What `cache: 'only-if-cached'` does when the HTTP cache has no response.
    public var onlyIfCachedMiss: OnlyIfCachedMiss
    /// The HTTP cache: its key and what it stores.
    public var httpCache: HTTPCacheRules
    /// Cookies: the SameSite default, third-party cookies, partitioning (`Cookies/CookieRules.swift`).
    public var cookies: CookieRules
    public var preflight: PreflightRules
    public var responseCheck: ResponseCheckRules
    public var redirects: RedirectRules
    public var cache: PreflightCacheRules
    public var console: ConsoleStyle
    /// The message of the TypeError `fetch()` rejects with, whatever the CORS reason.
    public var typeErrorMessage: String
    /// Opaque Response Blocking of cross-origin `no-cors` responses (`Checks/OpaqueResponseBlocking.swift`).
    public var opaqueResponseBlocking: OpaqueResponseBlockingRules
    /// Whether an actual request answered `421 Misdirected Request` is sent once more (on a new
    /// connection, RFC 9110 section 15.5.20) before the second answer is taken as the response.
    public var resendsMisdirectedRequest: Bool
    /// What the network stack under the engine does to the URL it sends and the headers it reads
    /// (where WebKitGTK's libsoup and GLib differ from Safari's CFNetwork under the same WebCore).
    public var networkStack: NetworkStackRules
    /// Whether a GET or HEAD that is not CORS carries `Origin` (the request's origin serialized:
    /// `null` from an opaque page) when the browser's Storage Access Headers say
    /// `Sec-Fetch-Storage-Access: inactive`: credentials mode "include", a page that is third-party
    /// to its top-level page (an opaque page, or another site) asking for a potentially trustworthy
    /// URL on the top-level page's site, before any redirect taints the request's origin. The
    /// standard appends no `Origin` to a GET or HEAD that is not CORS.
    public var appendsOriginWhenStorageAccessInactive: Bool
    /// Whether a request whose mode is not "cors" and whose method is neither GET nor HEAD carries
    /// `Origin: null` as its referrer policy says: the standard's "append a request `Origin`
    /// header" step 3.1 (https://fetch.spec.whatwg.org/#append-a-request-origin-header):
    /// `no-referrer` always; `no-referrer-when-downgrade`, `strict-origin` and
    /// `strict-origin-when-cross-origin` (the default) when its origin's scheme is https and its
    /// current URL's is not; `same-origin` to another origin.
    public var nullsOriginOnDowngrade: Bool
    /// A fetch() of a URL whose scheme is not HTTP(S): `data:`, `about:`, `blob:`, `file:`, others
    /// (`Checks/SchemeFetch.swift`).
    public var schemeFetch: SchemeFetchRules
    /// How `Referer` and the Fetch Metadata headers (`Sec-Fetch-*`) are built (`Checks/FetchMetadata.swift`).
    public var contextHeaders: ContextHeaderRules

    public init(name: BrowserName, displayName: String, evidence: String, requestHeaders: RequestHeaderRules,
                requestValidation: RequestValidationRules, mixedContent: MixedContentRules, portBlocking: PortBlockingRules,
                localNetworkAccess: LocalNetworkAccessRules, resourcePolicy: ResourcePolicyRules, version: Int?,
                onlyIfCachedMiss: OnlyIfCachedMiss,
                httpCache: HTTPCacheRules, cookies: CookieRules, preflight: PreflightRules, responseCheck: ResponseCheckRules, redirects: RedirectRules,
                cache: PreflightCacheRules, console: ConsoleStyle, typeErrorMessage: String,
                opaqueResponseBlocking: OpaqueResponseBlockingRules, resendsMisdirectedRequest: Bool,
                networkStack: NetworkStackRules,
                appendsOriginWhenStorageAccessInactive: Bool, nullsOriginOnDowngrade: Bool, schemeFetch: SchemeFetchRules,
                contextHeaders: ContextHeaderRules) {
        self.contextHeaders = contextHeaders
        self.nullsOriginOnDowngrade = nullsOriginOnDowngrade
        self.schemeFetch = schemeFetch
        self.resendsMisdirectedRequest = resendsMisdirectedRequest
        self.networkStack = networkStack
        self.appendsOriginWhenStorageAccessInactive = appendsOriginWhenStorageAccessInactive
        self.name = name
        self.displayName = displayName
        self.evidence = evidence
        self.requestHeaders = requestHeaders
        self.requestValidation = requestValidation
        self.mixedContent = mixedContent
        self.portBlocking = portBlocking
        self.localNetworkAccess = localNetworkAccess
        self.resourcePolicy = resourcePolicy
        self.version = version
        self.onlyIfCachedMiss = onlyIfCachedMiss
        self.httpCache = httpCache
        self.cookies = cookies
        self.preflight = preflight
        self.responseCheck = responseCheck
        self.redirects = redirects
        self.cache = cache
        self.console = console
        self.typeErrorMessage = typeErrorMessage
        self.opaqueResponseBlocking = opaqueResponseBlocking
    }

    /// The built-in profile for a browser name: `.named(.safari)` is ``safari``. Use it to go
    /// from a scenario's or a JSON result's browser name to the rules; profiles are values, so a
    /// copy with one rule changed asks "what if" without touching the built-in one.
    public static func named(_ name: BrowserName) -> BrowserProfile {
        switch name {
        case .chrome: return .chrome
        case .firefox: return .firefox
        case .safari: return .safari
        case .webkitgtk: return .webkitgtk
        case .spec: return .spec
        }
    }
}

/// How a browser checks a preflight response.
public struct PreflightRules: Sendable, Hashable {
    public enum Order: String, Sendable, Hashable {
        /// ACAO/ACAC first, then the 2xx status (Chromium, Gecko).
        case originThenStatus
        /// The 2xx status first, then ACAO/ACAC (WebKit).
        case statusThenOrigin
    }

    public enum ListOrder: String, Sendable, Hashable {
        /// Parse Allow-Methods and Allow-Headers, then check the method, then the headers
        /// (Chromium, WebKit, the standard).
        case parseBothThenCheck
        /// Parse and check Allow-Methods, then parse and check Allow-Headers (Gecko).
        case methodsThenHeaders
    }

    /// In which order the request's unsafe headers are checked, so which one a failure names.
    public enum HeaderCheckOrder: String, Sendable, Hashable {
        /// Sorted by lower-cased name, the standard's CORS-unsafe request-header names (Gecko).
        case sortedNames
        /// The names WebKit knows (`HTTPHeaderNames.in`) first, then the others, each in the
        /// order the script set them (WebCore's HTTPHeaderMap: common headers, then uncommon ones).
        case knownNamesFirst
        /// The order of Chromium's request header vector, which Blink fills from its HTTPHeaderMap
        /// (hash-slot order, `BlinkRequestHeaderOrder`), the names unsafe only because the safelisted
        /// values exceed 1,024 bytes after all the others (cors.cc CorsUnsafeNotForbiddenRequestHeaderNames).
        case blinkHeaderMap
    }

    public var order: Order
    public var listOrder: ListOrder
    public var headerCheckOrder: HeaderCheckOrder
    /// Whether `Access-Control-Allow-Headers: *` (without credentials) lets `Authorization` through.
    public var wildcardCoversAuthorization: Bool
    /// Whether a preflight answered with a redirect fails on its `Access-Control-Allow-Origin`
    /// first (reported as that), and only then as a redirect. Not for a preflight to the page's
    /// own origin (reached after a redirect), whose redirect is refused as such. The refused
    /// redirect's response is then checked again (against `null` once the redirect crossed origins),
    /// and reported beside the refusal when that fails.
    public var originCheckedBeforeRedirect: Bool
    /// Whether a preflight to the page's own origin (reached after a cross-origin redirect) skips
    /// the CORS check (Access-Control-Allow-Origin and -Credentials) and is judged only by its
    /// status and allow lists.
    public var pageOriginPreflightSkipsCORSCheck: Bool
    /// Whether the preflight carries the cache headers the fetch's cache mode puts on the actual
    /// request (`Pragma` and `Cache-Control: no-cache` for no-store and reload,
    /// `Cache-Control: max-age=0` for no-cache), where the standard's preflight has none.
    public var carriesCacheModeHeaders: Bool

    /// Every field is stated: a profile cannot leave one to a default.
    public init(order: Order, listOrder: ListOrder, wildcardCoversAuthorization: Bool,
                originCheckedBeforeRedirect: Bool, pageOriginPreflightSkipsCORSCheck: Bool,
                headerCheckOrder: HeaderCheckOrder, carriesCacheModeHeaders: Bool) {
        self.carriesCacheModeHeaders = carriesCacheModeHeaders
        self.headerCheckOrder = headerCheckOrder
        self.originCheckedBeforeRedirect = originCheckedBeforeRedirect
        self.pageOriginPreflightSkipsCORSCheck = pageOriginPreflightSkipsCORSCheck
        self.order = order
        self.listOrder = listOrder
        self.wildcardCoversAuthorization = wildcardCoversAuthorization
    }
}

/// How a browser tells apart the ways `Access-Control-Allow-Origin` can be wrong. Every browser
/// fails the same responses; only the reason reported differs.
public struct ResponseCheckRules: Sendable, Hashable {
    public enum MultipleOrigins: String, Sendable, Hashable {
        /// More than one header line spelled exactly `Access-Control-Allow-Origin` (Gecko).
        case headerLines
        /// The combined value contains a comma (WebKit).
        case comma
        /// The combined value contains a comma or a space (Chromium).
        case commaOrSpace
    }

    /// What an `Access-Control-Expose-Headers` list with an item that is not a token exposes.
    public enum ExposeListFailure: String, Sendable, Hashable {
        /// Nothing beyond the safelisted names: the whole list fails to parse (the standard,
        /// Chromium, WebKit).
        case ignoresList
        /// The names are dropped, but a `*` read before the bad item still exposes every header
        /// (Gecko reads the list left to right and stops at the bad item).
        case keepsEarlierWildcard
    }

    public var multipleOrigins: MultipleOrigins
    public var exposeListFailure: ExposeListFailure

    /// Every field is stated: a profile cannot leave one to a default.
    public init(multipleOrigins: MultipleOrigins, exposeListFailure: ExposeListFailure) {
        self.multipleOrigins = multipleOrigins
        self.exposeListFailure = exposeListFailure
    }
}

/// How a browser handles redirects of CORS requests.
public struct RedirectRules: Sendable, Hashable {
    /// What a redirect status with an empty `Location` does.
    public enum EmptyLocation: String, Sendable, Hashable {
        /// The empty string parses to the request's own URL, which is fetched again (Gecko, the
        /// standard), until the redirect limit.
        case followedToSameURL
        /// Not a redirect: the 3xx response itself is the response (Chromium).
        case notARedirect
        /// A network error after the first response (WebKit).
        case networkError
    }

    /// How many redirects are followed; one more is a network error.
    public var limit: Int
    /// Whether `Authorization` is removed when a redirect crosses origins.
    public var stripsAuthorizationCrossOrigin: Bool
    /// Whether, once a request needed a preflight, every later CORS hop is preflighted too, even
    /// when the redirect made it simple (a 303 turning PUT into GET).
    public var preflightsEveryHopOfAPreflightedRequest: Bool
    /// Whether a preflight after a tainting redirect still carries the page's origin (the actual
    /// request carries `null`).
    public var preflightOriginIgnoresTaint: Bool
    /// Whether, after a redirect turned the method into GET, the preflights of later hops still
    /// ask about the request-body headers it removed from the request (`Content-Type` and the
    /// others of HTTP-redirect fetch step 12), though the request goes out without them; so too
    /// for the `Authorization` a cross-origin hop removed.
    public var preflightKeepsRemovedBodyHeaders: Bool
    /// Whether the preflight of a hop that stays on one origin asks again about the `Authorization`
    /// an earlier cross-origin hop removed (the request itself still goes out without it): the
    /// names are filtered only on a hop that crosses origins, from the list the fetch started with.
    public var preflightAsksRemovedAuthorizationOnSameOriginHop: Bool
    /// Whether the preflight of a hop that changes no method asks again about the request-body
    /// headers an earlier method-changing hop removed (the request itself still goes out without
    /// them): the names are filtered only on the hop that turned the request into a GET, from the
    /// list the fetch started with. A hop that stayed on the page's origin filters nothing.
    public var preflightAsksRemovedBodyHeadersOnLaterHop: Bool
    /// Whether an `Origin` header, once on the request, stays on later same-origin hops even where
    /// the standard would not append one (a no-cors POST redirected to a GET); a cross-origin hop
    /// clears it.
    public var keepsOriginHeaderAcrossRedirects: Bool
    /// Whether a cors-mode request after a redirect from one origin to another (from the page's
    /// own origin too, so not only a tainting redirect) carries no cache-mode headers (`Pragma`,
    /// `Cache-Control` that no-store, reload and no-cache add), where the standard appends them on
    /// every hop.
    public var crossOriginRedirectDropsCacheModeHeaders: Bool
    public var emptyLocation: EmptyLocation
    /// Whether a tab inside a `Location` value is percent-encoded (`%09`) instead of removed, as
    /// the URL parser removes it.
    public var locationTabIsPercentEncoded: Bool
    /// Which response statuses with a `Location` are followed as redirects.
    public var statuses: RedirectStatuses
    /// Whether `redirect: 'error'` lets a redirect status without a `Location` through as the
    /// response (the standard makes it a network error; `manual` gives an opaque-redirect either way).
    public var errorModeIgnoresRedirectWithoutLocation: Bool
    /// Whether `redirect: 'manual'` hands the script the body of a redirect status without a
    /// `Location`: the response is opaque-redirect (status 0, no headers), yet `text()` reads the
    /// body (the standard's opaque-redirect filtered response has a null body).
    public var manualWithoutLocationKeepsBody: Bool
    /// Whether a DELETE redirected to another origin goes on as a GET without a body, whatever
    /// the redirect status.
    public var crossOriginDeleteBecomesGET: Bool
    /// Whether a request that is not CORS (a no-cors POST) sends `Origin: null` once a redirect
    /// went from one origin to another (the standard keeps its origin: it is not tainted).
    public var crossOriginHopNullsNonCORSOrigin: Bool
    /// Whether a redirect answered from another origin than the page's is checked a second time
    /// with the credentials flag the fetch started with (on for credentials mode "include", and for
    /// "same-origin" when the first URL was the page's origin), after the next hop's preflight and
    /// before its request. The standard checks each response once, with the credentials mode.
    public var redirectRecheckedWithInitialCredentials: Bool
    /// Whether a redirect to a URL with a username or password is a network error whatever the
    /// request's mode and the target's origin (the standard refuses it only for a cors request to
    /// another origin, or once the response tainting is cors): a renderer-side check after the
    /// standard one, so a cors request to another origin still fails as `redirect-credentials-in-url`.
    public var refusesCredentialsInAnyLocation: Bool
    /// Whether a cors request that has so far stayed on the page's origin, redirected to a
    /// `Location` with a username or password on another origin, is refused only after the next
    /// hop's preflight (sent, or found in the preflight cache) passes, before its request: the
    /// preflight's result is stored, and a failing preflight is the reported failure. A simple
    /// request needs no preflight and is refused at once; a request already cross-origin is refused
    /// at once (the standard refuses both at once: HTTP-redirect fetch steps 7-8).
    public var crossOriginLocationCredentialsRefusedAfterPreflight: Bool
    /// Whether redirect mode "error" is applied only after the checks of the location that
    /// HTTP-redirect fetch makes (the redirect count, then a username or password in a location
    /// refused for a cors request: steps 5-8), so a location refused there fails with that reason
    /// and its console line; the standard applies the redirect mode first (HTTP fetch step 8).
    public var errorModeAfterLocationChecks: Bool

    /// Every field is stated: a profile cannot leave one to a default.
    public init(limit: Int, stripsAuthorizationCrossOrigin: Bool, preflightsEveryHopOfAPreflightedRequest: Bool,
                preflightOriginIgnoresTaint: Bool, preflightKeepsRemovedBodyHeaders: Bool,
                preflightAsksRemovedAuthorizationOnSameOriginHop: Bool,
                preflightAsksRemovedBodyHeadersOnLaterHop: Bool, keepsOriginHeaderAcrossRedirects: Bool,
                crossOriginRedirectDropsCacheModeHeaders: Bool, emptyLocation: EmptyLocation,
                locationTabIsPercentEncoded: Bool, statuses: RedirectStatuses, errorModeIgnoresRedirectWithoutLocation: Bool,
                crossOriginDeleteBecomesGET: Bool, crossOriginHopNullsNonCORSOrigin: Bool,
                redirectRecheckedWithInitialCredentials: Bool, refusesCredentialsInAnyLocation: Bool,
                crossOriginLocationCredentialsRefusedAfterPreflight: Bool, errorModeAfterLocationChecks: Bool,
                manualWithoutLocationKeepsBody: Bool) {
        self.manualWithoutLocationKeepsBody = manualWithoutLocationKeepsBody
        self.crossOriginLocationCredentialsRefusedAfterPreflight = crossOriginLocationCredentialsRefusedAfterPreflight
        self.errorModeAfterLocationChecks = errorModeAfterLocationChecks
        self.crossOriginHopNullsNonCORSOrigin = crossOriginHopNullsNonCORSOrigin
        self.redirectRecheckedWithInitialCredentials = redirectRecheckedWithInitialCredentials
        self.refusesCredentialsInAnyLocation = refusesCredentialsInAnyLocation
        self.errorModeIgnoresRedirectWithoutLocation = errorModeIgnoresRedirectWithoutLocation
        self.crossOriginDeleteBecomesGET = crossOriginDeleteBecomesGET
        self.emptyLocation = emptyLocation
        self.statuses = statuses
        self.locationTabIsPercentEncoded = locationTabIsPercentEncoded
        self.limit = limit
        self.stripsAuthorizationCrossOrigin = stripsAuthorizationCrossOrigin
        self.preflightsEveryHopOfAPreflightedRequest = preflightsEveryHopOfAPreflightedRequest
        self.preflightOriginIgnoresTaint = preflightOriginIgnoresTaint
        self.preflightKeepsRemovedBodyHeaders = preflightKeepsRemovedBodyHeaders
        self.preflightAsksRemovedAuthorizationOnSameOriginHop = preflightAsksRemovedAuthorizationOnSameOriginHop
        self.preflightAsksRemovedBodyHeadersOnLaterHop = preflightAsksRemovedBodyHeadersOnLaterHop
        self.keepsOriginHeaderAcrossRedirects = keepsOriginHeaderAcrossRedirects
        self.crossOriginRedirectDropsCacheModeHeaders = crossOriginRedirectDropsCacheModeHeaders
    }
}

/// What the network stack under the engine (and the loader that hands it each hop's request) does
/// to the URL and the header lines a request goes out with, and to the bytes of a response header
/// before WebCore, Blink or Gecko see them.
public struct NetworkStackRules: Sendable, Hashable {
    /// How the bytes of a `Location` value become the string the URL parser reads.
    public enum HeaderBytes: String, Sendable, Hashable {
        /// As UTF-8: `é` sent as 0xC3 0xA9 stays `é`, requested as `%C3%A9` (Chromium, Gecko).
        case utf8
        /// As Latin-1, one character per byte: 0xC3 0xA9 is `Ã©`, requested as `%C3%83%C2%A9`.
        case latin1
    }

    /// Whether the URL on the wire (the request line of preflights and requests) and the
    /// response's URL have their path and query normalized: each percent-encoded unreserved
    /// character (ALPHA, DIGIT, `-`, `.`, `_`, `~`) decoded, every other escape's hex digits
    /// upper-cased. The preflight cache still keys the URL as the engine parsed it (recorded:
    /// url-percent-tilde-cache-distinct).
    /// SIMULATION: so does the HTTP cache (WebKit's NetworkCache key is built from WebCore's
    /// request, not recorded with escapes), and a cookie's default path comes from the wire URL.
    public var decodesUnreservedEscapes: Bool
    /// How a `Location` value's bytes are read.
    public var locationBytes: HeaderBytes
    /// How a request header's value (a byte sequence: one character U+0000 to U+00FF per byte, as
    /// the engine holds it and as the CORS checks read it) is written on the wire: `.latin1`, one
    /// byte per character; `.utf8`, each character above U+007F as its two UTF-8 bytes (`é`, byte
    /// 0xE9, goes out as 0xC3 0xA9). The wire values of ``WireRequest`` hold the bytes sent, one
    /// character per byte.
    public var headerValueBytes: HeaderBytes
    /// How header lines the script gave the same name go out (`WireHeaders.swift`).
    public var repeatedRequestHeaders: RepeatedRequestHeaders
    /// Which header lines each hop of a redirected request carries (`WireHeaders.swift`).
    public var redirectHopHeaders: RedirectHopHeaders
    /// Whether a `407 Proxy Authentication Required` from a server the engine reached directly
    /// (no proxy: the only way the simulator connects) is a network error, for a preflight and
    /// an actual request in every mode, instead of a response with status 407 (RFC 9110 section
    /// 15.5.8 meant for a proxy's answer).
    public var directProxyAuthenticationIsNetworkError: Bool
    /// What the HTTP layer makes of a response that repeats a field meant to appear once.
    public var repeatedResponseFields: RepeatedResponseFields
    /// The values `response.headers` shows for header lines a response repeats (`ResponseFilter.swift`).
    public var repeatedResponseHeaderValues: RepeatedResponseHeaderValues
    /// The statuses whose response the HTTP layer reads without a body, whatever the server sent
    /// after the headers (RFC 9110: 204 and 304 never have one; 205 must not send one).
    public var bodylessStatuses: Set<Int>

    /// What an engine's HTTP layer does with a response carrying `Content-Length`,
    /// `Content-Disposition` or `Location` on more than one line.
    public enum RepeatedResponseFields: String, Sendable, Hashable {
        /// The lines are kept and read combined (`/a, /b` is the Location followed).
        case combined
        /// Lines with different values make the response a network error (a possible response
        /// splitting attack); identical ones are read as one value.
        case differentValuesRefused
        /// As `differentValuesRefused`, but `Content-Length` lines are not compared when the
        /// response has a `Transfer-Encoding`.
        case differentValuesRefusedUnlessTransferEncoding

        static let names = ["content-length", "content-disposition", "location"]

        /// The first field (lower-cased) whose lines differ, when this rule refuses them.
        func refusedField(in headers: HeaderList) -> String? {
            guard self != .combined else { return nil }
            for name in RepeatedResponseFields.names {
                if name == "content-length", self == .differentValuesRefusedUnlessTransferEncoding,
                   headers.contains(lowercased: "transfer-encoding") { continue }
                let values = headers.filter { $0.lowercasedName == name }.map(\.value)
                if let first = values.first, values.contains(where: { $0 != first }) { return name }
            }
            return nil
        }

        /// The `Location` value a redirect follows: the lines combined, or (identical lines, where
        /// different ones are refused) the first line.
        func location(in headers: HeaderList) -> String? {
            guard self != .combined else { return headers.value(lowercased: "location") }
            return headers.first { $0.lowercasedName == "location" }?.value
        }
    }

    /// Every field is stated: a profile cannot leave one to a default.
    public init(decodesUnreservedEscapes: Bool, locationBytes: HeaderBytes, headerValueBytes: HeaderBytes,
                repeatedRequestHeaders: RepeatedRequestHeaders,
                redirectHopHeaders: RedirectHopHeaders, directProxyAuthenticationIsNetworkError: Bool,
                repeatedResponseFields: RepeatedResponseFields,
                repeatedResponseHeaderValues: RepeatedResponseHeaderValues, bodylessStatuses: Set<Int>) {
        self.repeatedResponseHeaderValues = repeatedResponseHeaderValues
        self.bodylessStatuses = bodylessStatuses
        self.directProxyAuthenticationIsNetworkError = directProxyAuthenticationIsNetworkError
        self.repeatedResponseFields = repeatedResponseFields
        self.decodesUnreservedEscapes = decodesUnreservedEscapes
        self.locationBytes = locationBytes
        self.headerValueBytes = headerValueBytes
        self.repeatedRequestHeaders = repeatedRequestHeaders
        self.redirectHopHeaders = redirectHopHeaders
    }

    /// `url` as it goes on the wire.
    func wireURL(_ url: FetchURL) -> FetchURL {
        decodesUnreservedEscapes ? url.normalizingUnreservedEscapes() : url
    }

    /// A `Location` value (held as UTF-8, the bytes the server sent) as the URL parser reads it.
    func location(_ value: String) -> String {
        guard locationBytes == .latin1, value.utf8.contains(where: { $0 >= 0x80 }) else { return value }
        var scalars = String.UnicodeScalarView()
        for byte in value.utf8 { scalars.append(Unicode.Scalar(byte)) }
        return String(scalars)
    }
}

/// Which statuses a browser follows as redirects when the response has a `Location`.
public enum RedirectStatuses: String, Sendable, Hashable {
    /// 301, 302, 303, 307 and 308 (https://fetch.spec.whatwg.org/#redirect-status).
    case standard
    /// Every 3xx except 300, 304, 305 and 306 (so 309 to 399 too).
    case any3xxBut300And304To306

    public func isRedirect(_ status: Int) -> Bool {
        switch self {
        case .standard: return [301, 302, 303, 307, 308].contains(status)
        case .any3xxBut300And304To306: return (300...399).contains(status) && ![300, 304, 305, 306].contains(status)
        }
    }
}

/// Which console dialect a browser prints.
public enum ConsoleStyle: String, Sendable, Hashable {
    case chrome, firefox, safari
    /// The standard has no console; the spec profile names the failed step instead.
    case spec
}

/// A profile shared by reference between a browser and its fetches, so that starting a fetch
/// retains one object instead of copying the profile's every collection.
final class SharedProfile: Sendable {
    let profile: BrowserProfile
    /// `profile.id`, computed once (every outcome carries it).
    let id: String

    init(_ profile: BrowserProfile) {
        self.profile = profile
        self.id = profile.id
    }
}
