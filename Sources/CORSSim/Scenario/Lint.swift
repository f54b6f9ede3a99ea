/// Warnings about a scenario that parses but probably does not say what its author meant: a
/// response header one or two edits away from a CORS header name (`Access-Control-Allow-Orgin`).
/// Browsers ignore such a header, so the lesson would silently show a different failure.
public struct ScenarioWarning: Sendable, Hashable {
    /// The route whose header it is.
    public var location: SourceLocation
    /// The header name as written.
    public var name: String
    /// The name it is probably meant to be.
    public var suggestion: String

    public var message: String {
        "response header '\(name)' is not a header browsers read; did you mean '\(suggestion)'?"
    }
}

public enum ScenarioLint {
    /// The response headers the CORS protocol reads (https://fetch.spec.whatwg.org/#http-responses),
    /// and the ones a lesson pairs with them.
    public static let knownResponseHeaders = [
        "Access-Control-Allow-Origin", "Access-Control-Allow-Credentials", "Access-Control-Allow-Methods",
        "Access-Control-Allow-Headers", "Access-Control-Max-Age", "Access-Control-Expose-Headers",
        "Access-Control-Allow-Private-Network", "Vary", "Location", "Content-Type", "Content-Length",
    ]

    /// Every route header within two edits (insert, delete, substitute, swap two neighbours) of a
    /// known name, compared without case, that is not itself a known name.
    public static func warnings(_ scenario: Scenario) -> [ScenarioWarning] {
        var result: [ScenarioWarning] = []
        for case .server(let server) in scenario.steps { result += warnings(server) }
        return result
    }

    private static let knownLowercased = knownResponseHeaders.map { ($0, Array($0.byteLowercased().utf8)) }

    /// The warnings about one server block, in route order (a streamed file is checked step by step).
    public static func warnings(_ server: ServerStep) -> [ScenarioWarning] {
        let known = knownLowercased
        var result: [ScenarioWarning] = []
        for route in server.routes {
            for header in route.headers {
                let name = Array(header.lowercasedName.utf8)
                if known.contains(where: { $0.1 == name }) { continue }
                // Only names close to an Access-Control-* name or to a short known one.
                var best: (String, Int)?
                for (display, lower) in known where abs(lower.count - name.count) <= 2 {
                    let d = editDistance(name, lower, limit: 2)
                    if d <= 2, d < (best?.1 ?? 3) { best = (display, d) }
                }
                // Short names (Vary, Location) only at distance 1: `Vary` and `Via` are both real.
                if let (suggestion, d) = best, d == 1 || suggestion.utf8.count > 12 {
                    result.append(ScenarioWarning(location: route.location, name: header.name, suggestion: suggestion))
                }
            }
        }
        return result
    }

    /// Optimal string alignment distance between two byte strings, stopping early above `limit`.
    static func editDistance(_ a: [UInt8], _ b: [UInt8], limit: Int) -> Int {
        if a == b { return 0 }
        let n = a.count, m = b.count
        if abs(n - m) > limit { return limit + 1 }
        var previous2 = [Int](repeating: 0, count: m + 1)
        var previous = Array(0...m)
        var current = [Int](repeating: 0, count: m + 1)
        for i in 1...max(n, 1) where n > 0 {
            current[0] = i
            var rowMinimum = current[0]
            for j in 1...max(m, 1) where m > 0 {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                var value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] { value = min(value, previous2[j - 2] + 1) }
                current[j] = value
                rowMinimum = min(rowMinimum, value)
            }
            if rowMinimum > limit { return limit + 1 }
            (previous2, previous, current) = (previous, current, previous2)
        }
        return n == 0 ? m : (m == 0 ? n : previous[m])
    }
}
