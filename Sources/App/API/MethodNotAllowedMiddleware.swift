import Hummingbird

/// A documented path called with an undocumented method gets 405 with `Allow`, not 404.
struct MethodNotAllowedMiddleware: RouterMiddleware {
    typealias Context = ParleyRequestContext
    let document: APIDocument

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound {
            let allowed = document.methods(matching: request.uri.path)
            guard !allowed.isEmpty else { throw error }
            throw AppError(.methodNotAllowed, code: "method_not_allowed",
                           message: "\(request.method.rawValue) is not allowed here; use \(allowed.sorted().joined(separator: ", ")).",
                           headers: [.allow: Set(allowed).sorted().joined(separator: ", ")])
        }
    }
}
