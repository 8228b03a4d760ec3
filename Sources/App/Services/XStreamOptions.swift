import Foundation

/// How the X stream consumer waits (`XStreamConsumer`): real time in production; tests shorten the stall timeout
/// and replace the backoff sleep and its jitter so a 60 s backoff takes no time.
public struct XStreamOptions: Sendable {
    /// Reconnect when nothing at all (not even a keep-alive, which X sends about every 20 s) arrived for this long.
    public var stallTimeout: TimeInterval = 30
    /// Lines longer than this are skipped, not kept (a tweet with expansions is a few kilobytes).
    public var maxLineBytes = 1 << 20
    /// Waits between connection attempts (the backoff).
    public var sleep: @Sendable (TimeInterval) async throws -> Void = { try await Task.sleep(for: .milliseconds(Int64($0 * 1000))) }
    /// The backoff's jitter, 0..<1.
    public var random: @Sendable () -> Double = { Double.random(in: 0..<1) }
    /// Told each backoff wait with its cause (tests and logs).
    public var onBackoff: @Sendable (TimeInterval, String) -> Void = { _, _ in }

    public init() {}
}
