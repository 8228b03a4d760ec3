import Hummingbird
import Logging

/// Turns every error a route throws into the one JSON error shape, logging it at the error's level and
/// never with request bodies.
struct ErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            let appError = AppError.from(error)
            let level: Logger.Level = appError.status.code >= 500 && appError.status != .serviceUnavailable ? .error : appError.logLevel
            context.logger.log(level: level, "request failed", metadata: [
                "status": "\(appError.status.code)", "code": "\(appError.code)",
                "error_type": "\(type(of: error))",
            ])
            return try appError.response(from: request, context: context)
        }
    }
}
