import Foundation
import Hummingbird
import Reporting

/// The period a report covers, as the caller asked for it.
struct ReportPeriodDTO: Codable, Sendable, APISchema {
    var from: String
    var to: String
    var timeZone: String
    var interval: String

    static let schemaName = "ReportPeriod"
    static var schema: Schema {
        .object([("from", .string(format: "date")), ("to", .string(format: "date")), ("timeZone", .string()), ("interval", .string())],
                required: ["from", "to", "timeZone", "interval"])
    }
}

/// One report: its period and rows (the row type depends on the report).
struct ReportDTO<Row: Codable & Sendable>: ResponseEncodable, Sendable {
    var report: String
    var period: ReportPeriodDTO
    var rows: [Row]
    /// Interaction Details only: pass as `after` for the next page.
    var next: String?
}

enum ReportSchemas {
    static let integer = Schema.integer()
    static let optionalInteger = Schema.nullable(.integer())
    static let optionalNumber = Schema.nullable(.number)
    static let optionalString = Schema.nullable(.string())

    static func report(_ name: String, row: String) -> (String, Schema) {
        (name, .object([("report", .string()), ("period", .ref("ReportPeriod")), ("rows", .array(.ref(row))), ("next", optionalString)],
                       required: ["report", "period", "rows"]))
    }

    static let all: [(String, Schema)] = [
        ("QueuePerformanceRow", .object([
            ("interval", optionalString), ("workgroup", .string()), ("offered", integer), ("answered", integer), ("abandoned", integer),
            ("shortAbandoned", integer), ("flowedOut", integer), ("waiting", integer), ("transferred", integer), ("handled", integer),
            ("deflected", .object([("closed", integer), ("specialDay", integer), ("emergency", integer), ("other", integer)],
                                  required: ["closed", "specialDay", "emergency", "other"])),
            ("nonActionable", integer), ("inbound", integer), ("outbound", integer), ("waitingMs", integer), ("averageQueueLength", optionalNumber),
            ("averageWaitMs", optionalInteger), ("maxWaitMs", integer), ("averageAbandonWaitMs", optionalInteger),
            ("averageHandleMs", optionalInteger),
            ("serviceLevels", .array(.object([("seconds", integer), ("answeredWithin", integer), ("percent", optionalNumber)],
                                             required: ["seconds", "answeredWithin"]))),
        ], required: ["workgroup", "offered", "answered", "abandoned", "shortAbandoned", "flowedOut", "waiting", "transferred", "handled",
                      "deflected", "nonActionable", "inbound", "outbound", "waitingMs", "maxWaitMs", "serviceLevels"])),
        ("AgentPerformanceRow", .object([
            ("interval", optionalString), ("agent", .string()), ("offers", integer), ("accepted", integer), ("rejected", integer), ("ronas", integer),
            ("revoked", integer), ("handled", integer), ("averageHandleMs", optionalInteger), ("maxHandleMs", integer), ("transferred", integer),
            ("wrappedUp", integer), ("loggedInMs", integer), ("readyMs", integer), ("notReadyMs", integer), ("notReadyByReason", .dictionary(integer)),
            ("busyMs", integer), ("idleMs", integer), ("occupancy", optionalNumber),
        ], required: ["agent", "offers", "accepted", "rejected", "ronas", "revoked", "handled", "maxHandleMs", "transferred", "wrappedUp",
                      "loggedInMs", "readyMs", "notReadyMs", "notReadyByReason", "busyMs", "idleMs"])),
        ("InteractionDetailRow", .object([
            ("interactionId", .string()), ("createdAt", .string()), ("closedAt", optionalString), ("channel", .string()), ("mediaType", .string()),
            ("workgroup", .string()), ("agents", .array(.string())), ("outcome", optionalString), ("deflection", optionalString),
            ("wrapUpCode", optionalString), ("queueWaitMs", integer), ("handleMs", integer), ("offers", integer), ("ronas", integer),
            ("transfers", integer), ("waitingSince", optionalString),
        ], required: ["interactionId", "createdAt", "channel", "mediaType", "workgroup", "agents", "queueWaitMs", "handleMs", "offers", "ronas",
                      "transfers"])),
        ("HandlingAttemptRow", .object([
            ("interactionId", .string()), ("attempt", integer), ("agent", .string()), ("workgroup", .string()), ("offeredAt", .string()),
            ("result", .string()), ("endedAt", optionalString), ("durationMs", optionalInteger),
        ], required: ["interactionId", "attempt", "agent", "workgroup", "offeredAt", "result"])),
        ("WrapUpCodeRow", .object([
            ("interval", optionalString), ("workgroup", .string()), ("agent", .string()), ("code", .string()), ("interactions", integer),
            ("averageHandleMs", optionalInteger),
        ], required: ["workgroup", "agent", "code", "interactions"])),
        ("SocialEngagementRow", .object([
            ("interval", optionalString), ("agent", .string()), ("interactions", integer), ("averageSentiment", optionalNumber),
            ("averageInfluence", optionalNumber), ("averageActionability", optionalNumber),
        ], required: ["agent", "interactions"])),
        report("SocialEngagementReport", row: "SocialEngagementRow"),
        report("QueuePerformanceReport", row: "QueuePerformanceRow"),
        report("AgentPerformanceReport", row: "AgentPerformanceRow"),
        report("InteractionDetailsReport", row: "InteractionDetailRow"),
        report("HandlingAttemptsReport", row: "HandlingAttemptRow"),
        report("WrapUpCodesReport", row: "WrapUpCodeRow"),
    ]
}
