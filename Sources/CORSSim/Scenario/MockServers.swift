/// The mock servers of a scenario: one route table per origin, answered in memory.
public struct MockServers: Server, Sendable {
    /// A route made ready to answer: `{origin}` / `{request.NAME}` templates split once,
    /// Content-Length computed once.
    struct PreparedRoute: Sendable {
        var route: Route
        /// Per header: the header as written, its template (nil: sent as written) and its `when`.
        var headers: [(header: Header, template: HeaderTemplate?, condition: RequestCondition?)]
        var contentLength: Header?
    }

    /// One origin's `server` block: its routes and the `cors` policy in front of them.
    struct Site: Sendable {
        var routes: [PreparedRoute]
        var policy: CORSPolicy?
    }

    private var sites: [Origin: Site] = [:]

    public init() {}

    /// Installs (or replaces) the routes of one origin, as a `server` block does; `policy` is its
    /// `cors` block, in front of the routes.
    public mutating func install(_ routes: [Route], for origin: Origin, policy: CORSPolicy? = nil) {
        let prepared = routes.map { route in
            let headers = route.headers.enumerated().map { index, header -> (Header, HeaderTemplate?, RequestCondition?) in
                (header, HeaderTemplate(header.value), route.condition(ofHeader: index))
            }
            // The mock server adds Content-Length unless the route sets it, as real servers do,
            // except where a server must not send it: 1xx and 204 (RFC 9110 section 8.6,
            // https://www.rfc-editor.org/rfc/rfc9110#section-8.6).
            let forbidsLength = (100...199).contains(route.status) || route.status == 204
            let length = forbidsLength || route.headers.contains { $0.lowercasedName == "content-length" }
                ? nil : Header("Content-Length", lowercased: "content-length", String(route.body.utf8.count))
            return PreparedRoute(route: route, headers: headers, contentLength: length)
        }
        sites[origin] = Site(routes: prepared, policy: policy)
    }

    public var origins: [Origin] { Array(sites.keys) }

    /// The first route matching the method (case-sensitively; `*` matches any), the path
    /// (without the query; a pattern ending in `*` matches that prefix) and its `when`
    /// condition, or 404 with no headers; behind the origin's `cors` policy when it has one.
    /// A request to an origin without a `server` block is unreachable (connection refused).
    public func respond(to request: WireRequest) -> ServerReply {
        guard let site = sites[request.url.origin] else { return .unreachable }
        guard let policy = site.policy else { return .response(MockServers.answer(site.routes, request)) }
        // SIMULATION: a route maps a request whatever its condition (Spring's preset asks for the
        // path alone, whatever the method).
        return policy.respond(to: request, routed: { r, match in
            site.routes.contains { p in
                (match == .path || p.route.method == nil || p.route.method == r.method)
                    && (p.route.isPrefix ? r.url.path.hasPrefix(p.route.path) : r.url.path == p.route.path)
            }
        }) { .response(MockServers.answer(site.routes, $0)) }
    }

    /// The app: the routes alone.
    static func answer(_ routes: [PreparedRoute], _ request: WireRequest) -> WireResponse {
        let path = request.url.path
        guard let prepared = routes.first(where: { p in
            (p.route.method == nil || p.route.method == request.method)
                && (p.route.isPrefix ? path.hasPrefix(p.route.path) : path == p.route.path)
                && (p.route.condition?.holds(for: request) ?? true)
        }) else {
            return WireResponse(status: 404, statusText: "Not Found")
        }
        return MockServers.response(for: prepared, request: request)
    }

    /// The route's response: headers whose `when` fails left out, templates expanded (a header
    /// reflecting a request header the request lacks is left out), and `Content-Length` added
    /// unless set.
    static func response(for prepared: PreparedRoute, request: WireRequest) -> WireResponse {
        var headers = HeaderList()
        for (header, template, condition) in prepared.headers {
            if let condition, !condition.holds(for: request) { continue }
            if let template {
                guard let value = template.expand(for: request) else { continue }
                headers.append(Header(header.name, lowercased: header.lowercasedName, value))
            } else {
                headers.append(header)
            }
        }
        if let length = prepared.contentLength { headers.append(length) }
        let route = prepared.route
        return WireResponse(status: route.status, statusText: route.statusText ?? ReasonPhrase.standard(route.status), headers: headers, body: route.body)
    }
}
