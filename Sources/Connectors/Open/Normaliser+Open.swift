import Domain
import Foundation
import Storage

extension Normaliser {
    /// The open channel: a customer's message, by the integrator's ids, which are opaque within the channel.
    static func open(_ object: JSONObject, _ event: InboxEvent) -> InboundMessage? {
        guard case .message(let message) = try? OpenInbound.read(object) else { return nil }
        let author = Identity(key: Identity.Key(platform: .open, scope: event.channel.accountID, id: message.senderID),
                              displayName: message.senderName)
        return InboundMessage(channel: event.channel, platformMessageID: message.id, author: author,
                              threadKey: .conversation(customer: author.key), text: message.text, attachments: message.attachments,
                              sentAt: message.timestamp)
    }
}

extension ReceiptNormaliser {
    /// The open channel: the integrator names Parley's message by the `id` Parley posted it with — Parley's own
    /// message id, so a receipt that overtakes the answer to the post still finds its message.
    static func open(_ object: JSONObject, channel: ChannelKey) -> [DeliveryReceipt] {
        guard case .receipt(let receipt) = try? OpenInbound.read(object) else { return [] }
        let status: Message.DeliveryStatus = switch receipt.status {
        case .delivered: .delivered
        case .read: .read
        case .failed: .failed
        }
        let reason = receipt.status == .failed
            ? "the open channel's integrator reports: " + (receipt.reason.flatMap { $0.isEmpty ? nil : $0 } ?? "the message could not be delivered")
            : nil
        return [.parleyMessage(channel: channel, messageID: .init(receipt.messageID), status: status, reason: reason)]
    }
}
