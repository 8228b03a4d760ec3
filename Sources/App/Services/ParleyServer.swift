import AsyncHTTPClient
import Connectors
import Domain
import Engagement
import Foundation
import Hummingbird
import HummingbirdWebSocket
import Logging
import Metrics
import NIOCore
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
                                       refresher: XTokenRefresher(store: store, sealer: secretBox, post: TokenHTTP.post(.shared),
                                                                  apiBase: baseURLs[.x] ?? "https://api.x.com", clock: clock, logger: logger),
                                       clock: clock, interval: options.tokenRefreshInterval, health: channelHealth, logger: logger)
        try await tokenKeeper.load()
        let http = HTTPPlatformSender(client: .shared, baseURLs: baseURLs,
                                      clock: clock, credential: { tokenKeeper.accessToken(for: $0) ?? credentials.accessToken(for: $0) },
                                      uploadedFile: { uploads.load($0)?.0 }, rateLimits: rateLimits)
        // LINE answers go with the customer's reply token while it is fresh, else as pushes with a retry key.
        let platformSender = XTokenSender(inner: LineSender(inner: http, tokens: lineReplyTokens, clock: clock), keeper: tokenKeeper)
        let sender = OpenChannelSender(client: .shared, endpoints: openChannels.endpoints, others: platformSender, clock: clock)
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
        let feedPoller = FeedPoller(targets: pollTargets, writer: writer, store: store, fetch: GraphHTTP.fetch(.shared),
                                    graphBase: options.platformAPIOverride ?? config.platforms.meta.apiBaseURL ?? "https://graph.facebook.com/v21.0",
                                    token: { credentials.accessToken(for: $0) }, health: channelHealth, clock: clock, logger: logger)
        let xStream = try Self.xStreamConsumer(config, options: options, box: secretBox, writer: writer, health: channelHealth, clock: clock,
                                               logger: logger)
        let sweeper = InactivitySweeper(store: store, router: routing, clock: clock, interval: options.inactivitySweepInterval, logger: logger)
        let mediaFiles = try MediaFiles(dataDirectory: options.dataDirectory)
        let mediaFetcher = MediaFetcher(store: store, files: mediaFiles, get: MediaDownload.http(.shared),
                                        graphBase: options.platformAPIOverride ?? config.platforms.meta.apiBaseURL ?? "https://graph.facebook.com/v21.0",
                                        lineDataBase: options.platformAPIOverride ?? "https://api-data.line.me",
                                        token: { credentials.accessToken(for: $0) }, settings: config.media(options.media), clock: clock, logger: logger)

        let router = Router(context: ParleyRequestContext.self)
        router.add(middleware: RequestMetricsMiddleware(metrics: metrics))
        router.add(middleware: ErrorMiddleware())
        router.add(middleware: AuthenticationMiddleware(store: store, clock: clock, trustedProxies: Set(config.server.trustedProxies)))
        let document = APIDocument()
        router.add(middleware: MethodNotAllowedMiddleware(document: document))
        OperationsRoutes(readiness: readiness, registry: registry, store: store, writer: writer, feed: feed, clock: clock,
                         gauges: .init(registry: registry), contentModels: contentModels, channelHealth: channelHealth).register(on: router)
        let rejectedSignature: @Sendable (WebhookSource) -> Void = { source in
            Counter(label: "parley_webhook_signatures_rejected_total", dimensions: [("source", source.rawValue)], factory: metrics).increment()
        }
        WebhookRoutes(secrets: secrets, writer: writer, readiness: readiness, clock: clock, maxBodyBytes: config.server.maxBodyBytes,
                      rejected: rejectedSignature).register(on: router)
        OpenWebhookRoutes(channels: openChannels, writer: writer, readiness: readiness, clock: clock, maxBodyBytes: config.server.maxBodyBytes,
                          rejected: rejectedSignature).register(on: router)

        let hasher = PasswordHasher(cost: options.passwordCost)
        document.register(DirectoryRoutes.schemas)
        document.register(QueueList.schemas)
        document.register(CalendarList.schemas)
        document.register(ReplyWindowDTO.schemas)
        document.register(TemplateListDTO.schemas)
        document.register(ChannelHealthListDTO.schemas)
        document.register(PostContextDTO.schemas)
        document.register(PostThreadsDTO.schemas)
        document.register(UploadResponse.schemas)
        document.register(NoteList.schemas)
        document.register([TransferTargets.self, Composers.self])
        let api = APIRouter(router: router, document: document)
        AuthRoutes(store: store, hasher: hasher, throttle: LoginThrottle(clock: clock), clock: clock, ids: ids,
                   decoyHash: try await hasher.hash(TokenSecret.make())).register(on: api)
        DirectoryRoutes(store: store, hasher: hasher, clock: clock, ids: ids).register(on: api)
        EngagementRoutes(store: store).register(on: api)
        ContactRoutes(store: store, clock: clock, ids: ids).register(on: api)
        AgentStateRoutes(store: store, clock: clock, router: routing).register(on: api)
        OfferRoutes(store: store, router: routing).register(on: api)
        RoutingRoutes(store: store, router: routing, clock: clock, ids: ids).register(on: api)
        CalendarRoutes(store: store, releaser: releaser, clock: clock).register(on: api)
        ReplyWindowRoutes(store: store, clock: clock, urgency: WindowUrgency(), x: config.channelX, lineReplyTokens: lineReplyTokens).register(on: api)
        ConversationRoutes(store: store, router: routing, outbox: outbox, clock: clock, ids: ids, templates: config.channelTemplates,
                           x: config.channelX).register(on: api)
        MessageActionRoutes(store: store, outbox: outbox, clock: clock, ids: ids).register(on: api)
        NoteRoutes(store: store, clock: clock, ids: ids).register(on: api)
        TransferTargetRoutes(store: store).register(on: api)
        CollisionRoutes(store: store, board: CollisionBoard(), clock: clock).register(on: api)
        TemplateRoutes(store: store, templates: config.channelTemplates).register(on: api)
        StandardResponseRoutes(store: store, clock: clock, ids: ids).register(on: api)
        let reportQueries = ReportQueries(store: store, settings: reportSettings, clock: clock)
        ReportRoutes(queries: reportQueries, defaultZone: config.reports.timeZone).register(on: api)
        WallboardRoutes(store: store, queries: reportQueries, defaultZone: config.reports.timeZone, rules: config.reports.alerts).register(on: api)
        MediaRoutes(store: store, files: mediaFiles).register(on: api)
        PostContextRoutes(store: store, fetch: GraphHTTP.fetch(.shared),
                          graphBase: options.platformAPIOverride ?? config.platforms.meta.apiBaseURL ?? "https://graph.facebook.com/v21.0",
                          token: { credentials.accessToken(for: $0) }, clock: clock).register(on: api)
        PostThreadsRoutes(store: store).register(on: api)
        UploadRoutes(uploads: uploads).register(on: api)
        ChannelHealthRoutes(store: store, board: channelHealth, clock: clock,
                            credentialed: Set(config.channelAccessTokens.keys).union(config.channelXOAuth.keys),
                            tokenProblem: { tokenKeeper.healthProblem($0) }).register(on: api)
        let stream = StreamRoutes(feed: feed, presence: presence, allowedOrigins: [])
        stream.register(on: api)
        MessengerRoutes(store: store, writer: writer, feed: feed, tokens: try VisitorTokens.load(dataDirectory: options.dataDirectory),
                        uploads: uploads, clock: clock,
                        limits: MessengerLimits(clock: clock, messagesPerMinute: options.visitorMessagesPerMinute))
            .register(on: router, document: document)

        DesktopRoutes().register(on: router)
        WallboardPageRoutes().register(on: router)

        // WebSocket upgrades are decided by their own router: authentication runs on the upgrade request.
        let webSocketRouter = Router(context: ParleyRequestContext.self)
        webSocketRouter.add(middleware: ErrorMiddleware())
        webSocketRouter.add(middleware: StreamAuthentication(
            inner: AuthenticationMiddleware(store: store, clock: clock, trustedProxies: Set(config.server.trustedProxies))))
        stream.register(webSocket: webSocketRouter)
        document.register([AgentStateRoutes.StateDTO.self])
        document.register(EngagementRoutes.schemas)
        let openAPI = try document.json()
        router.get("openapi.json") { _, _ in
            Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: openAPI)))
        }

        return ParleyServer(store: store, storeLifetime: opened.lifetime, contentLoader: contentLoader, writer: writer, processor: processor, outbox: outbox, routing: nodeRouting.routing, gateway: routing, routingService: nodeRouting.service, feed: feed, presence: presence,
                            sweeper: sweeper, releaser: releaser, urgency: urgency, feedPoller: feedPoller, tokenKeeper: tokenKeeper, xStream: xStream, mediaFetcher: mediaFetcher, reports: reports, registry: registry, config: config,
                            readiness: readiness, generatedAdminPassword: adminPassword, router: router, webSocketRouter: webSocketRouter,
                            host: options.host ?? config.server.host ?? "127.0.0.1",
                            port: options.port ?? config.server.port ?? 8080, logger: logger)
    }

    /// What the report fold needs from the directory (each workgroup's service-level thresholds and each channel's
    /// workgroup) and from `reports:` (the short-abandon threshold and the zone of the day grain).
    public static func reportSettings(_ store: any ParleyStore, _ reports: ParleyConfig.Reports) async throws -> ReportFold.Settings {
        let workgroups = try await store.workgroups(), channels = try await store.channels()
        return ReportFold.Settings(
            thresholds: Dictionary(workgroups.map { ($0.id.rawValue, $0.routing.serviceLevels) }, uniquingKeysWith: { $1 }),
            shortAbandonMs: Int64(reports.shortAbandonSeconds) * 1000,
            channelWorkgroups: Dictionary(channels.compactMap { channel in channel.workgroupID.map { (channel.id.rawValue, $0.rawValue) } },
                                          uniquingKeysWith: { $1 }),
            timeZone: TimeZone(identifier: reports.timeZone) ?? TimeZone(identifier: "UTC")!)
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
                    server: .http1WebSocketUpgrade(webSocketRouter: webSocketRouter,
                                                   configuration: .init(autoPing: .enabled(timePeriod: .seconds(30)))),
                    configuration: .init(address: .hostname(host, port: port), serverName: "parley"),
                    services: (storeLifetime.map { [$0] } ?? []) + [writer, routingService, processor, outbox, feed, sweeper, releaser, urgency, feedPoller, tokenKeeper, mediaFetcher, reports]
                        + (xStream.map { [$0] } ?? []) + (contentLoader.map { [$0] } ?? []),
                    onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? 0) },
                    logger: logger)
    }

    /// The pipeline's analyzer slot (nil: off) and, for models still to load, the service that loads them.
    static func contentAnalysis(_ options: ServeOptions, clock: any WallClock, logger: Logger) -> (ContentAnalyzerSlot?, (any Service)?) {
        switch options.contentAnalysis {
        case .off:
            return (nil, nil)
        case .analyzer(let analyzer):
            let slot = ContentAnalyzerSlot()
            slot.install(analyzer, logger: logger)
            return (slot, nil)
        case .starterModels:
            let slot = ContentAnalyzerSlot()
            return (slot, ContentAnalysisLoader(directory: URL(fileURLWithPath: options.contentModelDirectory), slot: slot, clock: clock,
                                                logger: logger))
        }
    }

    /// Presence: the agent's desktop has been gone past the grace period. A ready agent goes not ready
    /// ("Disconnected") and routing takes back their open offers; what they hold stays theirs.
    static func markAbsent(_ agent: User.ID, store: any ParleyStore, routing: any RoutingGateway, clock: any WallClock, logger: Logger) async {
        do {
            guard let current = try await store.agentState(agent), current.state == .ready,
                let user = try await store.user(id: agent)?.user else { return }
            try await store.setAgentState(AgentStateChanged(agentID: agent, state: .notReady, reason: NotReadyReason.disconnected.id),
                                          at: clock.now())
            try await routing.agentUpdated(user, presence: .notReady(NotReadyReason.disconnected.id))
        } catch {
            logger.error("could not set a disconnected agent not ready", metadata: ["agent": "\(agent)", "error": "\(error)"])
        }
    }

    static func resolveSecrets(_ platforms: ParleyConfig.Platforms, box: SecretBox) throws -> WebhookSecrets {
        var secrets = WebhookSecrets()
        let all: [(WebhookSource, ParleyConfig.Platform)] = [(.meta, platforms.meta), (.x, platforms.x), (.line, platforms.line), (.open, platforms.open)]
        for (source, platform) in all {
            let signing = try [platform.webhookSecret, platform.previousWebhookSecret].compactMap { $0 }.map(box.resolve)
            let verify = try platform.verifyToken.map(box.resolve)
            if !signing.isEmpty || verify != nil { secrets.platforms[source] = .init(signing: signing, verifyToken: verify) }
        }
        for app in platforms.meta.apps {
            let signing = try [app.webhookSecret, app.previousWebhookSecret].compactMap { $0 }.map(box.resolve)
            secrets.metaApps[app.id] = .init(signing: signing, verifyToken: try app.verifyToken.map(box.resolve))
        }
        for app in platforms.x.apps {
            secrets.xApps[app.id] = .init(signing: try [app.webhookSecret, app.previousWebhookSecret].compactMap { $0 }.map(box.resolve))
        }
        return secrets
    }

    static func apiBaseURLs(_ platforms: ParleyConfig.Platforms, override: String?) -> [ChannelKind: String] {
        var urls: [ChannelKind: String] = [:]
        for kind in ChannelKind.allCases {
            let configured: String?
            switch kind {
            case .facebookPage, .messenger, .instagram, .whatsapp: configured = platforms.meta.apiBaseURL
            case .x: configured = platforms.x.apiBaseURL
            case .line: configured = platforms.line.apiBaseURL
            case .open, .webMessaging: configured = platforms.open.apiBaseURL
            }
            if let url = override ?? configured { urls[kind] = url }
        }
        return urls
    }
}
