import Connectors
import Domain
import Foundation
import Hummingbird
import Routing
import Storage

/// What an agent does inside an interaction they hold: reply and wrap up.
struct ConversationRoutes: Sendable {
    let store: any ParleyStore
    let router: any RoutingGateway
    let outbox: OutboxWorker
    let clock: any WallClock
    let ids: any IDGenerator
    /// Each WhatsApp channel's approved templates (`channels[].templates`).
    let templates: [Channel.ID: [MessageTemplate]]
    /// X channels' handle and DM setting (`channels[].handle`, `channels[].dms_open`).
    var x: [Channel.ID: XChannelSettings] = [:]

    struct ReplyRequest: Decodable {
        var text: String?
        var attachments: [AttachmentDTO]?
        var visibility: Visibility?
        var template: TemplateSend?
        /// The customer message answered (a message id of this interaction): the comment a public reply goes under
        /// or a private reply addresses. Default: the latest customer message not removed.
        var inReplyTo: String?

        static var schema: Schema {
            .object([("text", .string(maxLength: ReplyLimits.maxText)),
                     ("attachments", .literal("""
                        {"type": "array", "maxItems": \(ReplyLimits.maxAttachments), "items": {"type": "object", "required": ["kind", "url"],
                         "properties": {"kind": {"enum": ["image", "video", "audio", "file"]}, "url": {"type": "string", "minLength": 1},
                                        "mimeType": {"type": "string"}, "filename": {"type": "string"}}}}
                        """)),
                     ("visibility", .string(values: ["public", "private"])),
                     ("inReplyTo", .string(minLength: 1, maxLength: 200)),
                     ("template", .literal("""
                        {"type": "object", "required": ["name", "language"],
                         "properties": {"name": {"type": "string", "minLength": 1}, "language": {"type": "string", "minLength": 1},
                                        "parameters": {"type": "array", "maxItems": 100, "items": {"type": "string"}}}}
                        """))], required: [], allowsOtherProperties: true)
        }
    }

    struct WrapUpRequest: Decodable {
        var code: String

        static var schema: Schema { .object([("code", .string(minLength: 1, maxLength: 100))], required: ["code"], allowsOtherProperties: true) }
    }

    func register(on api: APIRouter) {
        let idempotency = (name: "Idempotency-Key", schema: Schema.string(minLength: 1, maxLength: 200),
                           description: "Makes a retried send create one message: the same key answers with the message stored the first time.")
        api.add(APIOperation(method: "POST", path: "/api/v1/interactions/{id}/messages",
                             summary: "Reply in an interaction the caller holds (text and/or attachments, or a WhatsApp template; public or private)",
                             roles: .anyone, request: ReplyRequest.schema, success: (201, "Stored and on its way", .ref("Message")),
                             extraErrors: [409, 422], headers: [idempotency])) { request, context -> Response in
            let input = try await request.decode(as: ReplyRequest.self, context: context)
            let key = try idempotencyKey(request)
            let interaction = try await held(try context.parameters.require("id"), by: context)
            let result = try await reply(input, key: key, in: interaction, by: context.user)
            if result.created, !result.message.deliveryStatus.isFinal { outbox.wake() }
            // Answered: the interaction waits for the customer, keeping the agent's slot for the workgroup's keep time.
            if result.created { try await router.submit(.waitingForCustomer(interaction.id)) }
            return try APIJSON.response(MessageDTO(result.message, agentName: context.user.displayName), status: result.created ? .created : .ok)
        }
        api.add(APIOperation(method: "POST", path: "/api/v1/interactions/{id}/wrap-up",
                             summary: "Close an interaction the caller holds with a wrap-up code (ids from /api/v1/wrap-up-codes)",
                             roles: .anyone, request: WrapUpRequest.schema, success: (200, "Closed", .ref("Interaction")),
                             extraErrors: [409, 422])) { request, context in
            let input = try await request.decode(as: WrapUpRequest.self, context: context)
            let interaction = try await held(try context.parameters.require("id"), by: context)
            let closed: Interaction
            do {
                closed = try await store.wrapUp(interaction.id, by: context.user.id, code: .init(input.code), at: clock.now())
            } catch let error as ConversationError {
                throw AppError(conversation: error)
            }
            try await router.submit(.closed(closed.id))
            return InteractionDTO(closed)
        }
    }

