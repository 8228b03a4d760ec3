import App
import Domain
import Foundation
import Hummingbird
import HummingbirdTesting
import Storage
import Testing

/// Before routing: the calendar answers by itself while the service is closed (once per contact per closure
/// period) and holds the interaction, emergency mode set by a supervisor, and keyword rules that mask, classify
/// and set aside what needs no answer.
@Suite struct EngagementAutomationTests {
    static let page = "103149398319188"

    static func customerWrites(_ client: some TestClientProtocol, mid: String, from sender: String, page: String = page, text: String = "hello") async throws {
        let body = TestServer.messengerBody(mid: mid, text: text).replacingOccurrences(of: "6543210987654321", with: sender)
            .replacingOccurrences(of: Self.page, with: page)
        let response = try await client.execute(uri: "/webhooks/meta", method: .post, headers: TestServer.signedHeaders(body), body: ByteBuffer(string: body))
        #expect(response.status == .ok)
    }

    /// Polls until `condition` holds on the event log (processing is asynchronous).
    static func waitForEvents(_ store: any ParleyStore, _ condition: ([String]) -> Bool) async throws -> [String] {
        for _ in 0..<100 {
            let types = try await store.events(after: 0, limit: 1000).map(\.event.type.rawValue)
            if condition(types) { return types }
            try await Task.sleep(for: .milliseconds(50))
        }
        return try await store.events(after: 0, limit: 1000).map(\.event.type.rawValue)
    }

