import Foundation
import Testing

@testable import Connectors

/// X's filtered stream read from TCP chunks (platforms.md §5.5, fixture idea 5).
@Suite struct XStreamLineBufferTests {
    static func tweetLine() throws -> Data {
        var line = try Fixture.data("x_stream_tweet.json")
        while line.last == 0x0A || line.last == 0x0D { line.removeLast() }
        return line
    }

    static let operationalDisconnect = Data(#"{"errors":[{"title":"operational-disconnect","disconnect_type":"OperationalDisconnect","detail":"This stream has been disconnected for operational reasons.","type":"https://api.twitter.com/2/problems/operational-disconnect"}]}"#.utf8)

    @Test func aKeepAliveASplitTweetAndAnOperationalDisconnectAreReadInOrder() throws {
        let tweet = try Self.tweetLine()
        let crlf = Data("\r\n".utf8)
        let cut = tweet.count / 2
        var buffer = XStreamLineBuffer()
        #expect(buffer.append(crlf) == [.keepAlive])
        #expect(buffer.append(tweet.prefix(cut)) == [], "half a line is held, not parsed")
        #expect(buffer.pendingBytes == cut)
        let second = buffer.append(tweet.dropFirst(cut) + crlf)
        #expect(second == [.line(tweet)])
        #expect(buffer.append(Self.operationalDisconnect + crlf) == [.line(Self.operationalDisconnect)])
        #expect(buffer.pendingBytes == 0)

        #expect(XStreamMessage.parse(tweet) == .tweet(id: "1862000000000000002", tags: ["parley:acme-x", "marketing"]))
        guard case .errors(let problems) = XStreamMessage.parse(Self.operationalDisconnect) else {
            Issue.record("the error line was not read as errors")
            return
        }
        #expect(problems.map(\.title) == ["operational-disconnect"] && problems[0].disconnectType == "OperationalDisconnect")
    }

    @Test func aPartialLineAtDisconnectIsDroppedNotParsed() throws {
        let tweet = try Self.tweetLine()
        var buffer = XStreamLineBuffer()
        #expect(buffer.append(tweet.prefix(100)) == [])
        #expect(buffer.reset() == 100)
        // The next connection starts clean: its first line is not glued to the dropped half.
        #expect(buffer.append(tweet + Data("\r\n".utf8)) == [.line(tweet)])
    }

    @Test func carriageReturnAndLineFeedSplitAcrossChunksStillEndTheLine() {
        var buffer = XStreamLineBuffer()
        #expect(buffer.append(Data(#"{"a":1}"#.utf8) + Data([0x0D])) == [])
        #expect(buffer.append(Data([0x0A])) == [.line(Data(#"{"a":1}"#.utf8))])
        // A keep-alive split the same way.
        #expect(buffer.append(Data([0x0D])) == [])
        #expect(buffer.append(Data([0x0A, 0x0D, 0x0A])) == [.keepAlive, .keepAlive])
        // A bare line feed inside a line is not an end (X ends lines with \r\n).
        #expect(buffer.append(Data("a\nb\r\n".utf8)) == [.line(Data("a\nb".utf8))])
    }

    @Test func aHugeLineIsSkippedWithinTheLimitAndTheNextLineIsRead() {
        var buffer = XStreamLineBuffer(maxLineBytes: 1000)
        var items: [XStreamLineBuffer.Item] = []
        for _ in 0..<50 { items += buffer.append(Data(repeating: 0x61, count: 4096)) }
        #expect(items.isEmpty)
        #expect(buffer.pendingBytes <= 1001, "never holds more than the limit")
        items += buffer.append(Data("\r\n{\"data\":{\"id\":\"1\"}}\r\n".utf8))
        #expect(items == [.oversized(bytes: 50 * 4096), .line(Data(#"{"data":{"id":"1"}}"#.utf8))])
    }

    @Test func linesThatAreNotTweetsOrErrorsAreUnreadable() {
        guard case .unreadable = XStreamMessage.parse(Data("not json".utf8)) else {
            Issue.record("garbage was not refused")
            return
        }
        guard case .unreadable = XStreamMessage.parse(Data(#"{"meta":{}}"#.utf8)) else {
            Issue.record("an object of no known shape was not refused")
            return
        }
    }
}
