import AsyncHTTPClient
import Connectors
import Domain
import Engagement
import Foundation
import Hummingbird
import HummingbirdWebSocket
import Logging
import Prometheus
import Realtime
import Reporting
import Routing
import ServiceLifecycle
import Storage

/// The assembled Parley: the store, the long-running services and the HTTP application. `parley serve`
/// and the application tests build the very same value.
public struct ParleyServer {
    public let store: any ParleyStore
    /// The PostgreSQL pool, when that is the database: first in the service group, so it closes last.
    let storeLifetime: (any Service)?
    /// Loads (or on a new installation trains) the content models after the server has started; nil when the
    /// analyzer is off or was given ready.
    let contentLoader: (any Service)?
    public let writer: GroupCommitWriter
    public let processor: InboxProcessor
    public let outbox: OutboxWorker
    public let routing: RoutingService
    /// What everything else asks routing through: the engine here, or the routing leader on another node.
    public let gateway: any RoutingGateway
    /// The routing engine's service: its ticker, or (several nodes on PostgreSQL) the leadership loop.
    let routingService: any Service
    public let feed: EventFeed
    public let presence: PresenceTracker
    public let sweeper: InactivitySweeper
    public let releaser: HeldInteractionReleaser
    public let urgency: WindowUrgencyMonitor
    /// Polls the feed of the Facebook page channels with `polling:`.
    let feedPoller: FeedPoller
    /// Refreshes the user tokens of X channels with `oauth:`.
    let tokenKeeper: XTokenKeeper
    /// Reads X's filtered stream for the channels with `monitor:`; nil when none has.
    let xStream: XStreamConsumer?
    /// Copies inbound attachments from the platforms into the data directory.
    let mediaFetcher: MediaFetcher
    /// Keeps the report roll-ups in step with the event log.
    public let reports: ReportProjector
    public let registry: PrometheusCollectorRegistry
    public let config: ParleyConfig
    public let readiness: Readiness
    /// Set on first start when a password was generated: print it once.
    public let generatedAdminPassword: String?
    let router: Router<ParleyRequestContext>
    let webSocketRouter: Router<ParleyRequestContext>
    let host: String
    let port: Int
    let logger: Logger

