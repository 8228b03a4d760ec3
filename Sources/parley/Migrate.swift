import ArgumentParser
import Storage

struct Migrate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Apply database migrations and exit.",
        discussion: "`serve` migrates on start too. Example: parley migrate --data /var/lib/parley")

    @OptionGroup var data: DataOptions

    func run() throws {
        let options = data.serveOptions()
        try createDataDirectory(options.dataDirectory)
        let store = try SQLiteStore(path: options.resolvedDatabasePath, migrate: false)
        let applied = try store.migrate()
        print(applied.isEmpty ? "Database is up to date." : "Applied: \(applied.joined(separator: ", "))")
    }
}

struct Backup: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a consistent copy of the database, safe while Parley is serving.",
        discussion: "Uses SQLite's online backup. Example: parley backup /backups/parley-$(date +%F).sqlite")

    @Argument(help: "The file to write.")
    var file: String

    @OptionGroup var data: DataOptions

    func run() throws {
        let store = try SQLiteStore(path: data.serveOptions().resolvedDatabasePath)
        try store.backup(to: file)
        print("Backed up to \(file)")
    }
}

import Foundation

func createDataDirectory(_ path: String) throws {
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
}
