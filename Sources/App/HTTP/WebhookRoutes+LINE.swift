import Domain
import Foundation
import Logging

extension WebhookRoutes {
    /// A LINE channel id that has no endpoint, with the ones that have.
    func unknownLineChannel(_ channel: String) -> AppError {
        let known = secrets.lineChannels.keys.sorted().map { "/webhooks/line/\($0)" }
        let listed = known.isEmpty ? "no LINE channel has a channel_secret" : "configured: " + known.joined(separator: ", ")
        return AppError.notFound("No LINE channel '\(channel)' with its own endpoint on this Parley; \(listed).")
    }

    /// An endpoint for one account (a LINE channel) takes only events addressed to that account: a delivery for
    /// another bot, signed with this channel's secret, means its `account_id` is wrong, and storing it would put
    /// its events on a channel Parley does not know. Refused, so the mistake shows in LINE's console and here.
    func checkAccount(_ delivery: InboundDelivery, endpoint: WebhookSecrets.Endpoint, path: String, logger: Logger) throws {
        guard let account = endpoint.account, case .events(let events) = delivery.content,
            let other = events.first(where: { $0.channel.accountID != account })?.channel.accountID
        else { return }
        logger.warning("webhook for another account refused", metadata: ["endpoint": "\(path)", "destination": "\(other)"])
        throw AppError(.unprocessableContent, code: "wrong_account",
                       message: "This delivery is for \(other), but \(path) serves \(account): set the channel's account_id to the bot's user id \(other).")
    }
}
