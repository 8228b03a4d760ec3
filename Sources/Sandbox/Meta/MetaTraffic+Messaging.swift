import Foundation

/// Messenger and Instagram direct messages (platforms.md §1.3, §1.4, §3): `entry[].messaging[]`, times in
/// milliseconds, attachments without text on the sandbox's CDN, and the echoes of our own sends.
extension MetaTraffic {
    enum MessagingContent {
        case text(String)
        case quickReply((title: String, payload: String))
        /// `image`, `file` or `sticker`.
        case attachment(String)
        case postback((title: String, payload: String))
    }

    mutating func randomMessengerContent() -> MessagingContent {
        switch random.nextRandom() % 20 {
        case 0..<11: .text(random.pick(random.chance(50) ? MetaSamples.openers : MetaSamples.followUps))
        case 11..<13: .attachment("image")
        case 13: .attachment("file")
        case 14: .attachment("sticker")
        case 15..<17: .postback(random.pick(MetaSamples.postbacks))
        default: .quickReply(random.pick(MetaSamples.quickReplies))
        }
    }

    /// A customer's message (or postback) to the page or Instagram account; it opens their 24 h window.
    mutating func messaging(_ content: MessagingContent, on surface: MetaWorld.Surface, from person: Person, at: Date) -> Event {
        let account = surface == .instagram ? accounts.instagramAccount : accounts.facebookPage
        let millis = Int64(at.timeIntervalSince1970 * 1000)
        let mid = surface == .instagram ? "aWdfZAG1faXRlbToxOklHTWVzc2FnZA\(random.randomID(digits: 20))" : "m_\(random.randomID(digits: 24))"
        var event: [String: Any] = ["sender": ["id": person.id], "recipient": ["id": account], "timestamp": millis]
        var facts: [MetaFact] = [.customerWrote(account: account, customer: person.id, surface: surface, at: at)]
        let kind: String
        switch content {
        case .text(let text):
            kind = "text"
            event["message"] = ["mid": mid, "text": text]
        case .quickReply(let reply):
            kind = "quick_reply"
            event["message"] = ["mid": mid, "text": reply.title, "quick_reply": ["payload": reply.payload]]
        case .postback(let postback):
            kind = "postback"
            event["postback"] = ["mid": mid, "title": postback.title, "payload": postback.payload]
        case .attachment(let type):
            kind = type
            let file = type == "file" ? MediaFile.receipt(id: random.randomID(digits: 15))
                : type == "sticker" ? MediaFile.sticker(id: random.randomID(digits: 15)) : MediaFile.photo(id: random.randomID(digits: 15))
            facts.append(.media(file))
            var payload: [String: Any] = ["url": "\(sandboxURL)/_sandbox/cdn/\(file.id)/\(file.filename)"]
            if type == "sticker" { payload["sticker_id"] = 369_239_263_222_822 }
            event["message"] = ["mid": mid, "attachments": [["type": type, "payload": payload]]]
        }
        let object = surface == .instagram ? "instagram" : "page"
        return Event(kind: "\(surface.rawValue).\(kind)", delivery: signed(["object": object, "entry": [["id": account, "time": millis, "messaging": [event]]]]),
                     facts: facts)
    }

    /// What Meta sends after one of our sends: the echo of a Messenger or Instagram message (`is_echo`, our
    /// `app_id` as a number, the `metadata` we set), a WhatsApp status, or the page's own comment.
    mutating func followUp(_ followUp: MetaFollowUp, at: Date) -> Event {
        switch followUp {
        case .echo(let surface, let account, let customer, let mid, let text, let metadata):
            let millis = Int64(at.timeIntervalSince1970 * 1000)
            var message: [String: Any] = ["mid": mid, "is_echo": true, "app_id": Int(accounts.metaApp) ?? 0]
            message["text"] = text
            message["metadata"] = metadata
            let event: [String: Any] = ["sender": ["id": account], "recipient": ["id": customer], "timestamp": millis, "message": message]
            return Event(kind: "\(surface.rawValue).echo", delivery: signed(["object": surface == .instagram ? "instagram" : "page",
                                                                             "entry": [["id": account, "time": millis, "messaging": [event]]]]), facts: [])
        case .whatsappStatus(let phoneNumberID, let wamid, let recipient, let status, let error):
            return whatsappStatus(phoneNumberID: phoneNumberID, wamid: wamid, recipient: recipient, status: status, error: error, at: at)
        case .pageComment(let comment):
            return feedEvent(comment, verb: "add", post: customerPosts[comment.postID] ?? companyPost, at: at, facts: [])
        }
    }
}
