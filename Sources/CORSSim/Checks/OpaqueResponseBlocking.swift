/// Opaque Response Blocking (ORB, https://github.com/annevk/orb, the Fetch Standard's pending
/// "opaque-response-safelist check", whatwg/fetch#1442): before a cross-origin `no-cors` response
/// reaches the page as an opaque response, the engine decides from its status, headers and first
/// bytes whether it could be a script, stylesheet, image or media file; one that looks like data
/// (HTML, JSON, XML, a PDF, a 206 from the middle of a resource) is blocked. The script sees an
/// opaque response either way, so what a blocked response changes is what the engine does next:
/// its load is cancelled, so the HTTP cache never keeps it, and a later `force-cache` fetch sends
/// the request again (recorded: Tests/Conformance/orb-*).
///
/// The decision is a pure function of the response
/// (`opaqueResponseBlocking(status:headers:body:sameOriginWithPage:analyzer:)`), on its bytes; the profiles say which engine's analyzer runs and what a blocked response turns into.

/// How one engine applies Opaque Response Blocking to `fetch()`.
public struct OpaqueResponseBlockingRules: Sendable, Hashable {
    /// Whose decision procedure runs on a cross-origin `no-cors` response fetched by `fetch()`.
    public enum Analyzer: String, Sendable, Hashable {
        /// None that changes what `fetch()` shows: every response reaches the page as an opaque
        /// response and is stored as usual (recorded for WebKitGTK and for Firefox, whose ORB can
        /// filter a `fetch()` response instead of cancelling it: see Browsers/Firefox.swift).
        case none
        /// Chromium's "ORB v0.1" (services/network/orb/orb_impl.cc
        /// `OpaqueResponseBlockingAnalyzer`): header checks, then the first 1024 bytes sniffed for
        /// media and images (allowed) and for HTML, XML and JSON (blocked); everything else is
        /// allowed. A response from the page's own origin (after a cross-origin redirect) is exempt.
        case chromium
    }

    public var analyzer: Analyzer
    /// Whether the HTTP cache keeps a blocked response (false: the engine cancels the load, and the
    /// cache entry being written is dropped).
    public var blockedResponseStored: Bool

    /// Every field is stated: a profile cannot leave one to a default.
    public init(analyzer: Analyzer, blockedResponseStored: Bool) {
        self.analyzer = analyzer
        self.blockedResponseStored = blockedResponseStored
    }
}

/// What ORB decided for one response, and the step that decided it.
public struct OpaqueResponseBlockingDecision: Sendable, Hashable {
    public var blocked: Bool
    public var reason: Reason

    public enum Reason: String, Sendable, Hashable {
        /// The response's URL is same-origin with the page (Chromium checks the final URL).
        case sameOrigin = "same-origin"
        /// An opaque-safelisted MIME type (as Chromium reads it: CSS, SVG, audio/video, DASH/HLS, WebVTT).
        case safelistedMIMEType = "opaque-safelisted MIME type"
        /// An opaque-blocklisted-never-sniffed MIME type (PDF, ZIP, CSV, `text/event-stream`, ...).
        case neverSniffedMIMEType = "opaque-blocklisted-never-sniffed MIME type"
        /// `X-Content-Type-Options: nosniff` with an HTML, JSON or XML type, or `text/plain`.
        case nosniffBlocklisted = "nosniff with an opaque-blocklisted MIME type or text/plain"
        /// A 206 that does not start at byte 0, with no earlier media response for the URL.
        case partialNotFirst = "206 that is not the first part"
        /// The first bytes are an audio or video file.
        case sniffedMedia = "sniffed as audio or video"
        /// The first bytes are an image.
        case sniffedImage = "sniffed as an image"
        /// No (valid) Content-Type: ORB lets it through.
        case noMIMEType = "no MIME type"
        /// The first bytes are HTML (Chromium's CORB sniffer).
        case sniffedHTML = "sniffed as HTML"
        /// The first bytes are an XML declaration.
        case sniffedXML = "sniffed as XML"
        /// The first bytes are a JSON object or a JavaScript parser breaker (`)]}'`, `for(;;);`).
        case sniffedJSON = "sniffed as JSON or a parser breaker"
        /// Nothing in the first bytes says it is not a script: allowed (Chromium fails open).
        case notSniffedAsData = "not sniffed as HTML, XML or JSON"
    }
}

