/// The kinds of channel Parley captures. The raw values are stored and appear in configuration.
public enum ChannelKind: String, Codable, Sendable, CaseIterable {
    case webMessaging = "web_messaging"
    case facebookPage = "facebook_page"
    case messenger
    case instagram
    case whatsapp
    case x
    case line
    case open

    /// Whether the channel carries public content (posts, comments, tweets).
    public var supportsPublic: Bool {
        switch self {
        case .facebookPage, .instagram, .x: true
        case .webMessaging, .messenger, .whatsapp, .line, .open: false
        }
    }

    /// Whether the channel carries private conversations (DMs, chats).
    public var supportsPrivate: Bool {
        switch self {
        case .facebookPage: false
        case .webMessaging, .messenger, .instagram, .whatsapp, .x, .line, .open: true
        }
    }

    /// The platform whose identities this channel's authors carry.
    public var platform: Platform {
        switch self {
        case .webMessaging: .web
        case .facebookPage, .messenger: .facebook
        case .instagram: .instagram
        case .whatsapp: .whatsapp
        case .x: .x
        case .line: .line
        case .open: .open
        }
    }
}

/// Who issued an identity. Ids from different platforms never collide because identities are keyed by platform.
public enum Platform: String, Codable, Sendable, CaseIterable {
    case web, facebook, instagram, whatsapp, x, line, open
}

/// What agent capacity an interaction counts against (DESIGN.md, "Capacity class").
public enum CapacityClass: String, Codable, CodingKeyRepresentable, Sendable, CaseIterable {
    case publicSocial = "public_social"
    case privateMessaging = "private_messaging"
    case webMessaging = "web_messaging"

    public static func of(kind: ChannelKind, visibility: Visibility) -> CapacityClass {
        if kind == .webMessaging { return .webMessaging }
        return visibility == .public ? .publicSocial : .privateMessaging
    }
}

/// Public content (tweet, post, comment) or a private conversation (DM, Messenger, WhatsApp, LINE, web).
public enum Visibility: String, Codable, Sendable, CaseIterable {
    case `public`
    case `private`
}
