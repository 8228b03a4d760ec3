import Domain
import Foundation
import Storage

extension PostgresStore {
    public func applyReceipts(_ receipts: [DeliveryReceipt], at now: Date) async throws -> Int {
        guard !receipts.isEmpty else { return 0 }
        return try await write { db in
            var events: [DomainEvent] = []
            for receipt in receipts {
                let rows: [Row]
                let status: Message.DeliveryStatus
                var reason: String?
                // FOR UPDATE: two nodes applying receipts of one message decide on the same current status.
                switch receipt {
                case .message(let channel, let platformID, let next, let why):
                    status = next
                    reason = why
                    rows = try await db.rows("""
                        SELECT id, interaction_id, agent_id, delivery_status FROM messages
                        WHERE channel = \(channel.description) AND platform_message_id = \(platformID) AND direction = 'outbound'
                        FOR UPDATE
                        """)
                case .parleyMessage(let channel, let id, let next, let why):
                    status = next
                    reason = why
                    rows = try await db.rows("""
                        SELECT id, interaction_id, agent_id, delivery_status FROM messages
                        WHERE channel = \(channel.description) AND id = \(id.rawValue) AND direction = 'outbound'
                        FOR UPDATE
                        """)
                case .upTo(let channel, let thread, let watermark, let next):
                    status = next
                    rows = try await db.rows("""
                        SELECT m.id, m.interaction_id, m.agent_id, m.delivery_status FROM messages m
                        JOIN interactions i ON i.id = m.interaction_id
                        WHERE i.channel = \(channel.description) AND i.thread_key = \(thread.description) AND m.direction = 'outbound'
                          AND m.sent_at <= \(watermark.storageValue) AND m.delivery_status IN ('sent', 'delivered')
                        FOR UPDATE OF m
                        """)
                }
                for row in rows {
                    let current = Message.DeliveryStatus(rawValue: try row["delivery_status"]) ?? .pending
                    guard current.advances(to: status) else { continue }
                    let id: String = try row["id"]
                    let failure: String? = status == .failed ? reason ?? "the platform reported a failure" : nil
                    try await db.execute("UPDATE messages SET delivery_status = \(status.rawValue), failure_reason = \(failure) WHERE id = \(id)")
                    let interaction = Interaction.ID(try row["interaction_id"] as String)
                    let agent = (try row["agent_id"] as String?).map { User.ID($0) }
                    events.append(status == .failed
                        ? .messageFailed(MessageFailed(messageID: .init(id), interactionID: interaction,
                                                       reason: reason ?? "the platform reported a failure", agentID: agent))
                        : .messageStatusChanged(MessageStatusChanged(messageID: .init(id), interactionID: interaction, status: status, agentID: agent)))
                }
            }
            if !events.isEmpty { _ = try await Self.append(events, at: now, into: db) }
            return events.count
        }
    }
}