    private func reply(_ input: ReplyRequest, key: String?, in interaction: Interaction, by agent: User) async throws -> ReplyResult {
        var text = (input.text ?? "").withoutNUL
        let attachments = try ReplyLimits.checked(text: text, attachments: input.attachments ?? [])
        // What is wrong with the request itself is said first (400), then whether it can be sent from here.
        if input.template != nil {
            guard text.isEmpty, attachments.isEmpty else {
                throw AppError.badRequest("Send either a template or text and attachments: a template's text is the approved body.")
            }
        } else if text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, attachments.isEmpty {
            throw AppError.badRequest("A reply needs text or an attachment.")
        }
        let channel = try await store.answerableChannel(of: interaction, status: .unprocessableContent)
        let kind = channel.kind
        if let template = input.template {
            text = try TemplateCheck(templates: templates[channel.id] ?? [], kind: kind).rendered(template)
        }
        let visibility = input.visibility ?? interaction.visibility
        let answered = try await Self.answered(input.inReplyTo, in: interaction, store: store)
        var reply = NewReply(interactionID: interaction.id, agentID: agent.id, text: text, attachments: attachments,
                             visibility: visibility, clientKey: key)
        // The platform's rules first: a reply the platform would refuse is never stored as sent.
        var tag: MessageTag?
        let window = try await ConversationWindow(store: store, x: x).window(of: interaction, kind: kind, reply: visibility,
                                                                             answering: answered?.platformMessageID, now: clock.now())
        try Self.check(window, template: input.template != nil, followRequest: kind == .x ? x[channel.id, default: .init()].followRequest : nil)
        // Messenger and Instagram after 24 h: a person's answer goes with the HUMAN_AGENT tag.
        if window.requires == .humanAgentTag { tag = .humanAgent }
        if kind != .webMessaging {
            reply.delivery = try delivery(for: reply, answering: answered, interaction: interaction, channel: channel, tag: tag,
                                          template: input.template)
        } else if visibility == .public {
            throw AppError(.unprocessableContent, code: "not_deliverable", message: "Web messaging conversations are private.")
        }
        do {
            return try await store.reply(reply, at: clock.now(), ids: ids)
        } catch let error as ConversationError {
            throw AppError(conversation: error)
        }
    }

    /// The platform call that delivers a reply, composed for the channel's platform. The channel's credential is
    /// added by the sender at send time, so it never sits in the outbox table.
    /// Refuses what the platform would refuse, with the rule's sentence for the agent (409: the conversation's
    /// state, not the request, is the problem).
    /// `followRequest`: X's standard reply asking the customer to follow, offered when a DM must wait for a follow.
    static func check(_ window: SendWindow, template: Bool = false, followRequest: String? = nil) throws {
        if window.requires == .template {
            guard template else {
                throw AppError(.conflict, code: "template_required",
                               message: "Cannot send a free-form reply now: \(window.explanation). Pick one of the channel's approved templates.")
            }
            return
        }
        guard window.canSend else {
            if window.rule == .xDirectMessage, let followRequest {
                throw AppError(.conflict, code: "follow_required",
                               message: "Cannot send a direct message yet: \(window.explanation). Reply publicly with: \"\(followRequest)\" — "
                                   + "the DM can be sent as soon as they follow.")
            }
            throw AppError(.conflict, code: "window_closed", message: "Cannot send now: \(window.explanation).")
        }
    }

    private func delivery(for reply: NewReply, answering answered: Message?, interaction: Interaction, channel: Channel, tag: MessageTag?,
                          template: TemplateSend?) throws -> NewOutboxItem {
        let key = channel.key
        let recipient: Identity.Key
        if case .conversation(let customer) = interaction.threadKey {
            recipient = customer
        } else if let author = answered?.author {
            recipient = author
        } else {
            throw AppError(.unprocessableContent, code: "not_deliverable", message: "No customer message to answer in this interaction.")
        }
        let outbound = OutboundReply(channel: key, threadKey: interaction.threadKey, recipient: recipient, text: reply.text,
                                     attachments: reply.attachments, visibility: reply.visibility,
                                     inReplyTo: answered?.platformMessageID, messageTag: tag, template: template)
        let request: OutboundRequest
        do {
            request = try ReplyComposer.compose(outbound)
        } catch {
            throw AppError(.unprocessableContent, code: "not_deliverable", message: "\(error)")
        }
        let now = clock.now()
        // A private reply to a comment is keyed by the comment: the one-per-comment rule reads it back (`PrivateReplyKey`).
        let privateTarget = reply.visibility == .private && interaction.threadKey.visibility == .public ? answered?.platformMessageID : nil
        let idempotencyKey = privateTarget.map { PrivateReplyKey.make(interaction: interaction.id, comment: $0, unique: ids.make()) }
            ?? "reply-" + ids.make()
        return NewOutboxItem(channel: key, idempotencyKey: idempotencyKey, request: request, createdAt: now,
                             deadline: now + TimeInterval(channel.maxRetryDuration))
    }

