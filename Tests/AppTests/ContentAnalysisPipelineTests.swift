import App
import Domain
import Engagement
import Foundation
import Hummingbird
import HummingbirdTesting
import Storage
import Testing

/// The starter models, trained once per test process (seconds in a debug build) and shared by every test of
/// analysis in the pipeline.
enum StarterAnalyzer {
    static let shared: ContentAnalyzer = {
        let examples = (try? StarterData.training()) ?? []
        let models = (try? ContentModel.trainAll(examples: examples, seed: 1, folds: 0, trainedAt: Date(timeIntervalSince1970: 0))) ?? []
        return ContentAnalyzer(models: models)
    }()
}

/// The content analyzer in the ingest pipeline: scores stored on new interactions, the category choosing a
/// workgroup where no keyword rule did, the actionable model setting messages aside only when a channel asks,
/// and models that fail to load never stopping messages.
@Suite struct ContentAnalysisPipelineTests {
    static let page = EngagementAutomationTests.page
    static let spanish = "¿Dónde está mi pedido? Llevo una semana esperando y nadie me contesta"
    static let billing = "I was charged twice for my subscription this month, please refund the second payment"
    static let praise = "thanks, love you guys 😍"

    static func interactions(_ store: any ParleyStore, count: Int, where condition: (Interaction) -> Bool = { _ in true }) async throws -> [Interaction] {
        for _ in 0..<100 {
            let found = try await store.interactions(openOnly: false, assignedTo: nil, limit: 20).filter(condition)
            if found.count >= count { return found }
            try await Task.sleep(for: .milliseconds(50))
        }
        return try await store.interactions(openOnly: false, assignedTo: nil, limit: 20).filter(condition)
    }

    @Test func aSpanishMessagesInteractionIsStoredWithItsLanguageAndSentiment() async throws {
        let server = try await TestServer.make(extraConfig: """
            workgroups:
              - {id: support}
            channels:
              - {id: fb, kind: messenger, account_id: "\(Self.page)", workgroup: support}
            """) { $0.contentAnalysis = .analyzer(StarterAnalyzer.shared) }
        let store = server.store
        try await server.makeApplication().test(.live) { client in
            try await EngagementAutomationTests.customerWrites(client, mid: "es1", from: "5001", text: Self.spanish)
            let queued = try await Self.interactions(store, count: 1) { $0.state == .queued }
            let id = try #require(queued.first?.id)
            let stored = try #require(try await store.interaction(id))
            #expect(stored.scores.language == "es")
            let sentiment = try #require(stored.scores.sentiment)
            #expect(sentiment < 0, "a customer waiting a week for nobody to answer is not pleased: \(sentiment)")
            #expect(stored.scores.actionability.map { $0 >= 0.5 } == true && stored.scores.category != nil)
            #expect(stored.scores.influence == nil, "Messenger gives no follower count")
            #expect(stored.scores == StarterAnalyzer.shared.expectedScores(Self.spanish), "the first message's analysis, as the analyzer gives it")

            let admin = try await Browser.signIn(client)
            let detail = try await client.execute(uri: "/api/v1/interactions/\(id.rawValue)", method: .get, headers: admin.headers())
            let scores = try #require((try detail.json()["interaction"] as? [String: Any])?["scores"] as? [String: Any])
            #expect(scores["language"] as? String == "es")
            #expect(abs(((scores["sentiment"] as? Double) ?? 9) - sentiment) < 1e-9, "\(scores)")
            #expect(scores["influence"] == nil, "unknown scores are left out")
        }
    }

    @Test func theCategoryChoosesTheWorkgroupUnlessAKeywordRuleDid() async throws {
        let server = try await TestServer.make(extraConfig: """
            workgroups:
              - {id: support}
              - {id: billing}
              - {id: retention}
            channels:
              - id: fb
                kind: messenger
                account_id: "\(Self.page)"
                workgroup: support
                rules:
                  list:
                    - {id: cancel, match: {words: [subscription]}, then: {workgroup: retention}}
                analysis:
                  categories: {billing: billing}
            """) { $0.contentAnalysis = .analyzer(StarterAnalyzer.shared) }
        let store = server.store
        let ruled = Self.billing
        let unruled = ruled.replacingOccurrences(of: "subscription", with: "plan")
        #expect(StarterAnalyzer.shared.analyze(text: unruled).category == "billing")
        #expect((StarterAnalyzer.shared.analyze(text: unruled).categoryConfidence ?? 0) >= 0.6, "confident enough for the default threshold")
        #expect(StarterAnalyzer.shared.analyze(text: ruled).category == "billing", "the rule, not the category, makes the difference")
        try await server.makeApplication().test(.live) { client in
            try await EngagementAutomationTests.customerWrites(client, mid: "c1", from: "6001", text: unruled)
            try await EngagementAutomationTests.customerWrites(client, mid: "c2", from: "6002", text: ruled)
            let queued = try await Self.interactions(store, count: 2) { $0.state == .queued }
            #expect(Set(queued.compactMap(\.workgroupID)) == ["billing", "retention"])
            #expect(queued.allSatisfy { $0.scores.category == "billing" })
        }
    }

