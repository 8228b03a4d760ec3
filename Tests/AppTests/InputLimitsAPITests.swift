import App
import Domain
import Foundation
import Hummingbird
import HummingbirdTesting
import Storage
import Testing

/// The limits the OpenAPI document publishes hold: what is over them, empty but for NUL characters, or not an
/// attachment Parley can send is refused with a 4xx that names it, and nothing of it is stored. (A QA pass found a
/// 1 MB reply, 1,000 attachments, `file:///etc/passwd` as an attachment, a 4 MB transfer note and a 4 MB display
/// name all accepted.)
@Suite struct InputLimitsAPITests {
    @Test func repliesNotesTransfersAndUsersKeepToTheirPublishedLimits() async throws {
        try await ContactAPITests.withAnnHoldingOne { client, store, admin, ann, held in
            func post(_ path: String, _ json: [String: Any], as browser: Browser) async throws -> TestResponse {
                let body = try JSONSerialization.data(withJSONObject: json)
                return try await client.execute(uri: path, method: .post, headers: browser.headers(json: true), body: ByteBuffer(bytes: body))
            }
            let messages = "/api/v1/interactions/\(held.interactionID)/messages"
            func refused(_ json: [String: Any], _ status: HTTPResponse.Status, _ code: String) async throws {
                let answer = try await post(messages, json, as: ann)
                #expect(answer.status == status && (try? answer.errorCode()) == code, "\(json.keys.sorted()): \(answer.status) \(answer.text)")
            }
            let image = ["kind": "image", "url": "https://cdn.example.com/a.png"]
            try await refused(["text": String(repeating: "x", count: 20_001)], .unprocessableContent, "reply_too_long")
            try await refused(["text": "hi", "attachments": Array(repeating: image, count: 11)], .unprocessableContent, "too_many_attachments")
            try await refused(["attachments": [["kind": "zzz", "url": "https://cdn.example.com/a.png"]]], .badRequest, "bad_request")
            for url in ["file:///etc/passwd", "/messenger/uploads/../../../etc/passwd", "javascript:alert(1)", "//evil.example/x.png", "https://", "/api/v1/me"] {
                try await refused(["attachments": [["kind": "image", "url": url]]], .badRequest, "bad_request")
            }
            try await refused(["text": "\u{0}\u{0} \u{0}"], .badRequest, "bad_request")
            #expect(try await store.messages(of: held.interactionID, after: nil, limit: 100).count == 1, "nothing refused was stored")

            let note = try await post("/api/v1/interactions/\(held.interactionID)/notes", ["text": " \u{0} "], as: ann)
            #expect(note.status == .unprocessableContent && (try? note.errorCode()) == "empty_note", "\(note.text)")
            let transfer = try await post("/api/v1/interactions/\(held.interactionID)/transfer",
                                          ["workgroup": "support", "note": String(repeating: "n", count: 2_001)], as: ann)
            #expect(transfer.status == .unprocessableContent && (try? transfer.errorCode()) == "note_too_long", "\(transfer.text)")
            #expect(try await store.notes(about: .interaction(held.interactionID)).isEmpty)

            func user(_ json: [String: Any]) async throws -> TestResponse { try await post("/api/v1/users", json, as: admin) }
            let named = try await user(["username": "cat", "password": "long-enough-pw", "roles": ["agent"], "displayName": String(repeating: "d", count: 201)])
            #expect(named.status == .unprocessableContent && (try? named.errorCode()) == "displayName_too_long", "\(named.text)")
            let spaces = try await user(["username": "cat", "password": String(repeating: " ", count: 12), "roles": ["agent"]])
            #expect(spaces.status == .badRequest && spaces.text.contains("more than white space"), "\(spaces.text)")
            let long = try await user(["username": "cat", "password": String(repeating: "p", count: 1_001), "roles": ["agent"]])
            #expect(long.status == .badRequest && long.text.contains("10 to 1,000"), "\(long.text)")
            let boss = try await user(["username": "cat", "password": "long-enough-pw", "roles": ["boss"]])
            #expect(boss.status == .badRequest && boss.text.contains("the roles are agent, supervisor, admin"), "\(boss.text)")
            #expect(try await store.users().allSatisfy { $0.user.username != "cat" })
        }
    }
}
