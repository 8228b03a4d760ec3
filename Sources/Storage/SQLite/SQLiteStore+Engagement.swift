import Domain
import Foundation
import GRDB

extension SQLiteStore: EngagementStore {
    public func ingest(_ message: InboundMessage, channelID: Channel.ID?, inactivityTimeout: TimeInterval, at now: Date,
                       ids: any IDGenerator) async throws -> IngestResult {
        try await ingest([IngestRequest(message: message, channelID: channelID, inactivityTimeout: inactivityTimeout)], at: now, ids: ids)[0]
    }

    public func ingest(_ requests: [IngestRequest], at now: Date, ids: any IDGenerator) async throws -> [IngestResult] {
        guard !requests.isEmpty else { return [] }
        return try await pool.write { db in
            var results: [IngestResult?] = Array(repeating: nil, count: requests.count)
            for index in requests.storageOrder {
                let request = requests[index]
                results[index] = try Self.ingest(request.message, channelID: request.channelID, inactivityTimeout: request.inactivityTimeout,
                                                 at: now, ids: ids, db: db)
            }
            return results.compactMap { $0 }
        }
    }

    static func ingest(_ message: InboundMessage, channelID: Channel.ID?, inactivityTimeout: TimeInterval, at now: Date,
                       ids: any IDGenerator, db: Database) throws -> IngestResult {
        var message = message
        message.threadKey = try Self.thread(of: message, db: db)
        if let existing = try Row.fetchOne(db.cachedStatement(sql: """
            SELECT m.id, m.interaction_id, i.contact_id FROM messages m JOIN interactions i ON i.id = m.interaction_id
            WHERE m.channel = ? AND m.platform_message_id = ?
            """), arguments: [message.channel.description, message.platformMessageID]) {
            return IngestResult(contactID: .init(existing["contact_id"] as String), interactionID: .init(existing["interaction_id"] as String),
                                messageID: .init(existing["id"] as String), createdContact: false, createdInteraction: false, duplicate: true)
        }
        var events: [DomainEvent] = []
        let (contactID, createdContact) = try Self.resolveContact(message.author, profile: message.authorProfile, at: now, ids: ids, db: db)
        var interactionID: Interaction.ID
        var createdInteraction = false
        var agentID: User.ID?
        let open = try Row.fetchOne(db.cachedStatement(sql: """
            SELECT id, updated_at, state, assigned_agent_id FROM interactions WHERE channel = ? AND thread_key = ? AND state <> 'closed'
            """), arguments: [message.channel.description, message.threadKey.description])
        var closedInteractionID: Interaction.ID?
        if let open, now.timeIntervalSince(Date(storageValue: open["updated_at"])) > inactivityTimeout {
            // Silent longer than the channel's inactivity period: close it; this message opens a new one.
            let closing = Interaction.ID(open["id"] as String)
            closedInteractionID = closing
            let waiting = ["new", "queued", "offered"].contains(open["state"] as String)
            try db.cachedStatement(sql: """
                UPDATE interactions SET state = 'closed', outcome = ?, closed_at = ?, updated_at = ? WHERE id = ?
                """).execute(arguments: [waiting ? "abandoned" : "auto_closed", now.storageValue, now.storageValue, closing.rawValue])
            if waiting {
                events.append(.interactionAbandoned(InteractionEvent(interactionID: closing, channelID: channelID ?? .init(message.channel.description))))
            } else {
                events.append(.interactionAutoClosed(InteractionAgentEvent(
                    interactionID: closing, agentID: (open["assigned_agent_id"] as String?).map { .init($0) } ?? .init(""))))
            }
        }
        if let open, now.timeIntervalSince(Date(storageValue: open["updated_at"])) <= inactivityTimeout {
            interactionID = .init(open["id"] as String)
            agentID = (open["assigned_agent_id"] as String?).map { .init($0) }
        } else {
            interactionID = .init(ids.make())
            createdInteraction = true
            let thread = try storageEncoder.encode(message.threadKey)
            try db.cachedStatement(sql: """
                INSERT INTO interactions (id, channel, channel_id, thread_key, thread, visibility, contact_id, state, priority,
                                          created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, 'new', 0, ?, ?)
                """).execute(arguments: [interactionID.rawValue, message.channel.description, channelID?.rawValue, message.threadKey.description,
                                 thread, message.visibility.rawValue, contactID.rawValue, now.storageValue, now.storageValue])
            events.append(.interactionCreated(InteractionEvent(interactionID: interactionID,
                                                               channelID: channelID ?? .init(message.channel.description))))
        }
        let messageID = Message.ID(ids.make())
        let attachments = message.attachments.isEmpty ? emptyList : try storageEncoder.encode(message.attachments)
        try db.cachedStatement(sql: """
            INSERT INTO messages (id, interaction_id, channel, direction, visibility, author, text, attachments, platform_message_id,
                                  delivery_status, sent_at, stored_seq)
            VALUES (?, ?, ?, 'inbound', ?, ?, ?, ?, ?, 'received', ?,
                    (SELECT coalesce(max(stored_seq), 0) + 1 FROM messages WHERE interaction_id = ?))
            """).execute(arguments: [messageID.rawValue, interactionID.rawValue, message.channel.description, message.visibility.rawValue,
                             message.author.key.description, message.text, attachments, message.platformMessageID,
                             message.sentAt.storageValue, interactionID.rawValue])
        // The customer answered: an interaction waiting for them is active again.
        try db.cachedStatement(sql: """
            UPDATE interactions SET updated_at = ?, last_customer_message_at = ?,
                state = CASE state WHEN 'waiting_for_customer' THEN 'active' ELSE state END
            WHERE id = ?
            """).execute(arguments: [now.storageValue, message.sentAt.storageValue, interactionID.rawValue])
        events.append(.messageReceived(MessageEvent(messageID: messageID, interactionID: interactionID,
                                                    channelID: channelID ?? .init(message.channel.description), visibility: message.visibility,
                                                    agentID: agentID, threadKey: message.threadKey.description)))
        try Self.append(events, at: now, into: db)
        return IngestResult(contactID: contactID, interactionID: interactionID, messageID: messageID,
                            createdContact: createdContact, createdInteraction: createdInteraction, duplicate: false,
                            closedInteractionID: closedInteractionID)
    }

