import Domain

extension ParleyServer {
    /// `/webhooks/line/{id}` for each LINE channel with a `channel_secret`: its secrets, and its bot's user id, the
    /// only `destination` the endpoint takes.
    static func resolveLineSecrets(_ config: ParleyConfig, box: SecretBox) throws -> [String: WebhookSecrets.Endpoint] {
        var endpoints: [String: WebhookSecrets.Endpoint] = [:]
        for channel in config.channels where channel.kind == .line {
            guard let references = config.channelLineSecrets[channel.id] else { continue }
            endpoints[channel.id.rawValue] = .init(signing: try references.map(box.resolve), account: channel.accountID)
        }
        return endpoints
    }
}
