/// A queue: where interactions wait for an agent with the required skills.
public struct Workgroup: Codable, Sendable, Hashable, Identifiable {
    public typealias ID = Identifier<Workgroup>

    public var id: ID
    public var name: String
    public var requiredSkills: [SkillLevel]
    /// Service level: the share of interactions to accept within `serviceLevelSeconds`.
    public var serviceLevelSeconds: Int
    public var serviceLevelTarget: Double
    public var calendarID: BusinessCalendar.ID?
    public var routing: WorkgroupRouting

    public init(
        id: ID, name: String, requiredSkills: [SkillLevel] = [], serviceLevelSeconds: Int = 3600,
        serviceLevelTarget: Double = 0.8, calendarID: BusinessCalendar.ID? = nil, routing: WorkgroupRouting = WorkgroupRouting()
    ) {
        self.routing = routing
        self.id = id
        self.name = name
        self.requiredSkills = requiredSkills
        self.serviceLevelSeconds = serviceLevelSeconds
        self.serviceLevelTarget = serviceLevelTarget
        self.calendarID = calendarID
    }
}

extension Workgroup {
    private enum CodingKeys: String, CodingKey {
        case id, name, requiredSkills, serviceLevelSeconds, serviceLevelTarget, calendarID, routing
    }

    /// Definitions stored before routing settings existed decode with the defaults.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(id: try container.decode(ID.self, forKey: .id), name: try container.decode(String.self, forKey: .name),
                  requiredSkills: try container.decodeIfPresent([SkillLevel].self, forKey: .requiredSkills) ?? [],
                  serviceLevelSeconds: try container.decodeIfPresent(Int.self, forKey: .serviceLevelSeconds) ?? 3600,
                  serviceLevelTarget: try container.decodeIfPresent(Double.self, forKey: .serviceLevelTarget) ?? 0.8,
                  calendarID: try container.decodeIfPresent(BusinessCalendar.ID.self, forKey: .calendarID),
                  routing: try container.decodeIfPresent(WorkgroupRouting.self, forKey: .routing) ?? WorkgroupRouting())
    }
}
