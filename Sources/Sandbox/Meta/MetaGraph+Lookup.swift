import Foundation

/// Reads a channel health check and the media and template flows make: the token's owner (`/me`), the token
/// itself (`/debug_token`), the app's webhook subscription, WhatsApp templates, and single objects (media,
/// posts, comments).
extension MetaWorld {
    static let scopes = ["pages_messaging", "pages_manage_metadata", "pages_read_engagement", "pages_show_list",
                         "pages_manage_engagement", "instagram_basic", "instagram_manage_messages", "instagram_manage_comments",
                         "whatsapp_business_messaging", "whatsapp_business_management"]

    func me(_ request: GraphRequest, _ context: GraphContext) -> GraphAnswer {
        let accounts = context.accounts
        let id = tokens.account(of: request.token) ?? accounts.facebookPage
        let names = [accounts.facebookPage: accounts.pageName, accounts.instagramAccount: accounts.instagramUsername,
                     accounts.whatsappNumber: accounts.pageName + " (WhatsApp)"]
        return .json(["id": id, "name": names[id] ?? accounts.pageName])
    }

    /// Checks `input_token` the way Graph's token debugger does; the caller's own token only has to be acceptable.
    func debugToken(_ request: GraphRequest, _ context: GraphContext) throws(GraphError) -> GraphAnswer {
        guard let input = request.string("input_token"), !input.isEmpty else { throw .missingParameter("input_token") }
        let now = Int(context.now.timeIntervalSince1970)
        var data: [String: Any] = ["app_id": context.accounts.metaApp, "application": "Parley Sandbox", "type": "PAGE",
                                   "profile_id": tokens.account(of: input) ?? context.accounts.facebookPage]
        if let problem = tokens.problem(with: input, account: nil, strict: true, now: context.now) {
            var error: [String: Any] = ["code": problem.code, "message": problem.message]
            error["subcode"] = problem.subcode
            data["error"] = error
            data["is_valid"] = false
            data["scopes"] = [String]()
            data["expires_at"] = tokens.expired[input].map { Int($0.timeIntervalSince1970) } ?? 0
        } else {
            data["is_valid"] = true
            data["scopes"] = Self.scopes
            // Page tokens from a long-lived user token never expire; their data access does, after 90 days.
            data["expires_at"] = 0
            data["data_access_expires_at"] = now + 90 * 24 * 3600
            data["issued_at"] = now - 24 * 3600
        }
        return .json(["data": data])
    }

    /// The app's webhook subscriptions: one per object, all pointing at Parley (none when the sandbox has no Parley).
    func subscriptions(_ app: String, _ context: GraphContext) throws(GraphError) -> GraphAnswer {
        guard app == context.accounts.metaApp else { throw .unsupported("GET", id: app) }
        guard let parley = context.parleyURL else { return .json(["data": [Any]()]) }
        let objects = [("page", ["messages", "messaging_postbacks", "message_echoes", "message_deliveries", "message_reads", "message_reactions", "feed"]),
                       ("instagram", ["messages", "messaging_postbacks", "messaging_seen", "message_reactions", "comments", "mentions"]),
                       ("whatsapp_business_account", ["messages"])]
        let data = objects.map { object, fields -> [String: Any] in
            ["object": object, "callback_url": "\(parley)/webhooks/meta", "active": true,
             "fields": fields.map { ["name": $0, "version": "v21.0"] }]
        }
        return .json(["data": data])
    }

    /// `GET /{waba-id}/message_templates`, filtered by `name`, `language` and `status`, paged by `after`.
    func templatesPage(_ request: GraphRequest) -> GraphAnswer {
        let listed = templates.enumerated().filter { _, template in
            request.string("name").map { $0 == template.name } ?? true
                && request.string("language").map { $0 == template.language } ?? true
                && request.string("status").map { $0 == (template.status ?? "APPROVED") } ?? true
        }
        let start = request.string("after").flatMap { Data(base64Encoded: $0) }.flatMap { Int(String(decoding: $0, as: UTF8.self)) }.map { $0 + 1 } ?? 0
        let limit = min(max(request.int("limit") ?? 25, 1), 100)
        let page = Array(listed.dropFirst(start).prefix(limit))
        func cursor(_ position: Int) -> String { Data(String(position).utf8).base64EncodedString() }
        var paging: [String: Any] = ["cursors": ["before": cursor(start), "after": cursor(start + max(page.count - 1, 0))]]
        if start + page.count < listed.count { paging["next"] = request.url(replacing: ["after": cursor(start + page.count - 1)]) }
        return .json(["data": page.map { $0.element.json(index: $0.offset) }, "paging": paging])
    }

    /// `GET /{id}`: one of the sandbox's accounts (page, Instagram account, WhatsApp number — what a channel
    /// check reads), a WhatsApp media object (with a short-lived URL the token must accompany), a post or a comment.
    func object(_ id: String, _ request: GraphRequest, _ context: GraphContext) throws(GraphError) -> GraphAnswer {
        let accounts = context.accounts
        switch id {
        case accounts.facebookPage: return .json(["id": id, "name": accounts.pageName])
        case accounts.instagramAccount: return .json(["id": id, "username": accounts.instagramUsername, "name": accounts.pageName])
        case accounts.whatsappNumber:
            return .json(["id": id, "display_phone_number": accounts.whatsappDisplayNumber, "verified_name": accounts.pageName,
                          "quality_rating": "GREEN"])
        default: break
        }
        if let file = media[id] {
            return .json(["id": id, "messaging_product": "whatsapp", "mime_type": file.mimeType, "sha256": file.sha256,
                          "file_size": file.bytes.count, "url": "\(request.sandboxURL)/_sandbox/media/\(id)"])
        }
        if let post = feed.post(id) { return .json(json(post)) }
        if let comment = feed.comment(id), !comment.isRemoved { return .json(json(comment)) }
        throw .unsupported("GET", id: id)
    }
}
