extension BrowserProfile {
    /// Chrome (Chromium). Source read: chromium/chromium `services/network/cors/*` and
    /// `third_party/blink/renderer/*`, 2024-2025 revisions (Docs/evidence/research/chromium.md); recorded:
    /// Chromium 156.0.8078.79 (Docs/evidence/oracle/chromium-156.0.8078.79.json).
    public static let chrome = BrowserProfile(
        name: .chrome,
        displayName: "Chrome",
        evidence: "Chromium source (services/network/cors, 2024-2025) and a recorded Chromium 156 run",
        requestHeaders: RequestHeaderRules(
            // services/network/public/cpp/cors/cors.cc IsCorsSafelistedHeader: client hints and
            // Intervention are safelisted beyond the standard.
            extraSafelistedNames: [
                "intervention": .any,
                "device-memory": .decimal, "dpr": .decimal, "downlink": .decimal,
                "width": .digits, "viewport-width": .digits, "rtt": .digits,
                "ect": .oneOf(["slow-2g", "2g", "3g", "4g"]),
                "save-data": .oneOf(["on"]),
            ],
            // cors.cc kSafeListValueSizeMax = 1024.
            appliesSafelistTotalLimit: true,
            // net/http/http_util.cc kForbiddenHeaderFields still lists user-agent (crbug.com/571722)
            // and access-control-request-private-network.
            extraForbiddenNames: ["user-agent", "access-control-request-private-network"],
            // cors.cc IsCorsSafelistedHeader: the Range value must match `bytes=` exactly (the standard's rule).
            rangeUnitCaseInsensitive: false,
            // cors.cc IsCorsUnsafeRequestHeaderByte lists only the standard's bytes below 0x80;
            // recorded: Tests/Conformance header-value-latin1-accept (`Accept: é` needs no preflight).
            nonASCIIBytesAreUnsafe: false,
            // A Range bound is digits only (net/http/http_util.cc ParseRangeHeader); recorded: safelist-range-plus-sign (preflight).
            rangeBoundsAllowPlusSign: false,
            // The standard's combined value, a name listed once. Recorded: Tests/Conformance
            // header-acrh-duplicate-names (`x-bar,x-foo`), header-repeated-safe-and-unsafe-line.
            judgesEachLine: false,
            // The MIME Sniffing parse: recorded Tests/Conformance dt-9001-00535
            // (`multipart/form-data; boundary=x;` is not listed in Access-Control-Request-Headers).
            contentTypeParser: .mimeSniff,
            // third_party/blink/renderer/platform/loader/fetch/url_loader/request_conversion.cc
            // PopulateResourceRequest ends with network_utils::SetAcceptHeader (`*/*` for a request
            // without Accept) before the network service's cors.cc
            // CorsUnsafeNotForbiddenRequestHeaderNames counts the safelisted bytes. Recorded:
            // Tests/Conformance header-budget-default-accept (`accept` listed in ACRH once the
            // total is over 1,024 bytes only with its 3 bytes).
            countsDefaultAcceptInSafelistTotal: true,
            // third_party/blink/renderer/platform/loader/fetch/url_loader/request_conversion.cc
            // PopulateResourceRequest sets each of Blink's header fields on the network request as
            // TrimLWSAndCRLF(value) (net::HttpUtil::TrimLWS, then trailing CR/LF), before the network
            // service's CORS checks. Recorded: Tests/Conformance header-combined-trailing-space (`a`
            // then an empty line sent `a,`, `a, ,` for two, `,` for two empty lines; same-origin,
            // no-cors and on a redirect hop too), header-combined-trailing-safelist-length (127 bytes
            // then an empty line, 129 combined, needs no preflight: 128 after the trim),
            // header-repeated-singleton-wire (`1,`).
            trimsCombinedValues: true,
            // The standard's guarded append. Recorded: Tests/Conformance no-cors-post-blob-json
            // (no Content-Type for a no-cors application/json Blob).
            bodyContentTypeSkipsNoCORSGuard: false),
        requestValidation: RequestValidationRules(
            // third_party/blink/renderer/core/fetch/request.cc CreateRequestWithRequestOrString: URL
            // credentials, mode navigate, only-if-cached, method token, forbidden method, no-cors method,
            // Headers FillWith, GET/HEAD body, keepalive with a ReadableStream, then for a ReadableStream
            // the duplex member and the mode: the standard's order. Recorded: Tests/Conformance
            // forbidden-method-trace, no-cors-put, init-keepalive-stream, ctor-stream-without-duplex,
            // referrer-policy-request-referrer (an invalid referrer before mode navigate).
            order: RequestValidationRules.standard.order,
            // ExtractBody takes a ReadableStream (FetchUploadStreaming), but a streaming upload needs
            // HTTP/2 or QUIC. Recorded: Tests/Conformance body-stream-post, body-stream-put (over
            // HTTP/1.1: the preflight goes out, then "Failed to fetch" with no request sent).
            streamBodies: .uploadedOverHTTP2Only,
            // url/url_canon_path.cc kPathCharLookup: `|` (0x7C) is ESCAPE in a path, as are `{`, `}`,
            // backquote and `^`, which the URL Standard's path set also encodes; `|` is the one the
            // standard leaves. Recorded: Tests/Conformance url-fetch-pipe-and-caret (a fetch URL) and
            // redirect-location-pipe-and-caret (a Location): `a|b^c` goes out as `a%7Cb%5Ec`.
            pathEncodesPipe: true,
            // third_party/blink/renderer/core/fetch/request.cc CreateRequestWithRequestOrString: for a
            // ReadableStream body, after the mode check, "Set this's request's use-CORS-preflight flag"
            // is request->SetMode(kCorsWithForcedPreflight), so a same-origin mode is gone; the network
            // service's CorsURLLoader then preflights instead of failing with kDisallowedByMode.
            // Recorded: Tests/Conformance same-origin-mode-stream-body-cross-origin (preflight sent).
            streamBodyReplacesMode: true),
        mixedContent: MixedContentRules(
            // core/loader/mixed_content_checker.cc: InWhichFrameIsContentMixed checks the top frame,
            // then the frame; IsMixedContent needs a scheme that restricts mixed content (https);
            // network::IsUrlPotentiallyTrustworthy trusts 127.0.0.0/8, ::1, localhost and *.localhost;
            // FETCH is blockable (ContextTypeFromRequestContext), never upgraded. With Local Network
            // Access, http: URLs of private IP literals go to the permission check instead
            // (`localNetworkAccess.privateLiteralsSkipMixedContent`).
            restrictingDocuments: .httpsScheme,
            topLevelRestricts: true,
            httpLoopbackIsTrustworthy: true,
            // fetch_manager.cc FetchLoaderBase::Start: "We do mixed content checking in
            // ResourceFetcher", after the same-origin and no-cors redirect mode checks.
            checkedBeforeModeChecks: false),
        // net/base/port_util.cc kRestrictedPorts: the Fetch Standard's bad ports but 4190 and 6679,
        // which Chromium 156 connects to (recorded: Tests/Conformance port-blocking-*). Port 0 is not
        // on Chromium's list; SIMULATION: it is refused here as well, since no connection to port 0
        // succeeds (the script sees the same TypeError, with nothing sent).
        portBlocking: PortBlockingRules(ports: PortBlockingRules.fetchStandardBadPorts.subtracting([4190, 6679])),
        localNetworkAccess: LocalNetworkAccessRules(
            // Local Network Access, on by default since Chrome 142 (History.swift): features.cc
            // kLocalNetworkAccessChecks FEATURE_ENABLED_BY_DEFAULT; a secure context's request
            // from public to local or loopback needs the permission (kPermissionBlock ->
            // kLNAPermissionRequired -> CorsError::kLocalNetworkAccessPermissionDenied,
            // services/network/local_network_access_check_result.cc); a non-secure context gets
            // kBlock -> kInsecureLocalNetwork (content/browser/renderer_host/local_network_access_util.cc
            // DerivePolicyForNonSecureContext). https://developer.chrome.com/blog/local-network-access
            gate: .permission,
            blocksNonSecureContexts: true,
            // "If granted, the permission additionally relaxes mixed content blocking for local
            // network requests" (blink-dev Intent to Ship, https://groups.google.com/a/chromium.org/g/blink-dev/c/cwu_RUmBpzY/m/hk8YuZDWHgAJ);
            // mixed_content_checker.cc lets a private IP literal through to the LNA check.
            privateLiteralsSkipMixedContent: true,
            // ip_address_space_util.cc NonPublicAddressSpaceMap lists fec0::/10, 2001:db8::/32 and 3fff::/20 as kLocal.
            documentationBlocksAreLocal: true,
            // Private Network Access preflights sent only for that reason carry no Accept from 123
            // (History.swift); the gate of 142+ sends none, so this matters to older versions.
            privateNetworkOnlyPreflightOmitsAccept: true,
            // The permission is the requesting frame's origin's: a sandboxed iframe (opaque origin) of
            // an https page the user granted is refused, "Permission was denied" (recorded:
            // Tests/Conformance page-null-https-lna-granted-embedder).
            permissionOfTopLevelDocument: false,
            naming: .localNetworkAccess),
        resourcePolicy: ResourcePolicyRules(
            // services/network/public/cpp/cross_origin_resource_policy.cc ShouldAllowSameSite: "Different
            // sites might be served from the same IP address": false when either host is an IP address.
            // Recorded: Tests/Conformance corp-same-site-ip-other-port (rejected).
            ipAddressIsSameSite: false),
        version: 156,
        // Recorded: Tests/Conformance only-if-cached-same-origin-miss (rejected, nothing sent).
        onlyIfCachedMiss: .networkError,
        httpCache: HTTPCacheRules(
            // net/base/network_isolation_key.h: the HTTP cache key holds the top-frame site and the
            // frame site (https://source.chromium.org/chromium/chromium/src/+/main:net/http/http_cache.cc,
            // GenerateCacheKey). Recorded: Tests/Conformance http-cache-partition-other-site (a
            // page of another site misses), http-cache-no-vary-two-pages (a page of the same site hits).
            partition: .topLevelAndFrameSite,
            // Recorded: http-cache-credentials-include-then-omit and -omit-then-include: both reuse
            // the other's response (the key has no credentials mode).
            credentialsInKey: false,
            // Recorded: http-cache-mode-force-cache-no-freshness: a response with no freshness and no
            // validator is stored and answers force-cache.
            storesWithoutFreshnessOrValidators: true,
            // net/http/http_response_headers.cc GetFreshnessLifetimes takes a tenth of Date -
            // Last-Modified, unbounded. Recorded: Tests/Conformance http-cache-heuristic-week-cap (a
            // Last-Modified of 2024 is still fresh after 8 days 23 hours, where Firefox revalidates).
            heuristicCapSeconds: nil,
            // Recorded: http-cache-status-404-max-age: a 404 with max-age is reused.
            reusableStatuses: nil,
            // http_cache_transaction.cc IsResponseConditionalizable: "This only makes sense for
            // cached 200 or 206 responses". Recorded: Tests/Conformance wpt-http-cache-status-*-stale
            // (a stale 203, 204, 299, 4xx or 5xx with Last-Modified is asked for without
            // If-Modified-Since), wpt-http-cache-heuristic-201 (likewise).
            conditionalStatuses: [200, 206],
            // http_response_headers.cc GetFreshnessLifetimes: the Last-Modified heuristic applies only
            // to a 200, 203 or 206 (300, 301, 308 and 410 are implicitly fresh). Recorded:
            // Tests/Conformance wpt-http-cache-heuristic-204, -404, -405, -414, -501 (sent again).
            heuristicStatuses: [200, 203, 206],
            // http_cache_transaction.cc SetRequest: kForceFetchHeaders (Cache-Control or Pragma
            // no-cache) set LOAD_BYPASS_CACHE, kForceValidateHeaders (Cache-Control max-age=0)
            // LOAD_VALIDATE_CACHE; no other request directive is read. Recorded: Tests/Conformance
            // wpt-http-cache-cc-request-no-cache (sent), -max-age-0 (sent with If-Modified-Since),
            // -max-age-1, -max-age-pre-aged, -min-fresh, -no-store (answered from the cache),
            // -max-stale (sent: the response is stale, max-stale not read).
            requestDirectives: .init(noCache: .notRead, pragmaNoCache: .notRead, noStore: .ignored, maxAge: .zeroOnly,
                                     maxStale: false, minFresh: false, firstDirectiveDecides: false,
                                     ageWithoutResidentTime: false),
            // Recorded: http-cache-head-after-get: a HEAD after a fresh GET is answered from the
            // cache (http_cache_transaction.cc serves HEAD from the GET's entry, read only).
            headReadsStoredGET: true,
            // Recorded: Tests/Conformance dt-9001-00480 (a second HEAD, force-cache, is sent again:
            // the first HEAD's response was not stored).
            storesHEADResponses: false,
            // http_response_headers.cc RequiresValidation: fresh only while freshness > current age.
            // Recorded: Tests/Conformance http-cache-max-age-86400-at-24h (sent again).
            freshAtExactLifetime: false,
            // net/http/http_response_headers.cc GetFreshnessLifetimes: "These responses are implicitly
            // fresh (unless otherwise overruled)": 300, 301, 308 and 410. Recorded: Tests/Conformance
            // http-cache-permanent-redirect (a 301, then 308, are followed from the cache, nothing sent).
            implicitFreshness: [300: HTTPCache.foreverSeconds, 301: HTTPCache.foreverSeconds,
                                308: HTTPCache.foreverSeconds, 410: HTTPCache.foreverSeconds],
            // http_cache_transaction.cc stores a response whatever its status (only no-store and the
            // like stop it). Recorded: http-cache-permanent-redirect (a 302 answers force-cache),
            // dt-9001-01150 (a 599 with Expires: 0 answers force-cache).
            storesEveryStatus: true,
            // Moot: every status is stored (storesEveryStatus).
            defaultCacheableStatuses: nil,
            cacheableWithExplicitExpiration: [],
            // Recorded: Tests/Conformance http-cache-redirect-target-fresh (the target of a 302,
            // fresh for 600 s, answers the second fetch's redirect from the cache).
            redirectHopsReadCache: .always,
            // Recorded: Tests/Conformance http-cache-redirect-fragment (a 302 reached from a URL with
            // a fragment is stored and answers the next fetch, with or without a fragment).
            redirectCacheSkipsFragmentURLs: false,
            // Recorded: Tests/Conformance http-cache-redirect-chain-cached (a chain of seven cached
            // 302s and its target all answered from the cache).
            cachedRedirectLimit: nil,
            // Recorded: Tests/Conformance http-cache-redirect-from-cache-stale-target (the stale
            // target of a cached 302 is asked for with its If-None-Match, the 302 is not sent).
            revalidatesRedirectTargetThroughFirstRequest: false,
            // A redirect hop's HttpCache::Transaction opens the entry an earlier hop's transaction
            // wrote (net/http/http_cache_transaction.cc; the redirect's transaction is done with it
            // before the next one starts). Recorded: Tests/Conformance http-cache-redirect-loop-fresh
            // (a 308 looping to itself, and 302s with max-age=600 looping, are each requested once,
            // then answered from the cache up to the redirect limit; from dt2-9102-00136).
            hopsReadStoresOfSameFetch: true,
            // Recorded: Tests/Conformance http-cache-invalid-expires-last-modified (`Expires: 0` beside
            // an old Last-Modified: requested again).
            ignoresInvalidExpires: false,
            // A 206 to a request without Range is not kept: ValidatePartialResponse calls
            // IgnoreRangeRequest for a 206 it did not ask for (net/http/http_cache_transaction.cc).
            // Recorded: Tests/Conformance orb-status-206 (every 206 to the no-cors GET, JavaScript
            // first parts ORB lets through included, is requested again by force-cache). A 206 to a
            // Range request: `rangeRequests`.
            storesPartialResponses: false,
            // net/http/http_cache_transaction.cc (SetRequest, BeginPartialCacheValidation,
            // ValidatePartialResponse, CanResume) and net/http/partial_data.cc (PartialData),
            // https://source.chromium.org/chromium/chromium/src/+/main:net/http/ (Cache/ByteRangeCache.swift).
            // Recorded: Tests/Conformance http-cache-range-206-again (a bytes=0-3 206 with an ETag
            // answers bytes=0-3 again, default and force-cache; without a validator it is not kept;
            // a request without Range revalidates the stored part with If-None-Match and Range:
            // bytes=0-3, and on a 206 drops it and goes again without Range),
            // http-cache-range-full-then-range (a stored 200 answers bytes=0-3 as a 206),
            // http-cache-range-open-ended (a bytes=0- 206 holding the whole answers bytes=0- and,
            // as a 200, a request without Range), http-cache-range-validators (a weak ETag, a
            // Last-Modified without Date, Accept-Ranges: none, another range, an unknown length:
            // not kept), http-cache-range-from-stored-200 (a stale stored 200 revalidated with the
            // range; one without a validator dropped; a range past its end answered with the whole
            // 200; two ranges leave the cache alone), http-cache-range-missing-part (the part not
            // stored asked for with If-Range, the parts joined), http-cache-range-stale-suffix-reload
            // (a stale stored 206 revalidated with If-None-Match and its range; a suffix range kept
            // and answering bytes=-4 and bytes=6-9; a cache=reload range kept). The Range the cache
            // sends is HttpByteRange::GetHeaderValue's spelling (PartialData::RestoreHeaders):
            // header-range-wire-spelling (`bytes = 0 - 3`, `bytes=00-03`, `BYTES = -5`, `bytes=+1-3`,
            // `bytes=0-3,` re-spelled, in reload mode too; several ranges, `BYTES=5-3`, no-store,
            // If-Match, If-None-Match, POST and HEAD as written), header-range-uppercase-bytes,
            // header-range-mixed-case-bytes, safelist-range-whitespace.
            rangeRequests: .byteRanges,
            // Recorded: Tests/Conformance http-cache-force-cache-303-307 (a stored 303 and 307 answer force-cache).
            answering3xxStatuses: nil,
            // Recorded: Tests/Conformance http-cache-303-explicit-freshness (a 303 with an Expires in
            // the past, with max-age=0, with no-cache: each answers force-cache).
            explicitFreshnessStatuses: [],
            // Recorded: Tests/Conformance http-cache-cors-failure-fresh, http-cache-redirect-hop-heuristic
            // (a fresh response without ACAO is requested again).
            keepsResponseFailingCORSCheck: false,
            // Recorded: Tests/Conformance http-cache-corp-blocked-redirect (a 307 and a 301 that CORP
            // blocked both answer the force-cache fetch that follows).
            keepsRefusedRedirect: true,
            // Recorded: Tests/Conformance http-cache-redirect-cors-failure-head (a 307 whose
            // Access-Control-Allow-Origin does not match answers the next GET from the cache;
            // dt-9001-00910: a 308 without ACAO).
            keepsRedirectFailingCORSCheck: true,
            // http_response_headers.cc GetFreshnessLifetimes: HasHeaderValue("cache-control",
            // "no-cache") compares whole comma-separated items, so `no-cache="X-A"` is not no-cache
            // and max-age applies. Recorded: Tests/Conformance http-cache-qualified-no-cache.
            qualifiedNoCacheRequiresValidation: false,
            // http_response_headers.cc GetCacheControlDirective (the first max-age directly followed
            // by `=` whose value is all digits, capped at TimeDelta::FiniteMax) and
            // GetFreshnessLifetimes (HasHeaderValue("pragma", "no-cache"): never fresh). Recorded:
            // Tests/Conformance http-cache-max-age-quoted-value, -spaces-around-equals, -fraction
            // (sent), -overflow, -twice-conflicting (cached), -twice-conflicting-zero-first (sent),
            // -plus-sign, -semicolon-parameter (sent), -valid-then-invalid, -invalid-then-valid,
            // http-cache-cache-control-leading-comma (cached),
            // http-cache-response-pragma-no-cache-with-max-age, -max-age-etag (revalidated),
            // -max-age-force-cache (stored).
            // Age: GetAgeValue (the first item, ParseUint32; recorded: http-cache-age-*).
            deltaSecondsSyntax: .chromium, responsePragmaNoCache: true,
            // base::Time::FromString is base/third_party/nspr/prtime.cc PR_ParseTimeString, whose
            // Chromium copy also reads ISO 8601 (its unit test parses 2013-07-08T11:28:12.441381+02:00).
            // Recorded: Tests/Conformance http-cache-expires-iso-8601 (Expires 2099-01-02T00:00:00Z:
            // cached in Chromium, sent in Firefox and WebKitGTK), http-cache-last-modified-iso-8601
            // (heuristically fresh in Chromium; Firefox and WebKitGTK revalidate with it as written).
            datesAcceptISO8601: true,
            // Recorded: Tests/Conformance http-cache-after-cached-permanent-redirect (every hop after
            // a stored 301 or 308 is answered from the cache), http-cache-unsafe-invalidation-scope
            // (a third party's POST removes the stored GET of its URL).
            memoryOnlyAfterCachedPermanentRedirect: false, thirdPartyFetchInKey: false,
            unsafeMethodInvalidation: .requestURL,
            // http_cache_transaction.cc DoSuccessfulSendRequest: "Invalidate any cached GET with a
            // successful PUT, DELETE, or PATCH" and "with a successful POST" (NonErrorResponse: 2xx
            // or 3xx). Recorded: Tests/Conformance wpt-http-cache-invalidate-foo (a FOO leaves the
            // stored GET), wpt-http-cache-invalidate-post-500 (so does a POST answered 500).
            invalidatingMethods: ["POST", "PUT", "DELETE", "PATCH"], invalidatesOnErrorStatus: false,
            // SIMULATION: no recording shows a field the stored head leaves out; kept whole.
            storedHeadDropsEmptyAndTransientFields: false,
            // http_cache.cc CanGenerateCacheKeyForRequest: a transient network isolation key (an
            // opaque frame or top-frame site, network_isolation_key.h) is not cached. Recorded:
            // http-cache-page-null (a page null's second fetch, max-age=600, goes to the network).
            opaquePageCache: .none,
            // http_cache_transaction.cc (https://source.chromium.org/chromium/chromium/src/+/main:net/http/http_cache_transaction.cc):
            // a request the caller conditionalized (If-None-Match, If-Modified-Since) is downgraded
            // to UPDATE: the entry is not read, a 304 goes to the caller and, when
            // ExternallyConditionalizedValidationHeadersMatchEntry, updates the entry. Recorded:
            // Tests/Conformance http-cache-revalidate-script-inm-fresh (sent with Cache-Control:
            // max-age=0, the page sees 304), http-cache-revalidate-script-304-updates (the 304's
            // max-age=600 makes the next fetch a hit), http-cache-revalidate-script-200-stored (a
            // 200 is not stored), -script-force-cache (a force-cache request with If-None-Match is
            // sent, the page sees the 304).
            scriptConditionalRequest: .init(bypassedModes: [.default, .noCache, .forceCache, .onlyIfCached],
                                            defaultModeHeadersOf: .noCache, matching304UpdatesStored: true,
                                            // Only a 304 whose validators match updates (recorded:
                                            // http-cache-revalidate-script-304-updates-outside-default).
                                            notModifiedUpdatesStoredInModes: []),
            // http_cache_transaction.cc: a Vary mismatch is VALIDATION_CAUSE_VARY_MISMATCH, a
            // synchronous validation, and ConditionalizeRequest "Can't rely on last-modified if vary
            // is different": only an ETag; DoUpdateCachedResponse dooms an entry whose updated
            // headers say no-store. Recorded: Tests/Conformance http-cache-revalidate-vary-mismatch
            // (the stored response of another Origin is revalidated, the 304 merged, blocked; from
            // dt4-9301-00168), -vary-mismatch-last-modified (sent unconditional; dt4-9301-00096),
            // http-cache-revalidate-304-no-store (the next request is unconditional; from
            // dt4-9301-00166, -00056).
            varyMismatchValidation: .entityTagOnly, notModifiedNoStoreRemovesStored: true,
            // The request's own Cookie header (added before the cache is asked). Recorded:
            // Tests/Conformance http-cache-vary-cookie-credentials-omit (a credentials=omit fetch is
            // sent again; from dt4-9302-00011).
            varyCookieFromJar: false),
        cookies: CookieRules(
            // A cookie without SameSite is Lax: canonical_cookie.cc GetEffectiveSameSite
            // (UNSPECIFIED -> LAX_MODE, or LAX_MODE_ALLOW_UNSAFE while the cookie is younger than
            // kLaxAllowUnsafeMaxAge, 2 minutes, cookie_constants.cc). The 2-minute window does not
            // matter for fetch(): cookie_util.cc ComputeSameSiteContextForRequest gives
            // SAME_SITE_LAX_METHOD_UNSAFE only to a top-level navigation with an unsafe method; a
            // cross-site subresource request is CROSS_SITE, which excludes both Lax modes.
            // Recorded: cookie-cross-site-set-then-send (plain=1; Secure, set by a cross-site
            // response, is refused as Lax; sent back, only none=1 of the SameSite kinds goes).
            unspecifiedSameSite: .lax,
            // canonical_cookie.cc IsSetPermittedInContext: EXCLUDE_SAMESITE_NONE_INSECURE.
            // Recorded: cookie-samesite-none-insecure-first-party (refused even first party).
            sameSiteNoneRequiresSecure: true,
            // Third-party cookies are allowed in Chrome by default: upstream Chromium and Google
            // Chrome register profile.cookie_controls_mode = CookieControlsMode::kIncognitoOnly
            // (components/content_settings/core/browser/cookie_settings.cc RegisterProfilePrefs;
            // cookie_settings.h: kOff 0, kBlockThirdParty 1, kIncognitoOnly 2), so a regular
            // profile blocks them only in Incognito; Google's policy list, BlockThirdPartyCookies:
            // "Leaving it unset allows third-party cookies" (https://chromeenterprise.google/policies/#BlockThirdPartyCookies).
            // Debian's chromium package differs: debian/patches/disable/third-party-cookies.patch
            // (https://salsa.debian.org/chromium-team/chromium/-/blob/master/debian/patches/disable/third-party-cookies.patch)
            // makes it block them, so the recorder writes Chrome's default (cookie_controls_mode 2)
            // into the profile's Default/Preferences before launch (Tools/recorder/browsers.py).
            // Recorded that way: cookie-first-party-then-cross-site (the SameSite=None; Secure
            // session set by the API's own page arrives cross-site), cookie-cross-site-set-then-send
            // and cookie-samesite-none-insecure (a cross-site response's SameSite=None; Secure
            // cookie is stored and sent back), cookie-partitioned-chips (the unpartitioned cookie too).
            // SIMULATION: Incognito, and users or policies that block third-party cookies, are not
            // modelled (README limits).
            thirdParty: .allowed,
            // CHIPS: net/cookies/cookie_partition_key.h, the top-level site keys a Partitioned cookie;
            // recorded: cookie-partitioned-chips.
            partitionedCookies: true,
            // Schemeful Same-Site (net/cookies/cookie_util.cc, schemeful ComputeSameSiteContext).
            schemefulSameSite: true,
            // Third-party cookies are allowed, so no judgement reads it; sites follow the Public Suffix
            // List's `*` rule for unlisted TLDs (recorded: cookie-same-site-subdomain, where
            // api.ck3.example's SameSite=Lax cookie is stored for a page on app.ck3.example).
            unlistedTLDHostIsOwnSite: false,
            // cookie_util.cc ComputeSameSiteContext: the redirect chain counts only with
            // net::features::kCookieSameSiteConsidersRedirectChain, FEATURE_DISABLED_BY_DEFAULT
            // (net/base/features.cc); a subresource request is same-site when its own URL is
            // same-site with the site for cookies and the initiator. Recorded:
            // cookie-redirect-cross-site-back (a fetch from the page to another site, redirected
            // back to the page's origin, carries the Lax and the unmarked cookie there).
            sameSiteConsidersRedirectChain: false,
            // cookie_monster.cc CookieSorter: longer paths first, then earlier creation dates.
            // Recorded: cookie-order-domain-before-host-only.
            headerOrder: .creationTime,
            // cookie_util.cc GetCookieDomainWithString canonicalizes the Domain attribute (lower
            // case). Recorded: cookie-domain-attribute-upper-case.
            lowercasesDomainAttribute: true,
            // ParsedCookie keeps the last Domain attribute, empty too, and cookie_util.cc
            // GetCookieDomainWithString makes an empty one a host cookie. Recorded:
            // cookie-domain-empty-after-domain.
            emptyDomainUnsetsDomain: true,
            // cookie_util.cc GetCookieDomainWithString: a Domain equal to the host, unlisted, makes
            // a host cookie. Recorded: cookie-domain-single-label (Domain=localhost kept).
            domainNeedsDot: false,
            // canonical_cookie.cc (the name prefixes checked when a cookie is created). Recorded:
            // cookie-name-prefix-rules-broken.
            enforcesNamePrefixes: true,
            // canonical_cookie.cc ParseExpiration tries Max-Age before Expires. Recorded:
            // cookie-max-age-expires-parsing.
            maxAgeWinsOverExpires: true,
            // ParseExpiration reads Max-Age with base::StringToInt64, which takes a `+` sign.
            // Recorded: cookie-max-age-expires-parsing (plus=1; Max-Age=+3600 outlives the restart).
            maxAgeSyntax: .signedInteger,
            // parsed_cookie.cc: kMaxCookieNamePlusValueSize 4096, kMaxCookieAttributeValueSize
            // 1024. Recorded: cookie-size-limits.
            sizeLimits: true,
            // canonical_cookie.cc GetCookiePrefix compares the prefixes case-insensitively. Recorded:
            // Tests/Conformance cookie-prefix-any-case (`__HOST-` with Domain and `__secure-` without
            // Secure are not stored; from dt3-9202-00052).
            prefixesMatchCaseInsensitively: true),
        preflight: PreflightRules(
            // preflight_controller.cc: CheckAccess (ACAO/ACAC) before the 2xx status check, then
            // PreflightResult::Parse (methods, then headers), then EnsureAllowed (method, then headers).
            order: .originThenStatus,
            listOrder: .parseBothThenCheck,
            // features.cc kCorsNonWildcardRequestHeadersSupport is disabled by default; recorded:
            // oracle header-authorization-acah-star resolves in Chromium 156.
            wildcardCoversAuthorization: true,
            // cors.cc CreateSortedCommaSeparatedHeaderNames: sorted, de-duplicated lower-case names;
            // recorded: Tests/Conformance header-acrh-duplicate-names (`x-bar,x-foo`).
            // A redirected preflight fails as a redirect first (recorded: preflight-status-307-no-acao).
            originCheckedBeforeRedirect: false,
            // A page-origin preflight (after a redirect) carries `Origin: null` and is checked against
            // it (recorded: Tests/Conformance redirect-then-preflight-page-origin-no-acao).
            pageOriginPreflightSkipsCORSCheck: false,
            // The first refused name in the request's header vector: Blink's HTTPHeaderMap slot order
            // (Sources/CORSSim/Browsers/BlinkHeaderMap.swift has the path through fetch_manager.cc,
            // http_header_map.h, request_conversion.cc, cors.cc and preflight_result.cc). Recorded:
            // dt-9001-00084 (range before content-type), preflight-two-custom-headers-first-reported,
            // console-header-name-*, Tests/Conformance header-order-blink-*.
            headerCheckOrder: .blinkHeaderMap,
            // Recorded: the preflight of a no-cache fetch carries `Cache-Control: max-age=0`, of a
            // reload or no-store fetch `Pragma` and `Cache-Control: no-cache`, of a default fetch
            // the script made conditional `max-age=0` (Tests/Conformance cache-mode-no-cache-store, cache-mode-reload-lookup, cache-mode-no-store-lookup, http-cache-revalidate-script-inm-fresh).
            carriesCacheModeHeaders: true),
        // cors.cc CheckAccess: a value with a space or a comma is "multiple values".
        // Recorded: expose-star-with-invalid-item (an unparsable Expose-Headers exposes nothing).
        responseCheck: ResponseCheckRules(multipleOrigins: .commaOrSpace, exposeListFailure: .ignoresList),
        redirects: RedirectRules(
            // net/url_request/url_request.cc kMaxRedirects = 20.
            limit: 20,
            // resource_loader.cc WillFollowRedirect: kRemoveAuthroizationOnCrossOriginRedirect,
            // enabled by default (shared research answers, question 3).
            stripsAuthorizationCrossOrigin: true,
            // cors_url_loader.cc: a redirect that leaves a simple request is not preflighted again;
            // recorded: Tests/Conformance redirect-303-put (one preflight, then the GET).
            preflightsEveryHopOfAPreflightedRequest: false,
            // The preflight carries the tainted request's origin; recorded:
            // Tests/Conformance redirect-cross-origin-preflighted (the second preflight has Origin: null).
            preflightOriginIgnoresTaint: false,
            // Recorded: Tests/Conformance redirect-301-post-json, -302-post-json, -303-post-json (later
            // hops do not ask about the removed Content-Type).
            preflightKeepsRemovedBodyHeaders: false,
            // Recorded: Tests/Conformance dt-9001-00037 (no preflight after the cross-origin hop removed it).
            preflightAsksRemovedAuthorizationOnSameOriginHop: false,
            // Recorded: Tests/Conformance redirect-301-post-json-then-302 (no later preflight at all).
            preflightAsksRemovedBodyHeadersOnLaterHop: false,
            // Recorded: Tests/Conformance redirect-no-cors-post-302 (the GET after the 302 has no Origin).
            keepsOriginHeaderAcrossRedirects: false,
            // As the standard. Recorded: Tests/Conformance redirect-tainting-drops-cache-mode-headers
            // (a no-store GET after a 302 to another origin still carries Pragma and Cache-Control).
            crossOriginRedirectDropsCacheModeHeaders: false,
            // net/http/http_response_headers.cc IsRedirect: a redirect needs a non-empty Location.
            // Recorded: Tests/Conformance redirect-location-empty (resolves with the 302).
            emptyLocation: .notARedirect,
            // Recorded: Tests/Conformance/redirect-location-tab.cors (Chromium strips a tab in a Location, as the URL parser does).
            locationTabIsPercentEncoded: false,
            // Redirect statuses as the standard lists them (301, 302, 303, 307, 308 with a Location).
            statuses: .standard,
            // The same IsRedirect: without a Location the 3xx is the response, so redirect mode
            // "error" does not apply (while "manual" still gives an opaque-redirect). Recorded:
            // Tests/Conformance redirect-mode-error-302-no-location-cors, redirect-mode-error-307-no-location-same-origin,
            // redirect-mode-manual-307-no-location-same-origin.
            errorModeIgnoresRedirectWithoutLocation: true,
            // A cross-origin DELETE stays DELETE (recorded: redirect-delete-307-cross-origin).
            crossOriginDeleteBecomesGET: false,
            // net/url_request/redirect_util.cc UpdateHttpRequest: on a cross-origin redirect a
            // request that carries Origin gets `Origin: null` ("to prevent a reflection of POST
            // requests"). Recorded: Tests/Conformance redirect-no-cors-post-307-cross-origin-origin.
            crossOriginHopNullsNonCORSOrigin: true,
            // Each redirect is checked once, with the credentials mode. Recorded: Tests/Conformance
            // redirect-credentials-same-origin-start-acao-star, -no-acac (followed).
            redirectRecheckedWithInitialCredentials: false,
            // third_party/blink/renderer/core/loader/base_fetch_context.cc CanRequestInternal calls
            // FrameFetchContext::ShouldBlockFetchAsCredentialedSubresource (frame_fetch_context.cc)
            // for every subresource request and redirect the renderer follows: a URL with a user or
            // password is blocked (kOrigin) unless the request is an XMLHttpRequest or the document's
            // own URL carries the same credentials on the same origin (never so for a page here).
            // It runs after the network service's CheckRedirectLocation (cors_url_loader.cc), which
            // gives cors requests to another origin their console line. Recorded:
            // Tests/Conformance redirect-userinfo-no-cors (a no-cors GET 307 to http://u:p@...
            // rejected with no console line; Firefox and WebKit follow it).
            refusesCredentialsInAnyLocation: true,
            // The network service refuses it at once (recorded: Tests/Conformance
            // redirect-userinfo-same-origin-start-preflight: no preflight).
            crossOriginLocationCredentialsRefusedAfterPreflight: false,
            // services/network/cors/cors_url_loader.cc CorsURLLoader::OnReceiveRedirect checks the
            // redirect count and CheckRedirectLocation (a username or password in a cors request's
            // location to another origin: kRedirectContainsCredentials) and then forwards the
            // redirect; redirect mode "error" is applied by the renderer that receives it. Recorded:
            // Tests/Conformance redirect-error-mode-location-credentials (from dt2-9102-00043: the
            // credentials line for a same-origin request redirected to http://u:p@localhost).
            errorModeAfterLocationChecks: true,
            // Recorded: Tests/Conformance redirect-mode-manual-body (the body is empty).
            manualWithoutLocationKeepsBody: false),
        cache: PreflightCacheRules(
            // preflight_cache.cc: cache_[key] = result; kMaxCacheEntries = 1024, kPurgeUnit = 10,
            // MayPurge(kMaxCacheEntries - 1, kPurgeUnit) with base::RandInt.
            shape: .replacing(eviction: .randomRun(capacity: 1024, run: 10)),
            defaultMaxAge: 5,                       // preflight_result.cc kDefaultTimeout; recorded: cache-maxage-absent-1s/-6s
            maxAgeCap: 7200,                        // preflight_result.cc kMaxTimeout = base::Hours(2)
            maxAgeParsing: .integerNegativeIsZero,  // ParseAccessControlMaxAge; recorded: cache-maxage-invalid-abc (cached 5 s)
            expiredAtExactExpiry: true,             // IsExpired: absolute_expiry_time_ <= Now()
            maxURLLength: 1024,                     // kMaxKeyLength: url_spec.length() >= 1024 is not cached
            credentialsInKey: false,                // one credentials flag per result; recorded: cache-cred-include-then-omit (reused)
            // The lookup passes NonWildcardRequestHeadersSupport(true); recorded: Tests/Conformance
            // cache-star-methods, cache-star-headers (hits), cache-star-authorization (preflights again).
            wildcardOnHit: .unlessCredentialedNotAuthorization,
            methodsExemptOnLookup: ["GET", "HEAD", "POST"], // IsCorsSafelistedMethod in EnsureAllowedCrossOriginMethod
            erasesOnMiss: true,                     // "Remove the item from the cache."
            storesBeforeMethodAndHeaderCheck: false, // AppendToCache only when net_error == OK
            clearsOnActualFailure: false,           // recorded: cache-actual-fail-then-next (still cached)
            clearsOnPreflightFailure: false,        // a failed lookup already erased the entry; nothing else does
            // RetrieveCacheFlags: DISABLE, BYPASS, VALIDATE; LOAD_DISABLE_CACHE skips AppendToCache.
            // Recorded: Tests/Conformance cache-mode-{no-store,reload,no-cache,force-cache}-{lookup,store}.
            cacheModesSkippingLookup: [.noStore, .reload, .noCache],
            cacheModesSkippingStore: [.noStore],
            partition: .topLevelSite,               // NetworkIsolationKey (top-frame site)
            // Recorded: Tests/Conformance cache-after-tainting-redirect, -direct (the Origin: null
            // preflight is sent again on the second fetch, Max-Age 60).
            taintedOrigin: .neverReused,
            // Recorded: Tests/Conformance page-null-preflight-twice (a sandboxed iframe preflights
            // its PUT again on every fetch, Max-Age 60). The cache key holds the initiator origin
            // and the NetworkIsolationKey (services/network/cors/preflight_cache.cc AppendEntry,
            // CheckIfRequestCanSkipPreflight); SIMULATION: which part of the key never matches for
            // an opaque initiator is not pinned down in the source here, the recording decides.
            opaquePage: .neverReused),
        console: .chrome,
        // fetch_manager.cc: V8ThrowException::CreateTypeError(isolate, "Failed to fetch"); recorded.
        typeErrorMessage: "Failed to fetch",
        // services/network/orb/orb_impl.cc OpaqueResponseBlockingAnalyzer ("ORB v0.1"); for a
        // fetch() (destination empty) ShouldHandleBlockedResponseAs injects an empty response
        // (kOpaqueResponseBlockingErrorsForAllFetches is disabled by default), so the script's
        // opaque response is the same, but the load is cancelled and the HTTP cache keeps nothing.
        // Recorded: Tests/Conformance orb-* (Chromium 156: every response the analyzer blocks is
        // requested again by the force-cache fetch that follows; every allowed one is not).
        opaqueResponseBlocking: OpaqueResponseBlockingRules(analyzer: .chromium, blockedResponseStored: false),
        // net/http/http_network_transaction.cc DoReadHeadersComplete: on HTTP_MISDIRECTED_REQUEST,
        // with IP pooling or alternative services still enabled (both are, on a first try), it
        // disables them and calls ResetConnectionAndRequestForResend(kHttpMisdirectedRequest).
        // Recorded: Tests/Conformance dt2-9101-00182 (a PUT answered 421 reaches the server twice).
        resendsMisdirectedRequest: true,
        networkStack: NetworkStackRules(
            // Chromium's network stack sends the URL as GURL canonicalized it. Recorded: Tests/Conformance
            // url-percent-tilde-cache-distinct (`/%7Eres` goes out as is), dt2-9101-00093 (`?%2e%2e` too).
            decodesUnreservedEscapes: false,
            // Recorded: Tests/Conformance redirect-location-path-non-ascii (a UTF-8 `é` in Location is
            // requested as `caf%C3%A9`).
            locationBytes: .utf8,
            // net::HttpRequestHeaders holds the header's bytes as Blink's ByteString gave them.
            // Recorded: Tests/Conformance header-value-latin1-accept (`é` goes out as the byte 0xE9).
            headerValueBytes: .latin1,
            // Blink's FetchHeaderList combines a name's values (`a, b`). Recorded: Tests/Conformance
            // header-repeated-singleton-wire (`Bearer a, Bearer b`, `text/plain, text/html`).
            repeatedRequestHeaders: .combined,
            // Recorded: Tests/Conformance redirect-301-post-json-then-302, dt-9001-00037,
            // header-repeated-singleton-wire (no body header or Authorization comes back).
            redirectHopHeaders: .requestHeaderList,
            // net/http/http_network_transaction.cc HandleAuthChallenge: a 407 when
            // `proxy_info_.is_direct()` returns ERR_UNEXPECTED_PROXY_AUTH
            // (https://source.chromium.org/chromium/chromium/src/+/main:net/http/http_network_transaction.cc).
            // Recorded: Tests/Conformance dt2-9104-00005 (a no-cors GET answered 407 rejects).
            directProxyAuthenticationIsNetworkError: true,
            // net/http/http_stream_parser.cc DoParseResponseHeaders: HeadersContainMultipleCopiesOfField
            // (copies with different values) is ERR_RESPONSE_HEADERS_MULTIPLE_CONTENT_LENGTH (only
            // without Transfer-Encoding), _CONTENT_DISPOSITION or _LOCATION. Recorded:
            // Tests/Conformance response-duplicate-content-length-differs (blocked),
            // redirect-two-location-headers-differ (blocked, one request), -same (followed once).
            repeatedResponseFields: .differentValuesRefusedUnlessTransferEncoding,
            // Recorded: Tests/Conformance response-repeated-header-values (every repeated line's
            // value, joined with `, `), response-duplicate-content-length-same (`2, 2`).
            repeatedResponseHeaderValues: .combined,
            // net/http/http_stream_parser.cc: 204, 205 and 304 have no body. Recorded:
            // Tests/Conformance status-205-cors-readable (the script reads "").
            bodylessStatuses: [204, 205, 304]),
        // Recorded: Tests/Conformance page-null-no-cors-credentialed-origin (no Origin).
        appendsOriginWhenStorageAccessInactive: false,
        // Recorded: Tests/Conformance dt2-9104-00114 (a no-cors POST from https://app.example to
        // http://sub.localhost carries `Origin: https://app.example`), origin-null-no-cors-post-https-to-http
        // (to http://127.0.0.1 and http://localhost too), referrer-policy-origin-header (the page's
        // origin under no-referrer and same-origin too).
        nullsOriginOnDowngrade: false,
        schemeFetch: SchemeFetchRules(
            // Recorded: Tests/Conformance scheme-data-processor, scheme-data-modes (Content-Type only).
            dataURLContentLength: false,
            // net/base/data_url.cc DataURL::BuildResponse appends ";charset=" + charset after the
            // MIME type and its other parameters. Recorded: Tests/Conformance scheme-data-processor
            // (`data:TEXT/PLAIN;CHARSET=UTF-8;foo=bar,x` gives `text/plain;foo=bar;charset=UTF-8`).
            dataURLCharsetLast: true,
            // Recorded: Tests/Conformance scheme-data-whitespace (response.url keeps the spaces).
            dataURLBase64URLStripsWhitespace: false,
            // Recorded: Tests/Conformance scheme-data-quoted-parameter (`text/plain;a="b"`, `charset=x`).
            dataURLKeepsQuotedParameters: true,
            // fetch_manager.cc Loader::Start answers a data: URL before the mode checks. Recorded:
            // Tests/Conformance scheme-data-modes, scheme-no-cors-redirect-modes.
            noCORSRedirectModeCheckedForData: false,
            // fetch_manager.cc PerformSchemeFetch: 'URL scheme "about" is not supported.' in every
            // mode. Recorded: Tests/Conformance scheme-about-blank.
            answersAboutBlank: false,
            // The redirect-mode line comes first. Recorded: Tests/Conformance scheme-no-cors-redirect-modes.
            localURLRefusedBeforeNoCORSRedirectMode: false,
            // From an https page, ftp: and foo: in no-cors mode get the "URL scheme is not supported"
            // line, no mixed-content line. Recorded: Tests/Conformance scheme-page-null-https.
            mixedContent: .never),
        // Recorded: every request in Tests/Conformance/recordings/chromium carries Sec-Fetch-* as
        // services/network/sec_header_helpers.cc SetSecFetchSiteHeader computes it over the URL chain
        // (schemeful: corp-same-site-https-page-http-response, https page to http, cross-site);
        // a sandboxed iframe sends no Referer (page-null-preflight-shared).
        contextHeaders: ContextHeaderRules(site: .schemefulOverURLList, preflightSiteFromTaintedOrigin: false,
                                           // services/network/cors/preflight_controller.cc CreatePreflightRequest sets
                                           // Sec-Fetch-Mode itself. Recorded: header-order-blink-16-nohints (http://a.example).
                                           preflightAlwaysCarriesMode: true,
                                           crossOriginCORSHopDropsFetchMetadata: false, opaqueDocumentSendsReferrer: false,
                                           // Recorded: referrer-policy-preflight, -preflight-after-redirect.
                                           preflightReferrer: .policy,
                                           // Recorded: referrer-policy-same-and-cross-origin (unsafe-url to localhost:
                                           // the whole URL).
                                           crossSiteIgnoresRelaxingPolicies: false))
}
