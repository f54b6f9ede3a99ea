// Fuzz target `headers`: the header-value and URL parsers. The input is read as text (invalid
// UTF-8 becomes U+FFFD, as a header value in a scenario would); the first line and the rest are
// also used apart, for the parsers that take two values (a URL and a Location to resolve, a
// header name and value, ACAO and ACAC). Each parser must not crash and must keep its contract.

private let profiles = BrowserName.allCases.map(BrowserProfile.named)
private let pageOrigin = "https://app.example.com"

func fuzzHeaders(_ bytes: UnsafeBufferPointer<UInt8>) {
    let text = String(decoding: bytes, as: UTF8.self)
    let parts = text.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false)
    let first = String(parts[0])
    let rest = parts.count > 1 ? String(parts[1]) : ""

    lists(text, first, rest)
    mimeType(text)
    range(text)
    maxAge(text)
    origins(text)
    urls(first, rest)
    safelist(text, first, rest)
    corsCheckAgrees(first, rest)
}

/// splitHTTPList and extractTokenList: items are trimmed; empty items only when kept; a token
/// list either holds tokens only or names an item that is not one.
private func lists(_ text: String, _ first: String, _ rest: String) {
    let all = text.splitHTTPList(keepEmpty: true)
    invariant(!all.isEmpty, "splitHTTPList(keepEmpty: true) returned nothing")
    let nonEmpty = text.splitHTTPList(keepEmpty: false)
    invariant(nonEmpty.allSatisfy { !$0.isEmpty }, "an empty item with keepEmpty: false")
    invariant(nonEmpty == all.filter { !$0.isEmpty }, "keepEmpty changes the non-empty items")
    for item in all {
        invariant(item.trimmingHTTPWhitespace() == item, "an untrimmed item '\(item)'")
    }
    var headers = HeaderList()
    headers.append("Access-Control-Allow-Headers", first)
    headers.append("access-control-allow-headers", rest)
    switch extractTokenList(headers, "ACCESS-CONTROL-ALLOW-HEADERS") {
    case .success(let items): invariant(items.allSatisfy(\.isHTTPToken), "a non-token in a token list")
    case .failure(let error): invariant(!error.token.isHTTPToken, "a token reported as invalid: '\(error.token)'")
    }
    _ = headers.getDecodeSplit("access-control-allow-headers")
    _ = headers.combined
}

/// The allocation-free essence used by classification and the public MIMEType parser.
private func mimeType(_ text: String) {
    let essence = MIMEType.essence(of: text)
    let parsed = MIMEType(parsing: text)
    invariant((essence == nil) == (parsed == nil),
              "MIMEType.essence(of:) and MIMEType(parsing:) disagree on \(Array(text.utf8))")
    if let essence, let parsed {
        invariant(String(decoding: essence, as: UTF8.self).lowercased() == parsed.essence, "different essences")
    }
}

private func range(_ text: String) {
    for whitespace in [false, true] {
        guard let r = parseSingleRangeHeaderValue(text, allowWhitespace: whitespace) else { continue }
        invariant(r.start != nil || r.end != nil, "a range without bounds")
        if let s = r.start, let e = r.end { invariant(s <= e, "a range whose end is before its start") }
        invariant(text.hasPrefix("bytes"), "a range that does not start with bytes")
    }
}

/// Each profile's Max-Age reading: never more than its cap; Chrome never negative; Firefox either
/// caches a positive time or does not cache.
private func maxAge(_ text: String) {
    for profile in profiles {
        let rules = profile.cache
        switch rules.maxAge(text) {
        case .cache(let seconds, let asked, _, _):
            invariant(asked == text, "maxAge lost the value asked")
            if let cap = rules.maxAgeCap { invariant(seconds <= cap, "\(profile.name): \(seconds) s over the cap \(cap)") }
            if rules.maxAgeParsing == .integerNegativeIsZero { invariant(seconds >= 0, "chrome: negative max-age") }
            if rules.maxAgeParsing == .digitsOrNotCached { invariant(seconds > 0, "firefox: caches for \(seconds) s") }
            if rules.maxAgeParsing == .deltaSecondsOrDefault { invariant(seconds >= 0, "spec: negative max-age") }
        case .doNotCache:
            invariant(rules.maxAgeParsing == .digitsOrNotCached, "\(profile.name) refused to cache")
        }
    }
}

