import Domain
import Foundation
import Hummingbird
import Reporting
import Storage

/// The supervisors' wallboard as JSON: today's figures per workgroup, agents, platform activity, social
/// statistics and the alerts of `reports.alerts`. The wallboard page (/wallboard) polls it and refreshes on
/// every event of the live stream.
struct WallboardRoutes: Sendable {
    let store: any ParleyStore
    let queries: ReportQueries
    let defaultZone: String
    let rules: [WallboardAlertRule]

    func register(on api: APIRouter) {
        api.document.register(named: [("Wallboard", Self.schema)])
        api.add(APIOperation(method: "GET", path: "/api/v1/wallboard",
                             summary: "The wallboard now: per workgroup today's offered, answered, abandoned, service level, waiting and agents; "
                                 + "agents' states and load; platform activity; social statistics; alerts",
                             roles: .supervisors, success: (200, "The wallboard", .ref("Wallboard")),
                             query: [("tz", .string(), "IANA time zone of 'today' (default: reports.time_zone, else UTC).")])) { request, _ in
            let name = request.uri.queryParameters["tz"].map(String.init) ?? defaultZone
            guard !name.isEmpty, let zone = TimeZone(identifier: name) else {
                throw AppError.badRequest("'tz' must be an IANA time zone such as Europe/Berlin or Asia/Kolkata.", code: "invalid_time_zone")
            }
            let snapshot = try await queries.wallboard(zone: zone, directory: try await directory(), rules: rules)
            return try APIJSON.response(snapshot, status: .ok)
        }
    }

    func directory() async throws -> WallboardDirectory {
        let users = try await store.users().map(\.user).filter { $0.active && $0.roles.contains(.agent) }
        return WallboardDirectory(
            workgroups: try await store.workgroups().map { ($0.id.rawValue, $0.name) },
            agents: users.map { ($0.id.rawValue, $0.displayName, $0.workgroups.map(\.rawValue)) },
            channelKinds: Dictionary(try await store.channels().map { ($0.id.rawValue, $0.kind) }, uniquingKeysWith: { $1 }))
    }

    static var schema: Schema {
        let object = Schema.literal(#"{"type": "object"}"#)
        return .object([
            ("generatedAt", .string()), ("timeZone", .string()), ("day", .string(format: "date")),
            ("workgroups", .array(.object([("id", .string()), ("name", .string()), ("waiting", .integer()), ("offered", .integer()),
                                            ("answered", .integer()), ("abandoned", .integer()), ("series", .array(object))],
                                           required: ["id", "name", "waiting", "offered", "answered", "abandoned", "series"], allowsOtherProperties: true))),
            ("agents", .array(.object([("id", .string()), ("name", .string()), ("state", .string()), ("load", .dictionary(.integer()))],
                                       required: ["id", "name", "state", "load"], allowsOtherProperties: true))),
            ("platforms", .array(.object([("platform", .string()), ("title", .string()), ("inbound", .integer()), ("outbound", .integer()),
                                          ("active", .integer()), ("waiting", .integer())],
                                         required: ["platform", "title", "inbound", "outbound", "active", "waiting"]))),
            ("social", object), ("alerts", .array(object)),
        ], required: ["generatedAt", "timeZone", "day", "workgroups", "agents", "platforms", "social", "alerts"])
    }
}
