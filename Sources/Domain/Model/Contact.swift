import Foundation

/// A customer, known across channels through their identities.
public struct Contact: Codable, Sendable, Hashable, Identifiable {
    public typealias ID = Identifier<Contact>

    public var id: ID
    public var displayName: String
    public var createdAt: Date
    public var identities: [Identity]
    public var avatarURL: String?
    /// Where the platform tells (X, Instagram); nil is "unknown", not zero.
    public var followerCount: Int?
    public var verified: Bool?
    /// Whether they follow the company's account (X; LINE: a friend of the account, not blocked); nil where no
    /// platform says.
    public var followsCompany: Bool?
    /// Set while this contact is merged into another: kept so old links resolve, holding nothing of its own.
    public var mergedInto: ID?

    public init(id: ID, displayName: String, createdAt: Date, identities: [Identity] = [], avatarURL: String? = nil,
                followerCount: Int? = nil, verified: Bool? = nil, followsCompany: Bool? = nil, mergedInto: ID? = nil) {
        self.id = id
        self.displayName = displayName
        self.createdAt = createdAt
        self.identities = identities
        self.avatarURL = avatarURL
        self.followerCount = followerCount
        self.verified = verified
        self.followsCompany = followsCompany
        self.mergedInto = mergedInto
    }
}

/// What a platform told about a message's author beyond their identity. Every field is optional: ingest
/// updates the contact with the ones given and never blanks a known value.
public struct ContactProfile: Codable, Sendable, Hashable {
    public var displayName: String?
    public var avatarURL: String?
    public var followerCount: Int?
    public var verified: Bool?
    public var followsCompany: Bool?

    public init(displayName: String? = nil, avatarURL: String? = nil, followerCount: Int? = nil, verified: Bool? = nil,
                followsCompany: Bool? = nil) {
        self.displayName = displayName
        self.avatarURL = avatarURL
        self.followerCount = followerCount
        self.verified = verified
        self.followsCompany = followsCompany
    }
}

/// One account of a customer on one platform. Keyed by (platform, scope, id): Messenger PSIDs are
/// page-scoped, LINE ids provider-scoped, X and WhatsApp ids global (scope empty).
public struct Identity: Codable, Sendable, Hashable {
    public struct Key: Codable, Sendable, Hashable, CustomStringConvertible {
        public var platform: Platform
        public var scope: String
        public var id: String

        public init(platform: Platform, scope: String = "", id: String) {
            self.platform = platform
            self.scope = scope
            self.id = id
        }

        /// `whatsapp::16505551234`, `facebook:<page id>:<psid>`: stored, and parsed back by `init(text:)`.
        public var description: String { "\(platform.rawValue):\(scope):\(id)" }

        public init?(text: String) {
            let parts = text.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false)
            guard parts.count == 3, let platform = Platform(rawValue: String(parts[0])) else { return nil }
            self.init(platform: platform, scope: String(parts[1]), id: String(parts[2]))
        }
    }

    public var key: Key
    public var handle: String?
    public var displayName: String?
    public var phone: String?
    public var email: String?

    public init(key: Key, handle: String? = nil, displayName: String? = nil, phone: String? = nil, email: String? = nil) {
        self.key = key
        self.handle = handle
        self.displayName = displayName
        self.phone = phone
        self.email = email
    }
}
