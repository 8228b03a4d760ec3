import Domain
import Foundation
import Storage
import Testing

/// The behaviour every `ParleyStore` backend must have. SQLiteStoreTests and PostgresStoreTests run the same
/// functions, each on a fresh store from `makeStore`.
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
        // The channel check's "last delivery": the newest arrival on that channel only.
        #expect(try await store.lastInboxEvent(channel: channel) == Date(timeIntervalSince1970: 1_767_225_600))
        _ = try await store.commit([delivery(["mid:d"], at: Date(timeIntervalSince1970: 1_767_229_200))])
        #expect(try await store.lastInboxEvent(channel: channel) == Date(timeIntervalSince1970: 1_767_229_200))
        #expect(try await store.lastInboxEvent(channel: ChannelKey(kind: .whatsapp, accountID: "none")) == nil)
    }

    static func poisonDeliveriesAreKeptForInspection(_ store: any ParleyStore) async throws {
        let poison = InboundDelivery(source: .line, receivedAt: Date(), body: Data("not json".utf8), content: .poison(reason: "body is not valid JSON"))
        let result = try await store.commit([poison])
        #expect(result.first?.poison == true)
        #expect(try await store.inboxStatistics().poisonDeliveries == 1)
        let kept = try await store.poisonDeliveries(limit: 10)
        #expect(kept.first?.body == Data("not json".utf8))
        #expect(kept.first?.reason == "body is not valid JSON")
        let stored = try #require(try await store.deliveries([result[0].deliveryID])[result[0].deliveryID])
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
        #expect(try await store.notReadyReasons().map(\.name) == ["Admin Work", "Disconnected", "Lunch", "Meeting", "Pause", "RONA", "Training"])
        let user = User(id: "u1", username: "ann", displayName: "Ann", roles: [.agent],
                        skills: [SkillLevel(skill: "english", proficiency: 7)], capacity: [.webMessaging: 4])
        try await store.createUser(user, passwordHash: "hash", at: Date())
        await #expect(throws: StoreError.self) {
            try await store.createUser(User(id: "u2", username: "ANN", displayName: "x", roles: [.agent]), passwordHash: "h", at: Date())
        }
        let stored = try #require(try await store.user(named: "ann"))
        #expect(stored.user == user)
        try await store.setActive(false, for: "u1")
        #expect(try await store.user(named: "ann")?.user.active == false)
        try await store.setActive(true, for: "u1")
        #expect(try await store.user(named: "ann")?.user.active == true)
        await #expect(throws: StoreError.self) { try await store.setActive(false, for: "nobody") }
        try await store.upsert(Channel(id: "c1", kind: .whatsapp, accountID: "106", name: "WA"))
        try await store.upsert(Channel(id: "c1", kind: .whatsapp, accountID: "106", name: "WhatsApp"))
        #expect(try await store.channels().map(\.name) == ["WhatsApp"])
    }

    static func message(_ id: String, from customer: String = "psid-1", on channel: ChannelKey = channel, text: String = "hi",
                        at date: Date) -> InboundMessage {
        let author = Identity(key: Identity.Key(platform: .facebook, scope: channel.accountID, id: customer), displayName: "Ann")
        return InboundMessage(channel: channel, platformMessageID: id, author: author, threadKey: .conversation(customer: author.key),
                              text: text, sentAt: date)
    }

    static func messagesThreadIntoOneInteractionPerConversation(_ store: any ParleyStore) async throws {
        let ids = SequentialIDGenerator(prefix: "x")
        let start = Date(timeIntervalSince1970: 1_767_225_600)
        let first = try await store.ingest(message("m1", at: start), channelID: "c1", inactivityTimeout: 3600, at: start, ids: ids)
        #expect(first.createdContact && first.createdInteraction && !first.duplicate)
        let second = try await store.ingest(message("m2", at: start + 60), channelID: "c1", inactivityTimeout: 3600, at: start + 60, ids: ids)
        #expect(second.interactionID == first.interactionID && second.contactID == first.contactID)
        #expect(!second.createdContact && !second.createdInteraction)
        let replay = try await store.ingest(message("m2", at: start + 60), channelID: "c1", inactivityTimeout: 3600, at: start + 61, ids: ids)
        #expect(replay.duplicate && replay.messageID == second.messageID)
        let other = try await store.ingest(message("m3", from: "psid-2", at: start + 70), channelID: "c1", inactivityTimeout: 3600,
                                           at: start + 70, ids: ids)
        #expect(other.contactID != first.contactID && other.interactionID != first.interactionID)

        let texts = try await store.messages(of: first.interactionID, after: nil, limit: 10).map(\.platformMessageID)
        #expect(texts == ["m1", "m2"])
        #expect(try await store.messages(of: first.interactionID, after: second.messageID, limit: 10).isEmpty)
        let events = try await store.events(after: 0, limit: 20).map(\.event.type)
        #expect(events == [.interactionCreated, .messageReceived, .messageReceived, .interactionCreated, .messageReceived])
        let contact = try #require(try await store.contact(first.contactID))
        #expect(contact.displayName == "Ann")
        #expect(contact.identities.map(\.key.id) == ["psid-1"])
    }

    static func silenceLongerThanTheInactivityPeriodOpensANewInteraction(_ store: any ParleyStore) async throws {
        let ids = SequentialIDGenerator(prefix: "y")
        let start = Date(timeIntervalSince1970: 1_767_225_600)
        let first = try await store.ingest(message("a1", at: start), channelID: "c1", inactivityTimeout: 3600, at: start, ids: ids)
        let later = start + 3601
        let second = try await store.ingest(message("a2", at: later), channelID: "c1", inactivityTimeout: 3600, at: later, ids: ids)
        #expect(second.createdInteraction && second.interactionID != first.interactionID)
        #expect(second.contactID == first.contactID, "the same customer, a new conversation")
        let old = try #require(try await store.interaction(first.interactionID))
        #expect(old.state == .closed && old.outcome == .abandoned, "it was still waiting for an agent")
        let history = try await store.history(of: first.contactID, before: nil, limit: 10).map(\.id)
        #expect(history == [second.interactionID, first.interactionID])
        #expect(try await store.history(of: first.contactID, before: second.interactionID, limit: 10).map(\.id) == [first.interactionID])
        #expect(try await store.history(of: first.contactID, before: nil, limit: 1).map(\.id) == [second.interactionID])
        #expect(try await store.interactions(openOnly: true, assignedTo: nil, limit: 10).map(\.id) == [second.interactionID])
    }

    static func twoFirstMessagesOfANewCustomerInOneBatchMakeOneContactAndOneInteraction(_ store: any ParleyStore) async throws {
        let start = Date(timeIntervalSince1970: 1_767_225_600)
        let results = try await store.ingest([
            IngestRequest(message: message("b1", from: "new", at: start), channelID: "c1", inactivityTimeout: 3600),
            IngestRequest(message: message("b2", from: "new", at: start + 1), channelID: "c1", inactivityTimeout: 3600),
            IngestRequest(message: message("b1", from: "new", at: start), channelID: "c1", inactivityTimeout: 3600),
        ], at: start + 2, ids: SequentialIDGenerator(prefix: "z"))
        #expect(results.map(\.createdContact) == [true, false, false])
        #expect(results.map(\.createdInteraction) == [true, false, false])
        #expect(results.map(\.duplicate) == [false, false, true])
        #expect(Set(results.map(\.interactionID)).count == 1)
    }

    static func all(_ makeStore: () async throws -> any ParleyStore) async throws {
        try await twoFirstMessagesOfANewCustomerInOneBatchMakeOneContactAndOneInteraction(makeStore())
        try await messagesThreadIntoOneInteractionPerConversation(makeStore())
        try await silenceLongerThanTheInactivityPeriodOpensANewInteraction(makeStore())
        try await duplicatesAreStoredOnce(makeStore())
        try await retriedDeliveriesKeepTheirRowButNotTheirBody(makeStore())
        try await poisonDeliveriesAreKeptForInspection(makeStore())
        try await processingMarksEventsAndAppendsToTheLogAtomically(makeStore())
        try await eventLogPositionsAreMonotonicAndReadable(makeStore())
        try await directoryShipsDefaultsAndUniqueUsers(makeStore())
        try await repliesAreIdempotentByClientKeyAndFollowTheirDelivery(makeStore())
        try await wrapUpNeedsTheHolderAnActiveCodeAndClosesOnce(makeStore())
        try await inactivityClosesWaitingAsAbandonedAndHeldAsAutoClosed(makeStore())
        try await aThreadsMessagesSpanItsInteractions(makeStore())
        try await commentsOnACustomersPostJoinItsInteraction(makeStore())
        try await repliesToAHeldTweetJoinItsThreadAndOthersStartTheirOwn(makeStore())
        try await followStateKeepsTheNewestChangePerPersonAndChannel(makeStore())
        try await notesAreKeptInOrderLoggedForTheHolderAndFollowAMergedContact(makeStore())
        try await standardResponsesKeepTheirSourceAndTheFileOwnsItsOwn(makeStore())
        try await aWaitingDeliveryShowsWhenAndWhyUntilItIsSent(makeStore())
        try await privateRepliesAreKnownByTheCommentTheyAnswer(makeStore())
        try await routingExplanationsTransfersAndPriorityAreRecorded(makeStore())
        try await lastAgentsAndReservationsAreKept(makeStore())
        try await automaticAnswersHoldsAndCalendarsAreKept(makeStore())
        try await linkedIdentitiesAndLearnedProfilesBelongToOneContact(makeStore())
        try await mergesMoveIdentitiesAndHistoryAndAnAdminCanUndoThem(makeStore())
        try await contactsSharingAPhoneOrEmailAreSuggestedForMerging(makeStore())
        try await concurrentMergesAndMessagesNeverCorruptContacts(makeStore())
        try await interactionScoresAreStoredAndReadBack(makeStore())
        try await actionsOnPostsAreRecordedOnceWithTheirPlatformCall(makeStore())
        try await receiptsMoveOutboundMessagesForwardOnly(makeStore())
        try await receiptsByParleysIDApplyBeforeTheSendIsConfirmed(makeStore())
        try await messageChangesKeepHistoryAndApplyOnce(makeStore())
        try await echoesConfirmParleysSendsAndRecordOthersOnce(makeStore())
        try await echoesAfterTheWrapUpJoinTheThreadsLatestInteraction(makeStore())
        try await attachmentsAreQueuedOnceLeasedAndSettled(makeStore())
        try await followsAreKeptOnTheContactWithTheIdentity(makeStore())
        try await channelTokensAreSealedAtRestAndReplacedWhole(makeStore())
    }
}
