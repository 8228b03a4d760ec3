/// The address a request came from. Behind a trusted reverse proxy it is the right-most `X-Forwarded-For`
/// entry that is not itself a trusted proxy; otherwise the TCP peer. Untrusted peers cannot spoof it.
enum ClientAddress {
    static func resolve(peer: String?, forwardedFor: String?, trusted: Set<String>) -> String {
        let peer = peer ?? "unknown"
        guard trusted.contains(peer), let forwardedFor else { return peer }
        let hops = forwardedFor.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        return hops.last { !trusted.contains($0) } ?? peer
    }
}

import Foundation
