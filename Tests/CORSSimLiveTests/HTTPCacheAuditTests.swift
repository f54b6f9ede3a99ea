import Testing
@testable import CORSSim
@testable import CORSSimLive

/// `audit`'s missing-Vary finding explains what caches would do with the response, from its freshness.
@Suite("audit: the cache consequence of a missing Vary: Origin")
struct HTTPCacheAuditTests {
    @Test("The consequence names the browser's and a CDN's lifetimes, or says caches do not reuse it yet", arguments: [
        ("max-age=600", ["600 s in the browser's cache", "600 s and serve"]),
        ("public, max-age=0, s-maxage=3600", ["3600 s and serve"]),
        ("private, max-age=60", ["60 s in the browser's cache"]),
        ("no-store", ["no freshness lifetime"]),
        ("", ["no freshness lifetime"]),
    ])
    func consequence(_ cacheControl: String, _ phrases: [String]) {
        let headers: HeaderList = cacheControl.isEmpty ? [] : [("Cache-Control", cacheControl)]
        let text = Auditor.cacheConsequence(WireResponse(status: 200, headers: headers))
        for p in phrases { #expect(text.contains(p), "\(cacheControl): \(text)") }
        if cacheControl.contains("private") { #expect(!text.contains("CDN")) }
        if cacheControl.contains("s-maxage") { #expect(!text.contains("browser's cache")) }
    }
}
