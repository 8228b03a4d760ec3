import Foundation

/// A customer, known across channels through their identities.
public struct Contact: Codable, Sendable, Hashable, Identifiable {
    public typealias ID = Identifier<Contact>

    public var id: ID
    public var displayName: String
    public var createdAt: Date
    public var identities: [Identity]

    public init(id: ID, displayName: String, createdAt: Date, identities: [Identity] = []) {
        self.id = id
        self.displayName = displayName
        self.createdAt = createdAt
        self.identities = identities
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
