/// The cookie expectations (`cookie-sent`, `cookie-not-sent`, `cookie-stored`,
/// `cookie-not-stored`), read from what went on the wire and the fetch's cookie events.

/// The cookie names of a `Cookie` header value (`a=1; b=2` → a, b).
func cookieNames(inHeader value: String) -> [String] {
    value.split(separator: ";").map { pair in
        let p = pair.trimmingHTTPWhitespace()
        guard let eq = p.utf8.firstIndex(of: UInt8(ascii: "=")) else { return "" }
        return String(p[..<eq])
    }
}

/// The cookie names each actual request and preflight of a fetch carried, in order.
private func cookieHeaders(_ o: FetchOutcome) -> (last: [String]?, all: Set<String>) {
    var all = Set<String>()
    var last: [String]?
    for r in o.preflightsSent + o.requestsReceived {
        if let v = r.headers.get("Cookie") { all.formUnion(cookieNames(inHeader: v)) }
    }
    if let r = o.requestsReceived.last { last = r.headers.get("Cookie").map(cookieNames(inHeader:)) ?? [] }
    // A request that reached no server (connection refused) still went out with its cookies.
    for case .requestSent(let r) in o.events {
        if let v = r.headers.get("Cookie") { all.formUnion(cookieNames(inHeader: v)) }
    }
    return (last, all)
}

func checkCookie(_ condition: Expectation.Condition, _ name: String, _ o: FetchOutcome) -> (Bool, String) {
    switch condition {
    case .cookieSent:
        let (last, _) = cookieHeaders(o)
        guard let names = last else { return (false, "no request reached a server") }
        let sent = names.contains(name)
        return (sent, sent ? "cookie-sent \(name)" : (names.isEmpty ? "no Cookie header" : "Cookie: " + names.joined(separator: ", ")))
    case .cookieNotSent:
        let (_, all) = cookieHeaders(o)
        return (!all.contains(name), all.contains(name) ? "cookie-sent \(name)" : "cookie-not-sent \(name)")
    case .cookieStored, .cookieNotStored:
        var stored = false
        var why: String?
        for case .cookies(.setCookie(_, let result)) in o.events where result.name == name {
            if result.refusal == nil && !result.deleted { stored = true }
            if let r = result.refusal { why = r.code }
        }
        let actual = stored ? "cookie-stored \(name)" : "cookie-not-stored \(name)" + (why.map { " (\($0))" } ?? "")
        if case .cookieStored = condition { return (stored, actual) }
        return (!stored, actual)
    default:
        preconditionFailure("not a cookie expectation")
    }
}
