// Fuzz target `har`: the HAR importer and replay (Sources/CORSSimLive/HAR.swift and
// JSONInput.swift): arbitrary bytes are parsed as a HAR file; a file that parses is replayed in
// every profile and rendered as text and JSON. A bad file must give an error with a location or
// an entry number; the text output must never carry a raw control character from the file.
import Foundation

func fuzzHAR(_ bytes: UnsafeBufferPointer<UInt8>) {
    let data = Array(bytes)
    let log: HARLog
    do { log = try HARLog(bytes: data) } catch {
        let text = "\(error)"
        invariant(!text.isEmpty, "an empty HAR error")
        invariant(!text.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F }, "a raw control character in a HAR error: \(text.debugDescription)")
        return
    }
    invariant(log.entries.count <= HARLimits.maximumEntries, "more entries than the limit")
    for e in log.entries {
        invariant(e.status == 0 || (100...599).contains(e.status), "status \(e.status) accepted")
        invariant(e.requestHeaders.count <= HARLimits.maximumHeaders && e.responseHeaders.count <= HARLimits.maximumHeaders, "more headers than the limit")
    }
    let (replays, skipped) = HARReplayer(browsers: BrowserName.allCases).replay(log)
    let report = HARReport(file: "fuzz.har", log: log, replays: replays, skipped: skipped)
    let text = report.text(color: false)
    invariant(!text.unicodeScalars.contains { ($0.value < 0x20 && $0 != "\n") || $0.value == 0x7F || (0x80...0x9F).contains($0.value) || $0.value == 0x202E },
              "a raw control character in the text output: \(text.debugDescription.prefix(300))")
    _ = report.json().serialized()
}
