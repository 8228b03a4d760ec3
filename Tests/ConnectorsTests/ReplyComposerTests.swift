import Domain
import Foundation
import Storage
import Testing

@testable import Connectors

@Suite struct ReplyComposerTests {
    static let page = "103149398319188"
    static let psid = Identity.Key(platform: .facebook, scope: page, id: "6543210987654321")
    static let commenter = Identity.Key(platform: .facebook, id: "7777")
    static let igAccount = "17841400000000000"
    static let igsid = Identity.Key(platform: .instagram, scope: igAccount, id: "5566778899")
    static let phoneNumberID = "106540352242922"
    static let waID = Identity.Key(platform: .whatsapp, id: "16505551234")
    static let xAccount = "2244994945"
    static let xUser = Identity.Key(platform: .x, id: "944480690")
    static let lineBot = "U0123456789abcdef0123456789abcdef"
    static let lineUser = Identity.Key(platform: .line, scope: lineBot, id: "U4af4980629abcdef")
    static let integration = "integration-1"
    static let openUser = Identity.Key(platform: .open, scope: integration, id: "ext-user-42")

    static let postID = "103149398319188_244445617083583"
    static let commentID = "244445617083583_1122334455"

    static func reply(_ kind: ChannelKind, _ account: String, thread: ThreadKey, to recipient: Identity.Key,
                      text: String = "Thanks, we're on it", attachments: [Domain.Attachment] = [], visibility: Visibility = .private,
                      inReplyTo: String? = nil, token: String? = "page-token") -> OutboundReply {
        OutboundReply(channel: ChannelKey(kind: kind, accountID: account), threadKey: thread, recipient: recipient, text: text,
                      attachments: attachments, visibility: visibility, inReplyTo: inReplyTo, accessToken: token)
    }

    static func messenger(text: String = "Thanks, we're on it", attachments: [Domain.Attachment] = [], visibility: Visibility = .private) -> OutboundReply {
        reply(.messenger, page, thread: .conversation(customer: psid), to: psid, text: text, attachments: attachments, visibility: visibility)
    }

    static func pageComment(visibility: Visibility, text: String = "Sorry to hear that", attachments: [Domain.Attachment] = [],
                            inReplyTo: String? = nil) -> OutboundReply {
        reply(.facebookPage, page, thread: .comment(postID: postID, commentID: commentID), to: commenter, text: text,
              attachments: attachments, visibility: visibility, inReplyTo: inReplyTo)
    }

    static func whatsapp(text: String = "Yes, in blue", attachments: [Domain.Attachment] = [], inReplyTo: String? = nil) -> OutboundReply {
        reply(.whatsapp, phoneNumberID, thread: .conversation(customer: waID), to: waID, text: text, attachments: attachments, inReplyTo: inReplyTo)
    }

    static func tweetReply(text: String = "We're on it", visibility: Visibility = .public, inReplyTo: String? = nil) -> OutboundReply {
        reply(.x, xAccount, thread: .tweet(conversationID: "1580000000000000001"), to: xUser, text: text, visibility: visibility, inReplyTo: inReplyTo)
    }

    static func line(text: String = "Thanks!", attachments: [Domain.Attachment] = []) -> OutboundReply {
        reply(.line, lineBot, thread: .conversation(customer: lineUser), to: lineUser, text: text, attachments: attachments)
    }

    static func open(text: String = "Hi, how can I help?", attachments: [Domain.Attachment] = []) -> OutboundReply {
        reply(.open, integration, thread: .conversation(customer: openUser), to: openUser, text: text, attachments: attachments)
    }

    func compose(_ reply: OutboundReply) throws -> (OutboundRequest, JSONObject) {
        let request = try ReplyComposer.compose(reply)
        return (request, try JSON.parseObject(request.body))
    }

    func failure(_ reply: OutboundReply) -> ComposeError? {
        do {
            _ = try ReplyComposer.compose(reply)
            return nil
        } catch {
            return error
        }
    }

