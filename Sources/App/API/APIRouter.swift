import Domain
import Hummingbird

/// Registers API routes: each with its operation (documented in `/openapi.json`) and its roles (enforced
/// before the handler runs).
struct APIRouter {
    let router: Router<ParleyRequestContext>
    let signedIn: RouterGroup<AuthenticatedContext>
    let document: APIDocument

    init(router: Router<ParleyRequestContext>, document: APIDocument) {
        self.router = router
        self.signedIn = router.group(context: AuthenticatedContext.self)
        self.document = document
    }

    /// A route that needs a signed-in caller with one of `operation.roles`.
    func add<Output: ResponseGenerator>(
        _ operation: APIOperation, _ handler: @escaping @Sendable (Request, AuthenticatedContext) async throws -> Output
    ) {
        precondition(operation.roles != nil, "signed-in routes declare their roles")
        document.add(operation)
        let roles = operation.roles ?? []
        signedIn.on(Self.routerPath(operation.path), method: .init(operation.method)!) { request, context in
            try context.require(roles)
            return try await handler(request, context)
        }
    }

    /// A route anyone may call (sign-in itself).
    func addPublic<Output: ResponseGenerator>(
        _ operation: APIOperation, _ handler: @escaping @Sendable (Request, ParleyRequestContext) async throws -> Output
    ) {
        document.add(operation)
        router.on(Self.routerPath(operation.path), method: .init(operation.method)!, use: handler)
    }

    /// `/api/v1/tokens/{id}` → `/api/v1/tokens/:id`.
    static func routerPath(_ path: String) -> RouterPath {
        RouterPath(path.split(separator: "/").map { part in
            part.hasPrefix("{") ? ":" + part.dropFirst().dropLast() : String(part)
        }.joined(separator: "/"))
    }
}

extension Set where Element == User.Role {
    static let anyone: Set<User.Role> = [.agent, .supervisor, .admin]
    static let supervisors: Set<User.Role> = [.supervisor, .admin]
    static let admins: Set<User.Role> = [.admin]
}
