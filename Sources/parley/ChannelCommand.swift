import App
import ArgumentParser
import Foundation

struct ChannelCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "channel", abstract: "Check a channel's connection to its platform.", subcommands: [Check.self])

    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Ask the platform whether a channel works, and say what to fix.",
            discussion: """
                For Facebook, Messenger, Instagram and WhatsApp channels: the access token reads the account, is valid, \
                does not expire within a week and holds the permissions the channel needs; the Meta app's webhook \
                subscription is active with the right fields (needs platforms.meta.app_id or apps[].app_id). For LINE \
                channels: the channel access token reads the channel's bot, LINE's webhook URL is the channel's Parley \
                endpoint and switched on, and the channel secret is configured. For open \
                channels: the secret is set, and the integrator URL accepts a signed ping. For every \
                channel: when the last delivery arrived. Exits 1 when something fails.

                Example: parley channel check acme-messenger --config parley.yml
                """)

        @Argument(help: "The channel's id (channels[].id).") var name: String
        @OptionGroup var data: DataOptions
        @Option(help: "Graph (or LINE) API base URL instead of the configured one (e.g. the sandbox: http://127.0.0.1:9090).") var graphURL: String?

        func run() async throws {
            let options = data.serveOptions()
            guard let file = options.resolvedConfigFile else { throw CommandFailure("no parley.yml here: name it with --config") }
            let config = try ConfigLoader.load(file: file).config
            // The database first: with a mistyped --data, reading the secret key would write a new one there.
            let opened = try await openStore(data, creating: false)
            let findings: [ChannelCheck.Finding]
            do {
                let box = SecretBox(key: try SecretBox.instanceKey(dataDirectory: data.data))
                findings = try await ChannelCheck.live(config: config, box: box, store: opened.store, graphBaseOverride: graphURL, channel: name)
            } catch {
                await opened.close()
                throw error
            }
            await opened.close()
            for finding in findings { print(finding) }
            let failures = findings.filter { $0.level == .failure }.count
            let warnings = findings.filter { $0.level == .warning }.count
            print(failures == 0 ? "\(name): working\(warnings == 0 ? "" : " (\(warnings) warning\(warnings == 1 ? "" : "s"))")"
                : "\(name): \(failures) problem\(failures == 1 ? "" : "s") to fix")
            if failures > 0 { throw ExitCode(1) }
        }
    }
}
