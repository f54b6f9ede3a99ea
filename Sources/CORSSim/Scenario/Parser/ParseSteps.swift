// Steps: the file, one step, and the page, wait and note steps.

extension ScenarioParser.FileParser {
    // MARK: Steps

    /// The whole file: steps at column 1, in time order.
    mutating func parseScenario() throws(ScenarioError) -> Scenario {
        if bytes.count > limits.fileBytes {
            throw failure("expected a file of at most \(limits.fileBytes) bytes, found \(bytes.count) bytes",
                          lineStart: offset, at: offset)
        }
        var steps: [Step] = []
        var top = TopLevel()
        while let step = try parseTopLevelStep(&top) {
            steps.append(step)
        }
        guard !steps.isEmpty else { throw noStepFailure(fileHasContent: bytes.count > firstLineStart) }
        return Scenario(file: file, steps: steps)
    }

    /// What the step loop remembers from one step to the next.
    struct TopLevel {
        /// How many steps were parsed.
        var count = 0
        /// The keyword and line of the last step, for the error on an indented line after it.
        var previous: (keyword: String, line: Int)?
    }

    /// The next step at column 1, or nil at the end of the bytes; with `stopAt`, also nil when
    /// the next step starts at or after that offset (it is left unread).
    mutating func parseTopLevelStep(_ top: inout TopLevel, stopAt: Int = Int.max) throws(ScenarioError) -> Step? {
        guard let line = try peekSignificantLine(), line.start < stopAt else { return nil }
        guard line.indent == 0 else {
            var message = "expected a step at column 1, found an indented line"
            if let previous = top.previous {
                message += " ('\(previous.keyword)' on line \(previous.line) takes no indented lines)"
            }
            throw failure(message, line, at: line.contentStart)
        }
        guard top.count < limits.steps else {
            throw failure("expected at most \(limits.steps) steps in a file, found step \(top.count + 1)",
                          line, at: line.contentStart)
        }
        consumeLine()
        let (step, keyword) = try parseStep(line)
        top.count += 1
        top.previous = (keyword, line.number)
        return step
    }

    /// The error for a file without a step: `bytes` holds its first line.
    func noStepFailure(fileHasContent: Bool) -> ScenarioError {
        let found = fileHasContent ? "only comments and blank lines" : "an empty file"
        return failure("expected at least one step (\(Self.stepList)), found \(found)",
                       lineStart: firstLineStart, number: 1, at: nil)
    }

    static let stepList = "page, server, fetch, cookie, wait, restart or note"

    /// Where line 1 starts: after a UTF-8 byte order mark, if there is one.
    private var firstLineStart: Int { Self.byteOrderMarkLength(bytes) }

    static func byteOrderMarkLength(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0
    }

    /// One step whose line has been consumed; also returns its keyword.
    mutating func parseStep(_ line: Line) throws(ScenarioError) -> (Step, String) {
        var cursor = self.cursor(line, from: line.contentStart, comments: true)
        // The line is not blank, so it has a first word.
        let keywordRange = word(&cursor) ?? line.contentStart..<line.contentStart
        let keyword = string(keywordRange)
        let location = self.location(line, at: line.contentStart)
        switch keyword {
        case "page":
            return (.page(try parsePage(&cursor, location: location)), keyword)
        case "server":
            return (.server(try parseServer(&cursor, location: location)), keyword)
        case "fetch":
            return (.fetch(try parseFetch(&cursor, location: location)), keyword)
        case "wait":
            return (.wait(try parseWait(&cursor, location: location)), keyword)
        case "restart":
            try expectEnd(&cursor, after: "'restart'")
            return (.restart(location), keyword)
        case "note":
            return (.note(try parseNote(line, after: keywordRange, location: location)), keyword)
        case "cookie":
            return (.cookie(try parseCookieStep(line, after: keywordRange, location: location)), keyword)
        default:
            var message = "expected a step (\(Self.stepList)), found \(quoted(keywordRange))"
            if let hint = misplacedLineHint(keywordRange, &cursor) { message += " (\(hint))" }
            throw failure(message, line, at: keywordRange.lowerBound)
        }
    }

