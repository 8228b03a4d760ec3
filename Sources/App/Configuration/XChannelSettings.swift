/// What an X channel declares besides its user id (`channels[].handle`, `channels[].dms_open`).
public struct XChannelSettings: Sendable, Equatable {
    /// The account's @handle without the @, for the follow-request reply ("Please follow @acmesupport…").
    public var handle: String?
    /// The account may DM anyone who wrote to it publicly (X's "allow DMs from anyone" on the customers' side is
    /// common for support audiences, or the account has an agreement with X): "move to private" does not wait for a follow.
    public var directMessagesOpen = false

    public init(handle: String? = nil, directMessagesOpen: Bool = false) {
        self.handle = handle
        self.directMessagesOpen = directMessagesOpen
    }

    /// The standard reply that asks a customer to follow the account so it can DM them (seed 000 lines 282–292).
    public var followRequest: String {
        "Please follow \(handle.map { "@" + $0 } ?? "us") so we can help you privately."
    }
}

/// An X channel's OAuth 2.0 client and its first refresh token (`channels[].oauth`): Parley refreshes the user
/// access token before it expires and keeps the rotated refresh tokens in the database, sealed.
public struct XOAuthSettings: Sendable, Equatable {
    public var clientID: String
    /// Confidential clients only; a public client has none.
    public var clientSecret: SecretReference?
    /// The refresh token the app was authorised with. Once Parley has used it, the stored rotated one wins, until a
    /// different one is configured here (the app was authorised again).
    public var refreshToken: SecretReference

    public init(clientID: String, clientSecret: SecretReference? = nil, refreshToken: SecretReference) {
        self.clientID = clientID
        self.clientSecret = clientSecret
        self.refreshToken = refreshToken
    }
}
