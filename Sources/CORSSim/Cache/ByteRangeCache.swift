/// Byte ranges in the HTTP cache, as Chromium's network stack keeps and combines them
/// (`HTTPCacheRules.RangeRequestCache.byteRanges`): a `GET` with one byte range is answered from
/// what is stored, cut to the range, and what is missing is asked for with `Range` and `If-Range`;
/// a 206 is kept as a sparse entry that later requests, with or without `Range`, read.
/// RFC 9111 section 3.3 (storing incomplete responses) and 3.4 (combining partial content) allow
/// it: https://httpwg.org/specs/rfc9111.html#incomplete.responses
///
/// Chromium: net/http/partial_data.cc (PartialData) and net/http/http_cache_transaction.cc
/// (HttpCache::Transaction: SetRequest, BeginPartialCacheValidation, ValidateEntryHeadersAndContinue,
/// BeginCacheValidation, ConditionalizeRequest, ValidatePartialResponse, DoOverwriteCachedResponse,
/// CanResume), https://source.chromium.org/chromium/chromium/src/+/main:net/http/

/// One byte range of a request's `Range` header, as Chromium's `HttpByteRange` holds it.
public struct ByteRangeSpec: Sendable, Hashable {
    /// The first byte position (nil for a suffix range `bytes=-N`).
    public var first: Int?
    /// The last byte position (nil: open-ended `bytes=N-`, or a suffix range).
    public var last: Int?
    /// The length of a suffix range (`bytes=-N`).
    public var suffixLength: Int?

    /// The single byte range of a `Range` value, as `PartialData::Init` takes it
    /// (`HttpUtil::ParseRangeHeader`, then exactly one range that `HttpByteRange::IsValid`); nil for
    /// a value that is not a byte range, has more than one range, or is malformed: the request then
    /// neither reads nor writes the cache (`SetRequest`: LOAD_DISABLE_CACHE).
    static func parseSingle(_ value: String) -> ByteRangeSpec? {
        let bytes = Array(value.utf8)
        guard let eq = bytes.firstIndex(of: UInt8(ascii: "=")) else { return nil }
        guard trimmed(bytes[..<eq]).lowercasedASCII == Array("bytes".utf8) else { return nil }
        var items: [ArraySlice<UInt8>] = []
        var start = eq + 1
        for i in (eq + 1)...bytes.count {
            if i == bytes.count || bytes[i] == UInt8(ascii: ",") {
                let item = trimmed(bytes[start..<i])
                // HttpUtil::ValuesIterator skips empty items.
                if !item.isEmpty { items.append(item) }
                start = i + 1
            }
        }
        guard items.count == 1, let item = items.first,
              let minus = item.firstIndex(of: UInt8(ascii: "-")) else { return nil }
        let firstText = trimmed(item[item.startIndex..<minus]), lastText = trimmed(item[(minus + 1)...])
        var spec = ByteRangeSpec()
        if !firstText.isEmpty {
            guard let n = number(firstText) else { return nil }
            spec.first = n
        }
        if !lastText.isEmpty {
            guard let n = number(lastText) else { return nil }
            if spec.first != nil { spec.last = n } else { spec.suffixLength = n }
        } else if spec.first == nil {
            return nil
        }
        // HttpByteRange::IsValid: a suffix of at least one byte, or first <= last.
        if let suffix = spec.suffixLength { return suffix > 0 ? spec : nil }
        if let first = spec.first, let last = spec.last, last < first { return nil }
        return spec
    }

    private static func trimmed(_ s: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        var s = s
        while let b = s.first, b == 0x20 || b == 0x09 { s = s.dropFirst() }
        while let b = s.last, b == 0x20 || b == 0x09 { s = s.dropLast() }
        return s
    }

    /// A position as `base::StringToInt64` reads it: an optional `+` (a `-` makes it negative, which
    /// `HttpByteRange::IsValid` refuses), then decimal digits. Recorded: Chromium sends
    /// `bytes=+1-3` as `bytes=1-3` (Tests/Conformance/header-range-wire-spelling.cors).
    /// SIMULATION: positions of 19 digits, which fit an int64, are refused here.
    private static func number(_ s: ArraySlice<UInt8>) -> Int? {
        let digits = s.first == UInt8(ascii: "+") ? s.dropFirst() : s
        guard !digits.isEmpty, digits.count <= 18, digits.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
        return digits.reduce(0) { $0 * 10 + Int($1 - 0x30) }
    }

