import Domain
import Foundation
import Storage
import Testing

/// Edits keep the earlier texts and apply once, in the platform's order; removals and hides mark the message
/// and never delete it; echoes confirm Parley's own sends (even before the outbox recorded their id) and record
/// answers sent from other tools once, in the thread's open interaction or else its latest.
extension StoreConformance {
    static func messageChangesKeepHistoryAndApplyOnce(_ store: any ParleyStore) async throws {
        let start = Date(timeIntervalSince1970: 1_767_225_600)
        let held = try await heldInteraction(store, id: "e1", from: "psid-e", at: start)
        func change(_ kind: MessageChange.Kind, id: String = "e1", on key: ChannelKey = channel, at date: Date? = nil) -> MessageChange {
            MessageChange(channel: key, platformMessageID: id, kind: kind, at: date)
        }
        let messageID = try #require(try await store.messages(of: held, after: nil, limit: 10).first?.id)

        let outcomes = try await store.applyChanges([
            change(.edited(text: "my order 1234 is late", sequence: 1), at: start + 10),
            change(.edited(text: "my order 1234 is late", sequence: 1)),     // redelivered
            change(.edited(text: "an older edit", sequence: 1)),             // stale: edit 1 is applied already
            change(.edited(text: "my order 1235 is late", sequence: 2), at: start + 20),
            change(.edited(text: "late, order 1235", sequence: nil), at: start + 30),  // a platform without a counter
            change(.edited(text: "anything", sequence: 1), id: "unknown"),
            change(.removed, on: ChannelKey(kind: .instagram, accountID: channel.accountID)),
        ], at: start + 40)
        #expect(outcomes == [.applied(messageID), .unchanged(messageID), .unchanged(messageID), .applied(messageID), .applied(messageID),
                             .unknownMessage, .unknownMessage])
        var message = try #require(try await store.message(messageID))
        #expect(message.text == "late, order 1235" && message.editedAt == start + 30)
        #expect(try await store.revisions(of: held) == [
            MessageRevision(messageID: messageID, revision: 1, text: "hi", replacedAt: start + 40),
            MessageRevision(messageID: messageID, revision: 2, text: "my order 1234 is late", replacedAt: start + 40),
            MessageRevision(messageID: messageID, revision: 3, text: "my order 1235 is late", replacedAt: start + 40),
        ])

        // Removed and hidden: marked, once each, the text kept; shown again clears the mark.
        #expect(try await store.applyChanges([change(.removed), change(.removed), change(.hidden(true)), change(.hidden(true))], at: start + 50)
            == [.applied(messageID), .unchanged(messageID), .applied(messageID), .unchanged(messageID)])
        message = try #require(try await store.message(messageID))
        #expect(message.deletedAt == start + 50 && message.hiddenAt == start + 50 && message.text == "late, order 1235")
        #expect(try await store.applyChanges([change(.hidden(false))], at: start + 60) == [.applied(messageID)])
        #expect(try await store.message(messageID)?.hiddenAt == nil)
        #expect(try await store.messages(of: held, after: nil, limit: 10).count == 1, "nothing is ever deleted")

        // The customer's reaction: set, the same again changes nothing, taken back clears it; each change logged with it.
        #expect(try await store.applyChanges([change(.reacted("❤️")), change(.reacted("❤️")), change(.reacted(nil)), change(.reacted("👍"))],
                                             at: start + 70) == [.applied(messageID), .unchanged(messageID), .applied(messageID), .applied(messageID)])
        #expect(try await store.message(messageID)?.reaction == "👍")
        let reactions = try await store.events(after: 0, limit: 1000).map(\.event).filter { $0.type == .messageReacted }
        #expect(reactions == [
            .messageReacted(MessageChanged(messageID: messageID, interactionID: held, agentID: agent, reaction: "❤️")),
            .messageReacted(MessageChanged(messageID: messageID, interactionID: held, agentID: agent)),
            .messageReacted(MessageChanged(messageID: messageID, interactionID: held, agentID: agent, reaction: "👍")),
        ])

        let body = MessageChanged(messageID: messageID, interactionID: held, agentID: agent)
        let logged = try await store.events(after: 0, limit: 1000).map(\.event).filter {
            [.messageEdited, .messageRemoved, .messageHidden, .messageUnhidden].contains($0.type)
        }
        #expect(logged == [.messageEdited(body), .messageEdited(body), .messageEdited(body), .messageRemoved(body), .messageHidden(body),
                           .messageUnhidden(body)], "each change once, for the agent holding the interaction")
    }

    static func echoesConfirmParleysSendsAndRecordOthersOnce(_ store: any ParleyStore) async throws {
        let start = Date(timeIntervalSince1970: 1_767_225_600)
        let ids = SequentialIDGenerator(prefix: "echo")
        let held = try await heldInteraction(store, id: "c-in", from: "psid-c", at: start)
        let thread = ThreadKey.conversation(customer: Identity.Key(platform: .facebook, scope: channel.accountID, id: "psid-c"))
        func echo(_ mid: String, _ text: String, at date: Date, in key: ThreadKey = thread, on channelKey: ChannelKey = channel) -> PlatformEcho {
            PlatformEcho(channel: channelKey, platformMessageID: mid, threadKey: key, text: text, sentAt: date)
        }
        func answer(_ text: String, at date: Date) async throws -> Message.ID {
            let delivery = NewOutboxItem(channel: channel, idempotencyKey: "echo-\(text)",
                                         request: OutboundRequest(path: "/me/messages", body: Data("{}".utf8)),
                                         createdAt: date, deadline: date + 3600)
            return try await store.reply(NewReply(interactionID: held, agentID: agent, text: text, visibility: .private, delivery: delivery),
                                         at: date, ids: ids).message.id
        }
        func sent(_ platformID: String, at date: Date) async throws {
            let item = try #require(try await store.claimDue(now: date, limit: 1, lease: 60).first)
            try await store.record(.sent(platformMessageID: platformID), for: item.id, at: date, appending: [])
        }

        // The usual order: the outbox recorded the id, then the echo comes.
        let first = try await answer("Let me check.", at: start + 10)
        try await sent("m_first", at: start + 11)
        #expect(try await store.recordEchoes([echo("m_first", "Let me check.", at: start + 11)], at: start + 12, ids: ids) == [.known(first)])

        // The race: the echo comes before the outbox recorded the id. Recognised by its text, confirmed sent, not
        // stored again; a read receipt moves it on, and the outbox's late record does not move it back.
        let second = try await answer("It ships today.", at: start + 20)
        let raced = try await store.recordEchoes([echo("m_second", "It ships today.", at: start + 21)], at: start + 21, ids: ids)
        #expect(raced == [.matchedPending(second)])
        #expect(try await store.message(second)?.deliveryStatus == .sent)
        try await store.applyReceipts([.upTo(channel: channel, thread: thread, watermark: start + 22, status: .read)], at: start + 22)
        try await sent("m_second", at: start + 23)
        let confirmed = try #require(try await store.message(second))
        #expect(confirmed.deliveryStatus == .read && confirmed.platformMessageID == "m_second")
        #expect(try await store.recordEchoes([echo("m_second", "It ships today.", at: start + 21)], at: start + 24, ids: ids) == [.known(second)])

        // A private reply stored on the page's comment interaction is confirmed by its Messenger echo.
        let page = ChannelKey(kind: .facebookPage, accountID: channel.accountID)
        let commenter = Identity(key: Identity.Key(platform: .facebook, id: "commenter"))
        let comment = try await store.ingest(InboundMessage(channel: page, platformMessageID: "post_1_c1", author: commenter,
                                                            threadKey: .comment(postID: "page_post_1", commentID: "post_1_c1"), text: "help",
                                                            sentAt: start + 35), channelID: "fb", inactivityTimeout: 3600, at: start + 35, ids: ids)
        let privateReply = try #require(try await store.autoReply(NewAutoReply(
            interactionID: comment.interactionID, contactID: comment.contactID, period: "p-private", reason: "greeting", text: "Hello in private",
            visibility: .private, delivery: NewOutboxItem(channel: page, idempotencyKey: "private-1",
                                                          request: OutboundRequest(path: "/me/messages", body: Data("{}".utf8)),
                                                          createdAt: start + 35, deadline: start + 3600)), at: start + 35, ids: ids))
        try await sent("m_private", at: start + 40)
        let elsewhere = ThreadKey.conversation(customer: Identity.Key(platform: .facebook, scope: channel.accountID, id: "psid-of-commenter"))
        #expect(try await store.recordEchoes([echo("m_private", "Hello in private", at: start + 40, in: elsewhere)], at: start + 41, ids: ids)
            == [.known(privateReply.id)])
        // A human answered from another tool: stored once as sent outside Parley, even when the same text is
        // pending from Parley but far outside the echo's time.
        let late = try await answer("Thanks!", at: start + 60)
        let outside = try await store.recordEchoes([echo("m_inbox", "Thanks!", at: start + 60 + 7200),
                                                    echo("m_inbox", "Thanks!", at: start + 60 + 7200)], at: start + 7300, ids: ids)
        guard case .recordedOutside(let outsideID) = outside.first else { Issue.record("expected an outside message, got \(outside)"); return }
        #expect(outside == [.recordedOutside(outsideID), .known(outsideID)])
        let stored = try #require(try await store.message(outsideID))
        #expect(stored.direction == .outbound && stored.agentID == nil && stored.sentOutsideParley && stored.deliveryStatus == .sent)
        #expect(stored.interactionID == held && stored.platformMessageID == "m_inbox" && stored.sentAt == start + 7260)
        let parleys = try #require(try await store.message(late))
        #expect(parleys.deliveryStatus == .pending && !parleys.sentOutsideParley, "Parley's own pending answer is left alone")
        let sentEvents = try await store.events(after: 0, limit: 1000).map(\.event).filter { $0.type == .messageSent }
        #expect(sentEvents.last == .messageSent(MessageEvent(messageID: outsideID, interactionID: held, channelID: "c1", visibility: .private,
                                                            agentID: agent, threadKey: thread.description)))

        // The page writing first, in a thread Parley has no interaction for: nothing to attach it to.
        #expect(try await store.recordEchoes([echo("m_first_contact", "Hi there", at: start + 50, in: elsewhere)], at: start + 51, ids: ids)
            == [.noInteraction])
    }

    static func echoesAfterTheWrapUpJoinTheThreadsLatestInteraction(_ store: any ParleyStore) async throws {
        let start = Date(timeIntervalSince1970: 1_767_225_600)
        let ids = SequentialIDGenerator(prefix: "late")
        let first = try await store.ingest(message("w1", from: "psid-w", at: start), channelID: "c1", inactivityTimeout: 3600, at: start, ids: ids)
        let definition = Channel(id: "c1", kind: .messenger, accountID: channel.accountID, name: "Page", inactivityTimeout: 3600)
        #expect(try await store.closeInactive([definition], at: start + 4000).map(\.id) == [first.interactionID])
        let thread = ThreadKey.conversation(customer: Identity.Key(platform: .facebook, scope: channel.accountID, id: "psid-w"))
        let closedAnswer = try await store.recordEchoes([PlatformEcho(channel: channel, platformMessageID: "m_after_close", threadKey: thread,
                                                                     text: "Sorry we missed you", sentAt: start + 4100)], at: start + 4100, ids: ids)
        guard case .recordedOutside(let afterClose) = closedAnswer.first else { Issue.record("got \(closedAnswer)"); return }
        #expect(try await store.message(afterClose)?.interactionID == first.interactionID, "no open interaction: the latest")
        let second = try await store.ingest(message("w2", from: "psid-w", at: start + 5000), channelID: "c1", inactivityTimeout: 3600,
                                            at: start + 5000, ids: ids)
        let openAnswer = try await store.recordEchoes([PlatformEcho(channel: channel, platformMessageID: "m_open", threadKey: thread,
                                                                   text: "Here now", sentAt: start + 5100)], at: start + 5100, ids: ids)
        guard case .recordedOutside(let inOpen) = openAnswer.first else { Issue.record("got \(openAnswer)"); return }
        #expect(try await store.message(inOpen)?.interactionID == second.interactionID, "the open interaction")
    }
}
