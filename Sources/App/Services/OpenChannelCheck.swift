import AsyncHTTPClient
import Connectors
import Domain
import Foundation
import NIOCore

/// `parley channel check NAME` for an open channel: the secret is set and readable, and the integrator URL
/// answers a signed probe — a version 1 `{"type": "ping"}` posted exactly as a message would be (same headers,
/// same signature), which the integrator answers 2xx and otherwise ignores (docs/connectors/open.md). A ping
/// shows what a HEAD or GET could not: that the integrator accepts Parley's signature.
/// Posts a body to a URL with headers: the status and body, or why nothing answered.
public typealias OpenPost = @Sendable (_ url: String, _ headers: [(String, String)], _ body: Data) async -> Result<(status: Int, body: Data), any Error>

struct OpenChannelCheck: Sendable {
    let config: ParleyConfig
    let box: SecretBox
    let post: OpenPost
    let now: Date

    func run(_ channel: Domain.Channel) async -> [ChannelCheck.Finding] {
        typealias Finding = ChannelCheck.Finding
        let settings = config.openChannel(channel.id)
        var findings = [Finding(level: .ok, topic: "endpoint", text: "integrator posts messages and receipts to POST /webhooks/open/\(channel.accountID)")]
        var secret: String?
        if let reference = settings.webhookSecret {
            do {
                secret = try box.resolve(reference)
                findings.append(Finding(level: .ok, topic: "secret", text: "set (\(Self.describe(reference)))"))
            } catch {
                findings.append(Finding(level: .failure, topic: "secret", text: "cannot read webhook_secret (\(error)): deliveries are refused and replies cannot be signed"))
            }
        } else {
            findings.append(Finding(level: .failure, topic: "secret",
                                    text: "none: set channels[].webhook_secret to {env: VARIABLE} and give the integrator the same value"))
        }
        if settings.previousWebhookSecret != nil {
            findings.append(Finding(level: .warning, topic: "secret",
                                    text: "the previous secret is still accepted: remove previous_webhook_secret once the integrator signs with the new one"))
        }
        guard let url = settings.url else {
            findings.append(Finding(level: .failure, topic: "integrator", text: "no URL: set channels[].url to where the integrator takes outbound messages"))
            return findings
        }
        guard let secret else { return findings }
        findings.append(await probe(url, secret: secret, account: channel.accountID))
        return findings
    }

    private func probe(_ url: String, secret: String, account: String) async -> ChannelCheck.Finding {
        let ping = OpenPing(id: "ping-\(Int(now.timeIntervalSince1970))", channel: account).encoded()
        let headers = [("Content-Type", "application/json"), ("User-Agent", "Parley open channel/1"),
                       ("Idempotency-Key", "ping-\(UUID().uuidString)"), (OpenSignature.scheme.header, OpenSignature.scheme.sign(ping, secret: secret))]
        switch await post(url, headers, ping) {
        case .failure(let error):
            return .init(level: .failure, topic: "integrator", text: "\(url) could not be reached (\(error)): replies wait in the outbox and are retried")
        case .success(let answer):
            let reason = OpenResponse.reason(in: answer.body).map { ": \($0)" } ?? ""
            switch answer.status {
            case 200..<300:
                return .init(level: .ok, topic: "integrator", text: "\(url) accepted a signed ping (HTTP \(answer.status))")
            case 401, 403:
                return .init(level: .failure, topic: "integrator",
                             text: "\(url) refused Parley's signature (HTTP \(answer.status)\(reason)): the integrator's secret differs from webhook_secret")
            case 429, 500..<600:
                return .init(level: .failure, topic: "integrator",
                             text: "\(url) answered HTTP \(answer.status)\(reason): replies are retried with backoff until it recovers")
            default:
                return .init(level: .warning, topic: "integrator",
                             text: "\(url) is reachable but answered the ping HTTP \(answer.status)\(reason): it should answer type \"ping\" with 2xx")
            }
        }
    }

    private static func describe(_ reference: SecretReference) -> String {
        switch reference {
        case .environment(let name): "from $\(name)"
        case .encrypted: "encrypted in parley.yml"
        case .plain: "written in parley.yml: prefer {env: VARIABLE}"
        }
    }

    /// The real HTTP post, over `client` (`ChannelCheck.openHTTP`).
    static func http(_ client: HTTPClient) -> OpenPost {
        { url, headers, body in
            do {
                var request = HTTPClientRequest(url: url)
                request.method = .POST
                for (name, value) in headers { request.headers.add(name: name, value: value) }
                request.body = .bytes(ByteBuffer(bytes: body))
                let response = try await client.execute(request, timeout: .seconds(10))
                let answer = try await response.body.collect(upTo: 64 << 10)
                return .success((Int(response.status.code), Data(answer.readableBytesView)))
            } catch {
                return .failure(error)
            }
        }
    }
}

extension ChannelCheck {
    /// Posts probes to open channels' integrator URLs over `client`.
    public static func openHTTP(_ client: HTTPClient) -> OpenPost { OpenChannelCheck.http(client) }
}

/// The check was built without a way to post (`openPost` nil): the integrator URL is not probed.
struct OpenProbeSkipped: Error, CustomStringConvertible {
    var description: String { "no HTTP client to probe with" }
}