    /// The thread the message joins: a comment on a customer's post that Parley holds joins the post's thread
    /// (`ThreadKey.customerPostThread`). The post is found by its platform id, indexed, in any state of its interaction.
    /// A tweet answering a tweet Parley holds joins that tweet's thread; one answering any other tweet starts its own.
    static func thread(of message: InboundMessage, db: Database) throws -> ThreadKey {
        if case .tweet(let answered) = message.threadKey, answered != message.platformMessageID,
            try tweetThread(answering: answered, on: message.channel, db: db) == nil {
            return .tweet(conversationID: message.platformMessageID)
        }
        return try thread(message.threadKey, on: message.channel, db: db)
    }

    /// The same for any thread key on `channel` (the page's own comments, known from their echoes, join it too).
    static func thread(_ key: ThreadKey, on channel: ChannelKey, db: Database) throws -> ThreadKey {
        if case .tweet(let answered) = key { return try tweetThread(answering: answered, on: channel, db: db) ?? key }
        guard let post = key.customerPostThread, case .customerPost(let postID) = post else { return key }
        let known = try Bool.fetchOne(db.cachedStatement(sql: """
            SELECT EXISTS (SELECT 1 FROM messages m JOIN interactions i ON i.id = m.interaction_id
                           WHERE m.channel = ? AND m.platform_message_id = ? AND i.thread_key = ?)
            """), arguments: [channel.description, postID, post.description]) ?? false
        return known ? post : key
    }

    /// The thread of the interaction that holds the tweet `answered` (`ThreadKey.tweet`), if Parley holds it.
    static func tweetThread(answering answered: String, on channel: ChannelKey, db: Database) throws -> ThreadKey? {
        guard let thread = try Data.fetchOne(db.cachedStatement(sql: """
            SELECT i.thread FROM messages m JOIN interactions i ON i.id = m.interaction_id
            WHERE m.channel = ? AND m.platform_message_id = ? LIMIT 1
            """), arguments: [channel.description, answered]) else { return nil }
        return try JSONDecoder().decode(ThreadKey.self, from: thread)
    }

