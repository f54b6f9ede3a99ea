// The command as a process: connects CommandLineTool to the real files, streams and terminal.
// The cors-sim executable only calls CommandLineTool.main().
import CORSSim
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

struct ReadError: Error, CustomStringConvertible {
    var description: String
}

/// A file's bytes, or standard input's for `-`: read in bounded chunks, never more than the
/// input limit plus one byte (BoundedInput).
func readFile(_ path: String) throws -> [UInt8] {
    let fd = path == "-" ? STDIN_FILENO : open(path, O_RDONLY)
    guard fd >= 0 else { throw ReadError(description: "no such file or not readable") }
    defer { if path != "-" { close(fd) } }
    return try BoundedInput.read(limit: ScenarioParser.maximumFileBytes) { buffer in
        while true {
            let n = read(fd, buffer.baseAddress, buffer.count)
            if n >= 0 { return n }
            if errno == EINTR { continue }
            throw ReadError(description: String(cString: strerror(errno)))
        }
    }
}

/// Files read in pieces for a streamed run, which reads each file twice: standard input is read
/// whole once (up to the whole-file limit) and kept.
final class ChunkedFiles {
    private var standardInput: [UInt8]?
    private var buffer = [UInt8](repeating: 0, count: BoundedInput.chunkBytes)

    func pieces(_ path: String, limit: Int, _ body: (UnsafeBufferPointer<UInt8>) -> Bool) throws -> Int {
        if path == "-" {
            let bytes = try standardInput ?? readFile("-")
            standardInput = bytes
            BoundedInput.pieces(of: bytes, body)
            return bytes.count
        }
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw ReadError(description: "no such file or not readable") }
        defer { close(fd) }
        var total = 0
        while true {
            let n = buffer.withUnsafeMutableBytes { buffer in
                var n: Int
                repeat { n = read(fd, buffer.baseAddress, buffer.count) } while n < 0 && errno == EINTR
                return n
            }
            if n < 0 { throw ReadError(description: String(cString: strerror(errno))) }
            if n == 0 { return total }
            total += n
            if total > limit { throw BoundedInput.TooLarge(limit: limit, kind: "a scenario") }
            if !buffer.withUnsafeBufferPointer({ body(UnsafeBufferPointer(rebasing: $0[0..<n])) }) { return total }
        }
    }
}

/// Writes all of `bytes` to a file descriptor.
func writeAll(_ fd: Int32, _ bytes: UnsafeBufferPointer<UInt8>) {
    var offset = 0
    while offset < bytes.count {
        let n = write(fd, bytes.baseAddress! + offset, bytes.count - offset)
        if n < 0 {
            if errno == EINTR { continue }
            return
        }
        offset += n
    }
}

/// Standard output, buffered: output streams in 64 KiB writes instead of one per line.
final class BufferedOutput {
    private var buffer: [UInt8] = []

    func write(_ text: String) {
        buffer += text.utf8
        if buffer.count >= 1 << 16 { flush() }
    }

    func flush() {
        guard !buffer.isEmpty else { return }
        FileHandle.standardOutput.write(Data(buffer))
        buffer.removeAll(keepingCapacity: true)
    }
}

extension CommandLineTool {
    /// Runs the command with the process's arguments, files and streams, and exits.
    package static func main() -> Never {
        let output = BufferedOutput()
        let isTerminal = isatty(STDOUT_FILENO) == 1
        let noColor = ProcessInfo.processInfo.environment["NO_COLOR"].map { !$0.isEmpty } ?? false
        var size = winsize()
        let width: Int? = isTerminal && ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0 && size.ws_col > 0 ? Int(size.ws_col) : nil
        var env = CommandLineTool.Environment(
            readFile: readFile,
            writeOut: { output.write($0) },
            writeErr: { text in
                output.flush()
                FileHandle.standardError.write(Data(text.utf8))
            },
            color: isTerminal && !noColor,
            width: width,
            // The stepper is interactive only when it can both read keys and draw screens.
            interactiveStepper: isTerminal && isatty(STDIN_FILENO) == 1 ? { stepper in
                output.flush()
                runInteractiveStepper(stepper, color: !noColor)
            } : nil)
        let files = ChunkedFiles()
        env.readChunks = { try files.pieces($0, limit: $1, $2) }
        env.writeBytes = { bytes in
            output.flush()
            writeAll(STDOUT_FILENO, bytes)
        }
        let tool = CommandLineTool(env)
        let status = tool.run(Array(CommandLine.arguments.dropFirst()))
        output.flush()
        exit(status.rawValue)
    }
}
