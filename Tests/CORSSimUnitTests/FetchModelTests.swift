import Testing
@testable import CORSSim

/// The Fetch Standard's data model as the simulator implements it: origins, URLs, header lists and
/// methods (`Sources/CORSSim/Fetch/`).
@Suite("FetchModel")
struct FetchModelTests {

    // MARK: Origins (https://html.spec.whatwg.org/multipage/browsers.html#concept-origin)

    @Test("An origin serializes as scheme://host[:port], without the scheme's default port",
          arguments: [
              ("https://app.example", "https://app.example"),
              ("https://app.example:443", "https://app.example"),
              ("http://app.example:80", "http://app.example"),
              ("http://localhost:8080", "http://localhost:8080"),
              ("https://app.example:80", "https://app.example:80"),
              ("http://app.example:443", "http://app.example:443"),
              ("HTTPS://App.Example", "https://app.example"),
              ("http://127.0.0.1:8801", "http://127.0.0.1:8801"),
              ("http://[::1]:8080", "http://[::1]:8080"),
          ])
    func originSerializationDropsDefaultPort(input: String, serialized: String) throws {
        let origin = try Origin(parsing: input)
        #expect(origin.serialized == serialized)
        #expect(origin.description == serialized)
        #expect(!origin.isOpaque)
    }

    @Test("Same origin compares scheme, host and port after default ports are dropped",
          arguments: [
              ("https://app.example", "https://app.example:443", true),
              ("http://app.example", "http://app.example:80", true),
              ("https://APP.example", "https://app.example", true),
              ("https://app.example", "http://app.example", false),
              ("https://app.example", "https://app.example:8443", false),
              ("https://app.example", "https://www.app.example", false),
              ("https://app.example", "https://api.example", false),
              ("http://localhost:8080", "http://localhost:8081", false),
          ])
    func sameOriginComparesTuple(a: String, b: String, same: Bool) throws {
        let x = try Origin(parsing: a), y = try Origin(parsing: b)
        #expect(x.isSameOrigin(y) == same)
        #expect(y.isSameOrigin(x) == same)
        #expect((x == y) == same)
    }

    @Test("Two opaque origins are never the same origin, and each serializes as null")
    func opaqueOriginsNeverEqual() throws {
        var browser = Browser(.chrome, page: try Origin(parsing: "https://app.example"))
        let first = browser.newOpaqueOrigin()
        let second = browser.newOpaqueOrigin()
        #expect(first.isOpaque)
        #expect(second.isOpaque)
        #expect(!first.isSameOrigin(second))
        #expect(first != second)
        #expect(first.serialized == "null")
        #expect(second.serialized == "null")
        // An opaque origin is not the same origin as any tuple origin.
        let tuple = try Origin(parsing: "https://app.example")
        #expect(!first.isSameOrigin(tuple))
    }

    @Test("Parsing an origin refuses a path, a trailing slash, a query, a fragment or userinfo",
          arguments: [
              ("https://app.example/", OriginParseError.hasPath("https://app.example/")),
              ("https://app.example/path", .hasPath("https://app.example/path")),
              ("https://app.example:8443/", .hasPath("https://app.example:8443/")),
              ("https://app.example?q=1", .hasPath("https://app.example?q=1")),
              ("https://app.example#top", .hasPath("https://app.example#top")),
              ("https://user:pw@app.example", .hasCredentials("https://user:pw@app.example")),
              ("ftp://app.example", .invalidURL(.unsupportedScheme("ftp"))),
              ("app.example", .invalidURL(.missingScheme)),
              ("https://app.example:99999", .invalidURL(.invalidPort("99999"))),
              ("https://", .invalidURL(.missingHost)),
          ])
    func originParseErrors(input: String, error: OriginParseError) {
        #expect(throws: error) { try Origin(parsing: input) }
    }

