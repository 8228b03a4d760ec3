import Domain
import Foundation
import PostgresNIO
import Storage

extension PostgresStore: EngagementStore {
    public func ingest(_ message: InboundMessage, channelID: Domain.Channel.ID?, inactivityTimeout: TimeInterval, at now: Date,
                       ids: any IDGenerator) async throws -> IngestResult {
        try await ingest([IngestRequest(message: message, channelID: channelID, inactivityTimeout: inactivityTimeout)], at: now, ids: ids)[0]
    }

    /// The batch in one transaction, its events appended once at the end. Where SQLite's single writer serializes
    /// everything, here row locks do: the thread's open interaction is taken `FOR UPDATE`, so a concurrent reply,
    /// wrap-up or second message of the same thread waits, and `stored_seq` cannot be handed out twice. Two
    /// transactions creating the same contact, identity or open interaction collide on a unique key; the loser is
    /// retried from the start and finds the winner's rows.
    public func ingest(_ requests: [IngestRequest], at now: Date, ids: any IDGenerator) async throws -> [IngestResult] {
        guard !requests.isEmpty else { return [] }
        return try await write(retryingConflicts: true) { db in
            var events: [DomainEvent] = []
            var results: [IngestResult?] = Array(repeating: nil, count: requests.count)
            for index in requests.storageOrder {
                results[index] = try await Self.ingest(requests[index], at: now, ids: ids, events: &events, db: db)
            }
            try await Self.append(events, at: now, into: db)
            return results.compactMap { $0 }
        }
    }

    static func ingest(_ request: IngestRequest, at now: Date, ids: any IDGenerator, events: inout [DomainEvent], db: DB) async throws -> IngestResult {
        var message = request.message
        let channel = message.channel.description
        let eventChannel = request.channelID ?? .init(channel)
        if let existing = try await db.row("""
            SELECT m.id, m.interaction_id, i.contact_id FROM messages m JOIN interactions i ON i.id = m.interaction_id
            WHERE m.channel = \(channel) AND m.platform_message_id = \(message.platformMessageID)
            """) {
            return IngestResult(contactID: .init(try existing["contact_id"] as String),
                                interactionID: .init(try existing["interaction_id"] as String),
                                messageID: .init(try existing["id"] as String), createdContact: false, createdInteraction: false, duplicate: true)
        }
        message.threadKey = try await Self.thread(of: message, db: db)
        let thread = try storageEncoder.encode(message.threadKey)
        let attachments = message.attachments.isEmpty ? emptyList : try storageEncoder.encode(message.attachments)
        let (contactID, createdContact) = try await resolveContact(message.author, profile: message.authorProfile, at: now, ids: ids, db: db)
        let open = try await db.row("""
            SELECT id, updated_at, state, assigned_agent_id FROM interactions
            WHERE channel = \(channel) AND thread_key = \(message.threadKey.description) AND state <> 'closed'
            FOR UPDATE
            """)
        var current: (id: Interaction.ID, agent: User.ID?)?
        var closedInteractionID: Interaction.ID?
        if let open {
            let id = Interaction.ID(try open["id"] as String)
            let agent = (try open["assigned_agent_id"] as String?).map { User.ID($0) }
            if now.timeIntervalSince(try open.date("updated_at")) > request.inactivityTimeout {
                // Silent longer than the channel's inactivity period: close it; this message opens a new one.
                closedInteractionID = id
                let waiting = ["new", "queued", "offered"].contains(try open["state"] as String)
                try await db.execute("""
                    UPDATE interactions SET state = 'closed', outcome = \(waiting ? "abandoned" : "auto_closed"),
                        closed_at = \(now.storageValue), updated_at = \(now.storageValue)
                    WHERE id = \(id.rawValue)
                    """)
                if waiting {
                    events.append(.interactionAbandoned(InteractionEvent(interactionID: id, channelID: eventChannel)))
                } else {
                    events.append(.interactionAutoClosed(InteractionAgentEvent(interactionID: id, agentID: agent ?? .init(""))))
                }
            } else {
                current = (id, agent)
            }
        }
        let interactionID: Interaction.ID
        var agentID: User.ID?
        var createdInteraction = false
        if let current {
            (interactionID, agentID) = (current.id, current.agent)
        } else {
            interactionID = Interaction.ID(ids.make())
            createdInteraction = true
            try await db.execute("""
                INSERT INTO interactions (id, channel, channel_id, thread_key, thread, visibility, contact_id, state, priority,
                                          created_at, updated_at)
                VALUES (\(interactionID.rawValue), \(channel), \(request.channelID?.rawValue), \(message.threadKey.description), \(thread),
                        \(message.visibility.rawValue), \(contactID.rawValue), 'new', 0, \(now.storageValue), \(now.storageValue))
                """)
            events.append(.interactionCreated(InteractionEvent(interactionID: interactionID, channelID: eventChannel)))
        }
        let messageID = Message.ID(ids.make())
        try await db.execute("""
            INSERT INTO messages (id, interaction_id, channel, direction, visibility, author, text, attachments, platform_message_id,
                                  delivery_status, sent_at, stored_seq)
            VALUES (\(messageID.rawValue), \(interactionID.rawValue), \(channel), 'inbound', \(message.visibility.rawValue),
                    \(message.author.key.description), \(message.text), \(attachments), \(message.platformMessageID), 'received',
                    \(message.sentAt.storageValue),
                    (SELECT coalesce(max(stored_seq), 0) + 1 FROM messages WHERE interaction_id = \(interactionID.rawValue)))
            """)
        // The customer answered: an interaction waiting for them is active again.
        try await db.execute("""
            UPDATE interactions SET updated_at = \(now.storageValue), last_customer_message_at = \(message.sentAt.storageValue),
                state = CASE state WHEN 'waiting_for_customer' THEN 'active' ELSE state END
            WHERE id = \(interactionID.rawValue)
            """)
        events.append(.messageReceived(MessageEvent(messageID: messageID, interactionID: interactionID, channelID: eventChannel,
                                                    visibility: message.visibility, agentID: agentID,
                                                    threadKey: message.threadKey.description)))
        return IngestResult(contactID: contactID, interactionID: interactionID, messageID: messageID, createdContact: createdContact,
                            createdInteraction: createdInteraction, duplicate: false, closedInteractionID: closedInteractionID)
    }

