import CORSSim
import MyApp
import Testing

// BEGIN README EXAMPLE
@Test(arguments: [BrowserProfile.chrome, .firefox, .safari])
func theFrontEndCanUpdateAUser(_ profile: BrowserProfile) async {
    let api = AsyncClosureServer { request in
        await MyApp.handle(request)          // your handler: WireRequest in, WireResponse out
    }
    var browser = Browser(profile, page: "https://app.example.com")
    let put = FetchRequest("PUT", "https://api.example.com/users/7",
                           headers: [("Content-Type", "application/json")], body: .text("{}"),
                           credentials: .include)
    let outcome = await browser.fetch(put, server: api)
    #expect(outcome.verdict == .readable, "\(outcome)")
    #expect(outcome.exchanges.first?.request.isPreflight == true)

    browser.advance(by: .seconds(700))   // virtual time: Safari's 600 s cap has passed
    let again = await browser.fetch(put, server: api)
    #expect(again.preflight == (profile.name == .safari ? .sent : .cached), "\(again)")
}
// END README EXAMPLE

@Test func anotherSiteCannotReadIt() async {
    var browser = Browser(.firefox, page: "https://evil.example")
    let outcome = await browser.fetch(FetchRequest("GET", "https://api.example.com/users/7"),
                                      server: AsyncClosureServer { await MyApp.handle($0) })
    #expect(outcome.verdict == .blocked)
    #expect(outcome.failure?.reason == .missingAllowOrigin, "\(outcome)")
}