    // MARK: Meta

    @Test func messengerReplyIsASendAPIResponseToThePSIDWithTheTokenAsBearer() throws {
        let (request, body) = try compose(Self.messenger())
        #expect(request.method == "POST")
        #expect(request.path == "/103149398319188/messages")
        #expect(request.headers["Authorization"] == "Bearer page-token")
        #expect(request.headers["Content-Type"] == "application/json")
        #expect(body.object("recipient")?.string("id") == "6543210987654321")
        #expect(body.string("messaging_type") == "RESPONSE")
        #expect(body.object("message")?.string("text") == "Thanks, we're on it")
        #expect(body.object("message")?["attachment"] == nil)
        #expect(body["tag"] == nil)
    }

    @Test func messengerSendsOneAttachmentByURLAndDropsWhitespaceOnlyText() throws {
        let image = Domain.Attachment(kind: .image, url: "https://cdn.example/label.png", mimeType: "image/png")
        let (_, body) = try compose(Self.messenger(text: " \n", attachments: [image]))
        let message = try #require(body.object("message"))
        #expect(message["text"] == nil)
        #expect(message.object("attachment")?.string("type") == "image")
        #expect(message.object("attachment")?.object("payload")?.string("url") == "https://cdn.example/label.png")
    }

    @Test func aPublicPageReplyIsACommentUnderTheCommentAnswered() throws {
        let (request, body) = try compose(Self.pageComment(visibility: .public))
        #expect(request.method == "POST")
        #expect(request.path == "/244445617083583_1122334455/comments")
        #expect(body.string("message") == "Sorry to hear that")
        #expect(body["attachment_url"] == nil)

        let image = Domain.Attachment(kind: .image, url: "https://cdn.example/map.png")
        let (nested, withImage) = try compose(Self.pageComment(visibility: .public, attachments: [image], inReplyTo: "244445617083583_9988"))
        #expect(nested.path == "/244445617083583_9988/comments")
        #expect(withImage.string("attachment_url") == "https://cdn.example/map.png")
    }

    @Test func aPrivateReplyToAPageCommentAddressesTheCommentNotThePerson() throws {
        let (request, body) = try compose(Self.pageComment(visibility: .private))
        #expect(request.path == "/103149398319188/messages")
        #expect(body.object("recipient")?.string("comment_id") == Self.commentID)
        #expect(body.object("recipient")?["id"] == nil)
        #expect(body["messaging_type"] == nil)
        #expect(body.object("message")?.string("text") == "Sorry to hear that")

        let visitorPost = Self.reply(.facebookPage, Self.page, thread: .customerPost(postID: Self.postID), to: Self.commenter, visibility: .private)
        let (_, postBody) = try compose(visitorPost)
        #expect(postBody.object("recipient")?.string("post_id") == Self.postID)
    }

    @Test func instagramDirectMessagesCommentRepliesAndPrivateReplies() throws {
        let dm = Self.reply(.instagram, Self.igAccount, thread: .conversation(customer: Self.igsid), to: Self.igsid)
        let (dmRequest, dmBody) = try compose(dm)
        #expect(dmRequest.path == "/me/messages")
        #expect(dmBody.object("recipient")?.string("id") == "5566778899")
        #expect(dmBody.object("message")?.string("text") == "Thanks, we're on it")

        let comment = ThreadKey.comment(postID: "17900000000000001", commentID: "17850000000000002")
        let (publicRequest, publicBody) = try compose(Self.reply(.instagram, Self.igAccount, thread: comment, to: Self.igsid, visibility: .public))
        #expect(publicRequest.path == "/17850000000000002/replies")
        #expect(publicBody.string("message") == "Thanks, we're on it")

        let (privateRequest, privateBody) = try compose(Self.reply(.instagram, Self.igAccount, thread: comment, to: Self.igsid, visibility: .private))
        #expect(privateRequest.path == "/me/messages")
        #expect(privateBody.object("recipient")?.string("comment_id") == "17850000000000002")
    }

