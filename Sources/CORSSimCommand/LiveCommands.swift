/// The commands that talk to real servers: `audit` and `har` (CORSSimLive does the work).
/// `run --live` and `check --live` are in CommandLineTool.swift. Same argument parser as every
/// other command.
import CORSSim
import CORSSimLive
import Foundation

extension CommandLineTool {
    // MARK: audit

    func auditCommand(_ args: [String]) throws -> ExitStatus {
        let command = "audit"
        let p = try parse(args, command: command, valued: ["--from", "--method", "-H", "--header", "--body", "--credentials", "--min-severity",
                                                          "--format", "--cacert", "--timeout"])
        if p.help { env.writeOut(Help.audit); return .ok }
        guard p.positional.count == 1 else {
            throw UsageError(message: "'audit' expects one URL, e.g. cors-sim audit http://127.0.0.1:8080/api/me --from https://app.example.com", command: command)
        }
        let url: FetchURL
        do { url = try FetchURL(parsing: p.positional[0]) } catch { throw UsageError(message: "URL: expected \(error.description)", command: command) }
        guard url.scheme == "http" || url.scheme == "https" else { throw UsageError(message: "URL: expected an http: or https: URL", command: command) }
        guard let fromText = try single(p, "--from", command: command) else {
            throw UsageError(message: "'audit' expects --from ORIGIN, the front end's origin", command: command)
        }
        let from: Origin
        do { from = try Origin(parsing: fromText) } catch { throw UsageError(message: "--from: expected \(error.description)", command: command) }
        var target = AuditTarget(url: url, from: from)
        if let m = try single(p, "--method", command: command) { target.method = m }
        target.headers = try headers(p, command: command)
        target.body = try single(p, "--body", command: command)
        if let c = try single(p, "--credentials", command: command) {
            guard let mode = CredentialsMode(rawValue: c) else {
                throw UsageError(message: "--credentials expects omit, same-origin or include, found '\(c)'", command: command)
            }
            target.credentials = mode
        }
        var minimum = Severity.medium
        if let m = try single(p, "--min-severity", command: command) {
            guard let s = Severity(name: m) else {
                throw UsageError(message: "--min-severity expects informational, low, medium or high, found '\(m)'", command: command)
            }
            minimum = s
        }
        let fmt = try format(single(p, "--format", command: command), command: command)
        let server = LiveServer(mapping: [:], options: try liveOptions(p, command: command))
        let report = Auditor(server: server).run(target)
        if report.probes[0].response == nil, !report.errors.isEmpty {
            var seen = Set<String>()
            for e in report.errors where seen.insert(e).inserted { env.writeErr("error: \(e)\n") }
            env.writeErr("error: the audit needs a response from the server; nothing was judged\n")
            return .usage
        }
        env.writeOut(fmt == .json ? report.json().serialized() + "\n" : report.text(color: env.color))
        return report.has(atLeast: minimum) ? .expectationFailed : .ok
    }

    // MARK: har

    func harCommand(_ args: [String]) throws -> ExitStatus {
        let command = "har"
        let p = try parse(args, command: command, valued: ["--browser", "--credentials", "--format"])
        if p.help { env.writeOut(Help.har); return .ok }
        guard p.positional.count == 1 else { throw UsageError(message: "'har' expects one HAR file (or - for standard input)", command: command) }
        var replayer = HARReplayer()
        if let b = try single(p, "--browser", command: command) {
            replayer.browsers = try browsers(b, command: command)
        }
        if let c = try single(p, "--credentials", command: command), c != "auto" {
            guard let mode = CredentialsMode(rawValue: c) else {
                throw UsageError(message: "--credentials expects auto, omit, same-origin or include, found '\(c)'", command: command)
            }
            replayer.credentials = mode
        }
        let fmt = try format(single(p, "--format", command: command), command: command)
        let file = p.positional[0]
        let name = file == "-" ? "<stdin>" : file
        let bytes: [UInt8]
        do { bytes = try env.readFile(file) } catch {
            env.writeErr("error: cannot read '\(name)': \(error)\n")
            return .usage
        }
        let log: HARLog
        do { log = try HARLog(data: Data(bytes)) } catch {
            env.writeErr("error: \(name): \(error)\n")
            return .usage
        }
        let (replays, skipped) = replayer.replay(log)
        let report = HARReport(file: name, log: log, replays: replays, skipped: skipped)
        env.writeOut(fmt == .json ? report.json().serialized() + "\n" : report.text(color: env.color))
        return report.anyFailure ? .expectationFailed : .ok
    }
}

/// Remembers which live-server failures were already reported: the browsers often meet the same one.
final class Reported: @unchecked Sendable {
    private var seen = Set<String>()
    func insert(_ s: String) -> Bool { seen.insert(s).inserted }
}

extension Help {
    static let audit = """
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

    static let har = """
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

}
