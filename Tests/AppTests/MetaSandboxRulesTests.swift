import Foundation
import Hummingbird
import HummingbirdTesting
import Sandbox
import Testing

/// The sandbox refuses what Meta refuses, in Meta's error shapes, and accepts the same calls inside the rules
/// (platforms.md §1.6, §1.7, §2.4, §4.3).
@Suite struct MetaSandboxRulesTests {
    typealias H = MetaSandboxHarness
    let page = H.accounts.facebookPage
    let number = H.accounts.whatsappNumber

    @Test func anExpiredTokenIsRefusedWithGraphsOAuthErrorAndAGoodOneIsNot() async throws {
        try await H.run { _, client in
            try await H.control(client, .put, "/_sandbox/meta/tokens", #"{"expired":["old-token"],"valid":{"\#(page)":["page-token"]}}"#)
            let expired = try await H.graph(client, .post, "/v21.0/\(page)/messages", token: "old-token", H.messengerSend(to: "1"))
            let error = MetaJSON(expired)["error"]
            #expect(expired.status == .badRequest)
            #expect(error["code"].int == 190 && error["error_subcode"].int == 463 && error["type"].string == "OAuthException")
            #expect(error["message"].string?.hasPrefix("Error validating access token: Session has expired on ") == true)
            #expect(error["fbtrace_id"].string?.count == 11)

            let foreign = try await H.graph(client, .post, "/v21.0/\(page)/messages", token: "another-pages-token", H.messengerSend(to: "1"))
            #expect(MetaJSON(foreign)["error"]["code"].int == 190, "the page accepts only its own token")
            let sent = try await H.graph(client, .post, "/v21.0/\(page)/messages", token: "page-token", H.messengerSend(to: "1"))
            #expect(sent.status == .ok, "\(sent.text)")

            let debug = MetaJSON(try await H.graph(client, .get, "/debug_token?input_token=old-token"))["data"]
            #expect(debug["is_valid"].bool == false && debug["error"]["subcode"].int == 463)
            #expect((debug["expires_at"].int ?? .max) < Int(H.start.timeIntervalSince1970))
            let good = MetaJSON(try await H.graph(client, .get, "/debug_token?input_token=page-token"))["data"]
            #expect(good["is_valid"].bool == true && good["scopes"].array.contains { $0.string == "pages_messaging" })
            let me = MetaJSON(try await H.graph(client, .get, "/v21.0/me?access_token=page-token", token: nil))
            #expect(me["id"].string == page && me["name"].string == "Acme Support")
        }
    }

    @Test func messengerAnswersNeedTheWindowAndHumanAgentStretchesItToSevenDays() async throws {
        try await H.run { _, client in
            try await H.control(client, .post, "/_sandbox/meta/customers", #"{"account":"\#(page)","customer":"2001"}"#)
            let inside = MetaJSON(try await H.graph(client, .post, "/v21.0/\(page)/messages", H.messengerSend(to: "2001")))
            #expect(inside["recipient_id"].string == "2001" && inside["message_id"].string?.hasPrefix("m_") == true)

            let moved = MetaJSON(try await H.control(client, .put, "/_sandbox/clock", #"{"advance_seconds":90000}"#))
            #expect(moved["now"].int == Int(H.start.timeIntervalSince1970) + 90_000)
            let late = try await H.graph(client, .post, "/v21.0/\(page)/messages", H.messengerSend(to: "2001"))
            #expect(late.status == .badRequest)
            #expect(MetaJSON(late)["error"]["code"].int == 10 && MetaJSON(late)["error"]["error_subcode"].int == 2018278)
            #expect(MetaJSON(late)["error"]["message"].string?.hasPrefix("(#10) This message is sent outside of allowed window.") == true)
            let human = try await H.graph(client, .post, "/v21.0/\(page)/messages", H.messengerSend(to: "2001", type: "MESSAGE_TAG", tag: "HUMAN_AGENT"))
            #expect(human.status == .ok, "a person may answer for 7 days: \(human.text)")

            try await H.control(client, .put, "/_sandbox/clock", #"{"advance_seconds":518400}"#)  // now 7 d 1 h after
            let tooLate = try await H.graph(client, .post, "/v21.0/\(page)/messages", H.messengerSend(to: "2001", type: "MESSAGE_TAG", tag: "HUMAN_AGENT"))
            #expect(MetaJSON(tooLate)["error"]["error_subcode"].int == 2018278)

            // The customer writes again: the window reopens from then.
            try await H.control(client, .post, "/_sandbox/meta/customers", #"{"account":"\#(page)","customer":"2001"}"#)
            #expect(try await H.graph(client, .post, "/v21.0/me/messages", H.messengerSend(to: "2001")).status == .ok)
        }
    }

    @Test func instagramRefusesLateAnswersWithItsOwnSubcode() async throws {
        try await H.run { _, client in
            let ig = H.accounts.instagramAccount
            let wrote = Int(H.start.timeIntervalSince1970) - 25 * 3600
            try await H.control(client, .post, "/_sandbox/meta/customers", #"{"account":"\#(ig)","customer":"3001","last_message_at":\#(wrote)}"#)
            let late = MetaJSON(try await H.graph(client, .post, "/me/messages", H.messengerSend(to: "3001")))
            #expect(late["error"]["code"].int == 10 && late["error"]["error_subcode"].int == 2534022)
        }
    }

    @Test func unknownRecipientsAreAcceptedUntilStrictModeIsOn() async throws {
        try await H.run { _, client in
            #expect(try await H.graph(client, .post, "/\(page)/messages", H.messengerSend(to: "9999")).status == .ok)
            #expect(try await H.graph(client, .post, "/\(page)/messages", token: nil, H.messengerSend(to: "9999")).status == .ok,
                    "lenient: a channel configured without a token still works against the sandbox")
            try await H.control(client, .put, "/_sandbox/meta/mode", #"{"strict":true}"#)
            let unknown = MetaJSON(try await H.graph(client, .post, "/\(page)/messages", H.messengerSend(to: "9999")))["error"]
            #expect(unknown["code"].int == 100 && unknown["error_subcode"].int == 2018001 && unknown["message"].string == "(#100) No matching user found")
            let anonymous = MetaJSON(try await H.graph(client, .post, "/\(page)/messages", token: nil, H.messengerSend(to: "9999")))
            #expect(anonymous["error"]["message"].string == "An access token is required to request this resource.")
        }
    }

    @Test func aCommentGetsOnePrivateReplyWithinSevenDays() async throws {
        try await H.run { _, client in
            let now = Int(H.start.timeIntervalSince1970)
            try await H.control(client, .post, "/_sandbox/meta/comments", #"{"comment_id":"5551_701","created_time":\#(now - 3600)}"#)
            try await H.control(client, .post, "/_sandbox/meta/comments", #"{"comment_id":"5551_702","created_time":\#(now - 8 * 86400)}"#)
            let privately = #"{"recipient":{"comment_id":"5551_701"},"message":{"text":"Sorry about that! Let's sort it out here."}}"#
            let first = MetaJSON(try await H.graph(client, .post, "/v21.0/\(page)/messages", privately))
            #expect(first["recipient_id"].string == SandboxState.psid(forComment: "5551_701") && first["message_id"].string?.hasPrefix("m_") == true)

            let second = try await H.graph(client, .post, "/v21.0/\(page)/messages", privately)
            #expect(second.status == .badRequest && MetaJSON(second)["error"]["code"].int == 10, "one private reply per comment")
            let old = MetaJSON(try await H.graph(client, .post, "/v21.0/\(page)/messages", privately.replacingOccurrences(of: "701", with: "702")))
            #expect(old["error"]["error_subcode"].int == 2018278, "8 days after the comment")

            // The commenter has not written in Messenger: Parley cannot follow up until they do.
            let followUp = MetaJSON(try await H.graph(client, .post, "/v21.0/\(page)/messages", H.messengerSend(to: SandboxState.psid(forComment: "5551_701"))))
            #expect(followUp["error"]["error_subcode"].int == 2018278)

            try await H.control(client, .put, "/_sandbox/meta/mode", #"{"strict":true}"#)
            let unknown = MetaJSON(try await H.graph(client, .post, "/v21.0/\(page)/messages", privately.replacingOccurrences(of: "701", with: "799")))
            #expect(unknown["error"]["code"].int == 100 && unknown["error"]["error_subcode"].int == 2018292)
        }
    }

    @Test func whatsappFreeFormNeedsTheWindowAndTemplatesMustMatchAnApprovedOne() async throws {
        try await H.run { _, client in
            try await H.control(client, .post, "/_sandbox/meta/customers", #"{"account":"\#(number)","customer":"16505551234"}"#)
            let text = #"{"messaging_product":"whatsapp","recipient_type":"individual","to":"+16505551234","type":"text","text":{"preview_url":false,"body":"Yes, in navy blue."}}"#
            let sent = MetaJSON(try await H.graph(client, .post, "/v21.0/\(number)/messages", text))
            #expect(sent["messaging_product"].string == "whatsapp")
            #expect(sent["contacts"][0]["input"].string == "+16505551234" && sent["contacts"][0]["wa_id"].string == "16505551234")
            #expect(sent["messages"][0]["id"].string?.hasPrefix("wamid.") == true)

            try await H.control(client, .put, "/_sandbox/clock", #"{"advance_seconds":86401}"#)
            let late = try await H.graph(client, .post, "/v21.0/\(number)/messages", text)
            let error = MetaJSON(late)["error"]
            #expect(late.status == .badRequest && error["code"].int == 131047 && error["message"].string == "(#131047) Re-engagement message")
            #expect(error["error_data"]["details"].string?.contains("more than 24 hours") == true && error["error_data"]["messaging_product"].string == "whatsapp")

            func template(_ name: String, _ language: String, parameters: Int) -> String {
                let values = (0..<parameters).map { #"{"type":"text","text":"value \#($0)"}"# }.joined(separator: ",")
                return #"{"messaging_product":"whatsapp","to":"16505551234","type":"template","template":{"name":"\#(name)","language":{"code":"\#(language)"},"components":[{"type":"body","parameters":[\#(values)]}]}}"#
            }
            let reopened = MetaJSON(try await H.graph(client, .post, "/v21.0/\(number)/messages", template("order_update", "en_US", parameters: 1)))
            #expect(reopened["messages"][0]["id"].string?.hasPrefix("wamid.") == true, "a template goes out after the window")
            let missing = MetaJSON(try await H.graph(client, .post, "/v21.0/\(number)/messages", template("order_update", "fr_FR", parameters: 1)))["error"]
            #expect(missing["code"].int == 132001 && missing["error_data"]["details"].string == "template name (order_update) does not exist in fr_FR")
            #expect(MetaJSON(try await H.graph(client, .post, "/v21.0/\(number)/messages", template("win_back", "en_US", parameters: 0)))["error"]["code"].int == 132001)
            let short = MetaJSON(try await H.graph(client, .post, "/v21.0/\(number)/messages", template("appointment_reminder", "en_US", parameters: 1)))
            #expect(short["error"]["code"].int == 132000, "appointment_reminder has two body parameters")
        }
    }

    @Test func templatesAreListedPageByPageAndCanBeReplaced() async throws {
        try await H.run { _, client in
            let waba = H.accounts.whatsappBusinessAccount
            var names: [String] = []
            var next: String? = "/v21.0/\(waba)/message_templates?limit=1"
            while let uri = next, names.count < 10 {
                let page = MetaJSON(try await H.graph(client, .get, uri))
                names += page["data"].array.map { "\($0["name"].string ?? "?")/\($0["language"].string ?? "?")/\($0["status"].string ?? "?")" }
                next = H.local(page["paging"]["next"].string)
            }
            #expect(names == ["order_update/en_US/APPROVED", "order_update/es_ES/APPROVED", "appointment_reminder/en_US/APPROVED",
                              "conversation_follow_up/en_US/APPROVED"])
            let first = MetaJSON(try await H.graph(client, .get, "/v21.0/\(waba)/message_templates?name=order_update&language=en_US"))["data"][0]
            #expect(first["category"].string == "UTILITY" && first["components"].array.contains { $0["type"].string == "BODY" && $0["text"].string?.contains("{{1}}") == true })

            try await H.control(client, .put, "/_sandbox/meta/templates",
                                #"{"templates":[{"name":"win_back","language":"en_GB","category":"MARKETING","components":[{"type":"BODY","text":"We miss you, {{1}}!"}]}]}"#)
            let replaced = MetaJSON(try await H.graph(client, .get, "/v21.0/\(waba)/message_templates"))["data"].array
            #expect(replaced.map { $0["name"].string } == ["win_back"] && replaced.first?["status"].string == "APPROVED")
            let send = #"{"messaging_product":"whatsapp","to":"447700900123","type":"template","template":{"name":"win_back","language":{"code":"en_GB"},"components":[{"type":"body","parameters":[{"type":"text","text":"Noa"}]}]}}"#
            #expect(try await H.graph(client, .post, "/v21.0/\(number)/messages", send).status == .ok)
        }
    }

    @Test func commentActionsAnswerAsGraphDoes() async throws {
        try await H.run { _, client in
            try await H.control(client, .post, "/_sandbox/meta/comments", #"{"comment_id":"5551_801"}"#)
            let reply = MetaJSON(try await H.graph(client, .post, "/v21.0/5551_801/comments", #"{"message":"Thanks, we're on it!"}"#))
            #expect(reply["id"].string?.hasPrefix("5551_") == true && reply["id"].string != "5551_801")
            #expect(MetaJSON(try await H.graph(client, .post, "/v21.0/5551_801/likes"))["success"].bool == true)

            var form = HTTPFields()
            form[.authorization] = "Bearer page-token"
            form[.contentType] = "application/x-www-form-urlencoded"
            let hidden = try await client.execute(uri: "/v21.0/5551_801", method: .post, headers: form, body: ByteBuffer(string: "is_hidden=true"))
            #expect(MetaJSON(hidden)["success"].bool == true)
            #expect(MetaJSON(try await H.graph(client, .get, "/v21.0/5551_801"))["is_hidden"].bool == true)
            #expect(MetaJSON(try await H.graph(client, .post, "/v21.0/5551_801", #"{"is_hidden":false}"#))["success"].bool == true)
            #expect(MetaJSON(try await H.graph(client, .get, "/v21.0/5551_801"))["is_hidden"].bool == false)

            #expect(MetaJSON(try await H.graph(client, .delete, "/v21.0/5551_801"))["success"].bool == true)
            let gone = MetaJSON(try await H.graph(client, .get, "/v21.0/5551_801"))["error"]
            #expect(gone["code"].int == 100 && gone["error_subcode"].int == 33, "a deleted comment cannot be loaded")
        }
    }

    @Test func rateLimitsCanAnswerInGraphsShape() async throws {
        try await H.run { sandbox, client in
            try await H.control(client, .put, "/_sandbox/failure", #"{"mode":"rate_limit","code":4,"count":1}"#)
            let limited = try await H.graph(client, .post, "/v21.0/\(page)/messages", H.messengerSend(to: "1"))
            #expect(limited.status == .badRequest && MetaJSON(limited)["error"]["code"].int == 4)
            #expect(limited.headers[.init("X-App-Usage")!]?.contains("call_count") == true)
            #expect(try await H.graph(client, .post, "/v21.0/\(page)/messages", H.messengerSend(to: "1")).status == .ok)
            #expect(await sandbox.state.recordedCalls().map(\.status) == [400, 200])
        }
    }

    @Test func theAppsWebhookSubscriptionPointsAtParley() async throws {
        let sandbox = SandboxServer(secrets: [:], parleyURL: "http://parley.test:8080")
        try await Application(router: sandbox.makeRouter()).test(.router) { client in
            let data = MetaJSON(try await H.graph(client, .get, "/v21.0/\(H.accounts.metaApp)/subscriptions"))["data"].array
            let page = try #require(data.first { $0["object"].string == "page" })
            #expect(page["callback_url"].string == "http://parley.test:8080/webhooks/meta" && page["active"].bool == true)
            #expect(page["fields"].array.contains { $0["name"].string == "feed" })
            #expect(data.contains { $0["object"].string == "whatsapp_business_account" })
        }
    }
}