    @Test func whatsappTextGoesToTheWaIDFromTheChannelsPhoneNumberWithoutQuotingTheLastMessage() throws {
        let (request, body) = try compose(Self.whatsapp(inReplyTo: "wamid.HBgL123="))
        #expect(request.method == "POST")
        #expect(request.path == "/106540352242922/messages")
        #expect(body.string("messaging_product") == "whatsapp")
        #expect(body.string("recipient_type") == "individual")
        #expect(body.string("to") == "16505551234")
        #expect(body.string("type") == "text")
        let text = try #require(body.object("text"))
        #expect(text.string("body") == "Yes, in blue")
        #expect(text["preview_url"] != nil && text.bool("preview_url") == false)
        #expect(body["context"] == nil)
    }

    @Test func whatsappMediaCarryTheTextAsCaptionAndDocumentsTheirFilename() throws {
        let image = Domain.Attachment(kind: .image, url: "https://cdn.example/blue.jpg")
        let (_, body) = try compose(Self.whatsapp(attachments: [image]))
        #expect(body.string("type") == "image")
        #expect(body.object("image")?.string("link") == "https://cdn.example/blue.jpg")
        #expect(body.object("image")?.string("caption") == "Yes, in blue")
        #expect(body["text"] == nil)

        let invoice = Domain.Attachment(kind: .file, url: "https://cdn.example/inv.pdf", mimeType: "application/pdf", filename: "invoice.pdf")
        let (_, document) = try compose(Self.whatsapp(text: "", attachments: [invoice]))
        #expect(document.string("type") == "document")
        #expect(document.object("document")?.string("link") == "https://cdn.example/inv.pdf")
        #expect(document.object("document")?.string("filename") == "invoice.pdf")
        #expect(document.object("document")?["caption"] == nil)
    }

    // MARK: X, LINE, open

    @Test func aPublicXReplyIsAReplyTweetToTheTweetAnsweredOrTheConversationRoot() throws {
        let (request, body) = try compose(Self.tweetReply(inReplyTo: "1580000000000000009"))
        #expect(request.method == "POST")
        #expect(request.path == "/2/tweets")
        #expect(body.string("text") == "We're on it")
        #expect(body.object("reply")?.string("in_reply_to_tweet_id") == "1580000000000000009")

        let (_, root) = try compose(Self.tweetReply())
        #expect(root.object("reply")?.string("in_reply_to_tweet_id") == "1580000000000000001")
    }

    @Test func aPrivateXReplyIsADirectMessageToTheCustomerEvenOnATweetThread() throws {
        let conversation = Self.reply(.x, Self.xAccount, thread: .conversation(customer: Self.xUser), to: Self.xUser)
        let (request, body) = try compose(conversation)
        #expect(request.method == "POST")
        #expect(request.path == "/2/dm_conversations/with/944480690/messages")
        #expect(body.string("text") == "Thanks, we're on it")
        #expect(body.count == 1)

        let (fromTweet, _) = try compose(Self.tweetReply(visibility: .private))
        #expect(fromTweet.path == "/2/dm_conversations/with/944480690/messages")
    }

    @Test func lineRepliesArePushesToTheUserBecauseReplyTokensExpire() throws {
        let (request, body) = try compose(Self.line())
        #expect(request.method == "POST")
        #expect(request.path == "/v2/bot/message/push")
        #expect(request.headers["Authorization"] == "Bearer page-token")
        #expect(body.string("to") == "U4af4980629abcdef")
        let messages = body.objects("messages")
        #expect(messages.count == 1)
        #expect(messages.first?.string("type") == "text")
        #expect(messages.first?.string("text") == "Thanks!")
        #expect(body["replyToken"] == nil)
    }

