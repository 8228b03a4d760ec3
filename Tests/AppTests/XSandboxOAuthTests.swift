import App
import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Sandbox
import Testing

/// The sandbox's X OAuth 2.0 token endpoint (`POST /2/oauth2/token`): client checks, single-use refresh tokens,
/// access tokens that expire, and the API's 401 for an expired one.
@Suite struct XSandboxOAuthTests {
    static func token(_ client: any TestClientProtocol, _ form: String, basic: String? = "parley-client:client-secret") async throws -> TestResponse {
        var headers: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]
        if let basic { headers[.authorization] = "Basic " + Data(basic.utf8).base64EncodedString() }
        return try await client.execute(uri: "/2/oauth2/token", method: .post, headers: headers, body: ByteBuffer(string: form))
    }

    static func run(_ body: @Sendable (SandboxState, any TestClientProtocol) async throws -> Void) async throws {
        let state = SandboxState(now: { MetaSandboxHarness.start })
        let sandbox = SandboxServer(state: state, secrets: [.x: "x-secret"], parleyURL: nil)
        try await Application(router: sandbox.makeRouter()).test(.router) { client in
            try await MetaSandboxHarness.control(client, .put, "/_sandbox/x/oauth",
                                                 #"{"clients":[{"id":"parley-client","secret":"client-secret"},{"id":"public-app"}],"refresh_tokens":["rt/1+a=","rt-public"],"expires_in":600}"#)
            try await body(state, client)
        }
    }

    @Test func aRefreshTokenWorksOnceAndItsSuccessorWorksNext() async throws {
        try await Self.run { state, client in
            let first = try await Self.token(client, "grant_type=refresh_token&refresh_token=rt%2F1%2Ba%3D&client_id=parley-client")
            #expect(first.status == .ok, "\(first.text)")
            let granted = try first.json()
            #expect(granted["token_type"] as? String == "bearer" && granted["expires_in"] as? Int == 600)
            #expect((granted["scope"] as? String)?.contains("offline.access") == true)
            let access = try #require(granted["access_token"] as? String)
            let rotated = try #require(granted["refresh_token"] as? String)
            // Reused: refused as X refuses it.
            let reused = try await Self.token(client, "grant_type=refresh_token&refresh_token=rt%2F1%2Ba%3D&client_id=parley-client")
            #expect(reused.status == .badRequest)
            #expect(try reused.json()["error"] as? String == "invalid_request")
            #expect(try reused.json()["error_description"] as? String == "Value passed for the token was invalid.")
            let next = try await Self.token(client, "grant_type=refresh_token&refresh_token=\(rotated)&client_id=parley-client")
            #expect(next.status == .ok)
            // The issued access token is the API's bearer until it expires; then 401 in X's shape.
            #expect(try await XSandboxTests.call(client, .get, "/2/users/me", token: access).status == .ok)
            #expect(try await XSandboxTests.call(client, .get, "/2/users/me", token: "made-up").status == .unauthorized)
            await state.advanceClock(by: 601)
            let expired = try await XSandboxTests.call(client, .post, "/2/tweets", token: access, #"{"text":"late"}"#)
            #expect(expired.status == .unauthorized)
            #expect(try expired.json()["title"] as? String == "Unauthorized" && (try expired.json()["status"] as? Int) == 401)
            #expect(await state.recordedCalls().filter { $0.path == "/2/oauth2/token" }.map(\.status) == [200, 400, 200])
        }
    }

    @Test func aConfidentialClientMustAuthenticateAndAPublicOneSendsItsId() async throws {
        try await Self.run { _, client in
            let noBasic = try await Self.token(client, "grant_type=refresh_token&refresh_token=rt%2F1%2Ba%3D&client_id=parley-client", basic: nil)
            #expect(noBasic.status == .unauthorized)
            #expect(try noBasic.json()["error"] as? String == "unauthorized_client")
            let wrongSecret = try await Self.token(client, "grant_type=refresh_token&refresh_token=rt%2F1%2Ba%3D&client_id=parley-client",
                                                   basic: "parley-client:guess")
            #expect(wrongSecret.status == .unauthorized)
            let unknown = try await Self.token(client, "grant_type=refresh_token&refresh_token=rt-public&client_id=nobody", basic: nil)
            #expect(unknown.status == .unauthorized)
            let missingGrant = try await Self.token(client, "refresh_token=rt-public&client_id=public-app", basic: nil)
            #expect(missingGrant.status == .badRequest)
            // The failed attempts spent nothing: the tokens still work.
            #expect(try await Self.token(client, "grant_type=refresh_token&refresh_token=rt-public&client_id=public-app", basic: nil).status == .ok)
            #expect(try await Self.token(client, "grant_type=refresh_token&refresh_token=rt%2F1%2Ba%3D&client_id=parley-client").status == .ok)
        }
    }
}
