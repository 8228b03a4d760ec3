import App
import Domain
import Foundation
import Hummingbird
import HummingbirdTesting
import Storage
import Testing

@Suite struct ContactAPITests {
    static let page = ChannelKey(kind: .messenger, accountID: "103149398319188")
    static let whatsapp = ChannelKey(kind: .whatsapp, accountID: "106")

    static func ingest(_ store: any ParleyStore, _ id: String, author: Identity, on channel: ChannelKey, at date: Date,
                       profile: ContactProfile? = nil) async throws -> IngestResult {
        let message = InboundMessage(channel: channel, platformMessageID: id, author: author, threadKey: .conversation(customer: author.key),
                                     text: "hello", sentAt: date, authorProfile: profile)
        return try await store.ingest(message, channelID: nil, inactivityTimeout: 3600, at: date, ids: SequentialIDGenerator(prefix: "t-\(id)"))
    }

    /// A server with one Messenger conversation that the agent `ann` holds: `body` gets the live client, the store,
    /// the admin's and Ann's browsers, and what the ingest made.
    static func withAnnHoldingOne(_ body: @Sendable (any TestClientProtocol, any ParleyStore, Browser, Browser, IngestResult) async throws -> Void) async throws {
        let server = try await TestServer.make()
        let store = server.store
        let start = Date(timeIntervalSince1970: 1_767_225_600)
        let held = try await ingest(store, "m1", author: Identity(key: .init(platform: .facebook, scope: "103149398319188", id: "psid-ann")),
                                    on: page, at: start)
        try await server.makeApplication().test(.live) { client in
            let admin = try await Browser.signIn(client)
            let (annID, ann) = try await createAgent(client, admin, name: "ann")
            try await store.recordRouting([.offered(held.interactionID, to: annID), .accepted(held.interactionID, by: annID)], at: start + 10)
            try await body(client, store, admin, ann, held)
        }
    }

