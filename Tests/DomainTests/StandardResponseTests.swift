import Domain
import Testing

@Suite struct StandardResponseTests {
    let greeting = "Hi {customer.first_name}, {agent.first_name} here from {channel.name}. ({customer.name} / {agent.name})"

    @Test func placeholdersAreFilledWithTheConversationsNames() {
        let fill = ResponseFill(customerName: "Ana María Pérez", agentName: "Jordan Lee", channelName: "Acme WhatsApp")
        #expect(fill.fill(greeting) == "Hi Ana, Jordan here from Acme WhatsApp. (Ana María Pérez / Jordan Lee)")
        #expect(fill.fill("No placeholders {at all} { } {:)} {") == "No placeholders {at all} { } {:)} {")
    }

    @Test func missingNamesFallBackToWordsThatStillRead() {
        let fill = ResponseFill(customerName: nil, agentName: "  ", channelName: nil)
        #expect(fill.fill("Hi {customer.first_name}, {customer.name}!") == "Hi there!")
        #expect(fill.fill("{agent.name} / {agent.first_name} at {channel.name}") == "our team / our team at us")
        #expect(ResponseFill(customerName: "", agentName: nil, channelName: nil).fill("Hi {customer.first_name}") == "Hi there")
    }

    @Test func anUnknownCustomerAddressedAfterACommaIsLeftOutWithTheComma() {
        let unknown = ResponseFill(customerName: nil, agentName: "Ann Lee", channelName: "Acme")
        #expect(unknown.fill("I'm sorry about that, {customer.first_name}. I've started your refund.") == "I'm sorry about that. I've started your refund.")
        #expect(unknown.fill("Glad I could help,  {customer.name}!") == "Glad I could help!")
        #expect(unknown.fill("Hi {customer.first_name},\nthanks for writing.") == "Hi there,\nthanks for writing.")
        #expect(unknown.fill(",{customer.name}") == "")
        #expect(unknown.fill("{customer.name}, welcome") == "there, welcome")
        // Only the customer's name: an agent's fallback after a comma still reads.
        #expect(ResponseFill(customerName: "Bo", agentName: nil, channelName: nil).fill("Regards, {agent.name}") == "Regards, our team")
        // A known name is always filled.
        #expect(ResponseFill(customerName: "Ana Pérez", agentName: nil, channelName: nil).fill("Sorry, {customer.first_name}.") == "Sorry, Ana.")
    }

    @Test func unusualNamesAreKeptWhole() {
        // Combining marks, a name without spaces, an emoji with a ZWJ, right-to-left text, a leading tab.
        let names: [(String, String)] = [
            ("Zoe\u{0308} Ødegård", "Zoë"), ("李小龙", "李小龙"), ("👩‍💻 Dev", "👩‍💻"), ("محمد علي", "محمد"), ("\tŁukasz  Nowak ", "Łukasz"),
        ]
        for (name, first) in names {
            let fill = ResponseFill(customerName: name, agentName: "A", channelName: "C")
            #expect(fill.fill("Hi {customer.first_name}") == "Hi \(first)")
            #expect(fill.fill("{customer.name}") == name.trimmingCharacters(in: .whitespacesAndNewlines))
        }
    }

    @Test func aValueThatLooksLikeAPlaceholderStaysLiteral() {
        // A customer who calls themselves "{agent.name}" must not make the reply leak or repeat anything.
        let fill = ResponseFill(customerName: "{agent.name} {customer.name}", agentName: "Jordan", channelName: "{channel.name}")
        #expect(fill.fill("Hi {customer.name}, I am {agent.name} on {channel.name}")
                == "Hi {agent.name} {customer.name}, I am Jordan on {channel.name}")
    }

    @Test func unknownPlaceholdersAreRefusedByName() throws {
        let bad = StandardResponse(id: "r1", title: "T", text: "Hi {customer.firstname}, see {order.id} and {customer.firstname}")
        #expect(ResponsePlaceholder.unknown(in: bad.text) == ["customer.firstname", "order.id"])
        let problem = try #require(bad.problem)
        #expect(problem.field == "text")
        #expect(problem.message.contains("{customer.firstname}, {order.id}") && problem.message.contains("{customer.first_name}"))
        #expect(StandardResponse(id: "r1", title: "T", text: greeting).problem == nil)
    }

    @Test func otherInvalidResponsesNameTheirField() {
        #expect(StandardResponse(id: "Bad Id", title: "T", text: "x").problem?.field == "id")
        #expect(StandardResponse(id: "ok", title: " ", text: "x").problem?.field == "title")
        #expect(StandardResponse(id: "ok", title: "T", category: "", text: "x").problem?.field == "category")
        #expect(StandardResponse(id: "ok", title: "T", text: "\n").problem?.field == "text")
        #expect(StandardResponse(id: "ok", title: "T", text: "x", keywords: ["fine", " "]).problem?.field == "keywords")
    }

    @Test func channelKindsLimitWhereAResponseIsUsable() {
        #expect(StandardResponse(id: "a", title: "T", text: "x").isUsable(on: .x))
        let dm = StandardResponse(id: "b", title: "T", text: "x", channelKinds: [.whatsapp, .messenger])
        #expect(dm.isUsable(on: .whatsapp) && !dm.isUsable(on: .facebookPage))
    }
}
