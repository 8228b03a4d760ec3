import Hummingbird
import Logging
import Metrics

/// Counts requests and their durations per route and status, adds `X-Request-Id`, and logs one line per
/// request with no bodies, query strings or personal data.
struct RequestMetricsMiddleware: RouterMiddleware {
    typealias Context = ParleyRequestContext
    let metrics: any MetricsFactory

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let started = ContinuousClock.now
        var response = try await next(request, context)
        let elapsed = ContinuousClock.now - started
        let route = context.endpointPath ?? "unmatched"
        let status = String(response.status.code)
        Counter(label: "parley_http_requests_total",
                dimensions: [("method", request.method.rawValue), ("route", route), ("status", status)],
                factory: metrics).increment()
        Metrics.Timer(label: "parley_http_request_seconds", dimensions: [("route", route)], factory: metrics)
            .record(duration: elapsed)
        response.headers[.init("X-Request-Id")!] = context.requestID
        context.logger.debug("request", metadata: [
            "method": "\(request.method.rawValue)", "route": "\(route)", "status": "\(status)",
            "ms": "\(Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000)",
        ])
        return response
    }
}
