extension BrowserProfile {
    /// Safari (WebKit). Source read: WebKit/WebKit `Source/WebCore/loader/CrossOriginPreflightResultCache.cpp`
    /// and `CrossOriginAccessControl.cpp` @00f03c1f (Docs/evidence/research/firefox-webkit.md); recorded:
    /// WebKitGTK 2.50.6 MiniBrowser, which shares WebCore's CORS code with Safari
    /// (Docs/evidence/oracle/webkitgtk-2.50.6.json).
    public static let safari = BrowserProfile(
        name: .safari,
        displayName: "Safari",
        evidence: "WebKit source (WebCore/loader, 2025-2026) and a recorded WebKitGTK 2.50 run",
        requestHeaders: RequestHeaderRules(
            extraSafelistedNames: [:],
            // SIMULATION: whether WebKit applies the 1024-byte total has not been verified; the
            // standard's rule is used.
            appliesSafelistTotalLimit: true,
            extraForbiddenNames: []),
        preflight: PreflightRules(
            // validatePreflightResponse: the 2xx status first, then passesAccessControlCheck, then
            // CrossOriginPreflightResultCacheItem::create (methods, headers), then the checks.
            // Recorded: Tests/Conformance preflight-order-status-vs-acao (reports the status).
            order: .statusThenOrigin,
            listOrder: .parseBothThenCheck,
            // validateCrossOriginHeaders accepts any header under a valid wildcard; recorded:
            // oracle header-authorization-acah-star resolves in WebKitGTK 2.50.
            wildcardCoversAuthorization: true),
        // passesAccessControlCheck: any ',' is "cannot contain more than one origin".
        responseCheck: ResponseCheckRules(multipleOrigins: .comma),
        redirects: RedirectRules(
            limit: 20,                              // NetworkLoadChecker: ++m_redirectCount > 20
            stripsAuthorizationCrossOrigin: true,   // checkCORSRedirectedRequest removes Authorization
            // NetworkLoadChecker: after a preflighted request (m_isSimpleRequest false) every hop
            // goes through checkCORSRequestWithPreflight; recorded: Tests/Conformance redirect-303-put.
            preflightsEveryHopOfAPreflightedRequest: true),
        cache: PreflightCacheRules(
            shape: .replace,                        // appendEntry: m_preflightHashMap.set(...)
            defaultMaxAge: 5,                       // defaultPreflightCacheTimeout = 5_s; recorded
            maxAgeCap: 600,                         // maxPreflightCacheTimeout = 600_s
            maxAgeParsing: .signedIntegerOrDefault, // parseInteger<int64_t>; recorded: cache-maxage-invalid-abc (cached 5 s)
            expiredAtExactExpiry: false,            // allowsRequest: m_absoluteExpiryTime < now expires
            capacity: nil,                          // a plain HashMap, no limit
            eviction: .none,
            maxURLLength: nil,
            credentialsInKey: false,                // the item stores its StoredCredentialsPolicy; recorded: cache-cred-include-then-omit
            // m_methods.contains("*") && policy != Use; recorded: Tests/Conformance cache-star-methods,
            // cache-star-headers, cache-star-authorization (all hits).
            wildcardOnHit: .unlessRequestCredentialed,
            methodsExemptOnLookup: ["GET", "HEAD", "POST"], // isOnAccessControlSimpleRequestMethodAllowlist
            erasesOnMiss: true,                     // canSkipPreflight: m_preflightHashMap.remove(it)
            // appendEntry before validateMethodAndHeaders returns the error; recorded:
            // Tests/Conformance cache-failed-method-check-stored.
            storesBeforeMethodAndHeaderCheck: true,
            clearsOnActualFailure: false,           // recorded: cache-actual-fail-then-next (still cached)
            clearsOnPreflightFailure: false,        // recorded: cache-uncovered-then-original (PUT still a hit)
            // No cache-policy check around canSkipPreflight; recorded: Tests/Conformance
            // cache-mode-*-{lookup,store}: fetch()'s cache modes do not touch the preflight cache.
            cacheModesSkippingLookup: [],
            cacheModesSkippingStore: [],
            partition: .topLevelOrigin),            // ClientOrigin { topOrigin, securityOrigin }
        console: .safari,
        // ResourceErrorBase::sanitizedDescription; recorded.
        typeErrorMessage: "Load failed")
}
