import Domain
import Engagement
import Testing

@Suite struct ResponseMatcherTests {
    let library = [
        StandardResponse(id: "refund", title: "Refund policy", category: "Billing", text: "Refunds take 5 days.",
                         keywords: ["refund", "money back"]),
        StandardResponse(id: "order", title: "Order status", category: "Orders", text: "Your order is on its way.",
                         keywords: ["order status", "where is my order", "tracking"], channelKinds: [.whatsapp, .messenger]),
        StandardResponse(id: "cafe", title: "Café opening hours", category: "General", text: "We open at 8.", keywords: ["opening hours"]),
        StandardResponse(id: "hello", title: "Greeting", category: "General", text: "Hi {customer.first_name}!", keywords: ["hello", "hi"]),
    ]

    @Test func searchIgnoresCaseAndAccentsAndNeedsEveryWord() {
        #expect(ResponseMatcher.search(library, query: "CAFE", category: nil, kind: nil).map(\.id) == ["cafe"])
        #expect(ResponseMatcher.search(library, query: "café hours", category: nil, kind: nil).map(\.id) == ["cafe"])
        #expect(ResponseMatcher.search(library, query: "money", category: nil, kind: nil).map(\.id) == ["refund"], "keywords are searched")
        #expect(ResponseMatcher.search(library, query: "refund banana", category: nil, kind: nil).isEmpty)
        #expect(ResponseMatcher.search(library, query: nil, category: nil, kind: nil).map(\.id) == ["refund", "cafe", "hello", "order"],
                "by category, then title")
    }

    @Test func categoryAndChannelNarrowTheList() {
        #expect(ResponseMatcher.search(library, query: "", category: "general", kind: nil).map(\.id) == ["cafe", "hello"])
        #expect(ResponseMatcher.search(library, query: nil, category: nil, kind: .x).map(\.id) == ["refund", "cafe", "hello"])
        #expect(ResponseMatcher.categories(library) == ["Billing", "General", "Orders"])
    }

    @Test func keywordsMatchWholeWordsAndPhrasesInOrder() {
        let order = library[1]
        #expect(ResponseMatcher.score(order, message: "Hi, what's my ORDER status?") == 2)
        #expect(ResponseMatcher.score(order, message: "status of my order") == 0, "a phrase's words must be in order")
        #expect(ResponseMatcher.score(order, message: "Where is my order?? tracking says nothing") == 5)
        #expect(ResponseMatcher.score(library[3], message: "this is a test") == 0, "'hi' is not matched inside 'this'")
        #expect(ResponseMatcher.score(library[0], message: "") == 0)
    }

    @Test func suggestionsComeFirstByScore() {
        let ranked = ResponseMatcher.suggestFirst(library, message: "Hello! Where is my order? I want my money back")
        #expect(ranked.map(\.response.id) == ["order", "refund", "hello", "cafe"])
        #expect(ranked.map(\.score) == [4, 2, 1, 0])
        #expect(ResponseMatcher.suggestFirst(library, message: nil).allSatisfy { $0.score == 0 })
    }
}
