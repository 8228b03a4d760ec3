import Domain
import Foundation

/// Meta webhook traffic for every surface (platforms.md §1–4), random or scripted, signed with the app secret
/// over the exact bytes sent. Each event carries the facts it teaches the sandbox (who wrote when, which posts
/// and comments exist, which media), so the Graph side then answers and refuses consistently with it.
struct MetaTraffic {
    struct Event: Sendable {
        var kind: String
        var delivery: TrafficGenerator.Delivery
        var facts: [MetaFact]
    }

    enum Source: String, CaseIterable {
        /// Messenger text, as `meta` always meant.
        case meta
        case messenger, facebook, instagram
        case instagramComments = "instagram_comments"
        case whatsapp
    }

    /// Fixed sequences on one thread or conversation; `SandboxServer` documents what each sends.
    enum Scenario: String, CaseIterable {
        case commentThread = "comment_thread"
        case customerPost = "customer_post"
        case messengerConversation = "messenger_conversation"
        case instagramConversation = "instagram_conversation"
        case whatsappConversation = "whatsapp_conversation"
    }

    struct Person {
        var id: String
        var name: String
        var username: String { name.lowercased().filter { $0.isLetter && $0.isASCII } + String(id.suffix(2)) }
    }

    var random: TrafficGenerator
    let accounts: SandboxServer.Accounts
    let sandboxURL: String
    /// Customers met in this run, by surface: some messages continue their conversations.
    private var regulars: [MetaWorld.Surface: [Person]] = [:]
    /// The page's post customers comment on, customers' own posts, and the Instagram media commented under.
    var companyPost: FeedStore.Post?
    var customerPosts: [String: FeedStore.Post] = [:]
    private var media: String?
    /// Customer comments of this run, for replies, edits and removals.
    var recentComments: [FeedStore.Comment] = []

    init(random: TrafficGenerator, accounts: SandboxServer.Accounts, sandboxURL: String) {
        self.random = random
        self.accounts = accounts
        self.sandboxURL = sandboxURL
    }

    /// One random event from `source`.
    mutating func random(_ source: Source, at: Date) -> Event {
        switch source {
        case .meta: return messaging(.text(random.pick(MetaSamples.openers)), on: .messenger, from: customer(.messenger), at: at)
        case .messenger: return messaging(randomMessengerContent(), on: .messenger, from: customer(.messenger), at: at)
        case .instagram:
            let content: MessagingContent = random.chance(80) ? .text(random.pick(MetaSamples.instagramMessages)) : .attachment("image")
            return messaging(content, on: .instagram, from: customer(.instagram), at: at)
        case .instagramComments:
            let parent = random.chance(30) ? recentComments.last { $0.surface == .instagram } : nil
            let text = random.pick(parent == nil ? MetaSamples.instagramComments : MetaSamples.replies)
            return instagramComment(parent: parent, by: customer(.instagram), text: text, at: at).event
        case .whatsapp: return whatsapp(randomWhatsAppContent(), from: customer(.whatsapp), at: at)
        case .facebook: return randomFacebook(at: at)
        }
    }

    /// A scenario's events, two seconds apart and ending just before `end`: the story's order, none in the future.
    mutating func scenario(_ scenario: Scenario, at end: Date) -> [Event] {
        var time = end - 10
        func next() -> Date {
            time += 2
            return time
        }
        let first = newPerson(phone: scenario == .whatsappConversation)
        let second = newPerson(phone: false)
        switch scenario {
        case .commentThread:
            let (announced, post) = pagePost(text: random.pick(MetaSamples.companyPosts), at: next())
            let (commented, comment) = self.comment(on: post, parent: nil, by: first, text: random.pick(MetaSamples.comments), at: next())
            let (replied, reply) = self.comment(on: post, parent: comment, by: second, text: random.pick(MetaSamples.replies), at: next())
            return [announced, commented, replied, edit(comment, text: random.pick(MetaSamples.edits), at: next()), remove(reply, at: next())]
        case .customerPost:
            let (posted, post) = customerPost(by: first, text: random.pick(MetaSamples.customerPosts), at: next())
            let (commented, comment) = self.comment(on: post, parent: nil, by: second, text: random.pick(MetaSamples.replies), at: next())
            return [posted, commented, self.comment(on: post, parent: comment, by: page, text: random.pick(MetaSamples.pageReplies), at: next()).event]
        case .messengerConversation:
            return [messaging(.text(random.pick(MetaSamples.openers)), on: .messenger, from: first, at: next()),
                    messaging(.attachment("image"), on: .messenger, from: first, at: next()),
                    messaging(.quickReply(MetaSamples.quickReplies[1]), on: .messenger, from: first, at: next()),
                    messaging(.postback(MetaSamples.postbacks[1]), on: .messenger, from: first, at: next())]
        case .instagramConversation:
            let (commented, comment) = instagramComment(parent: nil, by: first, text: random.pick(MetaSamples.instagramComments), at: next())
            return [commented, instagramComment(parent: comment, by: second, text: random.pick(MetaSamples.replies), at: next()).event,
                    messaging(.text(random.pick(MetaSamples.instagramMessages)), on: .instagram, from: first, at: next())]
        case .whatsappConversation:
            return [whatsapp(.text(random.pick(MetaSamples.whatsappTexts)), from: first, at: next()),
                    whatsapp(.image(caption: random.pick(MetaSamples.captions)), from: first, at: next()),
                    whatsapp(.location(MetaSamples.places[0]), from: first, at: next()),
                    whatsapp(.interactive(MetaSamples.interactiveReplies[1]), from: first, at: next())]
        }
    }

