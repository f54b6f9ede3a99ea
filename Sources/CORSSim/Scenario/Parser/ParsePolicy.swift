/// The parts of the scenario grammar for servers that decide per request (issue 16): `when`
/// conditions on routes and header groups, and the `cors` block of a `server`. Kept apart from
/// `ParseServer.swift`, which calls in at three places (route line, response headers, server block).
/// The contract is `Docs/scenario-format.md` ("Conditions", "A CORS policy").
extension ScenarioParser.FileParser {
    // MARK: when

    /// What may follow `when`, for messages.
    static let conditionForms = "origin in ORIGIN..., origin matches REGEX, origin starts-with TEXT, origin ends-with TEXT, "
        + "origin contains TEXT, header NAME, header NAME in VALUE... or method METHOD..., each optionally after 'not', joined by 'and'"

    /// After a route's path: nothing, or `when CONDITION`.
    func parseRouteCondition(_ cursor: inout Cursor) throws(ScenarioError) -> RequestCondition? {
        var probe = cursor
        guard let keyword = word(&probe) else { return nil }
        guard string(keyword) == "when" else {
            throw failure("expected the end of the line or 'when CONDITION' after the path, found \(quoted(keyword))",
                          cursor.line, at: keyword.lowerBound)
        }
        cursor = probe
        return try parseCondition(&cursor, after: keyword)
    }

    /// `CONDITION [and CONDITION ...]` up to the end of the line (before a comment).
    func parseCondition(_ cursor: inout Cursor, after keyword: Range<Int>) throws(ScenarioError) -> RequestCondition {
        var conditions: [RequestCondition] = []
        var previous = keyword
        repeat {
            conditions.append(try parseSingleCondition(&cursor, after: previous))
            var probe = cursor
            guard let next = word(&probe) else { break }
            guard string(next) == "and" else {
                throw failure("expected 'and' or the end of the line after a condition, found \(quoted(next))", cursor.line, at: next.lowerBound)
            }
            cursor = probe
            previous = next
        } while true
        return conditions.count == 1 ? conditions[0] : .all(conditions)
    }

    private func parseSingleCondition(_ cursor: inout Cursor, after previous: Range<Int>) throws(ScenarioError) -> RequestCondition {
        guard var subject = word(&cursor) else {
            throw failure("expected a condition (\(Self.conditionForms)) after \(quoted(previous)), found the end of the line",
                          cursor.line, at: cursor.end)
        }
        var negated = false
        if string(subject) == "not" {
            negated = true
            guard let next = word(&cursor) else {
                throw failure("expected a condition after 'not', found the end of the line", cursor.line, at: cursor.end)
            }
            subject = next
        }
        let condition: RequestCondition
        switch string(subject) {
        case "origin":
            guard let verb = word(&cursor) else {
                throw failure("expected in, matches, starts-with, ends-with or contains after 'origin', found the end of the line",
                              cursor.line, at: cursor.end)
            }
            switch string(verb) {
            case "in":
                let items = listUntilAnd(&cursor)
                guard !items.isEmpty else {
                    throw failure("expected one or more origins (or null) after 'origin in', found the end of the line",
                                  cursor.line, at: cursor.end)
                }
                var origins: [String] = []
                for item in items { origins.append(string(item) == "null" ? "null" : try parseOrigin(item, cursor.line).serialized) }
                condition = .originIn(origins)
            case "matches", "starts-with", "ends-with", "contains":
                let name = string(verb)
                guard let value = word(&cursor) else {
                    throw failure("expected \(name == "matches" ? "a regular expression" : "a text") after 'origin \(name)', found the end of the line",
                                  cursor.line, at: cursor.end)
                }
                let text = string(value)
                switch name {
                case "matches":
                    if let problem = OriginPattern.problem(in: text) {
                        throw failure("expected a regular expression after 'origin matches', found \(quoted(value)) (\(problem))",
                                      cursor.line, at: value.lowerBound)
                    }
                    condition = .originMatches(text)
                case "starts-with": condition = .originStartsWith(text)
                case "ends-with": condition = .originEndsWith(text)
                default: condition = .originContains(text)
                }
            default:
                throw failure("expected in, matches, starts-with, ends-with or contains after 'origin', found \(quoted(verb))",
                              cursor.line, at: verb.lowerBound)
            }
        case "header":
            guard let name = word(&cursor) else {
                throw failure("expected a header name after 'header', found the end of the line", cursor.line, at: cursor.end)
            }
            if let bad = name.first(where: { !Byte.isToken(bytes[$0]) }) {
                throw failure("expected a header name (letters, digits and !#$%&'*+-.^_`|~), found \(quoted(name))", cursor.line, at: bad)
            }
            var probe = cursor
            if let verb = word(&probe), string(verb) == "in" {
                cursor = probe
                let items = listUntilAnd(&cursor)
                guard !items.isEmpty else {
                    throw failure("expected one or more values after 'header \(string(name)) in', found the end of the line",
                                  cursor.line, at: cursor.end)
                }
                condition = .headerIn(string(name), items.map(string))
            } else {
                condition = .header(string(name))
            }
        case "method":
            let items = listUntilAnd(&cursor)
            guard !items.isEmpty else {
                throw failure("expected one or more methods after 'method', found the end of the line", cursor.line, at: cursor.end)
            }
            for item in items {
                if let bad = item.first(where: { !Byte.isToken(bytes[$0]) }) {
                    throw failure("expected a method such as PUT, found \(quoted(item))", cursor.line, at: bad)
                }
            }
            condition = .method(items.map(string))
        default:
            throw failure("expected a condition (\(Self.conditionForms)), found \(quoted(subject))", cursor.line, at: subject.lowerBound)
        }
        return negated ? .not(condition) : condition
    }

