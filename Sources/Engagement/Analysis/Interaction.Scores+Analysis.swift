import Domain

extension Interaction.Scores {
    /// What is stored of an analysis: the actionable probability, the sentiment score, the best category and
    /// language labels, and the author's reach from the profile the platform sent with the message (nil when it
    /// sent no follower count).
    public init(_ analysis: ContentAnalysis, author: ContactProfile?) {
        self.init(actionability: analysis.actionable, sentiment: analysis.sentiment,
                  influence: InfluenceScore.score(followers: author?.followerCount, verified: author?.verified),
                  category: analysis.category, language: analysis.language)
    }
}
