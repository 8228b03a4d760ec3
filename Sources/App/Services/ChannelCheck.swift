import AsyncHTTPClient
import Domain
import Foundation
import NIOCore
import Storage

/// `parley channel check NAME`: asks the platform whether a channel can work — its token is accepted and reads
/// the account, is not about to expire and holds the permissions the channel needs, the app's webhook
/// subscription is active with the right fields — and reads from the database whether deliveries arrive.
/// Each finding says what to fix. Meta, X and LINE channels are checked live, open channels with a signed ping
/// to the integrator (`OpenChannelCheck`); for others the token and traffic only.
public struct ChannelCheck: Sendable {
    public struct Finding: Sendable, Equatable, CustomStringConvertible {
        public enum Level: String, Sendable { case ok, warning, failure }
        public var level: Level
        public var topic: String
        public var text: String

        public var description: String {
            let mark = switch level { case .ok: "ok  "; case .warning: "warn"; case .failure: "FAIL" }
            return "\(mark) \(topic): \(text)"
        }
    }

    public typealias Fetch = GraphFetch

    let config: ParleyConfig
    let box: SecretBox
    let store: any ParleyStore
    let graphBase: String
    /// The API base for X when overridden (the sandbox serves Graph and X alike).
    let xBaseOverride: String?
    /// LINE's Messaging API (`ChannelCheck+LINE.swift`).
    let lineBase: String
    let fetch: Fetch
    /// How open channels' integrator URLs are probed (nil: they are not).
    let openPost: OpenPost?
    /// How X's token endpoint is called for channels with `oauth:` (nil: their refresh is not tried).
    let tokenPost: TokenPost?
    let now: Date

    public init(config: ParleyConfig, box: SecretBox, store: any ParleyStore, graphBaseOverride: String? = nil, fetch: @escaping Fetch,
                openPost: OpenPost? = nil, now: Date) {
        self.init(config: config, box: box, store: store, graphBaseOverride: graphBaseOverride, fetch: fetch, openPost: openPost,
                  tokenPost: nil, now: now)
    }

    init(config: ParleyConfig, box: SecretBox, store: any ParleyStore, graphBaseOverride: String? = nil, fetch: @escaping Fetch,
         openPost: OpenPost? = nil, tokenPost: TokenPost?, now: Date) {
        self.tokenPost = tokenPost
        self.openPost = openPost
        self.config = config
        self.box = box
        self.store = store
        let base = ParleyServer.graphBase(config.platforms, override: graphBaseOverride)
        self.graphBase = base.hasSuffix("/") ? String(base.dropLast()) : base
        self.xBaseOverride = graphBaseOverride
        let line = graphBaseOverride ?? config.platforms.line.apiBaseURL ?? "https://api.line.me"
        self.lineBase = line.hasSuffix("/") ? String(line.dropLast()) : line
        self.fetch = fetch
        self.now = now
    }

    /// Checks a channel against the real platform (or `graphBaseOverride`), over its own HTTP client.
    public static func live(config: ParleyConfig, box: SecretBox, store: any ParleyStore, graphBaseOverride: String?,
                            channel: String) async throws -> [Finding] {
        let client = HTTPClient(eventLoopGroupProvider: .singleton)
        do {
            let findings = try await ChannelCheck(config: config, box: box, store: store, graphBaseOverride: graphBaseOverride,
                                                  fetch: GraphHTTP.fetch(client), openPost: openHTTP(client), tokenPost: TokenHTTP.post(client),
                                                  now: Date()).run(channel: channel)
            try await client.shutdown()
            return findings
        } catch {
            try? await client.shutdown()
            throw error
        }
    }

    public func run(channel id: String) async throws -> [Finding] {
        let known = try await store.channels()
        guard let channel = known.first(where: { $0.id.rawValue == id }) ?? config.channels.first(where: { $0.id.rawValue == id }) else {
            let names = Set((known + config.channels).map(\.id.rawValue)).sorted().joined(separator: ", ")
            return [Finding(level: .failure, topic: "channel", text: "no channel '\(id)'; configured: \(names.isEmpty ? "none" : names)")]
        }
        var findings = [Finding(level: channel.enabled ? .ok : .warning, topic: "channel",
                                text: "\(channel.kind.rawValue) account \(channel.accountID)\(channel.enabled ? "" : " — disabled (channels[].enabled)")")]
        if channel.kind == .webMessaging {
            findings.append(contentsOf: try await traffic(channel))
            return findings
        }
        if channel.kind == .open {
            let post = openPost ?? { _, _, _ in .failure(OpenProbeSkipped()) }
            findings.append(contentsOf: await OpenChannelCheck(config: config, box: box, post: post, now: now).run(channel))
            findings.append(contentsOf: try await traffic(channel))
            return findings
        }
        if channel.kind == .x, config.channelXOAuth[channel.id] != nil {
            let (oauth, token) = await xOAuth(channel)
            findings.append(contentsOf: oauth)
            if let token { findings.append(contentsOf: await xChannel(token, channel: channel)) }
            findings.append(contentsOf: try await traffic(channel))
            return findings
        }
        let token: String?
        do {
            token = try config.channelAccessTokens[channel.id].map(box.resolve)
        } catch {
            token = nil
            findings.append(Finding(level: .failure, topic: "token", text: "cannot read channels[].access_token: \(error)"))
        }
        if token == nil, config.channelAccessTokens[channel.id] == nil {
            findings.append(Finding(level: .failure, topic: "token",
                                    text: "none configured: replies cannot be sent. Set channels[].access_token to {env: VARIABLE}"))
        }
        if channel.kind == .line {
            findings.append(contentsOf: await lineChecks(token, channel: channel))
        } else if let token, MetaPermissions.kinds.contains(channel.kind) {
            findings.append(contentsOf: await metaToken(token, channel: channel))
            findings.append(contentsOf: await subscription(channel))
        } else if let token, channel.kind == .x {
            findings.append(contentsOf: await xChannel(token, channel: channel))
        } else if token != nil {
            findings.append(Finding(level: .ok, topic: "token", text: "configured (checked live for Meta and X channels only)"))
        }
        findings.append(contentsOf: try await traffic(channel))
        return findings
    }

