import CORSSim
import Foundation

// The probe set of Tests/Middlewares/probes.json asked of a real CORS middleware in-process, through
// any cors-sim `AsyncServer` (a Vapor or Hummingbird app behind its adapter), and the fixture file
// that records the answers: Tests/Middlewares/<middleware>-<configuration>.json. The example
// packages' tests write the fixtures when CORS_SIM_RECORD_FIXTURES=1 and otherwise fail when the
// app's live answers differ from the committed ones (a framework upgrade that changes behaviour).

/// One request of the probe set, as probes.json states it.
public struct Probe: Sendable, Hashable, Decodable {
    public let name: String
    /// Why the probe is in the set.
    public let why: String
    public let method: String
    /// The request target, e.g. `/data`.
    public let path: String
    /// The request's header lines in order, each `[name, value]`.
    public let headers: [[String]]

    /// The probe as the request a server receives, addressed to https://api.example.
    public func wireRequest() throws -> WireRequest {
        var list = HeaderList()
        for line in headers {
            guard line.count == 2 else {
                throw ProbeError.malformed("probe \(name): a header is [name, value], found \(line.count) strings")
            }
            list.append(line[0], line[1])
        }
        let url = try FetchURL(parsing: "https://api.example" + path)
        return WireRequest(method: method, url: url, headers: list,
                           isPreflight: method == "OPTIONS" && list.contains("Access-Control-Request-Method"))
    }
}

/// Tests/Middlewares/probes.json.
public struct ProbeSet: Sendable, Decodable {
    /// Recorded in every fixture as `probesVersion`.
    public let version: Int
    public let probes: [Probe]

    /// Reads the probe set committed beside the fixtures.
    public static func load() throws -> ProbeSet {
        let url = Fixtures.directory.appendingPathComponent("probes.json")
        return try JSONDecoder().decode(ProbeSet.self, from: Data(contentsOf: url))
    }
}

public enum ProbeError: Error, CustomStringConvertible {
    case malformed(String)
    /// The adapter found nothing answering (the app threw past every middleware).
    case unanswered(probe: String)

    public var description: String {
        switch self {
        case .malformed(let text): return text
        case .unanswered(let probe): return "probe \(probe): the server gave no response"
        }
    }
}

/// What a middleware answered one probe: the status and its CORS header lines.
public struct ProbeAnswer: Sendable, Hashable, Decodable {
    public let probe: String
    public let status: Int
    /// Every response header line whose lowercased name is `vary` or starts with
    /// `access-control-`, in the order sent, `[lowercased name, value as sent]`.
    public let headers: [[String]]

    public init(probe: String, status: Int, headers: [[String]]) {
        self.probe = probe
        self.status = status
        self.headers = headers
    }

    /// The answer recorded from a response as the server sent it.
    public init(probe: String, response: WireResponse) {
        self.init(probe: probe, status: response.status, headers: response.headers.compactMap { header in
            let name = header.lowercasedName
            return name == "vary" || name.hasPrefix("access-control-") ? [name, header.value] : nil
        })
    }
}

/// Sends every probe to the server, in order, and records each answer.
public func answers(of server: some AsyncServer, to set: ProbeSet) async throws -> [ProbeAnswer] {
    var result: [ProbeAnswer] = []
    for probe in set.probes {
        switch await server.respond(to: try probe.wireRequest()) {
        case .response(let response): result.append(ProbeAnswer(probe: probe.name, response: response))
        case .unreachable: throw ProbeError.unanswered(probe: probe.name)
        }
    }
    return result
}

/// One fixture file: a middleware in one configuration and its answers to the probe set.
public struct MiddlewareFixture: Sendable, Hashable, Decodable {
    /// e.g. `Vapor CORSMiddleware`.
    public let middleware: String
    /// The framework and version that answered, e.g. `vapor 4.122.3`.
    public let version: String
    /// The middleware's source file at that version (a public URL).
    public let source: String
    /// The Swift code that configured it, verbatim.
    public let configuration: String
    public let probesVersion: Int
    public let answers: [ProbeAnswer]

    public init(middleware: String, version: String, source: String, configuration: String,
                probesVersion: Int, answers: [ProbeAnswer]) {
        self.middleware = middleware
        self.version = version
        self.source = source
        self.configuration = configuration
        self.probesVersion = probesVersion
        self.answers = answers
    }

    /// The file's text: JSON indented by two spaces, keys in the format's order, a final newline
    /// (the layout of probes.json).
    public var json: String {
        let answerValues: [JSONValue] = answers.map { answer in
            .object([("probe", .string(answer.probe)), ("status", .int(answer.status)),
                     ("headers", .array(answer.headers.map { .array($0.map(JSONValue.string)) }))])
        }
        let value = JSONValue.object([
            ("middleware", .string(middleware)), ("version", .string(version)), ("source", .string(source)),
            ("configuration", .string(configuration)), ("probesVersion", .int(probesVersion)),
            ("answers", .array(answerValues)),
        ])
        var out = ""
        value.write(to: &out, indent: 0)
        return out + "\n"
    }

