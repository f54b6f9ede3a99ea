// cors-sim-bench: the figures of issue 8, measured on this machine. Run it as
//   swift run -c release cors-sim-bench [--json] [--quick]
// It reads the real clock to time the simulator; the simulator itself never does.
import CORSSim
import Foundation

// MARK: Measuring

/// Peak resident memory of this process so far, in bytes (Linux VmHWM).
func peakRSS() -> Int {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
    for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
        let kb = line.split(separator: " ").compactMap { Int($0) }.first ?? 0
        return kb * 1024
    }
    return 0
}

/// The best of `rounds` timings of `body`, in nanoseconds.
func best(rounds: Int = 5, _ body: () -> Void) -> Double {
    let clock = ContinuousClock()
    var fastest = Double.infinity
    for _ in 0..<rounds {
        let elapsed = clock.measure(body)
        let ns = Double(elapsed.components.seconds) * 1e9 + Double(elapsed.components.attoseconds) / 1e9
        fastest = min(fastest, ns)
    }
    return fastest
}

@inline(never) func blackHole<T>(_ value: T) { withExtendedLifetime(value) {} }

struct Figure {
    var name: String
    var value: Double
    var unit: String
    var target: String
    var met: Bool?
    /// The figure divided by its target's bound (≤ 1 is met), for the figures issue 19 sets.
    var ratio: Double?
}

var figures: [Figure] = []
let arguments = CommandLine.arguments
let quick = arguments.contains("--quick")

@MainActor func record(_ name: String, _ value: Double, _ unit: String, target: String = "", met: Bool? = nil) {
    figures.append(Figure(name: name, value: value, unit: unit, target: target, met: met))
}

/// A figure with an upper bound: printed with its ratio to the bound.
@MainActor func record(_ name: String, _ value: Double, _ unit: String, atMost bound: Double, _ target: String) {
    figures.append(Figure(name: name, value: value, unit: unit, target: target, met: value <= bound, ratio: value / bound))
}

// MARK: Child modes (run in a fresh process so peak memory is its own)

/// `--pipeline N`: generate an N-fetch scenario, parse it, run it in all four profiles rendering
/// text and JSON to a counting sink; prints "seconds bytes peakRSS parse run text json" (the last
/// four: the time of each phase alone, from separate passes).
func pipeline(fetches: Int) {
    var generator = ScenarioGenerator(seed: 42)
    var text = ""
    text.reserveCapacity(fetches * 90)
    generator.generate(fetches: fetches, into: &text)
    let browsers: [BrowserName] = BrowserName.allCases
    func seconds(_ d: Duration) -> Double { Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18 }
    let clock = ContinuousClock()
    var bytes = 0
    let total = clock.measure {
        let scenario = try! ScenarioParser.parse(text, file: "generated.cors")
        let textRenderer = TextRenderer(color: false)
        ScenarioRunner(browsers: browsers).run(scenario) { report in
            bytes += textRenderer.render(report).utf8.count
            bytes += JSONRenderer.render(report).utf8.count
        }
    }
    let rss = peakRSS()
    var scenario: Scenario?
    let parse = clock.measure { scenario = try! ScenarioParser.parse(text, file: "generated.cors") }
    let run = clock.measure { ScenarioRunner(browsers: browsers).run(scenario!) { blackHole($0) } }
    let textRenderer = TextRenderer(color: false)
    let textOnly = clock.measure { ScenarioRunner(browsers: browsers).run(scenario!) { blackHole(textRenderer.render($0)) } }
    let jsonOnly = clock.measure { ScenarioRunner(browsers: browsers).run(scenario!) { blackHole(JSONRenderer.render($0)) } }
    print(seconds(total), bytes, rss, seconds(parse), seconds(run), seconds(textOnly) - seconds(run), seconds(jsonOnly) - seconds(run))
}

/// `--distinct-urls N`: N fetches of distinct URLs through the Chrome profile; prints "seconds peakRSS".
func distinctURLs(_ n: Int) {
    var browser = Browser(.chrome, page: try! Origin(parsing: "https://app.example.com"))
    let server = allowingServer()
    let clock = ContinuousClock()
    let elapsed = clock.measure {
        for i in 0..<n {
            let url = try! FetchURL(parsing: "https://api.example.com/items/\(i)")
            blackHole(browser.fetch(FetchRequest("PUT", url), server: server))
        }
    }
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    print(seconds, peakRSS(), browser.cache.count)
}

