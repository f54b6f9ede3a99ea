/// The checks of a CORS-preflight response (https://fetch.spec.whatwg.org/#cors-preflight-fetch-0,
/// step 7) as one pure function: the response and what the request needs in, a verdict out. The
/// model is Chromium's `services/network/cors/preflight_result.cc`: `PreflightResult::Create` parses
/// Access-Control-Allow-Methods and -Headers once, then `EnsureAllowedCrossOriginMethod` and
/// `EnsureAllowedCrossOriginHeaders` compare the request with what was parsed.

/// What the preflight check needs to know about the request.
struct PreflightCheckInput {
    /// The request's method (after any redirect changed it).
    var method: String
    /// The CORS-unsafe request headers, in request order.
    var unsafeHeaders: [Header]
    /// Lower-cased names of `unsafeHeaders` that are CORS-safelisted by value, unsafe only because the
    /// safelisted values add up to more than 1,024 bytes.
    var unsafeByBudgetOnly: Set<String> = []
    /// The names of the request's header list as `fetch()` built it (after the Headers guard, the
    /// body's Content-Type included), before any redirect: what Blink puts in its HTTPHeaderMap.
    var requestHeaderNames: [String] = []
    /// Whether the request's first URL is potentially trustworthy (Blink adds its default client
    /// hints to the HTTPHeaderMap only then).
    var requestURLIsPotentiallyTrustworthy = false
    var includeCredentials: Bool
    /// The request's use-CORS-preflight flag (an upload with listeners).
    var usesCORSPreflightFlag: Bool
    /// The Origin the preflight carried (`null` once tainted, unless the engine sends the page's).
    var serializedOrigin: String
    /// The preflight's URL and the page's origin: Gecko judges a redirected preflight by them.
    var url: FetchURL
    var pageOrigin: Origin
    /// The fetch's redirect mode: Gecko does not redirect a preflight of a fetch that does not follow.
    var redirectMode: RedirectMode
}

/// Why a preflight response failed, with the value at fault.
struct PreflightCheckFailure: Hashable {
    var reason: ReasonCode
    var value: String?
    /// Chromium reports an Access-Control-Allow-Origin that is not a URL as "invalid value".
    var originValueIsInvalidURL = false
    /// For an unparsable Allow-Methods or Allow-Headers: the whole header value.
    var headerValue: String?
    /// Gecko also reports the CORS check of the refused redirect's response beside the refusal.
    var alsoOriginFailure: ReasonCode?
    var alsoOriginValue: String?
}

/// The verdict on a preflight response.
struct PreflightCheckResult {
    /// nil when the preflight passed.
    var failure: PreflightCheckFailure?
    /// Both allow lists, when both parsed (whatever the later method and header checks said):
    /// what a browser that stores before those checks caches.
    var allowLists: PreflightAllowLists?
    /// Whether `*` was what let `Authorization` through.
    var authorizationByWildcard = false

    /// Whether the failure, if any, came from the method or header comparison, after both lists parsed.
    var failedOnlyMethodOrHeaderCheck: Bool {
        failure.map { $0.reason == .methodNotAllowed || $0.reason == .headerNotAllowed } ?? false
    }
}

/// The methods and header names a preflight response allows, parsed once (Chromium `PreflightResult`).
struct PreflightAllowLists: Hashable {
    /// Methods as listed (case kept; compared case-sensitively).
    var methods: [String]
    /// Header names, lower-cased.
    var headerNames: [String]

    /// Access-Control-Allow-Methods, with the standard's step 7.2: an empty list for a request whose
    /// use-CORS-preflight flag is set holds the request's method.
    static func parseMethods(_ headers: HeaderList, input: PreflightCheckInput) -> Result<[String], TokenListError> {
        extractTokenList(headers, "access-control-allow-methods").map { methods in
            methods.isEmpty && input.usesCORSPreflightFlag ? [input.method] : methods
        }
    }

    /// Access-Control-Allow-Headers, lower-cased.
    static func parseHeaderNames(_ headers: HeaderList) -> Result<[String], TokenListError> {
        extractTokenList(headers, "access-control-allow-headers").map { $0.map { $0.byteLowercased() } }
    }

    /// The method check (step 7.3; Chromium `EnsureAllowedCrossOriginMethod`): a listed method, a
    /// CORS-safelisted one, or `*` without credentials.
    func allowsMethod(_ method: String, includeCredentials: Bool) -> Bool {
        methods.contains(method) || Method(method).isCORSSafelisted || (!includeCredentials && methods.contains("*"))
    }

