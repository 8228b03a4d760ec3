import Connectors
import Domain
import Foundation
import Hummingbird
import Storage

/// What the agent may send into an interaction now and until when ("window closes in 3 h 12 min"), from the
/// same rules the outbox enforces (docs/policies.md).
struct ReplyWindowRoutes: Sendable {
    let store: any ParleyStore
    let clock: any WallClock
    let urgency: WindowUrgency
    /// X channels' handle and DM setting, for `dms_open` and the follow-request reply.
    var x: [Channel.ID: XChannelSettings] = [:]
    var lineReplyTokens: LineReplyTokens?

    func register(on api: APIRouter) {
        api.add(APIOperation(method: "GET", path: "/api/v1/interactions/{id}/reply-window",
                             summary: "What can be sent into the interaction now (publicly or privately) and until when, by the platform's rules",
                             roles: .anyone, success: (200, "The reply window", .ref("ReplyWindow")), extraErrors: [409, 422],
                             query: [("visibility", .string(values: ["public", "private"]),
                                      "The reply's visibility; the thread's own by default"),
                                     ("inReplyTo", .string(minLength: 1),
                                      "The customer message answered (a message id of the interaction); the latest not removed by default")])) { request, context in
            let id = try context.parameters.require("id")
            guard let interaction = try await store.interaction(.init(id)),
                context.user.maySee(interaction)
            else { throw AppError.notFound("No interaction '\(id)'.") }
            var visibility = interaction.visibility
            if let asked = request.uri.queryParameters.get("visibility") {
                guard let parsed = Visibility(rawValue: asked) else {
                    throw AppError.badRequest("visibility must be public or private.")
                }
                visibility = parsed
            }
            let channel = try await store.answerableChannel(of: interaction, status: .conflict)
            let kind = channel.kind
            let now = clock.now()
            let answered = try await ConversationRoutes.answered(request.uri.queryParameters.get("inReplyTo"), in: interaction, store: store)
            let window = try await ConversationWindow(store: store, x: x, lineReplyTokens: lineReplyTokens)
                .window(of: interaction, kind: kind, reply: visibility, answering: answered?.platformMessageID, now: now)
            var answer = ReplyWindowDTO(window, visibility: visibility, urgency: urgency.assess(window, now: now))
            if kind == .x, !window.canSend, window.rule == .xDirectMessage {
                answer.suggestedReply = x[channel.id, default: .init()].followRequest
            }
            return answer
        }
    }
}

struct ReplyWindowDTO: ResponseEncodable, APISchema {
    struct Phase: Encodable {
        var requires: String
        var until: Date?
    }

    struct Urgency: Encodable {
        var level: String
        var flag: String?
    }

    var visibility: String
    var canSend: Bool
    /// `none`, `human_agent_tag`, `template` or `push_message`.
    var requires: String
    var until: Date?
    var then: Phase?
    var closesAt: Date?
    var rule: String
    var explanation: String
    var urgency: Urgency
    /// X, a DM that must wait for a follow: the standard public reply that asks for it ("Please follow @acme…").
    var suggestedReply: String?

    init(_ window: SendWindow, visibility: Visibility, urgency: WindowUrgency.Assessment) {
        self.visibility = visibility.rawValue
        canSend = window.canSend
        requires = window.requires.rawValue
        until = window.until
        then = window.then.map { Phase(requires: $0.requires.rawValue, until: $0.until) }
        closesAt = window.closesAt
        rule = window.rule.rawValue
        explanation = window.explanation
        self.urgency = Urgency(level: urgency.level.rawValue, flag: urgency.flag)
    }

    static let schemaName = "ReplyWindow"
    static var schema: Schema {
        let requirement = Schema.string(values: ["none", "human_agent_tag", "template", "push_message"])
        return .object([
            ("visibility", .string(values: ["public", "private"])), ("canSend", .boolean), ("requires", requirement),
            ("until", .nullable(.string(format: "date-time"))),
            ("then", .nullable(.object([("requires", requirement), ("until", .nullable(.string(format: "date-time")))], required: ["requires"]))),
            ("closesAt", .nullable(.string(format: "date-time"))), ("rule", .string(values: PolicyRule.allCases.map(\.rawValue))),
            ("explanation", .string()), ("suggestedReply", .string()),
            ("urgency", .object([("level", .string(values: ["calm", "closing", "closed"])), ("flag", .nullable(.string()))], required: ["level"])),
        ], required: ["visibility", "canSend", "requires", "rule", "explanation", "urgency"])
    }

    nonisolated(unsafe) static let schemas: [any APISchema.Type] = [ReplyWindowDTO.self]
}