/// Chromium sniffs at most this many bytes (net/base/mime_sniffer.h `kMaxBytesToSniff`).
let orbSniffLength = 1024

/// The ORB decision for a cross-origin `no-cors` response, by one engine's analyzer: `status`,
/// `headers` and `body` as received (only its first 1024 bytes are read). `sameOriginWithPage`: the response's URL has the page's
/// origin (the fetch went there through a cross-origin redirect, so it is still opaque).
/// Nil when the analyzer is `.none`.
public func opaqueResponseBlocking(status: Int, headers: HeaderList, body: [UInt8], sameOriginWithPage: Bool,
                                   analyzer: OpaqueResponseBlockingRules.Analyzer) -> OpaqueResponseBlockingDecision? {
    switch analyzer {
    case .none:
        return nil
    case .chromium:
        return chromiumORB(status: status, headers: headers, body: body, sameOriginWithPage: sameOriginWithPage)
    }
}

// MARK: - Shared pieces

/// The response's MIME type essence, lower-cased, from its last `Content-Type` line; nil when
/// there is none or it does not parse.
/// SIMULATION: the last `Content-Type` line is parsed on its own; the Fetch Standard's "extract a
/// MIME type" (and the engines' header parsers) also combine several lines.
func responseMIMEEssence(_ headers: HeaderList) -> String? {
    guard let line = headers.headers.last(where: { $0.lowercasedName == "content-type" }) else { return nil }
    return MIMEType(parsing: line.value)?.essence
}

/// `X-Content-Type-Options: nosniff`: orb_impl.cc `HasNoSniff` compares the header's whole
/// (normalized) value with `nosniff`, case-insensitively.
func hasNoSniff(_ headers: HeaderList) -> Bool {
    guard let value = headers.value(lowercased: "x-content-type-options") else { return false }
    return value.trimmingHTTPWhitespace().byteLowercased() == "nosniff"
}

/// The first byte position of a 206's `Content-Range: bytes FIRST-LAST/LENGTH` (nil when it does
/// parse), as net::HttpUtil::ParseContentRangeHeaderFor206 reads its start.
/// SIMULATION: only the unit and the first position are checked, not the rest of the range.
func contentRangeFirstByte(_ headers: HeaderList) -> UInt64? {
    guard let value = headers.value(lowercased: "content-range") else { return nil }
    let bytes = Array(value.trimmingHTTPWhitespace().utf8)
    let unit = Array("bytes".utf8)
    guard bytes.count > unit.count, zip(bytes, unit).allSatisfy({ ($0 | 0x20) == $1 }) else { return nil }
    var i = unit.count
    while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x09 { i += 1 }
    var first: UInt64 = 0
    var digits = 0
    while i < bytes.count, (0x30...0x39).contains(bytes[i]) {
        let (m, o1) = first.multipliedReportingOverflow(by: 10)
        let (s, o2) = m.addingReportingOverflow(UInt64(bytes[i] - 0x30))
        if o1 || o2 { return nil }
        first = s
        digits += 1
        i += 1
    }
    guard digits > 0, i < bytes.count, bytes[i] == UInt8(ascii: "-") else { return nil }
    return first
}

private func lowercasedASCII(_ b: UInt8) -> UInt8 { b >= 0x41 && b <= 0x5A ? b + 0x20 : b }

private func hasPrefix(_ data: ArraySlice<UInt8>, _ prefix: [UInt8], caseInsensitive: Bool) -> Bool {
    guard data.count >= prefix.count else { return false }
    return zip(data, prefix).allSatisfy { caseInsensitive ? lowercasedASCII($0) == $1 : $0 == $1 }
}

/// A signature table entry of net/base/mime_sniffer.cc: `.` in the pattern matches any byte.
private struct MagicNumber {
    let mimeType: String
    let pattern: [UInt8]
    let mask: [UInt8]?

