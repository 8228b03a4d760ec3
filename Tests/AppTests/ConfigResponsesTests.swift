import App
import Domain
import Foundation
import Storage
import Testing

/// `standard_responses:` in parley.yml: validated with lines, and applied so the file's responses match it while
/// the ones added through the API stay.
@Suite struct ConfigResponsesTests {
    static let file = """
        standard_responses:
          - id: greeting
            title: Greeting
            category: Openers
            text: "Hi {customer.first_name}, {agent.first_name} here. How can I help?"
            keywords: [hello, hi]
          - title: Order status
            category: Orders
            text: "Your order is on its way."
            keywords: [order status, tracking]
            channels: [whatsapp, messenger]
        """

    @Test func aValidSectionBuildsTheResponses() {
        let result = ConfigLoader.validate(yaml: Self.file)
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics)")
        let responses = result.config.standardResponses
        #expect(responses.map(\.id) == ["greeting", "order-status"], "an entry without id takes its title's slug")
        #expect(responses[1].channelKinds == [.whatsapp, .messenger] && responses[1].keywords == ["order status", "tracking"])
        #expect(responses.allSatisfy { $0.source == .file })
        #expect(responses[0].category == "Openers")
    }

    @Test func mistakesAreExplainedWithTheirLines() {
        let result = ConfigLoader.validate(yaml: """
            standard_responses:
              - id: greeting
                title: Greeting
                text: "Hi {customer.firstname}!"
              - id: greeting
                title: Again
                text: "Hello"
              - title: No text
              - id: Bad Id
                title: T
                text: x
                channels: [telegram]
                keyword: [x]
            """)
        let lines = result.diagnostics.map { "\($0.line ?? 0) \($0.severity.rawValue) \($0.path)" }
        #expect(lines.contains("4 error standard_responses[0].text"), "\(lines)")
        #expect(result.diagnostics.first { $0.path == "standard_responses[0].text" }?.message.contains("{customer.firstname}") == true)
        #expect(lines.contains("5 error standard_responses[1].id"), "listed twice: \(lines)")
        #expect(lines.contains("8 error standard_responses[2].text"), "required: \(lines)")
        #expect(lines.contains("9 error standard_responses[3].id"), "\(lines)")
        #expect(lines.contains("12 error standard_responses[3].channels[0]"), "\(lines)")
        #expect(result.diagnostics.contains { $0.path == "standard_responses[3].keyword" && $0.severity == .warning
            && $0.message.contains("did you mean 'keywords'") })
        #expect(throws: ConfigError.self) {
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("parley-\(UUID().uuidString).yml").path
            try "standard_responses:\n  - {title: T, text: \"{oops}\"}\n".write(toFile: path, atomically: true, encoding: .utf8)
            _ = try ConfigLoader.load(file: path)
        }
    }

    @Test func startingAppliesTheFileAndLeavesAPIResponsesAlone() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("parley-responses-\(UUID().uuidString).sqlite").path
        let store = try SQLiteStore(path: path)
        let now = Date(timeIntervalSince1970: 1_767_225_600)
        try await store.createStandardResponse(StandardResponse(id: "mine", title: "Mine", text: "Added by a supervisor"), at: now)
        try await Provisioning.apply(ConfigLoader.validate(yaml: Self.file).config, to: store, at: now)
        #expect(try await store.standardResponses().map(\.id) == ["mine", "greeting", "order-status"])

        // The next start's file changes one, drops one and adds one.
        let changed = ConfigLoader.validate(yaml: """
            standard_responses:
              - id: greeting
                title: Greeting
                category: Openers
                text: "Good morning {customer.name}!"
              - {id: closing, title: Closing, category: Closers, text: "Thanks for writing to {channel.name}."}
            """)
        #expect(changed.errors.isEmpty)
        try await Provisioning.apply(changed.config, to: store, at: now + 60)
        let after = try await store.standardResponses()
        #expect(after.map(\.id) == ["closing", "mine", "greeting"])
        #expect(after.first { $0.id == "greeting" }?.text == "Good morning {customer.name}!")
        #expect(after.first { $0.id == "mine" }?.source == .api, "the API's response is left alone")

        // A file without the section declares none: its responses go, the API's stay.
        try await Provisioning.apply(ConfigLoader.validate(yaml: "skills: []\n").config, to: store, at: now + 120)
        #expect(try await store.standardResponses().map(\.id) == ["mine"])
    }

    @Test func anExportReadsBackAsTheSameResponses() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("parley-responses-\(UUID().uuidString).sqlite").path
        let store = try SQLiteStore(path: path)
        try await Provisioning.apply(ConfigLoader.validate(yaml: Self.file).config, to: store)
        let mine = StandardResponse(id: "mine", title: "Mine: \"quoted\" {customer.name}", category: "Zürich", text: "Line one\nLine two: {agent.name}")
        try await store.createStandardResponse(mine, at: Date())
        let exported = ConfigLoader.validate(yaml: try await ConfigExporter.yaml(from: store))
        #expect(exported.errors.isEmpty, "\(exported.errors)")
        let stored = try await store.standardResponses().map { response -> StandardResponse in
            var response = response
            response.source = .file
            return response
        }
        #expect(exported.config.standardResponses.sorted { $0.id.rawValue < $1.id.rawValue } == stored.sorted { $0.id.rawValue < $1.id.rawValue })
    }
}
