import AsyncHTTPClient
import Domain
import Foundation
import NIOCore
import NIOHTTP1

/// Sends outbox requests over HTTP to each channel kind's configured base URL (the real platform, or the
/// sandbox in tests and the demo), passing the idempotency key as `Idempotency-Key` (LINE's `X-Line-Retry-Key`
/// is set by `LineSender`, on pushes only).
public struct HTTPPlatformSender: PlatformSender {
    private let client: HTTPClient
    private let baseURLs: [ChannelKind: String]
    private let timeout: TimeAmount
    private let clock: any WallClock
    /// Each channel's API credential, added as `Authorization: Bearer` at send time so it is never stored in the outbox.
    private let credential: @Sendable (ChannelKey) -> String?

    public init(client: HTTPClient, baseURLs: [ChannelKind: String], timeout: TimeAmount = .seconds(20), clock: any WallClock,
                credential: @escaping @Sendable (ChannelKey) -> String? = { _ in nil }) {
        self.client = client
        self.baseURLs = baseURLs
        self.timeout = timeout
        self.clock = clock
        self.credential = credential
    }

    public func send(_ dispatch: OutboxDispatch) async -> SendOutcome {
        guard let base = baseURLs[dispatch.channel.kind] else {
            return .permanent(reason: "no API base URL configured for \(dispatch.channel.kind.rawValue) channels")
        }
        var request = HTTPClientRequest(url: base.trimmingSuffix("/") + dispatch.request.path)
        request.method = HTTPMethod(rawValue: dispatch.request.method)
        for (name, value) in dispatch.request.headers { request.headers.add(name: name, value: value) }
        if let token = credential(dispatch.channel) { request.headers.replaceOrAdd(name: "Authorization", value: "Bearer \(token)") }
        request.headers.replaceOrAdd(name: "Idempotency-Key", value: dispatch.idempotencyKey)
        if request.headers["Content-Type"].isEmpty { request.headers.add(name: "Content-Type", value: "application/json") }
        request.body = .bytes(ByteBuffer(bytes: dispatch.request.body))
        do {
            let response = try await client.execute(request, timeout: timeout)
            let body = try await response.body.collect(upTo: 1 << 20)
            return ResponseClassifier.classify(status: Int(response.status.code), headers: response.headers.map { ($0.name, $0.value) },
                                               body: Data(body.readableBytesView), now: clock.now())
        } catch {
            return .retryable(reason: "transport: \(error)")
        }
    }
}

extension String {
    func trimmingSuffix(_ suffix: String) -> String {
        hasSuffix(suffix) ? String(dropLast(suffix.count)) : self
    }
}
