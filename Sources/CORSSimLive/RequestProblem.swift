import CORSSim

/// The last check before a request reaches the wire (defense in depth behind the URL parser):
/// no byte that could end the request line or a header line early, or split the request target,
/// is ever written. curl refuses the same (a URL with CR, LF or NUL: CURLE_URL_MALFORMAT).

/// What in a request could not be written safely.
public enum RequestProblem: String, Sendable, Hashable {
    /// The method is not a token.
    case method
    /// The request target has CR, LF, NUL, a space, a tab, another control byte or DEL.
    case target
    /// The Host value has a control byte, DEL, a space or a tab.
    case host
    /// A header name that is empty or not a token.
    case headerName = "header-name"
    /// A header value with CR, LF or NUL.
    case headerValue = "header-value"

    /// Throws unless the request line and `Host` are safe to write.
    static func check(method: String, target: String, host: String, server: String) throws(LiveError) {
        guard !method.isEmpty, method.utf8.allSatisfy(\.isHTTPTokenByte) else {
            throw refuse(.method, server, "the method \(shown(method)) is not a token; not sent")
        }
        guard target.utf8.allSatisfy({ $0 > 0x20 && $0 != 0x7F }) else {
            throw refuse(.target, server, "the request target \(shown(target)) has a space, a control character or DEL; not sent")
        }
        guard host.utf8.allSatisfy({ $0 > 0x20 && $0 != 0x7F }) else {
            throw refuse(.host, server, "the host \(shown(host)) has a space, a control character or DEL; not sent")
        }
    }

    /// Throws unless `name: value` is safe to write as one header line.
    static func check(header name: String, _ value: String, server: String) throws(LiveError) {
        guard !name.isEmpty, name.utf8.allSatisfy(\.isHTTPTokenByte) else {
            throw refuse(.headerName, server, "the header name \(shown(name)) is not a token; not sent")
        }
        guard !value.utf8.contains(where: { $0 == 13 || $0 == 10 || $0 == 0 }) else {
            throw refuse(.headerValue, server, "the header '\(name)' has a line break or NUL in its value \(shown(value)); not sent")
        }
    }

    private static func refuse(_ problem: RequestProblem, _ server: String, _ detail: String) -> LiveError {
        LiveError(.badRequest, server: server, detail, requestProblem: problem)
    }

    private static func shown(_ s: String) -> String {
        "'" + TerminalText.escaped(String(s.prefix(200))) + "'"
    }
}
