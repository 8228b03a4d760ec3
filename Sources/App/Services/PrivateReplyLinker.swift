import Domain
import Logging
import Storage

/// A private reply to a Facebook or Instagram comment reaches the commenter in Messenger (or Instagram
/// Direct), and Meta's answer names them there (`recipient_id`, their page-scoped id). Linking that id to the
/// commenter's contact makes their Messenger conversation continue the same customer's history.
enum PrivateReplyLinker {
    static func link(_ item: OutboxItem, recipient: String, store: any ParleyStore, logger: Logger) async {
        guard [.facebookPage, .instagram].contains(item.channel.kind), let messageID = item.messageID else { return }
        do {
            guard let message = try await store.message(messageID), message.visibility == .private,
                let interaction = try await store.interaction(message.interactionID), interaction.threadKey.visibility == .public
            else { return }
            let platform: Platform = item.channel.kind == .instagram ? .instagram : .facebook
            var contact = interaction.contactID
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
}
