import Domain
import Foundation
import Storage
import Testing

@testable import Connectors

/// X's rate-limit headers, read on every answer (platforms.md §5.6): an exhausted window holds its endpoint only.
@Suite struct RateLimitBookTests {
    let x = ChannelKey(kind: .x, accountID: "2244994945")
    let now = Date(timeIntervalSince1970: 1_767_225_600)

    func request(_ path: String) -> OutboundRequest { OutboundRequest(path: path, body: Data()) }

    func headers(remaining: Int, resetIn: Int) -> [(String, String)] {
        [("x-rate-limit-limit", "200"), ("X-Rate-Limit-Remaining", String(remaining)),
         ("x-rate-limit-reset", String(Int(now.timeIntervalSince1970) + resetIn))]
    }

    @Test func anExhaustedWindowHoldsItsEndpointUntilTheReset() {
        let book = RateLimitBook()
        book.note(x, request: request("/2/dm_conversations/with/111/messages"), headers: headers(remaining: 0, resetIn: 60))
        // Another recipient is the same endpoint; tweets and another channel are not.
        #expect(book.heldUntil(x, request: request("/2/dm_conversations/with/222/messages"), now: now) == now + 60)
        #expect(book.heldUntil(x, request: request("/2/tweets"), now: now) == nil)
        #expect(book.heldUntil(ChannelKey(kind: .x, accountID: "9"), request: request("/2/dm_conversations/with/222/messages"), now: now) == nil)
        #expect(book.heldUntil(x, request: request("/2/dm_conversations/with/222/messages"), now: now + 60) == nil, "released at the reset")
    }

    @Test func aWindowWithCallsLeftOrNoHeadersHoldsNothing() {
        let book = RateLimitBook()
        book.note(x, request: request("/2/tweets"), headers: headers(remaining: 0, resetIn: 60))
        book.note(x, request: request("/2/tweets"), headers: headers(remaining: 5, resetIn: 900))
        #expect(book.heldUntil(x, request: request("/2/tweets"), now: now) == nil)
        book.note(x, request: request("/2/tweets"), headers: [("content-type", "application/json")])
        #expect(book.heldUntil(x, request: request("/2/tweets"), now: now) == nil)
    }
}