    /// The thread the message joins: a comment on a customer's post that Parley holds joins the post's thread
    /// (`ThreadKey.customerPostThread`). The post is found by its platform id, indexed, in any state of its interaction.
    /// A tweet answering a tweet Parley holds joins that tweet's thread; one answering any other tweet starts its own.
    static func thread(of message: InboundMessage, db: DB) async throws -> ThreadKey {
        if case .tweet(let answered) = message.threadKey, answered != message.platformMessageID,
            try await tweetThread(answering: answered, on: message.channel, db: db) == nil {
            return .tweet(conversationID: message.platformMessageID)
        }
        return try await thread(message.threadKey, on: message.channel, db: db)
    }

    /// The same for any thread key on `channel` (the page's own comments, known from their echoes, join it too).
    static func thread(_ key: ThreadKey, on channel: ChannelKey, db: DB) async throws -> ThreadKey {
        if case .tweet(let answered) = key { return try await tweetThread(answering: answered, on: channel, db: db) ?? key }
        guard let post = key.customerPostThread, case .customerPost(let postID) = post else { return key }
        let known = try await db.row("""
            SELECT 1 AS known FROM messages m JOIN interactions i ON i.id = m.interaction_id
            WHERE m.channel = \(channel.description) AND m.platform_message_id = \(postID) AND i.thread_key = \(post.description)
            LIMIT 1
            """) != nil
        return known ? post : key
    }

    /// The thread of the interaction that holds the tweet `answered` (`ThreadKey.tweet`), if Parley holds it.
    static func tweetThread(answering answered: String, on channel: ChannelKey, db: DB) async throws -> ThreadKey? {
        guard let row = try await db.row("""
            SELECT i.thread FROM messages m JOIN interactions i ON i.id = m.interaction_id
            WHERE m.channel = \(channel.description) AND m.platform_message_id = \(answered) LIMIT 1
            """) else { return nil }
        return try JSONDecoder().decode(ThreadKey.self, from: try row["thread"] as Data)
    }

