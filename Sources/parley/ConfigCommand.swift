import App
import ArgumentParser
import Foundation
import Yams

struct ConfigCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config", abstract: "Check, export and seal configuration.",
        subcommands: [Validate.self, Export.self, Seal.self])

    struct Validate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check a parley.yml: every error and warning with its line.",
            discussion: "Exits 1 when there is an error. Example: parley config validate parley.yml")

        @Argument(help: "The file to check.") var file: String

        func run() throws {
            let text = try readText(file)
            let result = ConfigLoader.validate(yaml: text)
            for diagnostic in result.diagnostics { print(diagnostic.formatted(file: file)) }
            if result.errors.isEmpty {
                print("\(file): valid (\(result.config.channels.count) channels, \(result.config.workgroups.count) workgroups, \(result.warnings.count) warnings)")
            } else {
                throw ExitCode(1)
            }
        }
    }

    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write the current model from the database as YAML.",
            discussion: "Secrets are never exported. Example: parley config export > parley.yml")

        @OptionGroup var data: DataOptions

        func run() async throws {
            let opened = try await openStore(data, creating: false)
            print(try await ConfigExporter.yaml(from: opened.store), terminator: "")
            await opened.close()
        }
    }

    struct Seal: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Encrypt a secret for parley.yml under this instance's key (PARLEY_SECRET_KEY or <data>/secret.key).",
            discussion: "Reads the secret from standard input. Example: echo \"$APP_SECRET\" | parley config seal")

        @OptionGroup var data: DataOptions

        func run() throws {
            try createDataDirectory(data.data)
            let box = SecretBox(key: try SecretBox.instanceKey(dataDirectory: data.data))
            let secret = readLine(strippingNewline: true) ?? ""
            guard !secret.isEmpty else { throw CommandFailure("no secret on standard input") }
            print("{encrypted: \(try box.seal(secret))}")
        }
    }
}
