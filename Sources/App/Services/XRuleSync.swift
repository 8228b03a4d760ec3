import AsyncHTTPClient
import Connectors
import Domain
import Foundation
import Logging
import NIOCore
import NIOHTTP1

/// Makes X's filtered-stream rules match the channels' `monitor:` lists (`XStreamRules.plan`): lists the app's
/// rules, deletes Parley's stale ones, adds the missing ones. Rules with other tags are someone else's and stay.
/// What X refuses (an invalid rule, a duplicate value) is logged and shown on the channel's health.
struct XRuleSync: Sendable {
    struct Report: Sendable, Equatable {
        var added = 0
        var deleted = 0
        var kept = 0
        var problems: [String] = []
    }

    enum SyncError: Error, CustomStringConvertible {
        case refused(String)

        var description: String {
            switch self {
            case .refused(let why): why
            }
        }
    }

    let url: String
    let bearer: String
    let client: HTTPClient
    let targets: [XStreamConsumer.Target]
    let health: ChannelHealthBoard
    let clock: any WallClock
    let logger: Logger

    /// Syncs and logs the outcome; a failure is logged, never thrown (the stream is read all the same).
    @discardableResult
    func syncLogged() async -> Report? {
        do {
            let report = try await sync()
            logger.info("X stream rules synced", metadata: ["added": "\(report.added)", "deleted": "\(report.deleted)", "kept": "\(report.kept)"])
            return report
        } catch {
            logger.error("X stream rules could not be synced; the stream runs with the rules X has", metadata: ["error": "\(error)"])
            for target in targets { health.record(target.channel.key, .retryable(reason: "X stream rules not synced: \(error)"), at: clock.now()) }
            return nil
        }
    }

    func sync() async throws -> Report {
        let existing = try await call(.GET, url, body: nil)
        guard existing.status == 200 else {
            throw SyncError.refused("GET rules: HTTP \(existing.status): \(existing.answer.errors.map(\.description).joined(separator: "; "))")
        }
        let plan = XStreamRules.plan(existing: existing.answer.rules, desired: targets.map(\.rule))
        var report = Report(kept: targets.count - plan.add.count)
        if !plan.delete.isEmpty {
            let deleted = try await call(.POST, url, body: XRulesAPI.deleteBody(ids: plan.delete))
            report.deleted = deleted.answer.summary["deleted"] ?? (deleted.status == 200 ? plan.delete.count : 0)
            report.problems += note(deleted, action: "delete")
        }
        if !plan.add.isEmpty {
            let added = try await call(.POST, url, body: XRulesAPI.addBody(plan.add))
            report.added = added.answer.summary["created"] ?? added.answer.rules.count
            report.problems += note(added, action: "add")
        }
        return report
    }

    /// Logs what X refused and shows it on the channels it concerns (the rule's value names it; else all).
    private func note(_ result: (status: Int, answer: XRulesAPI.Answer), action: String) -> [String] {
        let problems = result.answer.errors
        for problem in problems {
            logger.error("X refused a stream rule change", metadata: ["action": "\(action)", "problem": "\(problem)"])
            let concerned = targets.filter { problem.value == nil || $0.rule.value == problem.value }
            for target in concerned {
                health.record(target.channel.key, .permanent(reason: "X refused the monitoring rule (\(action)): \(problem)"), at: clock.now())
            }
        }
        if problems.isEmpty, result.status >= 400 {
            logger.error("X refused a stream rule change", metadata: ["action": "\(action)", "status": "\(result.status)"])
            return ["\(action): HTTP \(result.status)"]
        }
        return problems.map { "\(action): \($0)" }
    }

    private func call(_ method: HTTPMethod, _ url: String, body: Data?) async throws -> (status: Int, answer: XRulesAPI.Answer) {
        var request = HTTPClientRequest(url: url)
        request.method = method
        request.headers.add(name: "Authorization", value: "Bearer \(bearer)")
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: body))
        }
        let response = try await client.execute(request, timeout: .seconds(15))
        let bytes = try await response.body.collect(upTo: 4 << 20)
        let status = Int(response.status.code)
        return (status, try XRulesAPI.read(Data(bytes.readableBytesView), status: status))
    }
}
