/// The command-line side of the live module: what the `cors-sim` executable plugs into
/// `CommandLineTool` (real servers for `run --live` and `check --live`, `audit`, `har`).
import CORSSim
import Foundation

public enum LiveCommands {
    /// The hooks for `CommandLineTool.Environment.live`.
    public static var hooks: CommandLineTool.LiveHooks {
        CommandLineTool.LiveHooks(
            makeServer: { mapping, options, report in
                try makeServer(mapping, options: try liveOptions(options), report: report)
            },
            commands: ["audit": audit, "har": har],
            help: ["audit": auditHelp, "har": harHelp])
    }

    struct Failure: Error, CustomStringConvertible { var description: String }

    static func makeServer(_ mapping: [Origin: String], options: LiveOptions, report: @escaping (String) -> Void) throws -> LiveServer {
        var endpoints: [Origin: LiveEndpoint] = [:]
        for (origin, base) in mapping {
            do { endpoints[origin] = try LiveEndpoint(parsing: base) } catch { throw Failure(description: "--live \(origin.serialized)=\(base): \(error.detail)") }
        }
        // Each failure once: the three browsers often meet the same one.
        let reported = Reported()
        return LiveServer(mapping: endpoints, options: options) { error in
            if reported.insert(error.description) { report(error.description) }
        }
    }

    /// `--cacert FILE` and `--timeout SECONDS`.
    static func liveOptions(_ values: [String: String]) throws -> LiveOptions {
        var options = LiveOptions()
        if let t = values["--timeout"] {
            guard let s = Double(t), s > 0, s <= 3600 else { throw Failure(description: "--timeout expects a number of seconds between 0 and 3600, found '\(t)'") }
            options.connectTimeout = s
            options.readTimeout = s
        }
        options.caFile = values["--cacert"]
        return options
    }
}

extension LiveCommands {
    static let auditHelp = """
    Usage: cors-sim audit URL --from ORIGIN [--method M] [-H 'Name: value']... [--body TEXT]
                          [--credentials omit|same-origin|include] [--min-severity low|medium|high]
                          [--format text|json] [--cacert FILE] [--timeout SECONDS]

    Probes a real endpoint for the CORS misconfigurations tutorials warn about. The request
    (--method, -H, --body) is sent from the front end's origin (--from) and from origins an
    attacker controls: an arbitrary one (https://evil.com), null, a suffix match
    (evil-example.com), a prefix match (example.com.evil.com) and plain http: for an https:
    site; each with and without credentials, through the Chrome, Firefox and Safari profiles.
    It also checks * (with and without credentials), Allow-Credentials values other than true,
    Vary: Origin, Expose-Headers sent only on the preflight, error responses (a path that
    404s) without CORS headers, and Max-Age above a browser's cap or unparsable.

    Severity is what a browser lets a script do: high, another site reads credentialed data;
    medium, it needs a network attacker (http:) ; low, it breaks your own requests or exposes
    only what needs no credentials; informational, no browser lets a script exploit it.

    Exit status: 1 when a finding at or above --min-severity (default medium) exists, 0 when
    none, 2 on bad arguments or when the server cannot be reached.
    The probes are real requests: audit a server you own (a development or staging instance).

    """

