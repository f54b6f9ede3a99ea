import CORSSim

/// Generates scenario files of a given number of fetch steps from a seed: a mix of simple,
/// preflighted, credentialed, redirected and cached requests over many URLs and origins.
struct ScenarioGenerator {
    var random: SplitMix64
    /// How many distinct paths the fetches spread over (fewer paths, more cache hits).
    var paths: Int

    init(seed: UInt64, paths: Int = 5_000) {
        random = SplitMix64(seed: seed)
        self.paths = paths
    }

    static let apiOrigins = ["https://a.example", "https://b.example", "https://c.example.net", "http://localhost:8080"]

    mutating func pick<T>(_ items: [T]) -> T { items[Int(random.next(upperBound: UInt64(items.count)))] }

    /// The scenario text, written step by step into `out`.
    mutating func generate(fetches: Int, into out: inout String) {
        out += "# generated: \(fetches) fetch steps\n"
        out += "page https://app.example.com\n\n"
        for (i, origin) in Self.apiOrigins.enumerated() {
            out += """
            server \(origin)
              OPTIONS *
                204
                Access-Control-Allow-Origin: {origin}
                Access-Control-Allow-Credentials: true
                Access-Control-Allow-Methods: PUT, DELETE
                Access-Control-Allow-Headers: content-type, x-request-id
                Access-Control-Max-Age: \([600, 86400, 5, 7200][i])
              GET /hop/*
                302
                Access-Control-Allow-Origin: *
                Location: \(Self.apiOrigins[(i + 1) % Self.apiOrigins.count])/final
              * *
                200 OK
                Access-Control-Allow-Origin: {origin}
                Access-Control-Allow-Credentials: true
                Access-Control-Expose-Headers: X-Request-Id
                Content-Type: application/json
                X-Request-Id: \(i)

                {"ok": true}


            """
        }
        for n in 0..<fetches {
            let origin = pick(Self.apiOrigins)
            let path = "/\(random.next(upperBound: UInt64(paths)))"
            switch random.next(upperBound: 10) {
            case 0, 1, 2:
                out += "fetch GET \(origin)\(path)\n"
            case 3, 4:
                out += "fetch PUT \(origin)\(path)\n  Content-Type: application/json\n  expect readable\n"
            case 5:
                out += "fetch DELETE \(origin)\(path) credentials=include\n  X-Request-Id: 7\n"
            case 6:
                out += "fetch GET \(origin)\(path) credentials=include\n  expect exposed X-Request-Id\n"
            case 7:
                out += "fetch GET \(origin)/hop\(path)\n  expect origin null\n"
            case 8:
                out += "fetch POST \(origin)\(path)\n  body hello\n"
            default:
                out += "fetch PATCH \(origin)\(path)\n  expect blocked\n"
            }
            if n % 100 == 99 { out += "wait 1s\n" }
        }
    }
}
