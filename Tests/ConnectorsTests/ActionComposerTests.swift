import Connectors
import Domain
import Foundation
import Storage
import Testing

/// Likes, retweets, hides and unhides as the platforms take them (platforms.md §2.3, §3, §5), and as the policy
/// reads them back.
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

    @Test func facebookHidesWithIsHiddenAndInstagramWithHide() throws {
        let page = ChannelKey(kind: .facebookPage, accountID: "103149398319188")
        let hide = try ActionComposer.compose(.hide, on: page, object: "244445617083583_501")
        #expect(hide.method == "POST" && hide.path == "/244445617083583_501")
        #expect(String(decoding: hide.body, as: UTF8.self) == #"{"is_hidden":true}"#)
        let unhide = try ActionComposer.compose(.unhide, on: page, object: "244445617083583_501")
        #expect(String(decoding: unhide.body, as: UTF8.self) == #"{"is_hidden":false}"#)
        let instagram = ChannelKey(kind: .instagram, accountID: "17841405309211844")
        let igHide = try ActionComposer.compose(.hide, on: instagram, object: "17858893269000001")
        #expect(igHide.path == "/17858893269000001" && String(decoding: igHide.body, as: UTF8.self) == #"{"hide":true}"#)
        let igUnhide = try ActionComposer.compose(.unhide, on: instagram, object: "17858893269000001")
        #expect(String(decoding: igUnhide.body, as: UTF8.self) == #"{"hide":false}"#)
        #expect([hide, unhide].allSatisfy { OutboundShape(kind: .facebookPage, request: $0) == .action })
        #expect([igHide, igUnhide].allSatisfy { OutboundShape(kind: .instagram, request: $0) == .action })
    }

    @Test func instagramHasNoLikeAndSaysWhereToDoIt() {
        #expect(throws: ActionComposer.Failure.notSupported(.like, .instagram)) {
            try ActionComposer.compose(.like, on: ChannelKey(kind: .instagram, accountID: "1"), object: "1789")
        }
        #expect(ActionComposer.Failure.notSupported(.like, .instagram).description.contains("Instagram app"))
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
