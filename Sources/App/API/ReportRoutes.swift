import Domain
import Foundation
import Hummingbird
import Reporting
import Storage

/// Historical reports for supervisors, as JSON or CSV (`format=csv`), every figure from the roll-ups and
/// defined in docs/metrics.md. Filters: a date range in a time zone, the interval, workgroups, agents, channels
/// and media type (public or private).
struct ReportRoutes: Sendable {
    let queries: ReportQueries
    /// Agents' display names for the CSVs (a spreadsheet of user ids is unreadable).
    let users: any DirectoryStore
    /// `reports.time_zone`: the zone when the request names none.
    let defaultZone: String

    static let parameters: [(name: String, schema: Schema, description: String)] = [
        ("from", .string(format: "date"), "First day (YYYY-MM-DD) in the time zone; default today."),
        ("to", .string(format: "date"), "Last day, included; default `from`."),
        ("tz", .string(), "IANA time zone of the days and intervals (default: reports.time_zone, else UTC), e.g. Asia/Kolkata."),
        ("interval", .string(values: ReportPeriod.Step.allCases.map(\.rawValue)), "Interval of the detail rows (default day)."),
        ("workgroup", .string(), "Only these workgroups (comma-separated ids)."),
        ("agent", .string(), "Only these agents (comma-separated user ids)."),
        ("channel", .string(), "Only these channels (comma-separated ids)."),
        ("media", .string(values: ["public", "private"]), "Only public (posts, tweets, comments) or private (messages) threads."),
        ("format", .string(values: ["json", "csv"]), "json (default) or csv (RFC 4180, UTF-8)."),
    ]
    static let detail = (name: "detail", schema: Schema.string(values: ["true", "false"]), description: "A row per interval (true) or one for the period (default).")
    static let page = [
        (name: "after", schema: Schema.string(), description: "Continue after this row (the previous page's next)."),
        (name: "limit", schema: Schema.literal(#"{"type": "integer", "minimum": 1, "maximum": 5000}"#), description: "Rows per page, 1 to 5000 (default 1000)."),
    ]

    func register(on api: APIRouter) {
        api.document.register(named: ReportSchemas.all)
        api.document.register([ReportPeriodDTO.self])
        add(api, "queue-performance", "Queue Performance: offered, answered, abandoned, deflected, waits, handle time and service levels per workgroup",
            schema: "QueuePerformanceReport", extra: [Self.detail]) { request, period, filter in
            let rows = try await queries.queuePerformance(period, filter: filter, detail: try Self.flag(request, "detail"))
            return (rows, { QueuePerformanceRow.csv(rows) }, nil)
        }
        add(api, "agent-performance", "Agent Performance: offers, RONAs, handled, handle time, time per state and reason, occupancy",
            schema: "AgentPerformanceReport", extra: [Self.detail]) { request, period, filter in
            let rows = try await queries.agentPerformance(period, filter: filter, detail: try Self.flag(request, "detail"))
            return (rows, { AgentPerformanceRow.csv(rows, names: try await names()) }, nil)
        }
        add(api, "wrap-up-codes", "Wrap-up Codes: interactions closed by code (NS: none chosen, -: none offered), workgroup and agent",
            schema: "WrapUpCodesReport", extra: [Self.detail]) { request, period, filter in
            let rows = try await queries.wrapUpCodes(period, filter: filter, detail: try Self.flag(request, "detail"))
            return (rows, { WrapUpCodeRow.csv(rows, names: try await names()) }, nil)
        }
        add(api, "agent-social-engagement", "Agent Social Engagement: per agent, interactions handled and their average sentiment, influence and actionability",
            schema: "SocialEngagementReport", extra: [Self.detail]) { request, period, filter in
            let rows = try await queries.socialEngagement(period, filter: filter, detail: try Self.flag(request, "detail"))
            return (rows, { SocialEngagementRow.csv(rows, names: try await names()) }, nil)
        }
        add(api, "interaction-details", "Interaction Details: one row per interaction created in the period, oldest first",
            schema: "InteractionDetailsReport", extra: Self.page) { request, period, filter in
            let page = try await queries.interactionDetails(period, filter: filter, after: try Self.after(request), limit: try Self.limit(request))
            return (page.rows, { InteractionDetailRow.csv(page.rows, names: try await names()) }, page.next.map { "\($0.0):\($0.1)" })
        }
        add(api, "handling-attempts", "Interaction Handling Attempts: every offer and its result, oldest first",
            schema: "HandlingAttemptsReport", extra: [Self.page[1]]) { request, period, filter in
            let rows = try await queries.handlingAttempts(period, filter: filter, limit: try Self.limit(request))
            return (rows, { HandlingAttemptRow.csv(rows, names: try await names()) }, nil)
        }
    }

    private func names() async throws -> [String: String] {
        Dictionary(try await users.users().map { ($0.user.id.rawValue, $0.user.displayName) }, uniquingKeysWith: { first, _ in first })
    }

    private func add<Row: Codable & Sendable>(
        _ api: APIRouter, _ name: String, _ summary: String, schema: String,
        extra: [(name: String, schema: Schema, description: String)],
        // The CSV is made only when asked for (with the agents' names, which cost a read of the users).
        _ build: @escaping @Sendable (Request, ReportPeriod, RollupFilter) async throws -> ([Row], @Sendable () async throws -> String, String?)
    ) {
        api.add(APIOperation(method: "GET", path: "/api/v1/reports/\(name)", summary: summary, roles: .supervisors,
                             success: (200, "The report", .ref(schema)), query: Self.parameters + extra, alsoCSV: true)) { request, _ in
            let period = try Self.period(request, now: queries.clock.now(), defaultZone: defaultZone)
            let (rows, csv, next) = try await build(request, period, try Self.filter(request))
            if request.uri.queryParameters["format"] == "csv" {
                return Response(status: .ok, headers: [.contentType: "text/csv; charset=utf-8",
                                                       .contentDisposition: "attachment; filename=\"\(name)-\(period.from)-\(period.through).csv\""],
                                body: .init(byteBuffer: ByteBuffer(string: try await csv())))
            }
            let dto = ReportDTO(report: name, period: ReportPeriodDTO(from: period.from.description, to: period.through.description,
                                                                      timeZone: period.zone.identifier, interval: period.step.rawValue),
                                rows: rows, next: next)
            return try APIJSON.response(dto, status: .ok)
        }
    }

    static func period(_ request: Request, now: Date, defaultZone: String) throws -> ReportPeriod {
        let query = request.uri.queryParameters
        let zoneName = query["tz"].map(String.init) ?? defaultZone
        guard let zone = TimeZone(identifier: zoneName), !zoneName.isEmpty else {
            throw AppError.badRequest("'tz' must be an IANA time zone such as Europe/Berlin or Asia/Kolkata.", code: "invalid_time_zone")
        }
        func day(_ name: String) throws -> LocalDate? {
            guard let text = query[Substring(name)] else { return nil }
            guard let date = LocalDate(text) else { throw AppError.badRequest("'\(name)' must be a date like 2027-03-28.", code: "invalid_date") }
            return date
        }
        let from = try day("from") ?? zone.wallClock(of: now).date
        let through = try day("to") ?? from
        guard let step = ReportPeriod.Step(rawValue: query["interval"].map(String.init) ?? "day") else {
            throw AppError.badRequest("'interval' must be one of 15min, hour, day, week, month.", code: "invalid_interval")
        }
        if let format = query["format"], format != "json" && format != "csv" {
            throw AppError.badRequest("'format' must be json or csv.", code: "invalid_format")
        }
        do {
            return try ReportPeriod(from: from, through: through, zone: zone, step: step)
        } catch let problem as ReportPeriod.Problem {
            throw AppError.badRequest("The report period is not valid: \(problem).", code: "invalid_period")
        }
    }

    static func filter(_ request: Request) throws -> RollupFilter {
        let query = request.uri.queryParameters
        func list(_ name: String) -> [String]? {
            query[Substring(name)].map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty } }
        }
        var media: String?
        if let value = query["media"] {
            guard value == "public" || value == "private" else { throw AppError.badRequest("'media' must be public or private.", code: "invalid_media") }
            media = String(value)
        }
        return RollupFilter(workgroups: list("workgroup"), agents: list("agent"), channels: list("channel"), visibility: media)
    }

    static func flag(_ request: Request, _ name: String) throws -> Bool {
        switch request.uri.queryParameters[Substring(name)] {
        case nil, "false": false
        case "true": true
        default: throw AppError.badRequest("'\(name)' must be true or false.")
        }
    }

    static func limit(_ request: Request) throws -> Int {
        guard let text = request.uri.queryParameters["limit"] else { return 1_000 }
        guard let value = Int(text), (1...5_000).contains(value) else { throw AppError.badRequest("'limit' must be a whole number from 1 to 5000.") }
        return value
    }

    static func after(_ request: Request) throws -> (Int64, String)? {
        guard let text = request.uri.queryParameters["after"] else { return nil }
        let parts = text.split(separator: ":", maxSplits: 1)
        guard parts.count == 2, let ms = Int64(parts[0]), !parts[1].isEmpty else {
            throw AppError.badRequest("'after' must be the `next` of the previous page.", code: "invalid_cursor")
        }
        return (ms, String(parts[1]))
    }
}
