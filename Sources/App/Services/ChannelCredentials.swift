import Domain

/// Each channel's API credential, resolved from configuration at start (never stored in the database).
struct ChannelCredentials: Sendable {
    private let tokens: [ChannelKey: String]

    init(config: ParleyConfig, box: SecretBox) throws {
        var tokens: [ChannelKey: String] = [:]
        for channel in config.channels {
            if let reference = config.channelAccessTokens[channel.id] { tokens[channel.key] = try box.resolve(reference) }
        }
        self.tokens = tokens
    }

    func accessToken(for channel: ChannelKey) -> String? { tokens[channel] }
}
