import Domain
import Engagement
import Foundation
import Hummingbird
import Storage

/// Business calendars as supervisors see them — open or closed right now, why, and until when — and the
/// emergency switch (seed 000 step 7; seed 004 line 1732).
struct CalendarRoutes: Sendable {
    let store: any ParleyStore
    let releaser: HeldInteractionReleaser
    let clock: any WallClock

    struct EmergencyRequest: Decodable {
        var enabled: Bool
        var message: String?

        static var schema: Schema {
            .object([("enabled", .boolean), ("message", .string(minLength: 1, maxLength: 2000))], required: ["enabled"], allowsOtherProperties: true)
        }
    }

    func register(on api: APIRouter) {
        api.add(APIOperation(method: "GET", path: "/api/v1/calendars",
                             summary: "Every business calendar with its state now: open, or closed with the reason, the answer sent and the next opening",
                             roles: .supervisors, success: (200, "Calendars", .ref("CalendarList")))) { _, _ in
            let now = clock.now()
            let anyoneLoggedIn = try await store.agentStates().contains { $0.state != .loggedOut }
            return CalendarList(calendars: try await store.calendars().map { CalendarDTO($0, at: now, anyAgentLoggedIn: anyoneLoggedIn) })
        }
        api.add(APIOperation(method: "PUT", path: "/api/v1/calendars/{id}/emergency",
                             summary: "Switch emergency mode on (optionally with its message) or off; interactions held by it go to routing when it ends",
                             roles: .supervisors, request: EmergencyRequest.schema, success: (200, "The calendar", .ref("Calendar")), extraErrors: [422])) { request, context in
            var input = try await request.decode(as: EmergencyRequest.self, context: context)
            input.message = try input.message.map { try TextField.checked($0, field: "message", maximum: 2000) }
            let id = try context.parameters.require("id")
            if input.enabled, input.message == nil,
               try await store.calendars().first(where: { $0.id.rawValue == id })?.emergency.message.isEmpty == true {
                throw AppError(.unprocessableContent, code: "message_required",
                               message: "This calendar has no emergency message; send one with \"message\".")
            }
            let calendar: BusinessCalendar
            do {
                calendar = try await store.setEmergency(of: .init(id), enabled: input.enabled, message: input.message, at: clock.now())
            } catch StoreError.notFound {
                throw AppError.notFound("No calendar '\(id)'.")
            }
            if !input.enabled { try await releaser.releaseDue() }
            let anyoneLoggedIn = try await store.agentStates().contains { $0.state != .loggedOut }
            return CalendarDTO(calendar, at: clock.now(), anyAgentLoggedIn: anyoneLoggedIn)
        }
    }
}

struct CalendarDTO: ResponseEncodable, APISchema {
    struct Emergency: Encodable {
        var enabled: Bool
        var message: String
        var automaticWhenNoAgentLoggedIn: Bool
        var since: Date?
    }

    var id: String
    var name: String
    var timeZone: String
    var open: Bool
    /// `special_day`, `outside_hours` or `emergency` while closed.
    var reason: String?
    var message: String?
    var nextOpening: Date?
    var emergency: Emergency

    init(_ calendar: BusinessCalendar, at now: Date, anyAgentLoggedIn: Bool) {
        id = calendar.id.rawValue
        name = calendar.name
        timeZone = calendar.timeZone
        let closure = calendar.status(at: now, anyAgentLoggedIn: anyAgentLoggedIn).closure
        open = closure == nil
        reason = closure?.reasonCode
        message = closure?.message
        nextOpening = closure?.nextOpening
        emergency = Emergency(enabled: calendar.emergency.enabled, message: calendar.emergency.message,
                              automaticWhenNoAgentLoggedIn: calendar.emergency.automaticWhenNoAgentLoggedIn, since: calendar.emergency.since)
    }

    static let schemaName = "Calendar"
    static var schema: Schema {
        .object([
            ("id", .string()), ("name", .string()), ("timeZone", .string()), ("open", .boolean),
            ("reason", .nullable(.string(values: ["special_day", "outside_hours", "emergency"]))), ("message", .nullable(.string())),
            ("nextOpening", .nullable(.string(format: "date-time"))),
            ("emergency", .object([("enabled", .boolean), ("message", .string()), ("automaticWhenNoAgentLoggedIn", .boolean),
                                   ("since", .nullable(.string(format: "date-time")))],
                                  required: ["enabled", "message", "automaticWhenNoAgentLoggedIn"])),
        ], required: ["id", "name", "timeZone", "open", "emergency"])
    }
}

struct CalendarList: ResponseEncodable, APISchema {
    var calendars: [CalendarDTO]
    static let schemaName = "CalendarList"
    static var schema: Schema { .object([("calendars", .array(.ref("Calendar")))], required: ["calendars"]) }

    nonisolated(unsafe) static let schemas: [any APISchema.Type] = [CalendarDTO.self, CalendarList.self]
}
