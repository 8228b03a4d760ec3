import Domain
import Foundation
import GRDB

extension SQLiteStore {
    public func applyReceipts(_ receipts: [DeliveryReceipt], at now: Date) async throws -> Int {
        guard !receipts.isEmpty else { return 0 }
        return try await pool.write { db in
            var events: [DomainEvent] = []
            for receipt in receipts {
                let rows: [Row]
                let status: Message.DeliveryStatus
                var reason: String?
                switch receipt {
                case .message(let channel, let platformID, let next, let why):
                    status = next
                    reason = why
                    rows = try Row.fetchAll(db, sql: """
                        SELECT id, interaction_id, agent_id, delivery_status FROM messages
                        WHERE channel = ? AND platform_message_id = ? AND direction = 'outbound'
                        """, arguments: [channel.description, platformID])
                case .parleyMessage(let channel, let id, let next, let why):
                    status = next
                    reason = why
                    rows = try Row.fetchAll(db, sql: """
                        SELECT id, interaction_id, agent_id, delivery_status FROM messages
                        WHERE channel = ? AND id = ? AND direction = 'outbound'
                        """, arguments: [channel.description, id.rawValue])
                case .upTo(let channel, let thread, let watermark, let next):
                    status = next
                    rows = try Row.fetchAll(db, sql: """
                        SELECT m.id, m.interaction_id, m.agent_id, m.delivery_status FROM messages m
                        JOIN interactions i ON i.id = m.interaction_id
                        WHERE i.channel = ? AND i.thread_key = ? AND m.direction = 'outbound' AND m.sent_at <= ?
                          AND m.delivery_status IN ('sent', 'delivered')
                        """, arguments: [channel.description, thread.description, watermark.storageValue])
                }
                for row in rows {
                    let current = Message.DeliveryStatus(rawValue: row["delivery_status"]) ?? .pending
                    guard current.advances(to: status) else { continue }
                    let id: String = row["id"]
                    try db.execute(sql: "UPDATE messages SET delivery_status = ?, failure_reason = ? WHERE id = ?",
                                   arguments: [status.rawValue, status == .failed ? reason ?? "the platform reported a failure" : nil, id])
                    let interaction = Interaction.ID(row["interaction_id"] as String)
                    let agent = (row["agent_id"] as String?).map { User.ID($0) }
                    events.append(status == .failed
                        ? .messageFailed(MessageFailed(messageID: .init(id), interactionID: interaction,
                                                       reason: reason ?? "the platform reported a failure", agentID: agent))
                        : .messageStatusChanged(MessageStatusChanged(messageID: .init(id), interactionID: interaction, status: status, agentID: agent)))
                }
            }
            if !events.isEmpty { try Self.append(events, at: now, into: db) }
            return events.count
        }
    }
}
