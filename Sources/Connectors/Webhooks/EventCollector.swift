import Domain
import Foundation

/// Collects a delivery's events in order. An event's canonical JSON is encoded only when it is needed: for
/// a content-hash key (events without a platform id) or when payloads were asked for.
struct EventCollector {
    let withPayloads: Bool
    private(set) var events: [InboxEvent] = []
    /// Each event's JSON object, in order (for the normaliser, without encoding and decoding it again).
    private(set) var objects: [JSONObject] = []

    init(withPayloads: Bool) { self.withPayloads = withPayloads }

    /// `key` nil: the event has no platform id, so its key is the hash of its canonical JSON.
    mutating func add(_ object: JSONObject, channel: ChannelKey, key: String?, category: InboxEvent.Category, at: Date?) {
        let bytes = (withPayloads || key == nil) ? JSON.encode(object) : nil
        events.append(InboxEvent(channel: channel, dedupeKey: key ?? JSON.contentHash(bytes!), category: category,
                                 occurredAt: at, index: events.count, payload: withPayloads ? bytes : nil))
        objects.append(object)
    }
}
