import Foundation
import Testing
import CORSSimTestSupport
@testable import CORSSim

/// Browser versions as data (Sources/CORSSim/Browsers/History.swift): each versioned difference
/// with the evidence its change cites, the names `NAME@VERSION` accepts and refuses, and the
/// lessons that compare versions, with golden files.
@Suite("Versioned profiles")
struct VersionedProfileTests {
    static let page = try! Origin(parsing: "https://app.example.com")

    static func run(_ id: String, _ request: FetchRequest, waits: [Int64] = [], permission: LocalNetworkPermission = .promptDismissed,
                    page: Origin = page) throws -> [FetchOutcome] {
        var browser = Browser(try BrowserProfile.named(id), page: page)
        browser.navigate(to: page, localNetworkPermission: permission)
        browser.resolve(host: "printer.example", to: .ip("192.168.1.20"))
        let server = ClosureServer { r in
            WireResponse(status: r.method == "OPTIONS" ? 204 : 200, headers: [
                ("Access-Control-Allow-Origin", "*"), ("Access-Control-Allow-Methods", "PUT"), ("Access-Control-Max-Age", "86400")])
        }
        var outcomes = [browser.fetch(request, server: server)]
        for wait in waits {
            browser.advance(milliseconds: wait)
            outcomes.append(browser.fetch(request, server: server))
        }
        return outcomes
    }

    @Test("The current versions are the default profiles")
    func currentVersions() throws {
        #expect(try BrowserProfile.named("chrome@156") == .chrome)
        #expect(try BrowserProfile.named("chrome") == .chrome)
        #expect(try BrowserProfile.named("firefox@153") == .firefox)
        #expect(BrowserProfile.chrome.id == "chrome" && BrowserProfile.firefox.id == "firefox")
        #expect(try BrowserProfile.named("chrome@75").id == "chrome@75")
        #expect(try BrowserProfile.named("chrome@75").displayName == "Chrome 75")
    }

    /// preflight_result.cc kMaxTimeout: 600 s at 52002151…, 7200 s from Chromium 76 (49e7c0b4…).
    @Test("Chrome capped Max-Age at 600 s before 76, 7200 s from 76", arguments: [(70, Int64(600)), (75, 600), (76, 7200), (141, 7200), (156, 7200)])
    func chromeMaxAgeCap(_ version: Int, _ cap: Int64) throws {
        #expect(try BrowserProfile.named("chrome@\(version)").cache.maxAgeCap == cap)
        let put = FetchRequest("PUT", try FetchURL(parsing: "https://api.example.com/x"))
        let o = try Self.run("chrome@\(version)", put, waits: [11 * 60 * 1000])
        #expect(o[1].preflight == (cap == 600 ? .sent : .cached))
    }

    /// Chrome 94 blocked non-secure contexts (developer.chrome.com/blog/private-network-access-update);
    /// 104-141 sent warning-mode preflights (…/private-network-access-preflight, chromestatus
    /// 5737414355058688); 123 dropped Accept from them (…/private-network-access-update-2024-03);
    /// 142 replaced them with the permission (…/local-network-access).
    @Test("Chrome's address-space history: nothing, non-secure block (94), warning preflights (104), without Accept (123), permission (142)", arguments: [
        (93, "none", false), (94, "none", true), (103, "none", true), (104, "preflight+accept", true), (122, "preflight+accept", true),
        (123, "preflight", true), (141, "preflight", true), (142, "denied", true), (156, "denied", true),
    ])
    func chromeLocalNetworkHistory(_ version: Int, _ secure: String, _ insecureBlocked: Bool) throws {
        let get = FetchRequest("GET", try FetchURL(parsing: "https://printer.example/status"))
        let o = try Self.run("chrome@\(version)", get)[0]
        switch secure {
        case "none":
            #expect(o.verdict == .readable && o.preflightsSent.isEmpty)
        case "denied":
            #expect(o.failure?.reason == .localNetworkDenied && !o.requestSent)
        default:
            #expect(o.verdict == .readable && o.preflightsSent.count == 1)
            let headers = o.preflightsSent.first?.headers
            #expect(headers?.get("Access-Control-Request-Private-Network") == "true")
            #expect((headers?.get("Accept") != nil) == (secure == "preflight+accept"))
        }
        let http = try Self.run("chrome@\(version)", get, permission: .granted, page: try Origin(parsing: "http://app.example.com"))[0]
        #expect((http.failure?.reason == .localNetworkDenied) == insecureBlocked)
    }

    @Test("Chrome 104-141 adds Access-Control-Request-Private-Network to a CORS preflight and ignores the answer")
    func pnaOnCORSPreflight() throws {
        let put = FetchRequest("PUT", try FetchURL(parsing: "https://printer.example/x"))
        let o = try Self.run("chrome@120", put)[0]
        #expect(o.verdict == .readable && o.preflightsSent.count == 1)
        #expect(o.preflightsSent[0].headers.get("Access-Control-Request-Private-Network") == "true")
        #expect(o.preflightsSent[0].headers.get("Accept") == "*/*")
        #expect(try BrowserProfile.named("chrome@120").localNetworkAccess.name(of: .local) == "private")
    }

