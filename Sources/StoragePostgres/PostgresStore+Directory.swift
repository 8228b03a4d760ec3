import Domain
import Foundation
import PostgresNIO
import Storage

extension PostgresStore: DirectoryStore {
    public func createUser(_ user: User, passwordHash: String, at date: Date) async throws {
        let profile = try UserProfileColumn(user).encoded()
        let roles = user.roles.map(\.rawValue).sorted().joined(separator: ",")
        do {
            try await write { db in
                try await db.execute("""
                    INSERT INTO users (id, username, display_name, roles, password_hash, active, profile, created_at)
                    VALUES (\(user.id.rawValue), \(user.username), \(user.displayName), \(roles), \(passwordHash), \(user.active),
                            \(profile), \(date.storageValue))
                    """)
            }
        } catch where Self.isUniqueViolation(error) {
            throw StoreError.conflict("a user named '\(user.username)' already exists")
        }
    }

    public func setRoutingProfile(of user: User) async throws {
        let profile = try UserProfileColumn(user).encoded()
        let id = user.id
        try await write { db in
            guard try await db.row("UPDATE users SET profile = \(profile) WHERE id = \(id.rawValue) RETURNING id") != nil else {
                throw StoreError.notFound("user \(id)")
            }
        }
    }

    public func user(named username: String) async throws -> StoredUser? {
        try await read { db in
            try await db.row("SELECT * FROM users WHERE lower(username) = lower(\(username))").map(Self.storedUser)
        }
    }

    public func users() async throws -> [StoredUser] {
        try await read { db in try await db.rows("SELECT * FROM users ORDER BY lower(username), username").map(Self.storedUser) }
    }

    public func setPasswordHash(_ hash: String, for id: User.ID) async throws {
        try await write { db in
            guard try await db.row("UPDATE users SET password_hash = \(hash) WHERE id = \(id.rawValue) RETURNING id") != nil else {
                throw StoreError.notFound("user \(id)")
            }
        }
    }

    public func setActive(_ active: Bool, for id: User.ID) async throws {
        try await write { db in
            guard try await db.row("UPDATE users SET active = \(active) WHERE id = \(id.rawValue) RETURNING id") != nil else {
                throw StoreError.notFound("user \(id)")
            }
            if !active { try await db.execute("DELETE FROM sessions WHERE user_id = \(id.rawValue)") }
        }
    }

    public func userCount() async throws -> Int {
        try await read { db in try await db.value("SELECT count(*) FROM users", as: Int.self) ?? 0 }
    }

    public func wrapUpCodes() async throws -> [WrapUpCode] {
        try await read { db in
            try await db.rows("SELECT id, name, active FROM wrap_up_codes ORDER BY name").map {
                WrapUpCode(id: .init(try $0["id"] as String), name: try $0["name"], active: try $0["active"])
            }
        }
    }

    public func notReadyReasons() async throws -> [NotReadyReason] {
        try await read { db in
            try await db.rows("SELECT id, name, active FROM not_ready_reasons ORDER BY name").map {
                NotReadyReason(id: .init(try $0["id"] as String), name: try $0["name"], active: try $0["active"])
            }
        }
    }

    public func upsert(_ code: WrapUpCode) async throws {
        try await write { db in
            try await db.execute("""
                INSERT INTO wrap_up_codes (id, name, active) VALUES (\(code.id.rawValue), \(code.name), \(code.active))
                ON CONFLICT (id) DO UPDATE SET name = excluded.name, active = excluded.active
                """)
        }
    }

    public func upsert(_ reason: NotReadyReason) async throws {
        try await write { db in
            try await db.execute("""
                INSERT INTO not_ready_reasons (id, name, active) VALUES (\(reason.id.rawValue), \(reason.name), \(reason.active))
                ON CONFLICT (id) DO UPDATE SET name = excluded.name, active = excluded.active
                """)
        }
    }

    public func channels() async throws -> [Domain.Channel] {
        try await read { db in
            try await db.rows("SELECT definition FROM channels ORDER BY name").map {
                try JSONDecoder().decode(Domain.Channel.self, from: try $0[0] as Data)
            }
        }
    }

    public func upsert(_ channel: Domain.Channel) async throws {
        let definition = try JSONEncoder().encode(channel)
        try await write { db in
            try await db.execute("""
                INSERT INTO channels (id, kind, account_id, name, definition)
                VALUES (\(channel.id.rawValue), \(channel.kind.rawValue), \(channel.accountID), \(channel.name), \(definition))
                ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, account_id = excluded.account_id,
                    name = excluded.name, definition = excluded.definition
                """)
        }
    }

    public func workgroups() async throws -> [Workgroup] {
        try await read { db in
            try await db.rows("SELECT definition FROM workgroups ORDER BY name").map {
                try JSONDecoder().decode(Workgroup.self, from: try $0[0] as Data)
            }
        }
    }

    public func upsert(_ workgroup: Workgroup) async throws {
        let definition = try JSONEncoder().encode(workgroup)
        try await write { db in
            try await db.execute("""
                INSERT INTO workgroups (id, name, definition) VALUES (\(workgroup.id.rawValue), \(workgroup.name), \(definition))
                ON CONFLICT (id) DO UPDATE SET name = excluded.name, definition = excluded.definition
                """)
        }
    }

    public func skills() async throws -> [Skill] {
        try await read { db in
            try await db.rows("SELECT id, name FROM skills ORDER BY name").map {
                Skill(id: .init(try $0["id"] as String), name: try $0["name"])
            }
        }
    }

    public func upsert(_ skill: Skill) async throws {
        try await write { db in
            try await db.execute("""
                INSERT INTO skills (id, name) VALUES (\(skill.id.rawValue), \(skill.name))
                ON CONFLICT (id) DO UPDATE SET name = excluded.name
                """)
        }
    }

    static func storedUser(_ row: Row) throws -> StoredUser {
        let roles = (try row["roles"] as String).split(separator: ",").compactMap { User.Role(rawValue: String($0)) }
        var user = User(id: .init(try row["id"] as String), username: try row["username"], displayName: try row["display_name"],
                        roles: Set(roles), active: try row["active"])
        try UserProfileColumn.decode(try row["profile"] as Data).apply(to: &user)
        return StoredUser(user: user, passwordHash: try row["password_hash"])
    }
}
