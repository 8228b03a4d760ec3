import Foundation
import Hummingbird

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
}

extension SandboxState {
    /// The reply tokens of a LINE delivery the sandbox sends, issued now (by its clock); redeliveries carry
    /// tokens it already knows.
    func learnLineTokens(from body: Data) {
        guard let object = (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] else { return }
        for case let event as [String: Any] in object["events"] as? [Any] ?? [] {
            if let token = event["replyToken"] as? String { line.learnReplyToken(token, at: now()) }
        }
    }

    func learnLineReplyToken(_ token: String, at: Date?) { line.learnReplyToken(token, at: at ?? now()) }

    func setLineInvalidTokens(_ tokens: Set<String>) { line.invalidTokens = tokens }

    func setLineWebhook(_ endpoint: String, active: Bool) { line.webhookEndpoint = (endpoint, active) }

    /// Forgets LINE's reply tokens, retry keys, refused tokens and webhook setting; recorded calls stay.
    func resetLine() { line = LineWorld() }
}
