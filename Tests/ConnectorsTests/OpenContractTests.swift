import Domain
import Foundation
import Storage
import Testing

@testable import Connectors

/// Version 1 of the open channel contract (docs/connectors/open.md): what an integrator posts, how it is split,
/// normalised and refused.
@Suite struct OpenContractTests {
    func split(_ body: Data) throws -> [InboxEvent] {
        try OpenSplitter.split(body, account: "sms", withPayloads: true).events
    }

    func refusal(_ json: String) -> OpenContractError? {
        do {
            _ = try OpenInbound.parse(Data(json.utf8))
            return nil
        } catch {
            return error
        }
    }

    @Test func aMessageIsKeyedByTheIntegratorsIDOnTheChannelOfItsEndpoint() throws {
        let events = try split(try Fixture.data("open_message.json"))
        #expect(events.count == 1)
        #expect(events[0].channel == ChannelKey(kind: .open, accountID: "sms"))
        #expect(events[0].dedupeKey == "message:ext-778899")
        #expect(events[0].category == .message)
        #expect(abs((events[0].occurredAt?.timeIntervalSince1970 ?? 0) - 1_795_711_628.592) < 0.001)
        // A resend of the same message has the same key, so the inbox stores it once.
        #expect(try split(try Fixture.data("open_message.json"))[0].dedupeKey == events[0].dedupeKey)
    }

    @Test func aMessageNormalisesWithItsRightToLeftAndEmojiTextIntact() throws {
        let event = try #require(try split(try Fixture.data("open_message.json")).first)
        guard case .message(let message) = Normaliser.normalise(event, payload: try #require(event.payload), source: .open) else {
            Issue.record("not a message")
            return
        }
        #expect(message.text == "مرحبا 👋🏽 שלום — order #42?")
        #expect(message.author.key == Identity.Key(platform: .open, scope: "sms", id: "cust-42"))
        #expect(message.author.displayName == "Ann Lee")
        #expect(message.threadKey == .conversation(customer: message.author.key))
        #expect(message.platformMessageID == "ext-778899")
        #expect(message.attachments == [Attachment(kind: .image, url: "https://files.example.com/x.png", mimeType: "image/png", filename: "x.png")])
    }

    @Test func onlyTheRawBytesMatchTheSignature() throws {
        let body = try Fixture.data("open_message.json")
        let header = OpenSignature.scheme.sign(body, secret: "s3cret")
        #expect(header.hasPrefix("sha256=") && Data(base64Encoded: String(header.dropFirst(7)))?.count == 32)
        #expect(OpenSignature.scheme.verify(body, headerValue: header, secret: "s3cret"))
        let reencoded = try JSONSerialization.data(withJSONObject: try JSONSerialization.jsonObject(with: body), options: [.sortedKeys])
        #expect(reencoded != body)
        #expect(!OpenSignature.scheme.verify(reencoded, headerValue: header, secret: "s3cret"))
        #expect(WebhookSignature.of(.open).header == "X-Parley-Signature")
    }

