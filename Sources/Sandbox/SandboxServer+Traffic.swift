import Domain
import Foundation
import Hummingbird

/// `POST /_sandbox/traffic`: generated webhooks, random or scripted, delivered to Parley at a chosen rate.
extension SandboxServer {
    struct TrafficCommand: Decodable {
        var source: String?
        var scenario: String?
        var count: Int?
        var seed: UInt64?
        /// Deliveries per second; as fast as Parley answers when absent.
        var rate: Double?
        var app: String?
    }

    struct TrafficResult: Encodable {
        var delivered = 0
        var statuses: [String: Int] = [:]
        /// How many of each kind of event were sent (`facebook.comment`, `whatsapp.image`…).
        var kinds: [String: Int] = [:]
    }

    /// What one traffic request generates.
    private enum Plan {
        case scenario(MetaTraffic.Scenario)
        case meta(MetaTraffic.Source)
        case xScenario(XTraffic.Scenario)
        case x(XTraffic.Source)
        /// Tweets about the brand published on the filtered stream (`x_keyword`), not webhooks.
        case xKeyword
        case line
        case lineConversation
        case other(String)

        init(_ command: TrafficCommand) throws {
            if command.scenario == LineTraffic.scenarioName {
                self = .lineConversation
            } else if let name = command.scenario {
                if let scenario = XTraffic.Scenario(rawValue: name) {
                    self = .xScenario(scenario)
                    return
                }
                guard let scenario = MetaTraffic.Scenario(rawValue: name) else {
                    let names = MetaTraffic.Scenario.allCases.map(\.rawValue) + XTraffic.Scenario.allCases.map(\.rawValue)
                        + [LineTraffic.scenarioName]
                    throw HTTPError(.badRequest, message: "unknown scenario '\(name)'; use \(names.joined(separator: ", "))")
                }
                self = .scenario(scenario)
            } else if let source = command.source.flatMap(MetaTraffic.Source.init(rawValue:)) {
                self = .meta(source)
            } else if let source = command.source.flatMap(XTraffic.Source.init(rawValue:)) {
                self = .x(source)
            } else if command.source == XTraffic.keywordSource {
                self = .xKeyword
            } else if command.source == "line" {
                self = .line
            } else if let source = command.source, source == "open" {
                self = .other(source)
            } else {
                let sources = MetaTraffic.Source.allCases.map(\.rawValue) + XTraffic.Source.allCases.map(\.rawValue) + [XTraffic.keywordSource, "line", "open"]
                throw HTTPError(.badRequest, message: "unknown source '\(command.source ?? "")'; use \(sources.joined(separator: ", ")), or a scenario")
            }
        }

        var xSource: XTraffic.Source? {
            if case .x(let source) = self { source } else { nil }
        }
    }

    /// Keeps deliveries `1/rate` seconds apart from the first, however long each takes.
    private struct Pacing {
        let interval: Duration?
        let start = ContinuousClock.now
        var index = 0

        mutating func wait() async throws {
            defer { index += 1 }
            guard let interval else { return }
            try await Task.sleep(until: start + interval * index, clock: .continuous)
        }
    }