    init(_ mimeType: String, _ pattern: [UInt8], mask: [UInt8]? = nil) {
        self.mimeType = mimeType
        self.pattern = pattern
        self.mask = mask
    }

    init(_ mimeType: String, _ pattern: String) { self.init(mimeType, Array(pattern.utf8)) }

    func matches(_ data: ArraySlice<UInt8>) -> Bool {
        guard data.count >= pattern.count else { return false }
        for (k, (p, b)) in zip(pattern, data).enumerated() where p != UInt8(ascii: ".") {
            if p != (mask.map { $0[k] & b } ?? b) { return false }
        }
        return true
    }
}

/// net/base/mime_sniffer.cc `kExtraMagicNumbers`, checked first by `SniffMimeTypeFromLocalData`.
private let extraMagicNumbers: [MagicNumber] = [
    MagicNumber("image/x-xbitmap", "#define"),
    MagicNumber("image/x-icon", [0x00, 0x00, 0x01, 0x00]),
    MagicNumber("audio/wav", "RIFF....WAVEfmt "),
    MagicNumber("video/avi", "RIFF....AVI LIST"),
    MagicNumber("audio/ogg", [0x4F, 0x67, 0x67, 0x53, 0x00]),
    MagicNumber("video/mpeg", [0x00, 0x00, 0x01, 0xB0], mask: [0xFF, 0xFF, 0xFF, 0xF0]),
    MagicNumber("audio/mpeg", [0xFF, 0xE0], mask: [0xFF, 0xE0]),
    MagicNumber("video/3gpp", "....ftyp3g"),
    MagicNumber("video/3gpp", "....ftypavcl"),
    MagicNumber("video/mp4", "....ftyp"),
    MagicNumber("video/quicktime", "....moov"),
    MagicNumber("application/x-shockwave-flash", "CWS"),
    MagicNumber("application/x-shockwave-flash", "FWS"),
    MagicNumber("video/x-flv", "FLV"),
    MagicNumber("audio/x-flac", "fLaC"),
    MagicNumber("audio/amr", "#!AMR\n"),
    MagicNumber("image/x-canon-cr2", Array("II".utf8) + [0x2A, 0x00, 0x10, 0x00, 0x00, 0x00] + Array("CR".utf8)),
    MagicNumber("image/x-canon-crw", Array("II".utf8) + [0x1A, 0x00, 0x00, 0x00] + Array("HEAPCCDR".utf8)),
    MagicNumber("image/x-minolta-mrw", [0x00] + Array("MRM".utf8)),
    MagicNumber("image/x-olympus-orf", "MMOR"),
    MagicNumber("image/x-olympus-orf", "IIRO"),
    MagicNumber("image/x-olympus-orf", "IIRS"),
    MagicNumber("image/x-fuji-raf", "FUJIFILMCCD-RAW "),
    MagicNumber("image/x-panasonic-raw", Array("IIU".utf8) + [0x00, 0x08, 0x00, 0x00, 0x00]),
    MagicNumber("image/x-panasonic-raw", Array("IIU".utf8) + [0x00, 0x18, 0x00, 0x00, 0x00]),
    MagicNumber("image/x-phaseone-raw", "MMMMRaw"),
    MagicNumber("image/x-x3f", "FOVb"),
]

