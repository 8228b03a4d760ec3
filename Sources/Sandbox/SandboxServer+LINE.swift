import Foundation
import Hummingbird
import NIOCore

/// LINE's control endpoints (documented on `SandboxServer`) and its learning from generated webhooks.
extension SandboxServer {
    struct LineTokensCommand: Decodable {
        var invalid: [String]
    }

    struct LineReplyTokenCommand: Decodable {
        var token: String
        var issued_at: Double?
    }

    struct LineWebhookCommand: Decodable {
        var endpoint: String
        var active: Bool?
    }

    func addLineControls(to router: Router<BasicRequestContext>) {
        let state = self.state
        router.put("_sandbox/line/tokens") { request, context -> HTTPResponse.Status in
            let command = try await request.decode(as: LineTokensCommand.self, context: context)
            await state.setLineInvalidTokens(Set(command.invalid))
            return .noContent
        }
        router.post("_sandbox/line/reply-tokens") { request, context -> HTTPResponse.Status in
            let command = try await request.decode(as: LineReplyTokenCommand.self, context: context)
            await state.learnLineReplyToken(command.token, at: command.issued_at.map { Date(timeIntervalSince1970: $0) })
            return .noContent
        }
        router.put("_sandbox/line/webhook") { request, context -> HTTPResponse.Status in
            let command = try await request.decode(as: LineWebhookCommand.self, context: context)
            await state.setLineWebhook(command.endpoint, active: command.active ?? true)
            return .noContent
        }
        router.delete("_sandbox/line") { _, _ -> HTTPResponse.Status in
            await state.resetLine()
            return .noContent
        }
    }

    /// The message id of `GET /v2/bot/message/{id}/content` (api-data.line.me), which answers with bytes, not JSON.
    /// (Not a route of its own: a constant `/v2/bot/message/…` route would hide the catch-all from the others.)
    static func lineContentID(_ method: HTTPRequest.Method, _ path: String) -> String? {
        let parts = path.split(separator: "/")
        guard method == .get, parts.count == 5, parts[0] == "v2", parts[1] == "bot", parts[2] == "message", parts[4] == "content" else { return nil }
        return String(parts[3])
    }

    /// What a customer sent through LINE, with the channel token.
    func lineContent(_ request: Request, id: String) async throws -> Response {
        var headers: [String: String] = [:]
        for field in request.headers { headers[field.name.canonicalName] = field.value }
        let call = SandboxState.Call(method: "GET", path: request.uri.path, query: request.uri.query, headers: headers, body: "",
                                     sandboxURL: Self.ownURL(request), accounts: accounts, parleyURL: parleyURL)
        switch await state.lineContent(id, authorization: headers["authorization"]) {
        case .success(let file):
            await state.record(call, replayed: false, status: 200, response: "")
            return Response(status: .ok, headers: [.contentType: file.mimeType], body: .init(byteBuffer: ByteBuffer(bytes: file.bytes)))
        case .failure(let refusal):
            await state.record(call, replayed: false, status: refusal.status, response: refusal.body)
            return Response(status: .init(code: refusal.status), headers: [.contentType: "application/json"],
                            body: .init(byteBuffer: ByteBuffer(string: refusal.body)))
        }
    }
}

extension SandboxState {
    struct LineRefusal: Error {
        var status: Int
        var body: String
    }

    /// What a LINE delivery the sandbox sends tells LINE's side: its reply tokens, issued now (by its clock;
    /// redeliveries carry tokens it already knows), and the content of images and files sent through LINE.
    func learnLine(from body: Data) {
        guard let object = (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] else { return }
        for case let event as [String: Any] in object["events"] as? [Any] ?? [] {
            if let token = event["replyToken"] as? String { line.learnReplyToken(token, at: now()) }
            guard let message = event["message"] as? [String: Any], let id = message["id"] as? String,
                ((message["contentProvider"] as? [String: Any])?["type"] as? String ?? "line") == "line" else { continue }
            switch message["type"] as? String {
            case "image": line.content[id] = .photo(id: id)
            case "file": line.content[id] = .receipt(id: id)
            default: break
            }
        }
    }

    func lineContent(_ id: String, authorization: String?) -> Result<MediaFile, LineRefusal> {
        if line.refuses(authorization: authorization) {
            return .failure(LineRefusal(status: 401, body: LineWorld.error(401, "Authentication failed. Confirm that the access token in the authorization header is valid.").body))
        }
        guard let file = line.content[id] else { return .failure(LineRefusal(status: 404, body: LineWorld.error(404, "Not found").body)) }
        return .success(file)
    }

    func learnLineReplyToken(_ token: String, at: Date?) { line.learnReplyToken(token, at: at ?? now()) }

    func setLineInvalidTokens(_ tokens: Set<String>) { line.invalidTokens = tokens }

    func setLineWebhook(_ endpoint: String, active: Bool) { line.webhookEndpoint = (endpoint, active) }

    /// Forgets LINE's reply tokens, retry keys, refused tokens and webhook setting; recorded calls stay.
    func resetLine() { line = LineWorld() }
}
