import App
import Domain
import Foundation
import Hummingbird
import HummingbirdTesting
import Storage
import Testing

/// The collision guard: an agent writing on one comment thread of a post is seen by the agent on another thread
/// of the same post and by a supervisor looking in; not by agents elsewhere; and the signal lapses unless renewed.
@Suite struct CollisionAPITests {
    static let page = ChannelKey(kind: .facebookPage, accountID: "103149398319188")

    static func comment(_ store: any ParleyStore, _ id: String, on post: String, by person: String, at date: Date) async throws -> IngestResult {
        let author = Identity(key: .init(platform: .facebook, scope: "103149398319188", id: person))
        let message = InboundMessage(channel: page, platformMessageID: id, author: author, threadKey: .comment(postID: post, commentID: id),
                                     text: "comment \(id)", sentAt: date)
        return try await store.ingest(message, channelID: nil, inactivityTimeout: 3600, at: date, ids: SequentialIDGenerator(prefix: "c-\(id)"))
    }

    @Test func writersOnTheSamePostOrConversationSeeEachOtherAndTheSignalLapses() async throws {
        let clock = ManualClock(Date(timeIntervalSince1970: 1_767_225_600))
        let server = try await TestServer.make(clock: clock)
        let store = server.store
        let start = clock.now()
        let first = try await Self.comment(store, "p1_c1", on: "p1", by: "psid-1", at: start)
        let second = try await Self.comment(store, "p1_c2", on: "p1", by: "psid-2", at: start)
        let elsewhere = try await Self.comment(store, "p2_c1", on: "p2", by: "psid-3", at: start)
        try await server.makeApplication().test(.live) { client in
            let admin = try await Browser.signIn(client)
            let (annID, ann) = try await ContactAPITests.createAgent(client, admin, name: "ann")
            let (bobID, bob) = try await ContactAPITests.createAgent(client, admin, name: "bob")
            let (carlID, carl) = try await ContactAPITests.createAgent(client, admin, name: "carl")
            for (interaction, agent) in [(first.interactionID, annID), (second.interactionID, bobID), (elsewhere.interactionID, carlID)] {
                try await store.recordRouting([.offered(interaction, to: agent), .accepted(interaction, by: agent)], at: start)
            }
            func composing(_ interaction: Interaction.ID, as browser: Browser, _ method: HTTPRequest.Method = .put) async throws -> HTTPResponse.Status {
                try await client.execute(uri: "/api/v1/interactions/\(interaction)/composing", method: method, headers: browser.headers(json: true)).status
            }
            func others(_ interaction: Interaction.ID, as browser: Browser) async throws -> [[String: Any]] {
                let body = try await client.execute(uri: "/api/v1/interactions/\(interaction)/composing", method: .get, headers: browser.headers()).json()
                return body["others"] as? [[String: Any]] ?? []
            }
            #expect(try await composing(first.interactionID, as: ann) == .noContent)
            #expect(try await others(first.interactionID, as: ann).isEmpty, "not told about herself")
            let seenByBob = try await others(second.interactionID, as: bob)
            #expect(seenByBob.map { $0["name"] as? String } == ["ann"] && seenByBob.first?["sameConversation"] as? Bool == false)
            #expect(try await others(elsewhere.interactionID, as: carl).isEmpty, "another post: no collision")
            let seenByAdmin = try await others(first.interactionID, as: admin)
            #expect(seenByAdmin.first?["sameConversation"] as? Bool == true)
            #expect(try await composing(elsewhere.interactionID, as: ann) == .notFound, "only where she may write")

            clock.advance(by: 11)
            #expect(try await others(second.interactionID, as: bob).isEmpty, "lapsed without renewal")
            #expect(try await composing(first.interactionID, as: ann) == .noContent)
            #expect(try await others(second.interactionID, as: bob).count == 1)
            #expect(try await composing(first.interactionID, as: ann, .delete) == .noContent)
            #expect(try await others(second.interactionID, as: bob).isEmpty, "stopped when she sent")
        }
    }
}
