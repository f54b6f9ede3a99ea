import Testing
import CORSSimTestSupport
@testable import CORSSim

/// The `Request` constructor's checks: each engine's order and words, and that nothing goes on the
/// wire when one fails. (The single-failure cases are also held to real recordings in
/// `Tests/Conformance/`; these tables add the cases no recording shows: the order when two checks
/// fail, and checks the recorder cannot express.)
@Suite("Request constructor checks")
struct RequestValidationTests {
    static let page = try! Origin(parsing: "https://app.example.com")
    static let api = try! FetchURL(parsing: "https://api.example.com/res")
    static var everyone: ClosureServer { ClosureServer { request in
        var headers: HeaderList = [("Access-Control-Allow-Origin", "*")]
        if request.isPreflight { headers.append("Access-Control-Allow-Methods", "PUT, PATCH") }
        return WireResponse(status: 200, headers: headers)
    }
    }

    static func fetch(_ name: BrowserName, _ request: FetchRequest, page: Origin = page,
                      server: ClosureServer? = nil) -> FetchOutcome {
        var browser = Browser(.named(name), page: page)
        return browser.fetch(request, server: server ?? everyone)
    }

    struct Case: Sendable, CustomTestStringConvertible {
        var label: String
        var request: FetchRequest
        var reason: ReasonCode
        var chrome: String
        var firefox: String
        var safari: String
        /// Gecko's reason where its order makes another check fail first.
        var firefoxReason: ReasonCode? = nil
        var testDescription: String { label }
    }

    static let cases: [Case] = [
        Case(label: "mode navigate", request: FetchRequest("GET", api, mode: .navigate), reason: .navigateMode,
             chrome: "TypeError: Failed to execute 'fetch' on 'Window': Cannot construct a Request with a RequestInit whose mode member is set as 'navigate'.",
             firefox: "TypeError: Window.fetch: Invalid request mode navigate.",
             safari: "TypeError: Request constructor does not accept navigate fetch mode."),
        // Recorded: Tests/Conformance referrer-policy-request-referrer.
        Case(label: "a referrer that is not a URL", request: FetchRequest("GET", api, referrer: "http://[::1"),
             reason: .invalidReferrer,
             chrome: "TypeError: Failed to execute 'fetch' on 'Window': Referrer 'http://[::1' is not a valid URL.",
             firefox: "TypeError: Window.fetch: Invalid referrer URL http://[::1.",
             safari: "TypeError: Referrer is not a valid URL."),
        // Two failures: Gecko checks the mode before the referrer, the others after.
        Case(label: "mode navigate with a referrer that is not a URL",
             request: FetchRequest("GET", api, mode: .navigate, referrer: "http://[::1"), reason: .invalidReferrer,
             chrome: "TypeError: Failed to execute 'fetch' on 'Window': Referrer 'http://[::1' is not a valid URL.",
             firefox: "TypeError: Window.fetch: Invalid request mode navigate.",
             safari: "TypeError: Referrer is not a valid URL.", firefoxReason: .navigateMode),
        Case(label: "a header name with a space", request: FetchRequest("GET", api, headers: [("X Foo", "1")]),
             reason: .invalidHeaderName,
             chrome: "TypeError: Failed to execute 'fetch' on 'Window': Invalid name",
             firefox: "TypeError: Window.fetch: x foo is an invalid header name.",
             safari: "TypeError: Invalid header name: 'X Foo'"),
        Case(label: "a header value with NUL", request: FetchRequest("GET", api, headers: [("X-Foo", " a\u{0}b ")]),
             reason: .invalidHeaderValue,
             chrome: "TypeError: Failed to execute 'fetch' on 'Window': Invalid value",
             firefox: "TypeError: Window.fetch: a is an invalid header value.",
             safari: "TypeError: Header 'X-Foo' has invalid value: 'a\u{0}b'"),
        Case(label: "only-if-cached with mode cors", request: FetchRequest("GET", api, cache: .onlyIfCached),
             reason: .onlyIfCachedMode,
             chrome: "TypeError: Failed to execute 'fetch' on 'Window': 'only-if-cached' can be set only with 'same-origin' mode",
             firefox: "TypeError: Window.fetch: Request mode 'cors' was used, but request cache mode 'only-if-cached' can only be used with request mode 'same-origin'.",
             safari: "TypeError: only-if-cached cache option requires fetch mode to be same-origin."),
        // Two failures: Chromium and WebKit check the no-cors method before the headers, Gecko after.
        Case(label: "no-cors PUT with an invalid header name",
             request: FetchRequest("put", api, headers: [("X(Foo)", "1")], mode: .noCORS), reason: .noCORSMethod,
             chrome: "TypeError: Failed to execute 'fetch' on 'Window': 'PUT' is unsupported in no-cors mode.",
             firefox: "TypeError: Window.fetch: x(foo) is an invalid header name.",
             safari: "TypeError: Method must be GET, POST or HEAD in no-cors mode.", firefoxReason: .invalidHeaderName),
        // Headers are checked before the GET/HEAD body rule everywhere.
        Case(label: "GET with a body and an invalid header value",
             request: FetchRequest("GET", api, headers: [("X-Foo", "a\rb")], body: .text("x")), reason: .invalidHeaderValue,
             chrome: "TypeError: Failed to execute 'fetch' on 'Window': Invalid value",
             firefox: "TypeError: Window.fetch: a\rb is an invalid header value.",
             safari: "TypeError: Header 'X-Foo' has invalid value: 'a\rb'"),
        // The ByteString conversion of RequestInit runs before the URL is even looked at.
        Case(label: "credentials in the URL and a header above U+00FF",
             request: FetchRequest("GET", try! FetchURL(parsing: "https://u:p@api.example.com/res"), headers: [("X-Foo", "a€")]),
             reason: .nonLatin1Header,
             chrome: "TypeError: Failed to execute 'fetch' on 'Window': Failed to read the 'headers' property from 'RequestInit': String contains non ISO-8859-1 code point.",
             firefox: "TypeError: Window.fetch: Cannot convert element of element of sequence<sequence<ByteString>> branch of (sequence<sequence<ByteString>> or record<ByteString, ByteString>) to ByteString because the character at index 1 has value 8364 which is greater than 255.",
             safari: "TypeError: Type error"),
    ]

