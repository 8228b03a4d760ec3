import Domain
import Foundation

/// Turns one raw delivery into the events it carries, each with its channel and dedupe key.
/// Pure and fast: it runs before the acknowledgement. A body that cannot be parsed throws, and the
/// delivery is kept as poison.
public enum DeliverySplitter {
    /// `withPayloads`: also cut out each event's JSON (the normaliser wants it; the acknowledgement path does not).
    public static func split(_ body: Data, from source: WebhookSource, withPayloads: Bool = false) throws(SplitError) -> [InboxEvent] {
        try collect(body, from: source, withPayloads: withPayloads).events
    }

    static func collect(_ body: Data, from source: WebhookSource, withPayloads: Bool) throws(SplitError) -> EventCollector {
        switch source {
        case .meta: try MetaSplitter.split(body, withPayloads: withPayloads)
        case .x: try XSplitter.split(body, withPayloads: withPayloads)
        case .line: try LineSplitter.split(body, withPayloads: withPayloads)
        case .open: try OpenSplitter.split(body, withPayloads: withPayloads)
        case .web: try WebSplitter.split(body, withPayloads: withPayloads)
        }
    }

    /// The JSON of the stored event at `index` of a delivery body, for the normaliser.
    public static func payload(of body: Data, from source: WebhookSource, index: Int) -> Data? {
        guard let events = try? split(body, from: source, withPayloads: true), events.indices.contains(index) else { return nil }
        return events[index].payload
    }

    /// The delivery as the inbox stores it: its events, or poison with the reason.
    public static func delivery(_ body: Data, from source: WebhookSource, receivedAt: Date) -> InboundDelivery {
        do {
            let events = try split(body, from: source)
            return InboundDelivery(source: source, receivedAt: receivedAt, body: body, content: .events(events))
        } catch {
            return InboundDelivery(source: source, receivedAt: receivedAt, body: body, content: .poison(reason: error.description))
        }
    }
}
