import App
import Domain
import Foundation
import Hummingbird
import HummingbirdTesting
import Storage
import Testing

/// The standard-response API: everyone searches, supervisors and admins edit (not what parley.yml declares), and
/// for an interaction the list is filled for its customer and agent with the matching ones first.
@Suite struct StandardResponseAPITests {
    static let config = """
        workgroups:
          - {id: support}
          - {id: billing}
        channels:
          - {id: wa, kind: whatsapp, account_id: "\(ReceiptFlowTests.number)", name: Acme WhatsApp, workgroup: support}
        standard_responses:
          - id: greeting
            title: Greeting
            category: Openers
            text: "Hi {customer.first_name}, this is {agent.first_name} from {channel.name}."
            keywords: [hello]
          - id: order-status
            title: Order status
            category: Orders
            text: "{customer.first_name}, your order is on its way."
            keywords: [where is my order, tracking]
          - id: refund
            title: Refund
            category: Billing
            text: "Refunds reach your card within 5 days."
            keywords: [refund, money back]
          - id: tweet-thanks
            title: Thanks for the tweet
            category: Openers
            text: "Thanks for the shout-out!"
            channels: [x]
        """

    static func body(_ json: String) -> ByteBuffer { ByteBuffer(string: json) }

    @Test func supervisorsEditAPIResponsesButNotTheFilesAndAgentsOnlySearch() async throws {
        let server = try await TestServer.make(extraConfig: Self.config)
        try await server.makeApplication().test(.live) { client in
            let admin = try await Browser.signIn(client)
            let ann = try await EngagementAutomationTests.makeAgentReady(client, admin: admin)
            #expect(try await client.execute(uri: "/api/v1/users", method: .post, headers: admin.headers(json: true),
                                             body: Self.body(#"{"username":"sue","password":"long-enough-pw","roles":["supervisor"]}"#)).status == .created)
            let sue = try await Browser.signIn(client, username: "sue", password: "long-enough-pw")

            let create = #"{"title":"Café hours","category":"General","text":"We open at 8, {customer.first_name}.","keywords":["opening hours"]}"#
            let refused = try await client.execute(uri: "/api/v1/standard-responses", method: .post, headers: ann.headers(json: true), body: Self.body(create))
            #expect(refused.status == .forbidden, "agents do not edit the library")
            let created = try await client.execute(uri: "/api/v1/standard-responses", method: .post, headers: sue.headers(json: true), body: Self.body(create))
            #expect(created.status == .created, "\(created.text)")
            #expect(try created.json()["id"] as? String == "cafe-hours")
            #expect(try created.json()["readOnly"] as? Bool == false)
            let again = try await client.execute(uri: "/api/v1/standard-responses", method: .post, headers: admin.headers(json: true), body: Self.body(create))
            #expect(again.status == .conflict)

            let unknown = try await client.execute(uri: "/api/v1/standard-responses", method: .post, headers: admin.headers(json: true),
                                                   body: Self.body(#"{"title":"Bad","text":"Hi {customer.firstname}"}"#))
            #expect(unknown.status == .unprocessableContent)
            #expect(try unknown.errorCode() == "invalid_standard_response")
            #expect(unknown.text.contains("{customer.firstname}"))

            let edit = #"{"title":"Café hours","category":"General","text":"We open at 9.","keywords":["opening hours"]}"#
            let put = try await client.execute(uri: "/api/v1/standard-responses/cafe-hours", method: .put, headers: sue.headers(json: true), body: Self.body(edit))
            #expect(put.status == .ok, "\(put.text)")
            let fileEdit = try await client.execute(uri: "/api/v1/standard-responses/greeting", method: .put, headers: admin.headers(json: true),
                                                    body: Self.body(edit))
            #expect(fileEdit.status == .conflict)
            #expect(try fileEdit.errorCode() == "defined_in_file")
            #expect(fileEdit.text.contains("parley.yml"))
            let fileDelete = try await client.execute(uri: "/api/v1/standard-responses/greeting", method: .delete, headers: admin.headers())
            #expect(fileDelete.status == .conflict)
            #expect(try await client.execute(uri: "/api/v1/standard-responses/nope", method: .put, headers: admin.headers(json: true),
                                             body: Self.body(edit)).status == .notFound)
            #expect(try await client.execute(uri: "/api/v1/standard-responses/nope", method: .delete, headers: admin.headers()).status == .notFound)

            // Search: case and accents ignored, categories listed, channel narrows.
            let search = try await client.execute(uri: "/api/v1/standard-responses?q=CAFE", method: .get, headers: ann.headers()).json()
            #expect((search["responses"] as? [[String: Any]])?.compactMap { $0["id"] as? String } == ["cafe-hours"])
            #expect(search["categories"] as? [String] == ["Billing", "General", "Openers", "Orders"])
            let onWhatsApp = try await client.execute(uri: "/api/v1/standard-responses?channel=wa&category=openers", method: .get, headers: ann.headers()).json()
            #expect((onWhatsApp["responses"] as? [[String: Any]])?.compactMap { $0["id"] as? String } == ["greeting"])
            let onX = try await client.execute(uri: "/api/v1/standard-responses?channel=x&category=Openers", method: .get, headers: ann.headers()).json()
            #expect((onX["responses"] as? [[String: Any]])?.compactMap { $0["id"] as? String } == ["greeting", "tweet-thanks"])
            #expect(try await client.execute(uri: "/api/v1/standard-responses?channel=nowhere", method: .get, headers: ann.headers()).status == .notFound)
            let untitled = try await client.execute(uri: "/api/v1/standard-responses", method: .post, headers: admin.headers(json: true),
                                                    body: Self.body(#"{"title":"¿¿??","text":"Any questions?"}"#))
            #expect(untitled.status == .created, "a title without a slug gets a generated id")
            #expect((try untitled.json()["id"] as? String)?.isEmpty == false)

            #expect(try await client.execute(uri: "/api/v1/standard-responses/cafe-hours", method: .delete, headers: sue.headers()).status == .noContent)
            #expect(try await client.execute(uri: "/api/v1/standard-responses/cafe-hours", method: .get, headers: ann.headers()).status == .notFound)
        }
    }

    @Test func anInteractionsResponsesAreFilledForItsCustomerWithMatchesFirst() async throws {
        let server = try await TestServer.make(extraConfig: Self.config)
        try await server.makeApplication().test(.live) { client in
            let admin = try await Browser.signIn(client)
            let ann = try await EngagementAutomationTests.makeAgentReady(client, admin: admin)
            // The customer's name is braces: it must come out literally, never filled again.
            try await ReceiptFlowTests.whatsapp(client, #""contacts":[{"profile":{"name":"Zoë {agent.name}"},"wa_id":"16505551234"}],"messages":[{"from":"16505551234","id":"wamid.R1","timestamp":"\#(Int(Date().timeIntervalSince1970))","type":"text","text":{"body":"Hello! WHERE is my órder? I want my money back."}}]"#)
            let id = try #require(try await ReplyWindowTests.offered(client, to: ann))
            let before = try await client.execute(uri: "/api/v1/interactions/\(id)/standard-responses", method: .get, headers: admin.headers())
            #expect(before.status == .ok, "supervisors and admins see every interaction")
            #expect(try await client.execute(uri: "/api/v1/interactions/\(id)/accept", method: .post, headers: ann.headers()).status == .ok)

            let listed = try await client.execute(uri: "/api/v1/interactions/\(id)/standard-responses", method: .get, headers: ann.headers())
            #expect(listed.status == .ok, "\(listed.text)")
            let responses = try #require(try listed.json()["responses"] as? [[String: Any]])
            #expect(responses.compactMap { $0["id"] as? String } == ["order-status", "refund", "greeting"],
                    "matches first by score (a 4-word phrase, a 2-word phrase, one word); the X-only response is left out")
            #expect(responses.map { $0["suggested"] as? Bool } == [true, true, true])
            #expect(responses[0]["text"] as? String == "Zoë, your order is on its way.")
            #expect(responses[2]["text"] as? String == "Hi Zoë, this is ann from Acme WhatsApp.")
            #expect(responses[0]["template"] as? String == "{customer.first_name}, your order is on its way.")

            let narrowed = try await client.execute(uri: "/api/v1/interactions/\(id)/standard-responses?q=refund", method: .get, headers: ann.headers()).json()
            #expect((narrowed["responses"] as? [[String: Any]])?.compactMap { $0["id"] as? String } == ["refund"])

            // Whoever does not hold it gets 404, like any interaction; so does an unknown id.
            #expect(try await client.execute(uri: "/api/v1/users", method: .post, headers: admin.headers(json: true),
                                             body: Self.body(#"{"username":"bob","password":"long-enough-pw","roles":["agent"]}"#)).status == .created)
            let bob = try await Browser.signIn(client, username: "bob", password: "long-enough-pw")
            #expect(try await client.execute(uri: "/api/v1/interactions/\(id)/standard-responses", method: .get, headers: bob.headers()).status == .notFound)
            #expect(try await client.execute(uri: "/api/v1/interactions/nope/standard-responses", method: .get, headers: ann.headers()).status == .notFound)
        }
    }
}