    @Test("Each engine throws its own TypeError for its first failed check, and nothing is sent", arguments: cases)
    func eachEngineThrowsItsOwnError(_ c: Case) {
        for (name, expected) in [(BrowserName.chrome, c.chrome), (.firefox, c.firefox), (.safari, c.safari)] {
            let o = Self.fetch(name, c.request)
            #expect(o.verdict == .blocked, "\(name)")
            #expect(o.scriptError == expected, "\(name)")
            #expect(o.preflightsSent.isEmpty && !o.requestSent, "\(name)")
            #expect(o.console.isEmpty, "\(name): \(o.console)")
            #expect(o.failure?.phase == .beforeSend, "\(name)")
            #expect(o.failure?.reason == (name == .firefox ? c.firefoxReason ?? c.reason : c.reason), "\(name)")
        }
    }

    @Test("The standard's order: the no-cors method before the headers; the spec profile follows it")
    func specOrder() {
        let request = FetchRequest("PUT", Self.api, headers: [("X(Foo)", "1")], mode: .noCORS)
        #expect(validateRequest(request, rules: .standard) == .noCORSMethod("PUT"))
        #expect(validateRequest(request, rules: BrowserProfile.firefox.requestValidation) == .invalidHeaderName("X(Foo)"))
        #expect(validateRequest(FetchRequest("GET", Self.api), rules: .standard) == nil)
    }

    @Test("A stream body without duplex 'half' and a stream in no-cors throw in Chromium; Gecko sends a string; WebKit refuses streams")
    func streamBodies() {
        let noDuplex = FetchRequest("POST", Self.api, body: .stream, duplex: .omitted)
        #expect(Self.fetch(.chrome, noDuplex).scriptError
                == "TypeError: Failed to execute 'fetch' on 'Window': The `duplex` member must be specified for a request with a streaming body")
        #expect(Self.fetch(.spec, noDuplex).failure?.reason == .streamWithoutDuplex)
        let noCORS = FetchRequest("POST", Self.api, body: .stream, mode: .noCORS)
        #expect(Self.fetch(.chrome, noCORS).failure?.reason == .noCORSStream)