/// An origin that parses serializes to text that parses back to the same origin.
private func origins(_ text: String) {
    guard let origin = try? Origin(parsing: text) else { return }
    invariant(!origin.isOpaque, "a parsed origin is opaque")
    let again = try? Origin(parsing: origin.serialized)
    invariant(again == origin, "origin '\(origin.serialized)' does not round-trip (from \(Array(text.utf8)))")
    _ = origin.site
}

/// A URL that parses serializes to text that parses back to the same URL; so does a resolved
/// Location.
private func urls(_ first: String, _ rest: String) {
    guard let url = try? FetchURL(parsing: first) else { return }
    roundTrip(url)
    invariant(url.scheme == "http" || url.scheme == "https", "scheme \(url.scheme)")
    if let resolved = try? url.resolving(rest) { roundTrip(resolved) }
    let base = (try? FetchURL(parsing: "https://api.example.com/a/b?q#f"))!
    if let resolved = try? base.resolving(first) { roundTrip(resolved) }
}

private func roundTrip(_ url: FetchURL) {
    let text = url.serialized()
    guard let again = try? FetchURL(parsing: text) else {
        invariant(text.utf8.count > FetchURL.maximumLength, "'\(text)' does not parse again")
        return
    }
    invariant(again == url, "'\(text)' parses to '\(again.serialized())' (\(Array(url.host.utf8)))")
    invariant(again.origin == url.origin, "the origin changed on a round trip")
}

/// Request-header classification: every safelisted name with this value, in every profile, and a
/// whole request with the first line as its method and a header made of the rest.
private func safelist(_ text: String, _ first: String, _ rest: String) {
    for profile in profiles {
        for name in ["Accept", "Accept-Language", "Content-Language", "Content-Type", "Range", "DPR", "Viewport-Width"] {
            let failure = corsSafelistedRequestHeaderFailure(Header(name, text), rules: profile.requestHeaders)
            if failure == nil { invariant(text.utf8.count <= 128, "a safelisted value over 128 bytes") }
        }
        let header: Header
        if let colon = rest.firstIndex(of: ":") {
            header = Header(String(rest[..<colon]), String(rest[rest.index(after: colon)...]))
        } else {
            header = Header(rest, first)
        }
        _ = forbiddenRequestHeaderReason(header, rules: profile.requestHeaders)
        let url = (try? FetchURL(parsing: "https://api.example.com/x"))!
        let request = FetchRequest(first, url, headers: HeaderList([header]), body: .text(text))
        let simple = classify(request, rules: profile.requestHeaders)
        var more = request
        more.headers.append("X-Fuzz-Unsafe", "1")
        let unsafe = classify(more, rules: profile.requestHeaders)
        invariant(!unsafe.isSimple, "a request with X-Fuzz-Unsafe classified simple")
        if !simple.isSimple { invariant(!unsafe.isSimple, "adding a header made a request simple") }
    }
    if let url = try? FetchURL(parsing: "https://api.example.com/x") {
        let request = FetchRequest(first, url, headers: [(rest, text)])
        _ = CheckReport.build(request, from: (try? Origin(parsing: pageOrigin))!)
    }
}

/// The CORS check passes exactly when the standard says: ACAO `*` without credentials, or the
/// exact origin (and ACAC `true` with credentials).
private func corsCheckAgrees(_ first: String, _ rest: String) {
    var headers = HeaderList()
    headers.append("Access-Control-Allow-Origin", first)
    headers.append("Access-Control-Allow-Credentials", rest)
    let response = WireResponse(status: 200, headers: headers)
    for profile in profiles {
        for credentials in [false, true] {
            let failure = corsCheck(response, origin: pageOrigin, includeCredentials: credentials, rules: profile.responseCheck)
            let passes = credentials ? (first == pageOrigin && rest == "true") : (first == "*" || first == pageOrigin)
            invariant((failure == nil) == passes, "\(profile.name): CORS check on ACAO '\(first)' ACAC '\(rest)' credentials \(credentials)")
        }
    }
}
