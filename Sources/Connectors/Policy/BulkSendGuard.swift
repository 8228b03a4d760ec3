import Foundation

/// X anti-bulk rules for one account: no identical automatic message to many people, no identical direct
/// message (whoever writes it) to many people in a short time (seed 003 lines 139–143), and no more direct
/// messages a day than X takes (platforms.md §5.4: ~1,000 DMs / 24 h per user, uncertain). Pure: every
/// call takes the time.
public struct BulkSendGuard: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable { case directMessage, publicReply }

    struct Sent: Sendable, Hashable {
        var recipient: String
        var fingerprint: String
        var kind: Kind
        var automatic: Bool
        var at: Date
    }

    /// How many different people may receive the same automatic text within `window`.
    public var maxIdenticalRecipients: Int
    public var maxDirectMessages: Int
    public var window: TimeInterval
    /// How many different people may receive the same direct message, by anyone, within `identicalDirectMessageWindow`:
    /// an agent pasting one standard response to a few customers is service, to dozens within the hour is bulk.
    public var maxIdenticalDirectMessageRecipients: Int
    public var identicalDirectMessageWindow: TimeInterval
    private var sent: [Sent] = []

    public init(maxIdenticalRecipients: Int = 3, maxDirectMessages: Int = 1000, window: TimeInterval = 24 * 3600,
                maxIdenticalDirectMessageRecipients: Int = 10, identicalDirectMessageWindow: TimeInterval = 3600) {
        self.maxIdenticalRecipients = maxIdenticalRecipients
        self.maxDirectMessages = maxDirectMessages
        self.window = window
        self.maxIdenticalDirectMessageRecipients = maxIdenticalDirectMessageRecipients
        self.identicalDirectMessageWindow = min(identicalDirectMessageWindow, window)
    }

    /// Nil when the message may go; otherwise the sentence saying why not.
    public func refusal(to recipient: String, text: String?, kind: Kind, automatic: Bool, now: Date) -> String? {
        let recent = sent.filter { $0.at <= now && now.timeIntervalSince($0.at) < window }
        if kind == .directMessage, recent.count(where: { $0.kind == .directMessage }) >= maxDirectMessages {
            return "the account has sent \(maxDirectMessages) direct messages in the last \(DurationText.format(window)), "
                + "the most X takes; try again later"
        }
        if kind == .directMessage, let text {
            let fingerprint = Self.fingerprint(text)
            let others = Set(recent.filter {
                $0.kind == .directMessage && $0.fingerprint == fingerprint && $0.recipient != recipient
                    && now.timeIntervalSince($0.at) < identicalDirectMessageWindow
            }.map(\.recipient))
            if others.count >= maxIdenticalDirectMessageRecipients {
                return "this direct message was already sent word for word to \(others.count) other people in the last "
                    + "\(DurationText.format(identicalDirectMessageWindow)); X forbids bulk identical DMs: write it for this customer"
            }
        }
        if automatic, let text {
            let fingerprint = Self.fingerprint(text)
            let others = Set(recent.filter { $0.automatic && $0.fingerprint == fingerprint && $0.recipient != recipient }.map(\.recipient))
            if others.count >= maxIdenticalRecipients {
                return "this automatic message was already sent word for word to \(others.count) other people in the last "
                    + "\(DurationText.format(window)); X forbids identical automated messages to many people: vary it or answer by hand"
            }
        }
        return nil
    }

    public mutating func record(to recipient: String, text: String?, kind: Kind, automatic: Bool, at date: Date) {
        sent.removeAll { date.timeIntervalSince($0.at) >= window }
        sent.append(Sent(recipient: recipient, fingerprint: Self.fingerprint(text ?? ""), kind: kind, automatic: automatic, at: date))
    }

    /// Texts that differ only in case and spacing are the same message.
    static func fingerprint(_ text: String) -> String {
        text.lowercased().split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }
}
