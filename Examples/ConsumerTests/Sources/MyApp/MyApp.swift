import CORSSim

/// A stand-in for a server's request handler: allows the front end at https://app.example.com
/// to read and update users, with credentials, and caches its preflight for a day.
public enum MyApp {
    public static func handle(_ request: WireRequest) async -> WireResponse {
        let origin = request.headers.get("Origin") ?? ""
        guard origin == "https://app.example.com" else { return WireResponse(status: 403) }
        var headers: HeaderList = [("Access-Control-Allow-Origin", origin), ("Access-Control-Allow-Credentials", "true")]
        if request.isPreflight {
            headers.append("Access-Control-Allow-Methods", "PUT")
            headers.append("Access-Control-Allow-Headers", "Content-Type")
            headers.append("Access-Control-Max-Age", "86400")
            return WireResponse(status: 204, headers: headers)
        }
        return WireResponse(status: 200, headers: headers, body: "{}")
    }
}
