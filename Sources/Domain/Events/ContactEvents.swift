import Foundation

/// A merge of two contacts, or its undoing: the same body for both, naming what moved (and, when undone, moved back).
public struct ContactMergeEvent: Codable, Sendable, Hashable {
    public var mergeID: ContactMerge.ID
    public var absorbedID: Contact.ID
    public var keptID: Contact.ID
    /// Who merged, or who undid it.
    public var userID: User.ID
    /// `Identity.Key` descriptions (`facebook:<page>:<psid>`).
    public var identities: [String]
    public var interactions: [Interaction.ID]

    public init(mergeID: ContactMerge.ID, absorbedID: Contact.ID, keptID: Contact.ID, userID: User.ID, identities: [String],
                interactions: [Interaction.ID]) {
        self.mergeID = mergeID
        self.absorbedID = absorbedID
        self.keptID = keptID
        self.userID = userID
        self.identities = identities
        self.interactions = interactions
    }
}

extension ContactMergeEvent {
    /// The event of a merge as recorded: everything it moved.
    public init(_ merge: ContactMerge, by user: User.ID) {
        self.init(mergeID: merge.id, absorbedID: merge.absorbedID, keptID: merge.keptID, userID: user,
                  identities: merge.identities.map(\.description), interactions: merge.interactions)
    }
}
