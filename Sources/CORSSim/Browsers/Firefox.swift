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
            // nsContentUtils::IsAllowedNonCorsRange: `bytes=` compared exactly (the standard's rule).
            rangeUnitCaseInsensitive: false,
            // Recorded: Tests/Conformance header-value-latin1-accept (`Accept: é` is preflighted).
            nonASCIIBytesAreUnsafe: true,
            // Recorded: safelist-range-plus-sign (a `+` bound is preflighted).
            rangeBoundsAllowPlusSign: false,
            // dom/fetch/InternalHeaders.cpp GetUnsafeHeaders: each entry of the header list is
            // checked with IsSimpleHeader(name, value) and its name appended when unsafe, so a name
            // is listed once per unsafe line and a safe line next to an unsafe one is not.
            // Recorded: Tests/Conformance header-acrh-duplicate-names (`x-bar,x-foo,x-foo`),
            // header-acrh-duplicate-names-case (`x-foo,x-foo`), and the difftest cases
            // header-repeated-safe-and-unsafe-line (`Accept: text/html` + `Accept: a\\b` is listed once).
            judgesEachLine: true,
            // dom/base/nsContentUtils.cpp IsAllowedNonCorsContentType parses with
            // NS_ParseRequestContentType, netwerk/base/nsURLHelper.cpp net_ParseRequestContentType:
            // no `,` outside quotes, then net_ParseMediaType(aStrict = true), which fails when its
            // parameter walk stops on a trailing `;` (the loop ends once the next parameter would
            // start at the end). Recorded: Tests/Conformance dt-9001-00535
            // (`multipart/form-data; boundary=x;` listed as content-type; Chromium and WebKit do not).
            contentTypeParser: .geckoStrictRequest,
            // Recorded: Tests/Conformance header-budget-default-accept (the total stays under 1,024
            // bytes without an Accept: the one Gecko's channel adds is not counted).
            countsDefaultAcceptInSafelistTotal: false,
            // Never needed: Gecko's header array empties a value on an empty line and joins only
            // values that are not empty (networkStack.repeatedRequestHeaders), so no value ends in
            // whitespace. Recorded: Tests/Conformance header-combined-trailing-space,
            // header-combined-trailing-safelist-length (every value with an empty last line sent empty).
            trimsCombinedValues: false,
            // The standard's guarded append. Recorded: Tests/Conformance no-cors-post-blob-json
            // (no Content-Type for a no-cors application/json Blob).
            bodyContentTypeSkipsNoCORSGuard: false),
        requestValidation: RequestValidationRules(
            // dom/fetch/Request.cpp Request::Constructor: GetRequestURL (credentials), mode navigate,
            // only-if-cached, FetchUtil::GetValidRequestMethod (token and forbidden, one message),
            // Headers::Create(init.headers) before the no-cors method check, then GET/HEAD body.
            // Recorded: Tests/Conformance forbidden-method-trace, no-cors-put ("Invalid request method").
            // The ByteString conversion of RequestInit comes first (recorded: header-value-non-latin1).
            // The referrer ("Invalid referrer URL") after mode navigate: recorded,
            // referrer-policy-request-referrer (its place among the later checks is not).
            order: [.headerByteStrings, .urlCredentials, .navigateMode, .referrer, .onlyIfCached, .methodToken, .forbiddenMethod,
                    .headers, .noCORSMethod, .bodyWithGetOrHead],
            // dom/fetch/Fetch.h: OwningBodyInit has no ReadableStream and dom/webidl/Request.webidl
            // no duplex, so a stream is converted to the string "[object ReadableStream]".
            streamBodies: .stringified,
            // The URL Standard's path set: `|` kept. Recorded: Tests/Conformance url-fetch-pipe-and-caret,
            // redirect-location-pipe-and-caret (`a|b^c` goes out as `a|b%5Ec`).
            pathEncodesPipe: false,
            // No stream body to judge (`streamBodies: .stringified`): the mode stays. Recorded:
            // Tests/Conformance same-origin-mode-stream-body-cross-origin (no request sent).
            streamBodyReplacesMode: false),
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
        // netwerk/base/nsIOService.cpp gBadPortList: the Fetch Standard's bad ports (recorded, every
        // one of them and neighbouring controls: Tests/Conformance port-blocking-*). The channel is
        // refused when it is created, so no console line.
        portBlocking: PortBlockingRules(ports: PortBlockingRules.fetchStandardBadPorts),
        localNetworkAccess: LocalNetworkAccessRules(
            // network.lna.enabled and network.lna.blocking default to true from Firefox 153
            // ("Local Network Access restrictions are now enabled by default for all users",
            // https://www.mozilla.org/en-US/firefox/153.0/releasenotes/, bug 2033733): a request from
            // a public page to a private or loopback address waits for the user's permission;
            // denied, the transaction fails with NS_ERROR_LOCAL_NETWORK_ACCESS_DENIED before
            // anything is sent (netwerk/protocol/http/nsHttpTransaction.cpp AllowedToConnectToIpAddressSpace).
            gate: .permission,
            // network.lna.block_insecure_contexts is true in the release 154 StaticPrefList.yaml
            // and false in later Nightlies; ESR 153 does not refuse a non-secure context outright:
            // the permission decides. Recorded: Tests/Conformance lna-insecure-public-to-loopback-granted
            // (an http page on a public address reads a loopback server once granted) and
            // lna-insecure-public-to-loopback-prompt (refused, nothing sent, when nobody answers).
            blocksNonSecureContexts: false,
            privateLiteralsSkipMixedContent: false,
            // netwerk/dns/DNS.cpp NetAddr::GetIpAddressSpace: no code path for fec0::/10, 2001:db8::/32, 3fff::/20.
            documentationBlocksAreLocal: false,
            // Gecko never sends Private Network Access preflights (the gate is the permission).
            privateNetworkOnlyPreflightOmitsAccept: false,
            // LNAPermissionRequest takes the top window's document principal as mTopLevelPrincipal
            // and asks the permission for the top-level page
            // (https://searchfox.org/mozilla-central/source/netwerk/base/LNAPermissionRequest.cpp):
            // a sandboxed iframe of a page the user granted reads a loopback server (recorded:
            // Tests/Conformance page-null-https-lna-granted-embedder).
            permissionOfTopLevelDocument: true,
            naming: .localNetworkAccess),
        resourcePolicy: ResourcePolicyRules(
            // netwerk/protocol/http/HttpBaseChannel.cpp ProcessCrossOriginResourcePolicyHeader compares
            // GetBaseDomain of both principals, which is the host itself for an IP address.
            // Recorded: Tests/Conformance corp-same-site-ip-other-port (opaque).
            ipAddressIsSameSite: true),
        version: 153,
        // Recorded: Tests/Conformance only-if-cached-same-origin-miss (rejected, nothing sent).
        onlyIfCachedMiss: .networkError,
        httpCache: HTTPCacheRules(
            // Network partitioning: the cache key's partitionKey is the top-level site
            // (https://searchfox.org/mozilla-central/source/caps/OriginAttributes.cpp, SetPartitionKey).
            // Recorded: Tests/Conformance http-cache-partition-other-site (a page of another site misses).
            partition: .topLevelSite,
            // nsHttpChannel marks requests without credentials LOAD_ANONYMOUS, which is part of the
            // cache key (https://searchfox.org/mozilla-central/source/netwerk/protocol/http/nsHttpChannel.cpp,
            // "anonymous" in the cache entry's id). Recorded: http-cache-credentials-include-then-omit
            // and -omit-then-include: each is sent again.
            credentialsInKey: true,
            // Recorded: http-cache-mode-force-cache-no-freshness: stored, answers force-cache.
            storesWithoutFreshnessOrValidators: true,
            // nsHttpResponseHead::ComputeFreshnessLifetime: the Last-Modified heuristic, (Date -
            // Last-Modified) / 10, is bounded by kOneWeek (60 * 60 * 24 * 7)
            // (https://searchfox.org/mozilla-central/source/netwerk/protocol/http/nsHttpResponseHead.cpp).
            // Recorded: Tests/Conformance http-cache-heuristic-week-cap (a Last-Modified of 2024 is
            // fresh after 6 days 23 hours, revalidated after 8 days 23 hours; from dt2-9102-00057).
            heuristicCapSeconds: 604_800,
            // nsHttpResponseHead::MustValidate: any status other than these must be revalidated
            // (https://searchfox.org/mozilla-central/source/netwerk/protocol/http/nsHttpResponseHead.cpp).
            // Recorded: http-cache-status-404-max-age: the 404 is fetched again despite max-age=600.
            // Its switch lists 204 and 303 among the cacheable codes, 305 among the uncacheable ones.
            // Recorded: Tests/Conformance http-cache-303-explicit-freshness (a 303 with max-age=600
            // answers the default-mode fetch 100 ms later).
            reusableStatuses: [200, 203, 204, 206, 300, 301, 302, 303, 304, 307, 308, 410],
            // Recorded: Tests/Conformance wpt-http-cache-status-*-stale and -fresh,
            // wpt-http-cache-heuristic-4xx and -5xx: a stored 4xx or 5xx (400, 403, 404, 405, 410,
            // 414, 499, 500-504, 599) with Last-Modified is asked for again without
            // If-Modified-Since, while 2xx ones (200, 201, 202, 203, 204, 299) carry it.
            // SIMULATION: the Gecko source line that leaves the validators out was not located; the
            // 1xx and 3xx statuses are kept conditional (not recorded).
            conditionalStatuses: Set(100...399),
            // nsHttpResponseHead::ComputeFreshnessLifetime applies the Last-Modified heuristic to any
            // status MustValidate lets through. Recorded: Tests/Conformance wpt-http-cache-heuristic-*.
            heuristicStatuses: nil,
            // nsHttpChannel.cpp ValidationRequired (https://searchfox.org/mozilla-central/source/netwerk/protocol/http/nsHttpChannel.cpp):
            // a request no-cache validates; else the first of max-stale (stale time > N validates),
            // max-age (age >= N) and min-fresh (freshness - age < N) decides; its age is
            // ComputeCurrentAge(now, now): the Age header, or now minus Date. Recorded:
            // Tests/Conformance wpt-http-cache-cc-request-* (max-age=1 after 3 s without Date: from
            // the cache; max-stale=1000 on a response aged 2000 of 1500: from the cache; min-fresh:
            // sent; no-store: sent).
            // SIMULATION: `no-store` is modelled as not read and the response stored as usual
            // (recorded: sent; whether the response is stored is not); `Pragma: no-cache` as
            // no-cache (RFC 9111 section 5.4; not recorded).
            requestDirectives: .init(noCache: .revalidate, pragmaNoCache: .revalidate, noStore: .notRead, maxAge: .any,
                                     maxStale: true, minFresh: true, firstDirectiveDecides: true,
                                     ageWithoutResidentTime: true),
            // Recorded: http-cache-head-after-get: the HEAD is sent.
            headReadsStoredGET: false,
            // nsHttpChannel opens a cache entry for GET and HEAD and records the "request-method"
            // metadata; OnCacheEntryCheck reuses an entry a HEAD created only for a HEAD
            // (https://searchfox.org/mozilla-central/source/netwerk/protocol/http/nsHttpChannel.cpp).
            // Recorded: Tests/Conformance dt-9001-00480 (a second HEAD, force-cache, is answered from
            // the cache). SIMULATION: a HEAD's entry is kept beside the GET's (Gecko has one entry per
            // key; recorded: http-cache-head-after-get, a HEAD after a fresh GET is sent).
            storesHEADResponses: true,
            // Recorded: Tests/Conformance http-cache-max-age-86400-at-24h (sent again at exactly the
            // 24 h lifetime); -after-23h59m59s answered from the cache.
            freshAtExactLifetime: false,
            // Recorded: Tests/Conformance http-cache-permanent-redirect (a 301 or 308 without
            // freshness is requested again in the default mode).
            implicitFreshness: [:],
            // Recorded: http-cache-permanent-redirect (a stored 302 answers force-cache), dt-9001-01150
            // (a 599 with Expires: 0 answers force-cache).
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
            // Recorded: Tests/Conformance http-cache-redirect-loop-fresh (a 302 with max-age=600
            // looping to itself is requested 21 times: no hop reads what an earlier one stored).
            // SIMULATION: a loop of two URLs (302 a, 307 b, max-age=600) was requested 19 times,
            // not 21: a hop sometimes reads what a hop two before stored, as Gecko finishes writing
            // the entry; the model says never (README limits).
            hopsReadStoresOfSameFetch: false,
            // Recorded: Tests/Conformance http-cache-invalid-expires-last-modified (`Expires: 0` beside
            // an old Last-Modified: requested again).
            ignoresInvalidExpires: false,
            // Recorded: Tests/Conformance orb-status-206 (every 206 answers the force-cache GET that
            // follows, from the first byte or not).
            storesPartialResponses: true,
            // netwerk/protocol/http/nsHttpChannel.cpp OpenCacheEntry: "Don't cache byte range requests
            // which are subranges, only cache 0- byte range requests" (IsSubRangeRequest: a Range
            // header whose value is not exactly "bytes=0-"); no cache entry is opened, so nothing is
            // read or written (https://searchfox.org/mozilla-central/source/netwerk/protocol/http/nsHttpChannel.cpp).
            // Recorded: Tests/Conformance http-cache-range-206-again (bytes=0-3 requested again, under
            // force-cache too), http-cache-range-full-then-range (a stored 200 does not answer
            // bytes=0-3), http-cache-range-open-ended (a bytes=0- 206 answers bytes=0- and a request
            // without Range), and seed 9202's dt3-9202-00080.
            rangeRequests: .subrangeBypassesCache,
            // netwerk/protocol/http/nsHttpChannel.cpp OnCacheEntryCheck: "do not return any other
            // non-redirect 3xx responses from the cache (see bug 759043)" (WillRedirect: a redirect
            // status with a Location). Recorded: Tests/Conformance dt-9001-01095 (a 300 without
            // Location requested again under force-cache); a 303 only with explicit freshness
            // (explicitFreshnessStatuses).
            answering3xxStatuses: [300, 301, 302, 303, 307, 308],
            // netwerk/protocol/http/nsHttpChannel.cpp ContinueProcessResponse3: "303 responses are
            // cacheable, but only with explicit freshness information (max-age or Expires)": a 303
            // whose ComputeFreshnessLifetime is 0 and that has no Expires header, or that is
            // NoStore() or NoCache(), gets CloseCacheEntry (the new entry is never written).
            // Recorded: Tests/Conformance http-cache-force-cache-303-307 (a 303 without freshness
            // requested again under force-cache), http-cache-force-cache-303-max-age (one with
            // max-age=600 answered from the cache), http-cache-303-explicit-freshness (one with an
            // Expires in the past answers force-cache; max-age=0, or max-age=600 with no-cache, does
            // not). SIMULATION: the heuristic lifetime Gecko gives a 303 marked public or private
            // with a Last-Modified is not modelled (no heuristic for a 303 here).
            explicitFreshnessStatuses: [303],
            // Recorded: Tests/Conformance http-cache-cors-failure-fresh (a fresh 200 without ACAO, also
            // behind a 302, answers the next fetch 100 ms later; so in the difftest run dt-9001-00993,
            // -01781 under force-cache and -01736), and http-cache-cors-failure-at-once (the next fetch
            // at once or 1 ms later: directly, behind a 302 or a 303, force-cache). SIMULATION: why
            // Gecko keeps the entry of a load the CORS check cancelled is not pinned down in the source
            // here; the recordings decide.
            keepsResponseFailingCORSCheck: true,
            // netwerk/protocol/http/nsHttpChannel.cpp ContinueProcessResponse3: when
            // AsyncProcessRedirection fails, "don't cache failed redirect responses"
            // (mCacheEntry->AsyncDoom); it fails at once when ProcessCrossOriginSecurityHeaders
            // (Cross-Origin-Resource-Policy) refuses the redirect, when CreateNewURI cannot read the
            // Location, and when SetupReplacementChannel's CheckRedirectLimit refuses one more.
            // Recorded: Tests/Conformance http-cache-corp-blocked-redirect (a 307 and a 301 with
            // max-age=600 that CORP blocked are each requested again under force-cache).
            keepsRefusedRedirect: false,
            // Recorded: Tests/Conformance http-cache-redirect-cors-failure-head (a GET's and a HEAD's
            // 307, max-age=600, whose Access-Control-Allow-Origin does not match are requested again
            // 100 ms later, where a HEAD's 200 that failed alike answers from the cache; from
            // dt2-9102-00142): nsCORSListenerProxy refuses the redirect in AsyncOnChannelRedirect,
            // which cancels the channel that was writing the entry.
            keepsRedirectFailingCORSCheck: false,
            // netwerk/protocol/http/CacheControlParser.cpp Directive: "no-cache" sets mNoCache and
            // "ignore[s] any optionally added values". Recorded: Tests/Conformance http-cache-qualified-no-cache.
            qualifiedNoCacheRequiresValidation: true,
            // netwerk/protocol/http/CacheControlParser.cpp (SecondsValue: spaces around `=`,
            // ReadInteger into a uint32, the last max-age wins). Recorded: Tests/Conformance
            // http-cache-max-age-spaces-around-equals, -fraction, -twice-conflicting-zero-first
            // (cached), -quoted-value, -overflow, -twice-conflicting (sent), -semicolon-parameter,
            // -invalid-then-valid (cached), -plus-sign, -valid-then-invalid,
            // http-cache-cache-control-leading-comma (sent: no word first, the parse ends). A response's
            // `Pragma: no-cache` is revalidated even beside `Cache-Control: max-age` (recorded:
            // http-cache-response-pragma-no-cache-with-max-age, -max-age-etag with If-None-Match,
            // -max-age-force-cache stored), though nsHttpResponseHead::NoCache_locked ignores
            // Pragma when Cache-Control is set; which check of nsHttpChannel does it is not
            // pinned down in its source.
            // Age: nsHttpResponseHead::GetAgeValue_locked, atoi (recorded: http-cache-age-*).
            deltaSecondsSyntax: .gecko, responsePragmaNoCache: true,
            // Recorded: Tests/Conformance http-cache-expires-iso-8601 (sent: not a date to Gecko).
            datesAcceptISO8601: false,
            // netwerk/protocol/http/nsHttpChannel.cpp UpdateInhibitPersistentCachingFlag: a 301 or 308
            // of an http: URL gets INHIBIT_PERSISTENT_CACHING (network.cache.persist_permanent_redirects_http
            // off), set before InitCacheEntry on a network response but, on one read from the cache
            // (ReadFromCache, ProcessNotModified), before the redirect, so SetupReplacementChannel's
            // copy of the load flags carries it to every later channel, whose OpenCacheEntryInternal
            // opens MemoryCacheStorage; netwerk/cache2/CacheStorageService.cpp AddStorageEntry
            // replaces an entry that uses the disk ("entry is persistent but we want mem-only").
            // Recorded: Tests/Conformance http-cache-after-cached-permanent-redirect (each hop after
            // a stored 301 or 308 is requested again once, then answered; none after a 302 or 307),
            // dt-9001-00023, http-cache-force-cache-expires-past (to-zero-301, to-max-age-301),
            // http-cache-force-cache-tainted-307-fragment.
            // HttpBaseChannel.cpp SetupReplacementChannel drops the flag after an https: channel
            // (recorded: http-cache-after-cached-permanent-redirect-https; a cached https: 301 sets
            // none). SIMULATION: memory-only entries outlive a `restart` (README, "Limits of the
            // simulation").
            memoryOnlyAfterCachedPermanentRedirect: true,
            // nsHttpChannel.cpp OpenCacheEntryInternal appends "FETCH" to the cache id extension of a
            // fetch() the triggering principal finds third-party (network.fetch.cache_partition_cross_origin).
            // Recorded: Tests/Conformance http-cache-unsafe-invalidation-scope (a POST's 303 removes
            // only the entry of its page-site Location), http-cache-page-null-partition.
            thirdPartyFetchInKey: true,
            // nsHttpChannel.cpp MaybeInvalidateCacheEntryForSubsequentGet, InvalidateCacheEntryForLocation
            // (HostPartIsTheSame), DoInvalidateCacheEntry (AsyncDoomURI(uri, "") in the channel's
            // LoadContextInfo). Recorded: Tests/Conformance http-cache-unsafe-invalidation-scope,
            // dt-9001-01896 (a POST's 303 to the page's host: its refused target is requested again),
            // http-cache-post-303-invalidates-location (to a third party's URL: kept).
            unsafeMethodInvalidation: .sameHostLocationsInRequestKey,
            // Recorded: an unsafe method's response invalidates whatever its status: Tests/Conformance
            // wpt-http-cache-invalidate-post-500, -location-post-500, -content-location-post-500
            // (each GET after a POST answered 500 is sent), wpt-http-cache-invalidate-foo.
            invalidatingMethods: nil, invalidatesOnErrorStatus: true,
            // nsHttpChannel.cpp DoAddCacheEntryHeaders stores responseHead->Flatten(head, true), and
            // netwerk/protocol/http/nsHttpHeaderArray.cpp Flatten with pruneTransients leaves out
            // every empty value and Connection, Keep-Alive, WWW-Authenticate, Trailer,
            // Transfer-Encoding, Upgrade, Set-Cookie. Recorded: Tests/Conformance dt2-9101-00222 (an
            // empty Access-Control-Allow-Origin: "does not match ''" from the network, "missing" from
            // the cache). SIMULATION: the script's header list of such a response is not recorded;
            // it loses the fields too.
            storedHeadDropsEmptyAndTransientFields: true,
            // The partitionKey of OriginAttributes comes from the top-level document, which a
            // sandboxed iframe shares. Recorded: http-cache-page-null (a page null's fetch is
            // answered by what its embedding page stored, max-age=600).
            opaquePageCache: .embeddingTopLevelSite,
            // As the standard: Recorded: Tests/Conformance http-cache-revalidate-script-inm-fresh (sent
            // with Pragma: no-cache and Cache-Control: no-cache, the page sees 304),
            // http-cache-revalidate-script-304-updates (the next fetch revalidates: nothing updated),
            // http-cache-revalidate-script-200-stored (a 200 is not stored), -script-force-cache (a
            // force-cache request with If-None-Match is answered from the cache).
            // In no-cache mode too the page sees the 304 (dt4-9301-00027, -00151: a bare 304 blocked,
            // a 304's status read; case http-cache-revalidate-script-no-cache).
            scriptConditionalRequest: .init(bypassedModes: [.default, .noCache], defaultModeHeadersOf: .noStore,
                                            matching304UpdatesStored: false,
                                            // Never (recorded: http-cache-revalidate-script-304-updates-outside-default).
                                            notModifiedUpdatesStoredInModes: []),
            // Recorded: Tests/Conformance http-cache-revalidate-vary-mismatch (the stored response of
            // another Origin is revalidated with If-None-Match, the 304 merged, blocked; from
            // dt4-9301-00168), -vary-mismatch-last-modified (with Last-Modified alone: sent unconditional),
            // http-cache-revalidate-304-no-store (the next request is unconditional; from
            // dt4-9301-00166).
            varyMismatchValidation: .entityTagOnly, notModifiedNoStoreRemovesStored: true,
            // The request's own Cookie header (added before the cache is asked). Recorded:
            // Tests/Conformance http-cache-vary-cookie-credentials-omit (a credentials=omit fetch is
            // sent again; from dt4-9302-00011).
            varyCookieFromJar: false),
        cookies: CookieRules(
            // network.cookie.sameSite.laxByDefault is false (StaticPrefList.yaml): a cookie without
            // SameSite is None. Recorded: cookie-cross-site-set-then-send (plain=1 set by a
            // cross-site response is stored and sent back, in the partition).
            // Firefox ESR 153 is Lax-by-default nowhere.
            unspecifiedSameSite: .none,
            // network.cookie.sameSite.noneRequiresSecure (StaticPrefList.yaml); recorded:
            // cookie-samesite-none-insecure-first-party (insecure=1; SameSite=None is not stored).
            sameSiteNoneRequiresSecure: true,
            // Total Cookie Protection: network.cookie.cookieBehavior 5,
            // BEHAVIOR_REJECT_TRACKER_AND_PARTITION_FOREIGN (browser/app/profile/firefox.js): a
            // third-party request reads and writes the top-level site's partition. Recorded:
            // cookie-first-party-then-cross-site (no cookie), cookie-cross-site-set-then-send.
            thirdParty: .partitioned,
            // network.cookie.CHIPS.enabled (StaticPrefList.yaml); recorded: cookie-partitioned-chips.
            partitionedCookies: true,
            // network.cookie.sameSite.schemeful is off in release (StaticPrefList.yaml); recorded:
            // cookie-schemeful-same-site (an http: page of the domain gets the SameSite=Lax cookie
            // of its https: origin).
            schemefulSameSite: false,
            // Recorded: Tests/Conformance cookie-same-site-subdomain (api.ck3.example's cookies are
            // first-party for a page on app.ck3.example: no partition, sent to www.ck3.example too).
            unlistedTLDHostIsOwnSite: false,
            // CookieCommons.cpp IsSameSiteForeign walks the LoadInfo's redirect chain
            // (aHadCrossSiteRedirects: a cross-site redirect before the final URI makes the channel
            // foreign for SameSite).
            // Recorded: cookie-redirect-cross-site-back (the hop back to the page's origin carries
            // the unmarked cookie, None in Firefox, but not the SameSite=Lax one).
            sameSiteConsidersRedirectChain: true,
            // CookieCommons.h CompareCookiesForSending: longer paths first, then earlier creation
            // times. Recorded: cookie-order-domain-before-host-only.
            headerOrder: .creationTime,
            // CookieParser.cpp lower-cases the Domain attribute, checks the name prefixes, lets
            // Max-Age win over Expires and limits sizes. Recorded: cookie-domain-attribute-upper-case,
            // cookie-name-prefix-rules-broken, cookie-max-age-expires-parsing, cookie-size-limits.
            lowercasesDomainAttribute: true,
            emptyDomainUnsetsDomain: true,  // recorded: cookie-domain-empty-after-domain
            domainNeedsDot: false,      // recorded: cookie-domain-single-label (Domain=localhost kept)
            enforcesNamePrefixes: true,
            maxAgeWinsOverExpires: true,
            maxAgeSyntax: .rfc6265bis,
            sizeLimits: true,
            // Recorded: Tests/Conformance cookie-prefix-any-case (from dt3-9202-00031, -00052).
            prefixesMatchCaseInsensitively: true),
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
            // netwerk/protocol/http/nsCORSListenerProxy.cpp: the preflight channel's redirect reaches
            // nsCORSListenerProxy::AsyncOnChannelRedirect, which runs CheckRequestApproved (the
            // Access-Control-Allow-Origin check) before the preflight listener refuses the redirect
            // (CORSExternalRedirectNotAllowed). Recorded: Tests/Conformance preflight-status-307-no-acao,
            // preflight-status-301-no-acao, redirect-then-preflight-301-no-acao-cross-origin ("CORS header
            // ‘Access-Control-Allow-Origin’ missing). Status code: 301."). CheckRequestApproved returns
            // early when !mHasBeenCrossSite, so a preflight to the page's own origin reports the redirect
            // (recorded: redirect-then-preflight-301-no-acao-page-origin, "external redirect not allowed").
            // After the refusal the 3xx response itself reaches OnStartRequest and CheckRequestApproved
            // runs again, against `null` when the redirect crossed origins (AsyncOnChannelRedirect set
            // mOriginHeaderPrincipal to a NullPrincipal), and only then the status check. Recorded:
            // Tests/Conformance preflight-redirect-acao-checked-again (shrunk from dt-9001-00196, -00588,
            // -01146, -01148, -01854: a matching ACAO, then "does not match ‘http://127.0.0.1:8801’").
            originCheckedBeforeRedirect: true,
            // nsCORSListenerProxy::CheckRequestApproved returns NS_OK at once when !mHasBeenCrossSite,
            // and the preflight channel's proxy was never cross-origin when it goes to the page's own
            // origin; nsCORSPreflightListener::CheckPreflightRequestApproved checks only the status and
            // the allow lists. Recorded: Tests/Conformance redirect-then-preflight-page-origin-no-acao
            // (shrunk from dt-9001-00533, -00542, -00948).
            pageOriginPreflightSkipsCORSCheck: true,
            // The first refused name in sorted order (recorded: preflight-two-custom-headers-first-reported).
            headerCheckOrder: .sortedNames,
            // Recorded: as Chromium, and a default fetch the script made conditional (no-store's
            // headers) puts `Pragma` and `Cache-Control: no-cache` on its preflight (Tests/Conformance cache-mode-no-cache-store, cache-mode-reload-lookup, cache-mode-no-store-lookup, http-cache-revalidate-script-inm-fresh).
            carriesCacheModeHeaders: true),
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
            // Recorded: Tests/Conformance redirect-301-post-json, -302-post-json, -303-post-json (later
            // hops do not ask about the removed Content-Type).
            preflightKeepsRemovedBodyHeaders: false,
            // nsCORSListenerProxy.cpp AsyncOnChannelRedirect computes stripAuthHeader =
            // NS_ShouldRemoveAuthHeaderOnRedirect(old, new) (nsNetUtil.cpp: the hop crosses origins)
            // for this hop only and CheckPreflightNeeded passes it with LoadInfo's CorsUnsafeHeaders,
            // the names the fetch started with, to SetCorsPreflightParameters (HttpBaseChannel.h),
            // which leaves `authorization` out only then. Recorded: Tests/Conformance dt-9001-00037
            // (after a cross-origin 301 took Authorization off, the same-origin 302's preflight
            // lists `authorization,authorization` again; FetchDriver sets Authorization on that GET again:
            // networkStack.redirectHopHeaders).
            preflightAsksRemovedAuthorizationOnSameOriginHop: true,
            // The same per-hop filter for the request-body headers: SetCorsPreflightParameters drops
            // them only when this hop's UpdateType is StripRequestBodyHeader (the redirect changed the
            // method, HttpBaseChannel::ShouldStripRequestBodyHeader), and UpdateChannel returns before
            // CheckPreflightNeeded on a hop that stays on the page's origin. Recorded: Tests/Conformance
            // redirect-301-post-json-then-302 (the hop after the 301 asks `content-type` again),
            // redirect-same-origin-post-301-then-cross-origin-preflight (shrunk from dt-9001-01308).
            preflightAsksRemovedBodyHeadersOnLaterHop: true,
            // Recorded: Tests/Conformance redirect-no-cors-post-302 (the GET after the 302 has no Origin).
            keepsOriginHeaderAcrossRedirects: false,
            // As the standard. Recorded: Tests/Conformance redirect-tainting-drops-cache-mode-headers
            // (a no-store GET after a 302 to another origin still carries Pragma and Cache-Control).
            crossOriginRedirectDropsCacheModeHeaders: false,
            // Recorded: Tests/Conformance redirect-location-empty (the same URL again, 21 requests).
            emptyLocation: .followedToSameURL,
            // Recorded: Tests/Conformance redirect-location-tab (Location /fi<TAB>nal is requested
            // as /fi%09nal; Chromium and WebKit request /final).
            locationTabIsPercentEncoded: true,
            // Redirect statuses as the standard lists them (301, 302, 303, 307, 308 with a Location).
            statuses: .standard,
            // Redirect mode error fails a 3xx without a Location too, as the standard says
            // (recorded: redirect-mode-error-302-no-location-cors).
            errorModeIgnoresRedirectWithoutLocation: false,
            // Recorded: redirect-delete-307-cross-origin (stays DELETE).
            crossOriginDeleteBecomesGET: false,
            // Recorded: redirect-no-cors-post-307-cross-origin-origin (the page's origin is kept).
            crossOriginHopNullsNonCORSOrigin: false,
            // Each redirect is checked once, with the credentials mode. Recorded: Tests/Conformance
            // redirect-credentials-same-origin-start-acao-star, -no-acac (followed).
            redirectRecheckedWithInitialCredentials: false,
            // Recorded: Tests/Conformance redirect-userinfo-no-cors (Gecko follows a no-cors redirect to a URL
            // with credentials; only the standard's cors check applies).
            refusesCredentialsInAnyLocation: false,
            // Refused at once, no preflight (recorded: Tests/Conformance
            // redirect-userinfo-same-origin-start-preflight).
            crossOriginLocationCredentialsRefusedAfterPreflight: false,
            // Recorded: Tests/Conformance redirect-error-mode-location-credentials (no console line:
            // the redirect mode refuses the redirect first; dt2-9102-00043).
            errorModeAfterLocationChecks: false,
            // Recorded: Tests/Conformance redirect-mode-manual-body (the body is empty).
            manualWithoutLocationKeepsBody: false),
        cache: PreflightCacheRules(
            // Per-token TokenTime lists, merged by GetEntry(create); PREFLIGHT_CACHE_SIZE = 100: GetEntry
            // purges expired entries, then drops the last of its LRU list.
            shape: .merging(eviction: .expiredThenLeastRecentlyUsed(capacity: 100)),
            defaultMaxAge: 5,                       // PREFLIGHT_DEFAULT_EXPIRY_SECONDS; recorded: cache-maxage-absent-1s/-6s
            maxAgeCap: 86400,                       // "Cap at 24 hours": std::min(age, 86400U)
            maxAgeParsing: .digitsOrNotCached,      // AddResultToCache returns on a non-digit; recorded: cache-maxage-invalid-abc
            expiredAtExactExpiry: true,             // PurgeExpired: now >= expirationTime
            maxURLLength: nil,
            credentialsInKey: true,                 // GetPrefLightCacheKey "cred"/"nocred"; recorded: cache-cred-include-then-omit
            // CheckRequest compares tokens for equality: a cached `*` is literal; recorded:
            // Tests/Conformance cache-star-methods, cache-star-headers (a preflight every time).
            wildcardOnHit: .never,
            // CheckRequest skips the method check only for GET and POST; recorded:
            // Tests/Conformance cache-head-after-get-custom-header (HEAD preflights again).
            methodsExemptOnLookup: ["GET", "POST"],
            erasesOnMiss: false,                    // CheckRequest only purges expired tokens; the entry stays
            storesBeforeMethodAndHeaderCheck: false,
            clearsOnActualFailure: true,            // RemoveEntries on a failed CheckRequestApproved; recorded: cache-actual-fail-then-next
            clearsOnPreflightFailure: true,         // recorded: Tests/Conformance cache-uncovered-then-original
            // SetFetchCacheMode: no-store and reload set LOAD_BYPASS_CACHE; AddResultToCache checks no
            // load flag. Recorded: Tests/Conformance cache-mode-*-{lookup,store}.
            cacheModesSkippingLookup: [.noStore, .reload],
            cacheModesSkippingStore: [],
            partition: .topLevelSite,               // OriginAttributes partitionKey (site)
            // The key is built from the requesting principal, not the tainted `null`; recorded:
            // Tests/Conformance cache-after-tainting-redirect (the second fetch sends no preflight).
            taintedOrigin: .pageOriginKey,
            // The key is the requesting principal's GetPrefLightCacheKey (caps/BasePrincipal.cpp):
            // "cred"/"nocred", the principal URI's scheme, host and port, the URL and the
            // OriginAttributes suffix. A null principal's URI (moz-nullprincipal:{uuid}) has no host
            // and no port, so every opaque origin of a partition has the same key. Recorded:
            // Tests/Conformance page-null-preflight-shared (a sandboxed iframe's second PUT and a
            // new sandboxed iframe's PUT are both answered from the cache; from dt6-9501-00176,
            // -00257; page-null-preflight-twice, recorded after it in one session). SIMULATION: Gecko
            // drops an entry on reuse when the DNS cache has no record for its host in its network
            // partition, or one newer than the entry (CORSCacheEntry::CheckDNSCache,
            // nsCORSListenerProxy.cpp). For an IP literal a partition's records are made on demand
            // (nsHostResolver::ResolveHost, FromIPLiteral; nsHostRecord.h dates a record when it is
            // made), by connections and by that check itself, so in a fresh session a partition's
            // first entries for the literal are dropped; `localhost` has a fixed record
            // (nsHostResolver::InitLoopbackRecord, page-null-preflight-host-name). The simulator has no
            // DNS cache and models a settled session, as the recorder's warm-up of every partition
            // makes it (Tools/recorder/README.md; page-null-preflight-shared).
            opaquePage: .sharedByOpaqueOrigins),
        console: .firefox,
        // dom/bindings/Errors.msg MSG_FETCH_FAILED; recorded.
        typeErrorMessage: "NetworkError when attempting to fetch resource.",
        // Gecko's ORB (netwerk/protocol/http/OpaqueResponseUtils.cpp) can filter a fetch() response
        // instead of cancelling its load: HttpBaseChannel.cpp BlockOrFilterOpaqueResponse filters
        // when ShouldFilterOpaqueResponse holds for a TYPE_FETCH load (per the pref
        // browser.opaqueResponseBlocking.filterFetchResponse; its default was not read here). The
        // recording decides: Tests/Conformance orb-* (Firefox ESR 153: every response, JSON, HTML,
        // nosniff, 404 alike, reaches the page as an opaque response and answers the force-cache
        // fetch that follows; no console line), so nothing the simulator shows changes.
        opaqueResponseBlocking: OpaqueResponseBlockingRules(analyzer: .none, blockedResponseStored: true),
        // Recorded: Tests/Conformance dt2-9101-00182 (a PUT answered 421 reaches the server twice).
        resendsMisdirectedRequest: true,
        networkStack: NetworkStackRules(
            // Recorded: Tests/Conformance url-percent-tilde-cache-distinct (`/%7Eres` goes out as is),
            // dt2-9101-00093 (`?%2e%2e` too).
            decodesUnreservedEscapes: false,
            // Recorded: Tests/Conformance redirect-location-path-non-ascii (`caf%C3%A9`).
            locationBytes: .utf8,
            // nsHttpHeaderArray keeps the value's bytes (nsCString). Recorded: Tests/Conformance
            // header-value-latin1-content-type (`é` goes out as the byte 0xE9).
            headerValueBytes: .latin1,
            // nsHttpHeaderArray.h IsSingletonHeader and IsIgnoreMultipleHeader
            // (https://searchfox.org/mozilla-central/source/netwerk/protocol/http/nsHttpHeaderArray.h;
            // the atoms' names in nsHttpAtomList.h). Recorded: Tests/Conformance
            // header-repeated-singleton-wire (Authorization, Content-Type and From: the last line;
            // with a body the first, and the last again on a 307 hop; Strict-Transport-Security: the
            // first; `1` then an empty line: empty; an empty line then `2`: `2`),
            // header-repeated-safe-and-unsafe-line, dt-9001-01021, dt-9001-00037.
            repeatedRequestHeaders: .necko(
                singletons: ["content-type", "content-disposition", "content-length", "user-agent", "referer", "host",
                             "authorization", "proxy-authorization", "if-modified-since", "if-unmodified-since", "from",
                             "location", "max-forwards", "sec-gpc", "strict-transport-security"],
                keepsFirst: ["strict-transport-security"]),
            // dom/fetch/FetchDriver.cpp AsyncOnChannelRedirect and SetRequestHeaders;
            // HttpBaseChannel.cpp ShouldStripRequestBodyHeader. Recorded: Tests/Conformance
            // dt-9001-00037 (Authorization again on the hop after the cross-origin one),
            // redirect-same-origin-delete-303-then-cross-origin (Content-Type again after the 308),
            // redirect-301-post-json-then-302 (a POST's 302 strips it again), header-repeated-singleton-wire
            // (PUT 303 then 302, POST 302 then 307: the body headers again).
            redirectHopHeaders: .scriptHeadersEachHop,
            // Recorded: Tests/Conformance dt2-9104-00005 (a no-cors GET answered 407 is an opaque
            // response, as any other status).
            directProxyAuthenticationIsNetworkError: false,
            // netwerk/protocol/http/nsHttpHeaderArray.cpp SetHeaderFromNet: a second line of a
            // singleton header with another value is NS_ERROR_CORRUPTED_CONTENT when
            // IsSuspectDuplicateHeader (Content-Length, Content-Disposition, Location); an equal
            // one is ignored. Recorded: Tests/Conformance response-duplicate-content-length-differs,
            // redirect-two-location-headers-differ (blocked), -same (followed once).
            repeatedResponseFields: .differentValuesRefused,
            // The merged header array FetchDriver::OnStartRequest copies (VisitResponseHeaders):
            // nsHttpHeaderArray.cpp SetHeaderFromNet, nsHttpHeaderArray.h IsSingletonHeader and
            // MergeHeader (newline for Set-Cookie, WWW-Authenticate, Proxy-Authenticate; X-Frame-Options
            // keeps empty values), nsHttpResponseHead.cpp ParseContentTypeValue (Content-Type lines
            // joined with `,`). Recorded: Tests/Conformance response-repeated-header-values,
            // response-duplicate-content-length-same (`2`), response-duplicate-content-type-lines
            // (`text/plain,text/html`).
            repeatedResponseHeaderValues: .necko(
                singletons: ["content-disposition", "content-length", "user-agent", "referer", "host",
                             "authorization", "proxy-authorization", "if-modified-since", "if-unmodified-since", "from",
                             "location", "max-forwards", "sec-gpc", "strict-transport-security"],
                commaJoined: ["content-type"],
                newlineJoined: ["set-cookie", "www-authenticate", "proxy-authenticate"],
                keepsEmpty: ["x-frame-options"]),
            // nsHttpTransaction::HandleContentStart: no content for 204, 205 and 304. Recorded:
            // Tests/Conformance status-205-cors-readable (the script reads "").
            bodylessStatuses: [204, 205, 304]),
        // Storage Access Headers: nsHttpChannel.cpp AddStorageAccessHeadersToRequest sends
        // `Sec-Fetch-Storage-Access` only for SEC_COOKIES_INCLUDE, its value from
        // AntiTrackingUtils.cpp GetStoragePermissionStateInParent ("inactive" for a third-party
        // channel to a potentially trustworthy URL the top-level principal is not third-party
        // to, none once HasRedirectTaintedOrigin); SetOriginHeader ("Modified Step 4 in case
        // storage-access-headers are enabled") then appends `Origin` to a GET or HEAD whose
        // header is "inactive". Recorded: Tests/Conformance page-null-no-cors-credentialed-origin
        // (a sandboxed iframe: `Origin: null` to its embedder's site, kept on a same-origin
        // redirect, gone after a hop between origins; none to another site or with another
        // credentials mode), page-embedded-no-cors-credentialed-origin (a page in another site's
        // iframe: its own origin), shrunk from dt2-9101-00199.
        appendsOriginWhenStorageAccessInactive: true,
        // netwerk/protocol/http/HttpBaseChannel.cpp SetOriginHeader asks
        // dom/security/ReferrerInfo.cpp ShouldSetNullOriginHeader: not for mode cors; under
        // strict-origin-when-cross-origin, HandleSecureToInsecureReferral refuses an https origin
        // to a URL that is not https. Recorded: Tests/Conformance dt2-9104-00114 (a no-cors POST
        // from https://app.example to http://sub.localhost carries `Origin: null`),
        // origin-null-no-cors-post-https-to-http (to 127.0.0.1 and localhost; a cors POST and a
        // no-cors POST to https carry the page's origin), referrer-policy-origin-header (no-referrer:
        // `null`; same-origin: `null` to another origin; ReferrerInfo::ShouldSetNullOriginHeader).
        nullsOriginOnDowngrade: true,
        schemeFetch: SchemeFetchRules(
            // Recorded: Tests/Conformance scheme-data-processor, scheme-data-modes (Content-Length
            // with the decoded body's length, beside Content-Type).
            dataURLContentLength: true,
            // Recorded: Tests/Conformance scheme-data-processor (the standard's order).
            dataURLCharsetLast: false,
            // nsDataHandler strips the whitespace of a base64 data: URI. Recorded: Tests/Conformance
            // scheme-data-whitespace, scheme-data-space-before-base64 (`data:;base64,WA` for `data:; base64,WA`).
            dataURLBase64URLStripsWhitespace: true,
            // Recorded: Tests/Conformance scheme-data-quoted-parameter (`text/plain;a=b`).
            dataURLKeepsQuotedParameters: false,
            // Recorded: Tests/Conformance scheme-no-cors-redirect-modes (data: read with redirect=error).
            noCORSRedirectModeCheckedForData: false,
            // A no-cors fetch of about:blank resolves, opaque. Recorded:
            // Tests/Conformance scheme-about-blank, scheme-no-cors-redirect-modes (about:blank#x).
            answersAboutBlank: true,
            // Recorded: Tests/Conformance scheme-no-cors-redirect-modes (file:, redirect=manual: no line).
            localURLRefusedBeforeNoCORSRedirectMode: false,
            // No mixed-content line for ftp: or foo: from an https page. Recorded: Tests/Conformance
            // scheme-page-null-https.
            mixedContent: .never),
        // dom/security/SecFetch.cpp IsSameSite
        // (https://github.com/mozilla/gecko-dev/blob/master/dom/security/SecFetch.cpp): recorded in
        // redirect-no-cors-post-307-cross-origin-origin (127.0.0.1:8801 to :8803 after a redirect
        // from http: cross-site), corp-same-site-https-page-http-response (https page to http,
        // same-site); a sandboxed iframe sends no Referer (page-null-preflight-shared).
        contextHeaders: ContextHeaderRules(site: .geckoSecureRedirectChain, preflightSiteFromTaintedOrigin: false, preflightAlwaysCarriesMode: false,
                                           crossOriginCORSHopDropsFetchMetadata: false, opaqueDocumentSendsReferrer: false,
                                           // Recorded: referrer-policy-preflight, -preflight-after-redirect.
                                           preflightReferrer: .policy,
                                           // dom/security/ReferrerInfo.cpp ShouldIgnoreLessRestrictedPolicies
                                           // (network.http.referer.disallowCrossSiteRelaxingDefault) and ComputeReferrer
                                           // (the request's policy again, from the first referrer, on a hop that is not
                                           // cross-site). Recorded: referrer-policy-same-and-cross-origin (unsafe-url to
                                           // localhost: the origin), referrer-policy-downgrade (origin-when-cross-origin
                                           // and unsafe-url from https to http: none), referrer-policy-redirect-header
                                           // (unsafe-url: the whole URL again on the hop back to the page's origin),
                                           // referrer-policy-same-site (another port of the page's host is not
                                           // cross-site; sub.localhost from localhost is).
                                           crossSiteIgnoresRelaxingPolicies: true))
}
