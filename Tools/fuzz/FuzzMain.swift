// The libFuzzer entry point for cors-sim's fuzz targets. These files are compiled together with
// the library's sources into one module (see run.sh), so a target can reach internal functions
// such as `extractTokenList` and the parser's small `Limits`. One binary holds every target; the
// environment variable CORS_SIM_FUZZ_TARGET (parser, headers, run, url, http or har) picks the one to run.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

enum FuzzTarget: String {
    case parser, headers, run, url, http, har

    static let selected: FuzzTarget = {
        guard let raw = getenv("CORS_SIM_FUZZ_TARGET"), let target = FuzzTarget(rawValue: String(cString: raw)) else {
            fatalError("set CORS_SIM_FUZZ_TARGET to parser, headers, run, url, http or har")
        }
        return target
    }()
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = UnsafeBufferPointer(start: data, count: size)
    switch FuzzTarget.selected {
    case .parser: fuzzParser(bytes)
    case .headers: fuzzHeaders(bytes)
    case .run: fuzzRun(bytes)
    case .url: fuzzURL(bytes)
    case .http: fuzzHTTP(bytes)
    case .har: fuzzHAR(bytes)
    }
    return 0
}

/// A property the code under test must keep; a violation is a crash libFuzzer records.
func invariant(_ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String,
               file: StaticString = #file, line: UInt = #line) {
    if !condition() { fatalError("invariant violated: \(message())", file: file, line: line) }
}