    private func get(_ path: String, bearer: String?) async -> (status: Int, object: [String: Any])? {
        guard let answer = await fetch(graphBase + path, bearer) else { return nil }
        return (answer.status, (try? JSONSerialization.jsonObject(with: answer.body)) as? [String: Any] ?? [:])
    }

    private static func graphError(_ object: [String: Any]) -> (code: Int?, message: String) {
        let error = object["error"] as? [String: Any]
        return ((error?["code"] as? NSNumber)?.intValue, error?["message"] as? String ?? "no error message")
    }

    /// The token reads the account, is valid, not expiring within a week, and holds the channel's permissions.
    private func metaToken(_ token: String, channel: Domain.Channel) async -> [Finding] {
        var findings: [Finding] = []
        guard let account = await get("/\(channel.accountID)?fields=id,name", bearer: token) else {
            return [Finding(level: .failure, topic: "graph", text: "\(graphBase) did not answer: check the network or platforms.meta.api_base_url")]
        }
        if account.status == 200 {
            let name = ["name", "verified_name", "username"].lazy.compactMap { account.object[$0] as? String }.first ?? "(no name)"
            findings.append(Finding(level: .ok, topic: "token", text: "reads the account: \(name) (\(account.object["id"] as? String ?? channel.accountID))"))
        } else {
            let error = Self.graphError(account.object)
            let fix = error.code == 190 ? "the token expired or was revoked: generate a new one and update channels[].access_token"
                : "the token cannot read account \(channel.accountID): check the id and that the token is this account's"
            findings.append(Finding(level: .failure, topic: "token", text: "\(fix) (HTTP \(account.status), code \(error.code.map(String.init) ?? "?"): \(error.message))"))
            return findings
        }
        guard let debug = await get("/debug_token?input_token=\(token.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")", bearer: token),
            debug.status == 200, let data = debug.object["data"] as? [String: Any]
        else {
            findings.append(Finding(level: .warning, topic: "token", text: "could not inspect the token (debug_token): expiry and permissions unchecked"))
            return findings
        }
        if (data["is_valid"] as? Bool) == false {
            findings.append(Finding(level: .failure, topic: "token", text: "Meta says the token is not valid: generate a new one"))
        }
        let expires = (data["expires_at"] as? NSNumber)?.doubleValue ?? 0
        if expires > 0 {
            let left = Date(timeIntervalSince1970: expires).timeIntervalSince(now)
            if left <= 0 {
                findings.append(Finding(level: .failure, topic: "token", text: "expired: generate a new one"))
            } else if left < 7 * 86400 {
                findings.append(Finding(level: .warning, topic: "token",
                                        text: "expires in \(Int(left / 3600)) h: replace it with a long-lived or system-user token before then"))
            } else {
                findings.append(Finding(level: .ok, topic: "token", text: "valid for \(Int(left / 86400)) more days"))
            }
        } else {
            findings.append(Finding(level: .ok, topic: "token", text: "does not expire"))
        }
        let scopes = Set(data["scopes"] as? [String] ?? [])
        let missing = MetaPermissions.required(for: channel.kind).filter { !scopes.contains($0) }
        findings.append(missing.isEmpty
            ? Finding(level: .ok, topic: "permissions", text: "has \(MetaPermissions.required(for: channel.kind).joined(separator: ", "))")
            : Finding(level: .failure, topic: "permissions",
                      text: "missing \(missing.joined(separator: ", ")): grant them to the app and generate the token again"))
        return findings
    }

