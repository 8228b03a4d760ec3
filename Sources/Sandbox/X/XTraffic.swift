import Domain
import Foundation

/// X Account Activity traffic (platforms.md §5.3), random or scripted, signed with the consumer secret over the
/// exact bytes sent: mentions (some long, with `extended_tweet`), DMs, follows, and the account's own tweets and
/// DMs echoed back. Each event carries what it teaches the sandbox's X side (tweets, followers, DM conversations).
struct XTraffic {
    struct Event: Sendable {
        var kind: String
        var delivery: TrafficGenerator.Delivery
        var facts: [XFact]
    }

    enum Source: String, CaseIterable {
        /// A direct message, as `x` always meant.
        case x
        case xMention = "x_mention"
        case xFollow = "x_follow"
    }

    enum Scenario: String, CaseIterable {
        /// A customer mentions the account, follows it, then sends a DM.
        case xConversation = "x_conversation"
    }

    var random: TrafficGenerator
    let account: String

    mutating func random(_ source: Source, at date: Date) -> Event {
        let customer = person()
        switch source {
        case .x: return directMessage(from: customer, text: random.randomText(), at: date)
        case .xMention: return mention(by: customer, text: "@\(XActivity.handle) " + random.randomText(), long: random.chance(20), at: date)
        case .xFollow: return follow(by: customer, at: date)
        }
    }

    mutating func scenario(_ scenario: Scenario, at date: Date) -> [Event] {
        let customer = person()
        return [
            mention(by: customer, text: "@\(XActivity.handle) my order never arrived, can you check?", long: false, at: date),
            follow(by: customer, at: date + 1),
            directMessage(from: customer, text: "Following you now, my order number is 4471", at: date + 2),
        ]
    }

    struct Person {
        var id: String
        var name: String
        var user: [String: Any] {
            ["id": Int64(id) ?? 0, "id_str": id, "name": name, "screen_name": "sandbox_\(id.suffix(4))", "protected": false,
             "verified": false, "followers_count": 120, "profile_image_url_https": "https://pbs.twimg.com/profile_images/\(id)/sandbox_normal.jpg"]
        }
    }

    private mutating func person() -> Person {
        Person(id: "1" + random.randomID(digits: 18), name: random.pick(["Ann Lee", "Bo Chen", "Dana Cohen", "Ravi Iyer", "Mia Sato"]))
    }

    private var accountUser: [String: Any] {
        ["id": Int64(account) ?? 0, "id_str": account, "name": "Acme Support", "screen_name": XActivity.handle]
    }

    /// A tweet mentioning the account; `long`: over 140 characters, truncated with the full text in `extended_tweet`.
    mutating func mention(by customer: Person, text: String, long: Bool, at date: Date) -> Event {
        let id = "18" + random.randomID(digits: 17)
        var full = text
        if long { full += " — I have been waiting two weeks now and nobody answers my emails. Please, can somebody look into it today? 🙏" }
        let mentions: [[String: Any]] = [["id": Int64(account) ?? 0, "id_str": account, "screen_name": XActivity.handle, "indices": [0, 12]]]
        var tweet: [String: Any] = [
            "created_at": Self.created(date), "id": Int64(id) ?? 0, "id_str": id, "user": customer.user,
            "text": long ? String(full.prefix(139)) + "…" : full, "truncated": long, "timestamp_ms": Self.millis(date),
            "entities": ["user_mentions": mentions, "hashtags": [], "urls": []] as [String: Any],
            "in_reply_to_status_id": NSNull(), "in_reply_to_status_id_str": NSNull(), "in_reply_to_user_id_str": NSNull(),
        ]
        if long { tweet["extended_tweet"] = ["full_text": full, "entities": ["user_mentions": mentions]] }
        let body: [String: Any] = ["for_user_id": account, "user_has_blocked": false, "tweet_create_events": [tweet]]
        return Event(kind: long ? "x.mention_long" : "x.mention", delivery: random.sign(.x, body), facts: [.tweet(id: id, author: customer.id)])
    }

    mutating func directMessage(from customer: Person, text: String, at date: Date) -> Event {
        let dm = TrafficGenerator.xDirectMessageEvent(id: "15" + random.randomID(digits: 17), sender: customer.id, recipient: account, text: text, at: date)
        let body: [String: Any] = ["for_user_id": account, "direct_message_events": [dm], "users": [customer.id: customer.user, account: accountUser]]
        return Event(kind: "x.direct_message", delivery: random.sign(.x, body), facts: [.wroteDirectMessage(customer.id)])
    }

    mutating func follow(by customer: Person, at date: Date) -> Event {
        let event: [String: Any] = ["type": "follow", "created_timestamp": Self.millis(date), "target": accountUser, "source": customer.user]
        return Event(kind: "x.follow", delivery: random.sign(.x, ["for_user_id": account, "follow_events": [event]]), facts: [.follows(customer.id, true)])
    }

    /// The account's own tweet or DM, as Account Activity delivers it after the API created it.
    func echo(_ activity: XActivity, at date: Date) -> Event {
        switch activity {
        case .ownTweet(let id, let text, let answered, let replyToUser):
            let tweet: [String: Any] = [
                "created_at": Self.created(date), "id": Int64(id) ?? 0, "id_str": id, "text": text, "truncated": false, "user": accountUser,
                "in_reply_to_status_id_str": answered ?? NSNull(), "in_reply_to_user_id_str": replyToUser ?? NSNull(),
                "entities": ["user_mentions": []] as [String: Any], "timestamp_ms": Self.millis(date),
            ]
            return Event(kind: "x.own_tweet", delivery: random.sign(.x, ["for_user_id": account, "tweet_create_events": [tweet]]), facts: [])
        case .ownDirectMessage(let id, let recipient, let text):
            let dm = TrafficGenerator.xDirectMessageEvent(id: id, sender: account, recipient: recipient, text: text, at: date)
            return Event(kind: "x.own_direct_message",
                         delivery: random.sign(.x, ["for_user_id": account, "direct_message_events": [dm], "users": [account: accountUser]]), facts: [])
        }
    }

    static func millis(_ date: Date) -> String { String(Int64(date.timeIntervalSince1970 * 1000)) }

    /// v1.1's `created_at`: "Wed Oct 10 20:19:24 +0000 2018".
    static func created(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE MMM dd HH:mm:ss Z yyyy"
        return formatter.string(from: date)
    }
}

/// What X traffic teaches the sandbox's X side.
enum XFact: Sendable, Equatable {
    case tweet(id: String, author: String)
    case follows(String, Bool)
    case wroteDirectMessage(String)
}

extension TrafficGenerator {
    /// One `direct_message_events` item (platforms.md §5.3).
    static func xDirectMessageEvent(id: String, sender: String, recipient: String, text: String, at date: Date) -> [String: Any] {
        ["type": "message_create", "id": id, "created_timestamp": XTraffic.millis(date),
         "message_create": ["target": ["recipient_id": recipient], "sender_id": sender,
                            "message_data": ["text": text, "entities": ["hashtags": [], "symbols": [], "urls": [], "user_mentions": []] as [String: Any]]]]
    }
}