    func sendTraffic(_ command: TrafficCommand, sandboxURL: String) async throws -> TrafficResult {
        guard let parleyURL else { throw HTTPError(.conflict, message: "the sandbox was started without a Parley URL") }
        let plan = try Plan(command)
        if let rate = command.rate, !(rate > 0) { throw HTTPError(.badRequest, message: "rate must be more than 0 deliveries per second") }
        let deliverer = WebhookDeliverer(parleyURL: parleyURL, app: command.app, lineChannel: command.app ?? accounts.lineChannel)
        let seed = command.seed ?? UInt64(Date().timeIntervalSince1970 * 1000)
        var others = TrafficGenerator(secrets: secrets, seed: seed)
        var meta = MetaTraffic(random: TrafficGenerator(secrets: secrets, seed: seed), accounts: accounts, sandboxURL: sandboxURL)
        var line = LineTraffic(random: TrafficGenerator(secrets: secrets, seed: seed), bot: accounts.lineBot)
        // Customers go on commenting on the page's latest post, whichever run announced it.
        meta.companyPost = await state.latestPost(by: accounts.facebookPage)
        var x = XTraffic(random: TrafficGenerator(secrets: secrets, seed: seed), account: accounts.xAccount)
        var pacing = Pacing(interval: command.rate.map { .seconds(1 / $0) })
        var result = TrafficResult()
        for _ in 0..<min(max(command.count ?? 1, 1), 10_000) {
            var events: [MetaTraffic.Event] = []
            var xEvents: [XTraffic.Event] = []
            if case .scenario(let scenario) = plan { events = meta.scenario(scenario, at: await state.now()) }
            if case .xScenario(let scenario) = plan { xEvents = x.scenario(scenario, at: await state.now()) }
            if case .lineConversation = plan { events = line.conversation(at: await state.now()) }
            repeat {
                try await pacing.wait()
                if case .xKeyword = plan {
                    let published = await state.publishXStreamTweet(x.keywordTweet())
                    let status = published.connections > 0 && !published.matching_rules.isEmpty ? "streamed" : "unmatched"
                    await state.noteDelivery("x.keyword", status: published.connections > 0 ? 200 : 0)
                    result.delivered += status == "streamed" ? 1 : 0
                    result.statuses[status, default: 0] += 1
                    result.kinds["x.keyword", default: 0] += 1
                    continue
                }
                let event: MetaTraffic.Event
                switch plan {
                case .scenario, .lineConversation: event = events.removeFirst()
                case .meta(let source): event = meta.random(source, at: await state.now())
                case .xScenario, .x:
                    let generated = xEvents.isEmpty ? x.random(plan.xSource ?? .x, at: await state.now()) : xEvents.removeFirst()
                    await state.learn(generated.facts)
                    event = MetaTraffic.Event(kind: generated.kind, delivery: generated.delivery, facts: [])
                case .line: event = line.random(at: await state.now())
                case .other(let source): event = MetaTraffic.Event(kind: source, delivery: others.delivery(source, accounts: accounts), facts: [])
                case .xKeyword: continue
                }
                await state.learn(event.facts)
                if event.delivery.source == .line { await state.learnLine(from: event.delivery.body) }
                let status = try await deliverer.deliver(event.delivery)
                await state.noteDelivery(event.kind, status: status)
                result.delivered += 1
                result.statuses[String(status), default: 0] += 1
                result.kinds[event.kind, default: 0] += 1
            } while !events.isEmpty || !xEvents.isEmpty
        }
        return result
    }

    /// Delivers the webhooks Meta sends after answering a call (echoes, statuses), shortly after the answer.
    func deliver(_ followUps: [MetaFollowUp], sandboxURL: String) async {
        guard let parleyURL else { return }
        try? await Task.sleep(for: .milliseconds(100))
        var traffic = MetaTraffic(random: TrafficGenerator(secrets: secrets), accounts: accounts, sandboxURL: sandboxURL)
        let deliverer = WebhookDeliverer(parleyURL: parleyURL)
        for followUp in followUps {
            let event = traffic.followUp(followUp, at: await state.now())
            await state.noteDelivery(event.kind, status: (try? await deliverer.deliver(event.delivery)) ?? 0)
        }
    }
}

extension TrafficGenerator {
    /// One open-channel message, as the sandbox always generated them.
    mutating func delivery(_ source: String, accounts: SandboxServer.Accounts) -> Delivery {
        switch source {
        default: openText(integration: accounts.openIntegration)
        }
    }
}

extension SandboxServer {
    /// Generates and delivers what `POST /_sandbox/traffic` would (`parley demo` calls it in-process): a random
    /// event of `source`, or a whole `scenario`. Returns how many of each kind of event went out.
    public func deliverTraffic(source: String? = nil, scenario: String? = nil, count: Int = 1, sandboxURL: String) async throws -> [String: Int] {
        try await sendTraffic(TrafficCommand(source: source, scenario: scenario, count: count), sandboxURL: sandboxURL).kinds
    }
}
