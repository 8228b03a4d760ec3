import Foundation

/// What the Meta sandbox remembers, so it can answer and refuse as Meta would: who wrote when (the windows),
/// which posts and comments exist (polling, private replies), which tokens are good, the templates, the media.
/// It learns from the webhooks the sandbox generates and from the control endpoints (for tests that deliver
/// webhooks themselves). Anything it was never told about is accepted, unless strict mode is on.
struct MetaWorld {
    enum Surface: String, Codable, Sendable {
        case messenger, instagram, whatsapp
    }

    /// How WhatsApp reports a free-form send outside the 24 h window (platforms.md §4.3 says both happen).
    enum WindowErrorDelivery: String, Codable, Sendable {
        /// The send call fails with 131047.
        case sync
        /// The send call succeeds; a `failed` status with 131047 follows as a webhook.
        case async
    }

    struct Customer: Sendable, Equatable {
        var surface: Surface
        /// Nil for someone reached only by a private reply: Meta lets the conversation go on once they answer.
        var lastMessageAt: Date?
    }

    var strict = false
    var whatsappWindowErrors = WindowErrorDelivery.sync
    /// Echo our own sends back as Meta does (Messenger `is_echo`, WhatsApp `sent`/`delivered`, the page's comments).
    var echoes = false
    var tokens = TokenBook()
    /// By account (page, Instagram account or phone number id), then customer (PSID, IGSID or wa_id).
    var customers: [String: [String: Customer]] = [:]
    var feed = FeedStore()
    /// Comments and visitor posts already answered with a private reply (one each, platforms.md §2.4).
    var privateReplies: Set<String> = []
    var templates = MessageTemplate.defaults
    var media: [String: MediaFile] = [:]
    /// Media ids Parley uploaded (`MetaGraph+Upload`).
    var uploads: Set<String> = []
    var ids = MetaIDs()

    /// A customer as the Send API sees them: addressed on `account`, or through `me` on whichever account knows them.
    func customer(_ id: String, on account: String) -> Customer? {
        if account != "me" { return customers[account]?[id] }
        return customers.values.compactMap { $0[id] }.max { ($0.lastMessageAt ?? .distantPast) < ($1.lastMessageAt ?? .distantPast) }
    }

    mutating func learn(_ fact: MetaFact) {
        switch fact {
        case .customerWrote(let account, let customer, let surface, let at):
            let previous = customers[account]?[customer]?.lastMessageAt ?? .distantPast
            customers[account, default: [:]][customer] = Customer(surface: surface, lastMessageAt: max(previous, at))
        case .post(let post):
            feed.add(post)
        case .comment(let comment):
            feed.add(comment)
        case .commentEdited(let id, let message):
            feed.edit(id, message: message)
        case .commentRemoved(let id):
            feed.remove(id)
        case .media(let file):
            media[file.id] = file
        }
    }
}

/// Something a generated webhook told Meta's side of the world.
enum MetaFact: Sendable {
    case customerWrote(account: String, customer: String, surface: MetaWorld.Surface, at: Date)
    case post(FeedStore.Post)
    case comment(FeedStore.Comment)
    case commentEdited(id: String, message: String)
    case commentRemoved(id: String)
    case media(MediaFile)
}

/// A webhook Meta sends after answering a call: an echo of our own send, or WhatsApp's status for it.
enum MetaFollowUp: Sendable {
    case echo(surface: MetaWorld.Surface, account: String, customer: String, mid: String, text: String?, metadata: String?)
    case whatsappStatus(phoneNumberID: String, wamid: String, recipient: String, status: String, error: GraphError?)
    case pageComment(FeedStore.Comment)
}

/// Ids shaped like Meta's: Messenger `m_…`, WhatsApp `wamid.…`, numeric object ids. A per-run stamp keeps them
/// unique across sandbox restarts, since Parley deduplicates on them.
struct MetaIDs {
    private let stamp: String
    private let base: Int
    private var counter = 0

    init(now: Date = Date()) {
        let millis = Int(now.timeIntervalSince1970 * 1000)
        stamp = String(millis, radix: 36)
        base = millis % 10_000_000_000
    }

    mutating func mid() -> String { "m_\(stamp)-\(next())" }
    mutating func wamid() -> String { "wamid.\(stamp)-\(next())" }
    mutating func numeric() -> String { String(base * 100_000 + next()) }

    /// The `fbtrace_id` of an error: opaque letters and digits.
    mutating func trace() -> String {
        var hash = UInt64(truncatingIfNeeded: base &* 31 &+ next())
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
        return String((0..<11).map { _ in
            hash = hash &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return alphabet[Int(hash >> 58) % alphabet.count]
        })
    }

    private mutating func next() -> Int {
        counter += 1
        return counter
    }
}
