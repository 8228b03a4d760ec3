import Foundation

/// The M/M/c queue (Poisson arrivals, exponential service, c agents, FIFO, nobody abandons): the
/// theoretical figures the simulator is checked against.
public struct ErlangC: Sendable, Hashable {
    public var agents: Int
    /// λ, arrivals per second.
    public var arrivalRate: Double
    /// μ, services per second per agent (1 / mean handle time).
    public var serviceRate: Double

    public init(agents: Int, arrivalRate: Double, serviceRate: Double) {
        precondition(agents >= 1 && arrivalRate >= 0 && serviceRate > 0)
        self.agents = agents
        self.arrivalRate = arrivalRate
        self.serviceRate = serviceRate
    }

    /// a = λ/μ, in Erlangs.
    public var offeredLoad: Double { arrivalRate / serviceRate }
    /// ρ = a/c.
    public var utilization: Double { offeredLoad / Double(agents) }

    /// The line stays finite only if agents serve faster than customers arrive (ρ < 1, with a rounding margin).
    public var isStable: Bool { arrivalRate < Double(agents) * serviceRate * (1 - 1e-12) }

    /// Erlang B by its recursion B(k) = a·B(k−1) / (k + a·B(k−1)), which never overflows.
    public var blockingProbability: Double {
        let a = offeredLoad
        var b = 1.0
        for k in 1...agents { b = a * b / (Double(k) + a * b) }
        return b
    }

    /// C(c, a): the probability that an arrival has to wait. 1 when the queue is unstable.
    public var probabilityOfWait: Double {
        guard isStable else { return 1 }
        let b = blockingProbability
        return b / (1 - utilization * (1 - b))
    }

    /// The rate at which the waiting line drains when all agents are busy: cμ − λ.
    var drainRate: Double { Double(agents) * serviceRate - arrivalRate }

    /// Wq = C / (cμ − λ), in seconds.
    public var meanWait: Double {
        guard isStable else { return .infinity }
        return probabilityOfWait / drainRate
    }

    /// P(W > t) = C·e^(−(cμ−λ)t) for FIFO service.
    public func probabilityWaitExceeds(_ t: Double) -> Double {
        guard isStable else { return 1 }
        return probabilityOfWait * exp(-drainRate * max(t, 0))
    }
}