    /// The app's webhook subscription for the channel's object: active, with the fields the channel needs.
    private func subscription(_ channel: Domain.Channel) async -> [Finding] {
        let appName = config.channelMetaApps[channel.id]
        let app = appName.flatMap { name in config.platforms.meta.apps.first { $0.id == name } }
        let endpoint = appName.map { "/webhooks/meta/\($0)" } ?? "/webhooks/meta"
        let appID = appName == nil ? config.platforms.meta.appID : app?.appID
        let secretReference = appName == nil ? config.platforms.meta.webhookSecret : app?.webhookSecret
        guard let appID else {
            let key = appName == nil ? "platforms.meta.app_id" : "platforms.meta.apps[].app_id"
            return [Finding(level: .warning, topic: "webhooks", text: "subscription not checked: set \(key) so Parley can read it")]
        }
        let secret: String
        do {
            guard let resolved = try secretReference.map(box.resolve) else {
                return [Finding(level: .warning, topic: "webhooks", text: "subscription not checked: the app has no webhook_secret configured")]
            }
            secret = resolved
        } catch {
            return [Finding(level: .warning, topic: "webhooks", text: "subscription not checked: cannot read the app secret (\(error))")]
        }
        let appToken = "\(appID)|\(secret)"
        guard let answer = await get("/\(appID)/subscriptions?access_token=\(appToken.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")", bearer: nil) else {
            return [Finding(level: .failure, topic: "webhooks", text: "\(graphBase) did not answer the subscription lookup")]
        }
        guard answer.status == 200 else {
            let error = Self.graphError(answer.object)
            return [Finding(level: .failure, topic: "webhooks", text: "cannot read app \(appID)'s subscriptions (HTTP \(answer.status): \(error.message)): check app_id and the app secret")]
        }
        let object = MetaPermissions.object(for: channel.kind)
        let entries = answer.object["data"] as? [[String: Any]] ?? []
        guard let entry = entries.first(where: { $0["object"] as? String == object }) else {
            return [Finding(level: .failure, topic: "webhooks",
                            text: "app \(appID) has no '\(object)' subscription: subscribe it to \(endpoint) in the app dashboard (Webhooks)")]
        }
        var findings: [Finding] = []
        if (entry["active"] as? Bool) == false {
            findings.append(Finding(level: .failure, topic: "webhooks", text: "the '\(object)' subscription is inactive: Meta stopped delivering; re-verify \(endpoint)"))
        }
        let fields = Set((entry["fields"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String })
        let missing = MetaPermissions.fields(for: channel.kind).filter { !fields.contains($0) }
        if !missing.isEmpty {
            findings.append(Finding(level: .failure, topic: "webhooks", text: "the '\(object)' subscription lacks \(missing.joined(separator: ", ")): add these fields"))
        }
        let callback = entry["callback_url"] as? String ?? ""
        if !callback.hasSuffix(endpoint) {
            findings.append(Finding(level: .warning, topic: "webhooks", text: "deliveries go to \(callback), not to Parley's \(endpoint)"))
        }
        if findings.isEmpty {
            findings.append(Finding(level: .ok, topic: "webhooks", text: "'\(object)' subscription active (\(fields.sorted().joined(separator: ", "))) → \(callback)"))
        }
        return findings
    }

    /// Whether deliveries arrive: the newest stored event for the channel.
    private func traffic(_ channel: Domain.Channel) async throws -> [Finding] {
        guard let last = try await store.lastInboxEvent(channel: channel.key) else {
            let hint = channel.kind == .webMessaging ? "no visitor has written yet" : "check the platform's webhook points at this Parley"
            return [Finding(level: .warning, topic: "deliveries", text: "none received yet: \(hint)")]
        }
        let age = now.timeIntervalSince(last)
        let text = "last one \(DurationWords.ago(age)) (\(ISO8601DateFormatter().string(from: last)))"
        return [Finding(level: age > 86400 ? .warning : .ok, topic: "deliveries", text: age > 86400 ? text + ": is the subscription still active?" : text)]
    }
}

/// What each Meta channel kind needs from its token and its app's webhook subscription.
enum MetaPermissions {
    static let kinds: Set<ChannelKind> = [.facebookPage, .messenger, .instagram, .whatsapp]

    static func required(for kind: ChannelKind) -> [String] {
        switch kind {
        case .messenger: ["pages_messaging", "pages_manage_metadata"]
        case .facebookPage: ["pages_manage_metadata", "pages_read_engagement", "pages_manage_engagement"]
        case .instagram: ["instagram_manage_messages", "instagram_manage_comments"]
        case .whatsapp: ["whatsapp_business_messaging", "whatsapp_business_management"]
        default: []
        }
    }

    static func object(for kind: ChannelKind) -> String {
        switch kind {
        case .instagram: "instagram"
        case .whatsapp: "whatsapp_business_account"
        default: "page"
        }
    }

    static func fields(for kind: ChannelKind) -> [String] {
        switch kind {
        case .messenger: ["messages", "message_echoes", "messaging_postbacks", "message_deliveries", "message_reads"]
        case .facebookPage: ["feed"]
        case .instagram: ["messages", "comments"]
        case .whatsapp: ["messages"]
        default: []
        }
    }
}

enum DurationWords {
    static func ago(_ seconds: TimeInterval) -> String {
        switch seconds {
        case ..<60: "\(Int(max(0, seconds))) s ago"
        case ..<3600: "\(Int(seconds / 60)) min ago"
        case ..<86400: "\(Int(seconds / 3600)) h ago"
        default: "\(Int(seconds / 86400)) days ago"
        }
    }
}
