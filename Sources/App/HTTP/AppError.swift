import Foundation
import Hummingbird
import Logging
import NIOHTTP1
import Storage

/// The one error shape clients see: `{"error": {"code": "...", "message": "..."}}`. Each error says its
/// HTTP status and how loudly it should be logged.
public struct AppError: HTTPResponseError, Sendable {
    public var status: HTTPResponse.Status
    public var code: String
    public var message: String
    public var headers: HTTPFields
    public var logLevel: Logger.Level

    public init(_ status: HTTPResponse.Status, code: String, message: String, headers: HTTPFields = [:],
                logLevel: Logger.Level = .info) {
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers
        self.logLevel = logLevel
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        var headers = self.headers
        headers[.contentType] = "application/json; charset=utf-8"
        let body = ErrorBody(error: .init(code: code, message: message))
        let data = (try? Self.encoder.encode(body)) ?? Data(#"{"error":{"code":"internal","message":"error"}}"#.utf8)
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    struct ErrorBody: Encodable {
        struct Detail: Encodable {
            var code: String
            var message: String
        }
        var error: Detail
    }
}

extension AppError {
    static func notFound(_ what: String) -> AppError {
        AppError(.notFound, code: "not_found", message: what)
    }

    static func badRequest(_ message: String, code: String = "bad_request") -> AppError {
        AppError(.badRequest, code: code, message: message)
    }

    static func unavailable(_ message: String, retryAfter: Int = 5) -> AppError {
        AppError(.serviceUnavailable, code: "unavailable", message: message, headers: [.retryAfter: "\(retryAfter)"],
                 logLevel: .warning)
    }

    static func forbidden(_ message: String) -> AppError {
        AppError(.forbidden, code: "forbidden", message: message)
    }

    static func unauthorized(_ message: String) -> AppError {
        AppError(.unauthorized, code: "unauthorized", message: message)
    }

    /// Maps any error to the one shape. Framework errors keep their status; anything unexpected becomes a
    /// 500 whose message reveals nothing internal.
    static func from(_ error: any Error) -> AppError {
        switch error {
        case let error as AppError:
            return error
        case let error as HTTPError:
            return AppError(error.status, code: code(for: error.status),
                            message: error.body ?? message(for: error.status))
        case let error as HTTPParserError:
            // A malformed chunk, or a body cut short by a client that went away: the client's doing, not a fault.
            return AppError(.badRequest, code: "bad_request", message: "The request's HTTP framing is malformed or its body ended early (\(error)).")
        case StoreError.invalidInput(let why):
            return AppError(.badRequest, code: "bad_request", message: why)
        case let error as any HTTPResponseError:
            return AppError(error.status, code: code(for: error.status), message: message(for: error.status))
        default:
            return AppError(.internalServerError, code: "internal", message: "Parley could not complete the request; it has been logged.",
                            logLevel: .error)
        }
    }

    static func code(for status: HTTPResponse.Status) -> String {
        switch status.code {
        case 400: "bad_request"
        case 401: "unauthorized"
        case 403: "forbidden"
        case 404: "not_found"
        case 405: "method_not_allowed"
        case 413: "payload_too_large"
        case 415: "unsupported_media_type"
        case 429: "rate_limited"
        case 503: "unavailable"
        default: status.code < 500 ? "bad_request" : "internal"
        }
    }

    static func message(for status: HTTPResponse.Status) -> String {
        switch status.code {
        case 404: "No such resource."
        case 405: "This method is not allowed on this resource."
        case 413: "The request body is larger than Parley accepts."
        default: status.reasonPhrase
        }
    }
}
