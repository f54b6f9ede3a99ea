/// A server with a CORS middleware in front of an app: what a Swift test suite uses instead of
/// hand-writing a policy handler.
///
/// ```swift
/// let api = try Origin(parsing: "https://api.example")
/// let server = CORSPolicyServer(CORSPolicy(origins: .list(["https://app.example"]), credentials: true,
///                                          methods: ["GET", "PUT"], allowedHeaders: .list(["Content-Type"])),
///                               origin: api) { request in
///     request.url.path == "/users" ? WireResponse(status: 200, body: "[]") : WireResponse(status: 404)
/// }
/// var chrome = Browser(.chrome, page: try Origin(parsing: "https://app.example"))
/// let outcome = chrome.fetch(FetchRequest("PUT", try FetchURL(parsing: "https://api.example/users"),
///                                         headers: [("Content-Type", "application/json")]), server: server)
/// #expect(outcome.verdict == .readable)
/// ```
public struct CORSPolicyServer: Server, Sendable {
    public let policy: CORSPolicy
    /// The origin this server answers for; requests to any other origin are unreachable.
    public let origin: Origin
    private let app: @Sendable (WireRequest) -> WireResponse

    /// A server at `origin` whose `app` answers what the middleware passes on.
    public init(_ policy: CORSPolicy, origin: Origin, app: @escaping @Sendable (WireRequest) -> WireResponse) {
        self.policy = policy
        self.origin = origin
        self.app = app
    }

    /// A server at `origin` whose app answers `status` (200 with body `ok` by default) to every
    /// request the middleware passes on.
    public init(_ policy: CORSPolicy, origin: Origin, status: Int = 200, body: String = "ok") {
        self.init(policy, origin: origin) { _ in WireResponse(status: status, body: body) }
    }

    public func respond(to request: WireRequest) -> ServerReply {
        guard request.url.origin == origin else { return .unreachable }
        return policy.respond(to: request) { .response(app($0)) }
    }
}
