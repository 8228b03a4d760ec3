import AsyncHTTPClient
import Domain
import Foundation
import NIOCore
import NIOHTTP1

/// Sends outbox requests over HTTP to each channel kind's configured base URL (the real platform, or the
/// sandbox in tests and the demo), passing the idempotency key as `Idempotency-Key` (LINE's `X-Line-Retry-Key`
/// is set by `LineSender`, on pushes only).
public struct HTTPPlatformSender: PlatformSender {
    private let client: HTTPClient
    private let baseURLs: [ChannelKind: String]
    private let timeout: TimeAmount
    private let clock: any WallClock
    /// Each channel's API credential, added as `Authorization: Bearer` at send time so it is never stored in the outbox.
    private let credential: @Sendable (ChannelKey) -> String?
    /// The bytes of a file uploaded to Parley, by its name in the upload store (`MediaUpload`).
    private let uploadedFile: @Sendable (String) -> Data?
    /// Hears the rate-limit headers of every answer.
    private let rateLimits: RateLimitBook?

    public init(client: HTTPClient, baseURLs: [ChannelKind: String], timeout: TimeAmount = .seconds(20), clock: any WallClock,
                credential: @escaping @Sendable (ChannelKey) -> String? = { _ in nil },
                uploadedFile: @escaping @Sendable (String) -> Data? = { _ in nil }, rateLimits: RateLimitBook? = nil) {
        self.rateLimits = rateLimits
        self.client = client
        self.baseURLs = baseURLs
        self.timeout = timeout
        self.clock = clock
        self.credential = credential
        self.uploadedFile = uploadedFile
    }

    public func send(_ dispatch: OutboxDispatch) async -> SendOutcome {
        guard let base = baseURLs[dispatch.channel.kind] else {
            return .permanent(reason: "no API base URL configured for \(dispatch.channel.kind.rawValue) channels")
        }
        var body = dispatch.request.body
        if let upload = dispatch.request.mediaUpload {
            switch await self.upload(upload, base: base, channel: dispatch.channel) {
            case .success(let id): body = upload.filling(body, with: id)
            case .failure(let refused): return refused.outcome
            }
        }
        var request = HTTPClientRequest(url: base.trimmingSuffix("/") + dispatch.request.path)
        request.method = HTTPMethod(rawValue: dispatch.request.method)
        for (name, value) in dispatch.request.headers where name != MediaUpload.header { request.headers.add(name: name, value: value) }
        if let token = credential(dispatch.channel) { request.headers.replaceOrAdd(name: "Authorization", value: "Bearer \(token)") }
        request.headers.replaceOrAdd(name: "Idempotency-Key", value: dispatch.idempotencyKey)
        if request.headers["Content-Type"].isEmpty { request.headers.add(name: "Content-Type", value: "application/json") }
        request.body = .bytes(ByteBuffer(bytes: body))
        do {
            let response = try await client.execute(request, timeout: timeout)
            let body = try await response.body.collect(upTo: 1 << 20)
            let headers = response.headers.map { ($0.name, $0.value) }
            rateLimits?.note(dispatch.channel, request: dispatch.request, headers: headers)
            return ResponseClassifier.classify(status: Int(response.status.code), headers: headers, body: Data(body.readableBytesView), now: clock.now())
        } catch {
            return .retryable(reason: "transport: \(error)")
        }
    }
}

extension HTTPPlatformSender {
    struct UploadRefused: Error {
        var outcome: SendOutcome
    }

    /// Uploads the file to the platform's media API; the id it answers with, or how the attempt ends.
    private func upload(_ upload: MediaUpload, base: String, channel: ChannelKey) async -> Result<String, UploadRefused> {
        guard let bytes = uploadedFile(upload.file) else {
            return .failure(.init(outcome: .permanent(reason: "the attached file is no longer on this Parley; attach it again")))
        }
        let boundary = "parley-" + UUID().uuidString
        var request = HTTPClientRequest(url: base.trimmingSuffix("/") + upload.path)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "multipart/form-data; boundary=\(boundary)")
        if let token = credential(channel) { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        request.body = .bytes(ByteBuffer(bytes: upload.form(bytes, boundary: boundary)))
        do {
            let response = try await client.execute(request, timeout: timeout)
            let answer = Data(try await response.body.collect(upTo: 1 << 20).readableBytesView)
            let status = Int(response.status.code)
            if (200..<300).contains(status) {
                let object = (try? JSONSerialization.jsonObject(with: answer)) as? [String: Any]
                let id = object?[upload.answerKey] as? String ?? (object?[upload.answerKey] as? NSNumber)?.stringValue
                guard let id, !id.isEmpty else {
                    return .failure(.init(outcome: .permanent(reason: "the platform took the file but answered without its \(upload.answerKey)")))
                }
                return .success(id)
            }
            let outcome = ResponseClassifier.classify(status: status, headers: response.headers.map { ($0.name, $0.value) }, body: answer,
                                                      now: clock.now())
            return .failure(.init(outcome: outcome.prefixed("uploading the file: ")))
        } catch {
            return .failure(.init(outcome: .retryable(reason: "uploading the file: transport: \(error)")))
        }
    }
}

extension SendOutcome {
    /// The same outcome, its reason saying which step it was about.
    func prefixed(_ step: String) -> SendOutcome {
        switch self {
        case .sent: self
        case .retryable(let reason): .retryable(reason: step + reason)
        case .rateLimited(let until, let reason): .rateLimited(until: until, reason: step + reason)
        case .permanent(let reason): .permanent(reason: step + reason)
        case .unauthorized(let reason): .unauthorized(reason: step + reason)
        }
    }
}

extension String {
    func trimmingSuffix(_ suffix: String) -> String {
        hasSuffix(suffix) ? String(dropLast(suffix.count)) : self
    }
}
