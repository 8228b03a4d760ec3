import App
import Domain
import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Sandbox
import Storage
import Testing

/// Parley end to end against the LINE sandbox, as `MetaSurfaceWorld` is for Meta: one sandbox state behind the
/// Messaging API Parley calls and the control side that sends Parley signed webhooks at `/webhooks/line/shop-line`.
struct LineSurfaceWorld: Sendable {
    static let bot = SandboxServer.Accounts().lineBot
    static let secret = "line-channel-secret"
    static let channels = """
        workgroups:
          - {id: support}
          - {id: billing}
        channels:
          - {id: shop-line, kind: line, account_id: "\(bot)", workgroup: support, access_token: line-token, channel_secret: \(secret)}
        """

    let sandbox: SandboxState
    let meta: MetaSurfaceWorld

    static func run(clock: any WallClock = SystemClock(), configure: @escaping @Sendable (inout ServeOptions) -> Void = { _ in },
                    _ body: @Sendable (LineSurfaceWorld) async throws -> Void) async throws {
        let state = SandboxState()
        let accounts = {
            var accounts = SandboxServer.Accounts()
            accounts.lineChannel = "shop-line"
            return accounts
        }()
        let api = SandboxServer(state: state, secrets: [.line: secret], parleyURL: nil, accounts: accounts)
        try await Application(router: api.makeRouter(), configuration: .init(address: .hostname("127.0.0.1", port: 0))).test(.live) { apiClient in
            let apiPort = try #require(apiClient.port)
            let server = try await TestServer.make(extraConfig: channels, clock: clock) {
                $0.platformAPIOverride = "http://127.0.0.1:\(apiPort)"
                configure(&$0)
            }
            let store = server.store
            try await server.makeApplication().test(.live) { parley in
                let parleyPort = try #require(parley.port)
                let control = SandboxServer(state: state, secrets: [.line: secret], parleyURL: "http://127.0.0.1:\(parleyPort)", accounts: accounts)
                let app = Application(router: control.makeRouter(), configuration: .init(address: .hostname("127.0.0.1", port: 0)))
                try await app.test(.live) { controlClient in
                    let admin = try await Browser.signIn(parley)
                    let ann = try await EngagementAutomationTests.makeAgentReady(parley, admin: admin)
                    let world = MetaSurfaceWorld(sandbox: state, control: controlClient, parley: parley, store: store, admin: admin, ann: ann)
                    try await body(LineSurfaceWorld(sandbox: state, meta: world))
                }
            }
        }
    }

    /// The LINE calls Parley made to `path`.
    func calls(_ path: String) async -> [SandboxState.RecordedCall] {
        await sandbox.recordedCalls().filter { $0.method == "POST" && $0.path == path }
    }
}
