import CORSSim
import Vapor

// BEGIN README ADAPTER
/// A Vapor app as a cors-sim server, in-process: each request the simulated browser sends becomes
/// a Vapor `Request` handed to the app's responder (its middleware chain and routes, no socket),
/// and the `Response` comes back as the browser would read it: status, reason phrase, every header
/// line in order (repeated names kept), the body's bytes. Boot the app first (`asyncBoot()`).
struct VaporServer: AsyncServer, Sendable {
    let app: Application

    func respond(to request: WireRequest) async -> ServerReply {
        // Browsers always send Host; cors-sim's WireRequest leaves it out.
        var headers = HTTPHeaders([("Host", request.url.host + (request.url.port.map { ":\($0)" } ?? ""))])
        for header in request.headers { headers.add(name: header.name, value: header.value) }
        let body = request.body.isEmpty ? nil : ByteBuffer(bytes: request.bodyBytes)  // sets Content-Length
        let vaporRequest = Request(application: app, method: HTTPMethod(rawValue: request.method),
                                   url: URI(string: request.url.pathAndQuery), headers: headers,
                                   collectedBody: body, logger: app.logger, on: app.eventLoopGroup.next())
        do {
            let response = try await app.responder.respond(to: vaporRequest).get()
            let bytes = try await response.body.collect(on: vaporRequest.eventLoop).get()
            return .response(WireResponse(
                status: Int(response.status.code), statusText: response.status.reasonPhrase,
                headers: HeaderList(response.headers.map { Header($0.name, $0.value) }),
                bodyBytes: bytes.map { Array($0.readableBytesView) } ?? []))
        } catch {
            // An error no middleware turned into a response: Vapor's server closes the connection
            // without answering (HTTPServerHandler), a network error to the browser.
            return .unreachable
        }
    }
}
// END README ADAPTER
