import App
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// Routing through the API: agent profiles, "why did this go to Ana?", transfers and the supervisor's controls.
@Suite struct RoutingAPITests {
    @Test func profilesExplanationsTransfersAndSupervisorControls() async throws {
        let server = try await TestServer.make(extraConfig: """
            skills:
              - {id: english}
            workgroups:
              - id: support
                required_skills: [{skill: english, proficiency: 2}]
              - id: billing
                routing: {strategy: least_busy, priority: 60}
            channels:
              - {id: acme-messenger, kind: messenger, account_id: "103149398319188", workgroup: support}
            """)
        let store = server.store
        try await server.makeApplication().test(.live) { client in
            let admin = try await Browser.signIn(client)
            func create(_ name: String, roles: String, workgroups: String) async throws -> String {
                let response = try await client.execute(
                    uri: "/api/v1/users", method: .post, headers: admin.headers(json: true),
                    body: ByteBuffer(string: #"{"username":"\#(name)","password":"long-enough-pw","roles":[\#(roles)],"workgroups":[\#(workgroups)]}"#))
                #expect(response.status == .created)
                return try #require(try response.json()["id"] as? String)
            }
            func profile(_ id: String, _ body: String) async throws -> (HTTPResponse.Status, String?) {
                let response = try await client.execute(uri: "/api/v1/users/\(id)/routing", method: .put, headers: admin.headers(json: true),
                                                        body: ByteBuffer(string: body))
                return (response.status, try? response.errorCode())
            }
            let annID = try await create("ann", roles: #""agent""#, workgroups: #""support""#)
            let bobID = try await create("bob", roles: #""agent""#, workgroups: #""support""#)
            _ = try await create("sam", roles: #""supervisor""#, workgroups: "")

            // Bad profiles are refused with the item named; nothing changes.
            for bad in [#"{"skills":[{"skill":"english","proficiency":7}]}"#, #"{"capacity":{"private_messaging":30}}"#,
                        #"{"capacity":{"carrier_pigeon":1}}"#, #"{"totalCapacity":26}"#, #"{"totalCapacity":0}"#,
                        #"{"blending":{"web_messaging":["fax"]}}"#, #"{"blending":{"fax":["web_messaging"]}}"#] {
                let (status, code) = try await profile(annID, bad)
                #expect(status == .unprocessableContent && code == "invalid_profile", "\(bad)")
            }
            for unknown in [#"{"skills":[{"skill":"klingon","proficiency":2}]}"#, #"{"workgroups":["nowhere"]}"#] {
                let (status, code) = try await profile(annID, unknown)
                #expect(status == .conflict && code == "unknown_reference", "\(unknown)")
            }
            #expect(try await profile(annID, #"{"skills":[{"skill":"english","proficiency":5}],"capacity":{"private_messaging":1}}"#).0 == .ok)
            #expect(try await profile(bobID, #"{"skills":[{"skill":"english","proficiency":2}]}"#).0 == .ok)
            // Total cap and blending: kept with the user, shown back, and a later partial update leaves them alone.
            #expect(try await profile(bobID, #"{"totalCapacity":4,"blending":{"web_messaging":["web_messaging","private_messaging"]}}"#).0 == .ok)
            #expect(try await profile(bobID, #"{"capacity":{"private_messaging":3,"web_messaging":2}}"#).0 == .ok)
            let bobShown = try await client.execute(uri: "/api/v1/users", method: .get, headers: admin.headers()).json()["users"] as? [[String: Any]]
            let bobProfile = try #require(bobShown?.first { $0["id"] as? String == bobID })
            #expect(bobProfile["totalCapacity"] as? Int == 4)
            #expect((bobProfile["blending"] as? [String: [String]])?["web_messaging"] == ["private_messaging", "web_messaging"])
            #expect((bobProfile["capacity"] as? [String: Int]) == ["private_messaging": 3, "web_messaging": 2])

            let ann = try await Browser.signIn(client, username: "ann", password: "long-enough-pw")
            let bob = try await Browser.signIn(client, username: "bob", password: "long-enough-pw")
            let sam = try await Browser.signIn(client, username: "sam", password: "long-enough-pw")
            for agent in [bob, ann] {
                let ready = try await client.execute(uri: "/api/v1/me/state", method: .put, headers: agent.headers(json: true),
                                                     body: ByteBuffer(string: #"{"state":"ready"}"#))
                #expect(ready.status == .ok)
            }
            let body = TestServer.messengerBody(mid: "m_why")
            #expect(try await client.execute(uri: "/webhooks/meta", method: .post, headers: TestServer.signedHeaders(body),
                                             body: ByteBuffer(string: body)).status == .ok)
            var interactionID: String?
            for _ in 0..<60 where interactionID == nil {
                let list = try await client.execute(uri: "/api/v1/interactions", method: .get, headers: ann.headers()).json()
                interactionID = (list["interactions"] as? [[String: Any]])?.first { $0["state"] as? String == "offered" }?["id"] as? String
                if interactionID == nil { try await Task.sleep(for: .milliseconds(100)) }
            }
            let id = try #require(interactionID, "bob was ready longer, but ann is more skilled")

            // Why did it go to ann?
            let why = try await client.execute(uri: "/api/v1/interactions/\(id)/routing", method: .get, headers: sam.headers()).json()
            let decision = try #require((why["decisions"] as? [[String: Any]])?.first)
            #expect(decision["decision"] as? String == "offer" && decision["agent"] as? String == annID)
            let explanation = try #require(decision["explanation"] as? [String: Any])
            #expect(explanation["rule"] as? String == "most_skilled_then_longest_idle")
            let candidates = try #require(explanation["candidates"] as? [[String: Any]])
            #expect(candidates.map { $0["agent"] as? String } == [annID, bobID])
            #expect(candidates.map { $0["proficiency"] as? Int } == [5, 2])
            #expect((why["agentNames"] as? [String: String]) == [annID: "ann", bobID: "bob"], "names to show instead of ids")
            #expect(try await client.execute(uri: "/api/v1/interactions/\(id)/routing", method: .get, headers: bob.headers()).status == .notFound,
                    "another agent's interaction is not visible")

            // Ann accepts, then transfers to billing (no member is ready there): it waits in billing's queue.
            #expect(try await client.execute(uri: "/api/v1/interactions/\(id)/accept", method: .post, headers: ann.headers()).status == .ok)
            let both = try await client.execute(uri: "/api/v1/interactions/\(id)/transfer", method: .post, headers: ann.headers(json: true),
                                                body: ByteBuffer(string: #"{"agent":"x","workgroup":"billing"}"#))
            #expect(both.status == .badRequest)
            let transferred = try await client.execute(uri: "/api/v1/interactions/\(id)/transfer", method: .post, headers: ann.headers(json: true),
                                                       body: ByteBuffer(string: #"{"workgroup":"billing","note":"refund question"}"#))
            #expect(transferred.status == .ok)
            #expect(try transferred.json()["state"] as? String == "queued")
            let queues = try await client.execute(uri: "/api/v1/queues", method: .get, headers: sam.headers()).json()["queues"] as? [[String: Any]]
            #expect(queues?.first { $0["workgroup"] as? String == "billing" }?["waiting"] as? Int == 1)
            #expect(try await client.execute(uri: "/api/v1/queues", method: .get, headers: ann.headers()).status == .forbidden)

            // The supervisor hands it to bob, pulls it back, raises its priority.
            let forbidden = try await client.execute(uri: "/api/v1/interactions/\(id)/assign", method: .post, headers: ann.headers(json: true),
                                                     body: ByteBuffer(string: #"{"agent":"\#(bobID)"}"#))
            #expect(forbidden.status == .forbidden || forbidden.status == .notFound)
            let assigned = try await client.execute(uri: "/api/v1/interactions/\(id)/assign", method: .post, headers: sam.headers(json: true),
                                                    body: ByteBuffer(string: #"{"agent":"\#(bobID)"}"#))
            #expect(assigned.status == .ok)
            #expect(try assigned.json()["assignedAgentId"] as? String == bobID)
            let twice = try await client.execute(uri: "/api/v1/interactions/\(id)/assign", method: .post, headers: sam.headers(json: true),
                                                 body: ByteBuffer(string: #"{"agent":"\#(bobID)"}"#))
            #expect(twice.status == .conflict)
            #expect(try await client.execute(uri: "/api/v1/interactions/\(id)/pull", method: .post, headers: sam.headers()).status == .ok)
            let raised = try await client.execute(uri: "/api/v1/interactions/\(id)/priority", method: .post, headers: sam.headers(json: true),
                                                  body: ByteBuffer(string: #"{"priority":200}"#))
            #expect(raised.status == .ok)
            #expect(try raised.json()["priority"] as? Int == 200)
            let tooHigh = try await client.execute(uri: "/api/v1/interactions/\(id)/priority", method: .post, headers: sam.headers(json: true),
                                                   body: ByteBuffer(string: #"{"priority":5000}"#))
            #expect(tooHigh.status == .badRequest)

            let types = try await store.events(after: 0, limit: 200).map(\.event.type.rawValue)
            #expect(types.contains("interaction.transferred"))
        }
    }
}
