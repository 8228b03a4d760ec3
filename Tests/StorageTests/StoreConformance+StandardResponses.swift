import Domain
import Foundation
import Storage
import Testing

/// The standard-response library: API responses are edited freely, `parley.yml` ones only by provisioning.
extension StoreConformance {
    static func standardResponsesKeepTheirSourceAndTheFileOwnsItsOwn(_ store: any ParleyStore) async throws {
        let now = Date(timeIntervalSince1970: 1_767_225_600)
        #expect(try await store.standardResponses().isEmpty)
        let mine = StandardResponse(id: "sorry-delay", title: "Sorry for the delay", category: "Apologies",
                                    text: "Hi {customer.first_name}, sorry for the wait — Zoë", keywords: ["delay", "still waiting"],
                                    channelKinds: [.whatsapp, .x], source: .api)
        try await store.createStandardResponse(mine, at: now)
        #expect(try await store.standardResponse("sorry-delay") == mine)
        await #expect(throws: StandardResponseError.exists("sorry-delay")) { try await store.createStandardResponse(mine, at: now) }
        var edited = mine
        edited.text = "Sorry, {customer.name}!"
        try await store.updateStandardResponse(edited, at: now + 1)
        #expect(try await store.standardResponse("sorry-delay")?.text == "Sorry, {customer.name}!")
        await #expect(throws: StandardResponseError.notFound("nope")) {
            try await store.updateStandardResponse(StandardResponse(id: "nope", title: "t", text: "t"), at: now)
        }

        // The file: two responses, one of them taking over an id the API used.
        let greeting = StandardResponse(id: "greeting", title: "Greeting", category: "Openers", text: "Hello {customer.first_name}!",
                                        keywords: ["hello"], source: .file)
        let closing = StandardResponse(id: "closing", title: "Closing", category: "Closers", text: "Bye from {agent.first_name}", source: .file)
        let takeover = StandardResponse(id: "taken", title: "Taken", text: "From the file", source: .file)
        try await store.createStandardResponse(StandardResponse(id: "taken", title: "Taken", text: "From the API"), at: now)
        let first = try await store.provisionStandardResponses([greeting, closing, takeover], at: now + 2)
        #expect(first == ResponseProvisioning(created: ["greeting", "closing"], takenOver: ["taken"]))
        #expect(try await store.standardResponses().map(\.id) == ["sorry-delay", "closing", "taken", "greeting"],
                "by category (Apologies, Closers, General, Openers), then title")
        #expect(try await store.standardResponse("taken")?.source == .file)
        // The API may not change or remove what the file declares.
        await #expect(throws: StandardResponseError.definedInFile("greeting")) {
            var changed = greeting
            changed.source = .api
            try await store.updateStandardResponse(changed, at: now + 3)
        }
        await #expect(throws: StandardResponseError.definedInFile("greeting")) { try await store.deleteStandardResponse("greeting") }
        #expect(try await store.standardResponse("greeting") == greeting)

        // Applying the same file again changes nothing; a changed file updates, removes, and leaves API ones alone.
        #expect(try await store.provisionStandardResponses([greeting, closing, takeover], at: now + 4) == ResponseProvisioning())
        var newGreeting = greeting
        newGreeting.text = "Good day {customer.name}"
        let second = try await store.provisionStandardResponses([newGreeting], at: now + 5)
        #expect(second == ResponseProvisioning(updated: ["greeting"], removed: ["closing", "taken"]))
        #expect(try await store.standardResponses().map(\.id) == ["sorry-delay", "greeting"])
        #expect(try await store.standardResponse("greeting")?.text == "Good day {customer.name}")
        #expect(try await store.standardResponse("sorry-delay") == edited, "the API response is untouched")

        try await store.deleteStandardResponse("sorry-delay")
        #expect(try await store.standardResponse("sorry-delay") == nil)
        await #expect(throws: StandardResponseError.notFound("sorry-delay")) { try await store.deleteStandardResponse("sorry-delay") }
    }
}
