import Domain
import Foundation
import Storage

/// Follow and unfollow events of the channel's account (X `follow_events` / `unfollow_events`, platforms.md
/// §5.3; LINE `follow` — added as a friend or unblocked — and `unfollow` — blocked, §6.1). Pure, like
/// `Normaliser`. The X account's own follows of other people, blocks and mutes, and LINE group joins, are not
/// follow state and are skipped.
public enum FollowNormaliser {
    public static func normalise(_ event: InboxEvent, deliveryBody: Data, source: WebhookSource) -> FollowChange? {
        guard event.category == .relationship,
            let objects = try? DeliverySplitter.collect(deliveryBody, from: source, withPayloads: false).objects,
            objects.indices.contains(event.index)
        else { return nil }
        return normalise(event, object: objects[event.index])
    }

    static func normalise(_ event: InboxEvent, object: JSONObject) -> FollowChange? {
        if event.channel.kind == .line { return line(event, object: object) }
        guard event.channel.kind == .x else { return nil }
        let follows: Bool
        let relation: JSONObject
        if let follow = object.object("follow_events") {
            (follows, relation) = (true, follow)
        } else if let unfollow = object.object("unfollow_events") {
            (follows, relation) = (false, unfollow)
        } else {
            return nil
        }
        let account = event.channel.accountID
        guard userID(relation.object("target")) == account, let person = userID(relation.object("source")), person != account
        else { return nil }
        return FollowChange(channel: event.channel, person: person, follows: follows, at: event.occurredAt ?? Date(timeIntervalSince1970: 0))
    }

    private static func line(_ event: InboxEvent, object: JSONObject) -> FollowChange? {
        guard let type = object.string("type"), ["follow", "unfollow"].contains(type),
            let source = object.object("source"), source.string("type") == "user", let user = source.string("userId")
        else { return nil }
        return FollowChange(channel: event.channel, person: user, follows: type == "follow", at: event.occurredAt ?? Date(timeIntervalSince1970: 0))
    }

    /// X user objects carry `id` as a string in Account Activity; `id_str` where the v1.1 shape is used.
    private static func userID(_ user: JSONObject?) -> String? { user?.string("id_str") ?? user?.string("id") }
}
