import Domain
import Engagement
import Testing

/// What a channel's analysis settings decide from one analysis, and what of it is stored on the interaction.
@Suite struct ContentAnalysisSettingsTests {
    static let billing = ContentAnalysis(actionable: 0.9, category: "billing", categoryConfidence: 0.65, sentiment: -0.3, language: "en")

    @Test func aConfidentMappedCategoryChoosesItsWorkgroup() {
        let settings = ContentAnalysisSettings(categoryWorkgroups: ["billing": "money"])
        #expect(settings.workgroup(for: Self.billing) == "money")
        var unsure = Self.billing
        unsure.categoryConfidence = 0.59
        #expect(settings.workgroup(for: unsure) == nil, "below the default 0.6")
        #expect(ContentAnalysisSettings(categoryWorkgroups: ["billing": "money"], categoryMinConfidence: 0.5).workgroup(for: unsure) == "money")
        var other = Self.billing
        other.category = "delivery"
        #expect(settings.workgroup(for: other) == nil, "an unmapped category leaves the channel's workgroup")
        #expect(settings.workgroup(for: ContentAnalysis(unavailable: [.category])) == nil)
    }

    @Test func onlyAScreeningChannelSetsAsideWhatTheModelCallsNonActionable() {
        let praise = ContentAnalysis(actionable: 0.1)
        #expect(!ContentAnalysisSettings().screensOut(praise), "by default the analyzer only scores")
        #expect(ContentAnalysisSettings(screenNonActionable: true).screensOut(praise))
        #expect(!ContentAnalysisSettings(screenNonActionable: true).screensOut(Self.billing))
        #expect(!ContentAnalysisSettings(screenNonActionable: true).screensOut(ContentAnalysis(unavailable: [.actionable])),
                "without the actionable model every message is actionable")
    }

    @Test func storedScoresTakeTheInfluenceFromTheAuthorsProfile() {
        let scores = Interaction.Scores(Self.billing, author: ContactProfile(followerCount: 999, verified: false))
        #expect(scores == Interaction.Scores(actionability: 0.9, sentiment: -0.3, influence: InfluenceScore.score(followers: 999),
                                             category: "billing", language: "en"))
        #expect(Interaction.Scores(Self.billing, author: ContactProfile(verified: true)).influence == nil, "no follower count, no influence")
        #expect(Interaction.Scores(Self.billing, author: nil).influence == nil)
    }
}