    /// Why a line that is not a step may have landed at column 1.
    private func misplacedLineHint(_ keyword: Range<Int>, _ cursor: inout Cursor) -> String? {
        let text = string(keyword)
        switch text {
        case "expect", "body", "body-type":
            return "'\(text)' lines belong indented under a 'fetch' line"
        default:
            break
        }
        if let colon = firstIndex(of: Byte.colon, in: keyword), colon > keyword.lowerBound,
           (keyword.lowerBound..<colon).allSatisfy({ Byte.isToken(bytes[$0]) }) {
            return "a header line belongs indented under a 'fetch' line or a route"
        }
        if keyword.allSatisfy({ Byte.isDigit(bytes[$0]) }) {
            return "a status line belongs indented under a route"
        }
        if let next = word(&cursor), bytes[next.lowerBound] == Byte.slash {
            return "a route such as 'GET /path' belongs indented under a 'server' line"
        }
        return nil
    }

    // MARK: page, wait, note

    /// `page ORIGIN [in TOP-ORIGIN] [address ADDRESS] [local-network PERMISSION]` or `page null [in TOP-ORIGIN]`.
    mutating func parsePage(_ cursor: inout Cursor, location: SourceLocation) throws(ScenarioError) -> PageStep {
        guard let originRange = word(&cursor) else {
            throw failure("expected an origin such as https://app.example.com, or null, after 'page', found the end of the line",
                          cursor.line, at: cursor.end)
        }
        let origin: Origin? = string(originRange) == "null" ? nil : try parseOrigin(originRange, cursor.line)
        var topLevel: Origin?
        var address: DeclaredAddress?
        var localNetwork: LocalNetworkPermission?
        var after = "the origin"
        while let keyword = word(&cursor) {
            switch string(keyword) {
            case "in" where topLevel == nil && address == nil && localNetwork == nil:
                guard let topRange = word(&cursor) else {
                    throw failure("expected the top-level origin after 'in', found the end of the line",
                                  cursor.line, at: cursor.end)
                }
                topLevel = try parseOrigin(topRange, cursor.line)
                after = "the top-level origin"
            case "address" where address == nil && localNetwork == nil && origin != nil:
                address = try parseAddress(&cursor, for: origin, keyword: keyword)
                after = "the address"
            case "local-network" where localNetwork == nil:
                guard let valueRange = word(&cursor) else {
                    throw failure("expected granted, denied or prompt-dismissed after 'local-network', found the end of the line",
                                  cursor.line, at: cursor.end)
                }
                guard let value = LocalNetworkPermission(rawValue: string(valueRange)) else {
                    throw failure("expected granted, denied or prompt-dismissed after 'local-network', found \(quoted(valueRange))",
                                  cursor.line, at: valueRange.lowerBound)
                }
                localNetwork = value
                after = "the permission"
            default:
                throw failure(after == "the origin"
                              ? "expected 'in TOP-ORIGIN' or the end of the line after the origin, found \(quoted(keyword))"
                              : "expected 'address ADDRESS', 'local-network PERMISSION' or the end of the line after \(after), found \(quoted(keyword))",
                              cursor.line, at: keyword.lowerBound)
            }
        }
        return PageStep(origin: origin, topLevel: topLevel, address: address, localNetwork: localNetwork, location: location)
    }

    /// ADDRESS of `address ADDRESS`: an IPv4 or IPv6 literal, or `loopback`, `local`, `public`,
    /// for an origin whose host is a name (an IP literal or `localhost` has its own space).
    func parseAddress(_ cursor: inout Cursor, for origin: Origin?, keyword: Range<Int>) throws(ScenarioError) -> DeclaredAddress {
        if case let .tuple(_, host, _)? = origin, ipAddressSpace(ofAddress: host) != nil || isLoopbackHost(host) {
            throw failure("expected 'address' only for a host name: \(host) has its own address space",
                          cursor.line, at: keyword.lowerBound)
        }
        let expected = "expected an IP address such as 192.168.1.10 or [fd00::1], or loopback, local or public, after 'address'"
        guard let range = word(&cursor) else {
            throw failure("\(expected), found the end of the line", cursor.line, at: cursor.end)
        }
        guard let address = DeclaredAddress(parsing: string(range)) else {
            throw failure("\(expected), found \(quoted(range))", cursor.line, at: range.lowerBound)
        }
        return address
    }