/// net/base/mime_sniffer.cc `kMagicNumbers`.
private let magicNumbers: [MagicNumber] = [
    MagicNumber("application/pdf", "%PDF-"),
    MagicNumber("application/postscript", "%!PS-Adobe-"),
    MagicNumber("image/gif", "GIF87a"),
    MagicNumber("image/gif", "GIF89a"),
    MagicNumber("image/png", [0x89] + Array("PNG".utf8) + [0x0D, 0x0A, 0x1A, 0x0A]),
    MagicNumber("image/jpeg", [0xFF, 0xD8, 0xFF]),
    MagicNumber("image/bmp", "BM"),
    MagicNumber("text/plain", "#!"),
    MagicNumber("text/plain", "%!"),
    MagicNumber("text/plain", "From"),
    MagicNumber("text/plain", ">From"),
    MagicNumber("application/x-gzip", [0x1F, 0x8B, 0x08]),
    MagicNumber("audio/x-pn-realaudio", [0x2E, 0x52, 0x4D, 0x46]),
    MagicNumber("video/x-ms-asf", [0x30, 0x26, 0xB2, 0x75, 0x8E, 0x66, 0xCF, 0x11, 0xA6, 0xD9, 0x00, 0xAA, 0x00, 0x62, 0xCE, 0x6C]),
    MagicNumber("image/tiff", "I I"),
    MagicNumber("image/tiff", "II*"),
    MagicNumber("image/tiff", [0x4D, 0x4D, 0x00, 0x2A]),
    MagicNumber("audio/mpeg", "ID3"),
    MagicNumber("image/webp", "RIFF....WEBPVP"),
    MagicNumber("video/webm", [0x1A, 0x45, 0xDF, 0xA3]),
    MagicNumber("application/zip", [0x50, 0x4B, 0x03, 0x04]),
    MagicNumber("application/x-rar-compressed", Array("Rar!".utf8) + [0x1A, 0x07, 0x00]),
    MagicNumber("application/x-msmetafile", [0xD7, 0xCD, 0xC6, 0x9A]),
    MagicNumber("application/octet-stream", "MZ"),
]

/// net::SniffMimeTypeFromLocalData: the first matching signature's MIME type, or nil.
func sniffMIMETypeFromLocalData(_ data: ArraySlice<UInt8>) -> String? {
    for table in [extraMagicNumbers, magicNumbers] {
        if let hit = table.first(where: { $0.matches(data) }) { return hit.mimeType }
    }
    return nil
}

/// orb_impl.cc `IsAudioOrVideoMimeType` (a departure from the ORB draft it notes: DASH, HLS and
/// WebVTT count too).
func isChromiumAudioOrVideoMIMEType(_ essence: String) -> Bool {
    essence.hasPrefix("audio/") || essence.hasPrefix("video/")
        || ["application/ogg", "application/dash+xml", "application/vnd.apple.mpegurl", "text/vtt"].contains(essence)
}

// MARK: - Chromium (services/network/orb/orb_impl.cc, orb_mimetypes.cc, orb_sniffers.cc)

/// orb_mimetypes.cc `GetNeverSniffedMimeTypes`.
let chromiumNeverSniffedMIMETypes: Set<String> = [
    "application/gzip", "application/x-gzip", "application/x-protobuf", "application/zip", "text/event-stream",
    "application/msexcel", "application/mspowerpoint", "application/msword", "application/msword-template",
    "application/pdf", "application/vnd.ces-quickpoint", "application/vnd.ces-quicksheet", "application/vnd.ces-quickword",
    "application/vnd.ms-excel", "application/vnd.ms-excel.sheet.macroenabled.12", "application/vnd.ms-powerpoint",
    "application/vnd.ms-powerpoint.presentation.macroenabled.12", "application/vnd.ms-word",
    "application/vnd.ms-word.document.12", "application/vnd.ms-word.document.macroenabled.12", "application/vnd.msword",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "application/vnd.openxmlformats-officedocument.presentationml.template",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.template",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template",
    "application/vnd.presentation-openxml", "application/vnd.presentation-openxmlm", "application/vnd.spreadsheet-openxml",
    "application/vnd.wordprocessing-openxml", "text/csv", "text/pdf", "multipart/signed", "multipart/byteranges",
]

/// orb_mimetypes.cc `GetCanonicalMimeType`: whether the type is one whose response nosniff blocks
/// (HTML, JSON, XML, `text/plain`); SVG and DASH are not, though they end in `+xml`.
func isChromiumSniffedBlocklistType(_ essence: String) -> Bool {
    if essence == "image/svg+xml" || essence == "application/dash+xml" { return false }
    return essence == "text/html" || essence == "application/json" || essence == "text/json"
        || essence == "application/json+protobuf" || essence.hasSuffix("+json")
        || essence == "application/xml" || essence == "text/xml" || essence.hasSuffix("+xml")
        || essence == "text/plain"
}

