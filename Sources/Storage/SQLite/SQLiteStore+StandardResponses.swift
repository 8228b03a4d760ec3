import Domain
import Foundation
import GRDB

extension SQLiteStore {
    public func standardResponses() async throws -> [StandardResponse] {
        try await pool.read { db in
            StandardResponseRow.sorted(try Data.fetchAll(db, sql: "SELECT definition FROM standard_responses").map(StandardResponseRow.decode))
        }
    }

    public func standardResponse(_ id: StandardResponse.ID) async throws -> StandardResponse? {
        try await pool.read { db in
            try Data.fetchOne(db, sql: "SELECT definition FROM standard_responses WHERE id = ?", arguments: [id.rawValue]).map(StandardResponseRow.decode)
        }
    }

    public func createStandardResponse(_ response: StandardResponse, at now: Date) async throws {
        let row = try StandardResponseRow(response)
        try await pool.write { db in
            guard try Self.responseSource(response.id, db) == nil else { throw StandardResponseError.exists(response.id) }
            try Self.insertResponse(row, at: now, db)
        }
    }

    public func updateStandardResponse(_ response: StandardResponse, at now: Date) async throws {
        let row = try StandardResponseRow(response)
        try await pool.write { db in
            try Self.requireAPIResponse(response.id, db)
            try db.execute(sql: """
                UPDATE standard_responses SET title = ?, category = ?, source = ?, definition = ?, updated_at = ? WHERE id = ?
                """, arguments: [row.title, row.category, row.source, row.definition, now.storageValue, row.id])
        }
    }

    public func deleteStandardResponse(_ id: StandardResponse.ID) async throws {
        try await pool.write { db in
            try Self.requireAPIResponse(id, db)
            try db.execute(sql: "DELETE FROM standard_responses WHERE id = ?", arguments: [id.rawValue])
        }
    }

    public func provisionStandardResponses(_ responses: [StandardResponse], at now: Date) async throws -> ResponseProvisioning {
        let rows = try responses.map { response in
            var response = response
            response.source = .file
            return (response, try StandardResponseRow(response))
        }
        return try await pool.write { db in
            var result = ResponseProvisioning()
            let stored = try Row.fetchAll(db, sql: "SELECT id, source, definition FROM standard_responses ORDER BY id")
            let byID = Dictionary(uniqueKeysWithValues: stored.map { ($0["id"] as String, $0) })
            for (response, row) in rows {
                guard let existing = byID[row.id] else {
                    try Self.insertResponse(row, at: now, db)
                    result.created.append(response.id)
                    continue
                }
                if (existing["source"] as String) != StandardResponse.Source.file.rawValue {
                    result.takenOver.append(response.id)
                } else if try StandardResponseRow.decode(existing["definition"]) == response {
                    continue
                } else {
                    result.updated.append(response.id)
                }
                try db.execute(sql: """
                    UPDATE standard_responses SET title = ?, category = ?, source = ?, definition = ?, updated_at = ? WHERE id = ?
                    """, arguments: [row.title, row.category, row.source, row.definition, now.storageValue, row.id])
            }
            let listed = Set(rows.map(\.1.id))
            for row in stored where (row["source"] as String) == StandardResponse.Source.file.rawValue && !listed.contains(row["id"]) {
                try db.execute(sql: "DELETE FROM standard_responses WHERE id = ?", arguments: [row["id"] as String])
                result.removed.append(.init(row["id"] as String))
            }
            return result
        }
    }

    private static func responseSource(_ id: StandardResponse.ID, _ db: Database) throws -> String? {
        try String.fetchOne(db, sql: "SELECT source FROM standard_responses WHERE id = ?", arguments: [id.rawValue])
    }

    private static func requireAPIResponse(_ id: StandardResponse.ID, _ db: Database) throws {
        switch try responseSource(id, db) {
        case nil: throw StandardResponseError.notFound(id)
        case StandardResponse.Source.file.rawValue?: throw StandardResponseError.definedInFile(id)
        default: break
        }
    }

    private static func insertResponse(_ row: StandardResponseRow, at now: Date, _ db: Database) throws {
        try db.execute(sql: """
            INSERT INTO standard_responses (id, title, category, source, definition, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)
            """, arguments: [row.id, row.title, row.category, row.source, row.definition, now.storageValue, now.storageValue])
    }
}
