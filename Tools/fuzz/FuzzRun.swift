// Fuzz target `run`: the whole command on one scenario from standard input. If it parses and
// validates, it runs in all four profiles and is rendered as text, as JSON (twice: the runs must
// be byte-identical) and as the compare table. A bad file must exit 2 with a located error and
// nothing on standard output. Inputs are capped by libFuzzer's -max_len (run.sh), so one input
// cannot run long.

func fuzzRun(_ bytes: UnsafeBufferPointer<UInt8>) {
    let data = Array(bytes)
    let text = runTool(["run", "-", "--browser", "all"], stdin: data)
    invariant([0, 1, 2].contains(text.status), "exit status \(text.status)")
    if text.status == 2 {
        invariant(text.out.isEmpty, "a bad file printed to standard output")
        invariant(text.err.hasPrefix("error: ") && text.err.contains(" --> <stdin>:"), "an error without a location: \(text.err)")
        return
    }
    invariant(text.err.isEmpty, "a good file printed to standard error: \(text.err)")
    let json = runTool(["run", "-", "--browser", "all", "--format", "json"], stdin: data)
    let again = runTool(["run", "-", "--browser", "all", "--format", "json"], stdin: data)
    invariant(json.status == text.status, "text and JSON runs disagree on the exit status")
    invariant(json.out == again.out, "two runs of the same scenario differ")
    for line in json.out.split(separator: "\n") {
        invariant(line.hasPrefix("{\"type\":\"") && line.hasSuffix("}"), "a JSON line that is not an object: \(line.prefix(200))")
    }
    let compare = runTool(["compare", "-", "--browser", "all", "--format", "json"], stdin: data)
    invariant(compare.status == text.status, "compare and run disagree on the exit status")
}

private func runTool(_ arguments: [String], stdin: [UInt8]) -> (out: String, err: String, status: Int32) {
    var out = "", err = ""
    let tool = CommandLineTool(CommandLineTool.Environment(
        readFile: { _ in stdin },
        writeOut: { out += $0 },
        writeErr: { err += $0 },
        color: false))
    let status = tool.run(arguments)
    return (out, err, status.rawValue)
}
