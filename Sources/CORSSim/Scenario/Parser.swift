/// The scenario-file parser: text of a `*.cors` file in, the syntax tree of `Syntax.swift` out.
///
/// The contract is `Docs/scenario-format.md`. The parser reads the file's UTF-8 bytes once, line by
/// line, with one line of lookahead, so its work is linear in the size of the file; it makes
/// strings only for the values the tree keeps. A file is parsed whole: the first error stops the
/// parse, names `file:line:column`, says what was expected and what was found, and renders like a
/// compiler's (`ScenarioError.rendered`).
public enum ScenarioParser {

    // MARK: Limits

    /// The largest file accepted, in bytes (64 MiB).
    public static let maximumFileBytes = 64 * 1024 * 1024
    /// The longest line accepted, in bytes, without its line break (16 KiB): room for URLs well
    /// past Chrome's 1024-character preflight-cache key limit.
    public static let maximumLineBytes = 16 * 1024
    /// The most top-level steps in one file.
    public static let maximumSteps = 2_000_000
    /// The most routes in one `server` block.
    public static let maximumRoutesPerServer = 10_000
    /// The most header lines on one message: a route's response or a fetch's request.
    public static let maximumHeadersPerMessage = 1_000
    /// The largest response body of a route, in bytes (1 MiB), lines joined with `\n`.
    public static let maximumBodyBytes = 1024 * 1024

    // MARK: Entry points

    /// Parses the text of a scenario file.
    /// - Parameters:
    ///   - text: the whole file.
    ///   - file: the name errors and source locations carry (`<stdin>` for standard input).
    public static func parse(_ text: String, file: String) throws(ScenarioError) -> Scenario {
        try parse(text, file: file, limits: Limits())
    }

    /// Parses a scenario file's raw bytes; bytes that are not UTF-8 are an error with a location.
    public static func parse(data: [UInt8], file: String) throws(ScenarioError) -> Scenario {
        try parse(data: data, file: file, limits: Limits())
    }

    /// `parse(_:file:)` with limits that tests can make small.
    static func parse(_ text: String, file: String, limits: Limits) throws(ScenarioError) -> Scenario {
        var text = text
        let result = text.withUTF8 { bytes in
            Result { () throws(ScenarioError) -> Scenario in
                var parser = FileParser(bytes: bytes, file: file, limits: limits)
                return try parser.parseScenario()
            }
        }
        return try result.get()
    }

    /// `parse(data:file:)` with limits that tests can make small.
    static func parse(data: [UInt8], file: String, limits: Limits) throws(ScenarioError) -> Scenario {
        let result = data.withUnsafeBufferPointer { bytes in
            Result { () throws(ScenarioError) -> Scenario in
                var parser = FileParser(bytes: bytes, file: file, limits: limits)
                return try parser.parseScenario()
            }
        }
        return try result.get()
    }

    /// The limits one parse enforces; the public constants above unless a test says otherwise.
    struct Limits: Sendable {
        var fileBytes = ScenarioParser.maximumFileBytes
        var lineBytes = ScenarioParser.maximumLineBytes
        var steps = ScenarioParser.maximumSteps
        var routesPerServer = ScenarioParser.maximumRoutesPerServer
        var headersPerMessage = ScenarioParser.maximumHeadersPerMessage
        var bodyBytes = ScenarioParser.maximumBodyBytes
    }
}

// MARK: - Errors

/// A scenario file that does not follow the contract: what is wrong, where, and the line it is on.
///
/// `rendered` (also `description`) prints like a compiler's error:
///
///     error: expected a duration such as 500ms, 5s, 10m, 3h, 2d or 1h30m, found '3x'
///      --> lesson.cors:12:6
///        |
///     12 | wait 3x
///        |      ^
public struct ScenarioError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What was expected and what was found, e.g. `expected a step (...), found 'fetc'`.
    public var message: String
    /// Where: the file, the line and the column (1-based, in characters) of the fault.
    public var location: SourceLocation
    /// The text of the line the fault is on, without its line break (cut at
    /// `ScenarioParser.maximumLineBytes` when the line is longer).
    public var sourceLine: String

    public init(message: String, location: SourceLocation, sourceLine: String) {
        self.message = message
        self.location = location
        self.sourceLine = sourceLine
    }

    /// The longest excerpt of the source line shown; a longer line is shown around the caret.
    static let excerptWidth = 160

    /// The error as a compiler prints it: the message, the location, the source line and a caret
    /// under the fault. Deterministic, no colours, no trailing newline.
    public var rendered: String {
        let number = String(location.line)
        let gutter = String(repeating: " ", count: number.count)
        let (text, padding) = ScenarioError.excerpt(of: sourceLine, caretColumn: location.column)
        return """
            error: \(TerminalText.escaped(message))
             --> \(TerminalText.escaped("\(location)"))
            \(gutter) |
            \(number) |\(text.isEmpty ? "" : " " + text)
            \(gutter) | \(padding)^
            """
    }

    public var description: String { rendered }

    /// The part of `line` to show and the whitespace that puts a caret under `caretColumn`.
    /// Control characters show as their Unicode control pictures (NUL as `␀`); a tab stays a tab
    /// and the caret line repeats it, so the caret lines up in any terminal.
    static func excerpt(of line: String, caretColumn: Int) -> (text: String, padding: String) {
        let characters = Array(line)
        let caret = max(0, caretColumn - 1)
        var lower = 0
        var upper = characters.count
        if characters.count > excerptWidth {
            lower = max(0, min(caret - excerptWidth / 2, characters.count - excerptWidth))
            upper = lower + excerptWidth
        }
        var text = lower > 0 ? "…" : ""
        var padding = lower > 0 ? " " : ""
        for index in lower..<upper {
            let character = characters[index]
            text += visible(character)
            if index < caret { padding += character == "\t" ? "\t" : " " }
        }
        if upper < characters.count { text += "…" }
        if caret > upper { padding += String(repeating: " ", count: caret - upper) }
        return (text, padding)
    }

    /// A character as it can be shown on a terminal: C0 controls and DEL become control pictures.
    private static func visible(_ character: Character) -> String {
        guard character != "\t", let scalar = character.unicodeScalars.first,
              character.unicodeScalars.count == 1 else { return String(character) }
        switch scalar.value {
        case 0x00..<0x20: return String(Character(Unicode.Scalar(0x2400 + scalar.value) ?? "?"))
        case 0x7F: return "\u{2421}"
        // C1 controls and bidi formatting characters (TerminalText's set): one replacement
        // character each, so the caret stays aligned.
        case 0x80...0x9F, 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: return "\u{FFFD}"
        default: return String(character)
        }
    }
}