    static func createAgent(_ client: some TestClientProtocol, _ admin: Browser, name: String) async throws -> (User.ID, Browser) {
        let created = try await client.execute(uri: "/api/v1/users", method: .post, headers: admin.headers(json: true),
                                               body: ByteBuffer(string: #"{"username":"\#(name)","password":"long-enough-pw","roles":["agent"]}"#))
        let id = try #require(try created.json()["id"] as? String)
        return (User.ID(id), try await Browser.signIn(client, username: name, password: "long-enough-pw"))
    }

    @Test func anAgentMergesTheirCustomersContactsAndOnlyAnAdminUndoesIt() async throws {
        let server = try await TestServer.make()
        let store = server.store
        let start = Date(timeIntervalSince1970: 1_767_225_600)
        let messenger = try await Self.ingest(store, "m1", author: Identity(key: .init(platform: .facebook, scope: "103149398319188", id: "psid-ann")),
                                              on: Self.page, at: start)
        let wa = try await Self.ingest(store, "w1", author: Identity(key: .init(platform: .whatsapp, id: "34600000001"), phone: "+34600000001"),
                                       on: Self.whatsapp, at: start + 60,
                                       profile: ContactProfile(displayName: "Ann", avatarURL: "https://cdn.example/ann.png", followerCount: 42))
        let stranger = try await Self.ingest(store, "m2", author: Identity(key: .init(platform: .facebook, scope: "103149398319188", id: "psid-zed")),
                                             on: Self.page, at: start + 120)
        let (kept, absorbed) = (messenger.contactID.rawValue, wa.contactID.rawValue)
        try await server.makeApplication().test(.live) { client in
            let admin = try await Browser.signIn(client)
            let (annID, ann) = try await Self.createAgent(client, admin, name: "ann")
            for interaction in [messenger.interactionID, wa.interactionID] {
                try await store.recordRouting([.offered(interaction, to: annID), .accepted(interaction, by: annID)], at: start + 200)
            }

            let profile = try await client.execute(uri: "/api/v1/contacts/\(absorbed)", method: .get, headers: ann.headers())
            #expect(profile.status == .ok)
            let body = try profile.json()
            #expect(body["displayName"] as? String == "Ann" && body["followerCount"] as? Int == 42)
            #expect(body["avatarUrl"] as? String == "https://cdn.example/ann.png")
            #expect((body["identities"] as? [[String: Any]])?.first?["phone"] as? String == "+34600000001")
            #expect(try await client.execute(uri: "/api/v1/contacts/\(stranger.contactID)", method: .get, headers: ann.headers()).status == .notFound)

            func merge(_ contact: String, into: String, as browser: Browser) async throws -> TestResponse {
                try await client.execute(uri: "/api/v1/contacts/\(contact)/merge", method: .post, headers: browser.headers(json: true),
                                         body: ByteBuffer(string: #"{"into":"\#(into)"}"#))
            }
            let hidden = try await merge(absorbed, into: stranger.contactID.rawValue, as: ann)
            #expect(hidden.status == .notFound, "an agent cannot merge into a contact they cannot see")
            let itself = try await merge(absorbed, into: absorbed, as: ann)
            #expect(try itself.status == .unprocessableContent && (itself.errorCode()) == "same_contact")
            let merged = try await merge(absorbed, into: kept, as: ann)
            #expect(merged.status == .created)
            let mergeID = try #require(try merged.json()["id"] as? String)
            #expect(try merged.json()["interactions"] as? [String] == [wa.interactionID.rawValue])
            #expect(try merged.json()["identities"] as? [String] == ["whatsapp::34600000001"])
            let twice = try await merge(absorbed, into: kept, as: ann)
            #expect(try twice.status == .conflict && (twice.errorCode()) == "contact_merged")
            #expect(try await merge("nobody", into: kept, as: admin).status == .notFound)

            let keptNow = try await client.execute(uri: "/api/v1/contacts/\(kept)", method: .get, headers: ann.headers()).json()
            #expect((keptNow["identities"] as? [Any])?.count == 2 && (keptNow["merges"] as? [Any])?.count == 1)
            let old = try await client.execute(uri: "/api/v1/contacts/\(absorbed)", method: .get, headers: ann.headers())
            #expect(try old.status == .ok && (old.json()["mergedInto"] as? String) == kept, "old links resolve")

            // The whole history, newest first, one page at a time back to the first interaction — from either id.
            for contact in [kept, absorbed] {
                var seen: [String] = []
                var cursor: String?
                for _ in 0..<5 {
                    let query = cursor.map { "?limit=1&before=\($0)" } ?? "?limit=1"
                    let history = try await client.execute(uri: "/api/v1/contacts/\(contact)/history\(query)", method: .get, headers: ann.headers())
                    #expect(history.status == .ok)
                    seen += (try history.json()["interactions"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
                    cursor = try history.json()["nextBefore"] as? String
                    if cursor == nil { break }
                }
                #expect(seen == [wa.interactionID.rawValue, messenger.interactionID.rawValue])
            }
            let stray = try await client.execute(uri: "/api/v1/contacts/\(kept)/history?limit=1&before=nonsense", method: .get, headers: ann.headers())
            #expect(stray.status == .badRequest, "an unknown cursor used to restart from the newest")
            #expect(try stray.errorCode() == "invalid_cursor")
            // A new WhatsApp message from the absorbed identity lands on the kept contact.
            let later = try await Self.ingest(store, "w2", author: Identity(key: .init(platform: .whatsapp, id: "34600000001")), on: Self.whatsapp,
                                              at: start + 300)
            #expect(later.contactID.rawValue == kept)

            let undo = "/api/v1/contacts/merges/\(mergeID)/undo"
            #expect(try await client.execute(uri: undo, method: .post, headers: ann.headers()).status == .forbidden)
            let undone = try await client.execute(uri: undo, method: .post, headers: admin.headers())
            #expect(try undone.status == .ok && (undone.json()["undoneAt"] as? String) != nil)
            let again = try await client.execute(uri: undo, method: .post, headers: admin.headers())
            #expect(try again.status == .conflict && (again.errorCode()) == "merge_undone")
            #expect(try await client.execute(uri: "/api/v1/contacts/merges/nope/undo", method: .post, headers: admin.headers()).status == .notFound)
            let restored = try await client.execute(uri: "/api/v1/contacts/\(absorbed)", method: .get, headers: admin.headers()).json()
            #expect(restored["mergedInto"] == nil && (restored["identities"] as? [Any])?.count == 1)
            let audit = try await store.auditRecords(limit: 20).map(\.action)
            #expect(audit.contains("contact.merge") && audit.contains("contact.unmerge"))
            #expect(try await store.events(after: 0, limit: 500).contains { $0.event.type == .contactUnmerged })
        }
    }

    @Test func supervisorsSeeContactsSharingAPhoneNumberAsMergeSuggestions() async throws {
        let server = try await TestServer.make()
        let store = server.store
        let start = Date(timeIntervalSince1970: 1_767_225_600)
        let wa = try await Self.ingest(store, "w1", author: Identity(key: .init(platform: .whatsapp, id: "16505551234"), phone: "+16505551234"),
                                       on: Self.whatsapp, at: start)
        let fb = try await Self.ingest(store, "m1", author: Identity(key: .init(platform: .facebook, scope: "103149398319188", id: "psid-1")),
                                       on: Self.page, at: start + 1)
        _ = try await store.link(Identity(key: .init(platform: .web, id: "visitor-1"), phone: "+1 650-555-1234"), to: fb.contactID)
        try await server.makeApplication().test(.live) { client in
            let admin = try await Browser.signIn(client)
            let (_, ann) = try await Self.createAgent(client, admin, name: "ann")
            #expect(try await client.execute(uri: "/api/v1/contacts/suggestions", method: .get, headers: ann.headers()).status == .forbidden)
            let response = try await client.execute(uri: "/api/v1/contacts/suggestions", method: .get, headers: admin.headers())
            #expect(response.status == .ok)
            let suggestions = try #require(try response.json()["suggestions"] as? [[String: Any]])
            #expect(suggestions.count == 1)
            #expect(Set([suggestions.first?["contactId"] as? String, suggestions.first?["candidateId"] as? String])
                == [wa.contactID.rawValue, fb.contactID.rawValue])
            #expect(suggestions.first?["matchedOn"] as? String == "phone" && suggestions.first?["value"] as? String == "+16505551234")
            let one = try await client.execute(uri: "/api/v1/contacts/\(wa.contactID)/suggestions", method: .get, headers: admin.headers())
            #expect((try one.json()["suggestions"] as? [[String: Any]])?.first?["candidateId"] as? String == fb.contactID.rawValue)
            #expect(try await client.execute(uri: "/api/v1/contacts/suggestions?limit=0", method: .get, headers: admin.headers()).status == .badRequest)

            let document = try await client.execute(uri: "/openapi.json", method: .get).json()
            let paths = try #require(document["paths"] as? [String: Any])
            for path in ["/api/v1/contacts/{id}", "/api/v1/contacts/{id}/history", "/api/v1/contacts/{id}/merge",
                         "/api/v1/contacts/merges/{mergeId}/undo", "/api/v1/contacts/suggestions"] {
                #expect(paths[path] != nil, "\(path)")
            }
        }
    }
}
