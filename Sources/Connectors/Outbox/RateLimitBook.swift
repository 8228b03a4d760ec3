import Domain
import Foundation
import Storage
import Synchronization

/// What each platform endpoint said of its rate limit on its last answer (X's `x-rate-limit-limit`,
/// `-remaining` and `-reset` on every response, platforms.md §5.6). An endpoint with nothing remaining holds its
/// channel's sends until the reset, so the outbox waits instead of spending a call to be told 429. Windows are per
/// channel and endpoint: X counts tweets, DMs and likes separately.
public final class RateLimitBook: Sendable {
    private let held = Mutex<[String: Date]>([:])

    public init() {}

    /// Reads the headers of one answer to `request` on `channel`.
    public func note(_ channel: ChannelKey, request: OutboundRequest, headers: [(String, String)]) {
        func value(_ name: String) -> String? { headers.first { $0.0.lowercased() == name }?.1 }
        guard let remaining = value("x-rate-limit-remaining").flatMap(Int.init),
            let reset = value("x-rate-limit-reset").flatMap(Double.init) else { return }
        let key = Self.key(channel, request)
        held.withLock { held in
            if remaining <= 0 { held[key] = Date(timeIntervalSince1970: reset) } else { held[key] = nil }
        }
    }

    /// When the endpoint `request` calls may be called again, if its window is exhausted now.
    public func heldUntil(_ channel: ChannelKey, request: OutboundRequest, now: Date) -> Date? {
        held.withLock { $0[Self.key(channel, request)] }.flatMap { $0 > now ? $0 : nil }
    }

    /// `POST /2/dm_conversations/with/123/messages` and `…/with/456/messages` are one endpoint: ids are not part of it.
    static func key(_ channel: ChannelKey, _ request: OutboundRequest) -> String {
        let path = request.path.split(separator: "?").first.map(String.init) ?? request.path
        let endpoint = path.split(separator: "/").map { segment in segment.allSatisfy(\.isNumber) ? ":id" : String(segment) }
        return "\(channel) \(request.method) /" + endpoint.joined(separator: "/")
    }
}