    public static func build(_ options: ServeOptions, clock: any WallClock = SystemClock(),
                             ids: any IDGenerator = TimeOrderedIDGenerator(), logger: Logger? = nil) async throws -> ParleyServer {
        var logger = logger ?? Logger(label: "parley")
        logger.logLevel = options.logLevel
        try FileManager.default.createDirectory(atPath: options.dataDirectory, withIntermediateDirectories: true)

        let loaded = try options.resolvedConfigFile.map { try ConfigLoader.load(file: $0) }
        let config = loaded?.config ?? ParleyConfig()
        for warning in loaded?.warnings ?? [] { logger.warning("\(warning.formatted(file: options.resolvedConfigFile ?? "parley.yml"))") }

        let secretBox = SecretBox(key: try SecretBox.instanceKey(dataDirectory: options.dataDirectory, environment: options.environment),
                                  environment: options.environment)
        var secrets = try resolveSecrets(config.platforms, box: secretBox)
        secrets.lineChannels = try resolveLineSecrets(config, box: secretBox)

        let database = DatabaseChoice.resolve(options)
        logger.info("opening the database", metadata: ["database": "\(database.redacted)"])
        let opened = try await OpenedStore.open(database, logger: logger)
        let store = opened.store
        let unknownAgents = try await Provisioning.apply(config, to: store, at: clock.now())
        if !unknownAgents.isEmpty {
            logger.warning("parley.yml names agents with no user; create them (parley user add) and restart to apply their profiles",
                           metadata: ["usernames": "\(unknownAgents.joined(separator: ", "))"])
        }
        let adminPassword = try await Provisioning.bootstrapAdmin(
            store: store, password: options.environment["PARLEY_ADMIN_PASSWORD"], hasher: PasswordHasher(cost: options.passwordCost),
            clock: clock, ids: ids)

        let registry = PrometheusCollectorRegistry()
        let metrics = PrometheusMetricsFactory(registry: registry)
        let nodeRouting = NodeRouting.make(store: store, options: options, port: options.port ?? config.server.port ?? 8080, clock: clock,
                                           metrics: metrics, logger: logger)
        let routing = nodeRouting.gateway
        // Validated at load (ConfigLoader.checkRules), so compiling again cannot fail for a started server.
        let rules = try config.channelRules.mapValues { try $0.compiled() }
        let (contentModels, contentLoader) = Self.contentAnalysis(options, clock: clock, logger: logger)
        let lineReplyTokens = LineReplyTokens()
        let processor = InboxProcessor(store: store, handler: IngestPipeline(store: store, clock: clock, ids: ids, logger: logger, router: routing,
                                                                             rules: rules, analyzer: contentModels,
                                                                             analysis: config.channelAnalysis, automations: config.channelAutomations,
                                                                             lineReplyTokens: lineReplyTokens),
                                       clock: clock, metrics: metrics, logger: logger,
                                       active: { [processes = options.processInbox] in processes && nodeRouting.processesInbox() })
        let releaser = HeldInteractionReleaser(store: store, admission: Admission(store: store, clock: clock, ids: ids, logger: logger),
                                               router: routing, clock: clock, interval: options.heldCheckInterval, logger: logger)
        let health = WriterHealth()
        let writer = GroupCommitWriter(store: store, health: health, metrics: metrics, logger: logger,
                                       afterCommit: { processor.wake() })
        let credentials = try ChannelCredentials(config: config, box: secretBox)
        let openChannels = try OpenChannels(config: config, box: secretBox, override: options.platformAPIOverride)
        let uploads = try UploadStore(dataDirectory: options.dataDirectory)
        let rateLimits = RateLimitBook()
        let baseURLs = apiBaseURLs(config.platforms, override: options.platformAPIOverride)
        // X channels with `oauth:` get their user token from the keeper, which refreshes it before it expires.
        let channelHealth = ChannelHealthBoard()
        let tokenKeeper = XTokenKeeper(channels: try XOAuthChannel.all(config, box: secretBox),
                                       refresher: XTokenRefresher(store: store, sealer: secretBox, post: TokenHTTP.post(OutboundHTTP.client),
                                                                  apiBase: baseURLs[.x] ?? "https://api.x.com", clock: clock, logger: logger),
                                       clock: clock, interval: options.tokenRefreshInterval, health: channelHealth, logger: logger)
        try await tokenKeeper.load()
        let http = HTTPPlatformSender(client: OutboundHTTP.client, baseURLs: baseURLs,
                                      clock: clock, credential: { tokenKeeper.accessToken(for: $0) ?? credentials.accessToken(for: $0) },
                                      uploadedFile: { uploads.load($0)?.0 }, rateLimits: rateLimits)
        // LINE answers go with the customer's reply token while it is fresh, else as pushes with a retry key.
        let platformSender = XTokenSender(inner: LineSender(inner: http, tokens: lineReplyTokens, clock: clock), keeper: tokenKeeper)
        let sender = OpenChannelSender(client: OutboundHTTP.client, endpoints: openChannels.endpoints, others: platformSender, clock: clock)
        // The platforms' rules are enforced on every send, whoever wrote it (docs/policies.md).
        let linkerLogger = logger
        let outbox = OutboxWorker(store: store, sender: sender, policy: PlatformPolicy(facts: StorePolicyFacts(store: store, x: config.channelX), logger: logger),
                                  clock: clock, metrics: metrics, logger: logger,
                                  onDelivered: { item, recipient in
                                      await PrivateReplyLinker.link(item, recipient: recipient, store: store, logger: linkerLogger)
                                  },
                                  onOutcome: { channel, outcome, at in channelHealth.record(channel, outcome, at: at) }, rateLimits: rateLimits)
        let readiness = Readiness(store: store, writerHealth: health, contentModels: contentModels, node: nodeRouting.readinessChecks)
        var feedSettings = EventFeed.Settings()
        feedSettings.replayLimit = options.streamReplayLimit
        let feed = EventFeed(store: store, clock: clock, settings: feedSettings, logger: logger)
        let reportSettings = try await Self.reportSettings(store, config.reports)
        let reports = ReportProjector(store: store, reading: feed, settings: reportSettings, logger: logger)
        let presenceLogger = logger
        let presence = PresenceTracker(grace: options.presenceGrace, logger: logger) { agent in
            await Self.markAbsent(agent, store: store, routing: routing, clock: clock, logger: presenceLogger)
        }
        let urgency = WindowUrgencyMonitor(store: store, router: routing, clock: clock, interval: options.urgencyCheckInterval, logger: logger)
        let pollTargets = config.channels.compactMap { channel in
            config.channelPolling[channel.id].map { FeedPoller.Target(channel: channel, settings: $0) }
        }
        let feedPoller = FeedPoller(targets: pollTargets, writer: writer, store: store, fetch: GraphHTTP.fetch(OutboundHTTP.client),
                                    graphBase: ParleyServer.graphBase(config.platforms, override: options.platformAPIOverride),
                                    token: { credentials.accessToken(for: $0) }, health: channelHealth, clock: clock, logger: logger)
        let xStream = try Self.xStreamConsumer(config, options: options, box: secretBox, writer: writer, health: channelHealth, clock: clock,
                                               logger: logger)
        let sweeper = InactivitySweeper(store: store, router: routing, clock: clock, interval: options.inactivitySweepInterval, logger: logger)
        let mediaFiles = try MediaFiles(dataDirectory: options.dataDirectory)
        let mediaFetcher = MediaFetcher(store: store, files: mediaFiles, get: MediaDownload.http(OutboundHTTP.client),
                                        graphBase: ParleyServer.graphBase(config.platforms, override: options.platformAPIOverride),
                                        lineDataBase: options.platformAPIOverride ?? "https://api-data.line.me",
                                        token: { credentials.accessToken(for: $0) }, settings: config.media(options.media), clock: clock, logger: logger)

        let routes = ParleyRoutes(options: options, config: config, store: store, clock: clock, ids: ids, metrics: metrics, registry: registry,
                                  readiness: readiness, writer: writer, feed: feed, presence: presence, routing: routing, outbox: outbox,
                                  releaser: releaser, secrets: secrets, openChannels: openChannels, credentials: credentials, uploads: uploads,
                                  mediaFiles: mediaFiles, tokenKeeper: tokenKeeper, channelHealth: channelHealth, contentModels: contentModels,
                                  lineReplyTokens: lineReplyTokens, reportSettings: reportSettings)
        let (router, webSocketRouter) = try await routes.make()

        return ParleyServer(store: store, storeLifetime: opened.lifetime, contentLoader: contentLoader, writer: writer, processor: processor,
                            outbox: outbox, routing: nodeRouting.routing, gateway: routing, routingService: nodeRouting.service, feed: feed,
                            presence: presence, sweeper: sweeper, releaser: releaser, urgency: urgency, feedPoller: feedPoller,
                            tokenKeeper: tokenKeeper, xStream: xStream, mediaFetcher: mediaFetcher, reports: reports, registry: registry,
                            config: config, readiness: readiness, generatedAdminPassword: adminPassword, router: router,
                            webSocketRouter: webSocketRouter, host: options.host ?? config.server.host ?? "127.0.0.1",
                            port: options.port ?? config.server.port ?? 8080, logger: logger)
    }

