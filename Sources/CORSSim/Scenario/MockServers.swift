/// The mock servers of a scenario: one route table per origin, answered in memory.
public struct MockServers: Server, Sendable {
    /// A route made ready to answer: `{origin}` templates split once, Content-Length computed once.
    struct PreparedRoute: Sendable {
        var route: Route
        /// Per header: the header as written, and its value split around `{origin}` (nil: no template).
        var headers: [(header: Header, parts: [String]?)]
        var contentLength: Header?
    }

    private var routesByOrigin: [Origin: [PreparedRoute]] = [:]

    public init() {}

    /// Installs (or replaces) the routes of one origin, as a `server` block does.
    public mutating func install(_ routes: [Route], for origin: Origin) {
        routesByOrigin[origin] = routes.map { route in
            let headers = route.headers.map { header -> (Header, [String]?) in
                let parts = header.value.splitOnTemplate("{origin}")
                return (header, parts.count > 1 ? parts : nil)
            }
            // The mock server adds Content-Length unless the route sets it, as real servers do,
            // except where a server must not send it: 1xx and 204 (RFC 9110 section 8.6,
            // https://www.rfc-editor.org/rfc/rfc9110#section-8.6).
            let forbidsLength = (100...199).contains(route.status) || route.status == 204
            let length = forbidsLength || route.headers.contains { $0.lowercasedName == "content-length" }
                ? nil : Header("Content-Length", lowercased: "content-length", String(route.body.utf8.count))
            return PreparedRoute(route: route, headers: headers, contentLength: length)
        }
    }

    public var origins: [Origin] { Array(routesByOrigin.keys) }

    /// The first route matching the method (case-sensitively; `*` matches any) and the path
    /// (without the query; a pattern ending in `*` matches that prefix), or 404 with no headers.
    /// A request to an origin without a `server` block is unreachable (connection refused).
    public func respond(to request: WireRequest) -> ServerReply {
        guard let routes = routesByOrigin[request.url.origin] else { return .unreachable }
        let path = request.url.path
        guard let prepared = routes.first(where: { p in
            (p.route.method == nil || p.route.method == request.method)
                && (p.route.isPrefix ? path.hasPrefix(p.route.path) : path == p.route.path)
        }) else {
            return .response(WireResponse(status: 404, statusText: "Not Found"))
        }
        return .response(MockServers.response(for: prepared, request: request))
    }

    /// The route's response: `{origin}` expanded to the request's `Origin` (a header whose value
    /// needs it is left out when the request had none), and `Content-Length` added unless set.
    static func response(for prepared: PreparedRoute, request: WireRequest) -> WireResponse {
        var headers = HeaderList()
        let origin = request.headers.get("origin")
        for (header, parts) in prepared.headers {
            if let parts {
                guard let origin else { continue }
                headers.append(Header(header.name, lowercased: header.lowercasedName, parts.joined(separator: origin)))
            } else {
                headers.append(header)
            }
        }
        if let length = prepared.contentLength { headers.append(length) }
        let route = prepared.route
        return WireResponse(status: route.status, statusText: route.statusText ?? "", headers: headers, body: route.body)
    }
}

extension String {
    /// The text around each occurrence of `marker`: one part when there is none.
    func splitOnTemplate(_ marker: String) -> [String] {
        let source = Array(utf8), needle = Array(marker.utf8)
        var parts: [String] = []
        var start = 0, i = 0
        while i + needle.count <= source.count {
            if source[i..<(i + needle.count)].elementsEqual(needle) {
                parts.append(String(decoding: source[start..<i], as: UTF8.self))
                i += needle.count
                start = i
            } else {
                i += 1
            }
        }
        parts.append(String(decoding: source[start...], as: UTF8.self))
        return parts
    }
}
