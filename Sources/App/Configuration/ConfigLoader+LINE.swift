import Domain
import Yams

/// A LINE channel's webhook secret: LINE signs each channel's webhooks with that channel's secret, so each LINE
/// channel with `channel_secret` has its own endpoint, `/webhooks/line/{id}`. Without one, the channel's
/// deliveries go to `/webhooks/line`, signed with `platforms.line.webhook_secret`.
///
/// ```yaml
/// channels:
///   - {id: acme-line, kind: line, account_id: "U0123…", access_token: {env: LINE_TOKEN},
///      channel_secret: {env: LINE_SECRET}, previous_channel_secret: {env: LINE_OLD_SECRET}}
/// ```
extension ConfigLoader {
    static let lineKeys = ["channel_secret", "previous_channel_secret"]

    /// The channel's secrets, current first; empty when it has none.
    static func readLineSecrets(_ fields: [String: Node], _ path: String, kind: ChannelKind?, _ reader: inout YAMLReader) -> [SecretReference] {
        let current = reader.secret(fields["channel_secret"], "\(path).channel_secret")
        let previous = reader.secret(fields["previous_channel_secret"], "\(path).previous_channel_secret")
        guard current != nil || previous != nil else { return [] }
        if let kind, kind != .line {
            reader.warning(fields["channel_secret"] ?? fields["previous_channel_secret"], "\(path).channel_secret",
                           "only LINE channels have a channel secret; this is ignored")
            return []
        }
        guard let current else {
            reader.error(fields["previous_channel_secret"], "\(path).previous_channel_secret",
                         "set channel_secret too: the previous secret is only accepted beside the current one")
            return []
        }
        return [current] + (previous.map { [$0] } ?? [])
    }

    /// Each LINE channel's endpoint needs an id that is one URL segment, and every LINE channel some secret.
    static func checkLine(_ config: ParleyConfig, top: [String: Node], reader: inout YAMLReader) {
        for (index, channel) in config.channels.enumerated() where channel.kind == .line {
            let node = reader.sequence(top["channels"], "channels")[safe: index]
            if config.channelLineSecrets[channel.id] != nil {
                if channel.id.rawValue.range(of: "^[A-Za-z0-9_-]{1,64}$", options: .regularExpression) == nil {
                    reader.error(node, "channels[\(index)].id", "'\(channel.id)' cannot be a URL segment of /webhooks/line/{id}: use letters, digits, '-' and '_'")
                }
            } else if config.platforms.line.webhookSecret == nil {
                reader.warning(node, "channels[\(index)].channel_secret",
                               "no channel_secret and no platforms.line.webhook_secret: Parley cannot verify this channel's webhooks and refuses them")
            }
        }
    }
}
