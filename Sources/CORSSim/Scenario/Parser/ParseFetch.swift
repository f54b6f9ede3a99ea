// The fetch step: its options and its indented lines.

extension ScenarioParser.FileParser {
    // MARK: fetch

    /// `fetch METHOD URL [option=value ...]` and its indented lines.
    mutating func parseFetch(_ cursor: inout Cursor, location: SourceLocation) throws(ScenarioError) -> FetchStep {
        let line = cursor.line
        skipBlanks(&cursor)
        let method: String
        if cursor.position < cursor.end, bytes[cursor.position] == Byte.quote {
            method = try quotedString(&cursor, what: "a quoted method")
        } else {
            guard let methodRange = word(&cursor) else {
                throw failure("expected a method and a URL after 'fetch', such as GET https://api.example.com/, found the end of the line",
                              line, at: cursor.end)
            }
            if firstIndex(of: Byte.colon, in: methodRange) != nil, string(methodRange).contains("://") {
                throw failure("expected a method such as GET before the URL, found \(quoted(methodRange))",
                              line, at: methodRange.lowerBound)
            }
            method = string(methodRange)
        }
        skipBlanks(&cursor)
        // Any URL the URL Standard's parser accepts, as fetch() takes it: a scheme that is not
        // HTTP(S) (data:, about:, blob:, file:, ...) is main fetch's to answer. A URL in double
        // quotes takes the escapes of a quoted method and may hold spaces (`"data:; base64,WA"`).
        let url: FetchURL
        if cursor.position < cursor.end, bytes[cursor.position] == Byte.quote {
            let open = cursor.position
            let text = try quotedString(&cursor, what: "a quoted URL")
            do throws(FetchURL.ParseError) {
                url = try FetchURL(parsingAnyScheme: text)
            } catch {
                throw failure(expectation(for: error, found: open..<cursor.position), line, at: open)
            }
        } else {
            guard let urlRange = word(&cursor) else {
                throw failure("expected a URL after the method, found the end of the line", line, at: cursor.end)
            }
            do throws(FetchURL.ParseError) {
                url = try FetchURL(parsingAnyScheme: string(urlRange))
            } catch {
                throw failure(expectation(for: error, found: urlRange), line, at: urlRange.lowerBound)
            }
        }
        var fetch = FetchStep(method: method, url: url, location: location)
        try parseOptions(&cursor, into: &fetch)
        try parseFetchLines(into: &fetch, fetchLine: line)
        return fetch
    }

    /// The options a fetch line takes, as `RequestInit` names them in the scenario format.
    static let optionNames = ["mode", "credentials", "redirect", "cache", "duplex", "keepalive", "signal", "integrity", "priority",
                              "referrerPolicy", "referrer"]

    /// `mode=`, `credentials=`, `redirect=`, `cache=`, `duplex=`, `keepalive=`, `signal=`,
    /// `integrity=`, `priority=`, `referrerPolicy=`, `referrer=`, each at most once. `referrer=`
    /// takes any word (empty: no referrer); the `Request` constructor judges it when the fetch runs.
    func parseOptions(_ cursor: inout Cursor, into fetch: inout FetchStep) throws(ScenarioError) {
        var seen: [String: Int] = [:]
        while let range = word(&cursor) {
            guard let equals = firstIndex(of: Byte.equals, in: range) else {
                throw failure("expected an option such as mode=no-cors (\(Self.list(Self.optionNames))), found \(quoted(range))",
                              cursor.line, at: range.lowerBound)
            }
            let name = string(range.lowerBound..<equals)
            let valueRange = (equals + 1)..<range.upperBound
            let value = string(valueRange)
            guard Self.optionNames.contains(name) else {
                throw failure("expected an option \(Self.list(Self.optionNames)), found \(quoted(range.lowerBound..<equals))",
                              cursor.line, at: range.lowerBound)
            }
            if let first = seen[name] {
                throw failure("expected each option at most once, found a second '\(name)=' (the first is at column \(first))",
                              cursor.line, at: range.lowerBound)
            }
            seen[name] = location(cursor.line, at: range.lowerBound).column
            let found = value.isEmpty ? "nothing after '\(name)='" : quoted(valueRange)
            /// The option's value as one of the cases of `T`, or an error listing them.
            func one<T: RawRepresentable & CaseIterable>(of _: T.Type, _ what: String) throws(ScenarioError) -> T
            where T.RawValue == String {
                guard let v = T(rawValue: value) else {
                    throw failure("expected \(what) \(Self.list(T.allCases.map(\.rawValue))), found \(found)",
                                  cursor.line, at: valueRange.lowerBound)
                }
                return v
            }
            switch name {
            case "mode": fetch.mode = try one(of: RequestMode.self, "a mode")
            case "credentials": fetch.credentials = try one(of: CredentialsMode.self, "a credentials mode")
            case "redirect": fetch.redirect = try one(of: RedirectMode.self, "a redirect mode")
            case "duplex": fetch.duplex = try one(of: RequestDuplex.self, "a duplex")
            case "keepalive":
                guard value == "true" || value == "false" else {
                    throw failure("expected keepalive true or false, found \(found)", cursor.line, at: valueRange.lowerBound)
                }
                fetch.keepalive = value == "true"
            case "signal": fetch.signal = try one(of: RequestSignal.self, "a signal")
            case "integrity":
                guard !value.isEmpty else {
                    throw failure("expected integrity metadata such as sha256-BASE64, found \(found)", cursor.line, at: valueRange.lowerBound)
                }
                fetch.integrity = value
            case "priority": fetch.priority = try one(of: RequestPriority.self, "a priority")
            case "referrerPolicy":
                guard let policy = ReferrerPolicy(rawValue: value) else {
                    throw failure("expected a referrer policy \(Self.list(ReferrerPolicy.allCases.dropFirst().map(\.rawValue) + ["nothing"])), found \(found)",
                                  cursor.line, at: valueRange.lowerBound)
                }
                fetch.referrerPolicy = policy
            case "referrer": fetch.referrer = value
            default: fetch.cache = try one(of: CacheMode.self, "a cache mode")
            }
        }
    }

    /// `"..."`: a string in double quotes with the escapes of ``unescaped(_:_:what:)``, read from
    /// the cursor's position (a quote); the cursor moves past the closing quote, which must be
    /// followed by a blank or the end of the line.
    func quotedString(_ cursor: inout Cursor, what: String) throws(ScenarioError) -> String {
        let open = cursor.position
        var i = open + 1
        while i < cursor.end, bytes[i] != Byte.quote {
            i += bytes[i] == UInt8(ascii: "\\") ? 2 : 1
        }
        guard i < cursor.end else {
            throw failure("expected a closing '\"' after \(what), found the end of the line", cursor.line, at: open)
        }
        let text = try unescaped((open + 1)..<i, cursor.line, what: what)
        cursor.position = i + 1
        if cursor.position < cursor.end, !Byte.isBlank(bytes[cursor.position]) {
            throw failure("expected a space after the closing '\"' of \(what), found \(quoted(cursor.position..<cursor.position + 1))",
                          cursor.line, at: cursor.position)
        }
        return text
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
}
