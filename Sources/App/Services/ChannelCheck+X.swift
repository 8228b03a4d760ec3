import Domain
import Foundation

extension ChannelCheck {
    /// X (platforms.md §5.1, §5.4): the user token reads the channel's own account (`GET /2/users/me`), and the
    /// webhook endpoint can answer X's CRC checks (a consumer secret is configured), without which X disables it.
    func xChannel(_ token: String, channel: Domain.Channel) async -> [Finding] {
        var findings: [Finding] = []
        let base = xBase
        guard let answer = await fetch(base + "/2/users/me", token) else {
            return [Finding(level: .failure, topic: "x api", text: "\(base) did not answer: check the network or platforms.x.api_base_url")]
        }
        let object = (try? JSONSerialization.jsonObject(with: answer.body)) as? [String: Any] ?? [:]
        let data = object["data"] as? [String: Any]
        switch answer.status {
        case 200 where data?["id"] as? String == channel.accountID:
            findings.append(Finding(level: .ok, topic: "token", text: "reads the account: @\(data?["username"] as? String ?? "?") (\(channel.accountID))"))
        case 200:
            findings.append(Finding(level: .failure, topic: "token",
                                    text: "the token is for account \(data?["id"] as? String ?? "?"), not \(channel.accountID): use this account's user token "
                                        + "or fix channels[].account_id (deliveries are matched by for_user_id)"))
        case 401, 403:
            findings.append(Finding(level: .failure, topic: "token",
                                    text: "X refused the token (HTTP \(answer.status)): it expired or was revoked; authorize the app again and update channels[].access_token"))
        case 429:
            findings.append(Finding(level: .warning, topic: "token", text: "X answered 429 (rate limit): try again after the reset"))
        default:
            findings.append(Finding(level: .failure, topic: "token", text: "unexpected answer from X (HTTP \(answer.status))"))
        }
        let hasSecret = config.platforms.x.webhookSecret != nil || !config.platforms.x.apps.isEmpty
        findings.append(hasSecret
            ? Finding(level: .ok, topic: "webhook", text: "a consumer secret is configured: /webhooks/x answers CRC checks and verifies signatures")
            : Finding(level: .failure, topic: "webhook",
                      text: "no consumer secret (platforms.x.webhook_secret): X's CRC check fails and X stops delivering mentions and DMs"))
        return findings
    }

    var xBase: String {
        let base = xBaseOverride ?? config.platforms.x.apiBaseURL ?? "https://api.x.com"
        return base.hasSuffix("/") ? String(base.dropLast()) : base
    }
}
