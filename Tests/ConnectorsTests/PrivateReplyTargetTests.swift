import Domain
import Foundation
import Storage
import Testing

@testable import Connectors

/// Which comment a private reply addresses, as the outbox's policy reads it from the call and the one-per-comment
/// rule reads it back from the outbox key.
@Suite struct PrivateReplyTargetTests {
    typealias Composer = ReplyComposerTests

    @Test func aComposedPrivateReplyNamesTheCommentOrPostItAddresses() throws {
        let toReply = try ReplyComposer.compose(Composer.pageComment(visibility: .private, inReplyTo: "244445617083583_9"))
        #expect(PrivateReplyTarget.of(toReply) == "244445617083583_9")
        let toPost = try ReplyComposer.compose(Composer.reply(.facebookPage, Composer.page, thread: .customerPost(postID: Composer.postID),
                                                              to: Composer.commenter))
        #expect(PrivateReplyTarget.of(toPost) == Composer.postID)
        #expect(PrivateReplyTarget.of(try ReplyComposer.compose(Composer.messenger())) == nil, "a Messenger message addresses a person")
    }

    @Test func thePrivateReplyKeyNamesItsInteractionAndComment() {
        let key = PrivateReplyKey.make(interaction: "i1", comment: "244445617083583_9", unique: "0192abc")
        #expect(PrivateReplyKey.comment(in: key, of: "i1") == "244445617083583_9")
        #expect(PrivateReplyKey.comment(in: key, of: "i10") == nil && PrivateReplyKey.comment(in: "reply-0192abc", of: "i1") == nil)
        #expect(key >= PrivateReplyKey.prefix(of: "i1") && key < PrivateReplyKey.end(of: "i1"))
    }
}