    /// Firefox 153 release notes: "Local Network Access restrictions are now enabled by default for all users" (bug 2033733).
    @Test("Firefox gates local network requests from 153, not before", arguments: [(115, false), (152, false), (153, true)])
    func firefoxLocalNetwork(_ version: Int, _ gated: Bool) throws {
        let get = FetchRequest("GET", try FetchURL(parsing: "https://printer.example/status"))
        let o = try Self.run("firefox@\(version)", get)[0]
        #expect((o.failure?.reason == .localNetworkDenied) == gated)
    }

    /// network.cors_preflight.authorization_covered_by_wildcard arrived in Firefox 115 (bug 1687364)
    /// defaulting to true, what Firefox did before; recorded: oracle header-authorization-acah-star (153).
    @Test("Firefox's * covers Authorization in every modelled version (the preference defaults to true)", arguments: [115, 140, 153])
    func firefoxAuthorizationWildcard(_ version: Int) throws {
        #expect(try BrowserProfile.named("firefox@\(version)").preflight.wildcardCoversAuthorization)
    }

    @Test("Firefox's Storage Access Headers (and the Origin they add to a GET) ship in 147", arguments: [
        (146, false), (147, true), (153, true),
    ])
    func firefoxStorageAccessOrigin(_ version: Int, _ appends: Bool) throws {
        #expect(try BrowserProfile.named("firefox@\(version)").appendsOriginWhenStorageAccessInactive == appends)
    }

    @Test("Every change names public evidence and a range that ends inside the modelled versions")
    func historyIsCited() {
        for change in BrowserProfile.history {
            #expect(change.evidence.hasPrefix("https://"), "\(change.summary)")
            let range = BrowserProfile.modelledVersions.first { $0.browser == change.browser }
            #expect(range != nil && change.oldVersions.upperBound > range!.oldest && change.oldVersions.upperBound <= range!.current)
        }
    }

    @Test("Bad names are refused with what is modelled", arguments: [
        ("chrome@", "expected a chrome version from 70 to 156 after '@', found ''"),
        ("chrome@7x", "expected a chrome version from 70 to 156 after '@', found '7x'"),
        ("chrome@+75", "expected a chrome version from 70 to 156 after '@', found '+75'"),
        ("chrome@99999", "expected a chrome version from 70 to 156 after '@', found '99999'"),
        ("chrome@69", "chrome 69 is not modelled; expected a version from 70 to 156"),
        ("chrome@157", "chrome 157 is not modelled; expected a version from 70 to 156"),
        ("firefox@114", "firefox 114 is not modelled; expected a version from 115 to 153"),
        ("safari@18", "no versions of safari are modelled; use 'safari' (versions: chrome 70-156, firefox 115-153)"),
        ("spec@1", "no versions of spec are modelled; use 'spec' (versions: chrome 70-156, firefox 115-153)"),
        ("webkitgtk@2", "no versions of webkitgtk are modelled; use 'webkitgtk' (versions: chrome 70-156, firefox 115-153)"),
        ("edge@120", "unknown browser 'edge'; expected chrome, firefox, safari, webkitgtk or spec, optionally with @VERSION (chrome@141)"),
    ])
    func badNames(_ text: String, _ message: String) {
        do {
            _ = try BrowserProfile.named(text)
            Issue.record("accepted \(text)")
        } catch {
            #expect(error.description == message)
        }
    }

    @Test("webkitgtk is a browser of its own: named, in JSON by its name, run only when asked for")
    func webkitgtkIsItsOwnBrowser() throws {
        let profile = try BrowserProfile.named("webkitgtk")
        #expect(profile == .webkitgtk && profile.name == .webkitgtk && profile.id == "webkitgtk" && profile.version == nil)
        #expect(BrowserProfile.named(.webkitgtk).displayName == "WebKitGTK")
        #expect(!BrowserName.browsers.contains(.webkitgtk))
        // The rest of the profile is Safari's: only the network stack and the cookie policy differ.
        var asSafari = BrowserProfile.webkitgtk
        asSafari.name = .safari
        asSafari.displayName = BrowserProfile.safari.displayName
        asSafari.evidence = BrowserProfile.safari.evidence
        asSafari.cookies = BrowserProfile.safari.cookies
        asSafari.networkStack = BrowserProfile.safari.networkStack
        #expect(asSafari == .safari)
        let r = TestFiles.runTool(["run", "Scenarios/01-same-origin.cors", "--browser", "safari,webkitgtk", "--format", "json"])
        #expect(r.status == 0 && r.out.contains("\"browsers\":[\"safari\",\"webkitgtk\"]") && r.out.contains("\"webkitgtk\":{"))
    }

