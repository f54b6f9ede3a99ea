/// The commands that talk to real servers: `audit` and `har` (CORSSimLive does the work).
/// `run --live` and `check --live` call makeLiveServer. Same argument parser as every other
/// command.
import CORSSim
import CORSSimLive
import Foundation

extension CommandLineTool {
    /// The real server (CORSSimLive); its failures go to standard error, each once.
    func makeLiveServer(_ mapping: [Origin: String], _ p: Parsed, command: String) throws -> any Server {
        var endpoints: [Origin: LiveEndpoint] = [:]
        for (origin, base) in mapping {
            do { endpoints[origin] = try LiveEndpoint(parsing: base) } catch {
                throw UsageError(message: "--live \(origin.serialized)=\(base): \(error.detail)", command: command)
            }
        }
        let options = try liveOptions(p, command: command)
        let writeErr = env.writeErr
        let reported = Reported()
        return LiveServer(mapping: endpoints, options: options) { error in
            if reported.insert(error.description) { writeErr("error: \(TerminalText.escaped(error.description))\n") }
        }
    }

    /// `--cacert FILE` and `--timeout SECONDS`.
    func liveOptions(_ p: Parsed, command: String) throws -> LiveOptions {
        var options = LiveOptions()
        if let t = try single(p, "--timeout", command: command) {
            guard let s = Double(t), s > 0, s <= 3600 else {
                throw UsageError(message: "--timeout expects a number of seconds between 0 and 3600, found '\(t)'", command: command)
            }
            options.connectTimeout = s
            options.readTimeout = s
        }
        options.caFile = try single(p, "--cacert", command: command)
        return options
    }

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
            for e in report.errors where seen.insert(e).inserted { env.writeErr("error: \(TerminalText.escaped(e))\n") }
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
            env.writeErr("error: \(TerminalText.escaped(name))\(located ? ":" : ": ")\(TerminalText.escaped(text))\n")
            return .usage
        }
        let (replays, skipped) = replayer.replay(log)
        let report = HARReport(file: name, log: log, replays: replays, skipped: skipped)
        guard writeWithinBudget(fmt == .json ? report.json().serialized() + "\n" : report.text(color: env.color), bytes.count) else { return .usage }
        return report.anyFailure ? .expectationFailed : .ok
    }
}

/// Remembers which live-server failures were already reported: the browsers often meet the same one.
final class Reported: @unchecked Sendable {
    private var seen = Set<String>()
    func insert(_ s: String) -> Bool { seen.insert(s).inserted }
}