    /// The page as an author, for its own posts and comments (which Parley must recognise as its own).
    var page: Person { Person(id: accounts.facebookPage, name: accounts.pageName) }

    /// A customer on `surface`: sometimes someone met earlier in this run, otherwise someone new.
    mutating func customer(_ surface: MetaWorld.Surface) -> Person {
        if let known = regulars[surface], !known.isEmpty, random.chance(30) { return random.pick(known) }
        let person = newPerson(phone: surface == .whatsapp)
        regulars[surface, default: []].append(person)
        return person
    }

    /// Someone new: a 16-digit scoped id, or for WhatsApp a phone number (digits, no `+`).
    mutating func newPerson(phone: Bool) -> Person {
        let id = phone ? random.pick(["1650555", "3461200", "4477009", "5511987"]) + random.randomID(digits: 4) : random.randomID(digits: 16)
        return Person(id: id, name: random.pick(MetaSamples.names))
    }

    /// The Instagram media customers comment under (one per run).
    mutating func mediaID() -> String {
        if let media { return media }
        let id = "179\(random.randomID(digits: 14))"
        media = id
        return id
    }

    /// Signs a Meta body as Meta sends it: non-ASCII escaped, over exactly those bytes.
    func signed(_ object: [String: Any]) -> TrafficGenerator.Delivery {
        random.signed(.meta, body: GraphJSON.escapingNonASCII(GraphJSON.data(object)))
    }

    /// Comments on the page's post, customer posts, replies, edits, removals and the page's own comments, in a
    /// mix where comments dominate. Without a post announced in this run, customers comment on one published a
    /// day earlier, which the sandbox learns without a webhook.
    private mutating func randomFacebook(at: Date) -> Event {
        var seeded: [MetaFact] = []
        if companyPost == nil { seeded = pagePost(text: random.pick(MetaSamples.companyPosts), at: at - 86_400).event.facts }
        guard let post = companyPost else { preconditionFailure("pagePost sets the company post") }
        let open = recentComments.filter { $0.surface == .facebook && !$0.isRemoved }
        var choices = ["comment", "comment", "comment", "customer_post"]
        if !open.isEmpty { choices += ["reply", "reply", "edited", "remove", "page_comment"] }
        var event: Event
        switch random.pick(choices) {
        case "customer_post": event = customerPost(by: customer(.messenger), text: random.pick(MetaSamples.customerPosts), at: at).event
        case "reply":
            let parent = random.pick(open)
            event = comment(on: thread(parent) ?? post, parent: parent, by: customer(.messenger), text: random.pick(MetaSamples.replies), at: at).event
        case "edited": event = edit(random.pick(open), text: random.pick(MetaSamples.edits), at: at)
        case "remove": event = remove(random.pick(open), at: at)
        case "page_comment":
            let parent = random.pick(open)
            event = comment(on: thread(parent) ?? post, parent: parent, by: page, text: random.pick(MetaSamples.pageReplies), at: at).event
        default: event = comment(on: post, parent: nil, by: customer(.messenger), text: random.pick(MetaSamples.comments), at: at).event
        }
        event.facts = seeded + event.facts
        return event
    }
}
