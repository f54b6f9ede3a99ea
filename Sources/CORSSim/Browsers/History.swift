/// Browser versions as data: the current profile (Chrome.swift, Firefox.swift) is the newest
/// version recorded here; an older version is that profile with the changes below undone, each
/// change naming the versions that behaved the old way and the public evidence for it.
/// `BrowserProfile.named("chrome@75")` applies them.

/// One change in an engine's history: versions in `oldVersions` behave as `undo` sets them.
public struct ProfileChange: Sendable {
    public var browser: BrowserName
    /// The versions before the change (and any later ones that had not shipped it).
    public var oldVersions: Range<Int>
    /// What changed, in a sentence.
    public var summary: String
    /// A public URL: the engine's commit, source at a revision, or release note.
    public var evidence: String
    /// Sets the profile's fields to what `oldVersions` did.
    let undo: @Sendable (inout BrowserProfile) -> Void
}

/// The versions the simulator can model for a browser, and its current one.
public struct ModelledVersions: Sendable, Hashable {
    public var browser: BrowserName
    public var oldest: Int
    public var current: Int
}

extension BrowserProfile {
    /// The version ranges modelled. Older versions differ in ways the changes below do not cover
    /// (Chrome before 70 and Firefox before 115 handled wildcards, redirects and the cache
    /// differently), so they are refused. Safari has no history here: WebKit's preflight cache
    /// values have not changed since CrossOriginPreflightResultCache.cpp was written
    /// (`maxPreflightCacheTimeout = 600_s`, https://github.com/WebKit/WebKit/blob/main/Source/WebCore/loader/CrossOriginPreflightResultCache.cpp).
    public static let modelledVersions: [ModelledVersions] = [
        ModelledVersions(browser: .chrome, oldest: 70, current: 156),
        ModelledVersions(browser: .firefox, oldest: 115, current: 153),
    ]

