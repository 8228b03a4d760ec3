import App
import Domain
import Foundation
import Hummingbird
import HummingbirdTesting
import Sandbox
import Storage
import Testing

/// After WhatsApp's 24-hour window an agent can still answer, with one of the channel's approved templates:
/// the API lists them, refuses free-form text and bad parameters before anything is stored, and the template
/// goes out through the outbox as WhatsApp's template call.
@Suite struct TemplateFlowTests {
    static let config = """
        workgroups:
          - {id: support}
          - {id: billing}
        channels:
          - id: wa
            kind: whatsapp
            account_id: "\(ReceiptFlowTests.number)"
            workgroup: support
            templates:
              - {name: order_update, language: en_US, body: "Good news! Order {{1}} is on its way. Reply to this message if anything looks wrong."}
              - {name: order_update, language: es_ES, body: "¡Buenas noticias! El pedido {{1}} ya está en camino. Responde a este mensaje si algo no cuadra."}
        """

    static func send(_ client: some TestClientProtocol, _ id: String, _ body: String, as agent: Browser) async throws -> TestResponse {
        try await client.execute(uri: "/api/v1/interactions/\(id)/messages", method: .post, headers: agent.headers(json: true),
                                 body: ByteBuffer(string: body))
    }

    @Test func afterTheWindowOnlyAnApprovedTemplateGoesOut() async throws {
        try await SandboxedParley.run(extraConfig: Self.config) { sandbox, client, store in
            let admin = try await Browser.signIn(client)
            let ann = try await EngagementAutomationTests.makeAgentReady(client, admin: admin)
            // The customer wrote two days ago: the window closed a day ago.
            let wrote = Int(Date().timeIntervalSince1970) - 2 * 86400
            try await ReceiptFlowTests.whatsapp(client, #""contacts":[{"profile":{"name":"Sheena N."},"wa_id":"16505551234"}],"messages":[{"from":"16505551234","id":"wamid.OLD1","timestamp":"\#(wrote)","type":"text","text":{"body":"Where is my order?"}}]"#)
            let id = try #require(try await ReplyWindowTests.offered(client, to: ann))
            #expect(try await client.execute(uri: "/api/v1/interactions/\(id)/accept", method: .post, headers: ann.headers()).status == .ok)

            let window = try await ReplyWindowTests.window(client, id, as: ann)
            #expect(window["requires"] as? String == "template")
            let listed = try await client.execute(uri: "/api/v1/interactions/\(id)/templates", method: .get, headers: ann.headers()).json()
            let templates = try #require(listed["templates"] as? [[String: Any]])
            #expect(templates.map { "\($0["name"] ?? "")/\($0["language"] ?? "")" } == ["order_update/en_US", "order_update/es_ES"])
            #expect(templates.first?["parameterCount"] as? Int == 1)

            let freeForm = try await Self.send(client, id, #"{"text":"It ships tomorrow."}"#, as: ann)
            #expect(freeForm.status == .conflict)
            #expect(try freeForm.errorCode() == "template_required")
            let unknown = try await Self.send(client, id, #"{"template":{"name":"order_update","language":"fr_FR","parameters":["ORD-1"]}}"#, as: ann)
            #expect(unknown.status == .unprocessableContent)
            #expect(try unknown.errorCode() == "unknown_template")
            #expect(unknown.text.contains("order_update (en_US)"))
            let short = try await Self.send(client, id, #"{"template":{"name":"order_update","language":"en_US","parameters":[]}}"#, as: ann)
            #expect(try short.errorCode() == "invalid_template_parameters")
            let mixed = try await Self.send(client, id, #"{"text":"hi","template":{"name":"order_update","language":"en_US","parameters":["ORD-1"]}}"#, as: ann)
            #expect(mixed.status == .badRequest)
            #expect(try await store.messages(of: .init(id), after: nil, limit: 10).count == 1, "refused sends store nothing")

            let sent = try await Self.send(client, id, #"{"template":{"name":"order_update","language":"en_US","parameters":["ORD-1"]}}"#, as: ann)
            #expect(sent.status == .created, "\(sent.text)")
            #expect(try sent.json()["text"] as? String == "Good news! Order ORD-1 is on its way. Reply to this message if anything looks wrong.")
            let messageID = try #require(try sent.json()["id"] as? String)
            var answer: Message?
            for _ in 0..<100 where answer?.deliveryStatus != .sent {
                try await Task.sleep(for: .milliseconds(50))
                answer = try await store.message(.init(messageID))
            }
            #expect(answer?.deliveryStatus == .sent, "the outbox's policy lets a template through after the window")
            let call = try #require(await sandbox.state.recordedCalls().last)
            #expect(call.path.hasSuffix("/\(ReceiptFlowTests.number)/messages"))
            let body = try #require(try JSONSerialization.jsonObject(with: Data(call.body.utf8)) as? [String: Any])
            #expect(body["type"] as? String == "template")
            let template = try #require(body["template"] as? [String: Any])
            #expect(template["name"] as? String == "order_update")
            #expect((template["language"] as? [String: Any])?["code"] as? String == "en_US")
        }
    }

    @Test func templatesAreRefusedOnOtherChannels() async throws {
        let server = try await TestServer.make(extraConfig: ReplyWindowTests.config) { $0.platformAPIOverride = "http://127.0.0.1:1" }
        try await server.makeApplication().test(.live) { client in
            let admin = try await Browser.signIn(client)
            let ann = try await EngagementAutomationTests.makeAgentReady(client, admin: admin)
            try await ReplyWindowTests.customerWrites(client, mid: "m_t1", from: "1001", at: Date())
            let id = try #require(try await ReplyWindowTests.offered(client, to: ann))
            #expect(try await client.execute(uri: "/api/v1/interactions/\(id)/accept", method: .post, headers: ann.headers()).status == .ok)
            let listed = try await client.execute(uri: "/api/v1/interactions/\(id)/templates", method: .get, headers: ann.headers()).json()
            #expect((listed["templates"] as? [Any])?.isEmpty == true)
            let refused = try await Self.send(client, id, #"{"template":{"name":"order_update","language":"en_US","parameters":["A"]}}"#, as: ann)
            #expect(refused.status == .unprocessableContent)
            #expect(try refused.errorCode() == "template_not_allowed")
        }
    }
}

@Suite struct TemplateConfigTests {
    @Test func templatesAreCheckedAsWhatsAppWouldCheckThem() {
        let result = ConfigLoader.validate(yaml: """
            channels:
              - id: wa
                kind: whatsapp
                account_id: "1"
                templates:
                  - {name: order_update, language: en_US, body: "Order {{1}} ships {{2}}."}
                  - {name: Order Update, language: en_US, body: "x"}
                  - {name: gap, language: en_US, body: "{{1}} and {{3}}"}
                  - {name: order_update, language: en_US, body: "again"}
                  - {name: lang, language: english, body: "x"}
              - id: line
                kind: line
                account_id: "2"
                templates:
                  - {name: order_update, language: en_US, body: "x"}
            """)
        #expect(result.config.channelTemplates[.init("wa")] == [MessageTemplate(name: "order_update", language: "en_US", body: "Order {{1}} ships {{2}}.")])
        #expect(result.config.channelTemplates[.init("line")] == nil)
        let errors = result.errors.map(\.description)
        #expect(errors.contains { $0.contains("templates[1].name") && $0.contains("not a WhatsApp template name") })
        #expect(errors.contains { $0.contains("templates[2].body") && $0.contains("without gaps; found [1, 3]") })
        #expect(errors.contains { $0.contains("templates[3]") && $0.contains("listed twice") })
        #expect(errors.contains { $0.contains("templates[4].language") })
        #expect(result.warnings.contains { $0.description.contains("channels[1].templates") && $0.description.contains("only WhatsApp") })
    }
}
