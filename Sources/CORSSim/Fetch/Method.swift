/// A request method as the script wrote it, normalized as `fetch()` normalizes it
/// (https://fetch.spec.whatwg.org/#methods).
public struct Method: Sendable, Hashable, CustomStringConvertible {
    /// The bytes that go on the wire and into `Access-Control-Request-Method`.
    public let rawValue: String

    /// Takes the method exactly as given; use `normalized(_:)` for what `fetch()` does.
    public init(_ rawValue: String) { self.rawValue = rawValue }

    public static let get = Method("GET")
    public static let head = Method("HEAD")
    public static let post = Method("POST")
    public static let options = Method("OPTIONS")

    /// Normalize a method (https://fetch.spec.whatwg.org/#concept-method-normalize): only
    /// DELETE, GET, HEAD, OPTIONS, POST and PUT are byte-uppercased; `patch` stays `patch`.
    public static func normalized(_ method: String) -> Method {
        switch method {
        case "DELETE", "GET", "HEAD", "OPTIONS", "POST", "PUT": return Method(method)
        default: break
        }
        let upper = method.byteUppercased()
        switch upper {
        case "DELETE", "GET", "HEAD", "OPTIONS", "POST", "PUT": return Method(upper)
        default: return Method(method)
        }
    }

    /// CONNECT, TRACE or TRACK in any case (https://fetch.spec.whatwg.org/#forbidden-method).
    public var isForbidden: Bool {
        guard rawValue.utf8.count == 7 || rawValue.utf8.count == 5 else { return false }
        switch rawValue.byteUppercased() {
        case "CONNECT", "TRACE", "TRACK": return true
        default: return false
        }
    }

    /// GET, HEAD or POST, byte for byte (https://fetch.spec.whatwg.org/#cors-safelisted-method).
    public var isCORSSafelisted: Bool { rawValue == "GET" || rawValue == "HEAD" || rawValue == "POST" }

    /// Whether the method is a syntactically valid token (https://fetch.spec.whatwg.org/#concept-method).
    public var isToken: Bool { rawValue.isHTTPToken }

    public var description: String { rawValue }
}

extension UInt8 {
    /// RFC 9110 `tchar` (https://www.rfc-editor.org/rfc/rfc9110#name-tokens): the bytes of a method,
    /// a header name and the items of the Access-Control-Allow-* lists. The one copy of the predicate.
    public var isHTTPTokenByte: Bool {
        switch self {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"),
             UInt8(ascii: "!"), UInt8(ascii: "#"), UInt8(ascii: "$"), UInt8(ascii: "%"), UInt8(ascii: "&"),
             UInt8(ascii: "'"), UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."),
             UInt8(ascii: "^"), UInt8(ascii: "_"), UInt8(ascii: "`"), UInt8(ascii: "|"), UInt8(ascii: "~"):
            return true
        default:
            return false
        }
    }
}

extension StringProtocol {
    /// RFC 9110 token: one or more tchar.
    package var isHTTPToken: Bool { !isEmpty && utf8.allSatisfy(\.isHTTPTokenByte) }
}