    @Test func openRepliesPostVersionOneOfTheOutboundMessageToTheIntegratorsURL() throws {
        let image = Domain.Attachment(kind: .image, url: "https://cdn.example/x.png", mimeType: "image/png", filename: "x.png")
        let (request, body) = try compose(Self.open(attachments: [image]))
        #expect(request.method == "POST")
        #expect(request.path == "", "the sender posts to the channel's own URL")
        #expect(request.headers["Authorization"] == nil)
        #expect(body.double("version") == 1)
        #expect(body.string("type") == "message")
        #expect(body["id"] == nil, "the sender stamps Parley's message id at send time")
        #expect(body.string("channel") == "integration-1")
        #expect(body.object("recipient")?.string("id") == "ext-user-42")
        #expect(body.string("text") == "Hi, how can I help?")
        let attachment = try #require(body.objects("attachments").first)
        #expect(attachment.string("type") == "image")
        #expect(attachment.string("url") == "https://cdn.example/x.png")
        #expect(attachment.string("mime") == "image/png")
        #expect(attachment.string("filename") == "x.png")
    }

    @Test func withoutATokenNoAuthorizationHeaderIsSentAndIDsCannotChangeThePath() throws {
        let hostile = Identity.Key(platform: .x, id: "1/../../2/tweets?x=1")
        let request = try ReplyComposer.compose(Self.reply(.x, Self.xAccount, thread: .conversation(customer: hostile), to: hostile, token: nil))
        #expect(request.headers["Authorization"] == nil)
        #expect(request.path == "/2/dm_conversations/with/1%2F..%2F..%2F2%2Ftweets%3Fx%3D1/messages")
    }

    @Test func aReplyDescribesItselfWithoutItsTokenOrText() {
        let text = String(describing: Self.messenger(text: "my card is 4111"))
        #expect(!text.contains("page-token") && !text.contains("4111"))
        #expect(text.contains("messenger:103149398319188") && text.contains("token redacted"))
    }
}

// MARK: - What cannot be composed

extension ReplyComposerTests {
    @Test func webMessagingIsNotComposedBecauseParleyDeliversItItself() {
        let visitor = Identity.Key(platform: .web, id: "visitor-1")
        let error = failure(Self.reply(.webMessaging, "site", thread: .conversation(customer: visitor), to: visitor))
        #expect(error == .notAPlatformChannel(.webMessaging))
        #expect(error?.description.contains("delivered by Parley itself") == true)
    }

    @Test func aReplyWithNoTextAndNoAttachmentsIsEmpty() {
        #expect(failure(Self.messenger(text: "")) == .emptyMessage(.messenger))
        #expect(failure(Self.line(text: " \n\t")) == .emptyMessage(.line))
        #expect(failure(Self.pageComment(visibility: .public, text: "")) == .emptyMessage(.facebookPage))
    }

