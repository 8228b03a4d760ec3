import AsyncHTTPClient
import Connectors
import Domain
import Logging
import Storage

extension ParleyServer {
    /// The stream consumer for the X channels with `monitor:`, each with its rule (`parley:<channel id>`); nil
    /// when no channel monitors keywords. The configuration was validated at load, so the rules build.
    static func xStreamConsumer(_ config: ParleyConfig, options: ServeOptions, box: SecretBox, writer: GroupCommitWriter,
                                health: ChannelHealthBoard, clock: any WallClock, logger: Logger) throws -> XStreamConsumer? {
        let targets = try config.channels.compactMap { channel -> XStreamConsumer.Target? in
            guard channel.kind == .x, channel.enabled, let monitor = config.channelMonitors[channel.id] else { return nil }
            return XStreamConsumer.Target(channel: channel, rule: XStreamRule(value: try XStreamRules.value(for: monitor),
                                                                              tag: XStreamRules.tag(channel: channel.id.rawValue)))
        }
        guard !targets.isEmpty, let reference = config.platforms.x.bearerToken else { return nil }
        return XStreamConsumer(targets: targets, apiBase: options.platformAPIOverride ?? config.platforms.x.apiBaseURL ?? "https://api.x.com",
                               bearer: try box.resolve(reference), client: OutboundHTTP.client, writer: writer, health: health, clock: clock,
                               options: options.xStream, logger: logger)
    }
}