    /// The header check (steps 7.4 and 7.5; Chromium `EnsureAllowedCrossOriginHeaders`): the first
    /// request header, in request order, that is not allowed, and whether `*` let `Authorization` through.
    /// `order` is which refused header is reported first: the standard's sorted CORS-unsafe names,
    /// WebKit's header map order (names it knows first, then the others in the order set), or
    /// Chromium's header vector (`BlinkRequestHeaderOrder`, built from `input`).
    func firstHeaderNotAllowed(_ input: PreflightCheckInput, wildcardCoversAuthorization: Bool,
                               order: PreflightRules.HeaderCheckOrder) -> (notAllowed: Header?, authorizationByWildcard: Bool) {
        let wildcard = !input.includeCredentials && headerNames.contains("*")
        var authorizationByWildcard = false
        var vectorPosition: [String: Int] = [:]
        if order == .blinkHeaderMap, input.unsafeHeaders.count > 1 {
            let vector = BlinkRequestHeaderOrder.vector(names: input.requestHeaderNames,
                                                        clientHints: input.requestURLIsPotentiallyTrustworthy)
            for (position, name) in vector.enumerated() { vectorPosition[name] = position }
        }
        let ordered = input.unsafeHeaders.enumerated().sorted {
            switch order {
            case .sortedNames:
                if $0.element.lowercasedName != $1.element.lowercasedName { return $0.element.lowercasedName < $1.element.lowercasedName }
            case .knownNamesFirst:
                let k0 = ConsoleText.webKitKnowsHeaderName($0.element.lowercasedName)
                let k1 = ConsoleText.webKitKnowsHeaderName($1.element.lowercasedName)
                if k0 != k1 { return k0 }
            case .blinkHeaderMap:
                let b0 = input.unsafeByBudgetOnly.contains($0.element.lowercasedName)
                let b1 = input.unsafeByBudgetOnly.contains($1.element.lowercasedName)
                if b0 != b1 { return b1 }
                // A name the map did not hold keeps its request position, after the map's.
                let p0 = vectorPosition[$0.element.lowercasedName] ?? Int.max
                let p1 = vectorPosition[$1.element.lowercasedName] ?? Int.max
                if p0 != p1 { return p0 < p1 }
            }
            return $0.offset < $1.offset
        }.map(\.element)
        for header in ordered where !headerNames.contains(header.lowercasedName) {
            if !wildcard { return (header, authorizationByWildcard) }
            if header.lowercasedName == "authorization" {
                if !wildcardCoversAuthorization { return (header, authorizationByWildcard) }
                authorizationByWildcard = true
            }
        }
        return (nil, authorizationByWildcard)
    }
}

/// Checks a preflight response in the profile's order: no redirect, then the CORS check and the
/// ok status (in `rules.order`), then the allow lists (parsed and compared in `rules.listOrder`).
func checkPreflightResponse(_ response: WireResponse, _ input: PreflightCheckInput, rules: PreflightRules,
                            responseRules: ResponseCheckRules) -> PreflightCheckResult {
    func failed(_ reason: ReasonCode, _ value: String?, invalidURL: Bool = false, headerValue: String? = nil,
                lists: PreflightAllowLists? = nil) -> PreflightCheckResult {
        PreflightCheckResult(failure: PreflightCheckFailure(reason: reason, value: value, originValueIsInvalidURL: invalidURL,
                                                            headerValue: headerValue),
                             allowLists: lists)
    }
    // Gecko's preflight channel passes through an nsCORSListenerProxy whose CheckRequestApproved
    // returns early while the load has not been cross-origin (!mHasBeenCrossSite): a preflight to
    // the page's own origin (reached after a redirect) has no Access-Control-Allow-Origin or
    // -Credentials check (recorded: Tests/Conformance redirect-then-preflight-page-origin-no-acao).
    let crossOrigin = input.url.origin != input.pageOrigin
    let origin = rules.pageOriginPreflightSkipsCORSCheck && !crossOrigin ? nil
        : corsCheck(response, origin: input.serializedOrigin, includeCredentials: input.includeCredentials,
                    rules: responseRules)
    // A preflight never follows a redirect; Gecko checks the origin of a preflight to another
    // origin first (recorded: Tests/Conformance preflight-status-307-no-acao, preflight-status-301-no-acao).
    // Gecko's preflight channel of a fetch whose redirect mode is error or manual does not redirect
    // at all: its 3xx is judged as a response, by the CORS check and then the status (recorded:
    // Tests/Conformance preflight-redirect-mode-error-manual, after dt-9001-01131 and -00051).
    if (300...399).contains(response.status), let location = response.headers.value(lowercased: "location"),
       !rules.originCheckedBeforeRedirect || input.redirectMode == .follow {
        guard rules.originCheckedBeforeRedirect else { return failed(.preflightRedirect, location) }
        return geckoRedirectedPreflight(response, location: location, input, crossOrigin: crossOrigin,
                                        origin: origin, responseRules: responseRules)
    }
    switch rules.order {
    case .originThenStatus:
        if let f = origin { return failed(f.reason, f.value, invalidURL: f.invalidURL) }
        if !response.isOK { return failed(.preflightStatus, String(response.status)) }
    case .statusThenOrigin:
        if !response.isOK { return failed(.preflightStatus, String(response.status)) }
        if let f = origin { return failed(f.reason, f.value, invalidURL: f.invalidURL) }
    }

    let methodsParsed = PreflightAllowLists.parseMethods(response.headers, input: input)
    let headersParsed = PreflightAllowLists.parseHeaderNames(response.headers)
    var lists: PreflightAllowLists?
    if case .success(let m) = methodsParsed, case .success(let h) = headersParsed {
        lists = PreflightAllowLists(methods: m, headerNames: h)
    }
    func listFailure(_ reason: ReasonCode, _ e: TokenListError) -> PreflightCheckResult {
        failed(reason, e.token, headerValue: e.headerValue)
    }
    // Chromium, WebKit and the standard parse both lists before checking either; Gecko parses and
    // checks the methods, then the headers.
    if case .failure(let e) = methodsParsed { return listFailure(.invalidAllowMethods, e) }
    if rules.listOrder == .parseBothThenCheck, case .failure(let e) = headersParsed {
        return listFailure(.invalidAllowHeaders, e)
    }
    let methods = (try? methodsParsed.get()) ?? []
    if !PreflightAllowLists(methods: methods, headerNames: []).allowsMethod(input.method, includeCredentials: input.includeCredentials) {
        return failed(.methodNotAllowed, input.method, lists: lists)
    }
    // Gecko's order reaches this with Allow-Headers not yet judged.
    if case .failure(let e) = headersParsed { return listFailure(.invalidAllowHeaders, e) }
    let allowed = PreflightAllowLists(methods: methods, headerNames: (try? headersParsed.get()) ?? [])
    let headerCheck = allowed.firstHeaderNotAllowed(input, wildcardCoversAuthorization: rules.wildcardCoversAuthorization,
                                                    order: rules.headerCheckOrder)
    if let header = headerCheck.notAllowed { return failed(.headerNotAllowed, header.name, lists: allowed) }
    return PreflightCheckResult(failure: nil, allowLists: allowed, authorizationByWildcard: headerCheck.authorizationByWildcard)
}

