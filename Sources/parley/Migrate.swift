import App
import ArgumentParser
import Foundation
import Logging
import Storage

struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Apply database migrations and exit.",
        discussion: "`serve` migrates on start too. Example: parley migrate --data /var/lib/parley")

    @OptionGroup var data: DataOptions

    func run() async throws {
        let options = data.serveOptions()
        try createDataDirectory(options.dataDirectory)
        let opened = try await OpenedStore.open(DatabaseChoice.resolve(options), migrate: false, logger: quietLogger())
        let applied = try await opened.migrate()
        await opened.close()
        print(applied.isEmpty ? "Database is up to date." : "Applied: \(applied.joined(separator: ", "))")
    }
}

struct Backup: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a consistent copy of the database, safe while Parley is serving.",
        discussion: """
            Uses SQLite's online backup. Writes two files: FILE (the main database) and FILE's inbox beside it
            (parley-2026-01-31.sqlite and parley-2026-01-31-inbox.sqlite); restore both, renamed to parley.sqlite and
            parley-inbox.sqlite. Example: parley backup /backups/parley-$(date +%F).sqlite
            """)

    @Argument(help: "The file to write.")
    var file: String

    @OptionGroup var data: DataOptions

    func run() throws {
        guard case .sqlite(let path) = DatabaseChoice.resolve(data.serveOptions()) else {
            throw CommandFailure("parley backup copies a SQLite database; back up PostgreSQL with pg_dump or your base backups (docs/operations.md).")
        }
        // Opening a missing file would create an empty database and back that up: a mistyped --data "succeeded".
        try requireDatabase(at: path)
        let target = URL(fileURLWithPath: file).standardizedFileURL.resolvingSymlinksInPath().path
        guard target != URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path else {
            throw CommandFailure("\(file) is the database itself; write the backup somewhere else.")
        }
        let store = try SQLiteStore(path: path)
        let written = try store.backup(to: file)
        print("Backed up to \(written.joined(separator: " and "))")
    }
}