func allowingServer() -> ClosureServer {
    let preflight = WireResponse(status: 204, headers: [("Access-Control-Allow-Origin", "https://app.example.com"),
                                                       ("Access-Control-Allow-Methods", "PUT"),
                                                       ("Access-Control-Allow-Headers", "content-type"),
                                                       ("Access-Control-Max-Age", "600")])
    let actual = WireResponse(status: 200, headers: [("Access-Control-Allow-Origin", "https://app.example.com"),
                                                    ("Content-Type", "application/json")], body: "{}")
    return ClosureServer { $0.isPreflight ? preflight : actual }
}

if let i = arguments.firstIndex(of: "--pipeline"), i + 1 < arguments.count, let n = Int(arguments[i + 1]) {
    pipeline(fetches: n)
    exit(0)
}
/// `--run-only N` (and `--json-only N`): parse and run an N-fetch generated scenario without
/// rendering (or rendering JSON only), for a profiler.
for mode in ["--run-only", "--json-only"] {
    guard let i = arguments.firstIndex(of: mode), i + 1 < arguments.count, let n = Int(arguments[i + 1]) else { continue }
    var generator = ScenarioGenerator(seed: 42)
    var text = ""
    generator.generate(fetches: n, into: &text)
    let scenario = try! ScenarioParser.parse(text, file: "generated.cors")
    ScenarioRunner(browsers: BrowserName.allCases).run(scenario) { report in
        if mode == "--json-only" { blackHole(JSONRenderer.render(report)) } else { blackHole(report) }
    }
    exit(0)
}
/// `--generate N`: writes the N-fetch generated scenario to standard output (to profile the command on it).
if let i = arguments.firstIndex(of: "--generate"), i + 1 < arguments.count, let n = Int(arguments[i + 1]) {
    var generator = ScenarioGenerator(seed: 42)
    var text = ""
    generator.generate(fetches: n, into: &text)
    FileHandle.standardOutput.write(Data(text.utf8))
    exit(0)
}
/// `--warm-loop N`: N warm-cache Chrome fetches and nothing else, for a profiler.
if let i = arguments.firstIndex(of: "--warm-loop"), i + 1 < arguments.count, let n = Int(arguments[i + 1]) {
    var browser = Browser(.chrome, page: try! Origin(parsing: "https://app.example.com"))
    let request = FetchRequest("PUT", try! FetchURL(parsing: "https://api.example.com/users/7"),
                               headers: [("Content-Type", "application/json")], body: .text("{}"))
    let server = allowingServer()
    for _ in 0..<n { blackHole(browser.fetch(request, server: server)) }
    exit(0)
}
if let i = arguments.firstIndex(of: "--distinct-urls"), i + 1 < arguments.count, let n = Int(arguments[i + 1]) {
    distinctURLs(n)
    exit(0)
}

func child(_ args: [String]) -> [Double] {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: CommandLine.arguments[0])
    process.arguments = args
    let pipe = Pipe()
    process.standardOutput = pipe
    try! process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return String(decoding: data, as: UTF8.self).split(whereSeparator: { $0 == " " || $0 == "\n" }).compactMap { Double($0) }
}

/// The shipped command beside this benchmark (both built by `swift build -c release`).
let cliPath = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("cors-sim").path

/// Writes an N-fetch generated scenario to a temporary file; returns its path.
func writeGeneratedFile(fetches: Int) -> String {
    var generator = ScenarioGenerator(seed: 42)
    var text = ""
    text.reserveCapacity(fetches * 90)
    generator.generate(fetches: fetches, into: &text)
    let path = NSTemporaryDirectory() + "cors-sim-bench-\(getpid())-\(fetches).cors"
    FileManager.default.createFile(atPath: path, contents: Data(text.utf8))
    return path
}

/// Runs the command `rounds` times with standard output on /dev/null (posix_spawn rather than
/// Foundation's Process, whose own set-up would dominate short runs); the fastest round's wall
/// time and CPU time (user + system, from wait4) in seconds, the largest peak RSS in bytes, and
/// the exit status.
func spawnCLI(_ arguments: [String], rounds: Int) -> (wall: Double, cpu: Double, rss: Double, status: Int32) {
    let clock = ContinuousClock()
    var best = (wall: Double.infinity, cpu: Double.infinity, rss: 0.0, status: Int32(0))
    for _ in 0..<rounds {
        var pid: pid_t = 0
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        let argv: [UnsafeMutablePointer<CChar>?] = ([cliPath] + arguments).map { strdup($0) } + [nil]
        var status: Int32 = 0
        var usage = rusage()
        let start = clock.now
        _ = posix_spawn(&pid, cliPath, &actions, nil, argv, environ)
        _ = wait4(pid, &status, 0, &usage)
        let elapsed = clock.now - start
        posix_spawn_file_actions_destroy(&actions)
        argv.forEach { free($0) }
        let wall = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let cpu = Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
        best.wall = min(best.wall, wall)
        best.cpu = min(best.cpu, cpu)
        best.rss = max(best.rss, Double(usage.ru_maxrss) * 1024)
        best.status = (status >> 8) & 0xff
    }
    return best
}

