import App
import Domain
import Foundation
import Crypto
import Testing

@Suite struct ConfigTests {
    @Test func aValidFileBuildsTheModel() {
        let result = ConfigLoader.validate(yaml: """
            server:
              port: 9000
            platforms:
              meta:
                webhook_secret: {env: META_APP_SECRET}
            skills:
              - {id: english, name: English}
            workgroups:
              - id: support
                required_skills: [{skill: english, proficiency: 4}]
                service_level_seconds: 30m
            channels:
              - id: acme-wa
                kind: whatsapp
                account_id: "106540352242922"
                inactivity_timeout: 24h
            """)
        #expect(result.errors.isEmpty)
        #expect(result.warnings.isEmpty)
        #expect(result.config.server.port == 9000)
        #expect(result.config.platforms.meta.webhookSecret == .environment("META_APP_SECRET"))
        #expect(result.config.channels.first?.inactivityTimeout == 86400)
        #expect(result.config.workgroups.first?.serviceLevelSeconds == 1800)
        #expect(result.config.workgroups.first?.requiredSkills == [SkillLevel(skill: "english", proficiency: 4)])
    }

    @Test func errorsAndWarningsNameTheirLines() {
        let result = ConfigLoader.validate(yaml: """
            server:
              prot: 8080
            channels:
              - id: page
                kind: facebok
                account_id: "1"
              - id: wa
                kind: whatsapp
                account_id: "2"
                inactivity_timeout: 5x
            workgroups:
              - id: support
                required_skills: [{skill: klingon}]
            """)
        let lines = result.diagnostics.map { "\($0.line ?? 0) \($0.severity.rawValue) \($0.path)" }
        #expect(lines.contains("2 warning server.prot"))
        #expect(lines.contains("5 error channels[0].kind"))
        #expect(lines.contains("10 error channels[1].inactivity_timeout"))
        #expect(result.diagnostics.contains { $0.path == "workgroups[0].required_skills" && $0.message.contains("klingon") })
        #expect(result.diagnostics.first { $0.path == "server.prot" }?.message.contains("did you mean 'port'") == true)
    }

    @Test func aMissingKeyPointsAtItsItemAndDoesNotHideOtherErrors() {
        let result = ConfigLoader.validate(yaml: "channels:\n  - id: fb\n    kind: messenger\n    inactivity_timeout: 5x\n")
        let lines = result.errors.map { "\($0.line ?? 0) \($0.path)" }
        #expect(lines.contains("2 channels[0].account_id"))
        #expect(lines.contains("4 channels[0].inactivity_timeout"))
    }

    /// Accepted before, then misbehaving: a special day with no name, emergency switched on by itself with nothing to
    /// say, and the RONA reason switched off (Parley went on setting it).
    @Test func settingsThatWouldMisbehaveAreErrors() {
        let result = ConfigLoader.validate(yaml: """
            calendars:
              - id: support
                time_zone: Europe/Madrid
                special_days:
                  - date: "2027-12-25"
                emergency: {automatic_when_no_agent_logged_in: true}
            not_ready_reasons:
              - {id: rona, name: Missed offer, active: false}
            """)
        let messages = result.errors.map(\.description)
        for expected in ["special_days[0].name", "emergency.message: switching emergency mode on by itself",
                         "not_ready_reasons[0].active: 'rona' is set by Parley itself"] {
            #expect(messages.contains { $0.contains(expected) }, "expected an error containing \(expected) in \(messages)")
        }
    }

    @Test func aSyntaxErrorReportsItsLine() {
        let result = ConfigLoader.validate(yaml: "server:\n  port: 8080\n  host: [unclosed\nchannels: []\n")
        #expect(result.errors.count == 1)
        #expect(result.errors.first?.message.hasPrefix("YAML syntax") == true)
        #expect((result.errors.first?.line ?? 0) >= 3)
    }

    @Test func duplicateChannelsAreErrors() {
        let result = ConfigLoader.validate(yaml: """
            channels:
              - {id: a, kind: line, account_id: U1}
              - {id: a, kind: line, account_id: U1}
            """)
        #expect(result.errors.map(\.path).contains("channels[1]"))
        #expect(result.errors.first?.line == 3)
    }

    @Test func secretsComeFromTheEnvironmentOrDecryptWithTheInstanceKey() throws {
        let box = SecretBox(key: .init(size: .bits256), environment: ["META_SECRET": "from-env"])
        #expect(try box.resolve(.environment("META_SECRET")) == "from-env")
        #expect(throws: SecretBox.Failure.self) { try box.resolve(.environment("MISSING")) }
        let sealed = try box.seal("s3cr3t")
        #expect(!sealed.contains("s3cr3t"))
        #expect(try box.resolve(.encrypted(sealed)) == "s3cr3t")
        let otherKey = SecretBox(key: .init(size: .bits256))
        #expect(throws: SecretBox.Failure.self) { try otherKey.resolve(.encrypted(sealed)) }
    }
}
