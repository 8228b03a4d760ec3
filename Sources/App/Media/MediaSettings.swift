import Foundation

/// Bounds on copying inbound attachments (`media:` in parley.yml; docs/configuration.md).
public struct MediaSettings: Sendable, Equatable {
    /// A larger file is not downloaded: its attachment is marked failed, "too large", with the limit.
    public var maxFileBytes = 25 * 1024 * 1024
    /// The sum of every stored file may not pass this: the next one is marked failed, "quota exceeded".
    public var quotaBytes = 10 * 1024 * 1024 * 1024
    /// How long transient failures (no answer, HTTP 5xx/429) are retried before the attachment is marked failed.
    /// WhatsApp media ids stay valid for 30 days; Meta's CDN URLs for days.
    public var retryFor: TimeInterval = 6 * 3600
    /// Time between passes of the fetcher.
    public var interval: Duration = .seconds(2)
    /// The first retry waits this long; each next one twice as long, up to `maxBackoff`.
    public var firstBackoff: TimeInterval = 5
    public var maxBackoff: TimeInterval = 600

    public init() {}

    /// The wait before attempt `attempts + 1`.
    func backoff(afterAttempts attempts: Int) -> TimeInterval {
        min(maxBackoff, firstBackoff * pow(2, Double(min(attempts, 30))))
    }
}

extension ParleyConfig {
    /// `base` with what `server.media_max_file_bytes` and `server.media_quota_bytes` set.
    func media(_ base: MediaSettings) -> MediaSettings {
        var settings = base
        if let bytes = server.mediaMaxFileBytes { settings.maxFileBytes = bytes }
        if let bytes = server.mediaQuotaBytes { settings.quotaBytes = bytes }
        return settings
    }
}
