import Domain
import Foundation
import Hummingbird
import Storage

/// `GET /api/v1/channels/health`: for supervisors, each channel's last delivery from the platform, last send
/// the platform accepted, last failure, and whether its token was refused — with what to fix. The live check
/// against the platform's API is `parley channel check NAME`.
struct ChannelHealthRoutes: Sendable {
    let store: any ParleyStore
    let board: ChannelHealthBoard
    let clock: any WallClock
    /// Channels with an access token configured.
    let credentialed: Set<Channel.ID>
    /// A problem with a refreshed (OAuth) token: X refused the refresh.
    var tokenProblem: @Sendable (ChannelKey) -> ChannelHealthDTO.TokenProblem? = { _ in nil }

    func register(on api: APIRouter) {
        api.add(APIOperation(method: "GET", path: "/api/v1/channels/health",
                             summary: "Each channel's recent traffic, failures and credential alerts, with what to fix",
                             roles: .supervisors, success: (200, "The channels' health", .ref("ChannelHealthList")))) { _, _ in
            var list: [ChannelHealthDTO] = []
            for channel in try await store.channels() {
                let last = try await store.lastInboxEvent(channel: channel.key)
                list.append(ChannelHealthDTO(channel, entry: board.entry(channel.key), lastDeliveryAt: last,
                                             hasToken: credentialed.contains(channel.id), tokenProblem: tokenProblem(channel.key)))
            }
            return ChannelHealthListDTO(channels: list)
        }
    }
}

struct ChannelHealthDTO: Encodable {
    struct Failure: Encodable {
        var reason: String
        var at: Date
    }

    /// A refreshed token's trouble: `refused` (X refused the refresh) or `expired` (refreshing fails for now).
    struct TokenProblem: Sendable {
        var credential: String
        var text: String
    }

    var id: String
    var kind: String
    var accountId: String
    var enabled: Bool
    /// `ok`, or `alert` when something needs a person (a refused or missing token).
    var status: String
    var lastDeliveryAt: Date?
    var lastSentAt: Date?
    var lastFailure: Failure?
    /// `ok`, `missing` (none configured), `refused` (the platform refused it, or X refused to refresh it) or `expired`
    /// (an X token that could not be refreshed yet).
    var credential: String
    var problems: [String]

    init(_ channel: Channel, entry: ChannelHealthBoard.Entry, lastDeliveryAt: Date?, hasToken: Bool, tokenProblem: TokenProblem? = nil) {
        id = channel.id.rawValue
        kind = channel.kind.rawValue
        accountId = channel.accountID
        enabled = channel.enabled
        self.lastDeliveryAt = lastDeliveryAt
        lastSentAt = entry.lastSentAt
        lastFailure = entry.lastFailure.map { Failure(reason: $0.reason, at: $0.at) }
        var problems: [String] = []
        if channel.kind == .webMessaging {
            credential = "ok"
        } else if let tokenProblem {
            credential = tokenProblem.credential
            problems.append(tokenProblem.text)
        } else if let refused = entry.credentialRefused {
            credential = "refused"
            problems.append("The platform refused the access token (\(refused.reason)): renew it and update channels[].access_token; replies fail until then.")
        } else if !hasToken {
            credential = "missing"
            problems.append("No access token is configured: replies cannot be sent. Set channels[].access_token to {env: VARIABLE}.")
        } else {
            credential = "ok"
        }
        status = problems.isEmpty ? "ok" : "alert"
        self.problems = problems
    }
}

struct ChannelHealthListDTO: ResponseEncodable, APISchema {
    var channels: [ChannelHealthDTO]

    static let schemaName = "ChannelHealthList"
    static var schema: Schema {
        let failure = Schema.nullable(.object([("reason", .string()), ("at", .string(format: "date-time"))], required: ["reason", "at"]))
        let channel = Schema.object([
            ("id", .string()), ("kind", .string()), ("accountId", .string()), ("enabled", .boolean),
            ("status", .string(values: ["ok", "alert"])), ("lastDeliveryAt", .nullable(.string(format: "date-time"))),
            ("lastSentAt", .nullable(.string(format: "date-time"))), ("lastFailure", failure),
            ("credential", .string(values: ["ok", "missing", "refused", "expired"])), ("problems", .array(.string())),
        ], required: ["id", "kind", "accountId", "enabled", "status", "credential", "problems"])
        return .object([("channels", .array(channel))], required: ["channels"])
    }

    nonisolated(unsafe) static let schemas: [any APISchema.Type] = [ChannelHealthListDTO.self]
}