    /// Polls the feed of every channel with `polling:` now, besides its timer; answers how many events were new.
    public var feedPolls: @Sendable () async throws -> Int {
        let poller = feedPoller
        return { try await poller.pollAll() }
    }

    /// Refreshes now every OAuth X channel token that is due (besides the keeper's timer).
    public var tokenRefreshes: @Sendable () async -> Void {
        let keeper = tokenKeeper
        return { await keeper.refreshDue() }
    }

    /// The HTTP application with Parley's services in its service group. Shutdown runs in reverse order:
    /// the server stops taking requests and finishes in-flight ones, then the writer commits what is queued.
    public func makeApplication(onRunning: @escaping @Sendable (Int) async -> Void = { _ in }) -> some ApplicationProtocol {
        Application(router: router,
                    server: .parley(webSocketRouter: webSocketRouter, configuration: .init(autoPing: .enabled(timePeriod: .seconds(30)))),
                    configuration: .init(address: .hostname(host, port: port), serverName: "parley"),
                    services: (storeLifetime.map { [$0] } ?? [])
                        + [writer, routingService, processor, outbox, feed, sweeper, releaser, urgency, feedPoller, tokenKeeper, mediaFetcher,
                           reports]
                        + (xStream.map { [$0] } ?? []) + (contentLoader.map { [$0] } ?? []),
                    onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? 0) },
                    logger: logger)
    }
}