        // Gecko: `[object ReadableStream]` as text/plain, a simple POST.
        let firefox = Self.fetch(.firefox, noDuplex)
        #expect(firefox.verdict == .readable && firefox.preflight == .none)
        #expect(firefox.requestsReceived.first?.body == RequestValidationRules.stringifiedStream)
        #expect(firefox.requestsReceived.first?.headers.get("Content-Type") == "text/plain;charset=UTF-8")

        // WebKit: NotSupportedError before anything is sent.
        let safari = Self.fetch(.safari, FetchRequest("POST", Self.api, body: .stream))
        #expect(safari.scriptError == "NotSupportedError: ReadableStream uploading is not supported")
        #expect(safari.preflightsSent.isEmpty && !safari.requestSent)

        // Chromium over HTTP/1.1: the forced preflight goes out, then the request fails unsent.
        let chrome = Self.fetch(.chrome, FetchRequest("POST", Self.api, body: .stream))
        #expect(chrome.preflightsSent.count == 1 && !chrome.requestSent)
        #expect(chrome.failure?.reason == .streamNeedsHTTP2 && chrome.scriptError == "TypeError: Failed to fetch")
    }

    @Test("A stream body makes a cross-origin same-origin-mode fetch a preflighted CORS fetch in Chromium; the standard fails it unsent")
    func streamBodyReplacesSameOriginMode() {
        let request = FetchRequest("POST", Self.api, body: .stream, mode: .sameOrigin)
        let chrome = Self.fetch(.chrome, request)
        #expect(chrome.preflightsSent.count == 1 && !chrome.requestSent)
        #expect(chrome.failure?.reason != .sameOriginMode)
        let spec = Self.fetch(.spec, request)
        #expect(spec.preflightsSent.isEmpty && !spec.requestSent)
        #expect(spec.failure?.reason == .sameOriginMode)
        // Same origin: no CORS flag, so no preflight either way.
        let same = Self.fetch(.chrome, FetchRequest("POST", try! FetchURL(parsing: "https://app.example.com/res"), body: .stream, mode: .sameOrigin))
        #expect(same.preflightsSent.isEmpty && same.failure?.reason == .streamNeedsHTTP2)
    }

    @Test("An aborted signal rejects with an AbortError after every constructor check, before WebKit refuses a stream")
    func abortedSignal() {
        let aborted = FetchRequest("GET", Self.api, signal: .aborted)
        #expect(Self.fetch(.chrome, aborted).scriptError == "AbortError: signal is aborted without reason")
        #expect(Self.fetch(.firefox, aborted).scriptError == "AbortError: The operation was aborted. ")
        #expect(Self.fetch(.safari, aborted).scriptError == "AbortError: The operation was aborted.")
        for name in [BrowserName.chrome, .firefox, .safari, .webkitgtk, .spec] {
            let o = Self.fetch(name, aborted)
            #expect(o.failure?.reason == .aborted && o.preflightsSent.isEmpty && !o.requestSent, "\(name)")
            // The constructor's TypeError comes first.
            let badHeader = FetchRequest("GET", Self.api, headers: [("X Foo", "1")], signal: .aborted)
            #expect(Self.fetch(name, badHeader).failure?.reason == .invalidHeaderName, "\(name)")
        }
        #expect(Self.fetch(.safari, FetchRequest("POST", Self.api, body: .stream, signal: .aborted)).failure?.reason == .aborted)
    }

    @Test("keepalive with a ReadableStream body throws in Chromium and WebKit, after the GET/HEAD body check; Gecko sends a string")
    func keepaliveStream() {
        let request = FetchRequest("POST", Self.api, body: .stream, keepalive: true)
        #expect(Self.fetch(.chrome, request).scriptError
                == "TypeError: Failed to execute 'fetch' on 'Window': Keepalive request cannot have a ReadableStream body.")
        #expect(Self.fetch(.safari, request).scriptError == "TypeError: Request cannot have a ReadableStream body and keepalive set to true")
        #expect(Self.fetch(.spec, request).failure?.reason == .keepaliveStream)
        #expect(Self.fetch(.firefox, request).verdict == .readable)
        // Before the duplex check in Chromium and the standard.
        let noDuplex = FetchRequest("POST", Self.api, body: .stream, duplex: .omitted, keepalive: true)
        #expect(Self.fetch(.chrome, noDuplex).failure?.reason == .keepaliveStream)
        #expect(Self.fetch(.chrome, FetchRequest("GET", Self.api, body: .stream, keepalive: true)).failure?.reason == .bodyWithGetOrHead)
        // Without a stream keepalive changes nothing CORS sees.
        #expect(Self.fetch(.chrome, FetchRequest("GET", Self.api, keepalive: true)).verdict == .readable)
    }

    @Test("Header values are normalized (HTTP whitespace at the edges stripped) before the checks, the safelist and the wire")
    func headerValuesAreNormalized() {
        let request = FetchRequest("POST", Self.api, headers: [("Content-Type", " \ttext/plain\r\n")], body: .text("hi"))
        for name in [BrowserName.chrome, .firefox, .safari, .spec] {
            let o = Self.fetch(name, request)
            #expect(o.preflight == .none && o.verdict == .readable, "\(name)")
            #expect(o.requestsReceived.first?.headers.get("Content-Type") == "text/plain", "\(name)")
        }
        let inner = FetchRequest("GET", Self.api, headers: [("X-Foo", " a\rb ")])
        #expect(Self.fetch(.firefox, inner).scriptError == "TypeError: Window.fetch: a\rb is an invalid header value.")
        #expect(Self.fetch(.safari, inner).scriptError == "TypeError: Header 'X-Foo' has invalid value: 'a\rb'")
    }

    @Test("Gecko's header TypeErrors: the name lowercased, the value cut at its first NUL")
    func geckoHeaderMessages() {
        #expect(Self.fetch(.firefox, FetchRequest("GET", Self.api, headers: [("X Foo", "1")])).scriptError
                == "TypeError: Window.fetch: x foo is an invalid header name.")
        #expect(Self.fetch(.firefox, FetchRequest("GET", Self.api, headers: [("X-Foo", "a\u{0}b")])).scriptError
                == "TypeError: Window.fetch: a is an invalid header value.")
        #expect(Self.fetch(.safari, FetchRequest("GET", Self.api, headers: [("X Foo", "1")])).scriptError
                == "TypeError: Invalid header name: 'X Foo'")
    }

    @Test("Forbidden headers are still dropped silently, not refused")
    func forbiddenHeadersAreDropped() {
        for name in [BrowserName.chrome, .firefox, .safari] {
            let o = Self.fetch(name, FetchRequest("GET", Self.api, headers: [("Cookie", "a=1"), ("Sec-Foo", "1")]))
            #expect(o.verdict == .readable, "\(name)")
            #expect(o.requestsReceived.first?.headers.contains("Cookie") == false, "\(name)")
        }
    }
}

