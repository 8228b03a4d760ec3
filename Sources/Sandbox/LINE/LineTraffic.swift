import Domain
import Foundation

/// LINE webhook traffic (platforms.md §6.1), random or scripted, signed with the channel secret over the exact
/// bytes sent: one-to-one chats with the bot — text with emoji, stickers (no text), images (content by id),
/// locations, follows, postbacks — and now and then an earlier event redelivered as LINE does (same
/// `webhookEventId`, `isRedelivery: true`, its stale reply token).
struct LineTraffic {
    static let scenarioName = "line_conversation"

    var random: TrafficGenerator
    let bot: String
    /// Users met in this run: some messages continue their conversations.
    private var regulars: [String] = []
    /// Events already sent, for redeliveries.
    private var sent: [[String: Any]] = []

    init(random: TrafficGenerator, bot: String) {
        self.random = random
        self.bot = bot
    }

    /// One random event.
    mutating func random(at: Date) -> MetaTraffic.Event {
        if !sent.isEmpty, random.chance(8) { return redelivery(of: random.pick(sent)) }
        let user = regulars.isEmpty || random.chance(40) ? newUser() : random.pick(regulars)
        switch random.nextRandom() % 10 {
        case 0: return deliver("sticker", user: user, at: at, message: sticker())
        case 1: return deliver("image", user: user, at: at, message: ["type": "image", "contentProvider": ["type": "line"]])
        case 2: return deliver("location", user: user, at: at, message: location())
        case 3: return deliver("follow", user: user, at: at, fields: ["follow": ["isUnblocked": false]])
        case 4: return deliver("postback", user: user, at: at, fields: ["postback": ["data": "action=track&order=44\(random.randomID(digits: 2))"]])
        default: return deliver("text", user: user, at: at, message: ["type": "text", "text": random.randomText()])
        }
    }

    /// `line_conversation`: follow → text → sticker → image → the text redelivered → postback, one user.
    mutating func conversation(at: Date) -> [MetaTraffic.Event] {
        let user = newUser()
        let follow = deliver("follow", user: user, at: at, fields: ["follow": ["isUnblocked": false]])
        let text = deliver("text", user: user, at: at + 1, message: ["type": "text", "text": "Hi 👋 where is my order #4471?"])
        let textEvent = sent[sent.count - 1]
        let sticker = deliver("sticker", user: user, at: at + 2, message: sticker())
        let image = deliver("image", user: user, at: at + 3, message: ["type": "image", "contentProvider": ["type": "line"]])
        return [follow, text, sticker, image, redelivery(of: textEvent),
                deliver("postback", user: user, at: at + 4, fields: ["postback": ["data": "action=talk_to_agent"]])]
    }

    private mutating func newUser() -> String {
        let user = "U" + (0..<32).map { _ in String(random.nextRandom() % 16, radix: 16) }.joined()
        regulars.append(user)
        if regulars.count > 20 { regulars.removeFirst() }
        return user
    }

    private mutating func sticker() -> [String: Any] {
        ["type": "sticker", "packageId": "446", "stickerId": random.pick(["1988", "1989", "2000"]), "stickerResourceType": "STATIC"]
    }

    private mutating func location() -> [String: Any] {
        ["type": "location", "title": "Acme Store Shibuya", "address": "1-2-3 Shibuya, Shibuya City, Tokyo", "latitude": 35.658034, "longitude": 139.701636]
    }

    /// One event in its own delivery. Message events get a message id; all but unfollow get a reply token.
    private mutating func deliver(_ kind: String, user: String, at: Date, message: [String: Any]? = nil,
                                  fields: [String: Any] = [:]) -> MetaTraffic.Event {
        var event: [String: Any] = [
            "type": message == nil ? kind : "message", "mode": "active", "timestamp": Int64(at.timeIntervalSince1970 * 1000),
            "source": ["type": "user", "userId": user], "webhookEventId": ulid(at),
            "deliveryContext": ["isRedelivery": false], "replyToken": random.randomID(digits: 32),
        ]
        if var message {
            message["id"] = random.randomID(digits: 18)
            if message["type"] as? String == "text" { message["quoteToken"] = "q" + random.randomID(digits: 20) }
            event["message"] = message
        }
        event.merge(fields) { _, new in new }
        sent.append(event)
        return MetaTraffic.Event(kind: "line.\(kind)", delivery: random.sign(.line, ["destination": bot, "events": [event]]), facts: [])
    }

    private func redelivery(of event: [String: Any]) -> MetaTraffic.Event {
        var again = event
        again["deliveryContext"] = ["isRedelivery": true]
        return MetaTraffic.Event(kind: "line.redelivery", delivery: random.sign(.line, ["destination": bot, "events": [again]]), facts: [])
    }

    /// A ULID-shaped id (26 Crockford base-32 characters, time first), as LINE's `webhookEventId`.
    private mutating func ulid(_ at: Date) -> String {
        let alphabet = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ")
        var time = UInt64(at.timeIntervalSince1970 * 1000)
        var head: [Character] = []
        for _ in 0..<10 {
            head.insert(alphabet[Int(time % 32)], at: 0)
            time /= 32
        }
        return String(head) + String((0..<16).map { _ in alphabet[Int(random.nextRandom() % 32)] })
    }
}
