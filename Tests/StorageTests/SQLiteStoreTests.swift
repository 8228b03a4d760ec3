import Domain
import Foundation
import Storage
import Testing

func temporaryDatabasePath() -> String {
    FileManager.default.temporaryDirectory.appendingPathComponent("parley-test-\(UUID().uuidString).sqlite").path
}

@Suite struct SQLiteStoreTests {
    @Test func sqlitePassesTheStoreConformanceSuite() async throws {
        try await StoreConformance.all { try SQLiteStore(path: temporaryDatabasePath()) }
    }

    @Test func theDurableSynchronousSettingSticksAfterOpening() throws {
        let store = try SQLiteStore(path: temporaryDatabasePath())
        #expect(try store.synchronousSetting() == 2)
    }

    @Test func migrationsAreAppliedOnceAndReportedAsComplete() async throws {
        let path = temporaryDatabasePath()
        let fresh = try SQLiteStore(path: path, migrate: false)
        #expect(try await fresh.migrationsApplied() == false)
        #expect(try fresh.migrate().count == 19)
        #expect(try fresh.migrate().isEmpty)
        #expect(try await fresh.migrationsApplied())
    }

    @Test func aFullDatabaseRefusesTheWholeBatchAndTheProbeSaysSo() async throws {
        let store = try SQLiteStore(path: temporaryDatabasePath())
        #expect(await store.probeWritable())
        try store.limitPageCount(toCurrentPlus: 0)
        #expect(await store.probeWritable() == false)
        let big = InboundDelivery(source: .meta, receivedAt: Date(), body: Data(repeating: 65, count: 200_000), content: .events([
            InboxEvent(channel: StoreConformance.channel, dedupeKey: "mid:big", category: .message, occurredAt: nil),
        ]))
        await #expect(throws: (any Error).self) { try await store.commit([StoreConformance.delivery(["mid:ok"]), big]) }
        #expect(try await store.inboxEvents(channel: StoreConformance.channel).isEmpty, "nothing of a failed batch is stored")
    }

    @Test func backupIsAConsistentReadableCopy() async throws {
        let store = try SQLiteStore(path: temporaryDatabasePath())
        _ = try await store.commit([StoreConformance.delivery(["mid:x", "mid:y"])])
        let copyPath = temporaryDatabasePath()
        try store.backup(to: copyPath)
        let copy = try SQLiteStore(path: copyPath)
        #expect(try await copy.inboxEvents(channel: StoreConformance.channel).count == 2)
    }
}
