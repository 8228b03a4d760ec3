import Domain
import Foundation

/// `parley channel check` for a LINE channel: the channel access token reads the bot (`GET /v2/bot/info`) and it
/// is the channel's bot; LINE delivers webhooks to this channel's Parley endpoint and the endpoint is active; the
/// channel secret that verifies them is configured.
extension ChannelCheck {
    func lineChecks(_ token: String?, channel: Domain.Channel) async -> [Finding] {
        var findings = [lineSecret(channel)]
        guard let token else { return findings }
        guard let info = await lineGet("/v2/bot/info", bearer: token) else {
            return findings + [Finding(level: .failure, topic: "line", text: "\(lineBase) did not answer: check the network or platforms.line.api_base_url")]
        }
        guard info.status == 200 else {
            let fix = info.status == 401 ? "LINE refused the channel access token: issue a new one in the LINE Developers console (Messaging API tab) and update channels[].access_token"
                : "LINE could not read the bot"
            return findings + [Finding(level: .failure, topic: "token", text: "\(fix) (HTTP \(info.status): \(info.object["message"] as? String ?? "no message"))")]
        }
        let bot = info.object["userId"] as? String ?? "?"
        let name = info.object["displayName"] as? String ?? "(no name)"
        if bot == channel.accountID {
            findings.append(Finding(level: .ok, topic: "token", text: "reads the bot: \(name) (\(bot))"))
        } else {
            findings.append(Finding(level: .failure, topic: "token",
                                    text: "the token is bot \(name)'s (\(bot)), not \(channel.accountID): set channels[].account_id to \(bot), or use this channel's token"))
        }
        findings.append(await lineWebhook(token, channel: channel))
        return findings
    }

    /// Which secret verifies the channel's webhooks, and at which endpoint.
    private func lineSecret(_ channel: Domain.Channel) -> Finding {
        if let references = config.channelLineSecrets[channel.id] {
            do {
                _ = try references.map(box.resolve)
                return Finding(level: .ok, topic: "webhooks", text: "channel_secret configured: deliveries go to /webhooks/line/\(channel.id)")
            } catch {
                return Finding(level: .failure, topic: "webhooks", text: "cannot read channels[].channel_secret: \(error)")
            }
        }
        if config.platforms.line.webhookSecret != nil {
            return Finding(level: .ok, topic: "webhooks", text: "verified with platforms.line.webhook_secret at /webhooks/line (set channel_secret for an endpoint of its own)")
        }
        return Finding(level: .failure, topic: "webhooks",
                       text: "no channel_secret: Parley refuses this channel's webhooks. Set channels[].channel_secret to {env: VARIABLE} (Basic settings tab)")
    }

    /// The webhook URL set in LINE's console: this channel's endpoint, and switched on.
    private func lineWebhook(_ token: String, channel: Domain.Channel) async -> Finding {
        let expected = config.channelLineSecrets[channel.id] == nil ? "/webhooks/line" : "/webhooks/line/\(channel.id)"
        guard let answer = await lineGet("/v2/bot/channel/webhook/endpoint", bearer: token), answer.status == 200,
            let endpoint = answer.object["endpoint"] as? String
        else { return Finding(level: .warning, topic: "webhooks", text: "could not read the webhook URL set in LINE's console") }
        if (answer.object["active"] as? Bool) == false {
            return Finding(level: .failure, topic: "webhooks", text: "\"Use webhook\" is off in LINE's console: LINE sends nothing to \(endpoint)")
        }
        guard URL(string: endpoint)?.path == expected else {
            return Finding(level: .failure, topic: "webhooks", text: "LINE delivers to \(endpoint), not to Parley's \(expected): change the webhook URL in LINE's console")
        }
        return Finding(level: .ok, topic: "webhooks", text: "LINE delivers to \(endpoint)")
    }

    private func lineGet(_ path: String, bearer: String) async -> (status: Int, object: [String: Any])? {
        guard let answer = await fetch(lineBase + path, bearer) else { return nil }
        return (answer.status, (try? JSONSerialization.jsonObject(with: answer.body)) as? [String: Any] ?? [:])
    }
}
