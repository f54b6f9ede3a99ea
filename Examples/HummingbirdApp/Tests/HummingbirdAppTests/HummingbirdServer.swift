import CORSSim
import HTTPTypes
import Hummingbird
import HummingbirdTesting

// BEGIN README ADAPTER
/// A Hummingbird app as a cors-sim server, through one of HummingbirdTesting's clients: with
/// `app.test(.router)` each request the simulated browser sends goes to the app's responder
/// in-process (its middleware and routes, no socket); with `.live` it crosses loopback. The answer
/// comes back as the browser would read it: status, reason phrase, every header line in order
/// (repeated names kept), the body's bytes.
struct HummingbirdServer: AsyncServer, Sendable {
    let client: any TestClientProtocol

    func respond(to request: WireRequest) async -> ServerReply {
        // fetch() sends only token methods and header names; an HTTP server refuses others with 400.
        guard let method = HTTPRequest.Method(request.method) else { return .response(WireResponse(status: 400)) }
        var fields = HTTPFields()
        for header in request.headers {
            guard let name = HTTPField.Name(header.name) else { return .response(WireResponse(status: 400)) }
            fields.append(HTTPField(name: name, value: header.value))
        }
        let body = request.body.isEmpty ? nil : ByteBuffer(bytes: request.bodyBytes)  // sets Content-Length
        do {
            let response = try await client.executeRequest(uri: request.url.pathAndQuery, method: method,
                                                           headers: fields, body: body)
            return .response(WireResponse(
                status: response.status.code, statusText: response.status.reasonPhrase,
                headers: HeaderList(response.headers.map { Header($0.name.rawName, $0.value) }),
                bodyBytes: Array(response.body.readableBytesView)))
        } catch {
            return .unreachable   // the client could not reach the app (a live server that is gone)
        }
    }
}
// END README ADAPTER
