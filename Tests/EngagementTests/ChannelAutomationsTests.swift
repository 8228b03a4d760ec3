import Domain
import Engagement
import Foundation
import Testing

/// Which automation does what to a new interaction (seed 002 strategies): private conversations to their
/// workgroup, public posts that need an answer acknowledged, positive ones that need none liked.
@Suite struct ChannelAutomationsTests {
    static func interaction(_ visibility: Visibility) -> Interaction {
        let thread: ThreadKey = visibility == .public
            ? .customerPost(postID: "p1") : .conversation(customer: Identity.Key(platform: .facebook, scope: "page", id: "42"))
        return Interaction(id: "i1", channelID: "c", threadKey: thread, visibility: visibility, contactID: "k1",
                           createdAt: Date(timeIntervalSince1970: 0))
    }

    let all = ChannelAutomations(mentionReply: .init(text: "Thanks, we are on it."), privateWorkgroup: "dm-team",
                                 likePositive: .init(minSentiment: 0.5, retweet: true))

    @Test func privateConversationsGoToTheirWorkgroupAndAreNeverLikedOrAnsweredPublicly() {
        let plan = all.plan(for: Self.interaction(.private), kind: .messenger, actionable: false, sentiment: 0.9)
        #expect(plan == AutomationPlan(workgroup: "dm-team"))
        var greeting = all
        greeting.greeting = "Hi! An agent will be with you shortly."
        #expect(greeting.plan(for: Self.interaction(.private), kind: .whatsapp, actionable: true, sentiment: nil).greeting == greeting.greeting)
        #expect(greeting.plan(for: Self.interaction(.public), kind: .x, actionable: true, sentiment: nil).greeting == nil,
                "public posts get the mention reply, not a greeting")
    }

    @Test func aPublicPostThatNeedsAnAnswerIsAcknowledgedNotLiked() {
        let plan = all.plan(for: Self.interaction(.public), kind: .facebookPage, actionable: true, sentiment: 0.9)
        #expect(plan.reply?.text == "Thanks, we are on it." && plan.actions.isEmpty && plan.workgroup == nil)
    }

    @Test func aPositivePostThatNeedsNoAnswerIsLikedAndOnXRetweeted() {
        #expect(all.plan(for: Self.interaction(.public), kind: .facebookPage, actionable: false, sentiment: 0.5).actions == [.like])
        #expect(all.plan(for: Self.interaction(.public), kind: .x, actionable: false, sentiment: 0.7).actions == [.like, .retweet])
        #expect(all.plan(for: Self.interaction(.public), kind: .x, actionable: false, sentiment: 0.49).actions.isEmpty, "below the threshold")
        #expect(all.plan(for: Self.interaction(.public), kind: .x, actionable: false, sentiment: nil).actions.isEmpty, "no sentiment model")
        #expect(all.plan(for: Self.interaction(.public), kind: .instagram, actionable: false, sentiment: 0.9).actions.isEmpty,
                "Instagram has no like call for a business")
    }

    @Test func nothingIsSwitchedOnByDefault() {
        let none = ChannelAutomations()
        for visibility in [Visibility.public, .private] {
            for actionable in [true, false] {
                #expect(none.plan(for: Self.interaction(visibility), kind: .x, actionable: actionable, sentiment: 1) == AutomationPlan())
            }
        }
    }
}