/// Chromium's decision (`OpaqueResponseBlockingAnalyzer::Init`, `Sniff`,
/// `HandleEndOfSniffableResponseBody`), on the whole body: a body of up to 1024 bytes is sniffed
/// whole, a longer one by its first 1024.
func chromiumORB(status: Int, headers: HeaderList, body: [UInt8], sameOriginWithPage: Bool) -> OpaqueResponseBlockingDecision {
    func allow(_ r: OpaqueResponseBlockingDecision.Reason) -> OpaqueResponseBlockingDecision { .init(blocked: false, reason: r) }
    func block(_ r: OpaqueResponseBlockingDecision.Reason) -> OpaqueResponseBlockingDecision { .init(blocked: true, reason: r) }
    // Init: "Same-origin requests are allowed" (request_initiator->IsSameOriginWith(request_url)).
    if sameOriginWithPage { return allow(.sameOrigin) }
    let mime = responseMIMEEssence(headers)
    if let mime {
        // 3.i. Opaque-safelisted, as Chromium reads it: CSS, SVG, audio/video (JavaScript is sniffed anyway).
        if mime == "text/css" || mime == "image/svg+xml" || isChromiumAudioOrVideoMIMEType(mime) {
            return allow(.safelistedMIMEType)
        }
        // 3.ii. Never sniffed.
        if chromiumNeverSniffedMIMETypes.contains(mime) { return block(.neverSniffedMIMEType) }
        // 3.iv. nosniff with HTML, JSON, XML or text/plain.
        if isChromiumSniffedBlocklistType(mime), hasNoSniff(headers) { return block(.nosniffBlocklisted) }
    }
    // 4. A 206 from the middle of a resource, with no earlier media response for the URL.
    // SIMULATION: Chromium remembers URLs it sniffed as media (per URLLoaderFactory); no fetch()
    // response here is sniffed as media before a 206 of the same URL is, so the set is empty.
    if status == 206, let first = contentRangeFirstByte(headers), first > 0 { return block(.partialNotFirst) }
    // 5-9. Sniff the first bytes: audio/video and images are allowed.
    let data = body.prefix(orbSniffLength)
    if let sniffed = sniffMIMETypeFromLocalData(data) {
        if isChromiumAudioOrVideoMIMEType(sniffed) { return allow(.sniffedMedia) }
        if sniffed.hasPrefix("image/") { return allow(.sniffedImage) }
    }
    // 12. No MIME type: allowed.
    guard mime != nil else { return allow(.noMIMEType) }
    // Chromium's departure: HTML, XML, JSON and parser breakers are blocked; everything else,
    // JavaScript types included, is allowed (HandleEndOfSniffableResponseBody fails open).
    if sniffForHTML(data) == .yes { return block(.sniffedHTML) }
    if sniffForXML(data) == .yes { return block(.sniffedXML) }
    if sniffForFetchOnlyResource(data) == .yes { return block(.sniffedJSON) }
    return allow(.notSniffedAsData)
}

enum SniffingResult { case yes, no, maybe }

private func isSniffWhitespace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0D || b == 0x0A }

private func advancePastWhitespace(_ data: inout ArraySlice<UInt8>) {
    data = data.drop(while: isSniffWhitespace)
}

/// orb_sniffers.cc `MatchesSignature`: yes (and the match is removed from `data`), maybe when
/// `data` is a prefix of a signature, no.
private func matchesSignature(_ data: inout ArraySlice<UInt8>, _ signatures: [[UInt8]], caseInsensitive: Bool) -> SniffingResult {
    for signature in signatures {
        if signature.count <= data.count {
            if hasPrefix(data, signature, caseInsensitive: caseInsensitive) {
                data = data.dropFirst(signature.count)
                return .yes
            }
        } else if hasPrefix(signature[...], Array(data), caseInsensitive: caseInsensitive) {
            return .maybe
        }
    }
    return .no
}

