import ArgumentParser
import Domain
import Hummingbird
import Sandbox

struct SandboxCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sandbox",
        abstract: "Run Parley's local stand-in for the platforms' APIs.",
        discussion: """
            It records every API call (GET /_sandbox/calls), fails on demand (PUT /_sandbox/failure), and sends
            signed webhook traffic to Parley (POST /_sandbox/traffic {"source": "meta", "count": 10}).
            Meta's Graph API answers with Meta's shapes and enforces its rules: 24 h and 7 d windows, one private
            reply per comment, templates, expired tokens. Move its clock to close windows
            (PUT /_sandbox/clock {"advance_seconds": 90000}); script Meta traffic with sources messenger,
            facebook, instagram, instagram_comments, whatsapp, or a scenario
            (POST /_sandbox/traffic {"scenario": "comment_thread"}), at a rate ({"count": 600, "rate": 10}).
            X's API v2 answers with X's shapes: bearer tokens, rate limits with x-rate-limit-* headers and 429
            (PUT /_sandbox/x/rate_limits), DMs only to followers (PUT /_sandbox/x/state), echoes of the account's
            own tweets and DMs; X traffic with sources x, x_mention, x_follow or the scenario x_conversation; CRC
            checks against Parley (POST /_sandbox/x/crc); the filtered stream and its rules API, with tweets
            published by POST /_sandbox/x/stream or the source x_keyword. docs/connectors/x.md lists the controls.
            LINE's Messaging API answers with LINE's shapes: single-use reply tokens that expire after a minute,
            pushes with X-Line-Retry-Key (409 on a repeat), 401 for a refused channel token; LINE traffic with
            source line or scenario line_conversation goes to /webhooks/line/{--line-channel}.

            Example: parley sandbox --port 9090 --parley http://127.0.0.1:8080 --secret sandbox-secret
            then:    parley serve --platform-api http://127.0.0.1:9090
            """)

    @Option(help: "Address to listen on.") var host = "127.0.0.1"
    @Option(help: "Port to listen on.") var port = 9090
    @Option(help: "Parley's base URL, for generated webhook traffic.") var parley: String?
    @Option(help: "The webhook secret shared with Parley (all platforms).") var secret = "sandbox-secret"
    @Option(help: "The LINE channel id whose endpoint (/webhooks/line/{id}) LINE traffic goes to; default /webhooks/line.")
    var lineChannel: String?

    func validate() throws { try checkPort(port, "--port") }

    func run() async throws {
        let secrets = Dictionary(uniqueKeysWithValues: WebhookSource.allCases.map { ($0, secret) })
        var accounts = SandboxServer.Accounts()
        accounts.lineChannel = lineChannel
        let sandbox = SandboxServer(secrets: secrets, parleyURL: parley, accounts: accounts)
        print("Sandbox listening on http://\(host):\(port)")
        try await sandbox.makeApplication(host: host, port: port).runService()
    }
}