    /// The contact that owns this identity, or a new contact with it. Newer names and handles overwrite older ones,
    /// and the profile fields the platform gave update the contact's; a nil never blanks a known value.
    static func resolveContact(_ identity: Identity, profile: ContactProfile?, at now: Date, ids: any IDGenerator,
                               db: Database) throws -> (Contact.ID, Bool) {
        let key = identity.key
        if let existing = try Row.fetchOne(db.cachedStatement(sql: """
            SELECT contact_id, handle, display_name, phone, email FROM identities WHERE platform = ? AND scope = ? AND external_id = ?
            """), arguments: [key.platform.rawValue, key.scope, key.id]) {
            let changed = (identity.handle.map { $0 != existing["handle"] as String? } ?? false)
                || (identity.displayName.map { $0 != existing["display_name"] as String? } ?? false)
                || (identity.phone.map { $0 != existing["phone"] as String? } ?? false)
                || (identity.email.map { $0 != existing["email"] as String? } ?? false)
            if changed { try Self.updateIdentity(identity, db: db) }
            let contactID = Contact.ID(existing["contact_id"] as String)
            if let profile { try Self.updateProfile(profile, of: contactID, db: db) }
            return (contactID, false)
        }
        let contactID = Contact.ID(ids.make())
        let name = profile?.displayName ?? identity.displayName ?? identity.handle.map { "@" + $0 } ?? "\(key.platform.rawValue) user \(key.id.suffix(6))"
        try db.cachedStatement(sql: """
            INSERT INTO contacts (id, display_name, created_at, avatar_url, follower_count, verified, follows_company) VALUES (?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [contactID.rawValue, name, now.storageValue, profile?.avatarURL, profile?.followerCount, profile?.verified,
                             profile?.followsCompany])
        try Self.insertIdentity(identity, of: contactID, db: db)
        return (contactID, true)
    }

    public func interaction(_ id: Interaction.ID) async throws -> Interaction? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM interactions WHERE id = ?", arguments: [id.rawValue]).map(Self.interaction)
        }
    }

    public func openSiblings(of id: Interaction.ID, limit: Int) async throws -> [Interaction] {
        try await pool.read { db in
            guard let interaction = try Row.fetchOne(db, sql: "SELECT * FROM interactions WHERE id = ?", arguments: [id.rawValue])
                .map(Self.interaction), case .comment(let post, _) = interaction.threadKey else { return [] }
            let range = ThreadKey.commentThreadRange(onPost: post)
            return try Row.fetchAll(db, sql: """
                SELECT * FROM interactions
                WHERE channel = (SELECT channel FROM interactions WHERE id = ?) AND thread_key >= ? AND thread_key < ?
                  AND state <> 'closed' AND id <> ?
                ORDER BY created_at, id LIMIT ?
                """, arguments: [id.rawValue, range.from, range.upTo, id.rawValue, limit]).map(Self.interaction)
        }
    }

    public func setScores(_ id: Interaction.ID, _ scores: Interaction.Scores) async throws {
        try await pool.write { db in
            try db.execute(sql: """
                UPDATE interactions SET actionability = ?, sentiment = ?, influence = ?, category = ?, language = ? WHERE id = ?
                """, arguments: [scores.actionability, scores.sentiment, scores.influence, scores.category, scores.language, id.rawValue])
            guard db.changesCount == 1 else { throw StoreError.notFound("interaction \(id)") }
        }
    }

    public func interactions(openOnly: Bool, assignedTo agent: User.ID?, limit: Int) async throws -> [Interaction] {
        try await pool.read { db in
            var sql = "SELECT * FROM interactions WHERE 1 = 1"
            var arguments: StatementArguments = []
            if openOnly { sql += " AND state <> 'closed'" }
            if let agent {
                sql += " AND assigned_agent_id = ?"
                arguments += [agent.rawValue]
            }
            sql += " ORDER BY updated_at DESC, id DESC LIMIT ?"
            arguments += [limit]
            return try Row.fetchAll(db, sql: sql, arguments: arguments).map(Self.interaction)
        }
    }

    public func messages(of interaction: Interaction.ID, after: Message.ID?, limit: Int) async throws -> [Message] {
        try await pool.read { db in
            let start = try after.flatMap {
                try Int.fetchOne(db, sql: "SELECT stored_seq FROM messages WHERE id = ? AND interaction_id = ?",
                                 arguments: [$0.rawValue, interaction.rawValue])
            } ?? 0
            return try Row.fetchAll(db, sql: """
                SELECT * FROM messages WHERE interaction_id = ? AND stored_seq > ? ORDER BY stored_seq LIMIT ?
                """, arguments: [interaction.rawValue, start, limit]).map(Self.message)
        }
    }

    public func contact(_ id: Contact.ID) async throws -> Contact? {
        try await pool.read { db in try Self.contact(id, db: db) }
    }

    public func history(of contact: Contact.ID, before: Interaction.ID?, limit: Int) async throws -> [Interaction] {
        try await pool.read { db in
            if let before, let anchor = try Row.fetchOne(db, sql: "SELECT created_at, id FROM interactions WHERE id = ?", arguments: [before.rawValue]) {
                return try Row.fetchAll(db, sql: """
                    SELECT * FROM interactions WHERE contact_id = ? AND (created_at < ? OR (created_at = ? AND id < ?))
                    ORDER BY created_at DESC, id DESC LIMIT ?
                    """, arguments: [contact.rawValue, anchor["created_at"] as Double, anchor["created_at"] as Double,
                                     anchor["id"] as String, limit]).map(Self.interaction)
            }
            return try Row.fetchAll(db, sql: "SELECT * FROM interactions WHERE contact_id = ? ORDER BY created_at DESC, id DESC LIMIT ?",
                                    arguments: [contact.rawValue, limit]).map(Self.interaction)
        }
    }

    static func interaction(_ row: Row) throws -> Interaction {
        let thread = try JSONDecoder().decode(ThreadKey.self, from: row["thread"] as Data)
        let channelID: String? = row["channel_id"]
        let last: Double? = row["last_customer_message_at"]
        let closed: Double? = row["closed_at"]
        let outcome: String? = row["outcome"]
        let workgroup: String? = row["workgroup_id"]
        let agent: String? = row["assigned_agent_id"]
        let code: String? = row["wrap_up_code"]
        return Interaction(
            id: .init(row["id"] as String), channelID: .init(channelID ?? row["channel"]), threadKey: thread,
            visibility: Visibility(rawValue: row["visibility"]) ?? .private, contactID: .init(row["contact_id"] as String),
            state: Interaction.State(rawValue: row["state"]) ?? .new, outcome: outcome.flatMap(Interaction.Outcome.init(rawValue:)),
            workgroupID: workgroup.map { .init($0) }, priority: row["priority"], assignedAgentID: agent.map { .init($0) },
            createdAt: Date(storageValue: row["created_at"]), updatedAt: Date(storageValue: row["updated_at"]),
            lastCustomerMessageAt: last.map(Date.init(storageValue:)), closedAt: closed.map(Date.init(storageValue:)),
            wrapUpCode: code.map { .init($0) },
            scores: Interaction.Scores(actionability: row["actionability"], sentiment: row["sentiment"], influence: row["influence"],
                                       category: row["category"], language: row["language"]))
    }

    static func message(_ row: Row) throws -> Message {
        let author: String? = row["author"]
        let agent: String? = row["agent_id"]
        let edited: Double? = row["edited_at"]
        let deleted: Double? = row["deleted_at"]
        let hidden: Double? = row["hidden_at"]
        return Message(
            id: .init(row["id"] as String), interactionID: .init(row["interaction_id"] as String),
            direction: Message.Direction(rawValue: row["direction"]) ?? .inbound, visibility: Visibility(rawValue: row["visibility"]) ?? .private,
            author: author.flatMap(Identity.Key.init(text:)), agentID: agent.map { .init($0) }, text: row["text"],
            attachments: try JSONDecoder().decode([Attachment].self, from: row["attachments"] as Data),
            platformMessageID: row["platform_message_id"], deliveryStatus: Message.DeliveryStatus(rawValue: row["delivery_status"]) ?? .received,
            failureReason: row["failure_reason"], sentAt: Date(storageValue: row["sent_at"]),
            editedAt: edited.map(Date.init(storageValue:)), deletedAt: deleted.map(Date.init(storageValue:)),
            hiddenAt: hidden.map(Date.init(storageValue:)), sentOutsideParley: row["outside_parley"],
            reaction: row["reaction"])
    }
}

private let storageEncoder = JSONEncoder()
private let emptyList = Data("[]".utf8)
