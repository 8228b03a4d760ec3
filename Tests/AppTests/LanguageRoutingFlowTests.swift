import App
import Domain
import Foundation
import Hummingbird
import HummingbirdTesting
import Storage
import Testing

/// The issue's example end to end: the content analyzer reads a Spanish DM, and the workgroup's language map
/// offers it to the Spanish-speaking agent while an English-only agent is ready first.
@Suite struct LanguageRoutingFlowTests {
    @Test func aSpanishDirectMessageReachesTheSpanishSpeakingAgent() async throws {
        let server = try await TestServer.make(extraConfig: """
            skills:
              - {id: spanish}
            workgroups:
              - {id: support, routing: {languages: {es: spanish}}}
              - {id: billing}
            channels:
              - {id: fb, kind: messenger, account_id: "\(EngagementAutomationTests.page)", workgroup: support}
            """, clock: ManualClock(Date(timeIntervalSince1970: 1_767_225_600 + 60))) { $0.contentAnalysis = .analyzer(StarterAnalyzer.shared) }
        let store = server.store
        try await server.makeApplication().test(.live) { client in
            let admin = try await Browser.signIn(client)
            func agent(_ name: String, skills: String) async throws -> (id: String, browser: Browser) {
                let created = try await client.execute(
                    uri: "/api/v1/users", method: .post, headers: admin.headers(json: true),
                    body: ByteBuffer(string: #"{"username":"\#(name)","password":"long-enough-pw","roles":["agent"],"workgroups":["support"]}"#))
                let id = try #require(try created.json()["id"] as? String)
                let profile = try await client.execute(uri: "/api/v1/users/\(id)/routing", method: .put, headers: admin.headers(json: true),
                                                       body: ByteBuffer(string: #"{"skills":\#(skills)}"#))
                #expect(profile.status == .ok, "\(profile.text)")
                let browser = try await Browser.signIn(client, username: name, password: "long-enough-pw")
                #expect(try await client.execute(uri: "/api/v1/me/state", method: .put, headers: browser.headers(json: true),
                                                 body: ByteBuffer(string: #"{"state":"ready"}"#)).status == .ok)
                return (id, browser)
            }
            // Ready first, so longest idle would pick her if the language did not matter.
            let eve = try await agent("eve", skills: "[]")
            let sol = try await agent("sol", skills: #"[{"skill":"spanish","proficiency":3}]"#)

            try await EngagementAutomationTests.customerWrites(client, mid: "es1", from: "5001", text: ContentAnalysisPipelineTests.spanish)
            let offered = try #require(try await ReplyWindowTests.offered(client, to: sol.browser), "offered to the Spanish speaker")
            #expect(try await store.interaction(.init(offered))?.scores.language == "es")
            let decisions = try await store.routingDecisions(for: .init(offered))
            #expect(decisions.map(\.agentID.rawValue) == [sol.id], "never offered to the English-only agent")
            #expect(decisions.first?.explanation.contains(#""skill":"spanish""#) == true, "the explanation names the requirement")

            // An English message still goes to whoever is free: Eve.
            try await EngagementAutomationTests.customerWrites(client, mid: "en1", from: "5002", text: ContentAnalysisPipelineTests.billing)
            let english = try #require(try await ReplyWindowTests.offered(client, to: eve.browser))
            #expect(try await store.interaction(.init(english))?.scores.language == "en")
        }
    }
}
