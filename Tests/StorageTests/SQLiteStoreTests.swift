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
        #expect(try fresh.migrate().count == 25)
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

    /// A masked body rewritten, and a retry's body dropped, leave no bytes of the clear text in the file's free space.
    @Test func replacedBodiesLeaveNoClearTextInTheFile() async throws {
        let path = temporaryDatabasePath()
        let store = try SQLiteStore(path: path)
        let secret = "4111 1111 1111 1111"
        let body = #"{"text":"card \#(secret) thanks","padding":"\#(String(repeating: "x", count: 300))"}"#
        let first = try await store.commit([StoreConformance.delivery(["mid:card"], body: body)])[0].deliveryID
        _ = try await store.commit([StoreConformance.delivery(["mid:card"], body: body)])
        try await store.redactDelivery(first, body: Data(body.replacingOccurrences(of: secret, with: "**** 1111").utf8))
        try store.close()  // the last connection checkpoints the write-ahead log into the file and removes it
        var bytes = Data()
        for file in [path, store.inboxPath] {  // deliveries are kept in the inbox file; nothing may be left in either
            bytes += try Data(contentsOf: URL(fileURLWithPath: file))
            bytes += (try? Data(contentsOf: URL(fileURLWithPath: file + "-wal"))) ?? Data()
        }
        #expect(bytes.range(of: Data("card 4111".utf8)) == nil)
        #expect(bytes.range(of: Data("**** 1111".utf8)) != nil)
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
