import Foundation
import Hummingbird
import NIOCore

/// The Meta side's control endpoints (documented on `SandboxServer`), its clock, and the media it serves.
extension SandboxServer {
    struct ClockCommand: Decodable {
        var advance_seconds: Double?
        var now: Double?
    }

    struct ClockAnswer: Encodable {
        var now: Int
    }

    struct TokensCommand: Decodable {
        var valid: [String: [String]]?
        var expired: [String]?
        var invalid: [String]?
    }

    struct ModeCommand: Decodable {
        var strict: Bool?
        var whatsapp_window_errors: MetaWorld.WindowErrorDelivery?
        var echoes: Bool?
    }

    struct CustomerCommand: Decodable {
        var account: String
        var customer: String
        var last_message_at: Double?
        var surface: MetaWorld.Surface?
    }

    struct CommentCommand: Decodable {
        var comment_id: String
        var created_time: Double?
        var account: String?
        var surface: String?
        var from: String?
        var message: String?
    }

    struct TemplatesCommand: Decodable {
        var templates: [MessageTemplate]
    }

    func addMetaControls(to router: Router<BasicRequestContext>) {
        let state = self.state
        let accounts = self.accounts
        router.get("_sandbox/clock") { _, _ -> Response in
            try jsonResponse(ClockAnswer(now: Int(await state.now().timeIntervalSince1970)))
        }
        router.put("_sandbox/clock") { request, context -> Response in
            let command = try await request.decode(as: ClockCommand.self, context: context)
            if let now = command.now { await state.setClock(to: Date(timeIntervalSince1970: now)) }
            if let seconds = command.advance_seconds { await state.advanceClock(by: seconds) }
            return try jsonResponse(ClockAnswer(now: Int(await state.now().timeIntervalSince1970)))
        }
        router.get("_sandbox/deliveries") { _, _ -> Response in
            try jsonResponse(await state.deliveredWebhooks())
        }
        router.put("_sandbox/meta/tokens") { request, context -> HTTPResponse.Status in
            let command = try await request.decode(as: TokensCommand.self, context: context)
            await state.setTokens(valid: command.valid ?? [:], expired: command.expired ?? [], invalid: command.invalid ?? [])
            return .noContent
        }
        router.put("_sandbox/meta/mode") { request, context -> HTTPResponse.Status in
            let command = try await request.decode(as: ModeCommand.self, context: context)
            await state.setMode(strict: command.strict, whatsappWindowErrors: command.whatsapp_window_errors, echoes: command.echoes)
            return .noContent
        }
        router.post("_sandbox/meta/customers") { request, context -> HTTPResponse.Status in
            let command = try await request.decode(as: CustomerCommand.self, context: context)
            let surface = command.surface ?? (command.account == accounts.whatsappNumber ? .whatsapp
                : command.account == accounts.instagramAccount ? .instagram : .messenger)
            var at = await state.now()
            if let seconds = command.last_message_at { at = Date(timeIntervalSince1970: seconds) }
            await state.customerWrote(account: command.account, customer: command.customer, surface: surface, at: at)
            return .noContent
        }
        router.post("_sandbox/meta/comments") { request, context -> HTTPResponse.Status in
            let command = try await request.decode(as: CommentCommand.self, context: context)
            let surface: FeedStore.Surface = command.surface == "instagram" ? .instagram : .facebook
            let account = command.account ?? (surface == .instagram ? accounts.instagramAccount : accounts.facebookPage)
            var at = await state.now()
            if let seconds = command.created_time { at = Date(timeIntervalSince1970: seconds) }
            await state.registerComment(id: command.comment_id, account: account, surface: surface, createdAt: at,
                                        from: command.from, message: command.message)
            return .noContent
        }
        router.put("_sandbox/meta/templates") { request, context -> HTTPResponse.Status in
            await state.setTemplates(try await request.decode(as: TemplatesCommand.self, context: context).templates)
            return .noContent
        }
        router.delete("_sandbox/meta") { _, _ -> HTTPResponse.Status in
            await state.resetMeta()
            return .noContent
        }
        router.get("_sandbox/media/:id") { request, context in
            try await self.media(request, context: context, needsToken: true)
        }
        router.get("_sandbox/cdn/:id/:name") { request, context in
            try await self.media(request, context: context, needsToken: false)
        }
    }

    /// WhatsApp media URLs need the token (as Meta's do: platforms.md §4.1); Messenger CDN URLs do not.
    private func media(_ request: Request, context: BasicRequestContext, needsToken: Bool) async throws -> Response {
        let id = context.parameters.get("id") ?? ""
        var headers: [String: String] = [:]
        for field in request.headers { headers[field.name.canonicalName] = field.value }
        let call = SandboxState.Call(method: "GET", path: request.uri.path, query: request.uri.query, headers: headers, body: "",
                                     sandboxURL: Self.ownURL(request), accounts: accounts, parleyURL: parleyURL)
        let token = GraphRequest(method: "GET", path: request.uri.path, query: request.uri.query, headers: headers, body: "",
                                 sandboxURL: call.sandboxURL).token
        if needsToken, let problem = await state.tokenProblem(token, strict: true) {
            let body = problem.body(trace: await state.trace())
            await state.record(call, replayed: false, status: 401, response: body)
            return Response(status: .unauthorized, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: body)))
        }
        guard let file = await state.mediaFile(id) else {
            await state.record(call, replayed: false, status: 404, response: "")
            return Response(status: .notFound)
        }
        await state.record(call, replayed: false, status: 200, response: "")
        var fields: HTTPFields = [.contentType: file.mimeType]
        fields[.contentDisposition] = "inline; filename=\"\(file.filename)\""
        return Response(status: .ok, headers: fields, body: .init(byteBuffer: ByteBuffer(bytes: file.bytes)))
    }
}
