import AsyncHTTPClient
import Connectors
import Crypto
import Domain
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import Storage

/// One X channel whose user token Parley refreshes: its OAuth client and the refresh token `parley.yml` gives.
struct XOAuthChannel: Sendable {
    var id: Domain.Channel.ID
    var key: ChannelKey
    var client: XOAuthClient
    var configuredRefreshToken: String

    /// Names the configured refresh token without revealing it: stored with the lineage it began, so a new one in
    /// `parley.yml` (the app was authorised again) is recognised and replaces what is stored.
    var lineage: String {
        "sha256:" + SHA256.hash(data: Data(configuredRefreshToken.utf8)).prefix(12).map { String(format: "%02x", $0) }.joined()
    }

    static func all(_ config: ParleyConfig, box: SecretBox) throws -> [XOAuthChannel] {
        try config.channels.compactMap { channel in
            guard let oauth = config.channelXOAuth[channel.id] else { return nil }
            return XOAuthChannel(id: channel.id, key: channel.key,
                                 client: XOAuthClient(id: oauth.clientID, secret: try oauth.clientSecret.map(box.resolve)),
                                 configuredRefreshToken: try box.resolve(oauth.refreshToken))
        }
    }
}

/// A form POST to X's token endpoint; nil when no answer came (network, timeout).
typealias TokenPost = @Sendable (_ url: String, _ headers: [(String, String)], _ body: Data) async -> (status: Int, body: Data)?

enum TokenHTTP {
    static func post(_ client: HTTPClient) -> TokenPost {
        { url, headers, body in
            var request = HTTPClientRequest(url: url)
            request.method = .POST
            for (name, value) in headers { request.headers.add(name: name, value: value) }
            request.body = .bytes(ByteBuffer(bytes: body))
            guard let response = try? await client.execute(request, timeout: .seconds(15)),
                let answer = try? await response.body.collect(upTo: 1 << 16)
            else { return nil }
            return (Int(response.status.code), Data(answer.readableBytesView))
        }
    }
}

/// Refreshes one channel's token pair with X and stores the new pair at once — X has already spent the old refresh
/// token when it answers, so the new one must not live only in memory. The keeper (`XTokenKeeper`) and
/// `parley channel check` both refresh through it.
struct XTokenRefresher: Sendable {
    enum Result: Sendable {
        /// `stored`: false when the database refused the write (logged; the pair lives in memory until the next refresh).
        case refreshed(ChannelTokens, stored: Bool)
        case refused(String)
        case failed(String)
    }

    let store: any ChannelTokenStore
    let sealer: any SecretSealer
    let post: TokenPost
    /// `https://api.x.com/2/oauth2/token`, or the sandbox's.
    let tokenURL: String
    let clock: any WallClock
    let logger: Logger

    init(store: any ChannelTokenStore, sealer: any SecretSealer, post: @escaping TokenPost, apiBase: String, clock: any WallClock, logger: Logger) {
        self.store = store
        self.sealer = sealer
        self.post = post
        self.tokenURL = (apiBase.hasSuffix("/") ? String(apiBase.dropLast()) : apiBase) + XTokenRequest.path
        self.clock = clock
        self.logger = logger
    }

    /// The stored pair of the channel's current lineage; nil when none is stored, or the stored one descends from a
    /// refresh token no longer configured.
    func stored(_ channel: XOAuthChannel) async throws -> ChannelTokens? {
        guard let tokens = try await store.channelTokens(channel.key, sealer: sealer), tokens.lineage == channel.lineage else { return nil }
        return tokens
    }

    /// The newest refresh token of the lineage: the stored one or `held` (what the caller has in memory), whichever
    /// is newer; the configured one before the first refresh.
    func newest(_ channel: XOAuthChannel, held: ChannelTokens?) async throws -> ChannelTokens? {
        let stored = try await stored(channel)
        let candidates = [stored, held?.lineage == channel.lineage ? held : nil].compactMap { $0 }
        return candidates.max { $0.updatedAt < $1.updatedAt }
    }

    /// Refreshes with the newest refresh token of the lineage. X refusing it may mean another node (or `parley channel
    /// check`) refreshed meanwhile: when the database then holds a different refresh token, that one is tried once.
    func refresh(_ channel: XOAuthChannel, held: ChannelTokens?) async -> Result {
        let current: ChannelTokens?
        do {
            current = try await newest(channel, held: held)
        } catch {
            return .failed("cannot read the stored tokens: \(error)")
        }
        let used = current?.refreshToken ?? channel.configuredRefreshToken
        let result = await refresh(channel, with: used)
        guard case .refused = result, let stored = try? await stored(channel), stored.refreshToken != used else { return result }
        logger.notice("X refused a refresh token another refresh had spent; using the stored newer one", metadata: ["channel": "\(channel.id)"])
        return await refresh(channel, with: stored.refreshToken)
    }

    private func refresh(_ channel: XOAuthChannel, with refreshToken: String) async -> Result {
        let request = XTokenRequest.refresh(refreshToken, client: channel.client)
        guard let answer = await post(tokenURL, request.headers, request.body) else {
            return .failed("\(tokenURL) did not answer")
        }
        switch XTokenAnswer.classify(status: answer.status, body: answer.body) {
        case .granted(let access, let rotated, let expiresIn, _):
            let now = clock.now()
            if rotated == nil {
                logger.warning("X issued no refresh token: the app must be authorised with the offline.access scope, or refreshing stops here",
                               metadata: ["channel": "\(channel.id)"])
            }
            let tokens = ChannelTokens(accessToken: access, accessExpiresAt: now + expiresIn, refreshToken: rotated ?? refreshToken,
                                       lineage: channel.lineage, updatedAt: now)
            for attempt in 1...3 {
                do {
                    try await store.saveChannelTokens(tokens, for: channel.key, sealer: sealer)
                    return .refreshed(tokens, stored: true)
                } catch {
                    logger.error("could not store the refreshed X tokens", metadata: ["channel": "\(channel.id)", "attempt": "\(attempt)",
                                                                                      "error": "\(error)"])
                    try? await Task.sleep(for: .milliseconds(100 * attempt))
                }
            }
            return .refreshed(tokens, stored: false)
        case .refused(let reason):
            return .refused(reason)
        case .failed(let reason):
            return .failed(reason)
        }
    }
}

extension SecretBox: SecretSealer {
    public func unseal(_ sealed: String) throws -> String { try resolve(.encrypted(sealed)) }
}
