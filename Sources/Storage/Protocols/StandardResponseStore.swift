import Domain
import Foundation

/// The standard-response library (`standard_responses`). Responses from `parley.yml` (source `file`) change only
/// through `provisionStandardResponses`; the API's create, update and delete refuse them.
public protocol StandardResponseStore: Sendable {
    /// Every response, ordered by category, then title.
    func standardResponses() async throws -> [StandardResponse]

    func standardResponse(_ id: StandardResponse.ID) async throws -> StandardResponse?

    /// Adds an API response. Throws `.exists` when the id is taken.
    func createStandardResponse(_ response: StandardResponse, at now: Date) async throws

    /// Replaces an API response. Throws `.notFound`, or `.definedInFile` for one from `parley.yml`.
    func updateStandardResponse(_ response: StandardResponse, at now: Date) async throws

    /// Removes an API response. Throws `.notFound`, or `.definedInFile` for one from `parley.yml`.
    func deleteStandardResponse(_ id: StandardResponse.ID) async throws

    /// Makes the file's responses exactly `responses` in one transaction: creates the new ones, updates the changed
    /// ones, removes file responses no longer listed; API responses stay, except one whose id the file now declares,
    /// which the file takes over. Returns what changed.
    func provisionStandardResponses(_ responses: [StandardResponse], at now: Date) async throws -> ResponseProvisioning
}

/// What applying `parley.yml`'s `standard_responses:` changed, by id.
public struct ResponseProvisioning: Sendable, Equatable {
    public var created: [StandardResponse.ID] = []
    public var updated: [StandardResponse.ID] = []
    public var removed: [StandardResponse.ID] = []
    /// API responses the file now declares (they became file responses).
    public var takenOver: [StandardResponse.ID] = []

    public init(created: [StandardResponse.ID] = [], updated: [StandardResponse.ID] = [], removed: [StandardResponse.ID] = [],
                takenOver: [StandardResponse.ID] = []) {
        self.created = created
        self.updated = updated
        self.removed = removed
        self.takenOver = takenOver
    }
}

public enum StandardResponseError: Error, Equatable, CustomStringConvertible {
    case exists(StandardResponse.ID)
    case notFound(StandardResponse.ID)
    case definedInFile(StandardResponse.ID)

    public var description: String {
        switch self {
        case .exists(let id): "a standard response '\(id.rawValue)' already exists"
        case .notFound(let id): "no standard response '\(id.rawValue)'"
        case .definedInFile(let id): "the standard response '\(id.rawValue)' is defined in parley.yml (standard_responses); edit it there"
        }
    }
}

/// The row of `standard_responses` both stores write: searchable columns plus the whole response as JSON.
public struct StandardResponseRow: Sendable {
    public var id: String
    public var title: String
    public var category: String
    public var source: String
    public var definition: Data

    public init(_ response: StandardResponse) throws {
        id = response.id.rawValue
        title = response.title
        category = response.category
        source = response.source.rawValue
        definition = try JSONEncoder().encode(response)
    }

    public static func decode(_ definition: Data) throws -> StandardResponse {
        try JSONDecoder().decode(StandardResponse.self, from: definition)
    }

    /// The store's order: category, then title (case-insensitive), then id.
    public static func sorted(_ responses: [StandardResponse]) -> [StandardResponse] {
        responses.sorted { ($0.category.lowercased(), $0.title.lowercased(), $0.id.rawValue) < ($1.category.lowercased(), $1.title.lowercased(), $1.id.rawValue) }
    }
}
