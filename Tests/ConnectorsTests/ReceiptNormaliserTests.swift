import Domain
import Foundation
import Storage
import Testing

@testable import Connectors

/// Receipts as Meta sends them, read into what they say about Parley's messages.
@Suite struct ReceiptNormaliserTests {
    func receipts(_ body: Data, _ source: WebhookSource) throws -> [DeliveryReceipt] {
        try DeliverySplitter.split(body, from: source, withPayloads: false).filter { $0.category == .receipt }
            .flatMap { ReceiptNormaliser.receipts($0, deliveryBody: body, source: source) }
    }

    @Test func whatsAppStatusesNameTheirMessage() throws {
        let channel = ChannelKey(kind: .whatsapp, accountID: "106540352242922")
        #expect(try receipts(try Fixture.data("whatsapp_mixed.json"), .meta) == [
            .message(channel: channel, platformMessageID: "wamid.OUT1", status: .read, reason: nil),
            .message(channel: channel, platformMessageID: "wamid.OUT1", status: .delivered, reason: nil),
        ])
        let failed = Data(#"{"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"messages","value":{"messaging_product":"whatsapp","metadata":{"phone_number_id":"106540352242922"},"statuses":[{"id":"wamid.OUT2","status":"failed","timestamp":"1749416390","recipient_id":"16505551234","errors":[{"code":131047,"title":"Re-engagement message"}]}]}}]}]}"#.utf8)
        #expect(try receipts(failed, .meta) == [.message(channel: channel, platformMessageID: "wamid.OUT2", status: .failed,
                                                         reason: "WhatsApp error 131047: Re-engagement message")])
    }

    @Test func messengerDeliveryAndReadCoverTheConversation() throws {
        let body = Data(#"{"object":"page","entry":[{"id":"103149398319188","time":1767225700000,"messaging":[{"sender":{"id":"6543210987654321"},"recipient":{"id":"103149398319188"},"timestamp":1767225700000,"delivery":{"mids":["m_a","m_b"],"watermark":1767225690000}},{"sender":{"id":"6543210987654321"},"recipient":{"id":"103149398319188"},"timestamp":1767225710000,"read":{"watermark":1767225705000}},{"sender":{"id":"6543210987654321"},"recipient":{"id":"103149398319188"},"timestamp":1767225720000,"delivery":{"watermark":1767225715000}}]}]}"#.utf8)
        let channel = ChannelKey(kind: .messenger, accountID: "103149398319188")
        let thread = ThreadKey.conversation(customer: Identity.Key(platform: .facebook, scope: "103149398319188", id: "6543210987654321"))
        #expect(try receipts(body, .meta) == [
            .message(channel: channel, platformMessageID: "m_a", status: .delivered, reason: nil),
            .message(channel: channel, platformMessageID: "m_b", status: .delivered, reason: nil),
            .upTo(channel: channel, thread: thread, watermark: Date(timeIntervalSince1970: 1_767_225_705), status: .read),
            .upTo(channel: channel, thread: thread, watermark: Date(timeIntervalSince1970: 1_767_225_715), status: .delivered),
        ])
    }
}
