import Domain
import Foundation

/// What an integrator posts to `/webhooks/open/{channel}`: version 1 of Parley's open channel contract
/// (docs/connectors/open.md). One message or one receipt per request. Read by hand from the JSON so that
/// every rule broken is named with its field: an integrator, unlike a platform, can fix the body and send it again.
public enum OpenInbound: Sendable, Hashable {
    /// The contract versions this Parley reads.
    public static let versions = [1]

    case message(Message)
    case receipt(Receipt)

    public struct Message: Sendable, Hashable {
        /// The integrator's id of the message: unique within the channel, the key that makes a resend a no-op.
        public var id: String
        public var timestamp: Date
        public var senderID: String
        public var senderName: String?
        public var text: String
        public var attachments: [Attachment]
    }

    /// What happened to one of Parley's outbound messages (`messageId` is the `id` Parley posted it with).
    public struct Receipt: Sendable, Hashable {
        public enum Status: String, Sendable, CaseIterable { case delivered, read, failed }
        public var messageID: String
        public var status: Status
        /// Why a `failed` message failed, as the integrator words it for the agent.
        public var reason: String?
        public var timestamp: Date?
    }

    /// The dedupe key of the event: a resent message or receipt is stored once.
    public var dedupeKey: String {
        switch self {
        case .message(let message): "message:\(message.id)"
        case .receipt(let receipt): "receipt:\(receipt.messageID):\(receipt.status.rawValue)"
        }
    }

    public var occurredAt: Date? {
        switch self {
        case .message(let message): message.timestamp
        case .receipt(let receipt): receipt.timestamp
        }
    }

    /// Reads a request body.
    public static func parse(_ body: Data) throws(OpenContractError) -> OpenInbound {
        try read(object(body))
    }

    static func object(_ body: Data) throws(OpenContractError) -> JSONObject {
        guard let value = try? JSONSerialization.jsonObject(with: body, options: []) else {
            throw OpenContractError(.malformedJSON, "the body is not valid JSON (it must be one UTF-8 JSON object)")
        }
        guard let object = value as? JSONObject else {
            throw OpenContractError(.malformedJSON, "the body must be one JSON object, not an array or a bare value")
        }
        return object
    }

    static func read(_ object: JSONObject) throws(OpenContractError) -> OpenInbound {
        let fields = OpenFields(object, path: "")
        guard object["version"] != nil else {
            throw OpenContractError(.invalidMessage, "missing 'version': send \"version\": 1")
        }
        guard let version = object["version"] as? NSNumber, let number = Int(exactly: version.doubleValue) else {
            throw OpenContractError(.invalidMessage, "'version' must be an integer, such as 1")
        }
        guard versions.contains(number) else {
            throw OpenContractError(.unsupportedVersion,
                                    "version \(number) is not supported; this Parley reads version \(versions.map(String.init).joined(separator: ", "))")
        }
        switch try fields.string("type") {
        case "message": return .message(try message(fields))
        case "receipt": return .receipt(try receipt(fields))
        case let other:
            throw OpenContractError(.invalidMessage, "'type' is '\(other)'; version 1 has \"message\" and \"receipt\"")
        }
    }

    private static func message(_ fields: OpenFields) throws(OpenContractError) -> Message {
        let id = try fields.identifier("id")
        let timestamp = try fields.date("timestamp")
        let sender = try fields.object("sender")
        let senderID = try sender.identifier("id")
        let name = try sender.optionalString("name")
        let text = try fields.optionalString("text") ?? ""
        var attachments: [Attachment] = []
        for (index, item) in try fields.objects("attachments").enumerated() {
            let url = try item.string("url")
            guard let parsed = URL(string: url), ["http", "https"].contains(parsed.scheme?.lowercased() ?? ""), parsed.host != nil else {
                throw OpenContractError(.invalidMessage, "'attachments[\(index)].url' must be an http:// or https:// URL Parley can fetch")
            }
            let kind = try item.optionalString("type") ?? "file"
            guard let known = OpenAttachmentType(rawValue: kind) else {
                throw OpenContractError(.invalidMessage, "'attachments[\(index)].type' is '\(kind)'; use image, video, audio or file")
            }
            attachments.append(Attachment(kind: known.kind, url: url, mimeType: try item.optionalString("mime"),
                                          filename: try item.optionalString("filename")))
        }
        guard !text.allSatisfy(\.isWhitespace) || !attachments.isEmpty else {
            throw OpenContractError(.invalidMessage, "the message has no 'text' and no 'attachments': send at least one")
        }
        return Message(id: id, timestamp: timestamp, senderID: senderID, senderName: name, text: text, attachments: attachments)
    }

    private static func receipt(_ fields: OpenFields) throws(OpenContractError) -> Receipt {
        let id = try fields.identifier("messageId")
        let raw = try fields.string("status")
        guard let status = Receipt.Status(rawValue: raw) else {
            throw OpenContractError(.invalidMessage, "'status' is '\(raw)'; use delivered, read or failed")
        }
        let reason = try fields.optionalString("reason")
        let timestamp = fields.has("timestamp") ? try fields.date("timestamp") : nil
        return Receipt(messageID: id, status: status, reason: reason, timestamp: timestamp)
    }
}

/// Attachment types of the contract, in both directions.
enum OpenAttachmentType: String, CaseIterable {
    case image, video, audio, file

    var kind: Attachment.Kind {
        switch self {
        case .image: .image
        case .video: .video
        case .audio: .audio
        case .file: .file
        }
    }

    init?(_ kind: Attachment.Kind) {
        switch kind {
        case .image: self = .image
        case .video: self = .video
        case .audio: self = .audio
        case .file: self = .file
        default: return nil
        }
    }
}

/// Why a signed open-channel body was refused. Nothing of it is stored: the integrator fixes it and sends again.
public struct OpenContractError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Kind: String, Sendable {
        /// Not JSON, or not one object: HTTP 400.
        case malformedJSON = "malformed_json"
        /// A `version` this Parley does not read: HTTP 422.
        case unsupportedVersion = "unsupported_version"
        /// A field missing or of the wrong type or value: HTTP 422.
        case invalidMessage = "invalid_message"
    }

    public var kind: Kind
    public var message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }
}
