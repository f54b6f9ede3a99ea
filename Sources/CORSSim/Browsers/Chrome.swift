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
            extraForbiddenNames: ["user-agent", "access-control-request-private-network"]),
        requestValidation: RequestValidationRules(
            // third_party/blink/renderer/core/fetch/request.cc CreateRequestWithRequestOrString: URL
            // credentials, mode navigate, only-if-cached, method token, forbidden method, no-cors method,
            // Headers FillWith, GET/HEAD body, then for a ReadableStream the duplex member and the mode:
            // the standard's order. Recorded: Tests/Conformance forbidden-method-trace, no-cors-put.
            order: RequestValidationRules.standard.order,
            // ExtractBody takes a ReadableStream (FetchUploadStreaming), but a streaming upload needs
            // HTTP/2 or QUIC. Recorded: Tests/Conformance body-stream-post, body-stream-put (over
            // HTTP/1.1: the preflight goes out, then "Failed to fetch" with no request sent).
            streamBodies: .uploadedOverHTTP2Only),
        mixedContent: MixedContentRules(
            // core/loader/mixed_content_checker.cc: InWhichFrameIsContentMixed checks the top frame,
            // then the frame; IsMixedContent needs a scheme that restricts mixed content (https);
            // network::IsUrlPotentiallyTrustworthy trusts 127.0.0.0/8, ::1, localhost and *.localhost;
            // FETCH is blockable (ContextTypeFromRequestContext), never upgraded.
            // SIMULATION: with Local Network Access on, ShouldBlockFetch lets http: URLs of private
            // addresses through to the LNA permission check instead; LNA is not modelled, so they
            // are blocked as mixed content here.
            restrictingDocuments: .httpsScheme,
            topLevelRestricts: true,
            httpLoopbackIsTrustworthy: true,
            // fetch_manager.cc FetchLoaderBase::Start: "We do mixed content checking in
            // ResourceFetcher", after the same-origin and no-cors redirect mode checks.
            checkedBeforeModeChecks: false),
        // Recorded: Tests/Conformance only-if-cached-same-origin-miss (rejected, nothing sent).
        onlyIfCachedMiss: .networkError,
        preflight: PreflightRules(
            // preflight_controller.cc: CheckAccess (ACAO/ACAC) before the 2xx status check, then
            // PreflightResult::Parse (methods, then headers), then EnsureAllowed (method, then headers).
            order: .originThenStatus,
            listOrder: .parseBothThenCheck,
            // features.cc kCorsNonWildcardRequestHeadersSupport is disabled by default; recorded:
            // oracle header-authorization-acah-star resolves in Chromium 156.
            wildcardCoversAuthorization: true),
        // cors.cc CheckAccess: a value with a space or a comma is "multiple values".
        responseCheck: ResponseCheckRules(multipleOrigins: .commaOrSpace),
        redirects: RedirectRules(
            // net/url_request/url_request.cc kMaxRedirects = 20.
            limit: 20,
            // resource_loader.cc WillFollowRedirect: kRemoveAuthroizationOnCrossOriginRedirect,
            // enabled by default (shared research answers, question 3).
            stripsAuthorizationCrossOrigin: true,
            // net/http/http_response_headers.cc IsRedirect: a redirect needs a non-empty Location.
            // Recorded: Tests/Conformance redirect-location-empty (resolves with the 302).
            emptyLocation: .notARedirect,
            // The same IsRedirect: without a Location the 3xx is the response, so redirect mode
            // "error" does not apply (while "manual" still gives an opaque-redirect). Recorded:
            // Tests/Conformance redirect-mode-error-302-no-location-cors, redirect-mode-error-307-no-location-same-origin,
            // redirect-mode-manual-307-no-location-same-origin.
            errorModeIgnoresRedirectWithoutLocation: true,
            // net/url_request/redirect_util.cc UpdateHttpRequest: on a cross-origin redirect a
            // request that carries Origin gets `Origin: null` ("to prevent a reflection of POST
            // requests"). Recorded: Tests/Conformance redirect-no-cors-post-307-cross-origin-origin.
            crossOriginHopNullsNonCORSOrigin: true),
        cache: PreflightCacheRules(
            shape: .replace,                        // preflight_cache.cc: cache_[key] = result
            defaultMaxAge: 5,                       // preflight_result.cc kDefaultTimeout; recorded: cache-maxage-absent-1s/-6s
            maxAgeCap: 7200,                        // preflight_result.cc kMaxTimeout = base::Hours(2)
            maxAgeParsing: .integerNegativeIsZero,  // ParseAccessControlMaxAge; recorded: cache-maxage-invalid-abc (cached 5 s)
            expiredAtExactExpiry: true,             // IsExpired: absolute_expiry_time_ <= Now()
            capacity: 1024,                         // preflight_cache.cc kMaxCacheEntries
            eviction: .randomRun(10),               // kPurgeUnit, MayPurge with base::RandInt
            maxURLLength: 1024,                     // kMaxKeyLength: url_spec.length() >= 1024 is not cached
            credentialsInKey: false,                // one credentials flag per result; recorded: cache-cred-include-then-omit (reused)
            // The lookup passes NonWildcardRequestHeadersSupport(true); recorded: Tests/Conformance
            // cache-star-methods, cache-star-headers (hits), cache-star-authorization (preflights again).
            wildcardOnHit: .unlessEntryCredentialedNotAuthorization,
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
            taintedOrigin: .neverReused),
        console: .chrome,
        // fetch_manager.cc: V8ThrowException::CreateTypeError(isolate, "Failed to fetch"); recorded.
        typeErrorMessage: "Failed to fetch")
}
