import App
import ArgumentParser
import Foundation

/// Flags shared by every command that opens the database.
struct DataOptions: ParsableArguments {
    @Option(help: "Directory for the database, the secret key and backups.")
    var data = "parley-data"

    @Option(help: "The database: a SQLite file (default: <data>/parley.sqlite) or a postgres://user:pass@host:port/db URL (also PARLEY_DATABASE_URL).")
    var db: String?

    @Option(help: "Provisioning file (default: ./parley.yml if it exists).")
    var config: String?

    /// A URL of another kind would otherwise be taken for a SQLite file of that name.
    func validate() throws {
        let environment = ProcessInfo.processInfo.environment["PARLEY_DATABASE_URL"]
        for (source, value) in [("--db", db), ("PARLEY_DATABASE_URL", environment)] {
            guard let value, let scheme = value.range(of: "://").map({ value[..<$0.lowerBound] }) else { continue }
            guard DatabaseChoice.isPostgresURL(value) else {
                throw ValidationError("\(source) '\(DatabaseChoice.postgres(url: value).redacted)' is a \(scheme):// URL; "
                    + "use a postgres:// URL or a SQLite file path.")
            }
        }
    }

    func serveOptions() -> ServeOptions {
        var options = ServeOptions()
        options.dataDirectory = data
        options.databasePath = db
        options.configFile = config
        return options
    }
}

/// The database the options name (`--db`, `PARLEY_DATABASE_URL`, or the data directory's SQLite file), migrated.
/// Commands that only read or maintain a database (`creating: false`) refuse a SQLite file that is not there:
/// a mistyped `--data` would otherwise create an empty database and report on it as if all were well.
func openStore(_ data: DataOptions, creating: Bool) async throws -> OpenedStore {
    let options = data.serveOptions()
    let choice = DatabaseChoice.resolve(options)
    switch (choice, creating) {
    case (_, true): try createDataDirectory(options.dataDirectory)
    case (.sqlite(let path), false): try requireDatabase(at: path)
    case (.postgres, false): break
    }
    return try await OpenedStore.open(choice, logger: quietLogger())
}

func requireDatabase(at path: String) throws {
    guard FileManager.default.fileExists(atPath: path) else {
        throw CommandFailure("there is no database at \(path); is --data (or --db) right? (parley serve or parley migrate creates one)")
    }
}

/// Creates the data directory, or says in words why it cannot.
func createDataDirectory(_ path: String) throws {
    var isDirectory: ObjCBool = false
    if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
        guard isDirectory.boolValue else { throw CommandFailure("the data directory \(path) is a file; name a directory with --data") }
        return
    }
    do {
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    } catch {
        throw CommandFailure("cannot create the data directory \(path): \(blockingAncestor(of: path) ?? reason(error))")
    }
}

/// Foundation often reports a failed `createDirectory` without the system's reason; the usual one is a file
/// where a parent directory should be.
private func blockingAncestor(of path: String) -> String? {
    var ancestor = URL(fileURLWithPath: path).standardizedFileURL.deletingLastPathComponent()
    while ancestor.path != "/" {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: ancestor.path, isDirectory: &isDirectory) {
            return isDirectory.boolValue ? nil : "\(ancestor.path) is a file, not a directory"
        }
        ancestor.deleteLastPathComponent()
    }
    return nil
}
