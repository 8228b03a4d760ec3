import Domain
import Routing
import Yams

/// The `agents:` section: routing profiles (skills, workgroups, capacity, total cap, blending) of users who
/// sign in with passwords created elsewhere (`parley user add`, the admin API). Only the keys written are
/// applied; the rest of the profile stays as it is.
extension ConfigLoader {
    static let agentKeys = ["username", "skills", "workgroups", "capacity", "total_capacity", "blending"]

    static func readAgent(_ fields: [String: Node], _ path: String, _ reader: inout YAMLReader) -> ParleyConfig.AgentRouting? {
        guard let username = reader.string(fields["username"], "\(path).username", required: true) else { return nil }
        var agent = ParleyConfig.AgentRouting(username: username)
        if fields["skills"] != nil {
            agent.skills = reader.sequence(fields["skills"], "\(path).skills").enumerated().compactMap { index, node in
                let itemPath = "\(path).skills[\(index)]"
                guard let item = reader.mapping(node, itemPath, known: ["skill", "proficiency"]),
                      let skill = reader.string(item["skill"], "\(itemPath).skill", required: true),
                      let proficiency = reader.int(item["proficiency"], "\(itemPath).proficiency", range: SkillLevel.proficiencyRange) else { return nil }
                return SkillLevel(skill: .init(skill), proficiency: proficiency)
            }
        }
        if fields["workgroups"] != nil {
            agent.workgroups = reader.sequence(fields["workgroups"], "\(path).workgroups").enumerated().compactMap { index, node in
                reader.string(node, "\(path).workgroups[\(index)]").map { Workgroup.ID($0) }
            }
        }
        if let node = fields["capacity"], let classes = reader.mapping(node, "\(path).capacity", known: CapacityClass.allCases.map(\.rawValue), closed: true) {
            agent.capacity = Dictionary(uniqueKeysWithValues: classes.compactMap { name, value in
                CapacityClass(rawValue: name).flatMap { capacityClass in
                    reader.int(value, "\(path).capacity.\(name)", range: 1...AgentProfile.maximumCapacity).map { (capacityClass, $0) }
                }
            })
        }
        agent.totalCapacity = reader.int(fields["total_capacity"], "\(path).total_capacity", range: 1...AgentProfile.maximumCapacity)
        if let node = fields["blending"], let held = reader.mapping(node, "\(path).blending", known: CapacityClass.allCases.map(\.rawValue), closed: true) {
            var blending: [CapacityClass: Set<CapacityClass>] = [:]
            for (name, allowedNode) in held {
                guard let capacityClass = CapacityClass(rawValue: name) else { continue }
                blending[capacityClass] = Set(reader.sequence(allowedNode, "\(path).blending.\(name)").enumerated().compactMap { index, item in
                    reader.enumeration(item, "\(path).blending.\(name)[\(index)]", as: CapacityClass.self, required: true)
                })
            }
            agent.blending = blending
        }
        return agent
    }

    /// Agents' usernames appear once; their skills and workgroups are declared in the file.
    static func checkAgents(_ config: ParleyConfig, top: [String: Node], reader: inout YAMLReader) {
        let nodes = reader.sequence(top["agents"], "agents")
        let skills = Set(config.skills.map(\.id))
        let workgroups = Set(config.workgroups.map(\.id))
        var seen = Set<String>()
        for (index, agent) in config.agents.enumerated() {
            let path = "agents[\(index)] (\(agent.username))"
            if !seen.insert(agent.username).inserted { reader.error(nodes[safe: index], path, "'\(agent.username)' is listed twice") }
            for level in agent.skills ?? [] where !skills.contains(level.skill) {
                reader.error(nodes[safe: index], "\(path).skills", "skill '\(level.skill)' is not declared under 'skills'")
            }
            for workgroup in agent.workgroups ?? [] where !workgroups.contains(workgroup) {
                reader.error(nodes[safe: index], "\(path).workgroups", "workgroup '\(workgroup)' is not declared under 'workgroups'")
            }
        }
    }
}