// MARK: 1. Classification

let app = try! Origin(parsing: "https://app.example.com")
let simpleRequest = FetchRequest("GET", try! FetchURL(parsing: "https://api.example.com/users?page=2"),
                                 headers: [("Accept", "application/json")])
let preflightedRequest = FetchRequest("PUT", try! FetchURL(parsing: "https://api.example.com/users/7"),
                                      headers: [("Content-Type", "application/json"), ("X-Request-Id", "42"),
                                                ("Authorization", "Bearer abc")], body: .text("{}"))
let iterations = quick ? 20_000 : 200_000
for (name, request) in [("simple", simpleRequest), ("preflighted", preflightedRequest)] {
    let ns = best { for _ in 0..<iterations { blackHole(classify(request, rules: BrowserProfile.chrome.requestHeaders)) } }
    record("classify, \(name) request", ns / Double(iterations), "ns")
}

// MARK: 2. Full fetches, warm and cold cache, per profile

let server = allowingServer()
let put = FetchRequest("PUT", try! FetchURL(parsing: "https://api.example.com/users/7"),
                       headers: [("Content-Type", "application/json")], body: .text("{}"))
for profile in BrowserName.allCases.map(BrowserProfile.named) {
    var browser = Browser(profile, page: app)
    _ = browser.fetch(put, server: server)
    let warm = best { for _ in 0..<iterations { blackHole(browser.fetch(put, server: server)) } } / Double(iterations)
    record("fetch, warm cache, \(profile.name.rawValue)", warm, "ns", atMost: 500, "≤ 500 ns (≥ 2,000,000/s)")
    let cold = best {
        for _ in 0..<iterations {
            browser.restart()
            blackHole(browser.fetch(put, server: server))
        }
    } / Double(iterations)
    record("fetch, cold cache, \(profile.name.rawValue)", cold, "ns")
}

// MARK: 2b. Firefox's eviction: the cost of a store into a full cache, at two capacities

/// Nanoseconds per store of a new key into a full merging cache with Firefox's rules at
/// `capacity`, the clock moving so that about one entry has expired by each store once the cache
/// is full (Max-Age 10 s, 10 s / capacity between stores): every store runs the expired-first purge.
func evictionStore(capacity: Int) -> Double {
    var rules = BrowserProfile.firefox.cache
    rules.shape = .merging(eviction: .expiredThenLeastRecentlyUsed(capacity: capacity))
    let url = try! FetchURL(parsing: "https://api.example.com/x")
    let result = PreflightResult(methods: ["PUT"], headerNames: ["x-a", "x-b"], credentials: false)
    let keys = (0..<(capacity + 20_000)).map { PreflightCacheKey(partition: "p", origin: "o", url: "u\($0)", credentials: false) }
    let step = Int64(10_000 / capacity)
    return best(rounds: 3) {
        var cache = PreflightCache(rules: rules)
        var now: Int64 = 0
        for key in keys {
            now += step
            _ = cache.store(result, key: key, url: url, maxAgeSeconds: 10, now: now)
        }
        blackHole(cache.count)
    } / Double(capacity + 20_000)
}
let small = evictionStore(capacity: 100), large = evictionStore(capacity: 10_000)
record("Firefox preflight cache: store at capacity 100", small, "ns")
record("Firefox preflight cache: store at capacity 10,000", large, "ns")
record("Firefox preflight cache: 10,000 / 100 cost per store", large / small, "×", atMost: 2, "O(1): ≤ 2× at 100× the entries")

// MARK: 3. The pipeline on generated files