    @Test func theActionableModelClosesMessagesOnlyOnChannelsThatScreen() async throws {
        #expect((StarterAnalyzer.shared.analyze(text: Self.praise).actionable ?? 1) < 0.5)
        let server = try await TestServer.make(extraConfig: """
            workgroups:
              - {id: support}
            channels:
              - {id: fb, kind: messenger, account_id: "\(Self.page)", workgroup: support, analysis: {screen_non_actionable: true}}
              - {id: fb2, kind: messenger, account_id: "200000000000001", workgroup: support}
            """) { $0.contentAnalysis = .analyzer(StarterAnalyzer.shared) }
        let store = server.store
        try await server.makeApplication().test(.live) { client in
            try await EngagementAutomationTests.customerWrites(client, mid: "p1", from: "7001", text: Self.praise)
            try await EngagementAutomationTests.customerWrites(client, mid: "p2", from: "7002", page: "200000000000001", text: Self.praise)
            try await EngagementAutomationTests.customerWrites(client, mid: "p3", from: "7003", text: Self.spanish)
            let all = try await Self.interactions(store, count: 3) { $0.state != .new }
            let screened = try #require(all.first { $0.channelID == "fb" && $0.state == .closed })
            #expect(screened.outcome == .nonActionable && screened.scores.actionability.map { $0 < 0.5 } == true)
            #expect(all.contains { $0.channelID == "fb2" && $0.state == .queued }, "the default only scores")
            #expect(all.contains { $0.channelID == "fb" && $0.state == .queued }, "an actionable message on a screening channel is routed")
        }
    }

    @Test func modelsThatFailToLoadLeaveMessagesFlowingUnscoredAndRaiseTheAlert() async throws {
        let server = try await TestServer.make(extraConfig: """
            workgroups:
              - {id: support}
            channels:
              - {id: fb, kind: messenger, account_id: "\(Self.page)", workgroup: support, analysis: {screen_non_actionable: true}}
            """) { options in
            options.contentAnalysis = .starterModels
            // Every kind names a selected version that is not there: nothing is trained over the operator's choice.
            for kind in ContentModelKind.allCases {
                let folder = (options.contentModelDirectory as NSString).appendingPathComponent(kind.rawValue)
                try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
                try? "0123456789abcdef\n".write(toFile: (folder as NSString).appendingPathComponent("active"), atomically: true, encoding: .utf8)
            }
        }
        let store = server.store
        try await server.makeApplication().test(.live) { client in
            var report: [String: Any] = [:]
            for _ in 0..<100 {
                let ready = try await client.execute(uri: "/readyz", method: .get)
                #expect(ready.status == .ok, "unavailable models never make Parley unready")
                report = try ready.json()
                if ((report["checks"] as? [String: String])?["content_models"] ?? "loading") != "loading" { break }
                try await Task.sleep(for: .milliseconds(50))
            }
            let check = try #require((report["checks"] as? [String: String])?["content_models"])
            #expect(check.hasPrefix("degraded: ") && ContentModelKind.allCases.allSatisfy { check.contains("\($0.rawValue) unavailable") }, "\(check)")
            let metrics = try await client.execute(uri: "/metrics", method: .get)
            #expect(metrics.text.contains("parley_content_models_unavailable 4"), "\(metrics.text)")

            try await EngagementAutomationTests.customerWrites(client, mid: "u1", from: "8001", text: Self.praise)
            let queued = try await Self.interactions(store, count: 1) { $0.state == .queued }
            #expect(queued.first?.scores == Interaction.Scores(), "routed as actionable, with no scores")
        }
    }

    @Test func analysisSettingsNamingAnUnknownCategoryOrWorkgroupAreRefusedAtLoad() {
        let result = ConfigLoader.validate(yaml: """
            workgroups:
              - {id: support}
            channels:
              - id: fb
                kind: messenger
                account_id: "1"
                analysis:
                  categories:
                    billing: ghosts
                    biling: support
                  category_min_confidence: 1.5
            """)
        let errors = result.errors.map(\.description)
        #expect(errors.contains { $0.hasPrefix("parley.yml:9: error: channels[0].analysis.categories.billing: workgroup 'ghosts'") }, "\(errors)")
        #expect(errors.contains { $0.hasPrefix("parley.yml:10: error: channels[0].analysis.categories.biling: unknown category 'biling'") }, "\(errors)")
        #expect(errors.contains { $0.contains("channels[0].analysis.category_min_confidence") }, "\(errors)")
        let valid = ConfigLoader.validate(yaml: """
            workgroups:
              - {id: billing}
            channels:
              - {id: fb, kind: messenger, account_id: "1", analysis: {categories: {billing: billing}, category_min_confidence: 0.7, screen_non_actionable: true}}
            """)
        #expect(valid.errors.isEmpty)
        #expect(valid.config.channelAnalysis["fb"] == ContentAnalysisSettings(categoryWorkgroups: ["billing": "billing"], categoryMinConfidence: 0.7,
                                                                                screenNonActionable: true))
    }
}

extension ContentAnalyzer {
    /// The scores the pipeline stores for a first message from an author without a profile.
    func expectedScores(_ text: String) -> Interaction.Scores { Interaction.Scores(analyze(text: text), author: nil) }
}
