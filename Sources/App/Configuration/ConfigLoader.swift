import Connectors
import Domain
import Engagement
import Foundation
import Yams

/// Reads `parley.yml`. Errors and warnings name the line; `load` throws on any error, `validate` reports all.
public enum ConfigLoader {
    public struct Result: Sendable {
        public var config: ParleyConfig
        public var diagnostics: [ConfigDiagnostic]

        public var errors: [ConfigDiagnostic] { diagnostics.filter { $0.severity == .error } }
        public var warnings: [ConfigDiagnostic] { diagnostics.filter { $0.severity == .warning } }
    }

    public static func load(file: String) throws -> Result {
        let text: String
        do {
            text = try String(contentsOfFile: file, encoding: .utf8)
        } catch {
            throw ConfigError(file: file, diagnostics: [ConfigDiagnostic(.error, line: nil, path: "", "cannot read the file: \(error.localizedDescription)")])
        }
        let result = validate(yaml: text)
        guard result.errors.isEmpty else { throw ConfigError(file: file, diagnostics: result.diagnostics) }
        return result
    }

    public static func validate(yaml text: String) -> Result {
        var reader = YAMLReader()
        var config = ParleyConfig()
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            return Result(config: config, diagnostics: [syntaxDiagnostic(error)])
        } catch {
            return Result(config: config, diagnostics: [ConfigDiagnostic(.error, line: nil, path: "", "\(error)")])
        }
        guard let root else { return Result(config: config, diagnostics: []) }
        let topKeys = ["server", "platforms", "channels", "skills", "workgroups", "agents", "calendars", "wrap_up_codes", "not_ready_reasons",
                       "standard_responses", "reports"]
        guard let top = reader.mapping(root, "", known: topKeys) else { return Result(config: config, diagnostics: reader.diagnostics) }

        if let node = top["server"], let server = reader.mapping(node, "server", known: ["host", "port", "trusted_proxies", "max_body_bytes",
                                                                                           "media_max_file_bytes", "media_quota_bytes"]) {
            config.server.host = reader.string(server["host"], "server.host")
            config.server.port = reader.int(server["port"], "server.port", range: 1...65535)
            config.server.trustedProxies = reader.sequence(server["trusted_proxies"], "server.trusted_proxies").enumerated().compactMap {
                reader.string($0.element, "server.trusted_proxies[\($0.offset)]")
            }
            config.server.maxBodyBytes = reader.int(server["max_body_bytes"], "server.max_body_bytes", range: 1024...(64 << 20)) ?? config.server.maxBodyBytes
            config.server.mediaMaxFileBytes = reader.int(server["media_max_file_bytes"], "server.media_max_file_bytes", range: 1024...(1 << 30))
            config.server.mediaQuotaBytes = reader.int(server["media_quota_bytes"], "server.media_quota_bytes", range: (1 << 20)...Int.max)
        }
        if let node = top["platforms"], let platforms = reader.mapping(node, "platforms", known: ["meta", "x", "line", "open"]) {
            readPlatform(platforms["meta"], "platforms.meta", into: &config.platforms.meta, reader: &reader)
            readPlatform(platforms["x"], "platforms.x", into: &config.platforms.x, reader: &reader)
            readPlatform(platforms["line"], "platforms.line", into: &config.platforms.line, reader: &reader)
            readPlatform(platforms["open"], "platforms.open", into: &config.platforms.open, reader: &reader)
        }
        config.skills = readList(top["skills"], "skills", known: ["id", "name"], reader: &reader) { fields, path, reader in
            guard let id = reader.string(fields["id"], "\(path).id", required: true) else { return nil }
            return Skill(id: .init(id), name: reader.string(fields["name"], "\(path).name") ?? id)
        }
        let channels = readList(top["channels"], "channels",
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
        config.workgroups = readList(top["workgroups"], "workgroups",
                                     known: ["id", "name", "required_skills", "service_level_seconds", "service_level_target", "routing", "calendar"],
                                     reader: &reader, read: readWorkgroup)
        config.agents = readList(top["agents"], "agents", known: agentKeys, reader: &reader, read: readAgent)
        config.calendars = readList(top["calendars"], "calendars", known: calendarKeys, reader: &reader, read: readCalendar)
        config.wrapUpCodes = readList(top["wrap_up_codes"], "wrap_up_codes", known: ["id", "name", "active"], reader: &reader) { fields, path, reader in
            guard let name = reader.string(fields["name"], "\(path).name", required: true) else { return nil }
            return WrapUpCode(id: .init(reader.string(fields["id"], "\(path).id") ?? slug(name)), name: name,
                              active: reader.bool(fields["active"], "\(path).active") ?? true)
        }
        config.notReadyReasons = readList(top["not_ready_reasons"], "not_ready_reasons", known: ["id", "name", "active"], reader: &reader) { fields, path, reader in
            guard let name = reader.string(fields["name"], "\(path).name", required: true) else { return nil }
            return NotReadyReason(id: .init(reader.string(fields["id"], "\(path).id") ?? slug(name)), name: name,
                                  active: reader.bool(fields["active"], "\(path).active") ?? true)
        }
        config.standardResponses = readList(top["standard_responses"], "standard_responses", known: standardResponseKeys,
                                            reader: &reader, read: readStandardResponse)
        checkStandardResponses(top: top, reader: &reader)
        if let node = top["reports"] { config.reports = readReports(node, workgroups: Set(config.workgroups.map(\.id.rawValue)), reader: &reader) }
        checkReferences(config, top: top, reader: &reader)
        return Result(config: config, diagnostics: reader.diagnostics)
    }

