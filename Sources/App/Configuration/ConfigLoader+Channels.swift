import Connectors
import Domain
import Engagement
import Foundation
import Yams

/// The `channels:` section: each channel, and the sections kept beside it (token, rules, analysis, automations,
/// templates, polling, the open/X/LINE settings), filed into the configuration by channel id.
extension ConfigLoader {
    static func readChannels(_ node: Node?, into config: inout ParleyConfig, reader: inout YAMLReader) {
        let channels = readList(node, "channels",
                                known: ["id", "kind", "account_id", "name", "enabled", "inactivity_timeout", "max_retry_duration", "workgroup",
                                        "allowed_origins", "access_token", "calendar", "auto_reply", "when_closed", "rules", "analysis",
                                        "automations", "templates", "meta_app", "polling", "handle", "dms_open", "monitor"] + openChannelKeys + lineKeys + xOAuthKeys,
                                reader: &reader, read: readChannel)
        config.channels = channels.map(\.channel)
        for entry in channels {
            if let token = entry.token { config.channelAccessTokens[entry.channel.id] = token }
            if let rules = entry.rules { config.channelRules[entry.channel.id] = rules }
            if let analysis = entry.analysis { config.channelAnalysis[entry.channel.id] = analysis }
            if let automations = entry.automations { config.channelAutomations[entry.channel.id] = automations }
            if !entry.templates.isEmpty { config.channelTemplates[entry.channel.id] = entry.templates }
            if let app = entry.metaApp { config.channelMetaApps[entry.channel.id] = app }
            if let polling = entry.polling { config.channelPolling[entry.channel.id] = polling }
            if let open = entry.open { config.channelOpen[entry.channel.id] = open }
            if let x = entry.x { config.channelX[entry.channel.id] = x }
            if let oauth = entry.xOAuth { config.channelXOAuth[entry.channel.id] = oauth }
            if let monitor = entry.monitor { config.channelMonitors[entry.channel.id] = monitor }
            if !entry.lineSecrets.isEmpty { config.channelLineSecrets[entry.channel.id] = entry.lineSecrets }
        }
    }

    static func readChannel(_ fields: [String: Node], _ path: String, _ reader: inout YAMLReader)
        -> ChannelEntry? {
        let id = reader.string(fields["id"], "\(path).id", required: true)
        let kind = reader.enumeration(fields["kind"], "\(path).kind", as: ChannelKind.self, required: true)
        let account = reader.string(fields["account_id"], "\(path).account_id", required: true)
        // Every field is checked before deciding, so one missing key does not hide the item's other errors.
        let name = reader.string(fields["name"], "\(path).name")
        let enabled = reader.bool(fields["enabled"], "\(path).enabled")
        var timeout = reader.duration(fields["inactivity_timeout"], "\(path).inactivity_timeout")
        if let seconds = timeout, seconds > 72 * 3600 {
            reader.error(fields["inactivity_timeout"], "\(path).inactivity_timeout", "may be at most 72h (platform threading limit)")
            timeout = nil
        }
        let retry = reader.duration(fields["max_retry_duration"], "\(path).max_retry_duration")
        let workgroup = reader.string(fields["workgroup"], "\(path).workgroup")
        let token = reader.secret(fields["access_token"], "\(path).access_token")
        let origins = reader.sequence(fields["allowed_origins"], "\(path).allowed_origins").enumerated().compactMap { index, node in
            let itemPath = "\(path).allowed_origins[\(index)]"
            guard let origin = reader.string(node, itemPath, required: true) else { return nil as String? }
            guard let url = URL(string: origin), ["http", "https"].contains(url.scheme ?? ""), url.host != nil,
                url.path.isEmpty, url.query == nil else {
                reader.error(node, itemPath, "expected an origin such as https://shop.example.com (scheme and host, no path)")
                return nil
            }
            return origin
        }
        if !origins.isEmpty, kind != nil, kind != .webMessaging {
            reader.warning(fields["allowed_origins"], "\(path).allowed_origins", "only web_messaging channels use allowed_origins")
        }
        let x = readX(fields, path, kind: kind, &reader)
        let xOAuth = readXOAuth(fields, path, kind: kind, &reader)
        guard let id, let kind, let account else { return nil }
        var channel = Channel(id: .init(id), kind: kind, accountID: account, name: name ?? id)
        channel.enabled = enabled ?? true
        channel.inactivityTimeout = timeout ?? channel.inactivityTimeout
        channel.maxRetryDuration = retry ?? channel.maxRetryDuration
        channel.workgroupID = workgroup.map { .init($0) }
        channel.allowedOrigins = origins
        channel.calendarID = reader.string(fields["calendar"], "\(path).calendar").map { .init($0) }
        channel.autoReplyVisibility = reader.enumeration(fields["auto_reply"], "\(path).auto_reply", as: Visibility.self) ?? .public
        channel.whenClosed = reader.enumeration(fields["when_closed"], "\(path).when_closed", as: Channel.WhenClosed.self) ?? .wait
        return ChannelEntry(channel: channel, token: token, rules: fields["rules"].flatMap { readRules($0, "\(path).rules", &reader) },
                            analysis: fields["analysis"].flatMap { readAnalysis($0, "\(path).analysis", &reader) },
                            automations: fields["automations"].flatMap { readAutomations($0, "\(path).automations", &reader) },
                            templates: fields["templates"].map { readTemplates($0, "\(path).templates", kind: kind, &reader) } ?? [],
                            metaApp: reader.string(fields["meta_app"], "\(path).meta_app"),
                            polling: fields["polling"].flatMap { readPolling($0, "\(path).polling", kind: kind, &reader) },
                            open: readOpen(fields, path, kind: kind, &reader), x: x,
                            monitor: readMonitor(fields["monitor"], "\(path).monitor", kind: kind, &reader),
                            lineSecrets: readLineSecrets(fields, path, kind: kind, &reader), xOAuth: xOAuth)
    }

