import AsyncHTTPClient
import Connectors
import Domain
import Foundation
import NIOCore

/// The reference integrator of Parley's open channel (docs/connectors/open.md), as an integrator would build one:
/// it receives Parley's outbound posts (checks the signature, records them, answers a repeated
/// `Idempotency-Key` from memory), can be scripted to fail (500, 429, 400…), sends signed messages and receipts
/// to `/webhooks/open/{integration}`, and can answer every delivered message with receipts of its own.
public actor OpenReferenceClient {
    /// One post Parley made to the client.
    public struct Received: Codable, Sendable, Equatable {
        public var sequence: Int
        public var integration: String
        public var idempotencyKey: String?
        public var signatureValid: Bool
        /// True when the key was seen before and the post answered from memory (not delivered twice).
        public var replayed: Bool
        public var status: Int
        public var body: String
        /// The message, when the body was one of the contract.
        public var message: OpenOutbound?
    }

    /// How the next posts are answered.
    public struct Failure: Sendable, Equatable {
        public var status: Int
        /// How many posts fail; nil: all until changed.
        public var count: Int?
        public var message: String
        public var retryAfter: Int?

        public init(status: Int, count: Int? = nil, message: String? = nil, retryAfter: Int? = nil) {
            self.status = status
            self.count = count
            self.message = message ?? Failure.defaultMessage(status)
            self.retryAfter = retryAfter
        }

        static func defaultMessage(_ status: Int) -> String {
            switch status {
            case 429: "slow down"
            case 500..<600: "the gateway is temporarily down"
            default: "the recipient is unknown to the gateway"
            }
        }
    }

    /// Which receipts the client sends for each message it accepts.
    public enum Receipts: String, Sendable, CaseIterable { case none, delivered, read }

    private let defaultSecret: String
    private var secrets: [String: String] = [:]
    private var parleyURL: String?
    private var received: [Received] = []
    private var answered: [String: Int] = [:]
    private var failure: Failure?
    private var receipts: Receipts = .none
    private var nextID = 0
    private let client: HTTPClient
    private let now: @Sendable () -> Date

    public init(secret: String, parleyURL: String?, client: HTTPClient = SandboxHTTP.client, now: @escaping @Sendable () -> Date = { Date() }) {
        self.defaultSecret = secret
        self.parleyURL = parleyURL
        self.client = client
        self.now = now
    }

    public func setParleyURL(_ url: String) { parleyURL = url }
    /// The secret one integration signs and verifies with (others use the default).
    public func setSecret(_ secret: String, for integration: String) { secrets[integration] = secret }
    public func setFailure(_ failure: Failure?) { self.failure = failure }
    public func setReceipts(_ receipts: Receipts) { self.receipts = receipts }
    public func receivedPosts() -> [Received] { received }

    public func reset() {
        received = []
        answered = [:]
        failure = nil
        receipts = .none
    }

    private func secret(_ integration: String) -> String { secrets[integration] ?? defaultSecret }

    /// Answers one of Parley's posts: status, body, extra headers; and the messages to send receipts for.
    func receive(integration: String, headers: [String: String], body: Data) -> (status: Int, body: String, headers: [String: String], accepted: OpenOutbound?) {
        let key = headers["idempotency-key"]
        let valid = OpenSignature.scheme.verify(body, headerValue: headers["x-parley-signature"], secret: secret(integration))
        let message = OpenOutbound.decode(body)
        func note(_ status: Int, replayed: Bool = false) {
            received.append(Received(sequence: received.count + 1, integration: integration, idempotencyKey: key, signatureValid: valid,
                                     replayed: replayed, status: status, body: String(decoding: body, as: UTF8.self), message: message))
        }
        if let key, let status = answered[key] {
            note(status, replayed: true)
            return (status, #"{"ok":true,"duplicate":true}"#, [:], nil)
        }
        guard valid else {
            note(401)
            return (401, #"{"error":{"code":"bad_signature","message":"X-Parley-Signature does not match the body"}}"#, [:], nil)
        }
        if var current = failure {
            if let left = current.count {
                current.count = left - 1
                failure = left - 1 > 0 ? current : nil
            }
            note(current.status)
            let headers = current.retryAfter.map { ["Retry-After": String($0)] } ?? [:]
            return (current.status, OpenReferenceClient.errorBody(current.message), headers, nil)
        }
        let object = (try? JSONSerialization.jsonObject(with: body)) as? [String: Any]
        let version = (object?["version"] as? NSNumber)?.intValue
        if version == 1, object?["type"] as? String == "ping" {
            note(200)
            return (200, #"{"ok":true}"#, [:], nil)
        }
        guard let message, message.version == 1, message.type == "message" else {
            note(400)
            return (400, OpenReferenceClient.errorBody("not a version 1 open-channel message"), [:], nil)
        }
        if let key { answered[key] = 200 }
        note(200)
        return (200, #"{"ok":true}"#, [:], message)
    }

    static func errorBody(_ message: String) -> String {
        let escaped = message.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
        return #"{"error":{"code":"refused","message":"\#(escaped)"}}"#
    }

    /// Sends the configured receipts for a message the client accepted.
    func followUp(_ message: OpenOutbound, integration: String) async {
        guard receipts != .none, let id = message.id else { return }
        _ = try? await sendReceipt(integration: integration, messageID: id, status: .delivered)
        if receipts == .read { _ = try? await sendReceipt(integration: integration, messageID: id, status: .read) }
    }
}

extension OpenReferenceClient {
    /// What Parley answered a post of the client's.
    public struct Answer: Codable, Sendable {
        public var status: Int
        public var body: String
    }

    /// Posts a signed customer message to Parley. `id` defaults to a fresh one; `body` replaces the whole JSON.
    public func sendMessage(integration: String, from sender: String, name: String? = nil, text: String, id: String? = nil,
                            attachments: [[String: String]] = []) async throws -> Answer {
        nextID += 1
        var senderObject = ["id": sender]
        if let name { senderObject["name"] = name }
        var object: [String: Any] = [
            "version": 1, "type": "message", "id": id ?? "ref-\(Int(now().timeIntervalSince1970))-\(nextID)",
            "timestamp": OpenTime.format(now()), "sender": senderObject,
            "text": text,
        ]
        if !attachments.isEmpty { object["attachments"] = attachments }
        return try await post(integration: integration, body: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]))
    }

    /// Posts a signed receipt for one of Parley's messages.
    public func sendReceipt(integration: String, messageID: String, status: OpenInbound.Receipt.Status, reason: String? = nil) async throws -> Answer {
        var object: [String: Any] = ["version": 1, "type": "receipt", "messageId": messageID, "status": status.rawValue,
                                     "timestamp": OpenTime.format(now())]
        if let reason { object["reason"] = reason }
        return try await post(integration: integration, body: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]))
    }

    /// Posts `body` as it is, signed with the integration's secret.
    public func post(integration: String, body: Data) async throws -> Answer {
        guard let parleyURL else { throw OpenClientError.noParley }
        var request = HTTPClientRequest(url: parleyURL + "/webhooks/open/" + integration)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: OpenSignature.scheme.header, value: OpenSignature.scheme.sign(body, secret: secret(integration)))
        request.body = .bytes(ByteBuffer(bytes: body))
        let response = try await client.execute(request, timeout: .seconds(30))
        let answer = try await response.body.collect(upTo: 1 << 20)
        return Answer(status: Int(response.status.code), body: String(buffer: answer))
    }
}

public enum OpenClientError: Error, CustomStringConvertible {
    case noParley

    public var description: String { "the sandbox was started without a Parley URL" }
}
