import Foundation

/// The routable unit of work: one thread on one channel, from the first message to wrap-up.
public struct Interaction: Codable, Sendable, Hashable, Identifiable {
    public typealias ID = Identifier<Interaction>

    public enum State: String, Codable, Sendable, CaseIterable {
        /// Created, not yet evaluated by engagement rules.
        case new
        /// Waiting in a workgroup for an agent.
        case queued
        /// Offered to an agent who has not yet accepted.
        case offered
        /// An agent is working on it.
        case active
        /// The agent answered; waiting for the customer.
        case waitingForCustomer = "waiting_for_customer"
        /// The agent is recording the outcome.
        case wrapUp = "wrap_up"
        /// Finished: wrapped up, deflected, abandoned or auto-closed.
        case closed

        public var isOpen: Bool { self != .closed }
    }

    /// How the interaction ended.
    public enum Outcome: String, Codable, Sendable {
        case wrappedUp = "wrapped_up"
        case deflected
        case abandoned
        case autoClosed = "auto_closed"
        /// A keyword rule said it needs no answer; kept for reports, never routed.
        case nonActionable = "non_actionable"
    }

    public var id: ID
    public var channelID: Channel.ID
    public var threadKey: ThreadKey
    public var visibility: Visibility
    /// The thread's first author. Each message keeps its own author.
    public var contactID: Contact.ID
    public var state: State
    public var outcome: Outcome?
    public var workgroupID: Workgroup.ID?
    public var priority: Int
    public var assignedAgentID: User.ID?
    public var createdAt: Date
    public var updatedAt: Date
    public var lastCustomerMessageAt: Date?
    public var closedAt: Date?
    public var wrapUpCode: WrapUpCode.ID?
    public var scores: Scores

    public init(
        id: ID, channelID: Channel.ID, threadKey: ThreadKey, visibility: Visibility, contactID: Contact.ID,
        state: State = .new, outcome: Outcome? = nil, workgroupID: Workgroup.ID? = nil, priority: Int = 0,
        assignedAgentID: User.ID? = nil, createdAt: Date, updatedAt: Date? = nil,
        lastCustomerMessageAt: Date? = nil, closedAt: Date? = nil, wrapUpCode: WrapUpCode.ID? = nil,
        scores: Scores = Scores()
    ) {
        self.id = id
        self.channelID = channelID
        self.threadKey = threadKey
        self.visibility = visibility
        self.contactID = contactID
        self.state = state
        self.outcome = outcome
        self.workgroupID = workgroupID
        self.priority = priority
        self.assignedAgentID = assignedAgentID
        self.createdAt = createdAt
        self.updatedAt = updatedAt ?? createdAt
        self.lastCustomerMessageAt = lastCustomerMessageAt
        self.closedAt = closedAt
        self.wrapUpCode = wrapUpCode
        self.scores = scores
    }

    /// Content-analysis results attached by the engagement rules.
    public struct Scores: Codable, Sendable, Hashable {
        /// Probability, 0…1, that a person should answer (the content analyzer's actionable model).
        public var actionability: Double?
        /// −1 (negative) … 1 (positive).
        public var sentiment: Double?
        /// 0…100 from the author's audience; nil where the platform gives nothing to measure it by.
        public var influence: Double?
        /// The category model's best label.
        public var category: String?
        /// ISO 639-1 code of the customer's first message (e.g. "es"); routing can require it as a skill.
        public var language: String?

        public init(actionability: Double? = nil, sentiment: Double? = nil, influence: Double? = nil, category: String? = nil,
                    language: String? = nil) {
            self.actionability = actionability
            self.sentiment = sentiment
            self.influence = influence
            self.category = category
            self.language = language
        }
    }
}

/// What makes messages belong to one interaction. The rule depends on the channel kind (DESIGN.md, "Interaction").
public enum ThreadKey: Codable, Sendable, Hashable, CustomStringConvertible {
    /// A customer's post on the company's page, with all comments on it.
    case customerPost(postID: String)
    /// A top-level comment on one of the company's posts, with its replies.
    case comment(postID: String, commentID: String)
    /// A customer's tweet to the company, with the replies under it.
    case tweet(conversationID: String)
    /// A private conversation: one customer on one channel (DM, Messenger, WhatsApp, LINE, web, open).
    case conversation(customer: Identity.Key)

    public var visibility: Visibility {
        switch self {
        case .customerPost, .comment, .tweet: .public
        case .conversation: .private
        }
    }

    /// A stable text form, stored and indexed.
    public var description: String {
        switch self {
        case .customerPost(let post): "post:\(post)"
        case .comment(let post, let comment): "comment:\(post)/\(comment)"
        case .tweet(let conversation): "tweet:\(conversation)"
        case .conversation(let customer): "conversation:\(customer)"
        }
    }
}
