import CORSSim

/// A real server shared by the browsers of one fetch: each distinct wire request is sent once
/// and every browser that sends the same bytes is judged from that one response (a POST checked
/// in three browsers creates one record, not three). When a browser's request differs from the
/// one another browser sent at the same point of the fetch, it is sent separately and a note
/// says so. Requests to an origin the user did not map are not sent unless `followUnmapped`:
/// a redirect must not take the tool to a host the user never named.
final class SharedExchanges: Server, @unchecked Sendable {
    private let server: any Server
    /// Origins the user pointed at a server (nil: every origin may be contacted).
    private let allowed: Set<Origin>?
    /// The exchanges of the current fetch, per browser in order.
    private var exchanges: [(browser: BrowserName, sent: [(WireRequest, ServerReply)])] = []
    /// What the user must know: requests sent again for one browser, redirects not followed.
    private(set) var notes: [String] = []
    /// How many requests went to the real server.
    private(set) var sentCount = 0

    init(_ server: any Server, allowed: Set<Origin>?) {
        self.server = server
        self.allowed = allowed
    }

    /// A new fetch step: nothing is shared with earlier steps.
    func newStep() { exchanges = [] }

    /// The next exchanges belong to this browser.
    func begin(_ browser: BrowserName) { exchanges.append((browser, [])) }

    /// The notes gathered since the last call.
    func takeNotes() -> [String] {
        defer { notes = [] }
        return notes
    }

    func respond(to request: WireRequest) -> ServerReply {
        // Outside a fetch step begun with `begin(_:)`: nothing to share with.
        guard let me = exchanges.indices.last else {
            sentCount += 1
            return server.respond(to: request)
        }
        let index = exchanges[me].sent.count
        let name = BrowserProfile.named(exchanges[me].browser).displayName
        if let allowed, !allowed.contains(request.url.origin) {
            let note = "not sent: \(Self.visible(request.method)) \(Self.visible(request.url.serialized())) goes to \(Self.visible(request.url.origin.serialized)), which no --live option maps to a server; the tool stops there (--follow-unmapped sends it to the real host)"
            if !notes.contains(note) { notes.append(note) }
            exchanges[me].sent.append((request, .unreachable))
            return .unreachable
        }
        // The n-th time this browser sends these bytes in this fetch shares the n-th time an
        // earlier browser sent them (a redirect loop sends the same request again, for real).
        let occurrence = exchanges[me].sent.filter { Self.sameOnTheWire($0.0, request) }.count
        for other in exchanges[..<me] {
            let same = other.sent.filter { Self.sameOnTheWire($0.0, request) }
            if occurrence < same.count {
                exchanges[me].sent.append((request, same[occurrence].1))
                return same[occurrence].1
            }
        }
        if me > 0 {
            // Another browser ran this fetch and sent nothing like it: say so, naming the
            // difference from what that browser sent at the same point when it sent anything.
            let first = exchanges[0]
            let otherName = BrowserProfile.named(first.browser).displayName
            let why = index < first.sent.count ? Self.difference(first.sent[index].0, request) : "\(otherName) sent no such request"
            notes.append("\(name)'s request differs from \(otherName)'s (\(why)): \(Self.visible(request.method)) \(Self.visible(request.url.serialized())) was sent to the server again")
        }
        sentCount += 1
        let reply = server.respond(to: request)
        exchanges[me].sent.append((request, reply))
        return reply
    }

    /// What a server receives: method, URL, header lines in order, body (the credentials flag
    /// is not on the wire: live runs send no cookies).
    static func sameOnTheWire(_ a: WireRequest, _ b: WireRequest) -> Bool {
        a.method == b.method && a.url == b.url && Array(a.headers) == Array(b.headers) && a.body == b.body
    }

    /// Text from a server or the command line as a terminal may show it: TerminalText.escaped
    /// (ESC, CR, … written as `\x1b`, `\r`), so it cannot move the cursor or recolour the screen.
    static func visible(_ text: String) -> String { TerminalText.escaped(text) }

    /// The first thing that differs, for the note (escaped for a terminal).
    static func difference(_ a: WireRequest, _ b: WireRequest) -> String {
        visible(rawDifference(a, b))
    }

    static func rawDifference(_ a: WireRequest, _ b: WireRequest) -> String {
        if a.method != b.method { return "method \(a.method) / \(b.method)" }
        if a.url != b.url { return "URL" }
        let ah = Array(a.headers), bh = Array(b.headers)
        let names = Set(ah.map { $0.name.lowercased() }).symmetricDifference(bh.map { $0.name.lowercased() })
        if let n = names.sorted().first { return "header \(n) in one only" }
        for (x, y) in zip(ah, bh) where x != y { return "header \(x.name): \(x.value) / \(y.value)" }
        if ah.count != bh.count { return "header order" }
        return "body"
    }
}
