/// Conveniences for test suites that drive a `Browser` from Swift: literal origins and URLs,
/// header lists from array values, bodies as bytes, readable descriptions for failure messages
/// and parameterized test names, and every exchange a server received.

// MARK: Literal origins and URLs

extension Origin: ExpressibleByStringLiteral {
    /// An origin from a string literal: `let app: Origin = "https://app.example.com"`.
    ///
    /// Only for literals written in the source: an invalid one stops the program with the parse
    /// error (a programmer's mistake, like an out-of-range index). Text from elsewhere goes
    /// through ``init(parsing:)``, which throws.
    public init(stringLiteral value: StaticString) {
        self.init(value)
    }

    /// An origin from a string literal: `Origin("https://app.example.com")`. Traps with the parse
    /// error when the literal is not an origin; use ``init(parsing:)`` for text that may be wrong.
    public init(_ literal: StaticString) {
        let text = literal.description
        do { self = try Origin(parsing: text) } catch {
            preconditionFailure("Origin(\"\(text)\"): expected \(error.description)")
        }
    }
}

extension FetchURL: ExpressibleByStringLiteral {
    /// A URL from a string literal: `let url: FetchURL = "https://api.example.com/users/7"`.
    ///
    /// Only for literals written in the source: an invalid one stops the program with the parse
    /// error. Text from elsewhere goes through ``init(parsing:)``, which throws.
    public init(stringLiteral value: StaticString) {
        self.init(value)
    }

    /// A URL from a string literal: `FetchURL("https://api.example.com/users/7")`. Traps with the
    /// parse error when the literal is not an http(s) URL; use ``init(parsing:)`` for text that
    /// may be wrong.
    public init(_ literal: StaticString) {
        let text = literal.description
        do { self = try FetchURL(parsing: text) } catch {
            preconditionFailure("FetchURL(\"\(text)\"): expected \(error.description)")
        }
    }
}

// MARK: Header lists and bodies

extension HeaderList {
    /// A header list from an array value of `(name, value)` pairs, in order:
    /// `HeaderList(pairs)` where `pairs` was built at run time (the array literal form
    /// `["Content-Type": …]` needs a literal).
    public init(_ pairs: [(String, String)]) {
        self.init(pairs.map { Header($0.0, $0.1) })
    }
}

extension RequestBody {
    /// A body given as bytes, decoded as UTF-8 (invalid sequences become U+FFFD, as
    /// `TextDecoder` does); fetch() treats it as a string body (`text/plain;charset=UTF-8`
    /// unless the script set a Content-Type).
    /// SIMULATION: an `ArrayBuffer` body adds no Content-Type in a browser; bodies here are text.
    public static func bytes(_ bytes: [UInt8]) -> RequestBody {
        .text(String(decoding: bytes, as: UTF8.self))
    }
}

extension WireRequest {
    /// The body as UTF-8 bytes, as a server reads it.
    public var bodyBytes: [UInt8] { Array(body.utf8) }
}

extension WireResponse {
    /// A response whose body is given as bytes (decoded as UTF-8; invalid sequences become U+FFFD).
    public init(status: Int, statusText: String = "", headers: HeaderList = [], bodyBytes: [UInt8]) {
        self.init(status: status, statusText: statusText, headers: headers, body: String(decoding: bodyBytes, as: UTF8.self))
    }

    /// The body as UTF-8 bytes.
    public var bodyBytes: [UInt8] { Array(body.utf8) }
}

// MARK: Descriptions

extension BrowserProfile: CustomStringConvertible {
    /// The browser's name (`chrome`, `firefox`, `safari`, `spec`): what a parameterized test
    /// shows for each case, instead of the whole profile.
    public var description: String { name.rawValue }
}

extension ConsoleMessage: CustomStringConvertible {
    /// `error: Access to fetch at … has been blocked by CORS policy: …`.
    public var description: String { "\(level.rawValue): \(text)" }
}

extension CORSFailure: CustomStringConvertible {
    /// `missing-allow-origin (the response has no Access-Control-Allow-Origin) in the response`,
    /// with the offending value when there is one.
    public var description: String {
        var s = "\(reason.rawValue) (\(reason.summary)) in the \(phase.rawValue) phase"
        if let value { s += ", value '\(value)'" }
        return s
    }
}

extension FetchOutcome: CustomStringConvertible {
    /// A readable explanation for a failure message: the browser, the verdict and why, the
    /// preflight, whether the request reached the server, the console lines.
    ///
    ///     #expect(outcome.verdict == .readable, "\(outcome)")
    public var description: String { explanation }

    /// See ``description``.
    public var explanation: String {
        var s = "\(BrowserProfile.named(browser).displayName): \(request.method) \(request.url.serialized()): "
        s += Describe.verdict(self)
        s += "; preflight \(preflight.rawValue)"
        s += requestSent ? "; the request reached the server" : "; the request did not reach the server"
        for line in console { s += "\n  console \(line)" }
        if let scriptError { s += "\n  script: \(scriptError)" }
        return s
    }
}

// MARK: Exchanges

/// One request a server received during a fetch, preflight or actual, and its answer.
public struct Exchange: Sendable, Hashable {
    /// The request as the server received it (`isPreflight` tells a preflight).
    public var request: WireRequest
    /// The server's response; nil when nothing answered (connection refused).
    public var response: WireResponse?
}

extension FetchOutcome {
    /// Every request the browser sent to a server during this fetch, in order: preflights and
    /// actual requests, redirect hops included, each with the response (nil when nothing
    /// answered: connection refused).
    ///
    /// `requestsReceived` holds only the actual requests a server answered, never preflights;
    /// assert on a preflight through `exchanges.filter(\.request.isPreflight)` or
    /// ``preflightsSent``.
    public var exchanges: [Exchange] {
        var result: [Exchange] = []
        for event in events {
            switch event {
            case .preflightSent(let r), .requestSent(let r):
                result.append(Exchange(request: r, response: nil))
            case .preflightResponse(let r), .response(let r):
                if let last = result.indices.last, result[last].response == nil { result[last].response = r }
            default:
                break
            }
        }
        return result
    }
}
