@testable import CORSSim

/// One URL parser test vector: `input` parsed against `base` (nil for none) gives `href`, or
/// fails when `href` is nil. `simulation` says why the simulator departs from the vector (it then
/// refuses the input; the README's limits list the departure).
struct URLVector: Sendable, CustomStringConvertible {
    var input: String
    var base: String?
    var href: String?
    var simulation: String?

    init(_ input: String, base: String?, href: String?, simulation: String? = nil) {
        self.input = input
        self.base = base
        self.href = href
        self.simulation = simulation
    }

    /// What the simulator's parser must give: the vector's href, or failure where it departs.
    var expected: String? { simulation == nil ? href : nil }

    var description: String { "\(input.debugDescription) against \(base?.debugDescription ?? "no base")" }

    /// The href the parser gives, or nil when it (or the base) fails.
    func parsed() -> String? {
        var baseRecord: URLRecord?
        if let base {
            guard case .success(let b) = parseURL(base) else { return nil }
            baseRecord = b
        }
        guard case .success(let url) = parseURL(input, base: baseRecord) else { return nil }
        return String(decoding: url.serialized(), as: UTF8.self)
    }
}

/// Vectors from the Web Platform Tests' url/resources/urltestdata.json, at
/// https://github.com/web-platform-tests/wpt/blob/876fe001f2279b96e7c6b9e8970dc92c484835ff/url/resources/urltestdata.json
/// (the input, the base, and the expected href or failure; written out as Swift, one row per test).
enum WPTURLTestData {
    static let vectors: [URLVector] = [
        // WPT url/resources/urltestdata.json: "http://example\t.\norg" against "http://example.org/foo/bar"
        URLVector("http://example\u{9}.\u{a}org", base: "http://example.org/foo/bar", href: "http://example.org/"),
        // WPT url/resources/urltestdata.json: "http://user:pass@foo:21/bar;par?b#c" against "http://example.org/foo/bar"
        URLVector("http://user:pass@foo:21/bar;par?b#c", base: "http://example.org/foo/bar", href: "http://user:pass@foo:21/bar;par?b#c"),
        // WPT url/resources/urltestdata.json: "https://test:@test"
        URLVector("https://test:@test", base: nil, href: "https://test@test/"),
        // WPT url/resources/urltestdata.json: "https://:@test"
        URLVector("https://:@test", base: nil, href: "https://test/"),
        // WPT url/resources/urltestdata.json: "non-special://test:@test/x"
        URLVector("non-special://test:@test/x", base: nil, href: "non-special://test@test/x"),
        // WPT url/resources/urltestdata.json: "non-special://:@test/x"
        URLVector("non-special://:@test/x", base: nil, href: "non-special://test/x"),
        // WPT url/resources/urltestdata.json: "http:foo.com" against "http://example.org/foo/bar"
        URLVector("http:foo.com", base: "http://example.org/foo/bar", href: "http://example.org/foo/foo.com"),
        // WPT url/resources/urltestdata.json: "\t   :foo.com   \n" against "http://example.org/foo/bar"
        URLVector("\u{9}   :foo.com   \u{a}", base: "http://example.org/foo/bar", href: "http://example.org/foo/:foo.com"),
        // WPT url/resources/urltestdata.json: " foo.com  " against "http://example.org/foo/bar"
        URLVector(" foo.com  ", base: "http://example.org/foo/bar", href: "http://example.org/foo/foo.com"),
        // WPT url/resources/urltestdata.json: "a:\t foo.com" against "http://example.org/foo/bar"
        URLVector("a:\u{9} foo.com", base: "http://example.org/foo/bar", href: "a: foo.com"),
        // WPT url/resources/urltestdata.json: "http://f:21/ b ? d # e " against "http://example.org/foo/bar"
        URLVector("http://f:21/ b ? d # e ", base: "http://example.org/foo/bar", href: "http://f:21/%20b%20?%20d%20#%20e"),
        // WPT url/resources/urltestdata.json: "lolscheme:x x#x x"
        URLVector("lolscheme:x x#x x", base: nil, href: "lolscheme:x x#x%20x"),
        // WPT url/resources/urltestdata.json: "http://f:/c" against "http://example.org/foo/bar"
        URLVector("http://f:/c", base: "http://example.org/foo/bar", href: "http://f/c"),
        // WPT url/resources/urltestdata.json: "http://f:0/c" against "http://example.org/foo/bar"
        URLVector("http://f:0/c", base: "http://example.org/foo/bar", href: "http://f:0/c"),
        // WPT url/resources/urltestdata.json: "http://f:00000000000000/c" against "http://example.org/foo/bar"
        URLVector("http://f:00000000000000/c", base: "http://example.org/foo/bar", href: "http://f:0/c"),
        // WPT url/resources/urltestdata.json: "http://f:00000000000000000000080/c" against "http://example.org/foo/bar"
        URLVector("http://f:00000000000000000000080/c", base: "http://example.org/foo/bar", href: "http://f/c"),
        // WPT url/resources/urltestdata.json: "http://f:b/c" against "http://example.org/foo/bar"
        URLVector("http://f:b/c", base: "http://example.org/foo/bar", href: nil),
        // WPT url/resources/urltestdata.json: "http://f: /c" against "http://example.org/foo/bar"
        URLVector("http://f: /c", base: "http://example.org/foo/bar", href: nil),
        // WPT url/resources/urltestdata.json: "http://f:\n/c" against "http://example.org/foo/bar"
        URLVector("http://f:\u{a}/c", base: "http://example.org/foo/bar", href: "http://f/c"),
        // WPT url/resources/urltestdata.json: "http://f:fifty-two/c" against "http://example.org/foo/bar"
        URLVector("http://f:fifty-two/c", base: "http://example.org/foo/bar", href: nil),
        // WPT url/resources/urltestdata.json: "http://f:999999/c" against "http://example.org/foo/bar"
        URLVector("http://f:999999/c", base: "http://example.org/foo/bar", href: nil),
        // WPT url/resources/urltestdata.json: "non-special://f:999999/c" against "http://example.org/foo/bar"
        URLVector("non-special://f:999999/c", base: "http://example.org/foo/bar", href: nil),
        // WPT url/resources/urltestdata.json: "http://f: 21 / b ? d # e " against "http://example.org/foo/bar"
        URLVector("http://f: 21 / b ? d # e ", base: "http://example.org/foo/bar", href: nil),
        // WPT url/resources/urltestdata.json: "" against "http://example.org/foo/bar"
        URLVector("", base: "http://example.org/foo/bar", href: "http://example.org/foo/bar"),
        // WPT url/resources/urltestdata.json: "  \t" against "http://example.org/foo/bar"
        URLVector("  \u{9}", base: "http://example.org/foo/bar", href: "http://example.org/foo/bar"),
        // WPT url/resources/urltestdata.json: ":foo.com/" against "http://example.org/foo/bar"
        URLVector(":foo.com/", base: "http://example.org/foo/bar", href: "http://example.org/foo/:foo.com/"),
        // WPT url/resources/urltestdata.json: ":foo.com\\" against "http://example.org/foo/bar"
        URLVector(":foo.com\\", base: "http://example.org/foo/bar", href: "http://example.org/foo/:foo.com/"),
        // WPT url/resources/urltestdata.json: ":" against "http://example.org/foo/bar"
        URLVector(":", base: "http://example.org/foo/bar", href: "http://example.org/foo/:"),
        // WPT url/resources/urltestdata.json: ":a" against "http://example.org/foo/bar"
        URLVector(":a", base: "http://example.org/foo/bar", href: "http://example.org/foo/:a"),
        // WPT url/resources/urltestdata.json: ":/" against "http://example.org/foo/bar"
        URLVector(":/", base: "http://example.org/foo/bar", href: "http://example.org/foo/:/"),
        // WPT url/resources/urltestdata.json: ":\\" against "http://example.org/foo/bar"
        URLVector(":\\", base: "http://example.org/foo/bar", href: "http://example.org/foo/:/"),
        // WPT url/resources/urltestdata.json: ":#" against "http://example.org/foo/bar"
        URLVector(":#", base: "http://example.org/foo/bar", href: "http://example.org/foo/:#"),
        // WPT url/resources/urltestdata.json: "#" against "http://example.org/foo/bar"
        URLVector("#", base: "http://example.org/foo/bar", href: "http://example.org/foo/bar#"),
        // WPT url/resources/urltestdata.json: "#/" against "http://example.org/foo/bar"
        URLVector("#/", base: "http://example.org/foo/bar", href: "http://example.org/foo/bar#/"),
        // WPT url/resources/urltestdata.json: "#\\" against "http://example.org/foo/bar"
        URLVector("#\\", base: "http://example.org/foo/bar", href: "http://example.org/foo/bar#\\"),
        // WPT url/resources/urltestdata.json: "#;?" against "http://example.org/foo/bar"
        URLVector("#;?", base: "http://example.org/foo/bar", href: "http://example.org/foo/bar#;?"),
        // WPT url/resources/urltestdata.json: "?" against "http://example.org/foo/bar"
        URLVector("?", base: "http://example.org/foo/bar", href: "http://example.org/foo/bar?"),
        // WPT url/resources/urltestdata.json: "/" against "http://example.org/foo/bar"
        URLVector("/", base: "http://example.org/foo/bar", href: "http://example.org/"),
        // WPT url/resources/urltestdata.json: ":23" against "http://example.org/foo/bar"
        URLVector(":23", base: "http://example.org/foo/bar", href: "http://example.org/foo/:23"),
        // WPT url/resources/urltestdata.json: "/:23" against "http://example.org/foo/bar"
        URLVector("/:23", base: "http://example.org/foo/bar", href: "http://example.org/:23"),
        // WPT url/resources/urltestdata.json: "\\x" against "http://example.org/foo/bar"
        URLVector("\\x", base: "http://example.org/foo/bar", href: "http://example.org/x"),
        // WPT url/resources/urltestdata.json: "\\\\x\\hello" against "http://example.org/foo/bar"
        URLVector("\\\\x\\hello", base: "http://example.org/foo/bar", href: "http://x/hello"),
        // WPT url/resources/urltestdata.json: "::" against "http://example.org/foo/bar"
        URLVector("::", base: "http://example.org/foo/bar", href: "http://example.org/foo/::"),
        // WPT url/resources/urltestdata.json: "::23" against "http://example.org/foo/bar"
        URLVector("::23", base: "http://example.org/foo/bar", href: "http://example.org/foo/::23"),
        // WPT url/resources/urltestdata.json: "foo://" against "http://example.org/foo/bar"
        URLVector("foo://", base: "http://example.org/foo/bar", href: "foo://"),
        // WPT url/resources/urltestdata.json: "http://a:b@c:29/d" against "http://example.org/foo/bar"
        URLVector("http://a:b@c:29/d", base: "http://example.org/foo/bar", href: "http://a:b@c:29/d"),
        // WPT url/resources/urltestdata.json: "http::@c:29" against "http://example.org/foo/bar"
        URLVector("http::@c:29", base: "http://example.org/foo/bar", href: "http://example.org/foo/:@c:29"),
        // WPT url/resources/urltestdata.json: "http://&a:foo(b]c@d:2/" against "http://example.org/foo/bar"
        URLVector("http://&a:foo(b]c@d:2/", base: "http://example.org/foo/bar", href: "http://&a:foo(b%5Dc@d:2/"),
        // WPT url/resources/urltestdata.json: "http://::@c@d:2" against "http://example.org/foo/bar"
        URLVector("http://::@c@d:2", base: "http://example.org/foo/bar", href: "http://:%3A%40c@d:2/"),
        // WPT url/resources/urltestdata.json: "http://foo.com:b@d/" against "http://example.org/foo/bar"
        URLVector("http://foo.com:b@d/", base: "http://example.org/foo/bar", href: "http://foo.com:b@d/"),
        // WPT url/resources/urltestdata.json: "http://foo.com/\\@" against "http://example.org/foo/bar"
        URLVector("http://foo.com/\\@", base: "http://example.org/foo/bar", href: "http://foo.com//@"),
        // WPT url/resources/urltestdata.json: "http:\\\\foo.com\\" against "http://example.org/foo/bar"
        URLVector("http:\\\\foo.com\\", base: "http://example.org/foo/bar", href: "http://foo.com/"),
        // WPT url/resources/urltestdata.json: "http:\\\\a\\b:c\\d@foo.com\\" against "http://example.org/foo/bar"
        URLVector("http:\\\\a\\b:c\\d@foo.com\\", base: "http://example.org/foo/bar", href: "http://a/b:c/d@foo.com/"),
        // WPT url/resources/urltestdata.json: "http://a:b@c\\"
        URLVector("http://a:b@c\\", base: nil, href: "http://a:b@c/"),
        // WPT url/resources/urltestdata.json: "ws://a@b\\c"
        URLVector("ws://a@b\\c", base: nil, href: "ws://a@b/c"),
        // WPT url/resources/urltestdata.json: "foo:/" against "http://example.org/foo/bar"
        URLVector("foo:/", base: "http://example.org/foo/bar", href: "foo:/"),
        // WPT url/resources/urltestdata.json: "foo:/bar.com/" against "http://example.org/foo/bar"
        URLVector("foo:/bar.com/", base: "http://example.org/foo/bar", href: "foo:/bar.com/"),
        // WPT url/resources/urltestdata.json: "foo://///////" against "http://example.org/foo/bar"
        URLVector("foo://///////", base: "http://example.org/foo/bar", href: "foo://///////"),
        // WPT url/resources/urltestdata.json: "foo://///////bar.com/" against "http://example.org/foo/bar"
        URLVector("foo://///////bar.com/", base: "http://example.org/foo/bar", href: "foo://///////bar.com/"),
        // WPT url/resources/urltestdata.json: "foo:////://///" against "http://example.org/foo/bar"
        URLVector("foo:////://///", base: "http://example.org/foo/bar", href: "foo:////://///"),
        // WPT url/resources/urltestdata.json: "c:/foo" against "http://example.org/foo/bar"
        URLVector("c:/foo", base: "http://example.org/foo/bar", href: "c:/foo"),
        // WPT url/resources/urltestdata.json: "//foo/bar" against "http://example.org/foo/bar"
        URLVector("//foo/bar", base: "http://example.org/foo/bar", href: "http://foo/bar"),
        // WPT url/resources/urltestdata.json: "http://foo/path;a??e#f#g" against "http://example.org/foo/bar"
        URLVector("http://foo/path;a??e#f#g", base: "http://example.org/foo/bar", href: "http://foo/path;a??e#f#g"),
        // WPT url/resources/urltestdata.json: "http://foo/abcd?efgh?ijkl" against "http://example.org/foo/bar"
        URLVector("http://foo/abcd?efgh?ijkl", base: "http://example.org/foo/bar", href: "http://foo/abcd?efgh?ijkl"),
        // WPT url/resources/urltestdata.json: "http://foo/abcd#foo?bar" against "http://example.org/foo/bar"
        URLVector("http://foo/abcd#foo?bar", base: "http://example.org/foo/bar", href: "http://foo/abcd#foo?bar"),
        // WPT url/resources/urltestdata.json: "[61:24:74]:98" against "http://example.org/foo/bar"
        URLVector("[61:24:74]:98", base: "http://example.org/foo/bar", href: "http://example.org/foo/[61:24:74]:98"),
        // WPT url/resources/urltestdata.json: "http:[61:27]/:foo" against "http://example.org/foo/bar"
        URLVector("http:[61:27]/:foo", base: "http://example.org/foo/bar", href: "http://example.org/foo/[61:27]/:foo"),
        // WPT url/resources/urltestdata.json: "http://[1::2]:3:4" against "http://example.org/foo/bar"
        URLVector("http://[1::2]:3:4", base: "http://example.org/foo/bar", href: nil),
        // WPT url/resources/urltestdata.json: "http://2001::1" against "http://example.org/foo/bar"
        URLVector("http://2001::1", base: "http://example.org/foo/bar", href: nil),
        // WPT url/resources/urltestdata.json: "http://2001::1]" against "http://example.org/foo/bar"
        URLVector("http://2001::1]", base: "http://example.org/foo/bar", href: nil),
        // WPT url/resources/urltestdata.json: "http://2001::1]:80" against "http://example.org/foo/bar"
        URLVector("http://2001::1]:80", base: "http://example.org/foo/bar", href: nil),
        // WPT url/resources/urltestdata.json: "http://[2001::1]" against "http://example.org/foo/bar"
        URLVector("http://[2001::1]", base: "http://example.org/foo/bar", href: "http://[2001::1]/"),
        // WPT url/resources/urltestdata.json: "http://[::127.0.0.1]" against "http://example.org/foo/bar"
        URLVector("http://[::127.0.0.1]", base: "http://example.org/foo/bar", href: "http://[::7f00:1]/"),
        // WPT url/resources/urltestdata.json: "http://[::127.0.0.1.]" against "http://example.org/foo/bar"
        URLVector("http://[::127.0.0.1.]", base: "http://example.org/foo/bar", href: nil),
        // WPT url/resources/urltestdata.json: "http://[0:0:0:0:0:0:13.1.68.3]" against "http://example.org/foo/bar"
        URLVector("http://[0:0:0:0:0:0:13.1.68.3]", base: "http://example.org/foo/bar", href: "http://[::d01:4403]/"),
        // WPT url/resources/urltestdata.json: "http://[2001::1]:80" against "http://example.org/foo/bar"
        URLVector("http://[2001::1]:80", base: "http://example.org/foo/bar", href: "http://[2001::1]/"),
        // WPT url/resources/urltestdata.json: "http:/example.com/" against "http://example.org/foo/bar"
        URLVector("http:/example.com/", base: "http://example.org/foo/bar", href: "http://example.org/example.com/"),
        // WPT url/resources/urltestdata.json: "ftp:/example.com/" against "http://example.org/foo/bar"
        URLVector("ftp:/example.com/", base: "http://example.org/foo/bar", href: "ftp://example.com/"),
        // WPT url/resources/urltestdata.json: "https:/example.com/" against "http://example.org/foo/bar"
        URLVector("https:/example.com/", base: "http://example.org/foo/bar", href: "https://example.com/"),
        // WPT url/resources/urltestdata.json: "madeupscheme:/example.com/" against "http://example.org/foo/bar"
        URLVector("madeupscheme:/example.com/", base: "http://example.org/foo/bar", href: "madeupscheme:/example.com/"),
        // WPT url/resources/urltestdata.json: "file:/example.com/" against "http://example.org/foo/bar"
        URLVector("file:/example.com/", base: "http://example.org/foo/bar", href: "file:///example.com/"),
        // WPT url/resources/urltestdata.json: "file://example:1/"
        URLVector("file://example:1/", base: nil, href: nil),
        // WPT url/resources/urltestdata.json: "file://example:test/"
        URLVector("file://example:test/", base: nil, href: nil),
        // WPT url/resources/urltestdata.json: "file://example%/"
        URLVector("file://example%/", base: nil, href: nil),
        // WPT url/resources/urltestdata.json: "file://[example]/"
        URLVector("file://[example]/", base: nil, href: nil),
        // WPT url/resources/urltestdata.json: "ftps:/example.com/" against "http://example.org/foo/bar"
        URLVector("ftps:/example.com/", base: "http://example.org/foo/bar", href: "ftps:/example.com/"),
        // WPT url/resources/urltestdata.json: "gopher:/example.com/" against "http://example.org/foo/bar"
        URLVector("gopher:/example.com/", base: "http://example.org/foo/bar", href: "gopher:/example.com/"),
        // WPT url/resources/urltestdata.json: "ws:/example.com/" against "http://example.org/foo/bar"
        URLVector("ws:/example.com/", base: "http://example.org/foo/bar", href: "ws://example.com/"),
        // WPT url/resources/urltestdata.json: "wss:/example.com/" against "http://example.org/foo/bar"
        URLVector("wss:/example.com/", base: "http://example.org/foo/bar", href: "wss://example.com/"),
        // WPT url/resources/urltestdata.json: "data:/example.com/" against "http://example.org/foo/bar"
        URLVector("data:/example.com/", base: "http://example.org/foo/bar", href: "data:/example.com/"),
        // WPT url/resources/urltestdata.json: "javascript:/example.com/" against "http://example.org/foo/bar"
        URLVector("javascript:/example.com/", base: "http://example.org/foo/bar", href: "javascript:/example.com/"),
        // WPT url/resources/urltestdata.json: "mailto:/example.com/" against "http://example.org/foo/bar"
        URLVector("mailto:/example.com/", base: "http://example.org/foo/bar", href: "mailto:/example.com/"),
        // WPT url/resources/urltestdata.json: "http:example.com/" against "http://example.org/foo/bar"
        URLVector("http:example.com/", base: "http://example.org/foo/bar", href: "http://example.org/foo/example.com/"),
        // WPT url/resources/urltestdata.json: "ftp:example.com/" against "http://example.org/foo/bar"
        URLVector("ftp:example.com/", base: "http://example.org/foo/bar", href: "ftp://example.com/"),
        // WPT url/resources/urltestdata.json: "https:example.com/" against "http://example.org/foo/bar"
        URLVector("https:example.com/", base: "http://example.org/foo/bar", href: "https://example.com/"),
        // WPT url/resources/urltestdata.json: "madeupscheme:example.com/" against "http://example.org/foo/bar"
        URLVector("madeupscheme:example.com/", base: "http://example.org/foo/bar", href: "madeupscheme:example.com/"),
        // WPT url/resources/urltestdata.json: "ftps:example.com/" against "http://example.org/foo/bar"
        URLVector("ftps:example.com/", base: "http://example.org/foo/bar", href: "ftps:example.com/"),
        // WPT url/resources/urltestdata.json: "gopher:example.com/" against "http://example.org/foo/bar"
        URLVector("gopher:example.com/", base: "http://example.org/foo/bar", href: "gopher:example.com/"),
        // WPT url/resources/urltestdata.json: "ws:example.com/" against "http://example.org/foo/bar"
        URLVector("ws:example.com/", base: "http://example.org/foo/bar", href: "ws://example.com/"),
        // WPT url/resources/urltestdata.json: "wss:example.com/" against "http://example.org/foo/bar"
        URLVector("wss:example.com/", base: "http://example.org/foo/bar", href: "wss://example.com/"),
        // WPT url/resources/urltestdata.json: "data:example.com/" against "http://example.org/foo/bar"
        URLVector("data:example.com/", base: "http://example.org/foo/bar", href: "data:example.com/"),
        // WPT url/resources/urltestdata.json: "javascript:example.com/" against "http://example.org/foo/bar"
        URLVector("javascript:example.com/", base: "http://example.org/foo/bar", href: "javascript:example.com/"),
        // WPT url/resources/urltestdata.json: "mailto:example.com/" against "http://example.org/foo/bar"
        URLVector("mailto:example.com/", base: "http://example.org/foo/bar", href: "mailto:example.com/"),
        // WPT url/resources/urltestdata.json: "/a/b/c" against "http://example.org/foo/bar"
        URLVector("/a/b/c", base: "http://example.org/foo/bar", href: "http://example.org/a/b/c"),
        // WPT url/resources/urltestdata.json: "/a/ /c" against "http://example.org/foo/bar"
        URLVector("/a/ /c", base: "http://example.org/foo/bar", href: "http://example.org/a/%20/c"),
        // WPT url/resources/urltestdata.json: "/a%2fc" against "http://example.org/foo/bar"
        URLVector("/a%2fc", base: "http://example.org/foo/bar", href: "http://example.org/a%2fc"),
        // WPT url/resources/urltestdata.json: "/a/%2f/c" against "http://example.org/foo/bar"
        URLVector("/a/%2f/c", base: "http://example.org/foo/bar", href: "http://example.org/a/%2f/c"),
        // WPT url/resources/urltestdata.json: "#\u03b2" against "http://example.org/foo/bar"
        URLVector("#\u{3b2}", base: "http://example.org/foo/bar", href: "http://example.org/foo/bar#%CE%B2"),
        // WPT url/resources/urltestdata.json: "data:text/html,test#test" against "http://example.org/foo/bar"
        URLVector("data:text/html,test#test", base: "http://example.org/foo/bar", href: "data:text/html,test#test"),
        // WPT url/resources/urltestdata.json: "tel:1234567890" against "http://example.org/foo/bar"
        URLVector("tel:1234567890", base: "http://example.org/foo/bar", href: "tel:1234567890"),
        // WPT url/resources/urltestdata.json: "ssh://example.com/foo/bar.git" against "http://example.org/"
        URLVector("ssh://example.com/foo/bar.git", base: "http://example.org/", href: "ssh://example.com/foo/bar.git"),
        // WPT url/resources/urltestdata.json: "file:c:\\foo\\bar.html" against "file:///tmp/mock/path"
        URLVector("file:c:\\foo\\bar.html", base: "file:///tmp/mock/path", href: "file:///c:/foo/bar.html"),
        // WPT url/resources/urltestdata.json: "  File:c|////foo\\bar.html" against "file:///tmp/mock/path"
        URLVector("  File:c|////foo\\bar.html", base: "file:///tmp/mock/path", href: "file:///c:////foo/bar.html"),
        // WPT url/resources/urltestdata.json: "C|/foo/bar" against "file:///tmp/mock/path"
        URLVector("C|/foo/bar", base: "file:///tmp/mock/path", href: "file:///C:/foo/bar"),
        // WPT url/resources/urltestdata.json: "/C|\\foo\\bar" against "file:///tmp/mock/path"
        URLVector("/C|\\foo\\bar", base: "file:///tmp/mock/path", href: "file:///C:/foo/bar"),
        // WPT url/resources/urltestdata.json: "//C|/foo/bar" against "file:///tmp/mock/path"
        URLVector("//C|/foo/bar", base: "file:///tmp/mock/path", href: "file:///C:/foo/bar"),
        // WPT url/resources/urltestdata.json: "//server/file" against "file:///tmp/mock/path"
        URLVector("//server/file", base: "file:///tmp/mock/path", href: "file://server/file"),
        // WPT url/resources/urltestdata.json: "\\\\server\\file" against "file:///tmp/mock/path"
        URLVector("\\\\server\\file", base: "file:///tmp/mock/path", href: "file://server/file"),
        // WPT url/resources/urltestdata.json: "/\\server/file" against "file:///tmp/mock/path"
        URLVector("/\\server/file", base: "file:///tmp/mock/path", href: "file://server/file"),
        // WPT url/resources/urltestdata.json: "file:///foo/bar.txt" against "file:///tmp/mock/path"
        URLVector("file:///foo/bar.txt", base: "file:///tmp/mock/path", href: "file:///foo/bar.txt"),
        // WPT url/resources/urltestdata.json: "file:///home/me" against "file:///tmp/mock/path"
        URLVector("file:///home/me", base: "file:///tmp/mock/path", href: "file:///home/me"),
        // WPT url/resources/urltestdata.json: "//" against "file:///tmp/mock/path"
        URLVector("//", base: "file:///tmp/mock/path", href: "file:///"),
        // WPT url/resources/urltestdata.json: "///" against "file:///tmp/mock/path"
        URLVector("///", base: "file:///tmp/mock/path", href: "file:///"),
        // WPT url/resources/urltestdata.json: "///test" against "file:///tmp/mock/path"
        URLVector("///test", base: "file:///tmp/mock/path", href: "file:///test"),
        // WPT url/resources/urltestdata.json: "file://test" against "file:///tmp/mock/path"
        URLVector("file://test", base: "file:///tmp/mock/path", href: "file://test/"),
        // WPT url/resources/urltestdata.json: "file://localhost" against "file:///tmp/mock/path"
        URLVector("file://localhost", base: "file:///tmp/mock/path", href: "file:///"),
        // WPT url/resources/urltestdata.json: "file://localhost/" against "file:///tmp/mock/path"
        URLVector("file://localhost/", base: "file:///tmp/mock/path", href: "file:///"),
        // WPT url/resources/urltestdata.json: "file://localhost/test" against "file:///tmp/mock/path"
        URLVector("file://localhost/test", base: "file:///tmp/mock/path", href: "file:///test"),
        // WPT url/resources/urltestdata.json: "test" against "file:///tmp/mock/path"
        URLVector("test", base: "file:///tmp/mock/path", href: "file:///tmp/mock/test"),
        // WPT url/resources/urltestdata.json: "file:test" against "file:///tmp/mock/path"
        URLVector("file:test", base: "file:///tmp/mock/path", href: "file:///tmp/mock/test"),
        // WPT url/resources/urltestdata.json: "file:///w|m"
        URLVector("file:///w|m", base: nil, href: "file:///w|m"),
        // WPT url/resources/urltestdata.json: "file:///w||m"
        URLVector("file:///w||m", base: nil, href: "file:///w||m"),
        // WPT url/resources/urltestdata.json: "file:///w|/m"
        URLVector("file:///w|/m", base: nil, href: "file:///w:/m"),
        // WPT url/resources/urltestdata.json: "file:C|/m/"
        URLVector("file:C|/m/", base: nil, href: "file:///C:/m/"),
        // WPT url/resources/urltestdata.json: "file:C||/m/"
        URLVector("file:C||/m/", base: nil, href: "file:///C||/m/"),
        // WPT url/resources/urltestdata.json: "http://example.com/././foo"
        URLVector("http://example.com/././foo", base: nil, href: "http://example.com/foo"),
        // WPT url/resources/urltestdata.json: "http://example.com/./.foo"
        URLVector("http://example.com/./.foo", base: nil, href: "http://example.com/.foo"),
        // WPT url/resources/urltestdata.json: "http://example.com/foo/."
        URLVector("http://example.com/foo/.", base: nil, href: "http://example.com/foo/"),
        // WPT url/resources/urltestdata.json: "http://example.com/foo/./"
        URLVector("http://example.com/foo/./", base: nil, href: "http://example.com/foo/"),
        // WPT url/resources/urltestdata.json: "http://example.com/foo/bar/.."
        URLVector("http://example.com/foo/bar/..", base: nil, href: "http://example.com/foo/"),
        // WPT url/resources/urltestdata.json: "http://example.com/foo/bar/../"
        URLVector("http://example.com/foo/bar/../", base: nil, href: "http://example.com/foo/"),
        // WPT url/resources/urltestdata.json: "http://example.com/foo/..bar"
        URLVector("http://example.com/foo/..bar", base: nil, href: "http://example.com/foo/..bar"),
        // WPT url/resources/urltestdata.json: "http://example.com/foo/bar/../ton"
        URLVector("http://example.com/foo/bar/../ton", base: nil, href: "http://example.com/foo/ton"),
        // WPT url/resources/urltestdata.json: "http://example.com/foo/bar/../ton/../../a"
        URLVector("http://example.com/foo/bar/../ton/../../a", base: nil, href: "http://example.com/a"),
        // WPT url/resources/urltestdata.json: "http://example.com/foo/../../.."
        URLVector("http://example.com/foo/../../..", base: nil, href: "http://example.com/"),
        // WPT url/resources/urltestdata.json: "http://example.com/foo/../../../ton"
        URLVector("http://example.com/foo/../../../ton", base: nil, href: "http://example.com/ton"),
        // WPT url/resources/urltestdata.json: "http://example.com/foo/%2e"
        URLVector("http://example.com/foo/%2e", base: nil, href: "http://example.com/foo/"),
        // WPT url/resources/urltestdata.json: "http://example.com/foo/%2e%2"
        URLVector("http://example.com/foo/%2e%2", base: nil, href: "http://example.com/foo/%2e%2"),
        // WPT url/resources/urltestdata.json: "http://example.com/foo/%2e./%2e%2e/.%2e/%2e.bar"
        URLVector("http://example.com/foo/%2e./%2e%2e/.%2e/%2e.bar", base: nil, href: "http://example.com/%2e.bar"),
        // WPT url/resources/urltestdata.json: "http://example.com////../.."
        URLVector("http://example.com////../..", base: nil, href: "http://example.com//"),
        // WPT url/resources/urltestdata.json: "http://example.com/foo/bar//../.."
        URLVector("http://example.com/foo/bar//../..", base: nil, href: "http://example.com/foo/"),
        // WPT url/resources/urltestdata.json: "http://example.com/foo/bar//.."
        URLVector("http://example.com/foo/bar//..", base: nil, href: "http://example.com/foo/bar/"),
        // WPT url/resources/urltestdata.json: "http://example.com/foo"
        URLVector("http://example.com/foo", base: nil, href: "http://example.com/foo"),
        // WPT url/resources/urltestdata.json: "http://example.com/%20foo"
        URLVector("http://example.com/%20foo", base: nil, href: "http://example.com/%20foo"),
        // WPT url/resources/urltestdata.json: "http://example.com/foo%"
        URLVector("http://example.com/foo%", base: nil, href: "http://example.com/foo%"),
        // WPT url/resources/urltestdata.json: "http://example.com/foo%2"
        URLVector("http://example.com/foo%2", base: nil, href: "http://example.com/foo%2"),
        // WPT url/resources/urltestdata.json: "http://example.com/foo%2zbar"
        URLVector("http://example.com/foo%2zbar", base: nil, href: "http://example.com/foo%2zbar"),
        // WPT url/resources/urltestdata.json: "http://example.com/foo%2\u00c2\u00a9zbar"
        URLVector("http://example.com/foo%2\u{c2}\u{a9}zbar", base: nil, href: "http://example.com/foo%2%C3%82%C2%A9zbar"),
        // WPT url/resources/urltestdata.json: "http://example.com/foo%41%7a"
        URLVector("http://example.com/foo%41%7a", base: nil, href: "http://example.com/foo%41%7a"),
        // WPT url/resources/urltestdata.json: "http://example.com/foo\t\u0091%91"
        URLVector("http://example.com/foo\u{9}\u{91}%91", base: nil, href: "http://example.com/foo%C2%91%91"),
        // WPT url/resources/urltestdata.json: "http://example.com/foo%00%51"
        URLVector("http://example.com/foo%00%51", base: nil, href: "http://example.com/foo%00%51"),
        // WPT url/resources/urltestdata.json: "http://example.com/(%28:%3A%29)"
        URLVector("http://example.com/(%28:%3A%29)", base: nil, href: "http://example.com/(%28:%3A%29)"),
        // WPT url/resources/urltestdata.json: "http://example.com/%3A%3a%3C%3c"
        URLVector("http://example.com/%3A%3a%3C%3c", base: nil, href: "http://example.com/%3A%3a%3C%3c"),
        // WPT url/resources/urltestdata.json: "http://example.com/foo\tbar"
        URLVector("http://example.com/foo\u{9}bar", base: nil, href: "http://example.com/foobar"),
        // WPT url/resources/urltestdata.json: "http://example.com\\\\foo\\\\bar"
        URLVector("http://example.com\\\\foo\\\\bar", base: nil, href: "http://example.com//foo//bar"),
        // WPT url/resources/urltestdata.json: "http://example.com/%7Ffp3%3Eju%3Dduvgw%3Dd"
        URLVector("http://example.com/%7Ffp3%3Eju%3Dduvgw%3Dd", base: nil, href: "http://example.com/%7Ffp3%3Eju%3Dduvgw%3Dd"),
        // WPT url/resources/urltestdata.json: "http://example.com/@asdf%40"
        URLVector("http://example.com/@asdf%40", base: nil, href: "http://example.com/@asdf%40"),
        // WPT url/resources/urltestdata.json: "http://example.com/\u4f60\u597d\u4f60\u597d"
        URLVector("http://example.com/\u{4f60}\u{597d}\u{4f60}\u{597d}", base: nil, href: "http://example.com/%E4%BD%A0%E5%A5%BD%E4%BD%A0%E5%A5%BD"),
        // WPT url/resources/urltestdata.json: "http://example.com/\u2025/foo"
        URLVector("http://example.com/\u{2025}/foo", base: nil, href: "http://example.com/%E2%80%A5/foo"),
        // WPT url/resources/urltestdata.json: "http://example.com/\ufeff/foo"
        URLVector("http://example.com/\u{feff}/foo", base: nil, href: "http://example.com/%EF%BB%BF/foo"),
        // WPT url/resources/urltestdata.json: "http://example.com/\u202e/foo/\u202d/bar"
        URLVector("http://example.com/\u{202e}/foo/\u{202d}/bar", base: nil, href: "http://example.com/%E2%80%AE/foo/%E2%80%AD/bar"),
        // WPT url/resources/urltestdata.json: "http://www.google.com/foo?bar=baz#"
        URLVector("http://www.google.com/foo?bar=baz#", base: nil, href: "http://www.google.com/foo?bar=baz#"),
        // WPT url/resources/urltestdata.json: "http://www.google.com/foo?bar=baz# \u00bb"
        URLVector("http://www.google.com/foo?bar=baz# \u{bb}", base: nil, href: "http://www.google.com/foo?bar=baz#%20%C2%BB"),
        // WPT url/resources/urltestdata.json: "data:test# \u00bb"
        URLVector("data:test# \u{bb}", base: nil, href: "data:test#%20%C2%BB"),
        // WPT url/resources/urltestdata.json: "http://www.google.com"
        URLVector("http://www.google.com", base: nil, href: "http://www.google.com/"),
        // WPT url/resources/urltestdata.json: "http://192.0x00A80001"
        URLVector("http://192.0x00A80001", base: nil, href: "http://192.168.0.1/"),
        // WPT url/resources/urltestdata.json: "http://www/foo%2Ehtml"
        URLVector("http://www/foo%2Ehtml", base: nil, href: "http://www/foo%2Ehtml"),
        // WPT url/resources/urltestdata.json: "http://www/foo/%2E/html"
        URLVector("http://www/foo/%2E/html", base: nil, href: "http://www/foo/html"),
        // WPT url/resources/urltestdata.json: "http://user:pass@/"
        URLVector("http://user:pass@/", base: nil, href: nil),
        // WPT url/resources/urltestdata.json: "http://%25DOMAIN:foobar@foodomain.com/"
        URLVector("http://%25DOMAIN:foobar@foodomain.com/", base: nil, href: "http://%25DOMAIN:foobar@foodomain.com/"),
        // WPT url/resources/urltestdata.json: "http:\\\\www.google.com\\foo"
        URLVector("http:\\\\www.google.com\\foo", base: nil, href: "http://www.google.com/foo"),
        // WPT url/resources/urltestdata.json: "http://foo:80/"
        URLVector("http://foo:80/", base: nil, href: "http://foo/"),
        // WPT url/resources/urltestdata.json: "http://foo:81/"
        URLVector("http://foo:81/", base: nil, href: "http://foo:81/"),
        // WPT url/resources/urltestdata.json: "httpa://foo:80/"
        URLVector("httpa://foo:80/", base: nil, href: "httpa://foo:80/"),
        // WPT url/resources/urltestdata.json: "http://foo:-80/"
        URLVector("http://foo:-80/", base: nil, href: nil),
        // WPT url/resources/urltestdata.json: "https://foo:443/"
        URLVector("https://foo:443/", base: nil, href: "https://foo/"),
        // WPT url/resources/urltestdata.json: "https://foo:80/"
        URLVector("https://foo:80/", base: nil, href: "https://foo:80/"),
        // WPT url/resources/urltestdata.json: "ftp://foo:21/"
        URLVector("ftp://foo:21/", base: nil, href: "ftp://foo/"),
        // WPT url/resources/urltestdata.json: "ftp://foo:80/"
        URLVector("ftp://foo:80/", base: nil, href: "ftp://foo:80/"),
        // WPT url/resources/urltestdata.json: "gopher://foo:70/"
        URLVector("gopher://foo:70/", base: nil, href: "gopher://foo:70/"),
        // WPT url/resources/urltestdata.json: "gopher://foo:443/"
        URLVector("gopher://foo:443/", base: nil, href: "gopher://foo:443/"),
        // WPT url/resources/urltestdata.json: "ws://foo:80/"
        URLVector("ws://foo:80/", base: nil, href: "ws://foo/"),
        // WPT url/resources/urltestdata.json: "ws://foo:81/"
        URLVector("ws://foo:81/", base: nil, href: "ws://foo:81/"),
        // WPT url/resources/urltestdata.json: "ws://foo:443/"
        URLVector("ws://foo:443/", base: nil, href: "ws://foo:443/"),
        // WPT url/resources/urltestdata.json: "ws://foo:815/"
        URLVector("ws://foo:815/", base: nil, href: "ws://foo:815/"),
        // WPT url/resources/urltestdata.json: "wss://foo:80/"
        URLVector("wss://foo:80/", base: nil, href: "wss://foo:80/"),
        // WPT url/resources/urltestdata.json: "wss://foo:81/"
        URLVector("wss://foo:81/", base: nil, href: "wss://foo:81/"),
        // WPT url/resources/urltestdata.json: "wss://foo:443/"
        URLVector("wss://foo:443/", base: nil, href: "wss://foo/"),
        // WPT url/resources/urltestdata.json: "wss://foo:815/"
        URLVector("wss://foo:815/", base: nil, href: "wss://foo:815/"),
        // WPT url/resources/urltestdata.json: "http:/example.com/"
        URLVector("http:/example.com/", base: nil, href: "http://example.com/"),
        // WPT url/resources/urltestdata.json: "ftp:/example.com/"
        URLVector("ftp:/example.com/", base: nil, href: "ftp://example.com/"),
        // WPT url/resources/urltestdata.json: "https:/example.com/"
        URLVector("https:/example.com/", base: nil, href: "https://example.com/"),
        // WPT url/resources/urltestdata.json: "madeupscheme:/example.com/"
        URLVector("madeupscheme:/example.com/", base: nil, href: "madeupscheme:/example.com/"),
        // WPT url/resources/urltestdata.json: "file:/example.com/"
        URLVector("file:/example.com/", base: nil, href: "file:///example.com/"),
        // WPT url/resources/urltestdata.json: "ftps:/example.com/"
        URLVector("ftps:/example.com/", base: nil, href: "ftps:/example.com/"),
        // WPT url/resources/urltestdata.json: "gopher:/example.com/"
        URLVector("gopher:/example.com/", base: nil, href: "gopher:/example.com/"),
        // WPT url/resources/urltestdata.json: "ws:/example.com/"
        URLVector("ws:/example.com/", base: nil, href: "ws://example.com/"),
        // WPT url/resources/urltestdata.json: "wss:/example.com/"
        URLVector("wss:/example.com/", base: nil, href: "wss://example.com/"),
        // WPT url/resources/urltestdata.json: "data:/example.com/"
        URLVector("data:/example.com/", base: nil, href: "data:/example.com/"),
        // WPT url/resources/urltestdata.json: "javascript:/example.com/"
        URLVector("javascript:/example.com/", base: nil, href: "javascript:/example.com/"),
        // WPT url/resources/urltestdata.json: "mailto:/example.com/"
        URLVector("mailto:/example.com/", base: nil, href: "mailto:/example.com/"),
        // WPT url/resources/urltestdata.json: "http:example.com/"
        URLVector("http:example.com/", base: nil, href: "http://example.com/"),
        // WPT url/resources/urltestdata.json: "ftp:example.com/"
        URLVector("ftp:example.com/", base: nil, href: "ftp://example.com/"),
        // WPT url/resources/urltestdata.json: "https:example.com/"
        URLVector("https:example.com/", base: nil, href: "https://example.com/"),
        // WPT url/resources/urltestdata.json: "madeupscheme:example.com/"
        URLVector("madeupscheme:example.com/", base: nil, href: "madeupscheme:example.com/"),
        // WPT url/resources/urltestdata.json: "ftps:example.com/"
        URLVector("ftps:example.com/", base: nil, href: "ftps:example.com/"),
        // WPT url/resources/urltestdata.json: "gopher:example.com/"
        URLVector("gopher:example.com/", base: nil, href: "gopher:example.com/"),
        // WPT url/resources/urltestdata.json: "ws:example.com/"
        URLVector("ws:example.com/", base: nil, href: "ws://example.com/"),
        // WPT url/resources/urltestdata.json: "wss:example.com/"
        URLVector("wss:example.com/", base: nil, href: "wss://example.com/"),
        // WPT url/resources/urltestdata.json: "data:example.com/"
        URLVector("data:example.com/", base: nil, href: "data:example.com/"),
        // WPT url/resources/urltestdata.json: "javascript:example.com/"
        URLVector("javascript:example.com/", base: nil, href: "javascript:example.com/"),
        // WPT url/resources/urltestdata.json: "mailto:example.com/"
        URLVector("mailto:example.com/", base: nil, href: "mailto:example.com/"),
        // WPT url/resources/urltestdata.json: "https://example.com/aaa/bbb/%2e%2e?query"
        URLVector("https://example.com/aaa/bbb/%2e%2e?query", base: nil, href: "https://example.com/aaa/?query"),
        // WPT url/resources/urltestdata.json: "http:@www.example.com"
        URLVector("http:@www.example.com", base: nil, href: "http://www.example.com/"),
        // WPT url/resources/urltestdata.json: "http:/@www.example.com"
        URLVector("http:/@www.example.com", base: nil, href: "http://www.example.com/"),
        // WPT url/resources/urltestdata.json: "http://@www.example.com"
        URLVector("http://@www.example.com", base: nil, href: "http://www.example.com/"),
        // WPT url/resources/urltestdata.json: "http:a:b@www.example.com"
        URLVector("http:a:b@www.example.com", base: nil, href: "http://a:b@www.example.com/"),
        // WPT url/resources/urltestdata.json: "http:/a:b@www.example.com"
        URLVector("http:/a:b@www.example.com", base: nil, href: "http://a:b@www.example.com/"),
        // WPT url/resources/urltestdata.json: "http://a:b@www.example.com"
        URLVector("http://a:b@www.example.com", base: nil, href: "http://a:b@www.example.com/"),
        // WPT url/resources/urltestdata.json: "http://@pple.com"
        URLVector("http://@pple.com", base: nil, href: "http://pple.com/"),
        // WPT url/resources/urltestdata.json: "http::b@www.example.com"
        URLVector("http::b@www.example.com", base: nil, href: "http://:b@www.example.com/"),
        // WPT url/resources/urltestdata.json: "http:/:b@www.example.com"
        URLVector("http:/:b@www.example.com", base: nil, href: "http://:b@www.example.com/"),
        // WPT url/resources/urltestdata.json: "http://:b@www.example.com"
        URLVector("http://:b@www.example.com", base: nil, href: "http://:b@www.example.com/"),
        // WPT url/resources/urltestdata.json: "http:/:@/www.example.com"
        URLVector("http:/:@/www.example.com", base: nil, href: nil),
        // WPT url/resources/urltestdata.json: "http://user@/www.example.com"
        URLVector("http://user@/www.example.com", base: nil, href: nil),
        // WPT url/resources/urltestdata.json: "http:@/www.example.com"
        URLVector("http:@/www.example.com", base: nil, href: nil),
        // WPT url/resources/urltestdata.json: "http:/@/www.example.com"
        URLVector("http:/@/www.example.com", base: nil, href: nil),
        // WPT url/resources/urltestdata.json: "http://@/www.example.com"
        URLVector("http://@/www.example.com", base: nil, href: nil),
        // WPT url/resources/urltestdata.json: "https:@/www.example.com"
        URLVector("https:@/www.example.com", base: nil, href: nil),
        // WPT url/resources/urltestdata.json: "http:a:b@/www.example.com"
        URLVector("http:a:b@/www.example.com", base: nil, href: nil),
        // WPT url/resources/urltestdata.json: "http:/a:b@/www.example.com"
        URLVector("http:/a:b@/www.example.com", base: nil, href: nil),
        // WPT url/resources/urltestdata.json: "http://a:b@/www.example.com"
        URLVector("http://a:b@/www.example.com", base: nil, href: nil),
        // WPT url/resources/urltestdata.json: "http::@/www.example.com"
        URLVector("http::@/www.example.com", base: nil, href: nil),
        // WPT url/resources/urltestdata.json: "http:a:@www.example.com"
        URLVector("http:a:@www.example.com", base: nil, href: "http://a@www.example.com/"),
        // WPT url/resources/urltestdata.json: "http:/a:@www.example.com"
        URLVector("http:/a:@www.example.com", base: nil, href: "http://a@www.example.com/"),
        // WPT url/resources/urltestdata.json: "http://a:@www.example.com"
        URLVector("http://a:@www.example.com", base: nil, href: "http://a@www.example.com/"),
        // WPT url/resources/urltestdata.json: "http://www.@pple.com"
        URLVector("http://www.@pple.com", base: nil, href: "http://www.@pple.com/"),
        // WPT url/resources/urltestdata.json: "http:@:www.example.com"
        URLVector("http:@:www.example.com", base: nil, href: nil),
        // WPT url/resources/urltestdata.json: "http:/@:www.example.com"
        URLVector("http:/@:www.example.com", base: nil, href: nil),
        // WPT url/resources/urltestdata.json: "http://@:www.example.com"
        URLVector("http://@:www.example.com", base: nil, href: nil),
        // WPT url/resources/urltestdata.json: "http://:@www.example.com"
        URLVector("http://:@www.example.com", base: nil, href: "http://www.example.com/"),
        // WPT url/resources/urltestdata.json: "/" against "http://www.example.com/test"
        URLVector("/", base: "http://www.example.com/test", href: "http://www.example.com/"),
        // WPT url/resources/urltestdata.json: "/test.txt" against "http://www.example.com/test"
        URLVector("/test.txt", base: "http://www.example.com/test", href: "http://www.example.com/test.txt"),
        // WPT url/resources/urltestdata.json: "." against "http://www.example.com/test"
        URLVector(".", base: "http://www.example.com/test", href: "http://www.example.com/"),
        // WPT url/resources/urltestdata.json: ".." against "http://www.example.com/test"
        URLVector("..", base: "http://www.example.com/test", href: "http://www.example.com/"),
        // WPT url/resources/urltestdata.json: "test.txt" against "http://www.example.com/test"
        URLVector("test.txt", base: "http://www.example.com/test", href: "http://www.example.com/test.txt"),
        // WPT url/resources/urltestdata.json: "./test.txt" against "http://www.example.com/test"
        URLVector("./test.txt", base: "http://www.example.com/test", href: "http://www.example.com/test.txt"),
        // WPT url/resources/urltestdata.json: "../test.txt" against "http://www.example.com/test"
        URLVector("../test.txt", base: "http://www.example.com/test", href: "http://www.example.com/test.txt"),
        // WPT url/resources/urltestdata.json: "../aaa/test.txt" against "http://www.example.com/test"
        URLVector("../aaa/test.txt", base: "http://www.example.com/test", href: "http://www.example.com/aaa/test.txt"),
        // WPT url/resources/urltestdata.json: "../../test.txt" against "http://www.example.com/test"
        URLVector("../../test.txt", base: "http://www.example.com/test", href: "http://www.example.com/test.txt"),
        // WPT url/resources/urltestdata.json: "\u4e2d/test.txt" against "http://www.example.com/test"
        URLVector("\u{4e2d}/test.txt", base: "http://www.example.com/test", href: "http://www.example.com/%E4%B8%AD/test.txt"),
        // WPT url/resources/urltestdata.json: "http://www.example2.com" against "http://www.example.com/test"
        URLVector("http://www.example2.com", base: "http://www.example.com/test", href: "http://www.example2.com/"),
        // WPT url/resources/urltestdata.json: "//www.example2.com" against "http://www.example.com/test"
        URLVector("//www.example2.com", base: "http://www.example.com/test", href: "http://www.example2.com/"),
        // WPT url/resources/urltestdata.json: "file:..." against "http://www.example.com/test"
        URLVector("file:...", base: "http://www.example.com/test", href: "file:///..."),
        // WPT url/resources/urltestdata.json: "file:.." against "http://www.example.com/test"
        URLVector("file:..", base: "http://www.example.com/test", href: "file:///"),
        // WPT url/resources/urltestdata.json: "file:a" against "http://www.example.com/test"
        URLVector("file:a", base: "http://www.example.com/test", href: "file:///a"),
        // WPT url/resources/urltestdata.json: "file:."
        URLVector("file:.", base: nil, href: "file:///"),
        // WPT url/resources/urltestdata.json: "file:." against "http://www.example.com/test"
        URLVector("file:.", base: "http://www.example.com/test", href: "file:///"),
        // WPT url/resources/urltestdata.json: "http://ExAmPlE.CoM" against "http://other.com/"
        URLVector("http://ExAmPlE.CoM", base: "http://other.com/", href: "http://example.com/"),
        // WPT url/resources/urltestdata.json: "http://example example.com" against "http://other.com/"
        URLVector("http://example example.com", base: "http://other.com/", href: nil),
        // WPT url/resources/urltestdata.json: "http://Goo%20 goo%7C|.com" against "http://other.com/"
        URLVector("http://Goo%20 goo%7C|.com", base: "http://other.com/", href: nil),
        // WPT url/resources/urltestdata.json: "http://[]" against "http://other.com/"
        URLVector("http://[]", base: "http://other.com/", href: nil),
        // WPT url/resources/urltestdata.json: "http://[:]" against "http://other.com/"
        URLVector("http://[:]", base: "http://other.com/", href: nil),
        // WPT url/resources/urltestdata.json: "http://GOO\u00a0\u3000goo.com" against "http://other.com/"
        URLVector("http://GOO\u{a0}\u{3000}goo.com", base: "http://other.com/", href: nil),
        // WPT url/resources/urltestdata.json: "http://GOO\u200b\u2060\ufeffgoo.com" against "http://other.com/"
        URLVector("http://GOO\u{200b}\u{2060}\u{feff}goo.com", base: "http://other.com/", href: "http://googoo.com/"),
        // WPT url/resources/urltestdata.json: "\u0000\u001b\u0004\u0012 http://example.com/\u001f \r "
        URLVector("\u{0}\u{1b}\u{4}\u{12} http://example.com/\u{1f} \u{d} ", base: nil, href: "http://example.com/"),
        // WPT url/resources/urltestdata.json: "non-special:opaque  "
        URLVector("non-special:opaque  ", base: nil, href: "non-special:opaque"),
        // WPT url/resources/urltestdata.json: "non-special:opaque  ?hi"
        URLVector("non-special:opaque  ?hi", base: nil, href: "non-special:opaque %20?hi"),
        // WPT url/resources/urltestdata.json: "non-special:opaque  #hi"
        URLVector("non-special:opaque  #hi", base: nil, href: "non-special:opaque %20#hi"),
        // WPT url/resources/urltestdata.json: "non-special:opaque  x?hi"
        URLVector("non-special:opaque  x?hi", base: nil, href: "non-special:opaque  x?hi"),
        // WPT url/resources/urltestdata.json: "non-special:opaque  x#hi"
        URLVector("non-special:opaque  x#hi", base: nil, href: "non-special:opaque  x#hi"),
        // WPT url/resources/urltestdata.json: "non-special:opaque \t\t  \t#hi"
        URLVector("non-special:opaque \u{9}\u{9}  \u{9}#hi", base: nil, href: "non-special:opaque  %20#hi"),
        // WPT url/resources/urltestdata.json: "non-special:opaque \t\t  #hi"
        URLVector("non-special:opaque \u{9}\u{9}  #hi", base: nil, href: "non-special:opaque  %20#hi"),
        // WPT url/resources/urltestdata.json: "non-special:opaque\t\t  \r #hi"
        URLVector("non-special:opaque\u{9}\u{9}  \u{d} #hi", base: nil, href: "non-special:opaque  %20#hi"),
        // WPT url/resources/urltestdata.json: "http://www.foo\u3002bar.com" against "http://other.com/"
        URLVector("http://www.foo\u{3002}bar.com", base: "http://other.com/", href: "http://www.foo.bar.com/"),
        // WPT url/resources/urltestdata.json: "http://%ef%b7%90zyx.com" against "http://other.com/"
        URLVector("http://%ef%b7%90zyx.com", base: "http://other.com/", href: nil),
        // WPT url/resources/urltestdata.json: "https://\ufffd"
        URLVector("https://\u{fffd}", base: nil, href: nil),
        // WPT url/resources/urltestdata.json: "https://%EF%BF%BD"
        URLVector("https://%EF%BF%BD", base: nil, href: nil),
        // WPT url/resources/urltestdata.json: "https://x/\ufffd?\ufffd#\ufffd"
        URLVector("https://x/\u{fffd}?\u{fffd}#\u{fffd}", base: nil, href: "https://x/%EF%BF%BD?%EF%BF%BD#%EF%BF%BD"),
        // WPT url/resources/urltestdata.json: "http://a.b.c.xn--pokxncvks"
        URLVector("http://a.b.c.xn--pokxncvks", base: nil, href: nil),
        // WPT url/resources/urltestdata.json: "http://10.0.0.xn--pokxncvks"
        URLVector("http://10.0.0.xn--pokxncvks", base: nil, href: nil),
        // WPT url/resources/urltestdata.json: "http://a.b.c.XN--pokxncvks"
        URLVector("http://a.b.c.XN--pokxncvks", base: nil, href: nil),
        // WPT url/resources/urltestdata.json: "http://a.b.c.Xn--pokxncvks"
        URLVector("http://a.b.c.Xn--pokxncvks", base: nil, href: nil),
        // WPT url/resources/urltestdata.json: "http://10.0.0.XN--pokxncvks"
        URLVector("http://10.0.0.XN--pokxncvks", base: nil, href: nil),
        // WPT url/resources/urltestdata.json: "http://10.0.0.xN--pokxncvks"
        URLVector("http://10.0.0.xN--pokxncvks", base: nil, href: nil),
        // WPT url/resources/urltestdata.json: "http://\uff27\uff4f.com" against "http://other.com/"
        URLVector("http://\u{ff27}\u{ff4f}.com", base: "http://other.com/", href: "http://go.com/"),
        // WPT url/resources/urltestdata.json: "http://\uff05\uff14\uff11.com" against "http://other.com/"
        URLVector("http://\u{ff05}\u{ff14}\u{ff11}.com", base: "http://other.com/", href: nil),
        // WPT url/resources/urltestdata.json: "http://%ef%bc%85%ef%bc%94%ef%bc%91.com" against "http://other.com/"
        URLVector("http://%ef%bc%85%ef%bc%94%ef%bc%91.com", base: "http://other.com/", href: nil),
        // WPT url/resources/urltestdata.json: "http://\uff05\uff10\uff10.com" against "http://other.com/"
        URLVector("http://\u{ff05}\u{ff10}\u{ff10}.com", base: "http://other.com/", href: nil),
        // WPT url/resources/urltestdata.json: "http://%ef%bc%85%ef%bc%90%ef%bc%90.com" against "http://other.com/"
        URLVector("http://%ef%bc%85%ef%bc%90%ef%bc%90.com", base: "http://other.com/", href: nil),
        // WPT url/resources/urltestdata.json: "http://\u4f60\u597d\u4f60\u597d" against "http://other.com/"
        URLVector("http://\u{4f60}\u{597d}\u{4f60}\u{597d}", base: "http://other.com/", href: "http://xn--6qqa088eba/"),
        // WPT url/resources/urltestdata.json: "https://fa\u00df.ExAmPlE/"
        URLVector("https://fa\u{df}.ExAmPlE/", base: nil, href: "https://xn--fa-hia.example/"),
        // WPT url/resources/urltestdata.json: "sc://fa\u00df.ExAmPlE/"
        URLVector("sc://fa\u{df}.ExAmPlE/", base: nil, href: "sc://fa%C3%9F.ExAmPlE/"),
        // WPT url/resources/urltestdata.json: "http://%zz%66%a.com" against "http://other.com/"
        URLVector("http://%zz%66%a.com", base: "http://other.com/", href: nil),
        // WPT url/resources/urltestdata.json: "http://%25" against "http://other.com/"
        URLVector("http://%25", base: "http://other.com/", href: nil),
        // WPT url/resources/urltestdata.json: "http://hello%00" against "http://other.com/"
        URLVector("http://hello%00", base: "http://other.com/", href: nil),
        // WPT url/resources/urltestdata.json: "http://%30%78%63%30%2e%30%32%35%30.01" against "http://other.com/"
        URLVector("http://%30%78%63%30%2e%30%32%35%30.01", base: "http://other.com/", href: "http://192.168.0.1/"),
        // WPT url/resources/urltestdata.json: "http://%30%78%63%30%2e%30%32%35%30.01%2e" against "http://other.com/"
        URLVector("http://%30%78%63%30%2e%30%32%35%30.01%2e", base: "http://other.com/", href: "http://192.168.0.1/"),
        // WPT url/resources/urltestdata.json: "http://192.168.0.257" against "http://other.com/"
        URLVector("http://192.168.0.257", base: "http://other.com/", href: nil),
        // WPT url/resources/urltestdata.json: "http://%3g%78%63%30%2e%30%32%35%30%2E.01" against "http://other.com/"
        URLVector("http://%3g%78%63%30%2e%30%32%35%30%2E.01", base: "http://other.com/", href: nil),
        // WPT url/resources/urltestdata.json: "http://192.168.0.1 hello" against "http://other.com/"
        URLVector("http://192.168.0.1 hello", base: "http://other.com/", href: nil),
        // WPT url/resources/urltestdata.json: "https://x x:12"
        URLVector("https://x x:12", base: nil, href: nil),
        // WPT url/resources/urltestdata.json: "http://\uff10\uff38\uff43\uff10\uff0e\uff10\uff12\uff15\uff10\uff0e\uff10\uff11" against "http://other.com/"
        URLVector("http://\u{ff10}\u{ff38}\u{ff43}\u{ff10}\u{ff0e}\u{ff10}\u{ff12}\u{ff15}\u{ff10}\u{ff0e}\u{ff10}\u{ff11}", base: "http://other.com/", href: "http://192.168.0.1/"),
        // WPT url/resources/urltestdata.json: "http://./"
        URLVector("http://./", base: nil, href: "http://./"),
        // WPT url/resources/urltestdata.json: "http://../"
        URLVector("http://../", base: nil, href: "http://../"),
        // WPT url/resources/urltestdata.json: "h://."
        URLVector("h://.", base: nil, href: "h://."),
        // WPT url/resources/urltestdata.json: "http://[www.google.com]/"
        URLVector("http://[www.google.com]/", base: nil, href: nil),
        // WPT url/resources/urltestdata.json: "http://[google.com]" against "http://other.com/"
        URLVector("http://[google.com]", base: "http://other.com/", href: nil),
        // WPT url/resources/urltestdata.json: "http://[::1.2.3.4x]" against "http://other.com/"
        URLVector("http://[::1.2.3.4x]", base: "http://other.com/", href: nil),
        // WPT url/resources/urltestdata.json: "http://[::1.2.3.]" against "http://other.com/"
        URLVector("http://[::1.2.3.]", base: "http://other.com/", href: nil),
        // WPT url/resources/urltestdata.json: "http://[::1.2.]" against "http://other.com/"
        URLVector("http://[::1.2.]", base: "http://other.com/", href: nil),
        // WPT url/resources/urltestdata.json: "http://[::.1.2]" against "http://other.com/"
        URLVector("http://[::.1.2]", base: "http://other.com/", href: nil),
        // WPT url/resources/urltestdata.json: "http://[::1.]" against "http://other.com/"
        URLVector("http://[::1.]", base: "http://other.com/", href: nil),
        // WPT url/resources/urltestdata.json: "http://[::.1]" against "http://other.com/"
        URLVector("http://[::.1]", base: "http://other.com/", href: nil),
        // WPT url/resources/urltestdata.json: "http://[::%31]" against "http://other.com/"
        URLVector("http://[::%31]", base: "http://other.com/", href: nil),
        // WPT url/resources/urltestdata.json: "http://%5B::1]" against "http://other.com/"
        URLVector("http://%5B::1]", base: "http://other.com/", href: nil),
        // WPT url/resources/urltestdata.json: "http://foo:\ud83d\udca9@example.com/bar" against "http://other.com/"
        URLVector("http://foo:\u{1f4a9}@example.com/bar", base: "http://other.com/", href: "http://foo:%F0%9F%92%A9@example.com/bar"),
        // WPT url/resources/urltestdata.json: "#" against "test:test"
        URLVector("#", base: "test:test", href: "test:test#"),
        // WPT url/resources/urltestdata.json: "#x" against "mailto:x@x.com"
        URLVector("#x", base: "mailto:x@x.com", href: "mailto:x@x.com#x"),
        // WPT url/resources/urltestdata.json: "#x" against "data:,"
        URLVector("#x", base: "data:,", href: "data:,#x"),
        // WPT url/resources/urltestdata.json: "#x" against "about:blank"
        URLVector("#x", base: "about:blank", href: "about:blank#x"),
        // WPT url/resources/urltestdata.json: "#x:y" against "about:blank"
        URLVector("#x:y", base: "about:blank", href: "about:blank#x:y"),
        // WPT url/resources/urltestdata.json: "#" against "test:test?test"
        URLVector("#", base: "test:test?test", href: "test:test?test#"),
        // WPT url/resources/urltestdata.json: "https://@test@test@example:800/" against "http://doesnotmatter/"
        URLVector("https://@test@test@example:800/", base: "http://doesnotmatter/", href: "https://%40test%40test@example:800/"),
        // WPT url/resources/urltestdata.json: "https://@@@example" against "http://doesnotmatter/"
        URLVector("https://@@@example", base: "http://doesnotmatter/", href: "https://%40%40@example/"),
        // WPT url/resources/urltestdata.json: "http://`{}:`{}@h/`{}?`{}" against "http://doesnotmatter/"
        URLVector("http://`{}:`{}@h/`{}?`{}", base: "http://doesnotmatter/", href: "http://%60%7B%7D:%60%7B%7D@h/%60%7B%7D?`{}"),
        // WPT url/resources/urltestdata.json: "http://host/?'"
        URLVector("http://host/?'", base: nil, href: "http://host/?%27"),
        // WPT url/resources/urltestdata.json: "notspecial://host/?'"
        URLVector("notspecial://host/?'", base: nil, href: "notspecial://host/?'"),
        // WPT url/resources/urltestdata.json: "/some/path" against "http://user@example.org/smth"
        URLVector("/some/path", base: "http://user@example.org/smth", href: "http://user@example.org/some/path"),
        // WPT url/resources/urltestdata.json: "" against "http://user:pass@example.org:21/smth"
        URLVector("", base: "http://user:pass@example.org:21/smth", href: "http://user:pass@example.org:21/smth"),
        // WPT url/resources/urltestdata.json: "/some/path" against "http://user:pass@example.org:21/smth"
        URLVector("/some/path", base: "http://user:pass@example.org:21/smth", href: "http://user:pass@example.org:21/some/path"),
        // WPT url/resources/urltestdata.json: "i" against "sc:sd"
        URLVector("i", base: "sc:sd", href: nil),
        // WPT url/resources/urltestdata.json: "i" against "sc:sd/sd"
        URLVector("i", base: "sc:sd/sd", href: nil),
        // WPT url/resources/urltestdata.json: "i" against "sc:/pa/pa"
        URLVector("i", base: "sc:/pa/pa", href: "sc:/pa/i"),
        // WPT url/resources/urltestdata.json: "i" against "sc://ho/pa"
        URLVector("i", base: "sc://ho/pa", href: "sc://ho/i"),
        // WPT url/resources/urltestdata.json: "i" against "sc:///pa/pa"
        URLVector("i", base: "sc:///pa/pa", href: "sc:///pa/i"),
        // WPT url/resources/urltestdata.json: "../i" against "sc:sd"
        URLVector("../i", base: "sc:sd", href: nil),
        // WPT url/resources/urltestdata.json: "../i" against "sc:sd/sd"
        URLVector("../i", base: "sc:sd/sd", href: nil),
        // WPT url/resources/urltestdata.json: "../i" against "sc:/pa/pa"
        URLVector("../i", base: "sc:/pa/pa", href: "sc:/i"),
        // WPT url/resources/urltestdata.json: "../i" against "sc://ho/pa"
        URLVector("../i", base: "sc://ho/pa", href: "sc://ho/i"),
        // WPT url/resources/urltestdata.json: "../i" against "sc:///pa/pa"
        URLVector("../i", base: "sc:///pa/pa", href: "sc:///i"),
        // WPT url/resources/urltestdata.json: "/i" against "sc:sd"
        URLVector("/i", base: "sc:sd", href: nil),
        // WPT url/resources/urltestdata.json: "/i" against "sc:sd/sd"
        URLVector("/i", base: "sc:sd/sd", href: nil),
        // WPT url/resources/urltestdata.json: "/i" against "sc:/pa/pa"
        URLVector("/i", base: "sc:/pa/pa", href: "sc:/i"),
        // WPT url/resources/urltestdata.json: "/i" against "sc://ho/pa"
        URLVector("/i", base: "sc://ho/pa", href: "sc://ho/i"),
        // WPT url/resources/urltestdata.json: "/i" against "sc:///pa/pa"
        URLVector("/i", base: "sc:///pa/pa", href: "sc:///i"),
        // WPT url/resources/urltestdata.json: "?i" against "sc:sd"
        URLVector("?i", base: "sc:sd", href: nil),
        // WPT url/resources/urltestdata.json: "?i" against "sc:sd/sd"
        URLVector("?i", base: "sc:sd/sd", href: nil),
        // WPT url/resources/urltestdata.json: "?i" against "sc:/pa/pa"
        URLVector("?i", base: "sc:/pa/pa", href: "sc:/pa/pa?i"),
        // WPT url/resources/urltestdata.json: "?i" against "sc://ho/pa"
        URLVector("?i", base: "sc://ho/pa", href: "sc://ho/pa?i"),
        // WPT url/resources/urltestdata.json: "?i" against "sc:///pa/pa"
        URLVector("?i", base: "sc:///pa/pa", href: "sc:///pa/pa?i"),
        // WPT url/resources/urltestdata.json: "#i" against "sc:sd"
        URLVector("#i", base: "sc:sd", href: "sc:sd#i"),
        // WPT url/resources/urltestdata.json: "#i" against "sc:sd/sd"
        URLVector("#i", base: "sc:sd/sd", href: "sc:sd/sd#i"),
        // WPT url/resources/urltestdata.json: "#i" against "sc:/pa/pa"
        URLVector("#i", base: "sc:/pa/pa", href: "sc:/pa/pa#i"),
        // WPT url/resources/urltestdata.json: "#i" against "sc://ho/pa"
        URLVector("#i", base: "sc://ho/pa", href: "sc://ho/pa#i"),
        // WPT url/resources/urltestdata.json: "#i" against "sc:///pa/pa"
        URLVector("#i", base: "sc:///pa/pa", href: "sc:///pa/pa#i"),
        // WPT url/resources/urltestdata.json: "about:/../"
        URLVector("about:/../", base: nil, href: "about:/"),
        // WPT url/resources/urltestdata.json: "data:/../"
        URLVector("data:/../", base: nil, href: "data:/"),
        // WPT url/resources/urltestdata.json: "javascript:/../"
        URLVector("javascript:/../", base: nil, href: "javascript:/"),
        // WPT url/resources/urltestdata.json: "mailto:/../"
        URLVector("mailto:/../", base: nil, href: "mailto:/"),
        // WPT url/resources/urltestdata.json: "sc://\u00f1.test/"
        URLVector("sc://\u{f1}.test/", base: nil, href: "sc://%C3%B1.test/"),
        // WPT url/resources/urltestdata.json: "sc://%/"
        URLVector("sc://%/", base: nil, href: "sc://%/"),
        // WPT url/resources/urltestdata.json: "sc://@/"
        URLVector("sc://@/", base: nil, href: nil),
        // WPT url/resources/urltestdata.json: "sc://te@s:t@/"
        URLVector("sc://te@s:t@/", base: nil, href: nil),
        // WPT url/resources/urltestdata.json: "sc://:/"
        URLVector("sc://:/", base: nil, href: nil),
        // WPT url/resources/urltestdata.json: "sc://:12/"
        URLVector("sc://:12/", base: nil, href: nil),
        // WPT url/resources/urltestdata.json: "x" against "sc://\u00f1"
        URLVector("x", base: "sc://\u{f1}", href: "sc://%C3%B1/x"),
        // WPT url/resources/urltestdata.json: "sc:\\../"
        URLVector("sc:\\../", base: nil, href: "sc:\\../"),
        // WPT url/resources/urltestdata.json: "sc::a@example.net"
        URLVector("sc::a@example.net", base: nil, href: "sc::a@example.net"),
        // WPT url/resources/urltestdata.json: "wow:%NBD"
        URLVector("wow:%NBD", base: nil, href: "wow:%NBD"),
        // WPT url/resources/urltestdata.json: "wow:%1G"
        URLVector("wow:%1G", base: nil, href: "wow:%1G"),
        // WPT url/resources/urltestdata.json: "sc://a\u0000b/"
        URLVector("sc://a\u{0}b/", base: nil, href: nil),
        // WPT url/resources/urltestdata.json: "sc://a b/"
        URLVector("sc://a b/", base: nil, href: nil),
        // WPT url/resources/urltestdata.json: "sc://a<b"
        URLVector("sc://a<b", base: nil, href: nil),
        // WPT url/resources/urltestdata.json: "sc://a>b"
        URLVector("sc://a>b", base: nil, href: nil),
        // WPT url/resources/urltestdata.json: "sc://a[b/"
        URLVector("sc://a[b/", base: nil, href: nil),
        // WPT url/resources/urltestdata.json: "sc://a\\b/"
        URLVector("sc://a\\b/", base: nil, href: nil),
        // WPT url/resources/urltestdata.json: "sc://a]b/"
        URLVector("sc://a]b/", base: nil, href: nil),
        // WPT url/resources/urltestdata.json: "sc://a^b"
        URLVector("sc://a^b", base: nil, href: nil),
        // WPT url/resources/urltestdata.json: "sc://a|b/"
        URLVector("sc://a|b/", base: nil, href: nil),
        // WPT url/resources/urltestdata.json: "foo://ho\tst/"
        URLVector("foo://ho\u{9}st/", base: nil, href: "foo://host/"),
        // WPT url/resources/urltestdata.json: "foo://ho\nst/"
        URLVector("foo://ho\u{a}st/", base: nil, href: "foo://host/"),
        // WPT url/resources/urltestdata.json: "foo://ho\rst/"
        URLVector("foo://ho\u{d}st/", base: nil, href: "foo://host/"),
        // WPT url/resources/urltestdata.json: "http://a\u0000b/"
        URLVector("http://a\u{0}b/", base: nil, href: nil),
        // WPT url/resources/urltestdata.json: "http://a\u0001b/"
        URLVector("http://a\u{1}b/", base: nil, href: nil),
        // WPT url/resources/urltestdata.json: "http://a\u0002b/"
        URLVector("http://a\u{2}b/", base: nil, href: nil),
        // WPT url/resources/urltestdata.json: "http://a\u0003b/"
        URLVector("http://a\u{3}b/", base: nil, href: nil),
        // WPT url/resources/urltestdata.json: "http://a\u0004b/"
        URLVector("http://a\u{4}b/", base: nil, href: nil),
        // WPT url/resources/urltestdata.json: "http://a\u0005b/"
        URLVector("http://a\u{5}b/", base: nil, href: nil),
        // WPT url/resources/urltestdata.json: "http://a\u0006b/"
        URLVector("http://a\u{6}b/", base: nil, href: nil),
        // WPT url/resources/urltestdata.json: "http://a\u0007b/"
        URLVector("http://a\u{7}b/", base: nil, href: nil),
        // WPT url/resources/urltestdata.json: "http://a\bb/"
        URLVector("http://a\u{8}b/", base: nil, href: nil),
        // WPT url/resources/urltestdata.json: "http://a\u000bb/"
        URLVector("http://a\u{b}b/", base: nil, href: nil),
        // WPT url/resources/urltestdata.json: "http://a\fb/"
        URLVector("http://a\u{c}b/", base: nil, href: nil),
        // WPT url/resources/urltestdata.json: "http://a\u000eb/"
        URLVector("http://a\u{e}b/", base: nil, href: nil),
        // WPT url/resources/urltestdata.json: "http://a\u000fb/"
        URLVector("http://a\u{f}b/", base: nil, href: nil),
        // WPT url/resources/urltestdata.json: "http://a\u0010b/"
        URLVector("http://a\u{10}b/", base: nil, href: nil),
        // WPT url/resources/urltestdata.json: "http://a\u0011b/"
        URLVector("http://a\u{11}b/", base: nil, href: nil),
        // WPT url/resources/urltestdata.json: "http://a\u0012b/"
        URLVector("http://a\u{12}b/", base: nil, href: nil),
        // WPT url/resources/urltestdata.json: "http://a\u0013b/"
        URLVector("http://a\u{13}b/", base: nil, href: nil),
        // WPT url/resources/urltestdata.json: "http://a\u0014b/"
        URLVector("http://a\u{14}b/", base: nil, href: nil),
        // WPT url/resources/urltestdata.json: "http://a\u0015b/"
        URLVector("http://a\u{15}b/", base: nil, href: nil),
        // WPT url/resources/urltestdata.json: "http://a\u0016b/"
        URLVector("http://a\u{16}b/", base: nil, href: nil),
        // WPT url/resources/urltestdata.json: "http://a\u0017b/"
        URLVector("http://a\u{17}b/", base: nil, href: nil),
        // WPT url/resources/urltestdata.json: "http://a\u0018b/"
        URLVector("http://a\u{18}b/", base: nil, href: nil),
        // WPT url/resources/urltestdata.json: "http://a\u0019b/"
        URLVector("http://a\u{19}b/", base: nil, href: nil),
        // WPT url/resources/urltestdata.json: "http://a\u001ab/"
        URLVector("http://a\u{1a}b/", base: nil, href: nil),
        // WPT url/resources/urltestdata.json: "http://a\u001bb/"
        URLVector("http://a\u{1b}b/", base: nil, href: nil),
        // WPT url/resources/urltestdata.json: "http://a\u001cb/"
        URLVector("http://a\u{1c}b/", base: nil, href: nil),
        // WPT url/resources/urltestdata.json: "http://a\u001db/"
        URLVector("http://a\u{1d}b/", base: nil, href: nil),
        // WPT url/resources/urltestdata.json: "http://a\u001eb/"
        URLVector("http://a\u{1e}b/", base: nil, href: nil),
        // WPT url/resources/urltestdata.json: "http://a\u001fb/"
        URLVector("http://a\u{1f}b/", base: nil, href: nil),
        // WPT url/resources/urltestdata.json: "http://a b/"
        URLVector("http://a b/", base: nil, href: nil),
        // WPT url/resources/urltestdata.json: "http://a%b/"
        URLVector("http://a%b/", base: nil, href: nil),
        // WPT url/resources/urltestdata.json: "http://a<b"
        URLVector("http://a<b", base: nil, href: nil),
        // WPT url/resources/urltestdata.json: "http://a>b"
        URLVector("http://a>b", base: nil, href: nil),
        // WPT url/resources/urltestdata.json: "http://a[b/"
        URLVector("http://a[b/", base: nil, href: nil),
        // WPT url/resources/urltestdata.json: "http://a]b/"
        URLVector("http://a]b/", base: nil, href: nil),
        // WPT url/resources/urltestdata.json: "http://a^b"
        URLVector("http://a^b", base: nil, href: nil),
        // WPT url/resources/urltestdata.json: "http://a|b/"
        URLVector("http://a|b/", base: nil, href: nil),
        // WPT url/resources/urltestdata.json: "http://a\u007fb/"
        URLVector("http://a\u{7f}b/", base: nil, href: nil),
        // WPT url/resources/urltestdata.json: "http://ho\tst/"
        URLVector("http://ho\u{9}st/", base: nil, href: "http://host/"),
        // WPT url/resources/urltestdata.json: "http://ho\nst/"
        URLVector("http://ho\u{a}st/", base: nil, href: "http://host/"),
        // WPT url/resources/urltestdata.json: "http://ho\rst/"
        URLVector("http://ho\u{d}st/", base: nil, href: "http://host/"),
        // WPT url/resources/urltestdata.json: "http://ho%00st/"
        URLVector("http://ho%00st/", base: nil, href: nil),
        // WPT url/resources/urltestdata.json: "http://ho%01st/"
        URLVector("http://ho%01st/", base: nil, href: nil),
        // WPT url/resources/urltestdata.json: "http://ho%02st/"
        URLVector("http://ho%02st/", base: nil, href: nil),
        // WPT url/resources/urltestdata.json: "http://ho%03st/"
        URLVector("http://ho%03st/", base: nil, href: nil),
        // WPT url/resources/urltestdata.json: "http://ho%04st/"
        URLVector("http://ho%04st/", base: nil, href: nil),
        // WPT url/resources/urltestdata.json: "http://ho%05st/"
        URLVector("http://ho%05st/", base: nil, href: nil),
        // WPT url/resources/urltestdata.json: "http://ho%06st/"
        URLVector("http://ho%06st/", base: nil, href: nil),
        // WPT url/resources/urltestdata.json: "http://ho%07st/"
        URLVector("http://ho%07st/", base: nil, href: nil),
        // WPT url/resources/urltestdata.json: "http://ho%08st/"
        URLVector("http://ho%08st/", base: nil, href: nil),
        // WPT url/resources/urltestdata.json: "http://ho%09st/"
        URLVector("http://ho%09st/", base: nil, href: nil),
        // WPT url/resources/urltestdata.json: "http://ho%0Ast/"
        URLVector("http://ho%0Ast/", base: nil, href: nil),
        // WPT url/resources/urltestdata.json: "http://ho%0Bst/"
        URLVector("http://ho%0Bst/", base: nil, href: nil),
        // WPT url/resources/urltestdata.json: "http://ho%0Cst/"
        URLVector("http://ho%0Cst/", base: nil, href: nil),
        // WPT url/resources/urltestdata.json: "http://ho%0Dst/"
        URLVector("http://ho%0Dst/", base: nil, href: nil),
        // WPT url/resources/urltestdata.json: "http://ho%0Est/"
        URLVector("http://ho%0Est/", base: nil, href: nil),
        // WPT url/resources/urltestdata.json: "http://ho%0Fst/"
        URLVector("http://ho%0Fst/", base: nil, href: nil),
        // WPT url/resources/urltestdata.json: "http://ho%10st/"
        URLVector("http://ho%10st/", base: nil, href: nil),
        // WPT url/resources/urltestdata.json: "http://ho%11st/"
        URLVector("http://ho%11st/", base: nil, href: nil),
        // WPT url/resources/urltestdata.json: "http://ho%12st/"
        URLVector("http://ho%12st/", base: nil, href: nil),
        // WPT url/resources/urltestdata.json: "http://ho%13st/"
        URLVector("http://ho%13st/", base: nil, href: nil),
        // WPT url/resources/urltestdata.json: "http://ho%14st/"
        URLVector("http://ho%14st/", base: nil, href: nil),
        // WPT url/resources/urltestdata.json: "http://ho%15st/"
        URLVector("http://ho%15st/", base: nil, href: nil),
        // WPT url/resources/urltestdata.json: "http://ho%16st/"
        URLVector("http://ho%16st/", base: nil, href: nil),
        // WPT url/resources/urltestdata.json: "http://ho%17st/"
        URLVector("http://ho%17st/", base: nil, href: nil),
        // WPT url/resources/urltestdata.json: "http://ho%18st/"
        URLVector("http://ho%18st/", base: nil, href: nil),
        // WPT url/resources/urltestdata.json: "http://ho%19st/"
        URLVector("http://ho%19st/", base: nil, href: nil),
        // WPT url/resources/urltestdata.json: "http://ho%1Ast/"
        URLVector("http://ho%1Ast/", base: nil, href: nil),
        // WPT url/resources/urltestdata.json: "http://ho%1Bst/"
        URLVector("http://ho%1Bst/", base: nil, href: nil),
        // WPT url/resources/urltestdata.json: "http://ho%1Cst/"
        URLVector("http://ho%1Cst/", base: nil, href: nil),
        // WPT url/resources/urltestdata.json: "http://ho%1Dst/"
        URLVector("http://ho%1Dst/", base: nil, href: nil),
        // WPT url/resources/urltestdata.json: "http://ho%1Est/"
        URLVector("http://ho%1Est/", base: nil, href: nil),
        // WPT url/resources/urltestdata.json: "http://ho%1Fst/"
        URLVector("http://ho%1Fst/", base: nil, href: nil),
        // WPT url/resources/urltestdata.json: "http://ho%20st/"
        URLVector("http://ho%20st/", base: nil, href: nil),
        // WPT url/resources/urltestdata.json: "http://ho%23st/"
        URLVector("http://ho%23st/", base: nil, href: nil),
        // WPT url/resources/urltestdata.json: "http://ho%25st/"
        URLVector("http://ho%25st/", base: nil, href: nil),
        // WPT url/resources/urltestdata.json: "http://ho%2Fst/"
        URLVector("http://ho%2Fst/", base: nil, href: nil),
        // WPT url/resources/urltestdata.json: "http://ho%3Ast/"
        URLVector("http://ho%3Ast/", base: nil, href: nil),
        // WPT url/resources/urltestdata.json: "http://ho%3Cst/"
        URLVector("http://ho%3Cst/", base: nil, href: nil),
        // WPT url/resources/urltestdata.json: "http://ho%3Est/"
        URLVector("http://ho%3Est/", base: nil, href: nil),
        // WPT url/resources/urltestdata.json: "http://ho%3Fst/"
        URLVector("http://ho%3Fst/", base: nil, href: nil),
        // WPT url/resources/urltestdata.json: "http://ho%40st/"
        URLVector("http://ho%40st/", base: nil, href: nil),
        // WPT url/resources/urltestdata.json: "http://ho%5Bst/"
        URLVector("http://ho%5Bst/", base: nil, href: nil),
        // WPT url/resources/urltestdata.json: "http://ho%5Cst/"
        URLVector("http://ho%5Cst/", base: nil, href: nil),
        // WPT url/resources/urltestdata.json: "http://ho%5Dst/"
        URLVector("http://ho%5Dst/", base: nil, href: nil),
        // WPT url/resources/urltestdata.json: "http://ho%7Cst/"
        URLVector("http://ho%7Cst/", base: nil, href: nil),
        // WPT url/resources/urltestdata.json: "http://ho%7Fst/"
        URLVector("http://ho%7Fst/", base: nil, href: nil),
        // WPT url/resources/urltestdata.json: "http://!\"$&'()*+,-.;=_`{}~/"
        URLVector("http://!\"$&'()*+,-.;=_`{}~/", base: nil, href: "http://!\"$&'()*+,-.;=_`{}~/"),
        // WPT url/resources/urltestdata.json: "sc://\u0001\u0002\u0003\u0004\u0005\u0006\u0007\b\u000b\f\u000e\u000f\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001a\u001b\u001c\u001d\u001e\u001f\u007f!\"$%&'()*+,-.;=_`{}~/"
        URLVector("sc://\u{1}\u{2}\u{3}\u{4}\u{5}\u{6}\u{7}\u{8}\u{b}\u{c}\u{e}\u{f}\u{10}\u{11}\u{12}\u{13}\u{14}\u{15}\u{16}\u{17}\u{18}\u{19}\u{1a}\u{1b}\u{1c}\u{1d}\u{1e}\u{1f}\u{7f}!\"$%&'()*+,-.;=_`{}~/", base: nil, href: "sc://%01%02%03%04%05%06%07%08%0B%0C%0E%0F%10%11%12%13%14%15%16%17%18%19%1A%1B%1C%1D%1E%1F%7F!\"$%&'()*+,-.;=_`{}~/"),
        // WPT url/resources/urltestdata.json: "ftp://example.com%80/"
        URLVector("ftp://example.com%80/", base: nil, href: nil),
        // WPT url/resources/urltestdata.json: "ftp://example.com%A0/"
        URLVector("ftp://example.com%A0/", base: nil, href: nil),
        // WPT url/resources/urltestdata.json: "https://example.com%80/"
        URLVector("https://example.com%80/", base: nil, href: nil),
        // WPT url/resources/urltestdata.json: "https://example.com%A0/"
        URLVector("https://example.com%A0/", base: nil, href: nil),
        // WPT url/resources/urltestdata.json: "ftp://%e2%98%83"
        URLVector("ftp://%e2%98%83", base: nil, href: "ftp://xn--n3h/"),
        // WPT url/resources/urltestdata.json: "https://%e2%98%83"
        URLVector("https://%e2%98%83", base: nil, href: "https://xn--n3h/"),
        // WPT url/resources/urltestdata.json: "http://127.0.0.1:10100/relative_import.html"
        URLVector("http://127.0.0.1:10100/relative_import.html", base: nil, href: "http://127.0.0.1:10100/relative_import.html"),
        // WPT url/resources/urltestdata.json: "http://facebook.com/?foo=%7B%22abc%22"
        URLVector("http://facebook.com/?foo=%7B%22abc%22", base: nil, href: "http://facebook.com/?foo=%7B%22abc%22"),
        // WPT url/resources/urltestdata.json: "https://localhost:3000/jqueryui@1.2.3"
        URLVector("https://localhost:3000/jqueryui@1.2.3", base: nil, href: "https://localhost:3000/jqueryui@1.2.3"),
        // WPT url/resources/urltestdata.json: "h\tt\nt\rp://h\to\ns\rt:9\t0\n0\r0/p\ta\nt\rh?q\tu\ne\rry#f\tr\na\rg"
        URLVector("h\u{9}t\u{a}t\u{d}p://h\u{9}o\u{a}s\u{d}t:9\u{9}0\u{a}0\u{d}0/p\u{9}a\u{a}t\u{d}h?q\u{9}u\u{a}e\u{d}ry#f\u{9}r\u{a}a\u{d}g", base: nil, href: "http://host:9000/path?query#frag"),
        // WPT url/resources/urltestdata.json: "?a=b&c=d" against "http://example.org/foo/bar"
        URLVector("?a=b&c=d", base: "http://example.org/foo/bar", href: "http://example.org/foo/bar?a=b&c=d"),
        // WPT url/resources/urltestdata.json: "??a=b&c=d" against "http://example.org/foo/bar"
        URLVector("??a=b&c=d", base: "http://example.org/foo/bar", href: "http://example.org/foo/bar??a=b&c=d"),
        // WPT url/resources/urltestdata.json: "http:" against "http://example.org/foo/bar"
        URLVector("http:", base: "http://example.org/foo/bar", href: "http://example.org/foo/bar"),
        // WPT url/resources/urltestdata.json: "http:" against "https://example.org/foo/bar"
        URLVector("http:", base: "https://example.org/foo/bar", href: nil),
        // WPT url/resources/urltestdata.json: "sc:" against "https://example.org/foo/bar"
        URLVector("sc:", base: "https://example.org/foo/bar", href: "sc:"),
        // WPT url/resources/urltestdata.json: "http://foo.bar/baz?qux#foo\bbar"
        URLVector("http://foo.bar/baz?qux#foo\u{8}bar", base: nil, href: "http://foo.bar/baz?qux#foo%08bar"),
        // WPT url/resources/urltestdata.json: "http://foo.bar/baz?qux#foo\"bar"
        URLVector("http://foo.bar/baz?qux#foo\"bar", base: nil, href: "http://foo.bar/baz?qux#foo%22bar"),
        // WPT url/resources/urltestdata.json: "http://foo.bar/baz?qux#foo<bar"
        URLVector("http://foo.bar/baz?qux#foo<bar", base: nil, href: "http://foo.bar/baz?qux#foo%3Cbar"),
        // WPT url/resources/urltestdata.json: "http://foo.bar/baz?qux#foo>bar"
        URLVector("http://foo.bar/baz?qux#foo>bar", base: nil, href: "http://foo.bar/baz?qux#foo%3Ebar"),
        // WPT url/resources/urltestdata.json: "http://foo.bar/baz?qux#foo`bar"
        URLVector("http://foo.bar/baz?qux#foo`bar", base: nil, href: "http://foo.bar/baz?qux#foo%60bar"),
        // WPT url/resources/urltestdata.json: "http://1.2.3.4/" against "http://other.com/"
        URLVector("http://1.2.3.4/", base: "http://other.com/", href: "http://1.2.3.4/"),
        // WPT url/resources/urltestdata.json: "http://1.2.3.4./" against "http://other.com/"
        URLVector("http://1.2.3.4./", base: "http://other.com/", href: "http://1.2.3.4/"),
        // WPT url/resources/urltestdata.json: "http://192.168.257" against "http://other.com/"
        URLVector("http://192.168.257", base: "http://other.com/", href: "http://192.168.1.1/"),
        // WPT url/resources/urltestdata.json: "http://192.168.257." against "http://other.com/"
        URLVector("http://192.168.257.", base: "http://other.com/", href: "http://192.168.1.1/"),
        // WPT url/resources/urltestdata.json: "http://192.168.257.com" against "http://other.com/"
        URLVector("http://192.168.257.com", base: "http://other.com/", href: "http://192.168.257.com/"),
        // WPT url/resources/urltestdata.json: "http://256" against "http://other.com/"
        URLVector("http://256", base: "http://other.com/", href: "http://0.0.1.0/"),
        // WPT url/resources/urltestdata.json: "http://256.com" against "http://other.com/"
        URLVector("http://256.com", base: "http://other.com/", href: "http://256.com/"),
        // WPT url/resources/urltestdata.json: "http://999999999" against "http://other.com/"
        URLVector("http://999999999", base: "http://other.com/", href: "http://59.154.201.255/"),
        // WPT url/resources/urltestdata.json: "http://999999999." against "http://other.com/"
        URLVector("http://999999999.", base: "http://other.com/", href: "http://59.154.201.255/"),
        // WPT url/resources/urltestdata.json: "http://999999999.com" against "http://other.com/"
        URLVector("http://999999999.com", base: "http://other.com/", href: "http://999999999.com/"),
        // WPT url/resources/urltestdata.json: "http://10000000000" against "http://other.com/"
        URLVector("http://10000000000", base: "http://other.com/", href: nil),
        // WPT url/resources/urltestdata.json: "http://10000000000.com" against "http://other.com/"
        URLVector("http://10000000000.com", base: "http://other.com/", href: "http://10000000000.com/"),
        // WPT url/resources/urltestdata.json: "http://4294967295" against "http://other.com/"
        URLVector("http://4294967295", base: "http://other.com/", href: "http://255.255.255.255/"),
        // WPT url/resources/urltestdata.json: "http://4294967296" against "http://other.com/"
        URLVector("http://4294967296", base: "http://other.com/", href: nil),
        // WPT url/resources/urltestdata.json: "http://0xffffffff" against "http://other.com/"
        URLVector("http://0xffffffff", base: "http://other.com/", href: "http://255.255.255.255/"),
        // WPT url/resources/urltestdata.json: "http://0xffffffff1" against "http://other.com/"
        URLVector("http://0xffffffff1", base: "http://other.com/", href: nil),
        // WPT url/resources/urltestdata.json: "http://256.256.256.256" against "http://other.com/"
        URLVector("http://256.256.256.256", base: "http://other.com/", href: nil),
        // WPT url/resources/urltestdata.json: "https://0x.0x.0"
        URLVector("https://0x.0x.0", base: nil, href: "https://0.0.0.0/"),
        // WPT url/resources/urltestdata.json: "https://0x100000000/test"
        URLVector("https://0x100000000/test", base: nil, href: nil),
        // WPT url/resources/urltestdata.json: "https://256.0.0.1/test"
        URLVector("https://256.0.0.1/test", base: nil, href: nil),
        // WPT url/resources/urltestdata.json: "file:///C%3A/"
        URLVector("file:///C%3A/", base: nil, href: "file:///C%3A/"),
        // WPT url/resources/urltestdata.json: "file:///C%7C/"
        URLVector("file:///C%7C/", base: nil, href: "file:///C%7C/"),
        // WPT url/resources/urltestdata.json: "file://%43%3A"
        URLVector("file://%43%3A", base: nil, href: nil),
        // WPT url/resources/urltestdata.json: "file://%43%7C"
        URLVector("file://%43%7C", base: nil, href: nil),
        // WPT url/resources/urltestdata.json: "file://%43|"
        URLVector("file://%43|", base: nil, href: nil),
        // WPT url/resources/urltestdata.json: "file://C%7C"
        URLVector("file://C%7C", base: nil, href: nil),
        // WPT url/resources/urltestdata.json: "file://%43%7C/"
        URLVector("file://%43%7C/", base: nil, href: nil),
        // WPT url/resources/urltestdata.json: "https://%43%7C/"
        URLVector("https://%43%7C/", base: nil, href: nil),
        // WPT url/resources/urltestdata.json: "asdf://%43|/"
        URLVector("asdf://%43|/", base: nil, href: nil),
        // WPT url/resources/urltestdata.json: "asdf://%43%7C/"
        URLVector("asdf://%43%7C/", base: nil, href: "asdf://%43%7C/"),
        // WPT url/resources/urltestdata.json: "pix/submit.gif" against "file:///C:/Users/Domenic/Dropbox/GitHub/tmpvar/jsdom/test/level2/html/files/anchor.html"
        URLVector("pix/submit.gif", base: "file:///C:/Users/Domenic/Dropbox/GitHub/tmpvar/jsdom/test/level2/html/files/anchor.html", href: "file:///C:/Users/Domenic/Dropbox/GitHub/tmpvar/jsdom/test/level2/html/files/pix/submit.gif"),
        // WPT url/resources/urltestdata.json: ".." against "file:///C:/"
        URLVector("..", base: "file:///C:/", href: "file:///C:/"),
        // WPT url/resources/urltestdata.json: ".." against "file:///"
        URLVector("..", base: "file:///", href: "file:///"),
        // WPT url/resources/urltestdata.json: "/" against "file:///C:/a/b"
        URLVector("/", base: "file:///C:/a/b", href: "file:///C:/"),
        // WPT url/resources/urltestdata.json: "/" against "file://h/C:/a/b"
        URLVector("/", base: "file://h/C:/a/b", href: "file://h/C:/"),
        // WPT url/resources/urltestdata.json: "/" against "file://h/a/b"
        URLVector("/", base: "file://h/a/b", href: "file://h/"),
        // WPT url/resources/urltestdata.json: "//d:" against "file:///C:/a/b"
        URLVector("//d:", base: "file:///C:/a/b", href: "file:///d:"),
        // WPT url/resources/urltestdata.json: "//d:/.." against "file:///C:/a/b"
        URLVector("//d:/..", base: "file:///C:/a/b", href: "file:///d:/"),
        // WPT url/resources/urltestdata.json: ".." against "file:///ab:/"
        URLVector("..", base: "file:///ab:/", href: "file:///"),
        // WPT url/resources/urltestdata.json: ".." against "file:///1:/"
        URLVector("..", base: "file:///1:/", href: "file:///"),
        // WPT url/resources/urltestdata.json: "" against "file:///test?test#test"
        URLVector("", base: "file:///test?test#test", href: "file:///test?test"),
        // WPT url/resources/urltestdata.json: "file:" against "file:///test?test#test"
        URLVector("file:", base: "file:///test?test#test", href: "file:///test?test"),
        // WPT url/resources/urltestdata.json: "?x" against "file:///test?test#test"
        URLVector("?x", base: "file:///test?test#test", href: "file:///test?x"),
        // WPT url/resources/urltestdata.json: "file:?x" against "file:///test?test#test"
        URLVector("file:?x", base: "file:///test?test#test", href: "file:///test?x"),
        // WPT url/resources/urltestdata.json: "#x" against "file:///test?test#test"
        URLVector("#x", base: "file:///test?test#test", href: "file:///test?test#x"),
        // WPT url/resources/urltestdata.json: "file:#x" against "file:///test?test#test"
        URLVector("file:#x", base: "file:///test?test#test", href: "file:///test?test#x"),
        // WPT url/resources/urltestdata.json: "file:\\\\//"
        URLVector("file:\\\\//", base: nil, href: "file:////"),
        // WPT url/resources/urltestdata.json: "file:\\\\\\\\"
        URLVector("file:\\\\\\\\", base: nil, href: "file:////"),
        // WPT url/resources/urltestdata.json: "file:\\\\\\\\?fox"
        URLVector("file:\\\\\\\\?fox", base: nil, href: "file:////?fox"),
        // WPT url/resources/urltestdata.json: "file:\\\\\\\\#guppy"
        URLVector("file:\\\\\\\\#guppy", base: nil, href: "file:////#guppy"),
        // WPT url/resources/urltestdata.json: "file://spider///"
        URLVector("file://spider///", base: nil, href: "file://spider///"),
        // WPT url/resources/urltestdata.json: "file:\\\\localhost//"
        URLVector("file:\\\\localhost//", base: nil, href: "file:////"),
        // WPT url/resources/urltestdata.json: "file:///localhost//cat"
        URLVector("file:///localhost//cat", base: nil, href: "file:///localhost//cat"),
        // WPT url/resources/urltestdata.json: "file://\\/localhost//cat"
        URLVector("file://\\/localhost//cat", base: nil, href: "file:////localhost//cat"),
        // WPT url/resources/urltestdata.json: "file://localhost//a//../..//"
        URLVector("file://localhost//a//../..//", base: nil, href: "file://///"),
        // WPT url/resources/urltestdata.json: "/////mouse" against "file:///elephant"
        URLVector("/////mouse", base: "file:///elephant", href: "file://///mouse"),
        // WPT url/resources/urltestdata.json: "\\//pig" against "file://lion/"
        URLVector("\\//pig", base: "file://lion/", href: "file:///pig"),
        // WPT url/resources/urltestdata.json: "\\/localhost//pig" against "file://lion/"
        URLVector("\\/localhost//pig", base: "file://lion/", href: "file:////pig"),
        // WPT url/resources/urltestdata.json: "//localhost//pig" against "file://lion/"
        URLVector("//localhost//pig", base: "file://lion/", href: "file:////pig"),
        // WPT url/resources/urltestdata.json: "/..//localhost//pig" against "file://lion/"
        URLVector("/..//localhost//pig", base: "file://lion/", href: "file://lion//localhost//pig"),
        // WPT url/resources/urltestdata.json: "file://" against "file://ape/"
        URLVector("file://", base: "file://ape/", href: "file:///"),
        // WPT url/resources/urltestdata.json: "/rooibos" against "file://tea/"
        URLVector("/rooibos", base: "file://tea/", href: "file://tea/rooibos"),
        // WPT url/resources/urltestdata.json: "/?chai" against "file://tea/"
        URLVector("/?chai", base: "file://tea/", href: "file://tea/?chai"),
        // WPT url/resources/urltestdata.json: "C|" against "file://host/dir/file"
        URLVector("C|", base: "file://host/dir/file", href: "file://host/C:"),
        // WPT url/resources/urltestdata.json: "C|" against "file://host/D:/dir1/dir2/file"
        URLVector("C|", base: "file://host/D:/dir1/dir2/file", href: "file://host/C:"),
        // WPT url/resources/urltestdata.json: "C|#" against "file://host/dir/file"
        URLVector("C|#", base: "file://host/dir/file", href: "file://host/C:#"),
        // WPT url/resources/urltestdata.json: "C|?" against "file://host/dir/file"
        URLVector("C|?", base: "file://host/dir/file", href: "file://host/C:?"),
        // WPT url/resources/urltestdata.json: "C|/" against "file://host/dir/file"
        URLVector("C|/", base: "file://host/dir/file", href: "file://host/C:/"),
        // WPT url/resources/urltestdata.json: "C|\n/" against "file://host/dir/file"
        URLVector("C|\u{a}/", base: "file://host/dir/file", href: "file://host/C:/"),
        // WPT url/resources/urltestdata.json: "C|\\" against "file://host/dir/file"
        URLVector("C|\\", base: "file://host/dir/file", href: "file://host/C:/"),
        // WPT url/resources/urltestdata.json: "C" against "file://host/dir/file"
        URLVector("C", base: "file://host/dir/file", href: "file://host/dir/C"),
        // WPT url/resources/urltestdata.json: "C|a" against "file://host/dir/file"
        URLVector("C|a", base: "file://host/dir/file", href: "file://host/dir/C|a"),
        // WPT url/resources/urltestdata.json: "/c:/foo/bar" against "file:///c:/baz/qux"
        URLVector("/c:/foo/bar", base: "file:///c:/baz/qux", href: "file:///c:/foo/bar"),
        // WPT url/resources/urltestdata.json: "/c|/foo/bar" against "file:///c:/baz/qux"
        URLVector("/c|/foo/bar", base: "file:///c:/baz/qux", href: "file:///c:/foo/bar"),
        // WPT url/resources/urltestdata.json: "file:\\c:\\foo\\bar" against "file:///c:/baz/qux"
        URLVector("file:\\c:\\foo\\bar", base: "file:///c:/baz/qux", href: "file:///c:/foo/bar"),
        // WPT url/resources/urltestdata.json: "/c:/foo/bar" against "file://host/path"
        URLVector("/c:/foo/bar", base: "file://host/path", href: "file://host/c:/foo/bar"),
        // WPT url/resources/urltestdata.json: "file://example.net/C:/"
        URLVector("file://example.net/C:/", base: nil, href: "file://example.net/C:/"),
        // WPT url/resources/urltestdata.json: "file://1.2.3.4/C:/"
        URLVector("file://1.2.3.4/C:/", base: nil, href: "file://1.2.3.4/C:/"),
        // WPT url/resources/urltestdata.json: "file://[1::8]/C:/"
        URLVector("file://[1::8]/C:/", base: nil, href: "file://[1::8]/C:/"),
        // WPT url/resources/urltestdata.json: "C|/" against "file://host/"
        URLVector("C|/", base: "file://host/", href: "file://host/C:/"),
        // WPT url/resources/urltestdata.json: "/C:/" against "file://host/"
        URLVector("/C:/", base: "file://host/", href: "file://host/C:/"),
        // WPT url/resources/urltestdata.json: "file:C:/" against "file://host/"
        URLVector("file:C:/", base: "file://host/", href: "file://host/C:/"),
        // WPT url/resources/urltestdata.json: "file:/C:/" against "file://host/"
        URLVector("file:/C:/", base: "file://host/", href: "file://host/C:/"),
        // WPT url/resources/urltestdata.json: "//C:/" against "file://host/"
        URLVector("//C:/", base: "file://host/", href: "file:///C:/"),
        // WPT url/resources/urltestdata.json: "file://C:/" against "file://host/"
        URLVector("file://C:/", base: "file://host/", href: "file:///C:/"),
        // WPT url/resources/urltestdata.json: "///C:/" against "file://host/"
        URLVector("///C:/", base: "file://host/", href: "file:///C:/"),
        // WPT url/resources/urltestdata.json: "file:///C:/" against "file://host/"
        URLVector("file:///C:/", base: "file://host/", href: "file:///C:/"),
        // WPT url/resources/urltestdata.json: "file:/C|/"
        URLVector("file:/C|/", base: nil, href: "file:///C:/"),
        // WPT url/resources/urltestdata.json: "file://C|/"
        URLVector("file://C|/", base: nil, href: "file:///C:/"),
        // WPT url/resources/urltestdata.json: "file:"
        URLVector("file:", base: nil, href: "file:///"),
        // WPT url/resources/urltestdata.json: "file:?q=v"
        URLVector("file:?q=v", base: nil, href: "file:///?q=v"),
        // WPT url/resources/urltestdata.json: "file:#frag"
        URLVector("file:#frag", base: nil, href: "file:///#frag"),
        // WPT url/resources/urltestdata.json: "file:///Y:"
        URLVector("file:///Y:", base: nil, href: "file:///Y:"),
        // WPT url/resources/urltestdata.json: "file:///Y:/"
        URLVector("file:///Y:/", base: nil, href: "file:///Y:/"),
        // WPT url/resources/urltestdata.json: "file:///./Y"
        URLVector("file:///./Y", base: nil, href: "file:///Y"),
        // WPT url/resources/urltestdata.json: "file:///./Y:"
        URLVector("file:///./Y:", base: nil, href: "file:///Y:"),
        // WPT url/resources/urltestdata.json: "\\\\\\.\\Y:"
        URLVector("\\\\\\.\\Y:", base: nil, href: nil),
        // WPT url/resources/urltestdata.json: "file:///y:"
        URLVector("file:///y:", base: nil, href: "file:///y:"),
        // WPT url/resources/urltestdata.json: "file:///y:/"
        URLVector("file:///y:/", base: nil, href: "file:///y:/"),
        // WPT url/resources/urltestdata.json: "file:///./y"
        URLVector("file:///./y", base: nil, href: "file:///y"),
        // WPT url/resources/urltestdata.json: "file:///./y:"
        URLVector("file:///./y:", base: nil, href: "file:///y:"),
        // WPT url/resources/urltestdata.json: "\\\\\\.\\y:"
        URLVector("\\\\\\.\\y:", base: nil, href: nil),
        // WPT url/resources/urltestdata.json: "file://localhost//a//../..//foo"
        URLVector("file://localhost//a//../..//foo", base: nil, href: "file://///foo"),
        // WPT url/resources/urltestdata.json: "file://localhost////foo"
        URLVector("file://localhost////foo", base: nil, href: "file://////foo"),
        // WPT url/resources/urltestdata.json: "file:////foo"
        URLVector("file:////foo", base: nil, href: "file:////foo"),
        // WPT url/resources/urltestdata.json: "file:///one/two" against "file:///"
        URLVector("file:///one/two", base: "file:///", href: "file:///one/two"),
        // WPT url/resources/urltestdata.json: "file:////one/two" against "file:///"
        URLVector("file:////one/two", base: "file:///", href: "file:////one/two"),
        // WPT url/resources/urltestdata.json: "//one/two" against "file:///"
        URLVector("//one/two", base: "file:///", href: "file://one/two"),
        // WPT url/resources/urltestdata.json: "///one/two" against "file:///"
        URLVector("///one/two", base: "file:///", href: "file:///one/two"),
        // WPT url/resources/urltestdata.json: "////one/two" against "file:///"
        URLVector("////one/two", base: "file:///", href: "file:////one/two"),
        // WPT url/resources/urltestdata.json: "file:///.//" against "file:////"
        URLVector("file:///.//", base: "file:////", href: "file:////"),
        // WPT url/resources/urltestdata.json: "file:.//p"
        URLVector("file:.//p", base: nil, href: "file:////p"),
        // WPT url/resources/urltestdata.json: "file:/.//p"
        URLVector("file:/.//p", base: nil, href: "file:////p"),
        // WPT url/resources/urltestdata.json: "http://[1:0::]" against "http://example.net/"
        URLVector("http://[1:0::]", base: "http://example.net/", href: "http://[1::]/"),
        // WPT url/resources/urltestdata.json: "http://[0:1:2:3:4:5:6:7:8]" against "http://example.net/"
        URLVector("http://[0:1:2:3:4:5:6:7:8]", base: "http://example.net/", href: nil),
        // WPT url/resources/urltestdata.json: "https://[0::0::0]"
        URLVector("https://[0::0::0]", base: nil, href: nil),
        // WPT url/resources/urltestdata.json: "https://[0:.0]"
        URLVector("https://[0:.0]", base: nil, href: nil),
        // WPT url/resources/urltestdata.json: "https://[0:0:]"
        URLVector("https://[0:0:]", base: nil, href: nil),
        // WPT url/resources/urltestdata.json: "https://[0:1:2:3:4:5:6:7.0.0.0.1]"
        URLVector("https://[0:1:2:3:4:5:6:7.0.0.0.1]", base: nil, href: nil),
        // WPT url/resources/urltestdata.json: "https://[0:1.00.0.0.0]"
        URLVector("https://[0:1.00.0.0.0]", base: nil, href: nil),
        // WPT url/resources/urltestdata.json: "https://[0:1.290.0.0.0]"
        URLVector("https://[0:1.290.0.0.0]", base: nil, href: nil),
        // WPT url/resources/urltestdata.json: "https://[0:1.23.23]"
        URLVector("https://[0:1.23.23]", base: nil, href: nil),
        // WPT url/resources/urltestdata.json: "http://?"
        URLVector("http://?", base: nil, href: nil),
        // WPT url/resources/urltestdata.json: "http://#"
        URLVector("http://#", base: nil, href: nil),
        // WPT url/resources/urltestdata.json: "http://f:4294967377/c" against "http://example.org/"
        URLVector("http://f:4294967377/c", base: "http://example.org/", href: nil),
        // WPT url/resources/urltestdata.json: "http://f:18446744073709551697/c" against "http://example.org/"
        URLVector("http://f:18446744073709551697/c", base: "http://example.org/", href: nil),
        // WPT url/resources/urltestdata.json: "http://f:340282366920938463463374607431768211537/c" against "http://example.org/"
        URLVector("http://f:340282366920938463463374607431768211537/c", base: "http://example.org/", href: nil),
        // WPT url/resources/urltestdata.json: "sc://\u00f1"
        URLVector("sc://\u{f1}", base: nil, href: "sc://%C3%B1"),
        // WPT url/resources/urltestdata.json: "sc://\u00f1?x"
        URLVector("sc://\u{f1}?x", base: nil, href: "sc://%C3%B1?x"),
        // WPT url/resources/urltestdata.json: "sc://\u00f1#x"
        URLVector("sc://\u{f1}#x", base: nil, href: "sc://%C3%B1#x"),
        // WPT url/resources/urltestdata.json: "#x" against "sc://\u00f1"
        URLVector("#x", base: "sc://\u{f1}", href: "sc://%C3%B1#x"),
        // WPT url/resources/urltestdata.json: "?x" against "sc://\u00f1"
        URLVector("?x", base: "sc://\u{f1}", href: "sc://%C3%B1?x"),
        // WPT url/resources/urltestdata.json: "sc://?"
        URLVector("sc://?", base: nil, href: "sc://?"),
        // WPT url/resources/urltestdata.json: "sc://#"
        URLVector("sc://#", base: nil, href: "sc://#"),
        // WPT url/resources/urltestdata.json: "///" against "sc://x/"
        URLVector("///", base: "sc://x/", href: "sc:///"),
        // WPT url/resources/urltestdata.json: "////" against "sc://x/"
        URLVector("////", base: "sc://x/", href: "sc:////"),
        // WPT url/resources/urltestdata.json: "////x/" against "sc://x/"
        URLVector("////x/", base: "sc://x/", href: "sc:////x/"),
        // WPT url/resources/urltestdata.json: "tftp://foobar.com/someconfig;mode=netascii"
        URLVector("tftp://foobar.com/someconfig;mode=netascii", base: nil, href: "tftp://foobar.com/someconfig;mode=netascii"),
        // WPT url/resources/urltestdata.json: "telnet://user:pass@foobar.com:23/"
        URLVector("telnet://user:pass@foobar.com:23/", base: nil, href: "telnet://user:pass@foobar.com:23/"),
        // WPT url/resources/urltestdata.json: "ut2004://10.10.10.10:7777/Index.ut2"
        URLVector("ut2004://10.10.10.10:7777/Index.ut2", base: nil, href: "ut2004://10.10.10.10:7777/Index.ut2"),
        // WPT url/resources/urltestdata.json: "redis://foo:bar@somehost:6379/0?baz=bam&qux=baz"
        URLVector("redis://foo:bar@somehost:6379/0?baz=bam&qux=baz", base: nil, href: "redis://foo:bar@somehost:6379/0?baz=bam&qux=baz"),
        // WPT url/resources/urltestdata.json: "rsync://foo@host:911/sup"
        URLVector("rsync://foo@host:911/sup", base: nil, href: "rsync://foo@host:911/sup"),
        // WPT url/resources/urltestdata.json: "git://github.com/foo/bar.git"
        URLVector("git://github.com/foo/bar.git", base: nil, href: "git://github.com/foo/bar.git"),
        // WPT url/resources/urltestdata.json: "irc://myserver.com:6999/channel?passwd"
        URLVector("irc://myserver.com:6999/channel?passwd", base: nil, href: "irc://myserver.com:6999/channel?passwd"),
        // WPT url/resources/urltestdata.json: "dns://fw.example.org:9999/foo.bar.org?type=TXT"
        URLVector("dns://fw.example.org:9999/foo.bar.org?type=TXT", base: nil, href: "dns://fw.example.org:9999/foo.bar.org?type=TXT"),
        // WPT url/resources/urltestdata.json: "ldap://localhost:389/ou=People,o=JNDITutorial"
        URLVector("ldap://localhost:389/ou=People,o=JNDITutorial", base: nil, href: "ldap://localhost:389/ou=People,o=JNDITutorial"),
        // WPT url/resources/urltestdata.json: "git+https://github.com/foo/bar"
        URLVector("git+https://github.com/foo/bar", base: nil, href: "git+https://github.com/foo/bar"),
        // WPT url/resources/urltestdata.json: "urn:ietf:rfc:2648"
        URLVector("urn:ietf:rfc:2648", base: nil, href: "urn:ietf:rfc:2648"),
        // WPT url/resources/urltestdata.json: "tag:joe@example.org,2001:foo/bar"
        URLVector("tag:joe@example.org,2001:foo/bar", base: nil, href: "tag:joe@example.org,2001:foo/bar"),
        // WPT url/resources/urltestdata.json: "non-spec:/.//"
        URLVector("non-spec:/.//", base: nil, href: "non-spec:/.//"),
        // WPT url/resources/urltestdata.json: "non-spec:/..//"
        URLVector("non-spec:/..//", base: nil, href: "non-spec:/.//"),
        // WPT url/resources/urltestdata.json: "non-spec:/a/..//"
        URLVector("non-spec:/a/..//", base: nil, href: "non-spec:/.//"),
        // WPT url/resources/urltestdata.json: "non-spec:/.//path"
        URLVector("non-spec:/.//path", base: nil, href: "non-spec:/.//path"),
        // WPT url/resources/urltestdata.json: "non-spec:/..//path"
        URLVector("non-spec:/..//path", base: nil, href: "non-spec:/.//path"),
        // WPT url/resources/urltestdata.json: "non-spec:/a/..//path"
        URLVector("non-spec:/a/..//path", base: nil, href: "non-spec:/.//path"),
        // WPT url/resources/urltestdata.json: "/.//path" against "non-spec:/p"
        URLVector("/.//path", base: "non-spec:/p", href: "non-spec:/.//path"),
        // WPT url/resources/urltestdata.json: "/..//path" against "non-spec:/p"
        URLVector("/..//path", base: "non-spec:/p", href: "non-spec:/.//path"),
        // WPT url/resources/urltestdata.json: "..//path" against "non-spec:/p"
        URLVector("..//path", base: "non-spec:/p", href: "non-spec:/.//path"),
        // WPT url/resources/urltestdata.json: "a/..//path" against "non-spec:/p"
        URLVector("a/..//path", base: "non-spec:/p", href: "non-spec:/.//path"),
        // WPT url/resources/urltestdata.json: "" against "non-spec:/..//p"
        URLVector("", base: "non-spec:/..//p", href: "non-spec:/.//p"),
        // WPT url/resources/urltestdata.json: "path" against "non-spec:/..//p"
        URLVector("path", base: "non-spec:/..//p", href: "non-spec:/.//path"),
        // WPT url/resources/urltestdata.json: "../path" against "non-spec:/.//p"
        URLVector("../path", base: "non-spec:/.//p", href: "non-spec:/path"),
        // WPT url/resources/urltestdata.json: "non-special://%E2%80%A0/"
        URLVector("non-special://%E2%80%A0/", base: nil, href: "non-special://%E2%80%A0/"),
        // WPT url/resources/urltestdata.json: "non-special://H%4fSt/path"
        URLVector("non-special://H%4fSt/path", base: nil, href: "non-special://H%4fSt/path"),
        // WPT url/resources/urltestdata.json: "non-special://[1:2:0:0:5:0:0:0]/"
        URLVector("non-special://[1:2:0:0:5:0:0:0]/", base: nil, href: "non-special://[1:2:0:0:5::]/"),
        // WPT url/resources/urltestdata.json: "non-special://[1:2:0:0:0:0:0:3]/"
        URLVector("non-special://[1:2:0:0:0:0:0:3]/", base: nil, href: "non-special://[1:2::3]/"),
        // WPT url/resources/urltestdata.json: "non-special://[1:2::3]:80/"
        URLVector("non-special://[1:2::3]:80/", base: nil, href: "non-special://[1:2::3]:80/"),
        // WPT url/resources/urltestdata.json: "non-special://[:80/"
        URLVector("non-special://[:80/", base: nil, href: nil),
        // WPT url/resources/urltestdata.json: "blob:https://example.com:443/"
        URLVector("blob:https://example.com:443/", base: nil, href: "blob:https://example.com:443/"),
        // WPT url/resources/urltestdata.json: "blob:http://example.org:88/"
        URLVector("blob:http://example.org:88/", base: nil, href: "blob:http://example.org:88/"),
        // WPT url/resources/urltestdata.json: "blob:d3958f5c-0777-0845-9dcf-2cb28783acaf"
        URLVector("blob:d3958f5c-0777-0845-9dcf-2cb28783acaf", base: nil, href: "blob:d3958f5c-0777-0845-9dcf-2cb28783acaf"),
        // WPT url/resources/urltestdata.json: "blob:"
        URLVector("blob:", base: nil, href: "blob:"),
        // WPT url/resources/urltestdata.json: "blob:blob:"
        URLVector("blob:blob:", base: nil, href: "blob:blob:"),
        // WPT url/resources/urltestdata.json: "blob:blob:https://example.org/"
        URLVector("blob:blob:https://example.org/", base: nil, href: "blob:blob:https://example.org/"),
        // WPT url/resources/urltestdata.json: "blob:about:blank"
        URLVector("blob:about:blank", base: nil, href: "blob:about:blank"),
        // WPT url/resources/urltestdata.json: "blob:file://host/path"
        URLVector("blob:file://host/path", base: nil, href: "blob:file://host/path"),
        // WPT url/resources/urltestdata.json: "blob:ftp://host/path"
        URLVector("blob:ftp://host/path", base: nil, href: "blob:ftp://host/path"),
        // WPT url/resources/urltestdata.json: "blob:ws://example.org/"
        URLVector("blob:ws://example.org/", base: nil, href: "blob:ws://example.org/"),
        // WPT url/resources/urltestdata.json: "blob:wss://example.org/"
        URLVector("blob:wss://example.org/", base: nil, href: "blob:wss://example.org/"),
        // WPT url/resources/urltestdata.json: "blob:http%3a//example.org/"
        URLVector("blob:http%3a//example.org/", base: nil, href: "blob:http%3a//example.org/"),
        // WPT url/resources/urltestdata.json: "http://0x7f.0.0.0x7g"
        URLVector("http://0x7f.0.0.0x7g", base: nil, href: "http://0x7f.0.0.0x7g/"),
        // WPT url/resources/urltestdata.json: "http://0X7F.0.0.0X7G"
        URLVector("http://0X7F.0.0.0X7G", base: nil, href: "http://0x7f.0.0.0x7g/"),
        // WPT url/resources/urltestdata.json: "http://[::127.0.0.0.1]"
        URLVector("http://[::127.0.0.0.1]", base: nil, href: nil),
        // WPT url/resources/urltestdata.json: "http://[0:1:0:1:0:1:0:1]"
        URLVector("http://[0:1:0:1:0:1:0:1]", base: nil, href: "http://[0:1:0:1:0:1:0:1]/"),
        // WPT url/resources/urltestdata.json: "http://[1:0:1:0:1:0:1:0]"
        URLVector("http://[1:0:1:0:1:0:1:0]", base: nil, href: "http://[1:0:1:0:1:0:1:0]/"),
        // WPT url/resources/urltestdata.json: "http://example.org/test?\""
        URLVector("http://example.org/test?\"", base: nil, href: "http://example.org/test?%22"),
        // WPT url/resources/urltestdata.json: "http://example.org/test?#"
        URLVector("http://example.org/test?#", base: nil, href: "http://example.org/test?#"),
        // WPT url/resources/urltestdata.json: "http://example.org/test?<"
        URLVector("http://example.org/test?<", base: nil, href: "http://example.org/test?%3C"),
        // WPT url/resources/urltestdata.json: "http://example.org/test?>"
        URLVector("http://example.org/test?>", base: nil, href: "http://example.org/test?%3E"),
        // WPT url/resources/urltestdata.json: "http://example.org/test?\u2323"
        URLVector("http://example.org/test?\u{2323}", base: nil, href: "http://example.org/test?%E2%8C%A3"),
        // WPT url/resources/urltestdata.json: "http://example.org/test?%23%23"
        URLVector("http://example.org/test?%23%23", base: nil, href: "http://example.org/test?%23%23"),
        // WPT url/resources/urltestdata.json: "http://example.org/test?%GH"
        URLVector("http://example.org/test?%GH", base: nil, href: "http://example.org/test?%GH"),
        // WPT url/resources/urltestdata.json: "http://example.org/test?a#%EF"
        URLVector("http://example.org/test?a#%EF", base: nil, href: "http://example.org/test?a#%EF"),
        // WPT url/resources/urltestdata.json: "http://example.org/test?a#%GH"
        URLVector("http://example.org/test?a#%GH", base: nil, href: "http://example.org/test?a#%GH"),
        // WPT url/resources/urltestdata.json: "a"
        URLVector("a", base: nil, href: nil),
        // WPT url/resources/urltestdata.json: "a/"
        URLVector("a/", base: nil, href: nil),
        // WPT url/resources/urltestdata.json: "a//"
        URLVector("a//", base: nil, href: nil),
        // WPT url/resources/urltestdata.json: "test-a-colon.html" against "a:"
        URLVector("test-a-colon.html", base: "a:", href: nil),
        // WPT url/resources/urltestdata.json: "test-a-colon-b.html" against "a:b"
        URLVector("test-a-colon-b.html", base: "a:b", href: nil),
        // WPT url/resources/urltestdata.json: "test-a-colon-slash.html" against "a:/"
        URLVector("test-a-colon-slash.html", base: "a:/", href: "a:/test-a-colon-slash.html"),
        // WPT url/resources/urltestdata.json: "test-a-colon-slash-slash.html" against "a://"
        URLVector("test-a-colon-slash-slash.html", base: "a://", href: "a:///test-a-colon-slash-slash.html"),
        // WPT url/resources/urltestdata.json: "test-a-colon-slash-b.html" against "a:/b"
        URLVector("test-a-colon-slash-b.html", base: "a:/b", href: "a:/test-a-colon-slash-b.html"),
        // WPT url/resources/urltestdata.json: "test-a-colon-slash-slash-b.html" against "a://b"
        URLVector("test-a-colon-slash-slash-b.html", base: "a://b", href: "a://b/test-a-colon-slash-slash-b.html"),
        // WPT url/resources/urltestdata.json: "http://example.org/test?a#b\u0000c"
        URLVector("http://example.org/test?a#b\u{0}c", base: nil, href: "http://example.org/test?a#b%00c"),
        // WPT url/resources/urltestdata.json: "non-spec://example.org/test?a#b\u0000c"
        URLVector("non-spec://example.org/test?a#b\u{0}c", base: nil, href: "non-spec://example.org/test?a#b%00c"),
        // WPT url/resources/urltestdata.json: "non-spec:/test?a#b\u0000c"
        URLVector("non-spec:/test?a#b\u{0}c", base: nil, href: "non-spec:/test?a#b%00c"),
        // WPT url/resources/urltestdata.json: "10.0.0.7:8080/foo.html" against "file:///some/dir/bar.html"
        URLVector("10.0.0.7:8080/foo.html", base: "file:///some/dir/bar.html", href: "file:///some/dir/10.0.0.7:8080/foo.html"),
        // WPT url/resources/urltestdata.json: "a!@$*=/foo.html" against "file:///some/dir/bar.html"
        URLVector("a!@$*=/foo.html", base: "file:///some/dir/bar.html", href: "file:///some/dir/a!@$*=/foo.html"),
        // WPT url/resources/urltestdata.json: "a1234567890-+.:foo/bar" against "http://example.com/dir/file"
        URLVector("a1234567890-+.:foo/bar", base: "http://example.com/dir/file", href: "a1234567890-+.:foo/bar"),
        // WPT url/resources/urltestdata.json: "file://a\u00adb/p"
        URLVector("file://a\u{ad}b/p", base: nil, href: "file://ab/p"),
        // WPT url/resources/urltestdata.json: "file://a%C2%ADb/p"
        URLVector("file://a%C2%ADb/p", base: nil, href: "file://ab/p"),
        // WPT url/resources/urltestdata.json: "file://loC\ud835\udc00\ud835\udc0b\ud835\udc07\ud835\udc28\ud835\udc2c\ud835\udc2d/usr/bin"
        URLVector("file://loC\u{1d400}\u{1d40b}\u{1d407}\u{1d428}\u{1d42c}\u{1d42d}/usr/bin", base: nil, href: "file:///usr/bin", simulation: "mathematical letters need the UTS #46 mapping table: refused"),
        // WPT url/resources/urltestdata.json: "file://\u00ad/p"
        URLVector("file://\u{ad}/p", base: nil, href: nil),
        // WPT url/resources/urltestdata.json: "file://%C2%AD/p"
        URLVector("file://%C2%AD/p", base: nil, href: nil),
        // WPT url/resources/urltestdata.json: "file://xn--/p"
        URLVector("file://xn--/p", base: nil, href: nil),
        // WPT url/resources/urltestdata.json: "#link" against "https://example.org/##link"
        URLVector("#link", base: "https://example.org/##link", href: "https://example.org/#link"),
        // WPT url/resources/urltestdata.json: "non-special:cannot-be-a-base-url-\u0000\u0001\u001f\u001e~\u007f\u0080"
        URLVector("non-special:cannot-be-a-base-url-\u{0}\u{1}\u{1f}\u{1e}~\u{7f}\u{80}", base: nil, href: "non-special:cannot-be-a-base-url-%00%01%1F%1E~%7F%C2%80"),
        // WPT url/resources/urltestdata.json: "non-special:cannot-be-a-base-url-!\"$%&'()*+,-.;<=>@[\\]^_`{|}~@/"
        URLVector("non-special:cannot-be-a-base-url-!\"$%&'()*+,-.;<=>@[\\]^_`{|}~@/", base: nil, href: "non-special:cannot-be-a-base-url-!\"$%&'()*+,-.;<=>@[\\]^_`{|}~@/"),
        // WPT url/resources/urltestdata.json: "https://www.example.com/path{\u007fpath.html?query'\u007f=query#fragment<\u007ffragment"
        URLVector("https://www.example.com/path{\u{7f}path.html?query'\u{7f}=query#fragment<\u{7f}fragment", base: nil, href: "https://www.example.com/path%7B%7Fpath.html?query%27%7F=query#fragment%3C%7Ffragment"),
        // WPT url/resources/urltestdata.json: "https://user:pass[\u007f@foo/bar" against "http://example.org"
        URLVector("https://user:pass[\u{7f}@foo/bar", base: "http://example.org", href: "https://user:pass%5B%7F@foo/bar"),
        // WPT url/resources/urltestdata.json: "foo:// !\"$%&'()*+,-.;<=>@[\\]^_`{|}~@host/"
        URLVector("foo:// !\"$%&'()*+,-.;<=>@[\\]^_`{|}~@host/", base: nil, href: "foo://%20!%22$%&'()*+,-.%3B%3C%3D%3E%40%5B%5C%5D%5E_%60%7B%7C%7D~@host/"),
        // WPT url/resources/urltestdata.json: "wss:// !\"$%&'()*+,-.;<=>@[]^_`{|}~@host/"
        URLVector("wss:// !\"$%&'()*+,-.;<=>@[]^_`{|}~@host/", base: nil, href: "wss://%20!%22$%&'()*+,-.%3B%3C%3D%3E%40%5B%5D%5E_%60%7B%7C%7D~@host/"),
        // WPT url/resources/urltestdata.json: "foo://joe: !\"$%&'()*+,-.:;<=>@[\\]^_`{|}~@host/"
        URLVector("foo://joe: !\"$%&'()*+,-.:;<=>@[\\]^_`{|}~@host/", base: nil, href: "foo://joe:%20!%22$%&'()*+,-.%3A%3B%3C%3D%3E%40%5B%5C%5D%5E_%60%7B%7C%7D~@host/"),
        // WPT url/resources/urltestdata.json: "wss://joe: !\"$%&'()*+,-.:;<=>@[]^_`{|}~@host/"
        URLVector("wss://joe: !\"$%&'()*+,-.:;<=>@[]^_`{|}~@host/", base: nil, href: "wss://joe:%20!%22$%&'()*+,-.%3A%3B%3C%3D%3E%40%5B%5D%5E_%60%7B%7C%7D~@host/"),
        // WPT url/resources/urltestdata.json: "foo://!\"$%&'()*+,-.;=_`{}~/"
        URLVector("foo://!\"$%&'()*+,-.;=_`{}~/", base: nil, href: "foo://!\"$%&'()*+,-.;=_`{}~/"),
        // WPT url/resources/urltestdata.json: "wss://!\"$&'()*+,-.;=_`{}~/"
        URLVector("wss://!\"$&'()*+,-.;=_`{}~/", base: nil, href: "wss://!\"$&'()*+,-.;=_`{}~/"),
        // WPT url/resources/urltestdata.json: "foo://host/ !\"$%&'()*+,-./:;<=>@[\\]^_`{|}~"
        URLVector("foo://host/ !\"$%&'()*+,-./:;<=>@[\\]^_`{|}~", base: nil, href: "foo://host/%20!%22$%&'()*+,-./:;%3C=%3E@[\\]%5E_%60%7B|%7D~"),
        // WPT url/resources/urltestdata.json: "wss://host/ !\"$%&'()*+,-./:;<=>@[\\]^_`{|}~"
        URLVector("wss://host/ !\"$%&'()*+,-./:;<=>@[\\]^_`{|}~", base: nil, href: "wss://host/%20!%22$%&'()*+,-./:;%3C=%3E@[/]%5E_%60%7B|%7D~"),
        // WPT url/resources/urltestdata.json: "foo://host/dir/? !\"$%&'()*+,-./:;<=>?@[\\]^_`{|}~"
        URLVector("foo://host/dir/? !\"$%&'()*+,-./:;<=>?@[\\]^_`{|}~", base: nil, href: "foo://host/dir/?%20!%22$%&'()*+,-./:;%3C=%3E?@[\\]^_`{|}~"),
        // WPT url/resources/urltestdata.json: "wss://host/dir/? !\"$%&'()*+,-./:;<=>?@[\\]^_`{|}~"
        URLVector("wss://host/dir/? !\"$%&'()*+,-./:;<=>?@[\\]^_`{|}~", base: nil, href: "wss://host/dir/?%20!%22$%&%27()*+,-./:;%3C=%3E?@[\\]^_`{|}~"),
        // WPT url/resources/urltestdata.json: "foo://host/dir/# !\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"
        URLVector("foo://host/dir/# !\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~", base: nil, href: "foo://host/dir/#%20!%22#$%&'()*+,-./:;%3C=%3E?@[\\]^_%60{|}~"),
        // WPT url/resources/urltestdata.json: "wss://host/dir/# !\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"
        URLVector("wss://host/dir/# !\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~", base: nil, href: "wss://host/dir/#%20!%22#$%&'()*+,-./:;%3C=%3E?@[\\]^_%60{|}~"),
        // WPT url/resources/urltestdata.json: "abc:rootless" against "abc://host/path"
        URLVector("abc:rootless", base: "abc://host/path", href: "abc:rootless"),
        // WPT url/resources/urltestdata.json: "abc:rootless" against "abc:/path"
        URLVector("abc:rootless", base: "abc:/path", href: "abc:rootless"),
        // WPT url/resources/urltestdata.json: "abc:rootless" against "abc:path"
        URLVector("abc:rootless", base: "abc:path", href: "abc:rootless"),
        // WPT url/resources/urltestdata.json: "abc:/rooted" against "abc://host/path"
        URLVector("abc:/rooted", base: "abc://host/path", href: "abc:/rooted"),
        // WPT url/resources/urltestdata.json: "#"
        URLVector("#", base: nil, href: nil),
        // WPT url/resources/urltestdata.json: "?"
        URLVector("?", base: nil, href: nil),
        // WPT url/resources/urltestdata.json: "http://1.2.3.4.5" against "http://other.com/"
        URLVector("http://1.2.3.4.5", base: "http://other.com/", href: nil),
        // WPT url/resources/urltestdata.json: "http://1.2.3.4.5." against "http://other.com/"
        URLVector("http://1.2.3.4.5.", base: "http://other.com/", href: nil),
        // WPT url/resources/urltestdata.json: "http://0..0x300/"
        URLVector("http://0..0x300/", base: nil, href: nil),
        // WPT url/resources/urltestdata.json: "http://0..0x300./"
        URLVector("http://0..0x300./", base: nil, href: nil),
        // WPT url/resources/urltestdata.json: "http://256.256.256.256.256" against "http://other.com/"
        URLVector("http://256.256.256.256.256", base: "http://other.com/", href: nil),
        // WPT url/resources/urltestdata.json: "http://256.256.256.256.256." against "http://other.com/"
        URLVector("http://256.256.256.256.256.", base: "http://other.com/", href: nil),
        // WPT url/resources/urltestdata.json: "http://1.2.3.08"
        URLVector("http://1.2.3.08", base: nil, href: nil),
        // WPT url/resources/urltestdata.json: "http://1.2.3.08."
        URLVector("http://1.2.3.08.", base: nil, href: nil),
        // WPT url/resources/urltestdata.json: "http://1.2.3.09"
        URLVector("http://1.2.3.09", base: nil, href: nil),
        // WPT url/resources/urltestdata.json: "http://09.2.3.4"
        URLVector("http://09.2.3.4", base: nil, href: nil),
        // WPT url/resources/urltestdata.json: "http://09.2.3.4."
        URLVector("http://09.2.3.4.", base: nil, href: nil),
        // WPT url/resources/urltestdata.json: "http://01.2.3.4.5"
        URLVector("http://01.2.3.4.5", base: nil, href: nil),
        // WPT url/resources/urltestdata.json: "http://01.2.3.4.5."
        URLVector("http://01.2.3.4.5.", base: nil, href: nil),
        // WPT url/resources/urltestdata.json: "http://0x100.2.3.4"
        URLVector("http://0x100.2.3.4", base: nil, href: nil),
        // WPT url/resources/urltestdata.json: "http://0x100.2.3.4."
        URLVector("http://0x100.2.3.4.", base: nil, href: nil),
        // WPT url/resources/urltestdata.json: "http://0x1.2.3.4.5"
        URLVector("http://0x1.2.3.4.5", base: nil, href: nil),
        // WPT url/resources/urltestdata.json: "http://0x1.2.3.4.5."
        URLVector("http://0x1.2.3.4.5.", base: nil, href: nil),
        // WPT url/resources/urltestdata.json: "http://foo.1.2.3.4"
        URLVector("http://foo.1.2.3.4", base: nil, href: nil),
        // WPT url/resources/urltestdata.json: "http://foo.1.2.3.4."
        URLVector("http://foo.1.2.3.4.", base: nil, href: nil),
        // WPT url/resources/urltestdata.json: "http://foo.2.3.4"
        URLVector("http://foo.2.3.4", base: nil, href: nil),
        // WPT url/resources/urltestdata.json: "http://foo.2.3.4."
        URLVector("http://foo.2.3.4.", base: nil, href: nil),
        // WPT url/resources/urltestdata.json: "http://foo.09"
        URLVector("http://foo.09", base: nil, href: nil),
        // WPT url/resources/urltestdata.json: "http://foo.09."
        URLVector("http://foo.09.", base: nil, href: nil),
        // WPT url/resources/urltestdata.json: "http://foo.0x4"
        URLVector("http://foo.0x4", base: nil, href: nil),
        // WPT url/resources/urltestdata.json: "http://foo.0x4."
        URLVector("http://foo.0x4.", base: nil, href: nil),
        // WPT url/resources/urltestdata.json: "http://foo.09.."
        URLVector("http://foo.09..", base: nil, href: "http://foo.09../"),
        // WPT url/resources/urltestdata.json: "http://0999999999999999999/"
        URLVector("http://0999999999999999999/", base: nil, href: nil),
        // WPT url/resources/urltestdata.json: "http://foo.0x"
        URLVector("http://foo.0x", base: nil, href: nil),
        // WPT url/resources/urltestdata.json: "http://foo.0XFfFfFfFfFfFfFfFfFfAcE123"
        URLVector("http://foo.0XFfFfFfFfFfFfFfFfFfAcE123", base: nil, href: nil),
        // WPT url/resources/urltestdata.json: "http://\ud83d\udca9.123/"
        URLVector("http://\u{1f4a9}.123/", base: nil, href: nil),
        // WPT url/resources/urltestdata.json: "https://\u0000y"
        URLVector("https://\u{0}y", base: nil, href: nil),
        // WPT url/resources/urltestdata.json: "https://x/\u0000y"
        URLVector("https://x/\u{0}y", base: nil, href: "https://x/%00y"),
        // WPT url/resources/urltestdata.json: "https://x/?\u0000y"
        URLVector("https://x/?\u{0}y", base: nil, href: "https://x/?%00y"),
        // WPT url/resources/urltestdata.json: "https://x/?#\u0000y"
        URLVector("https://x/?#\u{0}y", base: nil, href: "https://x/?#%00y"),
        // WPT url/resources/urltestdata.json: "non-special:\u0000y"
        URLVector("non-special:\u{0}y", base: nil, href: "non-special:%00y"),
        // WPT url/resources/urltestdata.json: "non-special:x/\u0000y"
        URLVector("non-special:x/\u{0}y", base: nil, href: "non-special:x/%00y"),
        // WPT url/resources/urltestdata.json: "non-special:x/?\u0000y"
        URLVector("non-special:x/?\u{0}y", base: nil, href: "non-special:x/?%00y"),
        // WPT url/resources/urltestdata.json: "non-special:x/?#\u0000y"
        URLVector("non-special:x/?#\u{0}y", base: nil, href: "non-special:x/?#%00y"),
        // WPT url/resources/urltestdata.json: ""
        URLVector("", base: nil, href: nil),
        // WPT url/resources/urltestdata.json: "https://example.com/\"quoted\""
        URLVector("https://example.com/\"quoted\"", base: nil, href: "https://example.com/%22quoted%22"),
        // WPT url/resources/urltestdata.json: "https://a%C2%ADb/"
        URLVector("https://a%C2%ADb/", base: nil, href: "https://ab/"),
        // WPT url/resources/urltestdata.json: "https://\u00ad/"
        URLVector("https://\u{ad}/", base: nil, href: nil),
        // WPT url/resources/urltestdata.json: "https://%C2%AD/"
        URLVector("https://%C2%AD/", base: nil, href: nil),
        // WPT url/resources/urltestdata.json: "https://xn--/"
        URLVector("https://xn--/", base: nil, href: nil),
        // WPT url/resources/urltestdata.json: "data://example.com:8080/pathname?search#hash"
        URLVector("data://example.com:8080/pathname?search#hash", base: nil, href: "data://example.com:8080/pathname?search#hash"),
        // WPT url/resources/urltestdata.json: "data:///test"
        URLVector("data:///test", base: nil, href: "data:///test"),
        // WPT url/resources/urltestdata.json: "data://test/a/../b"
        URLVector("data://test/a/../b", base: nil, href: "data://test/b"),
        // WPT url/resources/urltestdata.json: "data://:443"
        URLVector("data://:443", base: nil, href: nil),
        // WPT url/resources/urltestdata.json: "data://test:test"
        URLVector("data://test:test", base: nil, href: nil),
        // WPT url/resources/urltestdata.json: "data://[:1]"
        URLVector("data://[:1]", base: nil, href: nil),
        // WPT url/resources/urltestdata.json: "javascript://example.com:8080/pathname?search#hash"
        URLVector("javascript://example.com:8080/pathname?search#hash", base: nil, href: "javascript://example.com:8080/pathname?search#hash"),
        // WPT url/resources/urltestdata.json: "javascript:///test"
        URLVector("javascript:///test", base: nil, href: "javascript:///test"),
        // WPT url/resources/urltestdata.json: "javascript://test/a/../b"
        URLVector("javascript://test/a/../b", base: nil, href: "javascript://test/b"),
        // WPT url/resources/urltestdata.json: "javascript://:443"
        URLVector("javascript://:443", base: nil, href: nil),
        // WPT url/resources/urltestdata.json: "javascript://test:test"
        URLVector("javascript://test:test", base: nil, href: nil),
        // WPT url/resources/urltestdata.json: "javascript://[:1]"
        URLVector("javascript://[:1]", base: nil, href: nil),
        // WPT url/resources/urltestdata.json: "mailto://example.com:8080/pathname?search#hash"
        URLVector("mailto://example.com:8080/pathname?search#hash", base: nil, href: "mailto://example.com:8080/pathname?search#hash"),
        // WPT url/resources/urltestdata.json: "mailto:///test"
        URLVector("mailto:///test", base: nil, href: "mailto:///test"),
        // WPT url/resources/urltestdata.json: "mailto://test/a/../b"
        URLVector("mailto://test/a/../b", base: nil, href: "mailto://test/b"),
        // WPT url/resources/urltestdata.json: "mailto://:443"
        URLVector("mailto://:443", base: nil, href: nil),
        // WPT url/resources/urltestdata.json: "mailto://test:test"
        URLVector("mailto://test:test", base: nil, href: nil),
        // WPT url/resources/urltestdata.json: "mailto://[:1]"
        URLVector("mailto://[:1]", base: nil, href: nil),
        // WPT url/resources/urltestdata.json: "intent://example.com:8080/pathname?search#hash"
        URLVector("intent://example.com:8080/pathname?search#hash", base: nil, href: "intent://example.com:8080/pathname?search#hash"),
        // WPT url/resources/urltestdata.json: "intent:///test"
        URLVector("intent:///test", base: nil, href: "intent:///test"),
        // WPT url/resources/urltestdata.json: "intent://test/a/../b"
        URLVector("intent://test/a/../b", base: nil, href: "intent://test/b"),
        // WPT url/resources/urltestdata.json: "intent://:443"
        URLVector("intent://:443", base: nil, href: nil),
        // WPT url/resources/urltestdata.json: "intent://test:test"
        URLVector("intent://test:test", base: nil, href: nil),
        // WPT url/resources/urltestdata.json: "intent://[:1]"
        URLVector("intent://[:1]", base: nil, href: nil),
        // WPT url/resources/urltestdata.json: "urn://example.com:8080/pathname?search#hash"
        URLVector("urn://example.com:8080/pathname?search#hash", base: nil, href: "urn://example.com:8080/pathname?search#hash"),
        // WPT url/resources/urltestdata.json: "urn:///test"
        URLVector("urn:///test", base: nil, href: "urn:///test"),
        // WPT url/resources/urltestdata.json: "urn://test/a/../b"
        URLVector("urn://test/a/../b", base: nil, href: "urn://test/b"),
        // WPT url/resources/urltestdata.json: "urn://:443"
        URLVector("urn://:443", base: nil, href: nil),
        // WPT url/resources/urltestdata.json: "urn://test:test"
        URLVector("urn://test:test", base: nil, href: nil),
        // WPT url/resources/urltestdata.json: "urn://[:1]"
        URLVector("urn://[:1]", base: nil, href: nil),
        // WPT url/resources/urltestdata.json: "turn://example.com:8080/pathname?search#hash"
        URLVector("turn://example.com:8080/pathname?search#hash", base: nil, href: "turn://example.com:8080/pathname?search#hash"),
        // WPT url/resources/urltestdata.json: "turn:///test"
        URLVector("turn:///test", base: nil, href: "turn:///test"),
        // WPT url/resources/urltestdata.json: "turn://test/a/../b"
        URLVector("turn://test/a/../b", base: nil, href: "turn://test/b"),
        // WPT url/resources/urltestdata.json: "turn://:443"
        URLVector("turn://:443", base: nil, href: nil),
        // WPT url/resources/urltestdata.json: "turn://test:test"
        URLVector("turn://test:test", base: nil, href: nil),
        // WPT url/resources/urltestdata.json: "turn://[:1]"
        URLVector("turn://[:1]", base: nil, href: nil),
        // WPT url/resources/urltestdata.json: "stun://example.com:8080/pathname?search#hash"
        URLVector("stun://example.com:8080/pathname?search#hash", base: nil, href: "stun://example.com:8080/pathname?search#hash"),
        // WPT url/resources/urltestdata.json: "stun:///test"
        URLVector("stun:///test", base: nil, href: "stun:///test"),
        // WPT url/resources/urltestdata.json: "stun://test/a/../b"
        URLVector("stun://test/a/../b", base: nil, href: "stun://test/b"),
        // WPT url/resources/urltestdata.json: "stun://:443"
        URLVector("stun://:443", base: nil, href: nil),
        // WPT url/resources/urltestdata.json: "stun://test:test"
        URLVector("stun://test:test", base: nil, href: nil),
        // WPT url/resources/urltestdata.json: "stun://[:1]"
        URLVector("stun://[:1]", base: nil, href: nil),
        // WPT url/resources/urltestdata.json: "w://x:0"
        URLVector("w://x:0", base: nil, href: "w://x:0"),
        // WPT url/resources/urltestdata.json: "west://x:0"
        URLVector("west://x:0", base: nil, href: "west://x:0"),
        // WPT url/resources/urltestdata.json: "android://x:0/a"
        URLVector("android://x:0/a", base: nil, href: "android://x:0/a"),
        // WPT url/resources/urltestdata.json: "drivefs://x:0/a"
        URLVector("drivefs://x:0/a", base: nil, href: "drivefs://x:0/a"),
        // WPT url/resources/urltestdata.json: "chromeos-steam://x:0/a"
        URLVector("chromeos-steam://x:0/a", base: nil, href: "chromeos-steam://x:0/a"),
        // WPT url/resources/urltestdata.json: "steam://x:0/a"
        URLVector("steam://x:0/a", base: nil, href: "steam://x:0/a"),
        // WPT url/resources/urltestdata.json: "materialized-view://x:0/a"
        URLVector("materialized-view://x:0/a", base: nil, href: "materialized-view://x:0/a"),
        // WPT url/resources/urltestdata.json: "android-app://x:0"
        URLVector("android-app://x:0", base: nil, href: "android-app://x:0"),
        // WPT url/resources/urltestdata.json: "chrome-distiller://x:0"
        URLVector("chrome-distiller://x:0", base: nil, href: "chrome-distiller://x:0"),
        // WPT url/resources/urltestdata.json: "chrome-extension://x:0"
        URLVector("chrome-extension://x:0", base: nil, href: "chrome-extension://x:0"),
        // WPT url/resources/urltestdata.json: "chrome-native://x:0"
        URLVector("chrome-native://x:0", base: nil, href: "chrome-native://x:0"),
        // WPT url/resources/urltestdata.json: "chrome-resource://x:0"
        URLVector("chrome-resource://x:0", base: nil, href: "chrome-resource://x:0"),
        // WPT url/resources/urltestdata.json: "chrome-search://x:0"
        URLVector("chrome-search://x:0", base: nil, href: "chrome-search://x:0"),
        // WPT url/resources/urltestdata.json: "fuchsia-dir://x:0"
        URLVector("fuchsia-dir://x:0", base: nil, href: "fuchsia-dir://x:0"),
        // WPT url/resources/urltestdata.json: "isolated-app://x:0"
        URLVector("isolated-app://x:0", base: nil, href: "isolated-app://x:0"),
        // WPT url/resources/urltestdata.json: "///test" against "http://example.org/"
        URLVector("///test", base: "http://example.org/", href: "http://test/"),
        // WPT url/resources/urltestdata.json: "///\\//\\//test" against "http://example.org/"
        URLVector("///\\//\\//test", base: "http://example.org/", href: "http://test/"),
        // WPT url/resources/urltestdata.json: "///example.org/path" against "http://example.org/"
        URLVector("///example.org/path", base: "http://example.org/", href: "http://example.org/path"),
        // WPT url/resources/urltestdata.json: "///example.org/../path" against "http://example.org/"
        URLVector("///example.org/../path", base: "http://example.org/", href: "http://example.org/path"),
        // WPT url/resources/urltestdata.json: "///example.org/../../" against "http://example.org/"
        URLVector("///example.org/../../", base: "http://example.org/", href: "http://example.org/"),
        // WPT url/resources/urltestdata.json: "///example.org/../path/../../" against "http://example.org/"
        URLVector("///example.org/../path/../../", base: "http://example.org/", href: "http://example.org/"),
        // WPT url/resources/urltestdata.json: "///example.org/../path/../../path" against "http://example.org/"
        URLVector("///example.org/../path/../../path", base: "http://example.org/", href: "http://example.org/path"),
        // WPT url/resources/urltestdata.json: "/\\/\\//example.org/../path" against "http://example.org/"
        URLVector("/\\/\\//example.org/../path", base: "http://example.org/", href: "http://example.org/path"),
        // WPT url/resources/urltestdata.json: "///abcdef/../" against "file:///"
        URLVector("///abcdef/../", base: "file:///", href: "file:///"),
        // WPT url/resources/urltestdata.json: "/\\//\\/a/../" against "file:///"
        URLVector("/\\//\\/a/../", base: "file:///", href: "file://////"),
        // WPT url/resources/urltestdata.json: "//a/../" against "file:///"
        URLVector("//a/../", base: "file:///", href: "file://a/"),
        // WPT url/resources/urltestdata.json: "non-special:\\\\opaque"
        URLVector("non-special:\\\\opaque", base: nil, href: "non-special:\\\\opaque"),
        // WPT url/resources/urltestdata.json: "non-special:\\\\opaque/path"
        URLVector("non-special:\\\\opaque/path", base: nil, href: "non-special:\\\\opaque/path"),
        // WPT url/resources/urltestdata.json: "non-special:\\\\opaque\\path"
        URLVector("non-special:\\\\opaque\\path", base: nil, href: "non-special:\\\\opaque\\path"),
        // WPT url/resources/urltestdata.json: "non-special:\\/opaque"
        URLVector("non-special:\\/opaque", base: nil, href: "non-special:\\/opaque"),
        // WPT url/resources/urltestdata.json: "non-special:/\\path"
        URLVector("non-special:/\\path", base: nil, href: "non-special:/\\path"),
        // WPT url/resources/urltestdata.json: "non-special://host\\a"
        URLVector("non-special://host\\a", base: nil, href: nil),
        // WPT url/resources/urltestdata.json: "non-special://host/a\\b"
        URLVector("non-special://host/a\\b", base: nil, href: "non-special://host/a\\b"),
    ]
}

