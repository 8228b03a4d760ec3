import App
import Domain
import Foundation
import Storage
import Testing

/// The `agents:` section of parley.yml: routing profiles by username, checked against the file's skills and
/// workgroups, applied at start to users that exist.
@Suite struct ConfigAgentsTests {
    static let declarations = """
        skills:
          - {id: english}
          - {id: spanish}
        workgroups:
          - {id: support}
          - {id: billing}
        """

    @Test func anAgentsProfileIsReadWithItsCapacityTotalAndBlending() throws {
        let result = ConfigLoader.validate(yaml: Self.declarations + """

            agents:
              - username: ana
                skills: [{skill: spanish, proficiency: 5}, {skill: english, proficiency: 3}]
                workgroups: [support, billing]
                capacity: {private_messaging: 2, web_messaging: 3}
                total_capacity: 4
                blending: {web_messaging: [web_messaging, private_messaging]}
              - username: bo
                total_capacity: 2
            """)
        #expect(result.errors.isEmpty, "\(result.errors)")
        let ana = try #require(result.config.agents.first)
        #expect(ana.skills == [SkillLevel(skill: "spanish", proficiency: 5), SkillLevel(skill: "english", proficiency: 3)])
        #expect(ana.workgroups == ["support", "billing"])
        #expect(ana.capacity == [.privateMessaging: 2, .webMessaging: 3])
        #expect(ana.totalCapacity == 4)
        #expect(ana.blending == [.webMessaging: [.webMessaging, .privateMessaging]])
        let bo = try #require(result.config.agents.last)
        #expect(bo.skills == nil && bo.capacity == nil && bo.totalCapacity == 2, "only what is written is applied")

        var user = User(id: "u1", username: "bo", displayName: "Bo", roles: [.agent], skills: [SkillLevel(skill: "english", proficiency: 2)])
        user = bo.applied(to: user)
        #expect(user.totalCapacity == 2 && user.skills == [SkillLevel(skill: "english", proficiency: 2)] && user.capacity == User.defaultCapacity)
    }

    @Test func badProfilesAreErrorsNamingTheAgent() {
        let result = ConfigLoader.validate(yaml: Self.declarations + """

            agents:
              - username: ana
                skills: [{skill: klingon, proficiency: 2}, {skill: english, proficiency: 9}]
                workgroups: [nowhere]
                capacity: {private_messaging: 30}
                total_capacity: 0
                blending: {web_messaging: [fax]}
              - username: ana
              - skills: []
              - username: bo
                capacity: {web: 2}
                blending: {web_messaging: [public], fax: [web_messaging]}
            """)
        let messages = result.errors.map(\.description)
        // A mistyped capacity class was a warning, and the agent then had no capacity and never got work.
        for expected in ["agents[3].capacity.web: unknown key; use one of", "agents[3].blending.fax: unknown key"] {
            #expect(messages.contains { $0.contains(expected) }, "expected an error containing \(expected) in \(messages)")
        }
        for expected in ["agents[0] (ana).skills: skill 'klingon' is not declared", "agents[0].skills[1].proficiency",
                         "agents[0] (ana).workgroups: workgroup 'nowhere' is not declared", "agents[0].capacity.private_messaging",
                         "agents[0].total_capacity", "agents[0].blending.web_messaging[0]", "agents[1] (ana): 'ana' is listed twice",
                         "agents[2].username"] {
            #expect(messages.contains { $0.contains(expected) }, "expected an error containing \(expected) in \(messages)")
        }
    }

    @Test func provisioningAppliesProfilesToExistingUsersAndNamesTheMissing() async throws {
        let result = ConfigLoader.validate(yaml: Self.declarations + """

            agents:
              - {username: ana, workgroups: [billing], total_capacity: 3, blending: {private_messaging: []}}
              - {username: nobody, total_capacity: 2}
            """)
        #expect(result.errors.isEmpty)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("parley-agents-\(UUID().uuidString).sqlite").path
        let store = try SQLiteStore(path: path)
        try await store.createUser(User(id: "u-ana", username: "ana", displayName: "Ana", roles: [.agent], workgroups: ["support"]),
                                   passwordHash: "-", at: Date())
        let missing = try await Provisioning.apply(result.config, to: store)
        #expect(missing == ["nobody"])
        let ana = try #require(try await store.user(named: "ana")?.user)
        #expect(ana.workgroups == ["billing"] && ana.totalCapacity == 3 && ana.blending == [.privateMessaging: []])
        #expect(ana.capacity == User.defaultCapacity, "capacity was not written, so it is kept")
    }

    @Test func anExportReadsBackAsTheSameRoutingAndProfiles() async throws {
        let original = ConfigLoader.validate(yaml: """
            skills:
              - {id: english}
            workgroups:
              - id: support
                required_skills: [{skill: english, proficiency: 4, maximum: 5}]
                routing:
                  strategy: least_busy
                  alerting_timeout: 45s
                  expansion: [{after: 2m, proficiency: 2}, {after: 10m, proficiency: 0}]
                  overflow: {to: billing, after: 30m}
                  keep_slot_while_waiting: always
                  last_agent_window: 24h
                  auto_answer: true
              - {id: billing}
            agents:
              - {username: ana, skills: [{skill: english, proficiency: 5}], workgroups: [support], capacity: {web_messaging: 3},
                 total_capacity: 3, blending: {web_messaging: [web_messaging]}}
            """)
        #expect(original.errors.isEmpty, "\(original.errors)")
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("parley-export-\(UUID().uuidString).sqlite").path
        let store = try SQLiteStore(path: path)
        try await store.createUser(User(id: "u-ana", username: "ana", displayName: "Ana", roles: [.agent]), passwordHash: "-", at: Date())
        try await Provisioning.apply(original.config, to: store)

        let exported = ConfigLoader.validate(yaml: try await ConfigExporter.yaml(from: store))
        #expect(exported.errors.isEmpty, "\(exported.errors)")
        #expect(exported.config.workgroups.sorted { $0.id.rawValue < $1.id.rawValue } == original.config.workgroups.sorted { $0.id.rawValue < $1.id.rawValue })
        let ana = try #require(exported.config.agents.first { $0.username == "ana" })
        let stored = try #require(try await store.user(named: "ana")?.user)
        #expect(ana.applied(to: stored) == stored, "the exported profile is the stored one")
        #expect(ana.totalCapacity == 3 && ana.blending == [.webMessaging: [.webMessaging]])
    }
}
