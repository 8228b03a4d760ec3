import Connectors
import Domain
import Foundation
import Storage
import Testing

/// Likes and retweets as the platforms take them (platforms.md §2.5, §5), and as the policy reads them back.
@Suite struct ActionComposerTests {
    @Test func aFacebookPageLikesAPostOrCommentByItsID() throws {
        let request = try ActionComposer.compose(.like, on: ChannelKey(kind: .facebookPage, accountID: "103149398319188"),
                                                 object: "103149398319188_244445617083583")
        #expect(request.method == "POST" && request.path == "/103149398319188_244445617083583/likes")
        #expect(OutboundShape(kind: .facebookPage, request: request) == .action)
    }

    @Test func anXAccountLikesAndRetweetsAsItself() throws {
        let account = ChannelKey(kind: .x, accountID: "2244994945")
        let like = try ActionComposer.compose(.like, on: account, object: "1460323737035677698")
        #expect(like.path == "/2/users/2244994945/likes")
        #expect(String(decoding: like.body, as: UTF8.self) == #"{"tweet_id":"1460323737035677698"}"#)
        let retweet = try ActionComposer.compose(.retweet, on: account, object: "1460323737035677698")
        #expect(retweet.path == "/2/users/2244994945/retweets")
        #expect(OutboundShape(kind: .x, request: like) == .action && OutboundShape(kind: .x, request: retweet) == .action)
    }

    @Test func actionsAPlatformDoesNotHaveAreRefusedByName() {
        #expect(throws: ActionComposer.Failure.notSupported(.retweet, .facebookPage)) {
            try ActionComposer.compose(.retweet, on: ChannelKey(kind: .facebookPage, accountID: "1"), object: "1_2")
        }
        #expect(throws: ActionComposer.Failure.notSupported(.like, .messenger)) {
            try ActionComposer.compose(.like, on: ChannelKey(kind: .messenger, accountID: "1"), object: "m_1")
        }
        #expect(throws: ActionComposer.Failure.missingObject) {
            try ActionComposer.compose(.like, on: ChannelKey(kind: .x, accountID: "1"), object: "")
        }
        // An id with a slash cannot reach another path.
        let odd = try? ActionComposer.compose(.like, on: ChannelKey(kind: .facebookPage, accountID: "1"), object: "1/../me")
        #expect(odd?.path == "/1%2F..%2Fme/likes")
    }
}
