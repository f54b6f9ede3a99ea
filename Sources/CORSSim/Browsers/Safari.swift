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
            extraForbiddenNames: [],
            // Recorded: Tests/Conformance header-range-uppercase-bytes, header-range-mixed-case-bytes.
            rangeUnitCaseInsensitive: true,
            // Recorded: Tests/Conformance header-value-latin1-accept (`Accept: é` needs no preflight).
            nonASCIIBytesAreUnsafe: false,
            // Source/WebCore/platform/network/HTTPParsers.cpp parseRange reads each bound with WTF's
            // parseInteger (Source/WTF/wtf/text/StringToIntegerConversion.h), which takes a leading
            // `+`. Recorded: Tests/Conformance safelist-range-plus-sign (`bytes=+1-3`, no preflight).
            rangeBoundsAllowPlusSign: true,
            // The standard's combined value, a name listed once. Recorded: Tests/Conformance
            // header-acrh-duplicate-names (`x-bar,x-foo`), header-repeated-safe-and-unsafe-line.
            judgesEachLine: false,
            // The MIME Sniffing parse: recorded Tests/Conformance dt-9001-00535
            // (`multipart/form-data; boundary=x;` is not listed in Access-Control-Request-Headers).
            contentTypeParser: .mimeSniff,
            // Recorded: Tests/Conformance header-budget-default-accept (as Firefox: the Accept
            // WebKit adds is not counted).
            countsDefaultAcceptInSafelistTotal: false),
        requestValidation: RequestValidationRules(
            // Source/WebCore/Modules/fetch/FetchRequest.cpp initializeWith: URL ("URL is not valid or
            // contains user credentials."), buildOptions (navigate, only-if-cached, setMethod: token,
            // forbidden), initializeOptions (no-cors method), m_headers->fill, setBody (GET/HEAD).
            // Recorded: Tests/Conformance forbidden-method-trace, no-cors-put.
            // The ByteString conversion of the init dictionary comes first (recorded: header-value-non-latin1).
            order: [.headerByteStrings, .urlCredentials, .navigateMode, .onlyIfCached, .methodToken, .forbiddenMethod,
                    .noCORSMethod, .headers, .bodyWithGetOrHead],
            // FetchResponse::fetch: isReadableStreamBody() rejects with NotSupportedError
            // "ReadableStream uploading is not supported" before loading.
            streamBodies: .rejected,
            // The URL Standard's path set: `|` kept. Recorded: Tests/Conformance url-fetch-pipe-and-caret,
            // redirect-location-pipe-and-caret (`a|b^c` goes out as `a|b%5Ec`).
            pathEncodesPipe: false,
            // Stream bodies are refused (`streamBodies: .rejected`): the mode stays. Recorded:
            // Tests/Conformance same-origin-mode-stream-body-cross-origin (no request sent).
            streamBodyReplacesMode: false),
        mixedContent: MixedContentRules(
            // Source/WebCore/loader/MixedContentChecker.cpp shouldBlockRequest: prohibitsMixedSecurityContexts
            // looks at the document (and data: parents) only; isNonLocalHostPotentiallyTrustworthyOrigin:
            // "We currently deviate from the mixed content spec, and do not consider localhost or loopback
            // URLs as secure contexts if they do not use a secure scheme" (webkit.org/b/171934).
            restrictingDocuments: .httpsScheme,
            topLevelRestricts: false,
            httpLoopbackIsTrustworthy: false,
            // CachedResourceLoader::canRequest checks same-origin and no-cors redirect modes first and
            // insecure content "last of all".
            checkedBeforeModeChecks: false),
        // Source/WTF/Scripts/Preferences/UnifiedWebPreferences.yaml LocalNetworkAccessEnabled:
        // status unstable, default false (https://github.com/WebKit/WebKit/blob/main/Source/WTF/Scripts/Preferences/UnifiedWebPreferences.yaml;
        // "Enable Local Network Access by default" is https://bugs.webkit.org/show_bug.cgi?id=295047, open):
        // WebKit checks no address spaces. Only its mixed-content rule (no trustworthy http loopback) applies.
        localNetworkAccess: .off,
        // No Safari version history is modelled (its 600 s Max-Age cap never changed), so the
        // profile names no version; the recordings are WebKitGTK 2.50.6.
        resourcePolicy: ResourcePolicyRules(
            // Source/WebCore/loader/CrossOriginAccessControl.cpp shouldCrossOriginResourcePolicyCancelLoad
            // compares RegistrableDomain of both URLs, which is the host itself for an IP address.
            // Recorded: Tests/Conformance corp-same-site-ip-other-port (opaque).
            ipAddressIsSameSite: true),
        version: nil,
        // Recorded: Tests/Conformance only-if-cached-same-origin-miss (the request is sent, 200).
        onlyIfCachedMiss: .fetched,
        httpCache: HTTPCacheRules(
            // Recorded: Tests/Conformance http-cache-partition-other-site: WebKitGTK answers a page on
            // localhost with what a page on 127.0.0.1 stored: no partition.
            // SIMULATION: Safari's NetworkCache partitions by the top-level page's registrable domain
            // (ResourceRequest::cachePartition, https://github.com/WebKit/WebKit/blob/main/Source/WebCore/platform/network/ResourceRequestBase.cpp,
            // partitionName); WebKitGTK's recording shows none for loopback hosts, and that is modelled.
            partition: .none,
            // Recorded: http-cache-credentials-include-then-omit and -omit-then-include reuse each other.
            credentialsInKey: false,
            // NetworkCache::makeStoreDecision does not store a response with neither validators nor
            // freshness ("unlikely to be reused",
            // https://github.com/WebKit/WebKit/blob/main/Source/WebKit/NetworkProcess/cache/NetworkCache.cpp).
            // Recorded: http-cache-mode-force-cache-no-freshness: force-cache goes to the network.
            storesWithoutFreshnessOrValidators: false,
            // SIMULATION: no engine's own bound on heuristic freshness is modelled (README limits).
            heuristicCapSeconds: nil,
            // Recorded: http-cache-status-404-max-age: the 404 is reused.
            reusableStatuses: nil,
            // Recorded: http-cache-head-after-get: the HEAD is sent.
            headReadsStoredGET: false,
            // NetworkCache.cpp makeStoreDecision stores only GET responses (NoDueToHTTPMethod). Recorded: Tests/Conformance
            // dt-9001-00480 (a second HEAD, force-cache, is sent again).
            storesHEADResponses: false,
            // NetworkCache.cpp responseHasExpired: `age - lifetime > maximumStaleness` (0), so a
            // response is still fresh when its age equals its lifetime
            // (https://github.com/WebKit/WebKit/blob/main/Source/WebKit/NetworkProcess/cache/NetworkCache.cpp).
            // Recorded: Tests/Conformance http-cache-max-age-86400-at-24h (answered from the cache).
            freshAtExactLifetime: true,
            // Source/WebCore/platform/network/CacheValidation.cpp computeFreshnessLifetimeForHTTPFamily:
            // 301 and 410 "are semantically permanent and so get long implicit lifetime", 365 days.
            // Recorded: Tests/Conformance http-cache-permanent-redirect (a 301 is followed from the
            // cache, a 308 is requested again).
            implicitFreshness: [301: 365 * 24 * 3600, 410: 365 * 24 * 3600],
            // NetworkCache.cpp makeStoreDecision: a status not cacheable by default (a 302) is stored only
            // with Expires or max-age. Recorded: http-cache-permanent-redirect (force-cache sends the 302 again).
            storesEveryStatus: false,
            // Recorded: Tests/Conformance http-cache-redirect-target-fresh: the target of a 302, fresh
            // for 600 s, is requested again when the 302 leads to it, and answered from the cache when
            // fetched directly (NetworkResourceLoader.cpp reads the disk cache when a load starts; a
            // redirect continues the network load).
            redirectHopsReadCache: false,
            // CacheValidation.cpp computeFreshnessLifetimeForHTTPFamily uses Expires only when
            // response.expires() parses, else the Last-Modified heuristic. Recorded: Tests/Conformance
            // http-cache-invalid-expires-last-modified (the second fetch comes from the cache).
            ignoresInvalidExpires: true,
            // Recorded: Tests/Conformance orb-status-206 (every 206 answers the force-cache GET that
            // follows, from the first byte or not).
            storesPartialResponses: true,
            // SIMULATION: a 303 or 307 without freshness is not stored here anyway (storesEveryStatus).
            answering3xxStatuses: nil,
            // Recorded: Tests/Conformance http-cache-cors-failure-fresh (a fresh response without ACAO
            // is requested again).
            keepsResponseFailingCORSCheck: false,
            // CacheValidation.cpp parseCacheControlDirectives: "A no-cache directive with a value is
            // only meaningful for proxy caches. It should be ignored by a browser level cache."
            // Recorded: Tests/Conformance http-cache-qualified-no-cache.
            qualifiedNoCacheRequiresValidation: false,
            // The recorded WebKitGTK keys no partition (`partition` above), so a page null shares
            // the one cache. Recorded: http-cache-page-null, http-cache-page-null-https (every page
            // null fetch after the page's is answered from the cache).
            opaquePageCache: .ownPartition),
        cookies: CookieRules(
            // WebKit has no Lax by default. Recorded in WebKitGTK: cookie-first-party-then-cross-site
            // (plain=1, set without SameSite by the API's own page, goes with the cross-site fetch;
            // strict=1 does not).
            unspecifiedSameSite: .none,
            // Recorded: cookie-samesite-none-insecure-first-party (WebKitGTK keeps and sends a
            // first-party SameSite=None cookie without Secure; Chromium and Firefox refuse it).
            sameSiteNoneRequiresSecure: false,
            // Safari blocks all third-party cookies, sent and set
            // (https://webkit.org/blog/10218/full-third-party-cookie-blocking-and-more/):
            // NetworkStorageSession.h defaults m_thirdPartyCookieBlockingMode to
            // ThirdPartyCookieBlockingMode::All, which NetworkStorageSession.cpp shouldBlockCookies
            // applies when tracking prevention is on, as in Safari.
            // SIMULATION: the recorded WebKitGTK differs. Tracking prevention is off there, and its
            // libsoup cookie jar's default policy (WEBKIT_COOKIE_POLICY_ACCEPT_NO_THIRD_PARTY,
            // https://webkitgtk.org/reference/webkit2gtk/stable/method.CookieManager.set_accept_policy.html)
            // refuses to store a third-party cookie but sends stored ones cross-site (recorded:
            // cookie-first-party-then-cross-site sends session and plain), and judges "third party"
            // in soup-cookie-jar.c incoming_cookie_is_third_party by base domains, falling back to
            // the whole host when the TLD has no Public Suffix List entry: each host of the test
            // TLD .example is then its own site (recorded: cookie-same-site-subdomain stores only
            // the Domain cookie, wpt-cors-cookies stores none from www1). Those recordings are
            // pending in ConformanceTests; the profile models Safari.
            thirdParty: .blocked,
            // SIMULATION: Safari's opt-in partitioned cookies (WebsiteDataStore.cpp,
            // ENABLE(OPT_IN_PARTITIONED_COOKIES)) are not modelled: Partitioned is ignored and the
            // cookie is blocked as third-party like any other.
            partitionedCookies: false,
            // Recorded: cookie-schemeful-same-site (WebKitGTK sends the SameSite=Lax cookie of
            // https://ck8.example to the fetch from http://ck8.example:8801).
            schemefulSameSite: false,
            // SIMULATION: the standard's redirect rule (RFC 6265bis section 5.2), not recorded for
            // Safari: WebKitGTK's libsoup sends the SameSite=Lax cookie on a hop back to the
            // page's site (cookie-redirect-cross-site-back, pending in ConformanceTests), which is
            // libsoup's same-site test of the one URL, not CFNetwork's.
            sameSiteConsidersRedirectChain: true),
        preflight: PreflightRules(
            // validatePreflightResponse: the 2xx status first, then passesAccessControlCheck, then
            // CrossOriginPreflightResultCacheItem::create (methods, headers), then the checks.
            // Recorded: Tests/Conformance preflight-order-status-vs-acao (reports the status).
            order: .statusThenOrigin,
            listOrder: .parseBothThenCheck,
            // validateCrossOriginHeaders accepts any header under a valid wildcard; recorded:
            // oracle header-authorization-acah-star resolves in WebKitGTK 2.50.
            wildcardCoversAuthorization: true,
            // Recorded: Tests/Conformance header-acrh-duplicate-names (`x-bar,x-foo`, each name once).
            // A redirected preflight fails as a redirect first (recorded: preflight-status-307-no-acao).
            originCheckedBeforeRedirect: false,
            // A page-origin preflight (after a redirect) carries `Origin: null` and is checked against
            // it (recorded: Tests/Conformance redirect-then-preflight-page-origin-no-acao).
            pageOriginPreflightSkipsCORSCheck: false,
            // CrossOriginPreflightResultCacheItem::validateCrossOriginHeaders walks the request's
            // HTTPHeaderMap: common (HTTPHeaderNames.in) headers first, then the others in the order
            // set. Recorded: Tests/Conformance preflight-two-unsafe-headers-first-reported (X-Foo then
            // Content-Type: Content-Type reported), preflight-two-custom-headers-first-reported (X-Zed
            // then X-Abc: X-Zed reported; Chromium and Firefox report the sorted first, x-abc).
            headerCheckOrder: .knownNamesFirst),
        // passesAccessControlCheck: any ',' is "cannot contain more than one origin".
        // Recorded: expose-star-with-invalid-item (an unparsable Expose-Headers exposes nothing).
        responseCheck: ResponseCheckRules(multipleOrigins: .comma, exposeListFailure: .ignoresList),
        redirects: RedirectRules(
            limit: 20,                              // NetworkLoadChecker: ++m_redirectCount > 20
            stripsAuthorizationCrossOrigin: true,   // checkCORSRedirectedRequest removes Authorization
            // NetworkLoadChecker: after a preflighted request (m_isSimpleRequest false) every hop
            // goes through checkCORSRequestWithPreflight; recorded: Tests/Conformance redirect-303-put.
            preflightsEveryHopOfAPreflightedRequest: true,
            // Recorded: Tests/Conformance redirect-cross-origin-preflighted (the second preflight has Origin: null).
            preflightOriginIgnoresTaint: false,
            // Recorded: Tests/Conformance redirect-301-post-json, -302-post-json, -303-post-json (the
            // second preflight, ACRM GET, still lists content-type) while the GET itself goes
            // without it (redirect-301-post, -302-post, -303-put). Likewise the Authorization a
            // cross-origin hop removed (recorded: redirect-authorization-cross-origin-preflight).
            preflightKeepsRemovedBodyHeaders: true,
            // Recorded: Tests/Conformance dt-9001-00037 (every preflight lists `authorization` once).
            preflightAsksRemovedAuthorizationOnSameOriginHop: false,
            // WebKit asks about them on every later hop anyway (preflightKeepsRemovedBodyHeaders).
            preflightAsksRemovedBodyHeadersOnLaterHop: false,
            // Recorded: Tests/Conformance redirect-no-cors-post-302 (the GET after a no-cors POST 302
            // still carries Origin), redirect-no-cors-post-302-cross-origin (not after a cross-origin hop).
            keepsOriginHeaderAcrossRedirects: true,
            // Recorded: Tests/Conformance redirect-location-empty (rejected after the first request).
            emptyLocation: .networkError,
            // Recorded: Tests/Conformance/redirect-location-tab.cors (WebKit strips a tab in a Location, as the URL parser does).
            locationTabIsPercentEncoded: false,
            // Source/WebKit/NetworkProcess/soup/NetworkDataTaskSoup.cpp shouldStartHTTPRedirection:
            // SOUP_STATUS_IS_REDIRECTION (300-399) with a Location, except 300, 304, 305 and 306
            // ("Some 3xx status codes aren't actually redirects"; NetworkDataTaskCurl.cpp the same).
            // Recorded: Tests/Conformance status-399-location-acao-star, status-399-location-no-acao.
            // SIMULATION: this is WebKitGTK's network layer; Safari's (CFNetwork) is not recorded here.
            statuses: .any3xxBut300And304To306,
            // shouldStartHTTPRedirection returns false without a Location, so the 3xx is the
            // response. Recorded: Tests/Conformance redirect-mode-error-302-no-location-cors,
            // redirect-mode-error-307-no-location-same-origin.
            errorModeIgnoresRedirectWithoutLocation: true,
            // NetworkDataTaskSoup.cpp shouldRedirectAsGET: "if (crossOrigin && method == DELETE) return
            // true", for every redirect status. Recorded: Tests/Conformance redirect-delete-307-cross-origin
            // (the second preflight asks for GET and a GET arrives), redirect-delete-307-same-origin (stays DELETE).
            // SIMULATION: libsoup-based WebKitGTK only; Safari's network layer is not recorded here.
            crossOriginDeleteBecomesGET: true,
            // Recorded: redirect-no-cors-post-307-cross-origin-origin (the page's origin is kept).
            crossOriginHopNullsNonCORSOrigin: false,
            // Two checks of each redirect: the network process's (Source/WebKit/NetworkProcess/NetworkLoadChecker.cpp checkRedirection,
            // validateResponse with a policy that continueCheckingRequest turns off for credentials
            // "same-origin" once a hop leaves the page's origin), which then preflights the next hop;
            // then WebCore's (Source/WebCore/loader/SubresourceLoader.cpp checkRedirectionCrossOriginAccessControl:
            // once the resource is cross-origin, passesAccessControlCheck with options().storedCredentialsPolicy,
            // which Source/WebCore/loader/DocumentThreadableLoader.cpp sets once, to Use for "include" and
            // for "same-origin" when the first URL is same-origin). The final response is checked with the
            // credentials mode (checkResponseCrossOriginAccessControl). WebCore is shared with Safari.
            // Recorded: Tests/Conformance redirect-credentials-same-origin-start-acao-star, -no-acac,
            // -preflight-next-hop (the next hop's OPTIONS is sent, its request is not),
            // redirect-same-origin-start-cross-origin-final-acao-star (readable).
            redirectRecheckedWithInitialCredentials: true,
            // Recorded: Tests/Conformance redirect-userinfo-no-cors (WebKit follows it).
            refusesCredentialsInAnyLocation: false),
        cache: PreflightCacheRules(
            // appendEntry: m_preflightHashMap.set(...), a plain HashMap with no limit.
            shape: .replacing(eviction: .unbounded),
            defaultMaxAge: 5,                       // defaultPreflightCacheTimeout = 5_s; recorded
            maxAgeCap: 600,                         // maxPreflightCacheTimeout = 600_s
            maxAgeParsing: .signedIntegerOrDefault, // parseInteger<int64_t>; recorded: cache-maxage-invalid-abc (cached 5 s)
            expiredAtExactExpiry: false,            // allowsRequest: m_absoluteExpiryTime < now expires
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
            partition: .topLevelOrigin,             // ClientOrigin { topOrigin, securityOrigin }
            // Recorded: Tests/Conformance cache-after-tainting-redirect, -direct (never reused; the
            // tainted request's origin is a fresh unique one in the CrossOriginPreflightResultCache key).
            taintedOrigin: .neverReused,
            // Recorded: Tests/Conformance page-null-preflight-twice: the sandboxed iframe's second
            // PUT reuses the entry, a new `page null` (another opaque origin) preflights again
            // (ClientOrigin holds the SecurityOrigin, an opaque one equal only to itself).
            reusesForOpaquePage: true),
        console: .safari,
        // ResourceErrorBase::sanitizedDescription; recorded.
        typeErrorMessage: "Load failed",
        // No Opaque Response Blocking recorded: Tests/Conformance orb-* (WebKitGTK 2.50: every
        // no-cors response is stored and answers the force-cache fetch that follows, whatever its
        // type, nosniff or body; no console line).
        opaqueResponseBlocking: OpaqueResponseBlockingRules(analyzer: .none, blockedResponseStored: true),
        // Recorded (WebKitGTK, libsoup): Tests/Conformance dt2-9101-00182 (a PUT answered 421
        // reaches the server twice). SIMULATION: Safari's CFNetwork is assumed to do the same.
        resendsMisdirectedRequest: true)
}
