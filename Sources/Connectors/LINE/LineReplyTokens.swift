import Domain
import Foundation
import Synchronization

/// The reply tokens of customers' latest LINE events (platforms.md §6.2): single use, valid about a minute after
/// the webhook. The pipeline records the token of each new message as it stores the message (with the time the
/// webhook arrived); `LineSender` takes it for the first answer to that customer while it is fresh, and the reply
/// window shows it to the agent. Keyed by the customer's identity (scoped by the bot). Kept in memory: a token
/// outlives its use by seconds, and without one (after a restart, or on another node) the answer simply goes as
/// a push.
public final class LineReplyTokens: Sendable {
    struct Entry {
        var token: String
        var receivedAt: Date
    }

    /// How long after its webhook a token is used (`PolicyLimits.lineReplyTokenUse`: 50 s, under LINE's minute).
    public let use: TimeInterval
    private let entries = Mutex<[Identity.Key: Entry]>([:])

    public init(use: TimeInterval = PolicyLimits().lineReplyTokenUse) {
        self.use = use
    }

    /// Keeps `token` as the customer's latest, unless a later one is already kept.
    public func record(_ token: String, customer: Identity.Key, receivedAt: Date) {
        entries.withLock { entries in
            if let kept = entries[customer], kept.receivedAt > receivedAt { return }
            entries[customer] = Entry(token: token, receivedAt: receivedAt)
            // Spent and stale tokens go, so the book holds about a minute of customers.
            if entries.count > 1024 { entries = entries.filter { receivedAt.timeIntervalSince($0.value.receivedAt) < use } }
        }
    }

    /// The customer's token if it is still fresh at `now`; it is removed either way (a token is used once).
    public func take(customer: Identity.Key, now: Date) -> String? {
        entries.withLock { entries in
            guard let entry = entries.removeValue(forKey: customer) else { return nil }
            return now.timeIntervalSince(entry.receivedAt) < use ? entry.token : nil
        }
    }

    /// The customer's unused token as the policy sees it (`MessagingWindow` decides whether it is still fresh).
    public func token(of customer: Identity.Key) -> LineReplyToken? {
        entries.withLock { entries in entries[customer].map { LineReplyToken(issuedAt: $0.receivedAt) } }
    }
}
