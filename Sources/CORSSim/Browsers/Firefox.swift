extension BrowserProfile {
    /// Firefox (Gecko). Source read: mozilla/gecko-dev `netwerk/protocol/http/nsCORSListenerProxy.cpp`
    /// @258754e5 and `security.properties` (Docs/evidence/research/firefox-webkit.md, Docs/research-answers.md);
    /// recorded: Firefox ESR 153.7.0 (Docs/evidence/oracle/firefox-153.7.0esr.json).
    public static let firefox = BrowserProfile(
        name: .firefox,
        displayName: "Firefox",
        evidence: "Gecko source (nsCORSListenerProxy.cpp, 2024-2025) and a recorded Firefox ESR 153 run",
        requestHeaders: RequestHeaderRules(
            extraSafelistedNames: [:],
            // InternalHeaders.cpp GetUnsafeHeaders checks one header at a time: no 1024-byte total.
            appliesSafelistTotalLimit: false,
            extraForbiddenNames: [],
            // Recorded: Tests/Conformance header-value-latin1-accept (`Accept: é` is preflighted).
            nonASCIIBytesAreUnsafe: true),
        requestValidation: RequestValidationRules(
            // dom/fetch/Request.cpp Request::Constructor: GetRequestURL (credentials), mode navigate,
            // only-if-cached, FetchUtil::GetValidRequestMethod (token and forbidden, one message),
            // Headers::Create(init.headers) before the no-cors method check, then GET/HEAD body.
            // Recorded: Tests/Conformance forbidden-method-trace, no-cors-put ("Invalid request method").
            // The ByteString conversion of RequestInit comes first (recorded: header-value-non-latin1).
            order: [.headerByteStrings, .urlCredentials, .navigateMode, .onlyIfCached, .methodToken, .forbiddenMethod,
                    .headers, .noCORSMethod, .bodyWithGetOrHead],
            // dom/fetch/Fetch.h: OwningBodyInit has no ReadableStream and dom/webidl/Request.webidl
            // no duplex, so a stream is converted to the string "[object ReadableStream]".
            streamBodies: .stringified),
        mixedContent: MixedContentRules(
            // dom/security/nsMixedContentBlocker.cpp ShouldLoad: TYPE_FETCH is active content, blocked
            // when the requesting document is https (parentIsHttps, no walk to the top);
            // IsPotentiallyTrustworthyLoopbackHost: IsLoopbackHostname (localhost, *.localhost) and
            // IsLoopBackAddressWithoutIPv6Mapping (127.0.0.0/8, ::1).
            restrictingDocuments: .httpsScheme,
            topLevelRestricts: false,
            httpLoopbackIsTrustworthy: true,
            // SIMULATION: the order against Gecko's same-origin check (nsContentSecurityManager) is
            // not confirmed; the engines' common order is used.
            checkedBeforeModeChecks: false),
        // Recorded: Tests/Conformance only-if-cached-same-origin-miss (rejected, nothing sent).
        onlyIfCachedMiss: .networkError,
        preflight: PreflightRules(
            // The preflight channel's nsCORSListenerProxy checks ACAO/ACAC before
            // nsCORSPreflightListener checks the status; CheckPreflightRequestApproved then parses
            // and checks methods, then headers.
            // Recorded: Tests/Conformance preflight-order-status-vs-acao (reports the missing ACAO).
            order: .originThenStatus,
            listOrder: .methodsThenHeaders,
            // network.cors_preflight.authorization_covered_by_wildcard defaults to true; recorded:
            // oracle header-authorization-acah-star resolves in Firefox 153.
            wildcardCoversAuthorization: true,
            // Recorded: Tests/Conformance header-acrh-duplicate-names (`x-bar,x-foo,x-foo`), and
            // header-acrh-duplicate-names-case (`x-foo,x-foo` for X-Foo and x-foo).
            listsRepeatedHeaderNames: true,
            // netwerk/protocol/http/nsCORSListenerProxy.cpp: the preflight channel's redirect reaches
            // nsCORSListenerProxy::AsyncOnChannelRedirect, which runs CheckRequestApproved (the
            // Access-Control-Allow-Origin check) before the preflight listener refuses the redirect
            // (CORSExternalRedirectNotAllowed). Recorded: Tests/Conformance preflight-status-307-no-acao,
            // preflight-status-301-no-acao, redirect-then-preflight-301-no-acao-cross-origin ("CORS header
            // ‘Access-Control-Allow-Origin’ missing). Status code: 301."). CheckRequestApproved returns
            // early when !mHasBeenCrossSite, so a preflight to the page's own origin reports the redirect
            // (recorded: redirect-then-preflight-301-no-acao-page-origin, "external redirect not allowed").
            originCheckedBeforeRedirect: true),
        // CheckRequestApproved counts Access-Control-Allow-Origin header lines (CheckOriginHeader::
        // VisitHeader, aHeader.EqualsLiteral: case-sensitive, so two lower-case lines merge into a
        // value that does not match; recorded: Tests/Conformance acao-two-headers-lowercase-name).
        responseCheck: ResponseCheckRules(
            multipleOrigins: .headerLines,
            // dom/fetch/InternalHeaders.cpp CORSHeaders: the tokenizer loop sets allowAllHeaders on
            // `*` and, at the first item that is not a token, clears the names and breaks, keeping
            // allowAllHeaders. Recorded: Tests/Conformance expose-star-with-invalid-item (`*, X-A X-B`
            // exposes every header).
            exposeListFailure: .keepsEarlierWildcard),
        redirects: RedirectRules(
            limit: 20,                              // network.http.redirection-limit default
            stripsAuthorizationCrossOrigin: true,   // NS_ShouldRemoveAuthHeaderOnRedirect (Bug 1874132)
            // Recorded: Tests/Conformance redirect-303-put (a second preflight with ACRM GET).
            preflightsEveryHopOfAPreflightedRequest: true,
            // Recorded: redirect-cross-origin-preflighted (the second preflight's Origin is the
            // page's; the actual PUT carries null).
            preflightOriginIgnoresTaint: true,
            // Recorded: Tests/Conformance redirect-location-empty (the same URL again, 21 requests).
            emptyLocation: .followedToSameURL),
        cache: PreflightCacheRules(
            shape: .merge,                          // per-token TokenTime lists, merged by GetEntry(create)
            defaultMaxAge: 5,                       // PREFLIGHT_DEFAULT_EXPIRY_SECONDS; recorded: cache-maxage-absent-1s/-6s
            maxAgeCap: 86400,                       // "Cap at 24 hours": std::min(age, 86400U)
            maxAgeParsing: .digitsOrNotCached,      // AddResultToCache returns on a non-digit; recorded: cache-maxage-invalid-abc
            expiredAtExactExpiry: true,             // PurgeExpired: now >= expirationTime
            capacity: 100,                          // PREFLIGHT_CACHE_SIZE
            eviction: .expiredThenLeastRecentlyUsed,
            maxURLLength: nil,
            credentialsInKey: true,                 // GetPrefLightCacheKey "cred"/"nocred"; recorded: cache-cred-include-then-omit
            // CheckRequest compares tokens for equality: a cached `*` is literal; recorded:
            // Tests/Conformance cache-star-methods, cache-star-headers (a preflight every time).
            wildcardOnHit: .never,
            // CheckRequest skips the method check only for GET and POST; recorded:
            // Tests/Conformance cache-head-after-get-custom-header (HEAD preflights again).
            methodsExemptOnLookup: ["GET", "POST"],
            erasesOnMiss: false,
            storesBeforeMethodAndHeaderCheck: false,
            clearsOnActualFailure: true,            // RemoveEntries on a failed CheckRequestApproved; recorded: cache-actual-fail-then-next
            clearsOnPreflightFailure: true,         // recorded: Tests/Conformance cache-uncovered-then-original
            // SetFetchCacheMode: no-store and reload set LOAD_BYPASS_CACHE; AddResultToCache checks no
            // load flag. Recorded: Tests/Conformance cache-mode-*-{lookup,store}.
            cacheModesSkippingLookup: [.noStore, .reload],
            cacheModesSkippingStore: [],
            partition: .topLevelSite),              // OriginAttributes partitionKey (site)
        console: .firefox,
        // dom/bindings/Errors.msg MSG_FETCH_FAILED; recorded.
        typeErrorMessage: "NetworkError when attempting to fetch resource.")
}