    /// The changes, newest first within each browser.
    public static let history: [ProfileChange] = [
        // MARK: Chrome
        ProfileChange(
            browser: .chrome, oldVersions: 0..<142,
            summary: "Local Network Access (a permission prompt) replaced Private Network Access preflights in warning mode",
            // "We are now targeting M142 for our full launch" (blink-dev, https://groups.google.com/a/chromium.org/g/blink-dev/c/cwu_RUmBpzY);
            // https://developer.chrome.com/blog/local-network-access ("Local Network Access replaces that effort").
            // SIMULATION: the console's names for the spaces switch with the gate at 142; the enum
            // rename (private -> local, local -> loopback) landed in the 138-141 developer trial.
            evidence: "https://developer.chrome.com/blog/local-network-access",
            undo: { p in
                p.localNetworkAccess.gate = .preflightWarning
                p.localNetworkAccess.privateLiteralsSkipMixedContent = false
                p.localNetworkAccess.naming = .privateNetworkAccess
            }),
        ProfileChange(
            browser: .chrome, oldVersions: 0..<123,
            summary: "a preflight sent only for Private Network Access began to leave out Accept",
            // "Since Chrome 123, Chrome will omit some CORS headers such as Accept if the preflight
            // is only created and sent because of PNA".
            evidence: "https://developer.chrome.com/blog/private-network-access-update-2024-03",
            undo: { p in p.localNetworkAccess.privateNetworkOnlyPreflightOmitsAccept = false }),
        ProfileChange(
            browser: .chrome, oldVersions: 0..<104,
            summary: "Private Network Access preflights (Access-Control-Request-Private-Network) sent in warning mode",
            // Chrome Platform Status 5737414355058688 "PNA preflight requests for subresources:
            // warning-only mode", enabled by default in 104.
            evidence: "https://developer.chrome.com/blog/private-network-access-preflight",
            undo: { p in p.localNetworkAccess.gate = .none }),
        ProfileChange(
            browser: .chrome, oldVersions: 0..<94,
            summary: "requests from non-secure public pages to private addresses blocked",
            // "Chrome 94: ... private network requests from non-secure contexts are blocked".
            evidence: "https://developer.chrome.com/blog/private-network-access-update",
            undo: { p in p.localNetworkAccess.blocksNonSecureContexts = false }),
        ProfileChange(
            browser: .chrome, oldVersions: 0..<114,
            summary: "CHIPS: Partitioned cookies keyed by the top-level site",
            // "CHIPS is enabled by default in Chrome 114" (https://developer.chrome.com/blog/chips-rollout).
            evidence: "https://developer.chrome.com/blog/chips-rollout",
            undo: { p in p.cookies.partitionedCookies = false }),
        ProfileChange(
            browser: .chrome, oldVersions: 0..<89,
            summary: "Schemeful Same-Site: http: and https: of one domain became different sites for SameSite",
            // "Schemeful Same-Site ... enabled by default in Chrome 89" (https://web.dev/articles/schemeful-samesite).
            evidence: "https://web.dev/articles/schemeful-samesite",
            undo: { p in p.cookies.schemefulSameSite = false }),
        ProfileChange(
            browser: .chrome, oldVersions: 0..<80,
            summary: "cookies without SameSite became Lax, and SameSite=None began to require Secure",
            // https://www.chromium.org/updates/same-site/ (launched in Chrome 80, February 2020).
            evidence: "https://www.chromium.org/updates/same-site/",
            undo: { p in
                p.cookies.unspecifiedSameSite = .none
                p.cookies.sameSiteNoneRequiresSecure = false
            }),
        // Third-party cookies: allowed by default in every Chrome version modelled here (today a
        // regular profile's kCookieControlsMode default is kIncognitoOnly, cookie_settings.cc, see
        // Chrome.swift; the BlockThirdPartyCookies policy, "Leaving it unset allows third-party
        // cookies", https://chromeenterprise.google/policies/#BlockThirdPartyCookies, dates from
        // long before 70), so no change undoes the current profile's `cookies.thirdParty`.
        ProfileChange(
            browser: .chrome, oldVersions: 0..<76,
            summary: "the Access-Control-Max-Age cap rose from 600 s to 7200 s",
            // services/network/public/cpp/cors/preflight_result.cc kMaxTimeout: 600 s at
            // 52002151773d8cd9ffc5f557cd7cc880fddcae3e, base::Hours(2) from 49e7c0b4886cac1f3d09dc046bd528c9c811a0fa
            // (Chromium 76; https://developer.mozilla.org/en-US/docs/Web/HTTP/Reference/Headers/Access-Control-Max-Age).
            evidence: "https://source.chromium.org/chromium/chromium/src/+/main:services/network/public/cpp/cors/preflight_result.cc;drc=52002151773d8cd9ffc5f557cd7cc880fddcae3e;l=36",
            undo: { p in p.cache.maxAgeCap = 600 }),
        // MARK: Firefox
        ProfileChange(
            browser: .firefox, oldVersions: 0..<153,
            summary: "Local Network Access turned on for everyone (network.lna.blocking)",
            // "Local Network Access restrictions are now enabled by default for all users" (Firefox
            // 153 release notes, bug 2033733); Firefox 151-152 rolled it out to a share of users only.
            // SIMULATION: the 147-152 opt-in (Enhanced Tracking Protection Strict) and staged rollout are not modelled.
            evidence: "https://www.mozilla.org/en-US/firefox/153.0/releasenotes/",
            undo: { p in p.localNetworkAccess = .off }),
        ProfileChange(
            browser: .firefox, oldVersions: 0..<147,
            summary: "Storage Access Headers (dom.storage_access.headers.enabled): a GET or HEAD marked Sec-Fetch-Storage-Access: inactive carries Origin",
            // MDN's browser-compat-data: Activate-Storage-Access "firefox": {"version_added": "147"}
            // (the pref was Nightly-only before: Bug 1991688, StaticPrefList.yaml
            // dom.storage_access.headers.enabled = @IS_NIGHTLY_BUILD@).
            evidence: "https://github.com/mdn/browser-compat-data/blob/main/http/headers/Activate-Storage-Access.json",
            undo: { p in p.appendsOriginWhenStorageAccessInactive = false }),
        // network.cors_preflight.authorization_covered_by_wildcard (bug 1687364, Firefox 115,
        // https://bugzilla.mozilla.org/show_bug.cgi?id=1687364; MDN experimental features:
        // "Access-Control-Allow-Headers wildcard does not cover Authorization") defaults to true,
        // which keeps what Firefox did before it: no version modelled here differs, so there is
        // no change to undo. Firefox's 24 h cap ("Cap at 24 hours", nsCORSListenerProxy.cpp) has
        // not changed either.
    ]

