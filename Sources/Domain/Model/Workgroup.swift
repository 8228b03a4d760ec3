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

    public init(
        id: ID, name: String, requiredSkills: [SkillLevel] = [], serviceLevelSeconds: Int = 3600,
        serviceLevelTarget: Double = 0.8, calendarID: BusinessCalendar.ID? = nil
    ) {
        self.id = id
        self.name = name
        self.requiredSkills = requiredSkills
        self.serviceLevelSeconds = serviceLevelSeconds
        self.serviceLevelTarget = serviceLevelTarget
        self.calendarID = calendarID
    }
}