// MARK: - Lines

extension ScenarioParser {
    /// ASCII bytes the grammar uses.
    enum Byte {
        static let tab = UInt8(ascii: "\t")
        static let newline = UInt8(ascii: "\n")
        static let carriageReturn = UInt8(ascii: "\r")
        static let space = UInt8(ascii: " ")
        static let hash = UInt8(ascii: "#")
        static let colon = UInt8(ascii: ":")
        static let equals = UInt8(ascii: "=")
        static let slash = UInt8(ascii: "/")
        static let star = UInt8(ascii: "*")
        static let question = UInt8(ascii: "?")
        static let zero = UInt8(ascii: "0")
        static let nine = UInt8(ascii: "9")

        /// RFC 9110 `tchar`: the characters of a method or a header name.
        static func isToken(_ byte: UInt8) -> Bool { byte.isHTTPTokenByte }

        static func isBlank(_ byte: UInt8) -> Bool { byte == space || byte == tab }
        static func isDigit(_ byte: UInt8) -> Bool { byte >= zero && byte <= nine }
    }

    /// One physical line of the file, as byte offsets.
    struct Line {
        /// 1-based.
        var number: Int
        /// The offset of its first byte.
        var start: Int
        /// The offset just past its last byte; the line break (`\n` or `\r\n`) is not part of it.
        var end: Int
        /// The offset where the next line starts.
        var next: Int
        /// How many spaces it starts with.
        var indent: Int
        /// Whether it holds nothing but spaces and tabs.
        var isBlank: Bool

        /// The offset of its first byte that is not a space.
        var contentStart: Int { start + indent }
    }

    /// A position on one line and where the part being read ends (before a trailing comment).
    struct Cursor {
        let line: Line
        var position: Int
        var end: Int
    }
}

// MARK: - The parser

extension ScenarioParser {
    /// Reads one file. All methods work on byte offsets into `bytes`.
    struct FileParser {
        let bytes: UnsafeBufferPointer<UInt8>
        let file: String
        let limits: Limits
        /// Where the next unread line starts.
        private var offset: Int
        /// The number of the next unread line.
        private var lineNumber = 1
        /// The next line, once it has been scanned.
        private var lookahead: Line?

        init(bytes: UnsafeBufferPointer<UInt8>, file: String, limits: Limits) {
            self.bytes = bytes
            self.file = file
            self.limits = limits
            // A UTF-8 byte order mark is not part of the first line.
            offset = Self.byteOrderMarkLength(bytes)
        }

        // MARK: Reading lines

        /// The next line, without consuming it. Checks that the line is text (UTF-8, no control
        /// characters other than tab) and not longer than the limit.
        mutating func peekLine() throws(ScenarioError) -> Line? {
            if let lookahead { return lookahead }
            guard offset < bytes.count else { return nil }
            let line = try scanLine()
            lookahead = line
            return line
        }

        /// Consumes the line `peekLine()` returned.
        mutating func consumeLine() {
            guard let line = lookahead else { return }
            offset = line.next
            lineNumber += 1
            lookahead = nil
        }

        /// The next line that is neither blank nor a comment, without consuming it; the lines
        /// skipped are consumed. A tab in the indentation of a line it meets is an error.
        mutating func peekSignificantLine() throws(ScenarioError) -> Line? {
            while let line = try peekLine() {
                if line.isBlank {
                    consumeLine()
                    continue
                }
                try checkIndentation(line)
                if bytes[line.contentStart] == Byte.hash {
                    consumeLine()
                    continue
                }
                return line
            }
            return nil
        }

        /// Indentation is spaces only.
        func checkIndentation(_ line: Line) throws(ScenarioError) {
            if bytes[line.contentStart] == Byte.tab {
                throw failure("expected spaces for indentation, found a tab", line, at: line.contentStart)
            }
        }

        /// Whether a line (not blank) is a comment line.
        func isComment(_ line: Line) -> Bool { bytes[line.contentStart] == Byte.hash }

        /// Scans the line at `offset` in one pass over its bytes.
        private func scanLine() throws(ScenarioError) -> Line {
            let start = offset
            let count = bytes.count
            let limit = start + limits.lineBytes
            var i = start
            var contentStart = -1
            var isBlank = true
            var end = count
            var next = count
            while i < count {
                let byte = bytes[i]
                if byte == Byte.newline {
                    end = i
                    next = i + 1
                    break
                }
                if byte == Byte.carriageReturn, i + 1 == count || bytes[i + 1] == Byte.newline {
                    end = i
                    next = min(i + 2, count)
                    break
                }
                if i >= limit { throw lineTooLong(start: start, at: i) }
                if byte == Byte.space {
                    i += 1
                    continue
                }
                if contentStart < 0 { contentStart = i }
                if byte == Byte.tab {
                    i += 1
                    continue
                }
                isBlank = false
                if byte < 0x80 {
                    if byte < 0x20 || byte == 0x7F { throw controlCharacter(byte, start: start, at: i) }
                    i += 1
                } else {
                    guard let length = utf8SequenceLength(at: i) else {
                        throw failure("expected UTF-8 text, found the byte 0x\(hex(bytes[i])), which is not valid UTF-8",
                                      lineStart: start, at: i)
                    }
                    if i + length > limit { throw lineTooLong(start: start, at: i) }
                    i += length
                }
            }
            let indent = (contentStart < 0 ? end : contentStart) - start
            return Line(number: lineNumber, start: start, end: end, next: next, indent: indent, isBlank: isBlank)
        }

