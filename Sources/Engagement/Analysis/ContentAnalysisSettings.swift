import Domain

/// How one channel acts on the content analyzer's reading of a new interaction (`channels[].analysis` in
/// parley.yml). With the defaults the analyzer only scores: nothing is routed or closed differently.
public struct ContentAnalysisSettings: Sendable, Equatable {
    /// Category label → workgroup, for interactions no keyword rule gave a workgroup.
    public var categoryWorkgroups: [String: Workgroup.ID] = [:]
    /// Below this probability the category model's best label chooses no workgroup.
    public var categoryMinConfidence = 0.6
    /// Close what the actionable model calls non-actionable, as a keyword rule would. Off by default: the starter
    /// model is right about 82% of the time, and a wrongly closed message is a customer nobody answers.
    public var screenNonActionable = false

    public init(categoryWorkgroups: [String: Workgroup.ID] = [:], categoryMinConfidence: Double = 0.6, screenNonActionable: Bool = false) {
        self.categoryWorkgroups = categoryWorkgroups
        self.categoryMinConfidence = categoryMinConfidence
        self.screenNonActionable = screenNonActionable
    }

    /// The workgroup the category mapping picks; nil without a category, below the confidence or unmapped.
    public func workgroup(for analysis: ContentAnalysis) -> Workgroup.ID? {
        guard let category = analysis.category, let confidence = analysis.categoryConfidence, confidence >= categoryMinConfidence else {
            return nil
        }
        return categoryWorkgroups[category]
    }

    /// Whether to close the interaction unanswered. An unavailable actionable model never closes anything.
    public func screensOut(_ analysis: ContentAnalysis) -> Bool {
        screenNonActionable && !analysis.isActionable
    }
}
