// Expectations: `expect` lines and their conditions.

extension ScenarioParser.FileParser {
    // MARK: expect

    /// The WHATs of the contract's expectation table, for messages.
    static let conditionList = "readable, opaque, opaque-redirect, blocked, preflight, request, status, exposed, "
        + "hidden, origin, preflight-headers, preflight-method, preflight-origin, reason, from-cache, revalidated, cdn, "
        + "cookie-sent, cookie-not-sent, cookie-stored or cookie-not-stored"

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
                throw failure("expected a browser chrome, firefox, safari, webkitgtk or spec before ':', found \(quoted(cursor.position..<(at ?? i)))",
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
        case "cookie-sent", "cookie-not-sent", "cookie-stored", "cookie-not-stored":
            let cookie = try argument(&cursor, after: name, expected: "a cookie name")
            if let bad = cookie.first(where: { !Byte.isToken(bytes[$0]) }) {
                throw failure("expected a cookie name (letters, digits and !#$%&'*+-.^_`|~), found \(quoted(cookie))",
                              cursor.line, at: bad)
            }
            let n = string(cookie)
            switch name {
            case "cookie-sent": condition = .cookieSent(n)
            case "cookie-not-sent": condition = .cookieNotSent(n)
            case "cookie-stored": condition = .cookieStored(n)
            default: condition = .cookieNotStored(n)
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
}
