/// A random duration in seconds: a handle time, or a customer's patience.
public enum SimulationDistribution: Sendable, Hashable {
    case exponential(mean: Double)
    case fixed(Double)
    /// Drawn uniformly from observed values (e.g. last month's handle times).
    case samples([Double])
    /// A file of seconds, one value a line; the command line reads it into `.samples` before the run.
    case file(String)

    public func sample(_ generator: inout SeededGenerator) -> Double {
        switch self {
        case .exponential(let mean): generator.exponential(mean: mean)
        case .fixed(let seconds): seconds
        case .samples(let values): values[Int(generator.next() % UInt64(values.count))]
        case .file(let path): preconditionFailure("handle-time file \(path) was not loaded before the run")
        }
    }

    public var mean: Double? {
        switch self {
        case .exponential(let mean): mean
        case .fixed(let seconds): seconds
        case .samples(let values): values.isEmpty ? nil : values.reduce(0, +) / Double(values.count)
        case .file: nil
        }
    }

    /// What is wrong with it, if anything.
    var problem: String? {
        switch self {
        case .exponential(let mean) where !(mean > 0 && mean.isFinite): "the mean must be a positive number of seconds (got \(mean))"
        case .fixed(let seconds) where !(seconds >= 0 && seconds.isFinite): "must be zero or more seconds (got \(seconds))"
        case .samples(let values) where values.isEmpty: "the list of samples is empty"
        case .samples(let values) where values.contains { !($0 >= 0 && $0.isFinite) }: "samples must be zero or more seconds"
        case .file(let path): "the file \(path) was not loaded"
        default: nil
        }
    }
}
