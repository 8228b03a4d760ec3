import Domain
import Foundation
import Yams

/// An open channel's keys beside the common ones: where Parley posts agents' replies, and the secret that
/// signs both directions (docs/connectors/open.md).
///
/// ```yaml
/// - id: acme-sms
///   kind: open
///   account_id: sms-gateway          # the endpoint: /webhooks/open/sms-gateway
///   url: https://sms.example.com/parley/outbound
///   webhook_secret: {env: PARLEY_SMS_SECRET}
///   previous_webhook_secret: {env: PARLEY_SMS_SECRET_OLD}   # only during a rotation
/// ```
extension ParleyConfig {
    public struct OpenChannel: Sendable, Equatable {
        /// The integrator's endpoint for outbound messages; absent: `platforms.open.api_base_url`.
        public var url: String?
        /// Absent: `platforms.open.webhook_secret` (one secret shared by the open channels that set none).
        public var webhookSecret: SecretReference?
        public var previousWebhookSecret: SecretReference?

        public init(url: String? = nil, webhookSecret: SecretReference? = nil, previousWebhookSecret: SecretReference? = nil) {
            self.url = url
            self.webhookSecret = webhookSecret
            self.previousWebhookSecret = previousWebhookSecret
        }
    }

    /// An open channel's settings with the `platforms.open` defaults filled in.
    public func openChannel(_ id: Channel.ID) -> OpenChannel {
        let own = channelOpen[id] ?? OpenChannel()
        let ownSecret = own.webhookSecret != nil
        return OpenChannel(url: own.url ?? platforms.open.apiBaseURL,
                           webhookSecret: own.webhookSecret ?? platforms.open.webhookSecret,
                           previousWebhookSecret: ownSecret ? own.previousWebhookSecret : platforms.open.previousWebhookSecret)
    }
}

extension ConfigLoader {
    static let openChannelKeys = ["url", "webhook_secret", "previous_webhook_secret"]

    static func readOpen(_ fields: [String: Node], _ path: String, kind: ChannelKind?, _ reader: inout YAMLReader) -> ParleyConfig.OpenChannel? {
        let present = openChannelKeys.filter { fields[$0] != nil }
        guard !present.isEmpty else { return nil }
        if let kind, kind != .open {
            for key in present { reader.warning(fields[key], "\(path).\(key)", "only open channels use \(key); this is ignored") }
            return nil
        }
        var settings = ParleyConfig.OpenChannel()
        if let url = reader.string(fields["url"], "\(path).url") {
            if let parsed = URL(string: url), ["http", "https"].contains(parsed.scheme ?? ""), parsed.host != nil {
                settings.url = url
            } else {
                reader.error(fields["url"], "\(path).url", "expected the integrator's http:// or https:// URL for outbound messages")
            }
        }
        settings.webhookSecret = reader.secret(fields["webhook_secret"], "\(path).webhook_secret")
        settings.previousWebhookSecret = reader.secret(fields["previous_webhook_secret"], "\(path).previous_webhook_secret")
        if settings.previousWebhookSecret != nil, settings.webhookSecret == nil {
            reader.error(fields["previous_webhook_secret"], "\(path).previous_webhook_secret",
                         "a previous secret goes with the channel's own webhook_secret (the new one)")
        }
        return settings
    }

    /// Open channels are addressed by their account id in a URL, and cannot work without a secret.
    static func checkOpen(_ config: ParleyConfig, top: [String: Node], reader: inout YAMLReader) {
        for (index, channel) in config.channels.enumerated() where channel.kind == .open {
            let node = reader.sequence(top["channels"], "channels")[safe: index]
            if channel.accountID.range(of: "^[A-Za-z0-9_-]{1,64}$", options: .regularExpression) == nil {
                reader.error(node, "channels[\(index)].account_id",
                             "'\(channel.accountID)' cannot be a URL segment (/webhooks/open/{account_id}): use letters, digits, '-' and '_'")
            }
            let settings = config.openChannel(channel.id)
            if settings.webhookSecret == nil {
                reader.error(node, "channels[\(index)].webhook_secret",
                             "open channel '\(channel.id)' needs a secret to verify deliveries and sign replies: set webhook_secret "
                                 + "(or platforms.open.webhook_secret)")
            }
            if settings.url == nil {
                reader.warning(node, "channels[\(index)].url",
                               "open channel '\(channel.id)' has no integrator URL: agents' replies will fail until url is set")
            }
        }
    }
}
