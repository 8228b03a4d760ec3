import App
import AsyncHTTPClient
import Connectors
import Domain
import Foundation
import Hummingbird
import HummingbirdTesting
import Storage
import Testing

/// docs/connectors/open.md is what integrators copy: its signature example must be right, its curl body must be
/// that example, and its Python integrator must work against a running Parley exactly as printed.
@Suite struct OpenIntegratorScriptTests {
    static let document: String = {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return (try? String(contentsOf: root.appendingPathComponent("docs/connectors/open.md"), encoding: .utf8)) ?? ""
    }()

    /// The first fenced block of `language`.
    static func block(_ language: String) throws -> String {
        let start = try #require(document.range(of: "```\(language)\n"), "no \(language) block in open.md")
        let end = try #require(document.range(of: "\n```", range: start.upperBound..<document.endIndex))
        return String(document[start.upperBound..<end.lowerBound])
    }

    static func firstMatch(_ pattern: String) throws -> String {
        let regex = try NSRegularExpression(pattern: pattern)
        let range = NSRange(document.startIndex..., in: document)
        let match = try #require(regex.firstMatch(in: document, range: range), "open.md has nothing like \(pattern)")
        return String(document[try #require(Range(match.range(at: 1), in: document))])
    }

    @Test func theDocumentedSignatureExampleIsRightAndTheCurlExampleSendsThatBody() throws {
        let body = try Self.block("json")
        let secret = try Self.firstMatch("With the secret `([^`]+)`")
        let signature = try Self.firstMatch("X-Parley-Signature: (sha256=[A-Za-z0-9+/]{43}=)")
        #expect(OpenSignature.scheme.sign(Data(body.utf8), secret: secret) == signature)
        let curl = try Self.block("sh")
        #expect(curl.contains("printf '%s' '\(body)'"), "the curl example signs the worked example's bytes")
        #expect(curl.contains("SECRET=\(secret)"))
        // And the worked example is a message Parley takes.
        guard case .message(let message) = try OpenInbound.parse(Data(body.utf8)) else {
            Issue.record("the example is not a message")
            return
        }
        #expect(message.text.contains("👋") && message.senderID == "+34600111222")
    }

    @Test func thePythonIntegratorTakesAnAnswerAndConfirmsItRead() async throws {
        let script = try Self.block("python")
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("parley-integrator-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent("integrator.py")
        try script.write(to: path, atomically: true, encoding: .utf8)
        // The port is chosen before the server starts (its configuration names it), so another test may bind it in
        // between; then the script cannot listen, and the whole run is repeated on a new port.
        for _ in 0..<3 {
            if try await Self.answerThroughTheScript(at: path) { return }
        }
        Issue.record("three ports in a row were taken before the script could listen")
    }

    /// False when the chosen port was taken before the script could listen on it.
    static func answerThroughTheScript(at path: URL) async throws -> Bool {
        let port = try Self.freePort()
        let secret = "script-secret"
        let server = try await TestServer.make(extraConfig: """
            workgroups:
              - {id: support}
              - {id: billing}
            channels:
              - {id: sms, kind: open, account_id: sms-gateway, workgroup: support, url: "http://127.0.0.1:\(port)/", webhook_secret: \(secret)}
            """)
        let store = server.store
        return try await server.makeApplication().test(.live) { client -> Bool in
            let python = Process()
            python.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            python.arguments = ["python3", path.path]
            python.environment = ProcessInfo.processInfo.environment.merging(
                ["PARLEY_SECRET": secret, "PARLEY_URL": "http://127.0.0.1:\(try #require(client.port))", "CHANNEL": "sms-gateway",
                 "PORT": String(port)]) { $1 }
            let output = Pipe()
            python.standardOutput = output
            python.standardError = Pipe()
            try python.run()
            // SIGKILL: the test process's threads block SIGTERM, and the child inherits that mask.
            defer { if python.isRunning { kill(python.processIdentifier, SIGKILL) } }
            guard try await Self.waitUntilListening(port, python) else { return false }

            let body = Data(try Self.block("json").utf8)
            let inbound = try await client.execute(uri: "/webhooks/open/sms-gateway", method: .post,
                                                   headers: [.init("X-Parley-Signature")!: OpenSignature.scheme.sign(body, secret: secret),
                                                             .contentType: "application/json"], body: ByteBuffer(bytes: body))
            #expect(inbound.status == .ok, "\(inbound.text)")
            let admin = try await Browser.signIn(client)
            let ann = try await EngagementAutomationTests.makeAgentReady(client, admin: admin)
            let id = try #require(try await ReplyWindowTests.offered(client, to: ann))
            #expect(try await client.execute(uri: "/api/v1/interactions/\(id)/accept", method: .post, headers: ann.headers()).status == .ok)
            let messageID = try await OpenChannelFlowTests.reply(client, id, as: ann, "It arrives tomorrow, Noor.")
            // Generous: under the full parallel suite on two cores the script, the outbox and the inbox processor
            // share the machine with a hundred other tests.
            let read = try await OpenChannelFlowTests.waitFor(store, messageID, seconds: 30) { $0.deliveryStatus == .read }
            #expect(read?.deliveryStatus == .read, "the script verified Parley's post and sent a read receipt; the answer: \(String(describing: read))")
            kill(python.processIdentifier, SIGKILL)
            python.waitUntilExit()
            let printed = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            #expect(printed.contains("to +34600111222: It arrives tomorrow, Noor."), "\(printed)")
            return true
        }
    }

    /// A port nothing listens on now (the script binds it next).
    static func freePort() throws -> Int {
        let probe = Process()
        probe.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        probe.arguments = ["python3", "-c", "import socket; s = socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])"]
        let output = Pipe()
        probe.standardOutput = output
        try probe.run()
        probe.waitUntilExit()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        return try #require(Int(text.trimmingCharacters(in: .whitespacesAndNewlines)), "python3 did not name a port: \(text)")
    }

    /// True once the script itself answers on `port`; false if it exited (the port was taken) or something else
    /// answers there.
    static func waitUntilListening(_ port: Int, _ python: Process) async throws -> Bool {
        for _ in 0..<100 {
            guard python.isRunning else { return false }
            // The script answers only POST; an answer from `BaseHTTPRequestHandler` means it is up.
            var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)/")
            request.method = .GET
            if let response = try? await HTTPClient.shared.execute(request, timeout: .seconds(1)) {
                _ = try? await response.body.collect(upTo: 1 << 16)
                return response.headers["Server"].contains { $0.hasPrefix("BaseHTTP/") }
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        Issue.record("the integrator script did not start listening on \(port)")
        return false
    }
}