    static func makeAgentReady(_ client: some TestClientProtocol, admin: Browser) async throws -> Browser {
        let created = try await client.execute(
            uri: "/api/v1/users", method: .post, headers: admin.headers(json: true),
            body: ByteBuffer(string: #"{"username":"ann","password":"long-enough-pw","roles":["agent"],"workgroups":["support","billing"]}"#))
        #expect(created.status == .created)
        let ann = try await Browser.signIn(client, username: "ann", password: "long-enough-pw")
        let ready = try await client.execute(uri: "/api/v1/me/state", method: .put, headers: ann.headers(json: true),
                                             body: ByteBuffer(string: #"{"state":"ready"}"#))
        #expect(ready.status == .ok)
        return ann
    }

    @Test func aClosedServiceAnswersEachContactOnceAndHoldsOrDeflects() async throws {
        let server = try await TestServer.make(extraConfig: """
            calendars:
              - id: night
                time_zone: Europe/Madrid
                closed_message: "We are closed; we answer from 9:00."
            workgroups:
              - {id: support, calendar: night}
              - {id: billing}
            channels:
              - {id: fb, kind: messenger, account_id: "\(Self.page)", workgroup: support}
              - {id: fb2, kind: messenger, account_id: "200000000000001", workgroup: billing, calendar: night, when_closed: close}
            """, clock: ManualClock(Date(timeIntervalSince1970: 1_767_225_600 + 60))) {
            // A minute after the customers wrote (inside Messenger's window), to a platform that does not answer:
            // the automatic answers stay pending in the outbox.
            $0.platformAPIOverride = "http://127.0.0.1:1"
        }
        let store = server.store
        try await server.makeApplication().test(.live) { client in
            let admin = try await Browser.signIn(client)
            _ = try await Self.makeAgentReady(client, admin: admin)

            try await Self.customerWrites(client, mid: "m1", from: "1001")
            _ = try await Self.waitForEvents(store) { $0.contains("interaction.auto_replied") }
            try await Self.customerWrites(client, mid: "m2", from: "1001", text: "hello??")
            try await Self.customerWrites(client, mid: "m3", from: "1002")
            try await Self.customerWrites(client, mid: "m4", from: "1003", page: "200000000000001")
            let types = try await Self.waitForEvents(store) { $0.filter { $0 == "message.received" }.count == 4 && $0.contains("interaction.deflected") }
            #expect(types.filter { $0 == "interaction.auto_replied" }.count == 3, "1001 once (not again for m2), 1002 once, 1003 once: \(types)")
            #expect(!types.contains("interaction.offered"), "a ready agent is not offered anything while the service is closed")

            let interactions = try await store.interactions(openOnly: false, assignedTo: nil, limit: 10)
            let held = interactions.filter { $0.channelID == "fb" }
            #expect(held.count == 2 && held.allSatisfy { $0.state == .new }, "held back from routing, not queued")
            #expect(try await store.heldInteractions().count == 2)
            let deflected = try #require(interactions.first { $0.channelID == "fb2" })
            #expect(deflected.state == .closed && deflected.outcome == .deflected)

            let messages = try await store.messages(of: held[0].id, after: nil, limit: 10)
            let answer = try #require(messages.first { $0.direction == .outbound })
            #expect(answer.agentID == nil && answer.text == "We are closed; we answer from 9:00." && answer.visibility == .private)
            #expect(answer.deliveryStatus == .pending, "Messenger answers go through the outbox")

            let calendars = try await client.execute(uri: "/api/v1/calendars", method: .get, headers: admin.headers()).json()
            let night = try #require((calendars["calendars"] as? [[String: Any]])?.first)
            #expect(night["open"] as? Bool == false && night["reason"] as? String == "outside_hours")
        }
    }

    @Test func anEmergencyHoldsNewInteractionsUntilASupervisorEndsIt() async throws {
        let server = try await TestServer.make(extraConfig: """
            calendars:
              - id: always
                time_zone: UTC
                hours: {monday: ["00:00-24:00"], tuesday: ["00:00-24:00"], wednesday: ["00:00-24:00"], thursday: ["00:00-24:00"],
                        friday: ["00:00-24:00"], saturday: ["00:00-24:00"], sunday: ["00:00-24:00"]}
                emergency: {message: "We have an outage; we will answer as soon as we can."}
            workgroups:
              - {id: support}
              - {id: billing}
            channels:
              - {id: fb, kind: messenger, account_id: "\(Self.page)", workgroup: support, calendar: always}
            """, configure: { $0.heldCheckInterval = .milliseconds(200) })
        let store = server.store
        try await server.makeApplication().test(.live) { client in
            let admin = try await Browser.signIn(client)
            let ann = try await Self.makeAgentReady(client, admin: admin)
            func emergency(_ body: String, calendar: String = "always") async throws -> TestResponse {
                try await client.execute(uri: "/api/v1/calendars/\(calendar)/emergency", method: .put, headers: admin.headers(json: true),
                                         body: ByteBuffer(string: body))
            }
            #expect(try await emergency(#"{"enabled":true}"#, calendar: "nowhere").status == .notFound)
            #expect(try await client.execute(uri: "/api/v1/calendars/always/emergency", method: .put, headers: ann.headers(json: true),
                                             body: ByteBuffer(string: #"{"enabled":true}"#)).status == .forbidden)
            let on = try await emergency(#"{"enabled":true}"#)
            #expect(on.status == .ok)
            #expect(try on.json()["open"] as? Bool == false && on.json()["reason"] as? String == "emergency")

            try await Self.customerWrites(client, mid: "e1", from: "3001")
            let types = try await Self.waitForEvents(store) { $0.contains("interaction.auto_replied") }
            #expect(!types.contains("interaction.offered"))
            let interaction = try #require(try await store.interactions(openOnly: true, assignedTo: nil, limit: 5).first)
            let answer = try await store.messages(of: interaction.id, after: nil, limit: 5).first { $0.direction == .outbound }
            #expect(answer?.text == "We have an outage; we will answer as soon as we can.")

            let off = try await emergency(#"{"enabled":false}"#)
            #expect(try off.json()["open"] as? Bool == true)
            let after = try await Self.waitForEvents(store) { $0.contains("interaction.offered") }
            #expect(after.contains("calendar.emergency_changed") && after.contains("interaction.offered"), "released to routing: offered to Ann")
            #expect(try await store.heldInteractions().isEmpty)
        }
    }

    @Test func keywordRulesMaskClassifyAndSetAsideBeforeAnyoneSeesTheMessage() async throws {
        let server = try await TestServer.make(extraConfig: """
            workgroups:
              - {id: support}
              - {id: billing}
            channels:
              - id: fb
                kind: messenger
                account_id: "\(Self.page)"
                workgroup: support
                rules:
                  list:
                    - {id: cards, match: {detect: [payment_card]}, then: {mask: {keep_last: 4}}}
                    - {id: refunds, match: {words: [refund, reembolso]}, then: {workgroup: billing, priority: 300}}
                    - {id: thanks, match: {phrases: ["thank you"]}, then: {non_actionable: true}}
            """)
        let store = server.store
        try await server.makeApplication().test(.live) { client in
            try await Self.customerWrites(client, mid: "r1", from: "4001", text: "Quiero un REEMBOLSÓ, tarjeta 4111 1111 1111 1111")
            try await Self.customerWrites(client, mid: "r2", from: "4002", text: "Thank you!! 🙏")
            _ = try await Self.waitForEvents(store) { $0.contains("interaction.non_actionable") && $0.contains("interaction.queued") }
            let interactions = try await store.interactions(openOnly: false, assignedTo: nil, limit: 5)
            let refund = try #require(interactions.first { $0.state != .closed })
            #expect(refund.workgroupID == "billing" && refund.priority == 300 && refund.state == .queued)
            let text = try #require(try await store.messages(of: refund.id, after: nil, limit: 5).first?.text)
            #expect(!text.contains("4111 1111 1111 1111") && text.hasSuffix("1111") && text.hasPrefix("Quiero un REEMBOLSÓ, tarjeta "),
                    "masked before it was stored: \(text)")
            // Not in the platform's raw delivery either: the original is nowhere on disk.
            let raw = try await store.deliveries([1, 2]).values.map { String(decoding: $0.body, as: UTF8.self) }
            #expect(raw.count == 2 && !raw.contains { $0.contains("4111 1111 1111 1111") }, "\(raw)")
            #expect(raw.contains { $0.contains(text) && $0.contains(#""mid":"r1""#) }, "the raw body keeps the masked text and every id")
            let thanks = try #require(interactions.first { $0.state == .closed })
            #expect(thanks.outcome == .nonActionable)
        }
    }

    @Test func invalidRulesAndCalendarsAreRefusedAtLoadNamingTheItem() {
        let result = ConfigLoader.validate(yaml: """
            calendars:
              - id: bad
                time_zone: Mars/Olympus
                hours: {monday: ["12:00-11:00", "9am"]}
                special_days: [{date: "2027-02-30", name: Nope}]
            workgroups:
              - {id: support, calendar: missing}
            channels:
              - id: fb
                kind: messenger
                account_id: "1"
                calendar: bad
                rules:
                  list:
                    - {id: broken, match: {regex: "(abc"}, then: {workgroup: support}}
                    - {id: evil, match: {regex: "^(a+)+$"}, then: {priority: 10}}
                    - {id: nowhere, match: {words: [x]}, then: {workgroup: ghosts}}
            """)
        let errors = result.errors.map(\.description).joined(separator: "\n")
        for expected in ["Mars/Olympus", "9am", "2027-02-30", "workgroups[0].calendar: calendar 'missing'", "channels[0].rules.list[0]",
                         "channels[0].rules.list[1]", "channels[0].rules.list[2]"] {
            #expect(errors.contains(expected), "expected an error naming \(expected) in:\n\(errors)")
        }
    }
}