        /// The length of the well-formed UTF-8 sequence at `i`, or nil when it is not one
        /// (Unicode table 3-7: no overlong forms, no surrogates, nothing past U+10FFFF).
        private func utf8SequenceLength(at i: Int) -> Int? {
            let lead = bytes[i]
            let length: Int
            var secondRange: ClosedRange<UInt8> = 0x80...0xBF
            switch lead {
            case 0xC2...0xDF: length = 2
            case 0xE0: length = 3; secondRange = 0xA0...0xBF
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED: length = 3; secondRange = 0x80...0x9F
            case 0xF0: length = 4; secondRange = 0x90...0xBF
            case 0xF1...0xF3: length = 4
            case 0xF4: length = 4; secondRange = 0x80...0x8F
            default: return nil
            }
            guard i + length <= bytes.count, secondRange.contains(bytes[i + 1]) else { return nil }
            for k in 2..<length where bytes[i + k] & 0xC0 != 0x80 { return nil }
            return length
        }

        private func controlCharacter(_ byte: UInt8, start: Int, at i: Int) -> ScenarioError {
            let name = byte == 0 ? "a NUL byte (U+0000); is this a binary file?"
                                 : "the control character U+00\(hex(byte))"
            return failure("expected text, found \(name)", lineStart: start, at: i)
        }

        private func lineTooLong(start: Int, at i: Int) -> ScenarioError {
            var end = i
            while end < bytes.count, bytes[end] != Byte.newline { end += 1 }
            if end > start, bytes[end - 1] == Byte.carriageReturn { end -= 1 }
            return failure("expected a line of at most \(limits.lineBytes) bytes, found one of \(end - start) bytes",
                           lineStart: start, at: i)
        }

        // MARK: Steps

        /// The whole file: steps at column 1, in time order.
        mutating func parseScenario() throws(ScenarioError) -> Scenario {
            if bytes.count > limits.fileBytes {
                throw failure("expected a file of at most \(limits.fileBytes) bytes, found \(bytes.count) bytes",
                              lineStart: offset, at: offset)
            }
            var steps: [Step] = []
            var previous: (keyword: String, line: Int)?
            while let line = try peekSignificantLine() {
                guard line.indent == 0 else {
                    var message = "expected a step at column 1, found an indented line"
                    if let previous {
                        message += " ('\(previous.keyword)' on line \(previous.line) takes no indented lines)"
                    }
                    throw failure(message, line, at: line.contentStart)
                }
                guard steps.count < limits.steps else {
                    throw failure("expected at most \(limits.steps) steps in a file, found step \(steps.count + 1)",
                                  line, at: line.contentStart)
                }
                consumeLine()
                let (step, keyword) = try parseStep(line)
                steps.append(step)
                previous = (keyword, line.number)
            }
            guard !steps.isEmpty else {
                let found = bytes.count > firstLineStart ? "only comments and blank lines" : "an empty file"
                throw failure("expected at least one step (\(Self.stepList)), found \(found)",
                              lineStart: firstLineStart, number: 1, at: nil)
            }
            return Scenario(file: file, steps: steps)
        }

        static let stepList = "page, server, fetch, wait, restart or note"

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

        /// `note TEXT`: the rest of the line, `#` included.
        func parseNote(_ line: Line, after keyword: Range<Int>, location: SourceLocation) throws(ScenarioError) -> NoteStep {
            let text = trimmed(keyword.upperBound..<line.end)
            guard !text.isEmpty else {
                throw failure("expected the note's text after 'note', found the end of the line", line, at: line.end)
            }
            return NoteStep(text: string(text), location: location)
        }

        // MARK: server and routes

        /// `server ORIGIN` and its routes.
        mutating func parseServer(_ cursor: inout Cursor, location: SourceLocation) throws(ScenarioError) -> ServerStep {
            guard let originRange = word(&cursor) else {
                throw failure("expected an origin such as https://api.example.com after 'server', found the end of the line",
                              cursor.line, at: cursor.end)
            }
            let origin = try parseOrigin(originRange, cursor.line)
            // `server ORIGIN address ADDRESS`: what the host name resolves to.
            var address: DeclaredAddress?
            var probe = cursor
            if let addressRange = word(&probe), string(addressRange) == "address" {
                cursor = probe
                address = try parseAddress(&cursor, for: origin, keyword: addressRange)
            }
            probe = cursor
            // `server ORIGIN live`: a real server answers for this origin; it has no routes.
            if let liveRange = word(&probe), string(liveRange) == "live" {
                cursor = probe
                try expectEnd(&cursor, after: "'live'")
                if let line = try peekSignificantLine(), line.indent > cursor.line.indent {
                    throw failure("expected no routes under a live server (a real server answers for \(origin.serialized)), found an indented line",
                                  line, at: line.contentStart)
                }
                return ServerStep(origin: origin, routes: [], live: true, address: address, location: location)
            }
            // `server ORIGIN via cdn`: a shared cache in front of the routes.
            var viaCDN = false
            probe = cursor
            if let via = word(&probe), string(via) == "via" {
                guard let cdn = word(&probe) else {
                    throw failure("expected 'cdn' after 'via', found the end of the line", cursor.line, at: probe.end)
                }
                guard string(cdn) == "cdn" else {
                    throw failure("expected 'cdn' after 'via', found \(quoted(cdn))", cursor.line, at: cdn.lowerBound)
                }
                cursor = probe
                viaCDN = true
                try expectEnd(&cursor, after: "'via cdn'")
            } else {
                try expectEnd(&cursor, after: address == nil ? "the origin" : "the address")
            }
            var routes: [Route] = []
            var first: Line?
            var cors: (policy: CORSPolicy, line: Int)?
            while let line = try peekSignificantLine(), line.indent > cursor.line.indent {
                let routeIndent = first?.indent ?? line.indent
                if first == nil { first = line }
                try checkAlignment(line, indent: routeIndent, firstLine: first?.number ?? line.number)
                // `cors [PRESET]` and its settings (PolicyParser.swift).
                if isCORSLine(line) {
                    if let cors {
                        throw failure("expected at most one 'cors' block per server, found a second (the first is on line \(cors.line))",
                                      line, at: line.contentStart)
                    }
                    consumeLine()
                    cors = (try parseCORS(line), line.number)
                    continue
                }
                guard routes.count < limits.routesPerServer else {
                    throw failure("expected at most \(limits.routesPerServer) routes in one server block, found route \(routes.count + 1)",
                                  line, at: line.contentStart)
                }
                consumeLine()
                routes.append(try parseRoute(line))
            }
            return ServerStep(origin: origin, routes: routes, address: address, viaCDN: viaCDN, cors: cors?.policy, location: location)
        }

