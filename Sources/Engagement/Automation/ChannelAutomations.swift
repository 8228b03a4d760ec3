import Domain
import Foundation

/// A channel's automations (seed 002 strategies 5.1–5.3), each switched on in `parley.yml` per channel:
/// answer public mentions of the company by itself, send private messages to a workgroup of their own, and
/// like (on X optionally also retweet) positive posts that need no answer. What they do is recorded in the
/// interaction's timeline as done by "Parley".
public struct ChannelAutomations: Sendable, Hashable {
    /// Parley's public answer to a new public post, comment or tweet that needs an answer: "Thanks, we are
    /// on it". At most once per customer per day, whatever they post.
    public struct MentionReply: Sendable, Hashable {
        public var text: String
        /// How long the outbox keeps retrying the answer.
        public var retryFor: TimeInterval
        /// Close the interaction as deflected after answering instead of routing it.
        public var close: Bool

        public init(text: String, retryFor: TimeInterval = 3600, close: Bool = false) {
            self.text = text
            self.retryFor = retryFor
            self.close = close
        }
    }

    /// Likes a public post that needs no answer and whose sentiment is at least `minSentiment`.
    public struct LikePositive: Sendable, Hashable {
        public var minSentiment: Double
        /// X only: also retweet it.
        public var retweet: Bool

        public init(minSentiment: Double = 0.6, retweet: Bool = false) {
            self.minSentiment = minSentiment
            self.retweet = retweet
        }
    }

    public var mentionReply: MentionReply?
    /// Where private conversations of the channel queue when nothing more specific (a keyword rule, the
    /// category model) chose a workgroup.
    public var privateWorkgroup: Workgroup.ID?
    public var likePositive: LikePositive?
    /// Parley's first answer in a new private conversation ("Thanks for writing, an agent will be with you
    /// shortly"), sent when it goes to routing (the calendar's answer replaces it while closed).
    public var greeting: String?

    public init(mentionReply: MentionReply? = nil, privateWorkgroup: Workgroup.ID? = nil, likePositive: LikePositive? = nil,
                greeting: String? = nil) {
        self.mentionReply = mentionReply
        self.privateWorkgroup = privateWorkgroup
        self.likePositive = likePositive
        self.greeting = greeting
    }

    /// Platforms where Parley can like a customer's post (Facebook Page posts and comments, tweets).
    public static let likeable: Set<ChannelKind> = [.facebookPage, .x]

    /// What the automations do with a new interaction, from what the rules and the content analyzer said.
    /// `actionable`: whether it needs an answer (a rule's verdict, else the model's).
    public func plan(for interaction: Interaction, kind: ChannelKind, actionable: Bool, sentiment: Double?) -> AutomationPlan {
        var plan = AutomationPlan()
        if interaction.visibility == .private {
            plan.workgroup = privateWorkgroup
            plan.greeting = greeting
        }
        guard interaction.visibility == .public else { return plan }
        if actionable, let mentionReply { plan.reply = mentionReply }
        if !actionable, let likePositive, Self.likeable.contains(kind), let sentiment, sentiment >= likePositive.minSentiment {
            plan.actions = [.like] + (kind == .x && likePositive.retweet ? [.retweet] : [])
        }
        return plan
    }
}

/// The automations' decisions for one new interaction.
public struct AutomationPlan: Sendable, Hashable {
    /// A default workgroup for the interaction (only where none was chosen more specifically).
    public var workgroup: Workgroup.ID?
    public var reply: ChannelAutomations.MentionReply?
    public var actions: [AutomaticAction] = []
    /// The greeting for a new private conversation.
    public var greeting: String?

    public init(workgroup: Workgroup.ID? = nil, reply: ChannelAutomations.MentionReply? = nil, actions: [AutomaticAction] = [],
                greeting: String? = nil) {
        self.workgroup = workgroup
        self.reply = reply
        self.actions = actions
        self.greeting = greeting
    }
}
