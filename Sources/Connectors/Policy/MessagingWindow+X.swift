import Domain
import Foundation

extension MessagingWindow {
    /// X direct messages (seed 004 lines 3420–3426, seed 000 lines 282–292): only to a person who has DMed
    /// the account, follows it, or accepts DMs from anyone. Automatic DMs only to a person who DMed first
    /// (X's automation rules forbid unsolicited automated DMs).
    static func xDirectMessage(_ context: SendContext, now: Date) -> SendWindow {
        let recipient = context.xRecipient
        let wroteByDM = recipient.hasDirectMessagedAccount || (context.thread == .private && context.customerLastWroteAt != nil)
        guard context.customerLastWroteAt != nil || wroteByDM else {
            return unsolicited(.x, hint: "answer a tweet or a DM of theirs instead")
        }
        if context.author == .automatic, !wroteByDM {
            return .denied(.xDirectMessage, "automatic direct messages go only to people who have sent the account a DM; "
                + "answer publicly instead")
        }
        if wroteByDM {
            return SendWindow(canSend: true, rule: .xDirectMessage, explanation: "the customer has sent the account a direct message, so it can DM them")
        }
        if recipient.followsAccount == true || recipient.acceptsDirectMessagesFromAnyone == true {
            let why = recipient.followsAccount == true ? "follows the account" : "accepts direct messages from anyone"
            return SendWindow(canSend: true, rule: .xDirectMessage, explanation: "the customer \(why), so the account can DM them")
        }
        return .denied(.xDirectMessage, "X allows a direct message only to people who follow the account, accept DMs from anyone, "
            + "or have DMed it before; reply publicly and ask them to follow and send a DM")
    }
}
