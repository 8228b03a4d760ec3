import Foundation

/// One merge of two contacts that turned out to be the same customer: who did it, when, and exactly what moved,
/// so an admin can undo it.
public struct ContactMerge: Codable, Sendable, Hashable, Identifiable {
    public typealias ID = Identifier<ContactMerge>

    public var id: ID
    /// The contact that was absorbed: kept, marked as merged into `keptID`, holding nothing while the merge stands.
    public var absorbedID: Contact.ID
    public var keptID: Contact.ID
    public var mergedBy: User.ID
    public var mergedAt: Date
    /// The identities and interactions that moved from the absorbed contact to the kept one.
    public var identities: [Identity.Key]
    public var interactions: [Interaction.ID]
    public var undoneBy: User.ID?
    public var undoneAt: Date?

    public init(id: ID, absorbedID: Contact.ID, keptID: Contact.ID, mergedBy: User.ID, mergedAt: Date, identities: [Identity.Key],
                interactions: [Interaction.ID], undoneBy: User.ID? = nil, undoneAt: Date? = nil) {
        self.id = id
        self.absorbedID = absorbedID
        self.keptID = keptID
        self.mergedBy = mergedBy
        self.mergedAt = mergedAt
        self.identities = identities
        self.interactions = interactions
        self.undoneBy = undoneBy
        self.undoneAt = undoneAt
    }
}

/// Two contacts that are probably one customer: they share a phone number or an email address.
public struct MergeSuggestion: Codable, Sendable, Hashable {
    public enum Match: String, Codable, Sendable, CaseIterable {
        case phone, email
    }

    public var contactID: Contact.ID
    public var candidateID: Contact.ID
    public var matchedOn: Match
    /// The normalised value they share (`+16505551234`, `ann@example.com`).
    public var value: String

    public init(contactID: Contact.ID, candidateID: Contact.ID, matchedOn: Match, value: String) {
        self.contactID = contactID
        self.candidateID = candidateID
        self.matchedOn = matchedOn
        self.value = value
    }
}