// Each figure's library phases in a child process (its own memory), then the shipped command end
// to end: `cors-sim run FILE --browser all [--format json] > /dev/null` on a generated file, timed
// by wall clock and by the child's CPU time (less sensitive to other load), with its peak RSS.
let sizes = quick ? [10_000, 100_000] : [10_000, 100_000, 1_000_000]
var endToEnd: [String: (wall: Double, cpu: Double, rss: Double, status: Int32)] = [:]
for n in sizes {
    if n <= 100_000 {
        let r = child(["--pipeline", String(n)])
        record("library, \(n) fetch steps: output text+JSON", r[1] / 1e6, "MB")
        record("library, \(n) fetch steps: parse alone", r[3], "s")
        record("library, \(n) fetch steps: run in 4 profiles alone", r[4], "s")
        record("library, \(n) fetch steps: text rendering alone", r[5], "s")
        record("library, \(n) fetch steps: JSON rendering alone", r[6], "s")
    }
    guard FileManager.default.isExecutableFile(atPath: cliPath) else { continue }
    let file = writeGeneratedFile(fetches: n)
    defer { unlink(file) }
    for format in ["text", "json"] {
        let r = spawnCLI(["run", file, "--browser", "all", "--format", format], rounds: n >= 1_000_000 ? 1 : 3)
        endToEnd["\(n) \(format)"] = r
        let name = "cors-sim run, \(n) steps × 4 profiles, \(format) > /dev/null"
        switch (n, format) {
        case (100_000, "text"): record(name, r.wall, "s", atMost: 1, "≤ 1 s")
        case (100_000, "json"): record(name, r.wall, "s", atMost: 1.5, "≤ 1.5 s")
        default: record(name, r.wall, "s")
        }
        record(name + ": CPU time", r.cpu, "s")
        if n >= 1_000_000 {
            record(name + ": peak RSS", r.rss / 1e6, "MB", atMost: 50, "≤ 50 MB")
        } else {
            record(name + ": peak RSS", r.rss / 1e6, "MB")
        }
        if r.status != 0 && r.status != 1 { record(name + ": exit status (not a run)", Double(r.status), "") }
    }
}
for format in ["text", "json"] {
    if let a = endToEnd["100000 \(format)"], let b = endToEnd["1000000 \(format)"] {
        record("cors-sim run, 1M / 100k time, \(format)", b.wall / a.wall, "×", atMost: 10.5, "≤ 10.5×")
    }
}

// MARK: 4. Memory with 1,000,000 distinct URLs (Chrome's cache holds at most 1024)

let distinct = quick ? 100_000 : 1_000_000
let m = child(["--distinct-urls", String(distinct)])
record("\(distinct) distinct URLs through Chrome: time", m[0], "s")
record("\(distinct) distinct URLs through Chrome: peak RSS", m[1] / 1e6, "MB", target: "≤ 50 MB", met: m[1] / 1e6 <= 50)
record("\(distinct) distinct URLs through Chrome: entries left", m[2], "entries")

// MARK: 5. The recorded corpus in one process, and the CLI's cold start

let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
let corpus = root.appendingPathComponent("Tests/CORSSimScenarioTests/Fixtures/oracle-scenarios")
if let names = try? FileManager.default.contentsOfDirectory(atPath: corpus.path) {
    let texts = names.filter { $0.hasSuffix(".cors") }.sorted().map {
        ($0, try! String(contentsOf: corpus.appendingPathComponent($0), encoding: .utf8))
    }
    let ns = best(rounds: 10) {
        for (name, text) in texts {
            let scenario = try! ScenarioParser.parse(text, file: name)
            ScenarioRunner(browsers: BrowserName.allCases).run(scenario) { blackHole($0) }
        }
    }
    record("the \(texts.count) recorded scenarios, 4 profiles, one process", ns / 1e6, "ms", target: "≤ 50 ms", met: ns / 1e6 <= 50)
}
let lesson = root.appendingPathComponent("Scenarios/08-json-post-preflight.cors")
if FileManager.default.isExecutableFile(atPath: cliPath) {
    let r = spawnCLI(["run", lesson.path], rounds: 20)
    record("cors-sim run on a lesson, cold process", r.wall * 1e3, "ms", atMost: 5, "≤ 5 ms")
    record("cors-sim run on a lesson, cold process: CPU time", r.cpu * 1e3, "ms")
    record("cors-sim run on a lesson, cold process: peak RSS", r.rss / 1e6, "MB")
}

// MARK: Report

func format(_ v: Double) -> String {
    v >= 100 ? String(Int(v.rounded())) : String(format: v >= 10 ? "%.1f" : "%.2f", v)
}

if arguments.contains("--json") {
    let items = figures.map { f in
        "{\"name\":\"\(f.name)\",\"value\":\(f.value),\"unit\":\"\(f.unit)\",\"target\":\"\(f.target)\",\"ratio\":\(f.ratio.map { String($0) } ?? "null"),\"met\":\(f.met.map { $0 ? "true" : "false" } ?? "null")}"
    }
    print("[" + items.joined(separator: ",\n ") + "]")
} else {
    let width = figures.map(\.name.count).max() ?? 10
    for f in figures {
        let mark = f.met.map { $0 ? "  met" : "  NOT MET" } ?? ""
        let ratio = f.ratio.map { "   (" + String(format: "%.2f", $0) + "× the target)" } ?? ""
        let target = f.target.isEmpty ? "" : "   target \(f.target)" + ratio
        print(f.name.padding(toLength: width, withPad: " ", startingAt: 0), format(f.value).leftPadded(10), f.unit + target + mark)
    }
}

extension String {
    func leftPadded(_ n: Int) -> String { count >= n ? self : String(repeating: " ", count: n - count) + self }
}
