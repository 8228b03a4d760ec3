import App
import Domain
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging

enum TestServer {
    static let secret = "test-secret"
    static let adminPassword = "a-long-test-password"

    static let platforms = """
        platforms:
          meta: {webhook_secret: \(secret), verify_token: verify-me}
          line: {webhook_secret: \(secret)}
        """

    static func make(extraConfig: String = "", platforms: String = TestServer.platforms, offerTimeout: TimeInterval = 30,
                     clock: any WallClock = SystemClock(), configure: (inout ServeOptions) -> Void = { _ in }) async throws -> ParleyServer {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("parley-app-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let config = (directory as NSString).appendingPathComponent("parley.yml")
        try """
            \(platforms)
            \(extraConfig)
            """.write(toFile: config, atomically: true, encoding: .utf8)
        var options = ServeOptions()
        options.dataDirectory = directory
        options.configFile = config
        options.port = 0
        options.logLevel = .critical
        options.environment = ["PARLEY_ADMIN_PASSWORD": adminPassword]
        options.passwordCost = 4
        options.offerTimeout = offerTimeout
        // Training the starter models costs seconds in a debug build: only the tests of analysis turn it on.
        options.contentAnalysis = .off
        configure(&options)
        return try await ParleyServer.build(options, clock: clock)
    }

    static func messengerBody(mid: String, text: String = "hello") -> String {
        #"{"object":"page","entry":[{"id":"103149398319188","time":1767225600000,"messaging":[{"sender":{"id":"6543210987654321"},"recipient":{"id":"103149398319188"},"timestamp":1767225600000,"message":{"mid":"\#(mid)","text":"\#(text)"}}]}]}"#
    }

    static func signedHeaders(_ body: String, secret: String = TestServer.secret) -> HTTPFields {
        [.init("X-Hub-Signature-256")!: WebhookSignatureForTests.meta(body, secret: secret), .contentType: "application/json"]
    }
}

import Connectors

enum WebhookSignatureForTests {
    static func meta(_ body: String, secret: String) -> String {
        WebhookSignature.of(.meta).sign(Data(body.utf8), secret: secret)
    }
}

extension TestResponse {
    var text: String { String(buffer: body) }

    func json() throws -> [String: Any] {
        (try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]) ?? [:]
    }

    func errorCode() throws -> String? { (try json()["error"] as? [String: Any])?["code"] as? String }
}
