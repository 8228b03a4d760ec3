import Foundation
import Storage

/// The comment (or visitor post) a composed private reply addresses: the Send API body's `recipient.comment_id`
/// or `recipient.post_id` (platforms.md §2.4). The outbox's policy reads it from the call it is about to make, so
/// it checks the comment the agent chose even if newer comments arrived since.
public enum PrivateReplyTarget {
    public static func of(_ request: OutboundRequest) -> String? {
        struct Body: Decodable {
            struct Recipient: Decodable {
                var commentID: String?
                var postID: String?

                enum CodingKeys: String, CodingKey {
                    case commentID = "comment_id"
                    case postID = "post_id"
                }
            }

            var recipient: Recipient?
        }
        guard let recipient = (try? JSONDecoder().decode(Body.self, from: request.body))?.recipient else { return nil }
        return recipient.commentID ?? recipient.postID
    }
}
