import Domain
import Foundation

/// The scenario file (JSON here; the command line turns YAML into the same). Keys are snake_case like
/// `parley.yml`; durations are a number of seconds or `90s`, `15m`, `8h`, `1d`; unknown keys are errors.
extension SimulationScenario: Decodable {
    enum Keys: String, CodingKey, CaseIterable { case workgroups, arrivals, agents, answer_after, run }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.strictContainer(Keys.self)
        self.init(
            workgroups: try c.decode([WorkgroupSpec].self, forKey: .workgroups).map(\.policy),
            arrivals: try c.decode([ArrivalStream].self, forKey: .arrivals), agents: try c.decode([AgentGroup].self, forKey: .agents),
            answerAfter: try c.decodeIfPresent(Seconds.self, forKey: .answer_after)?.value ?? 0,
            run: try c.decodeIfPresent(RunSettings.self, forKey: .run) ?? RunSettings())
    }

    /// Decodes a scenario, turning decoding failures into a message naming the item ("arrivals[0].per_hour: …").
    public static func decode(json: Data) throws(SimulationError) -> SimulationScenario {
        do {
            return try JSONDecoder().decode(SimulationScenario.self, from: json)
        } catch let error as DecodingError {
            throw SimulationError([error.explanation])
        } catch {
            throw SimulationError(["the scenario is not valid JSON: \(error.localizedDescription)"])
        }
    }
}

extension SimulationScenario.RunSettings: Decodable {
    enum Keys: String, CodingKey, CaseIterable { case length, warm_up, replications, seed, drain_limit }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.strictContainer(Keys.self)
        let defaults = Self()
        self.init(
            length: try c.decodeIfPresent(Seconds.self, forKey: .length)?.value ?? defaults.length,
            warmUp: try c.decodeIfPresent(Seconds.self, forKey: .warm_up)?.value ?? defaults.warmUp,
            replications: try c.decodeIfPresent(Int.self, forKey: .replications) ?? defaults.replications,
            seed: try c.decodeIfPresent(UInt64.self, forKey: .seed) ?? defaults.seed,
            drainLimit: try c.decodeIfPresent(Seconds.self, forKey: .drain_limit)?.value ?? defaults.drainLimit)
    }
}

extension SimulationScenario.ArrivalStream: Decodable {
    enum Keys: String, CodingKey, CaseIterable { case workgroup, channel, per_hour, handle, patience, priority }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.strictContainer(Keys.self)
        self.init(
            workgroup: try c.decode(Workgroup.ID.self, forKey: .workgroup),
            channel: try c.decodeIfPresent(CapacityClass.self, forKey: .channel) ?? .webMessaging,
            perHour: try c.decode(Double.self, forKey: .per_hour), handle: try c.decode(SimulationDistribution.self, forKey: .handle),
            patience: try c.decodeIfPresent(SimulationDistribution.self, forKey: .patience), priority: try c.decodeIfPresent(Int.self, forKey: .priority))
    }
}

extension SimulationScenario.AgentGroup: Decodable {
    enum Keys: String, CodingKey, CaseIterable { case id, count, workgroups, skills, capacity, total_capacity, shifts }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.strictContainer(Keys.self)
        let skills = try c.decodeIfPresent([String: Int].self, forKey: .skills) ?? [:]
        let capacity = try c.decodeIfPresent([CapacityClass: Int].self, forKey: .capacity)
        self.init(
            id: try c.decode(String.self, forKey: .id), count: try c.decodeIfPresent(Int.self, forKey: .count) ?? 1,
            workgroups: Set(try c.decode([Workgroup.ID].self, forKey: .workgroups)),
            skills: Dictionary(uniqueKeysWithValues: skills.map { (Skill.ID($0.key), $0.value) }),
            capacity: capacity ?? [.webMessaging: 1, .privateMessaging: 1, .publicSocial: 1],
            totalCapacity: try c.decodeIfPresent(Int.self, forKey: .total_capacity) ?? 1,
            shifts: try c.decodeIfPresent([ShiftSpec].self, forKey: .shifts)?.map(\.shift) ?? [])
    }

    private struct ShiftSpec: Decodable {
        enum Keys: String, CodingKey, CaseIterable { case start, end }
        var shift: SimulationScenario.Shift

        init(from decoder: any Decoder) throws {
            let c = try decoder.strictContainer(Keys.self)
            shift = .init(start: try c.decode(Seconds.self, forKey: .start).value, end: try c.decode(Seconds.self, forKey: .end).value)
        }
    }
}

