import Domain
import Foundation

/// Contacts across channels: linking identities, merging and unmerging (audited), and merge suggestions.
/// Reading a contact and their history is `EngagementStore`'s.
public protocol ContactStore: Sendable {
    /// Attaches an identity to an existing contact, in one transaction: a Facebook commenter's id and the
    /// Messenger PSID a private reply reached are one customer. An identity the contact already has is updated
    /// with the fields given (never blanked). Throws `ContactError.identityTaken` when the identity belongs to
    /// another contact (merge them instead), `.notFound` / `.merged` for a missing or merged contact.
    func link(_ identity: Identity, to contact: Contact.ID) async throws -> Contact

    /// A platform's word on whether the customer behind `identity` follows the company's account (LINE: added it
    /// as a friend, or blocked it), kept as their contact's `followsCompany`. Returns that contact; nil when no
    /// contact has the identity yet (Parley learns contacts from what people write, not from follows).
    func setFollowsCompany(_ follows: Bool, identity: Identity.Key) async throws -> Contact.ID?

    /// In one transaction: moves every identity and interaction of `absorbed` to `kept`, records what moved as a
    /// `ContactMerge`, marks `absorbed` as merged into `kept`, and appends `contact.merged`. Messages from an
    /// absorbed identity land on `kept` from then on. Throws `ContactError` for the same contact, a missing one,
    /// or one already merged.
    func merge(_ absorbed: Contact.ID, into kept: Contact.ID, by user: User.ID, at: Date, ids: any IDGenerator) async throws -> ContactMerge

    /// Undoes a merge, in one transaction: moves back the identities and interactions it moved that the kept
    /// contact still holds, clears the absorbed contact's mark, and appends `contact.unmerged`. Throws
    /// `ContactError` when the merge is unknown, already undone, or the kept contact was merged since (undo that first).
    func unmerge(_ merge: ContactMerge.ID, by user: User.ID, at: Date) async throws -> ContactMerge

    func contactMerge(_ id: ContactMerge.ID) async throws -> ContactMerge?
    /// The merges that absorbed into, or were absorbed from, this contact; newest first, undone ones included.
    func contactMerges(of contact: Contact.ID) async throws -> [ContactMerge]

    /// Pairs of contacts (neither merged) whose identities share a phone number or an email address, in their
    /// normalised forms (`Identity.phoneKey`, `Identity.emailKey`); each pair once, `contactID` < `candidateID`.
    func mergeSuggestions(limit: Int) async throws -> [MergeSuggestion]
    /// The same for one contact: `contactID` is always `contact`.
    func mergeSuggestions(for contact: Contact.ID, limit: Int) async throws -> [MergeSuggestion]
}

public enum ContactError: Error, Equatable, CustomStringConvertible {
    case notFound(Contact.ID)
    case mergeNotFound(ContactMerge.ID)
    case sameContact(Contact.ID)
    /// The contact is merged into another (`into`): act on that one.
    case merged(Contact.ID, into: Contact.ID)
    case identityTaken(Identity.Key, by: Contact.ID)
    case alreadyUndone(ContactMerge.ID)
    /// The merge's kept contact has since been merged into another by `laterMerge`: undo that one first.
    case keptMergedSince(ContactMerge.ID, laterMerge: ContactMerge.ID)

    public var description: String {
        switch self {
        case .notFound(let id): "No contact '\(id)'."
        case .mergeNotFound(let id): "No contact merge '\(id)'."
        case .sameContact(let id): "A contact cannot be merged into itself ('\(id)')."
        case .merged(let id, let into): "Contact '\(id)' is merged into '\(into)'; use that contact instead."
        case .identityTaken(let key, let owner):
            "The identity '\(key)' belongs to contact '\(owner)'; merge the two contacts instead of linking."
        case .alreadyUndone(let id): "The contact merge '\(id)' has already been undone."
        case .keptMergedSince(let id, let later):
            "The contact kept by merge '\(id)' has since been merged again (merge '\(later)'); undo that merge first."
        }
    }
}
