extension BrowserProfile {
    /// The Fetch Standard itself (whatwg/fetch `fetch.bs` at 586cd2a4), with no implementation-defined
    /// limits: for teaching what the standard says, not what any browser does.
    public static let spec = BrowserProfile(
        name: .spec,
        displayName: "Fetch Standard",
        evidence: "The Fetch Standard (whatwg/fetch fetch.bs at 586cd2a4)",
        requestHeaders: .standard,
        preflight: PreflightRules(
            // CORS-preflight fetch step 7 requires the CORS check and an ok status together.
            order: .originThenStatus,
            listOrder: .parseBothThenCheck,
            // Step 7.4: `Authorization` is a CORS non-wildcard request-header name.
            wildcardCoversAuthorization: false),
        responseCheck: ResponseCheckRules(multipleOrigins: .comma),
        redirects: RedirectRules(limit: 20, stripsAuthorizationCrossOrigin: true), // HTTP-redirect fetch steps 5 and 13
        cache: PreflightCacheRules(
            shape: .merge,                          // one entry per method and per header name
            defaultMaxAge: 5,                       // step 7.6: failure or null gives 5
            maxAgeCap: nil,                         // "an imposed limit on max-age": none given
            maxAgeParsing: .deltaSecondsOrDefault,
            expiredAtExactExpiry: true,             // removed "when max-age has passed"
            capacity: nil,
            eviction: .none,
            maxURLLength: nil,
            credentialsInKey: false,                // cache entry match: credentials flag in the entry
            wildcardOnHit: .standard,
            methodsExemptOnLookup: ["GET", "HEAD", "POST"], // HTTP fetch: a safelisted method needs no method match
            erasesOnMiss: false,
            storesBeforeMethodAndHeaderCheck: false,
            clearsOnActualFailure: true,            // main fetch: a network error clears cache entries
            clearsOnPreflightFailure: true,         // the same step: a failed preflight is a network error
            cacheModesSkippingLookup: [],
            cacheModesSkippingStore: [],
            partition: .topLevelSite),              // network partition key: top-level site
        console: .spec,
        // The standard leaves the message to the browser; the spec profile says what happened.
        typeErrorMessage: "network error")
}
