// Fuzz target `parser`: any bytes into ScenarioParser.parse(data:). A parse either succeeds with
// at least one step or fails with a located error; never a crash. The same bytes are also parsed
// with tiny limits, so the limit errors are fuzzed too, and as a String when they are UTF-8, which
// must give the same answer.

func fuzzParser(_ bytes: UnsafeBufferPointer<UInt8>) {
    let data = Array(bytes)
    let first = parseChecked(data, limits: ScenarioParser.Limits())
    var small = ScenarioParser.Limits()
    small.fileBytes = 4096
    small.lineBytes = 80
    small.steps = 6
    small.routesPerServer = 3
    small.headersPerMessage = 3
    small.bodyBytes = 40
    _ = parseChecked(data, limits: small)

    // Valid UTF-8 without a byte order mark: the String entry point must agree.
    if let text = String(validating: data, as: UTF8.self), !text.hasPrefix("\u{FEFF}") {
        let viaText = Result { () throws(ScenarioError) -> Scenario in
            try ScenarioParser.parse(text, file: "fuzz.cors", limits: ScenarioParser.Limits())
        }
        switch (first, viaText) {
        case (.success(let a), .success(let b)): invariant(a == b, "parse(data:) and parse(_:) built different trees")
        case (.failure(let a), .failure(let b)): invariant(a == b, "parse(data:) and parse(_:) differ: \(a.rendered) / \(b.rendered)")
        default: invariant(false, "parse(data:) and parse(_:) disagree on success")
        }
    }
}

private func parseChecked(_ data: [UInt8], limits: ScenarioParser.Limits) -> Result<Scenario, ScenarioError> {
    do throws(ScenarioError) {
        let scenario = try ScenarioParser.parse(data: data, file: "fuzz.cors", limits: limits)
        invariant(!scenario.steps.isEmpty, "a parsed scenario without steps")
        invariant(scenario.steps.count <= limits.steps, "more steps than the limit")
        for step in scenario.steps {
            invariant(step.location.line >= 1 && step.location.column == 1, "a step not at column 1: \(step.location)")
            if case .server(let server) = step {
                invariant(server.routes.count <= limits.routesPerServer, "more routes than the limit")
                for route in server.routes {
                    invariant(route.headers.count <= limits.headersPerMessage, "more response headers than the limit")
                    invariant(route.body.utf8.count <= limits.bodyBytes, "a body over the limit")
                    invariant((100...599).contains(route.status), "a status out of range")
                }
            }
            if case .fetch(let fetch) = step {
                invariant(fetch.headers.count <= limits.headersPerMessage, "more request headers than the limit")
            }
        }
        _ = ScenarioJSON.render(scenario).serialized()
        return .success(scenario)
    } catch {
        let location = error.location
        invariant(location.file == "fuzz.cors" && location.line >= 1 && location.column >= 1,
                  "an error without a location: \(location)")
        invariant(error.message.hasPrefix("expected "), "an error that does not say what was expected: \(error.message)")
        let rendered = error.rendered
        invariant(rendered.hasPrefix("error: ") && rendered.contains(" --> \(location)\n"), "a badly rendered error: \(rendered)")
        return .failure(error)
    }
}
