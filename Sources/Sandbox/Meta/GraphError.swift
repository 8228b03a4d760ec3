import Foundation

/// A Graph API error as Meta answers it (platforms.md §1.7, §4.3): HTTP 400 with
/// `{"error": {"message", "type", "code", "error_subcode", "error_data", "fbtrace_id"}}`. The messages below are
/// Meta's own wording where platforms.md or public reports quote it; Parley's outbox classifies by `code`.
struct GraphError: Error, Sendable, Equatable {
    var status = 400
    var message: String
    var type = "OAuthException"
    var code: Int
    var subcode: Int?
    /// WhatsApp's `error_data.details`, the sentence that says what went wrong.
    var details: String?
    var headers: [String: String] = [:]

    /// The JSON body, with `fbtrace_id` (an opaque id Meta's support asks for).
    func body(trace: String) -> String {
        var error: [String: Any] = ["message": message, "type": type, "code": code, "fbtrace_id": trace]
        if let subcode { error["error_subcode"] = subcode }
        if let details { error["error_data"] = ["messaging_product": "whatsapp", "details": details] }
        return GraphJSON.string(["error": error])
    }
}

extension GraphError {
    // MARK: Access tokens (code 190, platforms.md §1.7)

    static func tokenExpired(at expiry: Date, now: Date) -> GraphError {
        var error = GraphError(message: "Error validating access token: Session has expired on \(pacific(expiry)). The current time is \(pacific(now)).",
                               code: 190, subcode: 463)
        error.headers["WWW-Authenticate"] = #"OAuth "Facebook Platform" "invalid_token" "Error validating access token""#
        return error
    }

    static let tokenInvalid: GraphError = {
        var error = GraphError(message: "Invalid OAuth access token - Cannot parse access token", code: 190)
        error.headers["WWW-Authenticate"] = #"OAuth "Facebook Platform" "invalid_token" "Invalid OAuth access token""#
        return error
    }()

    /// What Graph answers a call with no token at all (only refused in strict mode; see `TokenBook`).
    static let tokenMissing = GraphError(message: "An access token is required to request this resource.", code: 104)

    // MARK: Messaging policy (platforms.md §1.6, §1.7, §2.4, §3)

    static let outsideWindow = GraphError(
        message: "(#10) This message is sent outside of allowed window. Learn more about the new policy here: https://developers.facebook.com/docs/messenger-platform/policy-overview",
        code: 10, subcode: 2018278)

    /// Instagram reports the same refusal with its own subcode (platforms.md §3 marks 2534022 uncertain).
    static let instagramOutsideWindow: GraphError = {
        var error = outsideWindow
        error.subcode = 2534022
        return error
    }()

    static let noMatchingUser = GraphError(message: "(#100) No matching user found", code: 100, subcode: 2018001)
    static let invalidCommentID = GraphError(message: "(#100) Invalid comment_id parameter", code: 100, subcode: 2018292)

    static func missingParameter(_ name: String) -> GraphError {
        GraphError(message: "(#100) The parameter \(name) is required", code: 100)
    }

    static func invalidParameter(_ explanation: String) -> GraphError {
        GraphError(message: "(#100) \(explanation)", code: 100)
    }

    /// An object the sandbox does not know, in strict mode (Graph's wording for ids it cannot load).
    static func unsupported(_ method: String, id: String) -> GraphError {
        GraphError(message: "Unsupported \(method.lowercased()) request. Object with ID '\(id)' does not exist, cannot be loaded due to missing permissions, or does not support this operation. Please read the Graph API documentation at https://developers.facebook.com/docs/graph-api",
                   type: "GraphMethodException", code: 100, subcode: 33)
    }

    // MARK: WhatsApp (platforms.md §4.3)

    static let reengagement = GraphError(
        message: "(#131047) Re-engagement message", code: 131047,
        details: "Message failed to send because more than 24 hours have passed since the customer last replied to this number.")

    static func templateMissing(_ name: String, language: String) -> GraphError {
        GraphError(message: "(#132001) Template name does not exist in the translation", code: 132001,
                   details: "template name (\(name)) does not exist in \(language)")
    }

    static func templateParameters(expected: Int, got: Int) -> GraphError {
        GraphError(message: "(#132000) Number of parameters does not match the expected number of params", code: 132000,
                   details: "body: number of localizable_params (\(got)) does not match the expected number of params (\(expected))")
    }

    // MARK: Rate limits (platforms.md §1.7, §4.3)

    /// The throttling errors Parley backs off on; nil for a code that is not one of them.
    static func rateLimit(code: Int) -> GraphError? {
        let usage = #"{"call_count":100,"total_cputime":12,"total_time":31}"#
        switch code {
        case 4: return GraphError(message: "(#4) Application request limit reached", code: 4, headers: ["X-App-Usage": usage])
        case 17: return GraphError(message: "(#17) User request limit reached", code: 17, headers: ["X-App-Usage": usage])
        case 32: return GraphError(message: "(#32) Page request limit reached", code: 32, headers: ["X-Page-Usage": usage])
        case 613: return GraphError(message: "(#613) Calls to this API have exceeded the rate limit.", code: 613)
        case 80007: return GraphError(message: "(#80007) There have been too many calls to this WhatsApp Business account.", code: 80007)
        case 130429: return GraphError(message: "(#130429) Rate limit hit", code: 130429, details: "Cloud API message throughput has been reached.")
        case 131056: return GraphError(message: "(#131056) (Business Account, Consumer Account) pair rate limit hit", code: 131056,
                                       details: "Message failed to send because there were too many messages sent from this phone number to the same phone number in a short period of time.")
        default: return nil
        }
    }

    /// Meta writes token expiry times in Pacific time: "Tuesday, 06-Feb-24 09:31:16 PST".
    private static func pacific(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "America/Los_Angeles")
        formatter.dateFormat = "EEEE, dd-MMM-yy HH:mm:ss zzz"
        return formatter.string(from: date)
    }
}
