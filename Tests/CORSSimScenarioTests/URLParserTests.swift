import Testing
@testable import CORSSim

/// The WHATWG URL parser (`Sources/CORSSim/Fetch/URLParser.swift`) and `FetchURL` built on it.
@Suite("URL parser")
struct URLParserTests {
    @Test("The parser gives each WPT urltestdata.json vector's href or failure", arguments: WPTURLTestData.vectors)
    func wptVector(_ vector: URLVector) {
        #expect(vector.parsed() == vector.expected)
    }

    @Test("Parsing a vector's serialization gives the same serialization (idempotence)",
          arguments: WPTURLTestData.vectors + URLStandardExamples.vectors)
    func serializationParsesToItself(_ vector: URLVector) throws {
        guard let href = vector.parsed() else { return }
        #expect(URLVector(href, base: nil, href: href).parsed() == href)
    }

    @Test("An http(s) serialization holds no space, C0 control or DEL, and FetchURL round-trips it",
          arguments: WPTURLTestData.vectors + URLStandardExamples.vectors)
    func fetchURLRoundTrip(_ vector: URLVector) throws {
        guard let href = vector.parsed(), href.hasPrefix("http:") || href.hasPrefix("https:") else { return }
        #expect(href.utf8.allSatisfy { $0 > 0x20 && $0 != 0x7F })
        let url = try FetchURL(parsing: href)
        #expect(url.serialized() == href)
        #expect(try FetchURL(parsing: url.serialized()) == url)
    }

    @Test("A fetch() URL of any scheme: every WPT vector that parses to a scheme other than http(s) gives a FetchURL that round-trips",
          arguments: WPTURLTestData.vectors)
    func anySchemeRoundTrip(_ vector: URLVector) throws {
        guard let href = vector.parsed(), !href.hasPrefix("http:"), !href.hasPrefix("https:"),
              href.utf8.count <= FetchURL.maximumLength else { return }
        let url = try FetchURL(parsingAnyScheme: href)
        #expect(url.serialized() == href)
        #expect(!url.isHTTPScheme)
        #expect(try FetchURL(parsingAnyScheme: url.serialized()) == url)
        #expect(url.serialized(excludingFragment: true) + (url.fragment.map { "#" + $0 } ?? "") == href)
    }

    @Test("The parser gives the URL Standard's examples and the issues' cases", arguments: URLStandardExamples.vectors)
    func standardExample(_ vector: URLVector) {
        #expect(vector.parsed() == vector.expected)
    }
}

@Suite("Domain to ASCII")
struct DomainToASCIITests {
    @Test("Domain to ASCII gives each IdnaTestV2 vector's toAsciiN or failure", arguments: IdnaTestV2Data.vectors)
    func idnaVector(_ vector: IDNAVector) {
        #expect(vector.converted() == vector.ascii)
    }
}