    /// The words up to `and` or the end of the line.
    private func listUntilAnd(_ cursor: inout Cursor) -> [Range<Int>] {
        var items: [Range<Int>] = []
        while true {
            var probe = cursor
            guard let item = word(&probe), string(item) != "and" else { return items }
            cursor = probe
            items.append(item)
        }
    }

    /// Whether a line under a route (or a server) starts with the keyword `keyword` as a word.
    func startsWithKeyword(_ line: Line, _ keyword: String) -> Bool {
        let k = Array(keyword.utf8)
        let start = line.contentStart
        guard line.end - start >= k.count else { return false }
        for (offset, byte) in k.enumerated() where bytes[start + offset] != byte { return false }
        return start + k.count == line.end || Byte.isBlank(bytes[start + k.count])
    }

    /// A `when CONDITION` line among a route's headers, and the header lines indented under it.
    mutating func parseHeaderGroup(_ whenLine: Line, into route: inout Route) throws(ScenarioError) {
        var cursor = self.cursor(whenLine, from: whenLine.contentStart, comments: true)
        let keyword = word(&cursor) ?? whenLine.contentStart..<whenLine.contentStart
        let condition = try parseCondition(&cursor, after: keyword)
        var first: Line?
        // A blank line ends the group: what follows it may be the route's body (parseResponse).
        while let line = try peekLine(), !line.isBlank {
            try checkIndentation(line)
            if isComment(line) {
                consumeLine()
                continue
            }
            guard line.indent > whenLine.indent else { break }
            if first == nil { first = line }
            try checkAlignment(line, indent: first?.indent ?? line.indent, firstLine: first?.number ?? line.number,
                               outer: (whenLine.indent, whenLine.number))
            guard route.headers.count < limits.headersPerMessage else { throw tooManyHeaders(line, count: route.headers.count) }
            consumeLine()
            if route.headerConditions.count < route.headers.count {
                route.headerConditions += Array(repeating: nil, count: route.headers.count - route.headerConditions.count)
            }
            route.headers.append(try parseHeader(line, inRoute: true))
            route.headerConditions.append(condition)
        }
        if first == nil {
            let next = try peekLine()
            let found = next.map { $0.isBlank ? "a blank line" : quoted(firstWord($0)) } ?? "the end of the file"
            throw failure("expected header lines indented under 'when' (the headers it applies to), found \(found)",
                          whenLine, at: whenLine.contentStart)
        }
    }

