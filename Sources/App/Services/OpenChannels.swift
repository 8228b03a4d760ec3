import Connectors
import Domain

/// The open channels as the server uses them, resolved at start: each one's secrets (current first) for
/// `/webhooks/open/{account}` and its integrator URL for outbound messages.
struct OpenChannels: Sendable {
    let endpoints: [ChannelKey: OpenChannelEndpoint]

    /// `override` (the sandbox, in tests and the demo) replaces every integrator URL with the sandbox's reference
    /// client for that channel, `{override}/open/{account}`.
    init(config: ParleyConfig, box: SecretBox, override: String?) throws {
        var endpoints: [ChannelKey: OpenChannelEndpoint] = [:]
        for channel in config.channels where channel.kind == .open {
            let settings = config.openChannel(channel.id)
            let secrets = try [settings.webhookSecret, settings.previousWebhookSecret].compactMap { $0 }.map(box.resolve)
            let url = override.map { $0.trimmingSuffix("/") + "/open/" + channel.accountID } ?? settings.url
            endpoints[channel.key] = OpenChannelEndpoint(url: url, secrets: secrets)
        }
        self.endpoints = endpoints
    }

    func endpoint(account: String) -> OpenChannelEndpoint? {
        endpoints[ChannelKey(kind: .open, accountID: account)]
    }

    /// The account `/webhooks/open` stands for: the one open channel, when exactly one is configured.
    var soleAccount: String? {
        endpoints.count == 1 ? endpoints.keys.first?.accountID : nil
    }

    var accounts: [String] { endpoints.keys.map(\.accountID).sorted() }
}

extension String {
    fileprivate func trimmingSuffix(_ suffix: String) -> String { hasSuffix(suffix) ? String(dropLast(suffix.count)) : self }
}