    /// The contact that owns this identity, or a new contact with it. Newer names and handles overwrite older ones,
    /// and the profile fields the platform gave update the contact's; a nil never blanks a known value. The identity
    /// is read `FOR SHARE`, so a merge cannot move it while this message is being stored.
    static func resolveContact(_ identity: Identity, profile: ContactProfile?, at now: Date, ids: any IDGenerator,
                               db: DB) async throws -> (Contact.ID, Bool) {
        let key = identity.key
        if let existing = try await db.row("""
            SELECT contact_id, handle, display_name, phone, email FROM identities
            WHERE platform = \(key.platform.rawValue) AND scope = \(key.scope) AND external_id = \(key.id)
            FOR SHARE
            """) {
            let stored: [String?] = [try existing["handle"], try existing["display_name"], try existing["phone"], try existing["email"]]
            let changed = zip([identity.handle, identity.displayName, identity.phone, identity.email], stored).contains { new, old in
                new.map { $0 != old } ?? false
            }
            if changed { try await updateIdentity(identity, db: db) }
            let contactID = Contact.ID(try existing["contact_id"] as String)
            if let profile { try await updateProfile(profile, of: contactID, db: db) }
            return (contactID, false)
        }
        let contactID = Contact.ID(ids.make())
        let name = profile?.displayName ?? identity.displayName ?? identity.handle.map { "@" + $0 } ?? "\(key.platform.rawValue) user \(key.id.suffix(6))"
        try await db.execute("""
            INSERT INTO contacts (id, display_name, created_at, avatar_url, follower_count, verified, follows_company)
            VALUES (\(contactID.rawValue), \(name), \(now.storageValue), \(profile?.avatarURL), \(profile?.followerCount), \(profile?.verified),
                    \(profile?.followsCompany))
            """)
        try await insertIdentity(identity, of: contactID, db: db)
        return (contactID, true)
    }

    public func interaction(_ id: Interaction.ID) async throws -> Interaction? {
        try await read { db in try await db.row("SELECT * FROM interactions WHERE id = \(id.rawValue)").map(Self.interaction) }
    }

    public func openSiblings(of id: Interaction.ID, limit: Int) async throws -> [Interaction] {
        try await read { db in
            guard let interaction = try await db.row("SELECT * FROM interactions WHERE id = \(id.rawValue)").map(Self.interaction),
                case .comment(let post, _) = interaction.threadKey else { return [] }
            let range = ThreadKey.commentThreadRange(onPost: post)
            return try await db.rows("""
                SELECT * FROM interactions
                WHERE channel = (SELECT channel FROM interactions WHERE id = \(id.rawValue))
                  AND thread_key >= \(range.from) AND thread_key < \(range.upTo) AND state <> 'closed' AND id <> \(id.rawValue)
                ORDER BY created_at, id LIMIT \(limit)
                """).map(Self.interaction)
        }
    }

    public func setScores(_ id: Interaction.ID, _ scores: Interaction.Scores) async throws {
        try await write { db in
            guard try await db.row("""
                UPDATE interactions SET actionability = \(scores.actionability), sentiment = \(scores.sentiment),
                                        influence = \(scores.influence), category = \(scores.category), language = \(scores.language)
                WHERE id = \(id.rawValue) RETURNING id
                """) != nil else { throw StoreError.notFound("interaction \(id)") }
        }
    }

    public func interactions(openOnly: Bool, assignedTo agent: User.ID?, limit: Int) async throws -> [Interaction] {
        try await read { db in
            try await db.rows("""
                SELECT * FROM interactions
                WHERE (NOT \(openOnly) OR state <> 'closed') AND (\(agent?.rawValue)::text IS NULL OR assigned_agent_id = \(agent?.rawValue)::text)
                ORDER BY updated_at DESC, id DESC LIMIT \(limit)
                """).map(Self.interaction)
        }
    }

