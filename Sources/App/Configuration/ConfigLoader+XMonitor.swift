import Connectors
import Domain
import Yams

/// Keyword and hashtag monitoring on an X channel (docs/connectors/x.md): Parley keeps one filtered-stream rule
/// per channel, built from these lists, and reads the stream with `platforms.x.bearer_token` (the app-only token).
///
/// ```yaml
/// channels:
///   - id: acme-x
///     kind: x
///     monitor:
///       keywords: ["acme", "#acmehelp", "\"acme router\""]
///       exclude: ["jobs", "giveaway"]
/// ```
extension ConfigLoader {
    /// `monitor:` of one channel: errors for what X would refuse (a rule over 512 characters, an unbalanced
    /// quote), warnings for keywords that would flood the queues.
    static func readMonitor(_ node: Node?, _ path: String, kind: ChannelKind?, _ reader: inout YAMLReader) -> XMonitor? {
        guard let node else { return nil }
        if let kind, kind != .x {
            reader.warning(node, path, "only x channels monitor keywords; this is ignored")
            return nil
        }
        guard let fields = reader.mapping(node, path, known: ["keywords", "exclude"]) else { return nil }
        func words(_ key: String) -> [String] {
            reader.sequence(fields[key], "\(path).\(key)").enumerated().compactMap { index, item in
                reader.string(item, "\(path).\(key)[\(index)]", required: true)
            }
        }
        let monitor = XMonitor(keywords: words("keywords"), exclude: words("exclude"))
        do {
            _ = try XStreamRules.value(for: monitor)
        } catch {
            reader.error(fields["keywords"] ?? node, "\(path).keywords", error.description)
            return nil
        }
        for warning in XKeywordFlood.warnings(for: monitor) {
            reader.warning(fields["keywords"], "\(path).keywords", warning)
        }
        return monitor
    }

    /// Monitoring reads the stream with the app's bearer token: without one it cannot start.
    static func checkMonitors(_ config: ParleyConfig, top: [String: Node], reader: inout YAMLReader) {
        guard !config.channelMonitors.isEmpty, config.platforms.x.bearerToken == nil else { return }
        for (index, channel) in config.channels.enumerated() where config.channelMonitors[channel.id] != nil {
            reader.error(reader.sequence(top["channels"], "channels")[safe: index], "channels[\(index)].monitor",
                         "monitoring keywords needs platforms.x.bearer_token (the X app's bearer token, for the rules API and the stream)")
        }
    }
}
