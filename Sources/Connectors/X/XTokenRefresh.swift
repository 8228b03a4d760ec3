import Foundation

/// An X app's OAuth 2.0 client: a confidential client (web app, automated app) has a secret and authenticates
/// with HTTP Basic; a public client (native app, single-page app) sends only its id.
public struct XOAuthClient: Sendable, Equatable {
    public var id: String
    public var secret: String?

    public init(id: String, secret: String? = nil) {
        self.id = id
        self.secret = secret
    }
}

/// The refresh call of X's OAuth 2.0 token endpoint: `POST /2/oauth2/token`, form-encoded
/// `grant_type=refresh_token&refresh_token=…&client_id=…`, Basic authentication for a confidential client.
public enum XTokenRequest {
    public static let path = "/2/oauth2/token"

    public static func refresh(_ refreshToken: String, client: XOAuthClient) -> (headers: [(String, String)], body: Data) {
        var headers = [("Content-Type", "application/x-www-form-urlencoded")]
        if let secret = client.secret {
            headers.append(("Authorization", "Basic " + Data("\(client.id):\(secret)".utf8).base64EncodedString()))
        }
        let form = formEncoded([("grant_type", "refresh_token"), ("refresh_token", refreshToken), ("client_id", client.id)])
        return (headers, Data(form.utf8))
    }

    /// `application/x-www-form-urlencoded`: everything but letters, digits and `-._~` percent-encoded, so a
    /// token holding `+`, `/`, `=` or `&` reaches X as it is.
    public static func formEncoded(_ pairs: [(String, String)]) -> String {
        pairs.map { "\(percentEncoded($0.0))=\(percentEncoded($0.1))" }.joined(separator: "&")
    }

    static func percentEncoded(_ text: String) -> String {
        var unreserved = CharacterSet(charactersIn: "-._~")
        unreserved.formUnion(CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"))
        return text.addingPercentEncoding(withAllowedCharacters: unreserved) ?? text
    }
}

/// What X answered to a refresh.
public enum XTokenAnswer: Sendable, Equatable {
    /// 200 `{"token_type": "bearer", "expires_in": 7200, "access_token", "scope", "refresh_token"}`. The refresh
    /// token is the next one of the lineage (X rotates them: the one just used is spent); nil when X gave none
    /// (the app was authorised without `offline.access`).
    case granted(accessToken: String, refreshToken: String?, expiresIn: TimeInterval, scope: String?)
    /// X refused the refresh token or the client (400 `invalid_request` for a spent or revoked token, 401 for a
    /// wrong client): trying again with the same cannot help; someone must authorise the app again.
    case refused(reason: String)
    /// Anything temporary (no answer, 5xx, 429, an answer Parley cannot read): try again later.
    case failed(reason: String)

    public static func classify(status: Int, body: Data) -> XTokenAnswer {
        let object = (try? JSONSerialization.jsonObject(with: body)) as? JSONObject ?? [:]
        switch status {
        case 200:
            guard let access = object.string("access_token"), !access.isEmpty else {
                return .failed(reason: "X answered 200 without an access_token")
            }
            let expires = object.double("expires_in") ?? 7200
            return .granted(accessToken: access, refreshToken: object.string("refresh_token").flatMap { $0.isEmpty ? nil : $0 },
                            expiresIn: expires, scope: object.string("scope"))
        case 400, 401, 403:
            let error = object.string("error") ?? object.string("title") ?? "HTTP \(status)"
            let description = object.string("error_description") ?? object.string("detail")
            return .refused(reason: "HTTP \(status) \(error)" + (description.map { ": \($0)" } ?? ""))
        default:
            return .failed(reason: "HTTP \(status) from the token endpoint")
        }
    }
}

/// When to refresh a channel's access token, and how long to wait after a failed attempt. Pure: the keeper asks
/// it with its clock's time.
public struct XTokenSchedule: Sendable, Equatable {
    /// Refresh once less than this remains …
    public var minimumMargin: TimeInterval = 600
    /// … or less than this share of the token's lifetime, whichever comes first.
    public var lifetimeShare = 0.2
    /// After a failure that may pass (network, 5xx): the first wait, doubled each time up to `failureCap`.
    public var failureBase: TimeInterval = 5
    public var failureCap: TimeInterval = 300
    /// After X refused: trying again cannot help until someone authorises the app again, so slowly (another node, or
    /// `parley channel check`, may have stored a newer refresh token meanwhile).
    public var refusalBase: TimeInterval = 300
    public var refusalCap: TimeInterval = 3600

    public init() {}

    public enum Failure: Sendable, Equatable {
        case temporary
        case refused
    }

    /// The moment to refresh a token issued at `issuedAt` that expires at `expiresAt`: `expiresAt` minus the larger of
    /// the minimum margin and the lifetime share, but never earlier than half-way, so a short-lived token is not
    /// refreshed without pause.
    public func refreshAt(issuedAt: Date, expiresAt: Date) -> Date {
        let lifetime = max(0, expiresAt.timeIntervalSince(issuedAt))
        let margin = min(max(minimumMargin, lifetime * lifetimeShare), lifetime / 2)
        return expiresAt - margin
    }

    /// How long to wait after the `attempts`-th failure in a row.
    public func backoff(_ failure: Failure, attempts: Int) -> TimeInterval {
        let (base, cap) = failure == .refused ? (refusalBase, refusalCap) : (failureBase, failureCap)
        return min(cap, base * pow(2, Double(max(0, min(attempts - 1, 20)))))
    }

    /// When the next attempt is due: at once without a token, at the refresh point with one, or after the backoff of
    /// the last failure — but a temporary failure never waits past the token's expiry minus one backoff step.
    public func nextAttempt(issuedAt: Date?, expiresAt: Date?, lastFailure: (Failure, attempts: Int, at: Date)?) -> Date {
        let planned: Date
        if let issuedAt, let expiresAt {
            planned = refreshAt(issuedAt: issuedAt, expiresAt: expiresAt)
        } else {
            planned = .distantPast
        }
        guard let (failure, attempts, at) = lastFailure else { return planned }
        return max(planned, at + backoff(failure, attempts: attempts))
    }
}