@Suite("No-cors redirect mode")
struct NoCORSRedirectModeTests {
    @Test("no-cors with redirect error or manual is a network error before anything is sent, cross-origin only",
          arguments: [RedirectMode.error, .manual])
    func noCORSNeedsFollow(_ mode: RedirectMode) throws {
        let cross = FetchRequest("GET", RequestValidationTests.api, mode: .noCORS, redirect: mode)
        let expected: [BrowserName: [String]] = [
            .chrome: ["Fetch API cannot load https://api.example.com/res. Request mode is \"no-cors\" but the redirect mode is not \"follow\"."],
            .firefox: [],
            .safari: ["No-Cors mode requires follow redirect mode", "Not allowed to request resource",
                      "Fetch API cannot load https://api.example.com/res due to access control checks."],
        ]
        for (name, lines) in expected {
            let o = RequestValidationTests.fetch(name, cross)
            #expect(o.verdict == .blocked && !o.requestSent, "\(name)")
            #expect(o.failure?.reason == .noCORSRedirectMode, "\(name)")
            #expect(o.console.map(\.text) == lines, "\(name)")
        }
        // Same-origin: a basic fetch, main fetch never reaches the no-cors branch.
        let same = FetchRequest("GET", try FetchURL(parsing: "https://app.example.com/res"), mode: .noCORS, redirect: mode)
        #expect(RequestValidationTests.fetch(.chrome, same).verdict == .readable)
    }
}

@Suite("Scenario syntax for the request checks")
struct RequestCheckSyntaxTests {
    static func fetchStep(_ text: String) throws -> FetchStep {
        let scenario = try ScenarioParser.parse(text, file: "t.cors")
        return try #require(scenario.steps.compactMap { if case .fetch(let f) = $0 { return f } else { return nil } }.last)
    }

