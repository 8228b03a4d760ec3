import Domain
import Foundation
import Storage
import Testing

/// The behaviour every `ParleyStore` backend must have. SQLite runs it here; the PostgreSQL store will run
/// the same functions.
enum StoreConformance {
    static let channel = ChannelKey(kind: .messenger, accountID: "page-1")

    static func delivery(_ keys: [String], at date: Date = Date(timeIntervalSince1970: 1_767_225_600)) -> InboundDelivery {
        InboundDelivery(source: .meta, receivedAt: date, body: Data("{}".utf8), content: .events(keys.map {
            InboxEvent(channel: channel, dedupeKey: $0, category: .message, occurredAt: date)
        }))
    }

    static func duplicatesAreStoredOnce(_ store: any ParleyStore) async throws {
        let first = try await store.commit([delivery(["mid:a", "mid:b"])])
        #expect(first.map(\.newEvents) == [2])
        let again = try await store.commit([delivery(["mid:a"]), delivery(["mid:b", "mid:c", "mid:c"])])
        #expect(again.map(\.newEvents) == [0, 1])
        #expect(again.map(\.duplicates) == [1, 2])
        #expect(try await store.inboxEvents(channel: channel).map(\.event.dedupeKey) == ["mid:a", "mid:b", "mid:c"])
        // The same key on another channel is another event.
        let other = InboundDelivery(source: .meta, receivedAt: Date(), body: Data(), content: .events([
            InboxEvent(channel: ChannelKey(kind: .instagram, accountID: "page-1"), dedupeKey: "mid:a", category: .message, occurredAt: nil),
        ]))
        #expect(try await store.commit([other]).map(\.newEvents) == [1])
    }

    static func poisonDeliveriesAreKeptForInspection(_ store: any ParleyStore) async throws {
        let poison = InboundDelivery(source: .line, receivedAt: Date(), body: Data("not json".utf8), content: .poison(reason: "body is not valid JSON"))
        let result = try await store.commit([poison])
        #expect(result.first?.poison == true)
        #expect(try await store.inboxStatistics().poisonDeliveries == 1)
        let kept = try await store.poisonDeliveries(limit: 10)
        #expect(kept.first?.body == Data("not json".utf8))
        #expect(kept.first?.reason == "body is not valid JSON")
        let stored = try #require(try await store.delivery(result[0].deliveryID))
        #expect(stored.body == Data("not json".utf8))
        #expect(stored.source == .line)
    }

    static func processingMarksEventsAndAppendsToTheLogAtomically(_ store: any ParleyStore) async throws {
        _ = try await store.commit([delivery(["mid:1", "mid:2", "mid:3"])])
        let pending = try await store.pendingEvents(after: 0, limit: 2)
        #expect(pending.count == 2)
        try await store.markProcessed(pending.map(\.id), at: Date(), appending: pending.map {
            .inboundAccepted(InboundAccepted(inboxEventID: $0.id, channel: $0.event.channel.description, category: .message, occurredAt: nil))
        })
        #expect(try await store.pendingEvents(after: 0, limit: 10).map(\.event.dedupeKey) == ["mid:3"])
        #expect(try await store.inboxStatistics().pending == 1)
        let logged = try await store.events(after: 0, limit: 10)
        #expect(logged.count == 2)
        #expect(logged[0].position < logged[1].position)
    }

    static func eventLogPositionsAreMonotonicAndReadable(_ store: any ParleyStore) async throws {
        let events: [DomainEvent] = [
            .agentStateChanged(AgentStateChanged(agentID: "u1", state: .ready)),
            .interactionWrappedUp(InteractionWrappedUp(interactionID: "i1", agentID: "u1", code: "processed")),
            .interactionTransferred(InteractionTransferred(interactionID: "i1", fromAgentID: "u1", toAgentID: nil, toWorkgroupID: "support")),
        ]
        let positions = try await store.append(events, at: Date(timeIntervalSince1970: 100))
        #expect(positions == positions.sorted() && Set(positions).count == 3)
        let more = try await store.append([.interactionQueued(InteractionEvent(interactionID: "i2", channelID: "c1"))], at: Date())
        #expect(more[0] > positions[2])
        #expect(try await store.lastPosition() == more[0])
        let read = try await store.events(after: positions[0], limit: 10)
        #expect(read.map(\.event) == Array(events.dropFirst()) + [.interactionQueued(InteractionEvent(interactionID: "i2", channelID: "c1"))])
    }

    static func directoryShipsDefaultsAndUniqueUsers(_ store: any ParleyStore) async throws {
        #expect(try await store.wrapUpCodes().map(\.name) == ["Cross Sell", "Need Follow Up", "Not Right Skill", "Processed", "Terminated", "Transferred", "Up Sell"])
        #expect(try await store.notReadyReasons().map(\.name) == ["Admin Work", "Lunch", "Meeting", "Pause", "RONA", "Training"])
        let user = User(id: "u1", username: "ann", displayName: "Ann", roles: [.agent],
                        skills: [SkillLevel(skill: "english", proficiency: 7)], capacity: [.webMessaging: 4])
        try await store.createUser(user, passwordHash: "hash", at: Date())
        await #expect(throws: StoreError.self) {
            try await store.createUser(User(id: "u2", username: "ANN", displayName: "x", roles: [.agent]), passwordHash: "h", at: Date())
        }
        let stored = try #require(try await store.user(named: "ann"))
        #expect(stored.user == user)
        try await store.upsert(Channel(id: "c1", kind: .whatsapp, accountID: "106", name: "WA"))
        try await store.upsert(Channel(id: "c1", kind: .whatsapp, accountID: "106", name: "WhatsApp"))
        #expect(try await store.channels().map(\.name) == ["WhatsApp"])
    }

    static func all(_ makeStore: () throws -> any ParleyStore) async throws {
        try await duplicatesAreStoredOnce(makeStore())
        try await poisonDeliveriesAreKeptForInspection(makeStore())
        try await processingMarksEventsAndAppendsToTheLogAtomically(makeStore())
        try await eventLogPositionsAreMonotonicAndReadable(makeStore())
        try await directoryShipsDefaultsAndUniqueUsers(makeStore())
    }
}
