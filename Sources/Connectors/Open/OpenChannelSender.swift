import AsyncHTTPClient
import Domain
import Foundation
import NIOCore
import NIOHTTP1

/// Where one open channel's outbound messages go and the secrets it signs with (current first).
public struct OpenChannelEndpoint: Sendable, Hashable {
    public var url: String?
    public var secrets: [String]

    public init(url: String?, secrets: [String]) {
        self.url = url
        self.secrets = secrets
    }
}

/// Delivers open-channel messages to each channel's integrator URL; every other channel's calls go to `others`.
/// At send time it stamps the Parley message id into the stored body and signs the exact bytes it posts with
/// the channel's current secret (`X-Parley-Signature: sha256=<base64>`). A retry posts the same bytes with the
/// same `Idempotency-Key`.
public struct OpenChannelSender: PlatformSender {
    private let client: HTTPClient
    private let endpoints: [ChannelKey: OpenChannelEndpoint]
    private let others: any PlatformSender
    private let timeout: TimeAmount
    private let clock: any WallClock

    public init(client: HTTPClient, endpoints: [ChannelKey: OpenChannelEndpoint], others: any PlatformSender,
                timeout: TimeAmount = .seconds(10), clock: any WallClock) {
        self.client = client
        self.endpoints = endpoints
        self.others = others
        self.timeout = timeout
        self.clock = clock
    }

    public func send(_ dispatch: OutboxDispatch) async -> SendOutcome {
        guard dispatch.channel.kind == .open else { return await others.send(dispatch) }
        let account = dispatch.channel.accountID
        guard let endpoint = endpoints[dispatch.channel], let url = endpoint.url else {
            return .permanent(reason: "open channel '\(account)' has no integrator URL: set channels[].url")
        }
        guard let secret = endpoint.secrets.first else {
            return .permanent(reason: "open channel '\(account)' has no secret to sign with: set channels[].webhook_secret")
        }
        guard var message = OpenOutbound.decode(dispatch.request.body) else {
            return .permanent(reason: "the stored request is not an open-channel message (version 1)")
        }
        let id = dispatch.messageID?.rawValue ?? dispatch.idempotencyKey
        message.id = id
        let body = message.encoded()
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "User-Agent", value: "Parley open channel/1")
        request.headers.add(name: "Idempotency-Key", value: dispatch.idempotencyKey)
        request.headers.add(name: OpenSignature.scheme.header, value: OpenSignature.scheme.sign(body, secret: secret))
        request.body = .bytes(ByteBuffer(bytes: body))
        do {
            let response = try await client.execute(request, timeout: timeout)
            let answer = try await response.body.collect(upTo: 64 << 10)
            return OpenResponse.classify(status: Int(response.status.code), headers: response.headers.map { ($0.name, $0.value) },
                                         body: Data(answer.readableBytesView), now: clock.now(), messageID: id)
        } catch {
            return .retryable(reason: "the integrator at \(url) could not be reached: \(error)")
        }
    }
}

/// The open channel's signature: HMAC-SHA256 of the raw body with the channel's secret, base64, `sha256=` first.
public enum OpenSignature {
    public static let scheme = WebhookSignature(header: "X-Parley-Signature", encoding: .base64, prefix: "sha256=")
}
