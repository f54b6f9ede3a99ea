// Fuzz target `url`: the URL Standard's basic URL parser (`parseURL`) and `FetchURL` on top of it.
// The input is read as text (invalid UTF-8 becomes U+FFFD, as in a scenario file); its first line is
// a URL or a reference, the rest a base URL. Invariants:
// - parsing never crashes, for any scheme, with or without a base;
// - a serialization holds no C0 control or DEL (a space only inside a non-special URL's opaque
//   path, as the standard keeps it there); an http(s) URL's holds no space either;
// - parsing is idempotent: parse(serialize(u)) serializes to serialize(u), and for `FetchURL`
//   the round trip gives an equal URL and origin;
// - a reference resolved against a base never yields a request target with a fragment, a space,
//   a control character or DEL.

func fuzzURL(_ bytes: UnsafeBufferPointer<UInt8>) {
    let text = String(decoding: bytes, as: UTF8.self)
    let parts = text.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false)
    let first = String(parts[0])
    let rest = parts.count > 1 ? String(parts[1]) : ""

    // The record-level parser, alone and against the second line as a base.
    if case .success(let url) = parseURL(first) {
        checkRecord(url, input: first)
        // FetchURL: the same record accepted as an http(s) URL, and as a base for the second line.
        if let fetchURL = try? FetchURL(record: url) {
            checkFetchURL(fetchURL, roundTrip: true)
            if let resolved = try? fetchURL.locationURL(rest) { checkFetchURL(resolved, roundTrip: false) }
        }
    }
    guard case .success(let base) = parseURL(rest) else { return }
    if case .success(let url) = parseURL(first, base: base) { checkRecord(url, input: first) }
    // A Location (the first line) resolved against an http(s) request URL (the second).
    if let baseURL = try? FetchURL(record: base), let resolved = try? baseURL.locationURL(first) {
        checkFetchURL(resolved, roundTrip: true)
    }
}

private func checkRecord(_ url: URLRecord, input: String) {
    let serialized = url.serialized()
    for (i, c) in serialized.enumerated() where c < 0x20 || c == 0x7F {
        invariant(false, "byte \(c) at \(i) in the serialization of \(Array(input.utf8))")
    }
    if url.opaquePath == nil {
        invariant(!serialized.contains(0x20), "a space outside an opaque path: \(Array(input.utf8))")
    }
    let text = String(decoding: serialized, as: UTF8.self)
    guard case .success(let again) = parseURL(text) else {
        invariant(false, "'\(text)' does not parse again (input \(Array(input.utf8)))")
        return
    }
    invariant(again.serialized() == serialized,
              "'\(text)' parses to '\(String(decoding: again.serialized(), as: UTF8.self))' (input \(Array(input.utf8)))")
}

private func checkFetchURL(_ url: FetchURL, roundTrip: Bool) {
    invariant(url.scheme == "http" || url.scheme == "https", "scheme \(url.scheme)")
    let target = url.requestTarget
    invariant(target.hasPrefix("/"), "request target '\(target)' does not start with /")
    invariant(!target.utf8.contains { $0 <= 0x20 || $0 == 0x7F || $0 == 0x23 },
              "request target \(Array(target.utf8)) holds a fragment, a space or a control")
    invariant(url.serialized().utf8.allSatisfy { $0 > 0x20 && $0 < 0x7F }, "serialization \(Array(url.serialized().utf8))")
    guard roundTrip else { return }
    let text = url.serialized()
    guard let again = try? FetchURL(parsing: text) else {
        invariant(text.utf8.count > FetchURL.maximumLength, "'\(text)' does not parse again")
        return
    }
    invariant(again == url, "'\(text)' parses to '\(again.serialized())'")
    invariant(again.origin == url.origin, "the origin changed on a round trip")
    invariant(PreflightCacheKey.url(for: again) == PreflightCacheKey.url(for: url), "the cache key changed on a round trip")
}