    /// `HttpByteRange::ComputeBounds`: the first and last byte of a resource of `size` bytes the
    /// range asks for (a last position past the end is cut to it), or nil when the range asks for
    /// nothing in it (its first byte is at or past the end).
    func bounds(size: Int) -> ClosedRange<Int>? {
        guard size > 0 else { return nil }
        if let suffix = suffixLength { return (size - min(suffix, size))...(size - 1) }
        guard let first else { return nil }
        let last = min(self.last ?? (size - 1), size - 1)
        return first <= last ? first...last : nil
    }

    /// The `Range` value Chromium sends for it (`HttpByteRange::GetHeaderValue`, written by
    /// `PartialData::RestoreHeaders`): `bytes=FIRST-LAST`, `bytes=FIRST-` or `bytes=-SUFFIX`.
    var headerValue: String {
        if let suffix = suffixLength { return "bytes=-\(suffix)" }
        return "bytes=\(first ?? 0)-\(last.map(String.init) ?? "")"
    }
}

/// What a stored 206 holds (Chromium's sparse entry): the complete length its `Content-Range`
/// gave, and the bytes stored so far, in disjoint runs.
public struct StoredByteRanges: Sendable, Hashable {
    /// The complete length of the resource (`PartialData::resource_size_`).
    public var resourceSize: Int
    /// The stored runs, in order, none touching another.
    public private(set) var runs: [Run]

    public struct Run: Sendable, Hashable {
        public var start: Int
        public var bytes: [UInt8]
        var end: Int { start + bytes.count }
    }

    init(resourceSize: Int, start: Int, bytes: [UInt8]) {
        self.resourceSize = resourceSize
        self.runs = bytes.isEmpty ? [] : [Run(start: start, bytes: bytes)]
    }

    /// Writes `bytes` at `start` (`WriteSparseData`), joining the runs it touches.
    mutating func write(start: Int, bytes: [UInt8]) {
        guard !bytes.isEmpty else { return }
        var merged = Run(start: start, bytes: bytes)
        var kept: [Run] = []
        for run in runs {
            if run.end < merged.start || run.start > merged.end {
                kept.append(run)
                continue
            }
            // Overlapping or touching: the new bytes win where both have some.
            let lo = min(run.start, merged.start), hi = max(run.end, merged.end)
            var joined = [UInt8](repeating: 0, count: hi - lo)
            for (i, b) in run.bytes.enumerated() { joined[run.start - lo + i] = b }
            for (i, b) in merged.bytes.enumerated() { joined[merged.start - lo + i] = b }
            merged = Run(start: lo, bytes: joined)
        }
        kept.append(merged)
        runs = kept.sorted { $0.start < $1.start }
    }

    /// The first stored bytes in `from..<from + length` (`Entry::GetAvailableRange`): where they
    /// start and how many follow without a gap; length 0 when nothing there is stored.
    func available(from: Int, length: Int) -> (start: Int, length: Int) {
        let end = from + length
        for run in runs where run.end > from && run.start < end {
            let s = max(run.start, from)
            return (s, min(run.end, end) - s)
        }
        return (from, 0)
    }

    /// The stored bytes `range` (all stored: `available` said so).
    func read(_ range: ClosedRange<Int>) -> [UInt8] {
        guard let run = runs.first(where: { $0.start <= range.lowerBound && $0.end > range.upperBound }) else { return [] }
        return Array(run.bytes[(range.lowerBound - run.start)...(range.upperBound - run.start)])
    }
}