        /// Siblings line up: `line` must be indented like the first line of its block. A line
        /// indented less than that may have been meant for the enclosing block, which `outer`
        /// names: the indentation and line of that block's first line, or nil for the steps.
        func checkAlignment(_ line: Line, indent: Int, firstLine: Int,
                            outer: (indent: Int, line: Int)? = nil) throws(ScenarioError) {
            guard line.indent != indent else { return }
            var expected = "expected an indentation of \(indent) \(indent == 1 ? "space" : "spaces") (lining up with line \(firstLine))"
            if line.indent < indent {
                if let outer {
                    expected += " or \(outer.indent) (lining up with line \(outer.line))"
                } else {
                    expected += ", or none for a new step"
                }
            }
            throw failure("\(expected), found \(line.indent)", line, at: line.contentStart)
        }

        /// `METHOD PATH`, then the status line, headers and an optional body.
        mutating func parseRoute(_ line: Line) throws(ScenarioError) -> Route {
            var cursor = self.cursor(line, from: line.contentStart, comments: true)
            let methodRange = word(&cursor) ?? line.contentStart..<line.contentStart
            let method = string(methodRange)
            if ["expect", "body", "body-type"].contains(method) {
                throw failure("expected a route such as 'GET /path' under 'server', found '\(method)'"
                              + " ('\(method)' lines belong under a 'fetch' line)",
                              line, at: methodRange.lowerBound)
            }
            if let bad = methodRange.first(where: { !Byte.isToken(bytes[$0]) }) {
                let hint = bytes[bad] == Byte.colon ? " (headers go under a route, after its status line)" : ""
                throw failure("expected a method such as GET, or *, found \(quoted(methodRange))\(hint)",
                              line, at: methodRange.lowerBound)
            }
            guard let pathRange = word(&cursor) else {
                throw failure("expected a path such as /users after the method, found the end of the line", line, at: cursor.end)
            }
            // A lone `*` is the prefix pattern that matches every path.
            let anyPath = pathRange.count == 1 && bytes[pathRange.lowerBound] == Byte.star
            guard anyPath || bytes[pathRange.lowerBound] == Byte.slash else {
                throw failure("expected a path starting with '/', or *, found \(quoted(pathRange))", line, at: pathRange.lowerBound)
            }
            var pathEnd = pathRange.upperBound
            let isPrefix = bytes[pathEnd - 1] == Byte.star
            if isPrefix { pathEnd -= 1 }
            if let bad = (pathRange.lowerBound..<pathEnd).first(where: { bytes[$0] == Byte.star || bytes[$0] == Byte.question }) {
                let message = bytes[bad] == Byte.star
                    ? "expected '*' only at the end of a path, found it inside \(quoted(pathRange))"
                    : "expected a path without a query (routes match the path only), found \(quoted(pathRange))"
                throw failure(message, line, at: bad)
            }
            // `when CONDITION` (PolicyParser.swift).
            let condition = try parseRouteCondition(&cursor)
            var route = Route(method: method == "*" ? nil : method, path: string(pathRange.lowerBound..<pathEnd),
                              isPrefix: isPrefix, status: 0, statusText: nil, headers: [], body: "",
                              condition: condition, location: location(line, at: line.contentStart))
            try parseResponse(into: &route, routeLine: line)
            if !route.headerConditions.isEmpty, route.headerConditions.count < route.headers.count {
                route.headerConditions += Array(repeating: nil, count: route.headers.count - route.headerConditions.count)
            }
            return route
        }

        /// A route's status line, header lines and body.
        mutating func parseResponse(into route: inout Route, routeLine: Line) throws(ScenarioError) {
            let next = try peekSignificantLine()
            guard let statusLine = next, statusLine.indent > routeLine.indent else {
                let expected = "expected a status line such as 200 or 204 No Content"
                if let next {
                    throw failure("\(expected), indented under the route on line \(routeLine.number), found \(quoted(firstWord(next)))",
                                  next, at: next.contentStart)
                }
                throw failure("\(expected), indented under this route, found the end of the file",
                              routeLine, at: routeLine.contentStart)
            }
            consumeLine()
            (route.status, route.statusText) = try parseStatus(statusLine)
            let indent = statusLine.indent
            var sawBlankLine = false
            while let line = try peekLine() {
                if line.isBlank {
                    sawBlankLine = true
                    consumeLine()
                    continue
                }
                if sawBlankLine && line.indent >= indent {
                    route.body = try parseBody(indent: indent)
                    return
                }
                try checkIndentation(line)
                if isComment(line) {
                    consumeLine()
                    continue
                }
                if line.indent <= routeLine.indent { return }
                try checkAlignment(line, indent: indent, firstLine: statusLine.number,
                                   outer: (routeLine.indent, routeLine.number))
                guard route.headers.count < limits.headersPerMessage else {
                    throw tooManyHeaders(line, count: route.headers.count)
                }
                consumeLine()
                // `when CONDITION` and the headers under it (PolicyParser.swift).
                if startsWithKeyword(line, "when") {
                    try parseHeaderGroup(line, into: &route)
                    continue
                }
                route.headers.append(try parseHeader(line, inRoute: true))
                if !route.headerConditions.isEmpty { route.headerConditions.append(nil) }
            }
        }

        /// `NNN [reason phrase]`.
        func parseStatus(_ line: Line) throws(ScenarioError) -> (Int, String?) {
            var cursor = self.cursor(line, from: line.contentStart, comments: true)
            let codeRange = word(&cursor) ?? line.contentStart..<line.contentStart
            guard let code = number(codeRange, maxDigits: 3), (100...599).contains(code) else {
                throw failure("expected a status line such as 200 or 204 No Content (a status code from 100 to 599), "
                              + "found \(quoted(codeRange))",
                              line, at: codeRange.lowerBound)
            }
            let reason = trimmed(cursor.position..<cursor.end)
            return (code, reason.isEmpty ? nil : string(reason))
        }