    // MARK: cors

    /// Whether a line of a server block is a `cors` line rather than a route: `cors` alone or
    /// followed by a word that is not a path (`cors /x` is a route of the method `cors`).
    func isCORSLine(_ line: Line) -> Bool {
        guard startsWithKeyword(line, "cors") else { return false }
        var cursor = self.cursor(line, from: line.contentStart, comments: true)
        _ = word(&cursor)
        guard let next = word(&cursor) else { return true }
        let first = bytes[next.lowerBound]
        return first != Byte.slash && !(next.count == 1 && first == Byte.star)
    }

    /// `cors [PRESET]` and its indented settings.
    mutating func parseCORS(_ corsLine: Line) throws(ScenarioError) -> CORSPolicy {
        var cursor = self.cursor(corsLine, from: corsLine.contentStart, comments: true)
        _ = word(&cursor)
        var policy = CORSPolicy()
        let presets = Self.list(CORSPolicy.Preset.allCases.map(\.rawValue))
        if let name = word(&cursor) {
            guard let preset = CORSPolicy.Preset(rawValue: string(name)) else {
                throw failure("expected a CORS middleware preset (\(presets)) after 'cors', found \(quoted(name))", corsLine, at: name.lowerBound)
            }
            policy.preset = preset
            try expectEnd(&cursor, after: "the preset")
        }
        var seen: [CORSPolicy.Setting: Int] = [:]
        var first: Line?
        while let line = try peekSignificantLine(), line.indent > corsLine.indent {
            if first == nil { first = line }
            try checkAlignment(line, indent: first?.indent ?? line.indent, firstLine: first?.number ?? line.number,
                               outer: (corsLine.indent, corsLine.number))
            consumeLine()
            var c = self.cursor(line, from: line.contentStart, comments: true)
            let nameRange = word(&c) ?? line.contentStart..<line.contentStart
            let settings = Self.list(CORSPolicy.Setting.allCases.map(\.rawValue))
            guard let setting = CORSPolicy.Setting(rawValue: string(nameRange)) else {
                throw failure("expected a cors setting (\(settings)), found \(quoted(nameRange))", line, at: nameRange.lowerBound)
            }
            guard policy.supportedSettings.contains(setting) else {
                throw failure("expected a setting the \(policy.preset.rawValue) middleware has an option for, found '\(setting.rawValue)'",
                              line, at: nameRange.lowerBound)
            }
            if let earlier = seen[setting] {
                throw failure("expected each cors setting at most once, found a second '\(setting.rawValue)' (the first is on line \(earlier))",
                              line, at: nameRange.lowerBound)
            }
            seen[setting] = line.number
            try parseSetting(setting, &c, into: &policy, name: nameRange)
        }
        if let problem = policy.problem {
            throw failure("expected a configuration the \(policy.preset.rawValue) middleware can express: \(problem)", corsLine, at: corsLine.contentStart)
        }
        return policy
    }

    private func values(_ cursor: inout Cursor, after name: Range<Int>, expected: String) throws(ScenarioError) -> [Range<Int>] {
        var items: [Range<Int>] = []
        while let item = word(&cursor) { items.append(item) }
        guard !items.isEmpty else {
            throw failure("expected \(expected) after \(quoted(name)), found the end of the line", cursor.line, at: cursor.end)
        }
        return items
    }

    private func single(_ cursor: inout Cursor, after name: Range<Int>, expected: String) throws(ScenarioError) -> Range<Int> {
        guard let item = word(&cursor) else {
            throw failure("expected \(expected) after \(quoted(name)), found the end of the line", cursor.line, at: cursor.end)
        }
        try expectEnd(&cursor, after: "the value")
        return item
    }

    private func tokens(_ items: [Range<Int>], _ line: Line, what: String) throws(ScenarioError) -> [String] {
        for item in items {
            if let bad = item.first(where: { !Byte.isToken(bytes[$0]) }) {
                throw failure("expected \(what) (letters, digits and !#$%&'*+-.^_`|~), found \(quoted(item))", line, at: bad)
            }
        }
        return items.map(string)
    }

