import Engagement
import Foundation
import Testing

@Suite struct DeliveryRedactionTests {
    @Test func onlyStringsEqualToAMaskedTextChangeIdentifiersStay() throws {
        let body = Data(#"{"entry":[{"id":"4111111111111111","time":1767225600000,"messaging":[{"sender":{"id":"4111111111111111"},"message":{"mid":"m_1","text":"card 4111 1111 1111 1111 ok"}}]}],"object":"page"}"#.utf8)
        let redacted = try #require(DeliveryRedaction.redact(body, replacing: ["card 4111 1111 1111 1111 ok": "card •••• •••• •••• 1111 ok"]))
        let object = try #require(try JSONSerialization.jsonObject(with: redacted) as? [String: Any])
        let entry = try #require((object["entry"] as? [[String: Any]])?.first)
        let messaging = try #require((entry["messaging"] as? [[String: Any]])?.first)
        #expect((messaging["message"] as? [String: Any])?["text"] as? String == "card •••• •••• •••• 1111 ok")
        #expect(entry["id"] as? String == "4111111111111111" && (messaging["sender"] as? [String: Any])?["id"] as? String == "4111111111111111",
                "a Luhn-valid id is not a message's text: untouched")
        #expect((entry["time"] as? NSNumber)?.int64Value == 1_767_225_600_000)
    }

    @Test func nothingToChangeOrNotJSONGivesNil() {
        #expect(DeliveryRedaction.redact(Data(#"{"text":"hi"}"#.utf8), replacing: ["other": "•"]) == nil)
        #expect(DeliveryRedaction.redact(Data("not json".utf8), replacing: ["not json": "•"]) == nil)
        #expect(DeliveryRedaction.redact(Data(#"{"text":"hi"}"#.utf8), replacing: [:]) == nil)
    }
}
