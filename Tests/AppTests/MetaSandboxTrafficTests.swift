import Connectors
import Crypto
import Foundation
import Hummingbird
import HummingbirdTesting
import Sandbox
import Testing

/// The sandbox's Meta webhooks: signed as Meta signs them, shaped as platforms.md §1–4 shows, and remembered, so
/// polling, media downloads and the messaging windows agree with what was delivered.
@Suite struct MetaSandboxTrafficTests {
    typealias H = MetaSandboxHarness
    let page = H.accounts.facebookPage

    @discardableResult
    func traffic(_ client: any TestClientProtocol, _ json: String) async throws -> MetaJSON {
        MetaJSON(try await H.control(client, .post, "/_sandbox/traffic", json))
    }

    @Test func everyMetaSourceIsSignedOverTheEscapedBytesItSends() async throws {
        try await H.runWithParley { _, client, received in
            let sources = ["meta": "page", "messenger": "page", "facebook": "page", "instagram": "instagram",
                           "instagram_comments": "instagram", "whatsapp": "whatsapp_business_account"]
            for (source, object) in sources.sorted(by: { $0.key < $1.key }) {
                let before = await received.all.count
                let result = try await traffic(client, #"{"source":"\#(source)","count":20,"seed":7}"#)
                #expect(result["delivered"].int == 20 && result["statuses"]["200"].int == 20, "\(source)")
                let webhooks = await received.all.dropFirst(before)
                #expect(webhooks.count == 20)
                #expect(webhooks.allSatisfy { $0.json["object"].string == object && $0.path == "/webhooks/meta" }, "\(source)")
                #expect(webhooks.allSatisfy { WebhookSignature.of(.meta).verify($0.body, headerValue: $0.signature, secret: H.secret) }, "\(source)")
                #expect(webhooks.allSatisfy { $0.body.allSatisfy { $0 < 0x80 } }, "Meta escapes non-ASCII text as \\uXXXX: \(source)")
                #expect(!webhooks.contains { WebhookSignature.of(.meta).verify($0.body, headerValue: $0.signature, secret: "another-secret") })
            }
            let kinds = try await traffic(client, #"{"source":"messenger","count":60,"seed":11}"#)["kinds"]
            for kind in ["messenger.text", "messenger.image", "messenger.postback", "messenger.quick_reply"] {
                #expect((kinds[kind].int ?? 0) > 0, "random Messenger traffic includes \(kind)")
            }
        }
    }

    @Test func theCommentThreadScenarioTellsOneStoryInOrder() async throws {
        try await H.runWithParley { _, client, received in
            let result = try await traffic(client, #"{"scenario":"comment_thread"}"#)
            #expect(result["kinds"]["facebook.page_post"].int == 1 && result["kinds"]["facebook.remove"].int == 1 && result["delivered"].int == 5)
            let values = await received.all.map { $0.json["entry"][0]["changes"][0]["value"] }
            #expect(values.map { $0["verb"].string } == ["add", "add", "add", "edited", "remove"])
            #expect(values.map { $0["item"].string } == ["status", "comment", "comment", "comment", "comment"])
            let post = try #require(values[0]["post_id"].string)
            #expect(values.allSatisfy { $0["post_id"].string == post } && values[0]["from"]["id"].string == page)
            let comment = try #require(values[1]["comment_id"].string)
            #expect(values[1]["parent_id"].string == post && comment.hasPrefix(post.split(separator: "_")[1] + "_"))
            #expect(values[2]["parent_id"].string == comment, "the reply answers the comment")
            #expect(values[3]["comment_id"].string == comment && values[3]["message"].string != values[1]["message"].string)
            #expect(values[4]["comment_id"].string == values[2]["comment_id"].string && !values[4]["message"].exists)
            let times = values.compactMap { $0["created_time"].int }
            #expect(times == times.sorted() && times.count == 5)
        }
    }

    @Test func feedPollingReturnsEveryPostAndCommentExactlyOnce() async throws {
        try await H.runWithParley { _, client, received in
            _ = try await H.patiently(client, .post, "/_sandbox/traffic", #"{"source":"facebook","count":60,"seed":3}"#)
            let values = await received.all.map { $0.json["entry"][0]["changes"][0]["value"] }
            let posts = Set(values.compactMap { $0["post_id"].string })
            let added = Set(values.filter { $0["item"].string == "comment" && $0["verb"].string == "add" }.compactMap { $0["comment_id"].string })
            let removed = Set(values.filter { $0["verb"].string == "remove" }.compactMap { $0["comment_id"].string })
            #expect(posts.count > 3 && added.count > 10 && !removed.isEmpty, "a mix worth polling: \(posts.count) posts, \(added.count) comments")

            func read(_ uri: String) async throws -> (ids: [String], next: String?) {
                let page = MetaJSON(try await H.graph(client, .get, uri))
                return (page["data"].array.compactMap { $0["id"].string }, H.local(page["paging"]["next"].string))
            }
            let since = Int(H.start.timeIntervalSince1970) - 2 * 86_400
            var (seen, next) = try await read("/v21.0/\(page)/feed?fields=id,message,created_time,from&since=\(since)&limit=4")
            // A minute later customers are still posting while Parley pages: newer posts do not shift the pages left to read.
            try await H.control(client, .put, "/_sandbox/clock", #"{"advance_seconds":60}"#)
            try await traffic(client, #"{"source":"facebook","count":5,"seed":4}"#)
            while let uri = next {
                let page = try await read(uri)
                seen += page.ids
                next = page.next
            }
            #expect(seen.count == Set(seen).count, "no post twice")
            #expect(Set(seen) == posts)

            let all = await received.all.map { $0.json["entry"][0]["changes"][0]["value"] }
            #expect(all.count == 65)
            var comments: [String] = []
            for post in Set(all.compactMap { $0["post_id"].string }) {
                var next: String? = "/v21.0/\(post)/comments?filter=stream&limit=3"
                while let uri = next {
                    let page = try await read(uri)
                    comments += page.ids
                    next = page.next
                }
            }
            let everAdded = Set(all.filter { $0["item"].string == "comment" && $0["verb"].string == "add" }.compactMap { $0["comment_id"].string })
            let everRemoved = Set(all.filter { $0["verb"].string == "remove" }.compactMap { $0["comment_id"].string })
            #expect(comments.count == Set(comments).count, "no comment twice")
            #expect(Set(comments) == everAdded.subtracting(everRemoved), "every comment still there, the removed ones not")
        }
    }

    @Test func whatsappMediaIsFetchedByIdThenDownloadedWithTheToken() async throws {
        try await H.runWithParley { _, client, received in
            try await traffic(client, #"{"scenario":"whatsapp_conversation"}"#)
            let messages = await received.all.map { $0.json["entry"][0]["changes"][0]["value"]["messages"][0] }
            #expect(messages.map { $0["type"].string } == ["text", "image", "location", "interactive"])
            let image = messages[1]["image"]
            let id = try #require(image["id"].string)
            #expect(image["caption"].string?.isEmpty == false)

            let object = MetaJSON(try await H.graph(client, .get, "/v21.0/\(id)"))
            #expect(object["id"].string == id && object["messaging_product"].string == "whatsapp" && object["mime_type"].string == "image/png")
            #expect(object["sha256"].string == image["sha256"].string)
            let url = try #require(H.local(object["url"].string))
            #expect(try await client.execute(uri: url, method: .get).status == .unauthorized, "media downloads need the token")
            let download = try await H.graph(client, .get, url)
            let bytes = Data(buffer: download.body)
            #expect(download.status == .ok && download.headers[.contentType] == "image/png")
            #expect(bytes.count == object["file_size"].int && bytes.starts(with: [0x89, 0x50, 0x4E, 0x47]))
            #expect(SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined() == object["sha256"].string)

            try await traffic(client, #"{"scenario":"messenger_conversation"}"#)
            let attachment = await received.all[5].json["entry"][0]["messaging"][0]["message"]["attachments"][0]
            #expect(attachment["type"].string == "image")
            let cdn = try await client.execute(uri: try #require(H.local(attachment["payload"]["url"].string)), method: .get)
            #expect(cdn.status == .ok && Data(buffer: cdn.body).count == bytes.count, "Messenger attachment URLs need no token")
        }
    }

    @Test func generatedMessagesOpenTheWindowTheSandboxEnforces() async throws {
        try await H.runWithParley { _, client, received in
            try await traffic(client, #"{"scenario":"messenger_conversation"}"#)
            let psid = try #require(await received.all.first?.json["entry"][0]["messaging"][0]["sender"]["id"].string)
            #expect(try await H.graph(client, .post, "/v21.0/\(page)/messages", H.messengerSend(to: psid)).status == .ok)
            try await H.control(client, .put, "/_sandbox/clock", #"{"advance_seconds":90000}"#)
            let late = MetaJSON(try await H.graph(client, .post, "/v21.0/\(page)/messages", H.messengerSend(to: psid)))
            #expect(late["error"]["code"].int == 10 && late["error"]["error_subcode"].int == 2018278)
        }
    }

    @Test func aWhatsappSendOutsideTheWindowCanFailLaterAsAStatus() async throws {
        try await H.runWithParley { _, client, received in
            let number = H.accounts.whatsappNumber
            try await H.control(client, .put, "/_sandbox/meta/mode", #"{"whatsapp_window_errors":"async"}"#)
            let wrote = Int(H.start.timeIntervalSince1970) - 2 * 86_400
            try await H.control(client, .post, "/_sandbox/meta/customers", #"{"account":"\#(number)","customer":"34612001234","last_message_at":\#(wrote)}"#)
            let text = #"{"messaging_product":"whatsapp","to":"34612001234","type":"text","text":{"body":"Are you still there?"}}"#
            let sent = MetaJSON(try await H.graph(client, .post, "/v21.0/\(number)/messages", text))
            let wamid = try #require(sent["messages"][0]["id"].string, "accepted first, as integrators report")
            let status = try #require(try await received.waitFor(1).first)
            #expect(WebhookSignature.of(.meta).verify(status.body, headerValue: status.signature, secret: H.secret))
            let entry = status.json["entry"][0]["changes"][0]["value"]["statuses"][0]
            #expect(entry["id"].string == wamid && entry["status"].string == "failed" && entry["recipient_id"].string == "34612001234")
            #expect(entry["errors"][0]["code"].int == 131047 && entry["errors"][0]["title"].string == "Re-engagement message")
        }
    }

    @Test func echoesRepeatOurOwnSendsWithTheirMessageID() async throws {
        try await H.runWithParley { _, client, received in
            try await H.control(client, .put, "/_sandbox/meta/mode", #"{"echoes":true}"#)
            try await H.control(client, .post, "/_sandbox/meta/customers", #"{"account":"\#(page)","customer":"4001"}"#)
            let sent = MetaJSON(try await H.graph(client, .post, "/v21.0/\(page)/messages", H.messengerSend(to: "4001")))
            let echo = try #require(try await received.waitFor(1).first).json["entry"][0]["messaging"][0]
            #expect(echo["message"]["is_echo"].bool == true && echo["message"]["mid"].string == sent["message_id"].string)
            #expect(echo["message"]["app_id"].int == Int(H.accounts.metaApp) && echo["sender"]["id"].string == page && echo["recipient"]["id"].string == "4001")
            let deliveries = MetaJSON(try await client.execute(uri: "/_sandbox/deliveries", method: .get)).array
            #expect(deliveries.map { $0["kind"].string } == ["messenger.echo"] && deliveries.first?["status"].int == 200)
        }
    }

    @Test func aRateSpreadsTheDeliveriesOverTime() async throws {
        try await H.runWithParley { _, client, _ in
            let elapsed = try await ContinuousClock().measure {
                try await traffic(client, #"{"source":"whatsapp","count":5,"rate":20}"#)
            }
            #expect(elapsed >= .milliseconds(200), "5 deliveries at 20 a second span 4 intervals of 50 ms")
        }
    }
}
