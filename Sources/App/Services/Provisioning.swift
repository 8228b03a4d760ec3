import Domain
import Foundation
import Storage

/// Applies `parley.yml` to the database (the truth): creates or updates what the file declares, leaves
/// everything else alone.
public enum Provisioning {
    /// Returns the usernames under `agents:` that have no user yet (their profile waits for the next start).
    @discardableResult
    public static func apply(_ config: ParleyConfig, to store: any ParleyStore, at now: Date = Date()) async throws -> [String] {
        for skill in config.skills { try await store.upsert(skill) }
        for var calendar in config.calendars {
            // The emergency switch is runtime state: a restart keeps what a supervisor set.
            if let stored = try await store.calendars().first(where: { $0.id == calendar.id }) {
                calendar.emergency.enabled = stored.emergency.enabled
                calendar.emergency.since = stored.emergency.since
                if stored.emergency.enabled { calendar.emergency.message = stored.emergency.message }
            }
            try await store.upsert(calendar)
        }
        for workgroup in config.workgroups { try await store.upsert(workgroup) }
        for channel in config.channels { try await store.upsert(channel) }
        for code in config.wrapUpCodes { try await store.upsert(code) }
        for reason in config.notReadyReasons { try await store.upsert(reason) }
        // The file owns its responses: listed ones are created or updated, file ones no longer listed removed.
        _ = try await store.provisionStandardResponses(config.standardResponses, at: now)
        var missing: [String] = []
        for agent in config.agents {
            guard let user = try await store.user(named: agent.username)?.user else {
                missing.append(agent.username)
                continue
            }
            let updated = agent.applied(to: user)
            if updated != user { try await store.setRoutingProfile(of: updated) }
        }
        return missing
    }

    /// On first start: creates `admin` with `PARLEY_ADMIN_PASSWORD` or a random password that is returned
    /// so the caller can print it once.
    public static func bootstrapAdmin(store: any ParleyStore, password: String?, hasher: PasswordHasher,
                                      clock: any WallClock, ids: any IDGenerator) async throws -> String? {
        guard try await store.userCount() == 0 else { return nil }
        let chosen = password ?? randomPassword()
        let admin = User(id: .init(ids.make()), username: "admin", displayName: "Administrator",
                         roles: [.admin, .supervisor, .agent])
        try await store.createUser(admin, passwordHash: try await hasher.hash(chosen), at: clock.now())
        return password == nil ? chosen : nil
    }

    static func randomPassword() -> String {
        let alphabet = Array("abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789")
        var generator = SystemRandomNumberGenerator()
        return String((0..<20).map { _ in alphabet[Int(generator.next(upperBound: UInt64(alphabet.count)))] })
    }
}
