/// Reading a file or standard input with a size limit: in bounded chunks, never more than the
/// limit plus one byte, so `cat big | cors-sim har -` stops where the same file by path does
/// (issue 11: standard input was read whole, 1 GB before the limit was checked).
package enum BoundedInput {
    /// Bytes per read.
    package static let chunkBytes = 64 * 1024

    /// The input is larger than the limit.
    package struct TooLarge: Error, CustomStringConvertible, Sendable {
        package var limit: Int
        /// What the limit is for, as the message says it: "a scenario", "a HAR file".
        package var kind: String
        package init(limit: Int, kind: String) {
            self.limit = limit
            self.kind = kind
        }
        package var description: String { "the input is larger than \(limit) bytes (\(limit >> 20) MiB), the limit for \(kind)" }
    }

    /// Reading failed.
    package struct Failure: Error, CustomStringConvertible, Sendable {
        package var description: String
        package init(_ description: String) { self.description = description }
    }

    /// Reads until the end or until more than `limit` bytes came. `read` fills its buffer and
    /// returns the count, 0 at the end, or throws; it is never asked for more than `limit + 1`
    /// bytes in total.
    package static func read(limit: Int, kind: String = "a scenario",
                            _ read: (UnsafeMutableRawBufferPointer) throws -> Int) throws -> [UInt8] {
        var data: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: chunkBytes)
        while true {
            let want = min(chunkBytes, limit + 1 - data.count)
            let n = try chunk.withUnsafeMutableBytes { try read(UnsafeMutableRawBufferPointer(rebasing: $0[0..<want])) }
            if n <= 0 { return data }
            data += chunk[0..<min(n, want)]
            if data.count > limit { throw TooLarge(limit: limit, kind: kind) }
        }
    }

    /// Calls `body` with `bytes` in pieces of `chunkBytes`, in order, until it returns false.
    package static func pieces(of bytes: [UInt8], _ body: (UnsafeBufferPointer<UInt8>) -> Bool) {
        bytes.withUnsafeBufferPointer { all in
            var i = 0
            while i < all.count {
                let end = min(all.count, i + chunkBytes)
                if !body(UnsafeBufferPointer(rebasing: all[i..<end])) { return }
                i = end
            }
        }
    }
}
