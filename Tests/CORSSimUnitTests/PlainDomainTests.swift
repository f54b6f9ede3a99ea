import Testing
@testable import CORSSim

/// `isPlainDomain` lets the loopback and address-space checks skip the URL host parser; it must
/// say true only for hosts the parser returns unchanged as a domain.
@Suite("Plain domains skip the host parser")
struct PlainDomainTests {
    static func parsesToItself(_ host: String) -> Bool {
        if case .success(.domain(let d)) = parseHost(Array(host.utf8), isOpaque: false) { return d == host }
        return false
    }

    @Test("Plain or not, and the loopback answer is the parser's",
          arguments: [("api.example.com", true), ("localhost", true), ("a.localhost", true), ("localhost.", false),
                      ("a.localhost.", false), ("xlocalhost", true), ("127.0.0.1", false), ("0x7f.1", false),
                      ("a.0x1", false), ("a.b1", true), ("a.1b", false), ("1.2.3.a", true), ("xn--nxasmq6b.com", false),
                      ("a.xn--x", false), ("xn-a.com", true), ("EXAMPLE.com", false), ("", false), ("a..b", false),
                      (".a", false), ("-a-.b-", true), ("[::1]", false), ("a_b.com", false), ("é.com", false),
                      ("192.168.1.10", false), ("1.2.3.4.a", true), ("0xg", false)])
    func plainDomainsAreTheParsersOwn(host: String, plain: Bool) {
        #expect(isPlainDomain(host) == plain)
        if plain { #expect(Self.parsesToItself(host)) }
        #expect(isLoopbackHost(host) == isLoopbackHostByParsing(host))
    }

    @Test("On seeded random hosts, every plain domain parses to itself", arguments: [UInt64(1), 2, 3])
    func randomHosts(seed: UInt64) {
        var random = SplitMix64(seed: seed)
        let alphabet = Array("abx0n1-9.-.XF".utf8)
        for _ in 0..<5000 {
            let length = Int(random.next(upperBound: 9))
            let host = String(decoding: (0..<length).map { _ in alphabet[Int(random.next(upperBound: UInt64(alphabet.count)))] }, as: UTF8.self)
            if isPlainDomain(host) { #expect(Self.parsesToItself(host), "\(host)") }
            #expect(isLoopbackHost(host) == isLoopbackHostByParsing(host), "\(host)")
        }
    }
}