/// The URL Standard's own examples, and the cases the issues name (dot segments, `%2e`, IPv4 and
/// IPv6 forms, Location references, percent-encode sets).
enum URLStandardExamples {
    static let vectors: [URLVector] = [
        // URL Standard, URL parsing examples (https://url.spec.whatwg.org/#example-url-parsing): "https:example.org"
        URLVector("https:example.org", base: nil, href: "https://example.org/"),
        // URL Standard, URL parsing examples (https://url.spec.whatwg.org/#example-url-parsing): "https://////example.com///"
        URLVector("https://////example.com///", base: nil, href: "https://example.com///"),
        // URL Standard, URL parsing examples (https://url.spec.whatwg.org/#example-url-parsing): "https://example.com/././foo"
        URLVector("https://example.com/././foo", base: nil, href: "https://example.com/foo"),
        // URL Standard, URL parsing examples (https://url.spec.whatwg.org/#example-url-parsing): "hello:world" against "https://example.com/"
        URLVector("hello:world", base: "https://example.com/", href: "hello:world"),
        // URL Standard, URL parsing examples (https://url.spec.whatwg.org/#example-url-parsing): "https:example.org" against "https://example.com/"
        URLVector("https:example.org", base: "https://example.com/", href: "https://example.com/example.org"),
        // URL Standard, URL parsing examples (https://url.spec.whatwg.org/#example-url-parsing): "\\example\\..\\demo/.\\" against "https://example.com/"
        URLVector("\\example\\..\\demo/.\\", base: "https://example.com/", href: "https://example.com/demo/"),
        // URL Standard, URL parsing examples (https://url.spec.whatwg.org/#example-url-parsing): "example" against "https://example.com/demo"
        URLVector("example", base: "https://example.com/demo", href: "https://example.com/example"),
        // URL Standard, URL parsing examples (https://url.spec.whatwg.org/#example-url-parsing): "file:///C|/demo"
        URLVector("file:///C|/demo", base: nil, href: "file:///C:/demo"),
        // URL Standard, URL parsing examples (https://url.spec.whatwg.org/#example-url-parsing): ".." against "file:///C:/demo"
        URLVector("..", base: "file:///C:/demo", href: "file:///C:/"),
        // URL Standard, URL parsing examples (https://url.spec.whatwg.org/#example-url-parsing): "file://loc%61lhost/"
        URLVector("file://loc%61lhost/", base: nil, href: "file:///"),
        // URL Standard, URL parsing examples (https://url.spec.whatwg.org/#example-url-parsing): "https://user:password@example.org/"
        URLVector("https://user:password@example.org/", base: nil, href: "https://user:password@example.org/"),
        // URL Standard, URL parsing examples (https://url.spec.whatwg.org/#example-url-parsing): "https://example.org/foo bar"
        URLVector("https://example.org/foo bar", base: nil, href: "https://example.org/foo%20bar"),
        // URL Standard, URL parsing examples (https://url.spec.whatwg.org/#example-url-parsing): "https://EXAMPLE.com/../x"
        URLVector("https://EXAMPLE.com/../x", base: nil, href: "https://example.com/x"),
        // URL Standard, URL parsing examples (https://url.spec.whatwg.org/#example-url-parsing): "https://ex ample.org/"
        URLVector("https://ex ample.org/", base: nil, href: nil),
        // URL Standard, URL parsing examples (https://url.spec.whatwg.org/#example-url-parsing): "example"
        URLVector("example", base: nil, href: nil),
        // URL Standard, URL parsing examples (https://url.spec.whatwg.org/#example-url-parsing): "https://example.com:demo"
        URLVector("https://example.com:demo", base: nil, href: nil),
        // URL Standard, URL parsing examples (https://url.spec.whatwg.org/#example-url-parsing): "http://[www.example.com]/"
        URLVector("http://[www.example.com]/", base: nil, href: nil),
        // URL Standard, URL parsing examples (https://url.spec.whatwg.org/#example-url-parsing): "https://example.org//"
        URLVector("https://example.org//", base: nil, href: "https://example.org//"),
        // URL Standard, URL parsing examples (https://url.spec.whatwg.org/#example-url-parsing): "https://example.com/[]?[]#[]"
        URLVector("https://example.com/[]?[]#[]", base: nil, href: "https://example.com/[]?[]#[]"),
        // URL Standard, URL parsing examples (https://url.spec.whatwg.org/#example-url-parsing): "https://example/%?%#%"
        URLVector("https://example/%?%#%", base: nil, href: "https://example/%?%#%"),
        // URL Standard, URL parsing examples (https://url.spec.whatwg.org/#example-url-parsing): "https://example/%25?%25#%25"
        URLVector("https://example/%25?%25#%25", base: nil, href: "https://example/%25?%25#%25"),
        // cors-sim (issue 11/14 cases; the standard's algorithm, cross-checked with Node 20's WHATWG URL): "https://0x7f.1/"
        URLVector("https://0x7f.1/", base: nil, href: "https://127.0.0.1/"),
        // cors-sim (issue 11/14 cases; the standard's algorithm, cross-checked with Node 20's WHATWG URL): "https://127.0.0.0.1/"
        URLVector("https://127.0.0.0.1/", base: nil, href: nil),
        // cors-sim (issue 11/14 cases; the standard's algorithm, cross-checked with Node 20's WHATWG URL): "https://0x100000000/"
        URLVector("https://0x100000000/", base: nil, href: nil),
        // cors-sim (issue 11/14 cases; the standard's algorithm, cross-checked with Node 20's WHATWG URL): "https://1.2.3.09/"
        URLVector("https://1.2.3.09/", base: nil, href: nil),
        // cors-sim (issue 11/14 cases; the standard's algorithm, cross-checked with Node 20's WHATWG URL): "https://[::127.0.0.1]/"
        URLVector("https://[::127.0.0.1]/", base: nil, href: "https://[::7f00:1]/"),
        // cors-sim (issue 11/14 cases; the standard's algorithm, cross-checked with Node 20's WHATWG URL): "https://[0:0:0:0:0:0:13.1.68.3]/"
        URLVector("https://[0:0:0:0:0:0:13.1.68.3]/", base: nil, href: "https://[::d01:4403]/"),
        // cors-sim (issue 11/14 cases; the standard's algorithm, cross-checked with Node 20's WHATWG URL): "https://[1:0::]/"
        URLVector("https://[1:0::]/", base: nil, href: "https://[1::]/"),
        // cors-sim (issue 11/14 cases; the standard's algorithm, cross-checked with Node 20's WHATWG URL): "https://[2001:db8:0:0:1:0:0:1]/"
        URLVector("https://[2001:db8:0:0:1:0:0:1]/", base: nil, href: "https://[2001:db8::1:0:0:1]/"),
        // cors-sim (issue 11/14 cases; the standard's algorithm, cross-checked with Node 20's WHATWG URL): "https://[::1.2.3.]/"
        URLVector("https://[::1.2.3.]/", base: nil, href: nil),
        // cors-sim (issue 11/14 cases; the standard's algorithm, cross-checked with Node 20's WHATWG URL): "https://foo.0x4/"
        URLVector("https://foo.0x4/", base: nil, href: nil),
        // cors-sim (issue 11/14 cases; the standard's algorithm, cross-checked with Node 20's WHATWG URL): "https://foo.09/"
        URLVector("https://foo.09/", base: nil, href: nil),
        // cors-sim (issue 11/14 cases; the standard's algorithm, cross-checked with Node 20's WHATWG URL): "/fin al" against "https://api.example.com/start"
        URLVector("/fin al", base: "https://api.example.com/start", href: "https://api.example.com/fin%20al"),
        // cors-sim (issue 11/14 cases; the standard's algorithm, cross-checked with Node 20's WHATWG URL): "?q" against "https://a.example/p?x#f"
        URLVector("?q", base: "https://a.example/p?x#f", href: "https://a.example/p?q"),
        // cors-sim (issue 11/14 cases; the standard's algorithm, cross-checked with Node 20's WHATWG URL): "#f" against "https://a.example/p?x"
        URLVector("#f", base: "https://a.example/p?x", href: "https://a.example/p?x#f"),
        // cors-sim (issue 11/14 cases; the standard's algorithm, cross-checked with Node 20's WHATWG URL): "//h/p" against "https://a.example/x"
        URLVector("//h/p", base: "https://a.example/x", href: "https://h/p"),
        // cors-sim (issue 11/14 cases; the standard's algorithm, cross-checked with Node 20's WHATWG URL): "../../../a" against "https://a.example/b/c"
        URLVector("../../../a", base: "https://a.example/b/c", href: "https://a.example/a"),
        // cors-sim (issue 11/14 cases; the standard's algorithm, cross-checked with Node 20's WHATWG URL): "http:foo" against "http://a.example/b/c"
        URLVector("http:foo", base: "http://a.example/b/c", href: "http://a.example/b/foo"),
        // cors-sim (issue 11/14 cases; the standard's algorithm, cross-checked with Node 20's WHATWG URL): "http:foo" against "https://a.example/b/c"
        URLVector("http:foo", base: "https://a.example/b/c", href: "http://foo/"),
        // cors-sim (issue 11/14 cases; the standard's algorithm, cross-checked with Node 20's WHATWG URL): "/x/%2e%2E/res" against "https://a.example/"
        URLVector("/x/%2e%2E/res", base: "https://a.example/", href: "https://a.example/res"),
        // cors-sim (issue 11/14 cases; the standard's algorithm, cross-checked with Node 20's WHATWG URL): "/x/.%2e/res" against "https://a.example/"
        URLVector("/x/.%2e/res", base: "https://a.example/", href: "https://a.example/res"),
        // cors-sim (issue 11/14 cases; the standard's algorithm, cross-checked with Node 20's WHATWG URL): "/x/%2e/res" against "https://a.example/"
        URLVector("/x/%2e/res", base: "https://a.example/", href: "https://a.example/x/res"),
        // cors-sim (issue 11/14 cases; the standard's algorithm, cross-checked with Node 20's WHATWG URL): "https://a.example/?'\"<>`"
        URLVector("https://a.example/?'\"<>`", base: nil, href: "https://a.example/?%27%22%3C%3E`"),
        // cors-sim (issue 11/14 cases; the standard's algorithm, cross-checked with Node 20's WHATWG URL): "https://a.example/#'\"<>`"
        URLVector("https://a.example/#'\"<>`", base: nil, href: "https://a.example/#'%22%3C%3E%60"),
        // cors-sim (issue 11/14 cases; the standard's algorithm, cross-checked with Node 20's WHATWG URL): "https://a.example/p\u0000q"
        URLVector("https://a.example/p\u{0}q", base: nil, href: "https://a.example/p%00q"),
        // cors-sim (issue 11/14 cases; the standard's algorithm, cross-checked with Node 20's WHATWG URL): "  https://a.example/ \t"
        URLVector("  https://a.example/ \u{9}", base: nil, href: "https://a.example/"),
        // cors-sim (issue 11/14 cases; the standard's algorithm, cross-checked with Node 20's WHATWG URL): "https://a.example:0080/"
        URLVector("https://a.example:0080/", base: nil, href: "https://a.example:80/"),
        // cors-sim (issue 11/14 cases; the standard's algorithm, cross-checked with Node 20's WHATWG URL): "https://a.example:443/"
        URLVector("https://a.example:443/", base: nil, href: "https://a.example/"),
    ]
}
