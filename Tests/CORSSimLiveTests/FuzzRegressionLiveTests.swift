// The live module's fuzz targets (`http`, `har`; Tools/fuzz/run.sh): their committed seeds keep
// working, and every finding is kept here as a test once fixed.
import Foundation
import Testing
import CORSSimTestSupport
@testable import CORSSim
@testable import CORSSimLive

@Suite struct FuzzRegressionLiveTests {
    static func seeds(_ target: String) -> [URL] {
        let folder = TestFiles.root.appendingPathComponent("Tools/fuzz/corpus/\(target)")
        return ((try? FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)) ?? []).sorted { $0.path < $1.path }
    }

    /// Each `http` seed (first byte: the read size, as in FuzzHTTP.swift) is a well-formed
    /// response that reads the same in pieces and at once.
    @Test func theHTTPSeedsAreReadTheSameInPiecesAndAtOnce() throws {
        let seeds = Self.seeds("http")
        try #require(seeds.count >= 5)
        for url in seeds {
            let bytes = Array(try Data(contentsOf: url))
            let method = bytes[0] & 0x80 != 0 ? "HEAD" : "GET"
            let pieces = try ResponseReader.read(Array(bytes.dropFirst()), pieceSize: Int(bytes[0] % 17) + 1, method: method)
            let whole = try ResponseReader.read(Array(bytes.dropFirst()), method: method)
            #expect(pieces.status == whole.status && pieces.headers == whole.headers && pieces.body == whole.body, "\(url.lastPathComponent)")
        }
    }

    @Test func theHARSeedsParseAndReplay() throws {
        let seeds = Self.seeds("har")
        try #require(seeds.count >= 2)
        for url in seeds {
            let log = try HARLog(bytes: Array(try Data(contentsOf: url)))
            let (replays, _) = HARReplayer().replay(log)
            #expect(!replays.isEmpty, "\(url.lastPathComponent)")
        }
    }
}
