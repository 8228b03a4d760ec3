import Connectors
import Domain
import Engagement
import Foundation
import Hummingbird
import Logging
import Metrics
import NIOCore
import Prometheus
import Realtime
import Reporting
import Routing
import ServiceLifecycle
import Storage

/// Parley's HTTP surface: operations, webhooks, the JSON API (with its OpenAPI document), the web messenger, the
/// desktop and wallboard pages, and the live stream's WebSocket upgrades (which get a router of their own, so that
/// authentication runs on the upgrade request).
struct ParleyRoutes {
    let options: ServeOptions
    let config: ParleyConfig
    let store: any ParleyStore
    let clock: any WallClock
    let ids: any IDGenerator
    let metrics: PrometheusMetricsFactory
    let registry: PrometheusCollectorRegistry
    let readiness: Readiness
    let writer: GroupCommitWriter
    let feed: EventFeed
    let presence: PresenceTracker
    let routing: any RoutingGateway
    let outbox: OutboxWorker
    let releaser: HeldInteractionReleaser
    let secrets: WebhookSecrets
    let openChannels: OpenChannels
    let credentials: ChannelCredentials
    let uploads: UploadStore
    let mediaFiles: MediaFiles
    let tokenKeeper: XTokenKeeper
    let channelHealth: ChannelHealthBoard
    let contentModels: ContentAnalyzerSlot?
    let lineReplyTokens: LineReplyTokens
    let reportSettings: ReportFold.Settings

    /// The HTTP router and the WebSocket upgrade router.
    func make() async throws -> (Router<ParleyRequestContext>, Router<ParleyRequestContext>) {
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
        let agentStates = AgentStateRoutes(store: store, clock: clock, router: routing)
        agentStates.register(on: api)
        UserAccessRoutes(store: store, clock: clock, states: agentStates).register(on: api)
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
        ReportRoutes(queries: reportQueries, users: store, defaultZone: config.reports.timeZone).register(on: api)
        WallboardRoutes(store: store, queries: reportQueries, defaultZone: config.reports.timeZone, rules: config.reports.alerts).register(on: api)
        MediaRoutes(store: store, files: mediaFiles).register(on: api)
        PostContextRoutes(store: store, fetch: GraphHTTP.fetch(OutboundHTTP.client),
                          graphBase: ParleyServer.graphBase(config.platforms, override: options.platformAPIOverride),
                          token: { credentials.accessToken(for: $0) }, clock: clock).register(on: api)
        PostThreadsRoutes(store: store).register(on: api)
        UploadRoutes(uploads: uploads).register(on: api)
        ChannelHealthRoutes(store: store, board: channelHealth, clock: clock,
                            credentialed: Set(config.channelAccessTokens.keys).union(config.channelXOAuth.keys),
                            tokenProblem: { tokenKeeper.healthProblem($0) }).register(on: api)
        let stream = StreamRoutes(feed: feed, presence: presence, users: store, allowedOrigins: [])
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
        return (router, webSocketRouter)
    }
}
