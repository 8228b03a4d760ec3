import Domain
import Foundation
import Synchronization

/// One API operation as the OpenAPI document describes it. Routes are registered through `APIRouter`, which
/// records the operation here and enforces its roles, so the document cannot drift from the routes.
struct APIOperation: Sendable {
    var method: String
    /// OpenAPI form: `/api/v1/tokens/{id}`.
    var path: String
    var summary: String
    /// nil: no sign-in needed.
    var roles: Set<User.Role>?
    var request: Schema?
    var success: (status: Int, description: String, schema: Schema?)
    var extraErrors: [Int] = []
    var query: [(name: String, schema: Schema, description: String)] = []
    var headers: [(name: String, schema: Schema, description: String)] = []
    /// A body that is a file of one of these media types, not JSON (`request` is then nil).
    var fileTypes: [String] = []
    /// The success response may also be CSV (`format=csv`).
    var alsoCSV = false
}

/// Collects operations and schemas and renders `/openapi.json`.
final class APIDocument: Sendable {
    private let state = Mutex<(operations: [APIOperation], schemas: [String: Schema])>(([], [:]))

    func add(_ operation: APIOperation) { state.withLock { $0.operations.append(operation) } }

    /// The methods documented for a concrete path (`/api/v1/tokens/abc` matches `/api/v1/tokens/{id}`).
    func methods(matching path: String) -> [String] {
        let parts = path.split(separator: "/", omittingEmptySubsequences: true)
        return state.withLock { state in
            state.operations.filter { operation in
                let pattern = operation.path.split(separator: "/", omittingEmptySubsequences: true)
                return pattern.count == parts.count && zip(pattern, parts).allSatisfy { $0.hasPrefix("{") || $0 == $1 }
            }.map(\.method)
        }
    }

    func register(named schemas: [(String, Schema)]) {
        state.withLock { state in for (name, schema) in schemas { state.schemas[name] = schema } }
    }

    func register(_ types: [any APISchema.Type]) {
        state.withLock { state in for type in types { state.schemas[type.schemaName] = type.schema } }
    }

    func json() throws -> Data {
        let (operations, schemas) = state.withLock { ($0.operations, $0.schemas) }
        var paths: [String: [String: Any]] = [:]
        for operation in operations {
            var responses: [String: Any] = [:]
            var success: [String: Any] = ["description": operation.success.description]
            if let schema = operation.success.schema {
                var content: [String: Any] = ["application/json": ["schema": schema.json]]
                if operation.alsoCSV { content["text/csv"] = ["schema": ["type": "string"]] }
                success["content"] = content
            }
            responses[String(operation.success.status)] = success
            var errors = [400] + operation.extraErrors
            if operation.roles != nil { errors += [401, 403] }
            if operation.path.contains("{") { errors.append(404) }
            if operation.request != nil { errors.append(413) }
            for status in Set(errors) {
                responses[String(status)] = ["description": Self.describe(status),
                                             "content": ["application/json": ["schema": Schema.ref("Error").json]]]
            }
            var entry: [String: Any] = ["summary": operation.summary, "responses": responses,
                                        "operationId": Self.operationID(operation)]
            if let roles = operation.roles {
                entry["description"] = "Roles: \(roles.map(\.rawValue).sorted().joined(separator: ", "))."
                entry["security"] = [["session": []], ["bearer": []]]
            } else {
                entry["security"] = []
            }
            var parameters = operation.path.split(separator: "/").filter { $0.hasPrefix("{") }.map { part -> [String: Any] in
                ["name": String(part.dropFirst().dropLast()), "in": "path", "required": true, "schema": ["type": "string"]]
            }
            parameters += operation.query.map { ["name": $0.name, "in": "query", "required": false, "schema": $0.schema.json, "description": $0.description] }
            parameters += operation.headers.map { ["name": $0.name, "in": "header", "required": false, "schema": $0.schema.json, "description": $0.description] }
            if !parameters.isEmpty { entry["parameters"] = parameters }
            if let request = operation.request {
                entry["requestBody"] = ["required": true, "content": ["application/json": ["schema": request.json]]]
            } else if !operation.fileTypes.isEmpty {
                let file: [String: Any] = ["schema": ["type": "string", "format": "binary"]]
                entry["requestBody"] = ["required": true, "content": Dictionary(uniqueKeysWithValues: operation.fileTypes.map { ($0, file) })]
            }
            paths[operation.path, default: [:]][operation.method.lowercased()] = entry
        }
        var components: [String: Any] = [:]
        for (name, schema) in schemas { components[name] = schema.json }
        components["Error"] = Schema.object([
            ("error", .object([("code", .string()), ("message", .string())], required: ["code", "message"])),
        ], required: ["error"]).json
        let document: [String: Any] = [
            "openapi": "3.1.0",
            "info": ["title": "Parley API", "version": ParleyVersion.current,
                     "description": "Parley's HTTP API. Browser sessions send the X-CSRF-Token header on writes."],
            "paths": paths,
            "components": [
                "schemas": components,
                "securitySchemes": [
                    "session": ["type": "apiKey", "in": "cookie", "name": AuthenticationMiddleware.cookieName],
                    "bearer": ["type": "http", "scheme": "bearer"],
                ],
            ],
        ]
        return try JSONSerialization.data(withJSONObject: document, options: [.sortedKeys, .withoutEscapingSlashes])
    }

    private static func operationID(_ operation: APIOperation) -> String {
        let words = operation.path.split(separator: "/").dropFirst(2).map { part in
            part.hasPrefix("{") ? "By" + part.dropFirst().dropLast().capitalized : part.split(separator: "-").map(\.capitalized).joined()
        }
        return operation.method.lowercased() + words.joined()
    }

    private static func describe(_ status: Int) -> String {
        switch status {
        case 400: "The request is malformed."
        case 401: "Not signed in, or the credentials are wrong."
        case 403: "The caller lacks the role, or a browser write lacks its CSRF token."
        case 404: "No such resource (or not visible to the caller)."
        case 409: "Conflicts with existing data."
        case 413: "The body is too large."
        case 422: "Well-formed, but the platform or the interaction's state does not allow it."
        case 426: "This path speaks WebSocket only: connect with an Upgrade: websocket request."
        case 429: "Too many attempts; see Retry-After."
        default: "Error."
        }
    }
}
