import Domain
import Foundation

/// What both stores write for the media queue, decided once here so SQLite and PostgreSQL cannot drift apart.
package struct MediaQueueRow: Sendable {
    package var id: MediaFetch.ID
    package var position: Int
    package var source: String
    package var state: MediaFetch.State
    package var reason: String?

    /// One row per attachment: pending when Parley fetches it, skipped (with why) when there is nothing to fetch.
    package static func rows(_ message: Message.ID, channel: String, attachments: [Attachment]) -> [MediaQueueRow] {
        let key = ChannelKey(channel)
        return attachments.enumerated().map { position, attachment in
            let id = MediaFetch.id(message: message, position: position)
            if let key, let source = MediaFetch.source(of: attachment, on: key) {
                return MediaQueueRow(id: id, position: position, source: source, state: .pending)
            }
            return MediaQueueRow(id: id, position: position, source: attachment.url ?? "", state: .skipped,
                                 reason: attachment.url == nil ? "no file to fetch" : "not a platform file Parley fetches")
        }
    }

    /// The columns an outcome sets.
    package struct Change: Sendable {
        package var state: MediaFetch.State
        package var reason: String?
        package var file: String?
        package var mimeType: String?
        package var size: Int?
        package var nextAttemptAt: Date
    }

    package static func change(_ outcome: MediaFetchOutcome, now: Date) -> Change {
        switch outcome {
        case .stored(let file, let mimeType, let size):
            Change(state: .stored, file: file, mimeType: mimeType, size: size, nextAttemptAt: now)
        case .retry(let at, let reason):
            Change(state: .pending, reason: reason, nextAttemptAt: at)
        case .failed(let reason):
            Change(state: .failed, reason: reason, nextAttemptAt: now)
        }
    }
}
