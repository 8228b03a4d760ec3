import AsyncHTTPClient
import Connectors
import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Sandbox
import Testing

/// The sandbox's filtered stream on its own (platforms.md §5.5): the rules API with X's validation and answer
/// shape, the app-only bearer, one connection per app, and tweets written as `\r\n` lines between keep-alives.
@Suite struct XStreamSandboxTests {
    static let rules = "/2/tweets/search/stream/rules"

    @Test func theRulesAPIValidatesRulesAnswersInXsShapeAndHonoursDryRun() async throws {
        try await XSandboxTests.run { _, client in
            let dry = try await XSandboxTests.call(client, .post, Self.rules + "?dry_run=true", token: "app",
                                                   #"{"add":[{"value":"acme -is:retweet","tag":"parley:acme-x"}]}"#)
            #expect(dry.status == .created)
            #expect(((try dry.json()["meta"] as? [String: Any])?["summary"] as? [String: Int])?["created"] == 1)
            let empty = try await XSandboxTests.call(client, .get, Self.rules, token: "app")
            let emptyBody = try empty.json()
            #expect(empty.status == .ok && emptyBody["data"] == nil, "a dry run changes nothing")

            let added = try await XSandboxTests.call(client, .post, Self.rules, token: "app",
                                                     ##"{"add":[{"value":"acme -is:retweet","tag":"parley:acme-x"},{"value":"#acmehelp","tag":"help"}]}"##)
            #expect(added.status == .created)
            let created = try #require(try added.json()["data"] as? [[String: Any]])
            #expect(created.map { $0["tag"] as? String } == ["parley:acme-x", "help"])
            #expect(created.allSatisfy { ($0["id"] as? String)?.count == 19 })

            // A duplicate value is not created, the valid one beside it is.
            let duplicate = try await XSandboxTests.call(client, .post, Self.rules, token: "app",
                                                         #"{"add":[{"value":"acme -is:retweet","tag":"other"},{"value":"acmeco","tag":"x"}]}"#)
            let duplicateBody = try duplicate.json()
            #expect(((duplicateBody["meta"] as? [String: Any])?["summary"] as? [String: Int]) == ["created": 1, "not_created": 1, "valid": 2, "invalid": 0])
            #expect((duplicateBody["errors"] as? [[String: Any]])?.first?["title"] as? String == "DuplicateRule")

            // An invalid rule fails the whole request: unbalanced parentheses or quotes, over 512 characters.
            for value in [#"(acme OR acmeco"#, #"\"acme router"#, String(repeating: "acme ", count: 110)] {
                let invalid = try await XSandboxTests.call(client, .post, Self.rules, token: "app",
                                                           #"{"add":[{"value":"\#(value)","tag":"bad"},{"value":"fine","tag":"fine"}]}"#)
                #expect(invalid.status == .badRequest, "\(value)")
                let body = try invalid.json()
                #expect(((body["meta"] as? [String: Any])?["summary"] as? [String: Int])?["created"] == 0)
                #expect((body["errors"] as? [[String: Any]])?.first?["title"] as? String == "UnprocessableEntity")
            }
            let listed = try #require(try await XSandboxTests.call(client, .get, Self.rules, token: "app").json()["data"] as? [[String: Any]])
            #expect(listed.count == 3)

            let id = try #require(created.first?["id"] as? String)
            let deleted = try await XSandboxTests.call(client, .post, Self.rules, token: "app", #"{"delete":{"ids":["\#(id)","1"]}}"#)
            #expect(((try deleted.json()["meta"] as? [String: Any])?["summary"] as? [String: Int]) == ["deleted": 1, "not_deleted": 1])
            // The app-only token is required; an unknown one is refused once the sandbox knows which it accepts.
            #expect(try await XSandboxTests.call(client, .get, Self.rules, token: nil).status == .unauthorized)
            try await MetaSandboxHarness.control(client, .put, "/_sandbox/x/stream", #"{"app_bearers":["app"]}"#)
            #expect(try await XSandboxTests.call(client, .get, Self.rules, token: "user-token").status == .unauthorized)
            #expect(try await XSandboxTests.call(client, .get, Self.rules, token: "app").status == .ok)
        }
    }

    @Test func theStreamWritesLinesBetweenKeepAlivesAndASecondConnectionGets429() async throws {
        let state = SandboxState()
        let sandbox = SandboxServer(state: state, secrets: [.x: "x-secret"], parleyURL: nil)
        try await Application(router: sandbox.makeRouter(), configuration: .init(address: .hostname("127.0.0.1", port: 0))).test(.live) { client in
            let base = "http://127.0.0.1:\(try #require(client.port))"
            try await MetaSandboxHarness.control(client, .put, "/_sandbox/x/stream",
                                                 #"{"keep_alive":0.1,"rules":[{"value":"(acme OR #acmehelp) -is:retweet","tag":"parley:acme-x"},{"value":"acme router","tag":"routers"}]}"#)
            var request = HTTPClientRequest(url: base + "/2/tweets/search/stream")
            request.headers.add(name: "Authorization", value: "Bearer app")
            let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
            #expect(response.status == .ok)

            let second = try await HTTPClient.shared.execute(request, timeout: .seconds(5))
            #expect(second.status == .tooManyRequests)
            let problem = try JSONSerialization.jsonObject(with: Data((try await second.body.collect(upTo: 1 << 16)).readableBytesView)) as? [String: Any]
            #expect(problem?["connection_issue"] as? String == "TooManyConnections" && problem?["title"] as? String == "ConnectionException")

            var buffer = XStreamLineBuffer()
            var items: [XStreamLineBuffer.Item] = []
            var published = false
            for try await chunk in response.body {
                items += buffer.append(chunk.readableBytesView)
                if !published, items.contains(.keepAlive) {
                    published = true
                    // Not matching any rule (a retweet, a word not in the rules): nothing is written.
                    try await MetaSandboxHarness.control(client, .post, "/_sandbox/x/stream", #"{"text":"RT acme is great","retweet":true}"#)
                    try await MetaSandboxHarness.control(client, .post, "/_sandbox/x/stream", #"{"text":"nothing to see"}"#)
                    let answer = try await MetaSandboxHarness.control(client, .post, "/_sandbox/x/stream",
                                                                      #"{"text":"my Acme router is dead #acmehelp","author_id":"1850000000000000777","username":"ann_c","split":true}"#)
                    #expect(try answer.json()["matching_rules"] as? [String] == ["parley:acme-x", "routers"])
                }
                if items.contains(where: { if case .line = $0 { true } else { false } }) { break }
            }
            let lines = items.compactMap { item -> Data? in if case .line(let line) = item { line } else { nil } }
            #expect(lines.count == 1)
            let line = try #require(lines.first)
            guard case .tweet(let id, let tags) = XStreamMessage.parse(line) else {
                Issue.record("the line is not a tweet: \(String(decoding: line, as: UTF8.self))")
                return
            }
            #expect(id.count == 19 && tags == ["parley:acme-x", "routers"])
            let object = try #require(try JSONSerialization.jsonObject(with: line) as? [String: Any])
            let user = ((object["includes"] as? [String: Any])?["users"] as? [[String: Any]])?.first
            #expect(user?["username"] as? String == "ann_c" && (object["data"] as? [String: Any])?["author_id"] as? String == "1850000000000000777")
            let calls = await state.recordedCalls().filter { $0.path == "/2/tweets/search/stream" }
            #expect(calls.map(\.status) == [200, 429])
        }
    }
}