        /// Body lines, from the current line until a line that is not blank is indented less than
        /// `indent`; each keeps its text after `indent` spaces, and trailing blank lines are dropped.
        mutating func parseBody(indent: Int) throws(ScenarioError) -> String {
            var body: [UInt8] = []
            var pendingNewlines = 0
            while let line = try peekLine() {
                if line.isBlank {
                    pendingNewlines += 1
                    consumeLine()
                    continue
                }
                if line.indent < indent { break }
                if !body.isEmpty || pendingNewlines > 0 {
                    body.append(contentsOf: repeatElement(Byte.newline, count: pendingNewlines + 1))
                }
                pendingNewlines = 0
                body.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[(line.start + indent)..<line.end]))
                guard body.count <= limits.bodyBytes else {
                    throw failure("expected a response body of at most \(limits.bodyBytes) bytes, found \(body.count) bytes by this line",
                                  line, at: line.contentStart)
                }
                consumeLine()
            }
            return String(decoding: body, as: UTF8.self)
        }

        // MARK: Headers

        /// `Name: value`: a token, a colon right after it, and a value trimmed of spaces and tabs.
        func parseHeader(_ line: Line, inRoute: Bool) throws(ScenarioError) -> Header {
            let start = line.contentStart
            var i = start
            while i < line.end, Byte.isToken(bytes[i]) { i += 1 }
            if i > start, i < line.end, bytes[i] == Byte.colon {
                return Header(string(start..<i), string(trimmed((i + 1)..<line.end)))
            }
            guard let colon = firstIndex(of: Byte.colon, in: start..<line.end) else {
                var message = "expected a header line 'Name: value', found \(quoted(start..<line.end))"
                if inRoute { message += " (a response body goes after a blank line)" }
                throw failure(message, line, at: start)
            }
            if colon == start {
                throw failure("expected a header name before ':', found ':'", line, at: start)
            }
            throw failure("expected a header name (letters, digits and !#$%&'*+-.^_`|~) followed directly by ':', "
                          + "found \(quoted(i..<i + 1))",
                          line, at: i)
        }

        /// `raw-header NAME: VALUE`: a header as a script may pass it to `fetch()`, valid or not. NAME
        /// runs to the first colon (spaces and any bytes allowed), VALUE is trimmed of spaces and tabs;
        /// in both, `\xHH` is the byte HH and `\\` a backslash, so NUL, CR and LF can be written.
        func parseRawHeader(_ line: Line, after keywordEnd: Int) throws(ScenarioError) -> Header {
            let rest = trimmed(keywordEnd..<line.end)
            guard let colon = firstIndex(of: Byte.colon, in: rest) else {
                throw failure("expected 'raw-header NAME: VALUE' with a colon after the name, found \(quoted(rest))",
                              line, at: rest.lowerBound)
            }
            let name = try unescaped(rest.lowerBound..<colon, line)
            let value = try unescaped(trimmed((colon + 1)..<rest.upperBound), line)
            return Header(name, value)
        }

        /// Decodes `\xHH` and `\\` in a raw header's name or value.
        private func unescaped(_ range: Range<Int>, _ line: Line) throws(ScenarioError) -> String {
            var out: [UInt8] = []
            var i = range.lowerBound
            while i < range.upperBound {
                let byte = bytes[i]
                guard byte == UInt8(ascii: "\\") else { out.append(byte); i += 1; continue }
                if i + 1 < range.upperBound, bytes[i + 1] == UInt8(ascii: "\\") { out.append(byte); i += 2; continue }
                guard i + 3 < range.upperBound, bytes[i + 1] == UInt8(ascii: "x"), let hi = hexValue(bytes[i + 2]), let lo = hexValue(bytes[i + 3]) else {
                    throw failure("expected \\xHH (two hex digits) or \\\\ after a backslash in a raw header, found \(quoted(i..<min(i + 4, range.upperBound)))",
                                  line, at: i)
                }
                out.append(hi << 4 | lo)
                i += 4
            }
            return String(decoding: out, as: UTF8.self)
        }

        private func hexValue(_ byte: UInt8) -> UInt8? {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
            default: return nil
            }
        }

        func tooManyHeaders(_ line: Line, count: Int) -> ScenarioError {
            failure("expected at most \(limits.headersPerMessage) headers on one request or response, found header \(count + 1)",
                    line, at: line.contentStart)
        }

        // MARK: fetch

        /// `fetch METHOD URL [option=value ...]` and its indented lines.
        mutating func parseFetch(_ cursor: inout Cursor, location: SourceLocation) throws(ScenarioError) -> FetchStep {
            let line = cursor.line
            guard let methodRange = word(&cursor) else {
                throw failure("expected a method and a URL after 'fetch', such as GET https://api.example.com/, found the end of the line",
                              line, at: cursor.end)
            }
            if firstIndex(of: Byte.colon, in: methodRange) != nil, string(methodRange).contains("://") {
                throw failure("expected a method such as GET before the URL, found \(quoted(methodRange))",
                              line, at: methodRange.lowerBound)
            }
            guard let urlRange = word(&cursor) else {
                throw failure("expected a URL after the method, found the end of the line", line, at: cursor.end)
            }
            let url: FetchURL
            do throws(FetchURL.ParseError) {
                url = try FetchURL(parsing: string(urlRange))
            } catch {
                throw failure(expectation(for: error, found: urlRange), line, at: urlRange.lowerBound)
            }
            var fetch = FetchStep(method: string(methodRange), url: url, location: location)
            try parseOptions(&cursor, into: &fetch)
            try parseFetchLines(into: &fetch, fetchLine: line)
            return fetch
        }

        /// `mode=`, `credentials=`, `redirect=`, `cache=`, `duplex=`, each at most once.
        func parseOptions(_ cursor: inout Cursor, into fetch: inout FetchStep) throws(ScenarioError) {
            var seen: [String: Int] = [:]
            while let range = word(&cursor) {
                guard let equals = firstIndex(of: Byte.equals, in: range) else {
                    throw failure("expected an option such as mode=no-cors (mode, credentials, redirect, cache or duplex), found \(quoted(range))",
                                  cursor.line, at: range.lowerBound)
                }
                let name = string(range.lowerBound..<equals)
                let valueRange = (equals + 1)..<range.upperBound
                let value = string(valueRange)
                guard ["mode", "credentials", "redirect", "cache", "duplex"].contains(name) else {
                    throw failure("expected an option mode, credentials, redirect, cache or duplex, found \(quoted(range.lowerBound..<equals))",
                                  cursor.line, at: range.lowerBound)
                }
                if let first = seen[name] {
                    throw failure("expected each option at most once, found a second '\(name)=' (the first is at column \(first))",
                                  cursor.line, at: range.lowerBound)
                }
                seen[name] = location(cursor.line, at: range.lowerBound).column
                let found = value.isEmpty ? "nothing after '\(name)='" : quoted(valueRange)
                switch name {
                case "mode":
                    guard let mode = RequestMode(rawValue: value) else {
                        throw failure("expected a mode \(Self.list(RequestMode.allCases.map(\.rawValue))), found \(found)",
                                      cursor.line, at: valueRange.lowerBound)
                    }
                    fetch.mode = mode
                case "credentials":
                    guard let credentials = CredentialsMode(rawValue: value) else {
                        throw failure("expected a credentials mode \(Self.list(CredentialsMode.allCases.map(\.rawValue))), found \(found)",
                                      cursor.line, at: valueRange.lowerBound)
                    }
                    fetch.credentials = credentials
                case "redirect":
                    guard let redirect = RedirectMode(rawValue: value) else {
                        throw failure("expected a redirect mode \(Self.list(RedirectMode.allCases.map(\.rawValue))), found \(found)",
                                      cursor.line, at: valueRange.lowerBound)
                    }
                    fetch.redirect = redirect
                case "duplex":
                    guard let duplex = RequestDuplex(rawValue: value) else {
                        throw failure("expected a duplex \(Self.list(RequestDuplex.allCases.map(\.rawValue))), found \(found)",
                                      cursor.line, at: valueRange.lowerBound)
                    }
                    fetch.duplex = duplex
                default:
                    guard let cache = CacheMode(rawValue: value) else {
                        throw failure("expected a cache mode \(Self.list(CacheMode.allCases.map(\.rawValue))), found \(found)",
                                      cursor.line, at: valueRange.lowerBound)
                    }
                    fetch.cache = cache
                }
            }
        }

        /// The lines under a fetch: headers, `body`, `body-type` and `expect`, in any order.
        mutating func parseFetchLines(into fetch: inout FetchStep, fetchLine: Line) throws(ScenarioError) {
            var first: Line?
            var bodyLine: Int?
            while let line = try peekSignificantLine(), line.indent > fetchLine.indent {
                if first == nil { first = line }
                try checkAlignment(line, indent: first?.indent ?? line.indent, firstLine: first?.number ?? line.number)
                consumeLine()
                let start = line.contentStart
                var i = start
                while i < line.end, Byte.isToken(bytes[i]) { i += 1 }
                if i > start, i < line.end, bytes[i] == Byte.colon {
                    guard fetch.headers.count < limits.headersPerMessage else {
                        throw tooManyHeaders(line, count: fetch.headers.count)
                    }
                    fetch.headers.append(try parseHeader(line, inRoute: false))
                    continue
                }
                let keyword = string(start..<i)
                let isKeyword = i == line.end || Byte.isBlank(bytes[i])
                switch keyword {
                case "body" where isKeyword, "body-type" where isKeyword:
                    if let bodyLine {
                        throw failure("expected at most one body per fetch, found a second (the first is on line \(bodyLine))",
                                      line, at: start)
                    }
                    bodyLine = line.number
                    fetch.body = keyword == "body"
                        ? .text(string(trimmed(i..<line.end)))
                        : try parseBodyType(line, after: i)
                case "expect" where isKeyword:
                    fetch.expectations.append(try parseExpectation(line, after: i))
                case "raw-header" where isKeyword:
                    guard fetch.headers.count < limits.headersPerMessage else {
                        throw tooManyHeaders(line, count: fetch.headers.count)
                    }
                    fetch.headers.append(try parseRawHeader(line, after: i))
                default:
                    if looksLikeHeader(line, tokenEnd: i) {
                        _ = try parseHeader(line, inRoute: false)  // throws the precise error
                    }
                    throw failure("expected a header 'Name: value', 'raw-header NAME: VALUE', 'body TEXT', 'body-type TYPE' or 'expect WHAT' "
                                  + "under 'fetch', found \(quoted(firstWord(line)))",
                                  line, at: start)
                }
            }
        }

        /// Whether a line that is not a header was meant as one: its first word holds a colon, or
        /// only blanks stand between its leading token and a colon (`X-Foo : 1`).
        private func looksLikeHeader(_ line: Line, tokenEnd: Int) -> Bool {
            if firstIndex(of: Byte.colon, in: firstWord(line)) != nil { return true }
            var i = tokenEnd
            while i < line.end, Byte.isBlank(bytes[i]) { i += 1 }
            return tokenEnd > line.contentStart && i < line.end && bytes[i] == Byte.colon
        }

        /// `body-type urlencoded|form-data|stream|blob [TYPE]`.
        func parseBodyType(_ line: Line, after keywordEnd: Int) throws(ScenarioError) -> RequestBody {
            var cursor = self.cursor(line, from: keywordEnd, comments: true)
            let expected = "expected a body type urlencoded, form-data, stream or blob TYPE"
            guard let kind = word(&cursor) else {
                throw failure("\(expected), found the end of the line", line, at: cursor.end)
            }
            let body: RequestBody
            switch string(kind) {
            case "urlencoded": body = .urlEncoded
            case "form-data": body = .formData
            case "stream": body = .stream
            case "blob": return .blob(type: string(trimmed(cursor.position..<cursor.end)))
            default: throw failure("\(expected), found \(quoted(kind))", line, at: kind.lowerBound)
            }
            try expectEnd(&cursor, after: "'\(string(kind))'")
            return body
        }

        // MARK: expect

        /// The WHATs of the contract's expectation table, for messages.
        static let conditionList = "readable, opaque, opaque-redirect, blocked, preflight, request, status, exposed, "
            + "hidden, origin, preflight-headers, preflight-method, preflight-origin, reason, from-cache, revalidated or cdn"

        /// `expect [BROWSER:] WHAT`.
        func parseExpectation(_ line: Line, after keywordEnd: Int) throws(ScenarioError) -> Expectation {
            var cursor = self.cursor(line, from: keywordEnd, comments: true)
            skipBlanks(&cursor)
            var browser: BrowserName?
            var version: Int?
            var i = cursor.position
            while i < cursor.end, Byte.isToken(bytes[i]) { i += 1 }
            var at: Int?
            if i > cursor.position, i < cursor.end, bytes[i] == UInt8(ascii: "@") {
                // `chrome@75:`: a version.
                at = i
                i += 1
                while i < cursor.end, Byte.isToken(bytes[i]) { i += 1 }
            }
            if i > cursor.position, i < cursor.end, bytes[i] == Byte.colon {
                guard let name = BrowserName(rawValue: string(cursor.position..<(at ?? i))) else {
                    throw failure("expected a browser chrome, firefox, safari or spec before ':', found \(quoted(cursor.position..<(at ?? i)))",
                                  line, at: cursor.position)
                }
                if let at {
                    do {
                        version = try BrowserProfile.named(string(cursor.position..<i)).version
                    } catch {
                        throw failure(error.description, line, at: at + 1)
                    }
                }
                browser = name
                cursor.position = i + 1
                skipBlanks(&cursor)
            }
            let textStart = cursor.position
            guard let what = word(&cursor) else {
                throw failure("expected what to expect (\(Self.conditionList)), found the end of the line", line, at: cursor.end)
            }
            let condition = try parseCondition(what, &cursor)
            return Expectation(browser: browser, version: version, condition: condition, text: string(textStart..<cursor.end),
                               location: location(line, at: line.contentStart))
        }

        /// WHAT of an `expect` line, from the table in the contract.
        func parseCondition(_ what: Range<Int>, _ cursor: inout Cursor) throws(ScenarioError) -> Expectation.Condition {
            let name = string(what)
            let condition: Expectation.Condition
            switch name {
            case "readable": condition = .readable
            case "opaque": condition = .opaque
            case "opaque-redirect": condition = .opaqueRedirect
            case "blocked": condition = .blocked
            case "preflight":
                let state = try argument(&cursor, after: name, expected: "sent, cached or none")
                guard let value = Expectation.PreflightState(rawValue: string(state)) else {
                    throw failure("expected preflight sent, cached or none, found \(quoted(state))", cursor.line, at: state.lowerBound)
                }
                condition = .preflight(value)
            case "request":
                let state = try argument(&cursor, after: name, expected: "sent or not-sent")
                switch string(state) {
                case "sent": condition = .requestSent(true)
                case "not-sent": condition = .requestSent(false)
                default:
                    throw failure("expected request sent or not-sent, found \(quoted(state))", cursor.line, at: state.lowerBound)
                }
            case "from-cache": condition = .fromCache
            case "revalidated": condition = .revalidated
            case "cdn":
                let state = try argument(&cursor, after: name, expected: "hit or miss")
                switch string(state) {
                case "hit": condition = .cdn(hit: true)
                case "miss": condition = .cdn(hit: false)
                default: throw failure("expected cdn hit or miss, found \(quoted(state))", cursor.line, at: state.lowerBound)
                }
            case "status":
                let code = try argument(&cursor, after: name, expected: "a status code")
                guard let value = number(code, maxDigits: 3), value == 0 || (100...599).contains(value) else {
                    throw failure("expected a status code, 0 or from 100 to 599, found \(quoted(code))", cursor.line, at: code.lowerBound)
                }
                condition = .status(value)
            case "exposed", "hidden":
                let header = try argument(&cursor, after: name, expected: "a header name")
                if let bad = header.first(where: { !Byte.isToken(bytes[$0]) }) {
                    throw failure("expected a header name (letters, digits and !#$%&'*+-.^_`|~), found \(quoted(header))",
                                  cursor.line, at: bad)
                }
                condition = name == "exposed" ? .exposed(string(header)) : .hidden(string(header))
            case "origin", "preflight-headers", "preflight-method", "preflight-origin":
                let rest = trimmed(cursor.position..<cursor.end)
                guard !rest.isEmpty else {
                    throw failure("expected a value or none after '\(name)', found the end of the line", cursor.line, at: cursor.end)
                }
                cursor.position = cursor.end
                let value: String? = string(rest) == "none" ? nil : string(rest)
                switch name {
                case "origin": condition = .origin(value)
                case "preflight-headers": condition = .preflightHeaders(value)
                case "preflight-method": condition = .preflightMethod(value)
                default: condition = .preflightOrigin(value)
                }
            case "reason":
                let code = try argument(&cursor, after: name, expected: "a reason code")
                guard let reason = ReasonCode(rawValue: string(code)) else {
                    throw failure("expected a reason code (\(Self.list(ReasonCode.allCases.map(\.rawValue)))), found \(quoted(code))",
                                  cursor.line, at: code.lowerBound)
                }
                condition = .reason(reason)
            default:
                throw failure("expected what to expect (\(Self.conditionList)), found \(quoted(what))",
                              cursor.line, at: what.lowerBound)
            }
            try expectEnd(&cursor, after: "'\(name)'\(cursor.position > what.upperBound ? " and its value" : "")")
            return condition
        }

        /// The one word that must follow `name`.
        private func argument(_ cursor: inout Cursor, after name: String, expected: String) throws(ScenarioError) -> Range<Int> {
            guard let range = word(&cursor) else {
                throw failure("expected \(expected) after '\(name)', found the end of the line", cursor.line, at: cursor.end)
            }
            return range
        }

        // MARK: Origins and URLs

        /// An origin such as `https://app.example.com`.
        func parseOrigin(_ range: Range<Int>, _ line: Line) throws(ScenarioError) -> Origin {
            do throws(OriginParseError) {
                return try Origin(parsing: string(range))
            } catch {
                let message: String
                switch error {
                case .invalidURL(let urlError): message = expectation(for: urlError, found: range)
                case .hasPath, .hasCredentials: message = "expected \(error)"
                }
                throw failure(message, line, at: range.lowerBound)
            }
        }

        /// "expected ..." for a URL error; the error's description already quotes what it found,
        /// except when the scheme or host is missing.
        func expectation(for error: FetchURL.ParseError, found range: Range<Int>) -> String {
            switch error {
            case .missingScheme, .missingHost: return "expected \(error), found \(quoted(range))"
            case .unsupportedScheme, .invalidPort, .invalidHost, .invalidHostReason, .tooLong: return "expected \(error)"
            }
        }

        // MARK: Words

        /// A cursor over `line` from `position`; with `comments`, the part read stops before a
        /// ` #` comment. Trailing spaces and tabs are left out.
        func cursor(_ line: Line, from position: Int, comments: Bool) -> Cursor {
            var end = line.end
            if comments {
                var i = max(position, line.contentStart + 1)
                while i < end {
                    if bytes[i] == Byte.hash, Byte.isBlank(bytes[i - 1]) {
                        end = i
                        break
                    }
                    i += 1
                }
            }
            while end > position, Byte.isBlank(bytes[end - 1]) { end -= 1 }
            return Cursor(line: line, position: position, end: max(position, end))
        }

        func skipBlanks(_ cursor: inout Cursor) {
            while cursor.position < cursor.end, Byte.isBlank(bytes[cursor.position]) { cursor.position += 1 }
        }

        /// The next word: skips spaces and tabs, then runs to the next space or tab.
        func word(_ cursor: inout Cursor) -> Range<Int>? {
            skipBlanks(&cursor)
            guard cursor.position < cursor.end else { return nil }
            let start = cursor.position
            while cursor.position < cursor.end, !Byte.isBlank(bytes[cursor.position]) { cursor.position += 1 }
            return start..<cursor.position
        }

        /// Nothing but a comment may follow.
        func expectEnd(_ cursor: inout Cursor, after what: String) throws(ScenarioError) {
            if let extra = word(&cursor) {
                throw failure("expected the end of the line after \(what), found \(quoted(extra))", cursor.line, at: extra.lowerBound)
            }
        }

        /// The first word of a line.
        func firstWord(_ line: Line) -> Range<Int> {
            var cursor = Cursor(line: line, position: line.contentStart, end: line.end)
            return word(&cursor) ?? line.contentStart..<line.contentStart
        }

        /// `range` without leading and trailing spaces and tabs.
        func trimmed(_ range: Range<Int>) -> Range<Int> {
            var lower = range.lowerBound
            var upper = range.upperBound
            while lower < upper, Byte.isBlank(bytes[lower]) { lower += 1 }
            while upper > lower, Byte.isBlank(bytes[upper - 1]) { upper -= 1 }
            return lower..<upper
        }

        func firstIndex(of byte: UInt8, in range: Range<Int>) -> Int? {
            range.first { bytes[$0] == byte }
        }

        /// A decimal number of 1 to `maxDigits` digits.
        func number(_ range: Range<Int>, maxDigits: Int) -> Int? {
            guard !range.isEmpty, range.count <= maxDigits else { return nil }
            var value = 0
            for i in range {
                guard Byte.isDigit(bytes[i]) else { return nil }
                value = value * 10 + Int(bytes[i] - Byte.zero)
            }
            return value
        }

        func string(_ range: Range<Int>) -> String {
            String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
        }

        /// `'text'` for a message, shortened when long.
        func quoted(_ range: Range<Int>) -> String {
            let text = string(range)
            let limit = 60
            guard text.count > limit else { return "'\(text)'" }
            return "'\(text.prefix(limit))…'"
        }

        /// `a, b or c`.
        static func list(_ items: [String]) -> String {
            guard let last = items.last else { return "" }
            return items.count == 1 ? last : items.dropLast().joined(separator: ", ") + " or " + last
        }

        private func hex(_ byte: UInt8) -> String {
            let digits = Array("0123456789ABCDEF")
            return String([digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]])
        }

        // MARK: Locations and errors

        /// The location of byte `offset` on `line`; the column counts characters.
        func location(_ line: Line, at offset: Int) -> SourceLocation {
            SourceLocation(file: file, line: line.number, column: column(lineStart: line.start, at: offset))
        }

        private func column(lineStart: Int, at offset: Int) -> Int {
            let prefix = UnsafeBufferPointer(rebasing: bytes[lineStart..<offset])
            if prefix.allSatisfy({ $0 < 0x80 }) { return prefix.count + 1 }
            return String(decoding: prefix, as: UTF8.self).count + 1
        }

        /// An error at byte `offset` of a scanned line.
        func failure(_ message: String, _ line: Line, at offset: Int) -> ScenarioError {
            failure(message, lineStart: line.start, number: line.number, at: offset)
        }

        /// An error at byte `offset` of the line being scanned.
        func failure(_ message: String, lineStart: Int, at offset: Int) -> ScenarioError {
            failure(message, lineStart: lineStart, number: lineNumber, at: offset)
        }

        /// An error on the line starting at `lineStart`; a nil offset is column 1.
        func failure(_ message: String, lineStart: Int, number: Int, at offset: Int?) -> ScenarioError {
            // The source line, cut at the line limit on a character boundary.
            var end = lineStart
            let cap = min(bytes.count, lineStart + limits.lineBytes)
            while end < cap, bytes[end] != Byte.newline { end += 1 }
            if end == cap, end < bytes.count, bytes[end] != Byte.newline {
                while end > lineStart, bytes[end] & 0xC0 == 0x80 { end -= 1 }
            }
            if end > lineStart, bytes[end - 1] == Byte.carriageReturn { end -= 1 }
            let column = offset.map { self.column(lineStart: lineStart, at: $0) } ?? 1
            return ScenarioError(message: message,
                                 location: SourceLocation(file: file, line: number, column: column),
                                 sourceLine: String(decoding: UnsafeBufferPointer(rebasing: bytes[lineStart..<end]), as: UTF8.self))
        }
    }
}