    @Test("raw-header takes any name up to the colon and decodes \\xHH and \\\\")
    func rawHeader() throws {
        let f = try Self.fetchStep("page https://a.example\nfetch GET https://b.example/ duplex=omitted mode=navigate\n  raw-header X Foo: a\\x00b\\\\c \n  X-Ok: 1\n")
        #expect(f.headers == [Header("X Foo", "a\u{0}b\\c"), Header("X-Ok", "1")])
        #expect(f.duplex == .omitted && f.mode == .navigate)
        let json = ScenarioJSON.render(try ScenarioParser.parse("page https://a.example\nfetch GET https://b.example/\n", file: "t"))
        #expect(String(describing: json).contains("half"))
    }

    @Test("Escapes are JSON's plus \\xHH for a Latin-1 character; a quoted method takes them too")
    func escapesAndQuotedMethods() throws {
        let f = try Self.fetchStep("page https://a.example\nfetch \"G\\u0020T\" https://b.example/ keepalive=true signal=aborted integrity=sha256-x priority=low\n"
                                   + "  raw-header X-A: \\x20caf\\xE9\\t\\r\\n\\\"\\u0100\n")
        #expect(f.method == "G T")
        #expect(f.headers == [Header("X-A", " caf\u{E9}\t\r\n\"\u{100}")])
        #expect(f.keepalive && f.signal == .aborted && f.integrity == "sha256-x" && f.priority == .low)
        #expect(try Self.fetchStep("page https://a.example\nfetch \"\" https://b.example/\n").method == "")
    }

    @Test("A quoted URL may hold spaces and takes the escapes; options follow it")
    func quotedURLs() throws {
        let f = try Self.fetchStep("page https://a.example\nfetch GET \"data:; base64,WA\" mode=no-cors\n")
        #expect(f.url.serialized() == "data:; base64,WA")
        #expect(f.mode == .noCORS)
        let g = try Self.fetchStep("page https://a.example\nfetch \"G T\" \"https://b.example/\\u0061 b\"\n")
        #expect(g.method == "G T")
        #expect(g.url.serialized() == "https://b.example/a%20b")
    }

    @Test("A quoted method or URL must close and be followed by a blank; options take only their values", arguments: [
        ("fetch \"GET https://b.example/\n", 7, "expected a closing '\"' after a quoted method, found the end of the line"),
        ("fetch \"GET\"https://b.example/\n", 12, "expected a space after the closing '\"' of a quoted method, found 'h'"),
        ("fetch GET \"data:,x\n", 11, "expected a closing '\"' after a quoted URL, found the end of the line"),
        ("fetch GET \"data:,x\"mode=cors\n", 20, "expected a space after the closing '\"' of a quoted URL, found 'm'"),
        ("fetch GET \"/x y\"\n", 11, "expected a URL starting with http:// or https://, found '\"/x y\"'"),
        ("fetch GET https://b.example/ keepalive=yes\n", 40, "expected keepalive true or false, found 'yes'"),
        ("fetch GET https://b.example/ signal=now\n", 37, "expected a signal none or aborted, found 'now'"),
        ("fetch GET https://b.example/ priority=urgent\n", 39, "expected a priority auto, high or low, found 'urgent'"),
        ("fetch GET https://b.example/ integrity=\n", 40, "expected integrity metadata such as sha256-BASE64, found nothing after 'integrity='"),
        ("fetch GET https://b.example/ window=x\n", 30, "expected an option mode, credentials, redirect, cache, duplex, keepalive, signal, integrity, priority, referrerPolicy or referrer, found 'window'"),
    ])
    func fetchLineErrors(_ line: String, _ column: Int, _ message: String) {
        do throws(ScenarioError) {
            _ = try ScenarioParser.parse("page https://a.example\n" + line, file: "t.cors")
            Issue.record("parsed")
        } catch {
            #expect(error.message == message)
            #expect(error.location.line == 2 && error.location.column == column)
        }
    }

