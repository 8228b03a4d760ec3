import Domain
import Foundation
import Hummingbird
import Storage

/// Users, workgroups, channels and codes.
struct DirectoryRoutes: Sendable {
    let store: any ParleyStore
    let hasher: PasswordHasher
    let clock: any WallClock
    let ids: any IDGenerator

    func register(on api: APIRouter) {
        api.add(APIOperation(method: "GET", path: "/api/v1/users", summary: "All users",
                             roles: .supervisors, success: (200, "Users", .ref("UserList")))) { _, _ in
            UserList(users: try await store.users().map { UserDTO($0.user) })
        }
        api.add(APIOperation(method: "POST", path: "/api/v1/users", summary: "Create a user",
                             roles: .admins, request: CreateUserRequest.schema, success: (201, "Created", .ref("User")), extraErrors: [409, 422])) {
            request, context -> EditedResponse<UserDTO> in
            let input = try await request.decode(as: CreateUserRequest.self, context: context)
            let username = input.username.trimmingCharacters(in: .whitespacesAndNewlines)
            guard User.isValidUsername(username) else { throw AppError.badRequest(User.usernameRule) }
            if let problem = User.passwordProblem(input.password) { throw AppError.badRequest(problem) }
            // Empty (or only white space): the login name, as when it is left out.
            let displayName = try input.displayName.map { try TextField.checked($0, field: "displayName", maximum: 200, required: false) }
                .flatMap { $0.isEmpty ? nil : $0 }
            guard !input.roles.isEmpty else { throw AppError.badRequest("A user needs at least one role.") }
            let roles = try input.roles.map { name in
                guard let role = User.Role(rawValue: name) else {
                    throw AppError.badRequest("No role '\(name.prefix(40))'; the roles are \(User.Role.allCases.map(\.rawValue).joined(separator: ", ")).")
                }
                return role
            }
            let known = Set(try await store.workgroups().map(\.id.rawValue))
            if let unknown = input.workgroups?.first(where: { !known.contains($0) }) {
                throw AppError(.conflict, code: "unknown_workgroup", message: "There is no workgroup '\(unknown)'; see /api/v1/workgroups.")
            }
            let user = User(id: .init(ids.make()), username: username, displayName: displayName ?? username, roles: Set(roles),
                            workgroups: (input.workgroups ?? []).map { .init($0) })
            do {
                try await store.createUser(user, passwordHash: try await hasher.hash(input.password), at: clock.now())
            } catch let error as StoreError {
                throw AppError(.conflict, code: "conflict", message: error.description)
            }
            try await store.appendAudit(AuditRecord(at: clock.now(), actor: context.user.username, action: "user.create",
                                                    subject: "user \(username)", outcome: "ok"))
            return EditedResponse(status: .created, response: UserDTO(user))
        }
        api.add(APIOperation(method: "GET", path: "/api/v1/workgroups", summary: "Workgroups (queues)",
                             roles: .anyone, success: (200, "Workgroups", .ref("WorkgroupList")))) { _, _ in
            WorkgroupList(workgroups: try await store.workgroups().map(WorkgroupDTO.init))
        }
        api.add(APIOperation(method: "GET", path: "/api/v1/channels", summary: "Connected channels (names and kinds, for showing them)",
                             roles: .anyone, success: (200, "Channels", .ref("ChannelList")))) { _, _ in
            ChannelList(channels: try await store.channels().map(ChannelDTO.init))
        }
        api.add(APIOperation(method: "GET", path: "/api/v1/wrap-up-codes", summary: "Wrap-up codes",
                             roles: .anyone, success: (200, "Codes", .ref("CodeList")))) { _, _ in
            CodeList(codes: try await store.wrapUpCodes().map { CodeDTO(id: $0.id.rawValue, name: $0.name, active: $0.active) })
        }
        api.add(APIOperation(method: "GET", path: "/api/v1/not-ready-reasons", summary: "Not-ready reasons",
                             roles: .anyone, success: (200, "Reasons", .ref("CodeList")))) { _, _ in
            CodeList(codes: try await store.notReadyReasons().map { CodeDTO(id: $0.id.rawValue, name: $0.name, active: $0.active) })
        }
    }

    nonisolated(unsafe) static let schemas: [any APISchema.Type] = [
        UserDTO.self, SkillLevelDTO.self, UserList.self, SessionInfo.self, TokenCreated.self, TokenSummary.self, TokenList.self,
        CodeDTO.self, CodeList.self, WorkgroupDTO.self, WorkgroupList.self, ChannelDTO.self, ChannelList.self,
    ]
}
