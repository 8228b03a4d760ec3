import Foundation

/// A figure's mean across replications, with the half-width of its Student-t confidence interval.
public struct Estimate: Codable, Sendable, Hashable {
    public var mean: Double
    /// nil with a single replication (no spread to measure).
    public var halfWidth: Double?
    /// How many replications had a value (a workgroup with no arrivals has no wait).
    public var count: Int

    public init(mean: Double, halfWidth: Double?, count: Int) {
        self.mean = mean
        self.halfWidth = halfWidth
        self.count = count
    }

    /// nil when no replication has a value.
    public init?(_ values: [Double], confidence: Double) {
        guard !values.isEmpty else { return nil }
        let n = Double(values.count)
        mean = values.reduce(0, +) / n
        count = values.count
        guard values.count > 1 else { return }
        let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (n - 1)
        halfWidth = StudentT.critical(confidence: confidence, degreesOfFreedom: values.count - 1) * (variance / n).squareRoot()
    }

    public var interval: ClosedRange<Double>? { halfWidth.map { (mean - $0)...(mean + $0) } }

    public func contains(_ value: Double) -> Bool { interval?.contains(value) ?? false }

    /// The half-width as a share of `reference` (e.g. the theoretical value).
    public func relativeHalfWidth(to reference: Double) -> Double? { halfWidth.map { $0 / abs(reference) } }
}
