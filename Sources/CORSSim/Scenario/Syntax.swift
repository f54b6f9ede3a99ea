/// The syntax tree of a scenario file (`*.cors`). The contract is `Docs/scenario-format.md`; every
/// node keeps the place it came from so that errors and failed expectations can point at it.

/// A place in a scenario file. Lines and columns count from 1; a column counts characters.
public struct SourceLocation: Sendable, Hashable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int

    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    public var description: String { "\(file):\(line):\(column)" }
}

/// A parsed scenario file.
public struct Scenario: Sendable, Equatable {
    /// The file name as given on the command line (`-` shows as `<stdin>`).
    public var file: String
    /// The steps in time order.
    public var steps: [Step]

    public init(file: String, steps: [Step]) {
        self.file = file
        self.steps = steps
    }
}

/// One top-level step.
public enum Step: Sendable, Equatable {
    case page(PageStep)
    case server(ServerStep)
    case fetch(FetchStep)
    case wait(WaitStep)
    case restart(SourceLocation)
    case note(NoteStep)
    /// `cookie NAME=VALUE[; attributes]`: the page's script sets `document.cookie`.
    case cookie(CookieStep)

    public var location: SourceLocation {
        switch self {
        case .page(let s): return s.location
        case .server(let s): return s.location
        case .fetch(let s): return s.location
        case .wait(let s): return s.location
        case .restart(let l): return l
        case .note(let s): return s.location
        case .cookie(let s): return s.location
        }
    }
}

/// `page ORIGIN [in TOP-ORIGIN] [address ADDRESS] [local-network PERMISSION]` or `page null`.
public struct PageStep: Sendable, Equatable {
    /// nil for `page null` (a fresh opaque origin).
    public var origin: Origin?
    /// The top-level document's origin when the page is embedded (`in TOP-ORIGIN`).
    public var topLevel: Origin?
    /// `address 203.0.113.7` or `address public`: what the page's host name resolves to.
    public var address: DeclaredAddress?
    /// `local-network granted|denied|prompt-dismissed`: the user's answer to the Local Network
    /// Access prompt (nil: nobody answers, as `prompt-dismissed`).
    public var localNetwork: LocalNetworkPermission?
    public var location: SourceLocation

    public init(origin: Origin?, topLevel: Origin?, address: DeclaredAddress? = nil, localNetwork: LocalNetworkPermission? = nil,
                location: SourceLocation) {
        self.origin = origin
        self.topLevel = topLevel
        self.address = address
        self.localNetwork = localNetwork
        self.location = location
    }
}

/// `server ORIGIN` and its routes, or `server ORIGIN live`: a real server answers for that
/// origin (no routes), when the runner is given one.
public struct ServerStep: Sendable, Equatable {
    public var origin: Origin
    public var routes: [Route]
    /// `server ORIGIN live`: requests to this origin go to a real server.
    public var live: Bool
    /// `server ORIGIN address 192.168.1.10` (or `address local`): what the host name resolves to.
    public var address: DeclaredAddress?
    /// `server ORIGIN via cdn`: a shared cache (`SharedCache`) answers in front of the routes.
    public var viaCDN: Bool
    /// A `cors` block: a CORS middleware in front of the routes (which are then the app behind it).
    public var cors: CORSPolicy?
    public var location: SourceLocation

    public init(origin: Origin, routes: [Route], live: Bool = false, address: DeclaredAddress? = nil, viaCDN: Bool = false,
                cors: CORSPolicy? = nil, location: SourceLocation) {
        self.origin = origin
        self.routes = routes
        self.live = live
        self.address = address
        self.viaCDN = viaCDN
        self.cors = cors
        self.location = location
    }
}

/// `METHOD PATH` under a `server`, with its response.
public struct Route: Sendable, Equatable {
    /// The method to match case-sensitively, or nil for `*` (any method, OPTIONS included).
    public var method: String?
    /// The path to match; when `isPrefix`, the text before the trailing `*`.
    public var path: String
    public var isPrefix: Bool
    public var status: Int
    /// The reason phrase after the status code, if written (`201 Created`).
    public var statusText: String?
    /// Response headers in order; `{origin}` in a value is expanded when the route answers.
    public var headers: [Header]
    /// The body text, lines joined with `\n`, trailing blank lines dropped.
    public var body: String
    /// `METHOD PATH when CONDITION`: the route matches only requests for which it holds.
    public var condition: RequestCondition?
    /// Per header (same indices as `headers`), the `when` group it sits in; empty when no header
    /// has one.
    public var headerConditions: [RequestCondition?]
    public var location: SourceLocation

    public init(method: String?, path: String, isPrefix: Bool, status: Int, statusText: String?,
                headers: [Header], body: String, condition: RequestCondition? = nil,
                headerConditions: [RequestCondition?] = [], location: SourceLocation) {
        self.method = method
        self.path = path
        self.isPrefix = isPrefix
        self.status = status
        self.statusText = statusText
        self.headers = headers
        self.body = body
        self.condition = condition
        self.headerConditions = headerConditions
        self.location = location
    }

    /// The `when` condition of header `index`, if it has one.
    public func condition(ofHeader index: Int) -> RequestCondition? {
        index < headerConditions.count ? headerConditions[index] : nil
    }
}

