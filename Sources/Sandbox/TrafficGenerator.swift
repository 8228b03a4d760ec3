import Connectors
import Domain
import Foundation

/// Makes realistic, signed webhook deliveries for each platform: scripted (exact text) or random (a seeded
/// mix of languages, emoji and right-to-left text), in the platforms' own wire formats.
public struct TrafficGenerator: Sendable {
    public struct Delivery: Sendable {
        public var source: WebhookSource
        public var body: Data
        public var signatureHeader: String
        public var signature: String
        /// Where it is posted when not the source's default endpoint (`/webhooks/{source}`).
        public var path: String? = nil
    }

    private static let samples = [
        "Hi, my order #4471 has not arrived yet, can you help?",
        "Merci pour votre aide 😀 — la commande est arrivée.",
        "مرحبا، أحتاج مساعدة في حسابي",
        "שלום 👋 איפה ההזמנה שלי?",
        "配達はいつになりますか？",
        "Your app keeps crashing when I open settings <script>alert(1)</script>",
        "Can I change the delivery address for tomorrow?",
        "Thanks, that solved it! 👍🏽",
    ]

    public var secrets: [WebhookSource: String]
    private var state: UInt64

    public init(secrets: [WebhookSource: String], seed: UInt64 = 42) {
        self.secrets = secrets
        self.state = seed == 0 ? 0x9E37_79B9_7F4A_7C15 : seed
    }

    /// xorshift64*: deterministic for a seed.
    mutating func nextRandom() -> UInt64 {
        state ^= state >> 12
        state ^= state << 25
        state ^= state >> 27
        return state &* 0x2545_F491_4F6C_DD1D
    }

    public mutating func randomText() -> String { pick(Self.samples) }

    mutating func pick<Element>(_ choices: [Element]) -> Element { choices[Int(nextRandom() % UInt64(choices.count))] }

    /// True `percent` times in a hundred.
    mutating func chance(_ percent: Int) -> Bool { nextRandom() % 100 < UInt64(percent) }

    public mutating func randomID(digits: Int = 16) -> String {
        (0..<digits).map { _ in String(nextRandom() % 10) }.joined()
    }

    /// A Messenger text message from `customer` to `page`.
    public mutating func messengerText(page: String, customer: String? = nil, text: String? = nil, at date: Date = Date()) -> Delivery {
        let millis = Int64(date.timeIntervalSince1970 * 1000)
        let event: [String: Any] = [
            "sender": ["id": customer ?? randomID()], "recipient": ["id": page], "timestamp": millis,
            "message": ["mid": "m_\(randomID(digits: 24))", "text": text ?? randomText()],
        ]
        return sign(.meta, ["object": "page", "entry": [["id": page, "time": millis, "messaging": [event]]]])
    }

    /// A WhatsApp text message to our number `phoneNumberID`.
    public mutating func whatsappText(phoneNumberID: String, from: String? = nil, text: String? = nil, at date: Date = Date()) -> Delivery {
        let sender = from ?? "1555\(randomID(digits: 7))"
        let value: [String: Any] = [
            "messaging_product": "whatsapp",
            "metadata": ["display_phone_number": "15550783881", "phone_number_id": phoneNumberID],
            "contacts": [["profile": ["name": "Sandbox Customer"], "wa_id": sender]],
            "messages": [["from": sender, "id": "wamid.\(randomID(digits: 20))", "timestamp": String(Int(date.timeIntervalSince1970)),
                          "type": "text", "text": ["body": text ?? randomText()]]],
        ]
        return sign(.meta, ["object": "whatsapp_business_account",
                            "entry": [["id": "waba-\(phoneNumberID)", "changes": [["field": "messages", "value": value]]]]])
    }

    /// An X direct message to our account `account`.
    public mutating func xDirectMessage(account: String, sender: String? = nil, text: String? = nil, at date: Date = Date()) -> Delivery {
        let senderID = sender ?? randomID(digits: 19)
        let body: [String: Any] = [
            "for_user_id": account,
            "direct_message_events": [[
                "type": "message_create", "id": randomID(digits: 19), "created_timestamp": String(Int64(date.timeIntervalSince1970 * 1000)),
                "message_create": ["target": ["recipient_id": account], "sender_id": senderID,
                                   "message_data": ["text": text ?? randomText(), "entities": [:] as [String: Any]]],
            ]],
            // As X sends them: the v1.1 user object, audience included (a long-tailed spread, most users small).
            "users": [senderID: ["id": senderID, "name": "Sandbox User", "screen_name": "sandbox_\(senderID.suffix(4))", "protected": false,
                                 "verified": nextRandom() % 50 == 0, "followers_count": Int(pow(10, Double(nextRandom() % 600) / 100)),
                                 "profile_image_url_https": "https://pbs.twimg.com/profile_images/\(senderID)/sandbox_normal.jpg"] as [String: Any]],
        ]
        return sign(.x, body)
    }

    /// A LINE text message to bot `destination`.
    public mutating func lineText(destination: String, user: String? = nil, text: String? = nil, at date: Date = Date()) -> Delivery {
        let event: [String: Any] = [
            "type": "message", "mode": "active", "timestamp": Int64(date.timeIntervalSince1970 * 1000),
            "source": ["type": "user", "userId": user ?? "U\(randomID(digits: 32))"],
            "webhookEventId": "01\(randomID(digits: 24))", "deliveryContext": ["isRedelivery": false],
            "replyToken": randomID(digits: 32),
            "message": ["id": randomID(digits: 18), "type": "text", "text": text ?? randomText()],
        ]
        return sign(.line, ["destination": destination, "events": [event]])
    }

    /// An open-channel message (contract version 1) for integration `integration`, posted to its own endpoint.
    public mutating func openText(integration: String, from: String? = nil, text: String? = nil, at date: Date = Date()) -> Delivery {
        let sender = from ?? "cust-\(randomID(digits: 6))"
        let body: [String: Any] = [
            "version": 1, "type": "message", "id": "ext-\(randomID(digits: 20))", "timestamp": OpenTime.format(date),
            "sender": ["id": sender, "name": "Sandbox Customer \(sender.suffix(3))"], "text": text ?? randomText(),
        ]
        var delivery = sign(.open, body)
        delivery.path = "/webhooks/open/\(integration)"
        return delivery
    }

    /// Signs a body exactly as the platform would, over the bytes that are sent.
    public func sign(_ source: WebhookSource, _ object: [String: Any]) -> Delivery {
        let body = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data()
        return signed(source, body: body)
    }

    public func signed(_ source: WebhookSource, body: Data) -> Delivery {
        let scheme = WebhookSignature.of(source)
        return Delivery(source: source, body: body, signatureHeader: scheme.header,
                        signature: scheme.sign(body, secret: secrets[source] ?? ""))
    }
}
