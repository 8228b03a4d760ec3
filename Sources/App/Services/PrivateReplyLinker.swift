import Domain
import Logging
import Storage

/// A private reply to a Facebook or Instagram comment reaches the commenter in Messenger (or Instagram
/// Direct), and Meta's answer names them there (`recipient_id`, their page-scoped id). Linking that id to the
/// commenter's contact makes their Messenger conversation continue the same customer's history.
///
/// The commenter is the author of the comment the reply answers (its outbox key names it, `PrivateReplyKey`),
/// not the interaction's contact: on a busy post the thread's first author and the answered commenter differ.
enum PrivateReplyLinker {
    static func link(_ item: OutboxItem, recipient: String, store: any ParleyStore, logger: Logger) async {
        guard [.facebookPage, .instagram].contains(item.channel.kind), let messageID = item.messageID else { return }
        do {
            guard let message = try await store.message(messageID), message.visibility == .private,
                let interaction = try await store.interaction(message.interactionID), interaction.threadKey.visibility == .public
            else { return }
            let platform: Platform = item.channel.kind == .instagram ? .instagram : .facebook
            var contact = try await commenter(of: item, in: interaction, store: store) ?? interaction.contactID
            for _ in 0..<3 {
                do {
                    _ = try await store.link(Identity(key: .init(platform: platform, scope: item.channel.accountID, id: recipient)), to: contact)
                    return
                } catch ContactError.merged(_, let into) {
                    contact = into  // the commenter was merged meanwhile: link to whom they became
                }
            }
        } catch ContactError.identityTaken(let key, let other) {
            // They wrote in Messenger before as another contact: a person decides whether to merge (docs/contacts.md).
            logger.notice("a private reply reached a customer Parley knows as another contact; merge them if they are one",
                          metadata: ["identity": "\(key)", "other_contact": "\(other)", "outbox_item": "\(item.id)"])
        } catch {
            logger.warning("the private reply's recipient could not be linked to the commenter",
                           metadata: ["outbox_item": "\(item.id)", "error": "\(error)"])
        }
    }

    /// The contact of the answered comment's author; nil when the key names no comment Parley stored.
    private static func commenter(of item: OutboxItem, in interaction: Interaction, store: any ParleyStore) async throws -> Contact.ID? {
        guard let comment = PrivateReplyKey.comment(in: item.idempotencyKey, of: interaction.id) else { return nil }
        var after: Message.ID?
        while true {
            let page = try await store.messages(of: interaction.id, after: after, limit: 500)
            if let answered = page.first(where: { $0.direction == .inbound && $0.platformMessageID == comment }) {
                guard let author = answered.author else { return nil }
                return try await store.contactID(owning: author)
            }
            guard page.count == 500, let last = page.last else { return nil }
            after = last.id
        }
    }
}
