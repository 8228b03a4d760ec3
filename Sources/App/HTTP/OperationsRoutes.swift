import Domain
import Engagement
import Foundation
import Hummingbird
import Prometheus
import Realtime
import Storage

/// `/healthz` (the process answers), `/readyz` (the database takes writes, migrations applied) and
/// `/metrics` (Prometheus text).
struct OperationsRoutes: Sendable {
    let readiness: Readiness
    let registry: PrometheusCollectorRegistry
    let store: any ParleyStore
    let writer: GroupCommitWriter
    let feed: EventFeed
    let clock: any WallClock
    let gauges: Gauges
    /// Nil when the content analyzer is off.
    let contentModels: ContentAnalyzerSlot?
    let channelHealth: ChannelHealthBoard

    struct Gauges: Sendable {
        let inboxPending: Prometheus.Gauge
        let inboxLag: Prometheus.Gauge
        let inboxQueue: Prometheus.Gauge
        let poison: Prometheus.Gauge
        let outboxPending: Prometheus.Gauge
        let outboxFailed: Prometheus.Gauge
        let streams: Prometheus.Gauge
        let contentModelsUnavailable: Prometheus.Gauge
        let credentialsRefused: Prometheus.Gauge

        init(registry: PrometheusCollectorRegistry) {
            inboxPending = OperationsRoutes.gauge(registry, "inbox_pending_events", "Stored inbox events not yet processed")
            inboxLag = OperationsRoutes.gauge(registry, "inbox_lag_seconds", "Age of the oldest unprocessed inbox event")
            inboxQueue = OperationsRoutes.gauge(registry, "inbox_writer_queue", "Deliveries waiting for the next group commit")
            poison = OperationsRoutes.gauge(registry, "inbox_poison_deliveries", "Stored deliveries whose body could not be parsed")
            outboxPending = OperationsRoutes.gauge(registry, "outbox_pending", "Outbound calls waiting to be sent or retried")
            outboxFailed = OperationsRoutes.gauge(registry, "outbox_failed", "Outbound calls that failed permanently")
            streams = OperationsRoutes.gauge(registry, "live_streams", "Open live streams (agent WebSockets and visitor event streams)")
            contentModelsUnavailable = OperationsRoutes.gauge(registry, "content_models_unavailable",
                                                              "Content models that failed to load: their scores are missing and messages are treated as actionable")
            credentialsRefused = OperationsRoutes.gauge(registry, "channel_credentials_refused",
                                                        "Channels whose access token the platform refused since their last accepted send")
        }
    }

    private static func gauge(_ registry: PrometheusCollectorRegistry, _ name: String, _ help: String) -> Prometheus.Gauge {
        registry.makeGauge(descriptor: MetricNameDescriptor(namespace: "parley", metricName: name, unitName: "", helpText: help))
    }

    func register(on router: Router<ParleyRequestContext>) {
        router.get("healthz") { _, _ -> Response in
            Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: #"{"status":"ok"}"#)))
        }
        router.get("readyz") { _, _ -> Response in
            let report = await readiness.report()
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            let body = try encoder.encode(report)
            return Response(status: report.ready ? .ok : .serviceUnavailable, headers: [.contentType: "application/json"],
                            body: .init(byteBuffer: ByteBuffer(bytes: body)))
        }
        // Load balancers' and uptime monitors' HEAD probes: the same status, without a body.
        router.head("healthz") { _, _ -> Response in Response(status: .ok, headers: [.contentType: "application/json"]) }
        router.head("readyz") { _, _ -> Response in
            Response(status: await readiness.report().ready ? .ok : .serviceUnavailable, headers: [.contentType: "application/json"])
        }
        router.get("metrics") { _, _ -> Response in
            await refreshGauges()
            return Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4"],
                            body: .init(byteBuffer: ByteBuffer(bytes: registry.emitToBuffer())))
        }
    }

    private func refreshGauges() async {
        gauges.inboxQueue.set(Double(writer.queueDepth))
        gauges.streams.set(Double(feed.subscriberCount))
        gauges.contentModelsUnavailable.set(Double(contentModels?.current?.unavailable.count ?? 0))
        gauges.credentialsRefused.set(Double(channelHealth.refusedCredentials))
        if let inbox = try? await store.inboxStatistics() {
            gauges.inboxPending.set(Double(inbox.pending))
            gauges.inboxLag.set(Double(inbox.oldestPendingReceivedAt.map { max(0, clock.now().timeIntervalSince($0)) } ?? 0))
            gauges.poison.set(Double(inbox.poisonDeliveries))
        }
        if let outbox = try? await store.outboxStatistics() {
            gauges.outboxPending.set(Double(outbox.pending + outbox.inFlight))
            gauges.outboxFailed.set(Double(outbox.failed))
        }
    }
}