extension HTTPCache {
    /// A 206's `Content-Range` (`HttpResponseHeaders::GetContentRangeFor206`): `bytes FIRST-LAST/COMPLETE`
    /// with `FIRST <= LAST < COMPLETE`; nil when absent, another unit, malformed, or of an unknown
    /// complete length (`*`), which `PartialData::ResponseHeadersOK` refuses.
    static func contentRange(_ headers: HeaderList) -> (first: Int, last: Int, complete: Int)? {
        guard let value = headers.value(lowercased: "content-range") else { return nil }
        let bytes = Array(value.utf8)
        guard let space = bytes.firstIndex(where: { $0 == 0x20 || $0 == 0x09 }),
              bytes[..<space].lowercasedASCII == Array("bytes".utf8),
              let slash = bytes.firstIndex(of: UInt8(ascii: "/")), slash > space else { return nil }
        let span = bytes[(space + 1)..<slash].filter { $0 != 0x20 && $0 != 0x09 }
        let completeText = bytes[(slash + 1)...].filter { $0 != 0x20 && $0 != 0x09 }
        guard let minus = span.firstIndex(of: UInt8(ascii: "-")) else { return nil }
        func number(_ s: ArraySlice<UInt8>) -> Int? {
            guard !s.isEmpty, s.count <= 18, s.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
            return s.reduce(0) { $0 * 10 + Int($1 - 0x30) }
        }
        guard let first = number(span[..<minus]), let last = number(span[(minus + 1)...]),
              let complete = number(completeText[...]), first <= last, last < complete else { return nil }
        return (first, last, complete)
    }

    /// `HttpUtil::HasStrongValidators`: an `ETag` that is not weak (`W/`), or a `Last-Modified` at
    /// least 60 seconds before the response's `Date` (a response without `Date` has none).
    static func hasStrongValidators(_ response: WireResponse) -> Bool {
        if let etag = response.headers.value(lowercased: "etag"), !etag.isEmpty {
            let bytes = Array(etag.utf8)
            guard let slash = bytes.firstIndex(of: UInt8(ascii: "/")), slash > 0 else { return true }
            let prefix = bytes[..<slash].filter { $0 != 0x20 && $0 != 0x09 }
            if prefix != [UInt8(ascii: "W")] && prefix != [UInt8(ascii: "w")] { return true }
        }
        guard let lm = response.headers.value(lowercased: "last-modified").flatMap(parseHTTPDate),
              let date = response.headers.value(lowercased: "date").flatMap(parseHTTPDate) else { return false }
        return date - lm >= 60
    }

    /// Whether the header's comma-separated items include `item` (ASCII case-insensitive), as
    /// `HttpResponseHeaders::HasHeaderValue` asks.
    static func hasHeaderValue(_ headers: HeaderList, _ name: String, _ item: String) -> Bool {
        headers.getDecodeSplit(name)?.contains { $0.trimmingHTTPWhitespace().byteLowercased() == item } ?? false
    }

    /// Whether a 206 to a request for `spec` is the range asked for
    /// (`PartialData::ResponseHeadersOK` for the first response): its `Content-Range` starts where
    /// the request does and ends where it does (or at the end of the resource, for a last byte
    /// past it or an open end), a `Content-Length` matches it, and the complete length is known.
    /// Returns the range and the complete length.
    static func partialResponseMatches(_ response: WireResponse, asked spec: ByteRangeSpec)
        -> (range: ClosedRange<Int>, complete: Int)? {
        guard let (first, last, complete) = contentRange(response.headers) else { return nil }
        if let length = response.headers.value(lowercased: "content-length").flatMap({ Int($0.trimmingHTTPWhitespace()) }),
           length > 0, length != last - first + 1 { return nil }
        let askedFirst = spec.first ?? first
        var askedLast = spec.last ?? last
        if askedLast >= complete { askedLast = last }
        guard first == askedFirst, last == askedLast else { return nil }
        return (first...last, complete)
    }

    /// Whether a 206 that matches the range asked for is kept (`HttpCache::Transaction::CanResume`
    /// after `PartialData::FixContentLength`): a complete length above 0, no `Accept-Ranges: none`,
    /// strong validators.
    static func partialResponseKept(_ response: WireResponse, complete: Int) -> Bool {
        complete > 0 && !hasHeaderValue(response.headers, "Accept-Ranges", "none") && hasStrongValidators(response)
    }