    public func messages(of interaction: Interaction.ID, after: Message.ID?, limit: Int) async throws -> [Message] {
        try await read { db in
            try await db.rows("""
                SELECT * FROM messages WHERE interaction_id = \(interaction.rawValue)
                    AND stored_seq > coalesce((SELECT stored_seq FROM messages
                                               WHERE id = \(after?.rawValue)::text AND interaction_id = \(interaction.rawValue)), 0)
                ORDER BY stored_seq LIMIT \(limit)
                """).map(Self.message)
        }
    }

    public func contact(_ id: Contact.ID) async throws -> Contact? {
        try await read { db in try await Self.contact(id, db: db) }
    }

    public func history(of contact: Contact.ID, before: Interaction.ID?, limit: Int) async throws -> [Interaction] {
        try await read { db in
            if let before, let anchor = try await db.row("SELECT created_at, id FROM interactions WHERE id = \(before.rawValue)") {
                let createdAt: Double = try anchor["created_at"]
                let anchorID: String = try anchor["id"]
                return try await db.rows("""
                    SELECT * FROM interactions
                    WHERE contact_id = \(contact.rawValue) AND (created_at < \(createdAt) OR (created_at = \(createdAt) AND id < \(anchorID)))
                    ORDER BY created_at DESC, id DESC LIMIT \(limit)
                    """).map(Self.interaction)
            }
            return try await db.rows("""
                SELECT * FROM interactions WHERE contact_id = \(contact.rawValue) ORDER BY created_at DESC, id DESC LIMIT \(limit)
                """).map(Self.interaction)
        }
    }

    static func interaction(_ row: Row) throws -> Interaction {
        let thread = try JSONDecoder().decode(ThreadKey.self, from: try row["thread"] as Data)
        let channelID: String? = try row["channel_id"]
        let outcome: String? = try row["outcome"]
        let workgroup: String? = try row["workgroup_id"]
        let agent: String? = try row["assigned_agent_id"]
        let code: String? = try row["wrap_up_code"]
        return Interaction(
            id: .init(try row["id"] as String), channelID: .init(try channelID ?? row["channel"]), threadKey: thread,
            visibility: Visibility(rawValue: try row["visibility"]) ?? .private, contactID: .init(try row["contact_id"] as String),
            state: Interaction.State(rawValue: try row["state"]) ?? .new, outcome: outcome.flatMap(Interaction.Outcome.init(rawValue:)),
            workgroupID: workgroup.map { .init($0) }, priority: try row["priority"], assignedAgentID: agent.map { .init($0) },
            createdAt: try row.date("created_at"), updatedAt: try row.date("updated_at"),
            lastCustomerMessageAt: try row.optionalDate("last_customer_message_at"), closedAt: try row.optionalDate("closed_at"),
            wrapUpCode: code.map { .init($0) },
            scores: Interaction.Scores(actionability: try row["actionability"], sentiment: try row["sentiment"],
                                       influence: try row["influence"], category: try row["category"], language: try row["language"]))
    }

    static func message(_ row: Row) throws -> Message {
        let author: String? = try row["author"]
        let agent: String? = try row["agent_id"]
        return Message(
            id: .init(try row["id"] as String), interactionID: .init(try row["interaction_id"] as String),
            direction: Message.Direction(rawValue: try row["direction"]) ?? .inbound,
            visibility: Visibility(rawValue: try row["visibility"]) ?? .private,
            author: author.flatMap(Identity.Key.init(text:)), agentID: agent.map { .init($0) }, text: try row["text"],
            attachments: try JSONDecoder().decode([Attachment].self, from: try row["attachments"] as Data),
            platformMessageID: try row["platform_message_id"],
            deliveryStatus: Message.DeliveryStatus(rawValue: try row["delivery_status"]) ?? .received,
            failureReason: try row["failure_reason"], sentAt: try row.date("sent_at"),
            editedAt: try row.optionalDate("edited_at"), deletedAt: try row.optionalDate("deleted_at"),
            hiddenAt: try row.optionalDate("hidden_at"), sentOutsideParley: try row["outside_parley"],
            reaction: try row["reaction"])
    }
}

private let storageEncoder = JSONEncoder()
private let emptyList = Data("[]".utf8)
