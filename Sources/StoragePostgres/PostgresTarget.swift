import Foundation
import PostgresNIO

/// What a `postgres://` URL says: where the server is, who connects, which database and schema, and how TLS is used.
struct PostgresTarget {
    var configuration: PostgresClient.Configuration
    var schema: String?
    /// The URL without its password, for logs and errors.
    var redacted: String

    /// `postgres://user:password@host:port/database?sslmode=…&schema=…&host=/socket/dir`. An explicit `schema`
    /// argument wins over the URL's. `sslmode` follows libpq: `disable`, `allow`/`prefer` (the default: TLS when
    /// the server offers it, unverified), `require` (TLS, unverified), `verify-ca`, `verify-full`.
    init(url text: String, schema explicitSchema: String? = nil) throws {
        guard let url = URLComponents(string: text), let scheme = url.scheme, ["postgres", "postgresql"].contains(scheme) else {
            throw PostgresStoreError.invalidURL("expected postgres://user:password@host:port/database, got something else")
        }
        var redactedURL = url
        if redactedURL.password != nil { redactedURL.password = "redacted" }
        redacted = redactedURL.string ?? "postgres://…"

        var options: [String: String] = [:]
        for item in url.queryItems ?? [] { options[item.name] = item.value ?? "" }
        let username = url.user.flatMap { $0.isEmpty ? nil : $0 } ?? "postgres"
        let database = String(url.path.drop(while: { $0 == "/" }))
        let port = url.port ?? 5432

        if let socketDirectory = options["host"], socketDirectory.hasPrefix("/") {
            configuration = .init(unixSocketPath: "\(socketDirectory)/.s.PGSQL.\(port)", username: username, password: url.password,
                                  database: database.isEmpty ? nil : database)
        } else {
            guard let host = url.host, !host.isEmpty else {
                throw PostgresStoreError.invalidURL("\(redacted) names no host (use ?host=/socket/dir for a Unix socket)")
            }
            configuration = .init(host: host, port: port, username: username, password: url.password,
                                  database: database.isEmpty ? nil : database, tls: try Self.tls(options["sslmode"], redacted: redacted))
        }

        // Acknowledged means committed means flushed: never inherit a role's or database's synchronous_commit = off.
        configuration.options.additionalStartupParameters.append(("synchronous_commit", "on"))
        let schemaName = explicitSchema ?? options["schema"]
        if let schemaName {
            // The schema name goes into DDL and search_path, where values cannot be bound: allow only plain identifiers.
            guard schemaName.range(of: "^[a-z_][a-z0-9_]{0,62}$", options: .regularExpression) != nil else {
                throw PostgresStoreError.invalidURL("schema '\(schemaName)' must be a lowercase identifier: letters, digits, _")
            }
            configuration.options.additionalStartupParameters.append(("search_path", schemaName))
        }
        schema = schemaName
        configuration.options.additionalStartupParameters.append(("application_name", "parley"))
    }

    private static func tls(_ mode: String?, redacted: String) throws -> PostgresClient.Configuration.TLS {
        var unverified = TLSConfiguration.makeClientConfiguration()
        unverified.certificateVerification = .none
        switch mode ?? "prefer" {
        case "disable": return .disable
        case "allow", "prefer": return .prefer(unverified)
        case "require": return .require(unverified)
        case "verify-ca":
            var configuration = TLSConfiguration.makeClientConfiguration()
            configuration.certificateVerification = .noHostnameVerification
            return .require(configuration)
        case "verify-full": return .require(.makeClientConfiguration())
        case let other:
            throw PostgresStoreError.invalidURL("\(redacted): unknown sslmode '\(other)' (disable, prefer, require, verify-ca, verify-full)")
        }
    }
}

public enum PostgresStoreError: Error, Equatable, CustomStringConvertible {
    case invalidURL(String)
    /// No answer from the server: it is down, unreachable, or refuses these credentials.
    case unreachable(String)
    /// The database does not look like one Parley migrated (a missing row or table).
    case corrupt(String)

    public var description: String {
        switch self {
        case .invalidURL(let why): "invalid PostgreSQL URL: \(why)"
        case .unreachable(let why): "PostgreSQL is unreachable: \(why); check the URL, the server and its pg_hba.conf"
        case .corrupt(let what): "the PostgreSQL database is not in the state Parley left it in: \(what)"
        }
    }
}