/// orb_sniffers.cc `FindFirstJavascriptLineTerminator`: LF, CR, U+2028 or U+2029 at or after `from`.
private func firstJavaScriptLineTerminator(_ data: ArraySlice<UInt8>, from: Int) -> Int? {
    var i = from
    while i < data.endIndex {
        let b = data[i]
        if b == 0x0A || b == 0x0D { return i }
        if b == 0xE2, i + 2 < data.endIndex, data[i + 1] == 0x80, data[i + 2] == 0xA8 || data[i + 2] == 0xA9 { return i }
        i += 1
    }
    return nil
}

/// orb_sniffers.cc `MaybeSkipHtmlComment`: a `<!-- ... -->` comment and the rest of its line.
private func maybeSkipHTMLComment(_ data: inout ArraySlice<UInt8>) -> SniffingResult {
    let start = Array("<!--".utf8)
    guard hasPrefix(data, start, caseInsensitive: false) else {
        return hasPrefix(start[...], Array(data), caseInsensitive: false) ? .maybe : .no
    }
    let end = Array("-->".utf8)
    var i = data.startIndex + start.count
    var found: Int?
    while i + end.count <= data.endIndex {
        if hasPrefix(data[i...], end, caseInsensitive: false) { found = i; break }
        i += 1
    }
    guard let close = found else { return .maybe }
    guard let lineEnd = firstJavaScriptLineTerminator(data, from: close + end.count) else { return .maybe }
    data = data[lineEnd...]
    return .yes
}

/// orb_sniffers.cc `SniffForHTML` (without `<!--` as a signature).
func sniffForHTML(_ input: ArraySlice<UInt8>) -> SniffingResult {
    let signatures = ["<!doctype html", "<script", "<html", "<head", "<iframe", "<h1", "<div", "<font", "<table", "<a",
                      "<style", "<title", "<b", "<p"].map { Array($0.utf8) }
    var data = input
    while !data.isEmpty {
        advancePastWhitespace(&data)
        let signature = matchesSignature(&data, signatures, caseInsensitive: true)
        if signature != .no { return signature }
        let comment = maybeSkipHTMLComment(&data)
        if comment != .yes { return comment }
    }
    return .maybe
}

/// orb_sniffers.cc `SniffForXML`: `<?xml` after whitespace (case-sensitive).
func sniffForXML(_ input: ArraySlice<UInt8>) -> SniffingResult {
    var data = input
    advancePastWhitespace(&data)
    return matchesSignature(&data, [Array("<?xml".utf8)], caseInsensitive: false)
}

/// orb_sniffers.cc `SniffForJSON`: `{`, a double-quoted string, then `:` (whitespace between).
func sniffForJSON(_ data: ArraySlice<UInt8>) -> SniffingResult {
    enum State { case start, leftBrace, leftQuote, escape, rightQuote }
    var state = State.start
    for c in data {
        if state != .leftQuote, state != .escape, isSniffWhitespace(c) { continue }
        switch state {
        case .start:
            guard c == UInt8(ascii: "{") else { return .no }
            state = .leftBrace
        case .leftBrace:
            guard c == UInt8(ascii: "\"") else { return .no }
            state = .leftQuote
        case .leftQuote:
            if c == UInt8(ascii: "\"") { state = .rightQuote } else if c == UInt8(ascii: "\\") { state = .escape }
        case .escape:
            state = .leftQuote
        case .rightQuote:
            return c == UInt8(ascii: ":") ? .yes : .no
        }
    }
    return .maybe
}

/// orb_sniffers.cc `SniffForFetchOnlyResource`: a parser-breaker prefix, else a JSON object.
func sniffForFetchOnlyResource(_ input: ArraySlice<UInt8>) -> SniffingResult {
    var data = input
    let breakers = [")]}'", "{}&&", "{} &&", "for(;;);", "while(1);", "for (;;);", "while (1);"].map { Array($0.utf8) }
    let breaker = matchesSignature(&data, breakers, caseInsensitive: false)
    if breaker != .no { return breaker }
    return sniffForJSON(data)
}
