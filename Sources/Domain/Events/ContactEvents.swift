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

/// A person began or stopped following one of the company's accounts (an X follow, a LINE friend added or
/// blocked). On X a follow is what lets the account send a direct message, so the agents holding the person's
/// open public conversations on that channel are told: "move to private" can go ahead.
public struct FollowChanged: Codable, Sendable, Hashable {
    /// The channel key (`x:2244994945`).
    public var channel: String
    /// The person's id on the platform.
    public var person: String
    /// The contact with that identity, when the person has written before.
    public var contactID: Contact.ID?
    /// The contact's open interactions on the channel.
    public var interactions: [Interaction.ID]
    /// Who holds those interactions: whose desktops are told.
    public var agentIDs: [User.ID]

    public init(channel: String, person: String, contactID: Contact.ID?, interactions: [Interaction.ID] = [], agentIDs: [User.ID] = []) {
        self.channel = channel
        self.person = person
        self.contactID = contactID
        self.interactions = interactions
        self.agentIDs = agentIDs
    }
}
