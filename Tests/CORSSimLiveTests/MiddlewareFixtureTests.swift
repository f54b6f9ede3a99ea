// The fixtures in Tests/Middlewares record what real CORS middlewares answer to the probe set
// (Tests/Middlewares/probes.json). Here every fixture is checked for shape against the probe set,
// and, for each middleware whose tools are installed, the real middleware is started on loopback
// and asked again (`Tools/middlewares/capture.py --check NAME`): the test fails, with the diff, when
// it no longer answers as its fixture says. Without a middleware's tools its test is skipped and
// names what is missing; `.ci/run` installs them all.
import Foundation
import Testing
import CORSSimTestSupport

/// Tools/middlewares/capture.py, run as a subprocess.
enum MiddlewareCapture {
    static let script = TestFiles.root.appendingPathComponent("Tools/middlewares/capture.py").path
    static let fixtures = TestFiles.root.appendingPathComponent("Tests/Middlewares")

    /// Runs capture.py with these arguments; its exit status and everything it printed.
    static func run(_ arguments: [String]) -> (status: Int32, output: String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", script] + arguments
        p.standardInput = FileHandle.nullDevice
        let pipe = Pipe()
        p.standardOutput = pipe
        p.standardError = pipe
        do { try p.run() } catch { return (127, "cannot run python3: \(error)") }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// Whether capture.py could list its middlewares (python3 present), and for each middleware
    /// it knows, what it needs that is not installed (absent: ready), from one `capture.py --list`
    /// (lines: fixture, middleware, "ready" or what is missing).
    static let listing: (listed: Bool, missing: [String: String]) = {
        let result = run(["--list"])
        guard result.status == 0 else { return (false, [:]) }
        var missing: [String: String] = [:]
        for line in result.output.split(separator: "\n") {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            if fields.count == 3, fields[2] != "ready" { missing[fields[1]] = fields[2] }
        }
        return (true, missing)
    }()

    static func ready(_ middleware: String) -> Bool { listing.listed && listing.missing[middleware] == nil }

    static func reason(_ middleware: String) -> Comment {
        let needs = listing.listed ? (listing.missing[middleware] ?? "nothing more") : "python3 (to run Tools/middlewares/capture.py)"
        return Comment(rawValue: "the real \(middleware) middleware needs \(needs); .ci/run installs it")
    }
}

extension Trait where Self == ConditionTrait {
    /// Skips the test, naming the missing tool, unless capture.py can run this middleware here.
    static func needsMiddleware(_ name: String) -> Self {
        .enabled(if: MiddlewareCapture.ready(name), MiddlewareCapture.reason(name))
    }
}

@Suite(.serialized, .timeLimit(.minutes(5)))
struct MiddlewareFixtureTests {
    static func check(_ middleware: String) {
        let result = MiddlewareCapture.run(["--check", middleware])
        #expect(result.status == 0, "capture.py --check \(middleware) exited \(result.status):\n\(result.output)")
    }

    @Test(.needsMiddleware("express-cors")) func expressCORSStillAnswersAsItsFixturesSay() { Self.check("express-cors") }
    @Test(.needsMiddleware("django-cors-headers")) func djangoCORSHeadersStillAnswersAsItsFixturesSay() { Self.check("django-cors-headers") }
    @Test(.needsMiddleware("flask-cors")) func flaskCORSStillAnswersAsItsFixturesSay() { Self.check("flask-cors") }
    @Test(.needsMiddleware("nginx")) func nginxStillAnswersAsItsFixturesSay() { Self.check("nginx") }
    @Test(.needsMiddleware("go-handwritten")) func theHandwrittenGoHandlerStillAnswersAsItsFixtureSays() { Self.check("go-handwritten") }
    @Test(.needsMiddleware("go-rs-cors")) func goRSCORSStillAnswersAsItsFixturesSay() { Self.check("go-rs-cors") }
    @Test(.needsMiddleware("spring-mvc")) func springMVCStillAnswersAsItsFixturesSay() { Self.check("spring-mvc") }

    @Test func everyMiddlewareCaptureKnowsHasATestHere() throws {
        let listed = MiddlewareCapture.run(["--list"])
        try #require(listed.status == 0, "\(listed.output)")
        let names = Set(listed.output.split(separator: "\n").compactMap { $0.split(separator: "\t").dropFirst().first.map(String.init) })
        #expect(names == ["express-cors", "django-cors-headers", "flask-cors", "nginx", "go-handwritten", "go-rs-cors", "spring-mvc"])
    }

