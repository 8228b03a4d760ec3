import App
import Connectors
import Testing

/// `channels[].monitor` of an X channel and `platforms.x.bearer_token` (docs/connectors/x.md).
@Suite struct XMonitorConfigTests {
    static func yaml(keywords: String, exclude: String = "[jobs]", bearer: Bool = true) -> String {
        """
        platforms:
          x: {webhook_secret: {env: X_SECRET}\(bearer ? ", bearer_token: {env: X_APP_BEARER}" : "")}
        channels:
          - id: acme-x
            kind: x
            account_id: "2244994945"
            monitor:
              keywords: \(keywords)
              exclude: \(exclude)
        """
    }

    @Test func aMonitorIsReadWithTheAppBearerAndNoWarningForSpecificKeywords() {
        let result = ConfigLoader.validate(yaml: Self.yaml(keywords: ##"[acme, "#acmehelp", "\"acme router\""]"##))
        #expect(result.errors.isEmpty, "\(result.errors)")
        #expect(result.warnings.isEmpty, "\(result.warnings)")
        #expect(result.config.channelMonitors["acme-x"] == XMonitor(keywords: ["acme", "#acmehelp", "\"acme router\""], exclude: ["jobs"]))
        #expect(result.config.platforms.x.bearerToken == .environment("X_APP_BEARER"))
    }

    @Test func aCommonKeywordWarnsWithItsLineAndHowToNarrowIt() {
        let result = ConfigLoader.validate(yaml: Self.yaml(keywords: "[acme, help]"))
        #expect(result.errors.isEmpty)
        let warning = result.warnings.first { $0.path == "channels[0].monitor.keywords" }
        #expect(warning?.message.contains("'help' is a common word") == true)
        #expect(warning?.message.contains("narrow it") == true)
        #expect(warning?.line == 8)
    }

    @Test func aRuleOverTheLimitAMissingBearerAndMonitorOnAnotherKindAreReported() {
        let long = "[" + (0..<60).map { "brandword\($0)" }.joined(separator: ", ") + "]"
        let tooLong = ConfigLoader.validate(yaml: Self.yaml(keywords: long))
        #expect(tooLong.errors.contains { $0.path == "channels[0].monitor.keywords" && $0.message.contains("at most 512") })

        let unbalanced = ConfigLoader.validate(yaml: Self.yaml(keywords: #"["\"acme router"]"#))
        #expect(unbalanced.errors.contains { $0.message.contains("unbalanced") })

        let noBearer = ConfigLoader.validate(yaml: Self.yaml(keywords: "[acme]", bearer: false))
        #expect(noBearer.errors.contains { $0.path == "channels[0].monitor" && $0.message.contains("platforms.x.bearer_token") })

        let messenger = ConfigLoader.validate(yaml: """
            channels:
              - {id: fb, kind: messenger, account_id: "1", monitor: {keywords: [acme]}}
            """)
        #expect(messenger.errors.isEmpty)
        #expect(messenger.warnings.contains { $0.message.contains("only x channels monitor keywords") })
    }
}