    /// `wait DURATION`.
    func parseWait(_ cursor: inout Cursor, location: SourceLocation) throws(ScenarioError) -> WaitStep {
        let expected = "expected a duration such as 500ms, 5s, 10m, 3h, 2d or 1h30m"
        guard let range = word(&cursor) else {
            throw failure("\(expected), found the end of the line", cursor.line, at: cursor.end)
        }
        switch duration(range) {
        case .milliseconds(let ms):
            try expectEnd(&cursor, after: "the duration")
            return WaitStep(milliseconds: ms, location: location)
        case .invalid:
            throw failure("\(expected), found \(quoted(range))", cursor.line, at: range.lowerBound)
        case .overflow:
            throw failure("expected a duration of at most \(Int64.max / 86_400_000)d, found \(quoted(range))",
                          cursor.line, at: range.lowerBound)
        }
    }

    enum Duration { case milliseconds(Int64), invalid, overflow }

    /// Whole-number parts with units ms, s, m, h, d, at least one: `500ms`, `1h30m`.
    func duration(_ range: Range<Int>) -> Duration {
        var total: Int64 = 0
        var i = range.lowerBound
        while i < range.upperBound {
            guard Byte.isDigit(bytes[i]) else { return .invalid }
            var number: Int64 = 0
            var overflow = false
            while i < range.upperBound, Byte.isDigit(bytes[i]) {
                let (times10, o1) = number.multipliedReportingOverflow(by: 10)
                let (sum, o2) = times10.addingReportingOverflow(Int64(bytes[i] - Byte.zero))
                overflow = overflow || o1 || o2
                number = sum
                i += 1
            }
            guard i < range.upperBound else { return .invalid }
            let unit: Int64
            switch bytes[i] {
            case UInt8(ascii: "m") where i + 1 < range.upperBound && bytes[i + 1] == UInt8(ascii: "s"):
                unit = 1
                i += 1
            case UInt8(ascii: "s"): unit = 1_000
            case UInt8(ascii: "m"): unit = 60_000
            case UInt8(ascii: "h"): unit = 3_600_000
            case UInt8(ascii: "d"): unit = 86_400_000
            default: return .invalid
            }
            i += 1
            let (part, o3) = number.multipliedReportingOverflow(by: unit)
            let (sum, o4) = total.addingReportingOverflow(part)
            if overflow || o3 || o4 { return .overflow }
            total = sum
        }
        return .milliseconds(total)
    }

    /// `cookie NAME=VALUE[; attributes]`: the rest of the line, `#` included, is what the page
    /// assigns to `document.cookie`; it must hold a `=` and no control character.
    func parseCookieStep(_ line: Line, after keyword: Range<Int>, location: SourceLocation) throws(ScenarioError) -> CookieStep {
        let text = trimmed(keyword.upperBound..<line.end)
        guard !text.isEmpty else {
            throw failure("expected NAME=VALUE (and optional attributes such as '; Path=/; SameSite=None; Secure') after 'cookie', found the end of the line",
                          line, at: line.end)
        }
        if let bad = text.first(where: { bytes[$0] < 0x20 || bytes[$0] == 0x7F }) {
            throw failure("expected a cookie string without control characters, found byte 0x\(String(bytes[bad], radix: 16))", line, at: bad)
        }
        guard let eq = firstIndex(of: UInt8(ascii: "="), in: text),
              !text.contains(where: { bytes[$0] == UInt8(ascii: ";") && $0 < eq }) else {
            throw failure("expected NAME=VALUE after 'cookie', found \(quoted(text))", line, at: text.lowerBound)
        }
        return CookieStep(text: string(text), location: location)
    }

    /// `note TEXT`: the rest of the line, `#` included.
    func parseNote(_ line: Line, after keyword: Range<Int>, location: SourceLocation) throws(ScenarioError) -> NoteStep {
        let text = trimmed(keyword.upperBound..<line.end)
        guard !text.isEmpty else {
            throw failure("expected the note's text after 'note', found the end of the line", line, at: line.end)
        }
        return NoteStep(text: string(text), location: location)
    }
}
