import AsyncHTTPClient
import Domain
import Foundation
import NIOCore

/// Posts generated deliveries to Parley's webhook endpoints, as a platform would: `/webhooks/{source}`, or for
/// Meta and X with an app name, that app's endpoint `/webhooks/{meta|x}/{app}`, and for LINE with a channel,
/// `/webhooks/line/{channel}`.
public struct WebhookDeliverer: Sendable {
    public var parleyURL: String
    public var app: String?
    public var lineChannel: String?
    private let client: HTTPClient

    public init(parleyURL: String, app: String? = nil, lineChannel: String? = nil, client: HTTPClient = SandboxHTTP.client) {
        self.parleyURL = parleyURL
        self.app = app
        self.lineChannel = lineChannel
        self.client = client
    }

    /// Returns the HTTP status Parley answered with.
    public func deliver(_ delivery: TrafficGenerator.Delivery) async throws -> Int {
        var path = delivery.path ?? "/webhooks/\(delivery.source.rawValue)"
        if let app, [.meta, .x].contains(delivery.source) { path += "/\(app)" }
        if let channel = lineChannel, delivery.source == .line { path += "/\(channel)" }
        var request = HTTPClientRequest(url: parleyURL + path)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: delivery.signatureHeader, value: delivery.signature)
        request.body = .bytes(ByteBuffer(bytes: delivery.body))
        let response = try await client.execute(request, timeout: .seconds(30))
        _ = try await response.body.collect(upTo: 1 << 20)
        return Int(response.status.code)
    }
}