    static func audit(_ args: [String], _ env: CommandLineTool.Environment) -> CommandLineTool.ExitStatus {
        do {
            let p = try Arguments(args, valued: ["--from", "--method", "-H", "--header", "--body", "--credentials", "--min-severity",
                                                 "--format", "--cacert", "--timeout"])
            if p.help { env.writeOut(auditHelp); return .ok }
            guard p.positional.count == 1 else { throw Failure(description: "'audit' expects one URL, e.g. cors-sim audit http://127.0.0.1:8080/api/me --from https://app.example.com") }
            let url: FetchURL
            do { url = try FetchURL(parsing: p.positional[0]) } catch { throw Failure(description: "URL: expected \(error.description)") }
            guard url.scheme == "http" || url.scheme == "https" else { throw Failure(description: "URL: expected an http: or https: URL") }
            guard let fromText = try p.single("--from") else { throw Failure(description: "'audit' expects --from ORIGIN, the front end's origin") }
            let from: Origin
            do { from = try Origin(parsing: fromText) } catch { throw Failure(description: "--from: expected \(error.description)") }
            var target = AuditTarget(url: url, from: from)
            if let m = try p.single("--method") { target.method = m }
            target.headers = try headers(p)
            target.body = try p.single("--body")
            if let c = try p.single("--credentials") {
                guard let mode = CredentialsMode(rawValue: c) else { throw Failure(description: "--credentials expects omit, same-origin or include, found '\(c)'") }
                target.credentials = mode
            }
            var minimum = Severity.medium
            if let m = try p.single("--min-severity") {
                guard let s = Severity(name: m) else { throw Failure(description: "--min-severity expects informational, low, medium or high, found '\(m)'") }
                minimum = s
            }
            let json = try format(p)
            var options: [String: String] = [:]
            for name in ["--cacert", "--timeout"] { if let v = try p.single(name) { options[name] = v } }
            let server = LiveServer(mapping: [:], options: try liveOptions(options))
            let report = Auditor(server: server).run(target)
            if report.probes[0].response == nil, !report.errors.isEmpty {
                for e in report.errors.uniqued() { env.writeErr("error: \(TerminalText.escaped(e))\n") }
                env.writeErr("error: the audit needs a response from the server; nothing was judged\n")
                return .usage
            }
            env.writeOut(json ? report.json().serialized() + "\n" : report.text(color: env.color))
            return report.has(atLeast: minimum) ? .expectationFailed : .ok
        } catch {
            env.writeErr("error: \(TerminalText.escaped("\(error)"))\n  see 'cors-sim audit --help'\n")
            return .usage
        }
    }

    static func headers(_ p: Arguments) throws -> HeaderList {
        var headers = HeaderList()
        for h in (p.options["-H"] ?? []) + (p.options["--header"] ?? []) {
            guard let colon = h.firstIndex(of: ":"), colon > h.startIndex else { throw Failure(description: "-H expects 'Name: value', found '\(h)'") }
            headers.append(String(h[..<colon]), String(h[h.index(after: colon)...]).trimmingHTTPWhitespace())
        }
        return headers
    }

    static func format(_ p: Arguments) throws -> Bool {
        guard let f = try p.single("--format") else { return false }
        guard f == "text" || f == "json" else { throw Failure(description: "unknown format '\(f)'; expected text or json") }
        return f == "json"
    }
}

/// `--name value`, `--name=value` and positional arguments; unknown options refused.
struct Arguments {
    var positional: [String] = []
    var options: [String: [String]] = [:]
    var help = false

    init(_ args: [String], valued: Set<String>) throws {
        var i = 0
        while i < args.count {
            let arg = args[i]
            i += 1
            if arg == "--help" || arg == "-h" { help = true; continue }
            if arg == "-" || !arg.hasPrefix("-") { positional.append(arg); continue }
            var name = arg, value: String?
            if arg.hasPrefix("--"), let eq = arg.firstIndex(of: "=") {
                name = String(arg[..<eq])
                value = String(arg[arg.index(after: eq)...])
            }
            guard valued.contains(name) else {
                throw LiveCommands.Failure(description: "unknown option '\(name)'; expected one of \(valued.sorted().joined(separator: ", "))")
            }
            if value == nil {
                guard i < args.count else { throw LiveCommands.Failure(description: "option '\(name)' expects a value") }
                value = args[i]
                i += 1
            }
            options[name, default: []].append(value!)
        }
    }

    func single(_ name: String) throws -> String? {
        guard let values = options[name] else { return nil }
        if values.count > 1 { throw LiveCommands.Failure(description: "option '\(name)' given more than once") }
        return values[0]
    }
}

