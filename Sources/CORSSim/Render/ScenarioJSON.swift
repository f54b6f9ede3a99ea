/// The parsed form of a scenario as JSON (schema `cors-sim/scenario`, version 1), printed by
/// `cors-sim parse`: how tools in other languages (the real-browser recorder among them) read
/// scenario files without a parser of their own.
public enum ScenarioJSON {
    public static func render(_ scenario: Scenario) -> JSONValue {
        .object([
            ("schema", .string("cors-sim/scenario")), ("version", .int(1)), ("file", .string(scenario.file)),
            ("steps", .array(scenario.steps.map(step))),
        ])
    }

    static func step(_ s: Step) -> JSONValue {
        var f: [(String, JSONValue)] = [("line", .int(Int64(s.location.line)))]
        switch s {
        case .page(let p):
            f += [("step", .string("page")), ("origin", .optional(p.origin?.serialized)), ("top_level", .optional(p.topLevel?.serialized))]
            if let address = p.address { f.append(("address", .string(address.text))) }
            if let permission = p.localNetwork { f.append(("local_network", .string(permission.rawValue))) }
        case .server(let srv):
            f += [("step", .string("server")), ("origin", .string(srv.origin.serialized)),
                  ("routes", .array(srv.routes.map { r in
                      var fields: [(String, JSONValue)] = [
                          ("line", .int(Int64(r.location.line))), ("method", .optional(r.method)), ("path", .string(r.path)),
                          ("prefix", .bool(r.isPrefix)), ("status", .int(Int64(r.status))), ("status_text", .optional(r.statusText)),
                          ("headers", .array(r.headers.map { .array([.string($0.name), .string($0.value)]) })),
                          ("body", .string(r.body))]
                      // Request-dependent routes (issue 16): only when written, so older readers see no change.
                      // `condition` / `header_conditions`: the same tests as trees, so a reader
                      // evaluates them without parsing the text (the recorder's servers do).
                      if let condition = r.condition {
                          fields.append(("when", .string(condition.text)))
                          fields.append(("condition", ScenarioJSON.condition(condition)))
                      }
                      if !r.headerConditions.isEmpty {
                          fields.append(("header_when", .array(r.headers.indices.map { .optional(r.condition(ofHeader: $0)?.text) })))
                          fields.append(("header_conditions", .array(r.headers.indices.map { i in
                              r.condition(ofHeader: i).map(ScenarioJSON.condition) ?? .null
                          })))
                      }
                      return .object(fields)
                  }))]
            if let cors = srv.cors { f.append(("cors", .string(cors.summary))) }
            if srv.live { f.append(("live", .bool(true))) }
            if let address = srv.address { f.append(("address", .string(address.text))) }
            if srv.viaCDN { f.append(("via_cdn", .bool(true))) }
        case .wait(let w):
            f += [("step", .string("wait")), ("milliseconds", .int(w.milliseconds))]
        case .restart:
            f += [("step", .string("restart"))]
        case .note(let n):
            f += [("step", .string("note")), ("text", .string(n.text))]
        case .cookie(let c):
            f += [("step", .string("cookie")), ("text", .string(c.text))]
        case .fetch(let x):
            var body: JSONValue = .null
            if let b = x.body {
                switch b {
                case .text(let t): body = .object([("kind", .string("text")), ("text", .string(t))])
                case .urlEncoded: body = .object([("kind", .string("urlencoded"))])
                case .formData: body = .object([("kind", .string("form-data"))])
                case .stream: body = .object([("kind", .string("stream"))])
                case .blob(let type): body = .object([("kind", .string("blob")), ("type", .string(type))])
                }
            }
            f += [("step", .string("fetch")), ("method", .string(x.method)), ("url", .string(x.url.serialized())),
                  ("mode", .string(x.mode.rawValue)), ("credentials", .string(x.credentials.rawValue)),
                  ("redirect", .string(x.redirect.rawValue)), ("cache", .string(x.cache.rawValue)),
                  ("duplex", .string(x.duplex.rawValue)), ("keepalive", .bool(x.keepalive)),
                  ("signal", .string(x.signal.rawValue)), ("integrity", .string(x.integrity)),
                  ("priority", .string(x.priority.rawValue)),
                  ("referrerPolicy", .string(x.referrerPolicy.rawValue)), ("referrer", .optional(x.referrer)),
                  ("headers", .array(x.headers.map { .array([.string($0.name), .string($0.value)]) })), ("body", body),
                  ("expectations", .array(x.expectations.map { e in
                      .object([("line", .int(Int64(e.location.line))), ("browser", .optional(e.browser?.rawValue)), ("text", .string(e.text))])
                  }))]
        }
        return .object(f)
    }

    /// A `when` condition as a tree: `{"test": "origin-in", "values": [...]}`, `origin-matches` /
    /// `origin-starts-with` / `origin-ends-with` / `origin-contains` with `value`, `header` with
    /// `name`, `method` with `values`, `not` with `condition`, `all` with `conditions`.
    static func condition(_ c: RequestCondition) -> JSONValue {
        switch c {
        case .originIn(let origins): return .object([("test", .string("origin-in")), ("values", .array(origins.map { .string($0) }))])
        case .originMatches(let p): return .object([("test", .string("origin-matches")), ("value", .string(p))])
        case .originStartsWith(let t): return .object([("test", .string("origin-starts-with")), ("value", .string(t))])
        case .originEndsWith(let t): return .object([("test", .string("origin-ends-with")), ("value", .string(t))])
        case .originContains(let t): return .object([("test", .string("origin-contains")), ("value", .string(t))])
        case .header(let name): return .object([("test", .string("header")), ("name", .string(name))])
        case let .headerIn(name, values):
            return .object([("test", .string("header")), ("name", .string(name)), ("values", .array(values.map { .string($0) }))])
        case .method(let methods): return .object([("test", .string("method")), ("values", .array(methods.map { .string($0) }))])
        case .not(let inner): return .object([("test", .string("not")), ("condition", condition(inner))])
        case .all(let all): return .object([("test", .string("all")), ("conditions", .array(all.map(condition)))])
        }
    }
}
