import Domain
import Foundation
import Hummingbird
import NIOCore

/// The context of every route that needs a signed-in caller: it already holds the user, so handlers never
/// unwrap it. Built from `ParleyRequestContext`; refuses with 401 when there is no principal.
public struct AuthenticatedContext: ChildRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let principal: Principal
    public let clientAddress: String

    public init(context: ParleyRequestContext) throws {
        guard let principal = context.principal else {
            throw AppError.unauthorized("Sign in (POST /api/v1/auth/login) or send 'Authorization: Bearer <token>'.")
        }
        self.coreContext = context.coreContext
        self.principal = principal
        self.clientAddress = context.clientAddress
    }

    public var user: User { principal.user }
    public var maxUploadSize: Int { 5 * 1024 * 1024 }
    public var requestDecoder: JSONDecoder { APIJSON.decoder }
    public var responseEncoder: JSONEncoder { APIJSON.encoder }

    /// Throws 403 unless the caller has one of `roles`.
    public func require(_ roles: Set<User.Role>) throws {
        guard !user.roles.isDisjoint(with: roles) else {
            throw AppError.forbidden("This needs the role \(roles.map(\.rawValue).sorted().joined(separator: " or ")).")
        }
    }
}