    /// The headers a stored response is answered with for the bytes `range` of `size`
    /// (`HttpResponseHeaders::UpdateWithNewRange`): `Content-Range` and `Content-Length` replaced,
    /// and the status 206 where `status206` (a stored 200 cut to a range).
    static func cut(_ stored: WireResponse, to range: ClosedRange<Int>, of size: Int, body: [UInt8], status206: Bool) -> WireResponse {
        var headers = HeaderList(stored.headers.filter { $0.lowercasedName != "content-length" && $0.lowercasedName != "content-range" })
        headers.append(Header("Content-Range", lowercased: "content-range", "bytes \(range.lowerBound)-\(range.upperBound)/\(size)"))
        headers.append(Header("Content-Length", lowercased: "content-length", String(range.count)))
        let status = status206 ? 206 : stored.status
        return WireResponse(status: status, statusText: status206 ? "Partial Content" : stored.statusText, headers: headers,
                            body: String(decoding: body, as: UTF8.self))
    }

    /// A whole resource answered from a sparse entry for a request without `Range`
    /// (`PartialData::FixResponseHeaders` without a byte range): 200, no `Content-Range`,
    /// `Content-Length` the complete length.
    static func whole(_ stored: WireResponse, size: Int, body: [UInt8]) -> WireResponse {
        var headers = HeaderList(stored.headers.filter { $0.lowercasedName != "content-length" && $0.lowercasedName != "content-range" })
        headers.append(Header("Content-Length", lowercased: "content-length", String(size)))
        return WireResponse(status: 200, statusText: "OK", headers: headers, body: String(decoding: body, as: UTF8.self))
    }
}

extension Collection where Element == UInt8 {
    /// The bytes with ASCII letters lower-cased.
    var lowercasedASCII: [UInt8] { map { $0 >= 0x41 && $0 <= 0x5A ? $0 + 0x20 : $0 } }
}

/// One fetch the byte-range cache serves from a stored entry (`HttpCache::Transaction` with its
/// `PartialData`): the bytes to answer, what has been answered so far, and the request in flight.
struct ByteRangeFetch: Sendable {
    /// The stored entry, as validation and new parts update it.
    var entry: HTTPCacheEntry
    /// What the entry holds: a 206's stored bytes, or a stored whole response's body.
    var stored: StoredByteRanges
    /// Whether the entry is a stored 206 (Chromium's sparse entry) rather than a whole response.
    let sparse: Bool
    /// The request's byte range (nil: a request without `Range` reading a stored 206).
    let spec: ByteRangeSpec?
    /// The bytes to answer.
    let range: ClosedRange<Int>
    /// The next byte to answer (`current_range_start_`).
    var position: Int
    /// The bytes answered so far.
    var body: [UInt8] = []
    /// The response head the page was given, once the first part was read (`reading_`).
    var head: WireResponse?
    /// The part asked for by the request in flight.
    var pending: Part?
    /// Whether the part at `position` was just revalidated (a 304): it is read without asking again.
    var validated = false
    /// Whether any request went out for this fetch.
    var sentRequest = false
    /// The request's headers as sent, without `Range` (each part's request adds its own), and
    /// whether it carries credentials: set when the request is about to go out.
    var wireHeaders: HeaderList = []
    var credentialed = false

    /// One run of bytes from `position`: stored or not, and whether it reaches the end of the
    /// range (`PartialData::ShouldValidateCache` and `PrepareCacheValidation`).
    struct Part: Sendable, Hashable {
        var range: ClosedRange<Int>
        var stored: Bool
        var isLast: Bool
    }

    var nextPart: Part {
        let window = range.upperBound - position + 1
        let available = stored.available(from: position, length: window)
        if available.length == 0 { return Part(range: position...range.upperBound, stored: false, isLast: true) }
        if available.start == position {
            return Part(range: position...(position + available.length - 1), stored: true, isLast: available.length == window)
        }
        return Part(range: position...(available.start - 1), stored: false, isLast: false)
    }

    /// The head the page gets (`PartialData::FixResponseHeaders`): for a `Range` request the
    /// stored head with the range's `Content-Range` and `Content-Length` (a stored 200 becomes a
    /// 206); without `Range`, 200 with the whole length.
    var answerHead: WireResponse {
        if spec != nil { return HTTPCache.cut(entry.response, to: range, of: stored.resourceSize, body: [], status206: !sparse) }
        return HTTPCache.whole(entry.response, size: stored.resourceSize, body: [])
    }
}