    @Test func textIsLimitedPerPlatformInItsStatedUnit() {
        let a = { (count: Int) in String(repeating: "a", count: count) }
        #expect(failure(Self.messenger(text: a(2000))) == nil)
        #expect(failure(Self.messenger(text: a(2001))) == .textTooLong(.messenger, length: 2001, limit: MetaComposer.messengerText))
        #expect(failure(Self.whatsapp(text: a(4096))) == nil)
        #expect(failure(Self.whatsapp(text: a(4097))) == .textTooLong(.whatsapp, length: 4097, limit: WhatsAppComposer.text))
        #expect(failure(Self.tweetReply(text: a(280))) == nil)
        #expect(failure(Self.tweetReply(text: a(281))) == .textTooLong(.x, length: 281, limit: XComposer.tweet))
        // X's weights: CJK and emoji count 2 (200 of either are 400), a link 23 however long, an emoji sequence 2.
        #expect(failure(Self.tweetReply(text: String(repeating: "配", count: 140))) == nil)
        #expect(failure(Self.tweetReply(text: String(repeating: "配", count: 200))) == .textTooLong(.x, length: 400, limit: XComposer.tweet))
        #expect(failure(Self.tweetReply(text: String(repeating: "😀", count: 141))) == .textTooLong(.x, length: 282, limit: XComposer.tweet))
        #expect(failure(Self.tweetReply(text: a(250) + " https://example.com/" + a(200))) == nil, "250 + a space + 23")
        #expect(XWeightedLength.of("👩‍👩‍👧‍👦🇯🇵 café — “ok”") == 2 + 2 + 1 + 4 + 1 + 1 + 1 + 4)
        #expect(XWeightedLength.of("See HTTPS://Example.com/" + a(100) + ".") == 4 + 23 + 1, "any case; the full stop is not the link's")
        #expect(failure(Self.tweetReply(text: a(10_000), visibility: .private)) == nil, "a DM is not held to a tweet's length")
        #expect(failure(Self.tweetReply(text: a(10_001), visibility: .private)) == .textTooLong(.x, length: 10_001, limit: XComposer.directMessage))
        let ig = Self.reply(.instagram, Self.igAccount, thread: .conversation(customer: Self.igsid), to: Self.igsid, text: a(1001))
        #expect(failure(ig) == .textTooLong(.instagram, length: 1001, limit: MetaComposer.instagramText))
        let image = Domain.Attachment(kind: .image, url: "https://cdn.example/a.png")
        #expect(failure(Self.whatsapp(text: a(1025), attachments: [image])) == .textTooLong(.whatsapp, length: 1025, limit: WhatsAppComposer.caption))
    }

    @Test func emojiCountOnceAsScalarsButTwiceInLINEsUTF16() {
        let grin = "\u{1F600}"
        #expect(failure(Self.messenger(text: String(repeating: grin, count: 2000))) == nil)
        #expect(failure(Self.line(text: String(repeating: grin, count: 2500))) == nil)
        let error = failure(Self.line(text: String(repeating: grin, count: 2501)))
        #expect(error == .textTooLong(.line, length: 5002, limit: LineComposer.text))
        #expect(error?.description == "a LINE text message holds at most 5000 UTF-16 code units; this text has 5002: "
            + "shorten it by 2 or send it as two replies")
    }

    @Test func attachmentsAPlatformCannotTakeAreRefusedWithAHint() {
        let image = Domain.Attachment(kind: .image, url: "https://cdn.example/a.png")
        let messenger = failure(Self.messenger(attachments: [Domain.Attachment(kind: .location)]))
        guard case .unsupportedAttachment(.messenger, .location, let hint) = messenger else {
            Issue.record("expected unsupportedAttachment, got \(String(describing: messenger))")
            return
        }
        #expect(hint.contains("link"))
        let tweetWithImage = Self.reply(.x, Self.xAccount, thread: .tweet(conversationID: "1"), to: Self.xUser, attachments: [image], visibility: .public)
        #expect(failure(tweetWithImage).isUnsupported(.x, .image))
        #expect(failure(Self.line(attachments: [image])).isUnsupported(.line, .image))
        #expect(failure(Self.pageComment(visibility: .private, attachments: [image])).isUnsupported(.facebookPage, .image))
        #expect(failure(Self.open(attachments: [Domain.Attachment(kind: .sticker, url: "https://cdn.example/s.webp")])).isUnsupported(.open, .sticker))
    }

    @Test func anAttachmentWithoutAURLCannotBeFetchedByThePlatform() {
        #expect(failure(Self.messenger(text: "", attachments: [Domain.Attachment(kind: .image)])) == .attachmentWithoutURL(.messenger, .image))
        #expect(failure(Self.whatsapp(attachments: [Domain.Attachment(kind: .file, url: "")])) == .attachmentWithoutURL(.whatsapp, .file))
    }

    @Test func aReplyThatNeedsSeveralCallsIsRefusedRatherThanCut() {
        let image = Domain.Attachment(kind: .image, url: "https://cdn.example/a.png")
        let audio = Domain.Attachment(kind: .audio, url: "https://cdn.example/a.ogg")
        #expect(failure(Self.messenger(attachments: [image])) == .tooManyParts(.messenger, attachments: 1, withText: true))
        #expect(failure(Self.messenger(text: "", attachments: [image, image])) == .tooManyParts(.messenger, attachments: 2, withText: false))
        #expect(failure(Self.whatsapp(attachments: [audio])) == .tooManyParts(.whatsapp, attachments: 1, withText: true))
        #expect(failure(Self.pageComment(visibility: .public, attachments: [image, image])) == .tooManyParts(.facebookPage, attachments: 2, withText: true))
        #expect(ComposeError.tooManyParts(.messenger, attachments: 1, withText: true).description
            == "a Messenger message is either text or one attachment; this reply has text and 1 attachment: send them as separate replies")
    }

    @Test func aPublicReplyIsImpossibleOnAPrivateConversation() {
        #expect(failure(Self.messenger(visibility: .public)) == .publicReplyOnPrivateThread(.messenger))
        let dm = Self.reply(.x, Self.xAccount, thread: .conversation(customer: Self.xUser), to: Self.xUser, visibility: .public)
        #expect(failure(dm) == .publicReplyOnPrivateThread(.x))
    }

    @Test func aThreadOfAnotherChannelKindOrARecipientOfAnotherPlatformIsRefused() {
        let tweet = ThreadKey.tweet(conversationID: "1")
        #expect(failure(Self.reply(.line, Self.lineBot, thread: tweet, to: Self.lineUser, visibility: .public)) == .threadNotOnChannel(tweet, .line))
        let comment = ThreadKey.comment(postID: Self.postID, commentID: Self.commentID)
        #expect(failure(Self.reply(.messenger, Self.page, thread: comment, to: Self.psid)) == .threadNotOnChannel(comment, .messenger))
        let wrong = Self.reply(.messenger, Self.page, thread: .conversation(customer: Self.waID), to: Self.waID)
        #expect(failure(wrong) == .recipientNotOnPlatform(Self.waID, .messenger))
    }
}