    /// The profile for `chrome`, `firefox`, `safari`, `webkitgtk`, `spec`, or `NAME@VERSION` (`chrome@75`).
    public static func named(_ text: String) throws(ProfileNameError) -> BrowserProfile {
        let parts = text.split(separator: "@", maxSplits: 1, omittingEmptySubsequences: false)
        guard let name = BrowserName(rawValue: String(parts[0])) else { throw .unknownBrowser(String(parts[0])) }
        let current = BrowserProfile.named(name)
        guard parts.count == 2 else { return current }
        let versionText = String(parts[1])
        guard let range = modelledVersions.first(where: { $0.browser == name }) else {
            throw .noVersions(name)
        }
        guard !versionText.isEmpty, versionText.utf8.count <= 4, versionText.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
              let version = Int(versionText) else {
            throw .invalidVersion(name, versionText, range)
        }
        guard version >= range.oldest, version <= range.current else { throw .versionOutOfRange(name, version, range) }
        return current.at(version: version)
    }

    /// The profile that produced an outcome (for renderers).
    public static func of(_ outcome: FetchOutcome) -> BrowserProfile {
        (try? BrowserProfile.named(outcome.profileID)) ?? BrowserProfile.named(outcome.browser)
    }

    /// This profile as an older version of its engine behaved.
    func at(version: Int) -> BrowserProfile {
        guard version != self.version else { return self }
        var profile = self
        for change in BrowserProfile.history where change.browser == name && change.oldVersions.contains(version) {
            change.undo(&profile)
        }
        profile.version = version
        profile.displayName = "\(displayName) \(version)"
        profile.evidence = evidence + "; as version \(version): " + BrowserProfile.history
            .filter { $0.browser == name && $0.oldVersions.contains(version) }.map(\.summary).joined(separator: "; ")
        return profile
    }

    /// `chrome`, or `chrome@75` for an older version: how the command line and JSON name it.
    public var id: String {
        guard let version, BrowserProfile.modelledVersions.first(where: { $0.browser == name })?.current != version else {
            return name.rawValue
        }
        return "\(name.rawValue)@\(version)"
    }
}

/// Why a browser name was refused.
public enum ProfileNameError: Error, Sendable, Hashable, CustomStringConvertible {
    case unknownBrowser(String)
    case noVersions(BrowserName)
    case invalidVersion(BrowserName, String, ModelledVersions)
    case versionOutOfRange(BrowserName, Int, ModelledVersions)

    public var description: String {
        switch self {
        case .unknownBrowser(let name):
            return "unknown browser '\(name)'; expected chrome, firefox, safari, webkitgtk or spec, optionally with @VERSION (chrome@141)"
        case .noVersions(let name):
            return "no versions of \(name.rawValue) are modelled; use '\(name.rawValue)' (versions: chrome 70-156, firefox 115-153)"
        case let .invalidVersion(name, text, r):
            return "expected a \(name.rawValue) version from \(r.oldest) to \(r.current) after '@', found '\(text)'"
        case let .versionOutOfRange(name, version, r):
            return "\(name.rawValue) \(version) is not modelled; expected a version from \(r.oldest) to \(r.current)"
        }
    }
}
