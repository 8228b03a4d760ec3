import Connectors
import Domain
import Foundation
import Storage

/// Parley's own answer while a service is closed: the closure's message, private on private threads and on
/// Messenger, WhatsApp, LINE and web messaging, and as the channel says on public posts.
public enum AutoAnswer {
    /// Platforms whose conversations are private by nature: they are always answered privately.
    static let privateOnly: Set<ChannelKind> = [.messenger, .whatsapp, .line, .webMessaging]

    public static func visibility(for interaction: Interaction, channel: Channel?) -> Visibility {
        guard interaction.visibility == .public, let channel, !privateOnly.contains(channel.kind) else { return .private }
        return channel.autoReplyVisibility
    }

    /// The answer for a closure, with the platform call that delivers it (nil for web messaging, which Parley
    /// delivers itself). Throws when the platform cannot take such a reply (the caller logs it).
    public static func reply(
        to interaction: Interaction, answering message: InboundMessage, channel: Channel?, calendar: BusinessCalendar.ID,
        closure: CalendarClosure, now: Date, ids: any IDGenerator
    ) throws -> NewAutoReply {
        let visibility = visibility(for: interaction, channel: channel)
        let key = channel?.key ?? message.channel
        var delivery: NewOutboxItem?
        if key.kind != .webMessaging {
            let recipient: Identity.Key
            if case .conversation(let customer) = interaction.threadKey { recipient = customer } else { recipient = message.author.key }
            let outbound = OutboundReply(channel: key, threadKey: interaction.threadKey, recipient: recipient, text: closure.message,
                                         attachments: [], visibility: visibility, inReplyTo: message.platformMessageID)
            // A private reply to a comment is keyed by the comment, so agents can still answer other commenters privately.
            let idempotencyKey = visibility == .private && interaction.visibility == .public
                ? PrivateReplyKey.make(interaction: interaction.id, comment: message.platformMessageID, unique: ids.make())
                : "auto-" + ids.make()
            delivery = NewOutboxItem(channel: key, idempotencyKey: idempotencyKey, request: try ReplyComposer.compose(outbound),
                                     createdAt: now, deadline: now + TimeInterval(channel?.maxRetryDuration ?? 3600))
        }
        return NewAutoReply(interactionID: interaction.id, contactID: interaction.contactID, period: closure.periodKey(calendar: calendar),
                            reason: closure.reasonCode, text: closure.message, visibility: visibility, delivery: delivery)
    }
}
