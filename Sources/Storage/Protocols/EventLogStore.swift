import Domain
import Foundation

/// The one event log. Positions are monotonic: a reader that remembers the last position it saw
/// continues exactly where it stopped.
public protocol EventLogStore: Sendable {
    /// Appends events in one transaction and returns their positions.
    @discardableResult
    func append(_ events: [DomainEvent], at: Date) async throws -> [Int64]

    func events(after position: Int64, limit: Int) async throws -> [LoggedEvent]

    /// The position of the newest event, 0 when the log is empty.
    func lastPosition() async throws -> Int64
}
