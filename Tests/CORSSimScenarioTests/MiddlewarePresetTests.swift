import Foundation
import Testing
import CORSSimTestSupport
@testable import CORSSim

/// Every fixture recorded from a real CORS middleware on loopback (`Tests/Middlewares/NAME.json`,
/// recorded from the real middlewares by the recorder on branch middlewares, probes in `Tests/Middlewares/probes.json`) is answered the
/// same by the cors-sim preset configured the same way: status and every `vary` /
/// `access-control-*` header, names lower-cased, values verbatim, in order, probe by probe.
///
/// The table below maps each fixture to the `cors` block (and the app routes) that configure the
/// preset as the recorded middleware was configured. A fixture without a row fails: a new
/// recording cannot be silently ignored.
@Suite struct MiddlewarePresetTests {

    /// The app every middleware fronts (probes.json "about"): GET/POST/PUT/DELETE /data 200,
    /// GET /private 401, GET /error 500, nothing else (404).
    static let app = """
          GET /data
            200
          POST /data
            200
          PUT /data
            200
          DELETE /data
            200
          GET /private
            401
          GET /error
            500
        """

    /// What Flask (and Spring MVC) answer themselves: OPTIONS on a routed path, 200.
    static let automaticOptions = """
          OPTIONS /data
            200
        """

    /// The Go app's /data handler answers another method 405 (the recorder's go-rs-cors app).
    static let goOptions = """
          OPTIONS /data
            405
        """

    /// Django's view answers an OPTIONS that is not a preflight 405 (its method check).
    static let djangoOptions = """
          OPTIONS /data
            405
        """

    /// The allowlist configuration of every fixture named `*-allowlist` (see the fixtures'
    /// "configuration"), as `cors` settings.
    static let allowlist = """
            origins https://app.example https://admin.app.example
            credentials true
            methods GET POST PUT DELETE
            allow-headers Content-Type X-Custom
            expose-headers X-Total
            max-age 600
        """

    struct Mapping {
        /// The `cors` line and its settings, indented under the server.
        var cors: String
        /// Routes the framework adds to the app (Flask's automatic OPTIONS).
        var extraRoutes: String = ""
    }

    /// Fixture file name (without `.json`) → the preset configured as the real middleware was.
    static let mappings: [String: Mapping] = [
        "express-cors-default": Mapping(cors: "  cors express"),
        "express-cors-allowlist": Mapping(cors: "  cors express\n" + allowlist),
        "django-cors-headers-default": Mapping(cors: "  cors django\n    origins *", extraRoutes: djangoOptions),
        "django-cors-headers-allowlist": Mapping(cors: """
              cors django
                origins https://app.example https://admin.app.example
                credentials true
                methods GET POST PUT DELETE
                allow-headers content-type x-custom
                expose-headers X-Total
                max-age 600
            """, extraRoutes: djangoOptions),
        "go-rs-cors-default": Mapping(cors: "  cors go-rs-cors", extraRoutes: goOptions),
        "go-rs-cors-allowlist": Mapping(cors: "  cors go-rs-cors\n" + allowlist, extraRoutes: goOptions),
        "go-handwritten": Mapping(cors: "  cors go-handler\n" + allowlist),
        "flask-cors-default": Mapping(cors: "  cors flask", extraRoutes: automaticOptions),
        "flask-cors-allowlist": Mapping(cors: "  cors flask\n" + allowlist, extraRoutes: automaticOptions),
        "nginx-add-header": Mapping(cors: "  cors nginx\n" + nginxFixed),
        "nginx-add-header-always": Mapping(cors: "  cors nginx-always\n" + nginxFixed),
        "nginx-regex-allowlist": Mapping(cors: """
              cors nginx-always
                origin-patterns app\\.example
                credentials true
                methods GET POST PUT DELETE OPTIONS
                allow-headers Content-Type X-Custom
                expose-headers X-Total
                max-age 600
                vary origin
            """),
        "spring-mvc-default": Mapping(cors: "  cors spring", extraRoutes: automaticOptions),
        "spring-mvc-allowlist": Mapping(cors: "  cors spring\n" + allowlist, extraRoutes: automaticOptions),
        // app.middleware.use(cors, at: .beginning): before the ErrorMiddleware, errors keep CORS.
        "vapor-default": Mapping(cors: "  cors vapor\n    errors cors"),
        "vapor-allowlist": Mapping(cors: "  cors vapor\n" + allowlist + "\n    errors cors"),
        // app.middleware.use(CORSMiddleware()): after the ErrorMiddleware, thrown errors lose it.
        "vapor-default-appended": Mapping(cors: "  cors vapor"),
        "hummingbird-default": Mapping(cors: "  cors hummingbird"),
        "hummingbird-allowlist": Mapping(cors: "  cors hummingbird\n" + allowlist),
        // router.add(middleware:) after the routes: only requests no route answers see it.
        "hummingbird-default-after-routes": Mapping(cors: "  cors hummingbird\n    scope unrouted"),
    ]