    /// How this fixture differs from another, one line per difference (empty: the same).
    public func differences(from committed: MiddlewareFixture) -> [String] {
        var lines: [String] = []
        for (field, live, old) in [("middleware", middleware, committed.middleware), ("version", version, committed.version),
                                   ("source", source, committed.source), ("configuration", configuration, committed.configuration),
                                   ("probesVersion", String(probesVersion), String(committed.probesVersion))] where live != old {
            lines.append("\(field): committed \(old.debugDescription), now \(live.debugDescription)")
        }
        let old = Dictionary(committed.answers.map { ($0.probe, $0) }, uniquingKeysWith: { first, _ in first })
        for answer in answers {
            guard let before = old[answer.probe] else {
                lines.append("\(answer.probe): not in the committed fixture")
                continue
            }
            if before.status != answer.status {
                lines.append("\(answer.probe): status committed \(before.status), now \(answer.status)")
            }
            if before.headers != answer.headers {
                lines.append("\(answer.probe): headers committed \(before.headers), now \(answer.headers)")
            }
        }
        let live = Set(answers.map(\.probe))
        for answer in committed.answers where !live.contains(answer.probe) {
            lines.append("\(answer.probe): in the committed fixture, no longer asked")
        }
        if lines.isEmpty && committed.answers.map(\.probe) != answers.map(\.probe) {
            lines.append("the probes are in another order than in the committed fixture")
        }
        return lines
    }
}

/// The fixture files in Tests/Middlewares/.
public enum Fixtures {
    /// Tests/Middlewares/ of the cors-sim checkout this package is in.
    public static let directory: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()   // Sources/MiddlewareProbes
        .deletingLastPathComponent()   // Sources
        .deletingLastPathComponent()   // Examples/MiddlewareProbes
        .deletingLastPathComponent()   // Examples
        .deletingLastPathComponent()   // the checkout
        .appendingPathComponent("Tests/Middlewares")

    /// Whether this run records fixtures (CORS_SIM_RECORD_FIXTURES=1) instead of comparing.
    public static var isRecording: Bool { ProcessInfo.processInfo.environment["CORS_SIM_RECORD_FIXTURES"] == "1" }

    /// Records the fixture as `file` when recording; otherwise compares it with the committed
    /// file and returns the differences (empty: the live answers are the committed ones).
    public static func check(_ fixture: MiddlewareFixture, file: String) throws -> [String] {
        let url = directory.appendingPathComponent(file)
        if isRecording {
            try Data(fixture.json.utf8).write(to: url)
            return []
        }
        guard let data = FileManager.default.contents(atPath: url.path) else {
            return ["no fixture at \(url.path); record it with CORS_SIM_RECORD_FIXTURES=1"]
        }
        let committed = try JSONDecoder().decode(MiddlewareFixture.self, from: data)
        let differences = fixture.differences(from: committed)
        if differences.isEmpty && String(decoding: data, as: UTF8.self) != fixture.json {
            return ["\(file): same answers, other layout; re-record it with CORS_SIM_RECORD_FIXTURES=1"]
        }
        return differences
    }
}

/// The JSON the fixtures need, written the way Python's `json.dump(indent=2)` writes it (as
/// probes.json is): non-ASCII escaped as \u, empty arrays as `[]`.
private indirect enum JSONValue {
    case string(String)
    case int(Int)
    case array([JSONValue])
    case object([(String, JSONValue)])

    func write(to out: inout String, indent: Int) {
        let inner = String(repeating: " ", count: indent + 2), closing = String(repeating: " ", count: indent)
        switch self {
        case .string(let text): JSONValue.quote(text, to: &out)
        case .int(let number): out += String(number)
        case .array(let items):
            guard !items.isEmpty else { out += "[]"; return }
            out += "[\n"
            for (i, item) in items.enumerated() {
                out += inner
                item.write(to: &out, indent: indent + 2)
                out += i == items.count - 1 ? "\n" : ",\n"
            }
            out += closing + "]"
        case .object(let members):
            guard !members.isEmpty else { out += "{}"; return }
            out += "{\n"
            for (i, (key, value)) in members.enumerated() {
                out += inner
                JSONValue.quote(key, to: &out)
                out += ": "
                value.write(to: &out, indent: indent + 2)
                out += i == members.count - 1 ? "\n" : ",\n"
            }
            out += closing + "}"
        }
    }

    private static func quote(_ text: String, to out: inout String) {
        out += "\""
        for unit in text.utf16 {
            switch unit {
            case 0x22: out += "\\\""
            case 0x5C: out += "\\\\"
            case 0x0A: out += "\\n"
            case 0x0D: out += "\\r"
            case 0x09: out += "\\t"
            case 0x08: out += "\\b"
            case 0x0C: out += "\\f"
            case 0x20...0x7E: out.unicodeScalars.append(Unicode.Scalar(UInt8(unit)))
            default:
                let hex = String(unit, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            }
        }
        out += "\""
    }
}
