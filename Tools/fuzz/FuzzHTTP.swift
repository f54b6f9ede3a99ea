// Fuzz target `http`: the live HTTP/1.1 response reader (Sources/CORSSimLive/ResponseReader.swift)
// on arbitrary bytes, read in pieces of a size the first byte picks (so framing split across
// reads is covered), under a 64 KiB size cap. It must return a response that keeps the
// reader's contract or throw a named error; never crash, never loop.

func fuzzHTTP(_ bytes: UnsafeBufferPointer<UInt8>) {
    guard let first = bytes.first else { return }
    let piece = Int(first % 17) + 1
    let data = Array(bytes.dropFirst())
    let method = first & 0x80 != 0 ? "HEAD" : "GET"
    do {
        let r = try ResponseReader.read(data, pieceSize: piece, limit: 65536, method: method)
        invariant((200...599).contains(r.status), "a final response with status \(r.status)")
        invariant(r.body.utf8.count <= 65536 * 3, "a body over the cap")
        for h in r.headers {
            invariant(!h.name.isEmpty && h.name.utf8.allSatisfy(\.isHTTPTokenByte), "a header name that is not a token: \(Array(h.name.utf8))")
            invariant(!h.value.utf8.contains { ($0 < 0x20 && $0 != 9) || $0 == 0x7F }, "a control byte in a header value")
        }
        invariant(!r.statusText.utf8.contains { ($0 < 0x20 && $0 != 9) || $0 == 0x7F }, "a control byte in the status text")
        if method == "HEAD" { invariant(r.body.isEmpty, "a body for HEAD") }
        // The same bytes in one piece read the same.
        let whole = try? ResponseReader.read(data, pieceSize: 1 << 20, limit: 65536, method: method)
        invariant(whole?.status == r.status && whole?.body == r.body && whole?.headers == r.headers,
                  "reading in pieces of \(piece) differs from reading at once")
    } catch {
        invariant(error.kind == .malformed || error.kind == .tooLarge || error.kind == .closed, "error kind \(error.kind)")
        invariant(error.reason != nil, "an error without a named reason: \(error)")
        invariant(!error.description.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F }, "a raw control character in an error message")
        // A refusal does not depend on how the bytes were split.
        do {
            _ = try ResponseReader.read(data, pieceSize: 1 << 20, limit: 65536, method: method)
            invariant(false, "pieces of \(piece) refused (\(error.reason!.rawValue)) what one read accepts")
        } catch let again {
            invariant(again.reason == error.reason, "pieces of \(piece): \(error.reason!.rawValue), at once: \(again.reason.map(\.rawValue) ?? "nil")")
        }
    }
}
