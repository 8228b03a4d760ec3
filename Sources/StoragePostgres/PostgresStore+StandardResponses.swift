import Domain
import Foundation
import Storage

extension PostgresStore {
    public func standardResponses() async throws -> [StandardResponse] {
        try await read { db in
            StandardResponseRow.sorted(try await db.rows("SELECT definition FROM standard_responses").map {
                try StandardResponseRow.decode(try $0["definition"] as Data)
            })
        }
    }

    public func standardResponse(_ id: StandardResponse.ID) async throws -> StandardResponse? {
        try await read { db in
            try await db.row("SELECT definition FROM standard_responses WHERE id = \(id.rawValue)").map {
                try StandardResponseRow.decode(try $0["definition"] as Data)
            }
        }
    }

    public func createStandardResponse(_ response: StandardResponse, at now: Date) async throws {
        let row = try StandardResponseRow(response)
        do {
            try await write { db in
                try await db.execute("""
                    INSERT INTO standard_responses (id, title, category, source, definition, created_at, updated_at)
                    VALUES (\(row.id), \(row.title), \(row.category), \(row.source), \(row.definition), \(now.storageValue), \(now.storageValue))
                    """)
            }
        } catch where Self.isUniqueViolation(error) {
            throw StandardResponseError.exists(response.id)
        }
    }

    public func updateStandardResponse(_ response: StandardResponse, at now: Date) async throws {
        let row = try StandardResponseRow(response)
        try await write { db in
            try await Self.requireAPIResponse(response.id, db)
            try await db.execute("""
                UPDATE standard_responses SET title = \(row.title), category = \(row.category), source = \(row.source),
                    definition = \(row.definition), updated_at = \(now.storageValue) WHERE id = \(row.id)
                """)
        }
    }

    public func deleteStandardResponse(_ id: StandardResponse.ID) async throws {
        try await write { db in
            try await Self.requireAPIResponse(id, db)
            try await db.execute("DELETE FROM standard_responses WHERE id = \(id.rawValue)")
        }
    }

    public func provisionStandardResponses(_ responses: [StandardResponse], at now: Date) async throws -> ResponseProvisioning {
        let rows = try responses.map { response in
            var response = response
            response.source = .file
            return (response, try StandardResponseRow(response))
        }
        return try await write(retryingConflicts: true) { db in
            var result = ResponseProvisioning()
            // Locked: two nodes starting together apply the file one after the other.
            let stored = try await db.rows("SELECT id, source, definition FROM standard_responses FOR UPDATE")
            var byID: [String: (source: String, definition: Data)] = [:]
            for row in stored { byID[try row["id"] as String] = (try row["source"] as String, try row["definition"] as Data) }
            for (response, row) in rows {
                guard let existing = byID[row.id] else {
                    try await db.execute("""
                        INSERT INTO standard_responses (id, title, category, source, definition, created_at, updated_at)
                        VALUES (\(row.id), \(row.title), \(row.category), \(row.source), \(row.definition), \(now.storageValue), \(now.storageValue))
                        """)
                    result.created.append(response.id)
                    continue
                }
                if existing.source != StandardResponse.Source.file.rawValue {
                    result.takenOver.append(response.id)
                } else if try StandardResponseRow.decode(existing.definition) == response {
                    continue
                } else {
                    result.updated.append(response.id)
                }
                try await db.execute("""
                    UPDATE standard_responses SET title = \(row.title), category = \(row.category), source = \(row.source),
                        definition = \(row.definition), updated_at = \(now.storageValue) WHERE id = \(row.id)
                    """)
            }
            let listed = Set(rows.map(\.1.id))
            for (id, existing) in byID.sorted(by: { $0.key < $1.key })
            where existing.source == StandardResponse.Source.file.rawValue && !listed.contains(id) {
                try await db.execute("DELETE FROM standard_responses WHERE id = \(id)")
                result.removed.append(.init(id))
            }
            return result
        }
    }

    private static func requireAPIResponse(_ id: StandardResponse.ID, _ db: DB) async throws {
        let source = try await db.value("SELECT source FROM standard_responses WHERE id = \(id.rawValue) FOR UPDATE", as: String.self)
        switch source {
        case nil: throw StandardResponseError.notFound(id)
        case StandardResponse.Source.file.rawValue?: throw StandardResponseError.definedInFile(id)
        default: break
        }
    }
}
