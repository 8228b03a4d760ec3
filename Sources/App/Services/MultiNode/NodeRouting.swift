import Domain
import Foundation
import Logging
import Metrics
import Routing
import ServiceLifecycle
import Storage
import StoragePostgres

/// How this node routes. On SQLite it is the only node: its `RoutingService` decides and runs as a service. On
/// PostgreSQL it may be one of several: the engine runs only while this node holds the routing lease
/// (`RoutingLeadership`), and everything else reaches routing through a gateway that forwards to the leader.
struct NodeRouting: Sendable {
    let routing: RoutingService
    let gateway: any RoutingGateway
    /// What the service group runs: the engine's ticker, or the leadership loop that ticks it while it leads.
    let service: any Service
    let leadership: RoutingLeadership?
    /// Whether this node processes the inbox now (the leader only, with several nodes).
    let processesInbox: @Sendable () -> Bool

    static func make(store: any ParleyStore, options: ServeOptions, port: Int, clock: any WallClock, metrics: any MetricsFactory,
                     logger: Logger) -> NodeRouting {
        guard let postgres = store as? PostgresStore else {
            let routing = RoutingService(store: store, clock: clock, offerTimeout: options.offerTimeout, logger: logger)
            return NodeRouting(routing: routing, gateway: routing, service: routing, leadership: nil, processesInbox: { true })
        }
        let fenced = FencedRoutingStore(store: postgres)
        let routing = RoutingService(store: fenced, clock: clock, offerTimeout: options.offerTimeout, logger: logger)
        let node = nodeName(options, port: port)
        let leaderGauge = Gauge(label: "parley_routing_leader", dimensions: [("node", node)], factory: metrics)
        let leadership = RoutingLeadership(
            settings: .init(node: node, lease: options.leaderLease), store: postgres, fenced: fenced, routing: routing,
            requests: RoutingRequestRunner(store: store, routing: routing), clock: clock, logger: logger,
            onRole: { role in leaderGauge.record(role == .leader ? 1 : 0) })
        let gateway = ForwardingRoutingGateway(leadership: leadership, routing: routing, store: postgres, clock: clock)
        return NodeRouting(routing: routing, gateway: gateway, service: leadership, leadership: leadership,
                           processesInbox: { leadership.role == .leader })
    }

    /// `--node-name`, else `PARLEY_NODE_NAME`, else this host's name and the port.
    static func nodeName(_ options: ServeOptions, port: Int) -> String {
        options.nodeName ?? options.environment["PARLEY_NODE_NAME"] ?? "\(ProcessInfo.processInfo.hostName):\(port)"
    }

    /// For `/readyz`: this node's name and role, and the term it leads.
    var readinessChecks: @Sendable () -> [String: String] {
        guard let leadership else { return { ["routing": "single node"] } }
        return {
            var checks = ["node": leadership.settings.node, "routing": leadership.role.rawValue]
            if let fence = leadership.fence { checks["routing_term"] = "\(fence.epoch)" }
            return checks
        }
    }
}
