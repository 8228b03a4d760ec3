import App
import ArgumentParser
import Domain
import Foundation
import Logging
import Storage

struct UserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user", abstract: "Add, list and change users.",
        subcommands: [Add.self, List.self, Passwd.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a user. The password is read from PARLEY_PASSWORD or standard input.",
            discussion: "Example: echo 's3cret-pass' | parley user add ann --role agent --name 'Ann Lee'")

        @Argument(help: "Login name.") var username: String
        @Option(help: "Display name (default: the login name).") var name: String?
        @Option(help: "Role: agent, supervisor or admin (repeatable).") var role: [String] = ["agent"]
        @OptionGroup var data: DataOptions

        func validate() throws {
            guard User.isValidUsername(username) else { throw ValidationError(User.usernameRule) }
        }

        func run() async throws {
            let roles = try role.map { text -> User.Role in
                guard let role = User.Role(rawValue: text) else { throw CommandFailure("unknown role '\(text)'; use agent, supervisor or admin") }
                return role
            }
            let password = try readPassword()
            let opened = try await openStore(data, creating: true)
            let store = opened.store
            let user = User(id: .init(TimeOrderedIDGenerator().make()), username: username, displayName: name ?? username, roles: Set(roles))
            try await store.createUser(user, passwordHash: try await PasswordHasher().hash(password), at: Date())
            print("Created \(username) (\(roles.map(\.rawValue).sorted().joined(separator: ", ")))")
            await opened.close()
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List users.", discussion: "Example: parley user list")
        @OptionGroup var data: DataOptions

        func run() async throws {
            let opened = try await openStore(data, creating: false)
            for stored in try await opened.store.users() {
                let user = stored.user
                print("\(user.username)\t\(user.displayName)\t\(user.roles.map(\.rawValue).sorted().joined(separator: ","))\(user.active ? "" : "\tinactive")")
            }
            await opened.close()
        }
    }

    struct Passwd: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Set a user's password (from PARLEY_PASSWORD or standard input).",
            discussion: "Example: echo 'new-long-password' | parley user passwd admin")
        @Argument(help: "Login name.") var username: String
        @OptionGroup var data: DataOptions

        func run() async throws {
            let opened = try await openStore(data, creating: false)
            let store = opened.store
            guard let stored = try await store.user(named: username) else { throw CommandFailure("no user named '\(username)'") }
            try await store.setPasswordHash(try await PasswordHasher().hash(try readPassword()), for: stored.user.id)
            print("Password changed for \(username)")
            await opened.close()
        }
    }
}

func readPassword() throws -> String {
    let password = ProcessInfo.processInfo.environment["PARLEY_PASSWORD"] ?? readLine(strippingNewline: true) ?? ""
    if let problem = User.passwordProblem(password) { throw CommandFailure(problem) }
    return password
}

/// Commands print their own results; the store's logs show only warnings and worse.
func quietLogger() -> Logger {
    var logger = Logger(label: "parley")
    logger.logLevel = .warning
    return logger
}