    @Test func aFailedReceiptNamesParleysMessageAndTheIntegratorsReason() throws {
        let events = try split(try Fixture.data("open_receipt.json"))
        #expect(events.map(\.category) == [.receipt])
        #expect(events[0].dedupeKey == "receipt:01JD0000000000000000000000:failed")
        let receipts = ReceiptNormaliser.receipts(events[0], deliveryBody: try Fixture.data("open_receipt.json"), source: .open)
        #expect(receipts == [.parleyMessage(channel: events[0].channel, messageID: "01JD0000000000000000000000", status: .failed,
                                      reason: "the open channel's integrator reports: handset unreachable")])
        #expect(Normaliser.normalise(events[0], deliveryBody: try Fixture.data("open_receipt.json"), source: .open)
            == .skipped("receipt events are recorded, not routed"))
    }

    @Test func readAndDeliveredReceiptsCarryNoReason() throws {
        let body = Data(#"{"version":1,"type":"receipt","messageId":"m1","status":"read"}"#.utf8)
        let event = try #require(try split(body).first)
        #expect(event.occurredAt == nil)
        #expect(ReceiptNormaliser.receipts(event, deliveryBody: body, source: .open)
            == [.parleyMessage(channel: event.channel, messageID: "m1", status: .read, reason: nil)])
    }

    @Test(arguments: [
        ("not json", OpenContractError.Kind.malformedJSON, "not valid JSON"),
        ("[1]", .malformedJSON, "one JSON object"),
        (#"{"type":"message"}"#, .invalidMessage, "missing 'version'"),
        (#"{"version":"1","type":"message"}"#, .invalidMessage, "'version' must be an integer"),
        (#"{"version":2,"type":"message"}"#, .unsupportedVersion, "version 2 is not supported; this Parley reads version 1"),
        (#"{"version":1}"#, .invalidMessage, "missing 'type'"),
        (#"{"version":1,"type":"typing"}"#, .invalidMessage, "'type' is 'typing'"),
        (#"{"version":1,"type":"message","timestamp":"2026-11-26T16:47:08Z","sender":{"id":"c"},"text":"hi"}"#, .invalidMessage, "missing 'id'"),
        (#"{"version":1,"type":"message","id":"","timestamp":"2026-11-26T16:47:08Z","sender":{"id":"c"},"text":"hi"}"#, .invalidMessage, "'id' must be 1 to 200"),
        (#"{"version":1,"type":"message","id":"m","sender":{"id":"c"},"text":"hi"}"#, .invalidMessage, "missing 'timestamp'"),
        (#"{"version":1,"type":"message","id":"m","timestamp":"yesterday","sender":{"id":"c"},"text":"hi"}"#, .invalidMessage, "'timestamp' is 'yesterday'"),
        (#"{"version":1,"type":"message","id":"m","timestamp":"2026-11-26T16:47:08Z","text":"hi"}"#, .invalidMessage, "missing 'sender'"),
        (#"{"version":1,"type":"message","id":"m","timestamp":"2026-11-26T16:47:08Z","sender":{"id":42},"text":"hi"}"#, .invalidMessage, "'sender.id' must be a string"),
        (#"{"version":1,"type":"message","id":"m","timestamp":"2026-11-26T16:47:08Z","sender":{"id":"c"},"text":"  "}"#, .invalidMessage, "no 'text' and no 'attachments'"),
        (#"{"version":1,"type":"message","id":"m","timestamp":"2026-11-26T16:47:08Z","sender":{"id":"c"},"attachments":[{"url":"ftp://x/y"}]}"#, .invalidMessage, "'attachments[0].url' must be an http"),
        (#"{"version":1,"type":"message","id":"m","timestamp":"2026-11-26T16:47:08Z","sender":{"id":"c"},"attachments":[{"url":"https://x/y","type":"sticker"}]}"#, .invalidMessage, "'attachments[0].type' is 'sticker'"),
        (#"{"version":1,"type":"receipt","status":"read"}"#, .invalidMessage, "missing 'messageId'"),
        (#"{"version":1,"type":"receipt","messageId":"m","status":"seen"}"#, .invalidMessage, "'status' is 'seen'"),
    ])
    func brokenBodiesAreRefusedNamingTheField(json: String, kind: OpenContractError.Kind, words: String) {
        let error = refusal(json)
        #expect(error?.kind == kind, "\(json)")
        #expect(error?.message.contains(words) == true, "\(error?.message ?? "accepted"): \(json)")
    }

    @Test func anAttachmentWithoutTextIsAMessage() {
        #expect(refusal(#"{"version":1,"type":"message","id":"m","timestamp":"2026-11-26T16:47:08+01:00","sender":{"id":"c"},"attachments":[{"url":"https://x.example/y.pdf"}]}"#) == nil)
    }

    @Test func theOutboundMessageCarriesVersionRecipientAndAttachmentsAndSignsTheSameEveryTime() throws {
        let message = OpenOutbound(id: "01JD", channel: "sms", recipient: .init(id: "cust-42"), text: "Hi 👋", attachments: nil, inReplyTo: "ext-1")
        let body = message.encoded()
        #expect(String(decoding: body, as: UTF8.self)
            == #"{"channel":"sms","id":"01JD","inReplyTo":"ext-1","recipient":{"id":"cust-42"},"text":"Hi 👋","type":"message","version":1}"#)
        #expect(OpenOutbound.decode(body) == message)
        #expect(message.encoded() == body)
    }

    @Test func integratorAnswersDecideRetries() {
        let now = Date(timeIntervalSince1970: 1_000)
        func outcome(_ status: Int, _ body: String = "", headers: [(String, String)] = []) -> SendOutcome {
            OpenResponse.classify(status: status, headers: headers, body: Data(body.utf8), now: now, messageID: "01JD")
        }
        #expect(outcome(200) == .sent(platformMessageID: "01JD"))
        #expect(outcome(202, #"{"id":"their-id"}"#) == .sent(platformMessageID: "01JD"), "receipts name Parley's id, not the integrator's")
        #expect(outcome(429, headers: [("Retry-After", "30")]) == .rateLimited(until: now + 30, reason: "the integrator answered HTTP 429"))
        #expect(outcome(503, "down for maintenance") == .retryable(reason: "the integrator answered HTTP 503: down for maintenance"))
        #expect(outcome(408) == .retryable(reason: "the integrator answered HTTP 408"))
        #expect(outcome(400, #"{"error":{"code":"unknown_recipient","message":"no such customer"}}"#)
            == .permanent(reason: "the integrator refused the message (HTTP 400): no such customer"))
        guard case .permanent(let reason) = outcome(401, #"{"error":"bad signature"}"#) else {
            Issue.record("401 is not retried")
            return
        }
        #expect(reason.contains("refused Parley's signature") && reason.contains("bad signature"))
    }
}
