import Domain

/// One customer in a simulated run. Handle time and patience are drawn at arrival from the arrival stream's
/// own generator, so that runs differing only in staffing see the very same customers.
struct SimulatedInteraction: Sendable {
    let id: Interaction.ID
    let stream: Int
    let arrivedAt: Double
    let handle: Double
    /// Arrived inside the measured window.
    let measured: Bool
    var offeredAt: Double?
    var answered = false
    var abandoned = false
    var closed = false
    /// The agent (index) it is offered to or held by.
    var holder: Int?
    var inService = false
    /// Bumped on every change of hands: scheduled answers and completions of an older token are void.
    var token = 0

    init(id: Interaction.ID, stream: Int, arrivedAt: Double, handle: Double, measured: Bool) {
        self.id = id
        self.stream = stream
        self.arrivedAt = arrivedAt
        self.handle = handle
        self.measured = measured
    }
}

struct SimulatedAgent: Sendable {
    var profile: AgentProfile
    /// Overlapping shifts nest: logged in while at least one is on.
    var shiftsOn = 0
    /// Interactions offered to or held by the agent.
    var load = 0
}