    @Test("A raw header without a colon or with a bad escape is a located error", arguments: [
        ("  raw-header X-Foo 1\n", "expected 'raw-header NAME: VALUE' with a colon after the name, found 'X-Foo 1'"),
        ("  raw-header X: a\\x0g\n", "expected \\xHH (two hex digits) or \\uHHHH (four, not a surrogate) in a raw header, found '\\x0g'"),
        ("  raw-header X: a\\uD800\n", "expected \\xHH (two hex digits) or \\uHHHH (four, not a surrogate) in a raw header, found '\\uD800' (a surrogate; a string holds only characters)"),
        ("  raw-header X: a\\\n", "expected \\\\, \\\", \\t, \\r, \\n, \\xHH or \\uHHHH after a backslash in a raw header, found '\\'"),
        ("  raw-header X: a\\q\n", "expected \\\\, \\\", \\t, \\r, \\n, \\xHH or \\uHHHH after a backslash in a raw header, found '\\q'"),
    ])
    func rawHeaderErrors(_ line: String, _ message: String) {
        do throws(ScenarioError) {
            _ = try ScenarioParser.parse("page https://a.example\nfetch GET https://b.example/\n" + line, file: "t.cors")
            Issue.record("parsed")
        } catch {
            #expect(error.message == message)
            #expect(error.location.line == 3)
        }
    }

    @Test("Control characters a raw header carries never reach the terminal, the HTML or the diagram raw",
          arguments: ["text", "html", "mermaid"])
    func controlCharactersAreShownEscaped(_ format: String) {
        let file = "page https://a.example\nfetch GET https://b.example/\n  raw-header X-Foo: a\\x00b\\x1b[31m\n  expect blocked\n"
        let r = TestFiles.runTool(["run", "-", "--format", format], stdin: Array(file.utf8))
        #expect(r.status == 0, "\(r.err)")
        #expect(!r.out.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" && $0 != "\t" })
        if format == "text" { #expect(r.out.contains("a\\0b\\x1b[31m")) }   // TerminalText.escaped
    }
}

@Suite("Integrity metadata")
struct IntegrityTests {
    @Test("SHA-256, SHA-384 and SHA-512 digests, base64", arguments: [
        (IntegrityAlgorithm.sha256, "", "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="),
        (.sha256, "abc", "ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0="),
        (.sha256, String(repeating: "x", count: 200), "qiDCPjIBg0BQZ54diJQbmm/tBVfJpwXLLDFeLmP9SG0="),
        (.sha384, "abc", "ywB1P0WjXou1oD1pmsZQBycsMqsO3tFjGotgWkP/W+2AhgcroefMI1i67KE0yCWn"),
        (.sha384, String(repeating: "x", count: 200), "NMbWlty7hu5EH/EQFgzvbBkhBLcv4giIT7AYjQCFUW8CIUoWyRO+K6Yg+258mkpU"),
        (.sha512, "", "z4PhNX7vuL3xVChQ1m2AB9Yg5AULVxXcg/SpIdNs6c5H0NE8XYXysP+DGNKHfuwvY7kxvUdBeoGlODJ6+SfaPg=="),
        (.sha512, String(repeating: "x", count: 200), "75eOI9xSBASuFv0XvenuWUVhDWcVUdaGOl/7yZQz/HJnJuUfmJuIYZG+kyW4+LA7GmP+Pl7/I9EmwvQfB9K/hw=="),
    ])
    func digests(_ algorithm: IntegrityAlgorithm, _ text: String, _ expected: String) {
        #expect(base64(algorithm.digest(Array(text.utf8))) == expected)
    }

    @Test("The strongest algorithm decides; unknown algorithms are ignored; an opaque response never matches")
    func matching() {
        let abc = Array("abc".utf8)
        let sha256 = "sha256-ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0="
        #expect(integrityFailure(metadata: sha256, type: .cors, body: abc) == nil)
        #expect(integrityFailure(metadata: "md5-x  " + sha256 + "?opt", type: .basic, body: abc) == nil)
        #expect(integrityFailure(metadata: "md5-x", type: .cors, body: abc) == nil)
        #expect(integrityFailure(metadata: sha256 + " sha384-wrong", type: .cors, body: abc)
                == .mismatch(algorithm: "sha384", computed: "ywB1P0WjXou1oD1pmsZQBycsMqsO3tFjGotgWkP/W+2AhgcroefMI1i67KE0yCWn"))
        #expect(integrityFailure(metadata: sha256, type: .opaque, body: abc) == .notEligible)
    }
}