/// `fetch METHOD URL [option=value ...]` and its indented lines.
public struct FetchStep: Sendable, Equatable {
    /// The method exactly as written (normalization is the engine's job).
    public var method: String
    public var url: FetchURL
    public var mode: RequestMode
    public var credentials: CredentialsMode
    public var redirect: RedirectMode
    public var cache: CacheMode
    /// `duplex=half` (the default: what a script streaming a body passes) or `duplex=omitted`.
    public var duplex: RequestDuplex
    /// `keepalive=true|false` (default false).
    public var keepalive: Bool
    /// `signal=aborted`: an `AbortSignal` already aborted (`AbortSignal.abort()`); default none.
    public var signal: RequestSignal
    /// `integrity=METADATA`; empty for none.
    public var integrity: String
    /// `priority=auto|high|low` (default auto).
    public var priority: RequestPriority
    /// `referrerPolicy=POLICY`, one of the eight or empty; default empty (not written).
    public var referrerPolicy: ReferrerPolicy
    /// `referrer=VALUE`: nil when not written; `referrer=` is the empty string (no referrer).
    public var referrer: String?
    /// Headers the script set, in order (repeated names kept).
    public var headers: [Header]
    public var body: RequestBody?
    public var expectations: [Expectation]
    public var location: SourceLocation

    public init(method: String, url: FetchURL, mode: RequestMode = .cors,
                credentials: CredentialsMode = .sameOrigin, redirect: RedirectMode = .follow,
                cache: CacheMode = .default, duplex: RequestDuplex = .half, keepalive: Bool = false,
                signal: RequestSignal = .none, integrity: String = "", priority: RequestPriority = .auto,
                referrerPolicy: ReferrerPolicy = .empty, referrer: String? = nil,
                headers: [Header] = [], body: RequestBody? = nil,
                expectations: [Expectation] = [], location: SourceLocation) {
        self.method = method
        self.url = url
        self.mode = mode
        self.credentials = credentials
        self.redirect = redirect
        self.cache = cache
        self.duplex = duplex
        self.keepalive = keepalive
        self.signal = signal
        self.integrity = integrity
        self.priority = priority
        self.referrerPolicy = referrerPolicy
        self.referrer = referrer
        self.headers = headers
        self.body = body
        self.expectations = expectations
        self.location = location
    }
}

/// `wait DURATION`.
public struct WaitStep: Sendable, Equatable {
    public var milliseconds: Int64
    public var location: SourceLocation

    public init(milliseconds: Int64, location: SourceLocation) {
        self.milliseconds = milliseconds
        self.location = location
    }
}

/// `note TEXT`.
public struct NoteStep: Sendable, Equatable {
    public var text: String
    public var location: SourceLocation

    public init(text: String, location: SourceLocation) {
        self.text = text
        self.location = location
    }
}

/// The browsers an expectation can name. `webkitgtk` is a browser of its own, not a version of
/// `safari`: the same engine (WebCore's CORS checks and caches) in another product, with another
/// network stack (libsoup 3 and GLib) and another cookie policy (`Browsers/WebKitGTK.swift`).
/// Versions of one product are `NAME@VERSION` (`Browsers/History.swift`).
public enum BrowserName: String, Sendable, Hashable, CaseIterable, Codable {
    case chrome, firefox, safari, webkitgtk, spec

    /// The three browsers, in the order every view lists them: what runs when no browser is named.
    public static let browsers: [BrowserName] = [.chrome, .firefox, .safari]
}

/// `expect [BROWSER:] WHAT`.
public struct Expectation: Sendable, Equatable {
    /// nil: holds for each of chrome, firefox and safari being run.
    public var browser: BrowserName?
    /// `expect chrome@75:`: holds only when that version of the browser is run; nil: any version.
    public var version: Int?
    public var condition: Condition
    /// The text after `expect ` (and the browser prefix), without a trailing comment.
    public var text: String
    public var location: SourceLocation

    public init(browser: BrowserName?, version: Int? = nil, condition: Condition, text: String, location: SourceLocation) {
        self.browser = browser
        self.version = version
        self.condition = condition
        self.text = text
        self.location = location
    }

    public enum PreflightState: String, Sendable, Hashable { case sent, cached, none }

    public enum Condition: Sendable, Hashable {
        case readable
        case opaque
        case opaqueRedirect
        case blocked
        case preflight(PreflightState)
        case requestSent(Bool)
        case status(Int)
        case exposed(String)
        case hidden(String)
        /// nil for `none`.
        case origin(String?)
        case preflightHeaders(String?)
        case preflightMethod(String?)
        case preflightOrigin(String?)
        case reason(ReasonCode)
        /// `from-cache`: the browser's HTTP cache answered, nothing was sent.
        case fromCache
        /// `revalidated`: the browser asked with validators and the server answered 304.
        case revalidated
        /// `cdn hit` / `cdn miss`: a response came through a `via cdn` server from its cache or not.
        case cdn(hit: Bool)
        /// `cookie-sent NAME`: the last actual request's `Cookie` header carried NAME.
        case cookieSent(String)
        /// `cookie-not-sent NAME`: no request of the fetch carried NAME.
        case cookieNotSent(String)
        /// `cookie-stored NAME` / `cookie-not-stored NAME`: a response of the fetch stored a cookie
        /// NAME (not one that deleted it) / none did.
        case cookieStored(String)
        case cookieNotStored(String)
    }
}
