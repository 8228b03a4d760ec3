import AsyncHTTPClient
import Connectors
import Domain
import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Sandbox
import Testing

/// Runs the sandbox in-process for the Meta sandbox tests: on its own (Graph calls through the router), or
/// live beside a stand-in for Parley that keeps every webhook it is sent.
enum MetaSandboxHarness {
    /// 2026-01-01T00:00:00Z: the sandbox's clock starts here and only moves when a test moves it.
    static let start = Date(timeIntervalSince1970: 1_767_225_600)
    static let accounts = SandboxServer.Accounts()
    static let secret = "meta-app-secret"

    static func run(_ body: @Sendable (SandboxServer, any TestClientProtocol) async throws -> Void) async throws {
        let sandbox = SandboxServer(state: SandboxState(now: { start }), secrets: [.meta: secret], parleyURL: nil)
        try await Application(router: sandbox.makeRouter()).test(.router) { client in try await body(sandbox, client) }
    }

    /// The sandbox live, its traffic going to a stand-in Parley that answers 200 and keeps what it received.
    static func runWithParley(_ body: @Sendable (SandboxServer, any TestClientProtocol, ReceivedWebhooks) async throws -> Void) async throws {
        let received = ReceivedWebhooks()
        let parley = Router()
        parley.post("webhooks/:source") { request, _ -> HTTPResponse.Status in
            await received.keep(request, body: try await request.body.collect(upTo: 4 << 20))
            return .ok
        }
        try await Application(router: parley, configuration: .init(address: .hostname("127.0.0.1", port: 0))).test(.live) { parleyClient in
            let port = try #require(parleyClient.port)
            let sandbox = SandboxServer(state: SandboxState(now: { start }), secrets: [.meta: secret], parleyURL: "http://127.0.0.1:\(port)")
            try await Application(router: sandbox.makeRouter(), configuration: .init(address: .hostname("127.0.0.1", port: 0))).test(.live) { client in
                try await body(sandbox, client, received)
            }
        }
    }

    /// A Graph call with a token in `Authorization: Bearer` and a JSON body.
    @discardableResult
    static func graph(_ client: any TestClientProtocol, _ method: HTTPRequest.Method, _ path: String, token: String? = "page-token",
                      _ json: String? = nil) async throws -> TestResponse {
        var headers: HTTPFields = [.contentType: "application/json"]
        if let token { headers[.authorization] = "Bearer \(token)" }
        return try await client.execute(uri: path, method: method, headers: headers, body: json.map { ByteBuffer(string: $0) })
    }

    @discardableResult
    static func control(_ client: any TestClientProtocol, _ method: HTTPRequest.Method, _ path: String, _ json: String) async throws -> TestResponse {
        let response = try await client.execute(uri: path, method: method, headers: [.contentType: "application/json"], body: ByteBuffer(string: json))
        #expect((200..<300).contains(Int(response.status.code)), "\(path): \(response.text)")
        return response
    }

    /// `control` for a call that waits on many deliveries (a traffic burst): straight over HTTP with a minute to
    /// answer, not through the test client, whose fixed 20 s read timeout a busy machine running the whole suite
    /// in parallel can outlast.
    static func patiently(_ client: any TestClientProtocol, _ method: HTTPRequest.Method, _ path: String, _ json: String) async throws -> Data {
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(try #require(client.port))\(path)")
        request.method = .init(rawValue: method.rawValue)
        request.headers.add(name: "Content-Type", value: "application/json")
        request.body = .bytes(ByteBuffer(string: json))
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(60))
        let body = try await response.body.collect(upTo: 1 << 24)
        #expect((200..<300).contains(Int(response.status.code)), "\(path): \(String(buffer: body))")
        return Data(buffer: body)
    }

    /// The path and query of a URL the sandbox handed out (paging links, media URLs), to call it through the test client.
    static func local(_ url: String?) -> String? {
        guard let url, let components = URLComponents(string: url) else { return nil }
        return components.percentEncodedPath + (components.percentEncodedQuery.map { "?" + $0 } ?? "")
    }

    static func messengerSend(to psid: String, type: String = "RESPONSE", tag: String? = nil) -> String {
        let tagField = tag.map { #","tag":"\#($0)""# } ?? ""
        return #"{"recipient":{"id":"\#(psid)"},"messaging_type":"\#(type)"\#(tagField),"message":{"text":"Thanks for waiting, here is what we found."}}"#
    }
}

/// What the stand-in Parley received, in order.
actor ReceivedWebhooks {
    struct Webhook: Sendable {
        var path: String
        var signature: String?
        var body: Data

        var json: MetaJSON { MetaJSON(body) }
    }

    private(set) var all: [Webhook] = []

    func keep(_ request: Request, body: ByteBuffer) {
        all.append(Webhook(path: request.uri.path, signature: request.headers[.init("X-Hub-Signature-256")!], body: Data(buffer: body)))
    }

    /// Waits (briefly) until at least `count` webhooks have arrived: echoes and statuses come after the call's answer.
    func waitFor(_ count: Int) async throws -> [Webhook] {
        for _ in 0..<100 where all.count < count { try await Task.sleep(for: .milliseconds(20)) }
        return all
    }
}

/// Walks JSON in assertions: `answer["error"]["code"].int`; a missing key gives an empty value, not a crash.
struct MetaJSON: @unchecked Sendable {
    let raw: Any?

    init(raw: Any?) { self.raw = raw }
    init(_ data: Data) { raw = try? JSONSerialization.jsonObject(with: data) }
    init(_ response: TestResponse) { self.init(Data(buffer: response.body)) }

    subscript(key: String) -> MetaJSON { MetaJSON(raw: (raw as? [String: Any])?[key]) }
    subscript(index: Int) -> MetaJSON { MetaJSON(raw: array.indices.contains(index) ? array[index].raw : nil) }
    var array: [MetaJSON] { (raw as? [Any])?.map { MetaJSON(raw: $0) } ?? [] }
    var string: String? { raw as? String }
    var int: Int? { (raw as? NSNumber)?.intValue }
    var bool: Bool? { (raw as? NSNumber)?.boolValue }
    var exists: Bool { raw != nil }
}
