import Domain
import Foundation
import Storage

/// Delivery and read receipts (research/platforms.md §1.3, §4.1): what they say about messages Parley sent.
/// Pure, like `Normaliser`: the same stored event always gives the same receipts.
public enum ReceiptNormaliser {
    public static func receipts(_ event: InboxEvent, deliveryBody: Data, source: WebhookSource) -> [DeliveryReceipt] {
        guard event.category == .receipt,
            let objects = try? DeliverySplitter.collect(deliveryBody, from: source, withPayloads: false).objects,
            objects.indices.contains(event.index)
        else { return [] }
        return receipts(event, object: objects[event.index])
    }

    static func receipts(_ event: InboxEvent, object: JSONObject) -> [DeliveryReceipt] {
        switch event.channel.kind {
        case .whatsapp: whatsapp(object, channel: event.channel).map { [$0] } ?? []
        case .messenger, .instagram: messaging(object, channel: event.channel)
        case .open: open(object, channel: event.channel)
        default: []
        }
    }

    /// `statuses[]`: one message by its wamid — sent, delivered, read, or failed with Meta's error.
    static func whatsapp(_ object: JSONObject, channel: ChannelKey) -> DeliveryReceipt? {
        guard let status = object.object("status"), let id = status.string("id"), let state = status.string("status") else { return nil }
        let next: Message.DeliveryStatus
        switch state {
        case "sent": next = .sent
        case "delivered": next = .delivered
        case "read": next = .read
        case "failed": next = .failed
        default: return nil
        }
        var reason: String?
        if next == .failed {
            let error = status.objects("errors").first
            let code = error?.string("code").map { " \($0)" } ?? ""
            reason = "WhatsApp error\(code): " + (error?.string("title") ?? error?.string("message") ?? "the message could not be delivered")
        }
        return .message(channel: channel, platformMessageID: id, status: next, reason: reason)
    }

    /// Messenger and Instagram: `delivery` names messages (`mids`) or gives a watermark; `read` gives a watermark
    /// up to which everything in the conversation with the sender was seen.
    static func messaging(_ object: JSONObject, channel: ChannelKey) -> [DeliveryReceipt] {
        guard let customer = object.object("sender")?.string("id") else { return [] }
        let platform: Platform = channel.kind == .instagram ? .instagram : .facebook
        let thread = ThreadKey.conversation(customer: Identity.Key(platform: platform, scope: channel.accountID, id: customer))
        if let delivery = object.object("delivery") {
            let mids = (delivery["mids"] as? [Any])?.compactMap { $0 as? String } ?? []
            if !mids.isEmpty {
                return mids.map { .message(channel: channel, platformMessageID: $0, status: .delivered, reason: nil) }
            }
            guard let watermark = JSON.millis(delivery.double("watermark")) else { return [] }
            return [.upTo(channel: channel, thread: thread, watermark: watermark, status: .delivered)]
        }
        if let read = object.object("read"), let watermark = JSON.millis(read.double("watermark")) {
            return [.upTo(channel: channel, thread: thread, watermark: watermark, status: .read)]
        }
        return []
    }
}
