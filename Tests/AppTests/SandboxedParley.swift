import App
import Domain
import Foundation
import Hummingbird
import HummingbirdTesting
import Sandbox
import Storage
import Testing

/// Parley whose platform calls all go to a fresh sandbox (`platformAPIOverride`), for tests that follow a
/// reply out to the platform: the body gets the sandbox (to set failures and read the calls), Parley's test
/// client and its store.
enum SandboxedParley {
    static func run(extraConfig: String, clock: any WallClock = SystemClock(),
                    _ body: @Sendable (SandboxServer, any TestClientProtocol, any ParleyStore) async throws -> Void) async throws {
        let sandbox = SandboxServer(secrets: [:], parleyURL: nil)
        let sandboxApp = Application(router: sandbox.makeRouter(), configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await sandboxApp.test(.live) { sandboxClient in
            let port = try #require(sandboxClient.port)
            let server = try await TestServer.make(extraConfig: extraConfig, clock: clock) { $0.platformAPIOverride = "http://127.0.0.1:\(port)" }
            let store = server.store
            try await server.makeApplication().test(.live) { client in try await body(sandbox, client, store) }
        }
    }
}