    private static func readPlatform(_ node: Node?, _ path: String, into platform: inout ParleyConfig.Platform, reader: inout YAMLReader) {
        let isMeta = path == "platforms.meta", isX = path == "platforms.x", hasApps = isMeta || isX
        let known = ["webhook_secret", "previous_webhook_secret", "verify_token", "api_base_url"] + (hasApps ? ["apps"] : []) + (isMeta ? ["app_id"] : [])
            + (isX ? ["bearer_token"] : [])
        guard let node, let fields = reader.mapping(node, path, known: known) else { return }
        platform.webhookSecret = reader.secret(fields["webhook_secret"], "\(path).webhook_secret")
        platform.previousWebhookSecret = reader.secret(fields["previous_webhook_secret"], "\(path).previous_webhook_secret")
        platform.verifyToken = reader.secret(fields["verify_token"], "\(path).verify_token")
        if isX { platform.bearerToken = reader.secret(fields["bearer_token"], "\(path).bearer_token") }
        if let url = reader.string(fields["api_base_url"], "\(path).api_base_url") {
            if URL(string: url)?.scheme.map({ ["http", "https"].contains($0) }) == true {
                platform.apiBaseURL = url
            } else {
                reader.error(fields["api_base_url"], "\(path).api_base_url", "expected an http:// or https:// URL")
            }
        }
        if hasApps { platform.apps = readApps(fields["apps"], "\(path).apps", meta: isMeta, reader: &reader) }
        if isMeta { platform.appID = reader.string(fields["app_id"], "\(path).app_id") }
    }