    /// The nginx configurations with one fixed origin (their "configuration").
    static let nginxFixed = """
            origins fixed https://app.example
            credentials true
            methods GET POST PUT DELETE OPTIONS
            allow-headers Content-Type X-Custom
            expose-headers X-Total
            max-age 600
        """

    struct Probe: Decodable {
        var name: String
        var method: String
        var path: String
        var headers: [[String]]
    }

    struct Probes: Decodable {
        var version: Int
        var probes: [Probe]
    }

    struct Answer: Decodable {
        var probe: String
        var status: Int
        var headers: [[String]]
    }

    struct Fixture: Decodable {
        var middleware: String
        var version: String
        var configuration: String
        var probesVersion: Int
        var answers: [Answer]
    }

    static let folder = TestFiles.root.appendingPathComponent("Tests/Middlewares")

    static func probes() throws -> Probes {
        try JSONDecoder().decode(Probes.self, from: Data(contentsOf: folder.appendingPathComponent("probes.json")))
    }

    /// The fixture names present, sorted.
    static func fixtureNames() -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasSuffix(".json") && $0 != "probes.json" }.map { String($0.dropLast(5)) }.sorted()
    }

    static let api = try! Origin(parsing: "https://api.example")

    /// The mock server a mapping describes.
    static func server(for mapping: Mapping, name: String) throws -> MockServers {
        let text = "server https://api.example\n" + mapping.cors + "\n" + mapping.extraRoutes + (mapping.extraRoutes.isEmpty ? "" : "\n") + app + "\n"
        let scenario = try ScenarioParser.parse(text, file: "\(name).mapping")
        guard case .server(let step)? = scenario.steps.first, step.cors != nil else {
            throw MappingError(message: "\(name): the mapping has no cors block")
        }
        var servers = MockServers()
        servers.install(step.routes, for: step.origin, policy: step.cors)
        return servers
    }

    struct MappingError: Error, CustomStringConvertible { var message: String; var description: String { message } }

    /// What the comparison looks at: `vary` and `access-control-*` headers, lower-cased names.
    static func comparedHeaders(_ headers: HeaderList) -> [[String]] {
        headers.filter { $0.lowercasedName == "vary" || $0.lowercasedName.hasPrefix("access-control-") }
            .map { [$0.lowercasedName, $0.value] }
    }

    static func request(_ probe: Probe) throws -> WireRequest {
        WireRequest(method: probe.method, url: try FetchURL(parsing: "https://api.example" + probe.path),
                    headers: HeaderList(probe.headers.map { Header($0[0], $0[1]) }))
    }

    @Test func everyMappingParsesAsAPresetInFrontOfTheApp() throws {
        for (name, mapping) in Self.mappings.sorted(by: { $0.key < $1.key }) {
            let servers = try Self.server(for: mapping, name: name)
            // The app behind answers: an unrouted path is the app's 404, not the middleware's.
            let reply = servers.respond(to: WireRequest(method: "GET", url: try FetchURL(parsing: "https://api.example/private"), headers: []))
            guard case .response(let response) = reply else { Issue.record("\(name): unreachable"); continue }
            #expect(response.status == 401, "\(name)")
        }
    }

    @Test func everyRecordedMiddlewareAnswersLikeItsPreset() throws {
        let probes = try Self.probes()
        let byName = Dictionary(uniqueKeysWithValues: probes.probes.map { ($0.name, $0) })
        for name in Self.fixtureNames() {
            let data = try Data(contentsOf: Self.folder.appendingPathComponent(name + ".json"))
            let fixture = try JSONDecoder().decode(Fixture.self, from: data)
            guard let mapping = Self.mappings[name] else {
                Issue.record("""
                    Tests/Middlewares/\(name).json (\(fixture.middleware) \(fixture.version)) has no row in \
                    MiddlewarePresetTests.mappings: add the cors block configured as this was:
                    \(fixture.configuration)
                    """)
                continue
            }
            #expect(fixture.probesVersion == probes.version, "\(name): recorded with probes version \(fixture.probesVersion)")
            let servers = try Self.server(for: mapping, name: name)
            #expect(fixture.answers.count == probes.probes.count, "\(name): \(fixture.answers.count) answers for \(probes.probes.count) probes")
            for answer in fixture.answers {
                guard let probe = byName[answer.probe] else {
                    Issue.record("\(name): answer to an unknown probe \(answer.probe)")
                    continue
                }
                guard case .response(let response) = servers.respond(to: try Self.request(probe)) else {
                    Issue.record("\(name) \(probe.name): the preset's server is unreachable")
                    continue
                }
                let expected = answer.headers.map { [$0[0].lowercased(), $0[1]] }
                #expect(response.status == answer.status, "\(name) \(probe.name): status \(response.status), the real middleware \(answer.status)")
                #expect(Self.comparedHeaders(response.headers) == expected,
                        "\(name) \(probe.name): the preset sent \(Self.comparedHeaders(response.headers)), the real middleware \(expected)")
            }
        }
    }
}
