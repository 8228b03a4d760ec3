import Domain
import Foundation
import Logging

extension ChannelCheck {
    /// An X channel with `oauth:`: when its stored access token expires, and whether X refreshes it now. Refreshing is
    /// the only way to know, so the check performs one and stores the new pair like the running Parley would (the
    /// refresh token it used is spent; a running Parley picks the stored one up at its next refresh). Answers the
    /// findings and the access token to check the account with.
    func xOAuth(_ channel: Domain.Channel) async -> (findings: [Finding], token: String?) {
        let oauth: XOAuthChannel
        do {
            guard let resolved = try XOAuthChannel.all(config, box: box).first(where: { $0.id == channel.id }) else { return ([], nil) }
            oauth = resolved
        } catch {
            return ([Finding(level: .failure, topic: "oauth", text: "cannot read channels[].oauth: \(error)")], nil)
        }
        var findings: [Finding] = []
        let client = oauth.client.secret == nil ? "public client" : "confidential client (Basic authentication)"
        findings.append(Finding(level: .ok, topic: "oauth", text: "client \(oauth.client.id), \(client)"))
        guard let tokenPost else {
            return (findings + [Finding(level: .warning, topic: "oauth", text: "refresh not tried (no HTTP client)")], nil)
        }
        var quiet = Logger(label: "parley.channel-check")
        quiet.logLevel = .critical
        let refresher = XTokenRefresher(store: store, sealer: box, post: tokenPost, apiBase: xBase, clock: FixedClock(moment: now), logger: quiet)
        do {
            if let stored = try await refresher.stored(oauth) {
                let left = stored.accessExpiresAt.timeIntervalSince(now)
                findings.append(Finding(level: .ok, topic: "oauth",
                                        text: left > 0 ? "stored access token expires in \(DurationWords.span(left)) (\(ISO8601DateFormatter().string(from: stored.accessExpiresAt)))"
                                            : "stored access token expired \(DurationWords.ago(-left)); Parley refreshes it before the next send"))
            } else {
                findings.append(Finding(level: .ok, topic: "oauth", text: "no token stored yet for the configured refresh_token: the first refresh uses it"))
            }
        } catch {
            findings.append(Finding(level: .failure, topic: "oauth", text: "cannot read the stored tokens (\(error)): was the secret key changed?"))
            return (findings, nil)
        }
        switch await refresher.refresh(oauth, held: nil) {
        case .refreshed(let tokens, let stored):
            findings.append(Finding(level: stored ? .ok : .failure, topic: "oauth",
                                    text: "refreshed now: X issued a new access token, valid until \(ISO8601DateFormatter().string(from: tokens.accessExpiresAt)), "
                                        + (stored ? "and a new refresh token; both are stored (the one used is spent)"
                                               : "but storing it failed: the new refresh token is lost; authorise the app again")))
            return (findings, tokens.accessToken)
        case .refused(let reason):
            findings.append(Finding(level: .failure, topic: "oauth", text: "\(XTokenKeeper.refusedAdvice): X answered \(reason)"))
        case .failed(let reason):
            findings.append(Finding(level: .failure, topic: "oauth", text: "could not refresh now (\(reason)); check the network or platforms.x.api_base_url"))
        }
        return (findings, nil)
    }
}

/// A clock that stays at one moment (a one-off check).
struct FixedClock: WallClock {
    let moment: Date
    func now() -> Date { moment }
}

extension DurationWords {
    static func span(_ seconds: TimeInterval) -> String {
        switch seconds {
        case ..<60: "\(Int(max(0, seconds))) s"
        case ..<3600: "\(Int(seconds / 60)) min"
        case ..<86400: "\(Int(seconds / 3600)) h \(Int(seconds.truncatingRemainder(dividingBy: 3600) / 60)) min"
        default: "\(Int(seconds / 86400)) days"
        }
    }
}