    private func parseSetting(_ setting: CORSPolicy.Setting, _ c: inout Cursor, into policy: inout CORSPolicy,
                              name: Range<Int>) throws(ScenarioError) {
        let line = c.line
        switch setting {
        case .origins:
            let items = try values(&c, after: name, expected: "origins, *, reflect or 'fixed VALUE'")
            switch string(items[0]) {
            case "*" where items.count == 1: policy.origins = .any
            case "reflect" where items.count == 1: policy.origins = .reflect
            case "fixed":
                guard items.count == 2 else {
                    throw failure("expected one value after 'origins fixed', found \(items.count - 1)", line, at: items[0].lowerBound)
                }
                policy.origins = .fixed(string(items[1]))
            default:
                var list: [String] = []
                for item in items {
                    if string(item) == "*" || string(item) == "reflect" {
                        throw failure("expected '\(string(item))' alone on an 'origins' line, found it in a list", line, at: item.lowerBound)
                    }
                    list.append(string(item) == "null" ? "null" : try parseOrigin(item, line).serialized)
                }
                policy.origins = .list(list)
            }
        case .originPatterns:
            policy.originPatterns = try values(&c, after: name, expected: "one or more origin patterns").map(string)
            if policy.origins == nil { policy.origins = .list([]) }
        case .credentials:
            let v = try single(&c, after: name, expected: "true or false")
            switch string(v) {
            case "true": policy.credentials = true
            case "false": policy.credentials = false
            default: throw failure("expected true or false after 'credentials', found \(quoted(v))", line, at: v.lowerBound)
            }
        case .methods:
            policy.methods = try tokens(try values(&c, after: name, expected: "one or more methods"), line, what: "a method")
        case .allowHeaders:
            let items = try values(&c, after: name, expected: "header names, * or reflect")
            switch string(items[0]) {
            case "reflect" where items.count == 1: policy.allowedHeaders = .reflect
            case "*" where items.count == 1: policy.allowedHeaders = .any
            default: policy.allowedHeaders = .list(try tokens(items, line, what: "a header name"))
            }
        case .exposeHeaders:
            policy.exposedHeaders = try tokens(try values(&c, after: name, expected: "one or more header names"), line, what: "a header name")
        case .maxAge:
            let v = try single(&c, after: name, expected: "a number of seconds or none")
            if string(v) == "none" { policy.maxAge = .omitted } else {
                guard let n = number(v, maxDigits: 9) else {
                    throw failure("expected a number of seconds or none after 'max-age', found \(quoted(v))", line, at: v.lowerBound)
                }
                policy.maxAge = .seconds(n)
            }
        case .vary:
            let v = try single(&c, after: name, expected: "auto, origin or none")
            guard let mode = CORSPolicy.VaryMode(rawValue: string(v)) else {
                throw failure("expected auto, origin or none after 'vary', found \(quoted(v))", line, at: v.lowerBound)
            }
            policy.vary = mode
        case .preflightStatus:
            let v = try single(&c, after: name, expected: "a status code")
            guard let n = number(v, maxDigits: 3), (200...599).contains(n) else {
                throw failure("expected a status code from 200 to 599 after 'preflight-status', found \(quoted(v))", line, at: v.lowerBound)
            }
            policy.preflightStatus = n
        case .scope:
            let v = try single(&c, after: name, expected: "all or unrouted")
            switch string(v) {
            case "all": policy.unroutedOnly = false
            case "unrouted": policy.unroutedOnly = true
            default: throw failure("expected all or unrouted after 'scope', found \(quoted(v))", line, at: v.lowerBound)
            }
        case .errors:
            let v = try single(&c, after: name, expected: "cors or plain")
            switch string(v) {
            case "cors": policy.errorsCarryCORS = true
            case "plain": policy.errorsCarryCORS = false
            default: throw failure("expected cors or plain after 'errors', found \(quoted(v))", line, at: v.lowerBound)
            }
        }
    }
}
