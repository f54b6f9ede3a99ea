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
        let tool = CommandLineTool(CommandLineTool.Environment(
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
            } : nil))
        let status = tool.run(Array(CommandLine.arguments.dropFirst()))
        output.flush()
        exit(status.rawValue)
    }
}
