/// The mock servers of a scenario: one route table per origin, answered in memory.
public struct MockServers: Server, Sendable {
    private var routesByOrigin: [Origin: [Route]] = [:]

    public init() {}

    /// Installs (or replaces) the routes of one origin, as a `server` block does.
    public mutating func install(_ routes: [Route], for origin: Origin) { routesByOrigin[origin] = routes }

    public var origins: [Origin] { Array(routesByOrigin.keys) }

    /// The first route matching the method (case-sensitively; `*` matches any) and the path
    /// (without the query; a pattern ending in `*` matches that prefix), or 404 with no headers.
    /// A request to an origin without a `server` block is unreachable (connection refused).
    public func respond(to request: WireRequest) -> ServerReply {
        guard let routes = routesByOrigin[request.url.origin] else { return .unreachable }
        let path = request.url.path
        guard let route = routes.first(where: { route in
            (route.method == nil || route.method == request.method)
                && (route.isPrefix ? path.hasPrefix(route.path) : path == route.path)
        }) else {
            return .response(WireResponse(status: 404, statusText: "Not Found"))
        }
        return .response(MockServers.response(for: route, request: request))
    }

    /// The route's response: `{origin}` expanded to the request's `Origin` (a header whose value
    /// needs it is left out when the request had none), and `Content-Length` added unless set.
    static func response(for route: Route, request: WireRequest) -> WireResponse {
        var headers = HeaderList()
        let origin = request.headers.get("Origin")
        for header in route.headers {
            if header.value.contains("{origin}") {
                guard let origin else { continue }
                headers.append(header.name, header.value.replacingAll("{origin}", with: origin))
            } else {
                headers.append(header.name, header.value)
            }
        }
        if !headers.contains("Content-Length") {
            headers.append("Content-Length", String(route.body.utf8.count))
        }
        return WireResponse(status: route.status, statusText: route.statusText ?? "", headers: headers, body: route.body)
    }
}

extension String {
    /// Replaces every occurrence of `target` (no Foundation needed).
    func replacingAll(_ target: String, with replacement: String) -> String {
        let source = Array(utf8), needle = Array(target.utf8)
        guard !needle.isEmpty, source.count >= needle.count else { return self }
        var out: [UInt8] = []
        out.reserveCapacity(source.count)
        var i = 0
        while i < source.count {
            if i + needle.count <= source.count, source[i..<(i + needle.count)].elementsEqual(needle) {
                out += replacement.utf8
                i += needle.count
            } else {
                out.append(source[i])
                i += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