/// A preflight answered by a redirect, as Gecko's nsCORSListenerProxy and nsCORSPreflightListener
/// handle it (https://searchfox.org/mozilla-central/source/netwerk/protocol/http/nsCORSListenerProxy.cpp):
/// 1. nsCORSListenerProxy::AsyncOnChannelRedirect runs CheckRequestApproved on the 3xx when the
///    load is cross-origin; a failure there is reported as itself.
/// 2. Once cross-origin, a redirect to another origin replaces the source origin with a unique
///    one (`mOriginHeaderPrincipal = NullPrincipal`, serialized `null`).
/// 3. UpdateChannel on the new channel: a target not same-origin with the page makes the load
///    cross-origin (`mHasBeenCrossSite = true`).
/// 4. nsCORSPreflightListener::AsyncOnChannelRedirect refuses it ("CORSExternalRedirectNotAllowed");
///    the 3xx response itself then reaches OnStartRequest, where CheckRequestApproved runs again
///    (when cross-origin) against the origin of step 2, and only then the status check.
/// Recorded: Tests/Conformance preflight-redirect-acao-checked-again (`null` after a cross-origin
/// redirect), redirect-then-preflight-301-no-acao-page-origin-to-cross (step 3), preflight-status-301.
private func geckoRedirectedPreflight(_ response: WireResponse, location: String, _ input: PreflightCheckInput,
                                      crossOrigin: Bool, origin: (reason: ReasonCode, value: String?, invalidURL: Bool)?,
                                      responseRules: ResponseCheckRules) -> PreflightCheckResult {
    // 1.
    if crossOrigin, let f = origin {
        return PreflightCheckResult(failure: PreflightCheckFailure(reason: f.reason, value: f.value,
                                                                   originValueIsInvalidURL: f.invalidURL))
    }
    var failure = PreflightCheckFailure(reason: .preflightRedirect, value: location)
    guard let target = try? input.url.resolving(location) else { return PreflightCheckResult(failure: failure) }
    // 2.
    let checkedOrigin = crossOrigin && target.origin != input.url.origin ? "null" : input.serializedOrigin
    // 3-4.
    if crossOrigin || target.origin != input.pageOrigin,
       let again = corsCheck(response, origin: checkedOrigin, includeCredentials: input.includeCredentials,
                             rules: responseRules) {
        failure.alsoOriginFailure = again.reason
        failure.alsoOriginValue = again.value
    }
    return PreflightCheckResult(failure: failure)
}
