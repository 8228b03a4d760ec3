/// Something that happens at a moment of simulated time. Events at the same moment run in the order they
/// were scheduled, which keeps a run reproducible.
struct SimulationEvent: Comparable, Sendable {
    enum Kind: Sendable {
        case arrival(stream: Int)
        /// The agent accepts the offer; `token` voids it if the interaction has moved on since.
        case answer(interaction: Int, agent: Int, token: Int)
        case completion(interaction: Int, token: Int)
        case patienceEnds(interaction: Int)
        case shift(agent: Int, starts: Bool)
        /// After a RONA the agent makes themselves ready again.
        case readyAgain(agent: Int)
        /// Something in the engine is due (an offer expiring, a target widening, an overflow).
        case tick
    }

    var time: Double
    var sequence: Int
    var kind: Kind

    static func < (lhs: SimulationEvent, rhs: SimulationEvent) -> Bool {
        (lhs.time, lhs.sequence) < (rhs.time, rhs.sequence)
    }

    static func == (lhs: SimulationEvent, rhs: SimulationEvent) -> Bool {
        lhs.time == rhs.time && lhs.sequence == rhs.sequence
    }
}

/// Agent-seconds logged in and busy (holding or being offered at least one interaction), counted only
/// inside the measured window.
struct OccupancyLedger: Sendable {
    let window: Range<Double>
    var loggedIn = 0
    var busy = 0
    var loggedInSeconds = 0.0
    var busySeconds = 0.0
    private var last = 0.0

    init(window: Range<Double>) { self.window = window }

    mutating func advance(to time: Double) {
        let overlap = min(time, window.upperBound) - max(last, window.lowerBound)
        if overlap > 0 {
            loggedInSeconds += Double(loggedIn) * overlap
            busySeconds += Double(busy) * overlap
        }
        last = max(last, time)
    }
}
