import Domain

/// Where a customer's post or comment stands after the actions recorded on it in one interaction (a failed or
/// denied action did nothing), and so what a new request for an action means: go ahead, answer with the action
/// already doing it (a double click), or refuse because the post already is as asked.
struct ModerationState {
    var liked: InteractionAction?
    var retweeted: InteractionAction?
    /// The last hide or unhide that took, or is taking, effect.
    var lastToggle: InteractionAction?
    /// Hidden on the platform by a moderator, as its webhook told Parley.
    var hiddenOnPlatform: Bool

    enum Verdict {
        case proceed
        case done(InteractionAction)
    }

    init(_ actions: [InteractionAction], hiddenOnPlatform: Bool) {
        let effective = actions.filter { !["failed", "denied"].contains($0.status) }
        liked = effective.last { $0.action == .like }
        retweeted = effective.last { $0.action == .retweet }
        lastToggle = effective.last { $0.action == .hide || $0.action == .unhide }
        self.hiddenOnPlatform = hiddenOnPlatform
    }

    var isHidden: Bool { lastToggle.map { $0.action == .hide } ?? hiddenOnPlatform }

    func verdict(for action: AutomaticAction) throws -> Verdict {
        switch action {
        case .like:
            return liked.map(Verdict.done) ?? .proceed
        case .retweet:
            return retweeted.map(Verdict.done) ?? .proceed
        case .hide, .unhide:
            if let lastToggle, lastToggle.action == action { return .done(lastToggle) }
            if action == .hide, isHidden {
                throw AppError(.conflict, code: "already_hidden", message: "The comment is already hidden (a moderator hid it on the platform).")
            }
            if action == .unhide, !isHidden {
                throw AppError(.conflict, code: "not_hidden", message: "The comment is not hidden, so there is nothing to unhide.")
            }
            return .proceed
        }
    }
}
