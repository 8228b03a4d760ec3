/// Everything Parley stores, as one value App passes around. SQLite and PostgreSQL implement it, and both
/// pass the same conformance suite.
public protocol ParleyStore: InboxStore, EventLogStore, OutboxStore, DirectoryStore, AccountStore, EngagementStore, ConversationStore,
    AgentStateStore, RoutingStore, AutomationStore, ContactStore, MessageChangeStore, MediaStore,
    FollowerStore, ChannelTokenStore, NoteStore, StandardResponseStore, ReportStore {
    /// Whether the database takes writes right now (a rolled-back probe transaction). Used by `/readyz`.
    func probeWritable() async -> Bool

    /// Whether every known migration is applied.
    func migrationsApplied() async throws -> Bool
}
