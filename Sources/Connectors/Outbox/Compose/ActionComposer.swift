import Domain
import Foundation
import Storage

/// The platform call of an automatic action on a customer's post (platforms.md §2.5 and §5): a Facebook
/// Page likes a post or comment with `POST /{object-id}/likes`; an X account likes or retweets with
/// `POST /2/users/{our-id}/likes|retweets {"tweet_id": …}`. The channel's token is added by the sender.
public enum ActionComposer {
    public enum Failure: Error, Equatable, CustomStringConvertible {
        case notSupported(AutomaticAction, ChannelKind)
        case missingObject

        public var description: String {
            switch self {
            case .notSupported(let action, let kind): "Parley cannot \(action.rawValue) posts on \(kind.rawValue)"
            case .missingObject: "the post has no platform id to act on"
            }
        }
    }

    public static func compose(_ action: AutomaticAction, on channel: ChannelKey, object: String) throws(Failure) -> OutboundRequest {
        guard !object.isEmpty else { throw .missingObject }
        let json = ["Content-Type": "application/json"]
        switch (action, channel.kind) {
        case (.like, .facebookPage):
            return OutboundRequest(method: "POST", path: "/\(ReplyComposer.segment(object))/likes", headers: json, body: Data("{}".utf8))
        case (.like, .x), (.retweet, .x):
            let path = "/2/users/\(ReplyComposer.segment(channel.accountID))/\(action == .like ? "likes" : "retweets")"
            return OutboundRequest(method: "POST", path: path, headers: json, body: ReplyComposer.json(["tweet_id": object]))
        default:
            throw .notSupported(action, channel.kind)
        }
    }
}