extension SimulationDistribution: Decodable {
    enum Keys: String, CodingKey, CaseIterable { case mean, fixed, samples, file }

    /// Exactly one of `{mean: 5m}` (exponential), `{fixed: 300}`, `{samples: [120, 310]}` or `{file: handle.txt}`.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.strictContainer(Keys.self)
        guard c.allKeys.count == 1, let key = c.allKeys.first else {
            throw DecodingError.dataCorrupted(.init(
                codingPath: decoder.codingPath, debugDescription: "give exactly one of mean (exponential), fixed, samples or file"))
        }
        switch key {
        case .mean: self = .exponential(mean: try c.decode(Seconds.self, forKey: .mean).value)
        case .fixed: self = .fixed(try c.decode(Seconds.self, forKey: .fixed).value)
        case .samples: self = .samples(try c.decode([Double].self, forKey: .samples))
        case .file: self = .file(try c.decode(String.self, forKey: .file))
        }
    }
}

/// A workgroup's routing policy; anything left out takes `WorkgroupPolicy`'s default.
struct WorkgroupSpec: Decodable {
    enum Keys: String, CodingKey, CaseIterable {
        case id, required_skills, expansion, overflow, alerting_timeout, service_levels, strategy, priority, aging_per_minute, rona_boost
        case auto_answer
    }

    var policy: WorkgroupPolicy

    init(from decoder: any Decoder) throws {
        let c = try decoder.strictContainer(Keys.self)
        var policy = WorkgroupPolicy(id: try c.decode(Workgroup.ID.self, forKey: .id))
        policy.requiredSkills = try c.decodeIfPresent([SkillRequirement].self, forKey: .required_skills) ?? []
        policy.expansion = try c.decodeIfPresent([TierSpec].self, forKey: .expansion)?.map(\.tier) ?? []
        policy.overflow = try c.decodeIfPresent(OverflowSpec.self, forKey: .overflow)?.overflow
        policy.alertingTimeout = try c.decodeIfPresent(Seconds.self, forKey: .alerting_timeout)?.value ?? policy.alertingTimeout
        if let levels = try c.decodeIfPresent([Seconds].self, forKey: .service_levels) { policy.serviceLevels = levels.map { Int($0.value) } }
        policy.strategy = try c.decodeIfPresent(SelectionStrategy.self, forKey: .strategy) ?? policy.strategy
        policy.priority = try c.decodeIfPresent(Int.self, forKey: .priority) ?? policy.priority
        policy.agingPerMinute = try c.decodeIfPresent(Int.self, forKey: .aging_per_minute) ?? policy.agingPerMinute
        policy.ronaBoost = try c.decodeIfPresent(Int.self, forKey: .rona_boost) ?? policy.ronaBoost
        policy.autoAnswer = try c.decodeIfPresent(Bool.self, forKey: .auto_answer) ?? policy.autoAnswer
        self.policy = policy
    }

    private struct TierSpec: Decodable {
        enum Keys: String, CodingKey, CaseIterable { case after, minimum }
        var tier: ExpansionTier

        init(from decoder: any Decoder) throws {
            let c = try decoder.strictContainer(Keys.self)
            tier = ExpansionTier(after: try c.decode(Seconds.self, forKey: .after).value, minimum: try c.decode(Int.self, forKey: .minimum))
        }
    }

    private struct OverflowSpec: Decodable {
        enum Keys: String, CodingKey, CaseIterable { case to, after }
        var overflow: Overflow

        init(from decoder: any Decoder) throws {
            let c = try decoder.strictContainer(Keys.self)
            overflow = Overflow(to: try c.decode(Workgroup.ID.self, forKey: .to), after: try c.decode(Seconds.self, forKey: .after).value)
        }
    }
}
