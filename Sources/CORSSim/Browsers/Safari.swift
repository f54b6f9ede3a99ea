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
            countsDefaultAcceptInSafelistTotal: false,
            // The combined value as the standard makes it. Recorded: Tests/Conformance
            // header-combined-trailing-space (`a, `, `a, , `, `, ` on the wire: CFNetwork not
            // recorded, WebKitGTK's libsoup), header-combined-trailing-safelist-length (127 bytes
            // then an empty line, 129 combined, is preflighted), header-repeated-singleton-wire (`1, `).
            trimsCombinedValues: false,
            // Source/WebCore/Modules/fetch/FetchBodyOwner.cpp updateContentType: the body's type is
            // set with FetchHeaders::fastSet, which no guard judges. Recorded in WebKitGTK:
            // Tests/Conformance no-cors-post-blob-json (a no-cors POST of an application/json Blob
            // sends `Content-Type: application/json`, to another origin and to its own;
            // dt-9611-00293, -00179, -00254).
            bodyContentTypeSkipsNoCORSGuard: true),
        requestValidation: RequestValidationRules(
            // Source/WebCore/Modules/fetch/FetchRequest.cpp initializeWith: URL ("URL is not valid or
            // contains user credentials."), buildOptions (navigate, only-if-cached, setMethod: token,
            // forbidden), initializeOptions (no-cors method), m_headers->fill, setBody (GET/HEAD, then
            // keepalive with a stream: recorded, Tests/Conformance init-keepalive-stream).
            // Recorded: Tests/Conformance forbidden-method-trace, no-cors-put.
            // The ByteString conversion of the init dictionary comes first (recorded: header-value-non-latin1).
            // The referrer ("Referrer is not a valid URL.") before mode navigate: recorded,
            // referrer-policy-request-referrer.
            order: [.headerByteStrings, .urlCredentials, .referrer, .navigateMode, .onlyIfCached, .methodToken, .forbiddenMethod,
                    .noCORSMethod, .headers, .bodyWithGetOrHead, .keepaliveStream],
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
        // WTF's portAllowed (Source/WTF/wtf/URL.cpp blockedPortList, shared by every WebKit port, so
        // Safari's too): the Fetch Standard's bad ports but 0 (recorded in WebKitGTK, every one of
        // them and neighbouring controls: Tests/Conformance port-blocking-*). SIMULATION: port 0 is
        // refused here as well, since no connection to port 0 succeeds.
        portBlocking: PortBlockingRules(ports: PortBlockingRules.fetchStandardBadPorts),
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
            // NetworkCache.cpp makeStoreDecision stores a response only when "possiblyReusable": it has
            // a validator (ETag, Last-Modified) or a positive freshness lifetime not cancelled by
            // no-cache (https://github.com/WebKit/WebKit/blob/main/Source/WebKit/NetworkProcess/cache/NetworkCache.cpp),
            // unless the request is a main resource or of VeryHigh priority; fetch() loads a
            // RawResource, of Medium priority (CachedResource.cpp defaultPriorityForResourceType,
            // https://github.com/WebKit/WebKit/blob/main/Source/WebCore/loader/cache/CachedResource.cpp).
            // Recorded: http-cache-mode-force-cache-no-freshness, http-cache-force-cache-store-decision
            // (an Expires in the past or max-age=0 without a validator is requested again under
            // force-cache, with an ETag or Last-Modified it is answered from the cache).
            storesWithoutFreshnessOrValidators: false,
            // Recorded: Tests/Conformance http-cache-heuristic-week-cap (a Last-Modified of 2024 is
            // still fresh after 8 days 23 hours, where Firefox revalidates).
            heuristicCapSeconds: nil,
            // Recorded: http-cache-status-404-max-age: the 404 is reused.
            reusableStatuses: nil,
            // Recorded: Tests/Conformance wpt-http-cache-status-*-stale (every stale status with
            // Last-Modified is asked for with If-Modified-Since where it was stored).
            conditionalStatuses: nil,
            // Recorded: Tests/Conformance wpt-http-cache-heuristic-* (as RFC 9110's list).
            heuristicStatuses: nil,
            // NetworkCache.cpp responseNeedsRevalidation
            // (https://github.com/WebKit/WebKit/blob/main/Source/WebKit/NetworkProcess/cache/NetworkCache.cpp):
            // request no-cache (CacheValidation.cpp parseCacheControlDirectives counts Pragma: no-cache
            // too) or max-age=0 validates ("For requests we ignore max-age values other than zero");
            // max-stale widens the staleness the response may have; min-fresh is not read. Recorded:
            // Tests/Conformance wpt-http-cache-cc-request-* (no-cache, max-age=0: sent; max-stale:
            // from the cache; max-age=600 on an aged response, min-fresh, no-store: from the cache).
            requestDirectives: .init(noCache: .revalidate, pragmaNoCache: .revalidate, noStore: .ignored, maxAge: .zeroOnly,
                                     maxStale: true, minFresh: false, firstDirectiveDecides: false,
                                     ageWithoutResidentTime: false),
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
            // NetworkCache.cpp makeStoreDecision: a status not in CacheValidation.cpp
            // isStatusCodeCacheableByDefault is stored only when isStatusCodePotentiallyCacheable and
            // the response has a valid Expires or a max-age
            // (https://github.com/WebKit/WebKit/blob/main/Source/WebCore/platform/network/CacheValidation.cpp).
            storesEveryStatus: false,
            // CacheValidation.cpp isStatusCodeCacheableByDefault: RFC 7231's list, without 308.
            // Recorded: http-cache-redirect-from-cache-permanent r308-default-force (a 308 with max-age=600 is
            // requested again under force-cache), http-cache-permanent-redirect.
            defaultCacheableStatuses: [200, 203, 204, 206, 300, 301, 404, 405, 410, 414, 501],
            // CacheValidation.cpp isStatusCodePotentiallyCacheable. Recorded: orb-redirect (a 302 with
            // max-age=600 answers force-cache), http-cache-redirect-from-cache (302, 307),
            // http-cache-force-cache-303-max-age (303),
            // http-cache-force-cache-store-decision (a 403 with max-age, not a 500).
            cacheableWithExplicitExpiration: [201, 202, 205, 302, 303, 307, 403, 406, 415],
            // NetworkResourceLoader.cpp: a redirect from the network is stored (Cache::storeRedirect)
            // and followed inside the network load (continueWillSendRequest tells the NetworkLoad to
            // proceed); a redirect answered from the cache (dispatchWillSendRequestForCacheEntry) sets
            // m_isWaitingContinueWillSendRequestForCachedRedirect, and its target is then retrieved
            // from the cache (retrieveCacheEntry)
            // (https://github.com/WebKit/WebKit/blob/main/Source/WebKit/NetworkProcess/NetworkResourceLoader.cpp).
            // Recorded: http-cache-redirect-target-fresh (a 302 from the network: its fresh target is
            // requested again), orb-redirect, http-cache-redirect-from-cache and -permanent (a 302 or
            // 301 from the cache: its target is answered from the cache too).
            // SIMULATION: WebKit drops a stale stored redirect instead of revalidating it
            // (makeUseDecision NoDueToExpiredRedirect); not modelled (README limits).
            redirectHopsReadCache: .afterCachedRedirect,
            // NetworkCache.cpp makeStoreDecision: "(response.isRedirection() || response.isRedirected())
            // && originalRequest.url().hasFragmentIdentifier()" is NoDueToRequestContainingFragments;
            // makeUseDecision takes no stored redirect for a URL with a fragment, after letting
            // ReturnCacheDataElseLoad/DontLoad (force-cache, only-if-cached) use any entry
            // (isRedirection: ResourceResponseBase.h isRedirectionStatusCode, 301/302/303/307/308).
            // Recorded: Tests/Conformance http-cache-redirect-fragment.
            redirectCacheSkipsFragmentURLs: true,
            // NetworkResourceLoader.cpp canUseCachedRedirect: "maximumCachedRedirectCount { 5 }", false
            // once m_redirectCount (raised before each redirect is handled) is above it; it gates
            // storing a redirect from the network (willSendRedirectedRequest) and reading the cache
            // for a cached redirect's target (continueWillSendRequest). Recorded: Tests/Conformance
            // http-cache-redirect-chain-cached (of seven cached 302s, the sixth and seventh and the
            // target are requested again).
            cachedRedirectLimit: 5,
            // NetworkResourceLoader.cpp: the target of a cached redirect is looked up with
            // retrieveCacheEntry; a stale entry goes to validateCacheEntry, whose conditional request
            // is `originalRequest()` (the loader's first request) with the entry's ETag as
            // If-None-Match and Last-Modified as If-Modified-Since; the network load then gets the
            // redirect again (willSendRedirectedRequest stores it anew, Cache::storeRedirect) and
            // follows it with the same headers, and didReceiveResponse takes a 304 as the entry's
            // revalidation (Cache::update keeps the entry's key, the target's URL), anything else
            // as a new response (https://github.com/WebKit/WebKit/blob/main/Source/WebKit/NetworkProcess/NetworkResourceLoader.cpp).
            // Recorded: Tests/Conformance http-cache-redirect-from-cache-stale-target (the 302's URL
            // and then its target are sent, both with the target's If-None-Match).
            revalidatesRedirectTargetThroughFirstRequest: true,
            // Recorded: Tests/Conformance http-cache-redirect-loop-fresh (every hop of the loops is
            // requested). A hop after a redirect from the network does not read the cache
            // (`redirectHopsReadCache`), and only such hops store, so no hop could read another's
            // store of the same fetch.
            hopsReadStoresOfSameFetch: false,
            // CacheValidation.cpp computeFreshnessLifetimeForHTTPFamily uses Expires only when
            // response.expires() parses, else the Last-Modified heuristic. Recorded: Tests/Conformance
            // http-cache-invalid-expires-last-modified (the second fetch comes from the cache).
            ignoresInvalidExpires: true,
            // Recorded: Tests/Conformance orb-status-206 (every 206 answers the force-cache GET that
            // follows, from the first byte or not).
            storesPartialResponses: true,
            // Source/WebKit/NetworkProcess/cache/NetworkCacheKey.h: the key holds the request's range
            // beside partition, type and identifier (NetworkCache.cpp makeCacheKey), so a response
            // stored for one Range value answers only that value
            // (https://github.com/WebKit/WebKit/blob/main/Source/WebKit/NetworkProcess/cache/NetworkCache.cpp).
            // Recorded (WebKitGTK): Tests/Conformance http-cache-range-206-again (the bytes=0-3 206
            // answers bytes=0-3, with or without an ETag, and not a request without Range),
            // http-cache-range-full-then-range (a stored 200 does not answer bytes=0-3),
            // http-cache-range-open-ended (a bytes=0- 206 answers bytes=0-, not a request without Range).
            rangeRequests: .rangeInKey,
            // SIMULATION: a 303 or 307 without freshness is not stored here anyway (storesEveryStatus).
            answering3xxStatuses: nil,
            // Moot for 303 here: a 303 is stored only with a positive lifetime anyway
            // (storesWithoutFreshnessOrValidators). Recorded: Tests/Conformance
            // http-cache-303-explicit-freshness (only the fresh 303 is reused).
            explicitFreshnessStatuses: [],
            // Recorded: Tests/Conformance http-cache-cors-failure-fresh (a fresh response without ACAO
            // is requested again).
            keepsResponseFailingCORSCheck: false,
            // Recorded: Tests/Conformance http-cache-corp-blocked-redirect (a 301 with max-age=600 that
            // CORP blocked answers the force-cache fetch that follows; the 307 without freshness is
            // not stored to begin with).
            keepsRefusedRedirect: true,
            // Recorded (WebKitGTK): Tests/Conformance http-cache-redirect-cors-failure-head (a 307
            // whose Access-Control-Allow-Origin does not match answers the next GET from the cache).
            keepsRedirectFailingCORSCheck: true,
            // CacheValidation.cpp parseCacheControlDirectives: "A no-cache directive with a value is
            // only meaningful for proxy caches. It should be ignored by a browser level cache."
            // Recorded: Tests/Conformance http-cache-qualified-no-cache.
            qualifiedNoCacheRequiresValidation: false,
            // WebCore/platform/network/CacheValidation.cpp parseCacheControlDirectives: quotes and
            // spaces removed, max-age read with toDouble, the first one kept; `Pragma: no-cache`
            // sets noCache. Recorded in WebKitGTK: Tests/Conformance http-cache-max-age-quoted-value,
            // -spaces-around-equals, -fraction, -overflow, -twice-conflicting (cached),
            // -twice-conflicting-zero-first (sent), -plus-sign, -semicolon-parameter (the value cut at
            // `;`), -valid-then-invalid, -invalid-then-valid, http-cache-cache-control-leading-comma
            // (cached), http-cache-response-pragma-no-cache-with-max-age,
            // -max-age-force-cache (not stored without a validator), -max-age-etag (revalidated).
            // Age: ResourceResponseBase::age, the value as a number (recorded in WebKitGTK:
            // http-cache-age-*).
            deltaSecondsSyntax: .webkit, responsePragmaNoCache: true,
            // Recorded in WebKitGTK: Tests/Conformance http-cache-expires-iso-8601 (sent).
            datesAcceptISO8601: false,
            // Recorded: Tests/Conformance http-cache-after-cached-permanent-redirect (WebKitGTK
            // requests the hop after a cached 301 in the default mode as after any redirect, f301;
            // under force-cache it answers the hops: pending), http-cache-unsafe-invalidation-scope
            // (a third party's POST removes the stored GET of its URL), http-cache-page-null-partition.
            memoryOnlyAfterCachedPermanentRedirect: false, thirdPartyFetchInKey: false,
            unsafeMethodInvalidation: .requestURL,
            // Recorded: Tests/Conformance wpt-http-cache-invalidate-post-500 (the GET after a POST
            // answered 500 is sent), wpt-http-cache-invalidate-foo (an unknown method invalidates too).
            invalidatingMethods: nil, invalidatesOnErrorStatus: true,
            // SIMULATION: no recording shows a field the stored head leaves out; kept whole.
            storedHeadDropsEmptyAndTransientFields: false,
            // The recorded WebKitGTK keys no partition (`partition` above), so a page null shares
            // the one cache. Recorded: http-cache-page-null, http-cache-page-null-https (every page
            // null fetch after the page's is answered from the cache).
            opaquePageCache: .ownPartition,
            // WebKit's NetworkCache never answers a conditional request from the cache, whatever the
            // cache mode (makeUseDecision: Validate for every conditional request,
            // https://github.com/WebKit/WebKit/blob/main/Source/WebKit/NetworkProcess/cache/NetworkCache.cpp).
            // Recorded in WebKitGTK: Tests/Conformance http-cache-revalidate-script-inm-fresh (Pragma
            // and Cache-Control: no-cache, the page sees 304), -script-304-updates (nothing
            // updated), -script-200-stored (a 200 is not stored), -script-force-cache (sent, the page
            // sees the 304). SIMULATION: that a 200 to such a request in no-cache or force-cache mode
            // is not stored is not recorded.
            // Outside `default` mode (which the standard turns into no-store, so the NetworkCache is
            // never asked) a conditional GET does reach the NetworkCache: makeRetrieveDecision
            // retrieves it and makeUseDecision says Validate ("The request is conditional so we force
            // revalidation from the network. We merely check the disk cache so we can update the
            // cache entry."), and NetworkResourceLoader::didReceiveResponse merges any 304 into the
            // stored entry (Cache::update) before passing the 304 to the page, whatever validators
            // the script sent (https://github.com/WebKit/WebKit/blob/main/Source/WebKit/NetworkProcess/cache/NetworkCache.cpp,
            // .../NetworkProcess/NetworkResourceLoader.cpp). Recorded in WebKitGTK: Tests/Conformance
            // http-cache-revalidate-script-no-cache-updates (from dt4-9302-00045: a 304's
            // `Access-Control-Expose-Headers: *` replaces the stored list, a later force-cache
            // fetch's `X-A` unreadable). SIMULATION: WebKit validates even a stored response of
            // another `Vary` value, and in reload mode too; neither is recorded, the lookup keeps `Vary`
            // and reload leaves the cache alone.
            scriptConditionalRequest: .init(bypassedModes: [.default, .noCache, .forceCache, .onlyIfCached],
                                            defaultModeHeadersOf: .noStore, matching304UpdatesStored: false,
                                            notModifiedUpdatesStoredInModes: [.noCache, .forceCache]),
            // NetworkCache.cpp makeUseDecision: NoDueToVaryingHeaderMismatch, no validation. Recorded
            // in WebKitGTK: Tests/Conformance http-cache-revalidate-vary-mismatch (an unconditional
            // request; from dt4-9301-00168), http-cache-revalidate-304-no-store (the updated response
            // stays and is revalidated again; from dt4-9301-00166).
            varyMismatchValidation: .none, notModifiedNoStoreRemovesStored: false,
            // NetworkCache's headerValueForVary: "Explicit handling for cookies is needed because
            // they are added magically by the networking layer": the value is the cookie storage's
            // Cookie header for the URL, whatever the request's credentials mode
            // (headerValueForVary and collectVaryingRequestHeaders in Source/WebCore/platform/network/CacheValidation.cpp,
            // now https://github.com/WebKit/WebKit/blob/main/Source/WebKit/NetworkProcess/cache/NetworkCacheValidation.cpp,
            // which compares a digest of that header). Recorded in WebKitGTK:
            // Tests/Conformance http-cache-vary-cookie-credentials-omit (a credentials=omit fetch is
            // answered by the response stored for a request that sent the cookie; from dt4-9302-00011).
            varyCookieFromJar: true),
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
            // SIMULATION: not recorded (the recorder runs WebKitGTK, whose libsoup cookie policy is
            // the webkitgtk profile's, Browsers/WebKitGTK.swift: third-party cookies not stored,
            // stored ones sent cross-site). ConformanceTests' safariDiffersFromWebKitGTK
            // lists the recorded scenarios where the two profiles differ.
            thirdParty: .blocked,
            // SIMULATION: Safari's opt-in partitioned cookies (WebsiteDataStore.cpp,
            // ENABLE(OPT_IN_PARTITIONED_COOKIES)) are not modelled: Partitioned is ignored and the
            // cookie is blocked as third-party like any other.
            partitionedCookies: false,
            // Recorded: cookie-schemeful-same-site (WebKitGTK sends the SameSite=Lax cookie of
            // https://ck8.example to the fetch from http://ck8.example:8801).
            schemefulSameSite: false,
            // SIMULATION: Safari's RegistrableDomain for a host under a TLD outside the Public Suffix
            // List is not recorded; the list's `*` rule is assumed (api.ck3.example and
            // app.ck3.example one site). WebKitGTK's libsoup makes each such host its own site.
            unlistedTLDHostIsOwnSite: false,
            // SIMULATION: the standard's redirect rule (RFC 6265bis section 5.2), not recorded for
            // Safari: WebKitGTK's libsoup sends the SameSite=Lax cookie on a hop back to the
            // page's site (cookie-redirect-cross-site-back, the webkitgtk profile's, listed in
            // ConformanceTests.safariDiffersFromWebKitGTK), which is libsoup's same-site test of the
            // one URL, not CFNetwork's.
            sameSiteConsidersRedirectChain: true,
            // SIMULATION: Safari's cookies are CFNetwork's (NSHTTPCookieStorage, not open source),
            // so the Cookie header's order, the Domain attribute's case, an empty Domain after
            // another (Chromium, Gecko and libsoup all unset it), a Domain without a dot,
            // the name prefixes, Max-Age against Expires and the size limits are the standard's
            // (RFC 6265bis), not recorded. WebKitGTK's libsoup 3.2 differs on each (the webkitgtk
            // profile; listed in ConformanceTests.safariDiffersFromWebKitGTK), which is libsoup's
            // code, not WebCore's.
            headerOrder: .creationTime,
            lowercasesDomainAttribute: true,
            emptyDomainUnsetsDomain: false,
            domainNeedsDot: false,
            enforcesNamePrefixes: true,
            maxAgeWinsOverExpires: true,
            maxAgeSyntax: .rfc6265bis,
            sizeLimits: true,
            // SIMULATION: not recorded (WebKitGTK's libsoup checks no prefix at all, README's remaining
            // differences); the prefixes match only as spelled, as RFC 6265bis said before draft 13.
            prefixesMatchCaseInsensitively: false),
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
            headerCheckOrder: .knownNamesFirst,
            // Recorded in WebKitGTK: no cache header on the preflight in any cache mode
            // (Tests/Conformance cache-mode-no-cache-store, cache-mode-reload-lookup, cache-mode-no-store-lookup, http-cache-revalidate-script-inm-fresh).
            carriesCacheModeHeaders: false),
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
            // Source/WebCore/loader/SubresourceLoader.cpp checkRedirectionCrossOriginAccessControl:
            // in cors mode, a redirect to a new origin (`redirectingToNewOrigin`: from the page's
            // origin to another, or between two origins) runs cleanHTTPRequestHeadersForAccessControl
            // (Source/WebCore/loader/CrossOriginAccessControl.cpp), which removes the Cache-Control
            // and Pragma the script did not set; the redirected request keeps that header list.
            // Recorded in WebKitGTK: Tests/Conformance redirect-tainting-drops-cache-mode-headers (a
            // no-store GET after a 302 to another origin goes without Pragma and Cache-Control, a
            // PUT after a 307 to its own server keeps them), redirect-cross-origin-drops-cache-mode-headers
            // (from the page's origin to another and back: dropped; dt-9611-00280), dt6-9502-00065
            // (a no-store PUT after a 308 and its preflight), dt6-9501-00249, dt6-9501-00145
            // (no-cache: max-age=0 dropped); cors mode only: dt-9004-00049's no-cors no-cache GET
            // keeps max-age=0 after its 308.
            crossOriginRedirectDropsCacheModeHeaders: true,
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
            refusesCredentialsInAnyLocation: false,
            // Two places check a Location with credentials. The network process
            // (Source/WebKit/NetworkProcess/NetworkLoadChecker.cpp checkRedirection) checks it only
            // when the request being redirected is already cross-origin ("!m_isSameOriginRequest ||
            // !isSameOrigin(request.url(), m_origin)"), then checkRequest preflights the next hop
            // (checkCORSRequestWithPreflight: a cached result, or NetworkCORSPreflightChecker, whose
            // success is stored) and only then hands the redirect to the web process
            // (Source/WebKit/NetworkProcess/NetworkResourceLoader.cpp continueWillSendRedirectedRequest).
            // WebCore (Source/WebCore/loader/SubresourceLoader.cpp checkRedirectionCrossOriginAccessControl,
            // once the next request is cross-origin: validateCrossOriginRedirectionURL in
            // Source/WebCore/loader/CrossOriginAccessControl.cpp, "redirection URL ... has credentials")
            // refuses it there, before the next request. WebCore is shared with Safari.
            // Recorded: Tests/Conformance redirect-userinfo-same-origin-start-preflight (a passing
            // preflight, then refused; its result answers a later PUT; a cached one is not sent again),
            // dt2-9101-00012 (a failing preflight is the failure), redirect-userinfo-location (a
            // request already cross-origin: refused with no preflight).
            crossOriginLocationCredentialsRefusedAfterPreflight: true,
            // NetworkLoadChecker::checkRedirection refuses a redirect of redirect mode "error"
            // ("Not allowed to follow a redirection while loading") before its count and location
            // checks (https://github.com/WebKit/WebKit/blob/main/Source/WebKit/NetworkProcess/NetworkLoadChecker.cpp).
            // Recorded: Tests/Conformance redirect-error-mode-location-credentials (dt2-9102-00043).
            errorModeAfterLocationChecks: false,
            // The 3xx without a Location is the response (shouldStartHTTPRedirection), made
            // opaque-redirect by the fetch's redirect mode with its body left in place. Recorded:
            // Tests/Conformance redirect-mode-manual-body (same-origin and cross-origin; with a
            // Location the body is empty), redirect-mode-manual-307-no-location-same-origin.
            manualWithoutLocationKeepsBody: true),
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
            opaquePage: .perOpaqueOrigin),
        console: .safari,
        // ResourceErrorBase::sanitizedDescription; recorded.
        typeErrorMessage: "Load failed",
        // No Opaque Response Blocking recorded: Tests/Conformance orb-* (WebKitGTK 2.50: every
        // no-cors response is stored and answers the force-cache fetch that follows, whatever its
        // type, nosniff or body; no console line).
        // SIMULATION: WebKit itself cancels the load of every opaque response once its head reaches
        // the page: DocumentThreadableLoader::didReceiveResponse calls clearResource() for an
        // opaque tainting, CachedRawResource::allClientsRemoved cancels the loader if it is not
        // finishing, and NetworkResourceLoader::abort removes the HTTP cache entry of a load
        // cancelled after its response (https://github.com/WebKit/WebKit/blob/main/Source/WebCore/loader/DocumentThreadableLoader.cpp,
        // Source/WebCore/loader/cache/CachedRawResource.cpp, Source/WebKit/NetworkProcess/NetworkResourceLoader.cpp).
        // The entry stays only when the network process has read the body and stored it first, a
        // race no script can settle (an opaque body's text() resolves at once, FetchBodyOwner.cpp).
        // Recorded copies (WebKitGTK 2.50.6, not committed): of twelve cross-origin opaque
        // responses fresh for 600 s (two runs), one was requested again by the next fetch; of the
        // six opaque targets of cross-origin 301s in each of three runs, one, six and three were.
        // The profile keeps every one.
        opaqueResponseBlocking: OpaqueResponseBlockingRules(analyzer: .none, blockedResponseStored: true),
        // Recorded (WebKitGTK, libsoup): Tests/Conformance dt2-9101-00182 (a PUT answered 421
        // reaches the server twice). SIMULATION: Safari's CFNetwork is assumed to do the same.
        resendsMisdirectedRequest: true,
        networkStack: NetworkStackRules(
            // Safari's network layer is CFNetwork, which takes WebCore's URL as NSURL; WebCore keeps
            // `%7E` (URLParser.cpp, the URL Standard's serializer). The recorded WebKitGTK decodes it
            // in GLib's GUri (Browsers/WebKitGTK.swift).
            // SIMULATION: CFNetwork's request line is not recorded; the URL is assumed to go out as
            // WebCore serialized it.
            decodesUnreservedEscapes: false,
            // SIMULATION: CFNetwork's reading of a non-ASCII Location is not recorded; the standard's
            // UTF-8 reading is assumed (WebKitGTK reads Latin-1: Browsers/WebKitGTK.swift).
            locationBytes: .utf8,
            // SIMULATION: how CFNetwork writes a header value WebCore holds with a character above
            // U+007F is not recorded; one byte per character, as WebCore's value and Chromium and
            // Gecko, is assumed (WebKitGTK's libsoup writes UTF-8: Browsers/WebKitGTK.swift).
            headerValueBytes: .latin1,
            // WebCore's HTTPHeaderMap holds one combined value per name. Recorded (WebKitGTK):
            // Tests/Conformance header-repeated-singleton-wire.
            repeatedRequestHeaders: .combined,
            // NetworkLoadChecker.cpp checkCORSRedirectedRequest. Recorded (WebKitGTK): Tests/Conformance
            // redirect-301-post-json-then-302 and redirect-same-origin-post-301-then-cross-origin-preflight
            // (Content-Type again on the CORS hop after the one a 301 turned into GET),
            // redirect-same-origin-delete-303-then-cross-origin (after a 303 and a 308),
            // header-repeated-singleton-wire (POST 302 then 307 to the same other origin: the body
            // headers again; PUT 303 then 302 on the page's origin: not), dt-9001-00037 (Authorization stays off).
            redirectHopHeaders: .firstRequestHeadersOnCORSHop,
            // Recorded (WebKitGTK, libsoup): Tests/Conformance dt2-9104-00005 (a no-cors GET
            // answered 407 is an opaque response). SIMULATION: CFNetwork is assumed to do the same.
            directProxyAuthenticationIsNetworkError: false,
            // Recorded in WebKitGTK (libsoup keeps every line, WebCore reads them combined):
            // Tests/Conformance response-duplicate-content-length-differs (readable),
            // redirect-two-location-headers-same (`/a,%20/a` followed until the limit).
            // SIMULATION: CFNetwork not recorded; taken to be the same.
            repeatedResponseFields: .combined,
            // Recorded: Tests/Conformance response-repeated-header-values (every repeated line's
            // value, joined with `, `), response-duplicate-content-length-same (`2, 2`).
            repeatedResponseHeaderValues: .combined,
            // libsoup reads a 205's body. Recorded in WebKitGTK: Tests/Conformance
            // status-205-cors-readable (the script reads "ok").
            // SIMULATION: Safari's CFNetwork is taken to do the same.
            bodylessStatuses: [204, 304]),
        // Recorded: Tests/Conformance page-null-no-cors-credentialed-origin (no Origin).
        appendsOriginWhenStorageAccessInactive: false,
        // Source/WebCore/page/SecurityPolicy.cpp generateOriginHeader: `null` under
        // StrictOriginWhenCrossOrigin when the origin is https and the URL is not.
        // SIMULATION: not recorded (WebKitGTK refuses every http URL from an https page as mixed
        // content, loopback ones too: dt2-9104-00114, origin-null-no-cors-post-https-to-http).
        // The other policies: recorded in WebKitGTK, referrer-policy-origin-header (no-referrer:
        // `null`; same-origin: `null` to another origin).
        nullsOriginOnDowngrade: true,
        schemeFetch: SchemeFetchRules(
            // Recorded (WebKitGTK): Tests/Conformance scheme-data-processor (Content-Type only).
            dataURLContentLength: false,
            // Recorded (WebKitGTK): Tests/Conformance scheme-data-processor (the standard's order).
            dataURLCharsetLast: false,
            // Recorded in WebKitGTK: Tests/Conformance scheme-data-whitespace.
            dataURLBase64URLStripsWhitespace: false,
            // Recorded: Tests/Conformance scheme-data-quoted-parameter (`text/plain;a=b`).
            dataURLKeepsQuotedParameters: false,
            // The no-cors redirect-mode refusal ("No-Cors mode requires follow redirect mode", the
            // lines of CachedResourceLoader.cpp canRequest) comes before the data: URL is read.
            // Recorded (WebKitGTK): Tests/Conformance scheme-data-modes.
            noCORSRedirectModeCheckedForData: true,
            // Recorded (WebKitGTK): Tests/Conformance scheme-about-blank (no-cors about:blank fails).
            answersAboutBlank: false,
            // CachedResourceLoader::canRequest asks whether the page may display the URL ("Not
            // allowed to load local resource") before the no-cors redirect mode. Recorded
            // (WebKitGTK): Tests/Conformance scheme-no-cors-redirect-modes (file:, redirect=manual).
            localURLRefusedBeforeNoCORSRedirectMode: true,
            // From an https page a no-cors ftp: or foo: fetch is blocked as mixed content (the
            // "[blocked] ... requested insecure content" lines); in cors mode the CORS scheme line
            // comes first; about:blank is trustworthy. Recorded (WebKitGTK): Tests/Conformance
            // scheme-page-null-https.
            mixedContent: .noCORSOnly),
        // Recorded in WebKitGTK: a sandboxed iframe's fetch carries the Referer of the page it was
        // made from (http-cache-page-null-partition, dt2-9101-00222: `http://127.0.0.1:8801/`).
        contextHeaders: ContextHeaderRules(site: .schemefulOverURLList, // Recorded in WebKitGTK: cache-after-tainting-redirect (the preflight after a tainting
                                           // redirect says cross-site), dt-9001-00037 (the cors request of a hop
                                           // that crossed origins carries no Sec-Fetch-*, the next same-origin hop does;
                                           // no-cors hops keep them: mode-no-cors-redirect-cross).
                                           preflightSiteFromTaintedOrigin: true, preflightAlwaysCarriesMode: false,
                                           crossOriginCORSHopDropsFetchMetadata: true, opaqueDocumentSendsReferrer: true,
                                           // Recorded in WebKitGTK: referrer-policy-preflight-after-redirect (the
                                           // preflight after a same-origin hop that sent the whole URL carries it to
                                           // another origin too; after a hop that sent the origin, the origin; after
                                           // none, none), dt-9001-00037; before any redirect the preflight follows the
                                           // policy (referrer-policy-preflight).
                                           preflightReferrer: .lastHopsAfterRedirect,
                                           // Recorded in WebKitGTK: referrer-policy-same-and-cross-origin.
                                           crossSiteIgnoresRelaxingPolicies: false))
}
