extension BrowserProfile {
    /// The Fetch Standard itself (whatwg/fetch `fetch.bs` at 586cd2a4), with no implementation-defined
    /// limits: for teaching what the standard says, not what any browser does.
    public static let spec = BrowserProfile(
        name: .spec,
        displayName: "Fetch Standard",
        evidence: "The Fetch Standard (whatwg/fetch fetch.bs at 586cd2a4)",
        requestHeaders: .standard,
        requestValidation: .standard,   // the Request constructor's steps in order
        mixedContent: .standard,        // Mixed Content: "should fetching request be blocked" in main fetch step 7
        portBlocking: PortBlockingRules(ports: PortBlockingRules.fetchStandardBadPorts),   // https://fetch.spec.whatwg.org/#bad-port
        localNetworkAccess: .off,       // Local Network Access is a WICG draft, not part of Fetch
        resourcePolicy: .standard,      // cross-origin resource policy internal check: "schemelessly same site"
        version: nil,                   // the standard has no versions here
        onlyIfCachedMiss: .networkError, // HTTP-network-or-cache fetch: only-if-cached without a stored response
        httpCache: .standard,           // RFC 9111 as written, keyed by the network partition key (top-level site)
        // RFC 6265bis as written (the Fetch Standard defers to it): no Lax default ("Default"
        // enforcement sends the cookie), no third-party policy, no partitioning.
        cookies: CookieRules(unspecifiedSameSite: .none, sameSiteNoneRequiresSecure: true, thirdParty: .allowed,
                             partitionedCookies: false, schemefulSameSite: true,
                             // https://html.spec.whatwg.org/multipage/browsers.html#obtain-a-site: the
                             // Public Suffix List's `*` rule (no third-party policy reads it here).
                             unlistedTLDHostIsOwnSite: false,
                             sameSiteConsidersRedirectChain: true,    // RFC 6265bis section 5.2
                             headerOrder: .creationTime,              // section 5.8.3 step 2
                             lowercasesDomainAttribute: true,         // section 5.6.3
                             emptyDomainUnsetsDomain: false,          // section 5.6.3: ignored
                             domainNeedsDot: false,                   // section 5.7 step 9
                             enforcesNamePrefixes: true,              // section 4.1.3
                             maxAgeWinsOverExpires: true,             // section 5.7 step 3
                             maxAgeSyntax: .rfc6265bis,               // section 5.6.2
                             sizeLimits: true,                        // section 5.6
                             prefixesMatchCaseInsensitively: true),   // section 4.1.3
        preflight: PreflightRules(
            // CORS-preflight fetch step 7 requires the CORS check and an ok status together.
            order: .originThenStatus,
            listOrder: .parseBothThenCheck,
            // Step 7.4: `Authorization` is a CORS non-wildcard request-header name.
            wildcardCoversAuthorization: false,
            // Step 2 of CORS-preflight fetch: "the result of running CORS-unsafe request-header names",
            // a sorted, lower-cased set.
            // CORS-preflight fetch: a redirect is a network error before the CORS check is read.
            originCheckedBeforeRedirect: false,
            // CORS-preflight fetch step 7: the CORS check runs on every preflight response.
            pageOriginPreflightSkipsCORSCheck: false,
            // The sorted CORS-unsafe request-header names (https://fetch.spec.whatwg.org/#cors-unsafe-request-header-names).
            headerCheckOrder: .sortedNames,
            // CORS-preflight fetch: a new request in the default cache mode, with none of the
            // request's cache headers.
            carriesCacheModeHeaders: false),
        // extract header list values: a list that does not parse is failure, so nothing is exposed.
        responseCheck: ResponseCheckRules(multipleOrigins: .comma, exposeListFailure: .ignoresList),
        redirects: RedirectRules(
            limit: 20,                              // HTTP-redirect fetch step 5
            stripsAuthorizationCrossOrigin: true,   // step 13
            // Main fetch decides the preflight afresh for each hop (the CORS-preflight flag is not set
            // by a redirect).
            preflightsEveryHopOfAPreflightedRequest: false,
            // The preflight's `Origin` is the byte-serialized request origin (`null` once tainted).
            preflightOriginIgnoresTaint: false,
            // Step 12 removes the request-body headers from the request, which later preflights read.
            preflightKeepsRemovedBodyHeaders: false,
            // HTTP-redirect fetch step 13 removes it from the request, whose headers later preflights list.
            preflightAsksRemovedAuthorizationOnSameOriginHop: false,
            // HTTP-redirect fetch step 12 removes them from the request, whose headers later preflights list.
            preflightAsksRemovedBodyHeadersOnLaterHop: false,
            // "Append a request Origin header" runs on each hop's request afresh.
            keepsOriginHeaderAcrossRedirects: false,
            // https://fetch.spec.whatwg.org/#http-network-or-cache-fetch steps 8.19-8.20 run on every hop.
            crossOriginRedirectDropsCacheModeHeaders: false,
            // Step 3: "" parses relative to the current URL, which is fetched again.
            emptyLocation: .followedToSameURL,
            // The URL Standard removes ASCII tab and newline before parsing.
            locationTabIsPercentEncoded: false,
            // https://fetch.spec.whatwg.org/#redirect-status: 301, 302, 303, 307, 308.
            statuses: .standard,
            // HTTP-redirect fetch: redirect mode error is a network error (a 3xx without Location is no redirect).
            errorModeIgnoresRedirectWithoutLocation: false,
            // Only 301/302 POST and 303 change the method.
            crossOriginDeleteBecomesGET: false,
            // The request's origin is kept; only tainting makes it null.
            crossOriginHopNullsNonCORSOrigin: false,
            // HTTP-redirect fetch runs the CORS check once per response, with the credentials mode.
            redirectRecheckedWithInitialCredentials: false,
            // HTTP-redirect fetch step 8 refuses credentials only for cors requests to another origin.
            refusesCredentialsInAnyLocation: false,
            // HTTP-redirect fetch step 7 refuses it before anything is sent.
            crossOriginLocationCredentialsRefusedAfterPreflight: false,
            // HTTP fetch step 8 switches on the redirect mode before HTTP-redirect fetch runs.
            errorModeAfterLocationChecks: false,
            manualWithoutLocationKeepsBody: false),
        cache: PreflightCacheRules(
            shape: .merging(eviction: .unbounded),  // one entry per method and per header name; no limit given
            defaultMaxAge: 5,                       // step 7.6: failure or null gives 5
            maxAgeCap: nil,                         // "an imposed limit on max-age": none given
            maxAgeParsing: .deltaSecondsOrDefault,
            expiredAtExactExpiry: true,             // removed "when max-age has passed"
            maxURLLength: nil,
            credentialsInKey: false,                // cache entry match: credentials flag in the entry
            wildcardOnHit: .unlessCredentialedNotAuthorization, // "cache entry match" with the credentials flag; Authorization never by `*`
            methodsExemptOnLookup: ["GET", "HEAD", "POST"], // HTTP fetch: a safelisted method needs no method match
            erasesOnMiss: false,
            storesBeforeMethodAndHeaderCheck: false,
            clearsOnActualFailure: true,            // main fetch: a network error clears cache entries
            clearsOnPreflightFailure: true,         // the same step: a failed preflight is a network error
            cacheModesSkippingLookup: [],
            cacheModesSkippingStore: [],
            partition: .topLevelSite,               // network partition key: top-level site
            // SIMULATION: the standard would key a tainted request by `null`; this profile keeps the
            // page's origin (see FetchProcess.cacheKey).
            taintedOrigin: .pageOriginKey,
            // The standard's cache has no exception for an opaque origin.
            // SIMULATION: its entry holds the byte-serialized origin, `null` for every opaque one;
            // this profile keeps each opaque origin apart, as before (not changed without a review
            // of the spec expectations that name a page null).
            opaquePage: .perOpaqueOrigin),
        console: .spec,
        // The standard leaves the message to the browser; the spec profile says what happened.
        typeErrorMessage: "network error",
        // The Fetch Standard's main fetch returns the opaque filtered response as it is; ORB (the
        // "opaque-response-safelist check", whatwg/fetch#1442) is not part of it.
        opaqueResponseBlocking: OpaqueResponseBlockingRules(analyzer: .none, blockedResponseStored: true),
        // The Fetch Standard leaves retries to the HTTP layer (RFC 9110 15.5.20: a client MAY retry).
        resendsMisdirectedRequest: false,
        networkStack: NetworkStackRules(
            // https://fetch.spec.whatwg.org/#http-network-fetch sends the request's URL as it is
            // (https://url.spec.whatwg.org/#url-serializing keeps every escape).
            decodesUnreservedEscapes: false,
            // https://fetch.spec.whatwg.org/#concept-response-location-url parses the Location value
            // as a string (the URL parser UTF-8 percent-encodes its non-ASCII code points).
            locationBytes: .utf8,
            // A header value is a byte sequence (https://fetch.spec.whatwg.org/#header-value), sent as it is.
            headerValueBytes: .latin1,
            // https://fetch.spec.whatwg.org/#concept-header-list-combine
            repeatedRequestHeaders: .combined,
            // https://fetch.spec.whatwg.org/#http-redirect-fetch steps 12-13 change the request's header list.
            redirectHopHeaders: .requestHeaderList,
            // https://fetch.spec.whatwg.org/#http-network-or-cache-fetch: on a 407 the standard
            // prompts the end user for proxy credentials (a network error only when the request's
            // window is "no-window"). SIMULATION: no prompt is modelled; the 407 is the response.
            directProxyAuthenticationIsNetworkError: false,
            // The Fetch Standard's location URL reads the header's values combined (extract
            // header list values) and leaves framing to HTTP.
            repeatedResponseFields: .combined,
            // https://fetch.spec.whatwg.org/#concept-header-list-get
            repeatedResponseHeaderValues: .combined,
            bodylessStatuses: [204, 205, 304]),
        // Append a request `Origin` header: a no-cors GET or HEAD gets none.
        appendsOriginWhenStorageAccessInactive: false,
        // https://fetch.spec.whatwg.org/#append-a-request-origin-header step 3.1.
        nullsOriginOnDowngrade: true,
        // https://fetch.spec.whatwg.org/#scheme-fetch: a data: response has Content-Type only, from
        // the data: URL processor's serialized MIME type; data: is answered before the no-cors
        // redirect-mode check (main fetch step 12); every about: URL is a network error.
        schemeFetch: SchemeFetchRules(dataURLContentLength: false, dataURLCharsetLast: false, dataURLBase64URLStripsWhitespace: false, dataURLKeepsQuotedParameters: false,
                                      noCORSRedirectModeCheckedForData: false, answersAboutBlank: false,
                                      localURLRefusedBeforeNoCORSRedirectMode: false, mixedContent: .everyMode),
        contextHeaders: .standard)
}