    /// `platforms.meta.apps` and `platforms.x.apps`: X apps have only an id and their consumer secret(s).
    private static func readApps(_ node: Node?, _ path: String, meta: Bool, reader: inout YAMLReader) -> [ParleyConfig.MetaApp] {
        var seen: Set<String> = []
        var apps: [ParleyConfig.MetaApp] = []
        for (index, item) in reader.sequence(node, path).enumerated() {
            let itemPath = "\(path)[\(index)]"
            let known = ["id", "webhook_secret", "previous_webhook_secret"] + (meta ? ["app_id", "verify_token"] : [])
            guard let fields = reader.mapping(item, itemPath, known: known) else { continue }
            let id = reader.string(fields["id"], "\(itemPath).id", required: true)
            let secret = reader.secret(fields["webhook_secret"], "\(itemPath).webhook_secret")
            if fields["webhook_secret"] == nil {
                reader.error(item, "\(itemPath).webhook_secret",
                             meta ? "required: the app secret that signs this app's webhooks" : "required: the app's consumer secret (API key secret), which signs its webhooks and answers CRC checks")
            }
            let appID = reader.string(fields["app_id"], "\(itemPath).app_id")
            let previous = reader.secret(fields["previous_webhook_secret"], "\(itemPath).previous_webhook_secret")
            let verify = reader.secret(fields["verify_token"], "\(itemPath).verify_token")
            guard let id, let secret else { continue }
            guard id.range(of: "^[A-Za-z0-9_-]{1,64}$", options: .regularExpression) != nil else {
                reader.error(fields["id"], "\(itemPath).id", "'\(id)' cannot be a URL segment: use letters, digits, '-' and '_'")
                continue
            }
            guard seen.insert(id).inserted else {
                reader.error(fields["id"], "\(itemPath).id", "another app already has id '\(id)'")
                continue
            }
            apps.append(ParleyConfig.MetaApp(id: id, appID: appID, webhookSecret: secret, previousWebhookSecret: previous, verifyToken: verify))
        }
        return apps
    }