    /// The check fails, naming the probe and the header, when a real middleware's answer differs
    /// from its fixture: here a fixture with one header the real nginx does not send.
    @Test(.needsMiddleware("nginx")) func aMiddlewareAnsweringOtherwiseThanItsFixtureFailsTheCheckWithADiff() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("cors-sim-fixtures-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let name = "nginx-add-header.json"
        var fixture = try JSONSerialization.jsonObject(with: Data(contentsOf: MiddlewareCapture.fixtures.appendingPathComponent(name))) as! [String: Any]
        var answers = fixture["answers"] as! [[String: Any]]
        let index = try #require(answers.firstIndex { $0["probe"] as? String == "get-unauthorized" })
        answers[index]["headers"] = [["access-control-allow-origin", "https://app.example"]]
        fixture["answers"] = answers
        try JSONSerialization.data(withJSONObject: fixture).write(to: folder.appendingPathComponent(name))

        let result = MiddlewareCapture.run(["--check", "--fixtures", folder.path, "nginx-add-header"])
        #expect(result.status == 1)
        #expect(result.output.contains("the real middleware answers differently now"), "\(result.output)")
        #expect(result.output.contains("-    access-control-allow-origin: https://app.example"), "\(result.output)")
    }

    @Test func anUnknownMiddlewareNameIsAnErrorWithStatus2() {
        let result = MiddlewareCapture.run(["--check", "no-such-middleware"])
        #expect(result.status == 2)
        #expect(result.output.contains("unknown middleware or fixture 'no-such-middleware'"), "\(result.output)")
    }
}

/// The fixtures' shape, without running anything: every fixture answers every probe of the
/// committed probe set, in order, and records only `vary` and `access-control-*` headers,
/// lowercased, as the format in probes.json says.
struct MiddlewareFixtureShapeTests {
    static let probes: (version: Int, names: [String]) = {
        let url = MiddlewareCapture.fixtures.appendingPathComponent("probes.json")
        let document = (try? JSONSerialization.jsonObject(with: Data(contentsOf: url))) as? [String: Any] ?? [:]
        let names = (document["probes"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
        return (document["version"] as? Int ?? -1, names)
    }()

    static let fixtureFiles: [String] = {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: MiddlewareCapture.fixtures.path)) ?? []
        return files.filter { $0.hasSuffix(".json") && $0 != "probes.json" }.sorted()
    }()

    @Test func thereIsAFixtureForEveryMiddlewareConfiguration() {
        #expect(Self.fixtureFiles == [
            "django-cors-headers-allowlist.json", "django-cors-headers-default.json",
            "express-cors-allowlist.json", "express-cors-default.json",
            "flask-cors-allowlist.json", "flask-cors-default.json",
            "go-handwritten.json", "go-rs-cors-allowlist.json", "go-rs-cors-default.json",
            "nginx-add-header-always.json", "nginx-add-header.json", "nginx-regex-allowlist.json",
            "spring-mvc-allowlist.json", "spring-mvc-default.json",
            // Recorded in-process by Examples/VaporApp and Examples/HummingbirdApp (their fixture tests).
            "hummingbird-allowlist.json", "hummingbird-default-after-routes.json", "hummingbird-default.json",
            "vapor-allowlist.json", "vapor-default-appended.json", "vapor-default.json",
        ].sorted())
    }

    @Test(arguments: fixtureFiles)
    func aFixtureAnswersEveryProbeInOrderWithOnlyCORSHeaders(_ file: String) throws {
        let data = try Data(contentsOf: MiddlewareCapture.fixtures.appendingPathComponent(file))
        let fixture = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any], "\(file)")
        for key in ["middleware", "version", "source", "configuration"] {
            let value = fixture[key] as? String
            #expect(value?.isEmpty == false, "\(file): \(key)")
        }
        #expect((fixture["source"] as? String)?.hasPrefix("https://github.com/") == true, "\(file): source")
        #expect(fixture["probesVersion"] as? Int == Self.probes.version, "\(file): probesVersion")
        let answers = try #require(fixture["answers"] as? [[String: Any]], "\(file): answers")
        #expect(answers.map { $0["probe"] as? String ?? "" } == Self.probes.names, "\(file)")
        for answer in answers {
            let status = answer["status"] as? Int ?? 0
            #expect((100...599).contains(status), "\(file): \(answer["probe"] ?? "?") status")
            let headers = try #require(answer["headers"] as? [[String]], "\(file): \(answer["probe"] ?? "?") headers")
            for pair in headers {
                #expect(pair.count == 2, "\(file): \(pair)")
                let name = pair.first ?? ""
                #expect(name == name.lowercased() && (name == "vary" || name.hasPrefix("access-control-")), "\(file): \(name)")
            }
        }
    }
}
