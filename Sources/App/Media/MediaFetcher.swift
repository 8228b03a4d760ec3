import Domain
import Engagement
import Foundation
import Logging
import ServiceLifecycle
import Storage

/// Copies inbound attachments from the platforms into the data directory before their URLs expire. Each pass
/// queues the attachments of newly stored messages (`MediaStore.queueMediaFetches`), then downloads the due ones:
/// WhatsApp media by `GET {graph}/{media-id}` and then its URL, both with the channel's token; Messenger, Instagram
/// and page-feed files by their CDN URL, without a token (Meta's CDN needs none, and a token must not travel to a
/// host that is not the Graph API). The queue is in the database, so a restart finishes what was pending.
final class MediaFetcher: Service {
    private let store: any ParleyStore
    private let files: MediaFiles
    private let get: MediaDownload.Get
    private let graphBase: String
    /// LINE's content host (`https://api-data.line.me`), for `line-content:` attachments.
    let lineDataBase: String
    let token: @Sendable (ChannelKey) -> String?
    private let settings: MediaSettings
    private let clock: any WallClock
    private let logger: Logger

    init(store: any ParleyStore, files: MediaFiles, get: @escaping MediaDownload.Get, graphBase: String,
         lineDataBase: String = "https://api-data.line.me",
         token: @escaping @Sendable (ChannelKey) -> String?, settings: MediaSettings, clock: any WallClock, logger: Logger) {
        self.lineDataBase = lineDataBase.hasSuffix("/") ? String(lineDataBase.dropLast()) : lineDataBase
        self.store = store
        self.files = files
        self.get = get
        self.graphBase = graphBase.hasSuffix("/") ? String(graphBase.dropLast()) : graphBase
        self.token = token
        self.settings = settings
        self.clock = clock
        self.logger = logger
    }

    func run() async throws {
        await runPeriodically(every: settings.interval, logger: logger, failure: "fetching media failed; trying again at the next pass") {
            _ = try await self.pass()
        }
    }

    /// Queues what is new and settles every due fetch; returns how many attempts were made.
    @discardableResult
    func pass() async throws -> Int {
        while try await store.queueMediaFetches(now: clock.now(), limit: 100) == 100 {}
        var attempts = 0
        while true {
            let now = clock.now()
            // The lease outlasts one download's timeout, so a fetch in progress is not taken again meanwhile.
            let due = try await store.claimMediaFetches(now: now, leaseUntil: now + 300, limit: 10)
            if due.isEmpty { return attempts }
            for fetch in due {
                let outcome = await attempt(fetch)
                try await store.recordMediaFetch(fetch.id, outcome, at: clock.now())
                log(fetch, outcome)
                attempts += 1
            }
        }
    }

    /// One download; the outcome says what to record.
    func attempt(_ fetch: MediaFetch) async -> MediaFetchOutcome {
        let used: Int
        do {
            used = try await store.storedMediaBytes()
        } catch {
            return transient(fetch, "could not read the media quota: \(error)")
        }
        guard used < settings.quotaBytes else { return .failed(reason: quotaExceeded) }
        let limit = min(settings.maxFileBytes, settings.quotaBytes - used)
        var url = fetch.source
        var bearer: String?
        var declaredType: String?
        if fetch.source.hasPrefix("whatsapp-media:") {
            guard let channelToken = token(fetch.channel) else {
                return .failed(reason: "the channel has no access token to fetch WhatsApp media with")
            }
            let mediaID = String(fetch.source.dropFirst("whatsapp-media:".count))
            guard mediaID.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }) else {
                return .failed(reason: "not a WhatsApp media id: \(mediaID)")
            }
            switch await get("\(graphBase)/\(mediaID)", channelToken, 64 * 1024) {
            case .file(let body, _):
                guard let object = try? JSONSerialization.jsonObject(with: body) as? [String: Any],
                    let mediaURL = object["url"] as? String
                else { return .failed(reason: "WhatsApp's media object has no url") }
                if let size = (object["file_size"] as? NSNumber)?.intValue, size > settings.maxFileBytes { return .failed(reason: tooLarge) }
                url = mediaURL
                bearer = channelToken
                declaredType = object["mime_type"] as? String
            case let other:
                return settle(fetch, other, asked: "WhatsApp's media object")
            }
        }
        if fetch.source.hasPrefix("line-content:") {
            switch lineContent(fetch) {
            case .success(let request): (url, bearer) = (request.url, request.bearer)
            case .failure(let refusal): return .failed(reason: refusal.reason)
            }
        }
        let download = await get(url, bearer, limit)
        guard case .file(let bytes, let contentType) = download else { return settle(fetch, download, asked: "the file") }
        guard !bytes.isEmpty else { return .failed(reason: "the platform sent an empty file") }
        do {
            let name = try files.store(bytes)
            return .stored(file: name, mimeType: MediaType.of(bytes, declared: declaredType ?? contentType), size: bytes.count)
        } catch {
            return transient(fetch, "could not write the file: \(error)")
        }
    }

    /// What a download that brought no file means: too large and platform refusals are final, the rest is retried.
    private func settle(_ fetch: MediaFetch, _ download: MediaDownload, asked: String) -> MediaFetchOutcome {
        switch download {
        case .file: return .failed(reason: "unexpected answer")
        case .tooLarge: return .failed(reason: tooLarge)
        case .refused(let status) where status == 429 || status >= 500 || status == 408:
            return transient(fetch, "\(asked): HTTP \(status)")
        case .refused(let status):
            return .failed(reason: "the platform refused \(asked) (HTTP \(status)); it may have expired")
        case .noAnswer(let why):
            return transient(fetch, "no answer for \(asked): \(why)")
        }
    }

    private func transient(_ fetch: MediaFetch, _ reason: String) -> MediaFetchOutcome {
        let now = clock.now()
        guard now.timeIntervalSince(fetch.createdAt) < settings.retryFor else {
            return .failed(reason: "gave up after \(Int(settings.retryFor / 60)) minutes of retries: \(reason)")
        }
        return .retry(at: now + settings.backoff(afterAttempts: fetch.attempts), reason: reason)
    }

    private var tooLarge: String { "too large: over the \(Self.megabytes(settings.maxFileBytes)) limit per file" }
    private var quotaExceeded: String { "quota exceeded: stored media reached \(Self.megabytes(settings.quotaBytes))" }

    private static func megabytes(_ bytes: Int) -> String {
        bytes % (1024 * 1024) == 0 ? "\(bytes / 1024 / 1024) MiB" : "\(bytes) bytes"
    }

    private func log(_ fetch: MediaFetch, _ outcome: MediaFetchOutcome) {
        let metadata: Logger.Metadata = ["media": "\(fetch.id)", "channel": "\(fetch.channel)"]
        switch outcome {
        case .stored(_, let type, let size): logger.debug("stored an attachment", metadata: metadata.merging(["type": "\(type)", "bytes": "\(size)"]) { $1 })
        case .retry(let at, let reason): logger.info("fetching an attachment will be retried", metadata: metadata.merging(["at": "\(at)", "reason": "\(reason)"]) { $1 })
        case .failed(let reason): logger.warning("an attachment could not be stored", metadata: metadata.merging(["reason": "\(reason)"]) { $1 })
        }
    }
}
