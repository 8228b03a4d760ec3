import Domain
import Foundation
import GRDB

extension SQLiteStore: DirectoryStore {
    public func createUser(_ user: User, passwordHash: String, at date: Date) async throws {
        let profile = try UserProfileColumn(user).encoded()
        do {
            try await pool.write { db in
                try db.execute(sql: """
                    INSERT INTO users (id, username, display_name, roles, password_hash, active, profile, created_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [
                        user.id.rawValue, user.username, user.displayName,
                        user.roles.map(\.rawValue).sorted().joined(separator: ","), passwordHash, user.active,
                        profile, date.storageValue,
                    ])
            }
        } catch let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT {
            throw StoreError.conflict("a user named '\(user.username)' already exists")
        }
    }

    public func setRoutingProfile(of user: User) async throws {
        let profile = try UserProfileColumn(user).encoded()
        let id = user.id
        try await pool.write { db in
            try db.execute(sql: "UPDATE users SET profile = ? WHERE id = ?", arguments: [profile, id.rawValue])
            guard db.changesCount == 1 else { throw StoreError.notFound("user \(id)") }
        }
    }

    public func user(named username: String) async throws -> StoredUser? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM users WHERE username = ?", arguments: [username]).map(Self.storedUser)
        }
    }

    public func users() async throws -> [StoredUser] {
        try await pool.read { db in try Row.fetchAll(db, sql: "SELECT * FROM users ORDER BY username").map(Self.storedUser) }
    }

    public func setPasswordHash(_ hash: String, for id: User.ID) async throws {
        try await pool.write { db in
            try db.execute(sql: "UPDATE users SET password_hash = ? WHERE id = ?", arguments: [hash, id.rawValue])
            guard db.changesCount == 1 else { throw StoreError.notFound("user \(id)") }
        }
    }

    public func setActive(_ active: Bool, for id: User.ID) async throws {
        try await pool.write { db in
            try db.execute(sql: "UPDATE users SET active = ? WHERE id = ?", arguments: [active, id.rawValue])
            guard db.changesCount == 1 else { throw StoreError.notFound("user \(id)") }
            if !active { try db.execute(sql: "DELETE FROM sessions WHERE user_id = ?", arguments: [id.rawValue]) }
        }
    }

    public func userCount() async throws -> Int {
        try await pool.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM users") ?? 0 }
    }

    public func wrapUpCodes() async throws -> [WrapUpCode] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM wrap_up_codes ORDER BY name").map {
                WrapUpCode(id: .init($0["id"] as String), name: $0["name"], active: $0["active"])
            }
        }
    }

    public func notReadyReasons() async throws -> [NotReadyReason] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM not_ready_reasons ORDER BY name").map {
                NotReadyReason(id: .init($0["id"] as String), name: $0["name"], active: $0["active"])
            }
        }
    }

    public func upsert(_ code: WrapUpCode) async throws {
        try await pool.write { db in
            try db.execute(sql: """
                INSERT INTO wrap_up_codes (id, name, active) VALUES (?, ?, ?)
                ON CONFLICT (id) DO UPDATE SET name = excluded.name, active = excluded.active
                """, arguments: [code.id.rawValue, code.name, code.active])
        }
    }

    public func upsert(_ reason: NotReadyReason) async throws {
        try await pool.write { db in
            try db.execute(sql: """
                INSERT INTO not_ready_reasons (id, name, active) VALUES (?, ?, ?)
                ON CONFLICT (id) DO UPDATE SET name = excluded.name, active = excluded.active
                """, arguments: [reason.id.rawValue, reason.name, reason.active])
        }
    }

    public func channels() async throws -> [Channel] {
        try await definitions(of: Channel.self, table: "channels")
    }

    public func upsert(_ channel: Channel) async throws {
        let definition = try JSONEncoder().encode(channel)
        try await pool.write { db in
            try db.execute(sql: """
                INSERT INTO channels (id, kind, account_id, name, definition) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, account_id = excluded.account_id,
                    name = excluded.name, definition = excluded.definition
                """, arguments: [channel.id.rawValue, channel.kind.rawValue, channel.accountID, channel.name, definition])
        }
    }

    public func workgroups() async throws -> [Workgroup] {
        try await definitions(of: Workgroup.self, table: "workgroups")
    }

    public func upsert(_ workgroup: Workgroup) async throws {
        let definition = try JSONEncoder().encode(workgroup)
        try await pool.write { db in
            try db.execute(sql: """
                INSERT INTO workgroups (id, name, definition) VALUES (?, ?, ?)
                ON CONFLICT (id) DO UPDATE SET name = excluded.name, definition = excluded.definition
                """, arguments: [workgroup.id.rawValue, workgroup.name, definition])
        }
    }

    public func skills() async throws -> [Skill] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM skills ORDER BY name").map {
                Skill(id: .init($0["id"] as String), name: $0["name"])
            }
        }
    }

    public func upsert(_ skill: Skill) async throws {
        try await pool.write { db in
            try db.execute(sql: """
                INSERT INTO skills (id, name) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET name = excluded.name
                """, arguments: [skill.id.rawValue, skill.name])
        }
    }

    private func definitions<T: Decodable & Sendable>(of type: T.Type, table: String) async throws -> [T] {
        try await pool.read { db in
            try Data.fetchAll(db, sql: "SELECT definition FROM \(table) ORDER BY name").map {
                try JSONDecoder().decode(T.self, from: $0)
            }
        }
    }

    static func storedUser(_ row: Row) throws -> StoredUser {
        let roles = (row["roles"] as String).split(separator: ",").compactMap { User.Role(rawValue: String($0)) }
        var user = User(id: .init(row["id"] as String), username: row["username"], displayName: row["display_name"],
                        roles: Set(roles), active: row["active"])
        try UserProfileColumn.decode(row["profile"] as Data).apply(to: &user)
        return StoredUser(user: user, passwordHash: row["password_hash"])
    }
}
