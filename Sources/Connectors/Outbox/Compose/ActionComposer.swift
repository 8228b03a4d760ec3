import Domain
import Foundation
import Storage

/// The platform call of an action on a customer's post or comment (platforms.md §2.3, §3 and §5): a Facebook
/// Page likes with `POST /{object-id}/likes` and hides or unhides with `POST /{object-id}` `is_hidden`;
/// Instagram hides with `POST /{ig-comment-id}` `hide` and has no like in its API; an X account likes or
/// retweets with `POST /2/users/{our-id}/likes|retweets {"tweet_id": …}`. The channel's token is added by
/// the sender.
public enum ActionComposer {
    public enum Failure: Error, Equatable, CustomStringConvertible {
        case notSupported(AutomaticAction, ChannelKind)
        case missingObject

        public var description: String {
            switch self {
            case .notSupported(.like, .instagram):
                "Instagram's API cannot like a comment (it can reply, hide and delete); like it in the Instagram app"
            case .notSupported(let action, let kind): "Parley cannot \(action.rawValue) posts on \(kind.rawValue)"
            case .missingObject: "the post has no platform id to act on"
            }
        }
    }

    public static func compose(_ action: AutomaticAction, on channel: ChannelKey, object: String) throws(Failure) -> OutboundRequest {
        guard !object.isEmpty else { throw .missingObject }
        let json = ["Content-Type": "application/json"]
        let objectPath = "/\(ReplyComposer.segment(object))"
        switch (action, channel.kind) {
        case (.like, .facebookPage):
            return OutboundRequest(method: "POST", path: objectPath + "/likes", headers: json, body: Data("{}".utf8))
        case (.hide, .facebookPage), (.unhide, .facebookPage):
            return OutboundRequest(method: "POST", path: objectPath, headers: json, body: ReplyComposer.json(["is_hidden": action == .hide]))
        case (.hide, .instagram), (.unhide, .instagram):
            return OutboundRequest(method: "POST", path: objectPath, headers: json, body: ReplyComposer.json(["hide": action == .hide]))
        case (.like, .x), (.retweet, .x):
            let path = "/2/users/\(ReplyComposer.segment(channel.accountID))/\(action == .like ? "likes" : "retweets")"
            return OutboundRequest(method: "POST", path: path, headers: json, body: ReplyComposer.json(["tweet_id": object]))
        default:
            throw .notSupported(action, channel.kind)
        }
    }
}