    @Test("The origin parse error for a trailing slash names the mistake")
    func originTrailingSlashMessage() {
        #expect(OriginParseError.hasPath("https://a.example/").description
                == "an origin (scheme://host[:port]) without a path, query or trailing slash, not 'https://a.example/'")
    }

    // MARK: URLs (https://url.spec.whatwg.org/)

    @Test("Parsing a URL lower-cases scheme and host, drops the default port and splits path, query and fragment")
    func urlParsingComponents() throws {
        let url = try FetchURL(parsing: "HTTPS://API.Example:443/a/B?x=1&y=2#frag")
        #expect(url.scheme == "https")
        #expect(url.host == "api.example")
        #expect(url.port == nil)
        #expect(url.path == "/a/B")
        #expect(url.query == "x=1&y=2")
        #expect(url.fragment == "frag")
        #expect(url.serialized() == "https://api.example/a/B?x=1&y=2#frag")
        #expect(url.serialized(excludingFragment: true) == "https://api.example/a/B?x=1&y=2")
        #expect(url.pathAndQuery == "/a/B?x=1&y=2")
        let origin = try Origin(parsing: "https://api.example")
        #expect(url.origin == origin)
    }

    @Test("A URL keeps a non-default port, and an empty path becomes /",
          arguments: [
              ("http://a.example", "http://a.example/", nil as Int?),
              ("http://a.example:8080", "http://a.example:8080/", 8080),
              ("https://a.example:443/", "https://a.example/", nil),
              ("http://a.example:80/x", "http://a.example/x", nil),
              ("https://a.example:80/x", "https://a.example:80/x", 80),
              ("http://a.example?q", "http://a.example/?q", nil),
          ])
    func urlPortAndEmptyPath(input: String, serialized: String, port: Int?) throws {
        let url = try FetchURL(parsing: input)
        #expect(url.serialized() == serialized)
        #expect(url.port == port)
    }

    @Test("A URL with userinfo includes credentials")
    func urlUserinfo() throws {
        let both = try FetchURL(parsing: "https://user:pass@a.example/p")
        #expect(both.username == "user")
        #expect(both.password == "pass")
        #expect(both.includesCredentials)
        #expect(both.serialized() == "https://user:pass@a.example/p")
        let userOnly = try FetchURL(parsing: "https://user@a.example/")
        #expect(userOnly.includesCredentials)
        #expect(userOnly.password == "")
        let passwordOnly = try FetchURL(parsing: "https://:pass@a.example/")
        #expect(passwordOnly.includesCredentials)
        #expect(passwordOnly.username == "")
        let plain = try FetchURL(parsing: "https://a.example/")
        #expect(!plain.includesCredentials)
    }

    @Test("Parsing a URL reports why it failed",
          arguments: [
              ("mailto:someone@a.example", FetchURL.ParseError.unsupportedScheme("mailto")),
              ("data:text/plain,hi", .unsupportedScheme("data")),
              ("/relative/path", .missingScheme),
              ("a.example/x", .missingScheme),
              ("https://", .missingHost),
              ("https://user@/path", .missingHost),
              ("https://a b.example/", .invalidHostReason("a b.example", .domainInvalidCodePoint)),
              ("ws://a.example/", .unsupportedScheme("ws")),
              ("file:///etc/passwd", .unsupportedScheme("file")),
              ("https://[evil.com]/", .invalidHostReason("[evil.com]", .ipv6InvalidCodePoint)),
              ("https://a\u{0}b/", .invalidHostReason("a\u{0}b", .domainInvalidCodePoint)),
              ("https://256.0.0.1/", .invalidHostReason("256.0.0.1", .ipv4OutOfRangePart)),
              ("https://a.example:port/", .invalidPort("port")),
              ("https://a.example:65536/", .invalidPort("65536")),
          ])
    func urlParseErrors(input: String, error: FetchURL.ParseError) {
        #expect(throws: error) { try FetchURL(parsing: input) }
    }

    @Test("A URL longer than the maximum length is refused")
    func urlTooLong() {
        let input = "https://a.example/" + String(repeating: "a", count: FetchURL.maximumLength)
        #expect(throws: FetchURL.ParseError.tooLong(input.utf8.count)) { try FetchURL(parsing: input) }
    }

    @Test("A Location value resolves against the current URL",
          arguments: [
              ("/c", "https://api.example/c"),
              ("c", "https://api.example/a/c"),
              ("c/d?e=1", "https://api.example/a/c/d?e=1"),
              ("?z=9", "https://api.example/a/b?z=9"),
              ("#f", "https://api.example/a/b?q=1#f"),
              ("//other.example/p", "https://other.example/p"),
              ("http://x.example:8080/y", "http://x.example:8080/y"),
              ("HTTPS://Other.Example/P", "https://other.example/P"),
          ])
    func locationResolution(reference: String, resolved: String) throws {
        let base = try FetchURL(parsing: "https://api.example/a/b?q=1")
        #expect(try base.resolving(reference).serialized() == resolved)
    }

    @Test("Resolving a Location keeps a non-default port of the base")
    func locationResolutionKeepsPort() throws {
        let base = try FetchURL(parsing: "http://localhost:8802/case/x/res")
        #expect(try base.resolving("/final").serialized() == "http://localhost:8802/final")
        #expect(try base.resolving("final").serialized() == "http://localhost:8802/case/x/final")
    }

    @Test("Resolving a Location with an unsupported scheme fails")
    func locationResolutionUnsupportedScheme() throws {
        let base = try FetchURL(parsing: "https://api.example/a")
        #expect(throws: FetchURL.ParseError.unsupportedScheme("ftp")) { try base.resolving("ftp://files.example/x") }
    }

    // MARK: Header lists (https://fetch.spec.whatwg.org/#concept-header-list)

    @Test("Getting a header combines every line of that name, in order, case-insensitively")
    func headerListGetCombines() {
        let list: HeaderList = [("Accept", "a"), ("X-Other", "o"), ("accept", "b"), ("ACCEPT", "c")]
        #expect(list.get("Accept") == "a, b, c")
        #expect(list.get("accept") == "a, b, c")
        #expect(list.get("X-OTHER") == "o")
        #expect(list.get("Missing") == nil)
        #expect(list.count(of: "aCCEPT") == 3)
        #expect(list.contains("x-other"))
        #expect(!list.contains("x-missing"))
    }

    @Test("An empty header value is present, not missing")
    func headerListEmptyValue() {
        let list: HeaderList = [("Access-Control-Allow-Credentials", "")]
        #expect(list.get("access-control-allow-credentials") == "")
    }

    @Test("Combining a header list merges repeated names at the first one's place, keeping its spelling")
    func headerListCombined() {
        let list: HeaderList = [("X-A", "1"), ("Y", "2"), ("x-a", "3")]
        #expect(list.combined == [("X-A", "1, 3"), ("Y", "2")])
        #expect(list.distinctNames == ["X-A", "Y"])
    }

    @Test("Setting a header replaces the first line in place and removes the others")
    func headerListSet() {
        var list: HeaderList = [("A", "1"), ("B", "2"), ("a", "3")]
        list.set("a", "9")
        #expect(list == [("A", "9"), ("B", "2")])
        list.set("C", "4")
        #expect(list == [("A", "9"), ("B", "2"), ("C", "4")])
        list.remove("b")
        #expect(list == [("A", "9"), ("C", "4")])
    }

    @Test("Get, decode and split keeps quoted commas together and trims whitespace")
    func headerListGetDecodeSplit() {
        let list: HeaderList = [("X", "a, \"b,c\" ,d"), ("x", " e")]
        #expect(list.getDecodeSplit("X") == ["a", "\"b,c\"", "d", "e"])
        #expect(list.getDecodeSplit("Y") == nil)
    }

    @Test("A header keeps the spelling of its name and compares it in lower case")
    func headerNameSpelling() {
        let header = Header("X-Request-ID", "1")
        #expect(header.name == "X-Request-ID")
        #expect(header.lowercasedName == "x-request-id")
    }

    // MARK: Methods (https://fetch.spec.whatwg.org/#methods)

    @Test("Normalizing a method upper-cases only DELETE, GET, HEAD, OPTIONS, POST and PUT",
          arguments: [
              ("put", "PUT"), ("Put", "PUT"), ("PUT", "PUT"),
              ("delete", "DELETE"), ("get", "GET"), ("head", "HEAD"), ("options", "OPTIONS"), ("post", "POST"),
              ("patch", "patch"), ("Patch", "Patch"), ("PATCH", "PATCH"),
              ("custom", "custom"), ("propfind", "propfind"),
          ])
    func methodNormalization(input: String, normalized: String) {
        #expect(Method.normalized(input).rawValue == normalized)
    }

    @Test("CONNECT, TRACE and TRACK are forbidden in any case",
          arguments: [
              ("CONNECT", true), ("connect", true), ("Connect", true),
              ("TRACE", true), ("trace", true), ("tRaCe", true),
              ("TRACK", true), ("track", true),
              ("TRACES", false), ("PATCH", false), ("GET", false), ("OPTIONS", false), ("CONNECTS", false),
          ])
    func forbiddenMethods(method: String, forbidden: Bool) {
        #expect(Method(method).isForbidden == forbidden)
        #expect(Method.normalized(method).isForbidden == forbidden)
    }

    @Test("Only GET, HEAD and POST, byte for byte, are CORS-safelisted methods",
          arguments: [
              ("GET", true), ("HEAD", true), ("POST", true),
              ("get", false), ("Post", false), ("PUT", false), ("PATCH", false), ("OPTIONS", false),
          ])
    func safelistedMethods(method: String, safelisted: Bool) {
        #expect(Method(method).isCORSSafelisted == safelisted)
    }

    @Test("A method must be a token",
          arguments: [("GET", true), ("X-CUSTOM", true), ("*", true), ("BAD METHOD", false), ("", false), ("GET(", false)])
    func methodIsToken(method: String, token: Bool) {
        #expect(Method(method).isToken == token)
    }
}
