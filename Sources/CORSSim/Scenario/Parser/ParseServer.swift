// Server blocks: routes, responses, statuses, bodies and headers.

extension ScenarioParser.FileParser {
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
            // `cors [PRESET]` and its settings (ParsePolicy.swift).
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
        // `when CONDITION` (ParsePolicy.swift).
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
            // `when CONDITION` and the headers under it (ParsePolicy.swift).
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
    /// in both, the escapes of ``unescaped(_:_:what:)`` write any character, so NUL, CR, LF, a
    /// leading or trailing space and characters above U+00FF can be written (and never reach a
    /// terminal as they are).
    func parseRawHeader(_ line: Line, after keywordEnd: Int) throws(ScenarioError) -> Header {
        let rest = trimmed(keywordEnd..<line.end)
        guard let colon = firstIndex(of: Byte.colon, in: rest) else {
            throw failure("expected 'raw-header NAME: VALUE' with a colon after the name, found \(quoted(rest))",
                          line, at: rest.lowerBound)
        }
        let name = try unescaped(rest.lowerBound..<colon, line, what: "a raw header")
        let value = try unescaped(trimmed((colon + 1)..<rest.upperBound), line, what: "a raw header")
        return Header(name, value)
    }

    /// Decodes the escapes of a raw header or a quoted method or URL, JSON's with one addition:
    /// `\\`, `\"`, `\t`, `\r`, `\n`, `\uHHHH` (the character U+HHHH, not a surrogate) and
    /// `\xHH` (the character U+00HH: the byte HH of a ByteString, as `fetch()` sends it). Any
    /// other byte stands for itself (UTF-8 text).
    func unescaped(_ range: Range<Int>, _ line: Line, what: String) throws(ScenarioError) -> String {
        var out = String.UnicodeScalarView()
        var i = range.lowerBound
        var plain = i
        func flush(_ upTo: Int) {
            if upTo > plain { out.append(contentsOf: string(plain..<upTo).unicodeScalars) }
        }
        while i < range.upperBound {
            guard bytes[i] == UInt8(ascii: "\\") else { i += 1; continue }
            flush(i)
            let next: UInt8? = i + 1 < range.upperBound ? bytes[i + 1] : nil
            var width = 2
            switch next {
            case UInt8(ascii: "\\"): out.append("\\")
            case UInt8(ascii: "\""): out.append("\"")
            case UInt8(ascii: "t"): out.append("\t")
            case UInt8(ascii: "r"): out.append("\r")
            case UInt8(ascii: "n"): out.append("\n")
            case UInt8(ascii: "x"), UInt8(ascii: "u"):
                let digits = next == UInt8(ascii: "x") ? 2 : 4
                var value: UInt32 = 0
                var ok = i + 2 + digits <= range.upperBound
                if ok {
                    for k in 0..<digits {
                        guard let d = hexValue(bytes[i + 2 + k]) else { ok = false; break }
                        value = value << 4 | UInt32(d)
                    }
                }
                guard ok, let scalar = Unicode.Scalar(value) else {
                    let shown = quoted(i..<min(i + 2 + digits, range.upperBound))
                    let why = ok ? " (a surrogate; a string holds only characters)" : ""
                    throw failure("expected \\xHH (two hex digits) or \\uHHHH (four, not a surrogate) in \(what), found \(shown)\(why)",
                                  line, at: i)
                }
                out.append(scalar)
                width = 2 + digits
            default:
                throw failure("expected \\\\, \\\", \\t, \\r, \\n, \\xHH or \\uHHHH after a backslash in \(what), found \(quoted(i..<min(i + 2, range.upperBound)))",
                              line, at: i)
            }
            i += width
            plain = i
        }
        flush(range.upperBound)
        return String(out)
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
}