// MARK: - Hostile text

extension ReplyComposerTests {
    static let hostile = "She said \"it's broken\" \\ again\nline two\r\n\t</script><script>alert('x')</script> \u{1F600}\u{1F1EF}\u{1F1F5} \u{0} é"

    static let hostileReplies: [OutboundReply] = [
        messenger(text: hostile),
        pageComment(visibility: .public, text: hostile),
        pageComment(visibility: .private, text: hostile),
        reply(.instagram, igAccount, thread: .conversation(customer: igsid), to: igsid, text: hostile),
        whatsapp(text: hostile),
        tweetReply(text: hostile),
        tweetReply(text: hostile, visibility: .private),
        line(text: hostile),
        open(text: hostile),
    ]

    @Test(arguments: hostileReplies)
    func hostileTextSurvivesTheJSONBodyIntact(_ reply: OutboundReply) throws {
        let (_, body) = try compose(reply)
        let text: String?
        switch reply.channel.kind {
        case .messenger, .instagram: text = body.object("message")?.string("text")
        case .facebookPage: text = reply.visibility == .public ? body.string("message") : body.object("message")?.string("text")
        case .whatsapp: text = body.object("text")?.string("body")
        case .line: text = body.objects("messages").first?.string("text")
        case .x, .open, .webMessaging: text = body.string("text")
        }
        #expect(text == Self.hostile)
    }
}

extension Optional where Wrapped == ComposeError {
    func isUnsupported(_ kind: ChannelKind, _ attachment: Domain.Attachment.Kind) -> Bool {
        guard case .unsupportedAttachment(kind, attachment, _)? = self else { return false }
        return true
    }
}
