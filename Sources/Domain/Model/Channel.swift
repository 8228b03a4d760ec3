/// A connected account on one platform: a Facebook page, an Instagram account, a WhatsApp number, an X
/// account, a LINE bot, an open-channel integration, or the company's web messenger.
public struct Channel: Codable, Sendable, Hashable, Identifiable {
    public typealias ID = Identifier<Channel>

    public var id: ID
    public var kind: ChannelKind
    /// The platform's id of the company's account (page id, IG account id, phone number id, X user id,
    /// LINE bot user id, open integration id). Together with `kind` it names the channel in the inbox.
    public var accountID: String
    public var name: String
    public var enabled: Bool
    /// Messaging interactions auto-close after this many seconds without activity (72 h default).
    public var inactivityTimeout: Int
    /// How long the outbox keeps retrying one reply before giving up (seed 002: "retries posting the reply
    /// for a predefined duration").
    public var maxRetryDuration: Int
    /// Where this channel's interactions queue; nil: offered to any ready agent.
    public var workgroupID: Workgroup.ID?
    /// Web messaging only: the page origins (`https://shop.example.com`) allowed to embed the messenger and
    /// call the visitor API cross-origin. Parley's own origin is always allowed.
    public var allowedOrigins: [String]
    /// The calendar that says when this channel is served; nil: its workgroup's, or always open.
    public var calendarID: BusinessCalendar.ID?
    /// How automatic answers to public posts go; private conversations are always answered privately.
    public var autoReplyVisibility: Visibility
    /// What happens to a new interaction while the service is closed, after the automatic answer.
    public var whenClosed: WhenClosed

    public enum WhenClosed: String, Codable, Sendable, CaseIterable {
        /// Held back from routing until the calendar opens.
        case wait
        /// Closed as deflected: the automatic answer was the service.
        case close
    }

    public init(
        id: ID, kind: ChannelKind, accountID: String, name: String, enabled: Bool = true,
        inactivityTimeout: Int = 72 * 3600, maxRetryDuration: Int = 3600, workgroupID: Workgroup.ID? = nil,
        allowedOrigins: [String] = [], calendarID: BusinessCalendar.ID? = nil, autoReplyVisibility: Visibility = .public,
        whenClosed: WhenClosed = .wait
    ) {
        self.id = id
        self.kind = kind
        self.accountID = accountID
        self.name = name
        self.enabled = enabled
        self.inactivityTimeout = inactivityTimeout
        self.maxRetryDuration = maxRetryDuration
        self.workgroupID = workgroupID
        self.allowedOrigins = allowedOrigins
        self.calendarID = calendarID
        self.autoReplyVisibility = autoReplyVisibility
        self.whenClosed = whenClosed
    }

    private enum CodingKeys: String, CodingKey {
        case id, kind, accountID, name, enabled, inactivityTimeout, maxRetryDuration, workgroupID, allowedOrigins
        case calendarID, autoReplyVisibility, whenClosed
    }

    /// Definitions stored before a field existed decode with its default.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(id: try container.decode(ID.self, forKey: .id), kind: try container.decode(ChannelKind.self, forKey: .kind),
                  accountID: try container.decode(String.self, forKey: .accountID), name: try container.decode(String.self, forKey: .name),
                  enabled: try container.decodeIfPresent(Bool.self, forKey: .enabled) ?? true,
                  inactivityTimeout: try container.decodeIfPresent(Int.self, forKey: .inactivityTimeout) ?? 72 * 3600,
                  maxRetryDuration: try container.decodeIfPresent(Int.self, forKey: .maxRetryDuration) ?? 3600,
                  workgroupID: try container.decodeIfPresent(Workgroup.ID.self, forKey: .workgroupID),
                  allowedOrigins: try container.decodeIfPresent([String].self, forKey: .allowedOrigins) ?? [],
                  calendarID: try container.decodeIfPresent(BusinessCalendar.ID.self, forKey: .calendarID),
                  autoReplyVisibility: try container.decodeIfPresent(Visibility.self, forKey: .autoReplyVisibility) ?? .public,
                  whenClosed: try container.decodeIfPresent(WhenClosed.self, forKey: .whenClosed) ?? .wait)
    }

    public var key: ChannelKey { ChannelKey(kind: kind, accountID: accountID) }
}

/// The natural key of a channel as deliveries name it: kind plus the platform's account id.
/// Inbox rows are keyed by it, so a delivery for an account not (yet) configured is still kept.
public struct ChannelKey: Hashable, Sendable, Codable, CustomStringConvertible {
    public var kind: ChannelKind
    public var accountID: String

    public init(kind: ChannelKind, accountID: String) {
        self.kind = kind
        self.accountID = accountID
    }

    /// `messenger:103149398319188`
    public var description: String { "\(kind.rawValue):\(accountID)" }

    public init?(_ text: String) {
        guard let colon = text.firstIndex(of: ":"),
            let kind = ChannelKind(rawValue: String(text[..<colon]))
        else { return nil }
        self.init(kind: kind, accountID: String(text[text.index(after: colon)...]))
    }
}
