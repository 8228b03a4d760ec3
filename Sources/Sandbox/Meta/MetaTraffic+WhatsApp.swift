import Foundation

/// WhatsApp Cloud API webhooks (platforms.md §4.1): `entry[].changes[].value` with our number's `metadata`,
/// the customer's `contacts` profile, and `messages` whose `timestamp` is a string of Unix seconds; statuses
/// for our own sends.
extension MetaTraffic {
    enum WhatsAppContent {
        case text(String)
        case image(caption: String)
        case location((name: String?, address: String?, latitude: Double, longitude: Double))
        case interactive((id: String, title: String, kind: String))
    }

    mutating func randomWhatsAppContent() -> WhatsAppContent {
        switch random.nextRandom() % 10 {
        case 0..<6: .text(random.pick(MetaSamples.whatsappTexts + MetaSamples.followUps))
        case 6, 7: .image(caption: random.pick(MetaSamples.captions))
        case 8: .location(random.pick(MetaSamples.places))
        default: .interactive(random.pick(MetaSamples.interactiveReplies))
        }
    }

    /// A customer's message to our number; it opens their 24 h window. An image is a media object the
    /// customer's client uploaded: Parley fetches it with `GET /{media-id}` and the token.
    mutating func whatsapp(_ content: WhatsAppContent, from person: Person, at: Date) -> Event {
        var message: [String: Any] = ["from": person.id, "id": "wamid.HBgL\(person.id)FQIAEhgU\(random.randomID(digits: 20))",
                                      "timestamp": String(Int(at.timeIntervalSince1970))]
        var facts: [MetaFact] = [.customerWrote(account: accounts.whatsappNumber, customer: person.id, surface: .whatsapp, at: at)]
        let kind: String
        switch content {
        case .text(let text):
            kind = "text"
            message["text"] = ["body": text]
        case .image(let caption):
            kind = "image"
            let file = MediaFile.photo(id: random.randomID(digits: 16))
            facts.append(.media(file))
            message["image"] = ["id": file.id, "mime_type": file.mimeType, "sha256": file.sha256, "caption": caption]
        case .location(let place):
            kind = "location"
            var location: [String: Any] = ["latitude": place.latitude, "longitude": place.longitude]
            location["name"] = place.name
            location["address"] = place.address
            message["location"] = location
        case .interactive(let reply):
            kind = "interactive"
            message["interactive"] = ["type": reply.kind, reply.kind: ["id": reply.id, "title": reply.title]]
            // A reply to one of our interactive messages quotes it.
            message["context"] = ["from": accounts.whatsappDisplayNumber, "id": "wamid.HBgL\(random.randomID(digits: 28))"]
        }
        message["type"] = kind
        let value: [String: Any] = [
            "messaging_product": "whatsapp", "metadata": metadata,
            "contacts": [["profile": ["name": person.name], "wa_id": person.id]], "messages": [message],
        ]
        return Event(kind: "whatsapp.\(kind)", delivery: changes(value), facts: facts)
    }

    /// The status of one of our sends; a failure carries its error as WhatsApp's `errors[]`.
    func whatsappStatus(phoneNumberID: String, wamid: String, recipient: String, status: String, error: GraphError?, at: Date) -> Event {
        var entry: [String: Any] = ["id": wamid, "status": status, "timestamp": String(Int(at.timeIntervalSince1970)), "recipient_id": recipient]
        if let error {
            let title = error.message.replacing(#/^\(#[0-9]+\) /#, with: "")
            entry["errors"] = [["code": error.code, "title": title, "message": title, "error_data": ["details": error.details ?? title],
                                "href": "https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes/"] as [String: Any]]
        } else if status == "sent" {
            entry["conversation"] = ["id": String(wamid.suffix(12)), "origin": ["type": "service"]]
            entry["pricing"] = ["billable": true, "pricing_model": "PMP", "category": "service"] as [String: Any]
        }
        var value: [String: Any] = ["messaging_product": "whatsapp", "statuses": [entry]]
        value["metadata"] = ["display_phone_number": accounts.whatsappDisplayNumber, "phone_number_id": phoneNumberID]
        return Event(kind: "whatsapp.status.\(status)", delivery: changes(value), facts: [])
    }

    private var metadata: [String: Any] {
        ["display_phone_number": accounts.whatsappDisplayNumber, "phone_number_id": accounts.whatsappNumber]
    }

    private func changes(_ value: [String: Any]) -> TrafficGenerator.Delivery {
        signed(["object": "whatsapp_business_account",
                "entry": [["id": accounts.whatsappBusinessAccount, "changes": [["field": "messages", "value": value]]]]])
    }
}
