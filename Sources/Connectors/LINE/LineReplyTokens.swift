import Domain
import Foundation
import Synchronization

/// The reply tokens of customers' latest LINE events (platforms.md §6.2): single use, valid about a minute after
/// the webhook. The pipeline records the token of each new message as it stores the message (with the time the
/// webhook arrived); `LineSender` takes it for the first answer to that customer while it is fresh. Kept in
/// memory: a token outlives its use by seconds, and without one (after a restart, or on another node) the answer
/// simply goes as a push.
public final class LineReplyTokens: Sendable {
    struct Entry {
        var token: String
        var receivedAt: Date
    }

    /// How long after its webhook a token is used (`PolicyLimits.lineReplyTokenUse`: 50 s, under LINE's minute).
    public let use: TimeInterval
    private let entries = Mutex<[String: Entry]>([:])

    public init(use: TimeInterval = PolicyLimits().lineReplyTokenUse) {
        self.use = use
    }

    /// Keeps `token` as the customer's latest, unless a later one is already kept.
    public func record(_ token: String, channel: ChannelKey, customer: String, receivedAt: Date) {
        entries.withLock { entries in
            let key = Self.key(channel, customer)
            if let kept = entries[key], kept.receivedAt > receivedAt { return }
            entries[key] = Entry(token: token, receivedAt: receivedAt)
            // Spent and stale tokens go, so the book holds about a minute of customers.
            if entries.count > 1024 { entries = entries.filter { receivedAt.timeIntervalSince($0.value.receivedAt) < use } }
        }
    }

    /// The customer's token if it is still fresh at `now`; it is removed either way (a token is used once).
    public func take(channel: ChannelKey, customer: String, now: Date) -> String? {
        entries.withLock { entries in
            guard let entry = entries.removeValue(forKey: Self.key(channel, customer)) else { return nil }
            return now.timeIntervalSince(entry.receivedAt) < use ? entry.token : nil
        }
    }

    /// What the policy shows the agent: when the customer's token was issued, if one is kept and fresh.
    public func issuedAt(channel: ChannelKey, customer: String, now: Date) -> Date? {
        entries.withLock { entries in
            entries[Self.key(channel, customer)].flatMap { now.timeIntervalSince($0.receivedAt) < use ? $0.receivedAt : nil }
        }
    }

    private static func key(_ channel: ChannelKey, _ customer: String) -> String { "\(channel)|\(customer)" }
}