    private static func readChannel(_ fields: [String: Node], _ path: String, _ reader: inout YAMLReader)
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
    private static func readX(_ fields: [String: Node], _ path: String, kind: ChannelKind?, _ reader: inout YAMLReader) -> XChannelSettings? {
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
    private static func readPolling(_ node: Node, _ path: String, kind: ChannelKind?, _ reader: inout YAMLReader) -> FeedPollingSettings? {
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

    private static func readWorkgroup(_ fields: [String: Node], _ path: String, _ reader: inout YAMLReader) -> Workgroup? {
        let id = reader.string(fields["id"], "\(path).id", required: true)
        var workgroup = Workgroup(id: .init(id ?? ""), name: reader.string(fields["name"], "\(path).name") ?? id ?? "")
        workgroup.requiredSkills = reader.sequence(fields["required_skills"], "\(path).required_skills").enumerated().compactMap { index, node in
            let itemPath = "\(path).required_skills[\(index)]"
            guard let item = reader.mapping(node, itemPath, known: ["skill", "proficiency", "maximum"]),
                let skill = reader.string(item["skill"], "\(itemPath).skill", required: true) else { return nil }
            return SkillLevel(skill: .init(skill), proficiency: reader.int(item["proficiency"], "\(itemPath).proficiency", range: 1...5) ?? 1,
                              maximum: reader.int(item["maximum"], "\(itemPath).maximum", range: 1...5))
        }
        workgroup.serviceLevelSeconds = reader.duration(fields["service_level_seconds"], "\(path).service_level_seconds") ?? workgroup.serviceLevelSeconds
        workgroup.serviceLevelTarget = reader.double(fields["service_level_target"], "\(path).service_level_target", range: 0...1) ?? workgroup.serviceLevelTarget
        workgroup.routing = readRouting(fields["routing"], "\(path).routing", &reader)
        workgroup.calendarID = reader.string(fields["calendar"], "\(path).calendar").map { .init($0) }
        return id == nil ? nil : workgroup
    }

    private static func readList<T>(
        _ node: Node?, _ path: String, known: [String], reader: inout YAMLReader,
        read: (_ fields: [String: Node], _ path: String, _ reader: inout YAMLReader) -> T?
    ) -> [T] {
        reader.sequence(node, path).enumerated().compactMap { index, item in
            let itemPath = "\(path)[\(index)]"
            guard let fields = reader.mapping(item, itemPath, known: known) else { return nil }
            reader.currentItem = item
            defer { reader.currentItem = nil }
            return read(fields, itemPath, &reader)
        }
    }

    /// Duplicate ids and references to skills that are not declared.
    private static func checkReferences(_ config: ParleyConfig, top: [String: Node], reader: inout YAMLReader) {
        func duplicates(_ ids: [String], _ path: String) {
            var seen = Set<String>()
            for (index, id) in ids.enumerated() where !seen.insert(id).inserted {
                let node = reader.sequence(top[path], path)[safe: index]
                reader.error(node, "\(path)[\(index)]", "duplicate id '\(id)'")
            }
        }
        duplicates(config.channels.map(\.id.rawValue), "channels")
        duplicates(config.workgroups.map(\.id.rawValue), "workgroups")
        duplicates(config.skills.map(\.id.rawValue), "skills")
        var accounts = Set<String>()
        for (index, channel) in config.channels.enumerated() where !accounts.insert(channel.key.description).inserted {
            reader.error(reader.sequence(top["channels"], "channels")[safe: index], "channels[\(index)]",
                         "another channel already uses \(channel.kind.rawValue) account '\(channel.accountID)'")
        }
        let workgroups = Set(config.workgroups.map(\.id))
        let metaApps = Set(config.platforms.meta.apps.map(\.id))
        for (index, channel) in config.channels.enumerated() {
            let node = reader.sequence(top["channels"], "channels")[safe: index]
            if let workgroup = channel.workgroupID, !workgroups.contains(workgroup) {
                reader.error(node, "channels[\(index)].workgroup", "workgroup '\(workgroup)' is not declared under 'workgroups'")
            }
            if let app = config.channelMetaApps[channel.id] {
                if ![.facebookPage, .messenger, .instagram, .whatsapp].contains(channel.kind) {
                    reader.warning(node, "channels[\(index)].meta_app", "only Facebook, Messenger, Instagram and WhatsApp channels belong to a Meta app")
                } else if !metaApps.contains(app) {
                    reader.error(node, "channels[\(index)].meta_app", "Meta app '\(app)' is not declared under 'platforms.meta.apps'")
                }
            }
        }
        let skills = Set(config.skills.map(\.id))
        for (index, workgroup) in config.workgroups.enumerated() {
            for level in workgroup.requiredSkills where !skills.contains(level.skill) {
                reader.error(reader.sequence(top["workgroups"], "workgroups")[safe: index], "workgroups[\(index)].required_skills",
                             "skill '\(level.skill)' is not declared under 'skills'")
            }
        }
        checkRouting(config, top: top, reader: &reader)
        checkAgents(config, top: top, reader: &reader)
        checkRules(config, top: top, reader: &reader)
        checkAnalysis(config, top: top, reader: &reader)
        checkAutomations(config, top: top, reader: &reader)
        checkOpen(config, top: top, reader: &reader)
        checkLine(config, top: top, reader: &reader)
        checkMonitors(config, top: top, reader: &reader)
        duplicates(config.calendars.map(\.id.rawValue), "calendars")
        let calendars = Set(config.calendars.map(\.id))
        for (index, channel) in config.channels.enumerated() {
            if let calendar = channel.calendarID, !calendars.contains(calendar) {
                reader.error(reader.sequence(top["channels"], "channels")[safe: index], "channels[\(index)].calendar",
                             "calendar '\(calendar)' is not declared under 'calendars'")
            }
        }
        for (index, workgroup) in config.workgroups.enumerated() {
            if let calendar = workgroup.calendarID, !calendars.contains(calendar) {
                reader.error(reader.sequence(top["workgroups"], "workgroups")[safe: index], "workgroups[\(index)].calendar",
                             "calendar '\(calendar)' is not declared under 'calendars'")
            }
        }
    }

    private static func syntaxDiagnostic(_ error: YamlError) -> ConfigDiagnostic {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _), .composer(_, let problem, let mark, _):
            return ConfigDiagnostic(.error, line: mark.line, path: "", "YAML syntax: \(problem)")
        case .duplicatedKeysInMapping(let keys, let context):
            return ConfigDiagnostic(.error, line: context.mark.line, path: "", "duplicate keys: \(keys.joined(separator: ", "))")
        default:
            return ConfigDiagnostic(.error, line: nil, path: "", "YAML: \(error)")
        }
    }
}

extension Array {
    subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}
