import Domain
import Foundation

/// Turns one raw delivery into the events it carries, each with its channel and dedupe key.
/// Pure and fast: it runs before the acknowledgement. A body that cannot be parsed throws, and the
/// delivery is kept as poison.
public enum DeliverySplitter {
    public static func split(_ body: Data, from source: WebhookSource) throws(SplitError) -> [InboxEvent] {
        switch source {
        case .meta: try MetaSplitter.split(body)
        case .x: try XSplitter.split(body)
        case .line: try LineSplitter.split(body)
        case .open: try OpenSplitter.split(body)
        }
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
