import Foundation

/// Cuts X's filtered stream (platforms.md §5.5) into lines as its bytes arrive: one JSON object per line ending
/// `\r\n`, and bare `\r\n` keep-alives about every 20 s. TCP chunks do not follow lines, so a line (or the `\r`
/// and `\n` of its end) may be split across chunks: the buffer keeps the unfinished tail until the rest comes.
/// What is left when the connection ends was never finished and is dropped by `reset()`, never parsed.
public struct XStreamLineBuffer: Sendable {
    public enum Item: Sendable, Equatable {
        /// A complete line, without its `\r\n`.
        case line(Data)
        /// A blank line: X's keep-alive. It carries nothing, but it proves the connection is alive.
        case keepAlive
        /// A line longer than the limit: its bytes were skipped up to its end (`bytes` counted), not kept.
        case oversized(bytes: Int)
    }

    /// The longest line kept; X's tweets with expansions are a few kilobytes, so anything near this is not a tweet.
    public let maxLineBytes: Int
    private var pending: [UInt8] = []
    /// Skipping the rest of an oversized line: how many bytes it had so far.
    private var skipped: Int?
    /// The last skipped byte was `\r`: a `\n` now ends the oversized line.
    private var lastSkippedWasCR = false

    public init(maxLineBytes: Int = 1 << 20) {
        self.maxLineBytes = maxLineBytes
    }

    /// Bytes of the unfinished line held (for tests and metrics).
    public var pendingBytes: Int { pending.count }

    /// Adds one chunk and answers the lines it completed, in order.
    public mutating func append(_ chunk: some Sequence<UInt8>) -> [Item] {
        var items: [Item] = []
        for byte in chunk {
            if byte == 0x0A, pending.last == 0x0D || (skipped != nil && lastSkippedWasCR) {
                // `\r\n` ends the line; a lone `\n` inside a line is kept as data (JSON escapes real newlines anyway).
                if let count = skipped {
                    items.append(.oversized(bytes: count - 1))
                    skipped = nil
                    lastSkippedWasCR = false
                } else {
                    pending.removeLast()
                    items.append(pending.isEmpty ? .keepAlive : .line(Data(pending)))
                    pending.removeAll(keepingCapacity: pending.count < 64 << 10)
                }
                continue
            }
            if let count = skipped {
                skipped = count + 1
                lastSkippedWasCR = byte == 0x0D
                continue
            }
            pending.append(byte)
            if pending.count > maxLineBytes + 1 {
                // Keep no more of it: count the rest until the line ends, then report it once.
                skipped = pending.count
                lastSkippedWasCR = byte == 0x0D
                pending.removeAll()
            }
        }
        return items
    }

    /// The connection ended: an unfinished line is dropped (a half tweet is not a tweet). Answers how many bytes were dropped.
    @discardableResult
    public mutating func reset() -> Int {
        let dropped = pending.count + (skipped ?? 0)
        pending.removeAll()
        skipped = nil
        lastSkippedWasCR = false
        return dropped
    }
}