    /// `handle: acmesupport` and `dms_open: true` — X channels only.
    static func readX(_ fields: [String: Node], _ path: String, kind: ChannelKind?, _ reader: inout YAMLReader) -> XChannelSettings? {
        guard fields["handle"] != nil || fields["dms_open"] != nil else { return nil }
        guard kind == .x || kind == nil else {
            reader.warning(fields["handle"] ?? fields["dms_open"], path, "only x channels have a handle and dms_open; they are ignored")
            return nil
        }
        var handle = reader.string(fields["handle"], "\(path).handle")
        if let given = handle {
            let bare = given.hasPrefix("@") ? String(given.dropFirst()) : given
            if bare.range(of: "^[A-Za-z0-9_]{1,15}$", options: .regularExpression) == nil {
                reader.error(fields["handle"], "\(path).handle", "'\(given)' is not an X handle (1–15 letters, digits or '_')")
                handle = nil
            } else {
                handle = bare
            }
        }
        return XChannelSettings(handle: handle, directMessagesOpen: reader.bool(fields["dms_open"], "\(path).dms_open") ?? false)
    }

    /// One `channels:` item with the sections kept beside the channel.
    struct ChannelEntry {
        var channel: Channel
        var token: SecretReference?
        var rules: ParleyConfig.ChannelRules?
        var analysis: ContentAnalysisSettings?
        var automations: ChannelAutomations?
        var templates: [MessageTemplate]
        var metaApp: String?
        var polling: FeedPollingSettings?
        var open: ParleyConfig.OpenChannel?
        var x: XChannelSettings?
        var monitor: XMonitor?
        var lineSecrets: [SecretReference] = []
        var xOAuth: XOAuthSettings?
    }

    /// `polling: {interval: 5m, lookback: 24h, post_age: 3d}` — Facebook page channels only.
    static func readPolling(_ node: Node, _ path: String, kind: ChannelKind?, _ reader: inout YAMLReader) -> FeedPollingSettings? {
        guard let fields = reader.mapping(node, path, known: ["interval", "lookback", "post_age"]) else { return nil }
        guard kind == .facebookPage || kind == nil else {
            reader.warning(node, path, "only facebook_page channels poll their feed; this is ignored")
            return nil
        }
        var settings = FeedPollingSettings()
        if let interval = reader.duration(fields["interval"], "\(path).interval") {
            guard interval >= 60 else {
                reader.error(fields["interval"], "\(path).interval", "at least 1m: the Graph API's rate limits count every call")
                return nil
            }
            settings.interval = TimeInterval(interval)
        }
        settings.lookback = reader.duration(fields["lookback"], "\(path).lookback").map(TimeInterval.init) ?? settings.lookback
        settings.postAge = reader.duration(fields["post_age"], "\(path).post_age").map(TimeInterval.init) ?? settings.postAge
        return settings
    }
}
