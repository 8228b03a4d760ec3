import Domain
import Foundation
import Hummingbird
import Storage

struct IdentityDTO: Codable, APISchema {
    var platform: String
    var scope: String
    var id: String
    var handle: String?
    var displayName: String?
    var phone: String?
    var email: String?

    init(_ identity: Identity) {
        platform = identity.key.platform.rawValue
        scope = identity.key.scope
        id = identity.key.id
        handle = identity.handle
        displayName = identity.displayName
        phone = identity.phone
        email = identity.email
    }

    static let schemaName = "Identity"
    static var schema: Schema {
        .object([("platform", .string()), ("scope", .string()), ("id", .string()), ("handle", .string()), ("displayName", .string()),
                 ("phone", .string()), ("email", .string())], required: ["platform", "scope", "id"])
    }
}

/// A contact's profile and identities; `mergedInto` is set while it is merged into another contact (which then
/// holds its identities and history). `merges` lists the merges into or from it, newest first.
struct ContactDTO: ResponseEncodable, APISchema {
    var id: String
    var displayName: String
    var createdAt: Date
    var avatarUrl: String?
    var followerCount: Int?
    var verified: Bool?
    var followsCompany: Bool?
    var mergedInto: String?
    var identities: [IdentityDTO]
    var merges: [ContactMergeDTO]

    init(_ contact: Contact, merges: [ContactMerge] = []) {
        id = contact.id.rawValue
        displayName = contact.displayName
        createdAt = contact.createdAt
        avatarUrl = contact.avatarURL
        followerCount = contact.followerCount
        verified = contact.verified
        followsCompany = contact.followsCompany
        mergedInto = contact.mergedInto?.rawValue
        identities = contact.identities.map(IdentityDTO.init)
        self.merges = merges.map(ContactMergeDTO.init)
    }

    static let schemaName = "Contact"
    static var schema: Schema {
        .object([("id", .string()), ("displayName", .string()), ("createdAt", .string(format: "date-time")), ("avatarUrl", .string()),
                 ("followerCount", .integer(minimum: 0)), ("verified", .boolean), ("followsCompany", .boolean), ("mergedInto", .string()),
                 ("identities", .array(.ref("Identity"))), ("merges", .array(.ref("ContactMerge")))],
                required: ["id", "displayName", "createdAt", "identities", "merges"])
    }
}

/// One merge: what moved from `absorbedId` to `keptId`, by whom, and whether (and by whom) it was undone.
struct ContactMergeDTO: ResponseEncodable, APISchema {
    var id: String
    var absorbedId: String
    var keptId: String
    var mergedBy: String
    var mergedAt: Date
    var identities: [String]
    var interactions: [String]
    var undoneBy: String?
    var undoneAt: Date?

    init(_ merge: ContactMerge) {
        id = merge.id.rawValue
        absorbedId = merge.absorbedID.rawValue
        keptId = merge.keptID.rawValue
        mergedBy = merge.mergedBy.rawValue
        mergedAt = merge.mergedAt
        identities = merge.identities.map(\.description)
        interactions = merge.interactions.map(\.rawValue)
        undoneBy = merge.undoneBy?.rawValue
        undoneAt = merge.undoneAt
    }

    static let schemaName = "ContactMerge"
    static var schema: Schema {
        .object([("id", .string()), ("absorbedId", .string()), ("keptId", .string()), ("mergedBy", .string()),
                 ("mergedAt", .string(format: "date-time")), ("identities", .array(.string())), ("interactions", .array(.string())),
                 ("undoneBy", .string()), ("undoneAt", .string(format: "date-time"))],
                required: ["id", "absorbedId", "keptId", "mergedBy", "mergedAt", "identities", "interactions"])
    }
}

struct MergeSuggestionDTO: Encodable, APISchema {
    var contactId: String
    var candidateId: String
    var matchedOn: String
    var value: String

    init(_ suggestion: MergeSuggestion) {
        contactId = suggestion.contactID.rawValue
        candidateId = suggestion.candidateID.rawValue
        matchedOn = suggestion.matchedOn.rawValue
        value = suggestion.value
    }

    static let schemaName = "MergeSuggestion"
    static var schema: Schema {
        .object([("contactId", .string()), ("candidateId", .string()),
                 ("matchedOn", .string(values: MergeSuggestion.Match.allCases.map(\.rawValue))), ("value", .string())],
                required: ["contactId", "candidateId", "matchedOn", "value"])
    }
}

struct MergeSuggestionList: ResponseEncodable, APISchema {
    var suggestions: [MergeSuggestionDTO]
    static let schemaName = "MergeSuggestionList"
    static var schema: Schema { .object([("suggestions", .array(.ref("MergeSuggestion")))], required: ["suggestions"]) }
}

/// A page of a contact's history, newest first; `nextBefore` continues back in time.
struct HistoryPage: ResponseEncodable, APISchema {
    var interactions: [InteractionDTO]
    var nextBefore: String?

    static let schemaName = "HistoryPage"
    static var schema: Schema {
        .object([("interactions", .array(.ref("Interaction"))), ("nextBefore", .string())], required: ["interactions"])
    }
}

extension AppError {
    init(_ error: ContactError) {
        switch error {
        case .notFound, .mergeNotFound: self = .notFound(error.description)
        case .sameContact: self.init(.unprocessableContent, code: "same_contact", message: error.description)
        case .merged: self.init(.conflict, code: "contact_merged", message: error.description)
        case .identityTaken: self.init(.conflict, code: "identity_taken", message: error.description)
        case .alreadyUndone: self.init(.conflict, code: "merge_undone", message: error.description)
        case .keptMergedSince: self.init(.conflict, code: "merged_since", message: error.description)
        }
    }
}