    @Test("--browser with a bad version exits 2 with the reason")
    func commandLineRefusesBadVersions() {
        let r = TestFiles.runTool(["run", "Scenarios/25-why-old-tutorials-say-10-minutes.cors", "--browser", "chrome@157"])
        #expect(r.status == 2 && r.out.isEmpty)
        #expect(r.err.hasPrefix("error: --browser: chrome 157 is not modelled; expected a version from 70 to 156\n"))
    }

    @Test("expect chrome@N: with an unmodelled version is a located error")
    func expectationVersionIsLocated() {
        let text = "page https://a.example\nfetch GET https://b.example/\n  expect chrome@7x: readable\n"
        do {
            _ = try ScenarioParser.parse(text, file: "t.cors")
            Issue.record("accepted")
        } catch {
            #expect(error.message == "expected a chrome version from 70 to 156 after '@', found '7x'")
            #expect(error.location.line == 3 && error.location.column == 17)
        }
    }

    @Test("expect lines with a version hold only for that version; lines without one only for the current versions")
    func expectationScope() throws {
        let text = """
        page https://app.example.com
        server https://api.example.com
          * /x
            204
            Access-Control-Allow-Origin: *
            Access-Control-Allow-Methods: PUT
            Access-Control-Max-Age: 7200
        fetch PUT https://api.example.com/x
        wait 11m
        fetch PUT https://api.example.com/x
          expect chrome: preflight cached
          expect chrome@75: preflight sent
        """
        let s = try ScenarioParser.parse(text, file: "t.cors")
        let both = ScenarioRunner(profiles: [try .named("chrome@75"), .chrome]).run(s) { _ in }
        #expect(both.expectationsChecked == 2 && both.failures.isEmpty)
        let old = ScenarioRunner(profiles: [try .named("chrome@75")]).run(s) { _ in }
        #expect(old.expectationsChecked == 1 && old.failures.isEmpty)
        let other = ScenarioRunner(profiles: [try .named("chrome@80")]).run(s) { _ in }
        #expect(other.expectationsChecked == 0)
    }

    static let versionLessons: [(file: String, browsers: String)] = [
        ("Scenarios/24-private-network-access-became-a-permission.cors", "chrome@93,chrome@100,chrome@141,chrome,firefox@152,firefox"),
        ("Scenarios/25-why-old-tutorials-say-10-minutes.cors", "chrome@75,chrome,safari"),
    ]

    @Test("The version lessons hold in every version they name")
    func versionLessonsHold() {
        for lesson in Self.versionLessons {
            let r = TestFiles.runTool(["run", lesson.file, "--browser", lesson.browsers])
            #expect(r.status == 0, "\(lesson.file): \(r.out.split(separator: "\n").filter { $0.contains("FAIL") })")
        }
    }

    /// Re-record with `CORS_SIM_RECORD_GOLDEN=1 swift test --filter VersionedProfileTests` and read the diff.
    @Test("compare across versions matches its golden file", arguments: [0, 1], ["text", "json"])
    func compareGolden(_ index: Int, _ format: String) throws {
        let lesson = Self.versionLessons[index]
        let r = TestFiles.runTool(["compare", lesson.file, "--browser", lesson.browsers, "--format", format])
        #expect(r.status == 0, "\(r.err)")
        let name = "versions__" + lesson.file.replacingOccurrences(of: "Scenarios/", with: "")
            .replacingOccurrences(of: ".cors", with: format == "json" ? ".json" : ".txt")
        let url = TestFiles.golden.appendingPathComponent(name)
        if GoldenTests.record {
            try r.out.write(to: url, atomically: true, encoding: .utf8)
            return
        }
        #expect(r.out == (try String(contentsOf: url, encoding: .utf8)), "re-record with CORS_SIM_RECORD_GOLDEN=1 if intended")
    }

    @Test("The HTML report's cache timelines have a column per version run, read with that version's rules")
    func htmlTimelinesNameEachVersion() throws {
        let r = TestFiles.runTool(["compare", "Scenarios/26-browser-cache-and-vary-origin.cors",
                                   "--browser", "chrome@75,chrome", "--format", "html"])
        #expect(r.status == 0, "\(r.err)")
        let heads = r.out.components(separatedBy: "<thead>").dropFirst().filter { $0.contains("<th>step</th>") }
        #expect(heads.count == 2, "both timelines (HTTP cache and preflight cache)")
        for head in heads {
            let row = head.components(separatedBy: "</thead>")[0]
            #expect(row.contains(">Chrome 75</th>") && row.contains(">Chrome</th>"), "\(row)")
        }
    }

    @Test("step names each version run on a screen browsers share")
    func stepNamesEachVersion() throws {
        let r = TestFiles.runTool(["step", "Scenarios/26-browser-cache-and-vary-origin.cors", "--browser", "chrome@75,chrome"])
        #expect(r.status == 0, "\(r.err)")
        #expect(r.out.contains("every browser (Chrome 75, Chrome)"))
    }
}
