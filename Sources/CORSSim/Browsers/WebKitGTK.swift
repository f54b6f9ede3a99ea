extension BrowserProfile {
    /// WebKitGTK 2.50 (GNOME Web, MiniBrowser, embedded WebKitGTK): the engine the recorder runs.
    /// It is WebKit, so every CORS check, the preflight cache and the HTTP cache are WebCore's and
    /// WebKit's NetworkProcess's, as in the `safari` profile, which this one starts from. It changes
    /// only what WebKitGTK's network stack (libsoup 3 over GLib, where Safari has CFNetwork) and its
    /// cookie policy (libsoup's jar, where Safari blocks third-party cookies) do, each with its
    /// evidence below. Recorded: every scenario in Tests/Conformance (recordings/webkitgtk,
    /// WebKitGTK MiniBrowser 2.50.6, libsoup 3.2.3, GLib 2.74.6, libpsl 0.21.2 on Debian 12).
    public static let webkitgtk: BrowserProfile = {
        var p = BrowserProfile.safari
        p.name = .webkitgtk
        p.displayName = "WebKitGTK"
        p.evidence = "WebKit source (WebCore/loader, as Safari), libsoup 3 and GLib source, and recorded WebKitGTK 2.50.6 runs"

        // WebKitGTK's default cookie policy is WEBKIT_COOKIE_POLICY_ACCEPT_NO_THIRD_PARTY
        // (https://webkitgtk.org/reference/webkit2gtk/stable/method.CookieManager.set_accept_policy.html),
        // libsoup's SOUP_COOKIE_JAR_ACCEPT_NO_THIRD_PARTY: soup_cookie_jar_add_cookie_full refuses a
        // cookie that incoming_cookie_is_third_party finds third-party to the message's first party
        // (the top-level document), while get_cookies sends what is stored whatever the context
        // (https://gitlab.gnome.org/GNOME/libsoup/-/blob/master/libsoup/cookies/soup-cookie-jar.c).
        // Tracking prevention, which would block third-party cookies as Safari does, is off.
        // Recorded: Tests/Conformance cookie-first-party-then-cross-site (session=abc and plain=1,
        // stored by the API's own page, go with the cross-site fetch; strict=1 does not),
        // cookie-cors-failure-still-stores (api.ck5.example's cookie is not stored for a page on
        // app.ck5.example).
        p.cookies.thirdParty = .notStored
        // soup_tld_get_base_domain (https://gitlab.gnome.org/GNOME/libsoup/-/blob/master/libsoup/soup-tld.c)
        // fails with SOUP_TLD_ERROR_NO_BASE_DOMAIN when libpsl's unregistrable domain of the host is
        // not a public suffix without the `*` rule (psl_is_public_suffix2 with PSL_TYPE_NO_STAR_RULE),
        // so a host under a TLD the list lacks has no base domain and incoming_cookie_is_third_party
        // compares the whole host. Recorded: Tests/Conformance cookie-same-site-subdomain (of
        // api.ck3.example's cookies only the Domain=ck3.example one is stored for app.ck3.example),
        // wpt-cors-cookies (www1.ck9.example stores nothing for web.ck9.example),
        // wpt-cors-cookies-redirect (a=1 of www1.ck10.example refused; a=2 of the page's own host,
        // at another port, stored and sent after the redirect).
        p.cookies.unlistedTLDHostIsOwnSite = true
        // libsoup judges SameSite on the one URL WebKit asks about
        // (soup_cookie_jar_get_cookie_list_with_same_site_info with the request's site for cookies,
        // https://gitlab.gnome.org/GNOME/libsoup/-/blob/master/libsoup/cookies/soup-cookie-jar.c),
        // not on the redirect chain before it. Recorded: Tests/Conformance
        // cookie-redirect-cross-site-back (the hop back to the page's origin after a cross-site
        // redirect carries the SameSite=Lax cookie).
        p.cookies.sameSiteConsidersRedirectChain = false
        // libsoup 3.2.3 (Debian 12's libsoup-3.0-0 3.2.3-0+deb12u2, no cookie patches) departs from
        // RFC 6265bis in its own jar and parser, which WebKit uses for both Set-Cookie (the jar is
        // the session's SoupSessionFeature: msg_starting_cb, process_set_cookie_header) and
        // document.cookie (NetworkStorageSessionSoup.cpp setCookiesFromDOM: soup_cookie_parse, then
        // soup_cookie_jar_add_cookie_full with no check of its own besides HttpOnly,
        // https://github.com/WebKit/WebKit/blob/main/Source/WebCore/platform/network/soup/NetworkStorageSessionSoup.cpp).
        // The files: https://gitlab.gnome.org/GNOME/libsoup/-/blob/3.2.3/libsoup/cookies/soup-cookie-jar.c
        // and https://gitlab.gnome.org/GNOME/libsoup/-/blob/3.2.3/libsoup/cookies/soup-cookie.c.
        // get_cookies collects cookies in lookup order (".host", "host", ".parent", ...) and sorts
        // copies of them with compare_cookies, whose creation serials are keyed by the jar's own
        // cookies: none is found, so equal paths keep the lookup order. Recorded:
        // cookie-order-domain-before-host-only, dt3-9201-00029 (a Domain=app.site.example cookie
        // goes before the older host-only one).
        p.cookies.headerOrder = .domainLookup
        // parse_one_cookie keeps the Domain attribute as written and checks it with
        // soup_cookie_domain_matches (soup_host_matches_host, soup-misc.c: equal ignoring case, or
        // a case-sensitive suffix), so only the host itself in other case passes; the jar's table
        // of domains ignores case (soup_str_case_hash). Recorded: cookie-domain-attribute-upper-case
        // (Domain=CKS2.EXAMPLE refused from app.cks2.example, Domain=APP.CKS2.EXAMPLE stored and
        // sent), dt3-9201-00127 (Domain=SITE.EXAMPLE from www.site.example is not stored).
        p.cookies.lowercasesDomainAttribute = false
        // parse_one_cookie: "Domain must have at least one '.' (not counting an initial one)",
        // else the cookie is dropped. Recorded: cookie-domain-single-label (Domain=localhost and
        // Domain=.localhost from http://localhost:8801 not stored).
        p.cookies.domainNeedsDot = true
        // parse_one_cookie sets cookie->domain from each Domain attribute, NULL for an empty one.
        // Recorded: cookie-domain-empty-after-domain (as Chromium and Firefox).
        p.cookies.emptyDomainUnsetsDomain = true
        // No __Secure-/__Host- check in 3.2.3 (added in 3.3.0 by "cookies: Add support for cookie
        // prefixes", 8d85d110). Recorded: cookie-name-prefix-rules-broken, dt3-9201-00131
        // (__Secure-c1 set by document.cookie on an http page, without Secure, is sent).
        p.cookies.enforcesNamePrefixes = false
        // parse_one_cookie: `Expires` sets cookie->expires (NULL when soup_date_time_new_from_http_string
        // fails), `Max-Age` sets it again through soup_cookie_set_max_age (int max_age): the last
        // wins; strtol reads Max-Age. The Max-Age cap (1 year) came in 3.5.1. Recorded:
        // cookie-max-age-expires-parsing, cookie-max-age-then-past-expires (`Max-Age=60` then an
        // `Expires` in the past deletes; from dt3-9202-00076, -00107).
        p.cookies.maxAgeWinsOverExpires = false
        p.cookies.maxAgeSyntax = .libsoupStrtolToInt
        // No 4096-byte name and value limit, no 1024-byte attribute limit in 3.2.3 (both came in
        // 3.6.5). Recorded: cookie-size-limits.
        p.cookies.sizeLimits = false

        // libsoup 3 hands WebCore's URL to GLib as a GUri parsed with SOUP_HTTP_URI_FLAGS
        // (G_URI_FLAGS_ENCODED_PATH | G_URI_FLAGS_ENCODED_QUERY among them,
        // https://gitlab.gnome.org/GNOME/libsoup/-/blob/master/libsoup/soup-uri-utils.h), and
        // g_uri_split_internal normalizes the path and query (uri_normalize: uri_decoder decodes an
        // escaped unreserved character, upper-cases the hex of any other escape,
        // https://gitlab.gnome.org/GNOME/glib/-/blob/main/glib/guri.c). ResourceResponseSoup.cpp
        // takes the response's URL from that GUri (soup_message_get_uri). WebCore's preflight cache
        // keys its own URL, so `/~res` and `/%7Eres` stay two entries. Recorded: Tests/Conformance
        // url-percent-tilde-cache-distinct (`/%7Eres` requested as `/~res`, response.url `/~res`,
        // two preflights), dt2-9101-00093 (`?%2e%2e` requested as `?..`), url-percent-escapes-wire.
        p.networkStack.decodesUnreservedEscapes = true
        // ResourceResponseSoup.cpp updateFromSoupMessageHeaders adds every header with
        // String::fromLatin1 (https://github.com/WebKit/WebKit/blob/main/Source/WebCore/platform/network/soup/ResourceResponseSoup.cpp).
        // Recorded: Tests/Conformance redirect-location-path-non-ascii (a UTF-8 `é` in Location is
        // requested as `caf%C3%83%C2%A9`).
        p.networkStack.locationBytes = .latin1
        // ResourceRequestSoup.cpp updateSoupMessageHeaders appends each header with
        // `header.value.utf8()` (https://github.com/WebKit/WebKit/blob/main/Source/WebCore/platform/network/soup/ResourceRequestSoup.cpp);
        // the CORS checks have read WebCore's value before (the 128-byte safelist limit counts `é`
        // once). Recorded: Tests/Conformance header-value-latin1-accept, -content-language,
        // -content-type, ctor-header-value-latin1-byte, dt-9001-01150, dt-9001-01021 (`é` as 0xC3 0xA9).
        p.networkStack.headerValueBytes = .utf8
        return p
    }()
}