    /// The customer message a reply answers: the one the agent named (it must be a customer message of this
    /// interaction), else the latest not removed (`answered`).
    static func answered(_ id: String?, in interaction: Interaction, store: any ParleyStore) async throws -> Message? {
        guard let id else {
            let latest = try await store.latestInbound(of: interaction.id)
            guard latest?.deletedAt != nil else { return latest }
            return try await store.messages(of: interaction.id, after: nil, limit: 1000).answered
        }
        guard let message = try await store.message(.init(id)), message.interactionID == interaction.id, message.direction == .inbound else {
            throw AppError(.unprocessableContent, code: "unknown_message",
                           message: "inReplyTo '\(id)' is not a customer message of this interaction; use a message id from its messages.")
        }
        return message
    }

    private func idempotencyKey(_ request: Request) throws -> String? {
        guard let value = request.headers[.init("Idempotency-Key")!] else { return nil }
        guard (1...200).contains(value.count) else { throw AppError.badRequest("Idempotency-Key must be 1 to 200 characters.") }
        return value
    }

    /// The interaction, if the caller holds it; 404 otherwise (another agent's interaction does not exist for them).
    private func held(_ id: String, by context: AuthenticatedContext) async throws -> Interaction {
        guard let interaction = try await store.interaction(.init(id)), interaction.assignedAgentID == context.user.id else {
            throw AppError.notFound("No interaction '\(id)' held by you.")
        }
        return interaction
    }
}

/// What the OpenAPI document promises of a reply, enforced.
enum ReplyLimits {
    static let maxText = 20_000
    static let maxAttachments = 10

    /// The attachments, once the text and they are within the limits; 422 or 400 naming what is wrong otherwise.
    static func checked(text: String, attachments: [AttachmentDTO]) throws -> [Attachment] {
        // Counted as the OpenAPI document's maxLength counts: Unicode scalars.
        guard text.unicodeScalars.count <= maxText else {
            throw AppError(.unprocessableContent, code: "reply_too_long",
                           message: "A reply may have at most \(maxText) characters; this one has \(text.unicodeScalars.count).")
        }
        guard attachments.count <= maxAttachments else {
            throw AppError(.unprocessableContent, code: "too_many_attachments",
                           message: "A reply may have at most \(maxAttachments) attachments; this one has \(attachments.count).")
        }
        return try attachments.enumerated().map { index, dto in
            guard let kind = Attachment.Kind(rawValue: dto.kind) else {
                throw AppError.badRequest("attachments[\(index)].kind must be one of image, video, audio, file; it is '\(dto.kind.prefix(40))'.")
            }
            guard let url = dto.url, acceptable(url) else {
                throw AppError.badRequest("attachments[\(index)].url must be an http(s) address or an upload's url on this Parley "
                    + "(/messenger/uploads/…, what /api/v1/uploads answers).")
            }
            return Attachment(kind: kind, url: url, mimeType: dto.mimeType, filename: dto.filename)
        }
    }

    /// An http(s) URL, or an upload on this server (what `/api/v1/uploads` answers, which the outbox hands to the
    /// platform itself): not any path, or `/api/v1/me` was sent to Meta to fetch.
    static func acceptable(_ url: String) -> Bool {
        guard url.count <= 2_000, let components = URLComponents(string: url) else { return false }
        if let scheme = components.scheme?.lowercased() {
            return (scheme == "https" || scheme == "http") && !(components.host ?? "").isEmpty
        }
        return MediaUpload.localFile(url).map { $0 != ".." && $0 != "." } ?? false
    }
}

extension Message.DeliveryStatus {
    var isFinal: Bool { self != .pending }
}

extension AppError {
    init(conversation error: ConversationError) {
        switch error {
        case .notYours(let id): self = .notFound("No interaction '\(id)' held by you.")
        case .wrongState(_, let state):
            self.init(.conflict, code: "wrong_state", message: "The interaction is \(state.rawValue); this needs it active or waiting for the customer.")
        case .unknownCode(let code):
            self.init(.unprocessableContent, code: "unknown_code", message: "No wrap-up code '\(code)'; the ids are listed at /api/v1/wrap-up-codes.")
        case .inactiveCode(let code):
            self.init(.conflict, code: "inactive_code", message: "The wrap-up code '\(code)' is no longer in use.")
        }
    }
}
