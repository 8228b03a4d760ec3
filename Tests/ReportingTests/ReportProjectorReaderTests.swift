import Domain
import Foundation
import Logging
import Reporting
import Storage
import Synchronization
import Testing

/// The projector reads the log through the reader it is given (on a server: the node's live feed), and folds
/// the same roll-ups as when it reads the store itself.
@Suite struct ReportProjectorReaderTests {
    final class CountingReader: EventLogReader {
        let store: SQLiteStore
        let reads = Mutex(0)

        init(store: SQLiteStore) { self.store = store }

        func events(after position: Int64, limit: Int) async throws -> [LoggedEvent] {
            reads.withLock { $0 += 1 }
            return try await store.events(after: position, limit: limit)
        }
    }

    static func store() throws -> SQLiteStore {
        try SQLiteStore(path: FileManager.default.temporaryDirectory.appendingPathComponent("projector-\(UUID().uuidString).sqlite").path)
    }

    static func history(_ store: SQLiteStore) async throws {
        let start = Date(timeIntervalSince1970: 1_780_000_000)
        for number in 0..<30 {
            let interaction = Interaction.ID("i\(number)")
            let at = start.addingTimeInterval(Double(number) * 60)
            let body = InteractionEvent(interactionID: interaction, channelID: .init("web"), workgroupID: .init("support"))
            try await store.append([.interactionCreated(body), .interactionQueued(body)], at: at)
            try await store.append([.interactionOffered(InteractionAgentEvent(interactionID: interaction, agentID: .init("ann")))],
                                   at: at.addingTimeInterval(20))
            if number % 3 != 0 {
                try await store.append([.interactionAccepted(InteractionAgentEvent(interactionID: interaction, agentID: .init("ann")))],
                                       at: at.addingTimeInterval(25))
            } else {
                try await store.append([.interactionAbandoned(body)], at: at.addingTimeInterval(40))
            }
        }
    }

    @Test func theProjectorReadsThroughItsReaderAndFoldsWhatTheStoreFolds() async throws {
        let direct = try Self.store(), throughReader = try Self.store()
        try await Self.history(direct)
        try await Self.history(throughReader)
        let settings = ReportFold.Settings()
        let reader = CountingReader(store: throughReader)
        let counted = try await ReportProjector(store: throughReader, reading: reader, settings: settings, batch: 7, logger: Logger(label: "test")).catchUp()
        let plain = try await ReportProjector(store: direct, settings: settings, batch: 7, logger: Logger(label: "test")).catchUp()
        #expect(counted == 120 && plain == 120, "30 interactions of 4 events")
        #expect(reader.reads.withLock { $0 } == 19, "18 batches of at most 7, and one that found nothing")
        #expect(try await throughReader.reportPosition() == (try await direct.reportPosition()))
        let period = try ReportPeriod(from: LocalDate(year: 2026, month: 5, day: 28), through: LocalDate(year: 2026, month: 5, day: 29),
                                      zone: TimeZone(identifier: "UTC")!, step: .hour)
        let ranges = period.ranges(days: settings.timeZone)
        let folded = try await throughReader.queueRollup(ranges, filter: RollupFilter())
        #expect(!folded.isEmpty)
        #expect(folded == (try await direct.queueRollup(ranges, filter: RollupFilter())))
    }
}
