import Foundation

extension DomainEvent {
    public enum DecodingFailure: Error, CustomStringConvertible {
        case unknownType(String)
        case unsupportedVersion(type: String, version: Int)

        public var description: String {
            switch self {
            case .unknownType(let type): "unknown event type '\(type)'"
            case .unsupportedVersion(let type, let version): "event '\(type)' has unsupported schema version \(version)"
            }
        }
    }

    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.dateEncodingStrategy = .millisecondsSince1970
        return encoder
    }()

    private static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .millisecondsSince1970
        return decoder
    }()

    /// The JSON body stored next to `type`.
    public func encodedBody() throws -> Data {
        switch self {
        case .inboundAccepted(let body): try Self.encoder.encode(body)
        case .messageReceived(let body), .messageSent(let body): try Self.encoder.encode(body)
        case .messageFailed(let body): try Self.encoder.encode(body)
        case .interactionCreated(let body), .interactionQueued(let body), .interactionAbandoned(let body),
            .interactionDeflected(let body), .interactionNonActionable(let body):
            try Self.encoder.encode(body)
        case .interactionOffered(let body), .interactionAccepted(let body), .interactionRejected(let body),
            .interactionRONA(let body), .interactionOfferRevoked(let body), .interactionAutoClosed(let body):
            try Self.encoder.encode(body)
        case .interactionTransferred(let body): try Self.encoder.encode(body)
        case .interactionWrappedUp(let body): try Self.encoder.encode(body)
        case .interactionAutoReplied(let body): try Self.encoder.encode(body)
        case .calendarEmergencyChanged(let body): try Self.encoder.encode(body)
        case .interactionWindowUrgency(let body): try Self.encoder.encode(body)
        case .interactionActionTaken(let body): try Self.encoder.encode(body)
        case .interactionNoteAdded(let body): try Self.encoder.encode(body)
        case .messageStatusChanged(let body): try Self.encoder.encode(body)
        case .messageEdited(let body), .messageRemoved(let body), .messageHidden(let body), .messageUnhidden(let body),
            .messageReacted(let body):
            try Self.encoder.encode(body)
        case .contactMerged(let body), .contactUnmerged(let body): try Self.encoder.encode(body)
        case .contactFollowed(let body), .contactUnfollowed(let body): try Self.encoder.encode(body)
        case .agentStateChanged(let body): try Self.encoder.encode(body)
        case .outboundSent(let body), .outboundFailed(let body), .outboundDenied(let body):
            try Self.encoder.encode(body)
        }
    }

    public init(type rawType: String, version: Int, body: Data) throws {
        guard let type = EventType(rawValue: rawType) else { throw DecodingFailure.unknownType(rawType) }
        guard version >= 1, version <= Self.schemaVersion else {
            throw DecodingFailure.unsupportedVersion(type: rawType, version: version)
        }
        func decode<T: Decodable>(_: T.Type) throws -> T { try Self.decoder.decode(T.self, from: body) }
        switch type {
        case .inboundAccepted: self = .inboundAccepted(try decode(InboundAccepted.self))
        case .messageReceived: self = .messageReceived(try decode(MessageEvent.self))
        case .messageSent: self = .messageSent(try decode(MessageEvent.self))
        case .messageFailed: self = .messageFailed(try decode(MessageFailed.self))
        case .interactionCreated: self = .interactionCreated(try decode(InteractionEvent.self))
        case .interactionQueued: self = .interactionQueued(try decode(InteractionEvent.self))
        case .interactionOffered: self = .interactionOffered(try decode(InteractionAgentEvent.self))
        case .interactionAccepted: self = .interactionAccepted(try decode(InteractionAgentEvent.self))
        case .interactionRejected: self = .interactionRejected(try decode(InteractionAgentEvent.self))
        case .interactionRONA: self = .interactionRONA(try decode(InteractionAgentEvent.self))
        case .interactionOfferRevoked: self = .interactionOfferRevoked(try decode(InteractionAgentEvent.self))
        case .interactionTransferred: self = .interactionTransferred(try decode(InteractionTransferred.self))
        case .interactionWrappedUp: self = .interactionWrappedUp(try decode(InteractionWrappedUp.self))
        case .interactionAbandoned: self = .interactionAbandoned(try decode(InteractionEvent.self))
        case .interactionAutoClosed: self = .interactionAutoClosed(try decode(InteractionAgentEvent.self))
        case .interactionDeflected: self = .interactionDeflected(try decode(InteractionEvent.self))
        case .interactionAutoReplied: self = .interactionAutoReplied(try decode(AutoReplied.self))
        case .interactionNonActionable: self = .interactionNonActionable(try decode(InteractionEvent.self))
        case .interactionWindowUrgency: self = .interactionWindowUrgency(try decode(WindowUrgencyChanged.self))
        case .interactionActionTaken: self = .interactionActionTaken(try decode(ActionTaken.self))
        case .interactionNoteAdded: self = .interactionNoteAdded(try decode(NoteAdded.self))
        case .messageStatusChanged: self = .messageStatusChanged(try decode(MessageStatusChanged.self))
        case .messageEdited: self = .messageEdited(try decode(MessageChanged.self))
        case .messageRemoved: self = .messageRemoved(try decode(MessageChanged.self))
        case .messageHidden: self = .messageHidden(try decode(MessageChanged.self))
        case .messageUnhidden: self = .messageUnhidden(try decode(MessageChanged.self))
        case .messageReacted: self = .messageReacted(try decode(MessageChanged.self))
        case .calendarEmergencyChanged: self = .calendarEmergencyChanged(try decode(EmergencyChanged.self))
        case .contactMerged: self = .contactMerged(try decode(ContactMergeEvent.self))
        case .contactUnmerged: self = .contactUnmerged(try decode(ContactMergeEvent.self))
        case .contactFollowed: self = .contactFollowed(try decode(FollowChanged.self))
        case .contactUnfollowed: self = .contactUnfollowed(try decode(FollowChanged.self))
        case .agentStateChanged: self = .agentStateChanged(try decode(AgentStateChanged.self))
        case .outboundSent: self = .outboundSent(try decode(OutboundResult.self))
        case .outboundFailed: self = .outboundFailed(try decode(OutboundResult.self))
        case .outboundDenied: self = .outboundDenied(try decode(OutboundResult.self))
        }
    }
}
