import Engagement
import Foundation
import Logging

/// How `parley serve` was asked to run. Every field has a default that works with nothing configured.
public struct ServeOptions: Sendable {
    public var host: String?
    public var port: Int?
    /// Where the database, the secret key and backups live.
    public var dataDirectory = "parley-data"
    /// `parley.yml`; when nil, `./parley.yml` is used if it exists.
    public var configFile: String?
    /// The SQLite file (default `<data>/parley.sqlite`), or a `postgres://` URL (see `DatabaseChoice`;
    /// `PARLEY_DATABASE_URL` is used when this is nil).
    public var databasePath: String?
    public var logLevel: Logger.Level = .info
    /// Points every platform's API at this base URL (the sandbox).
    public var platformAPIOverride: String?
    public var environment: [String: String] = ProcessInfo.processInfo.environment
    /// bcrypt cost for passwords (12 ≈ 250 ms here). Tests lower it.
    public var passwordCost: UInt8 = 12
    /// How long an agent has to accept an offer before it is redirected (RONA).
    public var offerTimeout: TimeInterval = 30
    /// How often interactions held while their service was closed are checked for opening time.
    public var heldCheckInterval: Duration = .seconds(5)
    /// How often queued interactions' messaging windows are checked for urgency (priority boost, supervisor flag).
    public var urgencyCheckInterval: Duration = .seconds(30)
    /// How long an agent's desktop may be disconnected before they are set not ready (a reload is not an absence).
    public var presenceGrace: Duration = .seconds(60)
    /// How far back a reconnecting live stream is replayed; an older position gets `resync`.
    public var streamReplayLimit: TimeInterval = 24 * 3600
    /// How often X channels' OAuth tokens are looked at (each is refreshed when the schedule says, not at every look).
    public var tokenRefreshInterval: Duration = .seconds(30)
    /// How often interactions past their channel's inactivity period are closed.
    public var inactivitySweepInterval: Duration = .seconds(60)
    /// Messages one web visitor may send per minute.
    public var visitorMessagesPerMinute = 30
    /// Bounds on copying inbound attachments; `media:` in parley.yml overrides the file size and quota.
    public var media = MediaSettings()
    /// Whether and how new interactions are scored by the content analyzer (docs/content-analysis.md).
    public var contentAnalysis = ContentAnalysisMode.starterModels
    /// This node's name among several on one PostgreSQL (`PARLEY_NODE_NAME`, else host name and port).
    public var nodeName: String?
    /// How long a routing leader's lease lasts without renewal; it is renewed every second.
    public var leaderLease: Duration = .seconds(5)
    /// The X stream consumer's stall timeout, backoff sleep and jitter (tests make them fast).
    public var xStream = XStreamOptions()
    /// False: deliveries are stored and acknowledged but not processed (the ingest benchmark's control run).
    public var processInbox = true

    public enum ContentAnalysisMode: Sendable {
        /// No analyzer: interactions are stored and routed unscored, and no model is loaded or trained.
        case off
        /// The selected models of `<data directory>/content-models` (where `parley analyze train` stores them),
        /// training the starter models there first on a new installation. Loaded after the server has started.
        case starterModels
        /// This analyzer, ready before the first message (tests).
        case analyzer(ContentAnalyzer)
    }

    public init() {}

    public var resolvedDatabasePath: String {
        databasePath ?? (dataDirectory as NSString).appendingPathComponent("parley.sqlite")
    }

    /// Where the content analyzer's model versions live.
    public var contentModelDirectory: String {
        (dataDirectory as NSString).appendingPathComponent("content-models")
    }

    public var resolvedConfigFile: String? {
        if let configFile { return configFile }
        return FileManager.default.fileExists(atPath: "parley.yml") ? "parley.yml" : nil
    }
}
