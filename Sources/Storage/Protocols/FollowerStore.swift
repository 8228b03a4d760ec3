import Domain
import Foundation

/// Who follows each channel's account (X `follow_events` / `unfollow_events`, platforms.md §5.3). X lets the
/// account DM a person who follows it; the platform policy reads this before every X direct message.
public protocol FollowerStore: Sendable {
    /// Applies the changes in one transaction. A change older than the one already recorded for the same
    /// person and channel changes nothing (deliveries are not ordered). The person's contact, if Parley has one,
    /// gets `followsCompany` from the latest change. Each change that took effect is logged (`contact.followed`,
    /// `contact.unfollowed`) with the contact's open interactions on the channel and who holds them. Returns the
    /// changes that took effect.
    func applyFollows(_ changes: [FollowChange], at now: Date) async throws -> [FollowChange]

    /// Whether `person` (the platform's user id) follows the channel's account; nil when Parley has seen
    /// neither a follow nor an unfollow.
    func follows(_ person: String, on channel: ChannelKey) async throws -> Bool?
}

/// A person started or stopped following a channel's account.
public struct FollowChange: Sendable, Hashable {
    public var channel: ChannelKey
    public var person: String
    public var follows: Bool
    public var at: Date

    public init(channel: ChannelKey, person: String, follows: Bool, at: Date) {
        self.channel = channel
        self.person = person
        self.follows = follows
        self.at = at
    }
}
