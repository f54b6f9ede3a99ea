/// The most output a command may write for its input (issue 11: a 500 KB scenario whose routes
/// answer with `{origin}` templates wrote 2.64 GB of text). The budget grows with the input, so
/// that every honest file fits (the lessons write 1x to 15x their size, a file of back-to-back
/// fetches 10x as text and 75x as JSON), and stops amplification at a bound the user can reason
/// about: `baseBytes + bytesPerInputByte x input bytes`. Past it the command stops, says so on
/// standard error and exits 2.
package struct OutputBudget: Sendable {
    /// Always allowed, whatever the input's size.
    package static let baseBytes = 64 << 20
    /// Allowed per byte of input (all files the command read, standard input included).
    package static let bytesPerInputByte = 256

    package let limit: Int
    package private(set) var used = 0
    /// Whether a write was refused: the command stops.
    package private(set) var exceeded = false

    package init(inputBytes: Int, base: Int = OutputBudget.baseBytes, perInputByte: Int = OutputBudget.bytesPerInputByte) {
        let (scaled, overflow) = inputBytes.multipliedReportingOverflow(by: perInputByte)
        limit = overflow ? Int.max : base.addingReportingOverflow(scaled).overflow ? Int.max : base + scaled
    }

    /// Counts `text` against the budget: true when it may be written. Once one write is refused,
    /// every later one is too.
    package mutating func allows(_ text: String) -> Bool {
        allows(byteCount: text.utf8.count)
    }

    /// Counts `byteCount` bytes of output against the budget: true when they may be written.
    package mutating func allows(byteCount: Int) -> Bool {
        guard !exceeded else { return false }
        used += byteCount
        if used > limit { exceeded = true }
        return !exceeded
    }

    /// The error line for standard error.
    package var message: String {
        "the output reached \(limit) bytes, the output budget (\(OutputBudget.baseBytes >> 20) MiB plus \(OutputBudget.bytesPerInputByte) bytes per input byte); "
            + "the run stopped there. A scenario whose output grows this much is amplifying (e.g. many {origin} templates per response); split it or reduce it"
    }
}
