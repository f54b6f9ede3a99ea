/// A real server behind the browser model: each `WireRequest` the browser sends goes over the
/// network, and the real response comes back for the browser to judge.
import CORSSim
import Foundation

/// Sends each request to a real server: an origin in `mapping` goes to its base URL, any
/// other origin to itself. A failed exchange (refused, timed out, TLS, malformed) is answered
/// `.unreachable`, recorded with the reason in `log` and passed to `onError`.
public final class LiveServer: Server, AsyncServer, @unchecked Sendable {
    public let mapping: [Origin: LiveEndpoint]
    public let options: LiveOptions
    private let onError: (LiveError) -> Void
    private let lock = NSLock()
    private var exchanges: [LiveExchange] = []

    public init(mapping: [Origin: LiveEndpoint] = [:], options: LiveOptions = LiveOptions(),
                onError: @escaping (LiveError) -> Void = { _ in }) {
        self.mapping = mapping
        self.options = options
        self.onError = onError
    }

    /// Where a request goes, and the name errors use for that server.
    public func endpoint(for url: FetchURL) -> (LiveEndpoint, name: String) {
        if let mapped = mapping[url.origin] { return (mapped, "\(mapped) (for \(url.origin.serialized))") }
        let own = LiveEndpoint(url: url)
        return (own, url.origin.serialized)
    }

    /// One exchange, with the error kept.
    public func exchange(_ request: WireRequest) -> Result<WireResponse, LiveError> {
        let (endpoint, name) = endpoint(for: request.url)
        let result: Result<WireResponse, LiveError>
        if request.url.scheme != "http" && request.url.scheme != "https" {
            result = .failure(LiveError(.badRequest, server: name, "only http: and https: URLs can be sent to a live server"))
        } else {
            do {
                result = .success(try HTTPExchange.send(request, to: endpoint, options: options))
            } catch {
                var e = error
                e.server = name
                result = .failure(e)
            }
        }
        lock.lock()
        exchanges.append(LiveExchange(request: request, endpoint: endpoint, result: result))
        lock.unlock()
        if case .failure(let e) = result { onError(e) }
        return result
    }

    /// Every exchange so far, in order.
    public var log: [LiveExchange] {
        lock.lock()
        defer { lock.unlock() }
        return exchanges
    }

    public func respond(to request: WireRequest) -> ServerReply {
        switch exchange(request) {
        case .success(let r): return .response(r)
        case .failure: return .unreachable
        }
    }

    /// The same, off the caller's thread: the socket blocks a thread of its own.
    public func respond(to request: WireRequest) async -> ServerReply {
        await withCheckedContinuation { continuation in
            Thread.detachNewThread {
                continuation.resume(returning: self.respond(to: request))
            }
        }
    }
}

/// One request sent to a real server and what came of it.
public struct LiveExchange: Sendable {
    public var request: WireRequest
    public var endpoint: LiveEndpoint
    public var result: Result<WireResponse, LiveError>
}
