import Domain
import Foundation
import Testing

@testable import Connectors

/// Messages that are not plain text (platforms.md §1.4, §4.1): what the agent reads of a pressed button, a
/// shared link, a place, a contact card, a list choice.
@Suite struct RichMessageNormaliserTests {
    func message(_ json: String) throws -> InboundMessage {
        let events = try DeliverySplitter.split(Data(json.utf8), from: .meta, withPayloads: true)
        let event = try #require(events.first)
        guard case .message(let message) = Normaliser.normalise(event, payload: try #require(event.payload), source: .meta) else {
            Issue.record("not a message: \(event.category)")
            throw CocoaError(.coderInvalidValue)
        }
        return message
    }

    static func messenger(_ inner: String) -> String {
        #"{"object":"page","entry":[{"id":"103149398319188","time":1767225600000,"messaging":[{"sender":{"id":"6543210987654321"},"recipient":{"id":"103149398319188"},"timestamp":1767225600000,\#(inner)}]}]}"#
    }

    static func whatsapp(_ message: String) -> String {
        #"{"object":"whatsapp_business_account","entry":[{"id":"102290129340398","changes":[{"field":"messages","value":{"messaging_product":"whatsapp","metadata":{"phone_number_id":"106540352242922"},"contacts":[{"profile":{"name":"Sheena N."},"wa_id":"16505551234"}],"messages":[{"from":"16505551234","id":"wamid.X1","timestamp":"1767225600",\#(message)}]}}]}]}"#
    }

    @Test func aPostbackIsTheCustomerWritingTheButtonsTitle() throws {
        let message = try message(Self.messenger(#""postback":{"mid":"m_pb1","title":"Track my order","payload":"TRACK"}"#))
        #expect(message.text == "Track my order")
        #expect(message.platformMessageID == "m_pb1")
        #expect(message.threadKey == .conversation(customer: message.author.key))
    }

    @Test func sharedPostsAndLinksAreLinks() throws {
        let message = try message(Self.messenger(#""message":{"mid":"m_l1","attachments":[{"type":"fallback","title":"Our new store","url":"https://example.com/store"},{"type":"ig_reel","payload":{"url":"https://cdn.example.com/reel"}},{"type":"sticker","payload":{"url":"https://cdn.example.com/s.png","sticker_id":369239263222822}}]}"#))
        #expect(message.attachments.map(\.kind) == [.link, .link, .sticker])
        #expect(message.attachments.first?.url == "https://example.com/store")
        #expect(message.attachments.first?.filename == "Our new store")
    }

    @Test func aSharedPlaceReadsAsItsNameAndAddressWithItsCoordinates() throws {
        let message = try message(Self.whatsapp(#""type":"location","location":{"latitude":40.4168,"longitude":-3.7038,"name":"Acme Store","address":"Gran Vía 1, Madrid"}"#))
        #expect(message.text == "📍 Acme Store, Gran Vía 1, Madrid")
        #expect(message.attachments == [Attachment(kind: .location, url: "geo:40.4168,-3.7038")])
        let bare = try self.message(Self.whatsapp(#""type":"location","location":{"latitude":1.5,"longitude":2}"#))
        #expect(bare.text == "📍 Location")
    }

    @Test func aContactCardAndAListChoiceAreReadable() throws {
        let card = try message(Self.whatsapp(#""type":"contacts","contacts":[{"name":{"formatted_name":"Ana López","first_name":"Ana"},"phones":[{"phone":"+34 600 000 000","type":"CELL"}]}]"#))
        #expect(card.text == "Shared contact: Ana López (+34 600 000 000)")
        let choice = try message(Self.whatsapp(#""type":"interactive","interactive":{"type":"list_reply","list_reply":{"id":"opt2","title":"Change delivery date"}}"#))
        #expect(choice.text == "Change delivery date")
    }
}
