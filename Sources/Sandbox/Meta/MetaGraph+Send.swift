import Foundation

/// `POST /{id}/messages`: the Messenger/Instagram Send API (platforms.md §1.5, §3), private replies (§2.4) and
/// WhatsApp sends (§4.2), each checked against Meta's rules before it is accepted.
extension MetaWorld {
    mutating func send(on account: String, _ request: GraphRequest, _ context: GraphContext) throws(GraphError) -> GraphAnswer {
        if request.string("messaging_product") == "whatsapp" { return try whatsappSend(from: account, request, context) }
        guard let recipient = request.object("recipient") else { throw .missingParameter("recipient") }
        if let target = (recipient["comment_id"] ?? recipient["post_id"]) as? String {
            return try privateReply(to: target, on: account, request, context)
        }
        guard let psid = recipient["id"] as? String, !psid.isEmpty else { throw .missingParameter("recipient[id]") }
        let message = request.object("message")
        let action = request.string("sender_action")
        guard message != nil || action != nil else { throw .invalidParameter("Must send either message or state") }
        try checkUploaded(((message?["attachment"] as? [String: Any])?["payload"] as? [String: Any])?["attachment_id"] as? String)
        if let text = message?["text"] as? String, text.unicodeScalars.count > 2000 {
            throw .invalidParameter("Length of param message[text] must be less than or equal to 2000")
        }
        let known = customer(psid, on: account)
        if let problem = MetaRules.directMessage(to: known, messagingType: request.string("messaging_type"), tag: request.string("tag"),
                                                 strict: strict, now: context.now) {
            throw problem
        }
        guard action == nil else { return .json(["recipient_id": psid]) }
        let mid = ids.mid()
        var followUps: [MetaFollowUp] = []
        if echoes {
            let surface = known?.surface ?? (account == context.accounts.instagramAccount ? .instagram : .messenger)
            let page = account != "me" ? account : (surface == .instagram ? context.accounts.instagramAccount : context.accounts.facebookPage)
            followUps.append(.echo(surface: surface, account: page, customer: psid, mid: mid,
                                   text: message?["text"] as? String, metadata: message?["metadata"] as? String))
        }
        return .json(["recipient_id": psid, "message_id": mid], followUps: followUps)
    }

    /// One private reply per comment or visitor post, within 7 days of it. Meta answers with the commenter's
    /// PSID, which the sandbox derives from the comment (`SandboxState.psid(forComment:)`); that person has no
    /// open window until they write back.
    private mutating func privateReply(to target: String, on account: String, _ request: GraphRequest,
                                       _ context: GraphContext) throws(GraphError) -> GraphAnswer {
        guard let message = request.object("message"), message["text"] != nil || message["attachment"] != nil else {
            throw .invalidParameter("Must send either message or state")
        }
        let comment = feed.comment(target)
        let created = comment?.createdAt ?? feed.post(target)?.createdAt
        let surface: Surface = comment?.surface == .instagram ? .instagram : .messenger
        if let problem = MetaRules.privateReply(created: created, alreadyAnswered: privateReplies.contains(target), surface: surface,
                                                strict: strict, now: context.now) {
            throw problem
        }
        privateReplies.insert(target)
        let psid = SandboxState.psid(forComment: target)
        if created != nil {
            let owner = comment?.account ?? feed.post(target)?.account ?? account
            if customers[owner]?[psid] == nil { customers[owner, default: [:]][psid] = Customer(surface: surface, lastMessageAt: nil) }
        }
        return .json(["recipient_id": psid, "message_id": ids.mid()])
    }

    private mutating func whatsappSend(from phoneNumberID: String, _ request: GraphRequest,
                                       _ context: GraphContext) throws(GraphError) -> GraphAnswer {
        if request.string("status") == "read" {
            guard request.string("message_id") != nil else { throw .missingParameter("message_id") }
            return .success
        }
        guard let to = request.string("to"), !to.isEmpty else { throw .missingParameter("to") }
        let waID = to.filter(\.isNumber)
        let type = request.string("type") ?? "text"
        let wamid = ids.wamid()
        var followUps: [MetaFollowUp] = []
        var sent: [String: Any] = ["id": wamid]
        if type == "template" {
            try checkTemplate(request.object("template"))
            sent["message_status"] = "accepted"
        } else {
            if type == "text", (request.object("text")?["body"] as? String)?.isEmpty ?? true { throw .missingParameter("text['body']") }
            try checkUploaded(request.object(type)?["id"] as? String)
            if let problem = MetaRules.whatsappFreeForm(to: customer(waID, on: phoneNumberID), strict: strict, now: context.now) {
                guard whatsappWindowErrors == .async else { throw problem }
                followUps.append(.whatsappStatus(phoneNumberID: phoneNumberID, wamid: wamid, recipient: waID, status: "failed", error: problem))
            }
        }
        if echoes && followUps.isEmpty {
            followUps = ["sent", "delivered"].map {
                .whatsappStatus(phoneNumberID: phoneNumberID, wamid: wamid, recipient: waID, status: $0, error: nil)
            }
        }
        return .json(["messaging_product": "whatsapp", "contacts": [["input": to, "wa_id": waID]], "messages": [sent]],
                     followUps: followUps)
    }

    /// A template send names an approved template in its language and fills each body placeholder.
    private func checkTemplate(_ template: [String: Any]?) throws(GraphError) {
        guard let name = template?["name"] as? String else { throw .missingParameter("template['name']") }
        let language = (template?["language"] as? [String: Any])?["code"] as? String ?? ""
        guard let known = templates.first(where: { $0.name == name && $0.language == language && $0.isApproved }) else {
            throw .templateMissing(name, language: language.isEmpty ? "the request (no language code)" : language)
        }
        let given = MessageTemplate.bodyParameters(in: template?["components"])
        if given != known.bodyParameters { throw .templateParameters(expected: known.bodyParameters, got: given) }
    }
}
