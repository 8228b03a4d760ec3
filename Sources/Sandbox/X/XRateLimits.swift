import Foundation

/// X's per-endpoint rate-limit windows (platforms.md §5.6): every response carries `x-rate-limit-limit`,
/// `x-rate-limit-remaining` and `x-rate-limit-reset` (Unix seconds); a call with nothing remaining is answered
/// 429 until the reset. Windows are 15 minutes, per endpoint, for the one account the sandbox plays.
struct XRateLimits: Sendable {
    enum Endpoint: String, Sendable, CaseIterable, Codable {
        case tweets, likes, retweets
        case directMessages = "direct_messages"
        case users
        case streamRules = "stream_rules"
    }

    struct Window: Sendable {
        var limit: Int
        var remaining: Int
        var resetAt: Date
    }

    static let window: TimeInterval = 15 * 60
    /// X's published per-user limits for the endpoints Parley calls (platforms.md §5.4 gives 200 DMs / 15 min).
    static let defaults: [Endpoint: Int] = [.tweets: 100, .likes: 50, .retweets: 50, .directMessages: 200, .users: 900, .streamRules: 450]

    private var windows: [Endpoint: Window] = [:]

    /// Takes one call from the endpoint's window; nil when none remains (answer 429). Either way the headers.
    mutating func take(_ endpoint: Endpoint, now: Date) -> (allowed: Bool, headers: [String: String]) {
        var window = windows[endpoint] ?? Window(limit: Self.defaults[endpoint] ?? 100, remaining: Self.defaults[endpoint] ?? 100,
                                                 resetAt: now + Self.window)
        if now >= window.resetAt {
            window.remaining = window.limit
            window.resetAt = now + Self.window
        }
        let allowed = window.remaining > 0
        if allowed { window.remaining -= 1 }
        windows[endpoint] = window
        return (allowed, ["x-rate-limit-limit": String(window.limit), "x-rate-limit-remaining": String(window.remaining),
                          "x-rate-limit-reset": String(Int(window.resetAt.timeIntervalSince1970.rounded(.up)))])
    }

    /// Sets an endpoint's window (`PUT /_sandbox/x/rate_limits`): a test exhausts it to see 429.
    mutating func set(_ endpoint: Endpoint, limit: Int?, remaining: Int, resetIn: TimeInterval, now: Date) {
        let limit = limit ?? windows[endpoint]?.limit ?? Self.defaults[endpoint] ?? 100
        windows[endpoint] = Window(limit: limit, remaining: min(remaining, limit), resetAt: now + resetIn)
    }
}
