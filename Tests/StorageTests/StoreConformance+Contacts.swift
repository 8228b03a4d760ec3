import Domain
import Foundation
import Storage
import Testing

/// Contacts across channels: linked identities, profiles learned from messages, merges and their undoing
/// (also under concurrency), and merge suggestions on shared phone numbers and email addresses.
extension StoreConformance {
    static let whatsapp = ChannelKey(kind: .whatsapp, accountID: "106")

    static func whatsappMessage(_ id: String, from number: String, phone: String? = nil, at date: Date,
                                profile: ContactProfile? = nil) -> InboundMessage {
        let author = Identity(key: Identity.Key(platform: .whatsapp, id: number), displayName: "Ann W", phone: phone ?? "+" + number)
        return InboundMessage(channel: whatsapp, platformMessageID: id, author: author, threadKey: .conversation(customer: author.key),
                              text: "hola", sentAt: date, authorProfile: profile)
    }

    static func supervisor(_ store: any ParleyStore, _ id: User.ID = "sup") async throws {
        try await store.createUser(User(id: id, username: id.rawValue, displayName: "Sue", roles: [.supervisor]), passwordHash: "h", at: Date())
    }

    static func linkedIdentitiesAndLearnedProfilesBelongToOneContact(_ store: any ParleyStore) async throws {
        let ids = SequentialIDGenerator(prefix: "ln")
        let start = Date(timeIntervalSince1970: 1_767_225_600)
        let first = try await store.ingest(whatsappMessage("w1", from: "16505551234", at: start,
                                                           profile: ContactProfile(displayName: "Ann Smith", avatarURL: "https://a/1.png", followerCount: 10)),
                                           channelID: "c1", inactivityTimeout: 3600, at: start, ids: ids)
        let learned = try #require(try await store.contact(first.contactID))
        #expect(learned.displayName == "Ann Smith" && learned.avatarURL == "https://a/1.png" && learned.followerCount == 10)
        #expect(learned.verified == nil && learned.followsCompany == nil && learned.mergedInto == nil)
        _ = try await store.ingest(whatsappMessage("w2", from: "16505551234", at: start + 1,
                                                   profile: ContactProfile(followerCount: 12, verified: true, followsCompany: false)),
                                   channelID: "c1", inactivityTimeout: 3600, at: start + 1, ids: ids)
        let updated = try #require(try await store.contact(first.contactID))
        #expect(updated.avatarURL == "https://a/1.png" && updated.displayName == "Ann Smith", "nil never blanks a known value")
        #expect(updated.followerCount == 12 && updated.verified == true && updated.followsCompany == false)

        // A private reply reached the commenter's Messenger PSID: the connector links it to the same contact.
        let psid = Identity(key: Identity.Key(platform: .facebook, scope: channel.accountID, id: "psid-ann"), email: "Ann@Example.com")
        let linked = try await store.link(psid, to: first.contactID)
        #expect(linked.identities.map(\.key.description) == ["facebook:page-1:psid-ann", "whatsapp::16505551234"])
        #expect(try await store.contactID(owning: psid.key) == first.contactID)
        #expect(try await store.contactID(owning: Identity.Key(platform: .facebook, scope: channel.accountID, id: "psid-nobody")) == nil)
        let dm = try await store.ingest(message("m1", from: "psid-ann", at: start + 2), channelID: "c2", inactivityTimeout: 3600, at: start + 2, ids: ids)
        #expect(dm.contactID == first.contactID && !dm.createdContact)
        #expect(try await store.history(of: first.contactID, before: nil, limit: 10).map(\.id) == [dm.interactionID, first.interactionID])
        // Linking again updates the identity; an identity of another contact is refused, so are unknown contacts.
        var again = psid
        (again.email, again.handle) = (nil, "ann")
        #expect(try await store.link(again, to: first.contactID).identities.first?.email == "Ann@Example.com")
        let other = try await store.ingest(message("m2", from: "psid-bob", at: start + 3), channelID: "c2", inactivityTimeout: 3600,
                                           at: start + 3, ids: ids)
        await #expect(throws: ContactError.identityTaken(Identity.Key(platform: .facebook, scope: "page-1", id: "psid-bob"), by: other.contactID)) {
            try await store.link(Identity(key: Identity.Key(platform: .facebook, scope: "page-1", id: "psid-bob")), to: first.contactID)
        }
        await #expect(throws: ContactError.notFound("nobody")) { try await store.link(psid, to: "nobody") }
    }

    static func mergesMoveIdentitiesAndHistoryAndAnAdminCanUndoThem(_ store: any ParleyStore) async throws {
        try await supervisor(store)
        try await supervisor(store, "admin")
        let ids = SequentialIDGenerator(prefix: "mg")
        let start = Date(timeIntervalSince1970: 1_767_225_600)
        let web = try await store.ingest(message("m1", from: "psid-1", at: start), channelID: "c1", inactivityTimeout: 3600, at: start, ids: ids)
        let wa = try await store.ingest(whatsappMessage("w1", from: "34600000001", at: start + 10), channelID: "c2", inactivityTimeout: 3600,
                                        at: start + 10, ids: ids)
        let waLater = try await store.ingest(whatsappMessage("w2", from: "34600000001", at: start + 7200), channelID: "c2", inactivityTimeout: 3600,
                                             at: start + 7200, ids: ids)
        let (kept, absorbed) = (web.contactID, wa.contactID)
        #expect(kept != absorbed)

        await #expect(throws: ContactError.sameContact(kept)) { try await store.merge(kept, into: kept, by: "sup", at: start, ids: ids) }
        await #expect(throws: ContactError.notFound("ghost")) { try await store.merge("ghost", into: kept, by: "sup", at: start, ids: ids) }
        let merge = try await store.merge(absorbed, into: kept, by: "sup", at: start + 8000, ids: ids)
        #expect(merge.identities.map(\.description) == ["whatsapp::34600000001"])
        #expect(merge.interactions == [wa.interactionID, waLater.interactionID])
        #expect(try await store.contactMerge(merge.id) == merge)
        let keptNow = try #require(try await store.contact(kept))
        #expect(keptNow.identities.count == 2 && keptNow.mergedInto == nil)
        let absorbedNow = try #require(try await store.contact(absorbed))
        #expect(absorbedNow.identities.isEmpty && absorbedNow.mergedInto == kept, "kept, marked, so old links resolve")
        #expect(try await store.history(of: kept, before: nil, limit: 10).map(\.id) == [waLater.interactionID, wa.interactionID, web.interactionID])
        #expect(try await store.history(of: kept, before: wa.interactionID, limit: 10).map(\.id) == [web.interactionID])
        #expect(try await store.history(of: absorbed, before: nil, limit: 10).isEmpty)
        #expect(try await store.contactMerges(of: absorbed) == [merge])
        #expect(try await store.contactMerges(of: kept) == [merge])

        // Already merged, either way round: a clear error, nothing changes.
        await #expect(throws: ContactError.merged(absorbed, into: kept)) { try await store.merge(absorbed, into: kept, by: "sup", at: start, ids: ids) }
        await #expect(throws: ContactError.merged(absorbed, into: kept)) { try await store.merge(kept, into: absorbed, by: "sup", at: start, ids: ids) }

        // A message from the absorbed identity lands on the kept contact.
        let after = try await store.ingest(whatsappMessage("w3", from: "34600000001", at: start + 11000), channelID: "c2", inactivityTimeout: 3600,
                                           at: start + 11000, ids: ids)
        #expect(after.contactID == kept && !after.createdContact)

        let undone = try await store.unmerge(merge.id, by: "admin", at: start + 12000)
        #expect(undone.undoneBy == "admin" && undone.undoneAt == start + 12000)
        let restored = try #require(try await store.contact(absorbed))
        #expect(restored.mergedInto == nil && restored.identities.map(\.key.id) == ["34600000001"])
        #expect(try await store.history(of: absorbed, before: nil, limit: 10).map(\.id) == [waLater.interactionID, wa.interactionID])
        #expect(try await store.history(of: kept, before: nil, limit: 10).map(\.id) == [after.interactionID, web.interactionID],
                "exactly what the merge moved goes back; what arrived since stays")
        await #expect(throws: ContactError.alreadyUndone(merge.id)) { try await store.unmerge(merge.id, by: "admin", at: start + 12001) }
        await #expect(throws: ContactError.mergeNotFound("nope")) { try await store.unmerge("nope", by: "admin", at: start + 12001) }

        // A merge whose kept contact was merged again is undone after the later one.
        let first = try await store.merge(absorbed, into: kept, by: "sup", at: start + 12100, ids: ids)
        let third = try await store.ingest(message("m9", from: "psid-9", at: start + 12200), channelID: "c1", inactivityTimeout: 3600,
                                           at: start + 12200, ids: ids)
        let second = try await store.merge(kept, into: third.contactID, by: "sup", at: start + 12300, ids: ids)
        await #expect(throws: ContactError.keptMergedSince(first.id, laterMerge: second.id)) {
            try await store.unmerge(first.id, by: "admin", at: start + 12400)
        }
        _ = try await store.unmerge(second.id, by: "admin", at: start + 12500)
        _ = try await store.unmerge(first.id, by: "admin", at: start + 12600)
        let types = try await store.events(after: 0, limit: 1000).map(\.event.type)
        #expect(types.filter { $0 == .contactMerged }.count == 3 && types.filter { $0 == .contactUnmerged }.count == 3)
        let unmerged = try await store.events(after: 0, limit: 1000).compactMap { logged -> ContactMergeEvent? in
            if case .contactUnmerged(let body) = logged.event { body } else { nil }
        }
        #expect(unmerged.first?.interactions == [wa.interactionID, waLater.interactionID] && unmerged.first?.userID == "admin")
    }

    static func contactsSharingAPhoneOrEmailAreSuggestedForMerging(_ store: any ParleyStore) async throws {
        try await supervisor(store)
        let ids = SequentialIDGenerator(prefix: "sg")
        let start = Date(timeIntervalSince1970: 1_767_225_600)
        let wa = try await store.ingest(whatsappMessage("w1", from: "16505551234", at: start), channelID: "c1", inactivityTimeout: 3600,
                                        at: start, ids: ids)
        let fb = try await store.ingest(message("m1", from: "psid-1", at: start + 1), channelID: "c2", inactivityTimeout: 3600, at: start + 1, ids: ids)
        let mail = try await store.ingest(message("m2", from: "psid-2", at: start + 2), channelID: "c2", inactivityTimeout: 3600, at: start + 2, ids: ids)
        let loner = try await store.ingest(message("m3", from: "psid-3", at: start + 3), channelID: "c2", inactivityTimeout: 3600, at: start + 3, ids: ids)
        _ = try await store.link(Identity(key: Identity.Key(platform: .web, id: "visitor-1"), phone: "+1 (650) 555-1234",
                                          email: " Ann@Example.COM"), to: fb.contactID)
        _ = try await store.link(Identity(key: Identity.Key(platform: .web, id: "visitor-2"), email: "ann@example.com"), to: mail.contactID)
        _ = try await store.link(Identity(key: Identity.Key(platform: .web, id: "visitor-3"), phone: "12345", email: "no address"), to: loner.contactID)

        let all = try await store.mergeSuggestions(limit: 50)
        let pairs = Set(all.map { [$0.contactID.rawValue, $0.candidateID.rawValue].sorted() })
        #expect(pairs == [[wa.contactID.rawValue, fb.contactID.rawValue].sorted(), [fb.contactID.rawValue, mail.contactID.rawValue].sorted()])
        #expect(all.allSatisfy { $0.contactID.rawValue < $0.candidateID.rawValue })
        #expect(all.contains { $0.matchedOn == .phone && $0.value == "+16505551234" })
        #expect(all.contains { $0.matchedOn == .email && $0.value == "ann@example.com" })
        let forFB = try await store.mergeSuggestions(for: fb.contactID, limit: 50)
        #expect(forFB.allSatisfy { $0.contactID == fb.contactID } && Set(forFB.map(\.candidateID)) == [wa.contactID, mail.contactID])
        #expect(try await store.mergeSuggestions(for: loner.contactID, limit: 50).isEmpty)
        #expect(try await store.mergeSuggestions(limit: 1).count == 1)

        // Merged: no longer a candidate. Undone: an admin said they differ, so not suggested again.
        let merge = try await store.merge(wa.contactID, into: fb.contactID, by: "sup", at: start + 10, ids: ids)
        #expect(try await store.mergeSuggestions(for: wa.contactID, limit: 50).isEmpty)
        #expect(try await store.mergeSuggestions(for: fb.contactID, limit: 50).map(\.candidateID) == [mail.contactID])
        _ = try await store.unmerge(merge.id, by: "sup", at: start + 20)
        #expect(try await store.mergeSuggestions(for: wa.contactID, limit: 50).isEmpty)
    }

    /// Merges racing over the same contacts (each way round, in chains) and messages racing with them leave a
    /// consistent picture: every identity and interaction on exactly one unmerged contact, no merge cycles.
    static func concurrentMergesAndMessagesNeverCorruptContacts(_ store: any ParleyStore) async throws {
        try await supervisor(store)
        let ids = SequentialIDGenerator(prefix: "cc")
        let start = Date(timeIntervalSince1970: 1_767_225_600)
        var contacts: [Contact.ID] = []
        for number in 0..<4 {
            let result = try await store.ingest(message("c\(number)", from: "psid-c\(number)", at: start), channelID: "c1",
                                                inactivityTimeout: 3600, at: start, ids: ids)
            contacts.append(result.contactID)
        }
        let attempts: [(Int, Int)] = [(0, 1), (1, 0), (2, 1), (1, 2), (3, 0), (0, 3), (2, 3), (3, 2)]
        let racing = contacts
        let outcomes = await withTaskGroup(of: Bool.self, returning: [Bool].self) { group in
            for (absorbed, kept) in attempts {
                group.addTask {
                    do {
                        _ = try await store.merge(racing[absorbed], into: racing[kept], by: "sup", at: start + 1, ids: ids)
                        return true
                    } catch is ContactError { return false } catch {
                        Issue.record("unexpected \(error)")
                        return false
                    }
                }
            }
            for number in 0..<4 {
                group.addTask {
                    do {
                        _ = try await store.ingest(message("late\(number)", from: "psid-c\(number)", at: start + 2), channelID: "c1",
                                                   inactivityTimeout: 3600, at: start + 2, ids: ids)
                    } catch { Issue.record("ingest failed: \(error)") }
                    return false
                }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(outcomes.contains(true), "some merges succeed")
        var identityOwners: [String: Contact.ID] = [:]
        var interactionOwners: [Interaction.ID: Contact.ID] = [:]
        for id in contacts {
            let contact = try #require(try await store.contact(id))
            let history = try await store.history(of: id, before: nil, limit: 100)
            if contact.mergedInto != nil {
                #expect(contact.identities.isEmpty && history.isEmpty, "a merged contact holds nothing")
            }
            for identity in contact.identities { #expect(identityOwners.updateValue(id, forKey: identity.key.description) == nil) }
            for interaction in history { #expect(interactionOwners.updateValue(id, forKey: interaction.id) == nil) }
            var seen: Set<Contact.ID> = [id]
            var next = contact.mergedInto
            while let current = next {
                #expect(seen.insert(current).inserted, "no merge cycle")
                if seen.count > 4 { break }
                next = try await store.contact(current)?.mergedInto
            }
        }
        #expect(identityOwners.count == 4 && interactionOwners.count == 4, "every identity and interaction kept, exactly once")
        let messages = try await store.interactions(openOnly: false, assignedTo: nil, limit: 100)
        #expect(messages.allSatisfy { interactionOwners[$0.id] == $0.contactID })
        let standing = try await store.events(after: 0, limit: 1000).filter { $0.event.type == .contactMerged }.count
        #expect(standing == outcomes.filter { $0 }.count)
    }
}

extension StoreConformance {
    /// LINE follows and unfollows (identities scoped by the bot) land on the contact who has the identity, newest
    /// first; nobody else's, and no new contact; a follow of someone who never wrote is still remembered per channel.
    static func followsAreKeptOnTheContactWithTheIdentity(_ store: any ParleyStore) async throws {
        let ids = SequentialIDGenerator(prefix: "fl")
        let bot = ChannelKey(kind: .line, accountID: "Ubot")
        let author = Identity(key: Identity.Key(platform: .line, scope: "Ubot", id: "Uann"))
        let start = Date(timeIntervalSince1970: 1_767_225_600)
        let ann = try await store.ingest(InboundMessage(channel: bot, platformMessageID: "l1", author: author, threadKey: .conversation(customer: author.key),
                                                        text: "hi", sentAt: start),
                                         channelID: "line", inactivityTimeout: 3600, at: start, ids: ids)
        func change(_ person: String, _ follows: Bool, _ seconds: TimeInterval) -> FollowChange {
            FollowChange(channel: bot, person: person, follows: follows, at: start + seconds)
        }
        #expect(try await store.contact(ann.contactID)?.followsCompany == nil)
        #expect(try await store.applyFollows([change("Uann", false, 10)], at: Date(timeIntervalSince1970: 1_800_000_000)).count == 1)
        #expect(try await store.contact(ann.contactID)?.followsCompany == false)
        #expect(try await store.applyFollows([change("Uann", true, 20), change("Uann", false, 15)], at: Date(timeIntervalSince1970: 1_800_000_000)) == [change("Uann", true, 20)])
        #expect(try await store.contact(ann.contactID)?.followsCompany == true, "an older unfollow arriving late changes nothing")
        #expect(try await store.applyFollows([change("Ubob", true, 30)], at: Date(timeIntervalSince1970: 1_800_000_000)).count == 1)
        #expect(try await store.follows("Ubob", on: bot) == true)
        #expect(try await store.contact(ann.contactID)?.followsCompany == true)
    }
}