final class Reported: @unchecked Sendable {
    private var seen = Set<String>()
    func insert(_ s: String) -> Bool { seen.insert(s).inserted }
}

extension LiveCommands {
    static let harHelp = """
    Usage: cors-sim har FILE.har [--browser NAMES] [--credentials auto|omit|include] [--format text|json]

    Replays the cross-origin CORS requests of a HAR file (exported from Chrome's or Firefox's
    DevTools network panel) in each browser profile, with the recorded responses standing in
    for the server: recorded preflights are matched to their requests. For each request it
    prints every browser's verdict and, for each one that fails, the console message.

      --browser NAMES     chrome, firefox, safari (default: all three), spec, or a comma list
      --credentials MODE  the fetch() credentials mode; HAR files do not record it. auto
                          (default): include when the request carried cookies, else same-origin
      --format FORMAT     text (default) or json (schema cors-sim/har version 1)

    The page's origin comes from the request's Origin header, else the page's URL, else its
    Referer. Exit status: 0 every request is readable in every browser, 1 some browser fails
    one, 2 a bad file or bad arguments.

    """

    static func har(_ args: [String], _ env: CommandLineTool.Environment) -> CommandLineTool.ExitStatus {
        do {
            let p = try Arguments(args, valued: ["--browser", "--credentials", "--format"])
            if p.help { env.writeOut(harHelp); return .ok }
            guard p.positional.count == 1 else { throw Failure(description: "'har' expects one HAR file (or - for standard input)") }
            var replayer = HARReplayer()
            if let b = try p.single("--browser") {
                let names: [BrowserName] = b == "all" ? BrowserName.allCases : try b.split(separator: ",").map { part in
                    guard let n = BrowserName(rawValue: String(part)) else { throw Failure(description: "unknown browser '\(part)'; expected chrome, firefox, safari, spec or all") }
                    return n
                }
                replayer.browsers = names
            }
            if let c = try p.single("--credentials"), c != "auto" {
                guard let mode = CredentialsMode(rawValue: c) else { throw Failure(description: "--credentials expects auto, omit, same-origin or include, found '\(c)'") }
                replayer.credentials = mode
            }
            let json = try format(p)
            let file = p.positional[0]
            let name = file == "-" ? "<stdin>" : file
            let bytes: [UInt8]
            do { bytes = try env.readFile(file) } catch {
                // The same limit as a scenario's, named for what was read.
                let shown = (error as? BoundedInput.TooLarge).map { BoundedInput.TooLarge(limit: $0.limit, kind: "a HAR file") }.map { "\($0)" } ?? "\(error)"
                env.writeErr("error: cannot read '\(TerminalText.escaped(name))': \(shown)\n")
                return .usage
            }
            let log: HARLog
            do { log = try HARLog(bytes: bytes) } catch {
                // A JSON error reads `FILE:LINE:COLUMN: not JSON: ...`, like a compiler's.
                let text = "\(error)"
                let located = text.first?.isNumber == true
                env.writeErr("error: \(TerminalText.escaped(name))\(located ? ":" : ": ")\(text)\n")
                return .usage
            }
            let (replays, skipped) = replayer.replay(log)
            let report = HARReport(file: name, log: log, replays: replays, skipped: skipped)
            let output = json ? report.json().serialized() + "\n" : report.text(color: env.color)
            var budget = OutputBudget(inputBytes: bytes.count, base: env.outputBudget.base, perInputByte: env.outputBudget.perInputByte)
            guard budget.allows(output) else {
                env.writeErr("error: \(budget.message)\n")
                return .usage
            }
            env.writeOut(output)
            return report.anyFailure ? .expectationFailed : .ok
        } catch {
            env.writeErr("error: \(TerminalText.escaped("\(error)"))\n  see 'cors-sim har --help'\n")
            return .usage
        }
    }
}
