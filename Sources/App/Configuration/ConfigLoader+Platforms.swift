import Domain
import Foundation
import Yams

/// The `server:` and `platforms:` sections: where Parley listens, and each platform's webhook secrets and API base URL.
extension ConfigLoader {
    static func readServer(_ node: Node, into server: inout ParleyConfig.Server, reader: inout YAMLReader) {
        guard let fields = reader.mapping(node, "server", known: ["host", "port", "trusted_proxies", "max_body_bytes",
                                                                  "media_max_file_bytes", "media_quota_bytes"]) else { return }
        server.host = reader.string(fields["host"], "server.host")
        server.port = reader.int(fields["port"], "server.port", range: 1...65535)
        server.trustedProxies = reader.sequence(fields["trusted_proxies"], "server.trusted_proxies").enumerated().compactMap {
            reader.string($0.element, "server.trusted_proxies[\($0.offset)]")
        }
        server.maxBodyBytes = reader.int(fields["max_body_bytes"], "server.max_body_bytes", range: 1024...(64 << 20)) ?? server.maxBodyBytes
        server.mediaMaxFileBytes = reader.int(fields["media_max_file_bytes"], "server.media_max_file_bytes", range: 1024...(1 << 30))
        server.mediaQuotaBytes = reader.int(fields["media_quota_bytes"], "server.media_quota_bytes", range: (1 << 20)...Int.max)
    }

    static func readPlatforms(_ node: Node, into platforms: inout ParleyConfig.Platforms, reader: inout YAMLReader) {
        guard let fields = reader.mapping(node, "platforms", known: ["meta", "x", "line", "open"]) else { return }
        readPlatform(fields["meta"], "platforms.meta", into: &platforms.meta, reader: &reader)
        readPlatform(fields["x"], "platforms.x", into: &platforms.x, reader: &reader)
        readPlatform(fields["line"], "platforms.line", into: &platforms.line, reader: &reader)
        readPlatform(fields["open"], "platforms.open", into: &platforms.open, reader: &reader)
    }

    static func readPlatform(_ node: Node?, _ path: String, into platform: inout ParleyConfig.Platform, reader: inout YAMLReader) {
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
    static func readApps(_ node: Node?, _ path: String, meta: Bool, reader: inout YAMLReader) -> [ParleyConfig.MetaApp] {
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
}
