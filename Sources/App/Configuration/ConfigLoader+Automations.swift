import Domain
import Engagement
import Yams

/// A channel's `automations:` section (docs/configuration.md): each automation is off unless written here.
///
/// ```yaml
/// automations:
///   mention_reply: {text: "Thanks! We are looking into it.", retry_for: 2h, close: false}
///   private_workgroup: dm-team
///   like_positive: {min_sentiment: 0.6, retweet: true}
///   greeting: "Thanks for writing! An agent will be with you shortly."
/// ```
extension ConfigLoader {
    static func readAutomations(_ node: Node, _ path: String, _ reader: inout YAMLReader) -> ChannelAutomations? {
        guard let fields = reader.mapping(node, path, known: ["mention_reply", "private_workgroup", "like_positive", "greeting"]) else { return nil }
        var automations = ChannelAutomations()
        if let node = fields["mention_reply"],
            let reply = reader.mapping(node, "\(path).mention_reply", known: ["text", "retry_for", "close"]) {
            let text = reader.string(reply["text"], "\(path).mention_reply.text", required: true)
            if let text, text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                reader.error(reply["text"], "\(path).mention_reply.text", "must not be empty")
            } else if let text {
                var mention = ChannelAutomations.MentionReply(text: text)
                mention.retryFor = reader.duration(reply["retry_for"], "\(path).mention_reply.retry_for").map(Double.init) ?? mention.retryFor
                mention.close = reader.bool(reply["close"], "\(path).mention_reply.close") ?? false
                automations.mentionReply = mention
            }
        }
        automations.privateWorkgroup = reader.string(fields["private_workgroup"], "\(path).private_workgroup").map { .init($0) }
        if let greeting = reader.string(fields["greeting"], "\(path).greeting") {
            if greeting.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                reader.error(fields["greeting"], "\(path).greeting", "must not be empty")
            } else {
                automations.greeting = greeting
            }
        }
        if let node = fields["like_positive"],
            let like = reader.mapping(node, "\(path).like_positive", known: ["min_sentiment", "retweet"]) {
            var positive = ChannelAutomations.LikePositive()
            positive.minSentiment = reader.double(like["min_sentiment"], "\(path).like_positive.min_sentiment", range: -1...1)
                ?? positive.minSentiment
            positive.retweet = reader.bool(like["retweet"], "\(path).like_positive.retweet") ?? false
            automations.likePositive = positive
        }
        return automations
    }

    /// An automation that can never fire is an error, naming the channel's item: a workgroup not declared,
    /// a mention reply on a channel without public posts, a like where the platform has no like.
    static func checkAutomations(_ config: ParleyConfig, top: [String: Node], reader: inout YAMLReader) {
        let workgroups = Set(config.workgroups.map(\.id))
        let nodes = reader.sequence(top["channels"], "channels")
        let publicKinds: Set<ChannelKind> = [.facebookPage, .instagram, .x]
        for (index, channel) in config.channels.enumerated() {
            guard let automations = config.channelAutomations[channel.id] else { continue }
            let path = "channels[\(index)].automations"
            if let workgroup = automations.privateWorkgroup, !workgroups.contains(workgroup) {
                reader.error(nodes[safe: index], "\(path).private_workgroup", "workgroup '\(workgroup)' is not declared under 'workgroups'")
            }
            if automations.mentionReply != nil, !publicKinds.contains(channel.kind) {
                reader.error(nodes[safe: index], "\(path).mention_reply",
                             "\(channel.kind.rawValue) has no public posts to answer; use it on facebook_page, instagram or x")
            }
            if let like = automations.likePositive {
                if !ChannelAutomations.likeable.contains(channel.kind) {
                    reader.error(nodes[safe: index], "\(path).like_positive",
                                 "Parley cannot like posts on \(channel.kind.rawValue); use it on facebook_page or x")
                } else if like.retweet, channel.kind != .x {
                    reader.error(nodes[safe: index], "\(path).like_positive.retweet", "only X has retweets")
                }
            }
        }
    }
}
